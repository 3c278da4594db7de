// Our mock server as a contender: its `evals-mock` CLI, started the way a user starts it — from the
// working tree's build, or (`--before`) from a build of an earlier commit.
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { seedAgentId } from "./fixtures.js";
import { authHeaders, type MockServerContender } from "./mock-servers.js";
import { startServer } from "./processes.js";

const require = createRequire(import.meta.url);

/** The `evals-mock` bin of the package whose package.json is `manifestPath`, from its `bin` field. */
export function mockBin(manifestPath: string): string {
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin?: Record<string, string> };
  const bin = manifest.bin?.["evals-mock"];
  if (bin === undefined) throw new Error(`${manifestPath} has no evals-mock bin`);
  return join(dirname(manifestPath), bin);
}

// The bundler's output refers to its chunks by relative specifiers, statically or with import().
const relativeImport = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g;

/** Bytes of `entry` and of every file it imports by a relative path, followed transitively. */
export function scriptBytes(entry: string): number {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of readFileSync(file, "utf8").matchAll(relativeImport)) {
      visit(resolve(dirname(file), match[1] as string));
    }
  };
  visit(entry);
  return [...seen].reduce((total, file) => total + statSync(file).size, 0);
}

function evalsMockFrom(manifestPath: string, name: string, role: "ours" | "before"): MockServerContender {
  return {
    name,
    role,
    scenarios: ["get-agent", "valid-post", "invalid-post"],
    start: (nodeArgs = []) =>
      startServer({
        name,
        command: process.execPath,
        args: [...nodeArgs, mockBin(manifestPath), "--host", "127.0.0.1", "--port", "{port}"],
        readyPath: `/v1/evals/agents/${seedAgentId}`,
        readyHeaders: authHeaders,
      }),
    scriptBytes: () => scriptBytes(mockBin(manifestPath)),
  };
}

export const evalsMock: MockServerContender = evalsMockFrom(
  require.resolve("@evals-api/mock/package.json"),
  "@evals-api/mock (evals-mock)",
  "ours",
);

/** The mock built in another checkout (`--before`), given that checkout's packages/mock/package.json and a label ("before e49b9b0"). */
export function evalsMockBefore(manifestPath: string, label: string): MockServerContender {
  return evalsMockFrom(manifestPath, `@evals-api/mock (evals-mock) ${label}`, "before");
}
