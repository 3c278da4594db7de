// @ts-check
// The consumer smoke test: what would be published, installed the way a user installs it.
//   1. `pnpm pack` every publishable package (packages/* that are not private);
//   2. `npm install` the tarballs into a fresh project outside the workspace;
//   3. check each installed package: no `workspace:` ranges, no test files, every file named in
//      exports/main/types/bin present, source maps present, a LICENSE;
//   4. start the mock from its installed bin and, from ESM and from CommonJS, create a run and
//      get an agent with the installed client, on this Node and on the oldest one the client's
//      `engines` allows (its official binary, installed from the npm registry); run the installed
//      contract kit's CLI against it, and the installed `evals` CLI (an agent, a CSV of calls);
//      spawn the installed evals-mcp with the MCP SDK's client, in --mock mode and against the
//      installed mock (--base-url);
//   5. `tsc --noEmit` a consumer under moduleResolution node16 (ESM + CJS) and bundler, with
//      `@ts-expect-error` on a body that breaks a cross-field rule.
//
//   node scripts/consumer-smoke.mjs [--keep]   (--keep leaves the temp project for a look)
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { exec, installNode, installTarballs, oldestNode, packPackage } from "./lib/consumer-project.mjs";
import { inspectInstalledPackage } from "./lib/package-contents.mjs";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const consumerFiles = fileURLToPath(new URL("smoke-consumer", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
// The mock accepts only this key, so the contract kit can check that a wrong one gets a 401.
const API_KEY = "sk-consumer-smoke";

/** @param {string} root @returns {string[]} folders of the packages that would be published */
export function publishablePackages(root = repoRoot) {
  const base = join(root, "packages");
  return readdirSync(base)
    .map((d) => join(base, d))
    .filter((dir) => existsSync(join(dir, "package.json")))
    .filter((dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).private !== true);
}

/**
 * Packs and installs the given packages and inspects what npm installed.
 * @param {string[]} packageDirs
 * @param {string} workDir
 * @returns {{ consumer: string, installed: string[], problems: string[] }}
 */
export function packInstallInspect(packageDirs, workDir) {
  const tarballs = packageDirs.map((dir) => packPackage(dir, join(workDir, "tarballs")));
  const consumer = installTarballs(join(workDir, "consumer"), tarballs);
  const names = packageDirs.map((dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name);
  const installed = names.map((name) => join(consumer, "node_modules", ...name.split("/")));
  return { consumer, installed, problems: installed.flatMap(inspectInstalledPackage) };
}

/**
 * Starts the installed mock on a free loopback port; resolves with its URL and a stop function.
 * @param {string} consumer
 * @returns {Promise<{ url: string, stop: () => void }>}
 */
function startMock(consumer) {
  const bin = join(consumer, "node_modules", ".bin", "evals-mock");
  const child = spawn(bin, ["--port", "0", "--host", "127.0.0.1", "--api-key", API_KEY], {
    cwd: consumer,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stop = () => {
    if (child.exitCode === null) child.kill("SIGTERM");
  };
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`evals-mock did not say "listening on" within 20 s:\n${output}`));
    }, 20_000);
    /** @param {Buffer} chunk */
    const onData = (chunk) => {
      output += chunk.toString();
      const match = /listening on (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], stop });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`evals-mock exited (${code}) before listening:\n${output}`));
    });
  });
}

/**
 * The installed `evals` bin against the installed mock: an agent, then a CSV of calls scored.
 * @param {string} consumer
 * @param {string} url
 * @param {(line: string) => void} log
 * @returns {string[]} problems
 */
function runEvalsCli(consumer, url, log) {
  const bin = join(consumer, "node_modules", ".bin", "evals");
  const env = { BLAND_API_KEY: API_KEY };
  const agent = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
  const got = exec(bin, ["agents", "get", agent, "--base-url", url, "--json"], consumer, env);
  if (got.code !== 0) return [`evals agents get (installed bin) failed:\n${got.output}`];
  writeFileSync(join(consumer, "calls.csv"), `call_id,note\n${["c1", "c2", "c3"].join(",x\n")},x\n`);
  const args = ["runs", "create", "--calls", "calls.csv", "--agent", agent, "--base-url", url, "--json"];
  const created = exec(bin, args, consumer, env);
  if (created.code !== 0) return [`evals runs create (installed bin) failed:\n${created.output}`];
  const { runs } = JSON.parse(created.stdout);
  log(
    `evals (installed bin): agent ${JSON.parse(got.stdout).agent.id}, ${runs.length} run of ${runs[0]?.resolved_call_count} calls`,
  );
  return [];
}

/**
 * @param {{ root?: string, keep?: boolean, log?: (line: string) => void }} [options]
 * @returns {Promise<{ ok: boolean, problems: string[], workDir: string }>}
 */
export async function runConsumerSmoke({ root = repoRoot, keep = false, log = console.log } = {}) {
  const workDir = mkdtempSync(join(tmpdir(), "evals-consumer-"));
  /** @type {string[]} */
  const problems = [];
  try {
    const packages = publishablePackages(root);
    log(`packing ${packages.map((p) => p.slice(root.length)).join(", ")}`);
    const { consumer, problems: contents } = packInstallInspect(packages, workDir);
    log(`installed with npm into ${consumer}`);
    problems.push(...contents);
    cpSync(consumerFiles, consumer, { recursive: true });

    // The client must keep working on the oldest Node it claims, not only on the one running this.
    const clientManifest = JSON.parse(
      readFileSync(join(consumer, "node_modules", "@evals-api", "client", "package.json"), "utf8"),
    );
    const floor = oldestNode(clientManifest);
    const nodes = [{ label: "", path: process.execPath }];
    if (floor === undefined) problems.push(`@evals-api/client states no readable lower bound in engines.node`);
    else nodes.push({ label: ` on Node ${floor}`, path: installNode(floor, join(workDir, `node-${floor}`)) });

    const mock = await startMock(consumer);
    log(`evals-mock (installed bin) listening on ${mock.url}`);
    try {
      for (const node of nodes) {
        for (const script of ["esm.mjs", "cjs.cjs"]) {
          const env = { EVALS_MOCK_URL: mock.url, EVALS_API_KEY: API_KEY };
          const result = exec(node.path, [script], consumer, env);
          if (result.code === 0) log(`${script}${node.label}: ${result.stdout.trim()}`);
          else problems.push(`${script}${node.label} failed against the installed mock:\n${result.output}`);
        }
      }
      // The MCP server's engines say >=20.10: it runs on this Node only.
      const mcp = exec(process.execPath, ["mcp.mjs"], consumer, { EVALS_MOCK_URL: mock.url, EVALS_API_KEY: API_KEY });
      if (mcp.code === 0) log(`mcp.mjs: ${mcp.stdout.trim()}`);
      else problems.push(`mcp.mjs (the installed evals-mcp) failed:\n${mcp.output}`);
      const contract = exec(
        join(consumer, "node_modules", ".bin", "evals-contract"),
        ["--base-url", mock.url, "--api-key", API_KEY],
        consumer,
      );
      const summary = contract.stdout.trim().split("\n").at(-1) ?? "";
      if (contract.code === 0) log(`evals-contract (installed bin): ${summary}`);
      else problems.push(`evals-contract found the installed mock out of contract:\n${contract.output}`);
      problems.push(...runEvalsCli(consumer, mock.url, log));
    } finally {
      mock.stop();
    }

    for (const config of ["tsconfig.node16.json", "tsconfig.bundler.json"]) {
      const result = exec(process.execPath, [tsc, "-p", config], consumer);
      if (result.code === 0) log(`tsc -p ${config}: no errors`);
      else problems.push(`tsc -p ${config} failed in the consumer project:\n${result.output}`);
    }
    return { ok: problems.length === 0, problems, workDir };
  } finally {
    if (!keep) rmSync(workDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const keep = process.argv.includes("--keep");
  const result = await runConsumerSmoke({ keep });
  for (const problem of result.problems) console.error(`problem: ${problem}`);
  console.log(`consumer smoke test: ${result.ok ? "ok" : `${result.problems.length} problem(s)`}`);
  if (keep) console.log(`kept ${result.workDir}`);
  process.exit(result.ok ? 0 : 1);
}
