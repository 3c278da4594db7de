// Benchmark 3: what each client costs a browser bundle — the ESM entry a user imports, bundled
// and minified by esbuild with the same settings for every contender, then gzipped. Code
// splitting is on, as in a typical app build: a module loaded with `import()` (our client's
// validators) lands in its own chunk, fetched only when it is first needed.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { exact } from "./intervals.js";
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

/** The entry chunk (always loaded) and every chunk together (entry plus lazily imported ones). */
export interface BundleSizes {
  entry: BundleSize;
  total: BundleSize;
  chunks: number;
}

const benchModules = fileURLToPath(new URL("../node_modules", import.meta.url));

export const peerBundles: BundleEntry[] = [
  {
    name: "bare openapi-fetch",
    ours: false,
    source:
      'import createClient from "openapi-fetch";\nexport const client = createClient({ baseUrl: "https://api.bland.ai" });',
  },
  {
    name: "@hey-api/client-fetch",
    ours: false,
    source:
      'import { createClient, createConfig } from "@hey-api/client-fetch";\nexport const client = createClient(createConfig({ baseUrl: "https://api.bland.ai" }));',
  },
];

function size(code: Uint8Array): BundleSize {
  return { minBytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength };
}

export async function bundleSize(entry: BundleEntry): Promise<BundleSizes> {
  const dir = await mkdtemp(join(tmpdir(), "evals-bench-bundle-"));
  try {
    const file = join(dir, "entry.js");
    await writeFile(file, entry.source);
    const result = await build({
      entryPoints: [file],
      outdir: join(dir, "out"),
      nodePaths: [benchModules],
      bundle: true,
      splitting: true,
      minify: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      write: false,
      logLevel: "silent",
    });
    const js = result.outputFiles.filter((f) => f.path.endsWith(".js"));
    const main = js.find((f) => basename(f.path) === "entry.js");
    if (main === undefined) throw new Error(`esbuild produced no entry chunk for ${entry.name}`);
    const all = new Uint8Array(js.reduce((n, f) => n + f.contents.byteLength, 0));
    let at = 0;
    for (const f of js) {
      all.set(f.contents, at);
      at += f.contents.byteLength;
    }
    return { entry: size(main.contents), total: size(all), chunks: js.length };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function runBundleSizeBenchmark(extra: BundleEntry[]): Promise<Section> {
  const entries = [...extra, ...peerBundles];
  const sizes = new Map<string, BundleSizes>();
  for (const entry of entries) sizes.set(entry.name, await bundleSize(entry));
  const baseline = (sizes.get("bare openapi-fetch") as BundleSizes).entry;
  const rows: Row[] = [];
  const bars: Chart["bars"] = [];
  for (const entry of entries) {
    const s = sizes.get(entry.name) as BundleSizes;
    const variants =
      s.chunks > 1
        ? [
            { label: `${entry.name} — entry chunk (validation off: nothing else loads)`, size: s.entry },
            { label: `${entry.name} — all ${s.chunks} chunks (validation on)`, size: s.total },
          ]
        : [{ label: entry.name, size: s.entry }];
    for (const v of variants) {
      const ratio = v.size.gzipBytes / baseline.gzipBytes;
      rows.push({
        subject: v.label,
        peer: "bare openapi-fetch",
        meaning: "min+gzip bytes ÷ openapi-fetch's",
        value: exact(ratio),
        detail: `${formatCount(v.size.gzipBytes)} B min+gzip (${formatCount(v.size.minBytes)} B min)`,
      });
      bars.push({ label: v.label.replace(/ \(.*\)$/, ""), value: v.size.gzipBytes / 1000, ours: entry.ours });
    }
  }
  return {
    id: "bundle-size",
    title: "Bundle size",
    method:
      "Each contender is the module a user would write — import the client and create one — bundled by esbuild with " +
      "the same settings (`bundle`, `splitting`, `minify`, ESM, platform browser, target es2022) and gzipped at level 9. " +
      "With code splitting, a module the client loads with `import()` (our request validators) becomes its own chunk: " +
      "the entry chunk is what every user downloads, all chunks together is what a user with validation on downloads. " +
      "Sizes are deterministic, so there is one measurement (no interval).",
    rows,
    charts: [
      {
        file: "bundle-size.svg",
        title: "Client ESM entry: esbuild --bundle --splitting --minify, gzip -9",
        unit: "min+gzip, KB (lower is better)",
        suffix: " KB",
        bars,
      },
    ],
    notes: [],
  };
}
