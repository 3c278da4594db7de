// `--cpu-prof` for the code that runs inside the bench process (the clients): V8's sampling
// profiler, started and stopped around one contender's calls through node:inspector, so that a
// profile holds that contender's hot path and nothing else. The file is what `node --cpu-prof`
// writes (a .cpuprofile), so Chrome DevTools, VS Code or speedscope open it.
import { mkdir, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { dirname } from "node:path";

/** Sampling interval in µs: finer than node's default 1000 µs, since a call takes ~10–1000 µs. */
export const samplingIntervalUs = 100;

/** Runs `work` under the CPU profiler and writes the profile to `file`. */
export async function profileInProcess(file: string, work: () => Promise<unknown>): Promise<void> {
  const session = new Session();
  session.connect();
  try {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: samplingIntervalUs });
    await session.post("Profiler.start");
    try {
      await work();
    } finally {
      const { profile } = await session.post("Profiler.stop");
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify(profile));
    }
  } finally {
    session.disconnect();
  }
}

/** A file-name-safe slug of a contender's name. */
export function profileSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** The node flags that make a server process write its own profile into `dir` when it exits. */
export function cpuProfArgs(dir: string, name: string): string[] {
  return [
    "--cpu-prof",
    `--cpu-prof-dir=${dir}`,
    `--cpu-prof-name=${name}`,
    `--cpu-prof-interval=${samplingIntervalUs}`,
  ];
}
