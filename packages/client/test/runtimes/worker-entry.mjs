// workerd's module (through Miniflare): the built ESM entry, bundled as wrangler would bundle it.
// Each request's JSON body is the mock's URLs; the answer is the scenario's checks.
import * as client from "../../dist/index.js";
import { scenario } from "./scenario.mjs";

export default {
  async fetch(request) {
    return Response.json({ esm: await scenario(client, await request.json()) });
  },
};
