/**
 * Loads the code under test: the engine (src/engine) and the Excel wrappers (functions/functions.ts).
 *
 * By default both are bundled for this run with esbuild (already installed: it is tsx's compiler) into
 * ONE scope-hoisted CommonJS file, as webpack's production build concatenates them for Excel. Loading
 * the .ts files through tsx instead turns every module into CommonJS whose imports are getter calls
 * (`lt_core.step`, `lt_core.ST_WIPED` …), an overhead the shipped add-in does not have.
 * `--modules=tsx` times the modules as tsx loads them (useful with `node --cpu-prof`: readable names).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type Engine = typeof import("../../src/engine");
export type Functions = typeof import("../../functions/functions");

export interface Loaded {
  engine?: Engine;
  functions?: Functions;
  /** Why a part could not be loaded. */
  errors: string[];
  /** "esbuild bundle" or "tsx modules". */
  how: string;
}

const ROOT = join(__dirname, "..", "..");

export async function loadModules(mode: "bundle" | "tsx"): Promise<Loaded> {
  if (mode === "bundle") {
    try {
      return bundled();
    } catch (e) {
      const loaded = await viaTsx();
      loaded.errors.push(
        `esbuild bundle failed, timing tsx modules instead: ${(e as Error).message.split("\n")[0]}`
      );
      return loaded;
    }
  }
  return viaTsx();
}

async function viaTsx(): Promise<Loaded> {
  const out: Loaded = { errors: [], how: "tsx modules" };
  try {
    out.engine = await import("../../src/engine");
  } catch (e) {
    out.errors.push(`src/engine not loadable: ${(e as Error).message.split("\n")[0]}`);
  }
  try {
    out.functions = await import("../../functions/functions");
  } catch (e) {
    out.errors.push(`functions/functions.ts not loadable: ${(e as Error).message.split("\n")[0]}`);
  }
  return out;
}

function bundled(): Loaded {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require("esbuild") as typeof import("esbuild");
  const dir = mkdtempSync(join(tmpdir(), "lev-bench-mod-"));
  try {
    const out: Loaded = { errors: [], how: "esbuild bundle (scope-hoisted, as shipped)" };
    const build = (name: string, source: string): unknown => {
      const entry = join(dir, `${name}-entry.ts`);
      const file = join(dir, `${name}.cjs`);
      writeFileSync(entry, source);
      esbuild.buildSync({
        entryPoints: [entry],
        bundle: true,
        format: "cjs",
        platform: "node",
        target: "es2020",
        outfile: file,
        logLevel: "silent",
        absWorkingDir: ROOT,
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(file);
    };
    try {
      out.engine = build(
        "engine",
        `export * from ${JSON.stringify(join(ROOT, "src", "engine"))};\n`
      ) as Engine;
    } catch (e) {
      out.errors.push(`src/engine not loadable: ${(e as Error).message.split("\n")[0]}`);
    }
    try {
      out.functions = build(
        "functions",
        `export * from ${JSON.stringify(join(ROOT, "functions", "functions"))};\n`
      ) as Functions;
    } catch (e) {
      out.errors.push(
        `functions/functions.ts not loadable: ${(e as Error).message.split("\n")[0]}`
      );
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
