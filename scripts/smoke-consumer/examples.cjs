// Request and ids for the smoke run, taken from the examples in the installed spec
// (@evals-api/types/openapi.json), which the mock seeds itself from.
const spec = require("@evals-api/types/openapi.json");
const { operationIndex } = require("@evals-api/types");

function operation(id) {
  for (const item of Object.values(spec.paths)) {
    for (const op of Object.values(item)) if (op.operationId === id) return op;
  }
  throw new Error(`the installed spec has no operation ${id}`);
}

function firstExample(media) {
  const example = Object.values(media.examples ?? {})[0];
  const ref = example?.$ref?.replace("#/", "").split("/");
  return (ref ? ref.reduce((node, key) => node[key], spec) : example).value;
}

const createBody = firstExample(operation("createEvalRun").requestBody.content["application/json"]);
const agentStatus = String(operationIndex.getEvalAgent.successStatus);
const agentId = firstExample(operation("getEvalAgent").responses[agentStatus].content["application/json"]).data.agent
  .id;

module.exports = { createBody, agentId };
