/**
 * Worked examples for the reference (docs/functions.md), one table for every LEV function. Values are not
 * written here: scripts/gen-docs.ts computes them with the formula evaluator, and test/functions/docs.test.ts
 * re-evaluates every example and checks those with a published `expected` value against it (within
 * `tolerance`), so the reference cannot drift. Sources are the project's reference vectors
 * (vectors.md: lt = leveraged tokens, cppi, liq = liquidation) and the publications they cite.
 */
export interface Example {
  formula: string;
  /** What the example shows (one line). */
  note: string;
  /** A published number the result (or the cell `cell` of a spill) must match. */
  expected?: number;
  tolerance?: number;
  /** [row, column] of the spilled cell compared with `expected` (0-based, header row included). */
  cell?: [number, number];
  /** Where `expected` comes from. */
  source?: string;
  /** The example demonstrates an error value. */
  error?: "#VALUE!" | "#NUM!" | "#N/A";
}

export const EXAMPLES: Readonly<Record<string, readonly Example[]>> = {
  DECAY: [
    {
      formula: "=LEV.DECAY(3,0.8,1)",
      note: "3x product, 80% volatility, one year, underlying flat",
      expected: -0.8534,
      tolerance: 5e-5,
      source: "vectors.md lt#38 (Avellaneda–Zhang)",
    },
    { formula: "=LEV.DECAY(0,0.8)", note: "leverage 0 is out of domain", error: "#NUM!" },
  ],
  RETURN: [
    {
      formula: "=LEV.RETURN(2,0,0.25,1)",
      note: "2x daily-reset fund, index flat, 25% volatility",
      expected: -0.061,
      tolerance: 5e-4,
      source: "vectors.md lt#33 (Direxion prospectus table, SEC 1424958)",
    },
  ],
  PATH: [
    {
      formula: "=LEV.PATH({10000;11000;10000},3)",
      note: "3x token, BTC 10k → 11k → 10k: NAV ends at 0.945454 (−5.4545%)",
      expected: 0.9454545454545455,
      tolerance: 1e-12,
      cell: [3, 1],
      source: "vectors.md lt#1 (FTX Leveraged Token FAQ)",
    },
    {
      formula: '=LEV.PATH({100;110;100},3,{"cost_rate",0.001;"headers",FALSE})',
      note: "10 bp cost on traded notional, no header row",
    },
    {
      formula:
        '=LEV.PATH({100;90;85;120},3,{"rebalance","band";"band_low",2;"band_high",4;"status",TRUE})',
      note: "band 2–4 with the status column: which days rebalanced",
    },
    {
      formula: "=LEV.PATH({100,110;99,101},3)",
      note: "a 2-D block is not a series",
      error: "#VALUE!",
    },
  ],
  "REBALANCE.TRADE": [
    {
      formula: "=LEV.REBALANCE.TRADE(200,3,0.05)",
      note: "NAV 200, 3x, underlying +5%: buy 60",
      expected: 60,
      tolerance: 1e-9,
      source: "vectors.md lt#15 (Poloniex FTX page; Cheng–Madhavan)",
    },
  ],
  TURNOVER: [
    {
      formula: "=LEV.TURNOVER(3,0.8,365)",
      note: "3x, 80% volatility, daily rebalancing",
      expected: 0.2005,
      tolerance: 5e-4,
      source: "vectors.md lt#42",
    },
  ],
  "REBALANCE.COST": [
    {
      formula: "=LEV.REBALANCE.COST(3,0.8,0.0007,365,1)",
      note: "7 bp per unit traded, daily, one year",
      expected: 0.0512,
      tolerance: 5e-4,
      source: "vectors.md lt#43",
    },
  ],
  "BAND.TRIGGERS": [
    {
      formula: "=LEV.BAND.TRIGGERS(3,2,4)",
      note: "3x token rebalancing at 4x or 2x: 4x is reached after −11.11%",
      expected: 8 / 9 - 1,
      tolerance: 1e-12,
      cell: [1, 0],
      source: "vectors.md lt#19 (FTX rebalance page, S/S₀ = 8/9)",
    },
  ],
  SIMULATE: [
    {
      formula: '=LEV.SIMULATE(3,0.8,1,{"paths",2000;"steps_per_year",252;"seed",7})',
      note: "distribution of the NAV ratio of a 3x product over one year (2,000 seeded paths)",
    },
  ],
  "CPPI.EXPOSURE": [
    {
      formula: "=LEV.CPPI.EXPOSURE(100000,90000,5)",
      note: "V 100,000, floor 90,000, m 5",
      expected: 50000,
      tolerance: 1e-9,
      source: "vectors.md cppi#1 (Investopedia, CPPI)",
    },
  ],
  "CPPI.LEVERAGE": [
    {
      formula: "=LEV.CPPI.LEVERAGE(100,70,4)",
      note: "V 100, floor 70, m 4, no cap",
      expected: 1.2,
      tolerance: 1e-12,
      source: "vectors.md cppi#5",
    },
  ],
  "CPPI.PATH": [
    {
      formula: '=LEV.CPPI.PATH({0.1;-0.05;-0.2;0.15;0.05},3,0.8,{"safe_rate_per_period",0.0025})',
      note: "EDHEC run_cppi example: final wealth 953.04",
      expected: 953.0405251194,
      tolerance: 1e-6,
      cell: [5, 8],
      source: "vectors.md cppi#10 (EDHEC run_cppi)",
    },
  ],
  "CPPI.VALUE": [
    {
      formula: "=LEV.CPPI.VALUE(100,90,5,0.05,0.2,1,1.2)",
      note: "closed form, risky asset +20% over one year",
      expected: 108.2705883771,
      tolerance: 1e-8,
      source: "vectors.md cppi#26 (Bertrand–Prigent)",
    },
  ],
  "CPPI.GAPRISK": [
    {
      formula: "=LEV.CPPI.GAPRISK(5,0.8,1/252,1)",
      note: "m 5, 80% volatility, daily rebalancing, one year",
    },
  ],
  "LIQ.PRICE": [
    {
      formula: '=LEV.LIQ.PRICE("short",10,1,2,0.01,0.01)',
      note: "Binance isolated short, entry 10, 5x, MMR 1%, maintenance amount 0.01",
      expected: 11.8910891,
      tolerance: 1e-6,
      source: "vectors.md liq#5 (freqtrade test_get_liquidation_price)",
    },
    {
      formula: '=LEV.LIQ.PRICE("sideways",10,1,2)',
      note: "side must be long/short/1/−1",
      error: "#VALUE!",
    },
  ],
  "LIQ.LEVERAGE": [
    {
      formula: '=LEV.LIQ.LEVERAGE("long",20000,50,0.005)',
      note: "1 BTC at 20,000, 50x, MMR 0.5%, MM valued at the liquidation price",
      expected: 19698.49,
      tolerance: 0.01,
      source: "vectors.md liq#61",
    },
  ],
  "LIQ.INVERSE": [
    {
      formula: '=LEV.LIQ.INVERSE("long",50000,100,100,0.02)',
      note: "100 contracts of 100 USD at 50,000, 0.02 BTC margin",
    },
  ],
  "LIQ.TIERED": [
    {
      formula:
        '=LEV.LIQ.TIERED("long",30000,10,30000,{0,50000,0.004,0;50000,250000,0.005,50;250000,1000000,0.01,1300})',
      note: "10 BTC at 30,000 with 30,000 margin; three Binance-style brackets",
    },
  ],
  "LIQ.CROSS": [
    {
      formula: '=LEV.LIQ.CROSS(20,{"long",1,100,100,0.005,0;"short",2,50,50,0.005,0},1)',
      note: "wallet 20, a long of 1 at 100 and a short of 2 at 50 (at mark): price of the long",
      expected: 80.5 / 0.995,
      tolerance: 1e-9,
      source: "by hand: 20 + (P − 100) = 0.005·P + 0.005·2·50",
    },
    {
      formula: '=LEV.LIQ.CROSS(1000,{"long",1,100,100,0.005,0},1)',
      note: "a wallet that covers a fall to 0 has no liquidation price",
      error: "#N/A",
    },
  ],
  "LIQ.VENUE": [
    {
      formula: '=LEV.LIQ.VENUE("bybit","long",20000,1,400,0.005)',
      note: "Bybit, 1 BTC at 20,000, 50x (IM 400), MM valued at entry",
      expected: 19700,
      tolerance: 1e-6,
      source: "vectors.md liq#20 (Bybit liquidation price, USDT contract)",
    },
    {
      formula: '=LEV.LIQ.VENUE("hyperliquid","long",62739,0.00077,24.137992,50)',
      note: "Hyperliquid, max leverage 50",
      expected: 31708.0384,
      tolerance: 1e-3,
      source: "vectors.md liq#38 (freqtrade test_hyperliquid.py)",
    },
  ],
  "BANKRUPTCY.PRICE": [
    {
      formula: '=LEV.BANKRUPTCY.PRICE("long",100,10)',
      note: "10x long from 100: equity is zero at 90",
      expected: 90,
      tolerance: 1e-9,
      source: "definition: E·(1 − 1/leverage)",
    },
  ],
  "LIQ.DISTANCE": [
    { formula: '=LEV.LIQ.DISTANCE("long",100,90)', note: "mark 100, liquidation 90: a 10% fall" },
  ],
  HEALTH: [
    {
      formula: "=LEV.HEALTH(10000,0.8,6000)",
      note: "Aave: 10,000 of ETH, LT 80%, debt 6,000",
      expected: 4 / 3,
      tolerance: 1e-9,
      source: "vectors.md liq#52 (aave.com/docs/developers/liquidations)",
    },
  ],
  "LIQ.LENDING": [
    {
      formula: "=LEV.LIQ.LENDING(10,1/1.5,1000)",
      note: "Maker vault: 10 ETH, 1,000 DAI, liquidation ratio 150%",
      expected: 150,
      tolerance: 1e-9,
      source: "vectors.md liq#59 (makerdao community faqs/liquidation.md)",
    },
  ],
  CARRY: [
    {
      formula: "=LEV.CARRY(3,1,0.05,0.1,0.01)",
      note: "3x for one year: 5% borrow, 10% funding, 1% fee",
    },
  ],
};
