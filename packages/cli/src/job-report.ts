// The outcome of `evals runs create`: its exit code, its JSON document, its summary for a person,
// and a line per failed chunk saying whether its run may exist, with its Idempotency-Key.
import type { CreateManyResult, EvalRun, FailedChunk } from "@evals-api/client";
import { ExitCode } from "./exit-codes.js";
import { describeFailure, type FailureContext } from "./failure.js";
import { count } from "./progress.js";

export interface JobContext extends FailureContext {
  journal: string | undefined;
  interrupted: boolean;
}

export function jobExitCode({ runs, failed, complete }: CreateManyResult): ExitCode {
  if (complete && failed.length === 0) return ExitCode.ok;
  return runs.length === 0 ? ExitCode.failed : ExitCode.partial;
}

// A run as printed: without the ids it scores (the input holds them; 5,000 per run would bury the rest).
const shownRun = ({ submitted_call_ids: _ids, ...run }: EvalRun) => run;

const totals = (runs: EvalRun[]) => ({
  calls: runs.reduce((sum, run) => sum + (run.resolved_call_count ?? 0), 0),
  atoms: runs.reduce((sum, run) => sum + (run.resolved_atom_count ?? 0), 0),
});

export function jobJson(result: CreateManyResult, context: JobContext) {
  return {
    complete: result.complete && result.failed.length === 0,
    interrupted: context.interrupted,
    batchKey: result.batchKey,
    journal: context.journal ?? null,
    ...totals(result.runs),
    runs: result.runs.map(shownRun),
    failed: result.failed.map((chunk) => ({
      index: chunk.index,
      idempotencyKey: chunk.idempotencyKey,
      inDoubt: chunk.inDoubt,
      calls: chunk.callIds.length,
      error: describeFailure(chunk.error, context),
      // Without a journal this document is the only record of what to send again.
      ...(context.journal ? {} : { callIds: chunk.callIds }),
    })),
  };
}

/** One stderr line per failed chunk: what happened, whether a run may exist, its key, what to do. */
export function failureLines(result: CreateManyResult, context: JobContext): string[] {
  const lines = result.failed.map((chunk) => failedChunkLine(chunk, context));
  if (result.failed.length > 0 || !result.complete) lines.push(resumeHint(result, context));
  return lines;
}

function failedChunkLine(chunk: FailedChunk, context: JobContext): string {
  const what = `chunk ${chunk.index} (${count(chunk.callIds.length)} calls)`;
  const why = describeFailure(chunk.error, context);
  if (!chunk.inDoubt) return `${what}: no run was created: ${why}. Idempotency-Key ${chunk.idempotencyKey}`;
  return (
    `${what}: its run may exist, and be billed: ${why}. Idempotency-Key ${chunk.idempotencyKey}. ` +
    "Check for that run before sending it again (--resend-in-doubt sends it with the same key; the vendor does not document that it honours it)"
  );
}

function resumeHint(result: CreateManyResult, { journal, interrupted }: JobContext): string {
  const stopped = interrupted ? "interrupted: chunks not yet started were not sent. " : "";
  if (journal) {
    return `${stopped}Run the same command again to resume: the journal ${journal} skips the ${result.runs.length} chunks done and sends the rest`;
  }
  return (
    `${stopped}Without --journal nothing records what was done: running the command again sends every chunk again ` +
    "(with the same Idempotency-Keys); the JSON output lists the failed chunks and their call ids. Use --journal <file> to make a job resumable"
  );
}

export function jobText(result: CreateManyResult, context: JobContext): string {
  const { calls, atoms } = totals(result.runs);
  const head = `${count(result.runs.length)} run${result.runs.length === 1 ? "" : "s"} created for ${count(calls)} calls (${count(atoms)} atoms)`;
  const shown = result.runs
    .slice(0, 20)
    .map((run) => `  ${run.id}  ${run.status}  ${count(run.resolved_call_count)} calls`);
  if (result.runs.length > shown.length)
    shown.push(`  … and ${result.runs.length - shown.length} more (--json lists them all)`);
  const failed = result.failed.length > 0 ? [`${result.failed.length} chunk(s) failed: see above`] : [];
  const journal = context.journal ? [`journal: ${context.journal}`] : [];
  return `${[head, ...shown, ...failed, ...journal].join("\n")}\n`;
}
