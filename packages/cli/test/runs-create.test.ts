import { describe, expect, it } from "vitest";
import { AGENT, CANARY, callIds, createdRuns, creates, httpMock, runCli, serve, tempFile } from "./support.js";

const csv = (ids: string[], column = "call_id") =>
  `name,${column},note\n${ids.map((id, i) => `"caller, ${i}",${id},x`).join("\n")}\n`;
const ndjson = (ids: string[], field = "call_id") => ids.map((id) => JSON.stringify({ [field]: id, n: 1 })).join("\n");
const text = (ids: string[]) => `${ids.join("\n")}\n`;

const inputs = {
  "a text file": () => ["--calls", tempFile("calls.txt", text(callIds(3)))],
  "a CSV file": () => ["--calls", tempFile("calls.csv", csv(callIds(3)))],
  "a CSV file with --column": () => ["--calls", tempFile("calls.csv", csv(callIds(3), "id")), "--column", "id"],
  "an NDJSON file": () => ["--calls", tempFile("calls.ndjson", ndjson(callIds(3)))],
  "an NDJSON file with --field": () => [
    "--calls",
    tempFile("calls.jsonl", ndjson(callIds(3), "cid")),
    "--field",
    "cid",
  ],
  "a CSV without extension, sniffed": () => ["--calls", tempFile("export", csv(callIds(3)))],
  "NDJSON without extension, sniffed": () => ["--calls", tempFile("export", ndjson(callIds(3)))],
};

describe("evals runs create", () => {
  it.each(Object.entries(inputs))("creates one run from %s over HTTP", async (_name, args) => {
    const { url, env, mock } = await httpMock();
    const result = await runCli(["runs", "create", ...args(), "--agent", AGENT, "--base-url", url], { env });
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({ complete: true, calls: 3, atoms: 3, failed: [] });
    const [run] = createdRuns(mock);
    expect(run?.submitted_call_ids).toEqual(callIds(3));
    expect(output.runs[0].id).toBe(run?.id);
    // One run: no progress to report, and nothing else to say on stderr.
    expect(result.stderr).toBe("");
  });

  it.each([
    ["text", text(callIds(4))],
    ["CSV", csv(callIds(4))],
    ["NDJSON", ndjson(callIds(4))],
  ])("reads %s from stdin with --calls -", async (_format, stdin) => {
    const { url, env, mock } = await httpMock();
    const result = await runCli(["runs", "create", "--calls", "-", "--agent", AGENT, "--base-url", url], {
      env,
      stdin,
    });
    expect(result.code).toBe(0);
    expect(createdRuns(mock)[0]?.submitted_call_ids).toEqual(callIds(4));
  });

  it.each([
    ["a text file", () => ["--calls", tempFile("calls.txt", text(callIds(2)))], {}],
    ["stdin", () => ["--calls", "-"], { stdin: csv(callIds(2)) }],
  ])("runs against the in-process mock with --mock, from %s", async (_name, args, options) => {
    const result = await runCli(["runs", "create", ...args(), "--agent", AGENT, "--mock", "--json"], options);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.runs).toHaveLength(1);
    expect(output.runs[0]).toMatchObject({ status: "PENDING", resolved_call_count: 2 });
  });

  it.each([
    ["a file", (file: string) => ["--calls", file], undefined],
    ["stdin", () => ["--calls", "-"], 'call_id,note\na,1\n,2\n"b",3\n'],
  ])("skips a CSV row without a call id in %s, and says so", async (_name, args, stdin) => {
    const { url, env, mock } = await httpMock();
    const file = tempFile("calls.csv", 'call_id,note\na,1\n,2\n"b",3\n');
    const result = await runCli(["runs", "create", ...args(file), "--agent", AGENT, "--base-url", url], { env, stdin });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("1 record(s) without a call id skipped");
    expect(createdRuns(mock)[0]?.submitted_call_ids).toEqual(["a", "b"]);
  });

  it("turns a 12,001-id CSV into 3 runs, each id scored once", async () => {
    const { url, env, mock } = await httpMock();
    const ids = callIds(12_001);
    const file = tempFile("calls.csv", csv([...ids, ids[7] as string]));
    const result = await runCli(["runs", "create", "--calls", file, "--agent", AGENT, "--base-url", url, "--json"], {
      env,
    });
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.runs.map((run: { resolved_call_count: number }) => run.resolved_call_count)).toEqual([
      5000, 5000, 2001,
    ]);
    expect(output.calls).toBe(12_001);
    const scored = createdRuns(mock).flatMap((run) => run.submitted_call_ids);
    expect(scored).toHaveLength(12_001);
    expect(new Set(scored)).toEqual(new Set(ids));
    // Progress of a multi-chunk job goes to stderr, as plain lines, when stderr is not a terminal.
    expect(result.stderr).toMatch(/chunks 1\/3 · calls 5,000\/12,002 [\s\S]*chunks 3\/3 · calls 12,001\//);
    expect(result.stdout.trim().startsWith("{")).toBe(true);
  });

  it("sends chunks in parallel with --concurrency, and lists the runs in chunk order", async () => {
    const { url, env, mock } = await httpMock({ faults: { latencyMs: 100 } });
    const ids = callIds(20_001);
    const file = tempFile("calls.txt", ids.join("\n"));
    const args = ["--calls", file, "--agent", AGENT, "--concurrency", "3", "--base-url", url];
    const result = await runCli(["runs", "create", ...args], { env });
    expect(result.code).toBe(0);
    const runs = JSON.parse(result.stdout).runs as { id: string }[];
    expect(runs).toHaveLength(5);
    const firstIds = runs.map((run) => mock.state.runs.get(run.id)?.submitted_call_ids[0]);
    expect(firstIds).toEqual([0, 5000, 10_000, 15_000, 20_000].map((i) => ids[i]));
  });

  it("sends the spec's fields from the flags", async () => {
    const { url, env, mock } = await httpMock();
    const file = tempFile("calls.txt", text(callIds(2)));
    const version = "c3d4e5f6-a7b8-9012-cdef-123456789012";
    const args = ["--agent", `${AGENT}@${version}:60=excellent,poor`, "--run-mode", "audio", "--threshold", "75"];
    args.push("--triggered-by", "backfill", "--metadata", "job=q3", "--metadata", "team=ops=1");
    const result = await runCli(["runs", "create", "--calls", file, ...args, "--base-url", url], { env });
    expect(result.code).toBe(0);
    expect(createdRuns(mock)[0]).toMatchObject({
      run_mode: "audio",
      triggered_by: "backfill",
      metadata: { job: "q3", team: "ops=1" },
      submitted_attached_agents: [
        { eval_agent_id: AGENT, eval_agent_version_id: version, weight: 60, target_level_keys: ["excellent", "poor"] },
      ],
    });
  });

  it("exits 3 when some chunks got a run and others did not, listing the failed ones in the JSON", async () => {
    const { mock } = await httpMock();
    let posts = 0;
    const url = await serve(async (request) => {
      if (request.method === "POST" && ++posts === 2) {
        const error = { error: "INVALID_REQUEST", message: "refused for the test" };
        return Response.json({ data: null, errors: [error] }, { status: 400 });
      }
      return mock.fetch(request);
    });
    const file = tempFile("calls.txt", text(callIds(12_001)));
    const result = await runCli(["runs", "create", "--calls", file, "--agent", AGENT, "--base-url", url], {
      env: { BLAND_API_KEY: CANARY },
    });
    expect(result.code).toBe(3);
    const output = JSON.parse(result.stdout);
    expect(output.complete).toBe(false);
    expect(output.runs).toHaveLength(2);
    expect(output.failed).toEqual([
      expect.objectContaining({ index: 1, inDoubt: false, calls: 5000, callIds: callIds(12_001).slice(5000, 10_000) }),
    ]);
    expect(result.stderr).toMatch(/chunk 1 \(5,000 calls\): no run was created: .*400.*Idempotency-Key evals-batch-1-/);
  });

  it("exits 1 when no chunk got a run, and says a billing record is needed on a 402", async () => {
    const { url, env, mock } = await httpMock({ billing: false });
    const file = tempFile("calls.txt", text(callIds(3)));
    const result = await runCli(["runs", "create", "--calls", file, "--agent", AGENT, "--base-url", url], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/a billing record is needed \(402/);
    expect(JSON.parse(result.stdout).runs).toEqual([]);
    expect(mock.state.runs.size).toBe(0);
  });

  it("exits 1 with a 401 that says where the key came from, and creates nothing", async () => {
    const { url, mock } = await httpMock();
    const file = tempFile("calls.txt", text(callIds(3)));
    const key = tempFile("key", "sk-not-the-right-one\n");
    const result = await runCli([
      "runs",
      "create",
      "--calls",
      file,
      "--agent",
      AGENT,
      "--base-url",
      url,
      "--api-key-file",
      key,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`API key was refused (401`);
    expect(result.stderr).toContain(`it came from --api-key-file ${key}`);
    expect(JSON.parse(result.stdout)).toMatchObject({ complete: false, runsCreated: 0, error: { status: 401 } });
    expect(mock.state.runs.size).toBe(0);
  });

  it("names the agent of a 404", async () => {
    const { url, env } = await httpMock();
    const missing = "00000000-0000-4000-8000-0000000000aa";
    const file = tempFile("calls.txt", text(callIds(3)));
    const result = await runCli(["runs", "create", "--calls", file, "--agent", missing, "--base-url", url], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`eval agent ${missing} does not exist`);
  });

  it("prints each attempt with --verbose (method, path, status, duration, request id), never the key", async () => {
    const { url, env } = await httpMock();
    const file = tempFile("calls.txt", text(callIds(3)));
    const result = await runCli(["runs", "create", "--calls", file, "--agent", AGENT, "--base-url", url, "--verbose"], {
      env,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/GET \/v1\/evals\/agents\/\S+ → 200 in \d+ ms/);
    expect(result.stderr).toMatch(/POST \/v1\/evals\/runs \(Idempotency-Key evals-batch-0-\w+\) → 202 in \d+ ms/);
    expect(result.stderr).not.toContain(CANARY);
  });
});

describe("evals runs create --dry-run", () => {
  it("counts runs, calls and atoms, sends nothing and needs no key", async () => {
    const { url, mock } = await httpMock();
    const file = tempFile("calls.csv", csv(callIds(12_001)));
    const other = "11111111-aaaa-bbbb-cccc-dddddddddddd@22222222-aaaa-bbbb-cccc-dddddddddddd";
    const args = ["--calls", file, "--agent", AGENT, "--agent", other, "--base-url", url, "--dry-run"];
    const result = await runCli(["runs", "create", ...args]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ dryRun: true, runs: 3, calls: 12_001, atoms: 24_002 });
    expect(report.chunks.map((chunk: { calls: number }) => chunk.calls)).toEqual([5000, 5000, 2001]);
    expect(report.request.attached_agents).toHaveLength(2);
    expect(mock.state.requests).toEqual([]);
  });

  it("shows atoms as unknown for a workbench version, whose roster only the server knows", async () => {
    const file = tempFile("calls.txt", text(callIds(3)));
    const workbench = "33333333-aaaa-bbbb-cccc-dddddddddddd@44444444-aaaa-bbbb-cccc-dddddddddddd";
    const result = await runCli(["runs", "create", "--calls", file, "--workbench", workbench, "--dry-run", "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ runs: 1, calls: 3, atoms: null });
  });

  it("sends the same Idempotency-Keys as the job it previews", async () => {
    const { url, env, mock } = await httpMock();
    const file = tempFile("calls.txt", text(callIds(6000)));
    const dry = await runCli(["runs", "create", "--calls", file, "--agent", AGENT, "--dry-run"]);
    await runCli(["runs", "create", "--calls", file, "--agent", AGENT, "--base-url", url], { env });
    const keys = JSON.parse(dry.stdout).chunks.map((chunk: { idempotencyKey: string }) => chunk.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(creates(mock).map((request) => request.idempotencyKey)).toEqual(keys);
  });
});
