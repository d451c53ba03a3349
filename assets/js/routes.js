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

  // While playing, each frame redraws the map directly with Plotly.react on the graph's div: a figure
  // Patch through Dash re-rendered every component of the page and diffed the whole figure per frame.
  // Plotly.react, not restyle/relayout: dcc.Graph turns a plotly_restyle or plotly_relayout event into
  // a restyleData/relayoutData prop update, i.e. one Dash update per frame again (long tasks of
  // 300-700 ms); plotly_react has no listener. Only the changed traces are new objects.
  function graphDiv(id) {
    var box = document.getElementById(id || IDS.map);
    var gd = box && (box.classList.contains("js-plotly-plot") ? box : box.querySelector(".js-plotly-plot"));
    return gd && gd.data && gd.layout && window.Plotly ? gd : null;
  }

  function restyleFrame(store, i) {
    var gd = graphDiv();
    if (!gd || gd.data.length !== store.figure.data.length) { return false; }
    var layer = incidentLayer(store, i), inc = store.incident_trace;
    var data = gd.data.map(function (tr, k) {
      if (k < store.routes.length) {
        return Object.assign({}, tr, {
          line: Object.assign({}, tr.line, {width: store.widths[k][i]}),
          opacity: store.opacity[k][i],
          hovertext: routeHover(store, k, i)
        });
      }
      if (k === inc) {
        return Object.assign({}, tr, {lon: layer.lon, lat: layer.lat, hovertext: layer.text,
                                      marker: Object.assign({}, tr.marker, {size: layer.size})});
      }
      return tr;
    });
    window.Plotly.react(gd, data, gd.layout);
    return true;
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
  var player = {store: null, index: 0, timer: null, ms: 800};

  function playing() { return player.timer !== null; }

  function stopTimer() {
    if (player.timer !== null) { window.clearInterval(player.timer); }
    player.timer = null;
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
    if (!restyleFrame(store, next)) { return; }
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
