// Smoke mode: every benchmark runs at a tiny size and must still produce well-formed results
// (and a report). No assertion here is about speed: the numbers of a smoke run mean nothing.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { readProfile } from "../src/hot-spots.ts";
import {
  type BenchmarkId,
  benchmarkIds,
  estimate,
  hotSpots,
  type Results,
  renderCharts,
  renderMarkdown,
  runBenchmarks,
  type Section,
} from "../src/index.ts";

function expectWellFormedSection(results: Results, section: Section) {
  expect(section.method.length).toBeGreaterThan(40);
  expect(section.rows.length).toBeGreaterThan(0);
  for (const row of section.rows) {
    expect(row.subject).not.toBe("");
    expect(row.detail).not.toMatch(/NaN|Infinity|undefined/);
    if (row.value) {
      const v = row.value;
      for (const x of [v.min, v.low, v.median, v.high, v.max]) expect(Number.isFinite(x)).toBe(true);
      if (row.unit === undefined) expect(v.min).toBeGreaterThan(0);
      expect(v.min).toBeLessThanOrEqual(v.low);
      expect(v.low).toBeLessThanOrEqual(v.median);
      expect(v.median).toBeLessThanOrEqual(v.high);
      expect(v.high).toBeLessThanOrEqual(v.max);
      // Reproducible from its samples: the stored interval is what the samples and the seed give.
      if (v.samples.length > 1) {
        expect(estimate(v.samples, results.settings.bootstrap)).toEqual(v);
        expect(v.samples).toHaveLength(results.settings.rounds);
      }
    }
    if (row.target) {
      expect(["met", "missed", "undecided"]).toContain(row.verdict);
      expect(row.verdict === "undecided").toBe(row.hint !== undefined);
    }
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
}

function expectWellFormed(results: Results, id: BenchmarkId): Section {
  expect(results.mode).toBe("smoke");
  expect(results.machine.cores).toBeGreaterThan(0);
  expect(results.machine.node).toBe(process.version);
  expect(results.sections.map((s) => s.id)).toEqual([id]);
  const [section] = results.sections;
  if (section === undefined) throw new Error("no section");
  expectWellFormedSection(results, section);
  return section;
}

const scratch = mkdtemp(join(tmpdir(), "evals-bench-smoke-"));
afterAll(async () => rm(await scratch, { recursive: true, force: true }));

// The benchmarks that measure our code in-process or in its own process also write profiles.
const profiled = new Set<BenchmarkId>(["client-overhead", "mock-throughput", "create-many"]);

describe("every benchmark runs in smoke mode", () => {
  it.each(benchmarkIds)("%s", { timeout: 240_000 }, async (id) => {
    const profileDir = join(await scratch, id);
    const results = await runBenchmarks({ mode: "smoke", only: [id], ...(profiled.has(id) ? { profileDir } : {}) });
    const section = expectWellFormed(results, id);
    const subjects = section.rows.map((r) => `${r.subject} | ${r.peer}`);
    if (id === "client-overhead") {
      expect(subjects.some((s) => s.startsWith("bare openapi-fetch"))).toBe(true);
      // The floor targets: ≥ 0.97× off and ≥ 0.93× on over loopback, ≤ 5 µs with the stub.
      const targets = section.rows
        .filter((r) => r.target)
        .map((r) => `${r.target?.op} ${r.target?.value} ${r.unit ?? "×"}`);
      expect(targets.sort()).toEqual(["<= 5 µs", "<= 5 µs", ">= 0.93 ×", ">= 0.97 ×", ">= 0.97 ×"]);
      for (const row of section.rows.filter((r) => r.target)) expect(row.peer).toContain("(floor)");
    }
    if (id === "mock-throughput") {
      // Every server's sampled answers were checked against the spec; all of them must pass.
      for (const row of section.rows.filter((r) => r.detail.includes("sampled"))) {
        const [valid, sampled] = (/(\d+)\/(\d+) sampled/.exec(row.detail) ?? []).slice(1).map(Number);
        expect(valid, row.subject).toBe(sampled);
      }
      const judged = (text: string) => section.rows.find((r) => r.target && `${r.subject} | ${r.peer}`.includes(text));
      expect(judged("GET agent | bare node:http, fixed body")?.target).toEqual({ op: ">=", value: 0.6 });
      expect(judged("valid POST run | bare node:http, JSON.parse body")?.target).toEqual({ op: ">=", value: 0.5 });
      expect(judged("startup (spawn to first answer) | bare node:http")?.target).toEqual({ op: "<=", value: 1.15 });
      expect(section.rows.filter((r) => r.subject.endsWith("every sampled answer schema-valid"))).toHaveLength(3);
    }
    if (profiled.has(id)) {
      const files = (await readdir(profileDir)).filter((f) => f.endsWith(".cpuprofile")).sort();
      expect(files).toEqual((results.profiles ?? []).map((f) => f.slice(profileDir.length + 1)).sort());
      // createMany's: one batch of each of its two contenders.
      expect(files.length).toBeGreaterThanOrEqual(id === "create-many" ? 2 : 4);
      for (const file of files) {
        const spots = hotSpots(await readProfile(join(profileDir, file)));
        expect(spots.functions.length, file).toBeGreaterThan(0);
      }
    }
    if (id === "create-many") {
      // Against the hand-written loop, paired per round; the memory peak from new children.
      const targets = section.rows
        .filter((r) => r.target)
        .map((r) => `${r.target?.op} ${r.target?.value} ${r.unit ?? "×"} | ${r.peer}`);
      expect(targets).toEqual([
        ">= 0.95 × | hand-written loop of runs.create over slices of 100 ids",
        "<= 96 MiB | its own process just before the batch (after a warm-up batch and a collection)",
      ]);
      // The throughput target is judged against the mock in its own process, over loopback.
      expect(section.rows.find((r) => r.target && r.unit === undefined)?.subject).toMatch(/evals-mock over loopback$/);
      const memory = section.rows.find((r) => r.unit === "MiB" && r.target);
      expect(memory?.value?.samples).toHaveLength(2);
      expect(memory?.detail).toMatch(/peak from the (kernel high-water mark|samples).* 2 children$/);
      expect(section.charts.map((c) => c.file)).toEqual(["create-many-throughput.svg", "create-many-memory.svg"]);
    }
    if (id === "build") {
      const warm = section.rows.find((r) => r.subject.includes("warm"));
      expect(warm?.detail).toContain("FULL TURBO");
      const changed = section.rows.find((r) => r.subject.includes("description change"));
      expect(changed?.detail).toContain("@evals-api/types#build");
    }
  });
});

describe("--before", () => {
  const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

  it("measures a built checkout's client and mock beside the current ones, after ÷ before", {
    timeout: 240_000,
  }, async () => {
    const results = await runBenchmarks({
      mode: "smoke",
      only: ["client-overhead", "mock-throughput"],
      before: repoRoot,
    });
    for (const section of results.sections) expectWellFormedSection(results, section);
    const compared = results.sections.flatMap((s) =>
      s.rows.filter((r) => r.meaning.includes("after") && r.meaning.includes("before")).map((r) => r.subject),
    );
    expect(compared.some((s) => s.includes("@evals-api/client, validation off — agents.get"))).toBe(true);
    expect(compared.some((s) => s.includes("@evals-api/client, validation on — runs.create"))).toBe(true);
    expect(compared.some((s) => s.includes("@evals-api/mock (evals-mock) — valid POST run"))).toBe(true);
    expect(compared.some((s) => s.includes("startup"))).toBe(true);
    // The earlier build is a contender, never judged against a target.
    const before = results.sections.flatMap((s) => s.rows.filter((r) => r.subject.includes(" before ")));
    expect(before.length).toBeGreaterThan(0);
    for (const row of before) expect(row.target).toBeUndefined();
  });
});
