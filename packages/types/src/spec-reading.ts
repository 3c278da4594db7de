// `@evals-api/types/spec-reading`: the readers of document-readers.mjs, which take any OpenAPI
// document, without the bundled one that `@evals-api/types/spec` inlines. For code that reads
// another document (a baseline, a test fixture, the docs site's copy) or none in particular.
export {
  type CompiledPath,
  compilePathTemplate,
  declaredParameters,
  inlineSchema,
  isJsonMediaType,
  jsonMediaTypeOf,
  refChain,
  resolveRefIn,
  responseStatusKey,
} from "./document-readers.mjs";
