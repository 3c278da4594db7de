// One operation's "Try it (mock)" panel: its request editors, the mock's switches, Send, and the
// result. Built from the registry's operation alone, so every operation gets one with no code.
import { createEvalsClient } from "@evals-api/client";
import { SWITCHES } from "./page-mock.mjs";
import { checkDraft, parseDraft, requestDraft, sendDraft } from "./request-draft.mjs";

/**
 * @typedef {import("@evals-api/types/registry").Registry} Registry
 * @typedef {import("@evals-api/types/registry").RegisteredOperation} RegisteredOperation
 * @typedef {import("./page-mock.mjs").PageMock} PageMock
 * @typedef {import("./page-mock.mjs").SwitchName} SwitchName
 * @typedef {import("@evals-api/types/request-validators").ValidationIssue} ValidationIssue
 */

/**
 * @param {string} tag
 * @param {Record<string, string>} [attributes]
 * @param {(Node | string)[]} [children]
 */
function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** @param {unknown} value */
const json = (value) => JSON.stringify(value, null, 2);

/** @param {ValidationIssue[]} issues */
function issueList(issues) {
  return element(
    "ul",
    { class: "evals-try-it-issues" },
    issues.map((issue) => element("li", {}, [element("code", {}, [issue.path || "(root)"]), ` ${issue.message}`])),
  );
}

/**
 * The panel of `operation`, on `mock`. The client is the one a reader would write, with the
 * page's mock as its `fetch`: nothing leaves the page, and no key is needed.
 * @param {{ registry: Registry, operation: RegisteredOperation, mock: PageMock, title: string }} options
 * @returns {HTMLElement}
 */
export function createPanel({ registry, operation, mock, title }) {
  // The base URL is never reached: the mock's fetch answers every request inside the page.
  const evals = createEvalsClient({ apiKey: "try-it-in-page", baseUrl: "http://127.0.0.1", fetch: mock.fetch });
  const draft = requestDraft(registry, operation);
  const editors = draft.map(({ part, label, value }) => {
    const text = json(value);
    const textarea = /** @type {HTMLTextAreaElement} */ (
      element("textarea", {
        "aria-label": `${label} (JSON)`,
        spellcheck: "false",
        rows: String(Math.min(18, text.split("\n").length + 1)),
      })
    );
    textarea.value = text;
    return { part, label, textarea, initial: text };
  });

  const billed = registry.list.filter((o) => o.billed).map((o) => o.operationId);
  const switches = /** @type {SwitchName[]} */ (Object.keys(SWITCHES)).map((name) => {
    const input = /** @type {HTMLInputElement} */ (element("input", { type: "checkbox" }));
    input.addEventListener("change", () => mock.set(name, input.checked));
    const note = name === "billingOff" && billed.length > 0 ? ` (${billed.join(", ")})` : "";
    return { name, input, label: element("label", {}, [input, ` ${SWITCHES[name].label}${note}`]) };
  });
  const counter = element("p", { class: "evals-try-it-counter" });
  const syncSwitches = () => {
    for (const { name, input } of switches) input.checked = mock.isOn(name);
    counter.textContent = `Requests the in-page mock has answered: ${mock.requests.length}`;
  };
  mock.subscribe(syncSwitches);
  syncSwitches();

  const send = element("button", { type: "button", class: "evals-try-it-send" }, ["Send"]);
  const reset = element("button", { type: "button" }, ["Reset example"]);
  const result = element("div", { class: "evals-try-it-result", role: "status", "aria-live": "polite" });

  reset.addEventListener("click", () => {
    for (const editor of editors) editor.textarea.value = editor.initial;
    result.replaceChildren();
  });
  send.addEventListener("click", async () => {
    send.setAttribute("disabled", "");
    try {
      result.replaceChildren(await outcome({ operation, evals, mock, editors }));
    } finally {
      send.removeAttribute("disabled");
    }
  });

  return element(
    "section",
    { class: "evals-try-it", "aria-label": `Try it (mock): ${title}`, "data-operation-id": operation.operationId },
    [
      element("h3", {}, ["Try it (mock)"]),
      element("p", { class: "evals-try-it-lead" }, [
        "Sent to a mock of the API running inside this page, through @evals-api/client: no key, no network, no billing.",
      ]),
      ...editors.map(({ label, textarea }) => element("label", { class: "evals-try-it-editor" }, [label, textarea])),
      element("fieldset", {}, [element("legend", {}, ["Mock switches"]), ...switches.map((s) => s.label)]),
      element("div", { class: "evals-try-it-actions" }, [send, reset]),
      counter,
      result,
    ],
  );
}

/**
 * What Send shows: the refusal before sending, or the answer with every attempt the mock saw.
 * @param {{ operation: RegisteredOperation, evals: any, mock: PageMock, editors: { part: any, textarea: HTMLTextAreaElement }[] }} call
 */
async function outcome({ operation, evals, mock, editors }) {
  const parsed = parseDraft(editors.map(({ part, textarea }) => ({ part, text: textarea.value })));
  const { refused, assumed } = parsed.issues.length
    ? { refused: { name: "Not JSON", message: "Fix the editor named below.", issues: parsed.issues }, assumed: [] }
    : checkDraft(operation, parsed.values);
  if (refused) {
    return element("div", { class: "evals-try-it-refused" }, [
      element("p", { class: "evals-try-it-status" }, [`Not sent: ${refused.name}`]),
      element("pre", {}, [refused.message]),
      issueList(refused.issues),
      element("p", {}, ["Nothing was sent: the in-page mock received no request."]),
    ]);
  }
  const before = mock.requests.length;
  try {
    const { response, body } = await sendDraft(evals, operation, parsed.values);
    return answer(operation, response, body, mock.requests.slice(before), assumed);
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    return element("div", {}, [
      element("p", { class: "evals-try-it-status" }, [`Failed: ${failure.name}`]),
      element("pre", {}, [failure.message]),
    ]);
  }
}

/**
 * @param {RegisteredOperation} operation
 * @param {Response} response
 * @param {unknown} body
 * @param {readonly import("./page-mock.mjs").MockRequest[]} attempts
 * @param {ValidationIssue[]} assumed
 */
function answer(operation, response, body, attempts, assumed) {
  const documented = operation.response(response.status);
  const issues = documented?.validate?.(body) ?? [];
  const conformance = !documented
    ? `${response.status} is not a status the spec documents for ${operation.operationId}.`
    : issues.length === 0
      ? `The body matches the spec's schema for ${documented.statusKey}.`
      : `The body breaks the spec's schema for ${documented.statusKey}:`;
  const headers = [...response.headers.entries()].map(([name, value]) =>
    element("tr", {}, [element("th", {}, [name]), element("td", {}, [value])]),
  );
  return element("div", { class: "evals-try-it-answer" }, [
    element("p", { class: "evals-try-it-status" }, [`Status ${response.status}`]),
    element("p", {}, [conformance]),
    ...(issues.length > 0 ? [issueList(issues)] : []),
    ...(assumed.length > 0
      ? [
          element("p", {}, ["Sent although it breaks rules the spec assumes (not in the vendor reference):"]),
          issueList(assumed),
        ]
      : []),
    element("p", {}, [`Attempts (${attempts.length}):`]),
    element(
      "ol",
      { class: "evals-try-it-attempts" },
      attempts.map((a) =>
        element("li", {}, [
          `${a.method} ${a.path} → ${a.status}${a.answeredBy === "mock" ? "" : ` (the ${a.answeredBy} switch)`}`,
        ]),
      ),
    ),
    element("table", { class: "evals-try-it-headers", "aria-label": "Response headers" }, headers),
    element("pre", { class: "evals-try-it-body", "aria-label": "Response body" }, [json(body)]),
  ]);
}
