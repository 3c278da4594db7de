// `pnpm build`: the TypeScript samples were type-checked just before (see package.json).
import { relative } from "node:path";
import { buildSite } from "./site.mjs";

const started = performance.now();
const index = buildSite();
console.log(`docs: built ${relative(process.cwd(), index)} in ${Math.round(performance.now() - started)} ms`);
