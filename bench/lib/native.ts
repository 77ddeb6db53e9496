/**
 * The Monte Carlo references outside Node: numpy (bench/mc/reference.py) and C (bench/mc/reference.c,
 * compiled with `gcc -O2` at bench time into a temporary directory). Each reference runs its own warm-up
 * and repetitions and reports the time of each repetition measured inside the process, so interpreter /
 * process start-up is not counted against it (nor is Node's start-up counted against the engine).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface McStats {
  mean: number;
  p5: number;
  p25: number;
  median: number;
  p75: number;
  p95: number;
  prob_loss: number;
}

export interface NativeRun {
  timesMs: number[];
  stats: McStats;
}

export type Availability<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface McParams {
  paths: number;
  steps: number;
  years: number;
  sigma: number;
  leverage: number;
  drift: number;
  seed: number;
  warmup: number;
  reps: number;
}

function argv(p: McParams): string[] {
  return [p.paths, p.steps, p.years, p.sigma, p.leverage, p.drift, p.seed, p.warmup, p.reps].map(
    String
  );
}

// ---- numpy ------------------------------------------------------------------------------------------

export interface Python {
  exe: string;
  numpy: string;
  python: string;
}

/**
 * Finds a python3 that can import numpy. Debian's interpreter (/usr/bin/python3, where
 * `apt-get install -y python3-numpy` puts numpy) is tried first, then `python3` on PATH.
 */
export function findPython(): Availability<Python> {
  const tried: string[] = [];
  // LEV_BENCH_PYTHON=<interpreter> uses only that one (also how the "numpy missing" path is tested).
  const candidates = process.env.LEV_BENCH_PYTHON
    ? [process.env.LEV_BENCH_PYTHON]
    : ["/usr/bin/python3", "python3"];
  for (const exe of candidates) {
    const r = spawnSync(
      exe,
      ["-c", "import sys, numpy; print(numpy.__version__, sys.version.split()[0])"],
      { encoding: "utf8" }
    );
    if (r.error) {
      tried.push(`${exe}: not found`);
      continue;
    }
    if (r.status !== 0) {
      tried.push(`${exe}: numpy not importable`);
      continue;
    }
    const [numpy, python] = r.stdout.trim().split(/\s+/);
    return { ok: true, value: { exe, numpy, python } };
  }
  return {
    ok: false,
    reason: `numpy reference skipped: no python3 with numpy (${tried.join("; ")}). Install it with: apt-get install -y python3-numpy`,
  };
}

/** Runs the numpy reference with one array layout ("steps": a vector per step; "matrix": all draws at once). */
export function runNumpy(
  py: Python,
  p: McParams,
  layout: "steps" | "matrix",
  script: string
): NativeRun & { layout: string } {
  const out = execFileSync(py.exe, [script, ...argv(p)], {
    encoding: "utf8",
    env: { ...process.env, LAYOUT: layout, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1" },
    maxBuffer: 1 << 20,
  });
  const j = JSON.parse(out) as { times_ms: number[]; stats: McStats; layout: string };
  return { timesMs: j.times_ms, stats: j.stats, layout: j.layout };
}

// ---- C ----------------------------------------------------------------------------------------------

export interface CompiledC {
  exe: string;
  gcc: string;
  dir: string;
}

/** Compiles the C reference with `gcc -O2`; reports why not when gcc is missing or the build fails. */
export function compileC(source: string): Availability<CompiledC> {
  // LEV_BENCH_CC=<compiler> overrides gcc (also how the "gcc missing" path is tested).
  const cc = process.env.LEV_BENCH_CC || "gcc";
  const v = spawnSync(cc, ["--version"], { encoding: "utf8" });
  if (v.error || v.status !== 0) {
    return {
      ok: false,
      reason: `C reference skipped: ${cc} not found (install gcc with: apt-get install -y gcc)`,
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "lev-bench-"));
  const exe = join(dir, "mc-reference");
  const r = spawnSync(cc, ["-O2", "-o", exe, source, "-lm"], { encoding: "utf8" });
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return {
      ok: false,
      reason: `C reference skipped: gcc -O2 failed: ${r.stderr.trim().slice(0, 400)}`,
    };
  }
  return { ok: true, value: { exe, gcc: v.stdout.split("\n")[0].trim(), dir } };
}

export function runC(c: CompiledC, p: McParams): NativeRun {
  const out = execFileSync(c.exe, argv(p), { encoding: "utf8" });
  const j = JSON.parse(out) as { times_ms: number[]; stats: McStats };
  return { timesMs: j.times_ms, stats: j.stats };
}
