/*
 * Syllabus default theme, text: the interface strings of i18n/*.toml, which the build writes to
 * assets/syllabus-text.js as `window.SyllabusText`. `Syllabus.t(key, args)` returns one, with
 * each `{name}` replaced by `args.name`; an entry with plural forms is chosen by `args.n` with
 * the page language's plural rules (Intl.PluralRules). Works as src/i18n/mod.rs does for the
 * templates (docs/theme.md).
 */
(function (S) {
  "use strict";
  try {
    var table = window.SyllabusText || {};
    var rules = null;
    try { rules = new Intl.PluralRules(document.documentElement.lang || "en"); } catch (e) { rules = null; }

    function t(key, args) {
      args = args || {};
      var entry = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : null;
      if (entry === null) {
        if (window.console) window.console.error("Syllabus: no interface string \"" + key + "\"");
        return key;
      }
      if (typeof entry !== "string") {
        var n = typeof args.n === "number" ? args.n : 0;
        var category = rules ? rules.select(n) : (n === 1 ? "one" : "other");
        entry = typeof entry[category] === "string" ? entry[category] : entry.other;
      }
      return String(entry).replace(/\{([a-z_]+)\}/g, function (all, name) {
        return Object.prototype.hasOwnProperty.call(args, name) ? String(args[name]) : all;
      });
    }

    // A day written YYYY-MM-DD as the page's language writes dates ("15 janvier 2026"), or as
    // it is when it is not one or the browser cannot.
    function day(iso) {
      var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso));
      if (!m) return String(iso);
      try {
        return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).toLocaleDateString(
          document.documentElement.lang || undefined,
          { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
      } catch (e) { return String(iso); }
    }

    S.t = t;
    S.day = day;
  } catch (e) { if (window.console) window.console.error("Syllabus (text.js):", e); }
})(window.Syllabus = window.Syllabus || {});
