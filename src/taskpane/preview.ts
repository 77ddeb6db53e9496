/**
 * Instant preview of a scenario in the pane: key numbers and one small chart, computed in the page
 * with the same engine as the LEV functions (so the preview and the inserted sheet agree), on the
 * same seeded illustrative path that the sheet's price table receives.
 *
 * Every metric is computed separately: an engine error (LevError) on one metric shows its message in
 * place of that number and leaves the others intact.
 */
import { carry } from "../engine/carry";
import { cppiExposure, cppiGapRisk, cppiLeverage, cppiValue } from "../engine/cppi";
import { CPPI_PATH_COLUMNS, cppiPath } from "../engine/cppi-path";
import { decay, leveragedReturn } from "../engine/decay";
import { health, liqLending } from "../engine/lending";
import {
  bankruptcyPrice,
  liqDistance,
  liqLeverage,
  liqPrice,
  liqTiered,
} from "../engine/liquidation";
import { PATH_STATUS, runPath } from "../engine/path";
import { bandTriggers, rebalanceCost, turnover } from "../engine/rebalance";
import type { SimulationParams } from "../engine/simulate";
import type { Side } from "../engine/types";
import { liqVenue, type Venue } from "../engine/venues";
import { illustrativePrices } from "./illustrative";
import type { BracketRow, ScenarioInputs, TemplateId } from "./scenarios";

export type MetricFormat = "pct" | "num" | "ratio" | "lev" | "int";
export interface Metric {
  label: string;
  value: number | null;
  format: MetricFormat;
  /** The engine's message when the value could not be computed. */
  error?: string;
}
export interface ChartSeries {
  name: string;
  points: Array<[number, number]>;
}
export interface PreviewChart {
  title: string;
  xLabel: string;
  yLabel: string;
  xFormat: MetricFormat;
  yFormat: MetricFormat;
  series: ChartSeries[];
  /** A highlighted x position (the scenario's own value). */
  markerX?: number;
}
export interface Preview {
  metrics: Metric[];
  chart: PreviewChart | null;
  chartError?: string;
  /** Monte Carlo parameters for the worker (token templates only). */
  simulation?: SimulationParams;
}

function metric(label: string, format: MetricFormat, f: () => number): Metric {
  try {
    const value = f();
    return Number.isFinite(value)
      ? { label, value, format }
      : { label, value: null, format, error: "no finite value" };
  } catch (e) {
    return { label, value: null, format, error: (e as Error)?.message ?? String(e) };
  }
}

const sideOf = (s: unknown): Side => (s === "short" ? -1 : 1);

export function computePreview(template: TemplateId, inputs: ScenarioInputs): Preview {
  const v = inputs as Record<string, any>;
  switch (template) {
    case "token":
      return tokenPreview(v);
    case "band":
      return bandPreview(v);
    case "cppi":
      return cppiPreview(v);
    case "perp":
      return perpPreview(v);
    case "lending":
      return lendingPreview(v);
  }
}

function tokenPreview(v: Record<string, any>): Preview {
  const costs = {
    feeRate: v.fee_rate,
    financingRate: v.financing_rate,
    fundingRate: v.funding_rate,
  };
  const metrics = [
    metric("Return if the underlying ends flat", "pct", () =>
      decay({ leverage: v.leverage, volatility: v.volatility, years: v.years, ...costs })
    ),
    metric("Return if the underlying gains 20%", "pct", () =>
      leveragedReturn({
        leverage: v.leverage,
        underlyingReturn: 0.2,
        volatility: v.volatility,
        years: v.years,
        ...costs,
      })
    ),
    metric("Carry over the horizon", "pct", () =>
      carry({
        leverage: v.leverage,
        years: v.years,
        borrowRate: v.financing_rate,
        fundingRate: v.funding_rate,
        feeRate: v.fee_rate,
      })
    ),
    metric("Turnover per rebalance", "pct", () =>
      turnover({
        leverage: v.leverage,
        volatility: v.volatility,
        rebalancesPerYear: v.rebalances_per_year,
      })
    ),
    metric("Rebalancing cost over the horizon", "pct", () =>
      rebalanceCost({
        leverage: v.leverage,
        volatility: v.volatility,
        costRate: v.cost_rate,
        rebalancesPerYear: v.rebalances_per_year,
        years: v.years,
      })
    ),
  ];
  let chart: PreviewChart | null = null;
  let chartError: string | undefined;
  try {
    const maxVol = Math.max(1.5, v.volatility * 1.25);
    const points: Array<[number, number]> = [];
    for (let i = 0; i <= 30; i++) {
      const s = (maxVol * i) / 30;
      points.push([s, decay({ leverage: v.leverage, volatility: s, years: v.years, ...costs })]);
    }
    chart = {
      title: "Return over the horizon vs volatility (underlying flat)",
      xLabel: "Volatility",
      yLabel: "Return",
      xFormat: "pct",
      yFormat: "pct",
      series: [{ name: `${v.leverage}x`, points }],
      markerX: v.volatility,
    };
  } catch (e) {
    chartError = (e as Error).message;
  }
  const perYear = v.rebalances_per_year;
  return {
    metrics,
    chart,
    chartError,
    simulation: {
      leverage: v.leverage,
      volatility: v.volatility,
      years: v.years,
      options: {
        rebalance: "period",
        feePerPeriod: v.fee_rate / perYear,
        fundingPerPeriod: v.funding_rate / perYear,
        costRate: v.cost_rate,
        paths: v.paths,
        stepsPerYear: perYear,
        seed: v.seed,
      },
    },
  };
}

function pathChart(
  v: Record<string, any>,
  options: Record<string, unknown>,
  title: string
): { chart: PreviewChart; nav: number[]; rebalances: number } {
  const prices = illustrativePrices({
    start: v.start_price,
    volatility: v.volatility,
    days: v.days,
    seed: v.seed,
  });
  const c = runPath({ prices, leverage: v.leverage, options }); // LEV.PATH's columns, typed
  const nav = Array.from(c.nav);
  let rebalances = 0;
  for (const code of c.status) if (PATH_STATUS[code] === "rebalanced") rebalances++;
  return {
    nav,
    rebalances,
    chart: {
      title,
      xLabel: "Day",
      yLabel: "Value (start = 1)",
      xFormat: "int",
      yFormat: "ratio",
      series: [
        { name: "Underlying (rebased)", points: prices.map((p, i) => [i, p / prices[0]]) },
        { name: "Token NAV", points: nav.map((n, i) => [i, n]) },
      ],
    },
  };
}

function bandPreview(v: Record<string, any>): Preview {
  const trig = (() => {
    try {
      return bandTriggers({ leverage: v.leverage, bandLow: v.band_low, bandHigh: v.band_high });
    } catch (e) {
      return e as Error;
    }
  })();
  const fromTrig = (col: number) => () => {
    if (trig instanceof Error) throw trig;
    return trig.rows[0][col] as number;
  };
  const options = {
    rebalance: "band",
    bandLow: v.band_low,
    bandHigh: v.band_high,
    rebalanceTo: v.rebalance_to,
    feePerPeriod: v.fee_rate / 365,
    fundingPerPeriod: v.funding_rate / 365,
    costRate: v.cost_rate,
  };
  const metrics = [
    metric("Underlying move to band high", "pct", fromTrig(0)),
    metric("Underlying move to band low", "pct", fromTrig(1)),
  ];
  let chart: PreviewChart | null = null;
  let chartError: string | undefined;
  try {
    const p = pathChart(v, options, "Band token NAV vs underlying (illustrative path)");
    chart = p.chart;
    metrics.push({
      label: "Rebalances on the illustrative path",
      value: p.rebalances,
      format: "int",
    });
    metrics.push({
      label: "Token NAV at the end of the path",
      value: p.nav[p.nav.length - 1],
      format: "ratio",
    });
  } catch (e) {
    chartError = (e as Error).message;
  }
  const { feePerPeriod, fundingPerPeriod, costRate, bandLow, bandHigh, rebalanceTo } = options;
  return {
    metrics,
    chart,
    chartError,
    simulation: {
      leverage: v.leverage,
      volatility: v.volatility,
      years: v.years,
      options: {
        rebalance: "band",
        bandLow,
        bandHigh,
        rebalanceTo,
        feePerPeriod,
        fundingPerPeriod,
        costRate,
        paths: v.paths,
        stepsPerYear: 365,
        seed: v.seed,
      },
    },
  };
}

function cppiPreview(v: Record<string, any>): Preview {
  const F0 = v.start_value * v.floor_fraction;
  const metrics = [
    metric("Exposure at the start", "num", () =>
      cppiExposure({
        value: v.start_value,
        floor: F0,
        multiplier: v.multiplier,
        maxLeverage: v.max_leverage,
      })
    ),
    metric("Leverage at the start", "ratio", () =>
      cppiLeverage({
        value: v.start_value,
        floor: F0,
        multiplier: v.multiplier,
        maxLeverage: v.max_leverage,
      })
    ),
    metric("Gap risk over the horizon", "pct", () =>
      cppiGapRisk({
        multiplier: v.multiplier,
        volatility: v.volatility,
        rebalanceIntervalYears: v.rebalance_every / 365,
        years: v.years,
        drift: 0,
        rate: v.safe_rate,
      })
    ),
    metric("Value if the risky asset ends flat", "num", () =>
      cppiValue({
        value: v.start_value,
        floor: F0,
        multiplier: v.multiplier,
        rate: v.safe_rate,
        volatility: v.volatility,
        years: v.years,
        priceRatio: 1,
      })
    ),
  ];
  let chart: PreviewChart | null = null;
  let chartError: string | undefined;
  try {
    const prices = illustrativePrices({
      start: v.start_price,
      volatility: v.volatility,
      days: v.days,
      seed: v.seed,
    });
    const options: Record<string, unknown> = {
      input: "prices",
      startValue: v.start_value,
      safeRatePerPeriod: v.safe_rate / 365,
      borrowRatePerPeriod: v.borrow_rate / 365,
      maxLeverage: v.max_leverage,
      rebalanceEvery: v.rebalance_every,
    };
    if (v.drawdown > 0) options.drawdown = v.drawdown;
    const t = cppiPath({
      returns: prices,
      multiplier: v.multiplier,
      floorFraction: v.floor_fraction,
      options,
    });
    const col = (name: (typeof CPPI_PATH_COLUMNS)[number]) => CPPI_PATH_COLUMNS.indexOf(name);
    const series = (name: string, c: number): ChartSeries => ({
      name,
      points: t.rows.map((r, i) => [i + 1, r[c] as number]),
    });
    chart = {
      title: "CPPI value vs floor (illustrative path)",
      xLabel: "Day",
      yLabel: "Value",
      xFormat: "int",
      yFormat: "num",
      series: [
        series("CPPI value", col("value")),
        series("Floor", col("floor")),
        series("Risky asset", col("risky_value")),
      ],
    };
    const last = t.rows[t.rows.length - 1];
    metrics.push({
      label: "Value at the end of the path",
      value: last[col("value")] as number,
      format: "num",
    });
    metrics.push({
      label: "Floor at the end of the path",
      value: last[col("floor")] as number,
      format: "num",
    });
  } catch (e) {
    chartError = (e as Error).message;
  }
  return { metrics, chart, chartError };
}

function perpPreview(v: Record<string, any>): Preview {
  const side = sideOf(v.side);
  const pos = { side, entryPrice: v.entry_price, quantity: v.quantity, margin: v.margin };
  const lev = (v.entry_price * v.quantity) / v.margin;
  const liq = metric("Liquidation price (maintenance rate)", "num", () =>
    liqPrice({
      ...pos,
      maintenanceRate: v.maintenance_rate,
      maintenanceAmount: v.maintenance_amount,
      closeFeeRate: v.close_fee_rate,
    })
  );
  const metrics = [
    liq,
    metric(`Liquidation price (${v.venue} convention)`, "num", () =>
      liqVenue({
        venue: v.venue as Venue,
        ...pos,
        rate: v.venue === "hyperliquid" ? v.max_leverage : v.maintenance_rate,
        closeFeeRate: v.close_fee_rate,
      })
    ),
    metric("Liquidation price (brackets)", "num", () =>
      liqTiered({ ...pos, brackets: (v.brackets as BracketRow[]).map((b) => ({ ...b })) })
    ),
    { label: "Effective leverage", value: lev, format: "lev" as const },
    metric("Bankruptcy price", "num", () =>
      bankruptcyPrice({ side, entryPrice: v.entry_price, leverage: lev })
    ),
    metric("Distance to liquidation from mark", "pct", () => {
      if (liq.value === null) throw new Error(liq.error ?? "no liquidation price");
      return liqDistance({ side, markPrice: v.mark_price, liquidationPrice: liq.value });
    }),
  ];
  const points: Array<[number, number]> = [];
  const levs = [1, 1.5, 2, 3, 4, 5, 7.5, 10, 15, 20, 25, 35, 50, 75, 100, 125];
  for (const L of levs) {
    try {
      const lp = liqLeverage({
        side,
        entryPrice: v.entry_price,
        leverage: L,
        maintenanceRate: v.maintenance_rate,
        closeFeeRate: v.close_fee_rate,
      });
      points.push([L, liqDistance({ side, markPrice: v.entry_price, liquidationPrice: lp })]);
    } catch {
      // no liquidation at this leverage (over-collateralised): no point
    }
  }
  return {
    metrics,
    chart: {
      title: "Liquidation distance vs leverage (opened at entry)",
      xLabel: "Leverage",
      yLabel: "Price move to liquidation",
      xFormat: "lev",
      yFormat: "pct",
      series: [{ name: "Distance", points }],
      markerX: lev,
    },
  };
}

function lendingPreview(v: Record<string, any>): Preview {
  const collateral = v.collateral_quantity * v.collateral_price;
  const liq = metric("Liquidation price of the collateral", "num", () =>
    liqLending({
      collateralQuantity: v.collateral_quantity,
      liquidationThreshold: v.liquidation_threshold,
      debtValue: v.debt_value,
    })
  );
  const metrics = [
    { label: "Collateral value", value: collateral, format: "num" as const },
    metric("Health factor", "ratio", () =>
      health({
        collateralValue: collateral,
        liquidationThreshold: v.liquidation_threshold,
        debtValue: v.debt_value,
      })
    ),
    liq,
    metric("Price drop to liquidation", "pct", () => {
      if (liq.value === null) throw new Error(liq.error ?? "no liquidation price");
      return liq.value / v.collateral_price - 1;
    }),
    { label: "Loan-to-value", value: v.debt_value / collateral, format: "pct" as const },
  ];
  const points: Array<[number, number]> = [];
  let chartError: string | undefined;
  for (let i = 0; i <= 20; i++) {
    const price = v.collateral_price * (0.5 + i / 20);
    try {
      points.push([
        price,
        health({
          collateralValue: v.collateral_quantity * price,
          liquidationThreshold: v.liquidation_threshold,
          debtValue: v.debt_value,
        }),
      ]);
    } catch (e) {
      chartError = (e as Error).message;
      break;
    }
  }
  return {
    metrics,
    chart: chartError
      ? null
      : {
          title: "Health factor vs collateral price",
          xLabel: "Collateral price",
          yLabel: "Health factor",
          xFormat: "num",
          yFormat: "ratio",
          series: [{ name: "Health factor", points }],
          markerX: v.collateral_price,
        },
    chartError,
  };
}
