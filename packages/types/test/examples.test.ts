import { describe, expect, it } from "vitest";
import { compile, doc, resolveRef } from "./spec";

interface Case {
  where: string;
  schema: object;
  value: unknown;
}

// Every example the document holds, next to the schema it illustrates.
function collectExamples(): Case[] {
  const cases: Case[] = [];
  const fromSchema = (where: string, schema: Record<string, any>) => {
    for (const [i, value] of (schema.examples ?? []).entries())
      cases.push({ where: `${where} examples[${i}]`, schema, value });
  };
  for (const [name, schema] of Object.entries<Record<string, any>>(doc.components.schemas)) {
    fromSchema(`components.schemas.${name}`, schema);
  }
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<Record<string, any>>(item)) {
      const at = `${method.toUpperCase()} ${path}`;
      for (const p of (op.parameters ?? []).map(resolveRef<Record<string, any>>)) {
        if (p.example !== undefined)
          cases.push({ where: `${at} parameter ${p.name}`, schema: p.schema, value: p.example });
      }
      const media: [string, Record<string, any>][] = [];
      if (op.requestBody) media.push([`${at} request`, resolveRef<any>(op.requestBody).content["application/json"]]);
      for (const [status, res] of Object.entries<any>(op.responses)) {
        const response = resolveRef<any>(res);
        for (const [header, h] of Object.entries<any>(response.headers ?? {})) {
          fromSchema(`${at} ${status} header ${header}`, resolveRef<any>(h).schema);
        }
        if (response.content) media.push([`${at} ${status}`, response.content["application/json"]]);
      }
      for (const [where, m] of media) {
        if (m.example !== undefined) cases.push({ where, schema: m.schema, value: m.example });
        for (const [key, ex] of Object.entries<any>(m.examples ?? {})) {
          cases.push({ where: `${where} example ${key}`, schema: m.schema, value: resolveRef<any>(ex).value });
        }
      }
    }
  }
  return cases;
}

const cases = collectExamples();

describe("every example in the document validates against its own schema (ajv 2020-12 + ajv-formats)", () => {
  it("finds the examples: two requests, the 202, the 200 and an error per documented status", () => {
    const where = cases.map((c) => c.where).join("\n");
    expect(where).toContain("POST /v1/evals/runs request example withAttachedAgents");
    expect(where).toContain("POST /v1/evals/runs request example fromWorkbenchVersion");
    expect(where).toContain("POST /v1/evals/runs 202 example accepted");
    expect(where).toContain("GET /v1/evals/agents/{eval_agent_id} 200 example empathyCheck");
    for (const status of ["400", "401", "402", "404", "409", "413", "415", "429", "5XX"]) {
      expect(where).toContain(`POST /v1/evals/runs ${status} example`);
    }
    expect(cases.length).toBeGreaterThan(25);
  });

  it.each(cases.map((c) => [c.where, c] as const))("%s", (_where, c) => {
    const validate = compile(c.schema);
    expect(validate(c.value), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });
});
