// The spec gate: Redocly lint with our redocly.yaml, failing on any error *or* warning
// (redocly itself exits 0 on warnings).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };
const run = (format) =>
  spawnSync("pnpm", ["exec", "redocly", "lint", "--format", format, "--max-problems", "500"], {
    cwd: root,
    env,
    encoding: "utf8",
  });

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
