#!/usr/bin/env node
// evals: score calls with the Bland AI Evals API. Exit codes: 0 ok, 1 failed, 2 bad usage, 3 partial.
import { createRequire } from "node:module";
import { agentsGet } from "./agents-get.js";
import { ExitCode } from "./exit-codes.js";
import { MAIN_USAGE } from "./help.js";
import { runsCreate } from "./runs-create.js";
import { processTerminal, type Terminal } from "./terminal.js";
import { UsageError } from "./usage-error.js";

type Command = (args: string[], terminal: Terminal) => Promise<ExitCode>;

const COMMANDS: Record<string, Command> = {
  "agents get": agentsGet,
  "runs create": runsCreate,
};

async function main(argv: string[], terminal: Terminal): Promise<ExitCode> {
  const [group, name, ...rest] = argv;
  if (group === undefined || group === "--help" || group === "-h" || group === "help") {
    terminal.stdout.write(`${MAIN_USAGE}\n`);
    return group === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (group === "--version" || group === "-v") {
    const { version } = createRequire(import.meta.url)("../package.json") as { version: string };
    terminal.stdout.write(`${version}\n`);
    return ExitCode.ok;
  }
  const command = COMMANDS[`${group} ${name}`];
  if (command === undefined) {
    const known = Object.keys(COMMANDS).join(", ");
    throw new UsageError(`unknown command "${[group, name].filter(Boolean).join(" ")}" (commands: ${known})`);
  }
  try {
    return await command(rest, terminal);
  } catch (error) {
    if (error instanceof UsageError) error.message += `\nRun "evals ${group} ${name} --help" for its options.`;
    throw error;
  }
}

const terminal = processTerminal();
main(process.argv.slice(2), terminal).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      const hinted = /\nRun "evals/.test(error.message)
        ? error.message
        : `${error.message}\nRun "evals --help" for usage.`;
      terminal.stderr.write(`${hinted.replace(/^/gm, "evals: ")}\n`);
      process.exitCode = ExitCode.usage;
      return;
    }
    terminal.stderr.write(`evals: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = ExitCode.failed;
  },
);
