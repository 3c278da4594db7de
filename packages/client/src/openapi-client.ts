// openapi-fetch's createClient on its own: the module the transport imports on the first call that
// needs it, so that a bundler keeps only this much of openapi-fetch in that chunk. openapi-fetch
// has only a default export, which our CJS build gets with Node's require rules, where the default
// is the whole `exports` object (whose own `default` is the function).
import * as openapiFetch from "openapi-fetch";

export const createClient =
  (openapiFetch.default as { default?: typeof openapiFetch.default }).default ?? openapiFetch.default;
