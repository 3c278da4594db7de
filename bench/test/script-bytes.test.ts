// What a start of our CLI loads: its entry and every chunk it imports by a relative path.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { evalsMock, scriptBytes } from "../src/mock-contender.ts";

const scratch = mkdtemp(join(tmpdir(), "evals-bench-bytes-"));
afterAll(async () => rm(await scratch, { recursive: true, force: true }));

describe("scriptBytes", () => {
  it("adds up the entry and the chunks it imports, statically or with import(), once each", async () => {
    const dir = await scratch;
    const files = {
      "cli.js": 'import { a } from "./a.js";\nimport "node:fs";\nconst b = () => import("./b.js");\n',
      "a.js": 'export { c } from "./c.js";\nexport const a = 1;\n',
      "b.js": 'import { c } from "./c.js";\nexport const b = c;\n',
      "c.js": "export const c = 3;\n",
      "unused.js": "export const nobody = 0;\n",
    };
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    const expected = ["cli.js", "a.js", "b.js", "c.js"].reduce(
      (n, f) => n + Buffer.byteLength(files[f as keyof typeof files]),
      0,
    );
    expect(scriptBytes(join(dir, "cli.js"))).toBe(expected);
  });

  it("measures the built evals-mock CLI", () => {
    expect(evalsMock.scriptBytes?.()).toBeGreaterThan(10_000);
  });
});
