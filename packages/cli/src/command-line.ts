// Reading a command's flags with node:util parseArgs, strict: an unknown flag, a missing value or a
// stray argument is a UsageError naming it.
import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./usage-error.js";

export const CONNECTION_FLAGS = {
  "api-key-file": { type: "string" },
  "base-url": { type: "string" },
  mock: { type: "boolean" },
  json: { type: "boolean" },
  verbose: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

export function parsedFlags<Options extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: Options) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    // parseArgs says "Unknown option '--x'. To specify a positional argument starting with a '-'…"
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ""));
  }
}
