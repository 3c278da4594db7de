// The progress of a multi-chunk job. On a terminal: one line redrawn in place (a bar when the
// total is known, chunks, calls, rate and ETA). Anywhere else: a plain line per chunk, so that a CI
// log reads top to bottom. Always on stderr: stdout carries only the result.
import type { CreateManyProgress } from "@evals-api/client";

export interface ProgressView {
  update(progress: CreateManyProgress): void;
  /** Clears the live line (its last state stays in the summary). */
  finish(): void;
}

export interface ProgressTarget {
  write(text: string): void;
  /** Redraw one line in place (a terminal), or print a line per update. */
  live: boolean;
  columns?: number;
}

/** `callsEstimate`: the ids counted in the input before sending (repeats included), when known. */
export function progressView(target: ProgressTarget, chunkSize: number, callsEstimate?: number): ProgressView {
  const started = Date.now();
  const chunksEstimate = callsEstimate === undefined ? undefined : Math.ceil(callsEstimate / chunkSize);
  // A job known to fit in one run has nothing to show progress of.
  if (chunksEstimate !== undefined && chunksEstimate <= 1) return { update: () => {}, finish: () => {} };
  let last: CreateManyProgress = { chunksDone: 0, callsSubmitted: 0, runs: 0, failed: 0 };
  const line = (bar: boolean) => progressLine(last, Date.now() - started, { callsEstimate, chunksEstimate, bar });
  if (!target.live) {
    return {
      update: (progress) => {
        last = progress;
        target.write(`evals: ${line(false)}\n`);
      },
      finish: () => {},
    };
  }
  const draw = () => target.write(`\r\x1b[2K${fitted(line(true), target.columns)}`);
  // Redrawn every second as well, so that the rate and ETA move while a chunk is in flight.
  const ticker = setInterval(draw, 1000);
  ticker.unref();
  draw();
  return {
    update: (progress) => {
      last = progress;
      draw();
    },
    finish: () => {
      clearInterval(ticker);
      target.write("\r\x1b[2K");
    },
  };
}

interface Estimates {
  callsEstimate: number | undefined;
  chunksEstimate: number | undefined;
}

function progressLine(
  progress: CreateManyProgress,
  elapsedMs: number,
  { callsEstimate: callsTotal, chunksEstimate: chunksTotal, bar: withBar }: Estimates & { bar: boolean },
): string {
  const { chunksDone, callsSubmitted, failed } = progress;
  const rate = elapsedMs > 0 ? (callsSubmitted * 1000) / elapsedMs : 0;
  const parts = [
    `chunks ${chunksDone}${chunksTotal ? `/${chunksTotal}` : ""}`,
    `calls ${count(callsSubmitted)}${callsTotal ? `/${count(callsTotal)}` : ""}`,
    `${count(Math.round(rate))} calls/s`,
  ];
  if (failed > 0) parts.push(`${failed} failed`);
  if (callsTotal && rate > 0) parts.push(`ETA ${duration(Math.max(0, callsTotal - callsSubmitted) / rate)}`);
  const bar = withBar && chunksTotal ? `${progressBar(chunksDone / chunksTotal)} ` : "";
  return `${bar}${parts.join(" · ")}`;
}

function progressBar(share: number, width = 20): string {
  const filled = Math.min(width, Math.round(share * width));
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
}

export const count = (n: number) => n.toLocaleString("en-US");

function duration(seconds: number): string {
  const s = Math.ceil(seconds);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

// A line longer than the terminal wraps, and `\r` then redraws only its last part.
function fitted(text: string, columns: number | undefined): string {
  return columns && text.length >= columns ? text.slice(0, columns - 1) : text;
}
