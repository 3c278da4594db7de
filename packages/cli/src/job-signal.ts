// Ctrl-C during a job: the first stops it cleanly (no new chunk starts; those in flight are
// aborted and reported as in doubt, and the journal keeps what is done); a second quits at once,
// which the journal survives too (each entry is on disk before the create it guards).
import { ExitCode } from "./exit-codes.js";

export interface JobSignal {
  signal: AbortSignal;
  interrupted(): boolean;
  release(): void;
}

export function jobSignal(say: (line: string) => void): JobSignal {
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) {
      say("interrupted again: quitting now");
      process.exit(ExitCode.failed);
    }
    say("interrupted: starting no new chunk; those in flight are now in doubt (Ctrl-C again to quit at once)");
    controller.abort(new DOMException("interrupted (SIGINT)", "AbortError"));
  };
  process.on("SIGINT", onInterrupt);
  process.on("SIGTERM", onInterrupt);
  return {
    signal: controller.signal,
    interrupted: () => controller.signal.aborted,
    release: () => {
      process.off("SIGINT", onInterrupt);
      process.off("SIGTERM", onInterrupt);
    },
  };
}
