// `evals-contract proxy --junit FILE`: on exit, the traffic as JUnit XML, one testcase per
// operation, read back by a JUnit parser.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { parse, type TestSuites } from "junit2json";
import { describe, expect, it } from "vitest";
import { API_KEY, listenRaw, runCli } from "./helpers.js";
import { answerBrokenRead, EXAMPLE_AGENT, startProxyBin } from "./proxy-helpers.js";

const scripted = () => listenRaw(answerBrokenRead);

const get = (proxyUrl: string, agentId: string) =>
  fetch(`${proxyUrl}/v1/evals/agents/${agentId}`, { headers: { authorization: API_KEY } }).then((r) => r.text());

async function junitOf(args: string[], agentId: string, path = "/v1/evals/agents/") {
  const target = await scripted();
  const file = join(mkdtempSync(join(tmpdir(), "proxy-junit-")), "proxy.xml");
  const proxy = await startProxyBin(["--target", target.url, "--port", "0", "--junit", file, ...args]);
  try {
    await get(proxy.url, agentId);
    if (path !== "/v1/evals/agents/") await fetch(`${proxy.url}${path}`).then((r) => r.text());
  } finally {
    await target.close();
  }
  const { code, stdout, stderr } = await proxy.stop("SIGTERM");
  const xml = readFileSync(file, "utf8");
  expect(XMLValidator.validate(xml)).toBe(true);
  const cases = (((await parse(xml)) as TestSuites).testsuite ?? []).flatMap((s) => s.testcase ?? []);
  return { code, stdout, stderr, xml, cases };
}

describe("evals-contract proxy --junit FILE", () => {
  it("writes one testcase per operation: a violation fails it, an operation not called is skipped", async () => {
    const { code, xml, cases } = await junitOf([], EXAMPLE_AGENT, "/not/in/the/spec");
    expect(code).toBe(1);
    expect(cases.map((c) => c.name)).toEqual([
      "createEvalRun: traffic held to the spec",
      "getEvalAgent: traffic held to the spec",
      "requests no operation of the spec matches",
    ]);
    const [create, read, unmatched] = cases;
    expect(create?.skipped?.[0]?.message).toBe("no exchange called it");
    expect(read?.failure?.[0]?.type).toBe("violation");
    expect(read?.failure?.[0]?.inner).toContain("/data/agent/name");
    expect(read?.failure?.[0]?.inner).toContain(`GET /v1/evals/agents/${EXAMPLE_AGENT} → 200`);
    // The unknown route is a warning: a passing case with the outcome property.
    expect(unmatched?.failure).toBeUndefined();
    expect(unmatched?.["system-out"]?.[0]).toContain("/not/in/the/spec");
    const raw = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(xml);
    const unmatchedRaw = raw.testsuites.testsuite.testcase[2];
    expect(unmatchedRaw.properties.property).toEqual({ name: "outcome", value: "warning" });
    expect(xml).not.toContain(API_KEY);
  });

  it("makes warnings failures of type assumption under --strict", async () => {
    const { code, cases } = await junitOf(["--strict"], crypto.randomUUID());
    expect(code).toBe(1);
    const read = cases.find((c) => c.name === "getEvalAgent: traffic held to the spec");
    expect(read?.failure?.[0]?.type).toBe("assumption");
    expect(read?.failure?.[0]?.inner).toContain("418");
  });

  it("refuses a file it cannot write with exit 2, before listening", async () => {
    const dir = mkdtempSync(join(tmpdir(), "proxy-junit-"));
    const blocked = join(dir, "a-file");
    writeFileSync(blocked, "");
    const run = await runCli([
      "proxy",
      "--target",
      "http://127.0.0.1:9",
      "--port",
      "0",
      "--junit",
      join(blocked, "x.xml"),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("cannot write there (ENOTDIR)");
    expect(run.stderr).not.toContain("listening on");
  });
});
