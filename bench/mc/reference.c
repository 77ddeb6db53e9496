/*
 * LEV.SIMULATE reference in C (compiled by bench/run.ts with `gcc -O2` at bench time).
 *
 * The same work as the engine's Monte Carlo and bench/mc/reference.py: `paths` GBM paths of `steps`
 * steps (dt = years/steps), one standard normal draw per path-step, the daily-rebalanced NAV recursion
 * V_t = max(V_{t-1}·(1 + L·(S_t/S_{t-1} − 1)), 0), then the final statistics of V_T/V_0 (mean, P5, P25,
 * median, P75, P95 with linear interpolation as numpy.percentile, probability of loss).
 *
 * S_t/S_{t-1} = exp((mu − sigma²/2)·dt + sigma·sqrt(dt)·Z). Random numbers with the algorithm the engine
 * uses (src/engine/rng.ts): xoroshiro128+ seeded as pure-rand's xoroshiro128plus(seed) (s0 = 0xFFFFFFFF:~seed,
 * s1 = seed:0), one 64-bit output per draw into a 256-layer ziggurat (Marsaglia & Tsang 2000; layer index from
 * bits 63…56, sign bit 55, 52-bit magnitude bits 54…3, as the engine), the same tables, wedge and tail tests;
 * paths in blocks of 1024, block b starting at the seed's state jumped b times (2^64 outputs each), as the engine.
 * So this is the engine's loop written in C: the "practical limit" for that algorithm (a scalar loop, no SIMD
 * intrinsics, no -ffast-math).
 *
 * Usage: reference <paths> <steps> <years> <sigma> <leverage> <mu> <seed> <warmup> <reps>
 * Prints one JSON object: {"times_ms": [...], "stats": {...}}; times exclude process start.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t s[2];

static inline uint64_t rotl(const uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

/* xoroshiro128+ (Blackman & Vigna, 2016 parameters 24, 16, 37) */
static inline uint64_t next(void) {
  const uint64_t s0 = s[0];
  uint64_t s1 = s[1];
  const uint64_t result = s0 + s1;
  s1 ^= s0;
  s[0] = rotl(s0, 24) ^ s1 ^ (s1 << 16);
  s[1] = rotl(s1, 37);
  return result;
}

/* The reference jump function: advances the state by 2^64 outputs (as pure-rand's jump()). */
static void jump(void) {
  static const uint64_t JUMP[] = {0xdf900294d8f554a5ULL, 0x170865df4b3201fcULL};
  uint64_t s0 = 0, s1 = 0;
  for (int i = 0; i < 2; i++)
    for (int b = 0; b < 64; b++) {
      if (JUMP[i] & (1ULL << b)) {
        s0 ^= s[0];
        s1 ^= s[1];
      }
      next();
    }
  s[0] = s0;
  s[1] = s1;
}

/* uniform in [0, 1), 53 bits */
static inline double unif(void) { return (double)(next() >> 11) * 0x1.0p-53; }

/* Ziggurat, 256 layers (Marsaglia & Tsang's zigset with r = 3.6541528853610088, v = 0.00492867323399) */
#define ZIG_R 3.6541528853610088
#define ZIG_V 0.00492867323399
#define TWO52 4503599627370496.0
static double zk[256], zw[256], zf[256];

static void zigset(void) {
  double dn = ZIG_R, tn = dn;
  const double q = ZIG_V / exp(-0.5 * dn * dn);
  zk[0] = (dn / q) * TWO52;
  zk[1] = 0;
  zw[0] = q / TWO52;
  zw[255] = dn / TWO52;
  zf[0] = 1.0;
  zf[255] = exp(-0.5 * dn * dn);
  for (int i = 254; i >= 1; i--) {
    dn = sqrt(-2.0 * log(ZIG_V / dn + exp(-0.5 * dn * dn)));
    zk[i + 1] = (dn / tn) * TWO52;
    tn = dn;
    zf[i] = exp(-0.5 * dn * dn);
    zw[i] = dn / TWO52;
  }
}

static inline double normal(void) {
  for (;;) {
    const uint64_t r = next();
    const int i = (int)(r >> 56);
    const double sign = (r >> 55) & 1 ? -1.0 : 1.0;
    const double m = (double)((r >> 3) & 0xFFFFFFFFFFFFFULL);
    const double x = m * zw[i] * sign;
    if (m < zk[i]) return x;
    if (i == 0) {
      double xt, yt;
      do {
        xt = -log1p(-unif()) / ZIG_R;
        yt = -log1p(-unif());
      } while (!(yt + yt > xt * xt));
      return sign * (ZIG_R + xt);
    }
    if (zf[i] + unif() * (zf[i - 1] - zf[i]) < exp(-0.5 * x * x)) return x;
  }
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double pct(const double *sorted, int n, double p) {
  double h = (n - 1) * p / 100.0;
  int lo = (int)floor(h);
  int hi = lo + 1 < n ? lo + 1 : n - 1;
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

typedef struct { double mean, p5, p25, p50, p75, p95, prob_loss; } Stats;

static Stats run(int paths, int steps, double years, double sigma, double L, double mu, uint64_t seed, double *nav) {
  const uint32_t s32 = (uint32_t)seed;
  s[0] = (0xFFFFFFFFULL << 32) | (uint32_t)~s32;
  s[1] = (uint64_t)s32 << 32;
  const double dt = years / steps;
  const double a = (mu - 0.5 * sigma * sigma) * dt;
  const double b = sigma * sqrt(dt);
  uint64_t block0 = s[0], block1 = s[1]; /* start of the current block of 1024 paths (as the engine) */
  for (int p = 0; p < paths; p++) {
    if (p > 0 && p % 1024 == 0) {
      s[0] = block0;
      s[1] = block1;
      jump();
      block0 = s[0];
      block1 = s[1];
    }
    double v = 1.0;
    for (int t = 0; t < steps; t++) {
      double g = exp(a + b * normal());
      v = v * (1.0 + L * (g - 1.0));
      if (!(v > 0.0)) v = 0.0;
    }
    nav[p] = v;
  }
  double sum = 0.0;
  int loss = 0;
  for (int p = 0; p < paths; p++) {
    sum += nav[p];
    if (nav[p] < 1.0) loss++;
  }
  qsort(nav, paths, sizeof(double), cmp);
  Stats st = {sum / paths, pct(nav, paths, 5), pct(nav, paths, 25), pct(nav, paths, 50), pct(nav, paths, 75),
              pct(nav, paths, 95), (double)loss / paths};
  return st;
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  if (argc != 10) {
    fprintf(stderr, "usage: %s paths steps years sigma leverage mu seed warmup reps\n", argv[0]);
    return 2;
  }
  int paths = atoi(argv[1]), steps = atoi(argv[2]);
  double years = atof(argv[3]), sigma = atof(argv[4]), L = atof(argv[5]), mu = atof(argv[6]);
  uint64_t seed = strtoull(argv[7], NULL, 10);
  int warmup = atoi(argv[8]), reps = atoi(argv[9]);
  double *nav = malloc(sizeof(double) * paths);
  zigset();
  Stats st;
  for (int i = 0; i < warmup; i++) st = run(paths, steps, years, sigma, L, mu, seed + 1000 + i, nav);
  printf("{\"times_ms\": [");
  for (int i = 0; i < reps; i++) {
    double t0 = now_ms();
    st = run(paths, steps, years, sigma, L, mu, seed + i, nav);
    printf("%s%.4f", i ? ", " : "", now_ms() - t0);
  }
  printf("], \"stats\": {\"mean\": %.10g, \"p5\": %.10g, \"p25\": %.10g, \"median\": %.10g, \"p75\": %.10g, "
         "\"p95\": %.10g, \"prob_loss\": %.10g}}\n",
         st.mean, st.p5, st.p25, st.p50, st.p75, st.p95, st.prob_loss);
  free(nav);
  return 0;
}
