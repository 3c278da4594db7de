// The spec gate: Redocly lint with our redocly.yaml, failing on any error *or* warning
// (redocly itself exits 0 on warnings), and on a file under openapi/ that no `$ref` reaches from
// openapi.yaml: Redocly lints only what the root reaches, so a new path file left out of `paths:`
// would otherwise pass unseen, and its operation be silently missing from every package.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runRedocly } from "./redocly/cli.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const specDir = join(root, "openapi");

/** The YAML files under openapi/ that no chain of file `$ref`s from openapi.yaml reaches. */
function unreachedFiles() {
  const all = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? all(join(dir, entry.name)) : /\.ya?ml$/.test(entry.name) ? [join(dir, entry.name)] : [],
    );
  const reached = new Set();
  const pending = [join(specDir, "openapi.yaml")];
  while (pending.length > 0) {
    const file = pending.pop();
    if (reached.has(file)) continue;
    reached.add(file);
    // A file reference is the part of a `$ref` before its `#`; a local `#/…` one names no file.
    for (const [, target] of readFileSync(file, "utf8").matchAll(/\$ref:\s*["']?([^"'#\s]+)/g)) {
      pending.push(resolve(dirname(file), target));
    }
  }
  return all(specDir).filter((file) => !reached.has(file));
}
const run = (format) => runRedocly(["lint", "--format", format, "--max-problems", "500"], root);

const json = run("json");
let report;
try {
  report = JSON.parse(json.stdout);
} catch {}
if (typeof report?.totals !== "object") {
  process.stderr.write(`${json.stdout ?? ""}${json.stderr ?? ""}`);
  const cause = json.error ? ` (${json.error.message}: run \`pnpm install\` first)` : "; see its output above";
  console.error(`redocly lint did not produce a report${cause}.`);
  process.exit(1);
}
const { errors, warnings } = report.totals;
if (errors + warnings > 0) {
  const readable = run("codeframe");
  process.stdout.write(readable.stdout);
}
const orphans = unreachedFiles();
for (const file of orphans) {
  console.log(
    `${relative(root, file)}: no $ref from openapi/openapi.yaml reaches this file, so nothing is built from it: ` +
      "add it under paths: (or components:), or delete it",
  );
}
console.log(`spec lint: ${errors + orphans.length} errors, ${warnings} warnings`);
process.exit(errors + warnings + orphans.length > 0 ? 1 : 0);
