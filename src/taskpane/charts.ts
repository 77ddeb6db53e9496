/**
 * The pane's charts as inline SVG, drawn at the pixel width they are shown at (so 11 px text stays 11 px
 * in a 320 px task pane) and laid out from measured label widths: the plot's margins make room for the
 * widest y label and for the x labels at both ends, x labels are thinned (every 2nd, 3rd … tick) until
 * none overlaps, and the legend, the markers' meaning and the notes are HTML below the plot, where they
 * wrap instead of overlapping. Axes come computed (axes.ts): the drawing never changes a range.
 *
 * Only createElement/createElementNS and textContent: no markup strings, no inline styles (the strict
 * CSP), colours from classes in styles.ts.
 */
import {
  axisFraction,
  logAxis,
  niceAxis,
  tickLabel,
  type Axis,
  type LinearAxis,
  type LogAxis,
} from "./axes";
import type { MetricFormat } from "./metrics";
import type { ChartSeries, PreviewChart } from "./preview";
import type { SimulationSummary } from "../engine/simulate";
import type { Histogram } from "../worker/protocol";

type Attrs = Record<string, string | number | undefined>;

const SVG = "http://www.w3.org/2000/svg";
function s(doc: Document, tag: string, attrs: Attrs = {}, text?: string): SVGElement {
  const el = doc.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}
function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  attrs: Attrs = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) e.setAttribute(k, String(v));
  e.append(...children);
  return e;
}

/** Font of the chart text (styles.ts: svg.chart text). */
export const CHART_FONT_PX = 11;
const FONT_FAMILY =
  '"Segoe UI", "Segoe UI Web (West European)", -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", sans-serif';

/** Width of a text in px at the chart font: measured with a canvas where there is one, else estimated. */
export type Measure = (text: string) => number;

export function measurer(doc: Document): Measure {
  let ctx: CanvasRenderingContext2D | null = null;
  try {
    ctx = doc.createElement("canvas").getContext("2d");
  } catch {
    ctx = null;
  }
  if (ctx) {
    ctx.font = `${CHART_FONT_PX}px ${FONT_FAMILY}`;
    const c = ctx;
    // a margin of 8% for the fallback fonts a page may end up with
    return (t) => Math.ceil(c.measureText(t).width * 1.08);
  }
  return (t) => Math.ceil(t.length * CHART_FONT_PX * 0.62);
}

/** The chart's width in px when the pane cannot measure one (the 420 px pane minus its padding). */
export const DEFAULT_CHART_WIDTH = 356;

interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const GAP = 8;

/** Every k-th tick label (k = 1, 2, …) whose labels neither overlap nor leave the chart. */
function thinLabels(
  ticks: readonly number[],
  labels: readonly string[],
  at: (x: number) => number,
  measure: Measure,
  width: number
): boolean[] {
  for (let k = 1; k <= ticks.length; k++) {
    const shown = ticks.map((_, i) => i % k === 0);
    let prevRight = -Infinity;
    let fits = true;
    ticks.forEach((t, i) => {
      if (!shown[i]) return;
      const w = measure(labels[i]);
      const x = at(t);
      if (x - w / 2 < prevRight + GAP || x - w / 2 < 0 || x + w / 2 > width) fits = false;
      prevRight = x + w / 2;
    });
    if (fits) return shown;
  }
  return ticks.map((_, i) => i === 0);
}

/** Words of `text` in lines no wider than `max` px (a word wider than that gets a line of its own). */
export function wrapText(text: string, max: number, measure: Measure): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(next) > max) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

const LINE = 14;

/** Plot margins that fit the y labels on the left and the end x labels on both sides. */
function frame(
  width: number,
  plotHeight: number,
  yLabelWidth: number,
  xAxis: Axis,
  xLabels: readonly string[],
  measure: Measure,
  top: number,
  xTitleLines = 1,
  y2LabelWidth = 0
): Frame {
  let left = Math.max(yLabelWidth + 8, 24);
  let right = y2LabelWidth > 0 ? y2LabelWidth + 8 : 12;
  const firstT = xAxis.ticks[0];
  const lastT = xAxis.ticks[xAxis.ticks.length - 1];
  for (let round = 0; round < 4; round++) {
    const plotW = width - left - right;
    if (firstT !== undefined) {
      const x = left + axisFraction(xAxis, firstT) * plotW;
      const over = measure(xLabels[0]) / 2 - x;
      if (over > 0) left += over + 1;
    }
    if (lastT !== undefined) {
      const x = left + axisFraction(xAxis, lastT) * (width - left - right);
      const over = x + measure(xLabels[xLabels.length - 1]) / 2 - width;
      if (over > 0) right += over + 1;
    }
  }
  const bottom = 28 + LINE * xTitleLines; // x labels, then the x axis title
  return { width, height: top + plotHeight + bottom, left, right, top, bottom };
}

const plotX = (f: Frame, axis: Axis) => (x: number) =>
  f.left + axisFraction(axis, x) * (f.width - f.left - f.right);
const plotY = (f: Frame, axis: LinearAxis) => (y: number) =>
  f.top + (1 - axisFraction(axis, y)) * (f.height - f.top - f.bottom);

function labelsOf(axis: Axis, format: MetricFormat): string[] {
  return axis.ticks.map((t) =>
    axis.scale === "log"
      ? t.toLocaleString("en-US", { maximumFractionDigits: 10 })
      : tickLabel(t, format, axis.step)
  );
}

/** A right-hand value axis: its ticks' labels, its title and the baseline of that title. */
interface RightAxis {
  axis: LinearAxis;
  labels: string[];
  title: string;
  titleY: number;
}

/** Axes, grid, tick labels and axis titles; returns the x and y mappings. */
function drawAxes(
  doc: Document,
  svg: SVGElement,
  f: Frame,
  x: { axis: Axis; labels: string[]; title: string[] },
  y: { axis: LinearAxis; labels: string[]; title: string },
  measure: Measure,
  y2?: RightAxis
) {
  const X = plotX(f, x.axis);
  const Y = plotY(f, y.axis);
  const bottom = f.height - f.bottom;
  const g = s(doc, "g", { class: "axes" });
  y.axis.ticks.forEach((t, i) => {
    g.append(
      s(doc, "line", { x1: f.left, x2: f.width - f.right, y1: Y(t), y2: Y(t), class: "grid" })
    );
    g.append(
      s(
        doc,
        "text",
        { x: f.left - 5, y: Y(t) + 3.5, "text-anchor": "end", class: "tick y" },
        y.labels[i]
      )
    );
  });
  const shown = thinLabels(x.axis.ticks, x.labels, X, measure, f.width);
  x.axis.ticks.forEach((t, i) => {
    g.append(s(doc, "line", { x1: X(t), x2: X(t), y1: bottom, y2: bottom + 4, class: "axis" }));
    if (shown[i])
      g.append(
        s(
          doc,
          "text",
          { x: X(t), y: bottom + 19, "text-anchor": "middle", class: "tick x" },
          x.labels[i]
        )
      );
  });
  g.append(s(doc, "line", { x1: f.left, x2: f.left, y1: f.top, y2: bottom, class: "axis" }));
  g.append(
    s(doc, "line", { x1: f.left, x2: f.width - f.right, y1: bottom, y2: bottom, class: "axis" })
  );
  // axis titles: y above its axis (horizontal, never clipped), x centred under the labels
  g.append(s(doc, "text", { x: 0, y: 12, "text-anchor": "start", class: "axis-title y" }, y.title));
  if (y2) {
    const Y2 = plotY(f, y2.axis);
    const rx = f.width - f.right;
    g.append(s(doc, "line", { x1: rx, x2: rx, y1: f.top, y2: bottom, class: "axis" }));
    y2.axis.ticks.forEach((t, i) => {
      g.append(s(doc, "line", { x1: rx, x2: rx + 4, y1: Y2(t), y2: Y2(t), class: "axis" }));
      g.append(
        s(
          doc,
          "text",
          { x: rx + 6, y: Y2(t) + 3.5, "text-anchor": "start", class: "tick y2" },
          y2.labels[i]
        )
      );
    });
    g.append(
      s(
        doc,
        "text",
        { x: f.width - 2, y: y2.titleY, "text-anchor": "end", class: "axis-title y2" },
        y2.title
      )
    );
  }
  x.title.forEach((line, i) =>
    g.append(
      s(
        doc,
        "text",
        {
          x: f.width / 2,
          y: bottom + 34 + LINE * i,
          "text-anchor": "middle",
          class: "axis-title x",
        },
        line
      )
    )
  );
  svg.append(g);
  return { X, Y };
}

/** Series classes: the scenario's own line, comparison lines (c0…c4), thresholds (dashed). */
function seriesClass(ser: ChartSeries, contextIndex: number): string {
  if (ser.role === "main") return "main";
  if (ser.role === "reference") return "reference";
  return `c${contextIndex % 5}`;
}

function legend(doc: Document, items: Array<{ cls: string; text: string }>): HTMLElement {
  return el(
    doc,
    "ul",
    { class: "legend" },
    ...items.map((i) =>
      el(
        doc,
        "li",
        {},
        el(doc, "span", { class: `swatch ${i.cls}`, "aria-hidden": "true" }),
        i.text
      )
    )
  );
}

let figureCount = 0;

/** A figure: caption (the title), the SVG, the legend and notes. */
function figure(
  doc: Document,
  title: string,
  dataChart: string,
  svg: SVGElement,
  summary: string,
  legendItems: Array<{ cls: string; text: string }>,
  notes: readonly string[]
): HTMLElement {
  const id = `chart-${++figureCount}`;
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-labelledby", `${id}-title`);
  svg.setAttribute("aria-describedby", `${id}-desc`);
  svg.setAttribute("data-chart", dataChart);
  return el(
    doc,
    "figure",
    { class: "chart-box", "data-chart-box": dataChart },
    el(doc, "figcaption", { id: `${id}-title`, class: "chart-title" }, title),
    svg,
    legend(doc, legendItems),
    el(doc, "p", { id: `${id}-desc`, class: "chart-note" }, [summary, ...notes].join(" "))
  );
}

const range = (axis: Axis, format: MetricFormat) =>
  `${tickLabel(axis.min, format, axis.scale === "linear" ? axis.step : undefined)} to ${tickLabel(axis.max, format, axis.scale === "linear" ? axis.step : undefined)}`;

/** A line chart of the preview (one of the template's charts, the same as the sheet's). */
export function lineChart(
  doc: Document,
  chart: PreviewChart,
  width = DEFAULT_CHART_WIDTH,
  measure: Measure = measurer(doc)
): HTMLElement {
  if (chart.bars && chart.bins) return barChart(doc, chart, width, measure);
  const xLabels = labelsOf(chart.xAxis, chart.xFormat);
  const yLabels = labelsOf(chart.yAxis, chart.yFormat);
  const yw = Math.max(...yLabels.map(measure));
  const plotH = width < 300 ? 130 : 150;
  const xTitle = wrapText(chart.xLabel, width - 8, measure);
  const right = rightAxis(chart, width, measure);
  const f = frame(
    width,
    plotH,
    yw,
    chart.xAxis,
    xLabels,
    measure,
    right.top,
    xTitle.length,
    right.labelWidth
  );
  const svg = s(doc, "svg", {
    class: "chart",
    width: f.width,
    height: f.height,
    viewBox: `0 0 ${f.width} ${f.height}`,
  });
  const { X, Y } = drawAxes(
    doc,
    svg,
    f,
    { axis: chart.xAxis, labels: xLabels, title: xTitle },
    { axis: chart.yAxis, labels: yLabels, title: chart.yLabel },
    measure,
    right.axis
  );
  const Y2 = right.axis ? plotY(f, right.axis.axis) : Y;
  const clipId = `clip-${++figureCount}`;
  const clip = s(doc, "clipPath", { id: clipId });
  clip.append(
    s(doc, "rect", {
      x: f.left,
      y: f.top - 2,
      width: f.width - f.left - f.right,
      height: f.height - f.top - f.bottom + 4,
    })
  );
  svg.append(clip);
  const plot = s(doc, "g", { "clip-path": `url(#${clipId})` });
  const items: Array<{ cls: string; text: string }> = [];
  let ctx = 0;
  const classes = chart.series.map((ser) => seriesClass(ser, ser.role === "context" ? ctx++ : 0));
  // comparison lines first, the scenario's own line on top
  const order = chart.series
    .map((ser, i) => i)
    .sort(
      (a, b) =>
        (chart.series[a].role === "main" ? 1 : 0) - (chart.series[b].role === "main" ? 1 : 0)
    );
  for (const i of order) {
    const ser = chart.series[i];
    const toY = ser.axis === "y2" ? Y2 : Y;
    plot.append(
      s(doc, "polyline", {
        class: `line ${classes[i]}`,
        points: ser.points.map(([x, y]) => `${X(x).toFixed(1)},${toY(y).toFixed(1)}`).join(" "),
      })
    );
  }
  chart.series.forEach((ser, i) =>
    items.push({
      cls: classes[i],
      text: ser.axis === "y2" && right.axis ? `${ser.name} (right axis)` : ser.name,
    })
  );
  if (chart.marker && chart.marker.x >= chart.xAxis.min && chart.marker.x <= chart.xAxis.max) {
    const mx = X(chart.marker.x);
    plot.append(
      s(doc, "line", { x1: mx, x2: mx, y1: f.top, y2: f.height - f.bottom, class: "marker" })
    );
    items.push({ cls: "marker", text: chart.marker.label });
  }
  svg.append(plot);
  return figure(doc, chart.title, chart.title, svg, summaryOf(chart), items, chart.notes);
}

/** The axes' ranges in words (the figure's description). */
function summaryOf(chart: PreviewChart): string {
  const y2 =
    chart.y2Axis && chart.y2Label
      ? `; ${chart.y2Label.toLowerCase()} (right) ${range(chart.y2Axis, chart.y2Format ?? "num")}`
      : "";
  return `${chart.xLabel} ${range(chart.xAxis, chart.xFormat)}; ${chart.yLabel.toLowerCase()} ${range(chart.yAxis, chart.yFormat)}${y2}.`;
}

/**
 * The right-hand axis of a chart with one (its labels' width) and the plot's top: the two axis titles share
 * the top line when they fit side by side, else the right one goes on a second line.
 */
function rightAxis(
  chart: PreviewChart,
  width: number,
  measure: Measure
): { axis?: RightAxis; labelWidth: number; top: number } {
  if (!chart.y2Axis) return { labelWidth: 0, top: 22 };
  const labels = labelsOf(chart.y2Axis, chart.y2Format ?? "num");
  const title = chart.y2Label ?? "";
  const oneLine = measure(chart.yLabel) + measure(title) + 16 <= width;
  return {
    axis: { axis: chart.y2Axis, labels, title, titleY: oneLine ? 12 : 26 },
    labelWidth: Math.max(...labels.map(measure)) + 6,
    top: oneLine ? 22 : 36,
  };
}

/**
 * Stacked bars over price bins (the liquidation map): one bar per bin and series, stacked in series order,
 * on the chart's linear x axis; the marker (the mark price) as a dashed line.
 */
function barChart(
  doc: Document,
  chart: PreviewChart,
  width: number,
  measure: Measure
): HTMLElement {
  const bins = chart.bins ?? [];
  const xLabels = labelsOf(chart.xAxis, chart.xFormat);
  const yLabels = labelsOf(chart.yAxis, chart.yFormat);
  const yw = Math.max(...yLabels.map(measure));
  const plotH = width < 300 ? 130 : 150;
  const xTitle = wrapText(chart.xLabel, width - 8, measure);
  const f = frame(width, plotH, yw, chart.xAxis, xLabels, measure, 22, xTitle.length);
  const svg = s(doc, "svg", {
    class: "chart",
    width: f.width,
    height: f.height,
    viewBox: `0 0 ${f.width} ${f.height}`,
  });
  const { X, Y } = drawAxes(
    doc,
    svg,
    f,
    { axis: chart.xAxis, labels: xLabels, title: xTitle },
    { axis: chart.yAxis, labels: yLabels, title: chart.yLabel },
    measure
  );
  const cls = (ser: ChartSeries) => (ser.role === "main" ? "bar" : "bar loss");
  bins.forEach((bin, i) => {
    let base = 0;
    for (const ser of chart.series) {
      const h = ser.points[i]?.[1] ?? 0;
      if (!(h > 0)) continue;
      const x0 = X(bin.from);
      const x1 = X(bin.to);
      const yTop = Y(base + h);
      const yBottom = Y(base);
      svg.append(
        s(doc, "rect", {
          class: cls(ser),
          x: (x0 + 0.5).toFixed(2),
          y: yTop.toFixed(2),
          width: Math.max(x1 - x0 - 1, 0.8).toFixed(2),
          height: Math.max(yBottom - yTop, 0.5).toFixed(2),
        })
      );
      base += h;
    }
  });
  const items = chart.series.map((ser) => ({ cls: cls(ser), text: ser.name }));
  if (chart.marker && chart.marker.x >= chart.xAxis.min && chart.marker.x <= chart.xAxis.max) {
    const mx = X(chart.marker.x);
    svg.append(
      s(doc, "line", { x1: mx, x2: mx, y1: f.top, y2: f.height - f.bottom, class: "marker" })
    );
    items.push({ cls: "marker", text: chart.marker.label });
  }
  return figure(doc, chart.title, chart.title, svg, summaryOf(chart), items, chart.notes);
}

// ---- the Monte Carlo distribution -------------------------------------------------------------

const pct = (x: number) => {
  const p = x * 100;
  return `${p.toFixed(p === 0 || p >= 10 ? 0 : p >= 1 ? 1 : 2)}%`;
};
/** A NAV ratio with 3 significant digits (0.00123, 0.512, 14.3). */
export function ratioText(x: number): string {
  if (x === 0) return "0";
  if (!Number.isFinite(x)) return "—";
  const a = Math.abs(x);
  if (a >= 1000) return x.toLocaleString("en-US", { maximumFractionDigits: 0 });
  const digits = Math.max(0, 2 - Math.floor(Math.log10(a)));
  return x.toFixed(Math.min(digits, 8));
}

/** The paths outside the drawn range, in words. */
export function tailText(hist: Histogram, paths: number): string {
  const lo = hist.edges[0];
  const hi = hist.edges[hist.edges.length - 1];
  const share = (n: number) =>
    `${n.toLocaleString("en-US")} path${n === 1 ? "" : "s"} (${pct(n / paths)})`;
  const parts: string[] = [];
  if (hist.below > 0) {
    const zeros = hist.zeros ?? 0;
    const lowest =
      hist.min === undefined
        ? ""
        : zeros > 0
          ? `; ${zeros.toLocaleString("en-US")} of them lost everything (NAV 0)`
          : `; the lowest ended at ${ratioText(hist.min)}`;
    parts.push(`${share(hist.below)} ended below ${ratioText(lo)}${lowest}`);
  }
  if (hist.above > 0)
    parts.push(
      `${share(hist.above)} ended above ${ratioText(hi)}${hist.max === undefined ? "" : `, the highest at ${ratioText(hist.max)}`}`
    );
  return parts.length
    ? `Not drawn, to keep the bars readable: ${parts.join("; ")}.`
    : "Every path is drawn.";
}

/**
 * The NAV ratio's distribution: a histogram on a log x axis (each bar the same ×k range of the ratio,
 * so a right-skewed ratio spreads out instead of piling into one bar), its y axis the share of paths,
 * P5, the median and P95 marked, the start (1) marked, and the paths outside the bars told in words.
 */
export function histogramChart(
  doc: Document,
  hist: Histogram,
  summary: Pick<SimulationSummary, "p5" | "median" | "p95" | "paths">,
  width = DEFAULT_CHART_WIDTH,
  measure: Measure = measurer(doc)
): HTMLElement {
  const log = hist.scale === "log";
  const lo = hist.edges[0];
  const hi = hist.edges[hist.edges.length - 1];
  const xAxis: Axis = log
    ? logAxis(lo, hi, width < 300 ? 5 : 7)
    : niceAxis(lo, hi, { maxTicks: 6 });
  const paths = Math.max(1, summary.paths);
  const shares = hist.counts.map((c) => c / paths);
  const yAxis = niceAxis(0, Math.max(...shares, 0.01), { bounds: { min: 0, max: 1 }, maxTicks: 5 });
  const xLabels = labelsOf(xAxis, "ratio");
  const xTitle = wrapText(
    `NAV after the horizon (start = 1${log ? ", log scale" : ""})`,
    width - 8,
    measure
  );
  const yLabels = labelsOf(yAxis, "pct");
  const yw = Math.max(...yLabels.map(measure));

  // marker labels above the plot, staggered onto rows so none overlaps another
  const markers = [
    { x: summary.p5, label: "P5", cls: "q" },
    { x: summary.median, label: "Median", cls: "median" },
    { x: summary.p95, label: "P95", cls: "q" },
  ].filter((m) => m.x >= xAxis.min && m.x <= xAxis.max);
  const plotH = width < 300 ? 120 : 140;
  const rowsTop = 22;
  // frame first with one marker row, then add rows if the labels need them
  let f = frame(width, plotH, yw, xAxis, xLabels, measure, rowsTop + 14, xTitle.length);
  const X = () => plotX(f, xAxis);
  const rows: number[] = [];
  const placed: Array<{ left: number; right: number; row: number }> = [];
  for (const m of markers) {
    const w = measure(m.label);
    let cx = X()(m.x);
    cx = Math.min(Math.max(cx, w / 2), width - w / 2);
    let row = 0;
    while (placed.some((p) => p.row === row && cx - w / 2 < p.right + 4 && cx + w / 2 > p.left - 4))
      row++;
    placed.push({ left: cx - w / 2, right: cx + w / 2, row });
    rows.push(row);
  }
  const rowCount = Math.max(1, ...rows.map((r) => r + 1));
  f = frame(width, plotH, yw, xAxis, xLabels, measure, rowsTop + 14 * rowCount, xTitle.length);

  const svg = s(doc, "svg", {
    class: "chart",
    width: f.width,
    height: f.height,
    viewBox: `0 0 ${f.width} ${f.height}`,
  });
  const { X: Xf, Y } = drawAxes(
    doc,
    svg,
    f,
    { axis: xAxis, labels: xLabels, title: xTitle },
    { axis: yAxis, labels: yLabels, title: "Share of paths" },
    measure
  );
  const base = f.height - f.bottom;
  hist.counts.forEach((c, i) => {
    if (c === 0) return;
    const a = hist.edges[i];
    const b = hist.edges[i + 1];
    const mid = log ? Math.sqrt(a * b) : (a + b) / 2;
    const x0 = Xf(a);
    const x1 = Xf(b);
    const top = Y(shares[i]);
    svg.append(
      s(doc, "rect", {
        class: mid < 1 ? "bar loss" : "bar",
        x: (x0 + 0.5).toFixed(2),
        y: top.toFixed(2),
        width: Math.max(x1 - x0 - 1, 0.8).toFixed(2),
        height: Math.max(base - top, 0).toFixed(2),
      })
    );
  });
  const line = (x: number, cls: string) =>
    svg.append(s(doc, "line", { x1: Xf(x), x2: Xf(x), y1: f.top, y2: base, class: cls }));
  if (1 >= xAxis.min && 1 <= xAxis.max) line(1, "start");
  markers.forEach((m, i) => {
    line(m.x, `marker ${m.cls}`);
    const w = measure(m.label);
    const cx = Math.min(Math.max(Xf(m.x), w / 2), width - w / 2);
    svg.append(
      s(
        doc,
        "text",
        {
          x: cx,
          y: rowsTop + 10 + 14 * rows[i],
          "text-anchor": "middle",
          class: `marker-label ${m.cls}`,
        },
        m.label
      )
    );
  });
  const items = [
    { cls: "bar loss", text: "Ended below the start (a loss)" },
    { cls: "bar", text: "Ended at or above the start" },
    { cls: "start", text: "Start (1)" },
    { cls: "median", text: `Median ${ratioText(summary.median)}` },
    { cls: "q", text: `P5 ${ratioText(summary.p5)} · P95 ${ratioText(summary.p95)}` },
  ];
  const k = log && hist.counts.length > 0 ? (hi / lo) ** (1 / hist.counts.length) : undefined;
  const how = log
    ? `Log scale: each bar spans the same ×${k!.toFixed(2)} range of the NAV ratio; its height is the share of the ${paths.toLocaleString("en-US")} paths ending in it.`
    : `Each bar's height is the share of the ${paths.toLocaleString("en-US")} paths ending in it.`;
  return figure(
    doc,
    "Distribution of NAV after the horizon (start = 1)",
    "histogram",
    svg,
    how,
    items,
    [tailText(hist, paths)]
  );
}

export type { LogAxis };
