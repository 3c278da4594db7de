// Node and Bun: the built package's ESM entry by import, and its CJS entry by require (where the
// runtime has require). Argument: the mock's URLs as JSON. Prints one line: RESULT <json>.
import { createRequire } from "node:module";
import { scenario } from "./scenario.mjs";

const mock = JSON.parse(process.argv[2]);
const dist = new URL("../../dist/", import.meta.url);
const results = { esm: await scenario(await import(new URL("index.js", dist).href), mock) };
results.cjs = await scenario(createRequire(import.meta.url)(new URL("index.cjs", dist).pathname), mock);
console.log(`RESULT ${JSON.stringify(results)}`);
