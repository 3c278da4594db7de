// Runs the benchmarks with the sizes of one mode: "full" for the published numbers, "smoke" for
// the quick check in `pnpm test` that every benchmark still runs and reports well-formed results.
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { runBuildTimesBenchmark } from "./build-times.js";
import { runBundleSizeBenchmark } from "./bundle-size.js";
import { runClientOverheadBenchmark } from "./client-overhead.js";
import { clientBundles, clientContenders, evalsMock } from "./contenders.js";
import { exampleRun, exampleRunWithError, seedAgentId } from "./fixtures.js";
import { defaultScenarios, runMockThroughputBenchmark } from "./mock-throughput.js";
import { startServer } from "./processes.js";
import type { Machine, Results, Section } from "./results.js";
import { elapsedMs } from "./stats.js";
import { runValidationBenchmark } from "./validation.js";

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
    client: { rounds: 31, batchMs: 70, minRequests: 20, concurrency: 8 },
    validation: { rounds: 9, batchMs: 60 },
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

const fixedBodyServerScript = fileURLToPath(new URL("../dist/fixed-body-server.js", import.meta.url));

async function clientOverhead(mode: Mode): Promise<Section> {
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
}

const benchmarks: Record<BenchmarkId, (mode: Mode) => Promise<Section> | Section> = {
  "client-overhead": clientOverhead,
  validation: (mode) => runValidationBenchmark(sizes[mode].validation),
  "bundle-size": () => runBundleSizeBenchmark(clientBundles),
  "mock-throughput": (mode) =>
    runMockThroughputBenchmark({
      ...sizes[mode].mock,
      mock: evalsMock,
      scenarios: defaultScenarios(seedAgentId, exampleRun(), exampleRunWithError()),
    }),
  build: (mode) => runBuildTimesBenchmark(sizes[mode].build),
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
    mode: options.mode,
    machine: machine(loadAtStart),
    durationSeconds: elapsedMs(start) / 1000,
    sections,
  };
}
