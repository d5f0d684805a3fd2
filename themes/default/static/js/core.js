/*
 * Syllabus default theme, core: the progress model, with no DOM. Unit keys, the stored format
 * (its version and migration, how a stored or imported value is cleaned, how an import merges,
 * the export file), counting units for bars and statuses, grading a quiz attempt and recording
 * it, recording a scenario's ending (the best kept), and whether a completion is older than an
 * update of its lesson or quiz.
 *
 * It follows src/progress/ (units.rs, schema.rs, grade.rs, ending.rs, updated.rs) rule for rule, and the browser tests
 * (tests/browser/progress_model.rs) run it on the same fixtures as the Rust tests
 * (tests/fixtures/progress/), so the two cannot drift apart. See docs/theme.md.
 */
(function (S) {
  "use strict";
  try {
    var VERSION = 2; // schema::VERSION: the format version written
    var NAME_MAX = 200; // schema::NAME_MAX: the longest name kept, in characters

    function isObj(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
    function num(v, dflt) { return typeof v === "number" && isFinite(v) ? v : dflt; }
    function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
    // The keys of a parsed object, without `__proto__` (JSON.parse makes it an own key; storing
    // it back would change the object's prototype instead).
    function keysOf(o) { return Object.keys(o).filter(function (k) { return k !== "__proto__"; }); }

    /* ---------- Unit keys (units.rs) ---------- */

    // "lesson:<id>", "check:<lesson id>#<item id>", "quiz:<id>", "scenario:<id>" ->
    // { kind, lesson, item, quiz, scenario },
    // or null for anything else (a `checks:` token, an unknown prefix, an empty id).
    function parseUnit(key) {
      var colon = key.indexOf(":");
      if (colon < 0) return null;
      var kind = key.slice(0, colon), rest = key.slice(colon + 1);
      if ((kind === "lesson" || kind === "quiz" || kind === "scenario") && rest) {
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
    function isScenarioKey(k) { return k.indexOf("scenario:") === 0; }

    /* ---------- Scenario endings (ending.rs) ---------- */

    var ENDINGS = ["poor", "ok", "good"]; // worst first: the index is the rank

    // The better of two stored endings: an ending beats none (""), a better one a worse;
    // anything else is none.
    function bestEnding(a, b) {
      var ra = ENDINGS.indexOf(a), rb = ENDINGS.indexOf(b), r = Math.max(ra, rb);
      return r < 0 ? "" : ENDINGS[r];
    }

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

    // "map:<i>" and "map:all" stand for module i's units, or every module's, in the progress
    // map (assets/progress-map.js: { modules: ["<units of module 0>", …] }), which the
    // course-wide pages use instead of listing every unit (issue 19; units.rs MapRef).
    // -> { module: i } or { module: null } for all, or null.
    function parseMap(token) {
      if (typeof token !== "string" || token.indexOf("map:") !== 0) return null;
      var rest = token.slice(4);
      if (rest === "all") return { module: null };
      return /^[0-9]+$/.test(rest) ? { module: Number(rest) } : null;
    }

    function mapToken(module) { return module === null ? "map:all" : "map:" + module; }

    // The units of one module of the map: a string of units as the pages write them, or the
    // compact form [prefix, words] the build writes (src/progress/map.rs): per word `<rest>` is
    // lesson:<prefix><rest>, `<rest>:<n>` that lesson and checks:<prefix><rest>:<n>, `?<rest>`
    // quiz:<prefix><rest> and `!<rest>` scenario:<prefix><rest>.
    function moduleUnits(m) {
      var out = [];
      if (!Array.isArray(m)) {
        String(m).split(" ").forEach(function (u) { if (u) out.push(u); });
        return out;
      }
      var prefix = String(m[0]);
      String(m[1]).split(" ").forEach(function (w) {
        if (!w) return;
        var c = w.charAt(0);
        if (c === "?") { out.push("quiz:" + prefix + w.slice(1)); return; }
        if (c === "!") { out.push("scenario:" + prefix + w.slice(1)); return; }
        var at = w.lastIndexOf(":"), n = at < 0 ? "" : w.slice(at + 1);
        if (/^[0-9]+$/.test(n)) {
          var id = prefix + w.slice(0, at);
          out.push(unitKey({ kind: "lesson", lesson: id }));
          if (Number(n) > 0) out.push(checksToken(id, Number(n)));
        } else out.push(unitKey({ kind: "lesson", lesson: prefix + w }));
      });
      return out;
    }

    // `tokens` with each map: token replaced by the units it stands for in `map` (none when
    // the map or its module is missing).
    function expandMap(tokens, map) {
      var modules = isObj(map) && Array.isArray(map.modules) ? map.modules : [];
      var out = [];
      tokens.forEach(function (tok) {
        var ref = parseMap(tok);
        if (!ref) { out.push(tok); return; }
        var picked = ref.module === null ? modules : modules.slice(ref.module, ref.module + 1);
        picked.forEach(function (m) { out.push.apply(out, moduleUnits(m)); });
      });
      return out;
    }

    // A lesson in lists and totals: its key, and its checklist as one token when it has one.
    function lessonSummary(lesson, checks) {
      var key = unitKey({ kind: "lesson", lesson: lesson });
      return checks ? key + " " + checksToken(lesson, checks) : key;
    }

    /* ---------- The stored value (schema.rs) ---------- */

    function fresh(site) { return { version: VERSION, site: site, learner: { name: "", at: 0 }, units: {} }; }

    // Brings a value of an older format to the current one, one step per version (a copy: the
    // value given is not changed).
    // 1 -> 2: the learner's name is not known; a quiz's answers and rev neither (any found are
    // removed; cleaning makes them {} and "").
    function migrate(value) {
      if (!isObj(value)) return { unusable: "not_progress" };
      if (typeof value.version !== "number") return { unusable: "unversioned" };
      var v = value;
      if (v.version === 1) {
        // Version 1 had no name, answers or rev: any found in it are not this format's.
        v = {};
        keysOf(value).forEach(function (k) { v[k] = value[k]; });
        v.version = 2;
        v.learner = { name: "", at: 0 };
        if (isObj(value.units)) {
          v.units = {};
          keysOf(value.units).forEach(function (k) {
            var r = value.units[k], copy = r;
            if (isObj(r)) {
              copy = {};
              keysOf(r).forEach(function (f) { if (f !== "answers" && f !== "rev") copy[f] = r[f]; });
            }
            v.units[k] = copy;
          });
        }
      }
      if (v.version === VERSION) return { value: v };
      return { unusable: "other_version", found: String(value.version) };
    }

    // JavaScript's trim, then at most NAME_MAX characters (code points, as Rust counts them).
    function cleanName(name) {
      return Array.from(String(name).trim()).slice(0, NAME_MAX).join("").trim();
    }

    // The learner made clean: anything but an object is nobody.
    function cleanLearner(l) {
      if (!isObj(l)) return { name: "", at: 0 };
      return { name: typeof l.name === "string" ? cleanName(l.name) : "", at: num(l.at, 0) };
    }

    // An export's time as toISOString writes it, and a build fingerprint (schema.rs).
    function isUtcTime(s) { return typeof s === "string" && /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?Z$/.test(s); }
    function isBuild(s) { return typeof s === "string" && /^[0-9a-f]{1,64}$/.test(s); }

    // A quiz's answers: question id -> the option ids (strings) chosen; anything else is left out.
    function cleanAnswers(a) {
      var out = {};
      if (!isObj(a)) return out;
      keysOf(a).forEach(function (q) {
        if (Array.isArray(a[q])) out[q] = a[q].filter(function (o) { return typeof o === "string"; });
      });
      return out;
    }

    // One record made clean, or null when it is not an object.
    function cleanRecord(key, r) {
      if (!isObj(r)) return null;
      var out = { done: r.done === true, at: num(r.at, 0) };
      if (isQuizKey(key)) {
        out.best = Math.max(0, Math.min(100, Math.floor(num(r.best, 0))));
        out.attempts = Math.max(0, Math.min(4294967295, Math.floor(num(r.attempts, 0))));
        out.answers = cleanAnswers(r.answers);
        out.rev = typeof r.rev === "string" ? r.rev : "";
      }
      if (isScenarioKey(key)) out.ending = bestEnding(r.ending, "");
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
      if (isUtcTime(value.exported_at)) stored.exported_at = value.exported_at;
      if (isBuild(value.build)) stored.build = value.build;
      stored.learner = cleanLearner(value.learner);
      keysOf(value.units).forEach(function (k) {
        var r = cleanRecord(k, value.units[k]);
        if (r) { stored.units[k] = r; kept++; } else lost++;
      });
      return { stored: stored, kept: kept, lost: lost };
    }

    // Whether two JSON values are equal (the order of an object's keys aside).
    function same(a, b) {
      if (isObj(a) && isObj(b)) {
        var ka = keysOf(a).sort(), kb = keysOf(b).sort();
        return same(ka, kb) && ka.every(function (k) { return same(a[k], b[k]); });
      }
      if (Array.isArray(a) && Array.isArray(b)) {
        return a.length === b.length && a.every(function (x, i) { return same(x, b[i]); });
      }
      return a === b;
    }

    // Whether a quiz record's answers replace another's: they go with the best score; at the
    // same score, known answers (a rev) beat unknown ones, then the later record wins.
    function betterAnswers(t, m) {
      if (t.best !== m.best) return t.best > m.best;
      var kt = !!t.rev, km = !!m.rev;
      if (kt !== km) return kt;
      return t.at > m.at;
    }

    // Imports the clean value `theirs` into the clean value `mine` (changed in place). A unit
    // only one side has is taken; otherwise the newer change wins, but a quiz keeps the best of
    // both, with the answers of the best score, and a scenario the best ending of both. The name is the newer one; the file's
    // exported_at and build are not merged. Returns how many imported records changed `mine`
    // and how many it already had (the name is not counted).
    function merge(mine, theirs) {
      var changed = 0, unchanged = 0;
      if (theirs.learner.at > mine.learner.at) mine.learner = { name: theirs.learner.name, at: theirs.learner.at };
      keysOf(theirs.units).forEach(function (k) {
        var m = has(mine.units, k) ? mine.units[k] : null, t = theirs.units[k], next;
        if (!m) next = t;
        else if (isQuizKey(k)) {
          var w = betterAnswers(t, m) ? t : m;
          next = { done: m.done || t.done, best: Math.max(m.best, t.best),
                   attempts: Math.max(m.attempts, t.attempts), at: Math.max(m.at, t.at),
                   answers: w.answers, rev: w.rev };
        } else if (isScenarioKey(k)) {
          next = { done: m.done || t.done, at: Math.max(m.at, t.at), ending: bestEnding(m.ending, t.ending) };
        } else next = t.at > m.at ? t : m;
        if (m && same(m, next)) unchanged++; else { mine.units[k] = next; changed++; }
      });
      return { changed: changed, same: unchanged };
    }

    // The export file of the clean value `stored`: the same value, with the time `now` (ms)
    // and the course's build (the page's data-build, left out when it is not one).
    function exportValue(stored, build, now) {
      var out = { version: stored.version, site: stored.site, exported_at: new Date(now).toISOString() };
      if (isBuild(build)) out.build = build;
      out.learner = stored.learner;
      out.units = stored.units;
      return out;
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

    /* ---------- Updated since completed (updated.rs) ---------- */

    // Whether the record `u` is stale: done before `updated` (ms since 1970; 0 or none: the
    // lesson or quiz was never marked updated). A done record of unknown time (0) is stale.
    function isStale(u, updated) {
      updated = num(updated, 0);
      if (!(updated > 0) || !isObj(u) || u.done !== true) return false;
      var at = num(u.at, NaN);
      return isNaN(at) || at < updated;
    }

    // The record of a quiz after an attempt scored `s` (grade's result) with `answers` on the
    // quiz of grading fingerprint `rev`, at `now`; `old` is the record before (or none) and
    // `updated` the quiz's updated moment. The answers go with the best score (docs/progress.md):
    // this attempt's when it is the first or scores at least the best so far (the latest of
    // equal bests); the best attempt's otherwise. A pass that is stale counts no more: after an
    // attempt on an updated quiz, it is passed only if this attempt passed.
    function recordAttempt(old, s, answers, rev, updated, now) {
      var first = !isObj(old);
      old = first ? {} : old;
      var best = first || s.percent >= num(old.best, 0);
      var kept = old.done === true && !isStale(old, updated);
      return { done: kept || s.passed, best: Math.max(num(old.best, 0), s.percent),
               attempts: num(old.attempts, 0) + 1, at: now,
               answers: best ? answers : old.answers || {},
               rev: best ? String(rev || "") : old.rev || "" };
    }

    // The record of a scenario played to `ending` at `now`, `old` the record before (or none):
    // done, and the best ending reached so far. `updated` is the scenario's updated moment (0 or
    // none: never): an ending reached before it was in a conversation that has changed, so, like
    // a stale quiz pass, it counts no more and this ending replaces it.
    function recordEnding(old, ending, now, updated) {
      var before = isObj(old) && typeof old.ending === "string" && !isStale(old, updated) ? old.ending : "";
      return { done: true, at: now, ending: bestEnding(before, ending) };
    }

    /* ---------- Grading (grade.rs) ---------- */

    // A question is right when the options chosen are exactly its right ones (as sets: the same
    // option chosen twice counts once).
    function isRight(correct, chosen) {
      var c = correct.map(String), ch = chosen.map(String);
      return ch.every(function (o) { return c.indexOf(o) >= 0; }) &&
        c.every(function (o) { return ch.indexOf(o) >= 0; });
    }

    // Grades `answers` ({ question id: [option ids chosen] }) against a quiz's grading data. In
    // a pool (`draw: n`) the attempt's questions are those the answers name, the first n in the
    // quiz's order; there are n of them (at most the quiz's), and a missing one is unanswered.
    function grade(data, answers) {
      var right = 0, unanswered = 0, total = data.questions.length, asked = data.questions;
      var draw = num(data.draw, 0);
      if (draw > 0) {
        asked = data.questions.filter(function (q) { return has(answers, String(q.id)); }).slice(0, draw);
        total = Math.min(draw, data.questions.length);
        unanswered = total - asked.length;
      }
      asked.forEach(function (q) {
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
      parseUnit: parseUnit, unitKey: unitKey, isQuizKey: isQuizKey, isScenarioKey: isScenarioKey,
      ENDINGS: ENDINGS, bestEnding: bestEnding, recordEnding: recordEnding, parseChecks: parseChecks,
      checksToken: checksToken, lessonSummary: lessonSummary,
      parseMap: parseMap, mapToken: mapToken, expandMap: expandMap, moduleUnits: moduleUnits,
      NAME_MAX: NAME_MAX, fresh: fresh, migrate: migrate, clean: clean, cleanName: cleanName,
      merge: merge, exportValue: exportValue,
      counter: counter, tally: tally, isRight: isRight, grade: grade,
      isStale: isStale, recordAttempt: recordAttempt
    };
  } catch (e) { if (window.console) window.console.error("Syllabus (core.js):", e); }
})(window.Syllabus = window.Syllabus || {});
