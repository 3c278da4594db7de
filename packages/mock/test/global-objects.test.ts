// Its own file: the option replaces this worker's global Request and Response for good.
import { expect, it } from "vitest";
import { createMockServer } from "../src/index.js";
import { agentExample } from "./spec-examples.js";

it("with overrideGlobalObjects, lets @hono/node-server swap the global Request and Response, and still serves", async () => {
  const { Request: before, Response: beforeResponse } = globalThis;
  const server = await createMockServer({ overrideGlobalObjects: true }).listen(0);
  try {
    expect(globalThis.Request).not.toBe(before);
    expect(globalThis.Response).not.toBe(beforeResponse);
    const response = await fetch(`${server.url}/v1/evals/agents/${agentExample().data.agent.id}`, {
      headers: { authorization: "k" },
    });
    expect(response.status).toBe(200);
  } finally {
    await server.close();
  }
});
