// Debian's Chromium, driven by playwright-core, with every request that would leave loopback
// recorded and aborted, and every console error and page error recorded.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export interface WatchedBrowser {
  context: BrowserContext;
  /** URLs the page tried to fetch from outside loopback (all were aborted). */
  offLoopback: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
  close(): Promise<void>;
}

function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export async function launchWatchedBrowser(): Promise<WatchedBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), "evals-docs-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 1800 },
    serviceWorkers: "block",
  });
  const offLoopback: string[] = [];
  const errors: string[] = [];

  await context.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (isLoopback(url)) return route.continue();
    offLoopback.push(url.href);
    return route.abort("blockedbyclient");
  });
  // Belt and braces: anything that reached the network layer without passing the route above.
  context.on("request", (request) => {
    const url = new URL(request.url());
    if (/^(https?|wss?):$/.test(url.protocol) && !isLoopback(url) && !offLoopback.includes(url.href)) {
      offLoopback.push(url.href);
    }
  });
  const watch = (page: import("playwright-core").Page) => {
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`${message.text()} (${message.location().url})`);
    });
    page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on("page", watch);

  return {
    context,
    offLoopback,
    errors,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
