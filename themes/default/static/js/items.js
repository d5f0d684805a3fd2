/*
 * Syllabus default theme, items: the progress page's list of every lesson, quiz and scenario of
 * each module, with every checklist item, built into each <ul data-progress-items="<module
 * index>" data-stamp="<stamp>"> from assets/progress-items/<index>.js (docs/theme.md), loaded by
 * js/maps.js. The lists live in those cached files instead of in the page, which stays the size
 * of its modules, and only what is shown is loaded and built at once (issue 19):
 *
 * - the lists of the modules shown open are loaded and built first;
 * - a closed module's list is loaded and built as soon as it is opened (keyboard, click, or the
 *   browser's find-in-page opening it on a match);
 * - the others follow one at a time in idle time, so the page's whole text is soon there for a
 *   learner who searches it or a screen reader that reads it once opened; a list built closed
 *   holds its checklist's text only, its boxes are made when it is opened (`box`, `wake`).
 *
 * Building goes in slices of a few milliseconds, so the page answers input meanwhile. Each list
 * built is announced to `onBuilt` listeners (main.js shows the progress in it).
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

    // A checklist row. In a list built while its module is closed only its text is made (a
    // label for no control yet, `sleeping` keeps what its box needs): find-in-page and the
    // module's opening see the text, and a big course's closed modules hold no 60,000 controls
    // (issue 19). `wake` makes the boxes when the module is opened, before its label, so the
    // text a find-in-page match is in stays where it is.
    var sleeping = null;
    function box(id, unit, text, cls) {
      var li = el("li", cls ? { "class": cls } : {});
      var label = el("label", {}, text);
      if (sleeping) sleeping.push([label, id, unit]);
      else {
        label.htmlFor = id;
        add(li, el("input", { type: "checkbox", id: id, "data-unit": unit }), " ");
      }
      return add(li, label);
    }
    function wake(rows) {
      rows.splice(0).forEach(function (r) {
        var label = r[0], li = label.parentNode;
        li.insertBefore(el("input", { type: "checkbox", id: r[1], "data-unit": r[2] }), label);
        li.insertBefore(document.createTextNode(" "), label);
        label.htmlFor = r[1];
      });
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

    var SLICE = 6; // ms of building per task: short enough to never block input for long
    var lists = Array.prototype.slice.call(document.querySelectorAll("ul[data-progress-items]"));
    var state = lists.map(function () { return "waiting"; }); // waiting, loading, loaded, built
    var queue = []; // indexes of lists loaded and waiting to be built, the most wanted first
    var listeners = [];
    var building = null; // { at: list index, items, next: item index }
    var idleBusy = false;
    var urgent = []; // lists opened while loading: built first once in
    var asleep = []; // per list built closed: its rows still without their boxes (`box`)

    function indexOf(ul) { return lists.indexOf(ul); }
    function dataOf(at) {
      var all = window.SyllabusProgressItems, i = lists[at].getAttribute("data-progress-items");
      return all && Array.isArray(all[i]) ? all[i] : null;
    }
    function later(fn, idle) {
      if (idle && window.requestIdleCallback) window.requestIdleCallback(fn, { timeout: 2000 });
      else setTimeout(fn, 0);
    }

    // Builds the lists in `queue`, a slice at a time.
    function step() {
      var start = Date.now();
      while (Date.now() - start < SLICE) {
        if (!building) {
          var at = queue.shift();
          if (at === undefined) return;
          var items = dataOf(at);
          if (!items || lists[at].firstChild) { state[at] = "built"; continue; }
          asleep[at] = isShown(lists[at]) ? null : [];
          building = { at: at, items: items, next: 0, frag: document.createDocumentFragment() };
        }
        var b = building, ul = lists[b.at], root = ul.getAttribute("data-root") || "";
        var i = Number(ul.getAttribute("data-progress-items"));
        sleeping = asleep[b.at];
        try { b.frag.appendChild(item(b.items[b.next], root, i + 1, b.next + 1)); }
        finally { sleeping = null; }
        b.next += 1;
        if (b.next >= b.items.length) {
          ul.appendChild(b.frag);
          state[b.at] = "built";
          building = null;
          if (asleep[b.at] && isShown(ul)) wake(asleep[b.at]); // opened while it was built
          listeners.forEach(function (fn) { fn(ul); });
        }
      }
      later(step, false);
    }
    var stepping = false;
    function build(at, first) {
      if (first) queue.unshift(at); else queue.push(at);
      if (!stepping) {
        stepping = true;
        later(function () { stepping = false; step(); }, false);
      }
    }

    // Loads list `at` if it is not loaded yet, and builds it: first of all when `urgent`.
    function want(at, now, done) {
      if (now) urgent[at] = true;
      if (state[at] === "built" || state[at] === "loaded") {
        if (now && state[at] === "loaded" && queue.indexOf(at) > 0) {
          queue.splice(queue.indexOf(at), 1);
          queue.unshift(at);
        }
        if (done) done();
        return;
      }
      if (state[at] === "loading" && !done) return;
      state[at] = "loading";
      var ul = lists[at];
      S.maps.load("progress-items/" + ul.getAttribute("data-progress-items") + ".js",
                  ul.getAttribute("data-stamp"), function () {
        if (state[at] === "loading") { state[at] = "loaded"; build(at, !!urgent[at]); }
        if (done) done();
      });
    }

    // The closed lists, one at a time in idle time, once the shown ones are built.
    function fillIdle() {
      if (idleBusy) return;
      var at = state.indexOf("waiting");
      if (at < 0) return;
      idleBusy = true;
      later(function () {
        want(at, false, function () { idleBusy = false; fillIdle(); });
      }, true);
    }

    function isShown(ul) { var d = ul.closest("details"); return !d || d.open; }
    // A module opened: its list is wanted now, or its boxes made if it was built closed.
    document.addEventListener("toggle", function (ev) {
      var d = ev.target;
      if (!d || !d.open || !d.querySelector) return;
      var ul = d.querySelector("ul[data-progress-items]"), at = ul ? indexOf(ul) : -1;
      if (at < 0) return;
      if (state[at] === "built" && asleep[at] && asleep[at].length) {
        wake(asleep[at]);
        listeners.forEach(function (fn) { fn(ul); });
      } else want(at, true);
    }, true);

    var shown = 0;
    lists.forEach(function (ul, at) {
      if (!isShown(ul)) return;
      shown += 1;
      want(at, false, function () { if (--shown === 0) fillIdle(); });
    });
    if (!shown) fillIdle();

    // Calls fn(list) after each list is built.
    function onBuilt(fn) { listeners.push(fn); }
    S.items = { onBuilt: onBuilt, want: function (ul) { want(indexOf(ul), true); } };
  } catch (e) { if (window.console) window.console.error("Syllabus (items.js):", e); }
})(window.Syllabus = window.Syllabus || {});
