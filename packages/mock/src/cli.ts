#!/usr/bin/env node
// evals-mock: serve the mock over HTTP until SIGINT/SIGTERM. Bad usage exits 2, anything else 1.
import { listenProblem, mockFromCommandLine, USAGE, UsageError } from "./command-line.js";

function fail(message: string): never {
  process.stderr.write(`evals-mock: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let commandLine: ReturnType<typeof mockFromCommandLine>;
  try {
    commandLine = mockFromCommandLine(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) fail(error.message);
    throw error;
  }
  if (commandLine.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { mock, port, host } = commandLine;
  const server = await mock.listen(port, host).catch((error: NodeJS.ErrnoException) => {
    const problem = listenProblem(error, host, port);
    if (problem !== undefined) fail(problem);
    throw error;
  });
  const stop = (signal: string) => {
    process.stdout.write(`evals-mock: ${signal}, shutting down\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  // Printed last: scripts wait for this line, and by then a signal is handled cleanly.
  process.stdout.write(`evals-mock listening on ${server.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`evals-mock: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
