/* Geometry a person checks by eye, read from the rendered page (returned to tests/visual as JSON).
 * One call per page: every drawn plotly figure with its plot area, bars, text boxes, tick labels,
 * legend, map area and Sankey link colours, plus what sticks out of the viewport. */
return (function () {
  function box(el) {
    var r = el.getBoundingClientRect();
    return {l: r.left, t: r.top, r: r.right, b: r.bottom, w: r.width, h: r.height};
  }
  function visible(el) {
    var r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) { return false; }
    var s = window.getComputedStyle(el);
    return s.visibility !== "hidden" && s.display !== "none" && parseFloat(s.opacity || "1") > 0;
  }
  function text(el) { return (el.textContent || "").trim(); }
  function rgba(colour) {
    var m = String(colour || "").match(/rgba?\(([^)]+)\)/);
    if (!m) { return null; }
    var p = m[1].split(",").map(function (v) { return parseFloat(v); });
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  }
  var graphs = [];
  document.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
    var root = gd.closest("[id]");
    var svg = gd.querySelector(".main-svg");
    if (!svg || !visible(gd)) { return; }
    var full = gd._fullLayout || {};
    var g = {
      id: root ? root.id : "",
      box: box(svg),
      traces: (gd._fullData || []).filter(function (t) { return t.visible === true; }).map(function (t) {
        return {type: t.type, orientation: t.orientation || "v", n: (t.x || t.y || t.locations || t.node && t.node.label || []).length};
      }),
      plot: null,
      bars: [],
      texts: [],
      ticks: [],
      legend: null,
      modebar: null,
      geo: null,
      sankeyLinks: [],
      paper: full.paper_bgcolor || "",
      page: window.getComputedStyle(document.body).backgroundColor
    };
    var bg = gd.querySelector(".cartesianlayer .subplot .bglayer rect, .bglayer rect");
    var drag = gd.querySelector(".draglayer .xy .nsewdrag");
    if (drag) { g.plot = box(drag); } else if (bg) { g.plot = box(bg); }
    gd.querySelectorAll(".barlayer .trace").forEach(function (tr) {
      tr.querySelectorAll(".point path").forEach(function (p) {
        var b = box(p);
        if (b.w > 0 || b.h > 0) { g.bars.push(b); }
      });
    });
    function addText(kind, el) {
      if (!visible(el) || !text(el)) { return; }
      var b = box(el);
      g.texts.push({kind: kind, text: text(el).slice(0, 60), l: b.l, t: b.t, r: b.r, b: b.b});
    }
    gd.querySelectorAll(".infolayer .gtitle").forEach(function (e) { addText("title", e); });
    gd.querySelectorAll(".infolayer .g-xtitle text, .infolayer .g-ytitle text").forEach(function (e) { addText("axis-title", e); });
    gd.querySelectorAll(".annotation-text-g").forEach(function (e) { addText("annotation", e); });
    gd.querySelectorAll(".xtick text, .ytick text").forEach(function (e) {
      if (!visible(e) || !text(e)) { return; }
      var b = box(e);
      var item = {kind: "tick", text: text(e), l: b.l, t: b.t, r: b.r, b: b.b};
      g.ticks.push(item);
      g.texts.push(item);
    });
    gd.querySelectorAll(".sankey .node-label").forEach(function (e) { addText("sankey-label", e); });
    var legend = gd.querySelector(".infolayer .legend");
    if (legend && visible(legend)) {
      // what a reader sees of a legend: its entries, its title if it says something, and its background if
      // it is painted (a legend's empty title can reserve room for the chart's title, see figures/news.py)
      var parts = Array.from(legend.querySelectorAll(".traces"));
      var head = legend.querySelector(".legendtitletext");
      if (head && text(head).replace(/[\s\u200b]/g, "")) { parts.push(head); }
      var bgRect = legend.querySelector("rect.bg");
      var paint = bgRect ? window.getComputedStyle(bgRect) : null;
      var painted = paint && paint.fill !== "none" && parseFloat(paint.fillOpacity || "1") > 0 &&
        (rgba(paint.fill) || {a: 1}).a > 0;
      if (!parts.length || painted) { parts = [legend]; }
      var lb = parts.map(box).reduce(function (a, b) {
        return {l: Math.min(a.l, b.l), t: Math.min(a.t, b.t), r: Math.max(a.r, b.r), b: Math.max(a.b, b.b)};
      });
      lb.w = lb.r - lb.l; lb.h = lb.b - lb.t;
      g.legend = lb;
      g.texts.push({kind: "legend", text: "legend", l: lb.l, t: lb.t, r: lb.r, b: lb.b});
    }
    var cb = gd.querySelector(".infolayer .colorbar");
    if (cb && visible(cb)) {
      var cbb = box(cb);
      g.texts.push({kind: "colorbar", text: "colorbar", l: cbb.l, t: cbb.t, r: cbb.r, b: cbb.b});
    }
    var bar = gd.querySelector(".modebar");
    if (bar && visible(bar) && window.getComputedStyle(bar).opacity !== "0") { g.modebar = box(bar); }
    var geo = gd.querySelector(".geo .layer.bg rect");
    if (geo) { g.geo = box(geo); }
    gd.querySelectorAll(".sankey .sankey-link").forEach(function (p) {
      var s = window.getComputedStyle(p);
      g.sankeyLinks.push({fill: s.fill, opacity: parseFloat(s.fillOpacity || "1") * parseFloat(s.opacity || "1")});
    });
    graphs.push(g);
  });
  // Tables: per column, the header's text and the first body cells' text and content boxes (a person checks
  // that a header sits over its numbers).
  function textBox(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var r = range.getBoundingClientRect();
    return r.width > 0 ? {l: r.left, r: r.right} : null;
  }
  function contentBox(el) {
    var r = el.getBoundingClientRect(), s = window.getComputedStyle(el);
    return {l: r.left + parseFloat(s.paddingLeft), r: r.right - parseFloat(s.paddingRight)};
  }
  var tables = [];
  document.querySelectorAll("table").forEach(function (tb) {
    if (!visible(tb)) { return; }
    var heads = Array.from(tb.querySelectorAll("thead th"));
    var body = Array.from(tb.querySelectorAll("tbody tr")).slice(0, 8);
    tables.push({
      cls: String(tb.className || ""),
      dir: window.getComputedStyle(tb).direction,
      cols: heads.map(function (th, i) {
        return {
          head: textBox(th), headBox: contentBox(th), name: text(th).slice(0, 30),
          cells: body.map(function (tr) { return tr.children[i]; }).filter(function (td) { return td && text(td); })
            .map(function (td) { return {text: textBox(td), box: contentBox(td)}; })
        };
      })
    });
  });
  var vw = document.documentElement.clientWidth;
  var wide = [];
  document.querySelectorAll("body *").forEach(function (el) {
    if (wide.length > 20 || !visible(el)) { return; }
    var r = el.getBoundingClientRect();
    if (r.right <= vw + 1 && r.left >= -1) { return; }
    if (r.right < 0 || r.bottom < 0) { return; }  // parked off screen on purpose (plotly's text tester, skip links)
    for (var p = el.parentElement; p; p = p.parentElement) {
      var ox = window.getComputedStyle(p).overflowX;
      if (ox === "auto" || ox === "scroll" || ox === "hidden") { return; }
    }
    wide.push((el.id ? "#" + el.id : el.tagName.toLowerCase() + "." + String(el.className || "").split(" ")[0]) +
              " [" + Math.round(r.left) + "," + Math.round(r.right) + "]");
  });
  return {
    viewport: {w: vw, h: window.innerHeight},
    scrollWidth: document.documentElement.scrollWidth,
    wide: wide,
    tables: tables,
    graphs: graphs
  };
})();
