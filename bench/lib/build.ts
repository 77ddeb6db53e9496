/**
 * The production bundles the bench measures: dist/ when it is newer than every source it is built from
 * (functions/, src/, webpack.config.js, package-lock.json, tsconfig.json). Otherwise the bench runs the same
 * production build, `npx webpack --mode production --env outDir=<temporary directory>`, so it never
 * rewrites the dist/ that other commands build (the bundles are byte-identical to `npm run build`'s).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const SOURCES = ["functions", "src", "webpack.config.js", "package-lock.json", "tsconfig.json"];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const e of readdirSync(p)) m = Math.max(m, newestMtime(join(p, e)));
  return m;
}

export interface Bundles {
  dir: string;
  /** How the bundles were obtained, for the notes. */
  note: string;
  dispose(): void;
}

let built: { dir: string; why: string; seconds: number } | undefined;

/** The bundles' folder; throws with the build's first error lines when a needed build fails. */
export function productionBundles(rebuild: boolean): Bundles {
  const dist = join(ROOT, "dist");
  const fnDist = join(dist, "functions.js");
  const srcTime = Math.max(...SOURCES.map((s) => newestMtime(join(ROOT, s))));
  const fresh =
    existsSync(fnDist) &&
    existsSync(join(dist, "shared.js")) &&
    statSync(fnDist).mtimeMs >= srcTime;
  if (fresh && !rebuild)
    return {
      dir: dist,
      note: "bundles measured from dist/ (up to date with its sources)",
      dispose() {},
    };
  if (!built || !existsSync(built.dir)) {
    // one build per bench run, shared by the sections that need it
    const dir = mkdtempSync(join(tmpdir(), "lev-bench-dist-"));
    const why = !existsSync(fnDist)
      ? "dist/ is missing"
      : rebuild
        ? "--rebuild given"
        : "dist/ is older than its sources";
    process.stdout.write(
      `  building the production bundles (${why}): npx webpack --mode production --env outDir=${dir}\n`
    );
    const t0 = Date.now();
    try {
      execFileSync("npx", ["webpack", "--mode", "production", "--env", `outDir=${dir}`], {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
        maxBuffer: 64 << 20,
      });
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      const out =
        String((e as { stdout?: Buffer }).stdout ?? "") +
        String((e as { stderr?: Buffer }).stderr ?? "");
      const lines = out
        .split("\n")
        .filter((l) => /error/i.test(l))
        .slice(0, 3)
        .join(" / ")
        .slice(0, 300);
      throw new Error(`production build failed: ${lines || (e as Error).message}`);
    }
    built = { dir, why, seconds: (Date.now() - t0) / 1000 };
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  }
  return {
    dir: built.dir,
    note: `bundles built for this run (${built.why}) in ${built.seconds.toFixed(1)} s into a temporary directory`,
    dispose() {},
  };
}
