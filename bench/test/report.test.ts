// The generated report keeps every target, says plainly when one is missed, and draws each chart.
import { describe, expect, it } from "vitest";
import { type Results, renderBarChart, renderMarkdown } from "../src/index.ts";

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
  durationSeconds: 180,
  sections: [
    {
      id: "client-overhead",
      title: "Client overhead per request",
      method: "Contenders alternate within rounds against a loopback server.",
      rows: [
        {
          subject: "our client, validation off",
          peer: "raw fetch",
          ratioMeaning: "throughput ÷ raw fetch's",
          ratio: { min: 0.8, median: 0.9, max: 0.93 },
          target: { op: ">=", value: 0.95 },
          met: false,
          detail: "9,000 vs 10,000 req/s",
        },
        {
          subject: "our mock, startup",
          peer: "Prism",
          ratioMeaning: "startup ms ÷ Prism's",
          ratio: { min: 0.1, median: 0.1, max: 0.1 },
          target: { op: "<=", value: 150, unit: "ms" },
          met: true,
          detail: "90 ms",
        },
      ],
      charts: [
        {
          file: "client.svg",
          title: "Throughput <vs> raw fetch",
          unit: "× raw fetch",
          suffix: "×",
          bars: [
            { label: "raw fetch", value: 1 },
            { label: "client & co", value: 0.9, min: 0.8, max: 0.93, ours: true },
          ],
          target: { value: 0.95, label: "target ≥ 0.95×" },
        },
      ],
      notes: ["A note for readers."],
    },
  ],
};

describe("renderMarkdown", () => {
  const markdown = renderMarkdown(results, "bench/results");

  it("keeps a missed target in the table and marks it missed", () => {
    const row = markdown.split("\n").find((line) => line.startsWith("| our client, validation off"));
    expect(row).toContain("≥ 0.95×");
    expect(row).toContain("**0.9×**");
    expect(row).toContain("0.8× – 0.93×");
    expect(row).toContain("missed");
    expect(markdown).toContain("**1 of 2 targets missed**");
  });

  it("shows absolute targets in their unit", () => {
    expect(markdown).toContain("≤ 150 ms");
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
});

describe("renderBarChart", () => {
  const svg = renderBarChart(results.sections[0]?.charts[0] as never);

  it("draws one bar per contender, the whisker and the target line", () => {
    expect(svg.match(/<rect x="270"/g)).toHaveLength(2);
    expect(svg).toContain('stroke-dasharray="5 3"');
    expect(svg).toContain("target ≥ 0.95×");
    expect(svg).toContain("0.90×");
  });

  it("escapes labels so the SVG stays well-formed", () => {
    expect(svg).toContain("Throughput &lt;vs&gt; raw fetch");
    expect(svg).toContain("client &amp; co");
    expect(svg).not.toContain("client & co");
  });
});
