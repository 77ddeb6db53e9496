"""LEV.SIMULATE reference in numpy (run by bench/run.ts).

The same work as the engine's Monte Carlo and bench/mc/reference.c: `paths` GBM paths of `steps` steps
(dt = years/steps), one standard normal per path-step (numpy's default_rng: PCG64 + ziggurat), the
daily-rebalanced NAV recursion V_t = max(V_{t-1}·(1 + L·(S_t/S_{t-1} − 1)), 0), then the final statistics
of V_T/V_0 (mean, P5, P25, median, P75, P95, probability of loss).

Vectorised across paths, one step at a time (a (paths,) vector per step, in-place ufuncs, no temporaries
in the loop): on this workload it is faster than drawing the whole steps×paths matrix at once (that matrix
is 29 MB and falls out of cache). Both layouts can be timed with LAYOUT=matrix.

Usage: python3 reference.py paths steps years sigma leverage mu seed warmup reps
Prints one JSON object: {"times_ms": [...], "stats": {...}, "numpy": version}; times exclude start-up.
"""
import json
import os
import sys
import time

import numpy as np


def run_steps(paths, steps, years, sigma, L, mu, seed):
    rng = np.random.default_rng(seed)
    dt = years / steps
    a = (mu - 0.5 * sigma * sigma) * dt
    b = sigma * np.sqrt(dt)
    nav = np.ones(paths)
    z = np.empty(paths)
    for _ in range(steps):
        rng.standard_normal(out=z)
        z *= b
        z += a
        np.exp(z, out=z)          # S_t / S_{t-1}
        z -= 1.0                  # r_t
        z *= L
        z += 1.0                  # 1 + L·r_t
        nav *= z
        np.maximum(nav, 0.0, out=nav)
    return nav


def run_matrix(paths, steps, years, sigma, L, mu, seed):
    rng = np.random.default_rng(seed)
    dt = years / steps
    a = (mu - 0.5 * sigma * sigma) * dt
    b = sigma * np.sqrt(dt)
    z = rng.standard_normal((steps, paths))
    z *= b
    z += a
    np.exp(z, out=z)
    z -= 1.0
    z *= L
    z += 1.0
    np.maximum(z, 0.0, out=z)     # a factor ≤ 0 wipes the path out; the product then stays 0
    return z.prod(axis=0)


def stats(nav):
    p = np.percentile(nav, [5, 25, 50, 75, 95])
    return {
        "mean": float(nav.mean()),
        "p5": float(p[0]),
        "p25": float(p[1]),
        "median": float(p[2]),
        "p75": float(p[3]),
        "p95": float(p[4]),
        "prob_loss": float((nav < 1.0).mean()),
    }


def main():
    paths, steps = int(sys.argv[1]), int(sys.argv[2])
    years, sigma, L, mu = (float(x) for x in sys.argv[3:7])
    seed, warmup, reps = int(sys.argv[7]), int(sys.argv[8]), int(sys.argv[9])
    layout = os.environ.get("LAYOUT", "steps")
    fn = run_matrix if layout == "matrix" else run_steps
    for i in range(warmup):
        stats(fn(paths, steps, years, sigma, L, mu, seed + 1000 + i))
    times = []
    st = None
    for i in range(reps):
        t0 = time.perf_counter()
        st = stats(fn(paths, steps, years, sigma, L, mu, seed + i))
        times.append((time.perf_counter() - t0) * 1e3)
    print(json.dumps({"times_ms": times, "stats": st, "numpy": np.__version__, "layout": layout}))


if __name__ == "__main__":
    main()
