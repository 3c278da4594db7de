// `pnpm dev` (after the root script has built the docs and the mock): serves the docs site and the
// mock server on loopback, prints both URLs, and when openapi/ or a sample changes, rebuilds the
// docs through turbo (lint, bundle, types, samples, site) and restarts the mock on the new spec.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, watch } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { packageDir, samplesDir } from "./site.mjs";
import { serveDirectory } from "./static-server.mjs";

const require = createRequire(import.meta.url);
const repoRoot = join(packageDir, "..", "..");
const HOST = "127.0.0.1";

const USAGE = "Usage: pnpm dev [--docs-port 4000] [--mock-port 4010]";
// `pnpm dev -- --docs-port 5000` hands the script a literal "--" first.
const argv = process.argv.slice(2);
if (argv[0] === "--") argv.shift();
/** @type {{ "docs-port": string, "mock-port": string }} */
let values;
try {
  values = parseArgs({
    args: argv,
    options: {
      "docs-port": { type: "string", default: "4000" },
      "mock-port": { type: "string", default: "4010" },
    },
  }).values;
} catch (error) {
  console.error(`dev: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
}

/** @param {string | undefined} value @param {string} name */
function port(value, name) {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    console.error(`dev: --${name} must be a port number (0-65535), got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return parsed;
}

const distDir = join(packageDir, "dist");
if (!existsSync(join(distDir, "index.html"))) {
  console.error(
    "dev: packages/docs/dist/index.html is missing: run `pnpm dev` from the repository root (it builds first).",
  );
  process.exit(1);
}

/** The mock's CLI, from its package.json "bin". */
function mockCli() {
  const manifestPath = require.resolve("@evals-api/mock/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin["evals-mock"];
  return join(dirname(manifestPath), bin);
}

/** @type {import("node:child_process").ChildProcess | undefined} */
let mock;
const mockPort = port(values["mock-port"], "mock-port");

function startMock() {
  mock = spawn(process.execPath, [mockCli(), "--port", String(mockPort), "--host", HOST], { stdio: "inherit" });
  mock.on("exit", (code, signal) => {
    if (signal !== "SIGTERM" && code !== 0) console.error(`dev: the mock server stopped (exit ${code ?? signal}).`);
  });
}

/** @returns {Promise<void>} */
function stopMock() {
  const running = mock;
  mock = undefined;
  if (!running || running.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    running.once("exit", () => resolve());
    running.kill("SIGTERM");
  });
}

const docs = await serveDirectory(distDir, { port: port(values["docs-port"], "docs-port"), host: HOST });
startMock();
console.log(`\n  docs  ${docs.url}\n  mock  http://${HOST}:${mockPort}  (any API key, e.g. BLAND_API_KEY=dev)\n`);
console.log("  Watching openapi/ and packages/docs/samples/: the docs rebuild on change. Ctrl-C stops.\n");

let building = false;
let again = false;

/** Rebuilds through turbo so the lint gate, the bundle and the type-checked samples all run. */
function rebuild() {
  if (building) {
    again = true;
    return;
  }
  building = true;
  console.log("dev: change detected, rebuilding the docs…");
  const build = spawn(
    "pnpm",
    ["exec", "turbo", "run", "build", "--filter=@evals-api/docs...", "--output-logs=errors-only"],
    {
      cwd: repoRoot,
      stdio: "inherit",
    },
  );
  build.on("exit", async (code) => {
    if (code === 0) {
      await stopMock();
      startMock();
      console.log(`dev: rebuilt; reload ${docs.url}`);
    } else {
      console.error("dev: the build failed (see above); still serving the last good site.");
    }
    building = false;
    if (again) {
      again = false;
      rebuild();
    }
  });
}

/** @type {NodeJS.Timeout | undefined} */
let pending;
const watchers = [join(repoRoot, "openapi"), samplesDir].map((dir) =>
  watch(dir, { recursive: true }, () => {
    clearTimeout(pending);
    pending = setTimeout(rebuild, 300);
  }),
);

async function shutdown() {
  for (const watcher of watchers) watcher.close();
  clearTimeout(pending);
  await Promise.all([docs.close(), stopMock()]);
  process.exit(0);
}
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
