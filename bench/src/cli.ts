#!/usr/bin/env node
// `pnpm bench`: run the benchmarks, write bench/results/latest.json, the SVG charts and the
// root BENCHMARKS.md. `--smoke` runs the tiny mode and writes only where `--out` says.
import { mkdir, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { renderCharts, renderMarkdown } from "./report.js";
import { type BenchmarkId, benchmarkIds, runBenchmarks } from "./run.js";

const usage = `Usage: node bench/dist/cli.js [--smoke] [--only=${benchmarkIds.join(",")}] [--out=DIR] [--markdown=FILE]

  --smoke        tiny runs that only check every benchmark still works (numbers mean nothing)
  --only=IDS     comma-separated benchmarks to run (default: all)
  --out=DIR      where latest.json and the SVGs go (default: bench/results; none in smoke mode)
  --markdown=F   where the report goes (default: BENCHMARKS.md at the repo root; none in smoke mode)`;

const { values } = parseArgs({
  options: {
    smoke: { type: "boolean", default: false },
    only: { type: "string" },
    out: { type: "string" },
    markdown: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const only = values.only?.split(",").map((s) => s.trim()) as BenchmarkId[] | undefined;
const unknown = only?.filter((id) => !benchmarkIds.includes(id));
if (unknown && unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(", ")}\n\n${usage}`);
  process.exit(2);
}

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const mode = values.smoke ? "smoke" : "full";
const outDir = values.out ?? (mode === "full" ? join(repoRoot, "bench", "results") : undefined);
const markdown = values.markdown ?? (mode === "full" ? join(repoRoot, "BENCHMARKS.md") : undefined);

const results = await runBenchmarks({ mode, ...(only ? { only } : {}), log: (line) => console.error(line) });

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
for (const section of results.sections) {
  for (const row of section.rows) {
    if (row.target && !row.met) console.error(`target missed: ${section.title}: ${row.subject}`);
  }
}
