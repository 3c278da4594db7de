// The generated report keeps every target with its interval and verdict, says plainly when one is
// missed or undecided (and how to decide it), and draws each chart with its error bars.
import { describe, expect, it } from "vitest";
import { type Estimate, type Results, renderBarChart, renderMarkdown, type Section } from "../src/index.ts";

const interval = (low: number, median: number, high: number): Estimate => ({
  low,
  median,
  high,
  min: low - 0.01,
  max: high + 0.01,
  samples: [low, median, high],
});

const results: Results = {
  date: "2026-11-25T20:00:00.000Z",
  commit: "abc1234",
  mode: "full",
  machine: {
    cores: 2,
    cpu: "Test CPU",
    memoryGiB: 24,
    node: "v20.20.2",
    platform: "linux x64",
    loadAverage: { start: 3.5, end: 4.25 },
  },
  settings: { rounds: 30, minBatchMs: 300, bootstrap: { resamples: 4000, confidence: 0.95, seed: 1234 } },
  durationSeconds: 180,
  sections: [
    {
      id: "client-overhead",
      title: "Client overhead per request",
      method: "Contenders alternate within rounds against a loopback server.",
      rows: [
        {
          subject: "our client, validation off",
          peer: "the floor",
          meaning: "throughput ÷ the floor's",
          value: interval(0.88, 0.9, 0.93),
          target: { op: ">=", value: 0.97 },
          verdict: "missed",
          detail: "9,000 vs 10,000 req/s",
        },
        {
          subject: "our client, stub overhead",
          peer: "the floor",
          meaning: "CPU µs per call above the floor's",
          value: interval(3.5, 4.8, 6.1),
          unit: "µs",
          target: { op: "<=", value: 5 },
          verdict: "undecided",
          hint: "re-run with more rounds (`--rounds 90`) to decide it",
          detail: "80 µs vs 75 µs",
        },
        {
          subject: "our mock, startup",
          peer: "bare node:http",
          meaning: "startup ms ÷ bare node:http's",
          value: interval(1.02, 1.05, 1.08),
          target: { op: "<=", value: 1.15 },
          verdict: "met",
          detail: "60 ms vs 57 ms",
        },
        {
          subject: "raw fetch",
          peer: "the floor",
          meaning: "throughput ÷ the floor's",
          value: interval(1.01, 1.03, 1.05),
          detail: "context only",
        },
      ],
      charts: [
        {
          file: "client.svg",
          title: "Throughput <vs> the floor",
          unit: "× the floor",
          suffix: "×",
          bars: [
            { label: "floor", value: 1 },
            { label: "client & co", value: 0.9, low: 0.88, high: 0.93, min: 0.8, max: 0.95, ours: true },
          ],
          target: { value: 0.97, label: "target ≥ 0.97×" },
        },
      ],
      notes: ["A note for readers."],
    },
  ],
};

describe("renderMarkdown", () => {
  const markdown = renderMarkdown(results, "bench/results");
  const line = (start: string) => markdown.split("\n").find((l) => l.startsWith(`| ${start}`)) ?? "";

  it("gives each row its median, 95% interval, half-width against the target, and verdict", () => {
    const row = line("our client, validation off");
    expect(row).toContain("**0.9×**");
    expect(row).toContain("0.88× – 0.93×");
    expect(row).toContain("±2.6%");
    expect(row).toContain("≥ 0.97×");
    expect(row).toContain("**missed**");
  });

  it("shows quantities in their unit, and ≤ targets with ≤", () => {
    const row = line("our client, stub overhead");
    expect(row).toContain("4.80 µs");
    expect(row).toContain("3.50 µs – 6.10 µs");
    expect(row).toContain("≤ 5.00 µs");
    expect(row).toContain("_undecided_");
    expect(line("our mock, startup")).toContain("met");
  });

  it("leaves rows without a target unjudged", () => {
    const row = line("raw fetch");
    expect(row).toContain("1.01× – 1.05×");
    expect(row).not.toMatch(/met|missed|undecided/);
  });

  it("counts the verdicts and repeats each undecided target's hint", () => {
    expect(markdown).toContain("Of 3 targets, **1 met, 1 missed, 1 undecided** in this run.");
    expect(markdown).toContain(
      "- Client overhead per request: our client, stub overhead — re-run with more rounds (`--rounds 90`)",
    );
    expect(markdown).toContain("The widest interval is ±26% of its target");
  });

  it("explains how to read a verdict and how the intervals were made", () => {
    expect(markdown).toContain("30 rounds");
    expect(markdown).toContain("at least 300 ms");
    expect(markdown).toContain("4000 resamples from a generator seeded with 1234");
    expect(markdown).toContain("**met** only when the whole interval is on its good side");
    expect(markdown).toContain("`--rounds N`");
  });

  it("names the machine, the date and how to reproduce", () => {
    expect(markdown).toContain("2 cores (Test CPU)");
    expect(markdown).toContain("Node v20.20.2");
    expect(markdown).toContain("2026-11-25");
    expect(markdown).toContain("at commit `abc1234`");
    expect(markdown).toContain("## How to reproduce");
    expect(markdown).toContain("load average 3.5 when this run started, 4.3 when it ended");
    expect(markdown).toContain("pnpm bench");
  });

  it("embeds each chart and each note", () => {
    expect(markdown).toContain("](bench/results/client.svg)");
    expect(markdown).toContain("> A note for readers.");
  });

  it("says so when a run measured no target", () => {
    const none = renderMarkdown({ ...results, sections: [{ ...(results.sections[0] as Section), rows: [] }] }, ".");
    expect(none.match(/No targets were measured in this run\./g)).toHaveLength(1);
  });
});

describe("renderBarChart", () => {
  const chart = results.sections[0]?.charts[0];
  if (chart === undefined) throw new Error("no chart");
  const svg = renderBarChart(chart);

  it("draws one bar per contender, the target line, and an error bar for the interval", () => {
    expect(svg.match(/<title>/g)).toHaveLength(2);
    expect(svg).toContain('stroke-dasharray="5 3"');
    expect(svg).toContain("target ≥ 0.97×");
    expect(svg).toContain("0.90×");
    expect(svg).toContain("client &amp; co: 0.90× (95% CI 0.88× – 0.93×)");
    // The interval: a line and two caps in the error-bar colour; the range: the same, fainter.
    expect(svg.match(/stroke="#111827"/g)).toHaveLength(3);
    expect(svg.match(/stroke="#d1d5db"/g)).toHaveLength(3);
    expect(svg).toContain("error bar = 95% CI of the median");
  });

  it("places the error bar around the bar's end", () => {
    const x = (attr: string) => Number(new RegExp(`${attr}="([\\d.]+)"[^>]*stroke="#111827"`).exec(svg)?.[1]);
    const rect = /<rect x="([\d.]+)" y="\d+" width="([\d.]+)"[^>]*fill="#2563eb"><title>client/.exec(svg);
    const end = Number(rect?.[1]) + Number(rect?.[2]);
    expect(x("x1")).toBeLessThan(end);
    expect(x("x2")).toBeGreaterThan(end);
  });

  it("draws a negative value to the left of the zero line", () => {
    const negative = renderBarChart({
      file: "n.svg",
      title: "µs above the floor",
      unit: "µs",
      suffix: " µs",
      bars: [{ label: "ours", value: -2, low: -3, high: -1, ours: true }],
      target: { value: 5, label: "target ≤ 5 µs" },
    });
    const zero = Number(/<line x1="([\d.]+)" y1="\d+" x2="\1"/.exec(negative)?.[1]);
    const rect = /<rect x="([\d.]+)" y="\d+" width="([\d.]+)"/.exec(negative);
    expect(Number(rect?.[1]) + Number(rect?.[2])).toBeCloseTo(zero, 0);
    expect(negative).toContain("-2.00 µs");
  });

  it("escapes labels so the SVG stays well-formed", () => {
    expect(svg).toContain("Throughput &lt;vs&gt; the floor");
    expect(svg).not.toContain("client & co");
  });
});
