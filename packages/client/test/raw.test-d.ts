// Compile-time proof that `raw` covers any operation of a spec, typed: the client is generic over
// the spec's `paths`, and the test fixture's third operation (GET /v1/evals/runs/{run_id}, which
// no client code names) type-checks with its own parameters and 200 body.
import { createEvalsClient, type EvalsClient } from "@evals-api/client";
import type { operations, paths } from "@evals-api/fixture-third-operation";
import type { paths as shippedPaths } from "@evals-api/types";
import type { Client } from "openapi-fetch";
import { describe, expectTypeOf, it } from "vitest";

const evals = createEvalsClient<paths>({ apiKey: "k" });
const run_id = "9f8e7d6c-5b4a-4321-8fed-cba987654321";
type RunBody = operations["getEvalRun"]["responses"][200]["content"]["application/json"];

describe("a client typed by a spec with a third operation", () => {
  it("raw is openapi-fetch's client for that spec's paths", () => {
    expectTypeOf(evals).toEqualTypeOf<EvalsClient<paths>>();
    expectTypeOf(evals.raw).toEqualTypeOf<Client<paths>>();
    expectTypeOf(createEvalsClient({ apiKey: "k" }).raw).toEqualTypeOf<Client<shippedPaths>>();
  });

  it("raw.GET on the new path type-checks, and data is the fixture's 200 body", async () => {
    const { data, error, response } = await evals.raw.GET("/v1/evals/runs/{run_id}", { params: { path: { run_id } } });
    // openapi-fetch maps the body through its Readable<>: the same run, checked both ways.
    type Run = NonNullable<typeof data>["data"];
    expectTypeOf<Run>().toExtend<RunBody["data"]>();
    expectTypeOf<RunBody["data"]>().toExtend<Run>();
    expectTypeOf<Run["status"]>().toEqualTypeOf<RunBody["data"]["status"]>();
    expectTypeOf<undefined>().toExtend<typeof data>();
    expectTypeOf(error).not.toBeAny();
    expectTypeOf(response).toEqualTypeOf<Response>();
  });

  it("a wrong path, a missing or misnamed parameter, or the wrong method are type errors", () => {
    // @ts-expect-error the spec has no such path
    void evals.raw.GET("/v1/evals/run/{run_id}", { params: { path: { run_id } } });
    // @ts-expect-error run_id is required
    void evals.raw.GET("/v1/evals/runs/{run_id}", { params: { path: {} } });
    // @ts-expect-error the parameter is run_id, not id
    void evals.raw.GET("/v1/evals/runs/{run_id}", { params: { path: { id: run_id } } });
    // @ts-expect-error the path has no POST
    void evals.raw.POST("/v1/evals/runs/{run_id}", { params: { path: { run_id } } });
  });

  it("the shipped client does not know the fixture's path", () => {
    const shipped = createEvalsClient({ apiKey: "k" });
    // @ts-expect-error not in the shipped spec
    void shipped.raw.GET("/v1/evals/runs/{run_id}", { params: { path: { run_id } } });
  });

  it("the resource methods stay as they are", () => {
    expectTypeOf(evals.agents.get).toEqualTypeOf<EvalsClient["agents"]["get"]>();
    expectTypeOf(evals.runs.create).toEqualTypeOf<EvalsClient["runs"]["create"]>();
  });
});
