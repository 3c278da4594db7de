// createContractProxy: a reverse proxy on 127.0.0.1 that forwards every request to a target as it
// is, streaming, and holds each exchange to the spec of a registry (proxy-exchange.ts). It answers
// `GET /__contract/report` itself with the report so far, and on `close()` stops accepting, lets
// the exchanges in flight finish for a grace period, then cuts the rest and gives the final report.
import { Agent, createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Agent as TlsAgent } from "node:https";
import type { AddressInfo } from "node:net";
import { type OperationId, type Registry, registry as shipped } from "@evals-api/types/registry";
import { MAX_CHECKED_BODY_BYTES } from "./body-copy.js";
import { type FailOn, failOnPolicy } from "./options.js";
import { type Exchange, type ExchangeContext, forwardExchange } from "./proxy-exchange.js";
import { type ProxyFinding, type ProxyReport, ProxyTally } from "./proxy-report.js";
import { credentialHeaders } from "./secrets.js";
import { specOf } from "./spec.js";

export interface ContractProxyOptions<Id extends string = OperationId> {
  /** The server to forward to, e.g. `https://staging.example` (a path prefix is kept: `http://host/api`). */
  target: string;
  /** The port to listen on, on 127.0.0.1. Default 4020; 0 picks a free one (see `url`). */
  port?: number;
  /** The spec the traffic is held to. Default: the shipped spec's registry. */
  registry?: Registry<Id>;
  /** When the report is not ok: on a `violation` (default), on a `warning` too, or `never`. */
  failOn?: FailOn;
  /** Bodies up to this many bytes are copied and validated; larger ones pass unvalidated. Default 1 MiB. */
  maxBodyBytes?: number;
  /** How long `close()` lets exchanges in flight finish, in ms. Default 2000. */
  graceMs?: number;
  /** Called with each violation or warning as soon as it is found; its values never hold a credential. */
  onFinding?: (finding: ProxyFinding) => void;
}

export interface ContractProxy {
  /** Where it listens, e.g. `http://127.0.0.1:4020`: point your clients' base URL here. */
  readonly url: string;
  /** The target, as given. */
  readonly target: string;
  /** The report so far (what `GET /__contract/report` answers). */
  report(): ProxyReport;
  /** Stops accepting, lets exchanges in flight finish within `graceMs`, cuts the rest; the final report. */
  close(): Promise<ProxyReport>;
}

/** The path the proxy answers itself; it is never forwarded. */
export const REPORT_PATH = "/__contract/report";
const DEFAULT_PORT = 4020;
const DEFAULT_GRACE_MS = 2000;

function targetOf(value: unknown): URL {
  const url = typeof value === "string" && URL.canParse(value) ? new URL(value) : undefined;
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new TypeError(
      `target must be an http or https URL such as http://127.0.0.1:4010, got ${JSON.stringify(value)}`,
    );
  }
  if (url.search !== "" || url.hash !== "") {
    throw new TypeError(`target must have no query or fragment (each request brings its own), got ${url.href}`);
  }
  return url;
}

function wholeNumber(value: unknown, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be a whole number from 0 to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function answerReport(req: IncomingMessage, res: ServerResponse, tally: ProxyTally): void {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET", "content-type": "application/json" });
    res.end(JSON.stringify({ error: `${REPORT_PATH} answers GET only` }));
    return;
  }
  const body = JSON.stringify(tally.report(), null, 2);
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(req.method === "HEAD" ? undefined : body);
}

/**
 * Starts a validating proxy in front of `options.target`, on 127.0.0.1. Rejects for invalid
 * options (before listening) and when the port cannot be listened on.
 */
export async function createContractProxy<Id extends string = OperationId>(
  options: ContractProxyOptions<Id>,
): Promise<ContractProxy> {
  const registry: Registry = options.registry ?? shipped;
  const target = targetOf(options.target);
  const port = wholeNumber(options.port, "port", DEFAULT_PORT, 65_535);
  const failOn = failOnPolicy(options.failOn, "failOn");
  const maxBodyBytes = wholeNumber(options.maxBodyBytes, "maxBodyBytes", MAX_CHECKED_BODY_BYTES);
  const graceMs = wholeNumber(options.graceMs, "graceMs", DEFAULT_GRACE_MS);
  const tally = new ProxyTally(registry, options.target, failOn);
  const agent = target.protocol === "https:" ? new TlsAgent({ keepAlive: true }) : new Agent({ keepAlive: true });
  const ctx: ExchangeContext = {
    registry,
    spec: specOf(registry),
    target,
    agent,
    maxBodyBytes,
    credentialHeaders: credentialHeaders(registry.list),
    credentialQuery: registry.list.flatMap((o) =>
      o.security.flat().flatMap((use) => (use.in === "query" && use.name ? [use.name] : [])),
    ),
    tally,
    onFinding: (finding) => options.onFinding?.(finding),
  };
  const inFlight = new Set<Exchange>();
  const server = createServer((req, res) => {
    if (new URL(req.url ?? "/", "http://proxy.invalid").pathname === REPORT_PATH) {
      answerReport(req, res, tally);
      return;
    }
    const exchange = forwardExchange(ctx, req, res);
    inFlight.add(exchange);
    exchange.done.then(() => inFlight.delete(exchange));
  });
  // A slow upload or a slow server must behave as without the proxy: no limit of the proxy's own.
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closing: Promise<ProxyReport> | undefined;
  const close = async (): Promise<ProxyReport> => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.all([...inFlight].map((e) => e.done)), grace]);
    clearTimeout(timer);
    for (const exchange of inFlight) exchange.cut();
    server.closeAllConnections();
    agent.destroy();
    await closed;
    return tally.report();
  };
  return {
    url,
    target: options.target,
    report: () => tally.report(),
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}
