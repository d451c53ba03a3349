/* Route map animation, run entirely in the browser (imapdash/views/routes.py registers these).
 *
 * The server sends, once per filter change, a dcc.Store with the base figure and every period's
 * line widths, opacities, hover texts and incident points. Each frame is a dash_clientside.Patch of
 * those values only (no geometry, no server round trip). The committed period (which the server-side
 * panels read) is written only when the animation is not playing: pause, step, slider, or the end.
 * Component IDs mirror imapdash/ids.py (Routes.*); a unit test checks they match.
 * No interface text lives here: the store carries the translated period labels, hover templates
 * ("{date} · {dead} …") and the number locale, so the animation speaks the reader's language.
 */
(function () {
  "use strict";

  var IDS = {
    store: "routes-anim-store",
    interval: "routes-interval",
    play: "routes-play",
    pause: "routes-pause",
    back: "routes-step-back",
    forward: "routes-step-forward",
    slider: "routes-slider",
    map: "routes-map",
    label: "routes-period-label",
    nationalities: "flows-nationalities",
    composition: "flows-composition"
  };
  var CURSOR_NAME = "period-cursor";
  var MAX_MARKS = 24;

  function triggeredIds() {
    var ctx = window.dash_clientside.callback_context || {};
    return (ctx.triggered || []).map(function (t) { return String(t.prop_id || "").split(".")[0]; });
  }

  function incidentSize(v) {
    return Math.round(Math.min(4 + 2.2 * Math.sqrt(Math.max(v, 0)), 34) * 10) / 10;
  }

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function incidentLayer(store, i) {
    var inc = store.incidents;
    var templates = store.templates || {};
    var number = new Intl.NumberFormat(store.locale || "en-US");
    var causes = inc.causes || [];
    var dm = inc.dm[i] || [];
    return {
      lon: inc.lon[i] || [],
      lat: inc.lat[i] || [],
      size: dm.map(incidentSize),
      text: dm.map(function (v, j) {
        if (inc.grouped) {
          return fill(templates.cell, {period: inc.periods[i], count: inc.date[i][j], dead: number.format(v)});
        }
        var cause = causes[inc.cause[i][j]] || "";
        return fill(templates.incident, {date: inc.periods[i] + "-" + inc.date[i][j], dead: number.format(v),
                                         cause: cause ? " · " + cause : ""});
      })
    };
  }

  function routeHover(store, k, i) {
    var detail = store.hover[k][i] || store.no_data;
    return "<b>" + store.names[k] + "</b> · " + store.periods[i] + store.hover_head + "<br>" + detail +
      "<br>" + store.hover_tail;
  }

  function framePatch(store, i) {
    var p = new window.dash_clientside.Patch();
    for (var k = 0; k < store.routes.length; k++) {
      p.assign(["data", k, "line", "width"], store.widths[k][i]);
      p.assign(["data", k, "opacity"], store.opacity[k][i]);
      p.assign(["data", k, "hovertext"], routeHover(store, k, i));
    }
    var t = store.incident_trace, layer = incidentLayer(store, i);
    p.assign(["data", t, "lon"], layer.lon);
    p.assign(["data", t, "lat"], layer.lat);
    p.assign(["data", t, "hovertext"], layer.text);
    p.assign(["data", t, "marker", "size"], layer.size);
    return p.build();
  }

  // While playing, the first frame is one Plotly.react of the map with copies of the traces (never the
  // objects Dash holds); every later frame is drawn without plotly (`drawFrame`). Plotly.react, not
  // restyle/relayout: dcc.Graph turns a plotly_restyle or plotly_relayout event into a restyleData or
  // relayoutData prop update, i.e. one Dash update per frame (long tasks of 300-700 ms); plotly_react has
  // no listener. The incidents of a playing frame are drawn by `drawIncidents`, so the plotly trace of
  // incidents is left empty while playing; pause, a step or the end write the frame back through Dash.
  function graphDiv(id) {
    var box = document.getElementById(id || IDS.map);
    var gd = box && (box.classList.contains("js-plotly-plot") ? box : box.querySelector(".js-plotly-plot"));
    return gd && gd.data && gd.layout && window.Plotly ? gd : null;
  }

  function restyleFrame(store, i) {
    var gd = graphDiv();
    if (!gd || gd.data.length !== store.figure.data.length) { return false; }
    var inc = store.incident_trace;
    var data = gd.data.map(function (tr, k) {
      if (k < store.routes.length) {
        return Object.assign({}, tr, {
          line: Object.assign({}, tr.line, {width: store.widths[k][i]}),
          opacity: store.opacity[k][i],
          hovertext: routeHover(store, k, i)
        });
      }
      if (k === inc) {
        // one point without a place: nothing drawn, and the trace keeps its legend entry (an empty trace
        // would lose it and move the legend); the legend swatch gets a middle size
        return Object.assign({}, tr, {lon: [null], lat: [null], hovertext: [""],
                                      marker: Object.assign({}, tr.marker, {size: [10]})});
      }
      return Object.assign({}, tr);
    });
    window.Plotly.react(gd, data, gd.layout);
    player.drawn = gd.data;
    drawIncidents(gd, store, i);
    return true;
  }

  // A frame without plotly: every plotly call on a map redraws every path of it (land, borders, coasts,
  // the routes: 30-100 ms a frame, past 200 ms on a loaded machine). Only what a frame changes is written:
  // each route line's width and opacity (on the map and in its legend entry) and the incident circles;
  // plotly's own copies (data, fullData) get the same values, so its hover text is the frame's and a
  // redraw (a resize, a legend click) draws the frame shown.
  function drawFrame(store, i) {
    var gd = graphDiv();
    if (!gd || gd.data !== player.drawn || !gd.calcdata || !gd._fullData) { return restyleFrame(store, i); }
    var legend = {};
    gd.querySelectorAll(".legend .traces").forEach(function (el) {
      var d = el.__data__ && el.__data__[0];
      if (d && d.trace) { legend[d.trace.index] = el; }
    });
    for (var k = 0; k < store.routes.length; k++) {
      var width = store.widths[k][i], opacity = store.opacity[k][i], text = routeHover(store, k, i);
      var trace = gd.data[k], full = gd._fullData[k];
      trace.line.width = width;
      trace.opacity = opacity;
      trace.hovertext = text;
      if (full) {
        full.line.width = width;
        full.opacity = opacity;
        full.hovertext = text;
      }
      var cd = gd.calcdata[k], node = cd && cd[0] && cd[0].node3 && cd[0].node3.node();
      if (node) {
        node.style.opacity = opacity;
        var line = node.querySelector("path.js-line");
        if (line) { line.style.strokeWidth = width + "px"; }
      }
      var item = legend[k];
      if (item) {
        var layers = item.querySelector("g.layers");
        if (layers) { layers.style.opacity = opacity; }
        var swatch = item.querySelector("g.legendlines path");
        if (swatch) { swatch.style.strokeWidth = Math.min(width, 10) + "px"; }
      }
    }
    return drawIncidents(gd, store, i);
  }

  var SVG_NS = "http://www.w3.org/2000/svg";
  var OVERLAY = "routes-incident-overlay";

  // The frame's incidents as circles in the map's front layer, placed with the map's own projection (a
  // zoom or pan is followed from the next frame on). Hidden with the trace (legend click).
  function drawIncidents(gd, store, i) {
    var geo = gd._fullLayout && gd._fullLayout.geo && gd._fullLayout.geo._subplot;
    var front = geo && geo.layers && geo.layers.frontplot && geo.layers.frontplot.node();
    if (!front || !geo.projection) { return false; }
    var full = gd._fullData[store.incident_trace] || {}, visible = (gd.data[store.incident_trace] || {}).visible;
    var g = front.querySelector("g." + OVERLAY);
    if (!g) {
      g = front.appendChild(document.createElementNS(SVG_NS, "g"));
      g.setAttribute("class", OVERLAY);
      g.style.pointerEvents = "none";
    }
    var inc = store.incidents, shown = (visible === undefined || visible === true) && inc;
    var lon = shown ? inc.lon[i] || [] : [], lat = shown ? inc.lat[i] || [] : [], dm = shown ? inc.dm[i] || [] : [];
    var marker = full.marker || {}, color = marker.color || "";
    var alpha = typeof marker.opacity === "number" ? marker.opacity : 1;  // plotly's bubbles: 0.7 each
    for (var j = 0; j < lon.length; j++) {
      var c = g.childNodes[j] || g.appendChild(document.createElementNS(SVG_NS, "circle"));
      var px = geo.projection([lon[j], lat[j]]);
      c.setAttribute("r", px ? incidentSize(dm[j]) / 2 : 0);
      if (px) {
        c.setAttribute("cx", px[0]);
        c.setAttribute("cy", px[1]);
      }
      c.setAttribute("fill", color);
      c.setAttribute("opacity", alpha);
    }
    while (g.childNodes.length > lon.length) { g.removeChild(g.lastChild); }
    return true;
  }

  function removeIncidents() {
    document.querySelectorAll("g." + OVERLAY).forEach(function (g) { g.parentNode.removeChild(g); });
  }

  function fullFigure(store, i) {
    var fig = JSON.parse(JSON.stringify(store.figure));
    for (var k = 0; k < store.routes.length; k++) {
      var tr = fig.data[k];
      tr.line.width = store.widths[k][i];
      tr.opacity = store.opacity[k][i];
      tr.hovertext = routeHover(store, k, i);
    }
    var inc = fig.data[store.incident_trace], layer = incidentLayer(store, i);
    inc.lon = layer.lon;
    inc.lat = layer.lat;
    inc.hovertext = layer.text;
    inc.marker.size = layer.size;
    return fig;
  }

  // as many year labels as the slider's width holds (~56 px a label): sixteen years crowded a phone's track
  function maxMarks() {
    var el = document.getElementById(IDS.slider);
    var width = (el && el.clientWidth) || window.innerWidth || 0;
    return Math.max(3, Math.min(MAX_MARKS, Math.floor(width / 56)));
  }

  function marks(periods) {
    var out = {};
    var n = periods.length;
    var monthly = n && periods[0].length > 4;
    var step = Math.max(1, Math.ceil(n / maxMarks()));
    for (var i = 0; i < n; i++) {
      var p = periods[i];
      if (monthly ? p.slice(5) === "01" && (i % (12 * Math.ceil(step / 12)) === 0 || step <= 12)
                  : i % step === 0 || i === n - 1) {
        out[i] = monthly ? p.slice(0, 4) : p;
      }
    }
    return out;
  }

  // The player: while playing, a JS timer draws each frame straight onto the page (one Plotly.react
  // of the map, the period label's text, the slider's thumb, the flow charts' period cursor when it is
  // visible and moves) and makes no Dash update at all: every Dash update re-checked all of the page's
  // components (long tasks of 300-1,000 ms per frame with 192 monthly frames). Dash hears of the period
  // again when the animation stops (pause, step, slider, the end): then the figure, slider, label,
  // cursor and committed period props are written, so Dash's copies match what is drawn.
  var player = {store: null, index: 0, timer: null, ms: 800, drawn: null};

  function playing() { return player.timer !== null; }

  function stopTimer() {
    if (player.timer !== null) { window.clearInterval(player.timer); }
    player.timer = null;
    player.drawn = null;
    removeIncidents();  // the figure Dash writes next draws the frame's incidents with plotly again
  }

  function startTimer() {
    stopTimer();
    player.timer = window.setInterval(tick, player.ms);
  }

  function cursorX(layout, period) {
    var shapes = (layout || {}).shapes || [];
    if (!period || !shapes.length || shapes[0].name !== CURSOR_NAME) { return null; }
    // the cursor stands at the period's category *index*: plotly reads a year string as an index on a
    // category axis, which would stretch the axis to [-0.5, 2025] (imapdash/figures/flows.cursor_shape)
    var cats = (layout.xaxis || {}).categoryarray || [];
    var x = cats.indexOf(period);
    if (x < 0) { x = cats.indexOf(period.slice(0, 4)); }
    return x < 0 ? null : x;
  }

  // Moves a drawn cursor line by rewriting its SVG path: any Plotly call on a bar chart recomputes it
  // whole (a shape's x0 is a 'calc' edit; 150-400 ms on a loaded machine). False when it is not drawn.
  function moveCursorLine(gd, x) {
    var xa = gd._fullLayout && gd._fullLayout.xaxis;
    var path = gd.querySelector(".shapelayer path[data-index='0']");
    var m = path && /^M[^,]+,([^L]+)L[^,]+,(.+)$/.exec(path.getAttribute("d") || "");
    if (!xa || !xa.l2p || !m) { return false; }
    var px = xa._offset + xa.l2p(x);
    path.setAttribute("d", "M" + px + "," + m[1] + "L" + px + "," + m[2]);
    [gd.layout.shapes[0], (gd._fullLayout.shapes || [])[0]].forEach(function (shape) {
      if (shape) { shape.x0 = x; shape.x1 = x; }  // a later redraw (resize) keeps the line where it is
    });
    return true;
  }

  function drawCursors(period) {
    [IDS.nationalities, IDS.composition].forEach(function (id) {
      var gd = graphDiv(id);
      // a chart in a hidden tab is left alone: the cursor prop written on stop places it
      if (!gd || gd.offsetParent === null) { return; }
      var x = cursorX(gd.layout, period), shape = (gd.layout.shapes || [])[0];
      if (x === null || (shape.visible && shape.x0 === x)) { return; }
      if (shape.visible && moveCursorLine(gd, x)) { return; }
      var shapes = gd.layout.shapes.slice();
      shapes[0] = Object.assign({}, shape, {x0: x, x1: x, visible: true});
      window.Plotly.react(gd, gd.data, Object.assign({}, gd.layout, {shapes: shapes}));  // no relayout event
    });
  }

  function drawSlider(index, n) {
    var root = document.getElementById(IDS.slider);
    var thumb = root && root.querySelector("[role=slider]");
    if (!thumb || n < 2) { return; }
    var pct = 100 * index / (n - 1);
    var wrap = thumb.parentElement && thumb.parentElement.style.left !== undefined ? thumb.parentElement : thumb;
    wrap.style.left = "calc(" + pct + "% + " + (8 - 0.16 * pct) + "px)";
    thumb.setAttribute("aria-valuenow", String(index));
    var range = root.querySelector(".dash-slider-range");
    if (range) { range.style.right = (100 - pct) + "%"; }
  }

  function drawLabel(text) {
    var el = document.getElementById(IDS.label);
    if (el && el.textContent !== text) { el.textContent = text; }
  }

  function tick() {
    var store = player.store;
    if (!store || !document.getElementById(IDS.map)) { stopTimer(); return; }  // the page was left
    var n = store.periods.length;
    var next = player.index + 1;
    if (next >= n) {
      if ((player.loop || []).indexOf("loop") < 0) {
        // the end: the pause button's callback writes the last frame back to Dash
        var pause = document.getElementById(IDS.pause);
        stopTimer();
        if (pause) { pause.click(); }
        return;
      }
      next = 0;
    }
    player.index = next;
    if (!drawFrame(store, next)) { return; }
    drawLabel(store.labels[next]);
    drawSlider(next, n);
    drawCursors(store.periods[next]);
  }

  function animate(store, play, pause, back, forward, sliderValue, loop, ms, committed) {
    var nu = window.dash_clientside.no_update;
    if (!store || !store.periods || !store.periods.length) {
      stopTimer();
      player.store = null;
      return [nu, 0, {}, 0, (store && store.empty_label) || "", null, nu];
    }
    var trig = triggeredIds();
    var has = function (id) { return trig.indexOf(id) >= 0; };
    var n = store.periods.length;
    var looping = (loop || []).indexOf("loop") >= 0;
    var wasPlaying = playing();
    var current = wasPlaying ? player.index : sliderValue;
    var index = typeof current === "number" ? Math.min(Math.max(current, 0), n - 1) : n - 1;
    var fresh = has(IDS.store) || trig.length === 0;
    player.loop = loop;
    if (ms) { player.ms = ms; }

    if (fresh) {
      var kept = store.periods.indexOf(committed);
      index = kept >= 0 ? kept : n - 1;
    } else if (has(IDS.play)) {
      if (wasPlaying) { return [nu, nu, nu, nu, nu, nu, nu]; }
      // playing starts without a Dash update either: from the end it draws the first frame at once,
      // otherwise the next frame comes on the timer's first tick
      player.store = store;
      player.index = index >= n - 1 ? -1 : index;
      startTimer();
      if (player.index < 0) { tick(); }
      return [nu, nu, nu, nu, nu, nu, nu];
    } else if (has(IDS.back) || has(IDS.forward)) {
      index += has(IDS.back) ? -1 : 1;
      if (index < 0) { index = looping ? n - 1 : 0; }
      if (index >= n) { index = looping ? 0 : n - 1; }
    } else if (has(IDS.slider) && typeof sliderValue === "number") {
      index = Math.min(Math.max(sliderValue, 0), n - 1);
    }
    // pause, a step, the slider or fresh data stop the timer
    stopTimer();
    player.store = store;
    player.index = index;
    var period = store.periods[index];
    var figure = fresh ? fullFigure(store, index) : framePatch(store, index);
    var sliderOut = has(IDS.slider) && !fresh ? nu : index;
    var commit = period !== committed ? period : nu;
    return [
      figure,
      fresh ? n - 1 : nu,
      fresh ? marks(store.periods) : nu,
      sliderOut,
      store.labels[index],
      period,
      commit
    ];
  }

  function cursorPatch(fig, period) {
    var nu = window.dash_clientside.no_update;
    var layout = (fig || {}).layout || {};
    var x = cursorX(layout, period);
    if (x === null) { return nu; }
    var shape = layout.shapes[0];
    if (shape.visible && shape.x0 === x) { return nu; }  // a monthly frame within the same year
    var p = new window.dash_clientside.Patch();
    p.assign(["layout", "shapes", 0, "x0"], x);
    p.assign(["layout", "shapes", 0, "x1"], x);
    p.assign(["layout", "shapes", 0, "visible"], true);
    return p.build();
  }

  // "Show data table": the routes page builds a chart's table only when a reader opens it (the server
  // answers the disclosure's `open` prop, imapdash/views/routes page.details_id). html.Details does not
  // report its toggles, so the native toggle event (it does not bubble: listened to while capturing) is
  // passed on to Dash here.
  document.addEventListener("toggle", function (event) {
    var el = event.target;
    if (!el || el.tagName !== "DETAILS" || !/-alt-details$/.test(el.id || "") || !el.closest(".view-routes")) {
      return;
    }
    var dc = window.dash_clientside;
    if (dc && dc.set_props) { dc.set_props(el.id, {open: el.open}); }
  }, true);

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.routes = {
    animate: animate,
    speed: function (ms) {
      player.ms = ms || 800;
      if (playing()) { startTimer(); }  // a new speed takes effect at once
      return player.ms;
    },
    cursor: function (period, nationalities, composition) {
      return [cursorPatch(nationalities, period), cursorPatch(composition, period)];
    }
  };
})();
