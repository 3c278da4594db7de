// Where evals-contract's API key comes from, first found: --api-key, --api-key-file, BLAND_API_KEY
// (as every tool here reads it), EVALS_API_KEY (this tool's older name), else a placeholder that a
// server which checks keys refuses. Messages name the source, never the key.
import { readFileSync } from "node:fs";

export interface ApiKey {
  key: string;
  /** `--api-key`, `--api-key-file <path>`, `BLAND_API_KEY`, `EVALS_API_KEY` or `default`. */
  source: string;
}

/** The key no server issues, sent when none is given: checks of a keyless server still run. */
export const PLACEHOLDER_KEY = "evals-contract";

function fromFile(file: string): ApiKey {
  const source = `--api-key-file ${file}`;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new RangeError(`${source}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  // One trailing line break is how editors and `echo` end a file; the key is what precedes it.
  const key = text.trim();
  if (key === "") throw new RangeError(`${source}: the file is empty; put the API key in it, alone on one line`);
  if (/\s/.test(key)) throw new RangeError(`${source}: holds more than one word; put the API key alone on one line`);
  return { key, source };
}

/** The key and its source; a RangeError (bad usage) for two flags at once or an unusable file. */
export function apiKeyOf(flag: string | undefined, file: string | undefined, env: NodeJS.ProcessEnv): ApiKey {
  if (flag !== undefined && file !== undefined) {
    throw new RangeError("--api-key and --api-key-file both give the key; pass one of them");
  }
  if (flag !== undefined) {
    if (flag.trim() === "") throw new RangeError("--api-key is empty; pass the key, or use --api-key-file");
    return { key: flag, source: "--api-key" };
  }
  if (file !== undefined) return fromFile(file);
  for (const name of ["BLAND_API_KEY", "EVALS_API_KEY"]) {
    const key = env[name]?.trim();
    if (key) return { key, source: name };
  }
  return { key: PLACEHOLDER_KEY, source: "default" };
}
