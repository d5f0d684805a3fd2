/*
 * Syllabus default theme, main: starts everything once the page is parsed. It opens the page's
 * progress store, shows the progress, and wires ticks, the learner's name, quizzes, scenarios,
 * Export/Import/Reset and changes made in other tabs. Loaded last of the theme's scripts (all `defer`, so in order).
 *
 * Each part starts in its own try, so the page stays readable and the rest keeps working even
 * if one part (or a whole script) fails.
 */
(function (S) {
  "use strict";

  function report(e) { if (window.console) window.console.error("Syllabus:", e); }
  function attempt(fn) { try { fn(); } catch (e) { report(e); } }

  // Lets keyboard users scroll wide tables and code blocks that overflow on small screens.
  function makeScrollersFocusable() {
    S.view.each(".prose table, .prose pre", function (el) {
      if (el.scrollWidth > el.clientWidth + 1 && !el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
    });
  }

  function start() {
    var site = document.documentElement.getAttribute("data-site-id") || "default";
    var progress = S.store.open({
      site: site,
      notify: S.view.notify,
      exportHere: !!document.querySelector("button[data-action=export]")
    });
    function render(st) {
      S.view.render(st || progress.state);
      attempt(function () { if (S.certificate) S.certificate.render(st || progress.state); });
    }
    progress.read(render);
    // The progress page's lists are built after this, each when it is shown or in idle time
    // (items.js): the progress is shown in each as it comes.
    attempt(function () {
      if (S.items) S.items.onBuilt(function (list) { S.view.render(progress.state, list); });
    });
    // The progress map comes once the page has loaded (maps.js): the bars follow it.
    attempt(function () { if (S.maps) S.maps.onMap(function () { render(progress.state); }); });

    document.addEventListener("change", function (ev) {
      var t = ev.target;
      if (t.matches("input[type=checkbox][data-unit]")) {
        var key = t.getAttribute("data-unit"), checked = t.checked;
        progress.change(function (st) { st.units[key] = { done: checked, at: Date.now() }; }, render);
      } else if (t.matches("input[data-learner-name]")) {
        // The name is saved with the progress, trimmed and cut as the model keeps it.
        var name = S.core.cleanName(t.value);
        progress.change(function (st) {
          if (name !== st.learner.name) st.learner = { name: name, at: Date.now() };
        }, render);
      } else if (t.matches("input[type=file][data-action=import]")) {
        S.backup.importFile(t, progress, site, render);
      }
    });
    document.addEventListener("click", function (ev) {
      var b = ev.target.closest && ev.target.closest("button[data-action]");
      if (!b) return;
      if (b.getAttribute("data-action") === "reconfirm") {
        // The learner reviewed an updated lesson: its completion is as of now.
        var key = b.getAttribute("data-reconfirm"), box = null;
        progress.change(function (st) { st.units[key] = { done: true, at: Date.now() }; }, render);
        S.view.notify("reconfirm", S.t("reconfirmed"), "success");
        // The note (and its button) is hidden now: focus goes to the lesson's "complete" box.
        S.view.each("input[type=checkbox][data-unit]", function (el) { if (!box && el.getAttribute("data-unit") === key) box = el; });
        if (box) box.focus();
      } else if (b.getAttribute("data-action") === "print") {
        // `data-print="PART"` prints only that part of the page (the role-play's cards): the
        // print style sheet reads <html data-printing="PART">, removed once printing is done.
        var part = b.getAttribute("data-print"), root = document.documentElement;
        if (part) root.setAttribute("data-printing", part);
        window.print();
        if (part) root.removeAttribute("data-printing");
      } else if (b.getAttribute("data-action") === "export") S.backup.exportFile(progress, site);
      else if (b.getAttribute("data-action") === "reset") S.backup.reset(progress, site, render);
    });
    progress.subscribe(render); // another tab changed the progress: show it here too
    attempt(function () { S.backup.offer(progress); });
    attempt(function () { S.view.each("form[data-quiz]", function (form) { S.quiz.setup(form, progress, render); }); });
    attempt(function () { S.view.each("section[data-scenario]", function (s) { S.scenario.setup(s, progress, render); }); });
  }

  attempt(start);
  attempt(makeScrollersFocusable);
})(window.Syllabus = window.Syllabus || {});
