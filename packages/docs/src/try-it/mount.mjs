// The entry of the "Try it (mock)" bundle, inlined into the page by the build (src/try-it-bundle.mjs).
// Free Redoc has no plugin API for adding to an operation, so the panels are mounted beside the
// rendered operations: one per `[data-item-kind="httpItem"]` section that Redoc renders for an
// operation of the registry, under its code samples. Redoc re-renders its content as the reader
// navigates, so a MutationObserver puts each operation's panel (kept, with its edits) back.
import { registry } from "evals-try-it-registry";
import { createPageMock } from "./page-mock.mjs";
import { createPanel } from "./panel.mjs";

/** @typedef {import("@evals-api/types/registry").RegisteredOperation} RegisteredOperation */

const mock = createPageMock(registry);
/** @type {Map<string, HTMLElement>} */
const panels = new Map();

/**
 * The operation Redoc rendered in a section: its `data-section-id` ends with the operationId in
 * lower case (`/eval-runs/createevalrun`).
 * @param {Element} section
 * @returns {RegisteredOperation | undefined}
 */
function operationOf(section) {
  const id = section.getAttribute("data-section-id")?.split("/").pop();
  return registry.list.find((operation) => operation.operationId.toLowerCase() === id);
}

/** @param {RegisteredOperation} operation */
function panelOf(operation) {
  let panel = panels.get(operation.operationId);
  if (panel === undefined) {
    const declared = /** @type {any} */ (registry.document.paths)?.[operation.path]?.[operation.method.toLowerCase()];
    const title = declared?.summary ?? operation.operationId;
    panel = createPanel({ registry, operation, mock, title });
    panels.set(operation.operationId, panel);
  }
  return panel;
}

/** Puts every rendered operation's panel in place: after its code samples, else at its end. */
function mountPanels() {
  for (const section of document.querySelectorAll('[data-item-kind="httpItem"]')) {
    const operation = operationOf(section);
    if (operation === undefined) continue;
    const panel = panelOf(operation);
    if (section.contains(panel)) continue;
    const samples = [...section.querySelectorAll('[data-component-name="Panel/Panel"]')].find((p) =>
      p.querySelector('[data-component-name="CodeBlock/CodeBlock"]'),
    );
    if (samples) samples.after(panel);
    else section.append(panel);
  }
}

/**
 * Whether React has finished hydrating Redoc's prerendered page. A node added before then does
 * not match the prerendered HTML, and React would throw the page away and render it again. React
 * keeps the flag on its root (`isDehydrated`). Where it cannot be read (a future Redoc), the
 * panels are mounted after a wait anyway, and the observer puts them back if React re-renders.
 * @param {HTMLElement} container
 */
function hydrated(container) {
  const key = Object.keys(container).find((name) => name.startsWith("__reactContainer$"));
  if (key === undefined) return false;
  const state = /** @type {any} */ (container)[key]?.stateNode?.current?.memoizedState;
  return state?.isDehydrated !== true;
}

function start() {
  const container = document.getElementById("redoc");
  if (container === null) return;
  let scheduled = false;
  new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      mountPanels();
    });
  }).observe(container, { childList: true, subtree: true });
  mountPanels();
}

/** Waits for hydration (at most 30 s, then mounts anyway: the observer keeps the panels in place). */
function whenHydrated() {
  const container = document.getElementById("redoc");
  const began = Date.now();
  const poll = () => {
    if (container === null || hydrated(container) || Date.now() - began > 30_000) start();
    else setTimeout(poll, 20);
  };
  poll();
}

if (document.readyState === "complete") whenHydrated();
else window.addEventListener("load", whenHydrated, { once: true });
