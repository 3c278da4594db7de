// A callback in a later turn of the event loop, once this turn's microtasks and I/O have run: where
// createMany does its own work (reading the next chunk, scanning the rest of an array) while the
// request it has just sent is in flight, rather than before that request is even written.

/** Runs `callback` in the next turn; returns what cancels it. */
export function inNextTurn(callback: () => void): () => void {
  if (typeof setImmediate === "function") {
    const immediate = setImmediate(callback);
    return () => clearImmediate(immediate);
  }
  // Browsers and workers have no setImmediate; a zero timeout is their next turn.
  const timeout = setTimeout(callback, 0);
  return () => clearTimeout(timeout);
}
