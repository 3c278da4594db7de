// Where the API key comes from: BLAND_API_KEY, or a file named by --api-key-file. There is no flag
// that takes the key itself: a key on the command line lands in shell history and in `ps` output
// for every user of the machine. Only the key's source is ever shown, never the key.
import { readFileSync, statSync } from "node:fs";
import { UsageError } from "./usage-error.js";

export interface ApiKey {
  key: string;
  /** Where it came from, for messages: `BLAND_API_KEY` or `--api-key-file <path>`. */
  source: string;
  /** Something to tell the user about the key's file (others can read it). */
  warning?: string;
}

export function apiKeyOf(file: string | undefined, env: NodeJS.ProcessEnv): ApiKey {
  if (file !== undefined) {
    const source = `--api-key-file ${file}`;
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new UsageError(`${source}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    // One trailing line break is how editors and `echo` end a file; the key is what precedes it.
    const key = text.trim();
    if (key === "") throw new UsageError(`${source}: the file is empty; put the API key in it, alone on one line`);
    if (/\s/.test(key)) throw new UsageError(`${source}: holds more than one word; put the API key alone on one line`);
    return { key, source, warning: exposure(file, source) };
  }
  const key = env.BLAND_API_KEY?.trim();
  if (key) return { key, source: "BLAND_API_KEY" };
  throw new UsageError(
    "no API key: set BLAND_API_KEY, or pass --api-key-file <file> (a file holding the key). " +
      "--mock and --dry-run need none.",
  );
}

// As ssh does for a private key: a key file that other users can read is worth a word.
function exposure(file: string, source: string): string | undefined {
  if (process.platform === "win32") return undefined;
  const mode = statSync(file).mode;
  if ((mode & 0o077) === 0) return undefined;
  return `${source}: other users of this machine can read it; chmod 600 ${file}`;
}
