// Helpers of the proxy's tests: the built bin started as a process (to read its stderr lines, its
// memory and its exit code), and the spec's example answers that scripted servers send.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { responseExamples } from "@evals-api/types/spec";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

export const agentAnswer = () => structuredClone(Object.values(responseExamples("getEvalAgent", "200"))[0]) as any;
export const runAnswer = () => structuredClone(Object.values(responseExamples("createEvalRun", "202"))[0]) as any;
export const EXAMPLE_AGENT = agentAnswer().data.agent.id as string;

/**
 * A scripted server's answer to a read: the example agent with a wrong type (a vendor rule broken:
 * a violation), any other path with 418, a status the spec does not document (only warnings).
 */
export function answerBrokenRead(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  if (req.url === `/v1/evals/agents/${EXAMPLE_AGENT}`) {
    const agent = agentAnswer();
    agent.data.agent.name = 42;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(agent));
  } else {
    res.writeHead(418, { "content-type": "application/json" });
    res.end(JSON.stringify({ data: null, errors: [{ error: "TEAPOT", message: "short and stout" }] }));
  }
}

export interface ProxyProcess {
  child: ChildProcess;
  /** The listening URL it printed. */
  url: string;
  stderr(): string;
  stdout(): string;
  /** Sends the signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Starts `evals-contract proxy …` from the built bin and waits for its "listening" line. */
export function startProxyBin(args: string[], env: Record<string, string> = {}): Promise<ProxyProcess> {
  const child = spawn(process.execPath, [cli, "proxy", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+) → /.exec(stderr)?.[1];
      if (url !== undefined)
        resolve({
          child,
          url,
          stderr: () => stderr,
          stdout: () => stdout,
          stop: (signal = "SIGTERM") => {
            child.kill(signal);
            return exited;
          },
        });
    });
    exited.then(({ code }) => reject(new Error(`the proxy exited (${code}) before listening:\n${stderr}`)));
  });
}

/** The peak resident memory of a process (VmHWM), in bytes. */
export function peakRss(pid: number): number {
  const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  if (kb === undefined) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(kb) * 1024;
}

/** Waits until `condition` holds, checking every 20 ms, for at most `ms`. */
export async function eventually(condition: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`not so within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
