// createFileJournal at its public entry, on real files: what a later process reads back, that a
// `set` is on disk when it resolves, that concurrent chunks never interleave their lines, and how
// a journal left by a process that died mid-write (or a file that is not a journal) is read.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JournalEntry } from "@evals-api/client";
import { createFileJournal } from "@evals-api/client/file-journal";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

let dir: string;
let path: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "evals-journal-"));
  path = join(dir, "batch.ndjson");
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const started = (index: number): JournalEntry => ({ state: "started", index, idempotencyKey: `key-${index}` });
const refused = (index: number): JournalEntry => ({ state: "refused", index, idempotencyKey: `key-${index}` });
const lines = () => readFileSync(path, "utf8").split("\n");

describe("entries survive the process that wrote them", () => {
  it("a new journal on the same path reads every key back, the last entry for a key winning", async () => {
    const first = createFileJournal(path);
    await first.set("a", started(0));
    await first.set("b", started(1));
    await first.set("a", refused(0));
    const second = createFileJournal(path);
    expect(await second.get("a")).toEqual(refused(0));
    expect(await second.get("b")).toEqual(started(1));
    expect(await second.get("c")).toBeUndefined();
  });

  it("the file is NDJSON: one {key, entry} line per set, each ending in a newline", async () => {
    const journal = createFileJournal(path);
    await journal.set("a", started(0));
    await journal.set("a", refused(0));
    expect(lines()).toEqual([
      JSON.stringify({ key: "a", entry: started(0) }),
      JSON.stringify({ key: "a", entry: refused(0) }),
      "",
    ]);
  });

  it("a set is in the file as soon as it resolves: a chunk's POST waits for its started line", async () => {
    const journal = createFileJournal(path);
    for (let i = 0; i < 3; i++) {
      await journal.set(`k${i}`, started(i));
      // Read by another reader, not the journal's own map: what a process started after a crash sees.
      expect(lines()).toHaveLength(i + 2);
      expect(JSON.parse(lines()[i] as string)).toEqual({ key: `k${i}`, entry: started(i) });
    }
  });

  it("200 concurrent sets never interleave: every line is one whole entry", async () => {
    const journal = createFileJournal(path);
    // A done entry carries its whole run: a chunk of 5,000 long call ids is a line of over 512 KiB,
    // which Node writes in more than one write(2), so unserialised sets interleave their pieces.
    const entry = (i: number): JournalEntry => {
      const size = i % 40 === 0 ? 5000 : 20;
      const submitted_call_ids = Array.from({ length: size }, (_, n) => `${i}-${n}-${"x".repeat(100)}`);
      return { state: "done", index: i, run: { id: `run-${i}`, submitted_call_ids } } as unknown as JournalEntry;
    };
    await Promise.all(Array.from({ length: 200 }, (_, i) => journal.set(`k${i}`, entry(i))));
    const written = lines();
    expect(written.pop()).toBe("");
    expect(written).toHaveLength(200);
    const keys = written.map((line) => (JSON.parse(line) as { key: string }).key);
    expect(new Set(keys).size).toBe(200);
    const reread = createFileJournal(path);
    for (let i = 0; i < 200; i++) expect(await reread.get(`k${i}`)).toEqual(entry(i));
  });
});

describe("a journal left by a process that died while writing", () => {
  it("a last line cut short is dropped, and the next write starts on its own line", async () => {
    const first = createFileJournal(path);
    await first.set("a", started(0));
    await first.set("b", started(1));
    const whole = JSON.stringify({ key: "c", entry: started(2) });
    appendFileSync(path, whole.slice(0, whole.length / 2));

    const second = createFileJournal(path);
    expect(await second.get("c")).toBeUndefined();
    expect(await second.get("a")).toEqual(started(0));
    await second.set("d", started(3));

    const third = createFileJournal(path);
    expect(await third.get("a")).toEqual(started(0));
    expect(await third.get("b")).toEqual(started(1));
    expect(await third.get("c")).toBeUndefined();
    expect(await third.get("d")).toEqual(started(3));
    expect(lines()).toHaveLength(4);
  });

  it("a last entry whole but for its newline is kept, and the next write goes on a line of its own", async () => {
    writeFileSync(
      path,
      `${JSON.stringify({ key: "a", entry: started(0) })}\n${JSON.stringify({ key: "b", entry: started(1) })}`,
    );
    const second = createFileJournal(path);
    expect(await second.get("b")).toEqual(started(1));
    await second.set("c", started(2));

    const third = createFileJournal(path);
    expect(await third.get("a")).toEqual(started(0));
    expect(await third.get("b")).toEqual(started(1));
    expect(await third.get("c")).toEqual(started(2));
  });
});

describe("files that are not a journal, and bad paths", () => {
  it("a bad line in the middle is an error naming the file and the line, not an empty journal", async () => {
    const good = JSON.stringify({ key: "a", entry: started(0) });
    writeFileSync(path, `${good}\nnot json at all\n${good}\n`);
    const error = await createFileJournal(path)
      .get("a")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(`${path}:2`);
    // JSON, but not an entry: the same.
    writeFileSync(path, `${good}\n${good}\n{"key":"b"}\n${good}\n`);
    await expect(createFileJournal(path).get("a")).rejects.toThrow(`${path}:3`);
  });

  it("a path that does not exist yet is an empty journal, and the file appears on the first set", async () => {
    const journal = createFileJournal(path);
    expect(await journal.get("a")).toBeUndefined();
    await journal.set("a", started(0));
    expect(await createFileJournal(path).get("a")).toEqual(started(0));
  });

  it("an empty path is a TypeError at once, before any file is touched", () => {
    expect(() => createFileJournal("")).toThrow(TypeError);
  });
});
