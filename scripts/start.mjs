#!/usr/bin/env node
// `npm start`: build, serve and (where Excel exists) sideload the add-in — as a live dev loop: webpack
// watches the sources, rebuilds on every change and the server tells the open task pane to reload
// (scripts/serve.mjs, Server-Sent Events on our own origin; nothing is fetched from the network).
//
//   npm start                 Windows/macOS: HTTPS dev server + sideload into desktop Excel
//                             (office-addin-debugging / office-addin-dev-settings). Linux or no Excel:
//                             the local preview below.
//   npm start -- --preview    plain-HTTP local preview: the task pane runs standalone in a browser
//                             (no certificates, no sudo); prints the URL; reloads on every rebuild.
//   npm start -- --web        HTTPS dev server for Excel on the web + the upload steps.
//   npm run dev-server        the HTTPS dev server alone (what office-addin-debugging starts).
//   npm start -- --port 3001  another port for the preview (the manifest expects 3000 for Excel).
//   npm start -- --out DIR    build into DIR instead of dist/ (the tests use this).
//   npm start -- --once       build once and serve, without watching (no reload).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startServer, devHttpsOptions } from "./serve.mjs";

const REPO = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const has = (f) => args.includes(f);
const port = Number(
  args.includes("--port") ? args[args.indexOf("--port") + 1] : process.env.PORT || 3000
);
const out = path.resolve(REPO, args.includes("--out") ? args[args.indexOf("--out") + 1] : "dist");
const watch = !has("--once");
const bin = (name) =>
  path.join(REPO, "node_modules", ".bin", process.platform === "win32" ? `${name}.cmd` : name);

/** What stop() has to close: the watcher and the server. */
const running = { watcher: null, server: null };

async function stop(code = 0) {
  const { watcher, server } = running;
  running.watcher = running.server = null;
  await new Promise((r) => (watcher ? watcher.close(() => r()) : r()));
  await server?.close();
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

/**
 * In watch mode the functions metadata plugin (custom-functions-metadata-plugin) also writes
 * functions.json into html-webpack-plugin's child compilation, which is cached between rebuilds: its
 * stale copy then conflicts with the parent's fresh one ("Multiple assets emit different content").
 * The parent's copy is the one to serve, so child compilations drop theirs.
 */
class MetadataOnlyInTheMainCompilation {
  apply(compiler) {
    compiler.hooks.compilation.tap("MetadataOnlyInTheMainCompilation", (compilation) => {
      if (!compilation.compiler.isChild()) return;
      compilation.hooks.processAssets.tap(
        { name: "MetadataOnlyInTheMainCompilation", stage: Infinity },
        () => {
          if (compilation.getAsset("functions.json")) compilation.deleteAsset("functions.json");
        }
      );
    });
  }
}

/**
 * Builds with webpack.config.js (development mode, office.js from node_modules) into `out`; with
 * `watch`, keeps watching and calls onRebuild after every later successful build. Resolves after
 * the first build; exits on a failed first build.
 */
function build(onRebuild) {
  console.log(
    `Building the add-in (webpack, development mode, office.js from node_modules)${watch ? ", watching for changes" : ""}…`
  );
  const webpack = require(path.join(REPO, "node_modules", "webpack"));
  const config = require(path.join(REPO, "webpack.config.js"))(
    { outDir: out },
    { mode: "development" }
  );
  const compiler = webpack({
    ...config,
    context: REPO,
    infrastructureLogging: { level: "warn" },
    plugins: [...config.plugins, new MetadataOnlyInTheMainCompilation()],
  });
  let first = true;
  return new Promise((resolve) => {
    const done = (err, stats) => {
      const failed = err || stats.hasErrors();
      if (failed) console.error(err ? String(err) : stats.toString("errors-only"));
      if (first) {
        first = false;
        if (failed) void stop(1);
        else {
          console.log(`Built in ${stats.endTime - stats.startTime} ms.`);
          resolve();
        }
        return;
      }
      if (failed) {
        console.log("Rebuild failed: the pane keeps the last good build (fix the error and save).");
        return;
      }
      const pages = onRebuild();
      console.log(
        `Rebuilt in ${stats.endTime - stats.startTime} ms; reloading ${pages} open pane${pages === 1 ? "" : "s"}.`
      );
    };
    if (watch) running.watcher = compiler.watch({ aggregateTimeout: 150 }, done);
    else compiler.run((err, stats) => compiler.close(() => done(err, stats)));
  });
}

async function serve(options) {
  let server;
  await build(() => server?.reload() ?? 0);
  try {
    server = await startServer({ root: out, host: "127.0.0.1", liveReload: watch, ...options });
  } catch (e) {
    console.error(
      `Could not listen on port ${options.port}: ${e.message}. Try: npm start -- --preview --port 3001`
    );
    await stop(1);
  }
  running.server = server;
  return server;
}

async function preview() {
  const server = await serve({ port });
  console.log(`
LEV add-in — local preview (no Excel needed)
  Task pane:          ${server.url}taskpane.html
  Function metadata:  ${server.url}functions.json
  Help page:          ${server.url}help.html
${watch ? "\nWatching the sources: every saved change rebuilds and reloads the open pane.\n" : ""}
The task pane runs standalone here: build and preview scenarios; "Insert into workbook" is disabled
until the page runs inside Excel. Formulas can be evaluated without Excel: npm run --silent calc -- "=LEV.DECAY(3,0.8,1)"
To use the add-in in Excel: on Windows/macOS run \`npm start\`; for Excel on the web run \`npm start -- --web\`.
Press Ctrl+C to stop.`);
}

async function httpsServer(portNumber) {
  let httpsOptions;
  try {
    httpsOptions = await devHttpsOptions();
  } catch (e) {
    console.error(
      `HTTPS development certificate unavailable (${e.message}).\nExcel needs the add-in served over trusted HTTPS: run \`npx office-addin-dev-certs install\` with admin rights, use the plain-HTTP local preview (npm start -- --preview), or host dist/ on an HTTPS server and build with LEV_PROD_URL set.`
    );
    process.exit(1);
  }
  return serve({ port: portNumber, httpsOptions });
}

async function web() {
  const server = await httpsServer(3000);
  console.log(`
Serving the add-in at ${server.url} (rebuilds and reloads the pane on every saved change)
Sideload into Excel on the web:
  1. Open a workbook at office.com (Excel on the web).
  2. Home > Add-ins > More Add-ins > My Add-ins > Upload My Add-in, and choose ${path.join(REPO, "manifest.xml")}.
  3. If Chrome/Edge asks to allow access to local network devices, allow it (Local Network Access).
Press Ctrl+C to stop.`);
}

async function devServer() {
  const server = await httpsServer(port);
  console.log(`Dev server: ${server.url} (rebuilds and reloads the pane on every saved change)`);
}

function desktop() {
  // office-addin-debugging starts the dev server (unless already running), registers the manifest for
  // development and opens Excel with the add-in sideloaded. `npm stop` unregisters it.
  const child = spawn(
    bin("office-addin-debugging"),
    [
      "start",
      "manifest.xml",
      "desktop",
      "--app",
      "excel",
      "--dev-server",
      "npm run dev-server",
      "--dev-server-port",
      "3000",
    ],
    { cwd: REPO, stdio: "inherit", shell: process.platform === "win32" }
  );
  child.on("exit", (code) => process.exit(code ?? 0));
}

if (has("--preview")) await preview();
else if (has("--web")) await web();
else if (has("--dev-server")) await devServer();
else if (process.platform === "win32" || process.platform === "darwin") desktop();
else {
  console.log(
    "Desktop Excel does not run on this platform; starting the local preview instead (npm start -- --web for Excel on the web)."
  );
  await preview();
}
