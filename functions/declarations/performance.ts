/**
 * Leverage-adjusted performance (docs/spec/functions.md Part 2): LEV.VOL, LEV.SHARPE, LEV.SORTINO,
 * LEV.MAXDD, LEV.CALMAR, LEV.PERF, LEV.ROE, LEV.LEVADJ, LEV.KELLY, LEV.GROWTH, LEV.KELLY.RUIN.
 * Formulas and worked examples: docs/references/performance.md.
 *
 * `periods_per_year` of the series functions is optional and 0 is not meaningful (`zeroMeansBlank`: a 0 is
 * #VALUE! saying an empty cell arrives as 0). Its declared domain is ≥ 0 because 0 itself never reaches the
 * engine from a cell; the engine answers ≤ 0 with #NUM! as well.
 */
import {
  type CalmarInput,
  type GrowthInput,
  type KellyInput,
  type KellyRuinInput,
  type LevAdjInput,
  type MaxDrawdownInput,
  type PerfInput,
  type RoeInput,
  type SharpeInput,
  type SortinoInput,
  type VolInput,
  calmar,
  growth,
  kelly,
  kellyRuin,
  levAdj,
  maxDrawdown,
  perf,
  roe,
  sharpe,
  sortino,
  vol,
  PERF_COLUMNS,
  PERF_PERIODS_PER_YEAR,
  PERF_STATISTICS,
  VOL_PERIODS_PER_YEAR,
} from "../../src/engine";
import {
  defineFunction,
  opt,
  req,
  nonNegative,
  positive,
  type OptionalParam,
  type Plausible,
} from "../declare";
import { ANNUAL_DRIFT, SIGNED_ANNUAL_RATE, VOLATILITY } from "./plausible";

const SOURCE = "docs/references/performance.md";

/** periods_per_year of a series function: optional, default `dflt`, 0 means an empty cell. */
const periodsPerYear = (dflt: number): OptionalParam =>
  opt.number(
    "Periods per year of the series (365 daily crypto, 252 trading days, 52 weekly, 12 monthly, 1 yearly).",
    { unit: "per year", default: dflt, domain: nonNegative, zeroMeansBlank: true }
  );

/** A per-period rate: a value above 100% per period is almost surely a percentage. */
const PER_PERIOD_RATE: Plausible = {
  min: -1,
  max: 1,
  percent: true,
  why: "a rate beyond ±100% per period",
};
const SPREAD: Plausible = { max: 2, percent: true, why: "a borrow spread above 200% a year" };

/** The asset's drift μ and the cash rate r of LEV.KELLY and LEV.GROWTH (their volatilities differ). */
const DRIFT_AND_RATE = {
  drift: req.number("Annual arithmetic drift μ of the asset (decimal).", {
    unit: "decimal/year",
    plausible: ANNUAL_DRIFT,
  }),
  rate: req.number("Annual risk-free (cash) rate r (decimal).", {
    unit: "decimal/year",
    plausible: SIGNED_ANNUAL_RATE,
  }),
};

export const VOL = defineFunction<VolInput>()({
  id: "VOL",
  jsName: "vol",
  summary:
    "Annualised realised volatility of a price series: sample standard deviation (n−1) of log returns × √periods_per_year.",
  params: {
    prices: req.series(
      "Prices or NAVs (> 0), one row or one column, oldest first, at least 3 (no blanks)."
    ),
    periodsPerYear: periodsPerYear(VOL_PERIODS_PER_YEAR),
  },
  result:
    "Annualised volatility (decimal, 0.8 = 80%): feeds the volatility argument of LEV.DECAY, LEV.SIMULATE, ….",
  run: vol,
  examples: [
    {
      formula: "=LEV.VOL({100;101;99})",
      note: "three daily prices: +1%, then −1.98%",
      expected: 0.404615696070191,
      tolerance: 1e-12,
      source: `${SOURCE} perf#13`,
    },
    {
      formula: "=LEV.VOL({100;110;99},1)",
      note: "yearly prices: no annualisation",
      expected: 0.14189560954670763,
      tolerance: 1e-12,
      source: `${SOURCE} perf#13`,
    },
    { formula: "=LEV.VOL({100;-101;99})", note: "a price ≤ 0", error: "#NUM!" },
  ],
});

export const SHARPE = defineFunction<SharpeInput>()({
  id: "SHARPE",
  jsName: "sharpe",
  summary:
    "Sharpe ratio of a return series: (mean − rf_per_period)/sample standard deviation × √periods_per_year.",
  params: {
    returns: req.series(
      "Per-period simple returns (decimal), one row or one column, at least 2 (no blanks)."
    ),
    rfPerPeriod: opt.number("Risk-free return per period (decimal).", {
      unit: "decimal/period",
      default: 0,
      plausible: PER_PERIOD_RATE,
    }),
    periodsPerYear: periodsPerYear(1),
  },
  result: "Sharpe ratio (annualised by √periods_per_year; per period with the default 1).",
  run: sharpe,
  examples: [
    {
      formula: "=LEV.SHARPE({0.02;-0.01;0.03;-0.02;0.01},0.001)",
      note: "five returns, rf 0.1% per period (the same for 3x leverage financed at rf)",
      expected: 0.24112141108520607,
      tolerance: 1e-12,
      source: `${SOURCE} perf#3`,
    },
    {
      formula: "=LEV.SHARPE({0.01;0.01;0.01})",
      note: "equal returns: no standard deviation",
      error: "#N/A",
    },
  ],
});

export const SORTINO = defineFunction<SortinoInput>()({
  id: "SORTINO",
  jsName: "sortino",
  summary:
    "Sortino ratio: (mean − target)/target downside deviation √(Σ min(r − T, 0)²/N) over all N returns × √periods_per_year.",
  params: {
    returns: req.series("Per-period simple returns (decimal), one row or one column (no blanks)."),
    targetPerPeriod: opt.number("Target (minimum acceptable) return per period T (decimal).", {
      unit: "decimal/period",
      default: 0,
      plausible: PER_PERIOD_RATE,
    }),
    periodsPerYear: periodsPerYear(1),
  },
  result: "Sortino ratio; #N/A when no return is below the target.",
  run: sortino,
  examples: [
    {
      formula: "=LEV.SORTINO({0.17;0.15;0.23;-0.05;0.12;0.09;0.13;-0.04})",
      note: "Rollinger & Hoffman's eight annual returns, target 0: 4.417",
      expected: 4.417261042993862,
      tolerance: 1e-9,
      source: `${SOURCE} perf#1 (Rollinger & Hoffman, Red Rock Capital)`,
    },
    {
      formula: "=LEV.SORTINO({0.01;0.02})",
      note: "no return below the target",
      error: "#N/A",
    },
  ],
});

export const MAXDD = defineFunction<MaxDrawdownInput>()({
  id: "MAXDD",
  jsName: "maxDrawdown",
  summary: "Largest peak-to-trough loss of a price or NAV series: max(1 − V_t / max_{s≤t} V_s).",
  params: {
    values: req.series(
      "Prices or NAVs (> 0; a NAV may end in zeros after a wipe-out), one row or one column, oldest first."
    ),
  },
  result: "Maximum drawdown (decimal, 0.33 = 33%; 1 for a NAV that reached 0).",
  run: maxDrawdown,
  examples: [
    {
      formula: "=LEV.MAXDD({100;120;90;110;80;130})",
      note: "peak 120, trough 80",
      expected: 1 / 3,
      tolerance: 1e-12,
      source: `${SOURCE} perf#10`,
    },
    {
      formula: "=LEV.MAXDD({1;1.6;0.4;0.666666666666667;0.121212121212121;0.348484848484848})",
      note: "the same path at 3x with a reset each period",
      expected: 0.9242424242424242,
      tolerance: 1e-9,
      source: `${SOURCE} perf#11`,
    },
  ],
});

export const CALMAR = defineFunction<CalmarInput>()({
  id: "CALMAR",
  jsName: "calmar",
  summary:
    "Calmar ratio: CAGR / maximum drawdown, CAGR = (V_n/V_0)^(periods_per_year/n) − 1 over the n periods of the series.",
  params: {
    values: req.series(
      "Prices or NAVs (> 0), one row or one column, oldest first, at least 2 (no blanks)."
    ),
    periodsPerYear: req.number(
      "Periods per year of the series (365 daily, 12 monthly, 1 yearly).",
      {
        unit: "per year",
        domain: positive,
      }
    ),
  },
  result: "CAGR / max drawdown; #N/A when the series never falls below an earlier peak.",
  run: calmar,
  examples: [
    {
      formula: "=LEV.CALMAR({100;120;90;110;80;130},1)",
      note: "yearly values: CAGR 5.387%, max drawdown 33.3%",
      expected: 0.16162185618535027,
      tolerance: 1e-12,
      source: `${SOURCE} perf#10`,
    },
    {
      formula: "=LEV.CALMAR({100;110;120},1)",
      note: "no drawdown",
      error: "#N/A",
    },
  ],
});

export const PERF = defineFunction<PerfInput>()({
  id: "PERF",
  jsName: "perf",
  summary:
    "Performance summary of a price or NAV series (statistic, value under a header): periods, total_return, cagr, volatility, sharpe, sortino, max_drawdown, calmar.",
  params: {
    values: req.series(
      "Prices or NAVs (> 0; only the last may be 0), one row or one column, oldest first, at least 3."
    ),
    periodsPerYear: periodsPerYear(PERF_PERIODS_PER_YEAR),
    riskFreeRate: opt.number(
      "Annual risk-free rate (decimal); rate/periods_per_year is the Sharpe rf and the Sortino target.",
      { unit: "decimal/year", default: 0, plausible: SIGNED_ANNUAL_RATE }
    ),
  },
  result:
    'Header row (statistic, value) and 8 rows: periods (number of returns), total_return, cagr, volatility (of simple returns, annualised), sharpe, sortino, max_drawdown, calmar, each as its LEV function defines it; a statistic with no value reads "n/a: <reason>".',
  run: perf,
  spill: { dataRows: () => PERF_STATISTICS.length, columns: PERF_COLUMNS.length },
  examples: [
    {
      formula: "=LEV.PERF({100;120;90;110;80;130},1)",
      note: "yearly values: the calmar row equals LEV.CALMAR",
      expected: 0.16162185618535027,
      tolerance: 1e-12,
      cell: [8, 1],
      source: `${SOURCE} perf#10, perf#14`,
    },
    {
      formula: "=LEV.PERF({100;120;90;110;80;130},1,0.04)",
      note: "4% a year risk-free: Sharpe 0.1732, Sortino 0.3403",
      expected: 0.17316114127498838,
      tolerance: 1e-12,
      cell: [5, 1],
      source: `${SOURCE} perf#14`,
    },
  ],
});

export const ROE = defineFunction<RoeInput>()({
  id: "ROE",
  jsName: "roe",
  summary:
    "Return on margin of a position at leverage L: L·price_return − L·cost_on_notional − (L−1)·financing_on_debt.",
  params: {
    priceReturn: req.number("Price return of the asset over the holding period (decimal, ≥ −1).", {
      unit: "decimal",
      domain: { min: { value: -1, inclusive: true } },
    }),
    leverage: req.number("Leverage L = notional / margin (a multiple, > 0).", {
      unit: "multiple",
      domain: positive,
    }),
    costOnNotional: opt.number(
      "Trading cost per unit of notional over the holding period, round trip (decimal).",
      {
        unit: "decimal",
        default: 0,
        domain: nonNegative,
        plausible: { max: 0.5, percent: true, why: "a cost above 50% of notional" },
      }
    ),
    financingOnDebt: opt.number(
      "Financing rate on the borrowed part (L−1) over the holding period (decimal; for L < 1 the idle margin earns it).",
      {
        unit: "decimal",
        default: 0,
        plausible: { min: -1, max: 2, percent: true, why: "a financing rate beyond 200%" },
      }
    ),
  },
  result: "Return on margin (decimal, 0.49 = 49%).",
  run: roe,
  examples: [
    {
      formula: "=LEV.ROE(0.05,10,0.001)",
      note: "10x, price +5%, 0.1% round-trip cost on notional",
      expected: 0.49,
      tolerance: 1e-12,
      source: `${SOURCE} perf#5`,
    },
    { formula: "=LEV.ROE(0.05,0)", note: "leverage 0", error: "#NUM!" },
  ],
});

const DURATIONS: OptionalParam = {
  type: { kind: "series" },
  help: "How long each leverage was held (any time unit, ≥ 0), as many as leverages; left out: equal.",
  optional: true,
  unit: "range",
  default: "equal durations",
};

export const LEVADJ = defineFunction<LevAdjInput>()({
  id: "LEVADJ",
  jsName: "levAdj",
  summary: "Leverage-adjusted return: total return ÷ the time-weighted average |leverage|.",
  params: {
    totalReturn: req.number("Total return over the whole holding period (decimal).", {
      unit: "decimal",
    }),
    leverages: req.series("Leverage of each holding interval (a multiple), one row or one column."),
    durations: DURATIONS,
  },
  result: "Return per unit of average leverage (decimal).",
  run: levAdj,
  examples: [
    {
      formula: "=LEV.LEVADJ(0.36,{2;3;1;4},{10;5;10;5})",
      note: "36% with leverage 2, 3, 1, 4 held 10, 5, 10, 5 days: average 2.1667",
      expected: 0.16615384615384615,
      tolerance: 1e-12,
      source: `${SOURCE} perf#12`,
    },
    {
      formula: "=LEV.LEVADJ(0.36,{2;3;1;4})",
      note: "equal durations: average 2.5",
      expected: 0.144,
      tolerance: 1e-12,
      source: `${SOURCE} perf#12`,
    },
  ],
});

export const KELLY = defineFunction<KellyInput>()({
  id: "KELLY",
  jsName: "kelly",
  summary:
    "Growth-optimal (Kelly) leverage under GBM: (drift − rate)/volatility², kinked at 1x when borrowing costs a spread.",
  params: {
    ...DRIFT_AND_RATE,
    volatility: req.number("Annualised volatility σ (decimal, > 0).", {
      unit: "decimal/year",
      domain: positive,
      plausible: VOLATILITY,
    }),
    borrowSpread: opt.number("Annual spread over rate paid on borrowed money (decimal).", {
      unit: "decimal/year",
      default: 0,
      domain: nonNegative,
      plausible: SPREAD,
    }),
  },
  result: "Kelly leverage (a multiple; below 0 means short).",
  run: kelly,
  examples: [
    {
      formula: "=LEV.KELLY(0.1,0.04,0.2)",
      note: "μ 10%, r 4%, σ 20%",
      expected: 1.5,
      tolerance: 1e-12,
      source: `${SOURCE} perf#6`,
    },
    {
      formula: "=LEV.KELLY(0.1,0.04,0.2,0.01)",
      note: "borrowing at r + 1%",
      expected: 1.25,
      tolerance: 1e-12,
      source: `${SOURCE} perf#8`,
    },
    {
      formula: "=LEV.KELLY(0.3,0.05,0.7)",
      note: "crypto-like: μ 30%, σ 70%",
      expected: 0.5102040816326531,
      tolerance: 1e-12,
      source: `${SOURCE} perf#7`,
    },
  ],
});

export const GROWTH = defineFunction<GrowthInput>()({
  id: "GROWTH",
  jsName: "growth",
  summary:
    "Expected log growth rate per year of a continuously rebalanced position at leverage L: r + L(μ−r) − (L−1)⁺·s − L²σ²/2.",
  params: {
    leverage: req.number("Leverage L (a multiple; 0 = all cash, negative = short).", {
      unit: "multiple",
    }),
    ...DRIFT_AND_RATE,
    volatility: req.number("Annualised volatility σ (decimal).", {
      unit: "decimal/year",
      domain: nonNegative,
      plausible: VOLATILITY,
    }),
    borrowSpread: opt.number(
      "Annual spread over rate paid on the borrowed part (L−1)⁺ (decimal).",
      {
        unit: "decimal/year",
        default: 0,
        domain: nonNegative,
        plausible: SPREAD,
      }
    ),
  },
  result: "Expected log growth rate per year (decimal; below rate means leverage beyond 2× Kelly).",
  run: growth,
  examples: [
    {
      formula: "=LEV.GROWTH(1.5,0.1,0.04,0.2)",
      note: "at the Kelly leverage 1.5: 8.5% a year",
      expected: 0.085,
      tolerance: 1e-12,
      source: `${SOURCE} perf#6`,
    },
    {
      formula: "=LEV.GROWTH(3,0.3,0.05,0.7)",
      note: "3x a crypto-like asset: −140.5% a year",
      expected: -1.405,
      tolerance: 1e-12,
      source: `${SOURCE} perf#7`,
    },
  ],
});

export const KELLY_RUIN = defineFunction<KellyRuinInput>()({
  id: "KELLY.RUIN",
  jsName: "kellyRuin",
  summary:
    "Probability of ever falling to wealth_fraction of today's wealth when betting kelly_fraction × Kelly under GBM: x^(2/c − 1).",
  params: {
    kellyFraction: req.number("Fraction c of the Kelly leverage (1 = full Kelly, 0.5 = half).", {
      unit: "multiple",
      domain: positive,
      plausible: { max: 4, percent: true, why: "more than 4× Kelly" },
    }),
    wealthFraction: req.number(
      "Wealth level x as a fraction of today's (0 < x ≤ 1; 0.5 = halving).",
      {
        unit: "decimal",
        domain: { min: { value: 0, inclusive: false }, max: { value: 1, inclusive: true } },
      }
    ),
  },
  result: "Probability between 0 and 1 (1 at twice Kelly or more).",
  run: kellyRuin,
  examples: [
    {
      formula: "=LEV.KELLY.RUIN(0.5,0.5)",
      note: "half Kelly: chance of ever halving",
      expected: 0.125,
      tolerance: 1e-15,
      source: `${SOURCE} perf#9`,
    },
    {
      formula: "=LEV.KELLY.RUIN(1,0.5)",
      note: "full Kelly: a 50% chance of ever halving",
      expected: 0.5,
      tolerance: 1e-15,
      source: `${SOURCE} perf#9`,
    },
  ],
});
