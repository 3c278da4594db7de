// Deterministic ids and clocks for tests that compare whole responses.

/** UUID-shaped ids `00000000-0000-4000-8000-000000000001`, `…002`, … (valid `format: uuid`). */
export function sequentialIds(start = 1): () => string {
  let next = start;
  return () => `00000000-0000-4000-8000-${(next++).toString(16).padStart(12, "0")}`;
}

/** A clock that starts at `start` and advances `stepMs` on each reading. */
export function steppingClock(start: Date | string = "2026-01-01T00:00:00.000Z", stepMs = 1000): () => Date {
  let at = new Date(start).getTime();
  return () => {
    const reading = new Date(at);
    at += stepMs;
    return reading;
  };
}
