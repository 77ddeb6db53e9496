/*
 * Child process of the bundle benchmark: evaluates a production functions bundle once in a fresh V8
 * isolate (so nothing is cached from an earlier run) inside a vm context with a stub
 * CustomFunctions.associate, then calls the associated LIQ.PRICE as a smoke test.
 * Usage: node bundle-eval.cjs <bundle.js>   → prints {"evalMs", "associated", "smoke"} as JSON.
 */
"use strict";
const fs = require("node:fs");
const vm = require("node:vm");

const code = fs.readFileSync(process.argv[2], "utf8");
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
new vm.Script(code, { filename: "functions.js" }).runInContext(context);
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
