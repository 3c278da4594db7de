// Reading a .cpuprofile: self time per function and per file, largest first.
import { describe, expect, it } from "vitest";
import { type CpuProfile, formatHotSpots, hotSpots } from "../src/index.ts";

const frame = (functionName: string, url: string, lineNumber: number) => ({
  functionName,
  url,
  lineNumber,
  columnNumber: 0,
});

const profile: CpuProfile = {
  startTime: 0,
  endTime: 10_000,
  nodes: [
    { id: 1, callFrame: frame("(root)", "", -1), children: [2, 3] },
    { id: 2, callFrame: frame("send", "file:///repo/packages/client/dist/index.js", 41), children: [4] },
    {
      id: 3,
      callFrame: frame("parse", "file:///repo/node_modules/.pnpm/x/node_modules/undici/lib/fetch.js", 9),
      children: [5],
    },
    { id: 4, callFrame: frame("", "file:///repo/packages/client/dist/index.js", 99) },
    { id: 5, callFrame: frame("", "", -1) },
  ],
  // Sample i lasts until sample i + 1: 2 → 3000 µs, 3 → 1000 µs, 4 → 500 µs, 2 → 2000 µs, 5 → 250 µs.
  samples: [2, 3, 4, 2, 5, 1],
  timeDeltas: [0, 3000, 1000, 500, 2000, 250],
};

describe("hotSpots", () => {
  const spots = hotSpots(profile);

  it("adds up self time per function, largest first", () => {
    expect(spots.functions[0]).toMatchObject({ name: "send packages/client/dist/index.js:42", selfMs: 5 });
    expect(spots.functions[1]).toMatchObject({ name: "parse undici/lib/fetch.js:10", selfMs: 1 });
    expect(spots.functions.find((f) => f.name.startsWith("(anonymous)"))?.selfMs).toBe(0.5);
    expect(spots.sampledMs).toBe(6.75);
  });

  it("adds up self time per file, with paths shortened to the package", () => {
    expect(spots.files[0]).toMatchObject({ name: "packages/client/dist/index.js", selfMs: 5.5 });
    expect(spots.files[0]?.share).toBeCloseTo(5.5 / 6.75);
  });

  it("names an unnamed builtin by the function that called it", () => {
    expect(spots.functions.find((f) => f.name.startsWith("(native"))).toMatchObject({
      name: "(native, called by parse undici/lib/fetch.js:10)",
      selfMs: 0.25,
    });
  });

  it("prints both lists", () => {
    const text = formatHotSpots("client.cpuprofile", spots);
    expect(text).toContain("client.cpuprofile: 7 ms sampled");
    expect(text).toContain("(native)");
    expect(text).toContain("self time by function");
    expect(text).toContain("self time by file");
    expect(text).toMatch(/5\.0 ms\s+74\.1%\s+send packages\/client\/dist\/index\.js:42/);
  });
});
