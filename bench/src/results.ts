// The shape of bench/results/latest.json, which BENCHMARKS.md is generated from.
import type { BootstrapSettings, Estimate } from "./intervals.js";
import type { PreviousRun } from "./previous-run.js";
import type { Target, Verdict } from "./targets.js";

export interface Row {
  /** What is measured, e.g. "validateCreateEvalRunRequest (5000 ids)". */
  subject: string;
  /** What it is compared with, e.g. "JSON.stringify of the same body". */
  peer: string;
  /** What the number is, e.g. "time ÷ peer's time". */
  meaning: string;
  /** The median over rounds with its confidence interval; absent when the row is context only. */
  value?: Estimate;
  /** Unit of `value` and of `target`: "×" (a ratio, the default), "µs", "ms", "%". */
  unit?: string;
  target?: Target;
  verdict?: Verdict;
  /** For an undecided verdict: what would decide it. */
  hint?: string;
  /** Absolute medians behind the value, for readers who want them ("12 µs vs 120 µs"). */
  detail: string;
}

export interface Bar {
  label: string;
  value: number;
  /** Confidence interval of the median (the error bar). */
  low?: number;
  high?: number;
  /** Range over rounds (drawn faintly behind the error bar). */
  min?: number;
  max?: number;
  /** Bars of our own packages are drawn in the accent colour, peers in grey. */
  ours?: boolean;
}

export interface Chart {
  /** File name under bench/results/, e.g. "validation-5000-ids.svg". */
  file: string;
  title: string;
  /** Axis caption, e.g. "× JSON.stringify time (lower is better)". */
  unit: string;
  /** Printed after each bar's value: "×", " s", " KB". */
  suffix: string;
  bars: Bar[];
  target?: { value: number; label: string };
}

export interface Section {
  id: string;
  title: string;
  /** One paragraph: what is measured and how. */
  method: string;
  rows: Row[];
  charts: Chart[];
  notes: string[];
}

export interface Machine {
  cores: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  platform: string;
  /** 1-minute load average when the run started and when it ended (other work on the machine). */
  loadAverage: { start: number; end: number };
}

/** How the numbers were taken: enough to re-run the same way and to recompute every interval. */
export interface Settings {
  rounds: number;
  /** The shortest a timed batch may be, in ms of its clock. */
  minBatchMs: number;
  bootstrap: BootstrapSettings;
}

export interface Results {
  date: string;
  /** The commit measured, with "+ uncommitted changes" when the work tree differed from it. */
  commit: string;
  mode: "full" | "smoke";
  machine: Machine;
  settings: Settings;
  durationSeconds: number;
  sections: Section[];
  /** .cpuprofile files written by a `--cpu-prof` run. */
  profiles?: string[];
  /** Full runs of every benchmark: this run's verdicts against the run whose results it replaced. */
  previous?: PreviousRun;
}

/** Formats a duration in the unit a reader expects for its size. */
export function formatMs(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1) return `${(ms * 1000).toFixed(abs < 0.01 ? 2 : 1)} µs`;
  if (abs < 1000) return `${ms.toFixed(abs < 10 ? 2 : 0)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

export function formatRatio(value: number): string {
  if (Math.abs(value) >= 100) return `${value.toFixed(0)}×`;
  return `${Number(value.toPrecision(3))}×`;
}

/** A value in a row's unit: a ratio ("0.97×"), or a quantity ("4.2 µs", "100%"). */
export function formatValue(value: number, unit = "×"): string {
  if (unit === "×") return formatRatio(value);
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return unit === "%" ? `${value.toFixed(digits)}%` : `${value.toFixed(digits)} ${unit}`;
}

/** A chart bar for an estimate: the median, its interval as the error bar, the range behind it. */
export function barFor(label: string, measured: Estimate, ours = false): Bar {
  return {
    label,
    value: measured.median,
    low: measured.low,
    high: measured.high,
    min: measured.min,
    max: measured.max,
    ours,
  };
}
