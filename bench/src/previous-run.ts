// A verdict that changes when nothing changed decides nothing: each full run compares its verdicts
// with those of the run it replaces (the latest.json it is about to overwrite), target by target.
import type { Results } from "./results.js";
import type { Verdict } from "./targets.js";

export interface VerdictChange {
  /** "Section title: subject — against peer". */
  target: string;
  before: Verdict | "absent";
  now: Verdict | "absent";
}

/** How this run's verdicts compare with the previous run's. */
export interface PreviousRun {
  commit: string;
  date: string;
  /** Targets both runs judged, with the same verdict. */
  same: number;
  /** Targets whose verdict differs, or that only one of the runs judged. */
  changed: VerdictChange[];
}

function verdicts(results: Results): Map<string, Verdict> {
  const out = new Map<string, Verdict>();
  for (const section of results.sections) {
    for (const row of section.rows) {
      if (row.target && row.verdict) out.set(`${section.title}: ${row.subject} — against ${row.peer}`, row.verdict);
    }
  }
  return out;
}

export function compareWithPrevious(previous: Results, current: Results): PreviousRun {
  const before = verdicts(previous);
  const now = verdicts(current);
  const changed: VerdictChange[] = [];
  let same = 0;
  for (const target of new Set([...before.keys(), ...now.keys()])) {
    const b: Verdict | "absent" = before.get(target) ?? "absent";
    const n: Verdict | "absent" = now.get(target) ?? "absent";
    if (b === n) same++;
    else changed.push({ target, before: b, now: n });
  }
  return { commit: previous.commit, date: previous.date, same, changed };
}
