// fast-check arbitraries for create-run bodies, built from the bundled spec: every bound and enum
// below is read from the CreateEvalRunRequest and AgentAttachment schemas, never restated.
import fc from "fast-check";
import type { Seed, SeedAgent } from "../src/index.js";
import { agentExample, schema } from "./spec-examples.js";

const deref = (node: any): any => (node?.$ref ? schema(node.$ref.split("/").pop()) : node);
const request = schema("CreateEvalRunRequest");
const attachment = schema("AgentAttachment");
const agentsBranch = request.anyOf.find((b: any) => b.required.includes("attached_agents"));

export const bounds = {
  calls: { min: request.properties.call_ids.minItems as number, max: request.properties.call_ids.maxItems as number },
  agents: {
    min: agentsBranch.properties.attached_agents.minItems as number,
    max: request.properties.attached_agents.maxItems as number,
  },
  weight: { min: attachment.properties.weight.minimum as number, max: attachment.properties.weight.maximum as number },
  threshold: {
    min: request.properties.pass_threshold_pct.minimum as number,
    max: request.properties.pass_threshold_pct.maximum as number,
  },
  runModes: deref(request.properties.run_mode).enum as string[],
  triggeredBy: deref(request.properties.triggered_by).enum as string[],
  requestFields: Object.keys(request.properties),
  attachmentFields: Object.keys(attachment.properties),
  attachmentRequired: attachment.required as string[],
};

// A pool of seeded agents larger than a run may attach, plus two workbench versions whose rosters
// have a known number of distinct agents: a small one and one at the attachment limit. Each pool
// agent's published version is its current one, so an attachment resolves to the same version
// whether it pins it or omits it.
const template = agentExample().data;
const uuid = (group: string, n: number) => `${group}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
export const pool: SeedAgent[] = Array.from({ length: bounds.agents.max + 5 }, (_, i) => ({
  agent: {
    ...template.agent,
    id: uuid("a9e00000", i),
    current_version_id: uuid("fe500000", i),
    active_version_id: uuid("fe500000", i),
  },
  current_version: { ...template.current_version, id: uuid("fe500000", i), eval_agent_id: uuid("a9e00000", i) },
}));
const poolAttachment = (i: number, weight = 1, keys: string[] = []) => ({
  eval_agent_id: pool[i]?.agent.id as string,
  eval_agent_version_id: pool[i]?.current_version.id as string,
  weight,
  target_level_keys: keys,
});
export const workbenches = [
  { setup: uuid("3e700000", 1), version: uuid("3e7fe500", 1), distinctAgents: 3 },
  { setup: uuid("3e700000", 2), version: uuid("3e7fe500", 2), distinctAgents: bounds.agents.max },
];
export const propertySeed: Seed = {
  agents: pool,
  workbenches: workbenches.map((w) => ({
    workbench_setup_id: w.setup,
    workbench_setup_version_id: w.version,
    // Where the limit leaves room, list the first agent twice, once by its id alone: it still
    // scores once.
    attached_agents: [
      ...Array.from({ length: w.distinctAgents }, (_, i) => poolAttachment(i)),
      ...(w.distinctAgents < bounds.agents.max ? [{ eval_agent_id: pool[0]?.agent.id as string }] : []),
    ],
  })),
};

/** A count in [min, max] that hits both edges in about one case in ten each. */
const count = (min: number, max: number) =>
  fc.oneof(
    { arbitrary: fc.constant(min), weight: 1 },
    { arbitrary: fc.constant(max), weight: 1 },
    { arbitrary: fc.integer({ min, max }), weight: 8 },
  );

export interface ValidCase {
  body: Record<string, unknown>;
  expected: { calls: number; agents: number };
}

const callIds = count(bounds.calls.min, bounds.calls.max).chain((n) =>
  fc
    .record({ distinct: fc.integer({ min: 1, max: n }), names: fc.array(fc.string(), { minLength: 1, maxLength: 4 }) })
    .map(({ distinct, names }) => ({
      // `distinct` different ids, repeated round-robin to length n.
      ids: Array.from({ length: n }, (_, i) => `${names[(i % distinct) % names.length]}#${i % distinct}`),
      distinct,
    })),
);

const optionalAttachmentFields = bounds.attachmentFields.filter((f) => !bounds.attachmentRequired.includes(f));

// A field name the schema does not list: the vendor never says such a field is refused.
const unknownKey = (known: readonly string[]) =>
  fc.string({ minLength: 1 }).filter((key) => !known.includes(key) && key !== "__proto__");

const attached = count(bounds.agents.min, bounds.agents.max).chain((k) =>
  fc
    .record({
      distinct: fc.integer({ min: 1, max: k }),
      weights: fc.array(fc.double({ min: bounds.weight.min, max: bounds.weight.max, noNaN: true }), {
        minLength: k,
        maxLength: k,
      }),
      keys: fc.array(fc.string(), { maxLength: 3 }),
      // Per attachment, which of the fields the vendor lets a request omit are left out.
      omitted: fc.array(fc.subarray(optionalAttachmentFields), { minLength: k, maxLength: k }),
      unknown: fc.option(fc.dictionary(unknownKey(bounds.attachmentFields), fc.jsonValue(), { maxKeys: 2 })),
    })
    .map(({ distinct, weights, keys, omitted, unknown }) => ({
      agents: weights.map((w, i) => {
        const full: Record<string, unknown> = { ...poolAttachment(i % distinct, w, keys), ...unknown };
        for (const field of omitted[i] ?? []) delete full[field];
        return full;
      }),
      distinct,
    })),
);

const optionalFields = fc.record(
  {
    run_mode: fc.constantFrom(...bounds.runModes),
    triggered_by: fc.constantFrom(...bounds.triggeredBy),
    pass_threshold_pct: fc.double({ min: bounds.threshold.min, max: bounds.threshold.max, noNaN: true }),
    metadata: fc.dictionary(fc.string(), fc.string(), { maxKeys: 4 }),
  },
  { requiredKeys: [] },
);

export const validCase: fc.Arbitrary<ValidCase> = fc
  .record({
    calls: callIds,
    source: fc.oneof(
      attached.map((a) => ({ kind: "attached" as const, ...a })),
      fc
        .record({ workbench: fc.constantFrom(...workbenches), emptyList: fc.boolean() })
        .map((w) => ({ kind: "workbench" as const, ...w })),
      fc.record({ a: attached, workbench: fc.constantFrom(...workbenches) }).map(({ a, workbench }) => ({
        kind: "both" as const,
        ...a,
        workbench,
      })),
    ),
    optional: optionalFields,
    unknown: fc.option(fc.dictionary(unknownKey(bounds.requestFields), fc.jsonValue(), { maxKeys: 2 })),
  })
  .map(({ calls, source, optional, unknown }) => {
    const body: Record<string, unknown> = { ...unknown, call_ids: calls.ids, ...optional };
    let agents: number;
    if (source.kind === "workbench") {
      if (source.emptyList) body.attached_agents = [];
      agents = source.workbench.distinctAgents;
    } else {
      body.attached_agents = source.agents;
      agents = source.distinct;
    }
    if (source.kind !== "attached") {
      body.workbench_setup_id = source.workbench.setup;
      body.workbench_setup_version_id = source.workbench.version;
    }
    return { body, expected: { calls: calls.distinct, agents } };
  });

export interface MutatedCase {
  kind: string;
  body: unknown;
  /** JSON Pointer of the mutated field ("" for a rule of the whole body). */
  path: string;
}

const escapePointer = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");
const clone = <T>(value: T): T => structuredClone(value);

/** A value whose JSON type is not `type` (a JSON Schema type name). */
function notOfType(type: string): fc.Arbitrary<unknown> {
  const all: [string, fc.Arbitrary<unknown>][] = [
    ["string", fc.string()],
    ["number", fc.double({ noNaN: true, noDefaultInfinity: true })],
    ["boolean", fc.boolean()],
    ["null", fc.constant(null)],
    ["array", fc.array(fc.integer(), { maxLength: 2 })],
    ["object", fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 })],
  ];
  return fc.oneof(...all.filter(([name]) => name !== type).map(([, arb]) => arb));
}

function typeOf(node: any): string {
  return deref(node).type as string;
}

function mutationsOf({ body }: ValidCase): fc.Arbitrary<MutatedCase>[] {
  const b = body as Record<string, any>;
  const agents: any[] = b.attached_agents ?? [];
  const hasAgents = agents.length > 0;
  // Fields the schema types (unknown ones have no type to break).
  const present = Object.keys(b).filter((field) => bounds.requestFields.includes(field));
  const mutations: fc.Arbitrary<MutatedCase>[] = [
    // Wrong type of a top-level field.
    fc.constantFrom(...present).chain((field) =>
      notOfType(typeOf(request.properties[field])).map((value) => ({
        kind: "wrong type",
        body: { ...clone(b), [field]: value },
        path: `/${field}`,
      })),
    ),
    // Wrong type of one call id.
    fc.record({ i: fc.nat(b.call_ids.length - 1), value: notOfType("string") }).map(({ i, value }) => {
      const next = clone(b);
      next.call_ids[i] = value;
      return { kind: "wrong item type", body: next, path: `/call_ids/${i}` };
    }),
    // Too few or too many call ids.
    fc.constantFrom(bounds.calls.min - 1, bounds.calls.max + 1).map((n) => ({
      kind: "call_ids count out of range",
      body: { ...clone(b), call_ids: Array.from({ length: n }, (_, i) => `call_${i}`) },
      path: "/call_ids",
    })),
    // Missing required field.
    fc.constant({ kind: "missing call_ids", body: (({ call_ids: _, ...rest }) => rest)(clone(b)), path: "/call_ids" }),
    // Out-of-range threshold.
    fc.record({ above: fc.boolean(), by: fc.double({ min: 1e-3, max: 1e6, noNaN: true }) }).map(({ above, by }) => ({
      kind: "threshold out of range",
      body: {
        ...clone(b),
        pass_threshold_pct: above ? bounds.threshold.max + by : bounds.threshold.min - by,
      },
      path: "/pass_threshold_pct",
    })),
    // Enum value the spec does not list.
    fc
      .record({
        field: fc.constantFrom("run_mode", "triggered_by"),
        value: fc.string().filter((s) => ![...bounds.runModes, ...bounds.triggeredBy].includes(s)),
      })
      .map(({ field, value }) => ({ kind: "not in enum", body: { ...clone(b), [field]: value }, path: `/${field}` })),
    // Non-string metadata value.
    fc.record({ key: fc.string(), value: notOfType("string") }).map(({ key, value }) => ({
      kind: "metadata value not a string",
      body: { ...clone(b), metadata: { ...(b.metadata ?? {}), [key]: value } },
      path: `/metadata/${escapePointer(key)}`,
    })),
    // Too many attached agents.
    fc.constant({
      kind: "too many agents",
      body: {
        ...clone(b),
        attached_agents: Array.from({ length: bounds.agents.max + 1 }, () => agents[0] ?? poolAttachment(0)),
      },
      path: "/attached_agents",
    }),
  ];
  // Broken pair: exactly one of the workbench ids.
  const pairFields = ["workbench_setup_id", "workbench_setup_version_id"] as const;
  mutations.push(
    fc.constantFrom(0, 1).map((keep) => {
      const next = clone(b);
      const [kept, dropped] = [pairFields[keep] as string, pairFields[1 - keep] as string];
      next[kept] = next[kept] ?? workbenches[0]?.[keep === 0 ? "setup" : "version"];
      delete next[dropped];
      return { kind: "broken workbench pair", body: next, path: `/${dropped}` };
    }),
  );
  // Malformed uuid.
  mutations.push(
    fc
      .record({ field: fc.constantFrom(...pairFields), value: fc.string().filter((s) => !/^[0-9a-f-]{36}$/i.test(s)) })
      .map(({ field, value }) => ({
        kind: "malformed uuid",
        body: {
          ...clone(b),
          workbench_setup_id: workbenches[0]?.setup,
          workbench_setup_version_id: workbenches[0]?.version,
          [field]: value,
        },
        path: `/${field}`,
      })),
  );
  // Neither agents nor a pinned workbench version: the whole body breaks the cross-field rule.
  mutations.push(
    fc.constant({
      kind: "no agent source",
      body: (({ attached_agents: _a, workbench_setup_id: _s, workbench_setup_version_id: _v, ...rest }) => rest)(
        clone(b),
      ),
      path: "",
    }),
  );
  if (hasAgents) {
    const index = fc.nat(agents.length - 1);
    mutations.push(
      fc.record({ i: index, field: fc.constantFrom(...bounds.attachmentRequired) }).map(({ i, field }) => {
        const next = clone(b);
        delete next.attached_agents[i][field];
        return { kind: "missing attachment field", body: next, path: `/attached_agents/${i}/${field}` };
      }),
      fc.record({ i: index, field: fc.constantFrom(...bounds.attachmentFields) }).chain(({ i, field }) =>
        notOfType(typeOf(attachment.properties[field])).map((value) => {
          const next = clone(b);
          next.attached_agents[i][field] = value;
          return { kind: "wrong attachment field type", body: next, path: `/attached_agents/${i}/${field}` };
        }),
      ),
      fc
        .record({ i: index, above: fc.boolean(), by: fc.double({ min: 1e-3, max: 1e6, noNaN: true }) })
        .map(({ i, above, by }) => {
          const next = clone(b);
          next.attached_agents[i].weight = above ? bounds.weight.max + by : bounds.weight.min - by;
          return { kind: "weight out of range", body: next, path: `/attached_agents/${i}/weight` };
        }),
      fc.record({ i: index, value: fc.string().filter((s) => !/^[0-9a-f-]{36}$/i.test(s)) }).map(({ i, value }) => {
        const next = clone(b);
        next.attached_agents[i].eval_agent_version_id = value;
        return {
          kind: "malformed agent version uuid",
          body: next,
          path: `/attached_agents/${i}/eval_agent_version_id`,
        };
      }),
    );
  }
  return mutations;
}

export const mutatedCase: fc.Arbitrary<MutatedCase> = validCase.chain((valid) => fc.oneof(...mutationsOf(valid)));
