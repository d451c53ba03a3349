/* Story player: keyboard navigation between slides, speaker notes, full screen, play.
 *
 * The player page (/story/<id>) is rendered by the server with the current slide; this script takes over:
 * ←/→ and PageUp/PageDown (what presentation clickers send) change slides and write ?slide=N into the URL
 * (pushState), so Back/Forward and reload keep the place; space clicks the slide's play button; b (or .)
 * blanks the screen; f or the button enters full screen (Fullscreen API); n opens the presenter's window
 * (the same page with ?presenter=1: speaker note large, next slide beside it) - the two windows follow
 * each other through a BroadcastChannel, so the clicker can drive either; if the browser blocks the
 * window, n shows the note on the slide instead. Inside the slide's iframe (an embedded view) the same
 * keys are forwarded to the player, so focus in the map does not trap the presenter.
 * IDs mirror imapdash/ids.py (Stories.*). Dash loads this file on every page: it does nothing elsewhere.
 */
(function () {
  "use strict";

  var PLAY_BUTTONS = "#explorer-play, #routes-play";
  var NEXT = {ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1};

  function typing(target) {
    var tag = (target && target.tagName) || "";
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function player() {
    var root = document.getElementById("story-player");
    var data = JSON.parse(document.getElementById("story-data").textContent);
    var frame = document.getElementById("story-frame");
    var counter = document.getElementById("story-counter");
    var title = document.getElementById("story-slide-title");
    var note = document.getElementById("story-note");
    var notesButton = document.getElementById("story-notes-toggle");
    var blank = document.getElementById("story-blank");
    var nextFrame = document.getElementById("story-next-frame");
    var nextTitle = document.getElementById("story-next-title");
    var channel = window.BroadcastChannel ? new BroadcastChannel(data.channel) : null;
    var count = data.slides.length;
    var current = parseInt(root.getAttribute("data-slide"), 10) || 1;

    function fromUrl() {
      var n = parseInt(new URLSearchParams(window.location.search).get("slide"), 10);
      return Math.min(Math.max(isNaN(n) ? 1 : n, 1), count);
    }

    function show(number, push) {
      number = Math.min(Math.max(number, 1), count);
      var slide = data.slides[number - 1];
      if (frame.getAttribute("src") !== slide.src) {
        // A new iframe rather than a new src: its first load adds no entry to the session history, so
        // Back/Forward step through slides (our pushState), not through the frame's past pages.
        var fresh = frame.cloneNode(false);
        fresh.setAttribute("src", slide.src);
        frame.parentNode.replaceChild(fresh, frame);
        frame = fresh;
      }
      frame.setAttribute("title", slide.title);
      counter.textContent = number + " / " + count;
      title.textContent = slide.title;
      note.textContent = slide.note;
      document.title = slide.title + " — " + data.title;
      root.setAttribute("data-slide", String(number));
      if (nextFrame) {
        var upcoming = data.slides[number];  // number is 1-based: this is the next slide
        nextTitle.textContent = upcoming ? upcoming.title : "—";
        var nextSrc = upcoming ? upcoming.src : "about:blank";
        if (nextFrame.getAttribute("src") !== nextSrc) { nextFrame.setAttribute("src", nextSrc); }
      }
      if (channel && number !== current) { channel.postMessage({slide: number}); }
      if (push && number !== current) {
        var params = new URLSearchParams(window.location.search);
        params.set("slide", String(number));
        history.pushState({slide: number}, "", "?" + params.toString());
      }
      current = number;
    }

    function toggleBlank() {
      blank.hidden = !blank.hidden;
      document.body.classList.toggle("story-blanked", !blank.hidden);
    }

    function presenterWindow() {
      var params = new URLSearchParams(window.location.search);
      params.set("slide", String(current));
      params.set("presenter", "1");
      var opened = null;
      try { opened = window.open(window.location.pathname + "?" + params.toString(), data.channel); } catch (e) {}
      if (!opened) { toggleNotes(); }  // pop-up blocked: the note on the slide instead
    }

    function toggleNotes() {
      note.hidden = !note.hidden;
      notesButton.setAttribute("aria-pressed", note.hidden ? "false" : "true");
    }

    function fullScreen() {
      if (document.fullscreenElement) { document.exitFullscreen(); }
      else if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen(); }
    }

    function play() {
      var doc = frame.contentDocument;
      var button = doc && doc.querySelector(PLAY_BUTTONS);
      if (button) { button.click(); }
    }

    function key(name) {
      if (name in NEXT) { show(current + NEXT[name], true); return true; }
      if (name === " " || name === "Spacebar") { play(); return true; }
      if (name === "n" || name === "N") {
        if (data.presenter) { toggleNotes(); } else { presenterWindow(); }
        return true;
      }
      if (name === "b" || name === "B" || name === ".") { toggleBlank(); return true; }
      if (name === "f" || name === "F") { fullScreen(); return true; }
      if (name === "Home") { show(1, true); return true; }
      if (name === "End") { show(count, true); return true; }
      return false;
    }

    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) { return; }
      if (key(event.key)) { event.preventDefault(); }
    });
    window.addEventListener("popstate", function () { current = fromUrl(); show(current, false); });
    document.getElementById("story-prev").addEventListener("click", function () { show(current - 1, true); });
    document.getElementById("story-next").addEventListener("click", function () { show(current + 1, true); });
    notesButton.addEventListener("click", toggleNotes);
    document.getElementById("story-present").addEventListener("click", fullScreen);
    if (channel) {
      channel.onmessage = function (event) {
        var wanted = event.data && event.data.slide;
        if (wanted && wanted !== current) { show(wanted, true); }
      };
    }
    window.imapdashStory = {key: key};
    show(fromUrl(), false);
  }

  function forwardFromFrame() {
    var parentStory = null;
    try { parentStory = window.parent !== window && window.parent.imapdashStory; } catch (e) { return; }
    if (!parentStory) { return; }
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) { return; }
      var forwarded = event.key in NEXT || event.key === "n" || event.key === "f" || event.key === "b" ||
        event.key === "." || event.key === "Home" || event.key === "End";
      if (forwarded && parentStory.key(event.key)) { event.preventDefault(); }
    });
  }

  function start() {
    if (document.getElementById("story-player")) { player(); } else { forwardFromFrame(); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
