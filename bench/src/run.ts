// Runs the benchmarks with the sizes of one mode: "full" for the published numbers, "smoke" for
// the quick check in `pnpm test` that every benchmark still runs and reports well-formed results.
import { execFileSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import type { Machine, Results, Section } from "./results.js";
import { elapsedMs } from "./stats.js";

export type Mode = "full" | "smoke";

export const benchmarkIds = ["client-overhead", "validation", "bundle-size", "mock-throughput", "build"] as const;
export type BenchmarkId = (typeof benchmarkIds)[number];

export interface RunOptions {
  mode: Mode;
  only?: readonly BenchmarkId[];
  /** Progress lines (to stderr by default in the CLI). */
  log?: (line: string) => void;
}

const sizes = {
  full: {
    client: { rounds: 51, batchMs: 40, minRequests: 20, concurrency: 8 },
    validation: { rounds: 31, batchMs: 25 },
    mock: { rounds: 3, durationSeconds: 3, connections: 10, sampleSize: 5, startups: 3 },
    build: { turboArgs: [] as string[] },
  },
  smoke: {
    client: { rounds: 1, batchMs: 1, minRequests: 5, concurrency: 2 },
    validation: { rounds: 1, batchMs: 2 },
    mock: { rounds: 1, durationSeconds: 1, connections: 2, sampleSize: 2, startups: 1 },
    // A cold/warm/changed build of the spec gate and @evals-api/types only.
    build: { turboArgs: ["--filter=@evals-api/types"] },
  },
};

export function machine(loadAtStart: number): Machine {
  return {
    loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
    cores: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? "unknown CPU",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** The commit the numbers belong to, so that a reader can check out exactly what was measured. */
function measuredCommit(): string {
  try {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).trim();
    const head = git("rev-parse", "--short", "HEAD");
    return git("status", "--porcelain", "--untracked-files=no") === "" ? head : `${head} + uncommitted changes`;
  } catch {
    return "unknown (not a git checkout)";
  }
}

const fixedBodyServerScript = fileURLToPath(new URL("../dist/fixed-body-server.js", import.meta.url));

// Each benchmark loads its modules when it runs, so that `--only=validation` works while the
// client or the mock is being rebuilt (or is broken).
const benchmarks: Record<BenchmarkId, (mode: Mode) => Promise<Section>> = {
  "client-overhead": async (mode) => {
    const [{ runClientOverheadBenchmark }, { clientContenders }, { startServer }, { seedAgentId }] = await Promise.all([
      import("./client-overhead.js"),
      import("./client-contenders.js"),
      import("./processes.js"),
      import("./fixtures.js"),
    ]);
    const server = await startServer({
      name: "fixed-body server",
      command: process.execPath,
      args: [fixedBodyServerScript, "{port}"],
      readyPath: `/v1/evals/agents/${seedAgentId}`,
    });
    try {
      return await runClientOverheadBenchmark(server, { ...sizes[mode].client, extra: clientContenders });
    } finally {
      await server.stop();
    }
  },
  validation: async (mode) => (await import("./validation.js")).runValidationBenchmark(sizes[mode].validation),
  "bundle-size": async () => {
    const { runBundleSizeBenchmark } = await import("./bundle-size.js");
    const { clientBundles } = await import("./client-contenders.js");
    return runBundleSizeBenchmark(clientBundles);
  },
  "mock-throughput": async (mode) => {
    const { defaultScenarios, runMockThroughputBenchmark } = await import("./mock-throughput.js");
    const { evalsMock } = await import("./mock-contender.js");
    const { brokenField, exampleRun, exampleRunWithError, seedAgentId } = await import("./fixtures.js");
    return runMockThroughputBenchmark({
      ...sizes[mode].mock,
      mock: evalsMock,
      scenarios: defaultScenarios(seedAgentId, exampleRun(), exampleRunWithError(), brokenField),
    });
  },
  build: async (mode) => (await import("./build-times.js")).runBuildTimesBenchmark(sizes[mode].build),
};

/** Runs the chosen benchmarks one after another; a failing benchmark fails the whole run. */
export async function runBenchmarks(options: RunOptions): Promise<Results> {
  const log = options.log ?? (() => {});
  const start = process.hrtime.bigint();
  const loadAtStart = loadavg()[0] ?? 0;
  const sections: Section[] = [];
  for (const id of benchmarkIds) {
    if (options.only && !options.only.includes(id)) continue;
    const started = process.hrtime.bigint();
    log(`${id}: running (${options.mode})`);
    sections.push(await benchmarks[id](options.mode));
    log(`${id}: done in ${(elapsedMs(started) / 1000).toFixed(1)} s`);
  }
  return {
    date: new Date().toISOString(),
    commit: measuredCommit(),
    mode: options.mode,
    machine: machine(loadAtStart),
    durationSeconds: elapsedMs(start) / 1000,
    sections,
  };
}
