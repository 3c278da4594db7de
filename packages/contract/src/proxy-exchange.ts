// One exchange through the proxy: the request streamed to the target and the answer streamed back
// (node:http, with backpressure, never a whole body in memory), each body copied on the way up to
// the limit, and the exchange judged once it is over. How it ends decides what is judged:
// - done: the request and the response are held to the spec (exchange-checks.ts);
// - the client went away: nothing is judged, the upstream request is destroyed (not the target's fault);
// - the target broke off its answer: a violation, and the client's socket is destroyed too;
// - the target could not be reached: a violation, and the client gets a 502 naming the target.
import { type Agent, type ClientRequest, type IncomingMessage, request, type ServerResponse } from "node:http";
import { request as requestTls } from "node:https";
import type { RegisteredOperation, Registry } from "@evals-api/types/registry";
import { BodyCopy } from "./body-copy.js";
import { checkRequest, judgeExchange, type SeenRequest } from "./exchange-checks.js";
import { describeError, type Finding, finding } from "./findings.js";
import type { ProxyFinding, ProxyTally } from "./proxy-report.js";
import { redact, secretsOf } from "./secrets.js";
import type { SpecReader } from "./spec.js";

/** What every exchange of one proxy shares. */
export interface ExchangeContext {
  registry: Registry;
  spec: SpecReader;
  target: URL;
  agent: Agent;
  maxBodyBytes: number;
  credentialHeaders: ReadonlySet<string>;
  /** Query parameters that carry a key (an API-key scheme `in: query`). */
  credentialQuery: readonly string[];
  tally: ProxyTally;
  /** Called with each finding as soon as it is made (the CLI writes it on stderr). */
  onFinding(finding: ProxyFinding): void;
}

export interface Exchange {
  /** Settles when the exchange is over, however it ended. */
  done: Promise<void>;
  /** Ends it now (the proxy is stopping and the grace period is over). */
  cut(): void;
}

// Headers that belong to one connection, not to the exchange (RFC 9110 §7.6.1), and are not forwarded.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** The headers of `raw` (name, value, name, value…) minus the hop-by-hop ones and those `connection` names. */
function endToEnd(raw: readonly string[], replaceHost?: string): string[] {
  const named = new Set(HOP_BY_HOP);
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() === "connection") {
      for (const token of (raw[i + 1] ?? "").split(",")) named.add(token.trim().toLowerCase());
    }
  }
  const kept: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    const lower = name.toLowerCase();
    if (named.has(lower) || (replaceHost !== undefined && lower === "host")) continue;
    kept.push(name, raw[i + 1] as string);
  }
  if (replaceHost !== undefined) kept.push("host", replaceHost);
  return kept;
}

function upstreamRequest(ctx: ExchangeContext, req: IncomingMessage): ClientRequest {
  const { target } = ctx;
  const send = target.protocol === "https:" ? requestTls : request;
  return send({
    protocol: target.protocol,
    hostname: target.hostname.replace(/^\[(.*)\]$/, "$1"),
    ...(target.port !== "" && { port: Number(target.port) }),
    method: req.method,
    path: `${target.pathname.replace(/\/+$/, "")}${req.url ?? "/"}`,
    headers: endToEnd(req.rawHeaders, target.host),
    agent: ctx.agent,
  });
}

const headerOf = (req: IncomingMessage) => (name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
};

function webHeaders(answer: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i < answer.rawHeaders.length; i += 2) {
    headers.append(answer.rawHeaders[i] as string, answer.rawHeaders[i + 1] as string);
  }
  return headers;
}

const VENDOR = { source: "vendor" } as const;
const UNKNOWN_ROUTE = {
  source: "assumed",
  reason:
    "The spec describes the operations of the vendor's Evals reference; a path or method outside it may be one the spec does not describe (yet), and is passed on unchecked.",
} as const;

type Ending =
  | { how: "done"; answer: IncomingMessage; copy: BodyCopy }
  | { how: "client-gone" }
  | { how: "cut" }
  | { how: "broken-off"; answer: IncomingMessage; error: unknown }
  | { how: "unreachable"; error: unknown };

/** Forwards one request to the target and its answer back, and judges the exchange when it is over. */
export function forwardExchange(ctx: ExchangeContext, req: IncomingMessage, res: ServerResponse): Exchange {
  const url = new URL(req.url ?? "/", "http://proxy.invalid");
  const method = req.method ?? "GET";
  const match = ctx.registry.route(method, url.pathname);
  const operation = match?.operation;
  ctx.tally.exchange(operation?.operationId ?? null);
  const secrets = secretsOf(req.headers, ctx.credentialHeaders, url.searchParams, ctx.credentialQuery);
  const requestCopy = new BodyCopy(ctx.maxBodyBytes);
  const upstream = upstreamRequest(ctx, req);
  let ended = false;
  let answered: IncomingMessage | undefined;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });

  const settle = (ending: Ending) => {
    if (ended) return;
    ended = true;
    if (ending.how === "client-gone" || ending.how === "cut") upstream.destroy();
    if (ending.how === "broken-off" || ending.how === "cut") res.destroy();
    if (ending.how === "unreachable") {
      req.unpipe(requestCopy);
      req.resume(); // drain what the client still sends, so that it reads its 502
      answerUnreachable(ctx, res, ending.error);
    }
    try {
      const seen = { method, path: url.pathname, secrets, operation, params: match?.params ?? {} };
      judge(ctx, seen, req, requestCopy, ending);
    } finally {
      finish();
    }
  };

  res.on("close", () => {
    if (!res.writableFinished) settle({ how: "client-gone" });
  });
  upstream.on("error", (error) => {
    if (answered === undefined) settle({ how: "unreachable", error });
    else settle({ how: "broken-off", answer: answered, error });
  });
  upstream.on("response", (answer) => {
    answered = answer;
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.rawHeaders));
    const copy = new BodyCopy(ctx.maxBodyBytes);
    answer.on("error", (error) => settle({ how: "broken-off", answer, error }));
    answer.on("close", () => {
      if (!answer.complete) settle({ how: "broken-off", answer, error: new Error("the connection closed mid-body") });
    });
    res.on("finish", () => settle({ how: "done", answer, copy }));
    answer.pipe(copy).pipe(res);
  });
  // pipe, not pipeline: an upstream error must not destroy the client's socket before its 502.
  req.pipe(requestCopy).pipe(upstream);
  return { done, cut: () => settle({ how: "cut" }) };
}

function answerUnreachable(ctx: ExchangeContext, res: ServerResponse, error: unknown): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const message = `evals-contract proxy: the target ${ctx.target.href} could not be reached (${describeError(error)}); is it running, and is --target right?`;
  const body = JSON.stringify({ data: null, errors: [{ code: "PROXY_TARGET_UNREACHABLE", message }] });
  res.writeHead(502, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

interface Seen {
  method: string;
  path: string;
  secrets: string[];
  operation: RegisteredOperation | undefined;
  params: Record<string, string>;
}

function requestBody(ctx: ExchangeContext, copy: BodyCopy): SeenRequest["body"] {
  if (copy.tooLarge) {
    ctx.tally.notChecked.tooLarge.requests++;
    return "unchecked";
  }
  if (!copy.ended) return "unchecked";
  return copy.bytes === 0 ? "none" : (copy.text() as string);
}

function judge(ctx: ExchangeContext, seen: Seen, req: IncomingMessage, requestCopy: BodyCopy, ending: Ending): void {
  const { operation, secrets } = seen;
  const operationId = operation?.operationId ?? null;
  const report = (found: Finding[], status: number | null, scored = true) => {
    const located = found.map(
      (f): ProxyFinding => ({
        ...f,
        message: redact(f.message, secrets),
        ...(f.assumption !== undefined && { assumption: redact(f.assumption, secrets) }),
        operationId,
        status,
        request: redact(`${seen.method} ${seen.path}`, secrets),
      }),
    );
    for (const f of located) ctx.onFinding(f);
    ctx.tally.findings(located, scored);
  };
  if (ending.how === "client-gone") {
    ctx.tally.notChecked.clientGone++;
    return;
  }
  if (ending.how === "cut") {
    ctx.tally.notChecked.cutAtExit++;
    return;
  }
  if (ending.how === "unreachable") {
    const message = `the target ${ctx.target.href} could not be reached: ${describeError(ending.error)}`;
    report([finding("request", VENDOR, message)], null);
    return;
  }
  const status = ending.answer.statusCode ?? 0;
  if (operation !== undefined) ctx.tally.coverage.answered(operation.operationId, status);
  if (ending.how === "broken-off") {
    report([finding("request", VENDOR, `the target broke off its answer: ${describeError(ending.error)}`)], status);
    return;
  }
  if (operation === undefined) {
    ctx.tally.notChecked.unknownRoute++;
    const message = `no operation of the spec is ${seen.method} ${seen.path}: the exchange was passed on unchecked`;
    report([finding("route", UNKNOWN_ROUTE, message)], status, false);
    return;
  }
  const verdict = checkRequest(ctx.spec, operation, {
    method: seen.method,
    params: seen.params,
    query: new URL(req.url ?? "/", "http://proxy.invalid").searchParams,
    header: headerOf(req),
    body: requestBody(ctx, requestCopy),
  });
  if (verdict.bodyIssues !== undefined) {
    if (verdict.bodyIssues.length === 0) ctx.tally.coverage.validBody(operation.operationId);
    else ctx.tally.coverage.invalidBody(operation.operationId, verdict.bodyIssues);
  }
  const text = ending.copy.text();
  if (text === undefined) ctx.tally.notChecked.tooLarge.responses++;
  const response = {
    status,
    headers: webHeaders(ending.answer),
    text: text === undefined ? undefined : redact(text, secrets),
  };
  report(judgeExchange(ctx.spec, operation, seen.method, verdict, response), status);
}
