#!/usr/bin/env node
// `npm start`: build, serve and (where Excel exists) sideload the add-in.
//
//   npm start                 Windows/macOS: HTTPS dev server + sideload into desktop Excel
//                             (office-addin-debugging / office-addin-dev-settings). Linux or no Excel:
//                             the local preview below.
//   npm start -- --preview    plain-HTTP local preview: the task pane runs standalone in a browser
//                             (no certificates, no sudo); prints the URL.
//   npm start -- --web        HTTPS dev server for Excel on the web + the upload steps.
//   npm start -- --port 3001  another port for the preview (the manifest expects 3000 for Excel).
//   npm start -- --out DIR    build into DIR instead of dist/ (the tests use this).
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startServer, devHttpsOptions } from "./serve.mjs";

const REPO = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const has = (f) => args.includes(f);
const port = Number(
  args.includes("--port") ? args[args.indexOf("--port") + 1] : process.env.PORT || 3000
);
const out = path.resolve(REPO, args.includes("--out") ? args[args.indexOf("--out") + 1] : "dist");
const bin = (name) =>
  path.join(REPO, "node_modules", ".bin", process.platform === "win32" ? `${name}.cmd` : name);

function build() {
  console.log("Building the add-in (webpack, development mode, office.js from node_modules)…");
  const r = spawnSync(bin("webpack"), ["--mode", "development", "--env", `outDir=${out}`], {
    cwd: REPO,
    stdio: "inherit",
    shell: process.platform === "win32",
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

async function preview() {
  build();
  let server;
  try {
    server = await startServer({ root: out, port, host: "127.0.0.1" });
  } catch (e) {
    console.error(
      `Could not listen on port ${port}: ${e.message}. Try: npm start -- --preview --port 3001`
    );
    process.exit(1);
  }
  console.log(`
LEV add-in — local preview (no Excel needed)
  Task pane:          ${server.url}taskpane.html
  Function metadata:  ${server.url}functions.json
  Help page:          ${server.url}help.html

The task pane runs standalone here: build and preview scenarios; "Insert into workbook" is disabled
until the page runs inside Excel. Formulas can be evaluated without Excel: npm run --silent calc -- "=LEV.DECAY(3,0.8,1)"
To use the add-in in Excel: on Windows/macOS run \`npm start\`; for Excel on the web run \`npm start -- --web\`.
Press Ctrl+C to stop.`);
}

async function web() {
  build();
  let httpsOptions;
  try {
    httpsOptions = await devHttpsOptions();
  } catch (e) {
    console.error(
      `HTTPS development certificate unavailable (${e.message}).\nExcel on the web needs the add-in served over trusted HTTPS: run \`npx office-addin-dev-certs install\` with admin rights, or host dist/ on an HTTPS server and build with LEV_PROD_URL set.`
    );
    process.exit(1);
  }
  const server = await startServer({ root: out, port: 3000, host: "127.0.0.1", httpsOptions });
  console.log(`
Serving the add-in at ${server.url}
Sideload into Excel on the web:
  1. Open a workbook at office.com (Excel on the web).
  2. Home > Add-ins > More Add-ins > My Add-ins > Upload My Add-in, and choose ${path.join(REPO, "manifest.xml")}.
  3. If Chrome/Edge asks to allow access to local network devices, allow it (Local Network Access).
Press Ctrl+C to stop.`);
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
else if (process.platform === "win32" || process.platform === "darwin") desktop();
else {
  console.log(
    "Desktop Excel does not run on this platform; starting the local preview instead (npm start -- --web for Excel on the web)."
  );
  await preview();
}
