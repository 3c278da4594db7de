// `pnpm build`: the TypeScript samples were type-checked just before (see package.json).
import { statSync } from "node:fs";
import { relative } from "node:path";
import { buildSite } from "./site.mjs";

const started = performance.now();
const index = buildSite();
const megabytes = (statSync(index).size / 1024 / 1024).toFixed(1);
console.log(
  `docs: built ${relative(process.cwd(), index)} (${megabytes} MB, self-contained) in ${Math.round(performance.now() - started)} ms`,
);
