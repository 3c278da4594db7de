// A plain-text reading of a .cpuprofile: where the sampled time went, by function (self time)
// and by file, so a profile can be read in a terminal or a report before opening DevTools.
import { readFile } from "node:fs/promises";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface HotSpot {
  name: string;
  selfMs: number;
  share: number;
}

export interface HotSpots {
  sampledMs: number;
  functions: HotSpot[];
  files: HotSpot[];
}

// Paths inside node_modules are long and say little; keep the package and the file.
function shortUrl(url: string): string {
  if (url === "") return "(native)";
  const path = url.replace(/^file:\/\//, "");
  const inModules = path.lastIndexOf("/node_modules/");
  if (inModules >= 0) return path.slice(inModules + "/node_modules/".length);
  const inPackages = path.lastIndexOf("/packages/");
  if (inPackages >= 0) return path.slice(inPackages + 1);
  const inBench = path.lastIndexOf("/bench/");
  if (inBench >= 0) return path.slice(inBench + 1);
  return path;
}

type CallFrame = ProfileNode["callFrame"];

function place(frame: CallFrame): string {
  return frame.url === "" ? "" : ` ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

// A builtin without a name (JSON.stringify's and TextEncoder's internals show up so) says little
// on its own: name the function that called it.
function functionLabel(frame: CallFrame, caller: CallFrame | undefined): string {
  if (frame.functionName !== "" || frame.url !== "") return `${frame.functionName || "(anonymous)"}${place(frame)}`;
  if (caller === undefined) return "(native)";
  return `(native, called by ${caller.functionName || "(anonymous)"}${place(caller)})`;
}

function top(totals: Map<string, number>, sampledMs: number, count: number): HotSpot[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, selfMs]) => ({ name, selfMs, share: sampledMs > 0 ? selfMs / sampledMs : 0 }));
}

/** Self time per function and per file, the `count` largest of each. */
export function hotSpots(profile: CpuProfile, count = 15): HotSpots {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, ProfileNode>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n);
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // timeDeltas[i] is the time before sample i; attribute the time after each sample to it.
  for (let i = 0; i < samples.length; i++) {
    const next = deltas[i + 1] ?? 0;
    const id = samples[i] as number;
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, next));
  }
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  let sampledUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    sampledUs += us;
    const file = shortUrl(frame.url);
    const fn = functionLabel(frame, parentOf.get(id)?.callFrame);
    functions.set(fn, (functions.get(fn) ?? 0) + us / 1000);
    files.set(file, (files.get(file) ?? 0) + us / 1000);
  }
  const sampledMs = sampledUs / 1000;
  return { sampledMs, functions: top(functions, sampledMs, count), files: top(files, sampledMs, count) };
}

function lines(title: string, spots: HotSpot[]): string[] {
  return [
    `  ${title}`,
    ...spots.map(
      (s) => `    ${s.selfMs.toFixed(1).padStart(9)} ms ${(s.share * 100).toFixed(1).padStart(5)}%  ${s.name}`,
    ),
  ];
}

/** The hot spots of one profile as text: a heading, then functions and files by self time. */
export function formatHotSpots(name: string, spots: HotSpots): string {
  return [
    `${name}: ${spots.sampledMs.toFixed(0)} ms sampled`,
    ...lines("self time by function", spots.functions),
    ...lines("self time by file", spots.files),
  ].join("\n");
}

export async function readProfile(file: string): Promise<CpuProfile> {
  return JSON.parse(await readFile(file, "utf8")) as CpuProfile;
}
