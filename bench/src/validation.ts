// Benchmark 2: what validating a create-run body costs, next to JSON.stringify of the same body
// (work the request does anyway) and next to an equivalent zod 4 schema.
import { validateCreateEvalRunRequest } from "@evals-api/types/validators";
import { calibrateChunk, cpuClock, timedBatch } from "./batches.js";
import { createRunBounds, largestValidRun, runWithErrors } from "./fixtures.js";
import { type BootstrapSettings, estimate, pairedRatios } from "./intervals.js";
import { barFor, type Chart, formatMs, type Row, type Section } from "./results.js";
import { schemaNamed } from "./spec.js";
import { rotation, spread } from "./stats.js";
import { judged, type Target } from "./targets.js";
import { zodFromSpec } from "./zod-from-spec.js";

export interface ValidationOptions {
  rounds: number;
  /** Shortest timed batch, in CPU ms of this process. */
  minBatchMs: number;
  bootstrap: BootstrapSettings;
}

interface Contender {
  name: string;
  run: () => unknown;
}

const stringifyTarget: Target = { op: "<=", value: 0.1 };
const zodTarget: Target = { op: ">=", value: 8 };

/** CPU ms per call of each contender, one sample per round, contenders rotating. */
async function measure(contenders: Contender[], options: ValidationOptions): Promise<Map<string, number[]>> {
  const runners = new Map(
    contenders.map((c) => [
      c.name,
      (n: number) => {
        for (let i = 0; i < n; i++) c.run();
      },
    ]),
  );
  const chunks = new Map<string, number>();
  for (const [name, run] of runners) chunks.set(name, await calibrateChunk(run, cpuClock, options.minBatchMs));
  const samples = new Map(contenders.map((c) => [c.name, [] as number[]]));
  for (let round = 0; round < options.rounds; round++) {
    for (const c of rotation(contenders, round)) {
      // No forced collection between batches here: it leaves zod's next batch markedly slower and
      // more erratic, which would flatter the validator. CPU time, not wall time: another process
      // taking the core mid-batch does not count.
      const run = runners.get(c.name) as (n: number) => void;
      const batch = await timedBatch(run, cpuClock, options.minBatchMs, chunks.get(c.name) as number);
      samples.get(c.name)?.push(batch.ms / batch.calls);
    }
  }
  return samples;
}

export async function runValidationBenchmark(options: ValidationOptions): Promise<Section> {
  const zodSchema = zodFromSpec(schemaNamed("CreateEvalRunRequest"));
  const bodies = [
    {
      id: "valid",
      label: `largest valid body (${createRunBounds.maxCallIds} ids, ${createRunBounds.maxAgents} agents)`,
      body: largestValidRun(),
      errors: 0,
    },
    { id: "invalid", label: "largest body with 100 errors", body: runWithErrors(100), errors: 100 },
  ];
  const rows: Row[] = [];
  const charts: Chart[] = [];
  for (const { id, label, body, errors } of bodies) {
    // Check the contenders agree with each other before timing them.
    const issues = validateCreateEvalRunRequest(body);
    if (issues.length !== errors) {
      throw new Error(`validateCreateEvalRunRequest found ${issues.length} issues in the ${label}, expected ${errors}`);
    }
    if (zodSchema.safeParse(body).success !== (errors === 0)) {
      throw new Error(`The zod schema derived from the spec disagrees with the validator on the ${label}`);
    }
    const samples = await measure(
      [
        { name: "validator", run: () => validateCreateEvalRunRequest(body) },
        { name: "stringify", run: () => JSON.stringify(body) },
        { name: "zod", run: () => zodSchema.safeParse(body) },
      ],
      options,
    );
    const validator = samples.get("validator") as number[];
    const stringify = samples.get("stringify") as number[];
    const zod = samples.get("zod") as number[];
    const vsStringify = estimate(pairedRatios(validator, stringify), options.bootstrap);
    const zodVsStringify = estimate(pairedRatios(zod, stringify), options.bootstrap);
    const zodSlower = estimate(pairedRatios(zod, validator), options.bootstrap);
    const med = (xs: number[]) => formatMs(spread(xs).median);
    rows.push(
      judged(
        {
          subject: `validateCreateEvalRunRequest, ${label}`,
          peer: "JSON.stringify of the same body",
          meaning: "validator time ÷ stringify time",
          value: vsStringify,
          target: stringifyTarget,
          detail: `${med(validator)} vs ${med(stringify)} CPU per call`,
        },
        options.rounds,
      ),
      judged(
        {
          subject: `validateCreateEvalRunRequest, ${label}`,
          peer: "equivalent zod 4 schema (safeParse)",
          meaning: "zod time ÷ validator time (× faster)",
          value: zodSlower,
          target: zodTarget,
          detail: `${med(validator)} vs ${med(zod)} CPU per call`,
        },
        options.rounds,
      ),
    );
    charts.push({
      file: `validation-${id}.svg`,
      title: `Validating the ${label}`,
      unit: "time per call, × JSON.stringify of the same body (lower is better)",
      suffix: "×",
      bars: [
        { label: "JSON.stringify", value: 1 },
        barFor("generated validator", vsStringify, true),
        barFor("zod 4", zodVsStringify),
      ],
      target: { value: stringifyTarget.value, label: `target ≤ ${stringifyTarget.value}×` },
    });
  }
  return {
    id: "validation",
    title: "Validation cost",
    method:
      `Each round times one batch of at least ${options.minBatchMs} ms (CPU time of the process; sized by time, in ` +
      "calibrated chunks of calls) of the generated `validateCreateEvalRunRequest`, of `JSON.stringify` on the " +
      "same body and of `safeParse` with a zod 4 schema derived from the same spec schema (the same bounds, the " +
      "validator's own uuid pattern, a `superRefine` for the anyOf/dependentRequired rules; a test checks that it " +
      "accepts exactly what the validator accepts), in rotating order, in one process. Ratios are per round; " +
      `${options.rounds} rounds.`,
    rows,
    charts,
    notes: [],
  };
}
