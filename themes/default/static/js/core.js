/*
 * Syllabus default theme, core: the progress model, with no DOM. Unit keys, the stored format
 * (its version, how a stored or imported value is cleaned, how an import merges), counting
 * units for bars and statuses, and grading a quiz attempt.
 *
 * It follows src/progress/ (units.rs, schema.rs, grade.rs) rule for rule, and the browser tests
 * (tests/browser/progress_model.rs) run it on the same fixtures as the Rust tests
 * (tests/fixtures/progress/), so the two cannot drift apart. See docs/theme.md.
 */
(function (S) {
  "use strict";
  try {
    var VERSION = 1; // schema::VERSION: the format version written

    function isObj(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
    function num(v, dflt) { return typeof v === "number" && isFinite(v) ? v : dflt; }
    function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
    // The keys of a parsed object, without `__proto__` (JSON.parse makes it an own key; storing
    // it back would change the object's prototype instead).
    function keysOf(o) { return Object.keys(o).filter(function (k) { return k !== "__proto__"; }); }

    /* ---------- Unit keys (units.rs) ---------- */

    // "lesson:<id>", "check:<lesson id>#<item id>", "quiz:<id>" -> { kind, lesson, item, quiz },
    // or null for anything else (a `checks:` token, an unknown prefix, an empty id).
    function parseUnit(key) {
      var colon = key.indexOf(":");
      if (colon < 0) return null;
      var kind = key.slice(0, colon), rest = key.slice(colon + 1);
      if ((kind === "lesson" || kind === "quiz") && rest) {
        var unit = { kind: kind };
        unit[kind] = rest;
        return unit;
      }
      var hash = rest.indexOf("#");
      if (kind === "check" && hash > 0 && hash < rest.length - 1) {
        return { kind: "check", lesson: rest.slice(0, hash), item: rest.slice(hash + 1) };
      }
      return null;
    }

    function unitKey(u) {
      return u.kind === "check" ? "check:" + u.lesson + "#" + u.item : u.kind + ":" + u[u.kind];
    }

    function isQuizKey(k) { return k.indexOf("quiz:") === 0; }

    // "checks:<lesson id>:<n>", which stands for a lesson's n checklist items in lists and
    // totals -> { lesson, count }, or null.
    function parseChecks(token) {
      if (token.indexOf("checks:") !== 0) return null;
      var at = token.lastIndexOf(":"), count = token.slice(at + 1);
      if (at < 7 || !/^\+?[0-9]+$/.test(count)) return null;
      var lesson = token.slice(7, at);
      return lesson ? { lesson: lesson, count: Number(count) } : null;
    }

    function checksToken(lesson, count) { return "checks:" + lesson + ":" + count; }

    // A lesson in lists and totals: its key, and its checklist as one token when it has one.
    function lessonSummary(lesson, checks) {
      var key = unitKey({ kind: "lesson", lesson: lesson });
      return checks ? key + " " + checksToken(lesson, checks) : key;
    }

    /* ---------- The stored value (schema.rs) ---------- */

    function fresh(site) { return { version: VERSION, site: site, units: {} }; }

    // Brings a value of an older format to the current one. Version 1 is the first format, so
    // there is nothing to migrate yet; the next version adds its step here.
    function migrate(value) {
      if (!isObj(value)) return { unusable: "not_progress" };
      if (value.version === VERSION) return { value: value };
      if (typeof value.version === "number") return { unusable: "other_version", found: String(value.version) };
      return { unusable: "unversioned" };
    }

    // One record made clean, or null when it is not an object.
    function cleanRecord(key, r) {
      if (!isObj(r)) return null;
      var out = { done: r.done === true, at: num(r.at, 0) };
      if (isQuizKey(key)) {
        out.best = Math.max(0, Math.min(100, Math.floor(num(r.best, 0))));
        out.attempts = Math.max(0, Math.min(4294967295, Math.floor(num(r.attempts, 0))));
      }
      return out;
    }

    // Reads a stored or imported value for course `site`: { stored, kept, lost } (records kept
    // and records dropped because they were damaged), or { unusable: why, found } when it cannot
    // be used at all (`found`: the other version or course named, for messages).
    function clean(value, site) {
      var m = migrate(value);
      if (m.unusable) return m;
      value = m.value;
      if (value.site !== site) return { unusable: "other_site", found: String(value.site) };
      if (!isObj(value.units)) return { unusable: "no_units" };
      var stored = fresh(site), kept = 0, lost = 0;
      keysOf(value.units).forEach(function (k) {
        var r = cleanRecord(k, value.units[k]);
        if (r) { stored.units[k] = r; kept++; } else lost++;
      });
      return { stored: stored, kept: kept, lost: lost };
    }

    function sameRecord(a, b) {
      return a.done === b.done && a.at === b.at && a.best === b.best && a.attempts === b.attempts;
    }

    // Imports the clean value `theirs` into the clean value `mine` (changed in place). A unit
    // only one side has is taken; otherwise the newer change wins, but a quiz keeps the best of
    // both. Returns how many imported records changed `mine` and how many it already had.
    function merge(mine, theirs) {
      var changed = 0, same = 0;
      keysOf(theirs.units).forEach(function (k) {
        var m = has(mine.units, k) ? mine.units[k] : null, t = theirs.units[k], next;
        if (!m) next = t;
        else if (isQuizKey(k)) {
          next = { done: m.done || t.done, best: Math.max(m.best, t.best),
                   attempts: Math.max(m.attempts, t.attempts), at: Math.max(m.at, t.at) };
        } else next = t.at > m.at ? t : m;
        if (m && sameRecord(m, next)) same++; else { mine.units[k] = next; changed++; }
      });
      return { changed: changed, same: same };
    }

    /* ---------- Counting units ---------- */

    // Questions about the records `units`; make one counter per state. `tally(tokens)` counts
    // unit keys and `checks:` tokens: how many units they stand for, how many are done, and
    // whether any is started. A `checks:` token counts the ticked `check:<lesson>#…` units, at
    // most its n.
    function counter(units) {
      var ticks = null; // lesson id -> ticked checklist items, counted on first need
      function rec(k) { return has(units, k) ? units[k] : null; }
      function isDone(k) { var u = rec(k); return !!(u && u.done); }
      function isStarted(k) { var u = rec(k); return !!(u && (u.done || u.attempts > 0)); }
      function ticksOf(lesson) {
        if (!ticks) {
          ticks = {};
          keysOf(units).forEach(function (k) {
            var u = parseUnit(k);
            if (u && u.kind === "check" && isDone(k)) ticks[u.lesson] = (has(ticks, u.lesson) ? ticks[u.lesson] : 0) + 1;
          });
        }
        return has(ticks, lesson) ? ticks[lesson] : 0;
      }
      function tally(tokens) {
        var t = { total: 0, done: 0, started: false };
        tokens.forEach(function (tok) {
          if (tok.indexOf("checks:") === 0) {
            var c = parseChecks(tok), n = c ? c.count : 0, d = c ? Math.min(ticksOf(c.lesson), n) : 0;
            t.total += n; t.done += d; t.started = t.started || d > 0;
          } else {
            t.total += 1;
            if (isDone(tok)) t.done += 1;
            t.started = t.started || isStarted(tok);
          }
        });
        return t;
      }
      return { tally: tally, isDone: isDone, isStarted: isStarted };
    }

    function tally(units, tokens) { return counter(units).tally(tokens); }

    /* ---------- Grading (grade.rs) ---------- */

    // A question is right when the options chosen are exactly its right ones (as sets: the same
    // option chosen twice counts once).
    function isRight(correct, chosen) {
      var c = correct.map(String), ch = chosen.map(String);
      return ch.every(function (o) { return c.indexOf(o) >= 0; }) &&
        c.every(function (o) { return ch.indexOf(o) >= 0; });
    }

    // Grades `answers` ({ question id: [option ids chosen] }) against a quiz's grading data.
    function grade(data, answers) {
      var right = 0, unanswered = 0, total = data.questions.length;
      data.questions.forEach(function (q) {
        var id = String(q.id), chosen = has(answers, id) && Array.isArray(answers[id]) ? answers[id] : [];
        if (!chosen.length) unanswered++;
        if (isRight(q.correct || [], chosen)) right++;
      });
      var percent = total ? Math.floor(right * 100 / total) : 0;
      return { right: right, total: total, percent: percent, passed: percent >= num(data.pass_mark, 0),
               unanswered: unanswered };
    }

    S.core = {
      VERSION: VERSION, isObj: isObj, num: num, keysOf: keysOf,
      parseUnit: parseUnit, unitKey: unitKey, isQuizKey: isQuizKey, parseChecks: parseChecks,
      checksToken: checksToken, lessonSummary: lessonSummary,
      fresh: fresh, migrate: migrate, clean: clean, merge: merge,
      counter: counter, tally: tally, isRight: isRight, grade: grade
    };
  } catch (e) { if (window.console) window.console.error("Syllabus (core.js):", e); }
})(window.Syllabus = window.Syllabus || {});
