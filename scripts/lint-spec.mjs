// The spec gate: Redocly lint with our redocly.yaml, failing on any error *or* warning
// (redocly itself exits 0 on warnings).
import { fileURLToPath } from "node:url";
import { runRedocly } from "./redocly/cli.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const run = (format) => runRedocly(["lint", "--format", format, "--max-problems", "500"], root);

const json = run("json");
let report;
try {
  report = JSON.parse(json.stdout);
} catch {
  process.stderr.write(json.stdout + json.stderr);
  console.error("redocly lint did not produce a report; see its output above.");
  process.exit(1);
}
const { errors, warnings } = report.totals;
if (errors + warnings > 0) {
  const readable = run("codeframe");
  process.stdout.write(readable.stdout);
}
console.log(`spec lint: ${errors} errors, ${warnings} warnings`);
process.exit(errors + warnings > 0 ? 1 : 0);
