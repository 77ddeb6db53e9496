/**
 * Section 4 — bundles: size of the production functions bundle (functions.js) and task-pane bundle
 * (taskpane.js), raw and gzipped (Node's zlib, default level 6, as a web server would send them), and
 * the time to evaluate functions.js in Node: each repetition is a fresh `node` process (a cold V8
 * isolate, nothing cached) that runs the bundle in a vm context with a stub CustomFunctions.associate
 * (bench/lib/bundle-eval.cjs); the time measured inside the child covers compile + evaluation +
 * registration of every function, not Node's own start-up.
 *
 * Which bundles: bench/lib/build.ts (dist/ when up to date, else a production build for this run).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { productionBundles } from "../lib/build";
import { summarise } from "../lib/timing";
import { emptySection, target, type SectionResult } from "../lib/report";

/** The production page's scripts in load order (taskpane.html): the shared chunk, then each entry. */
const PAGE_BUNDLES = ["shared.js", "functions.js", "taskpane.js"];
/** What the custom functions need: the shared chunk (engine, declarations, adapter) and functions.js. */
const FUNCTION_BUNDLES = ["shared.js", "functions.js"];

export interface BundleConfig {
  reps: number;
  /** Force a fresh build even when dist/ is up to date. */
  rebuild: boolean;
}

export async function benchBundle(cfg: BundleConfig): Promise<SectionResult> {
  const res = emptySection();
  const section = "Bundle";
  let dir: string;
  try {
    const bundles = productionBundles(cfg.rebuild);
    dir = bundles.dir;
    res.notes.push(bundles.note);
  } catch (e) {
    const reason = (e as Error).message;
    res.rows.push({
      id: "bundle.page.gzip",
      section,
      label: "page JavaScript gzipped",
      skipped: reason,
    });
    res.notes.push(reason);
    return res;
  }

  const gzipOf: Record<string, number> = {};
  for (const name of PAGE_BUNDLES) {
    const file = join(dir, name);
    if (!existsSync(file)) {
      res.rows.push({
        id: `bundle.${name}`,
        section,
        label: name,
        skipped: "not produced by the build",
      });
      continue;
    }
    const buf = readFileSync(file);
    const gz = gzipSync(buf).length;
    const base = name.replace(".js", "");
    res.rows.push({
      id: `bundle.${base}.raw`,
      section,
      label: `${name} (production) raw`,
      value: buf.length,
      valueUnit: "bytes",
    });
    res.rows.push({
      id: `bundle.${base}.gzip`,
      section,
      label: `${name} (production) gzipped`,
      value: gz,
      valueUnit: "bytes",
    });
    gzipOf[name] = gz;
  }
  const sum = (names: string[]) =>
    names.every((n) => gzipOf[n] !== undefined) ? names.reduce((a, n) => a + gzipOf[n], 0) : null;
  // What Excel loads for the functions (the page's shared chunk and functions.js), and the whole page.
  const fnTotal = sum(FUNCTION_BUNDLES);
  const pageTotal = sum(PAGE_BUNDLES);
  res.rows.push({
    id: "bundle.page.gzip",
    section,
    label: `task pane page JavaScript gzipped (${PAGE_BUNDLES.join(" + ")}; office.js not counted)`,
    value: pageTotal ?? undefined,
    valueUnit: "bytes",
  });
  res.targets.push(
    target(
      "bundle.functions.gzip",
      `functions ≤ 100 KB gzipped (${FUNCTION_BUNDLES.join(" + ")}, 100,000 bytes)`,
      fnTotal,
      "<=",
      100_000,
      "bytes"
    ),
    target(
      "bundle.page.gzip",
      "task pane page JavaScript ≤ 90 KB gzipped (one engine per page, 90,000 bytes)",
      pageTotal,
      "<=",
      90_000,
      "bytes"
    )
  );
  const maps = readdirSync(dir).filter((f) => f.endsWith(".map"));
  res.notes.push(
    maps.length === 0
      ? "production build: no source maps published"
      : `production build publishes source maps: ${maps.join(", ")}`
  );

  const files = FUNCTION_BUNDLES.map((n) => join(dir, n));
  if (files.every((f) => existsSync(f))) {
    const child = join(__dirname, "..", "lib", "bundle-eval.cjs");
    const samples: number[] = [];
    let info: { associated: number; smoke: unknown } = { associated: 0, smoke: null };
    for (let i = 0; i < cfg.reps + 1; i++) {
      const r = spawnSync(process.execPath, [child, ...files], { encoding: "utf8" });
      if (r.status !== 0)
        throw new Error(`evaluating functions.js failed: ${r.stderr.slice(0, 300)}`);
      const j = JSON.parse(r.stdout) as { evalMs: number; associated: number; smoke: unknown };
      if (i > 0) samples.push(j.evalMs); // the first child warms the OS file cache only
      info = j;
    }
    const t = summarise(samples);
    res.rows.push({
      id: "bundle.functions.eval",
      section,
      label: `${FUNCTION_BUNDLES.join(" + ")} evaluate + associate in a cold Node vm (${info.associated} functions)`,
      timing: t,
    });
    res.targets.push(
      target(
        "bundle.functions.eval",
        "functions cold start (evaluate + associate) ≤ 20 ms",
        t.medianMs,
        "<=",
        20,
        "ms"
      )
    );
    res.notes.push(
      `functions.js registers ${info.associated} functions; smoke test LEV.LIQ.PRICE("long",10000,1,1000) in the bundle = ${String(info.smoke)}`
    );
  }
  return res;
}
