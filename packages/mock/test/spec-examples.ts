// The spec's own examples, read from the bundled document (tests compare against them).
import spec from "@evals-api/types/openapi.json" with { type: "json" };

const doc = spec as any;
const ref = (node: any): any =>
  node?.$ref
    ? ref(
        node.$ref
          .slice(2)
          .split("/")
          .reduce((n: any, k: string) => n[k], doc),
      )
    : node;

export function requestExamples(): Record<string, any> {
  const examples = ref(doc.paths["/v1/evals/runs"].post.requestBody).content["application/json"].examples;
  return Object.fromEntries(Object.entries(examples).map(([name, ex]) => [name, ref(ex).value]));
}

export function agentExample(): any {
  const examples =
    doc.paths["/v1/evals/agents/{eval_agent_id}"].get.responses["200"].content["application/json"].examples;
  return ref(Object.values(examples)[0]).value;
}

export function schema(name: string): any {
  return doc.components.schemas[name];
}

export function responseExampleCodes(status: string): string[] {
  const response = ref(
    doc.paths["/v1/evals/runs"].post.responses[status] ??
      doc.paths["/v1/evals/agents/{eval_agent_id}"].get.responses[status],
  );
  return Object.values(response.content["application/json"].examples).flatMap((ex: any) =>
    ref(ex).value.errors.map((e: any) => e.error),
  );
}
