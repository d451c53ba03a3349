/* Presentation mode for charts: type sized for a meeting room.
 *
 * In presentation mode (?present=1, also every story slide and the meeting pack) each figure passes
 * through `imapdashPresent.layout()` before plotly draws it: every font in the layout and in the traces
 * is scaled by SCALE and never below MIN_PX (18 px on a 1920x1080 projector: ticks, legends, source
 * lines), and the margins grow with the type so the larger source line and titles keep their room.
 * The figures themselves stay as the server built them (the same figure is exported, embedded and
 * shown on a desk); only the drawing is adapted. dcc.Graph calls the global `Plotly.react`, which is
 * wrapped as soon as plotly.js is loaded (Dash loads it lazily, after this file).
 * The meeting pack inlines this file and calls the same function, so pack and app read alike.
 */
(function () {
  "use strict";

  var SCALE = 1.45;
  var MIN_PX = 18;
  var BASE_PX = 12; // plotly's default font size
  var NOTE_SHIFT = 1.7; // notes under the plot move further down: ticks and axis title are larger
  var FONT_KEYS = ["font", "tickfont", "textfont", "insidetextfont", "outsidetextfont", "hoverfont"];

  function presenting() {
    try {
      if (new URLSearchParams(window.location.search).get("present") === "1") { return true; }
    } catch (e) { /* file:// without a query */ }
    return !!(document.body && (document.body.classList.contains("presenting") ||
                                document.body.classList.contains("pack-body")));
  }

  function bigger(size) {
    var value = typeof size === "number" ? size : BASE_PX;
    return Math.max(MIN_PX, Math.round(value * SCALE));
  }

  // Scale every font object found under `node` (a layout or a trace), in place on a copy.
  function scaleFonts(node, depth) {
    if (!node || typeof node !== "object" || depth > 6) { return; }
    if (Array.isArray(node)) { node.forEach(function (item) { scaleFonts(item, depth + 1); }); return; }
    Object.keys(node).forEach(function (key) {
      var value = node[key];
      if (FONT_KEYS.indexOf(key) >= 0 && value && typeof value === "object" && !Array.isArray(value)) {
        if (Array.isArray(value.size)) {
          value.size = value.size.map(bigger);
        } else if (value.size !== undefined || key === "font") {
          value.size = bigger(value.size);
        }
      } else if (value && typeof value === "object") {
        scaleFonts(value, depth + 1);
      }
    });
  }

  function copy(value) { return value === undefined ? value : JSON.parse(JSON.stringify(value)); }

  function mark(object) {
    Object.defineProperty(object, "__presented", {value: true});
    return object;
  }

  function presentLayout(layout) {
    if (layout && layout.__presented) { return layout; }  // plotly handing back a layout drawn already
    var out = copy(layout || {});
    out.font = out.font || {};
    scaleFonts(out, 0);
    if (!out.font.size || out.font.size < MIN_PX) { out.font.size = bigger(out.font.size); }
    if (out.margin) {
      ["t", "b", "l", "r"].forEach(function (side) {
        if (typeof out.margin[side] === "number" && out.margin[side] > 20) {
          out.margin[side] = Math.round(out.margin[side] * SCALE);
        }
      });
    }
    // Notes under the plot area (the source line) move down with the larger tick labels and axis titles,
    // and the bottom margin grows to keep them inside the figure.
    var below = 0;
    (out.annotations || []).forEach(function (note) {
      if (note.yref === "paper" && typeof note.yshift === "number" && note.yshift < 0 && (note.y || 0) <= 0) {
        note.yshift = Math.round(note.yshift * NOTE_SHIFT);
        below = Math.max(below, -note.yshift + Math.round(((note.font && note.font.size) || MIN_PX) * 1.4));
      }
    });
    if (below) {
      out.margin = out.margin || {};
      out.margin.b = Math.max(out.margin.b || 0, below + 6);
    }
    // A legend under the plot would collide with the source line: it goes to the right of the plot.
    if (out.legend && typeof out.legend.y === "number" && out.legend.y < 0) {
      Object.assign(out.legend, {orientation: "v", x: 1.02, xanchor: "left", y: 1, yanchor: "top"});
    }
    if (typeof out.height === "number") { out.height = Math.round(out.height * Math.min(SCALE, 1.25)); }
    return mark(out);
  }

  function presentData(data) {
    return (data || []).map(function (trace) {
      var needs = FONT_KEYS.some(function (key) { return trace && trace[key]; }) ||
        (trace && (trace.marker || trace.node || trace.link || trace.colorbar));
      if (!needs || trace.__presented) { return trace; }
      var out = Object.assign({}, trace);
      ["marker", "node", "link", "colorbar", "header", "cells"].forEach(function (key) {
        if (out[key]) { out[key] = copy(out[key]); }
      });
      FONT_KEYS.forEach(function (key) { if (out[key]) { out[key] = copy(out[key]); } });
      scaleFonts(out, 0);
      if (out.type === "sankey" && !(out.textfont && out.textfont.size)) {
        out.textfont = Object.assign({}, out.textfont, {size: bigger(out.textfont && out.textfont.size)});
      }
      return mark(out);
    });
  }

  function presentFigure(figure) {
    if (!figure || figure.__presented) { return figure; }
    return mark(Object.assign({}, figure, {data: presentData(figure.data), layout: presentLayout(figure.layout)}));
  }

  function wrap(plotly) {
    if (!plotly || plotly.__imapdashPresent) { return; }
    ["react", "newPlot"].forEach(function (name) {
      var original = plotly[name];
      if (typeof original !== "function") { return; }
      plotly[name] = function (gd, data, layout, config) {
        if (presenting()) {
          if (data && !Array.isArray(data) && typeof data === "object") {
            data = presentFigure(data);
          } else {
            data = presentData(data);
            layout = presentLayout(layout);
          }
        }
        return original.call(plotly, gd, data, layout, config);
      };
    });
    Object.defineProperty(plotly, "__imapdashPresent", {value: true});
  }

  window.imapdashPresent = {figure: presentFigure, layout: presentLayout, data: presentData, wrap: wrap,
                            MIN_PX: MIN_PX, SCALE: SCALE};

  if (window.Plotly) {
    wrap(window.Plotly);
  } else {
    var held;
    Object.defineProperty(window, "Plotly", {
      configurable: true,
      enumerable: true,
      get: function () { return held; },
      set: function (value) { held = value; wrap(value); },
    });
  }
})();
