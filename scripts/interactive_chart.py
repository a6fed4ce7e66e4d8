"""Interactive charts for a self-contained HTML page: uPlot (the teaching page's charting library)
embedded in the page, so that hovering a chart shows every series' value at that time, offline.

    chart_html(title=..., x=..., series=[...]) -> '<div class="ichart" data-chart="...">'
    page_parts() -> (html for the end of <body>, css for <head>), or ("", "") when uPlot is missing

A chart is a <div> holding its data as JSON; one script at the end of the page draws them all. A
page should keep its static figures beside them (class "static"): the script hides those on the
screen and shows them for printing, and a browser without JavaScript shows them as they are.
uPlot is looked for beside the scripts (share/repop/js, where the build and `cmake --install` put
it) and in the source tree's teach/node_modules (scripts/setup installs it there).

Standard library only.
"""

import html
import json
import math
import os

UPLOT_FILES = ("uPlot.iife.min.js", "uPlot.min.css")

_HERE = os.path.dirname(os.path.abspath(__file__))
_FOLDERS = (os.path.join(_HERE, "..", "js"), os.path.join(_HERE, "..", "teach", "node_modules", "uplot", "dist"))

# Draws every .ichart once the page is read: the series, a dotted horizontal line for each of the
# chart's `lines` (a lower limit of normal) labelled at its right end, and dotted vertical `marks`
# (course starts). Static figures give way to the charts on screen (class "interactive" on <body>).
_SCRIPT = r"""
(function () {
  document.body.classList.add("interactive");
  function overlays(spec) {
    return function (u) {
      const c = u.ctx, box = u.bbox, px = devicePixelRatio;
      c.save();
      c.lineWidth = px;
      c.setLineDash([3 * px, 4 * px]);
      c.font = (11 * px) + "px system-ui, sans-serif";
      c.textAlign = "right";
      for (const line of spec.lines || []) {
        const y = Math.round(u.valToPos(line.value, "y", true));
        c.strokeStyle = c.fillStyle = line.colour;
        c.beginPath(); c.moveTo(box.left, y); c.lineTo(box.left + box.width, y); c.stroke();
        c.fillText(line.label, box.left + box.width - 4 * px, y - 3 * px);
      }
      for (const mark of spec.marks || []) {
        const x = Math.round(u.valToPos(mark, "x", true));
        c.strokeStyle = "#999999";
        c.beginPath(); c.moveTo(x, box.top); c.lineTo(x, box.top + box.height); c.stroke();
      }
      c.restore();
    };
  }
  for (const box of document.querySelectorAll(".ichart")) {
    const spec = JSON.parse(box.dataset.chart);
    // Values as people read them: four significant figures (the quantiles are within 0.46% anyway).
    const shown = function (u, v) { return v == null ? "\u2013" : String(Number(v.toPrecision(4))); };
    const series = [{ label: spec.x_label, value: function (u, v) { return v == null ? "\u2013" : v.toFixed(2); } }]
      .concat(spec.series.map(function (s) {
        return { label: s.label, stroke: s.colour, width: s.width, dash: s.dash || undefined, points: { show: false },
                 value: shown };
      }));
    const options = {
      title: spec.title, width: Math.max(320, box.clientWidth || 1000), height: spec.height, series: series,
      scales: { x: { time: false }, y: spec.y_range ? { range: spec.y_range } : {} },
      axes: [{ label: spec.x_label }, { label: spec.y_label, size: 64 }],
      hooks: { draw: [overlays(spec)] },
    };
    new uPlot(options, [spec.x].concat(spec.series.map(function (s) { return s.values; })), box);
  }
})();
"""

_CSS = """
.ichart { margin: 0.6em 0 1.2em; }
.ichart .u-title { text-align: left; font-size: 1em; }
.ichart .u-legend th, .ichart .u-legend td { border: none; background: none; padding: 0 0.3em; }
.ichart .u-legend tr { background: none !important; }
.ichart .u-legend { font-size: 0.85em; }
.interactive figure.static { display: none; }
@media print { .interactive figure.static { display: block; } .ichart { display: none; } }
"""


def uplot_folder():
    """The folder holding uPlot's files, or None."""
    for folder in _FOLDERS:
        if all(os.path.isfile(os.path.join(folder, name)) for name in UPLOT_FILES):
            return os.path.normpath(folder)
    return None


def _number(value):
    value = float(value)
    return value if math.isfinite(value) else None


def chart_html(title, x, x_label, series, y_label, height=320, lines=(), marks=(), y_range=None):
    """One chart: `series` [{label, values, colour, width, dash (optional)}] against `x`; `lines`
    [{value, label, colour}] horizontal, `marks` [x] vertical; NaN values are gaps."""
    spec = {
        "title": title, "x": [_number(v) for v in x], "x_label": x_label, "y_label": y_label, "height": height,
        "series": [{"label": s["label"], "values": [_number(v) for v in s["values"]], "colour": s["colour"],
                    "width": s.get("width", 1.5), **({"dash": s["dash"]} if s.get("dash") else {})} for s in series],
        "lines": list(lines), "marks": [_number(m) for m in marks],
        **({"y_range": list(y_range)} if y_range else {}),
    }
    return f'<div class="ichart" data-chart="{html.escape(json.dumps(spec, separators=(",", ":")), quote=True)}"></div>'


def page_parts():
    """(script html for the end of <body>, css for <head>): uPlot and the drawing script inline;
    ("", "") when uPlot is not installed (the page then has its static figures only)."""
    folder = uplot_folder()
    if folder is None:
        return "", ""
    with open(os.path.join(folder, "uPlot.iife.min.js"), encoding="utf-8") as f:
        library = f.read().replace("</script", "<\\/script")
    with open(os.path.join(folder, "uPlot.min.css"), encoding="utf-8") as f:
        css = f.read()
    return f"<script>{library}</script>\n<script>{_SCRIPT}</script>", css + _CSS
