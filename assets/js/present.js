/* Presentation mode for charts: type sized for a meeting room.
 *
 * In presentation mode (?present=1, also every story slide and the meeting pack) each figure passes
 * through `imapdashPresent.layout()` before plotly draws it: every font in the layout and in the traces
 * is scaled by SCALE and never below MIN_PX (18 px on a 1920x1080 projector: ticks, legends, source
 * lines), and the margins grow with the type so the larger source line and titles keep their room.
 * Other screens scale all of it with their width (`room()`): 2/3 on a 1280x720 projector, 2x on 3840x2160.
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
  var NOTE_SHIFT = 1.7;
  var TOP_WITHOUT_LEGEND = 110; // px: room for a two-line title at room size
  var REFERENCE_WIDTH = 1920; // the sizes above are for a 1920x1080 projector; other screens scale them

  // Screens are sized like slides: a 1280x720 projector shows the same picture as a 1920x1080 one, 2/3 as
  // many pixels; a 3840x2160 screen twice as many (20-present.css scales the page text the same way, 1vw).
  function room() {
    var width = window.innerWidth || REFERENCE_WIDTH;
    return Math.max(0.5, width / REFERENCE_WIDTH);
  } // notes under the plot move further down: ticks and axis title are larger
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
    var factor = room();
    return Math.max(Math.round(MIN_PX * factor), Math.round(value * SCALE * factor));
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

  // A horizontal colour bar with many labelled ticks: at room size the labels would run into each other,
  // so every other label is left out (the ticks stay).
  function thinColorbars(node, depth) {
    if (!node || typeof node !== "object" || depth > 5) { return; }
    Object.keys(node).forEach(function (key) {
      var value = node[key];
      if (key === "colorbar" && value && value.orientation === "h" && Array.isArray(value.ticktext) &&
          value.ticktext.length >= 6) {
        value.ticktext = value.ticktext.map(function (text, i) { return i % 2 ? "" : text; });
      } else if (value && typeof value === "object" && key !== "data") {
        thinColorbars(value, depth + 1);
      }
    });
  }

  function copy(value) { return value === undefined ? value : JSON.parse(JSON.stringify(value)); }

  function mark(object) {
    Object.defineProperty(object, "__presented", {value: true});
    return object;
  }

  // Break a long note into lines that fit `chars` characters (plotly annotations do not wrap).
  function wrapText(text, chars) {
    if (!text || text.length <= chars || text.indexOf("<br") >= 0) { return text; }
    var lines = [], line = "";
    // spaces inside tags (<a href=… target=…>) are not places to break
    var guarded = text.replace(/<[^>]*>/g, function (tag) { return tag.replace(/ /g, "\u0000"); });
    guarded.split(" ").map(function (word) { return word.replace(/\u0000/g, " "); }).forEach(function (word) {
      var plain = (line + " " + word).replace(/<[^>]+>/g, "");
      if (line && plain.length > chars) { lines.push(line); line = word; } else { line = line ? line + " " + word : word; }
    });
    lines.push(line);
    return lines.join("<br>");
  }

  // Horizontal bars carry their category labels on the left: the plot (and its source line) starts further
  // right than the margin says, by about a third of the figure.
  function labelsLeft(data) {
    return (data || []).some(function (trace) { return trace && trace.orientation === "h"; });
  }

  function presentLayout(layout, width, data) {
    if (layout && layout.__presented) { return layout; }  // plotly handing back a layout drawn already
    var out = copy(layout || {});
    var factor = room();
    // tick labels at room size need more room than the margins built for a desk: let plotly grow them
    Object.keys(out).forEach(function (key) {
      if (/^[xy]axis\d*$/.test(key) && out[key] && out[key].visible !== false) {
        out[key].automargin = true;
        // log axes label 2 and 5 between the powers of ten at 3/4 size: under 18 px in a room
        if (out[key].type === "log" && out[key].dtick === undefined) { out[key].dtick = 1; }
        // room-size tick labels stand a little off their axis, so the first year under the axis and the
        // '0' beside it do not run into each other where the axes meet
        if (out[key].ticklabelstandoff === undefined) { out[key].ticklabelstandoff = Math.round(6 * factor); }
      }
    });
    out.font = out.font || {};
    scaleFonts(out, 0);
    thinColorbars(out, 0);
    if (!out.font.size || out.font.size < MIN_PX * factor) { out.font.size = bigger(out.font.size); }
    // plotly shrinks a bar's label until it fits the bar; a label that would be shrunk under the room's
    // minimum is left out (the value axis still reads) rather than drawn unreadably small or over its neighbours
    out.uniformtext = {mode: "hide", minsize: Math.round(MIN_PX * factor)};
    if (out.margin) {
      ["t", "b", "l", "r"].forEach(function (side) {
        if (typeof out.margin[side] === "number" && out.margin[side] > 20) {
          out.margin[side] = Math.round(out.margin[side] * SCALE * factor);
        }
      });
    }
    // Notes under the plot area (the source line) move down with the larger tick labels and axis titles,
    // and the bottom margin grows to keep them inside the figure.
    var below = 0;
    (out.annotations || []).forEach(function (note) {
      if (note.yref === "paper" && typeof note.yshift === "number" && note.yshift < 0 && (note.y || 0) <= 0) {
        var size = (note.font && note.font.size) || Math.round(MIN_PX * factor);
        if (width) {  // the source line wraps within the plot's width instead of running off the figure
          var left = Math.max((out.margin && out.margin.l) || 80, labelsLeft(data) ? width * 0.35 : 0);
          var room = width - left - ((out.margin && out.margin.r) || 80);
          note.text = wrapText(String(note.text || ""), Math.max(24, Math.floor(room / (size * 0.6))));
        }
        var lines = String(note.text || "").split("<br").length;
        note.yshift = Math.round(note.yshift * NOTE_SHIFT * factor);
        below = Math.max(below, -note.yshift + Math.round(size * 1.35 * lines));
      }
    });
    if (below) {
      out.margin = out.margin || {};
      out.margin.b = Math.max(out.margin.b || 0, below + 6);
    }
    // A legend under the plot would collide with the source line, one above it with the title (both grow
    // with the type): it goes to the right of the plot.
    // a long title wraps within the figure rather than running past its right edge
    var title = out.title;
    if (width && title && typeof title === "object" && typeof title.text === "string") {
      var titleSize = (title.font && title.font.size) || Math.round(out.font.size * 1.4);
      title.text = wrapText(title.text, Math.max(20, Math.floor((width - 60) / (titleSize * 0.6))));
    }
    if (out.legend && typeof out.legend.y === "number" && (out.legend.y < 0 || out.legend.y >= 1)) {
      // a top margin sized for legend rows above the plot (on a phone) would leave an empty band
      if (out.legend.y >= 1 && out.margin && typeof out.margin.t === "number") {
        out.margin.t = Math.min(out.margin.t, Math.round(TOP_WITHOUT_LEGEND * factor));
      }
      Object.assign(out.legend, {orientation: "v", x: 1.02, xanchor: "left", y: 1, yanchor: "top"});
    }
    if (typeof out.height === "number") { out.height = Math.round(out.height * Math.min(SCALE, 1.25) * factor); }
    // Horizontal bars name each bar on the category axis: at room size a figure sized for desk type has less
    // than a line per bar and plotly drops every other name. Grow it to one and a half lines per bar.
    if (typeof out.height === "number" && labelsLeft(data)) {
      var names = {};
      (data || []).forEach(function (trace) {
        if (trace && trace.orientation === "h" && Array.isArray(trace.y)) {
          trace.y.forEach(function (name) { names[name] = true; });
        }
      });
      var tick = (out.yaxis && out.yaxis.tickfont && out.yaxis.tickfont.size) || out.font.size || MIN_PX * factor;
      var margins = ((out.margin && out.margin.t) || 80) + ((out.margin && out.margin.b) || 80);
      out.height = Math.max(out.height, Math.round(Object.keys(names).length * tick * 1.5 + margins));
    }
    return mark(out);
  }

  // Lines and markers keep their weight on the wall: 2x as many pixels (a 4K screen), 2x as thick.
  function thicken(trace, factor) {
    if (factor === 1) { return; }
    var times = function (value) {
      if (typeof value === "number") { return value * factor; }
      return Array.isArray(value) ? value.map(function (v) { return typeof v === "number" ? v * factor : v; }) : value;
    };
    if (trace.line && trace.line.width !== undefined) { trace.line.width = times(trace.line.width); }
    if (trace.marker && trace.marker.size !== undefined) { trace.marker.size = times(trace.marker.size); }
    if (trace.marker && trace.marker.line && trace.marker.line.width !== undefined) {
      trace.marker.line = Object.assign({}, trace.marker.line, {width: times(trace.marker.line.width)});
    }
  }

  function presentData(data) {
    return (data || []).map(function (trace) {
      var needs = FONT_KEYS.some(function (key) { return trace && trace[key]; }) ||
        (trace && (trace.marker || trace.node || trace.link || trace.colorbar || trace.line));
      if (!needs || trace.__presented) { return trace; }
      var out = Object.assign({}, trace);
      ["marker", "node", "link", "colorbar", "header", "cells", "line"].forEach(function (key) {
        if (out[key]) { out[key] = copy(out[key]); }
      });
      FONT_KEYS.forEach(function (key) { if (out[key]) { out[key] = copy(out[key]); } });
      scaleFonts(out, 0);
      thinColorbars(out, 0);
      thicken(out, room());
      if (out.type === "sankey" && !(out.textfont && out.textfont.size)) {
        out.textfont = Object.assign({}, out.textfont, {size: bigger(out.textfont && out.textfont.size)});
      }
      return mark(out);
    });
  }

  // dcc.Graph hands the same figure object again when it re-renders (e.g. after a relayout event): it gets
  // the same presented copy back, so plotly sees no change and nothing loops.
  var presented = new WeakMap();

  function presentFigure(figure, width) {
    if (!figure || figure.__presented) { return figure; }
    if (presented.has(figure)) { return presented.get(figure); }
    var out = mark(Object.assign({}, figure, {data: presentData(figure.data),
                                              layout: presentLayout(figure.layout, width, figure.data)}));
    presented.set(figure, out);
    return out;
  }

  function wrap(plotly) {
    if (!plotly || plotly.__imapdashPresent) { return; }
    ["react", "newPlot"].forEach(function (name) {
      var original = plotly[name];
      if (typeof original !== "function") { return; }
      plotly[name] = function (gd, data, layout, config) {
        if (presenting()) {
          var width = gd && gd.clientWidth;
          if (data && !Array.isArray(data) && typeof data === "object") {
            data = presentFigure(data, width);
          } else {
            layout = presentLayout(layout, width, data);
            data = presentData(data);
          }
        }
        return original.call(plotly, gd, data, layout, config);
      };
    });
    Object.defineProperty(plotly, "__imapdashPresent", {value: true});
  }

  // Filter bars are folded away in presentation mode; `c` (or the "Filters" button) shows them again.
  function typing(target) {
    var tag = (target && target.tagName) || "";
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target) || !presenting()) { return; }
    if (event.key === "c" || event.key === "C") { document.body.classList.toggle("show-filters"); }
  });

  window.imapdashPresent = {figure: presentFigure, layout: presentLayout, data: presentData, wrap: wrap,
                            room: room, MIN_PX: MIN_PX, SCALE: SCALE};

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
