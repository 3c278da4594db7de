// One "abort" listener on a caller's signal however many calls share it: Node warns past ten
// listeners ("possible EventTarget memory leak"), and a batch of calls sharing one signal is normal.
const waiting = new WeakMap<AbortSignal, Set<(reason: unknown) => void>>();

/**
 * Calls `callback` with the signal's reason when it aborts, until the returned function is called.
 * Every caller calls it, aborted or not: the last one takes the listener off.
 */
export function onAbort(signal: AbortSignal | undefined, callback: (reason: unknown) => void): () => void {
  if (!signal) return stopNothing;
  let callbacks = waiting.get(signal);
  if (!callbacks) {
    callbacks = new Set();
    waiting.set(signal, callbacks);
    signal.addEventListener("abort", dispatch);
  }
  callbacks.add(callback);
  return () => {
    callbacks.delete(callback);
    if (callbacks.size === 0) {
      waiting.delete(signal);
      signal.removeEventListener("abort", dispatch);
    }
  };
}

// One function for every call without a signal: this runs on every attempt.
const stopNothing = () => {};

function dispatch(this: AbortSignal): void {
  for (const callback of waiting.get(this) as Set<(reason: unknown) => void>) callback(this.reason);
}
