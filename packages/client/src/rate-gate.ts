// Flow control for a batch: when the server says "too many requests" (a 429, or a 503 that says
// when to come back) to any chunk, every chunk waits before its next attempt, not only the one
// that was told. Without it, the other chunks in flight would keep the server busy and be told too.
import { retryAfterMs } from "./backoff.js";
import { sleep } from "./retry-policy.js";
import type { Send } from "./transport.js";

// A server that asks for more than this is told "later" by the chunk's failure instead: the client
// gives up on such a wait too (retry-policy.ts).
const LONGEST_PAUSE_MS = 60_000;
// When the server does not say how long: about the client's first backoff.
const UNSAID_PAUSE_MS = 500;

export interface RateGate {
  /** `send`, held back while the gate is closed, and closing it when an answer asks to slow down. */
  through(send: Send, onSend: () => void): Send;
  /** Resolves once the gate is open; rejects with the signal's reason if it aborts first. */
  opened(signal: AbortSignal | undefined): Promise<void>;
}

export function createRateGate(): RateGate {
  let openAt = 0;
  const gate: RateGate = {
    async opened(signal) {
      for (let wait = openAt - Date.now(); wait > 0; wait = openAt - Date.now()) await sleep(wait, signal);
    },
    through: (send, onSend) => async (request, signal) => {
      await gate.opened(signal);
      onSend();
      const answer = await send(request, signal);
      const pause = pauseAsked(answer.response);
      if (pause !== undefined) openAt = Math.max(openAt, Date.now() + pause);
      return answer;
    },
  };
  return gate;
}

/** How long an answer asks every request to wait, if it says "too many requests". */
export function pauseAsked({ status, headers }: { status: number; headers: Headers }): number | undefined {
  const asked = retryAfterMs(headers);
  if (status !== 429 && !(status === 503 && asked !== undefined)) return undefined;
  return Math.min(asked ?? UNSAID_PAUSE_MS, LONGEST_PAUSE_MS);
}
