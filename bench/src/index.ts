// Programmatic entry: run the benchmarks and render their report (what the CLI and the tests use).

export { renderBarChart } from "./bar-chart.js";
export { type Batch, type Clock, calibrateChunk, chunksPerBatch, type RunCalls, timedBatch } from "./batches.js";
export { type CpuProfile, formatHotSpots, type HotSpots, hotSpots } from "./hot-spots.js";
export {
  type BootstrapSettings,
  defaultBootstrap,
  type Estimate,
  estimate,
  exact,
  pairedDifferences,
  pairedRatios,
  seededRandom,
} from "./intervals.js";
export { compareWithPrevious, type PreviousRun, type VerdictChange } from "./previous-run.js";
export { markdownTable, renderCharts, renderMarkdown, targetRows } from "./report.js";
export type { Bar, Chart, Machine, Results, Row, Section, Settings } from "./results.js";
export { type BenchmarkId, benchmarkIds, type Mode, type RunOptions, runBenchmarks, sizes } from "./run.js";
export { halfWidthShare, judge, judged, type Target, undecidedHint, type Verdict } from "./targets.js";
export { zodFromSpec } from "./zod-from-spec.js";
