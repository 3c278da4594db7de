// BENCHMARKS.md and its SVG charts, generated from bench/results/latest.json's data.
import { renderBarChart } from "./bar-chart.js";
import type { Estimate } from "./intervals.js";
import type { PreviousRun } from "./previous-run.js";
import { formatValue, type Results, type Row, type Section } from "./results.js";
import { formatShare, halfWidthShare, type Target } from "./targets.js";

function formatTarget(target: Target, unit: string | undefined): string {
  return `${target.op === ">=" ? "≥" : "≤"} ${formatValue(target.value, unit)}`;
}

function formatInterval(value: Estimate, unit: string | undefined): string {
  return value.low === value.high ? "—" : `${formatValue(value.low, unit)} – ${formatValue(value.high, unit)}`;
}

function formatRange(value: Estimate, unit: string | undefined): string {
  return value.min === value.max ? "—" : `${formatValue(value.min, unit)} – ${formatValue(value.max, unit)}`;
}

function formatHalfWidth(row: Row): string {
  if (row.target === undefined || row.value === undefined || row.value.low === row.value.high) return "—";
  return `±${formatShare(halfWidthShare(row.target, row.value))}`;
}

function formatVerdict(row: Row): string {
  switch (row.verdict) {
    case undefined:
      return "—";
    case "met":
      return "met";
    case "missed":
      return "**missed**";
    case "undecided":
      return "_undecided_";
  }
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

type Align = "left" | "right";

/** A Markdown table with padded columns, as the repo's formatter (Biome) lays them out. */
export function markdownTable(header: string[], align: Align[], rows: string[][]): string {
  const cells = [header, ...rows].map((row) => row.map(cell));
  const widths = header.map((_, i) => Math.max(3, ...cells.map((row) => [...(row[i] ?? "")].length)));
  const pad = (text: string, i: number) => {
    const fill = " ".repeat((widths[i] as number) - [...text].length);
    return align[i] === "right" ? fill + text : text + fill;
  };
  const line = (row: string[]) => `| ${row.map(pad).join(" | ")} |`;
  const rule = `| ${widths.map((w, i) => (align[i] === "right" ? `${"-".repeat(w - 1)}:` : "-".repeat(w))).join(" | ")} |`;
  const [head, ...body] = cells;
  return [line(head as string[]), rule, ...body.map(line)].join("\n");
}

function table(section: Section): string {
  return markdownTable(
    [
      "Measured",
      "Against",
      "Value",
      "Median",
      "95% CI",
      "± of target",
      "Min – max",
      "Target",
      "Verdict",
      "Absolute (medians)",
    ],
    ["left", "left", "left", "right", "right", "right", "right", "right", "left", "left"],
    section.rows.map((row) => [
      row.subject,
      row.peer,
      row.meaning,
      row.value ? `**${formatValue(row.value.median, row.unit)}**` : "—",
      row.value ? formatInterval(row.value, row.unit) : "—",
      formatHalfWidth(row),
      row.value ? formatRange(row.value, row.unit) : "—",
      row.target ? formatTarget(row.target, row.unit) : "—",
      formatVerdict(row),
      row.detail,
    ]),
  );
}

/** The SVG files to write next to latest.json, by file name. */
export function renderCharts(results: Results): Map<string, string> {
  const files = new Map<string, string>();
  for (const section of results.sections)
    for (const chart of section.charts) files.set(chart.file, renderBarChart(chart));
  return files;
}

/** Every row with a target, with the section it belongs to. */
export function targetRows(results: Results): { section: Section; row: Row }[] {
  return results.sections.flatMap((s) => s.rows.filter((r) => r.target).map((row) => ({ section: s, row })));
}

function verdictSummary(targets: { section: Section; row: Row }[]): string[] {
  if (targets.length === 0) return ["No targets were measured in this run."];
  const count = (verdict: string) => targets.filter((t) => t.row.verdict === verdict).length;
  const [met, missed, undecided] = [count("met"), count("missed"), count("undecided")];
  const lines = [`Of ${targets.length} targets, **${met} met, ${missed} missed, ${undecided} undecided** in this run.`];
  const widest = targets
    .filter((t) => t.row.value && t.row.value.low !== t.row.value.high)
    .map((t) => ({ ...t, share: halfWidthShare(t.row.target as Target, t.row.value as Estimate) }))
    .sort((a, b) => b.share - a.share)[0];
  if (widest !== undefined) {
    lines.push(
      "",
      `The widest interval is ±${formatShare(widest.share)} of its target (${widest.section.title}: ${widest.row.subject}).`,
    );
  }
  const hints = targets.filter((t) => t.row.verdict === "undecided" && t.row.hint);
  if (hints.length > 0) {
    lines.push("", "Undecided:", "");
    for (const { section, row } of hints) lines.push(`- ${section.title}: ${row.subject} — ${row.hint}.`);
  }
  return lines;
}

function previousRunSummary(previous: PreviousRun | undefined): string[] {
  if (previous === undefined) return [];
  const against = `the previous full run (commit \`${previous.commit}\`, ${previous.date})`;
  if (previous.changed.length === 0) {
    return [`**Every verdict is the same as in ${against}**: ${previous.same} of ${previous.same} targets.`, ""];
  }
  return [
    `Against ${against}: ${previous.same} verdicts the same, **${previous.changed.length} changed**:`,
    "",
    ...previous.changed.map((c) => `- ${c.target}: ${c.before} → ${c.now}`),
    "",
  ];
}

/** BENCHMARKS.md; `chartDir` is where the SVGs are, relative to the Markdown file. */
export function renderMarkdown(results: Results, chartDir: string): string {
  const { machine, settings } = results;
  const targets = targetRows(results);
  const out: string[] = [
    "# Benchmarks",
    "",
    "<!-- Generated by `pnpm bench` (bench/src/report.ts) from bench/results/latest.json: edit the generator, not this file. -->",
    "",
    `Measured on ${results.date} at commit \`${results.commit}\` — ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}; ` +
      `the whole run took ${Math.round(results.durationSeconds)} s${results.mode === "smoke" ? " (**smoke mode: tiny runs, not real numbers**)" : ""}.`,
    "",
    "Every speed claim here is measured **against a floor or a peer in the same run**: contenders alternate " +
      `within each round, ${settings.rounds} rounds, and every timed batch lasts at least ${settings.minBatchMs} ms ` +
      "(sized by time, not by a count). A row gives the median of the per-round values with its **95% confidence " +
      `interval** (bootstrap over rounds: ${settings.bootstrap.resamples} resamples from a generator seeded with ` +
      `${settings.bootstrap.seed}, so \`latest.json\`'s samples reproduce every interval). Targets come from the ` +
      "issues that asked for these benchmarks and are never lowered to fit a result.",
    "",
    "How to read a verdict: a target is **met** only when the whole interval is on its good side (for a " +
      "“≥” target the lower bound reaches it, for a “≤” target the upper bound stays within it), **missed** " +
      "when the whole interval is on its bad side, and _undecided_ when the interval straddles the target: " +
      "this run could not tell, and more rounds (`--rounds N`) narrow the interval. “± of target” is the " +
      "interval's half-width as a share of the target.",
    "",
    "## How to reproduce",
    "",
    "On a machine with Node ≥ 20 and pnpm, run `pnpm install && pnpm bench` at the repository root. It builds " +
      "`@evals-api/bench` and the packages it measures (turbo), runs every benchmark on 127.0.0.1 only — the bench " +
      "process drives the clients and autocannon, each server runs in its own process group — then writes " +
      "`bench/results/latest.json`, the SVG charts under `bench/results/` and this file. It takes up to 15 minutes; " +
      "`node --expose-gc --single-threaded-gc bench/dist/cli.js --only=validation,bundle-size` runs a subset (after a " +
      "build), `--rounds N` changes the number of rounds, and `--smoke` runs everything in a tiny " +
      "mode that only checks the benchmarks still work (what `pnpm test` does in CI; its numbers mean nothing).",
    "",
    "## Noise",
    "",
    `This machine is shared: ${machine.cores} cores, with other builds and test suites often running at the same ` +
      `time (1-minute load average ${machine.loadAverage.start.toFixed(1)} when this run started, ` +
      `${machine.loadAverage.end.toFixed(1)} when it ended). Absolute numbers (requests per second, ` +
      "milliseconds) move with that load from run to run, which is why " +
      "they are only given as context and every verdict is taken on values of rounds in which both " +
      "contenders ran back to back. Where the work is all in one process we measure, the benchmarks count CPU " +
      "time (the client's requests per CPU-second and CPU µs per call, the validators' CPU time per call, the " +
      "servers' CPU per request) rather than wall-clock time, which also grows whenever another process takes the " +
      "CPU. CPU time is still disturbed by a busy neighbour (shared caches and cores): a busy machine widens the " +
      "intervals, and a wide interval leaves a verdict undecided rather than wrong. `pnpm bench` runs node with " +
      "`--single-threaded-gc`, so that a batch's CPU time counts its own garbage collection once (not again on " +
      "helper threads on the other core), and with `--expose-gc`, to collect between the client benchmark's batches.",
    "",
    "## Targets at a glance",
    "",
    ...(targets.length === 0
      ? []
      : [
          markdownTable(
            ["Benchmark", "Measured", "Against", "Median", "95% CI", "± of target", "Target", "Verdict"],
            ["left", "left", "left", "right", "right", "right", "right", "left"],
            targets.map(({ section, row }) => [
              section.title,
              row.subject,
              row.peer,
              row.value ? formatValue(row.value.median, row.unit) : "—",
              row.value ? formatInterval(row.value, row.unit) : "—",
              formatHalfWidth(row),
              row.target ? formatTarget(row.target, row.unit) : "—",
              formatVerdict(row),
            ]),
          ),
          "",
        ]),
    ...verdictSummary(targets),
    "",
    ...previousRunSummary(results.previous),
  ];
  for (const section of results.sections) {
    out.push(`## ${section.title}`, "", section.method, "", table(section), "");
    for (const chart of section.charts) out.push(`![${chart.title}](${chartDir}/${chart.file})`, "");
    for (const note of section.notes) out.push(`> ${note}`, "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}
