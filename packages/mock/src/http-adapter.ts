// The HTTP adapter: `mock.listen()`, a node:http server whose listener answers the registry's
// operations itself (http-listener.ts) and hands everything else to the Hono app through
// @hono/node-server, both loaded on the first such request (or at once, to swap the globals as
// asked).
import type { RequestListener, Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Hono } from "hono";
import type { MockApp } from "./app.js";
import type { Bindings } from "./hono-app.js";
import { createHttpListener } from "./http-listener.js";

/** Where `listen()` (and the CLI) serves by default. */
export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = "127.0.0.1";

/** A mock listening on a socket. */
export interface ListeningMock {
  /** Base URL to give a client, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

export interface HttpAdapterSettings {
  app: MockApp;
  honoApp: () => Promise<Hono<{ Bindings: Bindings }>>;
  maxBodyBytes: number;
  /** The headers of every answer (see answerHeaders). */
  headers: Record<string, string>;
  overrideGlobalObjects: boolean;
}

export type Listen = (port?: number, host?: string) => Promise<ListeningMock>;

function startListening(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function listening(server: Server, host: string): ListeningMock {
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** `mock.listen`: each call serves the same app on a new server. */
export function createHttpAdapter(settings: HttpAdapterSettings): Listen {
  const { app, honoApp, maxBodyBytes, headers, overrideGlobalObjects } = settings;
  let nodeServerListener: Promise<RequestListener> | undefined;
  const honoListener = () =>
    (nodeServerListener ??= Promise.all([import("@hono/node-server"), honoApp()]).then(
      ([{ getRequestListener }, hono]) => getRequestListener(hono.fetch, { overrideGlobalObjects }),
    ));
  const fallback: RequestListener = (incoming, response) => {
    honoListener().then(
      (listener) => listener(incoming, response),
      (error: unknown) => response.destroy(error instanceof Error ? error : new Error(String(error))),
    );
  };

  return async (port = DEFAULT_PORT, host = DEFAULT_HOST) => {
    const { createServer } = await import("node:http");
    if (overrideGlobalObjects) await honoListener();
    const server = createServer(createHttpListener({ app, maxBodyBytes, headers, fallback }));
    await startListening(server, port, host);
    return listening(server, host);
  };
}
