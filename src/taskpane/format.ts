/** Display formatting of numbers in the pane (the sheet uses Excel number formats instead). */
import type { MetricFormat } from "./metrics";

/** Below this a probability shows as "< 0.01%" (its exact value beside it, in scientific notation). */
export const TINY_PROBABILITY = 1e-4;

export function formatValue(x: number, f: MetricFormat): string {
  if (!Number.isFinite(x)) return "—";
  switch (f) {
    case "pct":
      return `${(x * 100).toFixed(Math.abs(x) < 0.001 && x !== 0 ? 4 : 2)}%`;
    case "prob":
      if (x === 0) return "0%";
      if (Math.abs(x) < TINY_PROBABILITY) return x > 0 ? "< 0.01%" : "> −0.01%";
      return `${(x * 100).toFixed(2)}%`;
    case "ratio":
      return x.toFixed(4);
    case "lev":
      return `${x.toFixed(x >= 10 ? 0 : 2)}x`;
    case "int":
      return Math.round(x).toLocaleString("en-US");
    case "num":
      return x.toLocaleString("en-US", { maximumFractionDigits: Math.abs(x) >= 100 ? 2 : 4 });
    case "notional":
      return x.toLocaleString("en-US", { maximumFractionDigits: Math.abs(x) >= 100 ? 0 : 2 });
    case "years": {
      // below a year in days (a liquidation 120 days away reads better than 0.33 years)
      const days = x * 365;
      if (Math.abs(x) < 1) return `${days.toFixed(Math.abs(days) < 10 ? 1 : 0)} days`;
      return `${x.toFixed(2)} years`;
    }
  }
}

/** The exact value of a number `formatValue` rounds away ("< 0.01%"), or undefined. */
export function exactValue(x: number, f: MetricFormat): string | undefined {
  if (f === "prob" && x !== 0 && Math.abs(x) < TINY_PROBABILITY)
    return x.toExponential(2).replace("e", "E");
  return undefined;
}
