// Programmatic entry: run the benchmarks and render their report (what the CLI and the smoke test use).

export { renderBarChart } from "./bar-chart.js";
export { renderCharts, renderMarkdown } from "./report.js";
export type { Bar, Chart, Machine, Results, Row, Section } from "./results.js";
export { type BenchmarkId, benchmarkIds, type Mode, type RunOptions, runBenchmarks } from "./run.js";
