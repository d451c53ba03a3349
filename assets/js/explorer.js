// The map explorer's browser side: a year change redraws the map from the year store with no server
// round trip (imapdash/views/explorer/charts.py year_store), Play steps the slider, and the profile
// picker opens a country's profile.
(function () {
  const noUpdate = function () { return window.dash_clientside.no_update; };

  function mapDiv() {
    return document.querySelector("#explorer-map .js-plotly-plot");
  }

  // Drop an open hover label: it shows the value of the year it was opened on (during Play it stayed
  // under the next year's title).
  function clearHover() {
    const gd = mapDiv();
    if (gd && window.Plotly && window.Plotly.Fx) { window.Plotly.Fx.unhover(gd); }
  }

  function position(index, count) {
    const i = Math.round(Number(index) || 0);
    return Math.min(Math.max(i, 0), Math.max(count - 1, 0));
  }

  // Every polygon without a value this year, from the store's list of all polygons.
  function noData(all, withData) {
    const have = new Set(withData);
    const out = { locations: [], z: [], text: [] };
    all.locations.forEach(function (iso3, k) {
      if (!have.has(iso3)) {
        out.locations.push(iso3);
        out.z.push(all.z[k]);
        out.text.push(all.text[k]);
      }
    });
    return out;
  }

  // After the map's next redraw (its plotly_afterplot), or soon when nothing is drawn: fn runs once.
  function afterRedraw(fn) {
    let done = false;
    function run() {
      if (done) { return; }
      done = true;
      fn();
    }
    const gd = mapDiv();
    if (gd && typeof gd.once === "function") {
      gd.once("plotly_afterplot", function () { setTimeout(run, 0); });
    }
    setTimeout(run, 250);
  }

  // The side panel (a server callback: summary, tables, ranking) follows the year through the
  // explorer-side store, written once the map is redrawn: its request no longer delays the redraw
  // (it cost the redraw ~20 %). Several quick changes make one write, of the last position.
  let pendingSide = null;
  let sideTouched = false;  // a side panel was asked for since the page came (sideFirst then draws nothing)
  function sideLater(index, what) {
    sideTouched = true;
    const first = pendingSide === null;
    pendingSide = { index: index, what: (pendingSide && pendingSide.what === "data") ? "data" : what };
    if (!first) { return; }
    afterRedraw(function () {
      const side = pendingSide;
      pendingSide = null;
      if (side && onExplorerPage()) {
        window.dash_clientside.set_props("explorer-side", { data: side });
      }
    });
  }

  // The first page's ranking and series (the explorer-side-first store), once the map has been drawn
  // (shell.js whenDrawn) or 2 s have passed: their drawing no longer delays the map's. A side panel
  // the server sent meanwhile (a year already changed) wins: then nothing.
  function sideFirst(data) {
    if (!data) { return [noUpdate(), noUpdate()]; }
    sideTouched = false;
    return window.imapdashShell.whenDrawn("#explorer-map", 2000).then(function () {
      return controlsArrived(500);
    }).then(function () {
      return sideTouched ? [noUpdate(), noUpdate()] : [data.ranking, data.series];
    });
  }

  // Resolves once the controls drawn after the map (AfterGraph: assets/js/after_graph.js) are on the page, or
  // after `limitMs`: the side charts come after them, so what a reader uses comes before what it reads next.
  function controlsArrived(limitMs) {
    return window.imapdashShell.until(function () {
      return !document.querySelector("#explorer-page .after-graph");
    }, limitMs);
  }

  function triggeredBy(propId) {
    const context = window.dash_clientside.callback_context;
    return !!(context && (context.triggered || []).some(function (t) { return t.prop_id === propId; }));
  }

  // "#rgb", "#rrggbb", "rgb(r, g, b)" or "rgba(r, g, b, a)" as [r, g, b, a]; null for anything else.
  function channels(css) {
    const text = String(css || "").trim();
    let m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(text);
    if (m) {
      const h = m[1].length === 3 ? m[1].replace(/./g, "$&$&") : m[1];
      return [0, 2, 4].map(function (i) { return parseInt(h.slice(i, i + 2), 16); }).concat([1]);
    }
    m = /^rgba?\(([^)]*)\)$/i.exec(text);
    if (!m) { return null; }
    const parts = m[1].split(",").map(Number);
    if (parts.length < 3 || parts.length > 4 || parts.some(isNaN)) { return null; }
    return parts.length === 3 ? parts.concat([1]) : parts;
  }

  // The fill plotly gives a value on a drawn trace (its colorscale helpers: a clamped piecewise-linear
  // scale over [zmin, zmax], channels interpolated, then written as tinycolor writes them); null when
  // the trace's resolved scale is not one this reads. The browser test compares it with plotly's own.
  function fillOf(full) {
    let scale = full && full.colorscale;
    const low = full && full.zmin;
    const high = full && full.zmax;
    if (!Array.isArray(scale) || scale.length < 2 || !isFinite(low) || !isFinite(high)) { return null; }
    if (full.reversescale) { scale = scale.map(function (s) { return [1 - s[0], s[1]]; }).reverse(); }
    const domain = scale.map(function (s) { return low + s[0] * (high - low); });
    const range = scale.map(function (s) { return channels(s[1]); });
    if (range.some(function (c) { return c === null; })) { return null; }
    const last = domain.length - 1;
    return function (z) {
      if (typeof z !== "number" || !isFinite(z)) { return null; }
      const x = Math.min(Math.max(z, Math.min(domain[0], domain[last])), Math.max(domain[0], domain[last]));
      let j = 1;  // as d3's bisectRight(domain, x, 1, last) - 1
      while (j < last && domain[j] <= x) { j += 1; }
      j -= 1;
      const span = domain[j + 1] - domain[j];
      const t = span ? (x - domain[j]) / span : 0;
      const c = range[j].map(function (v, k) { return v + (range[j + 1][k] - v) * t; });
      const alpha = Math.round(100 * Math.min(Math.max(c[3], 0), 1)) / 100;
      const rgb = Math.round(c[0]) + ", " + Math.round(c[1]) + ", " + Math.round(c[2]);
      return c[3] === 1 ? "rgb(" + rgb + ")" : "rgba(" + rgb + ", " + alpha + ")";
    };
  }

  // The year's colours and title painted onto the drawn map at once, before plotly's full redraw
  // (45-50 ms of re-projecting every country, as a new z is a "calc" change for a choropleth), which
  // follows a frame later and brings the hover values, source note and everything else. Each country
  // keeps its path (in either trace) and takes its new fill. Only for the indicator the map shows (a new
  // one's scale is known to plotly once drawn); false when nothing was painted.
  function paintYear(store, frame, noDataNow) {
    const gd = mapDiv();
    const traces = store.traces;
    const shown = gd && gd.data && gd.data[traces.values];
    const full = gd && gd._fullData;
    if (!shown || !full || ["colorscale", "zmin", "zmax"].some(function (k) {
      return JSON.stringify(shown[k]) !== JSON.stringify(store.style[k]);
    })) { return false; }
    const valueFill = fillOf(full[traces.values]);
    const noDataFill = fillOf(full[traces.no_data]);
    if (!valueFill || !noDataFill) { return false; }
    const fills = {};
    noDataNow.locations.forEach(function (iso3, k) { fills[iso3] = noDataFill(noDataNow.z[k]); });
    frame.values.locations.forEach(function (iso3, k) { fills[iso3] = valueFill(frame.values.z[k]); });
    const paths = [];
    gd.querySelectorAll(".choroplethlayer .trace.choropleth").forEach(function (group) {
      const cd = group.__data__;
      const index = cd && cd[0] && cd[0].trace ? cd[0].trace.index : -1;
      if (index !== traces.values && index !== traces.no_data) { return; }
      group.querySelectorAll("path.choroplethlocation").forEach(function (path) {
        const fill = path.__data__ && fills[path.__data__.loc];
        if (fill) { paths.push([path, fill]); }
      });
    });
    if (!paths.length) { return false; }
    paths.forEach(function (p) { if (p[0].getAttribute("fill") !== p[1]) { p[0].setAttribute("fill", p[1]); } });
    paintTitle(gd, frame.title);
    return true;
  }

  // The title's lines in place when it has as many as drawn and is plain text (plotly's redraw does the rest).
  function paintTitle(gd, title) {
    const text = gd.querySelector(".g-gtitle text.gtitle");
    const lines = String(title || "").split(/<br\s*\/?>/i);
    if (!text || lines.some(function (line) { return /[<>&]/.test(line); })) { return; }
    const spans = text.querySelectorAll("tspan.line");
    if (spans.length === lines.length) {
      spans.forEach(function (span, k) { span.textContent = lines[k]; });
    } else if (!spans.length && lines.length === 1 && !text.children.length) {
      text.textContent = lines[0];
    }
  }

  function drawYear(index, store, figure) {
    const count = ((store && store.years) || []).length;
    const newData = triggeredBy("explorer-years.data");
    sideLater(position(index, count), newData ? "data" : "year");
    if (!store || !figure || !figure.data || !(store.frames || []).length) { return noUpdate(); }
    const frame = store.frames[position(index, store.frames.length)];
    const noDataNow = noData(store.no_data, frame.values.locations);
    clearHover();
    const next = yearFigure(figure, store, frame, noDataNow);
    if (newData || !paintYear(store, frame, noDataNow)) { return next; }
    // plotly's redraw after the painted frame has reached the screen
    return new Promise(function (resolve) {
      requestAnimationFrame(function () { setTimeout(function () { resolve(next); }, 0); });
    });
  }

  // The map's figure for one year of the store.
  function yearFigure(figure, store, frame, noDataNow) {
    const traces = store.traces;
    const data = figure.data.slice();
    data[traces.values] = Object.assign({}, data[traces.values], store.style, frame.values);
    data[traces.no_data] = Object.assign({}, data[traces.no_data], noDataNow);
    (frame.arcs || []).forEach(function (arc, n) {
      const k = traces.selection + 1 + n;
      if (!data[k]) { return; }
      data[k] = Object.assign({}, data[k], {
        lon: arc.lon,
        lat: arc.lat,
        hovertext: arc.hovertext,
        marker: Object.assign({}, data[k].marker, { size: arc["marker.size"] }),
      });
    });
    const layout = Object.assign({}, figure.layout);
    layout.title = Object.assign({}, layout.title, { text: frame.title });
    const notes = (layout.annotations || []).slice();
    notes[0] = frame.note;
    layout.annotations = notes;
    layout.margin = frame.margin;
    return Object.assign({}, figure, { data: data, layout: layout });
  }

  // Play / Pause: (interval disabled, button label, slider position). Play from the last year restarts.
  function play(clicks, disabled, index, max, store) {
    const labels = (store && store.labels) || {};
    if (disabled === false) { return [true, labels.play, noUpdate()]; }
    return [false, labels.pause, (Number(index) || 0) >= (Number(max) || 0) ? 0 : noUpdate()];
  }

  // One frame of Play: the next year with data; at the last one Play stops.
  function tick(n, index, max, store) {
    const last = Number(max) || 0;
    const next = Math.min((Number(index) || 0) + 1, last);
    if (next >= last) { return [last, true, ((store && store.labels) || {}).play]; }
    return [next, noUpdate(), noUpdate()];
  }

  // The country picker opens that country's profile (the page's own dcc.Location navigates).
  function openProfile(iso3, store) {
    if (!iso3 || !/^[A-Z]{3}$/.test(iso3)) { return noUpdate(); }
    return "/country/" + iso3 + ((store && store.profile_query) || "");
  }

  // Whether the address says something the controls do not show. The explorer's own writes (the full
  // query, every parameter) match the controls and stop here; anything else goes to the server, which
  // validates it (an absent or unknown parameter always goes: the server knows the defaults).
  function urlChanged(search, store, index, region, selection, tab) {
    const changed = { search: search || "", at: Date.now() };
    if (!store || !(store.years || []).length) { return changed; }
    const query = new URLSearchParams(search || "");
    const shown = {
      ind: store.indicator,
      year: String(store.years[Math.round(Number(index) || 0)]),
      region: region || "",
      sel: (selection || []).join(","),
      tab: tab || "",
    };
    const same = Object.keys(shown).every(function (k) {
      return (query.get(k) || "") === shown[k] || (k === "sel" && !query.has(k) && shown.sel === "");
    }) && (query.get("mode") || "indicator") === store.mode && query.has("ind") && query.has("year");
    return same ? noUpdate() : changed;
  }

  // Python's urlencode(safe=",") for the values the explorer writes (ids, years, ISO3 lists, shell flags).
  function encode(value) {
    return encodeURIComponent(value).replace(/%2C/g, ",").replace(/%20/g, "+")
      .replace(/[!'()*]/g, function (c) { return "%" + c.charCodeAt(0).toString(16).toUpperCase(); });
  }

  // The address for the shown state, written in the browser (as BINDER.query_for on the server: the
  // explorer's parameters in order, the language when not English or when the address already said it,
  // then the shell parameters it keeps); held still while Play runs and off the explorer's path.
  function writeUrl(store, index, region, selection, tab, intervalDisabled, search, pathname, lang) {
    const onPath = ((pathname || "/").replace(/\/+$/, "") || "/") === "/";
    if (intervalDisabled === false || !onPath || !store || !(store.years || []).length) { return noUpdate(); }
    const current = new URLSearchParams(search || "");
    const params = [
      ["ind", store.indicator],
      ["year", store.years[position(index, store.years.length)]],
      ["region", region],
      ["sel", (selection || []).join(",")],
      ["tab", tab],
      ["mode", store.mode !== "indicator" ? store.mode : ""],
      ["lang", lang && (lang !== "en" || current.get("lang")) ? lang : ""],
    ];
    ["embed", "present", "release"].forEach(function (name) {
      if (current.has(name)) { params.push([name, current.get(name)]); }
    });
    const pairs = params.filter(function (p) { return p[1] !== undefined && p[1] !== null && p[1] !== ""; })
      .map(function (p) { return p[0] + "=" + encode(String(p[1])); });
    const query = pairs.length ? "?" + pairs.join("&") : "";
    if (query === (search || "")) { return noUpdate(); }
    writeLater(query);
    return noUpdate();
  }

  // The address is written once the map has been redrawn (the history entry, the address bar and the
  // callbacks listening to it cost the redraw ~10 %): after the map's next plotly_afterplot, or soon
  // when the change draws nothing. The last of several quick changes wins.
  let pendingQuery = null;
  function writeLater(query) {
    const first = pendingQuery === null;
    pendingQuery = query;
    if (!first) { return; }
    afterRedraw(function () {
      const next = pendingQuery;
      pendingQuery = null;
      if (!onExplorerPage() || next === null || next === window.location.search) { return; }
      window.dash_clientside.set_props("explorer-url", { search: next });
      window.imapdashShell.refreshLanguageLinks(next);  // assets/js/shell.js
    });
  }

  // The explorer is still the page (on either tab: the table tab unmounts the map).
  function onExplorerPage() {
    return ((window.location.pathname || "/").replace(/\/+$/, "") || "/") === "/" && !!document.getElementById("explorer-page");
  }

  // The slider's value is a position among the years with data; screen readers read the year instead
  // (aria-valuetext from the box's data-years), kept in step with every move and every new indicator.
  function nameYear() {
    const box = document.getElementById("explorer-year-box");
    const handle = box && box.querySelector("[role=slider]");
    if (!handle) { return; }
    const years = (box.getAttribute("data-years") || "").split(",");
    const year = years[Number(handle.getAttribute("aria-valuenow"))];
    if (year && handle.getAttribute("aria-valuetext") !== year) { handle.setAttribute("aria-valuetext", year); }
  }
  new MutationObserver(nameYear).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["aria-valuenow", "data-years"],
  });

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    explorer: { drawYear: drawYear, play: play, tick: tick, openProfile: openProfile, urlChanged: urlChanged,
      writeUrl: writeUrl, sideFirst: sideFirst },
  });
})();
