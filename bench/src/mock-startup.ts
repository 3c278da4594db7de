// Startup: spawn to first successful answer, each server started and stopped in turn so that every
// round holds one start of each, and every ratio is against bare node:http's start in that round.
import { type BootstrapSettings, estimate, pairedRatios } from "./intervals.js";
import { fixedBodyFloor, type MockServerContender, prism } from "./mock-servers.js";
import { barFor, type Chart, formatCount, formatMs, type Row } from "./results.js";
import { rotation } from "./stats.js";
import { judged, type Target } from "./targets.js";

/** Startup milliseconds of each server, one per round. */
export type Startups = Map<MockServerContender, number[]>;

export const startupTarget: Target = { op: "<=", value: 1.15 };

export async function measureStartups(servers: MockServerContender[], rounds: number): Promise<Startups> {
  const startups: Startups = new Map(servers.map((s) => [s, []]));
  for (let round = 0; round < rounds; round++) {
    for (const s of rotation(servers, round)) {
      const process = await s.start();
      startups.get(s)?.push(process.startupMs);
      await process.stop();
    }
  }
  return startups;
}

export function startupRows(startups: Startups, options: { rounds: number; bootstrap: BootstrapSettings }): Row[] {
  const ms = (s: MockServerContender) => startups.get(s) as number[];
  const ratio = (a: MockServerContender, b: MockServerContender) =>
    estimate(pairedRatios(ms(a), ms(b)), options.bootstrap);
  const absolute = (s: MockServerContender) => {
    const e = estimate(ms(s), options.bootstrap);
    return `${formatMs(e.median)} (95% CI ${formatMs(e.low)} – ${formatMs(e.high)})`;
  };
  // What a start has to load and compile: one of the costs a profile of the startup shows.
  const loads = (s: MockServerContender) =>
    s.scriptBytes === undefined ? "" : `; loads ${formatCount(s.scriptBytes() / 1024)} KiB of its own JavaScript`;
  const rows: Row[] = [];
  const row = (s: MockServerContender, peer: MockServerContender, meaning: string, target?: Target) =>
    rows.push(
      judged(
        {
          subject: `${s.name} — startup (spawn to first answer)`,
          peer: peer.name,
          meaning,
          value: ratio(s, peer),
          ...(target ? { target } : {}),
          detail: `${absolute(s)}${loads(s)} vs ${absolute(peer)}${loads(peer)}`,
        },
        options.rounds,
      ),
    );
  const servers = [...startups.keys()];
  for (const s of servers) {
    if (s === fixedBodyFloor) continue;
    row(s, fixedBodyFloor, "startup ms ÷ bare node:http's", s.role === "ours" ? startupTarget : undefined);
  }
  for (const s of servers.filter((o) => o.role === "ours")) {
    if (startups.has(prism)) row(s, prism, "startup ms ÷ Prism's");
    const before = servers.find((o) => o.role === "before");
    if (before !== undefined) row(s, before, "startup ms, after ÷ before");
  }
  return rows;
}

export function startupCharts(startups: Startups, options: { bootstrap: BootstrapSettings }): Chart[] {
  const bare = estimate(startups.get(fixedBodyFloor) as number[], options.bootstrap);
  const limit = bare.median * startupTarget.value;
  return [
    {
      file: "mock-startup.svg",
      // Prism takes seconds; next to it the difference that matters would not show. Its ratio is in the table.
      title: "Startup: spawn to first successful answer (Prism: see the table)",
      unit: "milliseconds (lower is better)",
      suffix: " ms",
      bars: [...startups]
        .filter(([s]) => s !== prism)
        .map(([s, ms]) => barFor(s.name, estimate(ms, options.bootstrap), s.role === "ours")),
      target: { value: limit, label: `${startupTarget.value} × bare node:http (median)` },
    },
  ];
}
