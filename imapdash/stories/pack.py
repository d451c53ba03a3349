"""Meeting pack: a story as ONE self-contained HTML file that plays with no server and no network.

Meeting rooms often have a laptop, a projector and no usable network. The pack therefore carries
everything inline: plotly.js, the charts' figure JSON, the country polygons (each choropleth's
geometry URL is replaced by the inlined object in the browser), the topojson base map (seeded into
`window.PlotlyGeoAssets` so plotly never fetches it, notes §A5), the Arabic font as a base64
@font-face and the interface text in the chosen language. Links in source notes become plain text,
so no element of the file points at another host. Every slide shows its sources and data vintage;
a pack built with restricted rows says "Restricted — partner use only" on every slide.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from html import escape

from imapdash.i18n import direction, normalise_language, t

_ANCHOR = re.compile(r"<a\s[^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)

PACK_SCRIPT = r"""
(function () {
  "use strict";
  function read(id) { return JSON.parse(document.getElementById(id).textContent); }
  var data = read("pack-data");
  var geo = read("pack-geometry");
  window.PlotlyGeoAssets = {topojson: {world_110m: read("pack-topojson")}};
  var slides = document.querySelectorAll(".pack-slide");
  var current = -1;
  function withGeometry(figure) {
    (figure.data || []).forEach(function (trace) {
      if (typeof trace.geojson === "string") { trace.geojson = geo; }
    });
    return figure;
  }
  function show(index) {
    index = Math.max(0, Math.min(slides.length - 1, index));
    if (index === current) { return; }
    if (current >= 0) {
      slides[current].hidden = true;
      slides[current].querySelectorAll(".pack-chart").forEach(function (el) { Plotly.purge(el); });
    }
    current = index;
    var slide = slides[index];
    slide.hidden = false;
    slide.querySelectorAll(".pack-chart").forEach(function (el) {
      var fig = withGeometry(JSON.parse(JSON.stringify(data.slides[index].charts[+el.dataset.chart].figure)));
      // type sized for the room (assets/js/present.js, as in the app's presentation mode), and the chart
      // fills the room the slide leaves it (the map fills the screen), whatever height it was built at
      var present = window.imapdashPresent;
      var traces = present ? present.data(fig.data) : fig.data;
      var layout = present ? present.layout(fig.layout, el.clientWidth, fig.data) : fig.layout;
      layout.height = Math.max(200, el.clientHeight);
      layout.autosize = true;
      delete layout.width;
      // no toolbar on a projected slide: it would sit on the chart's title
      var config = {displayModeBar: false, responsive: true, topojsonURL: "./"};
      Plotly.newPlot(el, traces, layout, config).then(function () {
        if (fig.frames && fig.frames.length) { Plotly.addFrames(el, fig.frames); }
      });
    });
    document.getElementById("pack-counter").textContent = (index + 1) + " / " + slides.length;
    if (window.location.hash !== "#" + (index + 1)) { history.replaceState(null, "", "#" + (index + 1)); }
  }
  document.addEventListener("keydown", function (e) {
    var keys = {ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1};
    if (document.documentElement.dir === "rtl") { keys.ArrowRight = -1; keys.ArrowLeft = 1; }
    if (e.key in keys) { e.preventDefault(); show(current + keys[e.key]); }
    else if (e.key === "Home") { show(0); }
    else if (e.key === "End") { show(slides.length - 1); }
    else if (e.key === "n") { document.body.classList.toggle("pack-notes"); }
  });
  // Handout: every chart of every slide drawn once more as a PNG next to its live box, then the browser's
  // print dialog; the print CSS puts one slide per page with its images and sources (save as PDF there).
  function handout() {
    var jobs = [];
    slides.forEach(function (slide, s) {
      slide.querySelectorAll(".pack-chart").forEach(function (el) {
        var figure = data.slides[s].charts[+el.dataset.chart].figure;
        var box = document.createElement("div");
        box.style.cssText = "position:fixed;left:-5000px;top:0;width:1600px;height:900px";
        document.body.appendChild(box);
        var fig = withGeometry(JSON.parse(JSON.stringify(figure)));
        var layout = Object.assign({}, fig.layout, {width: 1600, height: 900});
        jobs.push(Plotly.newPlot(box, fig.data, layout, {staticPlot: true, topojsonURL: "./"}).then(function () {
          return Plotly.toImage(box, {format: "png", width: 1600, height: 900});
        }).then(function (url) {
          var img = el.parentNode.querySelector('img.pack-print[data-chart="' + el.dataset.chart + '"]');
          if (!img) {
            img = document.createElement("img");
            img.className = "pack-print";
            img.dataset.chart = el.dataset.chart;
            img.alt = el.getAttribute("aria-label") || "";
            el.parentNode.insertBefore(img, el.nextSibling);
          }
          img.src = url;
          Plotly.purge(box);
          box.remove();
        }));
      });
    });
    return Promise.all(jobs);
  }
  window.imapdashPack = {handout: handout, show: function (n) { show(n - 1); }};
  document.getElementById("pack-handout").addEventListener("click", function () {
    handout().then(function () { window.print(); });
  });
  document.getElementById("pack-prev").addEventListener("click", function () { show(current - 1); });
  document.getElementById("pack-next").addEventListener("click", function () { show(current + 1); });
  show((parseInt(window.location.hash.slice(1), 10) || 1) - 1);
})();
"""

PACK_CSS = """
@font-face { font-family: "Noto Naskh Arabic"; font-weight: 400;
  src: url("data:font/woff2;base64,{font}") format("woff2"); }
html { font-size: max(10px, 1.0417vw); } /* 20 px at 1920 px wide, in proportion on other screens */
html, body { margin: 0; background: #000; color: #fff; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Naskh Arabic", Arial,
  sans-serif; font-size: 1.3rem; }
[dir="rtl"] body { font-family: "Noto Naskh Arabic", system-ui, Tahoma, Arial, sans-serif; }
header.pack-head { display: flex; justify-content: space-between; align-items: center; padding: 0.4rem 1rem;
  background: #111; border-bottom: 1px solid #444; }
header.pack-head h1 { font-size: 1.2rem; margin: 0; }
.pack-nav button { font-size: 1.1rem; background: #222; color: #fff; border: 1px solid #888; padding: 0.2rem 0.8rem; }
.pack-slide { padding: 0.5rem 1rem; display: flex; flex-direction: column; height: calc(100vh - 3.2rem);
  box-sizing: border-box; }
.pack-slide[hidden] { display: none; }
.pack-slide h2 { font-size: 1.8rem; margin: 0.3rem 0; }
.pack-charts { flex: 1; display: flex; gap: 0.6rem; min-height: 0; }
.pack-chart { background: #fff; border-radius: 4px; margin: 0.4rem 0; flex: 1; min-width: 0; min-height: 320px; }
.pack-chart.pack-map { flex: 1.6; }
.pack-charts.pack-grid { display: grid; grid-template-columns: 1fr 1fr; grid-auto-rows: minmax(0, 1fr); }
.pack-grid .pack-chart { min-height: 0; margin: 0; }
.pack-restricted { background: #b00020; color: #fff; font-weight: 700; padding: 0.3rem 0.8rem; display: inline-block; }
.pack-sources { font-size: 1rem; flex: none; color: #ddd; border-top: 1px solid #555; margin-top: 0.4rem;
  padding-top: 0.3rem; }
.pack-note { display: none; font-size: 1.1rem; background: #222; border-left: 4px solid #e69f00; padding: 0.4rem; }
body.pack-notes .pack-note { display: block; }
.pack-nochart { font-size: 1.2rem; color: #ccc; }
:focus-visible { outline: 3px solid #e69f00; }
.pack-print { display: none; }
.pack-nav #pack-handout { margin-inline-start: 0.6rem; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  html { font-size: 12pt; }
  html, body { background: #fff; color: #000; }
  header.pack-head .pack-hint, .pack-nav, .pack-chart { display: none !important; }
  header.pack-head { background: #fff; border-bottom: 1px solid #000; }
  .pack-slide, .pack-slide[hidden] { display: block !important; height: auto; break-after: page; }
  .pack-charts { display: block; }
  .pack-print { display: block; width: 100%; max-height: 150mm; object-fit: contain; margin: 0 auto 4mm; }
  .pack-sources { color: #000; border-top: 1px solid #000; }
  .pack-note { display: block; background: none; border-left: 2pt solid #000; }
  .pack-restricted { border: 2pt solid #b00020; color: #b00020; background: #fff; }
}
"""


def is_map(figure: Mapping) -> bool:
    """A map (choropleth or lines and markers on a geo): it takes the larger share of a slide."""
    return any(str(trace.get("type", "")) in ("choropleth", "scattergeo") for trace in figure.get("data") or ())


def charts_class(count: int) -> str:
    """The slide's chart area: one chart fills it, two sit side by side, three or more make a 2-column grid."""
    return "pack-charts pack-grid" if count > 2 else "pack-charts"


def strip_links(text: str) -> str:
    """Plotly annotation HTML with every <a ...>label</a> reduced to its label."""
    return _ANCHOR.sub(r"\1", text)


def offline_figure(figure: Mapping) -> dict:
    """A copy of a figure whose annotation texts carry no links (the pack never points at other hosts)."""
    layout = dict(figure.get("layout") or {})
    annotations = [dict(a, text=strip_links(str(a.get("text", "")))) for a in layout.get("annotations") or ()]
    if annotations:
        layout["annotations"] = annotations
    offline = {"data": list(figure.get("data") or ()), "layout": layout}
    if figure.get("frames"):  # the route animation's steps: without them the play button does nothing
        offline["frames"] = list(figure["frames"])
    return offline


def _inline_json(text: str) -> str:
    """Already-serialised JSON made safe inside a <script> element.

    `<` and `>` only occur inside JSON strings, where \\u003c and \\u003e mean the same. Escaping every `<`
    (not just `</`) matters: `<!--` followed by `<script` puts the HTML parser into the "double escaped"
    script state, where the closing `</script>` no longer ends the element and the rest of the page
    becomes script text (a story titled `<!--<script>` broke its player page).
    """
    return text.replace("<", "\\u003c").replace(">", "\\u003e")


def script_json(value: object) -> str:
    """JSON safe inside a <script type="application/json"> element (see `_inline_json`)."""
    return _inline_json(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def source_line(sources: Sequence[Sequence[str]], vintage: str, lang: str) -> str:
    """'Sources: Org (https://…); Org2 — data vintage: …' as plain text (no links)."""
    items = [f"{org} ({url})" if url else str(org) for org, url in sources] or [t("stories.pack.no_source", lang)]
    return t("stories.pack.sources", lang, sources="; ".join(dict.fromkeys(items)), vintage=vintage)


def build_pack_html(
    story: Mapping,
    slides: Sequence[Mapping],
    *,
    plotly_js: str,
    present_js: str = "",
    geometry_json: str,
    topojson_json: str,
    font_base64: str,
    lang: str,
    vintage: str,
    restricted: bool = False,
) -> str:
    """The whole pack. `slides`: [{title, note, permalink, charts: [{title, figure, sources, vintage}]}]."""
    lang = normalise_language(lang)
    banner = f'<p class="pack-restricted">{escape(t("stories.pack.restricted", lang))}</p>' if restricted else ""
    payload = {
        "slides": [{"charts": [{"figure": offline_figure(c["figure"])} for c in s.get("charts", ())]} for s in slides]
    }
    sections = []
    used_ids: set[str] = set()
    for number, slide in enumerate(slides, start=1):
        charts = list(slide.get("charts", ()))
        body = []
        for i, chart in enumerate(charts):
            # the live chart's id where it is unique in the pack (tests and styles name charts alike)
            chart_id = str(chart.get("id") or "")
            if not chart_id or chart_id in used_ids:
                chart_id = f"slide-{number}-chart-{i + 1}"
            used_ids.add(chart_id)
            body.append(
                f'<div class="pack-chart{" pack-map" if is_map(chart["figure"]) else ""}" id="{escape(chart_id)}"'
                f' data-chart="{i}" role="img"'
                f' aria-label="{escape(chart["title"])}"></div>'
            )
        if not charts:
            body.append(
                f'<p class="pack-nochart">{escape(t("stories.pack.no_chart", lang, path=slide["permalink"]))}</p>'
            )
        sources = [tuple(pair) for c in charts for pair in c.get("sources", ())]
        vintages = ", ".join(dict.fromkeys(str(c.get("vintage") or vintage) for c in charts)) or vintage
        sections.append(
            f'<section class="pack-slide" id="slide-{number}" hidden aria-label="{escape(slide["title"])}">'
            f'{banner}<h2>{escape(slide["title"])}</h2><div class="{charts_class(len(charts))}">{"".join(body)}</div>'
            f'<p class="pack-sources">{escape(source_line(sources, vintages, lang))}</p>'
            f'<aside class="pack-note">{escape(slide.get("note") or "")}</aside></section>'
        )
    title = escape(story["title"])
    css = PACK_CSS.replace("{font}", font_base64)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}" dir="{direction(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
        f'<style>{css}</style>\n</head>\n<body class="pack-body">\n'
        f'<header class="pack-head"><h1>{title}</h1><span class="pack-hint">{escape(t("stories.pack.hint", lang))}'
        f'</span><span class="pack-nav"><button type="button" id="pack-prev" aria-label="'
        f'{escape(t("stories.previous", lang))}">‹</button> <span id="pack-counter" aria-live="polite"></span> '
        f'<button type="button" id="pack-next" aria-label="{escape(t("stories.next", lang))}">›</button>'
        f'<button type="button" id="pack-handout">{escape(t("stories.pack.handout", lang))}</button></span>'
        f"</header>\n<main>{''.join(sections)}</main>\n"
        f'<script type="application/json" id="pack-data">{script_json(payload)}</script>\n'
        f'<script type="application/json" id="pack-geometry">{_inline_json(geometry_json)}</script>\n'
        f'<script type="application/json" id="pack-topojson">{_inline_json(topojson_json)}</script>\n'
        f"<script>{plotly_js}</script>\n<script>{present_js}</script>\n<script>{PACK_SCRIPT}</script>\n"
        "</body>\n</html>\n"
    )
