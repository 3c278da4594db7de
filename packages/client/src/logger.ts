// The client's log: a level (the `logLevel` option, else `EVALS_LOG` where there is a `process`,
// else "warn") and where lines go (the `logger` option, else `console`). Callers check `log.level`
// before building a line, so a level that is off costs one comparison. Every line is redacted.
import type { Redaction } from "./redaction.js";

export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

/** Where log lines go: `console`, or any object with these four methods (pino, winston, …). */
export type Logger = Record<Exclude<LogLevel, "off">, (message: string) => void>;

// A level's rank is its index: a line of rank r is written when the log's level is at least r.
const LEVELS: LogLevel[] = ["off", "error", "warn", "info", "debug"];

export interface Log {
  /** 0 (off) to 4 (debug): check it before building a line. */
  level: number;
  /** Writes `line`, redacted, at `rank` (1 error, 2 warn, 3 info, 4 debug). */
  (rank: number, line: string): void;
}

export function logOf(level: LogLevel | undefined, logger: Logger = console, { text }: Redaction): Log {
  // `EVALS_LOG=` (empty) is unset.
  const given = level ?? ((globalThis.process?.env?.EVALS_LOG || "warn") as LogLevel);
  const rank = LEVELS.indexOf(given);
  // Named by both places a level comes from; the option wins where both are set.
  if (rank < 0) throw new RangeError(`logLevel/EVALS_LOG "${given}": use ${LEVELS}`);
  // A line above the level is dropped here too: the last attempt's lines are of two levels.
  return Object.assign(
    (r: number, line: string) => r > rank || logger[LEVELS[r] as keyof Logger](text(`evals: ${line}`)),
    {
      level: rank,
    },
  );
}
