/*
 * Syllabus default theme, view: shows progress in the page. Ticks every box of a unit that is
 * done, sets progress bars and their labels, statuses (done / in progress / not started), quiz
 * results, scenario endings, "updated since you completed it", the home page's "Continue" link, and writes notices.
 *
 * It finds its work through the data-* attributes of docs/theme.md, and never writes HTML: only
 * textContent, attributes, `hidden`, classList and createElement, so no course or stored data
 * can ever be injected into the page.
 */
(function (S) {
  "use strict";
  try {
    function each(sel, fn, scope) { Array.prototype.forEach.call((scope || document).querySelectorAll(sel), fn); }
    function words(s) { return (s || "").split(/\s+/).filter(Boolean); }
    // The units and tokens of an attribute's value, with the progress map's units in place of
    // its map: tokens (the course-wide pages: core.expandMap, docs/theme.md).
    // Kept per attribute value for the map in hand: a render asks for each module's units twice
    // (bar, status) and every render asks again (issue 19). Null while the map is still to come
    // (maps.js loads it after the page): what stands on it is left as the page came.
    var expanded = { map: null, of: Object.create(null) };
    function units(s) {
      var map = window.SyllabusProgressMap;
      if (!map && /(^|\s)map:/.test(String(s))) return null;
      if (expanded.map !== map) expanded = { map: map, of: Object.create(null) };
      var key = String(s);
      if (!expanded.of[key]) expanded.of[key] = S.core.expandMap(words(key), map);
      return expanded.of[key];
    }

    // Sets a text or an attribute only when it changes: the pages come with the text a learner
    // without progress sees, so a first render writes (and restyles) little (issue 19).
    function setText(el, text) { if (el.textContent !== text) el.textContent = text; }
    function setAttr(el, name, value) { if (el.getAttribute(name) !== value) el.setAttribute(name, value); }

    // Returns the element in `scope` whose attribute `name` equals `value` (no CSS escaping needed).
    function byAttr(scope, name, value) {
      var found = null;
      each("[" + name + "]", function (el) { if (!found && el.getAttribute(name) === value) found = el; }, scope);
      return found;
    }

    // Shows `text` in every [data-notice] region (or in a small banner if the page has none).
    // A later notice with the same `key` replaces the earlier one instead of piling up.
    function notify(key, text, kind) {
      var regions = document.querySelectorAll("[data-notice]");
      if (!regions.length) {
        var banner = document.createElement("div");
        banner.className = "notices notice-banner";
        banner.setAttribute("data-notice", "");
        banner.setAttribute("role", "status");
        var main = document.querySelector("main") || document.body;
        main.insertBefore(banner, main.firstChild);
        regions = [banner];
      }
      Array.prototype.forEach.call(regions, function (region) {
        var p = byAttr(region, "data-notice-key", key);
        if (!p) {
          p = document.createElement("p");
          p.setAttribute("data-notice-key", key);
          region.appendChild(p);
        }
        p.className = "notice notice-" + (kind || "info");
        p.textContent = text;
      });
    }

    var STATUS_TEXT = { done: "status_done", started: "status_started", todo: "status_not_started",
                        updated: "status_updated" };

    // Shows the progress `state` (a clean stored value) everywhere in the page, or, given
    // `scope`, only in the boxes, statuses, notes and results inside it (a progress page's
    // list just built by items.js: the page's bars and summary do not depend on it).
    function render(state, scope) {
      var records = state.units, count = S.core.counter(records), tally = count.tally;
      var sc = scope || document;
      function statusOf(tokens) {
        var t = tally(tokens);
        if (t.total && t.done === t.total) return "done";
        return t.started ? "started" : "todo";
      }
      function recordOf(k) { return Object.prototype.hasOwnProperty.call(records, k) ? records[k] : null; }
      each("input[type=checkbox][data-unit]", function (el) {
        el.checked = count.isDone(el.getAttribute("data-unit"));
      }, sc);
      // A lesson, quiz or scenario marked `updated:` after the learner completed it (its own
      // unit, the first lesson:, quiz: or scenario: key of its list); each one found is remembered, once, for the
      // progress page's summary.
      var staleKeys = Object.create(null), staleCount = 0;
      function isOwnUnit(k) { return k.indexOf("lesson:") === 0 || S.core.isQuizKey(k) || S.core.isScenarioKey(k); }
      function noteStale(k) { if (!staleKeys[k]) { staleKeys[k] = true; staleCount += 1; } }
      function staleIn(el, keys) {
        var updated = Number(el.getAttribute("data-updated")) || 0;
        return updated > 0 && keys.some(function (k) {
          var stale = isOwnUnit(k) && S.core.isStale(recordOf(k), updated);
          if (stale) noteStale(k);
          return stale;
        });
      }
      each("[data-status-units]", function (el) {
        var keys = units(el.getAttribute("data-status-units"));
        if (!keys) return;
        var s = staleIn(el, keys) ? "updated" : statusOf(keys);
        setAttr(el, "data-status", s);
        var t = el.querySelector("[data-status-text]");
        if (!t) {
          // A compact status (the sidebar's) comes empty: its mark, and its text for screen
          // readers, are made here.
          var mark = document.createElement("span");
          mark.className = "status-mark";
          mark.setAttribute("aria-hidden", "true");
          t = document.createElement("span");
          t.className = "status-text visually-hidden";
          t.setAttribute("data-status-text", "");
          el.appendChild(mark);
          el.appendChild(t);
        }
        setText(t, S.t(STATUS_TEXT[s]));
      }, sc);
      // The note on an updated lesson's, quiz's or scenario's own page, and in the progress page's lists.
      each("[data-updated-note]", function (el) {
        el.hidden = !staleIn(el, [el.getAttribute("data-updated-note")]);
      }, sc);
      // Its date in the words of the page's language (the build wrote it as YYYY-MM-DD).
      each("[data-say][data-date]", function (el) {
        el.textContent = S.t(el.getAttribute("data-say"), { date: S.day(el.getAttribute("data-date")) });
      }, sc);
      each("[data-quiz-result]", function (el) {
        var u = recordOf(el.getAttribute("data-quiz-result"));
        var r = !u || !u.attempts ? "none" : u.done ? "passed" : "failed";
        el.setAttribute("data-result", r);
        el.textContent = r === "none" ? S.t("not_attempted") : S.t("quiz_result", {
          best: u.best, n: u.attempts, verdict: S.t(r === "passed" ? "result_passed" : "result_not_passed") });
      }, sc);
      each("[data-scenario-result]", function (el) {
        var u = recordOf(el.getAttribute("data-scenario-result"));
        var e = u && u.done && u.ending ? u.ending : "";
        el.setAttribute("data-result", e || "none");
        el.textContent = e === "good" ? S.t("ending_good") : e === "ok" ? S.t("ending_ok")
          : e === "poor" ? S.t("ending_poor") : S.t("scenario_not_played");
      }, sc);
      if (scope) return;

      // The learner's name, as a field's value (never as HTML); not while it is being typed.
      each("input[data-learner-name]", function (el) {
        if (el !== document.activeElement) el.value = state.learner ? state.learner.name : "";
      });
      each("progress[data-units]", function (bar) {
        var keys = units(bar.getAttribute("data-units"));
        if (!keys) return;
        var t = tally(keys);
        if (bar.max !== Math.max(t.total, 1)) bar.max = Math.max(t.total, 1);
        if (bar.value !== t.done) bar.value = t.done;
        var wrap = bar.closest("[data-progress]");
        var label = wrap && wrap.querySelector("[data-progress-label]");
        if (label) setText(label, S.t("progress_done", { done: t.done, total: t.total,
          percent: t.total ? Math.round(t.done * 100 / t.total) : 0 }));
      });
      // The progress page's summary counts every updated unit of the course, as the progress
      // map lists them (`updated`: "<unit key>=<ms> …"), also those of lists not built yet.
      each("[data-updated-summary]", function (el) {
        var map = window.SyllabusProgressMap;
        words(map && typeof map.updated === "string" ? map.updated : "").forEach(function (w) {
          var at = w.lastIndexOf("="), k = w.slice(0, at);
          if (at > 0 && isOwnUnit(k) && S.core.isStale(recordOf(k), Number(w.slice(at + 1)))) noteStale(k);
        });
        el.hidden = !staleCount;
        el.textContent = staleCount ? S.t("updated_summary", { n: staleCount }) : "";
      });
      // Home page: point "Continue" at the first module that is not done yet.
      var cont = document.querySelector("[data-continue]"), target = null;
      var known = true;
      each("[data-continue-candidate]", function (el) {
        var keys = units(el.getAttribute("data-continue-units"));
        if (!keys) known = false;
        else if (!target && keys.length && statusOf(keys) !== "done") target = el;
      });
      var first = document.querySelector("[data-continue-candidate]");
      if (cont && first && known && Object.keys(records).some(count.isStarted)) {
        cont.setAttribute("href", (target || first).getAttribute("data-continue-candidate"));
        cont.textContent = S.t(target ? "continue_with" : "all_done_review",
          { title: (target || first).getAttribute("data-continue-title") });
      }
    }

    S.view = { each: each, words: words, units: units, byAttr: byAttr, notify: notify, render: render };
  } catch (e) { if (window.console) window.console.error("Syllabus (view.js):", e); }
})(window.Syllabus = window.Syllabus || {});
