// Smoke mode: every benchmark runs at a tiny size and must still produce well-formed results
// (and a report). No assertion here is about speed: the numbers of a smoke run mean nothing.
import { describe, expect, it } from "vitest";
import {
  type BenchmarkId,
  benchmarkIds,
  type Results,
  renderCharts,
  renderMarkdown,
  runBenchmarks,
} from "../src/index.ts";

function expectWellFormed(results: Results, id: BenchmarkId) {
  expect(results.mode).toBe("smoke");
  expect(results.machine.cores).toBeGreaterThan(0);
  expect(results.machine.node).toBe(process.version);
  expect(results.sections.map((s) => s.id)).toEqual([id]);
  const [section] = results.sections;
  if (section === undefined) throw new Error("no section");
  expect(section.method.length).toBeGreaterThan(40);
  expect(section.rows.length).toBeGreaterThan(0);
  for (const row of section.rows) {
    expect(row.subject).not.toBe("");
    expect(row.detail).not.toMatch(/NaN|Infinity|undefined/);
    if (row.ratio) {
      for (const v of Object.values(row.ratio)) expect(Number.isFinite(v) && v > 0).toBe(true);
      expect(row.ratio.min).toBeLessThanOrEqual(row.ratio.median);
      expect(row.ratio.median).toBeLessThanOrEqual(row.ratio.max);
    }
    if (row.target) expect(typeof row.met).toBe("boolean");
  }
  expect(section.charts.length).toBeGreaterThan(0);
  const svgs = renderCharts(results);
  for (const chart of section.charts) {
    const svg = svgs.get(chart.file) ?? "";
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    for (const bar of chart.bars) {
      expect(Number.isFinite(bar.value)).toBe(true);
      expect(svg).toContain(`<title>${bar.label.replace(/&/g, "&amp;")}:`);
    }
  }
  const markdown = renderMarkdown(results, "bench/results");
  expect(markdown).toContain(`## ${section.title}`);
  for (const chart of section.charts) expect(markdown).toContain(`(bench/results/${chart.file})`);
  return section;
}

describe("every benchmark runs in smoke mode", () => {
  it.each(benchmarkIds)("%s", { timeout: 240_000 }, async (id) => {
    const results = await runBenchmarks({ mode: "smoke", only: [id] });
    const section = expectWellFormed(results, id);
    if (id === "client-overhead") {
      const peers = section.rows.map((r) => r.subject);
      expect(peers.some((s) => s.startsWith("bare openapi-fetch"))).toBe(true);
    }
    if (id === "mock-throughput") {
      // Every server's sampled responses were checked against the spec; all of them must pass.
      for (const row of section.rows.filter((r) => r.detail.includes("sampled"))) {
        const [valid, sampled] = (/(\d+)\/(\d+) sampled/.exec(row.detail) ?? []).slice(1).map(Number);
        expect(valid, row.subject).toBe(sampled);
      }
    }
    if (id === "build") {
      const warm = section.rows.find((r) => r.subject.includes("warm"));
      expect(warm?.detail).toContain("FULL TURBO");
      const changed = section.rows.find((r) => r.subject.includes("description change"));
      expect(changed?.detail).toContain("@evals-api/types#build");
    }
  });
});
