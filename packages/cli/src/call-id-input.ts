// The call ids of `--calls <file|->`: a text file (one id per line), a CSV with a header (the
// `call_id` column, or `--column`), or NDJSON (the `call_id` field, or `--field`), from a file or
// stdin. The format comes from the extension, else from the first line. Ids are yielded one at a
// time as the input is read, so a file of any size is never held in memory.
import { accessSync, constants, createReadStream, statSync } from "node:fs";
import { extname } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { csvFields, isOpenRecord } from "./csv-record.js";
import { UsageError } from "./usage-error.js";

export type CallIdFormat = "text" | "csv" | "ndjson";

export interface CallIdInput {
  /** A file path, or `-` for stdin. */
  path: string;
  column?: string;
  field?: string;
}

const DEFAULT_NAME = "call_id";
const BY_EXTENSION: Record<string, CallIdFormat> = {
  ".txt": "text",
  ".csv": "csv",
  ".ndjson": "ndjson",
  ".jsonl": "ndjson",
};

/** A line of the input, numbered from 1 for messages. */
interface Line {
  text: string;
  number: number;
}

/**
 * The ids of the input, in order. `onSkipped` hears of a CSV row or NDJSON line without an id
 * (an empty cell), which is left out; anything unreadable is a UsageError naming the line.
 */
export async function* readCallIds(
  input: CallIdInput,
  stdin: Readable,
  onSkipped: (line: number) => void = () => {},
): AsyncGenerator<string> {
  const name = `--calls ${input.path}`;
  const lines = numberedLines(input.path === "-" ? stdin : openFile(input.path, name));
  let format: CallIdFormat | undefined = declaredFormat(input);
  let idsOf: ((line: Line) => string | undefined) | undefined;
  for await (const line of format === "csv" ? csvRecords(lines) : lines) {
    if (line.text.trim() === "") continue;
    if (idsOf === undefined) {
      format ??= sniffed(line.text);
      idsOf = format === "text" ? textId : format === "csv" ? csvIds(line, input, name) : ndjsonIds(input, name);
      if (format === "csv") continue; // the header
    }
    const id = idsOf(line);
    if (id === undefined) onSkipped(line.number);
    else yield id;
  }
}

function openFile(path: string, name: string): Readable {
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`${name}: is a folder, not a file of call ids`);
    accessSync(path, constants.R_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${name}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return createReadStream(path);
}

async function* numberedLines(stream: Readable): AsyncGenerator<Line> {
  let number = 0;
  try {
    for await (const text of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
      number++;
      yield { text: number === 1 ? text.replace(/^\uFEFF/, "") : text, number };
    }
  } catch (error) {
    throw error instanceof UsageError ? error : new UsageError(`cannot read the call ids: ${String(error)}`);
  } finally {
    stream.destroy();
  }
}

// A CSV record may span lines (a quoted field with a line break): joined before it is split.
async function* csvRecords(lines: AsyncIterable<Line>): AsyncGenerator<Line> {
  let open: Line | undefined;
  for await (const line of lines) {
    open = open ? { text: `${open.text}\n${line.text}`, number: open.number } : line;
    if (!isOpenRecord(open.text)) {
      yield open;
      open = undefined;
    }
  }
  if (open) throw new UsageError(`--calls: the CSV record of line ${open.number} opens a quote it never closes`);
}

function declaredFormat({ path, column, field }: CallIdInput): CallIdFormat | undefined {
  if (column !== undefined && field !== undefined) {
    throw new UsageError("--column (CSV) and --field (NDJSON) exclude each other: give the one of your format");
  }
  if (column !== undefined) return "csv";
  if (field !== undefined) return "ndjson";
  return path === "-" ? undefined : BY_EXTENSION[extname(path).toLowerCase()];
}

/** The format of an input without a telling extension, from its first line. */
function sniffed(first: string): CallIdFormat {
  const text = first.trim();
  if (text.startsWith("{")) return "ndjson";
  if (text.includes(",") || text.startsWith('"') || text === DEFAULT_NAME) return "csv";
  return "text";
}

const textId = ({ text }: Line) => text.trim() || undefined;

function csvIds(header: Line, { column = DEFAULT_NAME }: CallIdInput, name: string) {
  const columns = csvFields(header.text).map((cell) => cell.trim());
  const at = columns.indexOf(column);
  if (at === -1) {
    const listed = columns.map((cell) => JSON.stringify(cell)).join(", ");
    throw new UsageError(`${name}: the CSV header has no column "${column}" (it has ${listed}); name it with --column`);
  }
  return ({ text }: Line) => csvFields(text)[at]?.trim() || undefined;
}

function ndjsonIds({ field = DEFAULT_NAME }: CallIdInput, name: string) {
  return ({ text, number }: Line) => {
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`${name} line ${number}: not JSON (${(error as Error).message})`);
    }
    const value = (record as Record<string, unknown> | null)?.[field];
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value !== "string") {
      throw new UsageError(
        `${name} line ${number}: "${field}" must be a string (call ids are strings), got ${JSON.stringify(value)}`,
      );
    }
    return value;
  };
}
