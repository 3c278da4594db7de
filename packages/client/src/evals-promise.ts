// What a resource method returns: the Promise of the answer's `data`, as `await` gives it, with the
// response one call away, in the manner of openai-node's APIPromise.
import { requestIdOf } from "./request-id.js";

/** A call's answer, once usable: its `data` and the response it came in. */
export interface Answered<T> {
  data: T;
  response: Response;
}

/** Set by `asResponse()` before the answer arrives: the transport then reads a copy of the body. */
export interface KeepBody {
  wanted?: boolean;
}

export interface EvalsPromise<T> extends Promise<T> {
  /**
   * The data, the response (its body read) and the request id: the `x-request-id` header (our
   * assumption: the vendor names none), or null.
   */
  withResponse(): Promise<{ data: T; response: Response; requestId: string | null }>;
  /**
   * The raw `Response`, its body unread (the client checked a copy). Call it on the promise as the
   * method returns it: called after the answer has arrived, the body has been read already.
   */
  asResponse(): Promise<Response>;
}

export function evalsPromise<T>(start: (keep: KeepBody) => Promise<Answered<T>>): EvalsPromise<T> {
  const keep: KeepBody = {};
  const answer = start(keep);
  const data = answer.then((answered) => answered.data);
  // Whoever asks for the response handles its rejection there: `data`'s own is then no news.
  const then = <R>(take: (answered: Answered<T>) => R) => {
    data.catch(() => {});
    return answer.then(take);
  };
  return Object.assign(data, {
    withResponse: () => then(({ data, response }) => ({ data, response, requestId: requestIdOf(response) })),
    asResponse: () => {
      keep.wanted = true;
      return then(({ response }) => response);
    },
  });
}
