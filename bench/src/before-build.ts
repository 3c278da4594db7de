// `--before=REF`: the client and the mock as an earlier commit builds them, so that a change can
// be measured before and after in the same run, under the same load. REF is a git ref of this
// repository (cloned into a temporary directory, installed from the pnpm store and built there)
// or the path of a checkout whose client and mock are already built.
import { execFile } from "node:child_process";
import { access, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export interface BeforeBuild {
  /** How rows name it after the package, e.g. "before e49b9b0". */
  label: string;
  /** file: URL of the client's ESM entry. */
  clientEntry: string;
  /** The mock's package.json (its `bin` names the CLI). */
  mockManifest: string;
  /** Removes the temporary clone, if one was made. */
  dispose(): Promise<void>;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function buildEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("TURBO_")) env[key] = value;
  return { ...env, TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1", REDOCLY_TELEMETRY: "off" };
}

async function fromCheckout(dir: string, label: string, dispose: () => Promise<void>): Promise<BeforeBuild> {
  const clientEntry = join(dir, "packages", "client", "dist", "index.js");
  const mockManifest = join(dir, "packages", "mock", "package.json");
  for (const path of [clientEntry, mockManifest]) {
    if (!(await exists(path))) {
      await dispose();
      throw new Error(`--before: ${path} does not exist; build the client and the mock in ${dir} first`);
    }
  }
  return { label, clientEntry: pathToFileURL(clientEntry).href, mockManifest, dispose };
}

export async function prepareBefore(ref: string, log: (line: string) => void): Promise<BeforeBuild> {
  const asPath = resolve(ref);
  if (await exists(join(asPath, "packages", "client", "package.json"))) {
    return fromCheckout(asPath, `before ${asPath}`, async () => {});
  }
  const { stdout } = await run("git", ["rev-parse", "--short", `${ref}^{commit}`], { cwd: repoRoot }).catch(() => {
    throw new Error(`--before=${ref} is neither a built checkout nor a commit of ${repoRoot}`);
  });
  const commit = stdout.trim();
  const dir = await mkdtemp(join(tmpdir(), "evals-bench-before-"));
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    log(`--before: cloning ${commit} into ${dir}, installing and building the client and the mock`);
    await run("git", ["clone", "--quiet", repoRoot, dir]);
    await run("git", ["checkout", "--quiet", commit], { cwd: dir });
    await run("pnpm", ["install", "--frozen-lockfile", "--prefer-offline"], { cwd: dir, env: buildEnv() });
    await run(
      "pnpm",
      [
        "exec",
        "turbo",
        "run",
        "build",
        "--filter=@evals-api/client",
        "--filter=@evals-api/mock",
        "--output-logs=errors-only",
      ],
      { cwd: dir, env: buildEnv(), maxBuffer: 64 * 1024 * 1024 },
    );
  } catch (error) {
    await dispose();
    const e = error as { message?: string; stderr?: string };
    throw new Error(`--before=${ref}: could not build ${commit} in a clone: ${e.stderr || e.message}`);
  }
  return fromCheckout(dir, `before ${commit}`, dispose);
}
