// The public types: what createEvalsMcpServer takes and gives.
import type { MockServer } from "@evals-api/mock";
import type { Registry } from "@evals-api/types/registry";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { describe, expectTypeOf, it } from "vitest";
import { createEvalsMcpServer, type DryRunReport, type EvalsMcpServerOptions, toolsOf } from "../src/index.js";

describe("@evals-api/mcp's types", () => {
  it("takes its options and gives the SDK server, the tools and the mock", () => {
    const served = createEvalsMcpServer({ mock: true, readOnly: true });
    expectTypeOf(served.server).toEqualTypeOf<Server>();
    expectTypeOf(served.tools).toEqualTypeOf<readonly Tool[]>();
    expectTypeOf(served.mock).toEqualTypeOf<MockServer | undefined>();
    expectTypeOf<EvalsMcpServerOptions["registry"]>().toEqualTypeOf<Registry | undefined>();
    expectTypeOf<EvalsMcpServerOptions["mock"]>().toEqualTypeOf<boolean | MockServer | undefined>();
    // @ts-expect-error readOnly is a boolean
    createEvalsMcpServer({ readOnly: "yes" });
    // @ts-expect-error baseUrl is a string
    createEvalsMcpServer({ baseUrl: new URL("https://api.bland.ai") });
  });

  it("describes a dry run and the tool list", () => {
    expectTypeOf<DryRunReport["run"]>().toEqualTypeOf<
      { calls: number; agents: number | null; atoms: number | null; note: string | undefined } | undefined
    >();
    expectTypeOf(toolsOf).parameter(1).toEqualTypeOf<{ readOnly?: boolean; openWorld?: boolean } | undefined>();
  });
});
