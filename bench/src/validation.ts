// Benchmark 2: what validating a create-run body costs, next to JSON.stringify of the same body
// (work the request does anyway) and next to an equivalent zod 4 schema.
import { validateCreateEvalRunRequest } from "@evals-api/types/validators";
import { createRunBounds, largestValidRun, runWithErrors } from "./fixtures.js";
import type { Chart, Row, Section } from "./results.js";
import { formatMs } from "./results.js";
import { schemaNamed } from "./spec.js";
import { elapsedMs, meets, rotation, spread, type Target } from "./stats.js";
import { zodFromSpec } from "./zod-from-spec.js";

export interface ValidationOptions {
  rounds: number;
  /** Wall time one contender's batch should take in a round. */
  batchMs: number;
}

interface Contender {
  name: string;
  run: () => unknown;
}

const stringifyTarget: Target = { op: "<=", value: 0.1 };
const zodTarget: Target = { op: ">=", value: 8 };

/** Iterations that take about `batchMs`, found by doubling (bounded at 2^20). */
function calibrate(run: () => unknown, batchMs: number): number {
  for (let n = 1; n < 1 << 20; n *= 2) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) run();
    if (elapsedMs(start) >= batchMs / 2) return n * 2;
  }
  return 1 << 20;
}

/** Milliseconds per call of each contender, one sample per round, contenders alternating. */
function measure(contenders: Contender[], options: ValidationOptions): Map<string, number[]> {
  const iterations = new Map(contenders.map((c) => [c.name, calibrate(c.run, options.batchMs)]));
  const samples = new Map(contenders.map((c) => [c.name, [] as number[]]));
  for (let round = 0; round < options.rounds; round++) {
    for (const c of rotation(contenders, round)) {
      const n = iterations.get(c.name) as number;
      // No forced collection between batches here: it leaves zod's next batch markedly slower and
      // more erratic, which would flatter the validator. CPU time, not wall time: another process
      // taking the core mid-batch does not count.
      const cpu = process.cpuUsage();
      for (let i = 0; i < n; i++) c.run();
      const used = process.cpuUsage(cpu);
      samples.get(c.name)?.push((used.user + used.system) / 1000 / n);
    }
  }
  return samples;
}

function ratios(numerator: number[], denominator: number[]): number[] {
  return numerator.map((n, i) => n / (denominator[i] as number));
}

export function runValidationBenchmark(options: ValidationOptions): Section {
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
    const samples = measure(
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
    const vsStringify = spread(ratios(validator, stringify));
    const zodVsStringify = spread(ratios(zod, stringify));
    const zodSlower = spread(ratios(zod, validator));
    const med = (xs: number[]) => spread(xs).median;
    // The fastest batch of each contender: other work on the machine only ever slows a batch down.
    const fastest = (xs: number[]) => formatMs(Math.min(...xs));
    rows.push(
      {
        subject: `validateCreateEvalRunRequest, ${label}`,
        peer: "JSON.stringify of the same body",
        ratioMeaning: "validator time ÷ stringify time",
        ratio: vsStringify,
        target: stringifyTarget,
        met: meets(stringifyTarget, vsStringify),
        detail: `${formatMs(med(validator))} vs ${formatMs(med(stringify))} CPU per call (fastest batches ${fastest(validator)} vs ${fastest(stringify)})`,
      },
      {
        subject: `validateCreateEvalRunRequest, ${label}`,
        peer: "equivalent zod 4 schema (safeParse)",
        ratioMeaning: "zod time ÷ validator time (× faster)",
        ratio: zodSlower,
        target: zodTarget,
        met: meets(zodTarget, zodSlower),
        detail: `${formatMs(med(validator))} vs ${formatMs(med(zod))} CPU per call (fastest batches ${fastest(validator)} vs ${fastest(zod)})`,
      },
    );
    charts.push({
      file: `validation-${id}.svg`,
      title: `Validating the ${label}`,
      unit: "time per call, × JSON.stringify of the same body (lower is better)",
      suffix: "×",
      bars: [
        { label: "JSON.stringify", value: 1 },
        {
          label: "generated validator",
          value: vsStringify.median,
          min: vsStringify.min,
          max: vsStringify.max,
          ours: true,
        },
        { label: "zod 4", value: zodVsStringify.median, min: zodVsStringify.min, max: zodVsStringify.max },
      ],
      target: { value: stringifyTarget.value, label: `target ≤ ${stringifyTarget.value}×` },
    });
  }
  return {
    id: "validation",
    title: "Validation cost",
    method:
      `Each round times a batch of calls (about ${options.batchMs} ms each, in CPU time of the process) of the generated ` +
      "`validateCreateEvalRunRequest`, of `JSON.stringify` on the same body and of `safeParse` with a zod 4 schema " +
      "derived from the same spec schema (strict objects, the same bounds, `z.guid()` for ajv's uuid format, a " +
      "`superRefine` for the anyOf/dependentRequired rules), in rotating order, in one process. " +
      `Ratios are per round; ${options.rounds} rounds.`,
    rows,
    charts,
    notes: [],
  };
}
