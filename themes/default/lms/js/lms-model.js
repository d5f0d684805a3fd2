/*
 * Syllabus LMS packages, model: what an LMS is told of the learner's progress, and the resume
 * data (suspend_data) that brings it back. It follows src/progress/lms.rs and compact.rs rule
 * for rule (docs/lms.md); tests/fixtures/progress/lms.json holds both to the same cases.
 *
 * `course` is the package's unit list, embedded in its launch page: { site, mastery, layout,
 * layout_v1, lessons: [{ id, checks: [item ids] }], quizzes: [{ id, pass_mark, questions: [{ id,
 * correct }] }], scenarios: [{ id, title }] }.
 * No DOM, no storage: only values in, values out.
 */
(function (S) {
  "use strict";
  try {
    var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    var MAX_ATTEMPTS = 1023, TIME_MAX_LEN = 9;
    var ENDINGS = ["", "poor", "ok", "good"]; // two bits each in the resume data

    function rec(stored, key) {
      var r = stored.units[key];
      return r && typeof r === "object" ? r : null;
    }
    function quizKey(id) { return "quiz:" + id; }
    function scenarioKey(id) { return "scenario:" + id; }

    // A scenario's best ending, or null: not played, or played by a build that kept no ending.
    function endingOf(stored, id) {
      var r = rec(stored, scenarioKey(id));
      var e = r && r.done === true && typeof r.ending === "string" ? r.ending : "";
      return ENDINGS.indexOf(e) > 0 ? e : null;
    }

    // What the LMS is told: completion, success, the 1.2 lesson status, the course score and
    // one objective per quiz (lms::report).
    function report(stored, course) {
      var objectives = course.quizzes.map(function (q) {
        var r = rec(stored, quizKey(q.id));
        var tried = !!r && (r.attempts || 0) > 0, passed = !!r && r.done === true;
        return {
          id: q.id,
          score: tried ? (r.best || 0) : null,
          success: passed ? "passed" : tried ? "failed" : "unknown",
          completed: tried || passed
        };
      });
      var lessonsDone = course.lessons.every(function (l) {
        var r = rec(stored, "lesson:" + l.id);
        return !!r && r.done === true;
      });
      var allTried = objectives.every(function (o) { return o.completed; });
      var completion = lessonsDone && allTried ? "completed" : "incomplete";
      var success = !objectives.length || !allTried ? "unknown"
        : objectives.every(function (o) { return o.success === "passed"; }) ? "passed" : "failed";
      var status = completion === "incomplete" ? "incomplete"
        : success === "passed" ? "passed" : success === "failed" ? "failed" : "completed";
      var score = null;
      // Only once completed, so an LMS judging by score and mastery does not fail a learner
      // half-way (lms::report).
      if (completion === "completed" && objectives.length) {
        // The weakest quiz against its own pass mark, on the package's pass mark.
        var margin = Infinity;
        course.quizzes.forEach(function (q, i) {
          margin = Math.min(margin, (objectives[i].score || 0) - q.pass_mark);
        });
        score = Math.max(0, Math.min(100, course.mastery + margin));
      }
      var scenarios = course.scenarios.map(function (sc) {
        return { id: sc.id, ending: endingOf(stored, sc.id) };
      });
      return {
        completion: completion, success: success, lesson_status: status, score: score,
        objectives: objectives, scenarios: scenarios
      };
    }

    // Sorted, without repeats (Rust's sort + dedup on strings: by UTF-16 here, by bytes there,
    // the same for the ASCII ids options have).
    function sortedUnique(list) {
      var out = list.slice().sort();
      return out.filter(function (x, i) { return i === 0 || x !== out[i - 1]; });
    }

    // One interaction per answered question of a quiz's best attempt (lms::interactions).
    function interactions(quiz, answers) {
      var out = [];
      quiz.questions.forEach(function (q) {
        if (!answers || !Object.prototype.hasOwnProperty.call(answers, q.id)) return;
        var response = sortedUnique(answers[q.id]);
        if (!response.length) return;
        var correct = q.correct.slice().sort();
        out.push({
          id: quiz.id + "/" + q.id,
          objective: quiz.id,
          response: response,
          correct: correct,
          right: response.join("\n") === correct.join("\n")
        });
      });
      return out;
    }

    function tickCount(course) {
      return course.lessons.reduce(function (n, l) { return n + 1 + l.checks.length; }, 0);
    }

    // The longest resume data of the package (compact::worst_case_len).
    function worstCaseLen(course) {
      return 2 + course.layout.length + 1 + TIME_MAX_LEN + 1 + Math.ceil(tickCount(course) / 6) + 1 +
        3 * course.quizzes.length + 1 + Math.ceil(2 * course.scenarios.length / 6);
    }

    function pack(bits) {
      var out = "";
      for (var i = 0; i < bits.length; i += 6) {
        var v = 0;
        for (var j = 0; j < 6; j++) v = v * 2 + (bits[i + j] ? 1 : 0);
        out += ALPHABET.charAt(v);
      }
      return out.replace(/A+$/, "");
    }

    // The resume data of `stored` (compact::encode).
    function encode(stored, course) {
      function done(key) { var r = rec(stored, key); return !!r && r.done === true; }
      var ticks = [], quizBits = [];
      course.lessons.forEach(function (l) {
        ticks.push(done("lesson:" + l.id));
        l.checks.forEach(function (c) { ticks.push(done("check:" + l.id + "#" + c)); });
      });
      course.quizzes.forEach(function (q) {
        var r = rec(stored, quizKey(q.id));
        var best = Math.min(r && r.best || 0, 100), passed = !!r && r.done === true;
        var attempts = Math.min(r && r.attempts || 0, MAX_ATTEMPTS);
        for (var i = 6; i >= 0; i--) quizBits.push((best >> i & 1) === 1);
        quizBits.push(passed);
        for (i = 9; i >= 0; i--) quizBits.push((attempts >> i & 1) === 1);
      });
      var endingBits = [];
      course.scenarios.forEach(function (sc) {
        var v = Math.max(0, ENDINGS.indexOf(endingOf(stored, sc.id) || ""));
        endingBits.push((v & 2) === 2, (v & 1) === 1);
      });
      var latest = 0;
      Object.keys(stored.units).forEach(function (k) {
        var at = stored.units[k] && stored.units[k].at;
        if (typeof at === "number" && at > latest) latest = at;
      });
      latest = Math.floor(Math.min(latest, Math.pow(36, TIME_MAX_LEN) - 1));
      return ["2", course.layout, latest.toString(36), pack(ticks), pack(quizBits), pack(endingBits)].join(".");
    }

    // `text` as `len` bits, or null (compact::unpack).
    function unpack(text, len) {
      var chars = Math.ceil(len / 6);
      if (text.length > chars) return null;
      var bits = [];
      for (var i = 0; i < text.length; i++) {
        var v = ALPHABET.indexOf(text.charAt(i));
        if (v < 0) return null;
        for (var j = 5; j >= 0; j--) bits.push((v >> j & 1) === 1);
      }
      while (bits.length < chars * 6) bits.push(false);
      for (i = len; i < bits.length; i++) if (bits[i]) return null;
      return bits.slice(0, len);
    }

    // The progress resume data holds (compact::decode): { stored } or { unusable: why }, why
    // one of "not_ours", "other_layout", "damaged". Version 1 (no endings, a layout without
    // scenarios: layout_v1) is still read.
    function decode(data, course) {
      var stored = { version: S.core.VERSION, site: course.site, learner: { name: "", at: 0 }, units: {} };
      if (data === "") return { stored: stored };
      var parts = String(data).split(".");
      var v2 = parts.length === 6 && parts[0] === "2", v1 = parts.length === 5 && parts[0] === "1";
      if (!v1 && !v2) return { unusable: "not_ours" };
      if (parts[1] !== (v2 ? course.layout : course.layout_v1)) return { unusable: "other_layout" };
      var time = parts[2];
      if (!time || time.length > TIME_MAX_LEN || !/^[0-9a-z]+$/.test(time)) return { unusable: "damaged" };
      var at = parseInt(time, 36);
      var ticks = unpack(parts[3], tickCount(course));
      var quizBits = unpack(parts[4], 18 * course.quizzes.length);
      var endingBits = unpack(v2 ? parts[5] : "", 2 * course.scenarios.length);
      if (!ticks || !quizBits || !endingBits) return { unusable: "damaged" };
      var t = 0;
      course.lessons.forEach(function (l) {
        if (ticks[t++]) stored.units["lesson:" + l.id] = { done: true, at: at };
        l.checks.forEach(function (c) {
          if (ticks[t++]) stored.units["check:" + l.id + "#" + c] = { done: true, at: at };
        });
      });
      for (var i = 0; i < course.quizzes.length; i++) {
        var v = 0;
        for (var j = 0; j < 18; j++) v = v * 2 + (quizBits[18 * i + j] ? 1 : 0);
        var best = v >> 11, passed = (v >> 10 & 1) === 1, attempts = v & 1023;
        if (best > 100) return { unusable: "damaged" };
        if (!attempts && !passed && !best) continue;
        stored.units[quizKey(course.quizzes[i].id)] =
          { done: passed, best: best, attempts: attempts, at: at, answers: {}, rev: "" };
      }
      course.scenarios.forEach(function (sc, k) {
        var e = ENDINGS[(endingBits[2 * k] ? 2 : 0) + (endingBits[2 * k + 1] ? 1 : 0)];
        if (e) stored.units[scenarioKey(sc.id)] = { done: true, at: at, ending: e };
      });
      return { stored: stored };
    }

    // How each format reports a scenario's best ending as an interaction (docs/lms.md): the
    // result is the ending's judgement; `good` is the response aimed for.
    function endingResult(ending, format) {
      if (ending === "good") return "correct";
      if (ending === "ok") return "neutral";
      return format === "scorm12" ? "wrong" : "incorrect";
    }

    // The learner's name as the LMS gives it, for the pages to show: SCORM LMSs write it
    // "Last, First" (SCORM 1.2 prescribes it; most 2004 LMSs do the same), which reads as
    // "First Last"; any other form (no comma, or several) is kept as it is.
    function displayName(raw) {
      var name = typeof raw === "string" ? raw.replace(/\s+/g, " ").trim() : "";
      var m = /^([^,]+),([^,]+)$/.exec(name);
      return m ? m[2].trim() + " " + m[1].trim() : name;
    }

    S.lmsModel = {
      report: report, interactions: interactions, encode: encode, decode: decode,
      worstCaseLen: worstCaseLen, endingResult: endingResult, displayName: displayName
    };
  } catch (e) { if (window.console) window.console.error("Syllabus (lms-model.js):", e); }
})(window.Syllabus = window.Syllabus || {});
