// `evals-contract proxy`, the built bin (`pnpm --filter @evals-api/contract build` first): its
// lines on stderr, its summary on SIGTERM and SIGINT, its exit code under --fail-on, its usage
// errors, and a canary key that must appear nowhere it writes.
import { describe, expect, it } from "vitest";
import { API_KEY, type HttpServer, keyedMock, listenRaw, runCli } from "./helpers.js";
import { answerBrokenRead, EXAMPLE_AGENT, eventually, startProxyBin } from "./proxy-helpers.js";

// Answers the example agent with a wrong type (a vendor rule: a violation) and any other agent with
// a status the spec does not document (only our status list: warnings).
function scripted(): Promise<HttpServer> {
  return listenRaw(answerBrokenRead);
}

const get = async (proxyUrl: string, agentId: string, key = API_KEY) =>
  (await fetch(`${proxyUrl}/v1/evals/agents/${agentId}`, { headers: { authorization: key } })).text();

describe("evals-contract proxy", () => {
  it("writes each finding on stderr at once, one line with its path, and the summary on SIGTERM", async () => {
    const target = await scripted();
    const proxy = await startProxyBin(["--target", target.url, "--port", "0"]);
    try {
      await get(proxy.url, EXAMPLE_AGENT);
      await get(proxy.url, crypto.randomUUID());
      // Written while the proxy still runs, before any summary.
      await eventually(() => /^warning getEvalAgent 418 /m.test(proxy.stderr()));
      expect(proxy.stderr()).toMatch(/^violation getEvalAgent 200 \/data\/agent\/name must be string$/m);
      expect(proxy.stderr()).toMatch(/^warning getEvalAgent 418 status 418 is not documented for getEvalAgent$/m);
      expect(proxy.stdout()).toBe("");
    } finally {
      await target.close();
    }
    const { code, stdout } = await proxy.stop("SIGTERM");
    expect(code).toBe(1);
    expect(stdout).toMatch(
      new RegExp(`^evals-contract proxy → ${target.url}: 2 exchanges, 1 violation, 1 warning$`, "m"),
    );
    expect(stdout).toMatch(/^ {2}getEvalAgent: 2 exchanges, 1 violation, 1 warning$/m);
    expect(stdout).toMatch(/^Not checked: too large 0 requests and 0 responses; client gone 0; unknown route 0/m);
    expect(stdout).toMatch(/^Coverage: 1 of 2 operations exercised$/m);
    expect(stdout).toMatch(/^ {2}getEvalAgent statuses: 200 ×1, /m);
    expect(stdout.trim().split("\n").at(-1)).toBe("evals-contract proxy: not ok");
  });

  it("exits by --fail-on: violation 1 under violation; warnings only 0 under violation, 1 under warning; never 0", async () => {
    const target = await scripted();
    const run = async (failOn: string | undefined, agentId: string, signal: NodeJS.Signals) => {
      const proxy = await startProxyBin([
        "--target",
        target.url,
        "--port",
        "0",
        ...(failOn === "--strict" ? ["--strict"] : failOn ? ["--fail-on", failOn] : []),
      ]);
      await get(proxy.url, agentId);
      return proxy.stop(signal);
    };
    try {
      const other = crypto.randomUUID();
      const violated = await run(undefined, EXAMPLE_AGENT, "SIGTERM");
      expect(violated.code).toBe(1);
      const warnedOnly = await run("violation", other, "SIGINT");
      expect(warnedOnly.code).toBe(0);
      // SIGINT prints the summary too.
      expect(warnedOnly.stdout).toMatch(/0 violations, \d+ warnings\n[\s\S]*evals-contract proxy: ok\n$/);
      expect((await run("warning", other, "SIGTERM")).code).toBe(1);
      expect((await run("--strict", other, "SIGTERM")).code).toBe(1);
      const never = await run("never", EXAMPLE_AGENT, "SIGINT");
      expect(never.code).toBe(0);
      expect(never.stdout).toMatch(/1 violation/);
    } finally {
      await target.close();
    }
  });

  it("with --json, prints on exit the report that GET /__contract/report answers", async () => {
    const server = await keyedMock().listen(0);
    const proxy = await startProxyBin(["--target", server.url, "--port", "0", "--json"]);
    try {
      await get(proxy.url, EXAMPLE_AGENT);
      const live = await (await fetch(`${proxy.url}/__contract/report`)).json();
      const { code, stdout } = await proxy.stop("SIGTERM");
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toEqual(live);
      expect(live).toMatchObject({ ok: true, exchanges: 1, violations: 0, warnings: 0, failOn: "violation" });
      expect(live.coverage.conformance).toEqual({ passing: 1, run: 1, score: 1 });
    } finally {
      await server.close();
    }
  });

  it("never writes the API key: not in a finding line, the summary or /__contract/report", async () => {
    const canary = `canary-${crypto.randomUUID()}`;
    const seenByTarget: string[] = [];
    // A server that echoes the key it got: in a body that is not JSON, and inside a JSON body of the wrong shape.
    const echo = await listenRaw((req, res) => {
      req.resume();
      seenByTarget.push(String(req.headers.authorization));
      if (req.method === "POST") {
        res.writeHead(401, { "content-type": "text/plain" });
        const auth = String(req.headers.authorization);
        res.end(auth.startsWith("Bearer ") ? `expected a Bearer token, got ${auth}` : `key ${auth} is not valid`);
      } else {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ data: { agent: req.headers.authorization }, errors: null }));
      }
    });
    const proxy = await startProxyBin(["--target", echo.url, "--port", "0", "--fail-on", "never"]);
    try {
      await get(proxy.url, EXAMPLE_AGENT, canary);
      await get(proxy.url, EXAMPLE_AGENT, `Bearer ${canary}`);
      const posted = await fetch(`${proxy.url}/v1/evals/runs?api_key=x`, {
        method: "POST",
        headers: { authorization: canary, "content-type": "application/json" },
        body: "{}",
      });
      await posted.text();
      const bearer = await fetch(`${proxy.url}/v1/evals/runs`, {
        method: "POST",
        headers: { authorization: `Bearer ${canary}`, "content-type": "application/json" },
        body: "{}",
      });
      await bearer.text();
      const report = await (await fetch(`${proxy.url}/__contract/report`)).text();
      const { code, stdout, stderr } = await proxy.stop("SIGTERM");
      expect(code).toBe(0);
      // The key reached the target unchanged, and the echoed bodies were found wrong…
      expect(seenByTarget).toEqual([canary, `Bearer ${canary}`, canary, `Bearer ${canary}`]);
      // The scheme's word is no secret: only the token of "Bearer <token>" is scrubbed.
      expect(stderr).toMatch(
        /^warning createEvalRun 401 body is not JSON: "expected a Bearer token, got \[redacted\]"$/m,
      );
      expect(stderr).toMatch(/^warning createEvalRun 401 body is not JSON: "key \[redacted\] is not valid"$/m);
      expect(stderr).toMatch(/^violation getEvalAgent 200 /m);
      // …and nothing the proxy wrote holds it.
      for (const output of [stderr, stdout, report]) expect(output).not.toContain(canary);
    } finally {
      await echo.close();
    }
  });

  it("exits 2 for bad usage, naming what was wrong", async () => {
    const cases: [string[], RegExp][] = [
      [[], /--target is required/],
      [["--target", "not a url"], /--target must be an http or https URL/],
      [["--target", "ftp://127.0.0.1"], /--target must be an http or https URL/],
      [
        ["--target", "http://127.0.0.1:1", "--port", "70000"],
        /--port must be a whole number from 0 to 65535, got 70000/,
      ],
      [["--target", "http://127.0.0.1:1", "--port", "abc"], /--port must be a whole number/],
      [
        ["--target", "http://127.0.0.1:1", "--fail-on", "sometimes"],
        /--fail-on must be "violation", "warning" or "never", got "sometimes"/,
      ],
      [["--target", "http://127.0.0.1:1", "--verbose"], /Unknown option '--verbose'/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await runCli(["proxy", ...args]);
      expect(code, args.join(" ")).toBe(2);
      expect(stderr, args.join(" ")).toMatch(message);
      expect(stderr).toContain("Usage: evals-contract proxy --target URL");
    }
  });

  it("documents its flags in --help, and leaves the suite the default command", async () => {
    const help = await runCli(["proxy", "--help"]);
    expect(help.code).toBe(0);
    for (const flag of ["--target URL", "--port N", "--fail-on WHAT", "--json", "/__contract/report"]) {
      expect(help.stdout).toContain(flag);
    }
    const suite = await runCli(["--help"]);
    expect(suite.stdout).toMatch(/^Usage: evals-contract --base-url URL/);
  });
});
