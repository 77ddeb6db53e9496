#!/usr/bin/env node
// Static server for the built add-in (dist/). Used by `npm start` (local preview, or the HTTPS dev server
// Excel sideloads from) and by the browser tests.
//   /office-js/*  → node_modules/@microsoft/office-js/dist/*   (office.js without the Office CDN)
//   everything else → dist/
// With `liveReload` (the dev loop, scripts/start.mjs): every HTML page gets
// <script src="/__livereload.js"> (our origin, so the pages' CSP `script-src 'self'` allows it), which
// listens on /__livereload (Server-Sent Events, `connect-src 'self'`) and reloads the page when the
// server's reload() is called after a rebuild. Nothing is fetched from anywhere else.
// usage: node scripts/serve.mjs [--port 3000] [--host 127.0.0.1] [--https] [--root dist]
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.join(here, "..");
export const OFFICE_JS_DIR = path.join(REPO, "node_modules", "@microsoft", "office-js", "dist");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".css": "text/css",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/** Resolves a URL path inside `base`, or null if it escapes it. */
function inside(base, urlPath) {
  const p = path.normalize(path.join(base, decodeURIComponent(urlPath)));
  return p === base || p.startsWith(base + path.sep) ? p : null;
}

/** The page side of the live reload: reload on "reload"; EventSource reconnects by itself. */
const LIVE_RELOAD_CLIENT = `(function () {
  if (!window.EventSource) return;
  var source = new EventSource("/__livereload");
  source.addEventListener("reload", function () { location.reload(); });
})();
`;

/** Server-Sent Events clients of /__livereload. */
function liveReloadChannel() {
  const clients = new Set();
  return {
    connect(req, res) {
      res.writeHead(200, {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-store",
        Connection: "keep-alive",
      });
      res.write("retry: 500\n: connected\n\n");
      clients.add(res);
      req.on("close", () => clients.delete(res));
    },
    reload() {
      for (const res of clients) res.write(`event: reload\ndata: ${Date.now()}\n\n`);
      return clients.size;
    },
    close() {
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}

function handler(root, live) {
  return (req, res) => {
    const url = new URL(req.url, "http://localhost");
    if (live && url.pathname === "/__livereload") return live.connect(req, res);
    if (live && url.pathname === "/__livereload.js") {
      res.writeHead(200, {
        "Content-Type": TYPES[".js"],
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      });
      res.end(LIVE_RELOAD_CLIENT);
      return;
    }
    let file = url.pathname.startsWith("/office-js/")
      ? inside(OFFICE_JS_DIR, url.pathname.slice("/office-js/".length))
      : inside(root, url.pathname === "/" ? "/taskpane.html" : url.pathname);
    if (file && fs.existsSync(file) && fs.statSync(file).isDirectory())
      file = path.join(file, "index.html");
    if (!file || !fs.existsSync(file) || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(req.method === "GET" || req.method === "HEAD" ? 404 : 405, {
        "Content-Type": "text/plain",
      });
      res.end("not found");
      return;
    }
    // Excel on the web loads functions.json/js cross-origin. Images must not carry Cache-Control
    // (Office manifest rule), so no caching headers are sent at all.
    const headers = {
      "Content-Type": TYPES[path.extname(file)] || "application/octet-stream",
      "Access-Control-Allow-Origin": "*",
      "X-Content-Type-Options": "nosniff",
    };
    if (live && path.extname(file) === ".html") {
      // the dev loop: a rebuilt file must not come from the browser's cache
      const html = fs
        .readFileSync(file, "utf8")
        .replace(/<\/body>/i, '<script src="/__livereload.js"></script></body>');
      res.writeHead(200, { ...headers, "Cache-Control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : html);
      return;
    }
    res.writeHead(200, live ? { ...headers, "Cache-Control": "no-store" } : headers);
    if (req.method === "HEAD") res.end();
    else fs.createReadStream(file).pipe(res);
  };
}

/**
 * Starts the server; resolves to { url, close(), reload() }. `port: 0` picks a free port.
 * With `httpsOptions` ({key, cert, ca}) it serves HTTPS (what Excel needs to sideload).
 * With `liveReload`, reload() makes every open page reload (and returns how many are connected).
 */
export function startServer({
  root = path.join(REPO, "dist"),
  port = 3000,
  host = "127.0.0.1",
  httpsOptions,
  liveReload = false,
} = {}) {
  const live = liveReload ? liveReloadChannel() : null;
  const server = httpsOptions
    ? https.createServer(httpsOptions, handler(path.resolve(root), live))
    : http.createServer(handler(path.resolve(root), live));
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      const shownHost = host === "127.0.0.1" || host === "0.0.0.0" ? "localhost" : host;
      resolve({
        url: `${httpsOptions ? "https" : "http"}://${shownHost}:${actual}/`,
        reload: () => (live ? live.reload() : 0),
        close: () =>
          new Promise((r) => {
            live?.close();
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}

/** HTTPS options from office-addin-dev-certs (installs a localhost CA; may need admin rights). */
export async function devHttpsOptions() {
  const devCerts = await import("office-addin-dev-certs");
  const o = await (devCerts.default ?? devCerts).getHttpsServerOptions();
  return { key: o.key, cert: o.cert, ca: o.ca };
}

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const useHttps = process.argv.includes("--https");
  let httpsOptions;
  if (useHttps) {
    try {
      httpsOptions = await devHttpsOptions();
    } catch (e) {
      console.error(
        `Could not create or install the HTTPS development certificate: ${e.message}\n` +
          "Excel needs HTTPS to sideload. Run `npx office-addin-dev-certs install` in a shell with admin rights,\n" +
          "or use the plain-HTTP local preview: npm start -- --preview"
      );
      process.exit(1);
    }
  }
  const { url } = await startServer({
    root: arg("--root", path.join(REPO, "dist")),
    port: Number(arg("--port", process.env.PORT || 3000)),
    host: arg("--host", "127.0.0.1"),
    httpsOptions,
  });
  console.log(`Serving ${arg("--root", "dist")} at ${url}`);
}
