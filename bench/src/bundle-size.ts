// Benchmark 3: what each client costs a browser bundle — the ESM entry a user imports, bundled
// and minified by esbuild with the same settings for every contender, then gzipped.
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import type { Chart, Row, Section } from "./results.js";
import { formatCount } from "./results.js";

export interface BundleEntry {
  name: string;
  ours: boolean;
  /** The module a user would write: what it imports is what ends up in the bundle. */
  source: string;
}

export interface BundleSize {
  minBytes: number;
  gzipBytes: number;
}

const benchRoot = fileURLToPath(new URL("..", import.meta.url));

export const peerBundles: BundleEntry[] = [
  { name: "bare openapi-fetch", ours: false, source: 'export { default as createClient } from "openapi-fetch";' },
  {
    name: "@hey-api/client-fetch",
    ours: false,
    source: 'export { createClient, createConfig } from "@hey-api/client-fetch";',
  },
];

export async function bundleSize(entry: BundleEntry): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: entry.source, resolveDir: benchRoot, loader: "js", sourcefile: "entry.js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.contents;
  if (code === undefined) throw new Error(`esbuild produced no output for ${entry.name}`);
  return { minBytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength };
}

export async function runBundleSizeBenchmark(extra: BundleEntry[]): Promise<Section> {
  const entries = [...extra, ...peerBundles];
  const sizes = new Map<string, BundleSize>();
  for (const entry of entries) sizes.set(entry.name, await bundleSize(entry));
  const baseline = sizes.get("bare openapi-fetch") as BundleSize;
  const rows: Row[] = entries.map((entry) => {
    const size = sizes.get(entry.name) as BundleSize;
    const ratio = size.gzipBytes / baseline.gzipBytes;
    return {
      subject: entry.name,
      peer: "bare openapi-fetch",
      ratioMeaning: "min+gzip bytes ÷ openapi-fetch's",
      ratio: { min: ratio, median: ratio, max: ratio },
      detail: `${formatCount(size.gzipBytes)} B min+gzip (${formatCount(size.minBytes)} B min)`,
    };
  });
  const chart: Chart = {
    file: "bundle-size.svg",
    title: "ESM entry, esbuild --bundle --minify, gzip -9",
    unit: "min+gzip, KB (lower is better)",
    suffix: " KB",
    bars: entries.map((entry) => ({
      label: entry.name,
      value: (sizes.get(entry.name) as BundleSize).gzipBytes / 1000,
      ours: entry.ours,
    })),
  };
  return {
    id: "bundle-size",
    title: "Bundle size",
    method:
      'Each contender is the module a user would write to import it (`export { … } from "…"`), bundled by esbuild ' +
      "with the same settings (`bundle`, `minify`, ESM, platform browser, target es2022) and gzipped at level 9. " +
      "Sizes are deterministic, so there is one measurement (min = median = max).",
    rows,
    charts: [chart],
    notes: [],
  };
}
