// The process's streams as a command sees them, and the output mode they imply: a person at a
// terminal gets prose, anything else (a pipe, a file, a CI log) or --json gets one JSON document.
import type { Readable } from "node:stream";

export interface Terminal {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: Readable;
  env: NodeJS.ProcessEnv;
}

export function processTerminal(): Terminal {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

/** Whether the result is printed as one JSON document rather than prose. */
export const wantsJson = (terminal: Terminal, json: boolean | undefined) => json === true || !terminal.stdout.isTTY;

/** One line on stderr, prefixed as every message of the CLI. */
export const note = (terminal: Terminal, line: string) => terminal.stderr.write(`evals: ${line}\n`);

export const printJson = (terminal: Terminal, value: unknown) =>
  terminal.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
