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
    map: "routes-map"
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

  // While playing, each frame restyles the drawn map directly (two Plotly.restyle calls on the graph's
  // div): a figure Patch through Dash re-rendered every component of the page and diffed the whole
  // figure per frame (long tasks of 250-1,000 ms with 192 monthly frames). The figure prop is written
  // again when the animation stops, so Dash's copy matches what is drawn.
  function graphDiv() {
    var box = document.getElementById(IDS.map);
    var gd = box && (box.classList.contains("js-plotly-plot") ? box : box.querySelector(".js-plotly-plot"));
    return gd && gd.data && window.Plotly ? gd : null;
  }

  function restyleFrame(store, i) {
    var gd = graphDiv();
    if (!gd || gd.data.length !== store.figure.data.length) { return false; }
    // one restyle (one redraw) for every trace: routes get their width, opacity and hover, the incident
    // trace its points; the routes' own waypoints and the incidents' opacity are passed unchanged
    var layer = incidentLayer(store, i), inc = store.incident_trace;
    var update = {"line.width": [], opacity: [], hovertext: [], lon: [], lat: [], "marker.size": []};
    var traces = [];
    for (var k = 0; k < gd.data.length; k++) {
      var route = k < store.routes.length;
      update["line.width"].push(route ? store.widths[k][i] : (gd.data[k].line || {}).width);
      update.opacity.push(route ? store.opacity[k][i] : gd.data[k].opacity);
      update.hovertext.push(route ? routeHover(store, k, i) : k === inc ? layer.text : gd.data[k].hovertext);
      update.lon.push(k === inc ? layer.lon : gd.data[k].lon);
      update.lat.push(k === inc ? layer.lat : gd.data[k].lat);
      update["marker.size"].push(k === inc ? layer.size : (gd.data[k].marker || {}).size);
      traces.push(k);
    }
    window.Plotly.restyle(gd, update, traces);
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

  function animate(store, nIntervals, play, pause, back, forward, sliderValue, loop, disabled, committed) {
    var nu = window.dash_clientside.no_update;
    if (!store || !store.periods || !store.periods.length) {
      return [nu, 0, {}, 0, (store && store.empty_label) || "", true, null, nu];
    }
    var trig = triggeredIds();
    var has = function (id) { return trig.indexOf(id) >= 0; };
    var n = store.periods.length;
    var looping = (loop || []).indexOf("loop") >= 0;
    var playing = !disabled;
    var index = typeof sliderValue === "number" ? Math.min(Math.max(sliderValue, 0), n - 1) : n - 1;
    var fresh = has(IDS.store) || trig.length === 0;

    if (fresh) {
      var kept = store.periods.indexOf(committed);
      index = kept >= 0 ? kept : n - 1;
      playing = false;
    } else if (has(IDS.play)) {
      if (index >= n - 1) { index = 0; }
      playing = true;
    } else if (has(IDS.pause)) {
      playing = false;
    } else if (has(IDS.interval)) {
      if (!playing) { return [nu, nu, nu, nu, nu, nu, nu, nu]; }
      index += 1;
      if (index >= n) {
        if (looping) { index = 0; } else { index = n - 1; playing = false; }
      }
    } else if (has(IDS.back) || has(IDS.forward)) {
      playing = false;
      index += has(IDS.back) ? -1 : 1;
      if (index < 0) { index = looping ? n - 1 : 0; }
      if (index >= n) { index = looping ? 0 : n - 1; }
    }
    var period = store.periods[index];
    var figure;
    if (fresh) {
      figure = fullFigure(store, index);
    } else if (playing && has(IDS.interval) && restyleFrame(store, index)) {
      figure = nu;  // drawn directly; written back to the figure prop when the animation stops
    } else {
      figure = framePatch(store, index);
    }
    var sliderOut = has(IDS.slider) && !fresh ? nu : index;
    var commit = !playing && period !== committed ? period : nu;
    return [
      figure,
      fresh ? n - 1 : nu,
      fresh ? marks(store.periods) : nu,
      sliderOut,
      store.labels[index],
      fresh || !playing !== disabled ? !playing : nu,  // unchanged while playing: no re-render of the page
      period,
      commit
    ];
  }

  function cursorPatch(fig, period) {
    var nu = window.dash_clientside.no_update;
    var layout = (fig || {}).layout || {};
    var shapes = layout.shapes || [];
    if (!period || !shapes.length || shapes[0].name !== CURSOR_NAME) { return nu; }
    // the cursor stands at the period's category *index*: plotly reads a year string as an index on a
    // category axis, which would stretch the axis to [-0.5, 2025] (imapdash/figures/flows.cursor_shape)
    var cats = (layout.xaxis || {}).categoryarray || [];
    var x = cats.indexOf(period);
    if (x < 0) { x = cats.indexOf(period.slice(0, 4)); }
    if (x < 0) { return nu; }
    if (shapes[0].visible && shapes[0].x0 === x) { return nu; }  // a monthly frame within the same year
    var p = new window.dash_clientside.Patch();
    p.assign(["layout", "shapes", 0, "x0"], x);
    p.assign(["layout", "shapes", 0, "x1"], x);
    p.assign(["layout", "shapes", 0, "visible"], true);
    return p.build();
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.routes = {
    animate: animate,
    speed: function (ms) { return ms || 800; },
    cursor: function (period, nationalities, composition) {
      return [cursorPatch(nationalities, period), cursorPatch(composition, period)];
    }
  };
})();
