/*
 * Syllabus default theme, quizzes: wires each <form data-quiz> (docs/theme.md). Shuffles the
 * options when the quiz asks for it, grades an attempt with Syllabus.core.grade (the rule of
 * src/progress/grade.rs), shows the score and feedback on every answer, saves the best result
 * with its answers through the page's progress store, and "Try again" clears it all.
 */
(function (S) {
  "use strict";
  try {
    var core = S.core, view = S.view, each = view.each, byAttr = view.byAttr;

    function shuffleOptions(fieldset) {
      var opts = Array.prototype.slice.call(fieldset.querySelectorAll("[data-option]"));
      for (var i = opts.length - 1; i > 0; i--) {
        var j = Math.floor(Math.random() * (i + 1)), t = opts[i]; opts[i] = opts[j]; opts[j] = t;
      }
      opts.forEach(function (o) { o.parentNode.appendChild(o); }); // grading is by id: order is free
    }

    // The option ids chosen in `fieldset` for question `qid`.
    function chosenIn(fieldset, qid) {
      var chosen = [];
      each("input", function (input) { if (input.name === qid && input.checked) chosen.push(input.value); }, fieldset);
      return chosen;
    }

    // Marks each option of question `q` as chosen/right, and shows feedback and explanation.
    function showQuestion(fs, q, chosen, ok) {
      var qid = String(q.id), correct = (q.correct || []).map(String);
      each("input", function (input) {
        if (input.name !== qid) return;
        var isChosen = chosen.indexOf(input.value) >= 0, isRight = correct.indexOf(input.value) >= 0;
        var opt = input.closest("[data-option]") || input.parentNode;
        var mark = opt.querySelector("[data-option-mark]");
        if (!mark) { mark = document.createElement("span"); mark.setAttribute("data-option-mark", ""); mark.className = "option-mark"; opt.appendChild(mark); }
        var text = isChosen ? S.t(isRight ? "answer_correct" : "answer_incorrect")
          : isRight ? S.t("correct_answer") : "";
        mark.textContent = text;
        mark.hidden = !text;
        if (text) opt.classList.add(isChosen ? (isRight ? "is-correct" : "is-incorrect") : "is-missed");
        var fb = byAttr(fs, "data-feedback", qid + "/" + input.value);
        if (fb && (isChosen || isRight)) fb.hidden = false;
      }, fs);
      var res = fs.querySelector("[data-question-result]"), ex = byAttr(fs, "data-explanation", qid);
      if (res) res.textContent = S.t(ok ? "question_correct" : chosen.length ? "question_incorrect" : "question_unanswered");
      if (res) res.hidden = false;
      if (ex) ex.hidden = false;
      fs.setAttribute("data-result", ok ? "correct" : "incorrect");
      fs.disabled = true; // answers are locked until "Try again"
    }

    // Sets up one quiz form; `progress` is the page's store, `render` shows a new state.
    function setup(form, progress, render) {
      var data = null;
      try { data = JSON.parse(form.querySelector("[data-quiz-data]").textContent); } catch (e) { /* reported below */ }
      if (!core.isObj(data) || !Array.isArray(data.questions) || typeof data.unit !== "string") {
        view.notify("quiz", S.t("quiz_broken"), "error");
        return;
      }
      var submit = form.querySelector("[data-action=submit]") || form.querySelector("[type=submit]");
      var retry = form.querySelector("[data-action=retry]"), score = form.querySelector("[data-quiz-score]");
      var passMark = core.num(data.pass_mark, 0);

      function shuffleAll() { if (data.shuffle) each("[data-question]", shuffleOptions, form); }
      shuffleAll();

      // A pool (`draw: n`): each attempt asks n of the questions, drawn at random; the others
      // are hidden and disabled (neither read nor sent), and those shown are numbered 1 to n.
      var draw = Math.floor(core.num(data.draw, 0)), drawn = null;
      function isAsked(fs) { return !drawn || drawn[fs.getAttribute("data-question")] === true; }
      function drawQuestions() {
        if (!(draw > 0)) return;
        var sets = Array.prototype.slice.call(form.querySelectorAll("[data-question]"));
        for (var i = sets.length - 1; i > 0; i--) {
          var j = Math.floor(Math.random() * (i + 1)), t = sets[i]; sets[i] = sets[j]; sets[j] = t;
        }
        drawn = Object.create(null);
        sets.slice(0, draw).forEach(function (fs) { drawn[fs.getAttribute("data-question")] = true; });
        var k = 0, count = Math.min(draw, sets.length);
        each("[data-question]", function (fs) {
          var asked = isAsked(fs);
          fs.hidden = !asked;
          fs.disabled = !asked;
          var number = fs.querySelector("[data-question-number]");
          if (asked && number) number.textContent = S.t("question_of", { n: ++k, count: count });
        }, form);
      }
      drawQuestions();

      // Hides all feedback and marks; used before grading and by "Try again".
      function clear() {
        each("[data-feedback], [data-explanation], [data-question-result], [data-option-mark]", function (el) { el.hidden = true; }, form);
        each("[data-option]", function (el) { el.classList.remove("is-correct", "is-incorrect", "is-missed"); }, form);
        each("[data-question]", function (el) { el.removeAttribute("data-result"); el.disabled = !isAsked(el); }, form);
      }

      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        clear();
        var answers = {};
        data.questions.forEach(function (q) {
          var fs = byAttr(form, "data-question", String(q.id));
          if (!fs || !isAsked(fs)) return;
          var chosen = answers[String(q.id)] = chosenIn(fs, String(q.id));
          showQuestion(fs, q, chosen, core.isRight(q.correct || [], chosen));
        });
        var s = core.grade(data, answers);
        var msg = S.t("quiz_score", { percent: s.percent, right: s.right, total: s.total, mark: passMark,
          verdict: S.t(s.passed ? "quiz_passed" : "quiz_not_passed") });
        if (s.unanswered) msg += " " + S.t("quiz_unanswered", { n: s.unanswered });
        if (score) { score.textContent = msg; score.setAttribute("data-result", s.passed ? "passed" : "failed"); }
        var updated = Number(form.getAttribute("data-updated")) || 0;
        progress.change(function (st) {
          var old = Object.prototype.hasOwnProperty.call(st.units, data.unit) ? st.units[data.unit] : null;
          st.units[data.unit] = core.recordAttempt(old, s, answers, data.rev, updated, Date.now());
        }, render);
        if (submit) submit.hidden = true;
        if (retry) { retry.hidden = false; retry.focus(); }
      });

      if (retry) retry.addEventListener("click", function () {
        form.reset();
        clear();
        shuffleAll();
        drawQuestions();
        if (score) { score.textContent = ""; score.removeAttribute("data-result"); }
        retry.hidden = true;
        if (submit) submit.hidden = false;
        var first = form.querySelector("[data-question] input");
        if (first) first.focus();
      });
    }

    S.quiz = { setup: setup };
  } catch (e) { if (window.console) window.console.error("Syllabus (quiz.js):", e); }
})(window.Syllabus = window.Syllabus || {});
