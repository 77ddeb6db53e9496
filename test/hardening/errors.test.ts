/**
 * Known-answer error tests: for every LEV function, one call per error class that applies to it
 * (#VALUE! wrong type/shape/option, #NUM! out of domain, #N/A valid inputs with no finite answer), asserting
 * the exact Excel error and that the message names the argument (for #N/A: states the reason).
 * The classes and examples follow docs/spec/functions.md "Conventions" (leverage 0, negative price,
 * volatility < 0 → #NUM!; unknown option → #VALUE!; "no liquidation: position is over-collateralised" → #N/A).
 */
import { strict as assert } from "node:assert";
import { evaluate } from "../../functions/adapter";
import type { RawArg } from "../../functions/args";
import { FUNCTIONS } from "../../functions/registry";

type Case = [
  id: string,
  what: string,
  args: RawArg[],
  code: "#VALUE!" | "#NUM!" | "#N/A",
  mention: string,
];

// prettier-ignore
const CASES: Case[] = [
  ["DECAY", "text volatility", [3, "high"], "#VALUE!", "volatility"],
  ["DECAY", "leverage 0", [0, 0.8], "#NUM!", "leverage"],
  ["DECAY", "negative volatility", [3, -0.2], "#NUM!", "volatility"],
  ["RETURN", "blank required underlying_return", [3, null, 0.8], "#VALUE!", "underlying_return"],
  ["RETURN", "underlying_return below -100%", [3, -1.5, 0.8], "#NUM!", "underlying_return"],
  ["RETURN", "negative years", [3, 0.1, 0.8, -1], "#NUM!", "years"],
  ["PATH", "2-D prices", [[[100, 110], [100, 90]], 3], "#VALUE!", "prices"],
  ["PATH", "unknown option", [[[100], [110]], 3, [["fee", 0.01]]], "#VALUE!", "fee"],
  ["PATH", "negative price", [[[100], [-110]], 3], "#NUM!", "prices"],
  ["REBALANCE.TRADE", "text nav", ["lots", 3, 0.1], "#VALUE!", "nav"],
  ["REBALANCE.TRADE", "leverage 0", [100, 0, 0.1], "#NUM!", "leverage"],
  ["REBALANCE.TRADE", "wiped out", [100, 3, -0.5], "#N/A", "underlying_return"],
  ["TURNOVER", "logical volatility", [3, true], "#VALUE!", "volatility"],
  ["TURNOVER", "rebalances_per_year 0", [3, 0.8, 0], "#NUM!", "rebalances_per_year"],
  ["TURNOVER", "overflow", [6, 113, 5.4e-323], "#NUM!", "rebalances_per_year"],
  ["REBALANCE.COST", "range cost_rate", [3, 0.8, [[0.001, 0.002]]], "#VALUE!", "cost_rate"],
  ["REBALANCE.COST", "negative cost_rate", [3, 0.8, -0.001], "#NUM!", "cost_rate"],
  ["BAND.TRIGGERS", "text band_low", [3, "two", 4], "#VALUE!", "band_low"],
  ["BAND.TRIGGERS", "band_low above |leverage|", [3, 4, 5], "#NUM!", "band_low"],
  ["SIMULATE", "unknown option", [3, 0.8, 1, [["path", 100]]], "#VALUE!", "path"],
  ["SIMULATE", "paths not whole", [3, 0.8, 1, [["paths", 10.5]]], "#NUM!", "paths"],
  ["SIMULATE", "years 0", [3, 0.8, 0, [["paths", 10]]], "#NUM!", "years"],
  ["SIMULATE", "overflow", [50, 0, 100, [["drift", 10], ["steps_per_year", 1], ["paths", 3]]], "#N/A", "leverage"],
  ["CPPI.EXPOSURE", "text floor", [100, "eighty", 3], "#VALUE!", "floor"],
  ["CPPI.EXPOSURE", "negative multiplier", [100, 80, -3], "#NUM!", "multiplier"],
  ["CPPI.EXPOSURE", "overflow", [1e308, 0, 1e10], "#N/A", "value"],
  ["CPPI.LEVERAGE", "blank value", ["", 80, 3], "#VALUE!", "value"],
  ["CPPI.LEVERAGE", "value 0", [0, 80, 3], "#NUM!", "value"],
  ["CPPI.PATH", "text in returns", [[[0.1], ["x"]], 3, 0.8], "#VALUE!", "returns"],
  ["CPPI.PATH", "floor_fraction negative", [[[0.1], [0.2]], 3, -0.8], "#NUM!", "floor_fraction"],
  ["CPPI.PATH", "return below -100%", [[[0.1], [-1.5]], 3, 0.8], "#NUM!", "returns"],
  ["CPPI.PATH", "floor overflows", [[[0.1], [0.1], [0.1]], 3, 0.8, [["floor_rate_per_period", 1e200]]], "#N/A", "floor_rate_per_period"],
  ["CPPI.VALUE", "text rate", [100, 80, 3, "r", 0.2, 1, 1.1], "#VALUE!", "rate"],
  ["CPPI.VALUE", "price_ratio 0", [100, 80, 3, 0.02, 0.2, 1, 0], "#NUM!", "price_ratio"],
  ["CPPI.VALUE", "overflow", [100, 80, 500, 0.02, 0.2, 1, 1e10], "#N/A", "price_ratio"],
  ["CPPI.GAPRISK", "range multiplier", [[[3, 4]], 0.2, 0.01], "#VALUE!", "multiplier"],
  ["CPPI.GAPRISK", "negative interval", [3, 0.2, -0.01], "#NUM!", "rebalance_interval_years"],
  ["LIQ.PRICE", "bad side", ["buy", 100, 1, 10], "#VALUE!", "side"],
  ["LIQ.PRICE", "negative entry", ["long", -100, 1, 10], "#NUM!", "entry_price"],
  ["LIQ.PRICE", "over-collateralised", ["long", 100, 1, 200], "#N/A", "over-collateralised"],
  ["LIQ.LEVERAGE", "text leverage", ["long", 100, "ten"], "#VALUE!", "leverage"],
  ["LIQ.LEVERAGE", "leverage 0", ["long", 100, 0], "#NUM!", "leverage"],
  ["LIQ.LEVERAGE", "long at 1x", ["long", 100, 1], "#N/A", "over-collateralised"],
  ["LIQ.INVERSE", "blank contracts", ["long", 100, null, 100, 1], "#VALUE!", "contracts"],
  ["LIQ.INVERSE", "contract_size 0", ["long", 100, 10, 0, 1], "#NUM!", "contract_size"],
  ["LIQ.INVERSE", "short covered", ["short", 100, 100, 1, 100], "#N/A", "over-collateralised"],
  ["LIQ.TIERED", "3-column brackets", ["long", 100, 1, 10, [[0, 1000, 0.004]]], "#VALUE!", "brackets"],
  ["LIQ.TIERED", "overlapping brackets", ["long", 100, 1, 10, [[0, 1000, 0.004, 0], [500, 2000, 0.005, 0]]], "#NUM!", "brackets"],
  ["LIQ.TIERED", "over-collateralised", ["long", 100, 1, 200, [[0, 1000, 0.004, 0]]], "#N/A", "over-collateralised"],
  ["LIQ.CROSS", "bad side cell", [1000, [["up", 1, 100, 100, 0.005, 0]]], "#VALUE!", "positions"],
  ["LIQ.CROSS", "row out of range", [1000, [["long", 1, 100, 100, 0.005, 0]], 2], "#NUM!", "row"],
  ["LIQ.CROSS", "over-collateralised", [1000, [["long", 1, 100, 100, 0.005, 0]]], "#N/A", "over-collateralised"],
  ["LIQ.VENUE", "unknown venue", ["ftx", "long", 100, 1, 10], "#VALUE!", "venue"],
  ["LIQ.VENUE", "negative margin", ["binance", "long", 100, 1, -10], "#NUM!", "margin"],
  ["LIQ.VENUE", "over-collateralised", ["binance", "long", 100, 1, 200], "#N/A", "over-collateralised"],
  ["BANKRUPTCY.PRICE", "text entry", ["long", "hundred", 10], "#VALUE!", "entry_price"],
  ["BANKRUPTCY.PRICE", "leverage 0", ["long", 100, 0], "#NUM!", "leverage"],
  ["BANKRUPTCY.PRICE", "long at 1x", ["long", 100, 1], "#N/A", "leverage"],
  ["LIQ.DISTANCE", "range mark", ["long", [[100], [101]], 90], "#VALUE!", "mark_price"],
  ["LIQ.DISTANCE", "mark 0", ["long", 0, 90], "#NUM!", "mark_price"],
  ["HEALTH", "text threshold", [100, "high", 50], "#VALUE!", "liquidation_threshold"],
  ["HEALTH", "negative debt", [100, 0.8, -1], "#NUM!", "debt_value"],
  ["HEALTH", "no debt", [100, 0.8, 0], "#N/A", "no debt"],
  ["LIQ.LENDING", "blank collateral", [null, 0.8, 50], "#VALUE!", "collateral_quantity"],
  ["LIQ.LENDING", "threshold above 1", [1, 1.5, 50], "#NUM!", "liquidation_threshold"],
  ["LIQ.LENDING", "no debt", [1, 0.8, 0], "#N/A", "no debt"],
  ["CARRY", "text leverage", ["3x"], "#VALUE!", "leverage"],
  ["CARRY", "negative years", [3, -1], "#NUM!", "years"],
  ["FUNDING.PREMIUM", "text index", [100, 101, "idx"], "#VALUE!", "index_price"],
  ["FUNDING.PREMIUM", "bid above ask", [102, 101, 100], "#NUM!", "impact_bid"],
  ["FUNDING.AVERAGE", "blank inside premiums", [[[0.0001], [null]]], "#VALUE!", "premiums"],
  ["FUNDING.AVERAGE", "unknown weighting", [[[0.0001]], "twap"], "#VALUE!", "weighting"],
  ["FUNDING.AVERAGE", "premiums overflow", [[[1e308], [1e308]]], "#NUM!", "premiums"],
  ["FUNDING.RATE", "unknown venue", [0.001, "ftx"], "#VALUE!", "venue"],
  ["FUNDING.RATE", "clamp for dydx", [0.001, "dydx", 1, 0, 0.0005], "#VALUE!", "clamp"],
  ["FUNDING.RATE", "premium as a percentage", [5, "binance"], "#VALUE!", "did you mean 0.05"],
  ["FUNDING.RATE", "interval 0", [0.001, "binance", 0], "#NUM!", "interval_hours"],
  ["FUNDING.RATE", "8-hour interval at an hourly venue", [0.001, "hyperliquid", 8], "#NUM!", "interval_hours"],
  ["FUNDING.RATE", "cap below floor", [0.001, "binance", 8, null, null, -0.01, 0.01], "#NUM!", "cap"],
  ["FUNDING.INTEREST", "text quote rate", ["0.06%", 0.0003], "#VALUE!", "quote_rate_daily"],
  ["FUNDING.INTEREST", "5-hour interval", [0.0006, 0.0003, 5], "#NUM!", "interval_hours"],
  ["FUNDING.CAP", "no cap formula", ["bybit", 0.005], "#VALUE!", "venue"],
  ["FUNDING.CAP", "MMF above IMF", ["dydx", 0.03, 0.05], "#NUM!", "rate2"],
  ["FUNDING.IMPACTNOTIONAL", "IMR as a percentage", [200, 5], "#VALUE!", "did you mean 0.05"],
  ["FUNDING.IMPACTNOTIONAL", "IMR 0", [200, 0], "#NUM!", "initial_margin_rate"],
  ["FUNDING.IMPLIEDPREMIUM", "range rate", [[[0.001, 0.002]]], "#VALUE!", "rate"],
  ["FUNDING.IMPLIEDPREMIUM", "negative clamp", [0.001, 0.0001, -0.0005], "#NUM!", "clamp"],
  ["FUNDING.IMPLIEDPREMIUM", "dead band", [0.0001], "#N/A", "not identifiable"],
  ["FUNDING.ANNUALIZE", "unknown method", [0.0001, 8, "apy"], "#VALUE!", "method"],
  ["FUNDING.ANNUALIZE", "interval 0", [0.0001, 0], "#NUM!", "interval_hours"],
  ["FUNDING.PAYMENT", "blank quantity", [null, 60000, 0.0001], "#VALUE!", "quantity"],
  ["FUNDING.PAYMENT", "price 0", [1, 0, 0.0001], "#NUM!", "price"],
  ["BASIS", "method without days", [61000, 60000, null, "compound"], "#VALUE!", "method"],
  ["BASIS", "days 0", [61000, 60000, 0], "#NUM!", "days"],
  ["RATE.AAVE", "utilization as a percentage", [80, 0.9, 0, 0.027, 0.8], "#VALUE!", "did you mean 0.8 (80%)"],
  ["RATE.AAVE", "optimal 1", [0.5, 1, 0, 0.027, 0.8], "#NUM!", "optimal"],
  ["RATE.COMET", "unknown text slope", [0.5, 0.8, 0, "low", 0.4], "#VALUE!", "slope_low"],
  ["RATE.COMET", "negative base", [0.5, 0.8, -0.01, 0.035, 0.25], "#NUM!", "base"],
  ["APY", "text apr", ["5%"], "#VALUE!", "apr"],
  ["APY", "apr below -periods_per_year", [-0.5, 0.4], "#NUM!", "apr"],
  ["APR", "periods 0", [0.05, 0], "#NUM!", "periods_per_year"],
  ["APR", "logical apy", [true], "#VALUE!", "apy"],
  ["LOOP.LEVERAGE", "blank-cell loops", [0.93, 0], "#VALUE!", "loops"],
  ["LOOP.LEVERAGE", "ltv 1", [1], "#NUM!", "ltv"],
  ["LOOP.APY", "text leverage", ["10x", 0.029, 0.025], "#VALUE!", "leverage"],
  ["LOOP.APY", "leverage below 1", [0.5, 0.029, 0.025], "#NUM!", "leverage"],
  ["LOOP.HEALTH", "price where a ratio belongs", [10, 0.95, 3000], "#VALUE!", "price_ratio"],
  ["LOOP.HEALTH", "threshold above 1", [10, 1.5], "#NUM!", "liquidation_threshold"],
  ["LOOP.HEALTH", "no debt", [1, 0.95], "#N/A", "no debt"],
  ["LOOP.LIQRATIO", "threshold as a percentage", [10, 95], "#VALUE!", "did you mean 0.95"],
  ["LOOP.LIQRATIO", "threshold 0", [10, 0], "#NUM!", "liquidation_threshold"],
  ["LOOP.LIQRATIO", "no debt", [1, 0.95], "#N/A", "no debt"],
  ["LOOP.RUNWAY", "blank health factor", ["", 0.029, 0.035], "#VALUE!", "health_factor"],
  ["LOOP.RUNWAY", "health factor 0", [0, 0.029, 0.035], "#NUM!", "health_factor"],
  ["LOOP.RUNWAY", "positive carry", [1.2, 0.04, 0.03], "#N/A", "carry never liquidates"],
  ["HEALTH", "thresholds and collaterals of different lengths", [[[100], [50]], [[0.8], [0.7], [0.6]], 50], "#VALUE!", "liquidation_threshold"],
  ["HEALTH", "negative collateral in a range", [[[100], [-50]], 0.8, 50], "#NUM!", "collateral_value"],
  ["VOL", "text in prices", [[[100], ["x"], [99]]], "#VALUE!", "prices"],
  ["VOL", "negative price", [[[100], [-101], [99]]], "#NUM!", "prices"],
  ["VOL", "two prices", [[[100], [101]]], "#N/A", "prices"],
  ["SHARPE", "2-D returns", [[[0.01, 0.02], [0.03, 0.04]]], "#VALUE!", "returns"],
  ["SHARPE", "negative periods_per_year", [[[0.01], [0.02]], 0, -12], "#NUM!", "periods_per_year"],
  ["SHARPE", "equal returns", [[[0.01], [0.01]]], "#N/A", "returns"],
  ["SORTINO", "target as a percentage", [[[0.01], [-0.02]], 5], "#VALUE!", "did you mean 0.05"],
  ["SORTINO", "negative periods_per_year", [[[0.01], [-0.02]], 0, -1], "#NUM!", "periods_per_year"],
  ["SORTINO", "no return below target", [[[0.01], [0.02]]], "#N/A", "target_per_period"],
  ["MAXDD", "blank in values", [[[100], [null], [90]]], "#VALUE!", "values"],
  ["MAXDD", "recovery from 0", [[[100], [0], [90]]], "#NUM!", "values"],
  ["CALMAR", "blank periods_per_year", [[[100], [90], [120]], null], "#VALUE!", "periods_per_year"],
  ["CALMAR", "periods_per_year 0", [[[100], [90], [120]], 0], "#NUM!", "periods_per_year"],
  ["CALMAR", "no drawdown", [[[100], [110], [120]], 1], "#N/A", "no drawdown"],
  ["PERF", "blank-cell periods_per_year", [[[100], [90], [120]], 0], "#VALUE!", "periods_per_year"],
  ["PERF", "negative value", [[[100], [-90], [120]]], "#NUM!", "values"],
  ["PERF", "two values", [[[100], [90]]], "#N/A", "values"],
  ["ROE", "text leverage", [0.05, "10x"], "#VALUE!", "leverage"],
  ["ROE", "leverage 0", [0.05, 0], "#NUM!", "leverage"],
  ["ROE", "overflow", [1, 1e308, 0, -1], "#N/A", "leverage"],
  ["LEVADJ", "durations of another length", [0.36, [[2], [3]], [[1]]], "#VALUE!", "durations"],
  ["LEVADJ", "negative duration", [0.36, [[2], [3]], [[1], [-1]]], "#NUM!", "durations"],
  ["LEVADJ", "no exposure", [0.36, [[0], [0]]], "#N/A", "leverages"],
  ["KELLY", "volatility as a percentage", [0.1, 0.04, 20], "#VALUE!", "did you mean 0.2"],
  ["KELLY", "volatility 0", [0.1, 0.04, 0], "#NUM!", "volatility"],
  ["KELLY", "vanishing volatility", [4, 0, 1e-160], "#N/A", "volatility"],
  ["GROWTH", "drift as a percentage", [2, 10, 0.04, 0.2], "#VALUE!", "did you mean 0.1"],
  ["GROWTH", "negative volatility", [2, 0.1, 0.04, -0.2], "#NUM!", "volatility"],
  ["GROWTH", "overflow", [1e200, 0.1, 0.04, 1], "#N/A", "leverage"],
  ["KELLY.RUIN", "kelly_fraction as a percentage", [50, 0.5], "#VALUE!", "did you mean 0.5"],
  ["KELLY.RUIN", "wealth_fraction above 1", [0.5, 1.5], "#NUM!", "wealth_fraction"],
];

/**
 * Functions without a #N/A case here: they have no #N/A outcome (every bad input is #VALUE!/#NUM!), or
 * (CPPI.GAPRISK) only numerical-overflow #N/A at extreme inputs, which the fuzz reaches and checks.
 */
const NO_NA = new Set([
  "DECAY",
  "RETURN",
  "PATH",
  "TURNOVER",
  "REBALANCE.COST",
  "BAND.TRIGGERS",
  "CPPI.LEVERAGE",
  "CPPI.GAPRISK",
  "LIQ.DISTANCE",
  "CARRY",
  // no #N/A outcome: every bad input is #VALUE!/#NUM!
  "FUNDING.PREMIUM",
  "FUNDING.AVERAGE",
  "FUNDING.RATE",
  "FUNDING.INTEREST",
  "FUNDING.CAP",
  "FUNDING.IMPACTNOTIONAL",
  "FUNDING.ANNUALIZE",
  "FUNDING.PAYMENT",
  "BASIS",
  "RATE.AAVE",
  "RATE.COMET",
  "APY",
  "APR",
  "LOOP.LEVERAGE",
  "LOOP.APY",
  // leverage-adjusted performance: no #N/A outcome (a series always has the one value MAXDD needs)
  "MAXDD",
  "KELLY.RUIN",
]);

describe("hardening: known-answer errors, one per class per function, naming the argument", () => {
  for (const [id, what, args, code, mention] of CASES) {
    it(`LEV.${id}: ${what} → ${code} naming "${mention}"`, () => {
      const o = evaluate(id, args);
      assert.ok(!o.ok, `expected ${code}, got the value ${JSON.stringify(o)}`);
      assert.equal(o.code, code, o.message);
      assert.ok(o.message.includes(mention), `"${o.message}" should name ${mention}`);
    });
  }

  it("every function has a #VALUE! and a #NUM! case, and a #N/A case unless it has no #N/A outcome", () => {
    for (const f of FUNCTIONS) {
      const codes = new Set(CASES.filter((c) => c[0] === f.id).map((c) => c[3]));
      assert.ok(
        codes.has("#VALUE!") && codes.has("#NUM!"),
        `LEV.${f.id}: ${[...codes].join(", ")}`
      );
      if (!NO_NA.has(f.id)) assert.ok(codes.has("#N/A"), `LEV.${f.id} has no #N/A case`);
    }
  });
});
