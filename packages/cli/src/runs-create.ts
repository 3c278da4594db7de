// `evals runs create`: the flags checked against the spec, the input counted (a file is read once
// before anything is sent, so a bad line at the end bills nothing), then runs.createMany with a
// journal, progress and Ctrl-C handling, and the outcome printed.
import { type CreateManyResult, type EvalsClient, EvalsValidationError, type Journal } from "@evals-api/client";
import { createFileJournal } from "@evals-api/client/file-journal";
import { requestBodyBounds } from "@evals-api/types";
import { type CallIdInput, readCallIds } from "./call-id-input.js";
import { CONNECTION_FLAGS, parsedFlags } from "./command-line.js";
import { type Connection, connect } from "./connection.js";
import { dryRunJson, dryRunTally, dryRunText } from "./dry-run.js";
import { ExitCode } from "./exit-codes.js";
import { failureJson } from "./failure.js";
import { runsCreateUsage } from "./help.js";
import { failureLines, type JobContext, jobExitCode, jobJson, jobText } from "./job-report.js";
import { jobSignal } from "./job-signal.js";
import { progressView } from "./progress.js";
import { type RunFields, runFields } from "./run-request.js";
import { note, printJson, type Terminal, wantsJson } from "./terminal.js";
import { UsageError } from "./usage-error.js";

const RUN_FLAGS = {
  ...CONNECTION_FLAGS,
  calls: { type: "string" },
  column: { type: "string" },
  field: { type: "string" },
  agent: { type: "string", multiple: true },
  workbench: { type: "string" },
  "run-mode": { type: "string" },
  threshold: { type: "string" },
  "triggered-by": { type: "string" },
  metadata: { type: "string", multiple: true },
  "batch-key": { type: "string" },
  journal: { type: "string" },
  "resend-in-doubt": { type: "boolean" },
  concurrency: { type: "string" },
  "dry-run": { type: "boolean" },
} as const;

type RunValues = ReturnType<typeof parsedFlags<typeof RUN_FLAGS>>["values"];

const CHUNK_SIZE = requestBodyBounds.createEvalRun.call_ids.maxItems;

export async function runsCreate(args: string[], terminal: Terminal): Promise<ExitCode> {
  const { values, positionals } = parsedFlags(args, RUN_FLAGS);
  if (values.help) {
    terminal.stdout.write(`${runsCreateUsage()}\n`);
    return ExitCode.ok;
  }
  if (positionals.length > 0) throw new UsageError(`runs create takes no arguments, got ${positionals.join(" ")}`);
  if (values.calls === undefined)
    throw new UsageError("--calls <file|-> is required: a file of call ids, or - for stdin");
  const { fields, warnings } = runFields(values);
  for (const warning of warnings) note(terminal, warning);
  const input: CallIdInput = { path: values.calls, column: values.column, field: values.field };
  if (input.path === "-" && (terminal.stdin as { isTTY?: boolean }).isTTY) {
    note(terminal, "reading call ids from the terminal, one per line; end with Ctrl-D");
  }
  const callsEstimate = input.path === "-" ? undefined : await countedIds(input, terminal);
  if (values["dry-run"]) return dryRun(values, fields, input, terminal);
  const connection = await connect(values, { env: terminal.env, log: (line) => note(terminal, line) });
  return job(values, { fields, input, callsEstimate, connection }, terminal);
}

/** Reads a file through once, sending nothing: every line is checked, and the ids are counted. */
async function countedIds(input: CallIdInput, terminal: Terminal): Promise<number> {
  let ids = 0;
  let skipped = 0;
  for await (const _id of readCallIds(input, terminal.stdin, () => skipped++)) ids++;
  if (skipped > 0) note(terminal, `--calls ${input.path}: ${skipped} record(s) without a call id skipped`);
  return ids;
}

async function dryRun(values: RunValues, fields: RunFields, input: CallIdInput, terminal: Terminal) {
  const tally = dryRunTally();
  const connection = await connect(values, { env: terminal.env, log: (line) => note(terminal, line) }, tally.fetch);
  if (values.journal !== undefined) note(terminal, "--dry-run neither reads nor writes --journal");
  await createMany(connection.client, fields, input, values, terminal, {});
  const report = dryRunJson(tally.chunks, fields);
  if (wantsJson(terminal, values.json)) printJson(terminal, report);
  else terminal.stdout.write(dryRunText(report));
  return ExitCode.ok;
}

interface Job {
  fields: RunFields;
  input: CallIdInput;
  callsEstimate: number | undefined;
  connection: Connection;
}

async function job(values: RunValues, { fields, input, callsEstimate, connection }: Job, terminal: Terminal) {
  const live = terminal.stderr.isTTY === true && !values.json;
  const progress = progressView(
    { write: (text) => terminal.stderr.write(text), live, columns: terminal.stderr.columns },
    CHUNK_SIZE,
    callsEstimate,
  );
  const interrupt = jobSignal((line) => {
    progress.finish();
    note(terminal, line);
  });
  const agentIds = fields.attached_agents?.map((agent) => agent.eval_agent_id) ?? [];
  const context = { ...connection, agentIds, journal: values.journal, interrupted: false };
  let result: CreateManyResult;
  let runsMade = 0;
  try {
    const journal = values.journal === undefined ? undefined : await readJournal(values.journal);
    result = await createMany(connection.client, fields, input, values, terminal, {
      signal: interrupt.signal,
      journal,
      onProgress: (reported) => {
        runsMade = reported.runs;
        progress.update(reported);
      },
    });
  } catch (error) {
    // Stdin is read as it is sent: a bad line late in it stops a job that has runs already.
    if (error instanceof UsageError && runsMade === 0) throw error;
    return stoppedJob(error, runsMade, { values, context, terminal });
  } finally {
    progress.finish();
    interrupt.release();
  }
  context.interrupted = interrupt.interrupted();
  for (const line of failureLines(result, context)) note(terminal, line);
  if (wantsJson(terminal, values.json)) printJson(terminal, jobJson(result, context));
  else terminal.stdout.write(jobText(result, context));
  return jobExitCode(result);
}

/** The --journal file, read before anything is sent: one that is not a journal is a usage mistake. */
async function readJournal(path: string): Promise<Journal> {
  const journal = createFileJournal(path);
  try {
    await journal.get("");
  } catch (error) {
    throw new UsageError(`--journal ${path}: ${(error as Error).message}`);
  }
  return journal;
}

/**
 * A job that stopped before it had a result (an agent it could not read, a refused key, a bad line
 * late in stdin): said on stderr, and in JSON, with how many runs it had created, when asked.
 */
function stoppedJob(
  error: unknown,
  runsMade: number,
  { values, context, terminal }: { values: RunValues; context: JobContext; terminal: Terminal },
): ExitCode {
  const failure = error instanceof UsageError ? { message: error.message } : failureJson(error, context);
  note(terminal, failure.message);
  const journal = values.journal ? `; the journal ${values.journal} lists them` : "";
  if (runsMade > 0) note(terminal, `${runsMade} run(s) were created before this${journal}`);
  if (wantsJson(terminal, values.json)) {
    printJson(terminal, { complete: false, runsCreated: runsMade, journal: values.journal ?? null, error: failure });
  }
  return runsMade > 0 ? ExitCode.partial : ExitCode.failed;
}

type Extra = Parameters<EvalsClient["runs"]["createMany"]>[1];

/** runs.createMany over the input's ids; a mistake it finds (a bad option, a bad id) as a UsageError naming the flag. */
async function createMany(
  client: EvalsClient,
  fields: RunFields,
  input: CallIdInput,
  values: RunValues,
  terminal: Terminal,
  extra: Extra,
): Promise<CreateManyResult> {
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  // A file's skipped records were counted when it was read through first; stdin's are counted here.
  let skipped = 0;
  const callIds = readCallIds(input, terminal.stdin, () => skipped++);
  try {
    return await client.runs.createMany({ ...fields, call_ids: callIds } as never, {
      ...extra,
      concurrency: Number.isNaN(concurrency) ? (values.concurrency as never) : concurrency,
      batchKey: values["batch-key"],
      resendInDoubt: values["resend-in-doubt"],
    });
  } catch (error) {
    throw asUsageError(error, input, values) ?? error;
  } finally {
    if (input.path === "-" && skipped > 0) note(terminal, `--calls -: ${skipped} record(s) without a call id skipped`);
  }
}

// The client names its options (concurrency, batchKey) and the request's fields; the user typed flags.
function asUsageError(error: unknown, input: CallIdInput, values: RunValues): UsageError | undefined {
  if (error instanceof UsageError) return error;
  if (error instanceof EvalsValidationError) {
    const said = error.issues.map((issue) =>
      issue.path === "/call_ids"
        ? `call_ids ${issue.message} (found no call id)`
        : `${issue.path.slice(1)} ${issue.message}`,
    );
    return new UsageError(`--calls ${input.path}: ${said.join("; ")}`);
  }
  if (error instanceof RangeError || error instanceof TypeError) {
    const flag = /^concurrency/.test(error.message)
      ? `--concurrency ${values.concurrency}`
      : /^batchKey/.test(error.message)
        ? "--batch-key"
        : undefined;
    if (flag) return new UsageError(`${flag}: ${error.message.replace(/^\w+ /, "")}`);
  }
  return undefined;
}
