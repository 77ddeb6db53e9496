import {
  type BankruptcyPriceInput,
  type LiqCrossInput,
  type LiqDistanceInput,
  type LiqInverseInput,
  type LiqLeverageInput,
  type LiqPriceInput,
  type LiqTieredInput,
  type LiqVenueInput,
  bankruptcyPrice,
  liqCross,
  liqDistance,
  liqInverse,
  liqLeverage,
  liqPrice,
  liqTiered,
  liqVenue,
  VENUES,
} from "../../src/engine";
import { BRACKETS, POSITIONS } from "./kinds";
import { defineFunction, opt, req, nonNegative, positive, nonZero } from "../declare";
import { CLOSE_FEE_RATE, MAINTENANCE_RATE, POSITION_LEVERAGE } from "./plausible";
import { BLANK_IS_ERROR, BLANK_IS_ZERO } from "./params";

/** Every LEV.LIQ.* side: the contract's words, the exchange-export words, or ±1. */
const SIDE = req.side('"long" or "short" ("buy" / "sell", 1 / -1 also accepted).');
const ENTRY_PRICE = req.number("Entry price (quote currency, > 0).", {
  unit: "price",
  domain: positive,
});
/**
 * Side, entry price and size of an isolated linear position (LEV.LIQ.PRICE, LEV.LIQ.TIERED, LEV.LIQ.VENUE).
 * The size is signed as exchange exports write it: + long, − short (a negative size with side long is an
 * error).
 */
const ISOLATED_POSITION = {
  side: SIDE,
  entryPrice: ENTRY_PRICE,
  quantity: req.number(
    "Position size in base units: positive, or negative for a short as exchange exports write it.",
    { domain: nonZero }
  ),
};
/** The isolated margin of LEV.LIQ.TIERED and LEV.LIQ.VENUE (LEV.LIQ.PRICE's help adds "≥ 0"). */
const ISOLATED_MARGIN = req.number("Isolated margin (quote currency).", {
  unit: "currency",
  domain: nonNegative,
});
/** The maintenance margin rate of LEV.LIQ.PRICE and LEV.LIQ.INVERSE (LEV.LIQ.LEVERAGE's help says more). */
const MAINTENANCE_MARGIN_RATE = opt.number(
  `Maintenance margin rate (decimal, 0.005 = 0.5%). ${BLANK_IS_ERROR}`,
  {
    unit: "decimal",
    default: 0.005,
    domain: nonNegative,
    plausible: MAINTENANCE_RATE,
    zeroMeansBlank: true,
  }
);
/** The closing fee of LEV.LIQ.LEVERAGE and LEV.LIQ.INVERSE (the other functions' help says more). */
const CLOSE_FEE = opt.number(`Closing fee rate (decimal). ${BLANK_IS_ZERO}`, {
  unit: "decimal",
  default: 0,
  domain: nonNegative,
  plausible: CLOSE_FEE_RATE,
});

export const LIQ_PRICE = defineFunction<LiqPriceInput>()({
  id: "LIQ.PRICE",
  jsName: "liqPrice",
  summary:
    "Liquidation price of an isolated linear (USDⓈ-margined) position, maintenance margin valued at the liquidation price.",
  params: {
    ...ISOLATED_POSITION,
    margin: req.number("Isolated margin (quote currency, ≥ 0).", {
      unit: "currency",
      domain: nonNegative,
    }),
    maintenanceRate: MAINTENANCE_MARGIN_RATE,
    maintenanceAmount: opt.number(
      `Maintenance amount deducted (quote currency). ${BLANK_IS_ZERO}`,
      {
        unit: "currency",
        default: 0,
        domain: nonNegative,
      }
    ),
    closeFeeRate: opt.number(
      `Closing fee rate charged at liquidation (decimal). ${BLANK_IS_ZERO}`,
      {
        unit: "decimal",
        default: 0,
        domain: nonNegative,
        plausible: CLOSE_FEE_RATE,
      }
    ),
  },
  result: "Liquidation price (quote currency).",
  run: liqPrice,
  examples: [
    {
      formula: '=LEV.LIQ.PRICE("short",10,1,2,0.01,0.01)',
      note: "Binance isolated short, entry 10, 5x, MMR 1%, maintenance amount 0.01",
      expected: 11.8910891,
      tolerance: 0.000001,
      source: "docs/references/vectors.md liq#5 (freqtrade test_get_liquidation_price)",
    },
    {
      formula: '=LEV.LIQ.PRICE("sideways",10,1,2)',
      note: "side must be long/short/buy/sell/1/−1",
      error: "#VALUE!",
    },
    {
      formula: '=LEV.LIQ.PRICE("long",60000,1,6000,0.5)',
      note: "maintenance_rate 0.5 (50%) puts the maintenance margin above the margin: liquidated at entry (did you mean 0.005?)",
      error: "#N/A",
    },
  ],
});

export const LIQ_LEVERAGE = defineFunction<LiqLeverageInput>()({
  id: "LIQ.LEVERAGE",
  jsName: "liqLeverage",
  summary:
    "Liquidation price of an isolated linear position opened at a given leverage (no maintenance amount).",
  params: {
    side: SIDE,
    entryPrice: ENTRY_PRICE,
    leverage: req.number("Initial leverage (notional / margin, a multiple > 0).", {
      unit: "multiple",
      domain: nonZero,
      plausible: POSITION_LEVERAGE,
    }),
    maintenanceRate: opt.number(
      `Maintenance margin rate (decimal, 0.005 = 0.5%; below 1/leverage). ${BLANK_IS_ERROR}`,
      {
        unit: "decimal",
        default: 0.005,
        domain: nonNegative,
        plausible: MAINTENANCE_RATE,
        zeroMeansBlank: true,
      }
    ),
    closeFeeRate: CLOSE_FEE,
  },
  result: "Liquidation price (quote currency).",
  run: liqLeverage,
  examples: [
    {
      formula: '=LEV.LIQ.LEVERAGE("long",20000,50,0.005)',
      note: "1 BTC at 20,000, 50x, MMR 0.5%, MM valued at the liquidation price",
      expected: 19698.49,
      tolerance: 0.01,
      source: "docs/references/vectors.md liq#61",
    },
  ],
});

export const LIQ_INVERSE = defineFunction<LiqInverseInput>()({
  id: "LIQ.INVERSE",
  jsName: "liqInverse",
  summary: "Liquidation price of an inverse (coin-margined) contract position.",
  params: {
    side: SIDE,
    entryPrice: req.number("Entry price (USD per coin, > 0).", { unit: "price", domain: positive }),
    contracts: req.number(
      "Number of contracts: positive, or negative for a short as exchange exports write it.",
      { domain: nonZero }
    ),
    contractSize: req.number("Contract size in USD per contract (> 0).", { domain: positive }),
    marginCoin: req.number("Isolated margin in coin (≥ 0).", { domain: nonNegative }),
    maintenanceRate: MAINTENANCE_MARGIN_RATE,
    maintenanceAmount: opt.number(`Maintenance amount (coin). ${BLANK_IS_ZERO}`, {
      default: 0,
      domain: nonNegative,
    }),
    closeFeeRate: CLOSE_FEE,
  },
  result: "Liquidation price (USD per coin).",
  run: liqInverse,
  examples: [
    {
      formula: '=LEV.LIQ.INVERSE("long",50000,100,100,0.02)',
      note: "100 contracts of 100 USD at 50,000, 0.02 BTC margin",
    },
  ],
});

export const LIQ_TIERED = defineFunction<LiqTieredInput>()({
  id: "LIQ.TIERED",
  jsName: "liqTiered",
  summary:
    "Liquidation price with Binance-style maintenance brackets, the bracket chosen at the liquidation notional.",
  params: {
    ...ISOLATED_POSITION,
    margin: ISOLATED_MARGIN,
    brackets: req.table(
      BRACKETS,
      "Range with 4 columns: notional floor, notional cap, maintenance rate, maintenance amount (one bracket per row)."
    ),
    closeFeeRate: opt.number(
      `Closing fee rate charged at liquidation (decimal), added to every bracket's rate. ${BLANK_IS_ZERO}`,
      { unit: "decimal", default: 0, domain: nonNegative, plausible: CLOSE_FEE_RATE }
    ),
  },
  result: "Liquidation price (quote currency).",
  run: liqTiered,
  examples: [
    {
      formula:
        '=LEV.LIQ.TIERED("long",30000,10,30000,{0,50000,0.004,0;50000,250000,0.005,50;250000,1000000,0.01,1300})',
      note: "10 BTC at 30,000 with 30,000 margin; three Binance-style brackets",
    },
  ],
});

export const LIQ_CROSS = defineFunction<LiqCrossInput>()({
  id: "LIQ.CROSS",
  jsName: "liqCross",
  summary:
    "Cross-margin liquidation price of one position, the other positions held at their mark prices.",
  params: {
    walletBalance: req.number("Wallet balance of the cross account (quote currency).", {
      unit: "currency",
      domain: nonNegative,
    }),
    positions: req.table(
      POSITIONS,
      "Range with 6 columns: side, quantity (negative for a short allowed), entry price, mark price, maintenance rate, maintenance amount (one position per row)."
    ),
    row: opt.integer(`1-based row in positions of the position to price. ${BLANK_IS_ERROR}`, {
      default: 1,
      zeroMeansBlank: true,
    }),
  },
  result: "Liquidation price of that position (quote currency).",
  run: liqCross,
  examples: [
    {
      formula: '=LEV.LIQ.CROSS(20,{"long",1,100,100,0.005,0;"short",2,50,50,0.005,0},1)',
      note: "wallet 20, a long of 1 at 100 and a short of 2 at 50 (at mark): price of the long",
      expected: 80.90452261306532,
      tolerance: 1e-9,
      source: "by hand: 20 + (P − 100) = 0.005·P + 0.005·2·50",
    },
    {
      formula: '=LEV.LIQ.CROSS(1000,{"long",1,100,100,0.005,0},1)',
      note: "a wallet that covers a fall to 0 has no liquidation price",
      error: "#N/A",
    },
  ],
});

export const LIQ_VENUE = defineFunction<LiqVenueInput>()({
  id: "LIQ.VENUE",
  jsName: "liqVenue",
  summary:
    'Isolated liquidation price under a venue\'s conventions: "binance", "bybit", "okx", "hyperliquid" or "dydx".',
  params: {
    venue: req.choice(VENUES, '"binance", "bybit", "okx", "hyperliquid" or "dydx".'),
    ...ISOLATED_POSITION,
    margin: ISOLATED_MARGIN,
    rate: opt.number(
      `Maintenance rate (binance, bybit, okx; default 0.005), max leverage (hyperliquid) or maintenance fraction (dydx). ${BLANK_IS_ERROR}`,
      { zeroMeansBlank: true }
    ),
    closeFeeRate: opt.number(
      `Closing fee rate (decimal). An empty cell gives 0 (for okx too: leave it out for okx's 0.0005).`,
      {
        unit: "decimal",
        default: "0 (okx: 0.0005)",
        domain: nonNegative,
        plausible: CLOSE_FEE_RATE,
      }
    ),
    maintenanceAmount: opt.number(
      `Maintenance amount deducted from the maintenance margin (quote currency; Binance "cum"). ${BLANK_IS_ZERO}`,
      { unit: "currency", default: 0, domain: nonNegative }
    ),
  },
  result: "Liquidation price (quote currency).",
  run: liqVenue,
  examples: [
    {
      formula: '=LEV.LIQ.VENUE("bybit","long",20000,1,400,0.005)',
      note: "Bybit, 1 BTC at 20,000, 50x (IM 400), MM valued at entry",
      expected: 19700,
      tolerance: 0.000001,
      source: "docs/references/vectors.md liq#20 (Bybit liquidation price, USDT contract)",
    },
    {
      formula: '=LEV.LIQ.VENUE("hyperliquid","long",62739,0.00077,24.137992,50)',
      note: "Hyperliquid, max leverage 50",
      expected: 31708.0384,
      tolerance: 0.001,
      source: "docs/references/vectors.md liq#38 (freqtrade test_hyperliquid.py)",
    },
  ],
});

export const BANKRUPTCY_PRICE = defineFunction<BankruptcyPriceInput>()({
  id: "BANKRUPTCY.PRICE",
  jsName: "bankruptcyPrice",
  summary: "Bankruptcy price: the price at which the position's equity is zero.",
  params: {
    side: SIDE,
    entryPrice: req.number("Entry price (> 0).", { unit: "price", domain: positive }),
    leverage: req.number("Initial leverage (a multiple > 0).", {
      unit: "multiple",
      domain: nonZero,
      plausible: POSITION_LEVERAGE,
    }),
  },
  result: "Bankruptcy price (quote currency).",
  run: bankruptcyPrice,
  examples: [
    {
      formula: '=LEV.BANKRUPTCY.PRICE("long",100,10)',
      note: "10x long from 100: equity is zero at 90",
      expected: 90,
      tolerance: 1e-9,
      source: "definition: E·(1 − 1/leverage)",
    },
  ],
});

export const LIQ_DISTANCE = defineFunction<LiqDistanceInput>()({
  id: "LIQ.DISTANCE",
  jsName: "liqDistance",
  summary:
    "Signed fraction the mark price must move to reach the liquidation price; #N/A when the mark is already past it.",
  params: {
    side: SIDE,
    markPrice: req.number("Current mark price (> 0), first.", { unit: "price", domain: positive }),
    liquidationPrice: req.number(
      "Liquidation price (> 0), second: below the mark for a long, above it for a short.",
      { unit: "price", domain: positive }
    ),
  },
  result:
    "Signed move as a fraction of the mark (decimal, -0.1 = 10% down); 0 at the liquidation price.",
  run: liqDistance,
  examples: [
    {
      formula: '=LEV.LIQ.DISTANCE("long",100,90)',
      note: "mark 100, liquidation 90: a 10% fall",
      expected: -0.1,
      tolerance: 1e-12,
      source: "definition: (90 − 100)/100",
    },
    {
      formula: '=LEV.LIQ.DISTANCE("long",100,110)',
      note: "a long's mark below its liquidation price: past liquidation (side or argument order wrong)",
      error: "#N/A",
    },
  ],
});
