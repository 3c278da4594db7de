// The one generic call every resource method is: validate → send with retries → a non-2xx (or a
// 2xx without `data`, or a redirect a create must not follow) becomes an error class → unwrap `data`.
import { type CompiledPath, compilePathTemplate } from "@evals-api/types/spec-reading";
import { withRetries } from "./attempts.js";
import { answerError } from "./error-mapping.js";
import { type Answered, type EvalsPromise, evalsPromise, type KeepBody } from "./evals-promise.js";
import { type CallInput, type Data, operationRoutes, type RoutedOperation } from "./operations.js";
import { lowerCaseHeaders, type RequestOptions, type Settings } from "./options.js";
import { checkPathParameters, checkRequest } from "./request-validation.js";
import { isIdempotent } from "./retry-policy.js";
import type { Answer, Outgoing, Send } from "./transport.js";

export type Call = <Id extends RoutedOperation>(
  id: Id,
  input: CallInput<Id>,
  options?: RequestOptions,
) => EvalsPromise<Data<Id>>;

/**
 * The client's call with its attempts sent by `wrap(send)` (a batch's rate gate wraps them), and
 * with request validation as the client's settings say, or off (`validate: false`, for a body
 * checked already).
 */
export type CallThrough = (wrap: (send: Send) => Send, validate: boolean) => Call;

/** Calls operation `id` by `send`; resolves with the `data` of its answer's envelope. */
export function call<Id extends RoutedOperation>(
  settings: Settings,
  send: Send,
  id: Id,
  input: CallInput<Id>,
  options?: RequestOptions,
): EvalsPromise<Data<Id>> {
  return evalsPromise((keep) => answered(settings, send, id, input, options, keep));
}

async function answered<Id extends RoutedOperation>(
  settings: Settings,
  send: Send,
  id: Id,
  input: CallInput<Id>,
  options: RequestOptions = {},
  keep: KeepBody,
): Promise<Answered<Data<Id>>> {
  const [method, template] = operationRoutes[id];
  const { path: params, header, body } = input as CallInput<RoutedOperation>;
  if (params) checkPathParameters(method, template, params);
  const path = params ? filledPath(id, template, params) : template;
  if (settings.validateRequests) await checkRequest(id, input, method, path);
  const request: Outgoing = {
    method,
    path,
    template,
    params,
    body: body && JSON.stringify(body),
    headers: headersOf(options.headers, header, body !== undefined),
    // A create is never followed elsewhere: a 301/302/303 would turn it into a GET (and resolve with
    // that GET's data), a 307/308 would send the billed request again.
    redirect: isIdempotent(method) ? undefined : "manual",
    keep,
  };
  const key = request.headers["idempotency-key"];
  const answer = await withRetries(settings, method, path, options, (signal) => send(request, signal), key);
  return { data: unwrap(settings, request, answer) as Data<Id>, response: answer.response };
}

const compiledPaths: Partial<Record<RoutedOperation, CompiledPath>> = {};

// Each parameter percent-encoded by the spec's one path filler, compiled once per operation.
function filledPath(id: RoutedOperation, template: string, params: Record<string, string>): string {
  compiledPaths[id] ??= compilePathTemplate(template);
  return compiledPaths[id].fill(params);
}

/**
 * The call's headers, then the operation's own, which win (their names are the spec's, lower-cased
 * here), then the body's type. Built in place: this runs on every call.
 */
function headersOf(
  callHeaders: HeadersInit | undefined,
  own: Record<string, string> | undefined,
  json: boolean,
): Record<string, string> {
  const headers = lowerCaseHeaders(callHeaders);
  for (const name in own) headers[name.toLowerCase()] = own[name] as string;
  if (json) headers["content-type"] = "application/json";
  return headers;
}

/**
 * The answer's `data`. Every operation documents an object under `data`: a 2xx without one
 * (`"data": null`, an error envelope, a captive portal's page) is an error, never a resolved null.
 */
function unwrap({ redact }: Settings, { method, path, redirect }: Outgoing, { response, body }: Answer): unknown {
  const data = response.ok ? (body as { data?: unknown }).data : undefined; // body: never null here
  // A 3xx, or a browser's opaque redirect (status 0); a fetch of the caller's may follow anyway.
  const redirected = redirect && (response.redirected || (!response.ok && response.status < 400));
  if (!redirected && data && typeof data === "object") return data;
  throw answerError(method, path, response, body, redirected, redact);
}
