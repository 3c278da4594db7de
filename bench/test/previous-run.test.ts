// Two runs of the same commit must give the same verdicts; each full run says whether it did.
import { describe, expect, it } from "vitest";
import { compareWithPrevious, type Results, type Row, renderMarkdown, type Verdict } from "../src/index.ts";

function run(commit: string, verdicts: Record<string, Verdict | undefined>): Results {
  const rows: Row[] = Object.entries(verdicts).map(([subject, verdict]) => ({
    subject,
    peer: "the floor",
    meaning: "ratio",
    value: { median: 1, low: 0.9, high: 1.1, min: 0.8, max: 1.2, samples: [1] },
    ...(verdict ? { target: { op: ">=", value: 0.97 }, verdict } : {}),
    detail: "",
  }));
  return {
    date: `2026-12-02T0${commit.length}:00:00.000Z`,
    commit,
    mode: "full",
    machine: { cores: 2, cpu: "T", memoryGiB: 24, node: "v20", platform: "linux", loadAverage: { start: 1, end: 1 } },
    settings: { rounds: 30, minBatchMs: 300, bootstrap: { resamples: 4000, confidence: 0.95, seed: 1 } },
    durationSeconds: 600,
    sections: [{ id: "s", title: "Section", method: "", rows, charts: [], notes: [] }],
  };
}

describe("compareWithPrevious", () => {
  it("counts the targets judged alike, and ignores rows without a target", () => {
    const before = run("aaa", { a: "met", b: "undecided", context: undefined });
    const now = run("bbbb", { a: "met", b: "undecided", context: undefined });
    expect(compareWithPrevious(before, now)).toEqual({ commit: "aaa", date: before.date, same: 2, changed: [] });
  });

  it("lists every verdict that changed, and a target only one run judged", () => {
    const comparison = compareWithPrevious(
      run("aaa", { a: "met", b: "undecided", gone: "met" }),
      run("bbbb", { a: "missed", b: "undecided", added: "met" }),
    );
    expect(comparison.same).toBe(1);
    expect(comparison.changed).toEqual([
      { target: "Section: a — against the floor", before: "met", now: "missed" },
      { target: "Section: gone — against the floor", before: "met", now: "absent" },
      { target: "Section: added — against the floor", before: "absent", now: "met" },
    ]);
  });

  it("is reported in BENCHMARKS.md: all the same, or each change", () => {
    const same = run("bbbb", { a: "met" });
    same.previous = compareWithPrevious(run("aaa", { a: "met" }), same);
    expect(renderMarkdown(same, ".")).toContain(
      "**Every verdict is the same as in the previous full run (commit `aaa`",
    );
    const changed = run("bbbb", { a: "missed" });
    changed.previous = compareWithPrevious(run("aaa", { a: "met" }), changed);
    const markdown = renderMarkdown(changed, ".");
    expect(markdown).toContain("0 verdicts the same, **1 changed**");
    expect(markdown).toContain("- Section: a — against the floor: met → missed");
  });
});
