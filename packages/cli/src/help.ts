// The help texts. Every choice, range and description of a create-run field is read from the
// bundled spec (request-schema.ts); what is ours (the key's sources, the journal, exit codes) is
// written here once.
import { requestBodyBounds } from "@evals-api/types";
import { COMMAND_OF_OPERATION, summaryOf } from "./commands.js";
import { choicesOf, helpOf, rangeOf } from "./request-schema.js";

const MAX_CALLS = requestBodyBounds.createEvalRun.call_ids.maxItems;

const KEY = `The API key comes from BLAND_API_KEY, or from a file named by --api-key-file. There is
deliberately no flag that takes the key itself: it would land in your shell history and in the
process list (ps) of every user of the machine. The key is never printed, not even by --verbose.`;

const EXIT_CODES = `Exit codes:
  0  ok
  1  an API error, a connection error or a timeout, or no chunk got a run (the message says
     whether a run may exist, with its Idempotency-Key)
  2  bad usage or validation: nothing was sent
  3  partially done: some chunks got a run, some did not (listed in the journal, or in the
     JSON output when there is no --journal)`;

const CONNECTION = `  --api-key-file <file>   read the API key from this file (see "API key" below)
  --base-url <url>        the API's base URL (default: the spec's server); plain http only to this machine
  --mock                  run against the in-process mock (@evals-api/mock): no key, no network
  --json                  print one JSON document on stdout (the default when stdout is not a terminal)
  --verbose               print every attempt on stderr: method, path, status, duration, request id
  -h, --help              show this help`;

export const MAIN_USAGE = `Usage: evals <command> [options]

Score recorded calls with the Bland AI Evals API.

Commands:
${commandList()}

Run "evals <command> --help" for its options.

API key:
${indent(KEY)}

${EXIT_CODES}`;

export const AGENTS_GET_USAGE = `Usage: evals agents get <eval_agent_id> [options]

${summaryOf("getEvalAgent")}

Options:
${CONNECTION}

API key:
${indent(KEY)}

${EXIT_CODES}`;

function flag(name: string, field: string[], help = helpOf(field)): string {
  const choices = choicesOf(field);
  const range = rangeOf(field);
  const shown = [choices ? `one of ${choices.join(", ")}` : undefined, range].filter(Boolean).join("; ");
  return `  ${name}\n${wrapped(`${help}${shown ? ` (${shown})` : ""}`)}`;
}

export function runsCreateUsage(): string {
  return `Usage: evals runs create --calls <file|-> [--agent <id>[@<version_id>][:<weight>][=<level,level>]]...
                         [--workbench <setup_id>@<version_id>] [options]

Create eval runs (billed) that score the call ids of a file or of stdin, ${MAX_CALLS} per run at
most (the spec's maxItems of call_ids), through runs.createMany.

Input:
  --calls <file|->
${wrapped(`${helpOf(["call_ids"])} A text file (one id per line), a CSV with a header, or NDJSON; "-" reads stdin. The format comes from the extension (.txt, .csv, .ndjson/.jsonl), else from the first line. The input is streamed: a file of any size is never held in memory.`)}
  --column <name>         the CSV column of the ids (default call_id)
  --field <name>          the NDJSON field of the ids (default call_id)

The run:
${flag("--agent <id>[@<version_id>][:<weight>][=<level,level>]   (repeatable)", ["attached_agents"])}
${wrapped(`id: ${helpOf(["attached_agents", "eval_agent_id"])} @version: ${helpOf(["attached_agents", "eval_agent_version_id"])} :weight: ${helpOf(["attached_agents", "weight"])} =levels: ${helpOf(["attached_agents", "target_level_keys"])} An agent without @version is read once and its published version pinned for every run.`)}
${flag("--workbench <setup_id>@<version_id>", ["workbench_setup_version_id"], `${helpOf(["workbench_setup_id"])} ${helpOf(["workbench_setup_version_id"])}`)}
${flag(`--run-mode <${choicesOf(["run_mode"])?.join("|")}>`, ["run_mode"])}
${flag("--threshold <pct>", ["pass_threshold_pct"])}
${flag(`--triggered-by <${choicesOf(["triggered_by"])?.join("|")}>`, ["triggered_by"])}
${flag("--metadata key=value   (repeatable)", ["metadata"])}

The job:
  --journal <file>
      Record every chunk in this file (appended, flushed to disk before each create), so that an
      interrupted job is resumable: press Ctrl-C, then run the same command again. Chunks already
      done are skipped. A chunk that was in flight is reported as in doubt, with its
      Idempotency-Key, and is not sent again unless --resend-in-doubt is given.
  --resend-in-doubt
      Send in-doubt chunks again, with their original Idempotency-Key. Why this is not the
      default: the vendor does not document that it honours Idempotency-Key, so against the real
      API a re-sent chunk may create, and bill, a second run. Check the runs of in-doubt chunks
      first. (The mock honours the key: there a re-sent chunk gets its original run.)
  --batch-key <key>       what every chunk's Idempotency-Key derives from (default: a digest of
                          every field but the call ids, so the same command sends the same keys)
  --concurrency <n>       chunks in flight at once (default 1)
  --dry-run               validate everything against the spec and print what would be sent: runs,
                          calls, atoms, agents. Sends nothing and needs no key.

Connection and output:
${CONNECTION}

Output: on a terminal, a live progress line (stderr) and a short summary. Otherwise, or with
--json, one JSON document on stdout and nothing else there; progress goes to stderr as plain lines.
Runs are printed without submitted_call_ids (your input holds them).

API key:
${indent(KEY)}

${EXIT_CODES}`;
}

function commandList(): string {
  const rows = Object.entries(COMMAND_OF_OPERATION).map(([id, { synopsis }]) => [synopsis, summaryOf(id as never)]);
  const width = Math.max(...rows.map(([synopsis]) => synopsis?.length ?? 0));
  return rows.map(([synopsis = "", summary]) => `  ${synopsis.padEnd(width)}   ${summary}`).join("\n");
}

// Help from the spec comes as one line per field: wrapped to fit an 80-column terminal.
function wrapped(text: string, indentBy = 6, width = 100): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indentBy + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((text) => `${" ".repeat(indentBy)}${text}`).join("\n");
}

function indent(text: string): string {
  return text.replace(/^/gm, "  ");
}
