// `evals-contract proxy`: the validating proxy as a command. It prints where it listens (so that a
// script can wait for the line), each finding as one line on stderr as it is found, and on SIGINT
// or SIGTERM the summary on stdout; its exit code is the verdict under --fail-on.
import { parseArgs } from "node:util";
import { formatProxyJUnit, junitTarget } from "./junit.js";
import { type FailOn, failOnFlags } from "./options.js";
import { type ContractProxy, createContractProxy } from "./proxy.js";
import { findingLine, formatProxyReport } from "./proxy-report.js";

export const PROXY_USAGE = `Usage: evals-contract proxy --target URL [options]

Forwards every request to URL unchanged (streaming) and checks each request and response against
the spec; each violation or warning is printed on stderr as it is found. Stop it with SIGTERM or
SIGINT (Ctrl-C): it lets exchanges in flight finish, prints the summary on stdout and exits.

  --target URL         the server to forward to, e.g. https://staging.example
  --port N             port to listen on, on 127.0.0.1 (default 4020; 0 picks a free port)
  --fail-on WHAT       violation (default): exit 1 when a vendor fact was broken;
                       warning: also when only an assumption of ours was; never: always exit 0
  --strict             the same as --fail-on warning
  --json               print the summary as JSON (the same as GET /__contract/report)
  --junit FILE         on exit, also write JUnit XML to FILE: one testcase per
                       operation's traffic (failed, warned, or skipped when unseen)
  -h, --help           show this help

While it runs, GET http://127.0.0.1:PORT/__contract/report answers the report so far (never
forwarded). Bodies over 1 MiB pass through unvalidated ("not checked: too large"). The API key and
any authorization value are never printed or stored.

Exit code: 0 when the traffic passes under --fail-on, 1 when it does not, 2 for bad usage.`;

class UsageError extends Error {}

interface ProxyArgs {
  help: boolean;
  target: string;
  /** Undefined: the API's default port. */
  port: number | undefined;
  failOn: FailOn;
  json: boolean;
  junit: ReturnType<typeof junitTarget> | undefined;
}

function parse(args: string[]): ProxyArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args,
      options: {
        target: { type: "string" },
        port: { type: "string" },
        "fail-on": { type: "string" },
        strict: { type: "boolean" },
        json: { type: "boolean" },
        junit: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const help = values.help === true;
  const target = values.target as string | undefined;
  if (!help && target === undefined) throw new UsageError("--target is required");
  const port = values.port as string | undefined;
  // Digits only here; the range and the default are createContractProxy's, refused as bad usage there.
  if (port !== undefined && !/^\d+$/.test(port)) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, got ${JSON.stringify(port)}`);
  }
  let failOn: FailOn;
  let junit: ProxyArgs["junit"];
  try {
    failOn = failOnFlags(values["fail-on"] as string | undefined, values.strict === true);
    const junitFile = values.junit as string | undefined;
    junit = junitFile === undefined || help ? undefined : junitTarget(junitFile);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    help,
    target: target ?? "",
    port: port === undefined ? undefined : Number(port),
    failOn,
    json: values.json === true,
    junit,
  };
}

const stopSignals = ["SIGINT", "SIGTERM"] as const;

/** Waits for SIGINT or SIGTERM (the first one). */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      for (const signal of stopSignals) process.off(signal, stop);
      resolve();
    };
    for (const signal of stopSignals) process.on(signal, stop);
  });
}

/** Runs `evals-contract proxy` with its arguments (those after `proxy`); resolves with the exit code. */
export async function runProxyCommand(args: string[]): Promise<number> {
  let parsed: ProxyArgs;
  try {
    parsed = parse(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`evals-contract proxy: ${error.message}\n\n${PROXY_USAGE}\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(`${PROXY_USAGE}\n`);
    return 0;
  }
  let proxy: ContractProxy;
  try {
    proxy = await createContractProxy({
      target: parsed.target,
      ...(parsed.port !== undefined && { port: parsed.port }),
      failOn: parsed.failOn,
      onFinding: (finding) => process.stderr.write(`${findingLine(finding)}\n`),
    });
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/^(target|port)\b/, "--$1");
    // An option the API refuses (the target) is bad usage; a port that cannot be listened on is not.
    if (error instanceof TypeError || error instanceof RangeError) {
      process.stderr.write(`evals-contract proxy: ${message}\n\n${PROXY_USAGE}\n`);
      return 2;
    }
    const inUse = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
    const taken = (error as { port?: number }).port ?? parsed.port;
    const hint = inUse ? ` (port ${taken} is in use: pick another --port, or 0 for a free one)` : "";
    process.stderr.write(`evals-contract proxy: ${message}${hint}\n`);
    return 1;
  }
  const stopped = untilStopped();
  process.stderr.write(`evals-contract proxy: listening on ${proxy.url} → ${proxy.target}\n`);
  await stopped;
  const report = await proxy.close();
  parsed.junit?.write(formatProxyJUnit(report));
  process.stdout.write(`${parsed.json ? JSON.stringify(report, null, 2) : formatProxyReport(report)}\n`);
  return report.ok ? 0 : 1;
}
