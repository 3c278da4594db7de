// The README's Proxy section, run as written: its CI script (with the built bin for `npx
// evals-contract`, a free port for 4020, and a request through the proxy for `npm test`) passes
// against the mock and fails against a server that drifted; its API sample runs.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { API_KEY, keyedMock, listenRaw } from "./helpers.js";
import { agentAnswer, EXAMPLE_AGENT } from "./proxy-helpers.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const proxySection = readme.slice(readme.indexOf("\n## Proxy\n"), readme.indexOf("\n## Design notes\n"));
const sample = (heading: string, lang: string) => {
  const from = proxySection.indexOf(heading);
  const fence = "```";
  const code = new RegExp(`${fence}${lang}\\n([\\s\\S]*?)${fence}`).exec(proxySection.slice(from))?.[1];
  if (from < 0 || code === undefined)
    throw new Error(`the README's Proxy section has no ${lang} sample under ${heading}`);
  return code;
};

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const dir = fileURLToPath(new URL("../test-output/proxy-readme/", import.meta.url));

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

async function runScript(stagingUrl: string): Promise<{ code: number | null; output: string }> {
  const port = String(await freePort());
  const yourTests = `node -e 'fetch(process.env.EVALS_BASE_URL + "/v1/evals/agents/${EXAMPLE_AGENT}", { headers: { authorization: "${API_KEY}" } }).then((r) => r.text())'`;
  const script = sample("### In CI", "sh")
    .replace("npx evals-contract", `node ${JSON.stringify(cli)}`)
    .replaceAll("4020", port)
    .replace("npm test", yourTests);
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}contract-through-proxy.sh`, script);
  return new Promise((resolve) => {
    const child = spawn("bash", ["contract-through-proxy.sh"], {
      cwd: dir,
      env: { ...process.env, STAGING_URL: stagingUrl },
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("the README's Proxy section", () => {
  it("has a CI script that passes against a conforming server", async () => {
    const server = await keyedMock().listen(0);
    try {
      const { code, output } = await runScript(server.url);
      expect(output).toMatch(/1 exchange, 0 violations, 0 warnings/);
      expect(output).toMatch(/evals-contract proxy: ok$/m);
      expect(code).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("has a CI script that fails the job on drift, printing the finding", async () => {
    const drifted = await listenRaw((req, res) => {
      req.resume();
      const agent = agentAnswer();
      agent.data.agent.name = 42;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(agent));
    });
    try {
      const { code, output } = await runScript(drifted.url);
      expect(output).toMatch(/^violation getEvalAgent 200 \/data\/agent\/name must be string$/m);
      expect(output).toMatch(/evals-contract proxy: not ok$/m);
      expect(code).toBe(1);
    } finally {
      await drifted.close();
    }
  });

  it("has an API sample that runs as written", async () => {
    mkdirSync(dir, { recursive: true });
    // Written inside the package so that its imports resolve from here.
    const file = `${dir}api-sample.ts`;
    writeFileSync(file, sample("### API", "ts"));
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      await import(/* @vite-ignore */ file);
      expect(log).toHaveBeenCalledWith(
        expect.stringMatching(
          /^evals-contract proxy → http:\/\/127\.0\.0\.1:\d+: 1 exchange, 0 violations, 0 warnings\n/,
        ),
      );
      expect(error).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });
});
