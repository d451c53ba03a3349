// Shell behaviour that belongs in the browser: document language/direction, presentation mode, menu.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  shell: {
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
    // Whether a query change must reach the router (Shell.SEARCH): always, except on a page that keeps the
    // navbar's language links current itself (the explorer: assets/js/explorer.js) when the language, the
    // pinned release and the display modes (embed, present) stay as shown; then nothing goes to the server.
    searchChanged: function (search, pathname, shownLang, shownClass, shownRelease, storedLang) {
      const changed = { search: search || "", at: Date.now() };
      const keepsLinks = ((pathname || "/").replace(/\/+$/, "") || "/") === "/";
      if (!keepsLinks || !shownLang) { return changed; }
      const query = new URLSearchParams(search || "");
      const classes = (shownClass || "").split(" ");
      const same = (query.get("lang") || storedLang || "en") === shownLang
        && !query.get("release") && !shownRelease
        && (query.get("embed") === "1") === (classes.indexOf("embed") >= 0)
        && (query.get("present") === "1") === (classes.indexOf("present") >= 0);
      return same ? window.dash_clientside.no_update : changed;
    },
    toggleNav: function (clicks, isOpen) {
      return !isOpen;
    },
  },
});

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
