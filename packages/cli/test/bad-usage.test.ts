import { readFileSync } from "node:fs";
import { operationIndex } from "@evals-api/types";
import { componentSchema, operationObject, resolveRef } from "@evals-api/types/spec";
import { describe, expect, it } from "vitest";
import { AGENT, CANARY, callIds, httpMock, runCli, tempFile } from "./support.js";

const ids = () => tempFile("calls.txt", callIds(3).join("\n"));
const runMode = resolveRef<{ enum: string[] }>(componentSchema("RunMode")).enum;
const triggeredBy = resolveRef<{ enum: string[] }>(componentSchema("TriggeredBy")).enum;

// Each: the arguments after `evals`, and what the message must say.
const cases: [string, () => string[], string | RegExp][] = [
  [
    "--threshold above the spec's maximum",
    () => ["--calls", ids(), "--agent", AGENT, "--threshold", "120"],
    "--threshold 120: must be <= 100",
  ],
  [
    "--threshold below the minimum",
    () => ["--calls", ids(), "--agent", AGENT, "--threshold=-1"],
    "--threshold -1: must be >= 0",
  ],
  [
    "--threshold not a number",
    () => ["--calls", ids(), "--agent", AGENT, "--threshold", "high"],
    "--threshold high: must be number",
  ],
  [
    "--run-mode not a choice",
    () => ["--calls", ids(), "--agent", AGENT, "--run-mode", "video"],
    `--run-mode video: must be one of ${runMode.join(", ")}`,
  ],
  [
    "--triggered-by not a choice",
    () => ["--calls", ids(), "--agent", AGENT, "--triggered-by", "cron"],
    `--triggered-by cron: must be one of ${triggeredBy.join(", ")}`,
  ],
  [
    "--agent weight above the maximum",
    () => ["--calls", ids(), "--agent", `${AGENT}:101`],
    `--agent ${AGENT}:101: weight must be <= 100`,
  ],
  [
    "--agent weight not a number",
    () => ["--calls", ids(), "--agent", `${AGENT}:heavy`],
    `--agent ${AGENT}:heavy: weight must be number`,
  ],
  [
    "--agent id not a UUID",
    () => ["--calls", ids(), "--agent", "judge-1"],
    '--agent judge-1: eval_agent_id must match format "uuid"',
  ],
  [
    "--agent with an empty level",
    () => ["--calls", ids(), "--agent", `${AGENT}=pass,`],
    'a target level after "=" is empty',
  ],
  [
    "--agent more than the spec's maximum",
    () => ["--calls", ids(), ...Array.from({ length: 51 }, () => ["--agent", AGENT]).flat()],
    "--agent (given 51 times): must NOT have more than 50 items",
  ],
  [
    "no agent and no workbench",
    () => ["--calls", ids()],
    /give at least one --agent, or --workbench .*"With attached agents"/,
  ],
  [
    "--workbench without a version",
    () => ["--calls", ids(), "--workbench", "33333333-aaaa-bbbb-cccc-dddddddddddd"],
    '--workbench "33333333-aaaa-bbbb-cccc-dddddddddddd": must be <setup_id>@<version_id>',
  ],
  [
    "--metadata without =",
    () => ["--calls", ids(), "--agent", AGENT, "--metadata", "job"],
    '--metadata "job": must be key=value',
  ],
  [
    "--metadata key twice",
    () => ["--calls", ids(), "--agent", AGENT, "--metadata", "a=1", "--metadata", "a=2"],
    "--metadata a: given twice",
  ],
  [
    "--concurrency out of the client's range",
    () => ["--calls", ids(), "--agent", AGENT, "--concurrency", "100"],
    "--concurrency 100: must be an integer from 1 to 64",
  ],
  [
    "--concurrency not a number",
    () => ["--calls", ids(), "--agent", AGENT, "--concurrency", "many"],
    '--concurrency many: must be an integer from 1 to 64, got "many"',
  ],
  ["no --calls", () => ["--agent", AGENT], "--calls <file|-> is required"],
  [
    "--calls a missing file",
    () => ["--calls", "/nonexistent/calls.txt", "--agent", AGENT],
    "--calls /nonexistent/calls.txt: cannot read it (ENOENT)",
  ],
  [
    "--calls an empty file",
    () => ["--calls", tempFile("empty.txt", "\n"), "--agent", AGENT],
    "call_ids must NOT have fewer than 1 items",
  ],
  [
    "a CSV without the column",
    () => ["--calls", tempFile("c.csv", "id,name\nx,y\n"), "--agent", AGENT],
    'the CSV header has no column "call_id" (it has "id", "name"); name it with --column',
  ],
  [
    "an NDJSON line that is not JSON",
    () => ["--calls", tempFile("c.ndjson", '{"call_id":"a"}\n{oops\n'), "--agent", AGENT],
    /line 2: not JSON/,
  ],
  [
    "an NDJSON id that is not a string",
    () => ["--calls", tempFile("c.ndjson", '{"call_id":"a"}\n{"call_id":7}\n'), "--agent", AGENT],
    'line 2: "call_id" must be a string',
  ],
  [
    "--column and --field together",
    () => ["--calls", ids(), "--agent", AGENT, "--column", "a", "--field", "b"],
    "--column (CSV) and --field (NDJSON) exclude each other",
  ],
  [
    "a --journal that is not one",
    () => ["--calls", ids(), "--agent", AGENT, "--journal", tempFile("notes.txt", "groceries\n")],
    /--journal .*notes\.txt: .*is not a journal entry/,
  ],
  ["an unknown flag", () => ["--calls", ids(), "--agent", AGENT, "--api-key", CANARY], "Unknown option '--api-key'"],
  [
    "--mock with --base-url",
    () => ["--calls", ids(), "--agent", AGENT, "--mock", "--base-url", "http://127.0.0.1:1"],
    "--mock and --base-url exclude each other",
  ],
  [
    "an insecure --base-url",
    () => ["--calls", ids(), "--agent", AGENT, "--base-url", "http://example.com"],
    /--base-url: Refused baseUrl "http:\/\/example.com"/,
  ],
];

describe("bad usage exits 2, names the flag and its rule, and sends nothing", () => {
  it.each(cases)("%s", async (_name, args, message) => {
    const { url, env, mock } = await httpMock();
    const withTarget = args().some((arg) => arg === "--mock" || arg === "--base-url") ? [] : ["--base-url", url];
    const result = await runCli(["runs", "create", ...args(), ...withTarget], { env });
    expect(result.code).toBe(2);
    if (typeof message === "string") expect(result.stderr).toContain(message);
    else expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Run "evals runs create --help"');
    expect(result.stdout).toBe("");
    expect(mock.state.requests).toEqual([]);
  });

  it("exits 2 without a key, saying where one comes from", async () => {
    const result = await runCli(["runs", "create", "--calls", ids(), "--agent", AGENT]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no API key: set BLAND_API_KEY, or pass --api-key-file <file>");
  });

  it("exits 2 for an empty --api-key-file", async () => {
    const result = await runCli(["agents", "get", AGENT, "--api-key-file", tempFile("key", "\n")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("the file is empty");
  });

  it.each([
    [["frobnicate"], 'unknown command "frobnicate"'],
    [["agents", "get"], "agents get needs an <eval_agent_id>"],
    [["agents", "get", AGENT, "extra"], "agents get takes one <eval_agent_id>"],
    [[], "Usage: evals <command>"],
  ])("exits 2 for %j", async (args, message) => {
    const result = await runCli(args, { env: { BLAND_API_KEY: CANARY } });
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toContain(message);
  });
});

describe("help", () => {
  it("reads each flag's choices, bounds and help text from the spec", async () => {
    const result = await runCli(["runs", "create", "--help"]);
    expect(result.code).toBe(0);
    const { properties } = componentSchema<{ properties: Record<string, { description: string }> }>(
      "CreateEvalRunRequest",
    );
    for (const field of ["run_mode", "triggered_by", "pass_threshold_pct"]) {
      const description = (properties[field]?.description ?? "").replace(/\s+/g, " ").trim();
      expect(result.stdout.replace(/\s+/g, " ")).toContain(description);
    }
    expect(result.stdout).toContain(`--run-mode <${runMode.join("|")}>`);
    expect(result.stdout).toContain(`one of ${triggeredBy.join(", ")}`);
    expect(result.stdout).toContain("0 to 100");
  });

  it("explains why there is no flag for the key, why in-doubt chunks are not re-sent, and the exit codes", async () => {
    const result = await runCli(["runs", "create", "--help"]);
    const flat = result.stdout.replace(/\s+/g, " ");
    expect(flat).toContain(
      "no flag that takes the key itself: it would land in your shell history and in the process list",
    );
    expect(flat).toContain("the vendor does not document that it honours Idempotency-Key");
    expect(flat).toMatch(/0 ok 1 .* 2 bad usage .* 3 partially done/);
  });

  it("has a command for every operation of the spec", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    const section = /Commands:\n([\s\S]*?)\n\n/.exec(result.stdout)?.[1] ?? "";
    const rows = section.split("\n");
    const summaries = Object.keys(operationIndex).map((id) => String(operationObject(id as never).summary));
    expect(rows).toHaveLength(summaries.length);
    for (const summary of summaries) expect(rows.filter((row) => row.endsWith(` ${summary}`))).toHaveLength(1);
  });
});

describe("--version", () => {
  it("prints the package's version", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    const result = await runCli(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });
});
