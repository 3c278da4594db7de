// A `runs.createMany` journal in a file, for Node: one JSON line per entry, appended and flushed
// to disk (fsync) before `set` resolves, so the `started` line that guards a chunk's POST is on
// disk before the POST leaves, and survives a `kill -9` or a crash. The last line for a key wins.
import { appendFile, open, readFile, truncate } from "node:fs/promises";
import type { Journal, JournalEntry } from "./batch-journal.js";

/**
 * The journal in `path`, created on the first entry. Pass the same path to resume the batch: its
 * entries are read on the first `get`. A last line cut short (the process died while writing it)
 * is removed; any other line that is not an entry is an error naming the file and the line.
 */
export function createFileJournal(path: string): Journal {
  if (typeof path !== "string" || path.length === 0) throw new TypeError("createFileJournal needs a file path");
  let entries: Promise<Map<string, JournalEntry>> | undefined;
  let writes: Promise<void> = Promise.resolve();
  const loaded = () => {
    entries ??= readEntries(path);
    return entries;
  };
  return {
    get: async (key) => (await loaded()).get(key),
    set: async (key, entry) => {
      const map = await loaded();
      // One write at a time, in order: concurrent chunks must not interleave their lines.
      const write = writes.then(() => appendLine(path, `${JSON.stringify({ key, entry })}\n`));
      writes = write.catch(() => {});
      await write;
      map.set(key, entry);
    },
  };
}

async function readEntries(path: string): Promise<Map<string, JournalEntry>> {
  const entries = new Map<string, JournalEntry>();
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return entries;
    throw error;
  }
  const lines = text.split("\n");
  const last = lines.pop() as string; // "" when the file ends with a newline, as every write does
  lines.forEach((line, i) => {
    const record = parsed(line);
    if (!record) {
      throw new Error(
        `${path}:${i + 1} is not a journal entry (${line.slice(0, 80)}): pass the path of a createMany journal, or a new one to start afresh`,
      );
    }
    entries.set(record.key, record.entry);
  });
  if (last !== "") await mendCutLine(path, text, last, entries);
  return entries;
}

// The process died while writing the last line: an entry whose newline is missing gets it; a line
// cut short holds nothing to trust (its `set` never resolved), so it goes, before the next write
// is appended to it.
async function mendCutLine(path: string, text: string, last: string, entries: Map<string, JournalEntry>) {
  const record = parsed(last);
  if (record) {
    entries.set(record.key, record.entry);
    await appendFile(path, "\n");
  } else await truncate(path, Buffer.byteLength(text) - Buffer.byteLength(last));
}

function parsed(line: string): { key: string; entry: JournalEntry } | undefined {
  try {
    const record = JSON.parse(line) as { key?: unknown; entry?: { state?: unknown } };
    if (typeof record.key === "string" && typeof record.entry?.state === "string") {
      return record as { key: string; entry: JournalEntry };
    }
  } catch {}
  return undefined;
}

async function appendLine(path: string, line: string): Promise<void> {
  const file = await open(path, "a");
  const { size } = await file.stat();
  try {
    await file.writeFile(line);
    await file.sync();
  } catch (error) {
    // A write that failed halfway (a full disk) must not leave half a line for the next to join.
    await file.truncate(size).catch(() => {});
    throw error;
  } finally {
    await file.close();
  }
}
