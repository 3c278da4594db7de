// The shape of bench/results/latest.json, which BENCHMARKS.md is generated from.
import type { Spread, Target } from "./stats.js";

export interface Row {
  /** What is measured, e.g. "validateCreateEvalRunRequest (5000 ids)". */
  subject: string;
  /** What it is compared with, e.g. "JSON.stringify of the same body". */
  peer: string;
  /** What the ratio divides, e.g. "time ÷ peer's time". */
  ratioMeaning: string;
  /** Per-round ratios, summarised; absent when the row reports absolute numbers only. */
  ratio?: Spread;
  target?: Target;
  met?: boolean;
  /** Absolute medians behind the ratio, for readers who want them ("12 µs vs 120 µs"). */
  detail: string;
}

export interface Bar {
  label: string;
  value: number;
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

export interface Results {
  date: string;
  /** The commit measured, with "+ uncommitted changes" when the work tree differed from it. */
  commit: string;
  mode: "full" | "smoke";
  machine: Machine;
  durationSeconds: number;
  sections: Section[];
}

/** Formats a duration in the unit a reader expects for its size. */
export function formatMs(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toFixed(ms < 0.01 ? 2 : 1)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

export function formatRatio(value: number): string {
  if (value >= 100) return `${value.toFixed(0)}×`;
  return `${Number(value.toPrecision(3))}×`;
}
