// A mistake in the command line or its input: exit code 2, nothing sent. The message names the
// flag (or the input line) and what is wrong with it.
export class UsageError extends Error {
  override name = "UsageError";
}
