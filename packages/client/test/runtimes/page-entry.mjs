// The browser page's script: the built ESM entry, bundled as a web app's bundler would bundle it.
import * as client from "../../dist/index.js";
import { scenario } from "./scenario.mjs";

globalThis.runScenario = async (mock) => ({ esm: await scenario(client, mock) });
