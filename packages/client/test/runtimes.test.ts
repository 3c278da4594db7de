// The runtime matrix: the built package (ESM, and CJS where the runtime has require) on every
// runtime the README claims, against the mock over loopback HTTP. Prints the table the README shows.
import { describe, expect, it } from "vitest";
import { bun, chromium, deno, node, type RuntimeResult, workerd } from "./runtimes/runtimes.js";

const runtimes: [string, () => Promise<RuntimeResult>][] = [
  // engines.node's floor, the Node that runs the tests (20 here and in CI), and 22.
  ["Node 18.0.0", node("18.0.0")],
  ["Node (this process's)", node()],
  ["Node 22", node("22.23.5")],
  ["Bun", bun],
  ["Deno", deno],
  ["workerd", workerd],
  ["Chromium", chromium],
];

const table: string[] = [];

describe("runtime matrix", () => {
  it.each(runtimes)("%s", { timeout: 120_000 }, async (_, runtime) => {
    const { runtime: name, version, formats } = await runtime();
    const failed = Object.entries(formats).flatMap(([format, checks]) =>
      checks.filter((c) => !c.ok).map((c) => `${format} ${c.name}: ${c.detail}`),
    );
    const row = `| ${name} | ${version} | ${Object.keys(formats).join(" + ")} | ${failed.length ? "fail" : "pass"} |`;
    table.push(row);
    console.log(`runtime matrix: ${row}`);
    expect(Object.values(formats).every((checks) => checks.length === 5)).toBe(true);
    expect(failed).toEqual([]);
  });

  it("prints the table", () => {
    console.log(["| runtime | version | formats | result |", "| --- | --- | --- | --- |", ...table].join("\n"));
    expect(table).toHaveLength(runtimes.length);
  });
});
