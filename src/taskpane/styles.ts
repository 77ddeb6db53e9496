/**
 * The pane's stylesheet, applied as a constructed stylesheet (document.adoptedStyleSheets): no
 * inline <style> or style attributes, so a strict CSP needs no 'unsafe-inline', and no CSS loader
 * in the build. Colours, radii, spacing and type ramp are Fluent 2 design tokens (values copied from
 * the Fluent 2 web light theme: colorBrandBackground #0F6CBD, colorNeutralForeground1 #242424,
 * colorNeutralStroke1 #D1D1D1, borderRadiusMedium 4px, fontSizeBase300 14px …). See README.md.
 */
export const CSS = `
:root {
  --colorBrandBackground: #0f6cbd; --colorBrandBackgroundHover: #115ea3; --colorBrandBackgroundPressed: #0c3b5e;
  --colorBrandForeground1: #0f6cbd; --colorNeutralForeground1: #242424; --colorNeutralForeground2: #424242;
  --colorNeutralForeground3: #616161; --colorNeutralBackground1: #ffffff; --colorNeutralBackground2: #fafafa;
  --colorNeutralBackground3: #f5f5f5; --colorNeutralStroke1: #d1d1d1; --colorNeutralStroke2: #e0e0e0;
  --colorPaletteRedForeground1: #bc2f32; --colorPaletteRedBackground1: #fdf3f4; --colorPaletteRedBorder1: #eeacb2;
  --colorPaletteGreenForeground1: #0e700e; --colorPaletteYellowBackground1: #fffef5; --colorPaletteYellowBorder1: #fef7b2;
  --borderRadiusMedium: 4px; --spacingS: 8px; --spacingM: 12px; --spacingL: 16px;
  --fontFamilyBase: "Segoe UI", "Segoe UI Web (West European)", -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", sans-serif;
  --fontSizeBase200: 12px; --fontSizeBase300: 14px; --fontSizeBase400: 16px; --fontSizeBase500: 20px;
  --shadow4: 0 0 2px rgba(0,0,0,0.12), 0 2px 4px rgba(0,0,0,0.14);
}
* { box-sizing: border-box; }
body { margin: 0; font-family: var(--fontFamilyBase); font-size: var(--fontSizeBase300); color: var(--colorNeutralForeground1); background: var(--colorNeutralBackground2); }
main { padding: var(--spacingL); max-width: 720px; }
h1 { font-size: var(--fontSizeBase500); font-weight: 600; margin: 0 0 4px; }
h2 { font-size: var(--fontSizeBase400); font-weight: 600; margin: 0 0 var(--spacingS); }
.sub { color: var(--colorNeutralForeground3); font-size: var(--fontSizeBase200); margin: 0 0 var(--spacingM); }
.card { background: var(--colorNeutralBackground1); border-radius: 8px; box-shadow: var(--shadow4); padding: var(--spacingL); margin-bottom: var(--spacingL); }
.banner { border: 1px solid var(--colorPaletteYellowBorder1); background: var(--colorPaletteYellowBackground1); border-radius: var(--borderRadiusMedium); padding: var(--spacingS) var(--spacingM); margin-bottom: var(--spacingM); font-size: var(--fontSizeBase200); }
.banner.error { border-color: var(--colorPaletteRedBorder1); background: var(--colorPaletteRedBackground1); color: var(--colorPaletteRedForeground1); }
.tabs { display: flex; flex-wrap: wrap; gap: 4px; margin-bottom: var(--spacingM); }
.tab { border: 1px solid var(--colorNeutralStroke1); background: var(--colorNeutralBackground1); border-radius: var(--borderRadiusMedium); padding: 5px 10px; font: inherit; font-size: var(--fontSizeBase200); cursor: pointer; color: var(--colorNeutralForeground1); }
.tab[aria-selected="true"] { background: var(--colorBrandBackground); border-color: var(--colorBrandBackground); color: #fff; font-weight: 600; }
.field { display: grid; grid-template-columns: 1fr; gap: 2px; margin-bottom: var(--spacingM); }
.field label { font-weight: 600; font-size: var(--fontSizeBase200); color: var(--colorNeutralForeground2); }
.field .unit { font-weight: 400; color: var(--colorNeutralForeground3); }
.field input, .field select, .field textarea { font: inherit; padding: 5px 10px; min-height: 32px; border: 1px solid var(--colorNeutralStroke1); border-bottom-color: #616161; border-radius: var(--borderRadiusMedium); background: var(--colorNeutralBackground1); color: inherit; width: 100%; }
.field textarea { min-height: 96px; font-family: Consolas, "Courier New", monospace; font-size: var(--fontSizeBase200); }
.field input:focus-visible, .field select:focus-visible, .field textarea:focus-visible { outline: 2px solid var(--colorBrandBackground); outline-offset: 0; border-bottom-color: var(--colorBrandBackground); }
/* a focus ring on every control reached by keyboard (WCAG 2.4.7), 3:1 against the white cards */
.tab:focus-visible, button:focus-visible, summary:focus-visible, a:focus-visible, pre:focus-visible, input[type="file"]:focus-visible, h2[tabindex]:focus-visible { outline: 2px solid var(--colorBrandBackground); outline-offset: 2px; }
.tab[aria-selected="true"]:focus-visible { outline-color: var(--colorNeutralForeground1); }
.field [aria-invalid="true"] { border-color: var(--colorPaletteRedForeground1); }
.field.wide { grid-column: 1 / -1; }
.help { color: var(--colorNeutralForeground3); font-size: var(--fontSizeBase200); }
.err { color: var(--colorPaletteRedForeground1); font-size: var(--fontSizeBase200); min-height: 0; }
.err:empty { display: none; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); column-gap: var(--spacingM); }
.actions { display: flex; flex-wrap: wrap; gap: var(--spacingS); align-items: center; margin-top: var(--spacingS); }
button.btn { font: inherit; font-weight: 600; padding: 5px 12px; min-height: 32px; border-radius: var(--borderRadiusMedium); border: 1px solid var(--colorNeutralStroke1); background: var(--colorNeutralBackground1); color: var(--colorNeutralForeground1); cursor: pointer; }
button.btn:hover:not(:disabled) { background: var(--colorNeutralBackground3); }
button.btn.primary { background: var(--colorBrandBackground); border-color: transparent; color: #fff; }
button.btn.primary:hover:not(:disabled) { background: var(--colorBrandBackgroundHover); }
button.btn:disabled { cursor: not-allowed; color: #bdbdbd; background: #f0f0f0; border-color: #e0e0e0; }
button.link { font: inherit; font-size: var(--fontSizeBase200); background: none; border: none; color: var(--colorBrandForeground1); cursor: pointer; padding: 2px 4px; }
.why { font-size: var(--fontSizeBase200); color: var(--colorNeutralForeground3); }
.metrics { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: var(--spacingS); margin: 0 0 var(--spacingM); }
h3.metric-section { font-size: var(--fontSizeBase300); font-weight: 600; color: var(--colorNeutralForeground2); margin: var(--spacingS) 0 6px; }
.metric { border: 1px solid var(--colorNeutralStroke2); border-radius: var(--borderRadiusMedium); padding: var(--spacingS); }
.metric dt { font-size: var(--fontSizeBase200); color: var(--colorNeutralForeground3); }
.metric dd { margin: 2px 0 0; font-size: var(--fontSizeBase400); font-weight: 600; font-variant-numeric: tabular-nums; }
.metric dd.na { font-size: var(--fontSizeBase200); font-weight: 400; color: var(--colorPaletteRedForeground1); }
.metric dd .exact { font-size: var(--fontSizeBase200); font-weight: 400; color: var(--colorNeutralForeground3); }
/* charts (charts.ts): drawn at their pixel width; every colour has ≥ 3:1 contrast on white (WCAG 1.4.11) */
figure.chart-box { margin: var(--spacingM) 0 0; }
.chart-title { font-size: var(--fontSizeBase200); font-weight: 600; margin: 0 0 4px; }
svg.chart { width: 100%; height: auto; display: block; overflow: hidden; }
svg.chart text { font-size: 11px; fill: var(--colorNeutralForeground2); font-family: var(--fontFamilyBase); }
svg.chart .axis-title { font-weight: 600; }
svg.chart .marker-label { fill: var(--colorNeutralForeground1); font-weight: 600; }
svg.chart .axis { stroke: #8a8886; }
svg.chart .grid { stroke: var(--colorNeutralStroke2); stroke-dasharray: 2 3; }
svg.chart polyline.line { fill: none; stroke-width: 1.4; stroke-linejoin: round; }
svg.chart .main { stroke: #0f6cbd; stroke-width: 2.2; }
svg.chart .reference { stroke: #c50f1f; stroke-width: 1.6; stroke-dasharray: 6 3; }
svg.chart .c0 { stroke: #d83b01; } svg.chart .c1 { stroke: #107c10; } svg.chart .c2 { stroke: #5c2e91; }
svg.chart .c3 { stroke: #986f0b; } svg.chart .c4 { stroke: #038387; }
svg.chart line.marker { stroke: #424242; stroke-width: 1.2; stroke-dasharray: 4 3; }
svg.chart line.marker.median { stroke: #242424; stroke-width: 1.6; stroke-dasharray: 6 2; }
svg.chart line.marker.q { stroke: #424242; stroke-dasharray: 2 2; }
svg.chart line.start { stroke: #242424; stroke-width: 1.2; }
svg.chart rect.bar { fill: #0f6cbd; } svg.chart rect.bar.loss { fill: #d83b01; }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 2px 12px; padding: 0; margin: 6px 0 0; font-size: var(--fontSizeBase200); color: var(--colorNeutralForeground2); }
ul.legend li { display: flex; align-items: center; gap: 4px; }
.swatch { display: inline-block; width: 16px; height: 0; border-top: 3px solid #0f6cbd; }
.swatch.main { border-color: #0f6cbd; } .swatch.reference { border-top: 2px dashed #c50f1f; }
.swatch.c0 { border-color: #d83b01; } .swatch.c1 { border-color: #107c10; } .swatch.c2 { border-color: #5c2e91; }
.swatch.c3 { border-color: #986f0b; } .swatch.c4 { border-color: #038387; }
.swatch.marker { border-top: 2px dashed #424242; } .swatch.start { border-top: 2px solid #242424; }
.swatch.median { border-top: 2px dashed #242424; } .swatch.q { border-top: 2px dotted #424242; }
.swatch.bar { width: 10px; height: 10px; border: 0; background: #0f6cbd; } .swatch.bar.loss { background: #d83b01; }
.chart-note { font-size: var(--fontSizeBase200); color: var(--colorNeutralForeground3); margin: 4px 0 0; }
progress { width: 100%; height: 6px; accent-color: var(--colorBrandBackground); }
table.stats { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: var(--spacingS) 0; }
table.stats th, table.stats td { text-align: left; padding: 2px 12px 2px 0; font-size: var(--fontSizeBase200); }
ul.library { list-style: none; padding: 0; margin: 0; }
ul.library li { border-bottom: 1px solid var(--colorNeutralStroke2); padding: 6px 0; display: flex; flex-wrap: wrap; align-items: center; gap: 4px; }
ul.library li .nm { font-weight: 600; flex: 1 1 auto; }
ul.library li .tp { font-size: var(--fontSizeBase200); color: var(--colorNeutralForeground3); }
ul.library li.corrupt { color: var(--colorPaletteRedForeground1); }
ul.library li.corrupt pre { flex-basis: 100%; white-space: pre-wrap; word-break: break-all; font-size: 11px; max-height: 80px; overflow: auto; background: var(--colorNeutralBackground3); color: var(--colorNeutralForeground2); padding: 4px; margin: 4px 0 0; }
.status { font-size: var(--fontSizeBase200); color: var(--colorNeutralForeground2); min-height: 1.4em; }
.status.error { color: var(--colorPaletteRedForeground1); }
.status.ok { color: var(--colorPaletteGreenForeground1); }
.assumptions { font-size: var(--fontSizeBase200); color: var(--colorNeutralForeground3); padding-left: 18px; margin: var(--spacingS) 0 0; }
/* error explainer (errors-panel.ts) and the delete confirmation */
h3 { font-size: var(--fontSizeBase300); font-weight: 600; margin: var(--spacingM) 0 4px; }
.selected-error { border: 1px solid var(--colorNeutralStroke2); border-radius: var(--borderRadiusMedium); padding: var(--spacingS); }
.selected-error.has-error { border-color: var(--colorPaletteRedBorder1); background: var(--colorPaletteRedBackground1); }
.selected-error p { margin: 0 0 4px; }
.selected-error .cell-label { font-size: var(--fontSizeBase200); color: var(--colorNeutralForeground3); }
.selected-error .err-code strong { color: var(--colorPaletteRedForeground1); }
.selected-error .err-message { overflow-wrap: anywhere; }
ul.sheet-errors { list-style: none; padding: 0; margin: 0; max-height: 240px; overflow: auto; }
ul.sheet-errors li { border-bottom: 1px solid var(--colorNeutralStroke2); padding: 4px 0; display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 8px; font-size: var(--fontSizeBase200); }
ul.sheet-errors .code { font-weight: 600; color: var(--colorPaletteRedForeground1); }
ul.sheet-errors .msg { flex-basis: 100%; overflow-wrap: anywhere; color: var(--colorNeutralForeground2); }
ul.library li .confirm { display: flex; flex-wrap: wrap; align-items: center; gap: var(--spacingS); flex-basis: 100%; }
button.btn.danger { background: var(--colorPaletteRedForeground1); border-color: transparent; color: #fff; }
`;

/** Documents the stylesheet has been applied to. */
const styled = new WeakSet<Document>();

/** Applies the stylesheet to the document once. */
export function applyStyles(doc: Document): void {
  const w = doc.defaultView as (Window & { CSSStyleSheet: typeof CSSStyleSheet }) | null;
  if (!w || styled.has(doc)) return;
  const sheet = new w.CSSStyleSheet();
  sheet.replaceSync(CSS);
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  styled.add(doc);
}
