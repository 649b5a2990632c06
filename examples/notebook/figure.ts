// The running mean/variance figure of the notebook (two panels, true value as
// a dashed line), rendered headlessly with vega-lite + vega to SVG.
import * as vega from "vega";
import * as vl from "vega-lite";

export interface Panel {
  title: string;
  ylabel: string;
  values: number[];
  truth: number;
  truthLabel: string;
}

function panelSpec(p: Panel): vl.TopLevelSpec["hconcat" & keyof vl.TopLevelSpec] {
  const line = p.values.map((v, i) => ({ sample: i, value: v, series: p.ylabel }));
  return {
    title: p.title,
    width: 420,
    height: 260,
    layer: [
      {
        data: { values: line },
        mark: { type: "line", strokeWidth: 1.5 },
        encoding: {
          x: { field: "sample", type: "quantitative", title: "Sample", axis: { grid: true, gridOpacity: 0.3 } },
          y: { field: "value", type: "quantitative", title: p.ylabel, axis: { grid: true, gridOpacity: 0.3 } },
        },
      },
      {
        data: { values: [{ value: p.truth, label: p.truthLabel }] },
        mark: { type: "rule", color: "red", strokeDash: [6, 4] },
        encoding: {
          y: { field: "value", type: "quantitative" },
          color: { field: "label", type: "nominal", scale: { range: ["red"] }, title: null },
        },
      },
    ],
  } as never;
}

function figureRuntime(mean: Panel, variance: Panel): vega.Runtime {
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    hconcat: [panelSpec(mean), panelSpec(variance)],
    resolve: { scale: { color: "independent" } },
  } as vl.TopLevelSpec;
  return vega.parse(vl.compile(spec).spec);
}

/** SVG text of the two-panel figure. */
export async function runningStatsSvg(mean: Panel, variance: Panel): Promise<string> {
  return new vega.View(figureRuntime(mean, variance), { renderer: "none" }).toSVG();
}

/** The same figure drawn live into the page element `container` (a CSS selector; SVG renderer, so its marks can be inspected). */
export async function drawRunningStats(mean: Panel, variance: Panel, container: string): Promise<void> {
  await new vega.View(figureRuntime(mean, variance), { renderer: "svg", container }).runAsync();
}
