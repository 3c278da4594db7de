// Benchmark 4: the mock server against its floors — bare node:http servers with fixed answers,
// what Node can serve here at all — and against Prism (the generic spec-driven mock a user would
// pick), on the same bundled spec, over loopback with autocannon at fixed connections, each run
// lasting a fixed time. After every run, fresh answers are checked against the spec.
import { type BootstrapSettings, type Estimate, estimate, exact, pairedRatios } from "./intervals.js";
import { type Load, load, type Scenario, sample } from "./mock-load.js";
import { fixedBodyFloor, jsonBodyFloor, type MockServerContender, prism, type ScenarioId } from "./mock-servers.js";
import { measureStartups, startupCharts, startupRows } from "./mock-startup.js";
import type { ServerProcess } from "./processes.js";
import { barFor, type Chart, formatCount, formatRatio, type Row, type Section } from "./results.js";
import { rotation, spread } from "./stats.js";
import { judged, type Target } from "./targets.js";

export interface MockThroughputOptions {
  rounds: number;
  /** Seconds per autocannon run: every run is one timed batch. */
  durationSeconds: number;
  connections: number;
  /** Answers fetched after each run and checked against the spec. */
  sampleSize: number;
  bootstrap: BootstrapSettings;
  /** Our mock, once built. */
  mock?: MockServerContender;
  /** Our mock built from an earlier commit (`--before`). */
  before?: MockServerContender;
  /** Scenario bodies and paths that the mock accepts (its seed data). */
  scenarios: Scenario[];
}

/** The targets: against the floors, and (kept from before) against Prism. */
export const mockTargets = {
  floor: { "get-agent": { op: ">=", value: 0.6 }, "valid-post": { op: ">=", value: 0.5 } } as Partial<
    Record<ScenarioId, Target>
  >,
  prism: { op: ">=", value: 10 } as Target,
  allValid: { op: ">=", value: 100 } as Target,
  memory: { op: "<=", value: 0.5 } as Target,
};

interface Tally {
  loads: Load[];
  valid: number;
  blaming: number;
  sampled: number;
}

type Tallies = Map<MockServerContender, Map<ScenarioId, Tally>>;

function tallyOf(tallies: Tallies, server: MockServerContender, scenario: ScenarioId): Tally {
  const perServer = tallies.get(server) ?? new Map<ScenarioId, Tally>();
  tallies.set(server, perServer);
  const tally = perServer.get(scenario) ?? { loads: [], valid: 0, blaming: 0, sampled: 0 };
  perServer.set(scenario, tally);
  return tally;
}

type Memory = Map<MockServerContender, { idle: number; peak: number }>;

async function loadRounds(
  servers: MockServerContender[],
  running: Map<MockServerContender, ServerProcess>,
  options: MockThroughputOptions,
): Promise<{ tallies: Tallies; memory: Memory }> {
  const memory: Memory = new Map();
  for (const [s, p] of running) memory.set(s, { idle: p.rssMiB(), peak: p.rssMiB() });
  // One short untimed run per server and scenario first: JIT, connection handling, caches.
  for (const scenario of options.scenarios) {
    for (const s of servers) {
      if (s.scenarios.includes(scenario.id)) await load(running.get(s) as ServerProcess, scenario, options, 0.3);
    }
  }
  const tallies: Tallies = new Map();
  for (let round = 0; round < options.rounds; round++) {
    for (const scenario of options.scenarios) {
      for (const s of rotation(servers, round)) {
        if (!s.scenarios.includes(scenario.id)) continue;
        const p = running.get(s) as ServerProcess;
        const result = await load(p, scenario, options, options.durationSeconds);
        const checked = await sample(p, scenario, options.sampleSize);
        const tally = tallyOf(tallies, s, scenario.id);
        tally.loads.push(result);
        tally.valid += checked.valid;
        tally.blaming += checked.blaming;
        tally.sampled += options.sampleSize;
        const m = memory.get(s) as { idle: number; peak: number };
        m.peak = Math.max(m.peak, p.rssMiB());
      }
    }
  }
  return { tallies, memory };
}

export async function runMockThroughputBenchmark(options: MockThroughputOptions): Promise<Section> {
  const ours = [options.mock, options.before].filter((s): s is MockServerContender => s !== undefined);
  const startups = await measureStartups([...ours, prism, fixedBodyFloor], options.rounds);
  const servers = [...ours, prism, fixedBodyFloor, jsonBodyFloor];
  const running = new Map<MockServerContender, ServerProcess>();
  let measured: { tallies: Tallies; memory: Memory };
  try {
    for (const s of servers) running.set(s, await s.start());
    measured = await loadRounds(servers, running, options);
  } finally {
    for (const p of running.values()) await p.stop();
  }
  const rows: Row[] = [];
  const charts: Chart[] = [];
  for (const scenario of options.scenarios) {
    const made = scenarioRows(scenario, servers, measured.tallies, options);
    rows.push(...made.rows);
    charts.push(made.chart);
  }
  rows.push(...startupRows(startups, options), ...memoryRows(ours, measured.memory));
  charts.push(...startupCharts(startups, options));
  const notes =
    options.mock === undefined
      ? ["`@evals-api/mock` was not built when this ran, so only Prism and the floors were measured."]
      : [];
  return {
    id: "mock-throughput",
    title: "Mock server throughput",
    method:
      "Each server runs as its own process group on 127.0.0.1: our `evals-mock` CLI; Prism as `prism mock` on the " +
      "bundled spec; and two floors, bare `node:http` servers that answer with fixed bodies — one for GET, one " +
      "that reads and `JSON.parse`s a POST body before its fixed 202 (the least a server that looks at the body " +
      `must do). autocannon (in the bench process) drives each with ${options.connections} connections for ` +
      `${options.durationSeconds} s per run; servers rotate within each round, ${options.rounds} rounds, and each ` +
      "ratio is of two runs in the same round. After every run " +
      `${options.sampleSize} fresh answers are fetched and checked for the expected status and against the spec's ` +
      "schema with the generated validators: an answer with any issue, vendor or assumed, is invalid (and, for " +
      "the invalid request, whether the error names the field at fault is counted). Startup is spawn to first " +
      `successful GET, ${options.rounds} starts per server alternating with the others, each against the bare ` +
      "`node:http` server's start in the same round. Memory is the resident set of the server's whole process " +
      "group, read after startup and after every run (peak reported). Each scenario also reports requests per " +
      "CPU-second of the server's processes (from /proc, in 10 ms ticks): what a server costs per request, whatever " +
      "else the machine is doing. The throughput targets are judged on autocannon's requests per second.",
    rows,
    charts,
    notes,
  };
}

function scenarioRows(
  scenario: Scenario,
  servers: MockServerContender[],
  tallies: Tallies,
  options: MockThroughputOptions,
): { rows: Row[]; chart: Chart } {
  const taking = servers.filter((s) => s.scenarios.includes(scenario.id));
  const floor = taking.find((s) => s.role === "floor");
  const baseline = floor ?? prism;
  const tally = (s: MockServerContender) => tallies.get(s)?.get(scenario.id) as Tally;
  const ratio = (a: MockServerContender, b: MockServerContender, pick: (l: Load) => number): Estimate =>
    estimate(pairedRatios(tally(a).loads.map(pick), tally(b).loads.map(pick)), options.bootstrap);
  const median = (s: MockServerContender, pick: (l: Load) => number) => spread(tally(s).loads.map(pick)).median;
  const absolute = (s: MockServerContender) => {
    const t = tally(s);
    const errors = t.loads.reduce((n, l) => n + l.errors, 0);
    return (
      `${formatCount(median(s, (l) => l.rps))} req/s, p50 ${median(s, (l) => l.p50)} ms, p99 ${median(s, (l) => l.p99)} ms; ` +
      `${t.valid}/${t.sampled} sampled answers ${scenario.expectStatus} and schema-valid` +
      (scenario.blames === undefined ? "" : `, ${t.blaming}/${t.sampled} name the field at fault`) +
      (errors > 0 ? `; ${formatCount(errors)} errors or unexpected statuses under load` : "")
    );
  };
  const rows: Row[] = [];
  const targetAgainst = (s: MockServerContender, against: MockServerContender): Target | undefined =>
    s.role !== "ours" ? undefined : against === prism ? mockTargets.prism : mockTargets.floor[scenario.id];
  const against = (s: MockServerContender, peer: MockServerContender) => {
    const target = targetAgainst(s, peer);
    rows.push(
      judged(
        {
          subject: `${s.name} — ${scenario.label}`,
          peer: peer.name,
          meaning: `requests/s ÷ ${peer === prism ? "Prism's" : "the floor's"}`,
          value: ratio(s, peer, (l) => l.rps),
          ...(target ? { target } : {}),
          detail: `${absolute(s)}; ${peer.name}: ${formatCount(median(peer, (l) => l.rps))} req/s`,
        },
        options.rounds,
      ),
    );
  };
  for (const s of taking) if (s !== baseline) against(s, baseline);
  for (const s of taking) if (s.role === "ours" && baseline !== prism) against(s, prism);
  for (const s of taking.filter((o) => o.role === "ours")) {
    const t = tally(s);
    rows.push(
      judged(
        {
          subject: `${s.name} — ${scenario.label}, every sampled answer schema-valid`,
          peer: "the spec (generated validators)",
          meaning: "share of sampled answers with the expected status and no issue",
          value: exact((t.valid / Math.max(1, t.sampled)) * 100),
          unit: "%",
          target: mockTargets.allValid,
          detail: `${t.valid}/${t.sampled} valid`,
        },
        options.rounds,
      ),
      {
        subject: `${s.name} — ${scenario.label}, per server CPU-second`,
        peer: baseline.name,
        meaning: "requests per CPU-second ÷ the baseline's",
        value: ratio(s, baseline, (l) => l.perCpuSecond),
        detail:
          `${formatCount(median(s, (l) => l.perCpuSecond))} vs ${formatCount(median(baseline, (l) => l.perCpuSecond))} ` +
          "requests per CPU-second of the server's processes",
      },
    );
    const before = taking.find((o) => o.role === "before");
    if (before !== undefined) {
      rows.push({
        subject: `${s.name} — ${scenario.label}`,
        peer: before.name,
        meaning: "requests/s, after ÷ before",
        value: ratio(s, before, (l) => l.rps),
        detail: `${formatCount(median(s, (l) => l.rps))} vs ${formatCount(median(before, (l) => l.rps))} req/s`,
      });
    }
  }
  const chartTarget = baseline === prism ? mockTargets.prism : mockTargets.floor[scenario.id];
  const baselineLabel = baseline === prism ? "Prism" : "the floor";
  const chart: Chart = {
    file: `mock-${scenario.id}.svg`,
    title: `${scenario.label}: autocannon, ${options.connections} connections, ${options.durationSeconds} s runs`,
    unit: `requests/s, × ${baselineLabel} (${baseline.name}) (higher is better)`,
    suffix: "×",
    bars: taking.map((s) =>
      barFor(
        s.name,
        ratio(s, baseline, (l) => l.rps),
        s.role === "ours",
      ),
    ),
    ...(chartTarget
      ? { target: { value: chartTarget.value, label: `target ≥ ${formatRatio(chartTarget.value)} ${baselineLabel}` } }
      : {}),
  };
  return { rows, chart };
}

function memoryRows(ours: MockServerContender[], memory: Memory): Row[] {
  const prismPeak = (memory.get(prism) as { peak: number }).peak;
  return ours.map((s) => {
    const m = memory.get(s) as { idle: number; peak: number };
    return judged(
      {
        subject: `${s.name} — resident memory (peak of readings after each run)`,
        peer: prism.name,
        meaning: "RSS ÷ Prism's",
        value: exact(m.peak / prismPeak),
        ...(s.role === "ours" ? { target: mockTargets.memory } : {}),
        detail: `${m.peak.toFixed(0)} MiB (${m.idle.toFixed(0)} MiB idle after startup) vs Prism's ${prismPeak.toFixed(0)} MiB`,
      },
      1,
    );
  });
}
