/*
 * Syllabus default theme: saves the learner's progress in this browser and grades quizzes.
 *
 * It implements the data contract of docs/theme.md and finds everything through data-*
 * attributes. It is a classic script (no modules, no fetch), so the site also works from
 * file://. It never writes HTML: only textContent, attributes, `hidden`, classList and
 * createElement, so no course or stored data can ever be injected into the page.
 */
(function () {
  "use strict";

  var VERSION = 1; // schema version of the stored value
  var siteId = document.documentElement.getAttribute("data-site-id") || "default";
  var KEY = "syllabus:" + siteId;
  var store = null;  // window.localStorage when it works, else null (state lives in `memory`)
  var memory = fresh();
  var state = memory; // what the page currently shows

  function fresh() { return { version: VERSION, site: siteId, units: {} }; }
  function isObj(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function num(v, dflt) { return typeof v === "number" && isFinite(v) ? v : dflt; }
  function each(sel, fn, scope) { Array.prototype.forEach.call((scope || document).querySelectorAll(sel), fn); }
  function words(s) { return (s || "").split(/\s+/).filter(Boolean); }
  function isQuizKey(k) { return k.indexOf("quiz:") === 0; }
  function keysOf(o) { return Object.keys(o).filter(function (k) { return k !== "__proto__"; }); }

  /* ---------- Notices ---------- */

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

  /* ---------- Storage ---------- */

  // localStorage may be missing or throw (private mode, disabled cookies, SecurityError).
  function openStorage() {
    try {
      var s = window.localStorage, probe = KEY + ":probe";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (e) { return null; }
  }

  // In-memory progress ends with the page, so "export on the progress page" would lose what was
  // ticked here: Export is suggested only on a page that has the button.
  function storageLost() {
    store = null;
    var canExport = !!document.querySelector("button[data-action=export]");
    notify("storage", "This browser is not letting the course save your progress (for example in a " +
      "private window, or because storage is full). Your ticks are kept only until you leave or reload " +
      "this page" + (canExport ? "; use “Export my progress” to keep a copy." : "."), "warning");
  }

  // Turns one stored unit record into a clean one, or null if it is unusable.
  function cleanUnit(key, u) {
    if (!isObj(u)) return null;
    var out = { done: u.done === true, at: num(u.at, 0) };
    if (isQuizKey(key)) {
      out.best = Math.max(0, Math.min(100, Math.floor(num(u.best, 0))));
      out.attempts = Math.max(0, Math.floor(num(u.attempts, 0)));
    }
    return out;
  }

  // Checks a parsed stored value. Returns { state, kept, lost } (how many unit records were usable
  // and how many were damaged), or null when it cannot be used at all.
  // (Version 1 is the only version so far; an older version would be migrated here.)
  function check(data) {
    if (!isObj(data) || data.version !== VERSION || data.site !== siteId || !isObj(data.units)) return null;
    var st = fresh(), kept = 0, lost = 0;
    keysOf(data.units).forEach(function (k) {
      var u = cleanUnit(k, data.units[k]);
      if (u) { st.units[k] = u; kept++; } else lost++;
    });
    return { state: st, kept: kept, lost: lost };
  }

  function count(n, one, many) { return n + " " + (n === 1 ? one : many); }

  // Reads the saved state. A value that cannot be read is set aside under
  // syllabus:<id>:corrupt:<timestamp> (never silently thrown away) and the learner is told once.
  var toldCorrupt = false;
  function load() {
    if (!store) return memory;
    var raw, parsed;
    try { raw = store.getItem(KEY); } catch (e) { storageLost(); return memory; }
    if (raw === null) { memory = fresh(); return memory; }
    try { parsed = JSON.parse(raw); } catch (e) { parsed = undefined; }
    var res = check(parsed);
    if (res && !res.lost) { memory = res.state; return memory; }
    try { store.setItem(KEY + ":corrupt:" + Date.now(), raw); } catch (e) { /* full: nothing more we can do */ }
    memory = res ? res.state : fresh();
    persist(memory);
    if (!toldCorrupt) {
      // Say what was recovered: how many items were kept, or why nothing could be.
      toldCorrupt = true;
      var copy = "A copy of the old data was kept in this browser.";
      notify("corrupt", res
        ? "Some of your saved progress could not be read: " + count(res.kept, "item was", "items were") +
          " recovered, and " + count(res.lost, "damaged item was", "damaged items were") + " reset. " + copy
        : "Your saved progress in this browser could not be read (" +
          (parsed === undefined ? "it is not valid JSON" : importProblem(parsed) || "it is damaged") +
          "), so nothing could be recovered and it was reset. " + copy +
          " If you exported your progress, you can import that file on the progress page.",
        "warning");
    }
    return memory;
  }

  function persist(st) {
    memory = st;
    if (!store) return;
    try { store.setItem(KEY, JSON.stringify(st)); } catch (e) { storageLost(); }
  }

  // Read-modify-write of one unit: re-read storage just before writing, so ticks made in
  // another tab meanwhile are kept. `update` gets the old record (or undefined).
  function saveUnit(key, update) {
    var st = load();
    st.units[key] = update(st.units[key]);
    persist(st); state = st; render();
  }

  /* ---------- Showing progress ---------- */

  function isDone(key) { var u = state.units[key]; return !!(u && u.done); }
  function isStarted(key) { var u = state.units[key]; return !!(u && (u.done || u.attempts > 0)); }
  // A units attribute lists unit keys, and `checks:<lesson id>:<n>` tokens that stand for a
  // lesson's n checklist items: ticked `check:<lesson id>#…` keys are counted, at most n. Big
  // pages (module and course totals) then need not spell out every item.
  var ticksByLesson = null;
  function ticksOf(lesson) {
    if (!ticksByLesson) {
      ticksByLesson = {};
      keysOf(state.units).forEach(function (k) {
        var hash = k.indexOf("#");
        if (k.indexOf("check:") === 0 && hash > 0 && isDone(k)) {
          var l = k.slice(6, hash);
          ticksByLesson[l] = (ticksByLesson[l] || 0) + 1;
        }
      });
    }
    return ticksByLesson[lesson] || 0;
  }
  function tally(tokens) {
    var t = { total: 0, done: 0, started: false };
    tokens.forEach(function (tok) {
      if (tok.indexOf("checks:") === 0) {
        var at = tok.lastIndexOf(":"), n = Number(tok.slice(at + 1)) || 0;
        var d = Math.min(ticksOf(tok.slice(7, at)), n);
        t.total += n; t.done += d; t.started = t.started || d > 0;
      } else {
        t.total += 1;
        if (isDone(tok)) t.done += 1;
        t.started = t.started || isStarted(tok);
      }
    });
    return t;
  }

  var STATUS_TEXT = { done: "Done", started: "In progress", todo: "Not started" };
  function statusOf(tokens) {
    var t = tally(tokens);
    if (t.total && t.done === t.total) return "done";
    return t.started ? "started" : "todo";
  }

  function render() {
    ticksByLesson = null; // state may have changed since the last count
    each("input[type=checkbox][data-unit]", function (el) {
      el.checked = isDone(el.getAttribute("data-unit"));
    });
    each("progress[data-units]", function (bar) {
      var t = tally(words(bar.getAttribute("data-units")));
      bar.max = Math.max(t.total, 1);
      bar.value = t.done;
      var wrap = bar.closest("[data-progress]");
      var label = wrap && wrap.querySelector("[data-progress-label]");
      if (label) label.textContent = t.done + " of " + t.total + " done, " +
        (t.total ? Math.round(t.done * 100 / t.total) : 0) + "%";
    });
    each("[data-status-units]", function (el) {
      var s = statusOf(words(el.getAttribute("data-status-units")));
      el.setAttribute("data-status", s);
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
      t.textContent = STATUS_TEXT[s];
    });
    each("[data-quiz-result]", function (el) {
      var u = state.units[el.getAttribute("data-quiz-result")];
      var r = !u || !u.attempts ? "none" : u.done ? "passed" : "failed";
      el.setAttribute("data-result", r);
      el.textContent = r === "none" ? "Not attempted yet" :
        u.best + "%, " + (r === "passed" ? "passed" : "not passed yet") +
        " (" + u.attempts + (u.attempts === 1 ? " attempt)" : " attempts)");
    });
    // Home page: point "Continue" at the first module that is not done yet.
    var cont = document.querySelector("[data-continue]"), target = null;
    each("[data-continue-candidate]", function (el) {
      var keys = words(el.getAttribute("data-continue-units"));
      if (!target && keys.length && statusOf(keys) !== "done") target = el;
    });
    var first = document.querySelector("[data-continue-candidate]");
    if (cont && first && Object.keys(state.units).some(isStarted)) {
      cont.setAttribute("href", (target || first).getAttribute("data-continue-candidate"));
      cont.textContent = (target ? "Continue with " : "All done! Review ") + (target || first).getAttribute("data-continue-title");
    }
  }

  /* ---------- Quizzes ---------- */

  function shuffleOptions(fieldset) {
    var opts = Array.prototype.slice.call(fieldset.querySelectorAll("[data-option]"));
    for (var i = opts.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1)), t = opts[i]; opts[i] = opts[j]; opts[j] = t;
    }
    opts.forEach(function (o) { o.parentNode.appendChild(o); }); // grading is by id: order is free
  }

  // Returns the element in `scope` whose attribute `name` equals `value` (no CSS escaping needed).
  function byAttr(scope, name, value) {
    var found = null;
    each("[" + name + "]", function (el) { if (!found && el.getAttribute(name) === value) found = el; }, scope);
    return found;
  }

  function setupQuiz(form) {
    var data = null;
    try { data = JSON.parse(form.querySelector("[data-quiz-data]").textContent); } catch (e) { /* reported below */ }
    if (!isObj(data) || !Array.isArray(data.questions) || typeof data.unit !== "string") {
      notify("quiz", "Sorry, this quiz could not be loaded, so it cannot be marked.", "error");
      return;
    }
    var submit = form.querySelector("[data-action=submit]") || form.querySelector("[type=submit]");
    var retry = form.querySelector("[data-action=retry]"), score = form.querySelector("[data-quiz-score]");
    var passMark = num(data.pass_mark, 0);

    function shuffleAll() { if (data.shuffle) each("[data-question]", shuffleOptions, form); }
    shuffleAll();

    // Hides all feedback and marks; used before grading and by "Try again".
    function clear() {
      each("[data-feedback], [data-explanation], [data-question-result], [data-option-mark]", function (el) { el.hidden = true; }, form);
      each("[data-option]", function (el) { el.classList.remove("is-correct", "is-incorrect", "is-missed"); }, form);
      each("[data-question]", function (el) { el.removeAttribute("data-result"); el.disabled = false; }, form);
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      clear();
      var right = 0, unanswered = 0;
      data.questions.forEach(function (q) {
        var fs = byAttr(form, "data-question", String(q.id));
        if (!fs) return;
        var correct = (q.correct || []).map(String), chosen = [];
        each("input", function (input) {
          if (input.name === String(q.id) && input.checked) chosen.push(input.value);
        }, fs);
        var ok = chosen.length === correct.length && chosen.every(function (c) { return correct.indexOf(c) >= 0; });
        if (ok) right++;
        if (!chosen.length) unanswered++;
        each("input", function (input) {
          if (input.name !== String(q.id)) return;
          var isChosen = chosen.indexOf(input.value) >= 0, isRight = correct.indexOf(input.value) >= 0;
          var opt = input.closest("[data-option]") || input.parentNode;
          var mark = opt.querySelector("[data-option-mark]");
          if (!mark) { mark = document.createElement("span"); mark.setAttribute("data-option-mark", ""); mark.className = "option-mark"; opt.appendChild(mark); }
          var text = isChosen ? (isRight ? "Your answer: correct" : "Your answer: not correct")
            : isRight ? "Correct answer" : "";
          mark.textContent = text;
          mark.hidden = !text;
          if (text) opt.classList.add(isChosen ? (isRight ? "is-correct" : "is-incorrect") : "is-missed");
          var fb = byAttr(fs, "data-feedback", q.id + "/" + input.value);
          if (fb && (isChosen || isRight)) fb.hidden = false;
        }, fs);
        var res = fs.querySelector("[data-question-result]"), ex = byAttr(fs, "data-explanation", String(q.id));
        if (res) res.textContent = ok ? "Correct." : chosen.length ? "Not correct." : "Not answered, so it counts as not correct.";
        if (res) res.hidden = false;
        if (ex) ex.hidden = false;
        fs.setAttribute("data-result", ok ? "correct" : "incorrect");
        fs.disabled = true; // answers are locked until "Try again"
      });
      var total = data.questions.length, pct = total ? Math.floor(right * 100 / total) : 0, passed = pct >= passMark;
      var msg = "You scored " + pct + "% (" + right + " of " + total + "). The pass mark is " + passMark + "%: " +
        (passed ? "passed." : "not passed yet.");
      if (unanswered) msg += " " + unanswered + (unanswered === 1 ? " question was" : " questions were") + " not answered.";
      if (score) { score.textContent = msg; score.setAttribute("data-result", passed ? "passed" : "failed"); }
      saveUnit(data.unit, function (old) {
        old = old || {};
        return { done: old.done === true || passed, best: Math.max(num(old.best, 0), pct),
                 attempts: num(old.attempts, 0) + 1, at: Date.now() };
      });
      if (submit) submit.hidden = true;
      if (retry) { retry.hidden = false; retry.focus(); }
    });

    if (retry) retry.addEventListener("click", function () {
      form.reset();
      clear();
      shuffleAll();
      if (score) { score.textContent = ""; score.removeAttribute("data-result"); }
      retry.hidden = true;
      if (submit) submit.hidden = false;
      var first = form.querySelector("[data-question] input");
      if (first) first.focus();
    });
  }

  /* ---------- Export, import, reset ---------- */

  function exportProgress() {
    var d = new Date(), date = new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
    var blob = new Blob([JSON.stringify(load(), null, 2)], { type: "application/json" });
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = "syllabus-progress-" + siteId + "-" + date + ".json";
    document.body.appendChild(a).click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    notify("backup", "Your progress was exported to " + a.download + ". Keep that file somewhere safe.", "success");
  }

  // Says why a parsed import file is not usable, or "" when it is fine.
  function importProblem(data) {
    if (!isObj(data)) return "it is not a Syllabus progress file";
    if (data.version !== VERSION) return typeof data.version === "number"
      ? "it is in another format (version " + data.version + ", this course uses version " + VERSION + ")"
      : "it is in an older format, without a version number";
    if (data.site !== siteId) return "it belongs to another course (“" + String(data.site) + "”, this course is “" + siteId + "”)";
    if (!isObj(data.units)) return "it has no list of progress items";
    var bad = Object.keys(data.units).filter(function (k) { return !isObj(data.units[k]); });
    return bad.length ? "some of its items are damaged" : "";
  }

  function importFile(input) {
    var file = input.files && input.files[0];
    if (!file) return;
    var refuse = function (why) {
      notify("backup", "“" + file.name + "” was not imported: " + why + ". Nothing was changed.", "error");
      input.value = "";
    };
    if (file.size > 5 * 1024 * 1024) return refuse("it is too large to be a progress file");
    var reader = new FileReader();
    reader.onerror = function () { refuse("the file could not be read"); };
    reader.onload = function () {
      var data;
      try { data = JSON.parse(String(reader.result)); } catch (e) { return refuse("it is not valid JSON"); }
      var why = importProblem(data);
      if (why) return refuse(why);
      var st = load(), changed = 0, same = 0;
      keysOf(data.units).forEach(function (k) {
        var mine = st.units[k], theirs = cleanUnit(k, data.units[k]), next;
        if (!mine) next = theirs;
        else {
          next = theirs.at > mine.at ? theirs : mine; // the newer change wins...
          if (isQuizKey(k)) {                          // ...but a quiz keeps its best result
            next = { done: mine.done || theirs.done, best: Math.max(mine.best, theirs.best),
                     attempts: Math.max(mine.attempts, theirs.attempts), at: Math.max(mine.at, theirs.at) };
          }
        }
        if (JSON.stringify(next) === JSON.stringify(mine)) same++; else { st.units[k] = next; changed++; }
      });
      persist(st); state = st; render();
      input.value = "";
      notify("backup", "Imported “" + file.name + "”: " + changed + (changed === 1 ? " item" : " items") +
        " updated" + (same ? ", " + same + " already up to date." : "."), "success");
    };
    reader.readAsText(file);
  }

  function resetProgress() {
    if (!window.confirm("Delete all your saved progress for this course in this browser? " +
      "This cannot be undone. Export your progress first if you want a backup.")) return;
    state = fresh(); persist(state); render();
    notify("backup", "All your progress for this course was deleted from this browser.", "success");
  }

  /* ---------- Wiring ---------- */

  // Lets keyboard users scroll wide tables and code blocks that overflow on small screens.
  function makeScrollersFocusable() {
    each(".prose table, .prose pre", function (el) {
      if (el.scrollWidth > el.clientWidth + 1 && !el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
    });
  }

  function init() {
    store = openStorage();
    if (!store) storageLost();
    state = load();

    document.addEventListener("change", function (ev) {
      var t = ev.target;
      if (t.matches("input[type=checkbox][data-unit]")) {
        var checked = t.checked;
        saveUnit(t.getAttribute("data-unit"), function () { return { done: checked, at: Date.now() }; });
      } else if (t.matches("input[type=file][data-action=import]")) {
        importFile(t);
      }
    });
    document.addEventListener("click", function (ev) {
      var b = ev.target.closest && ev.target.closest("button[data-action]");
      if (!b) return;
      if (b.getAttribute("data-action") === "export") exportProgress();
      else if (b.getAttribute("data-action") === "reset") resetProgress();
    });
    // Another tab changed the progress: show it here too.
    window.addEventListener("storage", function (ev) {
      if (ev.key === KEY || ev.key === null) { state = load(); render(); }
    });

    each("form[data-quiz]", setupQuiz);
    render();
    makeScrollersFocusable();
  }

  // Never break the page: it stays readable even if progress cannot be shown.
  try { init(); } catch (e) { if (window.console) window.console.error("Syllabus:", e); }
})();
