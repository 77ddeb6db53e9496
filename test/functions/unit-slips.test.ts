/**
 * Unit slips (issue #14): formulas an analyst types with a value in the wrong units, a blank cell, arguments
 * swapped or prices where returns belong, evaluated through the formula evaluator as Excel on Windows/Mac
 * would run them (an empty cell arrives as 0). Each returns an error whose message names the likely slip —
 * "did you mean 0.8 (80%)?", "an empty cell as 0", "add the option …" — or a number the docs justify.
 * The plausible ranges are the declarations' (functions/declarations/plausible.ts); the cross-argument
 * checks are the engine's (test/engine/slips.test.ts).
 */
import { strict as assert } from "node:assert";
import { FormulaEvaluator, type JsonResult } from "../../scripts/hf/evaluator";

type Slip = [formula: string, code: "#VALUE!" | "#NUM!" | "#N/A", names: RegExp];

const BRACKETS = "{0,50000,0.004,0;50000,250000,0.005,50;250000,1000000,0.01,1300}";
const DID_YOU_MEAN = (x: string) => new RegExp(`did you mean ${x.replace(/[.()/]/g, "\\$&")}`);
const EMPTY_CELL = /is 0.*Excel on Windows and Mac passes an empty cell as 0/;
const LAE = /^liquidated at entry: /;

// A1 is an empty cell: on Excel desktop it arrives as 0.
// prettier-ignore
const SLIPS: Slip[] = [
  // LEV.DECAY
  ["=LEV.DECAY(3,80)", "#VALUE!", DID_YOU_MEAN("0.8 (80%)")],
  ["=LEV.DECAY(300,0.8)", "#VALUE!", /leverage is 300, outside the plausible range -125 to 125/],
  ["=LEV.DECAY(3,0.8,A1)", "#VALUE!", EMPTY_CELL],
  ["=LEV.DECAY(3,0.8,365)", "#VALUE!", DID_YOU_MEAN("1 (365 days)")],
  ["=LEV.DECAY(3,0.8,1,2)", "#VALUE!", /fee_rate is 2 .*did you mean 0\.02 \(2%\)/],
  ["=LEV.DECAY(3,0.8,1,0,5)", "#VALUE!", /financing_rate is 5 .*did you mean 0\.05 \(5%\)/],
  ["=LEV.DECAY(3,0.8,1,0,0,10)", "#VALUE!", /funding_rate is 10 .*did you mean 0\.1 \(10%\)/],
  // LEV.RETURN
  ["=LEV.RETURN(2,150,0.25)", "#VALUE!", /underlying_return is 150 .*did you mean 1\.5 \(150%\)/],
  ["=LEV.RETURN(2,0.1,25)", "#VALUE!", /volatility is 25 .*did you mean 0\.25 \(25%\)/],
  ["=LEV.RETURN(2,0.1,0.25,A1)", "#VALUE!", EMPTY_CELL],
  // LEV.PATH
  ["=LEV.PATH({100;110;100},300)", "#VALUE!", /leverage is 300, outside the plausible range/],
  ["=LEV.PATH({100;110;100},-300)", "#VALUE!", /leverage is -300/],
  // LEV.REBALANCE.TRADE
  ["=LEV.REBALANCE.TRADE(200,3,5)", "#VALUE!", /underlying_return is 5 .*did you mean 0\.05 \(5%\)/],
  ["=LEV.REBALANCE.TRADE(200,300,0.05)", "#VALUE!", /leverage is 300/],
  // LEV.TURNOVER
  ["=LEV.TURNOVER(3,80)", "#VALUE!", DID_YOU_MEAN("0.8 (80%)")],
  ["=LEV.TURNOVER(3,0.8,1/365)", "#VALUE!", /rebalances_per_year is 0\.0027397260274 .*did you mean 1\/0\.00273973 = 365\?/],
  ["=LEV.TURNOVER(3,0.8,A1)", "#VALUE!", EMPTY_CELL],
  // LEV.REBALANCE.COST
  ["=LEV.REBALANCE.COST(3,0.8,10)", "#VALUE!", /cost_rate is 10 .*did you mean 0\.1 \(10%\) or 0\.001 \(10 bp\)\?/],
  ["=LEV.REBALANCE.COST(3,0.8,0.001,365,A1)", "#VALUE!", EMPTY_CELL],
  ["=LEV.REBALANCE.COST(3,0.8,0.001,1/365)", "#VALUE!", /did you mean 1\/0\.00273973 = 365\?/],
  ["=LEV.REBALANCE.COST(3,80,0.001)", "#VALUE!", DID_YOU_MEAN("0.8 (80%)")],
  // LEV.BAND.TRIGGERS
  ["=LEV.BAND.TRIGGERS(-3,2,-4)", "#VALUE!", /opposite signs: for a short product .*magnitudes .*or both as signed leverages/],
  ["=LEV.BAND.TRIGGERS(3,200,400)", "#VALUE!", /band_low is 200, outside the plausible range/],
  // LEV.SIMULATE
  ['=LEV.SIMULATE(3,80,1,{"paths",10})', "#VALUE!", DID_YOU_MEAN("0.8 (80%)")],
  ['=LEV.SIMULATE(3,0.8,365,{"paths",10})', "#VALUE!", DID_YOU_MEAN("1 (365 days)")],
  // LEV.CPPI.EXPOSURE
  ["=LEV.CPPI.EXPOSURE(100000,0.9,5)", "#VALUE!", /floor is 0\.9 with value 100000: .*did you mean 0\.9 × value = 90000\?/],
  ["=LEV.CPPI.EXPOSURE(100000,90000,5,A1)", "#VALUE!", EMPTY_CELL],
  ["=LEV.CPPI.EXPOSURE(100000,90000,500)", "#VALUE!", /multiplier is 500, outside the plausible range 0 to 50/],
  // LEV.CPPI.LEVERAGE
  ["=LEV.CPPI.LEVERAGE(100,0.7,4)", "#VALUE!", /did you mean 0\.7 × value = 70\?/],
  ["=LEV.CPPI.LEVERAGE(100,70,4,150)", "#VALUE!", /max_leverage is 150 .*did you mean 1\.5 \(150%\)/],
  // LEV.CPPI.PATH
  ["=LEV.CPPI.PATH({0.1;-0.05},3,80)", "#VALUE!", /floor_fraction is 80 .*did you mean 0\.8 \(80%\)/],
  ["=LEV.CPPI.PATH({100;110;105},3,0.8)", "#VALUE!", /those are prices, not per-period returns .*add the option "input","prices"/],
  ["=LEV.CPPI.PATH({0.1;-0.05},300,0.8)", "#VALUE!", /multiplier is 300/],
  // LEV.CPPI.VALUE
  ["=LEV.CPPI.VALUE(100,90,5,5,0.2,1,1.2)", "#VALUE!", /rate is 5 .*did you mean 0\.05 \(5%\)/],
  ["=LEV.CPPI.VALUE(100,90,5,0.05,20,1,1.2)", "#VALUE!", /volatility is 20 .*did you mean 0\.2 \(20%\)/],
  ["=LEV.CPPI.VALUE(100,90,5,0.05,0.2,1,120)", "#VALUE!", /price_ratio is 120 .*did you mean 1\.2 \(120%\)/],
  ["=LEV.CPPI.VALUE(100,0.9,5,0.05,0.2,1,1.2)", "#VALUE!", /did you mean 0\.9 × value = 90\?/],
  // LEV.CPPI.GAPRISK
  ["=LEV.CPPI.GAPRISK(5,0.8,252,1)", "#VALUE!", /rebalance_interval_years is 252 .*did you mean 1\/252 = 0\.00396825\?/],
  ["=LEV.CPPI.GAPRISK(5,0.8,0.5,0.25)", "#VALUE!", /rebalance_interval_years 0\.5 is longer than the horizon years 0\.25/],
  ["=LEV.CPPI.GAPRISK(5,80,1/252)", "#VALUE!", DID_YOU_MEAN("0.8 (80%)")],
  ["=LEV.CPPI.GAPRISK(5,0.8,1/252,A1)", "#VALUE!", EMPTY_CELL],
  ["=LEV.CPPI.GAPRISK(5,0.8,1/252,1,10)", "#VALUE!", /drift is 10 .*did you mean 0\.1 \(10%\)/],
  // LEV.LIQ.PRICE
  ['=LEV.LIQ.PRICE("long",60000,1,6000,0.5)', "#N/A", /liquidated at entry: .*did you mean maintenance_rate 0\.005 \(0\.5%\)\?/],
  ['=LEV.LIQ.PRICE("short",60000,1,6000,0.5)', "#N/A", /liquidated at entry: .*did you mean maintenance_rate 0\.005/],
  ['=LEV.LIQ.PRICE("long",60000,1,0)', "#N/A", /liquidated at entry: .*margin is 0: Excel on Windows and Mac passes an empty cell as 0/],
  ['=LEV.LIQ.PRICE("long",60000,1,A1)', "#N/A", /margin is 0: .*empty cell as 0/],
  ['=LEV.LIQ.PRICE("long",60000,1,10)', "#N/A", /if 10 is the leverage, the margin is quantity × entry_price \/ 10 = 6000/],
  ['=LEV.LIQ.PRICE("long",100,1,10,A1)', "#VALUE!", EMPTY_CELL],
  ['=LEV.LIQ.PRICE("long",100,-1,10)', "#VALUE!", /quantity is -1 but side is long: a negative size means a short/],
  ['=LEV.LIQ.PRICE("long",100,1,10,0.005,0,5)', "#VALUE!", /close_fee_rate is 5 .*did you mean 0\.05 \(5%\) or 0\.0005 \(5 bp\)\?/],
  ['=LEV.LIQ.PRICE("long",100,1,10,5)', "#VALUE!", /maintenance_rate is 5 .*did you mean 0\.05 \(5%\)/],
  // LEV.LIQ.LEVERAGE
  ['=LEV.LIQ.LEVERAGE("long",60000,10,0.4)', "#N/A", /liquidated at entry: .*1\/leverage = 0\.1 .*did you mean maintenance_rate 0\.004 \(0\.4%\)\?/],
  ['=LEV.LIQ.LEVERAGE("short",60000,10,0.4)', "#N/A", LAE],
  ['=LEV.LIQ.LEVERAGE("long",60000,10,A1)', "#VALUE!", EMPTY_CELL],
  ['=LEV.LIQ.LEVERAGE("long",60000,5000)', "#VALUE!", /leverage is 5000, outside the plausible range/],
  // LEV.LIQ.INVERSE
  ['=LEV.LIQ.INVERSE("long",50000,100,100,0)', "#N/A", /liquidated at entry: margin_coin 0 .*empty cell as 0/],
  ['=LEV.LIQ.INVERSE("long",50000,-100,100,0.02)', "#VALUE!", /contracts is -100 but side is long/],
  ['=LEV.LIQ.INVERSE("long",50000,100,100,0.02,A1)', "#VALUE!", EMPTY_CELL],
  // LEV.LIQ.TIERED
  [`=LEV.LIQ.TIERED("long",30000,10,1000,${BRACKETS})`, "#N/A", /liquidated at entry: margin 1000 .*brackets row 3/],
  [`=LEV.LIQ.TIERED("long",30000,10,30000,${BRACKETS},5)`, "#VALUE!", /close_fee_rate is 5 .*did you mean 0\.05 \(5%\) or 0\.0005 \(5 bp\)\?/],
  [`=LEV.LIQ.TIERED("long",30000,-10,30000,${BRACKETS})`, "#VALUE!", /quantity is -10 but side is long/],
  // LEV.LIQ.CROSS
  ['=LEV.LIQ.CROSS(20,{"long",-1,100,100,0.005,0})', "#VALUE!", /positions row 1 quantity is -1 but side is long/],
  ['=LEV.LIQ.CROSS(20,{"long",1,100,100,0.005,0},A1)', "#VALUE!", EMPTY_CELL],
  ['=LEV.LIQ.CROSS(0,{"long",1,100,100,0.005,0})', "#N/A", /liquidated at entry: .*wallet_balance is 0: .*empty cell as 0/],
  ['=LEV.LIQ.CROSS(1,{"long",1,100,100,5,0})', "#NUM!", /maintenance rate must be ≥ 0 and < 1/],
  // LEV.LIQ.VENUE
  ['=LEV.LIQ.VENUE("binance","long",60000,1,6000,0.5)', "#N/A", /liquidated at entry: .*did you mean rate 0\.005 \(0\.5%\)\?/],
  ['=LEV.LIQ.VENUE("binance","long",100,1,10,1.5)', "#VALUE!", /rate is 1\.5 for venue "binance", a maintenance rate .*did you mean 0\.015 \(1\.5%\)\?/],
  ['=LEV.LIQ.VENUE("hyperliquid","long",100,1,10,0.02)', "#VALUE!", /max leverage .*did you mean 25/],
  ['=LEV.LIQ.VENUE("bybit","long",100,1,10,A1)', "#VALUE!", EMPTY_CELL],
  ['=LEV.LIQ.VENUE("okx","long",100,1,0.01)', "#N/A", /liquidated at entry: .*okx: close_fee_rate 0\.0005 when left out/],
  ['=LEV.LIQ.VENUE("binance","long",100,-1,10)', "#VALUE!", /quantity is -1 but side is long/],
  // LEV.BANKRUPTCY.PRICE
  ['=LEV.BANKRUPTCY.PRICE("long",100,5000)', "#VALUE!", /leverage is 5000, outside the plausible range/],
  ["=LEV.BANKRUPTCY.PRICE(A1,100,10)", "#VALUE!", /side is 0: .*empty cell as 0/],
  // LEV.LIQ.DISTANCE
  ['=LEV.LIQ.DISTANCE("long",100,110)', "#N/A", /past liquidation: a long's mark_price 100 is already below its liquidation_price 110, .*order of the arguments/],
  ['=LEV.LIQ.DISTANCE("short",110,100)', "#N/A", /past liquidation: a short's mark_price 110 is already above/],
  // LEV.HEALTH
  ["=LEV.HEALTH(10000,80,6000)", "#VALUE!", /liquidation_threshold is 80 .*did you mean 0\.8 \(80%\)\?/],
  ["=LEV.HEALTH(10000,1.5,6000)", "#VALUE!", /did you mean 1\/1\.5 = 0\.666667 \(a Maker liquidation ratio of 150%\)/],
  // LEV.LIQ.LENDING
  ["=LEV.LIQ.LENDING(10,1.5,1000)", "#VALUE!", /did you mean 1\/1\.5 = 0\.666667/],
  ["=LEV.LIQ.LENDING(10,82.5,1000)", "#VALUE!", /did you mean 0\.825 \(82\.5%\)\?/],
  // LEV.CARRY
  ["=LEV.CARRY(3,1,5,10,1)", "#VALUE!", /borrow_rate is 5 .*did you mean 0\.05 \(5%\)\?/],
  ["=LEV.CARRY(3,A1)", "#VALUE!", EMPTY_CELL],
  ["=LEV.CARRY(3,1,0,10)", "#VALUE!", /funding_rate is 10 .*did you mean 0\.1 \(10%\)\?/],
  ["=LEV.CARRY(3,1,0,0,2)", "#VALUE!", /fee_rate is 2 .*did you mean 0\.02 \(2%\)\?/],
  ["=LEV.CARRY(3000)", "#VALUE!", /leverage is 3000, outside the plausible range/],
];

/** Part 1's 24 functions: every one has slips in the list. */
const PART1 = [
  "DECAY",
  "RETURN",
  "PATH",
  "REBALANCE.TRADE",
  "TURNOVER",
  "REBALANCE.COST",
  "BAND.TRIGGERS",
  "SIMULATE",
  "CPPI.EXPOSURE",
  "CPPI.LEVERAGE",
  "CPPI.PATH",
  "CPPI.VALUE",
  "CPPI.GAPRISK",
  "LIQ.PRICE",
  "LIQ.LEVERAGE",
  "LIQ.INVERSE",
  "LIQ.TIERED",
  "LIQ.CROSS",
  "LIQ.VENUE",
  "BANKRUPTCY.PRICE",
  "LIQ.DISTANCE",
  "HEALTH",
  "LIQ.LENDING",
  "CARRY",
];

function errorOf(v: JsonResult): { error: string; message: string } {
  assert.ok(
    v !== null && typeof v === "object" && !Array.isArray(v),
    `expected an error, got ${JSON.stringify(v)}`
  );
  return v as { error: string; message: string };
}

describe(`unit slips through the formula evaluator, as Excel on Windows/Mac runs them (${SLIPS.length} formulas, issue #14)`, () => {
  const ev = new FormulaEvaluator([[null]]);
  after(() => ev.destroy());

  for (const [formula, code, names] of SLIPS) {
    it(`${formula} → ${code} naming the slip`, () => {
      const e = errorOf(ev.evaluate(formula));
      assert.equal(e.error, code, e.message);
      assert.match(e.message, names);
    });
  }

  it("the list has at least 60 formulas and covers every Part 1 function", () => {
    assert.ok(SLIPS.length >= 60, `${SLIPS.length}`);
    for (const id of PART1)
      assert.ok(
        SLIPS.some(([f]) => f.startsWith(`=LEV.${id}(`)),
        `no slip for LEV.${id}`
      );
  });

  it("the same formulas with the units the messages suggest return numbers (the hint is a real fix)", () => {
    for (const f of [
      "=LEV.DECAY(3,0.8)",
      "=LEV.REBALANCE.COST(3,0.8,0.001)",
      "=LEV.CARRY(3,1,0.05,0.1,0.01)",
      "=LEV.CPPI.GAPRISK(5,0.8,1/252,1)",
      '=LEV.LIQ.PRICE("long",60000,1,6000,0.005)',
      '=LEV.LIQ.LEVERAGE("long",60000,10,0.004)',
      '=LEV.LIQ.DISTANCE("long",110,100)',
      "=LEV.HEALTH(10000,0.8,6000)",
      "=LEV.LIQ.LENDING(10,1/1.5,1000)",
      "=LEV.CPPI.EXPOSURE(100000,90000,5)",
    ])
      assert.equal(typeof ev.evaluate(f), "number", f);
    const prices = ev.evaluate('=LEV.CPPI.PATH({100;110;105},3,0.8,{"input","prices"})');
    assert.ok(Array.isArray(prices) && prices.length === 3);
  });

  it("numbers the docs justify: =LEV.DECAY(-3,0,1,0,0.05) and =LEV.CARRY(-3,1,0.05) carry the same financing (one convention: paid on the borrowed part)", () => {
    const d = ev.evaluate("=LEV.DECAY(-3,0,1,0,0.05)") as number;
    const c = ev.evaluate("=LEV.CARRY(-3,1,0.05)") as number;
    assert.equal(d.toFixed(4), "-0.1393");
    assert.ok(Math.abs(d + c) < 1e-15);
  });

  it("numbers the docs justify: a short product's band in natural signs is the band of magnitudes", () => {
    assert.deepEqual(
      ev.evaluate("=LEV.BAND.TRIGGERS(-3,-4,-2)"),
      ev.evaluate("=LEV.BAND.TRIGGERS(-3,2,4)")
    );
  });

  it('side "buy"/"sell" and a negative quantity that agrees with side are accepted', () => {
    assert.equal(
      ev.evaluate('=LEV.LIQ.PRICE("sell",10,-1,2,0.01,0.01)'),
      ev.evaluate('=LEV.LIQ.PRICE("short",10,1,2,0.01,0.01)')
    );
    assert.equal(
      ev.evaluate('=LEV.LIQ.PRICE("BUY",10,1,2,0.01,0.01)'),
      ev.evaluate('=LEV.LIQ.PRICE("long",10,1,2,0.01,0.01)')
    );
  });
});
