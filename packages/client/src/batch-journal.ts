// The journal of a `runs.createMany` batch: what it has started, finished and pinned, by key, so
// that a resumed batch skips what is done without a request and knows what is in doubt. Any store
// with `get` and `set` will do; the default keeps it in memory, `@evals-api/client/file-journal`
// on disk.
import type { AgentAttachment, EvalRun } from "@evals-api/types";

/** One record of a batch's journal. Chunk records are keyed by the chunk's `Idempotency-Key`. */
export type JournalEntry =
  /** Written before a chunk's POST: without a later `done`, the chunk is in doubt. */
  | { state: "started"; index: number; idempotencyKey: string }
  /** Written once the chunk has its run. */
  | { state: "done"; index: number; run: EvalRun }
  /** The server refused the chunk (a 4xx), or it was never sent: no run was created, so it may be sent again. */
  | { state: "refused"; index: number; idempotencyKey: string }
  /** The versions pinned for attachments that named none, keyed by the batch: every chunk, resumed or not, uses them. */
  | { state: "pinned"; attachedAgents: AgentAttachment[] };

export interface Journal {
  get(key: string): Promise<JournalEntry | undefined>;
  /** Resolves once the entry is stored as durably as the journal can: a chunk's POST waits for it. */
  set(key: string, entry: JournalEntry): Promise<void>;
}

/** A journal in memory: pass the same one to a second `createMany` in this process to resume it there. */
export function createMemoryJournal(): Journal {
  const entries = new Map<string, JournalEntry>();
  return {
    get: async (key) => entries.get(key),
    set: async (key, entry) => void entries.set(key, entry),
  };
}
