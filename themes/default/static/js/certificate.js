/*
 * Syllabus default theme, certificate: whether the learner has finished the course (every lesson
 * complete and every quiz passed, none of them updated since: docs/progress.md), the progress
 * page's offer of the certificate, and the certificate page itself (name, date, quiz scores).
 *
 * Like view.js it writes only text and attributes, never HTML.
 */
(function (S) {
  "use strict";
  try {
    var has = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };

    // `lesson:a=1733… quiz:b=1744…` -> { "lesson:a": 1733…, … }
    // `map:all` stands for the progress map's list (assets/progress-map.js).
    function updatedMap(attr) {
      var out = {}, map = window.SyllabusProgressMap;
      if (attr === "map:all") attr = map && typeof map.updated === "string" ? map.updated : "";
      S.view.words(attr).forEach(function (pair) {
        var at = pair.lastIndexOf("=");
        if (at > 0) out[pair.slice(0, at)] = Number(pair.slice(at + 1)) || 0;
      });
      return out;
    }

    // The course's state for a certificate: `ready` when every lesson and quiz of `tokens` (a
    // course's unit list) is done and none is stale; `at` is when the last of them was done.
    function standing(units, tokens, updated) {
      var keys = tokens.filter(function (k) { return k.indexOf("lesson:") === 0 || S.core.isQuizKey(k); });
      var at = 0, ready = keys.length > 0;
      keys.forEach(function (k) {
        var u = has(units, k) ? units[k] : null;
        var ok = !!u && u.done === true && !S.core.isStale(u, has(updated, k) ? updated[k] : 0);
        if (!ok) ready = false;
        else at = Math.max(at, S.core.num(u.at, 0));
      });
      return { ready: ready, at: at };
    }

    function pad(n) { return (n < 10 ? "0" : "") + n; }

    // A time (ms) as the learner's local date in `el`: a <time> with its `datetime` and the
    // words of the page's language (an empty <time> would not be valid HTML, so it is made here).
    function showDate(el, ms) {
      var d = new Date(ms), t = document.createElement("time");
      t.setAttribute("datetime", d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()));
      var lang = document.documentElement.getAttribute("lang") || undefined;
      try {
        t.textContent = d.toLocaleDateString(lang, { year: "numeric", month: "long", day: "numeric" });
      } catch (e) {
        t.textContent = t.getAttribute("datetime");
      }
      el.textContent = "";
      el.appendChild(t);
    }

    function render(state) {
      var units = state.units;
      S.view.each("[data-certificate-offer]", function (el) {
        var tokens = S.view.units(el.getAttribute("data-certificate-offer"));
        if (!tokens) return; // the progress map is still to come (maps.js)
        var s = standing(units, tokens, updatedMap(el.getAttribute("data-certificate-updated")));
        el.hidden = !s.ready;
      });
      var page = document.querySelector("[data-certificate]");
      var tokens = page && S.view.units(page.getAttribute("data-certificate"));
      if (!tokens) return;
      var s = standing(units, tokens, updatedMap(page.getAttribute("data-certificate-updated")));
      var name = state.learner ? state.learner.name : "";
      var show = s.ready && !!name;
      var pending = page.querySelector("[data-certificate-pending]");
      var ready = page.querySelector("[data-certificate-ready]");
      var why = page.querySelector("[data-certificate-why]");
      if (why) why.textContent = S.t(s.ready ? "certificate_no_name" : "certificate_not_yet");
      if (pending) pending.hidden = show;
      if (!ready) return;
      ready.hidden = !show;
      if (!show) return;
      S.view.each("[data-certificate-name]", function (el) { el.textContent = name; }, ready);
      S.view.each("[data-certificate-date]", function (el) { showDate(el, s.at); }, ready);
      S.view.each("[data-quiz-best]", function (el) {
        var key = el.getAttribute("data-quiz-best"), u = has(units, key) ? units[key] : null;
        el.textContent = u ? S.t("percent", { value: S.core.num(u.best, 0) }) : "";
      }, ready);
    }

    S.certificate = { standing: standing, render: render };
  } catch (e) { if (window.console) window.console.error("Syllabus (certificate.js):", e); }
})(window.Syllabus = window.Syllabus || {});
