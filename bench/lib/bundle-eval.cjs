/*
 * Child process of the bundle benchmark: evaluates a production functions bundle once in a fresh V8
 * isolate (so nothing is cached from an earlier run) inside a vm context with a stub
 * CustomFunctions.associate, then calls the associated LIQ.PRICE as a smoke test.
 * Usage: node bundle-eval.cjs <bundle.js>…   → prints {"evalMs", "associated", "smoke"} as JSON. Several
 * bundles (the page's shared chunk, then functions.js) are evaluated in order in one context, as the page
 * loads them; evalMs covers all of them.
 */
"use strict";
const fs = require("node:fs");
const vm = require("node:vm");

const files = process.argv.slice(2);
const codes = files.map((f) => fs.readFileSync(f, "utf8"));
const associated = new Map();
const CustomFunctions = {
  associate(id, fn) {
    if (typeof id === "object") for (const k of Object.keys(id)) associated.set(k, id[k]);
    else associated.set(id, fn);
  },
};
const sandbox = {
  CustomFunctions,
  console,
  setTimeout,
  clearTimeout,
  Promise,
  Office: {
    onReady: () => Promise.resolve({ host: null, platform: null }),
    actions: { associate() {} },
  },
};
sandbox.self = sandbox;
sandbox.window = sandbox;
sandbox.globalThis = sandbox;
const t0 = performance.now();
const context = vm.createContext(sandbox);
codes.forEach((code, i) => new vm.Script(code, { filename: files[i] }).runInContext(context));
const evalMs = performance.now() - t0;
let smoke = null;
const liq = associated.get("LIQ.PRICE");
if (liq) {
  try {
    smoke = liq("long", 10000, 1, 1000, null, null, null);
  } catch (e) {
    smoke = `threw ${e && e.message}`;
  }
}
process.stdout.write(JSON.stringify({ evalMs, associated: associated.size, smoke }) + "\n");
