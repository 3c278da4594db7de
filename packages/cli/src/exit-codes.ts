// The exit codes of `evals`, a documented contract (README, --help): scripts branch on them.
export const ExitCode = {
  /** Everything asked for was done. */
  ok: 0,
  /** An API error, a connection error or a timeout, or no chunk got a run. */
  failed: 1,
  /** Bad usage or validation: nothing was sent. */
  usage: 2,
  /** Partially done: some chunks got a run, some did not. */
  partial: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
