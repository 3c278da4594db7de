// Benchmark 5: how long `pnpm build` takes cold, warm and after a one-line spec change, and which
// turbo tasks re-ran each time. It runs on a throw-away clone of the repository, never on the
// working tree: the clone starts with no turbo cache and no build outputs, which is what cold means.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { exact } from "./intervals.js";
import type { Chart, Row, Section } from "./results.js";
import { formatMs } from "./results.js";
import { elapsedMs } from "./stats.js";

const run = promisify(execFile);

export interface BuildTimesOptions {
  /** Extra `turbo run build` arguments, e.g. a `--filter` for the quick smoke mode. */
  turboArgs: string[];
  /** The repository to clone; defaults to the one this package lives in. */
  repo?: string;
}

export interface BuildRun {
  name: string;
  ms: number;
  ran: string[];
  cached: string[];
}

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

// Turbo variables set by an outer turbo (when this runs inside `pnpm test`) must not leak into
// the nested build, which is a different repository with its own cache.
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("TURBO_")) env[key] = value;
  return {
    ...env,
    TURBO_TELEMETRY_DISABLED: "1",
    TURBO_NO_UPDATE_NOTIFIER: "1",
    REDOCLY_TELEMETRY: "off",
    REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
  };
}

async function build(dir: string, name: string, turboArgs: string[]): Promise<BuildRun> {
  const runsDir = join(dir, ".turbo", "runs");
  const before = new Set(await readdir(runsDir).catch(() => [] as string[]));
  const start = process.hrtime.bigint();
  try {
    await run("pnpm", ["build", "--summarize", "--output-logs=errors-only", ...turboArgs], {
      cwd: dir,
      env: cleanEnv(),
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`pnpm build (${name}) failed in the clone ${dir}:\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
  }
  const ms = elapsedMs(start);
  const summary = (await readdir(runsDir)).find((f) => f.endsWith(".json") && !before.has(f));
  if (summary === undefined) throw new Error(`turbo wrote no run summary for the ${name} build`);
  const { tasks } = JSON.parse(await readFile(join(runsDir, summary), "utf8")) as {
    tasks: { taskId: string; cache: { status: string } }[];
  };
  const ran = tasks
    .filter((t) => t.cache.status !== "HIT")
    .map((t) => t.taskId)
    .sort();
  const cached = tasks
    .filter((t) => t.cache.status === "HIT")
    .map((t) => t.taskId)
    .sort();
  return { name, ms, ran, cached };
}

/** Appends a sentence to the first line of the spec's `info.description`: a one-line doc edit. */
async function editOneDescriptionLine(dir: string): Promise<string> {
  const file = join(dir, "openapi", "openapi.yaml");
  const lines = (await readFile(file, "utf8")).split("\n");
  const at = lines.findIndex((line) => /^\s+description: [|>]-?\s*$/.test(line));
  if (at < 0 || lines[at + 1] === undefined) throw new Error("openapi/openapi.yaml has no block description to edit");
  lines[at + 1] = `${lines[at + 1]} (Edited by the build benchmark.)`;
  await writeFile(file, lines.join("\n"));
  return `openapi/openapi.yaml line ${at + 2}`;
}

export async function runBuildTimesBenchmark(options: BuildTimesOptions): Promise<Section> {
  const dir = await mkdtemp(join(tmpdir(), "evals-bench-build-"));
  const notes: string[] = [];
  try {
    await run("git", ["clone", "--quiet", options.repo ?? repoRoot, dir]);
    const installStart = process.hrtime.bigint();
    await run("pnpm", ["install", "--frozen-lockfile", "--prefer-offline"], { cwd: dir, env: cleanEnv() }).catch(
      (error: { stderr?: string }) => {
        // A commit that changed a package.json but not the lockfile: measure the build anyway.
        if (!error.stderr?.includes("ERR_PNPM_OUTDATED_LOCKFILE")) throw error;
        notes.push(
          "The committed pnpm-lock.yaml was out of date with a package.json; the clone was installed without `--frozen-lockfile`.",
        );
        return run("pnpm", ["install", "--no-frozen-lockfile", "--prefer-offline"], { cwd: dir, env: cleanEnv() });
      },
    );
    const installMs = elapsedMs(installStart);
    const cold = await build(dir, "cold", options.turboArgs);
    const warm = await build(dir, "warm (no change)", options.turboArgs);
    const edited = await editOneDescriptionLine(dir);
    const changed = await build(dir, "one-line description change", options.turboArgs);
    const runs = [cold, warm, changed];
    const rows: Row[] = runs.map((r) => {
      const ratio = r.ms / cold.ms;
      return {
        subject: `pnpm build, ${r.name}`,
        peer: r === cold ? "—" : "cold build",
        meaning: "time ÷ cold build's",
        ...(r === cold ? {} : { value: exact(ratio) }),
        detail:
          `${formatMs(r.ms)}; re-ran ${r.ran.length} of ${r.ran.length + r.cached.length} tasks` +
          (r.ran.length > 0 ? `: ${r.ran.map((t) => `\`${t}\``).join(", ")}` : " (FULL TURBO)"),
      };
    });
    const chart: Chart = {
      file: "build.svg",
      title: "pnpm build on a fresh clone",
      unit: "seconds (lower is better)",
      suffix: " s",
      bars: runs.map((r) => ({ label: r.name, value: r.ms / 1000, ours: true })),
    };
    return {
      id: "build",
      title: "Build",
      method:
        "The committed repository is cloned into a temporary directory and installed from the pnpm store " +
        `(\`pnpm install --frozen-lockfile --prefer-offline\`, ${formatMs(installMs)} this time). Then \`pnpm build\` ` +
        "runs three times with `--summarize`: cold (fresh clone: no turbo cache, no outputs), warm (no change), and " +
        `after appending a sentence to one description line (${edited}); turbo's run summary says which tasks ` +
        "re-ran (cache miss) and which were restored from its cache. One run each: the times are absolute, so they " +
        "move with the machine's load more than the ratios elsewhere on this page." +
        (options.turboArgs.length > 0 ? ` Turbo arguments: \`${options.turboArgs.join(" ")}\`.` : ""),
      rows,
      charts: [chart],
      notes,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
