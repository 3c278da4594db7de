#!/usr/bin/env node
// `pnpm bench`: run the benchmarks, write bench/results/latest.json, the SVG charts and the
// root BENCHMARKS.md. `--smoke` runs the tiny mode and writes only where `--out` says.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { formatHotSpots, hotSpots, readProfile } from "./hot-spots.js";
import { compareWithPrevious } from "./previous-run.js";
import { renderCharts, renderMarkdown, targetRows } from "./report.js";
import type { Results } from "./results.js";
import { type BenchmarkId, benchmarkIds, runBenchmarks, sizes } from "./run.js";

const usage = `Usage: node bench/dist/cli.js [--smoke] [--only=${benchmarkIds.join(",")}] [--rounds=N] [--out=DIR] [--markdown=FILE] [--cpu-prof] [--cpu-prof-dir=DIR] [--before=REF]

  --smoke           tiny runs that only check every benchmark still works (numbers mean nothing)
  --only=IDS        comma-separated benchmarks to run (default: all)
  --rounds=N        rounds of every benchmark (default: ${sizes.full.rounds}; ${sizes.smoke.rounds} with --smoke); more rounds narrow
                    the confidence intervals, which is what an undecided verdict needs
  --out=DIR         where latest.json and the SVGs go (default: bench/results; none in smoke mode)
  --markdown=F      where the report goes (default: BENCHMARKS.md at the repo root; none in smoke mode)
  --cpu-prof        after measuring, profile our client (in this process) and our mock (node --cpu-prof in
                    its process) on every scenario; writes .cpuprofile files and hot-spots.txt
  --cpu-prof-dir=D  where the profiles go (default: bench/profiles)
  --before=REF      also measure the client and the mock as commit REF builds them (cloned, installed
                    and built in a temporary directory), or as the built checkout at path REF: rows
                    "after ÷ before" compare them in the same run`;

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

let values: ReturnType<typeof parse>["values"];
function parse() {
  return parseArgs({
    options: {
      smoke: { type: "boolean", default: false },
      only: { type: "string" },
      rounds: { type: "string" },
      out: { type: "string" },
      markdown: { type: "string" },
      "cpu-prof": { type: "boolean", default: false },
      "cpu-prof-dir": { type: "string" },
      before: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
try {
  values = parse().values;
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const only = values.only?.split(",").map((s) => s.trim()) as BenchmarkId[] | undefined;
const unknown = only?.filter((id) => !benchmarkIds.includes(id));
if (unknown && unknown.length > 0) fail(`Unknown benchmark(s) in --only: ${unknown.join(", ")}`);
const rounds = values.rounds === undefined ? undefined : Number(values.rounds);
if (rounds !== undefined && !(Number.isInteger(rounds) && rounds >= 1)) {
  fail(`--rounds must be a whole number of at least 1, got "${values.rounds}"`);
}
if (values["cpu-prof-dir"] !== undefined && !values["cpu-prof"]) fail("--cpu-prof-dir needs --cpu-prof");

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const mode = values.smoke ? "smoke" : "full";
const outDir = values.out ?? (mode === "full" ? join(repoRoot, "bench", "results") : undefined);
const markdown = values.markdown ?? (mode === "full" ? join(repoRoot, "BENCHMARKS.md") : undefined);
const profileDir = values["cpu-prof"] ? (values["cpu-prof-dir"] ?? join(repoRoot, "bench", "profiles")) : undefined;

const results = await runBenchmarks({
  mode,
  ...(only ? { only } : {}),
  ...(rounds !== undefined ? { rounds } : {}),
  ...(profileDir !== undefined ? { profileDir } : {}),
  ...(values.before !== undefined ? { before: values.before } : {}),
  log: (line) => console.error(line),
});

// A full run of every benchmark says how its verdicts compare with the run it replaces.
async function previousResults(dir: string): Promise<Results | undefined> {
  try {
    const previous = JSON.parse(await readFile(join(dir, "latest.json"), "utf8")) as Results;
    return previous.mode === "full" ? previous : undefined;
  } catch {
    return undefined; // none yet, or unreadable: nothing to compare with
  }
}
if (outDir !== undefined && mode === "full" && only === undefined) {
  const previous = await previousResults(outDir);
  if (previous !== undefined) results.previous = compareWithPrevious(previous, results);
}
if (results.previous !== undefined) {
  const { same, changed } = results.previous;
  console.error(`verdicts against the previous full run: ${same} the same, ${changed.length} changed`);
  for (const c of changed) console.error(`  verdict changed: ${c.target}: ${c.before} → ${c.now}`);
}
if (outDir !== undefined) {
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  for (const [file, svg] of renderCharts(results)) await writeFile(join(outDir, file), svg);
  console.error(`wrote ${relative(process.cwd(), join(outDir, "latest.json"))} and the charts`);
}
if (markdown !== undefined) {
  const chartDir = relative(join(markdown, ".."), outDir ?? join(repoRoot, "bench", "results")) || ".";
  await writeFile(markdown, renderMarkdown(results, chartDir.split("\\").join("/")));
  console.error(`wrote ${relative(process.cwd(), markdown)}`);
}
if (profileDir !== undefined && results.profiles !== undefined) {
  const summaries: string[] = [];
  for (const file of results.profiles)
    summaries.push(formatHotSpots(basename(file), hotSpots(await readProfile(file))));
  await writeFile(join(profileDir, "hot-spots.txt"), `${summaries.join("\n\n")}\n`);
  console.error(
    `${summaries.join("\n\n")}\n\nwrote ${results.profiles.length} profiles and hot-spots.txt to ${relative(process.cwd(), profileDir) || "."}`,
  );
}
for (const { section, row } of targetRows(results)) {
  if (row.verdict === "missed") console.error(`target missed: ${section.title}: ${row.subject}`);
  if (row.verdict === "undecided") console.error(`target undecided: ${section.title}: ${row.subject} — ${row.hint}`);
}
