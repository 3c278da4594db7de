#!/usr/bin/env node
// evals-mcp: the Evals API's tools for an AI assistant, over stdio (MCP). stdout carries the
// protocol only; one line per event goes to stderr, never the key. Exit 2 for bad usage.
import { parseArgs } from "node:util";
import { EvalsError } from "@evals-api/client";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import packageJson from "../package.json" with { type: "json" };
import { redaction } from "./redaction.js";
import { createEvalsMcpServer } from "./server.js";

const USAGE = `Usage: evals-mcp [options]   (an MCP server on stdio, for an AI assistant to start)

  --mock             serve against the in-process @evals-api/mock: no key, no network
  --base-url URL     where the API answers (default: https://api.bland.ai); https, or http on loopback
  --read-only        list only the tools that cost nothing (no create_eval_run)
  -h, --help         show this help
  -v, --version      print the version

The API key comes from the environment variable BLAND_API_KEY (not needed with --mock).
create_eval_run bills: without "confirm": true it is a dry run that sends nothing.`;

// Every line is redacted here too: an error of startup (or of the SDK) may quote the environment.
const redact = redaction(process.env.BLAND_API_KEY ?? "");
const say = (line: string) => process.stderr.write(`evals-mcp: ${redact(line)}\n`);

function usage(message: string): never {
  say(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function options() {
  try {
    return parseArgs({
      options: {
        mock: { type: "boolean" },
        "base-url": { type: "string" },
        "read-only": { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
      strict: true,
    }).values;
  } catch (error) {
    return usage((error as Error).message);
  }
}

async function main(): Promise<void> {
  const values = options();
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  if (values.version) return void process.stdout.write(`${packageJson.version}\n`);
  if (values.mock && values["base-url"] !== undefined)
    usage("--mock and --base-url exclude each other: the mock answers in-process");
  if (!values.mock && !process.env.BLAND_API_KEY?.trim()) {
    usage(
      'BLAND_API_KEY is not set: put your key in the "env" of this server in the assistant\'s MCP configuration, or run with --mock to try the tools without one',
    );
  }
  let served: ReturnType<typeof createEvalsMcpServer>;
  try {
    served = createEvalsMcpServer({
      mock: values.mock,
      baseUrl: values["base-url"],
      readOnly: values["read-only"],
      log: say,
    });
  } catch (error) {
    if (error instanceof EvalsError) usage(error.message.replace("baseUrl", "--base-url"));
    throw error;
  }
  await served.server.connect(new StdioServerTransport());
  const target = values.mock ? "the in-process mock" : (values["base-url"] ?? "https://api.bland.ai");
  say(
    `${served.tools.map((t) => t.name).join(", ")} against ${target}${values["read-only"] ? " (read-only)" : ""}; ready on stdio`,
  );
}

main().catch((error: unknown) => {
  say(`stopped: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
