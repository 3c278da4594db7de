// Deno: the built package's ESM entry, its dependencies resolved from node_modules as Deno does
// where there is a package.json. Deno has no require() for a module of ours: ESM only.
import { scenario } from "./scenario.mjs";

const mock = JSON.parse(Deno.args[0]);
const client = await import(new URL("../../dist/index.js", import.meta.url).href);
console.log(`RESULT ${JSON.stringify({ esm: await scenario(client, mock) })}`);
