/*
 * Syllabus default theme, maps: loads the progress map's scripts (docs/theme.md) on the home,
 * progress and certificate pages, by <script> elements as the search does (no fetch, so it
 * works from file://, under any sub-path and inside a course package's frame), every URL relative
 * to this script (assets/js/maps.js).
 *
 * The map (assets/progress-map.js: every module's units, for the bars) is loaded once the page
 * has loaded: the page's text does not wait for it (on a phone, 125 KB of map at 10,000
 * lessons came before the first modules were painted, issue 19); the bars, statuses and the
 * certificate are shown as the page came (a learner without progress) until it is in, then
 * `onMap` listeners show the progress (main.js).
 *
 * Each file has a version stamp: the map's is this script's `data-progress-map`, a list's its
 * <ul>'s `data-stamp`. Over http(s) a file is asked for as `<name>?v=<stamp>`, so a cached older
 * copy is never used with a newer page; from file:// (no cache to fear, and a query is best left
 * out of a file's URL) by its name alone.
 */
(function (S) {
  "use strict";
  try {
    var me = document.currentScript;
    var src = me && me.src ? me.src.replace(/[?#].*$/, "") : "";
    var HERE = src.replace(/[^\/]*$/, "").replace(/[^\/]*\/$/, ""); // assets/js/maps.js -> assets/
    var WEB = /^https?:/.test(HERE);
    var STAMP = me ? me.getAttribute("data-progress-map") : null;

    // Loads assets/<name> once at a time (stamped over http(s)); calls done(ok) when it ran or failed.
    var loading = Object.create(null);
    function load(name, stamp, done) {
      if (loading[name]) { loading[name].push(done); return; }
      loading[name] = [done];
      var s = document.createElement("script");
      s.src = HERE + name + (WEB && stamp ? "?v=" + encodeURIComponent(stamp) : "");
      s.async = true;
      function finish(ok) {
        s.remove();
        var waiting = loading[name];
        delete loading[name];
        waiting.forEach(function (fn) { if (fn) fn(ok); });
      }
      s.onload = function () { finish(true); };
      s.onerror = function () {
        if (window.console) window.console.error("Syllabus: could not load " + s.src);
        finish(false);
      };
      document.head.appendChild(s);
    }

    // Calls fn() once the progress map is in (at once if it is).
    var waiting = [];
    function onMap(fn) { if (window.SyllabusProgressMap) fn(); else waiting.push(fn); }

    function loadMap() {
      load("progress-map.js", STAMP, function () {
        var map = window.SyllabusProgressMap;
        if (map && map.v !== STAMP && window.console) {
          window.console.error("Syllabus: the progress map is not this page's version");
        }
        if (map) waiting.splice(0).forEach(function (fn) { fn(); });
      });
    }
    if (STAMP !== null && !window.SyllabusProgressMap) {
      if (document.readyState === "complete") loadMap();
      else window.addEventListener("load", loadMap);
    }

    S.maps = { load: load, onMap: onMap };
  } catch (e) { if (window.console) window.console.error("Syllabus (maps.js):", e); }
})(window.Syllabus = window.Syllabus || {});
