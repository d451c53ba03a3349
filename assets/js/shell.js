// Shell behaviour that belongs in the browser: document language/direction, presentation mode, menu.
// The navbar's language links lead to the same page and state in another language. When the query changes
// without the router (searchChanged), their href follows the address here, and a click goes to the address as it
// is now (a NavLink's own href prop is the router's last rendering).
(function () {
  // Python's urlencode(safe=",") (imapdash/urlstate.py to_query), so a link reads as the server writes it.
  function encode(value) {
    return encodeURIComponent(value).replace(/%2C/g, ",").replace(/%20/g, "+");
  }

  function languageHref(code, search) {
    const pairs = [];
    let hasLang = false;
    new URLSearchParams(search === undefined ? window.location.search : search).forEach(function (value, name) {
      if (name === "lang") {
        if (hasLang) { return; }
        hasLang = true;
        value = code;
      }
      pairs.push(name + "=" + encode(value));
    });
    if (!hasLang) { pairs.push("lang=" + encode(code)); }
    return window.location.pathname + "?" + pairs.join("&");
  }

  function linkLanguage(link) {
    const span = link.querySelector("[lang]");
    return span && span.getAttribute("lang");
  }

  function refreshLanguageLinks(search) {
    document.querySelectorAll(".shell-lang-link").forEach(function (link) {
      const code = linkLanguage(link);
      if (code) { link.setAttribute("href", languageHref(code, search)); }
    });
  }

  window.addEventListener("popstate", function () { refreshLanguageLinks(); });
  window.imapdashShell = { refreshLanguageLinks: refreshLanguageLinks };

  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest(".shell-lang-link");
    if (!link || event.metaKey || event.shiftKey || event.altKey || event.ctrlKey) { return; }
    const code = linkLanguage(link);
    if (!code) { return; }
    event.preventDefault();
    event.stopPropagation();
    window.history.pushState({}, "", languageHref(code));
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    window.scrollTo(0, 0);
  }, true);

  // fn(Plotly) now, or once plotly.js has defined it (the index loads it after the other scripts: shell.py
  // install_first_load_hints); an earlier hook (present.js) keeps its turn.
  function onPlotly(fn) {
    if (window.Plotly) { fn(window.Plotly); return; }
    const previous = Object.getOwnPropertyDescriptor(window, "Plotly");
    let held;
    Object.defineProperty(window, "Plotly", {
      configurable: true,
      enumerable: true,
      get: function () { return previous && previous.get ? previous.get() : held; },
      set: function (value) {
        if (previous && previous.set) { previous.set(value); } else { held = value; }
        fn(value);
      },
    });
  }

  // Every plotly drawing marks its graph once done: its promise resolves after the asynchronous steps too
  // (a geo map's base layer). `settled` below waits for these marks.
  onPlotly(function markDrawn(plotly) {
    if (!plotly || plotly.__imapdashDrawn) { return; }
    ["react", "newPlot"].forEach(function (name) {
      const original = plotly[name];
      if (typeof original !== "function") { return; }
      plotly[name] = function (gd) {
        const result = original.apply(plotly, arguments);
        const done = function () {
          if (!gd || gd.nodeType !== 1) { return; }
          gd.__imapdashDrawn = true;
          document.dispatchEvent(new CustomEvent("imapdash:drawn"));  // after_graph.js
        };
        Promise.resolve(result).then(done, done);
        return result;
      };
    });
    Object.defineProperty(plotly, "__imapdashDrawn", { value: true });
  });

  // plotly.js loads asynchronously (shell.py plotly_last): the renderer draws the page while it compiles.
  // dcc.Graph asks `Promise.resolve(window.Plotly || <load the plotly package's plotly.js>)` when a graph
  // first renders; until plotly.js has run, window.Plotly reads as a promise of it (a thenable settled when
  // plotly.js defines Plotly), so dcc waits for this one instead of loading a second. Should plotly.js fail
  // to load, window.Plotly reads as undefined again and the graphs already waiting get dcc's fallback file.
  (function pendingPlotly() {
    if (window.Plotly) { return; }
    const previous = Object.getOwnPropertyDescriptor(window, "Plotly");
    const waiting = [];
    const pending = {then: function (resolve) { waiting.push(resolve); }};
    let held;
    let failed = false;
    function current() { return previous && previous.get ? previous.get() : held; }
    Object.defineProperty(window, "Plotly", {
      configurable: true,
      enumerable: true,
      get: function () { return current() || (failed ? undefined : pending); },
      set: function (value) {
        if (previous && previous.set) { previous.set(value); } else { held = value; }
        waiting.splice(0).forEach(function (resolve) { resolve(); });
      },
    });
    window.addEventListener("error", function (event) {
      const script = event.target;
      if (failed || current() || !script || script.tagName !== "SCRIPT" ||
          !/\/assets\/js\/plotly[^/]*\.js/.test(script.src || "")) { return; }
      failed = true;
      if (!waiting.length || !window._dashPlotlyJSURL) { return; }
      const fallback = document.createElement("script");
      fallback.src = window._dashPlotlyJSURL;  // the plotly package's plotly.js, served by Dash
      document.body.appendChild(fallback);  // defines Plotly: the setter above lets the graphs go on
    }, true);
  })();

  // The geometry and base map the first page preloads (shell.py first_load_hints: data-plotly-geojson,
  // data-plotly-topojson), handed to plotly.js where it looks for them (window.PlotlyGeoAssets) before the map
  // is drawn. Left to itself, plotly.js asks for each file again when the map comes, and its choropleths after
  // the first one poll every 50 ms for the geometry the first one is fetching: the map waited up to 50 ms
  // with nothing to do. Should a fetch fail, plotly.js fetches the file itself, as before.
  function handPlotlyGeo() {
    const links = document.querySelectorAll("link[data-plotly-geojson], link[data-plotly-topojson]");
    if (!links.length) { return; }
    // plotly.js keeps an existing PlotlyGeoAssets (it creates one only when none is there)
    const assets = window.PlotlyGeoAssets = window.PlotlyGeoAssets || {};
    assets.topojson = assets.topojson || {};
    links.forEach(function (link) {
      const geojson = link.getAttribute("data-plotly-geojson");
      const topojson = link.getAttribute("data-plotly-topojson");
      fetch(link.href).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (data) {
        if (!data || typeof data !== "object") { return; }
        if (geojson && (assets[geojson] === undefined || assets[geojson] === "pending")) {
          assets[geojson] = data;  // "pending": plotly.js's own fetch is under way; its waiting traces take this
        } else if (topojson && assets.topojson[topojson] === undefined) {
          assets.topojson[topojson] = data;
        }
      }).catch(function () {});
    });
  }
  // the links follow the scripts in the index (shell.py install_first_load_hints)
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", handPlotlyGeo);
  } else {
    handPlotlyGeo();
  }

  const LANGUAGES = ["en", "fr", "ar"];  // imapdash/i18n LANGUAGES (a test compares them)

  // imapdash/i18n normalise_language
  function normaliseLanguage(value) {
    const code = String(value || "").trim().toLowerCase().slice(0, 2);
    return LANGUAGES.indexOf(code) >= 0 ? code : "en";
  }

  // Resolves once `done()` holds (checked every 25 ms from the next task on), or after `limitMs`.
  function until(done, limitMs) {
    return new Promise(function (resolve) {
      const started = performance.now();
      function check() {
        if (!done() && performance.now() - started < limitMs) { setTimeout(check, 25); return; }
        resolve();
      }
      setTimeout(check, 0);
    });
  }
  window.imapdashShell.until = until;

  // Resolves once every dcc.Graph matched by `selector` has been drawn (markDrawn), or after `limitMs`.
  function whenDrawn(selector, limitMs) {
    return until(function () {
      return !Array.prototype.some.call(document.querySelectorAll(selector), function (g) {
        const gd = g.querySelector(".js-plotly-plot");
        return !(gd && gd.__imapdashDrawn);
      });
    }, limitMs);
  }
  window.imapdashShell.whenDrawn = whenDrawn;

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    shell: {
      // An address the router must render (Shell.ROUTE), or, for the first address when the layout already
      // holds its page in the language the server would pick (`?lang=`, else the stored choice: shell.py
      // resolve_language and shows_first_page), nothing to render: the stored language is kept and the
      // first-page mark cleared, and the first page costs no round trip.
      boot: function (pathname, search, first, stored) {
        const noUpdate = window.dash_clientside.no_update;
        const path = pathname || "/";
        if (first && first.pathname === path && (first.search || "") === (search || "")) {
          const lang = normaliseLanguage(new URLSearchParams(search || "").get("lang") || stored);
          if (lang === first.lang) { return [noUpdate, null, lang]; }
        }
        return [{ pathname: path, at: Date.now() }, noUpdate, noUpdate];
      },
      // The page's graphs are drawn (the per-user menu and the page-view count wait for it: Shell.SETTLED).
      settled: function (pathname) {
        return whenDrawn("#page-content .dash-graph", 3000).then(function () {
          return { pathname: pathname || "/", at: Date.now() };
        });
      },
      // Keep <html lang dir> in step with the rendered language (screen readers, RTL layout, axe).
      syncDocument: function (lang, dir, className, stored) {
        const root = document.documentElement;
        if (lang) { root.setAttribute("lang", lang); }
        // the stored choice, mirrored for the server: the next first request's layout is in that language
        // (imapdash/shell.py LANG_COOKIE; the router writes the store on every page it renders)
        const choice = stored || lang;
        if (typeof choice === "string" && /^[a-z]{2}$/.test(choice)) {
          document.cookie = "imapdash-lang=" + choice + "; path=/; max-age=31536000; SameSite=Lax";
        }
        if (dir) { root.setAttribute("dir", dir); }
        const presenting = (className || "").split(" ").indexOf("present") >= 0;
        document.body.classList.toggle("presenting", presenting);
        return null;
      },
      // Whether a query change must reach the router (Shell.SEARCH): only when it changes what the frame shows
      // (the language, a pinned release, the display modes embed and present). Otherwise the router would only
      // rewrite the navbar's language links with the new query: that is done here, in the browser.
      searchChanged: function (search, pathname, shownLang, shownClass, shownRelease, storedLang) {
        const changed = { search: search || "", at: Date.now() };
        if (!shownLang) { return changed; }
        const query = new URLSearchParams(search || "");
        const classes = (shownClass || "").split(" ");
        const same = (query.get("lang") || storedLang || "en") === shownLang
          && !query.get("release") && !shownRelease
          && (query.get("embed") === "1") === (classes.indexOf("embed") >= 0)
          && (query.get("present") === "1") === (classes.indexOf("present") >= 0);
        if (!same) { return changed; }
        refreshLanguageLinks(search || "");
        return window.dash_clientside.no_update;
      },
      // A query change the page's own controls did not write (Back/Forward, a pasted link, a language link):
      // views/context.py bind_url stamps what its controls write; that one write is passed over, once.
      externalSearch: function (search, written) {
        search = search || "";
        if (written && written.search === search && written.at !== window.imapdashSearchWrittenSeen) {
          window.imapdashSearchWrittenSeen = written.at;
          return window.dash_clientside.no_update;
        }
        return { search: search, at: Date.now() };
      },
      toggleNav: function (clicks, isOpen) {
        return !isOpen;
      },
    },
  });
})();

// Presentation mode: controls hide while the mouse rests and come back when it moves or a key is used.
(function () {
  let timer = null;
  function wake() {
    document.body.classList.remove("controls-hidden");
    if (timer) { clearTimeout(timer); }
    if (document.body.classList.contains("presenting")) {
      timer = setTimeout(function () { document.body.classList.add("controls-hidden"); }, 2500);
    }
  }
  ["mousemove", "keydown", "touchstart", "focusin"].forEach(function (name) {
    document.addEventListener(name, wake, { passive: true });
  });
})();

// An embedded view (?embed=1 inside another page: a story slide, a partner's site) records its state
// changes by replacing its URL, not by adding history entries: the host page's Back button belongs
// to the host (the story player's Back goes to the previous slide, not to a filter change inside it).
(function () {
  let framed = true;
  try { framed = window.self !== window.top; } catch (e) { framed = true; }
  if (!framed || new URLSearchParams(window.location.search).get("embed") !== "1") { return; }
  const replace = window.history.replaceState.bind(window.history);
  window.history.pushState = function (state, title, url) { replace(state, title, url); };
})();
