/** Display formatting of numbers in the pane (the sheet uses Excel number formats instead). */
import type { MetricFormat } from "./preview";

export function formatValue(x: number, f: MetricFormat): string {
  if (!Number.isFinite(x)) return "—";
  switch (f) {
    case "pct":
      return `${(x * 100).toFixed(Math.abs(x) < 0.001 && x !== 0 ? 4 : 2)}%`;
    case "ratio":
      return x.toFixed(4);
    case "lev":
      return `${x.toFixed(x >= 10 ? 0 : 2)}x`;
    case "int":
      return Math.round(x).toLocaleString("en-US");
    case "num":
      return x.toLocaleString("en-US", { maximumFractionDigits: Math.abs(x) >= 100 ? 2 : 4 });
  }
}
