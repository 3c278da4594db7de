// The READMEs' code samples of the mock and the contract kit, run as written.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";

const readmes = {
  "@evals-api/mock": new URL("../../mock/README.md", import.meta.url),
  "@evals-api/contract": new URL("../README.md", import.meta.url),
};

function firstTsSample(readme: URL): string {
  const sample = /```ts\n([\s\S]*?)```/.exec(readFileSync(readme, "utf8"))?.[1];
  if (sample === undefined) throw new Error(`${fileURLToPath(readme)} has no ts sample`);
  return sample;
}

describe.each(Object.entries(readmes))("the %s README sample", (name, readme) => {
  it("runs as written", async () => {
    // Written inside the package (test-output/ is git-ignored) so its imports resolve from here.
    const dir = fileURLToPath(new URL("../test-output/readme-samples/", import.meta.url));
    mkdirSync(dir, { recursive: true });
    const file = `${dir}${name.replace(/\W/g, "-")}.ts`;
    writeFileSync(file, firstTsSample(readme));
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      await import(/* @vite-ignore */ file);
      expect(log).toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });
});
