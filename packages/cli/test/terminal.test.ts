// The display for a person, checked in a real pseudo-terminal: util-linux `script` runs the bin with
// a pty as its stdin, stdout and stderr, and records everything it drew.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { AGENT, BIN, CANARY, callIds, httpMock, tempFile } from "./support.js";

const ESC = String.fromCharCode(27);
const quoted = (arg: string) => `'${arg.replace(/'/g, "'\\''")}'`;

/** Runs `evals args…` in a pseudo-terminal; resolves with what the terminal showed and the exit code. */
function inTerminal(args: string[], env: Record<string, string>): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, BIN, ...args].map(quoted).join(" ");
  // -q: no banner, -e: the command's exit code, -f: flush as it is written, -c: the command.
  const child = spawn("script", ["-qefc", command, "/dev/null"], {
    env: { ...process.env, ...env, COLUMNS: "120", TERM: "xterm" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let screen = "";
  child.stdout.on("data", (chunk) => {
    screen += chunk;
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, screen })));
}

describe("on a terminal", () => {
  it("draws a live progress bar for a multi-chunk job, then a short summary instead of JSON", async () => {
    const { url, mock } = await httpMock({ faults: { latencyMs: 150 } });
    const file = tempFile("calls.txt", callIds(12_001).join("\n"));
    const { code, screen } = await inTerminal(
      ["runs", "create", "--calls", file, "--agent", AGENT, "--base-url", url],
      {
        BLAND_API_KEY: CANARY,
      },
    );
    expect(code).toBe(0);
    expect(screen).not.toContain(CANARY);
    // Redrawn in place: carriage return and erase-line, a bar, chunks, calls, rate, ETA.
    expect(screen).toMatch(
      new RegExp(`\r${ESC}\\[2K\\[#{6,7}-{13,14}\\] chunks 1/3 · calls 5,000/12,001 · [\\d,]+ calls/s · ETA \\d+s`),
    );
    expect(screen).toMatch(/\[#{20}\] chunks 3\/3 · calls 12,001\/12,001/);
    expect(screen).toContain("3 runs created for 12,001 calls (12,001 atoms)");
    for (const run of mock.state.runs.values()) expect(screen).toContain(`${run.id}  PENDING`);
    expect(screen).not.toMatch(/^\s*\{/m);
  });

  it("prints JSON on a terminal too when asked with --json, and no live line", async () => {
    const file = tempFile("calls.txt", callIds(6000).join("\n"));
    const { code, screen } = await inTerminal(
      ["runs", "create", "--calls", file, "--agent", AGENT, "--mock", "--json"],
      {},
    );
    expect(code).toBe(0);
    expect(screen).not.toContain("\x1b[2K");
    expect(screen).toMatch(/^\{\r?$/m);
  });

  it("shows an agent as a few lines of text", async () => {
    const { code, screen } = await inTerminal(["agents", "get", AGENT, "--mock"], {});
    expect(code).toBe(0);
    expect(screen).toMatch(new RegExp(`^Empathy Check \\(${AGENT}\\)`, "m"));
    expect(screen).toContain("published version: c3d4e5f6-a7b8-9012-cdef-123456789012");
  });
});
