// runs.createMany across a real crash: a child process runs the batch with a file journal against
// the mock over HTTP on 127.0.0.1 and is killed with SIGKILL (no handler, no flush, no finally);
// the batch is then resumed from what the journal holds on disk. What must hold is what the
// journal promises: nothing billed twice, nothing lost, and a chunk whose fate the journal cannot
// know reported rather than guessed at.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CreateManyOptions, createEvalsClient, type JournalEntry } from "@evals-api/client";
import { createFileJournal } from "@evals-api/client/file-journal";
import { createMockServer, type ListeningMock, type MockServer } from "@evals-api/mock";
import { afterEach, describe, expect, it } from "vitest";
import { apiKey } from "./support.js";

const AGENT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"; // the mock's seed agent
const PUBLISHED = "c3d4e5f6-a7b8-9012-cdef-123456789012"; // its active_version_id
const attached_agents = [{ eval_agent_id: AGENT, eval_agent_version_id: PUBLISHED }];
const ids = (n: number) => Array.from({ length: n }, (_, i) => `call_${i}`);
const child = fileURLToPath(new URL("./fixtures/batch-child.mjs", import.meta.url));

const children: ChildProcess[] = [];
const servers: ListeningMock[] = [];
const dirs: string[] = [];

afterEach(async () => {
  // A test that failed before its kill must not leave a batch running against a closed mock.
  await Promise.all(
    children.splice(0).map((running) => {
      if (running.exitCode !== null || running.signalCode !== null) return undefined;
      const exited = new Promise((resolve) => running.once("exit", resolve));
      running.kill("SIGKILL");
      return exited;
    }),
  );
  await Promise.all(servers.splice(0).map((server) => server.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function setup(latencyMs: number) {
  // Latency stretches the batch, so that the test can kill it with chunks in flight.
  const mock = createMockServer({ faults: { latencyMs } });
  const server = await mock.listen(0);
  servers.push(server);
  const dir = mkdtempSync(join(tmpdir(), "evals-crash-"));
  dirs.push(dir);
  return { mock, url: server.url, journal: join(dir, "batch.ndjson") };
}

interface ChildBatch {
  baseUrl: string;
  journal: string;
  batch: { call_ids: string[]; attached_agents: typeof attached_agents };
  options: Omit<CreateManyOptions, "journal">;
  killBeforeDone?: number;
}

/** The batch in a child process; `exited` resolves with how it ended, and what it wrote to stderr. */
function runInChild(config: ChildBatch) {
  const spawned = spawn(process.execPath, [child, JSON.stringify({ ...config, apiKey })], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(spawned);
  let stderr = "";
  spawned.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    spawned.once("exit", (code, signal) => resolve({ code, signal, stderr })),
  );
  return { process: spawned, exited };
}

/** The same batch, resumed in this process with the same journal file. */
function resume(config: ChildBatch, options: CreateManyOptions = {}) {
  const evals = createEvalsClient({ apiKey, baseUrl: config.baseUrl });
  return evals.runs.createMany(config.batch, {
    ...config.options,
    ...options,
    journal: createFileJournal(config.journal),
  });
}

/** Waits for `condition`, failing early if the child ends first (it was meant to be killed mid-batch). */
async function until(condition: () => boolean, exited: Promise<{ stderr: string }>, what: string) {
  let ended: { stderr: string } | undefined;
  void exited.then((outcome) => {
    ended = outcome;
  });
  const deadline = Date.now() + 15_000;
  while (!condition()) {
    if (ended) throw new Error(`the batch ended before ${what}: ${ended.stderr}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * Waits until the mock has answered every request it received: a POST the killed child sent just
 * before dying still creates its run (the server never learns the client died). One whose body was
 * cut short never gets an answer; past a while it is given up on, as it created nothing.
 */
async function quiet(mock: MockServer) {
  const deadline = Date.now() + 3000;
  while (mock.state.requests.some((request) => request.status === 0) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The journal as the file holds it, the last entry for a key winning; a line cut short by the kill ignored. */
function journaled(path: string): JournalEntry[] {
  const entries = new Map<string, JournalEntry>();
  for (const line of readFileSync(path, "utf8").split("\n")) {
    try {
      const { key, entry } = JSON.parse(line) as { key: string; entry: JournalEntry };
      entries.set(key, entry);
    } catch {}
  }
  return [...entries.values()];
}

const postsTo = (mock: MockServer) => mock.state.requests.filter((request) => request.method === "POST");
const runsWith = (mock: MockServer, callIds: string[]) =>
  [...mock.state.runs.values()].filter((run) => JSON.stringify(run.submitted_call_ids) === JSON.stringify(callIds));

describe("kill -9 in the middle of a batch", () => {
  it("a resume with resendInDoubt gets every chunk its run, and bills none twice", async () => {
    const { mock, url, journal } = await setup(100);
    const chunkSize = 10;
    const chunks = 12;
    const call_ids = ids(chunkSize * chunks);
    const config: ChildBatch = {
      baseUrl: url,
      journal,
      batch: { call_ids, attached_agents },
      options: { chunkSize, concurrency: 2 },
    };
    const batch = runInChild(config);
    await until(() => mock.state.runs.size >= 3, batch.exited, "3 runs were created");
    batch.process.kill("SIGKILL");
    expect((await batch.exited).signal).toBe("SIGKILL");
    await quiet(mock);

    const before = journaled(journal);
    const done = before.filter((entry) => entry.state === "done").length;
    const inDoubt = before.filter((entry) => entry.state === "started").length;
    // Killed mid-batch, with chunks between their started line and their done line.
    expect(done).toBeLessThan(chunks);
    expect(inDoubt).toBeGreaterThanOrEqual(1);
    const postsBefore = postsTo(mock).length;

    const result = await resume(config, { resendInDoubt: true });
    expect(result.failed).toEqual([]);
    expect(result.complete).toBe(true);
    expect(result.runs.map((run) => run.submitted_call_ids)).toEqual(
      Array.from({ length: chunks }, (_, i) => call_ids.slice(i * chunkSize, (i + 1) * chunkSize)),
    );
    // Billed once each: one created run per chunk, whether the killed process or the resume sent it.
    expect(mock.state.runs.size).toBe(chunks);
    for (let i = 0; i < chunks; i++) {
      expect(runsWith(mock, call_ids.slice(i * chunkSize, (i + 1) * chunkSize))).toHaveLength(1);
    }
    expect(new Set(result.runs.map((run) => run.id))).toEqual(new Set(mock.state.runs.keys()));
    // A chunk the journal had done cost no request; every other chunk exactly one.
    expect(postsTo(mock).length - postsBefore).toBe(chunks - done);
  }, 30_000);
});

describe("killed after the server's answer, before the journal's done line", () => {
  it("the chunk is in doubt on resume and not re-sent; resendInDoubt then gets its original run", async () => {
    const { mock, url, journal } = await setup(20);
    const chunkSize = 10;
    const call_ids = ids(40);
    const chunkIds = (i: number) => call_ids.slice(i * chunkSize, (i + 1) * chunkSize);
    const config: ChildBatch = {
      baseUrl: url,
      journal,
      batch: { call_ids, attached_agents },
      // One chunk at a time: chunk 1 is the only one the kill leaves in doubt.
      options: { chunkSize, concurrency: 1 },
      killBeforeDone: 1,
    };
    const batch = runInChild(config);
    expect((await batch.exited).signal).toBe("SIGKILL");
    await quiet(mock);
    // The server did create chunk 1's run: only the journal does not know it.
    const [original, ...others] = runsWith(mock, chunkIds(1));
    expect(original).toBeDefined();
    expect(others).toEqual([]);
    const key = postsTo(mock)[1]?.idempotencyKey;
    expect(key).toMatch(/^evals-batch-1-/);
    const postsBefore = postsTo(mock).length;

    const result = await resume(config);
    expect(result.failed).toMatchObject([{ index: 1, inDoubt: true, idempotencyKey: key, callIds: chunkIds(1) }]);
    expect(String(result.failed[0]?.error)).toMatch(/resendInDoubt: true/);
    expect(result.runs.map((run) => run.submitted_call_ids)).toEqual([chunkIds(0), chunkIds(2), chunkIds(3)]);
    const resumedPosts = postsTo(mock).slice(postsBefore);
    expect(resumedPosts.map((request) => request.idempotencyKey)).not.toContain(key);
    expect(resumedPosts).toHaveLength(2); // chunks 2 and 3; chunk 0 was done
    expect(mock.state.runs.size).toBe(4);

    const resent = await resume(config, { resendInDoubt: true });
    expect(resent.failed).toEqual([]);
    expect(resent.runs.map((run) => run.id)[1]).toBe(original?.id);
    expect(
      postsTo(mock)
        .slice(postsBefore + 2)
        .map((request) => request.idempotencyKey),
    ).toEqual([key]);
    expect(mock.state.runs.size).toBe(4);
  }, 30_000);
});
