/*
 * Syllabus LMS packages, SCORM runtime: the launch page's script (launch.html, the SCO). It
 * finds the LMS's API (SCORM 1.2 `API`, SCORM 2004 `API_1484_11`) in a parent or opener
 * window, opens the session once, reads the resume data, shows the course in the page's frame,
 * and then is the store of every page shown there (window.SyllabusLms, read by lms-store.js):
 * each change the learner makes is told to the LMS (status, score, objectives, interactions for
 * quiz answers and scenario endings, suspend_data) and committed, and so is each page they open
 * (the bookmark, cmi.core.lesson_location or cmi.location: a relaunch opens that page). When the learner leaves (pagehide or unload of this page) it
 * commits and ends the session, once; it never opens a second one. Without an API the course
 * keeps its progress in the browser, and says so once.
 *
 * The frame keeps the session alive while the learner moves between pages: they are ordinary
 * pages of the site, navigating inside the frame, and only this page talks to the LMS.
 * docs/lms.md describes the fields and rules; lms-model.js computes them.
 */
(function (S) {
  "use strict";
  var html = document.documentElement;
  var V12 = html.getAttribute("data-lms") === "scorm12";
  var API_NAME = V12 ? "API" : "API_1484_11";
  var CALL = V12
    ? { init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", finish: "LMSFinish", error: "LMSGetLastError" }
    : { init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit", finish: "Terminate", error: "GetLastError" };
  var FIELD = V12
    ? { suspend: "cmi.suspend_data", exit: "cmi.core.exit", session: "cmi.core.session_time", score: "cmi.core.score", location: "cmi.core.lesson_location" }
    : { suspend: "cmi.suspend_data", exit: "cmi.exit", session: "cmi.session_time", score: "cmi.score", location: "cmi.location" };
  // The longest bookmark each version keeps (CMIString255; characterstring SPM 1000).
  var LOCATION_MAX = V12 ? 255 : 1000;

  function log(what) { if (window.console) window.console.error("Syllabus (scorm.js):", what); }

  // The API in this window, a parent, or the opener's chain (the search every SCORM runtime
  // documents), skipping windows of other origins.
  function findIn(win) {
    for (var n = 0; win && n < 500; n++) {
      try { if (win[API_NAME]) return win[API_NAME]; } catch (e) { /* another origin */ }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  function findApi() {
    var api = findIn(window);
    if (!api && window.opener) { try { api = findIn(window.opener); } catch (e) { api = null; } }
    return api;
  }

  try {
    var model = S.lmsModel, core = S.core;
    var course = JSON.parse(document.querySelector("script[data-lms-course]").textContent);
    var api = findApi();
    var state = core.fresh(course.site);
    var messages = [];      // [key, text, kind] for the pages to show, each once
    var written = {};       // element → value last set, so only changes reach the LMS
    var objectiveAt = {};   // objective id → its index in cmi.objectives
    var started = 0, finished = false, offline = !api;
    var bookmark = ""; // the page the learner was on when they last left, from the LMS
    var learnerName = ""; // the learner's name, from the LMS

    var call = function (name, args) {
      try { return String(api[CALL[name]].apply(api, args)); } catch (e) { log(e); return "false"; }
    };
    var get = function (el) { return call("get", [el]); };
    var set = function (el, value) {
      value = String(value);
      if (written[el] === value) return;
      if (call("set", [el, value]) === "true") written[el] = value;
      else log("the LMS refused " + el + " = " + value + " (error " + call("error", []) + ")");
    };
    var num = function (n) { return String(Math.round(n * 10000) / 10000); };

    // The objectives the LMS already has (from an earlier session, or its manifest), by id.
    var readObjectives = function () {
      var count = parseInt(get("cmi.objectives._count"), 10) || 0;
      for (var i = 0; i < count; i++) objectiveAt[get("cmi.objectives." + i + ".id")] = i;
    };
    var objective = function (id) {
      if (!Object.prototype.hasOwnProperty.call(objectiveAt, id)) {
        var i = Object.keys(objectiveAt).length;
        objectiveAt[id] = i;
        set("cmi.objectives." + i + ".id", id);
      }
      return "cmi.objectives." + objectiveAt[id] + ".";
    };

    var score = function (prefix, percent) {
      if (!V12) set(prefix + "scaled", num(percent / 100));
      set(prefix + "min", "0");
      set(prefix + "max", "100");
      set(prefix + "raw", String(percent));
    };

    // A quiz's new best attempt is journaled: one interaction per answered question, appended.
    var journal = function (quiz, answers) {
      model.interactions(quiz, answers).forEach(function (it) {
        var n = parseInt(get("cmi.interactions._count"), 10) || 0, p = "cmi.interactions." + n + ".";
        var sep = V12 ? "," : "[,]";
        set(p + "id", it.id);
        set(p + "type", "choice");
        set(p + "objectives.0.id", it.objective);
        set(p + (V12 ? "student_response" : "learner_response"), it.response.join(sep));
        set(p + "correct_responses.0.pattern", it.correct.join(sep));
        set(p + "result", it.right ? "correct" : V12 ? "wrong" : "incorrect");
      });
    };

    // A scenario's best ending, reached or bettered, is journaled as one interaction, appended:
    // `fill-in` in 1.2 (its `choice` allows only one-character responses), `choice` in 2004;
    // the response is the ending, `good` the pattern aimed for (docs/lms.md).
    var journalEnding = function (sc, title) {
      var n = parseInt(get("cmi.interactions._count"), 10) || 0, p = "cmi.interactions." + n + ".";
      set(p + "id", "scenario:" + sc.id);
      set(p + "type", V12 ? "fill-in" : "choice");
      // 2004 describes an interaction (localized_string_type, 250 characters; a leading "{"
      // would read as a language tag); 1.2 has no description.
      if (!V12) set(p + "description", String(title).replace(/^\{+/, "").slice(0, 250));
      set(p + (V12 ? "student_response" : "learner_response"), sc.ending);
      set(p + "correct_responses.0.pattern", "good");
      set(p + "result", model.endingResult(sc.ending, V12 ? "scorm12" : "scorm2004"));
    };

    // Tells the LMS about `next` (and, for interactions, what changed since `prev`), then commits.
    var push = function (next, prev) {
      var r = model.report(next, course);
      if (V12) set("cmi.core.lesson_status", r.lesson_status);
      else {
        set("cmi.completion_status", r.completion);
        set("cmi.success_status", r.success);
      }
      if (r.score !== null) score(FIELD.score + ".", r.score);
      r.objectives.forEach(function (o) {
        var p = objective(o.id);
        if (o.score !== null) score(p + "score.", o.score);
        if (V12) set(p + "status", o.success === "unknown" ? "not attempted" : o.success);
        else {
          set(p + "success_status", o.success);
          set(p + "completion_status", o.completed ? "completed" : "not attempted");
        }
      });
      if (prev) {
        course.quizzes.forEach(function (q) {
          var a = prev.units["quiz:" + q.id] || {}, b = next.units["quiz:" + q.id] || {};
          var again = (b.attempts || 0) > (a.attempts || 0);
          if (again && (b.best !== a.best || JSON.stringify(b.answers) !== JSON.stringify(a.answers))) journal(q, b.answers);
        });
        var before = model.report(prev, course).scenarios;
        r.scenarios.forEach(function (sc, i) {
          if (sc.ending && sc.ending !== before[i].ending) journalEnding(sc, course.scenarios[i].title);
        });
      }
      set(FIELD.suspend, model.encode(next, course));
      if (call("commit", [""]) !== "true") log("the LMS did not commit (error " + call("error", []) + ")");
    };

    var timespan = function (ms) {
      var s = Math.floor(ms / 1000), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
      s %= 60;
      if (!V12) return "PT" + h + "H" + m + "M" + s + "S";
      var two = function (n) { return (n < 10 ? "0" : "") + n; };
      return two(Math.min(h, 9999)) + ":" + two(m) + ":" + two(s);
    };

    // The learner leaves: commit and end the session, once.
    var finish = function () {
      if (!started || finished) return;
      finished = true;
      set(FIELD.exit, "suspend"); // keep the resume data for the next launch
      set(FIELD.session, timespan(Date.now() - started));
      call("commit", [""]);
      if (call("finish", [""]) !== "true") log("the LMS did not end the session (error " + call("error", []) + ")");
    };

    var start = function () {
      if (!api) {
        messages.push(["lms", S.t("lms_none"), "warning"]);
        return;
      }
      if (call("init", [""]) !== "true") {
        offline = true;
        messages.push(["lms", S.t("lms_refused", { code: call("error", []) }), "warning"]);
        return;
      }
      started = Date.now();
      learnerName = model.displayName(get(V12 ? "cmi.core.student_name" : "cmi.learner_name"));
      // SCORM 2004 keeps resume data only for a session that resumes ("resume" after an exit
      // with "suspend"); reading it otherwise is error 403 (not initialized). 1.2 gives "".
      var resuming = V12 || get("cmi.entry") === "resume";
      var data = resuming ? get(FIELD.suspend) : "";
      bookmark = resuming ? get(FIELD.location) : "";
      var read = model.decode(data, course);
      if (read.stored) state = read.stored;
      else messages.push(["lms", S.t(read.unusable === "other_layout" ? "lms_other_version" : "lms_unreadable"), "warning"]);
      readObjectives();
      push(state, null);
      window.addEventListener("pagehide", finish);
      window.addEventListener("unload", finish);
    };

    var clone = function (v) { return JSON.parse(JSON.stringify(v)); };
    window.SyllabusLms = {
      format: V12 ? "scorm12" : "scorm2004",
      // No LMS session: the pages keep progress in the browser (store.js's `local`).
      offline: function () { return offline; },
      read: function () { return clone(state); },
      // The name to show when the learner has not typed one.
      learnerName: function () { return learnerName; },
      write: function (value) {
        if (offline || finished) return;
        var prev = state;
        state = clone(value);
        push(state, prev);
      },
      // What the pages should tell the learner: each message is handed out once.
      messages: function () { var m = messages; messages = []; return m; }
    };

    // A page of this package, as a path relative to the launch page: no other place, no way up.
    var isPage = function (path) {
      return path.length <= LOCATION_MAX && /^[A-Za-z0-9._~%\/-]+\.html$/.test(path) &&
        path.charAt(0) !== "/" && !/(^|\/)\.\.(\/|$)/.test(path);
    };
    var here = location.href.replace(/[?#].*$/, "").replace(/[^\/]*$/, "");

    start();
    var frame = document.querySelector("iframe[data-lms-frame]");
    // The learner comes back to the page they left (the LMS's bookmark), else the first page.
    frame.src = isPage(bookmark) ? bookmark : frame.getAttribute("data-src");
    frame.addEventListener("load", function () {
      if (!started || finished || offline) return;
      var url;
      try { url = frame.contentWindow.location.href.replace(/[?#].*$/, ""); } catch (e) { return; }
      if (url.indexOf(here) !== 0 || !isPage(url.slice(here.length))) return;
      set(FIELD.location, url.slice(here.length));
      call("commit", [""]);
    });
  } catch (e) { log(e); }
})(window.Syllabus = window.Syllabus || {});
