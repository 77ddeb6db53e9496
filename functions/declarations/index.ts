/**
 * Every LEV function, in the reference's order. Adding a function: its engine function, its declaration
 * in one of these files (listed here), its tests; `npm run generate` then writes functions/functions.ts and
 * docs/functions.md from the declarations.
 */
import type { FunctionSpec } from "../declare";
import * as costs from "./costs";
import * as cascades from "./cascades";
import * as cppi from "./cppi";
import * as defi from "./defi";
import * as funding from "./funding";
import * as lending from "./lending";
import * as liquidation from "./liquidation";
import * as risk from "./risk";
import * as performance from "./performance";
import * as tokens from "./tokens";

export const FUNCTIONS: readonly FunctionSpec[] = [
  tokens.DECAY,
  tokens.RETURN,
  tokens.PATH,
  tokens.REBALANCE_TRADE,
  tokens.TURNOVER,
  tokens.REBALANCE_COST,
  tokens.BAND_TRIGGERS,
  tokens.SIMULATE,
  cppi.CPPI_EXPOSURE,
  cppi.CPPI_LEVERAGE,
  cppi.CPPI_PATH,
  cppi.CPPI_VALUE,
  cppi.CPPI_GAPRISK,
  liquidation.LIQ_PRICE,
  liquidation.LIQ_LEVERAGE,
  liquidation.LIQ_INVERSE,
  liquidation.LIQ_TIERED,
  liquidation.LIQ_CROSS,
  liquidation.LIQ_VENUE,
  liquidation.BANKRUPTCY_PRICE,
  liquidation.LIQ_DISTANCE,
  lending.HEALTH,
  lending.LIQ_LENDING,
  costs.CARRY,
  risk.LIQ_PROB,
  risk.LIQ_TIME,
  risk.LIQ_SAFE_DISTANCE,
  risk.LIQ_SAFE_LEVERAGE,
  risk.LOSS_PROB,
  cascades.CASCADE,
  cascades.CASCADE_SUMMARY,
  cascades.CASCADE_LEVELS,
  cascades.MARKET_LEVERAGE,
  cascades.SKEW,
  funding.FUNDING_PREMIUM,
  funding.FUNDING_AVERAGE,
  funding.FUNDING_RATE,
  funding.FUNDING_INTEREST,
  funding.FUNDING_CAP,
  funding.FUNDING_IMPACTNOTIONAL,
  funding.FUNDING_IMPLIEDPREMIUM,
  funding.FUNDING_ANNUALIZE,
  funding.FUNDING_PAYMENT,
  funding.BASIS,
  defi.RATE_AAVE,
  defi.RATE_COMET,
  defi.APY,
  defi.APR,
  defi.LOOP_LEVERAGE,
  defi.LOOP_APY,
  defi.LOOP_HEALTH,
  defi.LOOP_LIQRATIO,
  defi.LOOP_RUNWAY,
  performance.VOL,
  performance.SHARPE,
  performance.SORTINO,
  performance.MAXDD,
  performance.CALMAR,
  performance.PERF,
  performance.ROE,
  performance.LEVADJ,
  performance.KELLY,
  performance.GROWTH,
  performance.KELLY_RUIN,
];
