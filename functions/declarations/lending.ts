import { type HealthInput, type LiqLendingInput, health, liqLending } from "../../src/engine";
import { defineFunction, req, nonNegative, positive } from "../declare";
import { LIQUIDATION_THRESHOLD } from "./plausible";

export const HEALTH = defineFunction<HealthInput>()({
  id: "HEALTH",
  jsName: "health",
  summary:
    "Lending health factor (Aave): Σ collateral value × liquidation threshold / debt value, over one or several collaterals.",
  params: {
    collateralValue: req.numbers(
      "Collateral value (currency, ≥ 0), or a row or column of values, one per collateral.",
      { unit: "currency", domain: nonNegative }
    ),
    liquidationThreshold: req.numbers(
      "Liquidation threshold (decimal, 0.825 = 82.5%): one for every collateral, or one per collateral.",
      { unit: "decimal", domain: positive, plausible: LIQUIDATION_THRESHOLD }
    ),
    debtValue: req.number("Debt value (currency, ≥ 0; no debt has no health factor: #N/A).", {
      unit: "currency",
      domain: nonNegative,
    }),
  },
  result: "Health factor (liquidatable below 1).",
  run: health,
  examples: [
    {
      formula: "=LEV.HEALTH(10000,0.8,6000)",
      note: "Aave: 10,000 of ETH, LT 80%, debt 6,000",
      expected: 1.3333333333333333,
      tolerance: 1e-9,
      source: "docs/references/vectors.md liq#52 (aave.com/docs/developers/liquidations)",
    },
    {
      formula: "=LEV.HEALTH({10000;5000},{0.8;0.7},6000)",
      note: "two collaterals with their own thresholds: (8,000 + 3,500) / 6,000",
      expected: 1.9166666666666667,
      tolerance: 1e-12,
      source: "docs/references/funding-defi.md §2.6",
    },
  ],
});

export const LIQ_LENDING = defineFunction<LiqLendingInput>()({
  id: "LIQ.LENDING",
  jsName: "liqLending",
  summary:
    "Collateral price at which a lending position reaches health factor 1 (Maker: threshold = 1/liquidation ratio).",
  params: {
    collateralQuantity: req.number("Collateral amount in units of the collateral asset (> 0).", {
      domain: positive,
    }),
    liquidationThreshold: req.number(
      "Liquidation threshold (decimal, 0.8 = 80%; Maker: 1/liquidation_ratio).",
      { unit: "decimal", domain: positive, plausible: LIQUIDATION_THRESHOLD }
    ),
    debtValue: req.number("Debt value (currency).", { unit: "currency", domain: nonNegative }),
  },
  result: "Liquidation price of the collateral (currency per unit).",
  run: liqLending,
  examples: [
    {
      formula: "=LEV.LIQ.LENDING(10,1/1.5,1000)",
      note: "Maker vault: 10 ETH, 1,000 DAI, liquidation ratio 150%",
      expected: 150,
      tolerance: 1e-9,
      source: "docs/references/vectors.md liq#59 (makerdao community faqs/liquidation.md)",
    },
  ],
});
