/*
 * Syllabus default theme, maps: loads the progress map's scripts (docs/theme.md) on the home,
 * progress and certificate pages, by <script> elements as the search does (no fetch, so it
 * works from file://, under any sub-path and inside a course package's frame), every URL relative
 * to the page's own `assets/progress-map.js` tag.
 *
 * Each file has a version stamp. Over http(s) a file loaded here asks for `?v=<stamp>`, so a
 * cached older copy is never used with a newer page; from file:// (no cache to fear, and a query
 * is best left out of a file's URL) the name alone. The map itself comes by the page's own
 * <script defer> tag, which carries its stamp (`data-stamp`): when the map that came is another
 * version (a cache answered with an older one), `checkMap` loads it again, stamped.
 */
(function (S) {
  "use strict";
  try {
    var tag = document.querySelector("script[data-stamp][src]");
    var src = tag ? tag.src.replace(/[?#].*$/, "") : "";
    var HERE = src.replace(/[^\/]*$/, ""); // assets/
    var WEB = /^https?:/.test(HERE);

    // Loads assets/<name> once (stamped over http(s)); calls done(ok) when it ran or failed.
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

    // Whether the map in hand is the one the page was built with.
    function mapIsCurrent() {
      var map = window.SyllabusProgressMap;
      return !tag || !!(map && map.v === tag.getAttribute("data-stamp"));
    }

    // When the map in hand is not the page's (an older one from a cache), loads the page's,
    // stamped, and calls done() once it is in; does nothing otherwise (or from file://, where
    // the file read is the one on disk).
    function checkMap(done) {
      if (mapIsCurrent() || !WEB) return;
      load("progress-map.js", tag.getAttribute("data-stamp"), function (ok) {
        if (ok && mapIsCurrent()) done();
        else if (window.console) window.console.error("Syllabus: the progress map is not this page's version");
      });
    }

    S.maps = { load: load, checkMap: checkMap, mapIsCurrent: mapIsCurrent };
  } catch (e) { if (window.console) window.console.error("Syllabus (maps.js):", e); }
})(window.Syllabus = window.Syllabus || {});
