// Runs the benchmarks with the sizes of one mode: "full" for the published numbers, "smoke" for
// the quick check in `pnpm test` that every benchmark still runs and reports well-formed results.
import { execFileSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import type { BeforeBuild } from "./before-build.js";
import { createRunBounds } from "./fixtures.js";
import { type BootstrapSettings, defaultBootstrap } from "./intervals.js";
import type { Machine, Results, Section, Settings } from "./results.js";
import { elapsedMs } from "./stats.js";

export type Mode = "full" | "smoke";

export const benchmarkIds = [
  "client-overhead",
  "validation",
  "bundle-size",
  "mock-throughput",
  "build",
  "create-many",
] as const;
export type BenchmarkId = (typeof benchmarkIds)[number];

export interface RunOptions {
  mode: Mode;
  only?: readonly BenchmarkId[];
  /** Rounds of every benchmark (default: 30 in full mode, 2 in smoke mode). */
  rounds?: number;
  /** `--cpu-prof`: write .cpuprofile files of our client's and our mock's hot paths here. */
  profileDir?: string;
  /** `--before`: a git ref (or a built checkout) whose client and mock run beside the current ones. */
  before?: string;
  /** Progress lines (to stderr by default in the CLI). */
  log?: (line: string) => void;
}

export const sizes = {
  full: {
    rounds: 30,
    minBatchMs: 300,
    client: { loopbackMsPerContender: 1200, stubMsPerContender: 2000, concurrency: 8 },
    mock: { durationSeconds: 0.5, connections: 10, sampleSize: 5 },
    profile: { clientMs: 3000, mockSeconds: 5 },
    build: { turboArgs: [] as string[] },
    // 1,000,000 ids in chunks of the spec's maxItems of call_ids: 200 runs, as the issue sizes it.
    // A round scores 1,000,000 ids twice (several seconds): fewer rounds than the others by default,
    // to keep the benchmark under 3 minutes; `--rounds` sets them like every benchmark's.
    createMany: {
      ids: 1_000_000,
      chunkSize: createRunBounds.maxCallIds,
      memoryIds: 1_000_000,
      rounds: 12,
      memoryRounds: 5,
    },
  },
  smoke: {
    rounds: 2,
    minBatchMs: 5,
    client: { loopbackMsPerContender: 10, stubMsPerContender: 10, concurrency: 2 },
    mock: { durationSeconds: 0.3, connections: 2, sampleSize: 2 },
    profile: { clientMs: 20, mockSeconds: 0.3 },
    // A cold/warm/changed build of the spec gate and @evals-api/types only.
    build: { turboArgs: ["--filter=@evals-api/types"] },
    createMany: { ids: 20_000, chunkSize: 100, memoryIds: 50_000, rounds: 2, memoryRounds: 2 },
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

interface Context {
  mode: Mode;
  rounds: number;
  /** Whether `rounds` came from `--rounds` (it then overrides a benchmark's own default too). */
  roundsGiven: boolean;
  minBatchMs: number;
  bootstrap: BootstrapSettings;
  profileDir?: string;
  before?: BeforeBuild;
  /** .cpuprofile files written so far. */
  profiles: string[];
}

// Each benchmark loads its modules when it runs, so that `--only=validation` works while the
// client or the mock is being rebuilt (or is broken).
const benchmarks: Record<BenchmarkId, (context: Context) => Promise<Section>> = {
  "client-overhead": async (context) => {
    const [{ runClientOverheadBenchmark }, contenders, { startFloorServer }] = await Promise.all([
      import("./client-overhead.js"),
      import("./client-contenders.js"),
      import("./floor-servers.js"),
    ]);
    const ours = await contenders.clientContenders();
    if (context.before !== undefined) {
      const { clientEntry, label } = context.before;
      ours.push(...(await contenders.clientContendersBefore(clientEntry, `@evals-api/client ${label}`)));
    }
    const size = sizes[context.mode];
    const server = await startFloorServer();
    try {
      const { section, profiles } = await runClientOverheadBenchmark(server, {
        ...size.client,
        rounds: context.rounds,
        minBatchMs: context.minBatchMs,
        bootstrap: context.bootstrap,
        ours,
        ...(context.profileDir ? { profile: { dir: context.profileDir, ms: size.profile.clientMs } } : {}),
      });
      context.profiles.push(...profiles);
      return section;
    } finally {
      await server.stop();
    }
  },
  validation: async (context) =>
    (await import("./validation.js")).runValidationBenchmark({
      rounds: context.rounds,
      minBatchMs: context.minBatchMs,
      bootstrap: context.bootstrap,
    }),
  "bundle-size": async () => {
    const { runBundleSizeBenchmark } = await import("./bundle-size.js");
    const { clientBundles } = await import("./client-contenders.js");
    return runBundleSizeBenchmark(clientBundles);
  },
  "mock-throughput": async (context) => {
    const { runMockThroughputBenchmark } = await import("./mock-throughput.js");
    const { defaultScenarios } = await import("./mock-load.js");
    const { evalsMock, evalsMockBefore } = await import("./mock-contender.js");
    const { brokenField, exampleRun, exampleRunWithError, seedAgentId } = await import("./fixtures.js");
    const size = sizes[context.mode];
    const scenarios = defaultScenarios(seedAgentId, exampleRun(), exampleRunWithError(), brokenField);
    const section = await runMockThroughputBenchmark({
      ...size.mock,
      rounds: context.rounds,
      bootstrap: context.bootstrap,
      mock: evalsMock,
      ...(context.before ? { before: evalsMockBefore(context.before.mockManifest, context.before.label) } : {}),
      scenarios,
    });
    if (context.profileDir !== undefined) {
      const { profileMock } = await import("./mock-profile.js");
      context.profiles.push(
        ...(await profileMock(evalsMock, scenarios, {
          dir: context.profileDir,
          seconds: size.profile.mockSeconds,
          connections: size.mock.connections,
        })),
      );
    }
    return section;
  },
  build: async (context) => (await import("./build-times.js")).runBuildTimesBenchmark(sizes[context.mode].build),
  "create-many": async (context) => {
    const { runCreateManyBenchmark } = await import("./create-many.js");
    const { rounds, memoryRounds, ...size } = sizes[context.mode].createMany;
    const { section, profiles } = await runCreateManyBenchmark({
      ...size,
      rounds: context.roundsGiven ? context.rounds : rounds,
      memoryRounds: context.roundsGiven ? context.rounds : memoryRounds,
      bootstrap: context.bootstrap,
      ...(context.profileDir ? { profile: { dir: context.profileDir } } : {}),
    });
    context.profiles.push(...profiles);
    return section;
  },
};

/** Runs the chosen benchmarks one after another; a failing benchmark fails the whole run. */
export async function runBenchmarks(options: RunOptions): Promise<Results> {
  const log = options.log ?? (() => {});
  const rounds = options.rounds ?? sizes[options.mode].rounds;
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`rounds must be a whole number ≥ 1, got ${rounds}`);
  const start = process.hrtime.bigint();
  const loadAtStart = loadavg()[0] ?? 0;
  const selected = benchmarkIds.filter((id) => !options.only || options.only.includes(id));
  const needsBefore = selected.some((id) => id === "client-overhead" || id === "mock-throughput");
  const before =
    options.before !== undefined && needsBefore
      ? await (await import("./before-build.js")).prepareBefore(options.before, log)
      : undefined;
  const context: Context = {
    mode: options.mode,
    rounds,
    roundsGiven: options.rounds !== undefined,
    minBatchMs: sizes[options.mode].minBatchMs,
    bootstrap: defaultBootstrap,
    ...(options.profileDir ? { profileDir: options.profileDir } : {}),
    ...(before ? { before } : {}),
    profiles: [],
  };
  const sections: Section[] = [];
  try {
    for (const id of selected) {
      const started = process.hrtime.bigint();
      log(`${id}: running (${options.mode}, ${rounds} rounds)`);
      sections.push(await benchmarks[id](context));
      log(`${id}: done in ${(elapsedMs(started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await before?.dispose();
  }
  const settings: Settings = { rounds, minBatchMs: context.minBatchMs, bootstrap: context.bootstrap };
  return {
    date: new Date().toISOString(),
    commit: measuredCommit(),
    mode: options.mode,
    machine: machine(loadAtStart),
    settings,
    durationSeconds: elapsedMs(start) / 1000,
    sections,
    ...(context.profiles.length > 0 ? { profiles: context.profiles } : {}),
  };
}
