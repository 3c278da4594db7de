// `--cpu-prof` for the mock: each profiled server is a fresh process started with node's own
// `--cpu-prof`, driven by autocannon for a while, then stopped with SIGTERM; it writes its profile
// as it exits. One process per profile, so a profile holds one scenario (or the startup) only.
import { access } from "node:fs/promises";
import { join } from "node:path";
import { cpuProfArgs } from "./cpu-profile.js";
import { load, type Scenario } from "./mock-load.js";
import { jsonBodyFloor, type MockServerContender } from "./mock-servers.js";

export interface MockProfileOptions {
  dir: string;
  /** Seconds of load per profiled scenario. */
  seconds: number;
  connections: number;
}

async function profiled(
  server: MockServerContender,
  name: string,
  options: MockProfileOptions,
  work: (p: Awaited<ReturnType<MockServerContender["start"]>>) => Promise<unknown>,
): Promise<string> {
  const p = await server.start(cpuProfArgs(options.dir, name));
  try {
    await work(p);
  } finally {
    await p.stop();
  }
  const file = join(options.dir, name);
  await access(file).catch(() => {
    throw new Error(
      `${server.name} wrote no CPU profile to ${file}: it must exit (not be killed) on SIGTERM for --cpu-prof`,
    );
  });
  return file;
}

/** Profiles our mock on every scenario and its startup, and the POST floor for comparison. */
export async function profileMock(
  mock: MockServerContender,
  scenarios: Scenario[],
  options: MockProfileOptions,
): Promise<string[]> {
  const files: string[] = [];
  files.push(await profiled(mock, "mock-startup.cpuprofile", options, async () => {}));
  for (const scenario of scenarios) {
    files.push(
      await profiled(mock, `mock-${scenario.id}.cpuprofile`, options, (p) =>
        load(p, scenario, options, options.seconds),
      ),
    );
  }
  const post = scenarios.find((s) => s.id === "valid-post");
  if (post !== undefined) {
    files.push(
      await profiled(jsonBodyFloor, "floor-valid-post.cpuprofile", options, (p) =>
        load(p, post, options, options.seconds),
      ),
    );
  }
  return files;
}
