// Servers under test run as their own process groups on 127.0.0.1: started with setsid (Node's
// `detached`), timed until they answer, measured by resident memory, and stopped by killing the
// whole group — killing only a wrapper (npx, a shell) would leave the real server running.
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { elapsedMs } from "./stats.js";

export interface ServerProcess {
  name: string;
  pid: number;
  baseUrl: string;
  /** Milliseconds from spawn to the first successful answer to the readiness request. */
  startupMs: number;
  /** Resident memory of every process in the group, in MiB. */
  rssMiB(): number;
  /** CPU time (user + system) used so far by the group's live processes, in ms (10 ms steps). */
  cpuMs(): number;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  command: string;
  /** `{port}` is replaced by the port chosen for this process. */
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** A path to GET until it answers 2xx, e.g. the seed agent. */
  readyPath: string;
  readyHeaders?: Record<string, string>;
  timeoutMs?: number;
}

function bindable(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(undefined));
    probe.listen(port, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : undefined));
    });
  });
}

// Below Linux's ephemeral range (32768–60999 by default), where the kernel never puts the local
// end of an outgoing connection: with autocannon and fetch opening sockets all the time, a port
// taken from that range can be handed to a client socket before the server binds it.
const lowestPort = 20_000;
const highestPort = 32_767;

/** A port that was free a moment ago on 127.0.0.1, outside the ephemeral range when one is. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = lowestPort + Math.floor(Math.random() * (highestPort - lowestPort + 1));
    const free = await bindable(port);
    if (free !== undefined) return free;
  }
  const any = await bindable(0);
  if (any === undefined) throw new Error("No free TCP port on 127.0.0.1");
  return any;
}

/** Sums `read(pid, statFields)` over every live process of the group. */
function sumOverGroup(pgid: number, read: (pid: string, fields: string[]) => number): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after "(comm)": state ppid pgrp … utime (12th) stime (13th).
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      total += read(entry, fields);
    } catch {
      // The process exited between listing and reading: it holds nothing any more.
    }
  }
  return total;
}

function groupRssMiB(pgid: number): number {
  const kib = sumOverGroup(pgid, (pid) => {
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return Number(rss?.[1] ?? 0);
  });
  return kib / 1024;
}

// Linux reports CPU time in clock ticks of 1/100 s (USER_HZ) on every mainstream build.
const msPerTick = 10;

function groupCpuMs(pgid: number): number {
  return sumOverGroup(pgid, (_, fields) => (Number(fields[11]) + Number(fields[12])) * msPerTick);
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}

/** The port was taken between choosing it and the server binding it: try another. */
class PortTaken extends Error {}

const startAttempts = 3;

export async function startServer(options: StartOptions): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options, await freePort());
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt === startAttempts) throw error;
    }
  }
}

async function startOnce(options: StartOptions, port: number): Promise<ServerProcess> {
  const baseUrl = `http://127.0.0.1:${port}`;
  const start = process.hrtime.bigint();
  const child = spawn(
    options.command,
    options.args.map((a) => a.replaceAll("{port}", String(port))),
    { cwd: options.cwd, env: { ...process.env, ...options.env }, detached: true, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`Could not start ${options.name}: ${options.command} did not spawn`);
  const stop = async () => {
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      return; // the group is already gone
    }
    const killer = setTimeout(() => {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {}
    }, 3000);
    await exited(child);
    clearTimeout(killer);
  };
  const deadline = options.timeoutMs ?? 30_000;
  for (;;) {
    // Some servers (Prism) report a taken port and keep running without listening.
    if (stderr.includes("EADDRINUSE")) {
      await stop();
      throw new PortTaken(`${options.name}: port ${port} was taken before it could listen:\n${stderr}`);
    }
    if (child.exitCode !== null) {
      throw new Error(`${options.name} exited with code ${child.exitCode} before answering:\n${stderr}`);
    }
    try {
      const res = await fetch(`${baseUrl}${options.readyPath}`, { headers: options.readyHeaders });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (elapsedMs(start) > deadline) {
      await stop();
      throw new Error(`${options.name} did not answer ${options.readyPath} within ${deadline} ms:\n${stderr}`);
    }
    // Poll often: the startup benchmark compares starts of ~50–200 ms, so 5 ms steps would show.
    await new Promise((r) => setTimeout(r, 2));
  }
  const startupMs = elapsedMs(start);
  return {
    name: options.name,
    pid,
    baseUrl,
    startupMs,
    rssMiB: () => groupRssMiB(pid),
    cpuMs: () => groupCpuMs(pid),
    stop,
  };
}
