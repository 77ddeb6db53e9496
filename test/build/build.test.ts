// Checks the production build that `npm test` makes first (webpack --mode production --env officejs=local).
import { strict as assert } from "assert";
import fs from "fs";
import path from "path";

import { REPO as ROOT, TEST_DIST as DIST } from "../support/dist";
const read = (f: string) => fs.readFileSync(path.join(DIST, f), "utf8");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- webpack.config.js is CommonJS, loaded as webpack loads it
const webpackConfig = require(path.join(ROOT, "webpack.config.js"));

/** The @customfunction ids declared in functions/functions.ts (top-level exported function declarations). */
function declaredIds(): string[] {
  const src = fs.readFileSync(path.join(ROOT, "functions", "functions.ts"), "utf8");
  const ids: string[] = [];
  for (const m of src.matchAll(/\/\*\*([\s\S]*?)\*\/\s*export\s+(?:async\s+)?function\s+(\w+)/g)) {
    const tag = /@customfunction(?:[ \t]+([A-Za-z0-9_.]+))?/.exec(m[1]);
    if (tag) ids.push((tag[1] ?? m[2]).toUpperCase());
  }
  return ids;
}

describe("production build (dist/)", () => {
  it("has every file the manifest and the shared runtime need", () => {
    for (const f of [
      "shared.js",
      "functions.js",
      "functions.json",
      "taskpane.html",
      "taskpane.js",
      "simulate.worker.js",
      "manifest.xml",
      "help.html",
      "assets/icon-16.png",
      "assets/icon-32.png",
      "assets/icon-64.png",
      "assets/icon-80.png",
    ]) {
      assert.ok(fs.existsSync(path.join(DIST, f)), f);
    }
  });

  it("the page loads the engine once: shared.js before functions.js and taskpane.js, and no source maps", () => {
    const scripts = [...read("taskpane.html").matchAll(/<script[^>]*src="?([^" >]+)/g)].map(
      (m) => m[1]
    );
    assert.deepEqual(
      scripts.filter((s) => s.endsWith(".js") && !s.includes("office")),
      ["shared.js", "functions.js", "taskpane.js"]
    );
    assert.deepEqual(
      fs.readdirSync(DIST).filter((f) => f.endsWith(".map")),
      [],
      "a production build publishes no source map"
    );
  });

  it("functions.json lists every exported custom function, and functions.js associates each one", () => {
    const ids = declaredIds();
    assert.ok(ids.length > 0, "functions/functions.ts declares custom functions");
    const meta = JSON.parse(read("functions.json"));
    assert.deepEqual(meta.functions.map((f: { id: string }) => f.id).sort(), [...ids].sort());
    const js = read("functions.js");
    for (const id of ids)
      assert.ok(js.includes(`CustomFunctions.associate("${id}"`), `associate ${id}`);
  });

  it("rewrites every localhost URL in dist/manifest.xml, not only the first", async () => {
    const xml = read("manifest.xml");
    assert.equal(xml.match(/localhost/g), null);
    const src = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");
    const devCount = (src.match(/https:\/\/localhost:3000/g) || []).length;
    const prodCount = (xml.match(/https:\/\/lev-addin\.example\.com/g) || []).length;
    assert.ok(devCount >= 8);
    assert.equal(prodCount, devCount);
    const mod = await import(path.join(ROOT, "scripts", "validate-manifest.mjs"));
    assert.equal((await mod.validateManifestText(xml)).valid, true);
  });

  it("the URL rewrite replaces every occurrence (unit check of the helper)", () => {
    assert.equal(
      webpackConfig.toProductionUrls(
        "https://localhost:3000/a https://localhost:3000/b https://localhost:3000"
      ),
      "https://lev-addin.example.com/a https://lev-addin.example.com/b https://lev-addin.example.com"
    );
  });

  it("loads office.js from node_modules in the test/preview build and from the Office CDN in the release build", () => {
    assert.match(read("taskpane.html"), /src="?office-js\/office\.js/);
    const officeUrl = (env: object, mode: string) =>
      webpackConfig(env, { mode }).plugins.find(
        (p: any) => p.constructor.name === "HtmlWebpackPlugin"
      ).userOptions.officeJsUrl;
    assert.equal(
      officeUrl({}, "production"),
      "https://appsforoffice.microsoft.com/lib/1/hosted/office.js"
    );
    assert.equal(officeUrl({ officejs: "local" }, "production"), "office-js/office.js");
    assert.equal(officeUrl({}, "development"), "office-js/office.js");
  });
});

describe("function reference served by the add-in", () => {
  it("dist/functions.html has an anchor for every function's help URL, and production help URLs point at the production origin", () => {
    const html = read("functions.html");
    const meta = JSON.parse(read("functions.json"));
    assert.ok(meta.functions.length > 0);
    for (const f of meta.functions as { id: string; helpUrl: string }[]) {
      const m = /^https:\/\/lev-addin\.example\.com\/functions\.html#([a-z0-9-]+)$/.exec(f.helpUrl);
      assert.ok(m, `${f.id} helpUrl ${f.helpUrl}`);
      assert.match(html, new RegExp(`<a id="?${m[1]}"?>`), `anchor ${m[1]}`);
      assert.ok(html.includes(`<h3>LEV.${f.id}</h3>`), `heading LEV.${f.id}`); // (attribute quotes may be minified away)
    }
    assert.ok(!/<script/i.test(html), "the reference page runs no script");
  });

  it("the Markdown renderer escapes HTML and keeps code literal", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- scripts/md-html.js is CommonJS (shared with webpack.config.js)
    const { markdownToHtml } = require(path.join(ROOT, "scripts", "md-html.js"));
    const html: string = markdownToHtml(
      "# T\n\nA <b>x</b> `**y**` and **z**\n\n| a | b |\n|---|---|\n| `1` | <i> |\n",
      "t"
    );
    assert.ok(
      html.includes("A &lt;b&gt;x&lt;/b&gt; <code>**y**</code> and <strong>z</strong>"),
      html
    );
    assert.ok(html.includes("<td><code>1</code></td><td>&lt;i&gt;</td>"), html);
  });
});
