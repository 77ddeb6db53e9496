import { type CarryInput, carry } from "../../src/engine";
import { defineFunction, opt, req, nonNegative, nonZero } from "../declare";
import { ANNUAL_FEE, ANNUAL_FUNDING, ANNUAL_RATE, POSITION_LEVERAGE, YEARS } from "./plausible";

export const CARRY = defineFunction<CarryInput>()({
  id: "CARRY",
  jsName: "carry",
  summary:
    "Fraction of equity lost to financing, funding and fees over the horizon, compounded continuously.",
  params: {
    leverage: req.number("Leverage (a multiple).", {
      unit: "multiple",
      domain: nonZero,
      plausible: POSITION_LEVERAGE,
    }),
    years: opt.number("Horizon in years.", {
      unit: "years",
      default: 1,
      domain: nonNegative,
      plausible: YEARS,
      zeroMeansBlank: true,
    }),
    borrowRate: opt.number("Annual borrow rate on the borrowed part (decimal).", {
      unit: "decimal/year",
      default: 0,
      domain: nonNegative,
      plausible: ANNUAL_RATE,
    }),
    fundingRate: opt.number(
      'Annual funding rate on the notional (decimal), simple, not compounded: e.g. LEV.FUNDING.ANNUALIZE(rate, interval_hours) with its default "simple" method (0.0001 every 8 h → 0.1095). LEV.CARRY compounds it itself; a "compound" rate would compound twice.',
      {
        unit: "decimal/year",
        default: 0,
        plausible: ANNUAL_FUNDING,
      }
    ),
    feeRate: opt.number("Annual fee rate on equity (decimal).", {
      unit: "decimal/year",
      default: 0,
      domain: nonNegative,
      plausible: ANNUAL_FEE,
    }),
  },
  result: "Fraction of equity lost (decimal).",
  run: carry,
  examples: [
    {
      formula: "=LEV.CARRY(3,1,0.05,0.1,0.01)",
      note: "3x for one year: 5% borrow, 10% funding, 1% fee",
    },
  ],
});
