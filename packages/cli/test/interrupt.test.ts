import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  AGENT,
  callIds,
  createdRuns,
  creates,
  expectNoKey,
  httpMock,
  runCli,
  startCli,
  tempFile,
  tempPath,
} from "./support.js";

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const started = (journal: string, index: number) =>
  existsSync(journal) && readFileSync(journal, "utf8").includes(`"state":"started","index":${index},`);

describe("Ctrl-C and --journal", () => {
  it("stops on SIGINT, then resumes: done chunks skipped, the in-flight one in doubt until --resend-in-doubt, nothing billed twice", async () => {
    // Every answer takes 600 ms, so the second chunk is still in flight when SIGINT arrives.
    const { url, env, mock } = await httpMock({ faults: { latencyMs: 600 } });
    const ids = callIds(12_001);
    const calls = tempFile("calls.txt", ids.join("\n"));
    const journal = tempPath("job.journal");
    const args = ["runs", "create", "--calls", calls, "--agent", AGENT, "--base-url", url, "--journal", journal];

    const first = startCli(args, { env });
    await until(() => started(journal, 1), "the second chunk to start");
    first.child.kill("SIGINT");
    const interrupted = await first.exited;
    expectNoKey(interrupted);
    expect(interrupted.code).not.toBe(0);
    expect(interrupted.code).toBe(3); // the first chunk got its run
    expect(interrupted.stderr).toContain("interrupted");
    const stopped = JSON.parse(interrupted.stdout);
    expect(stopped).toMatchObject({ complete: false, interrupted: true, journal });
    // The chunk in flight when SIGINT came (the second, unless this machine is very slow).
    const doubtful = stopped.failed.filter((chunk: { inDoubt: boolean }) => chunk.inDoubt);
    expect(doubtful).toHaveLength(1);
    const { index, idempotencyKey } = doubtful[0];
    expect(interrupted.stderr).toContain(`Idempotency-Key ${idempotencyKey}`);

    const again = await runCli(args, { env });
    expect(again.code).toBe(3);
    const size = index === 2 ? "2,001" : "5,000";
    expect(again.stderr).toContain(`chunk ${index} (${size} calls): its run may exist, and be billed`);
    expect(again.stderr).toContain(`Idempotency-Key ${idempotencyKey}`);
    expect(JSON.parse(again.stdout).failed).toEqual([
      expect.objectContaining({ index, inDoubt: true, idempotencyKey }),
    ]);

    const resent = await runCli([...args, "--resend-in-doubt"], { env });
    expect(resent.code).toBe(0);
    expect(JSON.parse(resent.stdout).runs).toHaveLength(3);

    // The mock honours Idempotency-Key: whether or not chunk 1's first send created a run, there is one.
    const runs = createdRuns(mock);
    expect(runs).toHaveLength(3);
    const scored = runs.flatMap((run) => run.submitted_call_ids);
    expect(scored).toHaveLength(ids.length);
    expect(new Set(scored).size).toBe(ids.length);
    // The journal answered chunk 0 on both re-runs: it was sent once.
    const keys = creates(mock).map((request) => request.idempotencyKey);
    expect(keys.filter((key) => key?.startsWith("evals-batch-0-"))).toHaveLength(1);
  });

  it("re-running a finished job with its journal sends nothing", async () => {
    const { url, env, mock } = await httpMock();
    const calls = tempFile("calls.txt", callIds(6000).join("\n"));
    const journal = tempPath("job.journal");
    const args = ["runs", "create", "--calls", calls, "--agent", AGENT, "--base-url", url, "--journal", journal];
    const first = await runCli(args, { env });
    expect(first.code).toBe(0);
    const sent = mock.state.requests.length;
    const second = await runCli(args, { env });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).runs.map((run: { id: string }) => run.id)).toEqual(
      JSON.parse(first.stdout).runs.map((run: { id: string }) => run.id),
    );
    expect(mock.state.requests.length).toBe(sent);
  });
});
