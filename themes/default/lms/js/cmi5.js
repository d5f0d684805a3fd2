/*
 * Syllabus LMS packages, cmi5 runtime: the launch page's script in a cmi5 package (the AU). It
 * reads the launch parameters the LMS put on its URL (endpoint, fetch, registration, activityId,
 * actor), fetches its auth token from the fetch URL once, reads LMS.LaunchData (context
 * template, launch mode, mastery score) and its own resume state from the LRS's State API, sends
 * `initialized` first, shows the course in the page's frame and is the store of every page
 * shown there (window.SyllabusLms, read by lms-store.js), as scorm.js is in SCORM packages. Each
 * change is saved in the state document; `completed`, then `passed` or `failed` (with the
 * course score), are sent once each per registration by the rules of docs/lms.md, and an
 * `answered` statement per answered question and scenario ending; `terminated` is sent last,
 * when the learner leaves (the page goes away, or, when LaunchData has a returnURL, by the
 * launch page's "Leave the course" button, and then the window goes to that URL). No
 * credential is in the package: the token comes from the LMS at launch.
 */
(function (S) {
  "use strict";
  var XAPI_VERSION = "1.0.3";
  var VERB = "http://adlnet.gov/expapi/verbs/";
  var CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/";
  var STATE_ID = "https://w3id.org/syllabus/state/progress";
  var PREFERENCES = "cmi5LearnerPreferences";

  function log(what) { if (window.console) window.console.error("Syllabus (cmi5.js):", what); }

  try {
    var model = S.lmsModel, core = S.core;
    var course = JSON.parse(document.querySelector("script[data-lms-course]").textContent);
    var params = new URLSearchParams(location.search);
    var launch = {
      endpoint: params.get("endpoint"), fetch: params.get("fetch"), registration: params.get("registration"),
      activityId: params.get("activityId"), actor: params.get("actor")
    };
    var state = core.fresh(course.site);
    var sent = { completed: false, passed: false, failed: false };
    var messages = [];
    var offline = !(launch.endpoint && launch.fetch && launch.registration && launch.activityId && launch.actor);
    var started = 0, finished = false, ready = false;
    var token = "", launchData = {}, bookmark = "";
    var preferences = null; // cmi5LearnerPreferences, read at startup (not used: one language, no audio)
    var queue = Promise.resolve(); // state document writes, one after another, in order
    // Statements not yet posted, posted as one list at a time, in order; what is left when the
    // learner leaves goes with `terminated` in one last request.
    var outbox = [], posting = false;
    var lastTime = 0; // statements' timestamps only grow, so their order reads from them too

    var endpoint = function (path) { return launch.endpoint.replace(/\/?$/, "/") + path; };
    var headers = function () {
      return { "Authorization": "Basic " + token, "X-Experience-API-Version": XAPI_VERSION, "Content-Type": "application/json" };
    };
    var stateUrl = function (stateId) {
      var q = { activityId: launch.activityId, agent: launch.actor, registration: launch.registration };
      if (stateId) q.stateId = stateId;
      return endpoint("activities/state") + "?" + new URLSearchParams(q).toString();
    };
    var check = function (what) {
      return function (res) {
        if (!res.ok && res.status !== 404) throw new Error(what + ": HTTP " + res.status);
        return res;
      };
    };
    var uuid = function () {
      if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
      return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
        return (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16);
      });
    };
    var duration = function () { return "PT" + Math.round((Date.now() - started) / 10) / 100 + "S"; };

    // A statement in this registration, from the LMS's context template. A "cmi5 defined" one
    // (`object` null: about the AU) has the cmi5 category, and `moveOn` adds the moveon one; a
    // "cmi5 allowed" one (an interaction: `object` given) must not have the cmi5 category
    // (cmi5 7.1.3) and names the AU as its parent.
    var statement = function (verb, result, moveOn, object) {
      var context = JSON.parse(JSON.stringify(launchData.contextTemplate || {}));
      context.registration = launch.registration;
      context.contextActivities = context.contextActivities || {};
      var category = context.contextActivities.category || [];
      if (object) {
        var parent = context.contextActivities.parent || [];
        parent.push({ id: launch.activityId, objectType: "Activity" });
        context.contextActivities.parent = parent;
      } else {
        category.push({ id: CATEGORY + "cmi5", objectType: "Activity" });
        if (moveOn) category.push({ id: CATEGORY + "moveon", objectType: "Activity" });
      }
      if (category.length) context.contextActivities.category = category;
      lastTime = Math.max(Date.now(), lastTime + 1);
      var st = {
        id: uuid(), timestamp: new Date(lastTime).toISOString(), actor: JSON.parse(launch.actor),
        verb: { id: VERB + verb, display: { "en-US": verb } },
        object: object || { id: launch.activityId, objectType: "Activity" }, context: context
      };
      if (result) st.result = result;
      return st;
    };

    // An interaction of the AU as an xAPI activity (cmi.interaction): its id is the AU's
    // activity id, "/", and the id SCORM packages give the interaction.
    var interaction = function (id, type, pattern, extra) {
      var definition = { type: "http://adlnet.gov/expapi/activities/cmi.interaction", interactionType: type, correctResponsesPattern: [pattern] };
      Object.keys(extra || {}).forEach(function (k) { definition[k] = extra[k]; });
      return { id: launch.activityId.replace(/\/?$/, "/") + id, objectType: "Activity", definition: definition };
    };
    var lang = document.documentElement.getAttribute("lang") || "en";
    var said = function (text) { var m = {}; m[lang] = text; return m; };

    // "answered", cmi5 allowed: one per question of a quiz's new best attempt (the rule SCORM
    // packages journal interactions by), and one per scenario whose best ending is reached or
    // bettered (docs/lms.md).
    var journal = function (prev, next) {
      course.quizzes.forEach(function (q) {
        var a = prev.units["quiz:" + q.id] || {}, b = next.units["quiz:" + q.id] || {};
        var again = (b.attempts || 0) > (a.attempts || 0);
        if (!again || (b.best === a.best && JSON.stringify(b.answers) === JSON.stringify(a.answers))) return;
        model.interactions(q, b.answers).forEach(function (it) {
          var object = interaction(it.id, "choice", it.correct.join("[,]"));
          post(statement("answered", { success: it.right, response: it.response.join("[,]") }, false, object));
        });
      });
      var before = model.report(prev, course).scenarios;
      model.report(next, course).scenarios.forEach(function (sc, i) {
        if (!sc.ending || sc.ending === before[i].ending) return;
        var object = interaction("scenario:" + sc.id, "choice", "good", {
          name: said(course.scenarios[i].title),
          choices: [
            { id: "good", description: said(S.t("ending_good")) },
            { id: "ok", description: said(S.t("ending_ok")) },
            { id: "poor", description: said(S.t("ending_poor")) }
          ]
        });
        var result = { response: sc.ending, completion: true };
        if (sc.ending !== "ok") result.success = sc.ending === "good";
        post(statement("answered", result, false, object));
      });
    };
    // Posts the statements waiting; the promise settles when they were answered (or failed).
    var flush = function (leaving) {
      if (!outbox.length || (posting && !leaving)) return Promise.resolve();
      var batch = outbox;
      outbox = [];
      posting = true;
      return fetch(endpoint("statements"), {
        method: "POST", headers: headers(), body: JSON.stringify(batch), keepalive: !!leaving
      }).then(check("statements")).catch(log).then(function () { posting = false; flush(false); });
    };
    var post = function (st) { outbox.push(st); flush(false); };
    var saveState = function (keepalive) {
      var doc = { data: model.encode(state, course), sent: sent, page: bookmark };
      return fetch(stateUrl(STATE_ID), {
        method: "PUT", headers: headers(), body: JSON.stringify(doc), keepalive: !!keepalive
      }).then(check("the resume state"));
    };
    var enqueue = function (step) { queue = queue.then(step).catch(log); return queue; };

    // The verdicts cmi5 lets an AU send, each once per registration, in Normal mode only.
    var judge = function () {
      if (launchData.launchMode && launchData.launchMode !== "Normal") return;
      var r = model.report(state, course);
      if (r.completion !== "completed") return;
      var score = r.score === null ? null : { scaled: r.score / 100, raw: r.score, min: 0, max: 100 };
      if (!sent.completed) {
        sent.completed = true;
        post(statement("completed", { completion: true, duration: duration() }, true));
      }
      if (r.success === "passed" && !sent.passed) {
        sent.passed = true;
        post(statement("passed", { success: true, score: score, duration: duration() }, true));
      } else if (r.success === "failed" && !sent.failed && !sent.passed) {
        sent.failed = true;
        post(statement("failed", { success: false, score: score, duration: duration() }, true));
      }
    };

    var finish = function () {
      if (!ready || finished) return Promise.resolve();
      finished = true;
      // Sent with keepalive, so they leave even as the page goes: the state, and the statements
      // not yet posted with `terminated` last.
      var saved = saveState(true).catch(log);
      outbox.push(statement("terminated", { duration: duration() }, false));
      return Promise.all([saved, flush(true)]);
    };

    // LMS.LaunchData's returnURL, when the LMS gives one (http or https only): the learner
    // leaves by the launch page's own button, the session ends (`terminated`), and this window
    // goes there, as cmi5 asks of an AU that is terminated.
    var returnUrl = function () {
      try {
        var url = new URL(String(launchData.returnURL), location.href);
        return /^https?:$/.test(url.protocol) ? url.href : null;
      } catch (e) { return null; }
    };
    var offerExit = function (url) {
      var bar = document.createElement("div");
      bar.className = "lms-bar";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.setAttribute("data-lms-exit", "");
      button.textContent = S.t("lms_exit");
      button.addEventListener("click", function () {
        button.disabled = true;
        finish().then(function () { location.assign(url); });
      });
      bar.appendChild(button);
      frame.parentNode.insertBefore(bar, frame);
    };

    var isPage = function (path) {
      return path.length <= 1000 && /^[A-Za-z0-9._~%\/-]+\.html$/.test(path) &&
        path.charAt(0) !== "/" && !/(^|\/)\.\.(\/|$)/.test(path);
    };
    var here = location.href.replace(/[?#].*$/, "").replace(/[^\/]*$/, "");
    var frame = document.querySelector("iframe[data-lms-frame]");
    var show = function () { frame.src = isPage(bookmark) ? bookmark : frame.getAttribute("data-src"); };

    window.SyllabusLms = {
      format: "cmi5",
      offline: function () { return offline; },
      // The learner's preferences the LMS keeps (null until read, {} when it has none).
      preferences: function () { return preferences; },
      read: function () { return JSON.parse(JSON.stringify(state)); },
      // The name to show when the learner has not typed one: the actor's, if the LMS gave it.
      learnerName: function () {
        try { return model.displayName(JSON.parse(launch.actor).name); } catch (e) { return ""; }
      },
      write: function (value) {
        if (offline || finished || !ready) return;
        var prev = state;
        state = JSON.parse(JSON.stringify(value));
        journal(prev, state);
        judge();
        enqueue(function () { return saveState(false); });
      },
      messages: function () { var m = messages; messages = []; return m; }
    };

    if (offline) {
      messages.push(["lms", S.t("lms_none"), "warning"]);
      show();
      return;
    }
    started = Date.now();
    fetch(launch.fetch, { method: "POST" })
      .then(function (res) { return res.json(); })
      .then(function (body) {
        if (!body["auth-token"]) throw new Error("no auth-token from the fetch URL: " + JSON.stringify(body));
        token = body["auth-token"];
        return fetch(stateUrl("LMS.LaunchData"), { headers: headers() }).then(check("LMS.LaunchData"));
      })
      .then(function (res) { return res.status === 404 ? {} : res.json(); })
      .then(function (data) {
        launchData = data || {};
      })
      // cmi5 (11.0): the AU reads the learner's preferences from the Agent Profile at startup.
      // The course has one language and no audio, so nothing in them changes it; the list of
      // profiles first, since asking for one that is not there is a 404. A failure here does not
      // stop the session.
      .then(function () {
        var profiles = endpoint("agents/profile") + "?" + new URLSearchParams({ agent: launch.actor }).toString();
        return fetch(profiles, { headers: headers() }).then(check("the agent's profiles"))
          .then(function (res) { return res.ok ? res.json() : []; })
          .then(function (ids) {
            if (!Array.isArray(ids) || ids.indexOf(PREFERENCES) < 0) return null;
            return fetch(profiles + "&" + new URLSearchParams({ profileId: PREFERENCES }).toString(), { headers: headers() })
              .then(check("the learner's preferences")).then(function (res) { return res.ok ? res.json() : null; });
          })
          .then(function (prefs) { preferences = prefs || {}; })
          .catch(log);
      })
      .then(function () {
        post(statement("initialized", null, false)); // the first statement of the session
      })
      // The list of this registration's documents first: asking for one that is not there is a
      // 404, which browsers log as an error.
      .then(function () { return fetch(stateUrl(null), { headers: headers() }).then(check("the state documents")); })
      .then(function (res) { return res.ok ? res.json() : []; })
      .then(function (ids) {
        if (!Array.isArray(ids) || ids.indexOf(STATE_ID) < 0) return null;
        return fetch(stateUrl(STATE_ID), { headers: headers() }).then(check("the resume state"))
          .then(function (res) { return res.status === 404 ? null : res.json(); });
      })
      .then(function (doc) {
        if (doc) {
          var read = model.decode(doc.data || "", course);
          if (read.stored) state = read.stored;
          else messages.push(["lms", S.t(read.unusable === "other_layout" ? "lms_other_version" : "lms_unreadable"), "warning"]);
          if (doc.sent) sent = { completed: !!doc.sent.completed, passed: !!doc.sent.passed, failed: !!doc.sent.failed };
          if (typeof doc.page === "string") bookmark = doc.page;
        }
        ready = true;
        window.addEventListener("pagehide", function () { finish(); });
        window.addEventListener("unload", function () { finish(); });
        var back = launchData.returnURL ? returnUrl() : null;
        if (back) offerExit(back);
        else if (launchData.returnURL) log("LMS.LaunchData's returnURL is not an http(s) URL: " + launchData.returnURL);
        frame.addEventListener("load", function () {
          var url;
          try { url = frame.contentWindow.location.href.replace(/[?#].*$/, ""); } catch (e) { return; }
          if (url.indexOf(here) !== 0 || !isPage(url.slice(here.length)) || finished) return;
          bookmark = url.slice(here.length);
          enqueue(function () { return saveState(false); });
        });
        show();
      })
      .catch(function (e) {
        log(e);
        offline = true;
        messages.push(["lms", S.t("lms_refused", { code: String(e && e.message || e) }), "warning"]);
        show();
      });
  } catch (e) { log(e); }
})(window.Syllabus = window.Syllabus || {});
