/*
 * Syllabus default theme, items: the progress page's list of every lesson, quiz and scenario of
 * each module, with every checklist item, built from assets/progress-items.js (docs/theme.md)
 * into each <ul data-progress-items="<module index>">. The course-wide lists live in that one
 * cached file instead of in the page, which stays the size of its modules (issue 19). Runs
 * before main.js (all scripts are `defer`, in order), so the boxes are there to be ticked; in a
 * big course the last lists follow in later tasks, and main.js renders again once they are in.
 *
 * Like view.js it never writes HTML: only createElement, textContent and attributes.
 */
(function (S) {
  "use strict";
  try {
    function el(tag, attrs, text) {
      var e = document.createElement(tag);
      Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      if (text) e.textContent = text;
      return e;
    }
    function add(parent) {
      for (var i = 1; i < arguments.length; i++) {
        var c = arguments[i];
        parent.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
      }
      return parent;
    }

    // The status of a quiz or scenario, as partials/status.html writes it.
    function status(item) {
      var attrs = { "class": "status", "data-status-units": item.units, "data-status": "todo" };
      if (item.updated) attrs["data-updated"] = String(item.updated);
      return add(el("span", attrs), el("span", { "class": "status-mark", "aria-hidden": "true" }),
                 el("span", { "class": "status-text", "data-status-text": "" }, S.t("status_not_started")));
    }

    function box(id, unit, text, cls) {
      var li = el("li", cls ? { "class": cls } : {});
      return add(li, el("input", { type: "checkbox", id: id, "data-unit": unit }), " ",
                 el("label", { "for": id }, text));
    }

    // One item, as templates/progress.html wrote it before the lists moved here.
    function item(it, root, mi, ii) {
      var li = el("li", { "class": "progress-item item-" + it.kind });
      var a = el("a", { href: root + it.url });
      if (it.label) a.appendChild(el("span", { "class": "item-kind" }, S.t(it.label) + S.t("label_colon")));
      add(a, it.title);
      add(li, add(el("h3", { "class": "item-title" }), a));
      if (it.result) {
        var p = el("p", { "class": "quiz-line" });
        if (it.units) p.appendChild(status(it));
        var scenario = it.kind === "scenario";
        var result = scenario
          ? el("span", { "data-scenario-result": it.result }, S.t("scenario_not_played"))
          : el("span", { "data-quiz-result": it.result }, S.t("not_attempted"));
        add(p, add(el("span"), S.t(scenario ? "scenario_best" : "progress_best_score") + " ", result));
        li.appendChild(p);
        return li;
      }
      var complete = S.core.unitKey({ kind: "lesson", lesson: it.lesson });
      if (it.updated) {
        var note = el("p", { "class": "notice notice-warning", "data-updated-note": complete,
                             "data-updated": String(it.updated) });
        note.hidden = true;
        add(note, S.t("status_updated") + " (" + S.day(it.date) + ")" + S.t("label_colon"),
            el("a", { href: root + it.url }, S.t("updated_review")));
        li.appendChild(note);
      }
      var list = el("ul", { "class": "checklist" }), id = "p" + mi + "-" + ii + "-";
      (it.checks || []).forEach(function (c, k) {
        var unit = S.core.unitKey({ kind: "check", lesson: it.lesson, item: c[0] });
        list.appendChild(box(id + (k + 1), unit, c[1]));
      });
      list.appendChild(box(id + "done", complete, S.t("lesson_complete"), "checklist-complete"));
      li.appendChild(list);
      return li;
    }

    // Fills each list, a module at a time: when a big course's lists take longer than BUDGET
    // ms, the rest follow in later tasks (so the page answers input meanwhile), and whatever
    // waits for them (`later`) runs once all are built.
    var BUDGET = 40, built = false, waiting = [];
    function fill(ul, modules) {
      var i = Number(ul.getAttribute("data-progress-items")), items = modules[i];
      if (!Array.isArray(items) || ul.firstChild) return;
      var root = ul.getAttribute("data-root") || "", frag = document.createDocumentFragment();
      items.forEach(function (it, j) { frag.appendChild(item(it, root, i + 1, j + 1)); });
      ul.appendChild(frag);
    }
    function build() {
      var modules = window.SyllabusProgressItems;
      var lists = Array.isArray(modules) ? document.querySelectorAll("ul[data-progress-items]") : [];
      var next = 0;
      (function step() {
        var start = Date.now();
        while (next < lists.length) {
          fill(lists[next++], modules);
          if (next < lists.length && Date.now() - start > BUDGET) { setTimeout(step, 0); return; }
        }
        built = true;
        waiting.splice(0).forEach(function (fn) { fn(); });
      })();
    }
    // Calls fn once every list is built, if some are still to come (main.js renders then).
    function later(fn) { if (!built) waiting.push(fn); }

    build();
    S.items = { later: later };
  } catch (e) { if (window.console) window.console.error("Syllabus (items.js):", e); }
})(window.Syllabus = window.Syllabus || {});
