//! Quizzes, answered by clicking the answers' labels: single-answer, multiple-answer and
//! true/false questions; a failing attempt shows the score, "not passed", and feedback on each
//! answer; "Try again" clears it; a passing attempt shows "passed" and marks the quiz done on every
//! page; shuffled answers are graded right. The answer key comes from the quiz's YAML source.

use fantoccini::{Client, Locator};

use crate::course::{Course, Question, Quiz, progress_text};
use crate::harness::{Browser, BuiltSite, CourseCopy, serve};
use crate::page::*;

/// The quiz with single, multiple and true/false questions, shuffled.
pub const QUIZ: &str = "human-selling/check.html";

/// XPath of question `i` (from 1) of `n`, found by its legend "Question i of n".
fn question_xpath(i: usize, n: usize) -> String {
    format!(
        "//form//fieldset[legend[{}]]",
        text_is(&format!("Question {i} of {n}"))
    )
}

/// Clicks the answer labelled `answer` in question `i` of `n`.
pub async fn choose(c: &Client, i: usize, n: usize, answer: &str) {
    let xpath = format!("{}//label[{}]", question_xpath(i, n), text_is(answer));
    let what = format!("the answer \"{answer}\" to question {i}");
    click(c, &find(c, &what, &xpath).await, &what).await;
}

/// The answers offered for question `i` of `n`, as the learner reads them, in page order.
async fn answers_shown(c: &Client, i: usize, n: usize) -> Vec<String> {
    let xpath = format!("{}//label", question_xpath(i, n));
    let mut out = Vec::new();
    for l in c
        .find_all(Locator::XPath(&xpath))
        .await
        .expect("answer labels")
    {
        out.push(norm(&l.text().await.expect("label text")));
    }
    out
}

/// The visible text of the list entry of answer `answer` in question `i` of `n` (its label, the
/// mark after grading and any feedback shown).
async fn answer_entry(c: &Client, i: usize, n: usize, answer: &str) -> String {
    let xpath = format!(
        "{}//li[.//label[{}]]",
        question_xpath(i, n),
        text_is(answer)
    );
    let el = find(c, &format!("the answer \"{answer}\""), &xpath).await;
    norm(&el.text().await.expect("answer text"))
}

async fn question_text(c: &Client, i: usize, n: usize) -> String {
    let el = find(c, &format!("question {i}"), &question_xpath(i, n)).await;
    norm(&el.text().await.expect("question text"))
}

/// The announced score: the status region of the form with the "Submit answers" button.
async fn score_text(c: &Client) -> Result<String, fantoccini::error::CmdError> {
    let xpath = format!(
        "//form[.//button[{}]]//*[@role='status']",
        text_is("Submit answers")
    );
    Ok(norm(&c.find(Locator::XPath(&xpath)).await?.text().await?))
}

async fn expect_score(c: &Client, want: &str) {
    let what = format!("the score reads \"{want}\"");
    eventually(&what, async || score_text(c).await, |t| t == want).await;
}

async fn best_score_text(c: &Client) -> Result<String, fantoccini::error::CmdError> {
    let xpath = format!("//p[{}]", text_starts("Your best score:"));
    Ok(norm(&c.find(Locator::XPath(&xpath)).await?.text().await?))
}

pub async fn expect_best_score(c: &Client, want: &str) {
    let what = format!("the best score reads \"{want}\"");
    eventually(
        &what,
        async || best_score_text(c).await,
        |t| t == &format!("Your best score: {want}"),
    )
    .await;
}

/// The score message of the theme: "You scored 42% (3 of 7). The pass mark is 80%: not passed yet."
fn score_message(right: usize, total: usize, pass_mark: u32) -> String {
    let pct = right * 100 / total; // the theme rounds down: 79.9% does not pass a pass mark of 80
    let verdict = if pct as u32 >= pass_mark {
        "passed."
    } else {
        "not passed yet."
    };
    format!("You scored {pct}% ({right} of {total}). The pass mark is {pass_mark}%: {verdict}")
}

/// The correct answers' texts.
fn correct(q: &Question) -> Vec<String> {
    q.choices()
        .into_iter()
        .filter(|(_, ok, _)| *ok)
        .map(|(t, _, _)| t)
        .collect()
}

/// Answers every question of `quiz` (on the open quiz page) correctly and submits.
pub async fn pass(c: &Client, quiz: &Quiz) {
    let n = quiz.questions.len();
    for (i, q) in quiz.questions.iter().enumerate() {
        for answer in correct(q) {
            choose(c, i + 1, n, &answer).await;
        }
    }
    click_button(c, "Submit answers").await;
    expect_score(c, &score_message(n, n, quiz.pass_mark.unwrap())).await;
}

/// Answers every question of `quiz` (on the open quiz page) wrongly and submits.
pub async fn fail(c: &Client, quiz: &Quiz) {
    let n = quiz.questions.len();
    for (i, q) in quiz.questions.iter().enumerate() {
        for answer in wrong(q) {
            choose(c, i + 1, n, &answer).await;
        }
    }
    click_button(c, "Submit answers").await;
    expect_score(c, &score_message(0, n, quiz.pass_mark.unwrap())).await;
}

/// A wrong way to answer `q`: one wrong answer for single and true/false questions; for a multiple
/// question, the correct answers but one (if it has several) plus one wrong answer.
fn wrong(q: &Question) -> Vec<String> {
    let choices = q.choices();
    let wrong = choices
        .iter()
        .find(|(_, ok, _)| !ok)
        .map(|(t, _, _)| t.clone())
        .expect("a question with a wrong answer");
    if q.kind == "multiple" {
        let mut picks = correct(q);
        if picks.len() > 1 {
            picks.pop();
        }
        picks.push(wrong);
        picks
    } else {
        vec![wrong]
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failing_then_passing_attempt() {
    let course = Course::bundled();
    let (module, item) = course.item(QUIZ);
    let quiz = course.quiz(QUIZ);
    let kinds: Vec<&str> = quiz.questions.iter().map(|q| q.kind.as_str()).collect();
    for kind in ["single", "multiple", "true_false"] {
        assert!(kinds.contains(&kind), "{QUIZ} has no {kind} question");
    }
    let n = quiz.questions.len();
    let pass_mark = quiz.pass_mark.unwrap();

    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &format!("{base}/{QUIZ}")).await;
    expect_heading(c, &item.title).await;
    expect_best_score(c, "Not attempted yet").await;

    // First attempt: right on every third question (the first one included), wrong elsewhere.
    let picks: Vec<Vec<String>> = quiz
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| if i % 3 == 0 { correct(q) } else { wrong(q) })
        .collect();
    let right = (0..n).filter(|i| i % 3 == 0).count();
    assert!(
        (right * 100 / n) < pass_mark as usize,
        "the first attempt must fail"
    );
    for (i, answers) in picks.iter().enumerate() {
        for answer in answers {
            choose(c, i + 1, n, answer).await;
        }
    }
    click_button(c, "Submit answers").await;
    expect_score(c, &score_message(right, n, pass_mark)).await;

    // Feedback on every answer: the learner's own answers are marked right or wrong, missed right
    // answers are pointed out, and the feedback of those answers is shown; nothing on the others.
    for (i, q) in quiz.questions.iter().enumerate() {
        let qn = i + 1;
        let text = question_text(c, qn, n).await;
        let verdict = if i % 3 == 0 {
            "Correct."
        } else {
            "Not correct."
        };
        assert!(
            text.contains(verdict),
            "question {qn} should say {verdict:?}: {text}"
        );
        if q.explanation.is_some() {
            assert!(
                text.contains("Explanation"),
                "question {qn}: no explanation shown: {text}"
            );
        }
        for (answer, ok, feedback) in q.choices() {
            let entry = answer_entry(c, qn, n, &answer).await;
            let chosen = picks[i].contains(&answer);
            let mark = match (chosen, ok) {
                (true, true) => Some("Your answer: correct"),
                (true, false) => Some("Your answer: not correct"),
                (false, true) => Some("Correct answer"),
                (false, false) => None,
            };
            let rest = entry
                .strip_prefix(&norm(&answer))
                .unwrap_or_else(|| panic!("question {qn}: {entry:?} does not start with its label"))
                .trim()
                .to_string();
            let mut want = mark.map(String::from).unwrap_or_default();
            if let (Some(_), Some(f)) = (mark, &feedback) {
                want = format!("{want} {}", norm(f));
            }
            assert_eq!(
                rest,
                want.trim(),
                "question {qn}, answer {answer:?} (chosen: {chosen}, right: {ok})"
            );
        }
    }
    expect_best_score(
        c,
        &format!("{}%, not passed yet (1 attempt)", right * 100 / n),
    )
    .await;
    let locked = c
        .find(Locator::XPath(&format!("{}//input", question_xpath(1, n))))
        .await
        .expect("an answer")
        .is_enabled()
        .await
        .expect("enabled");
    assert!(!locked, "answers stay locked until \"Try again\"");

    // Try again: a clean form.
    click_button(c, "Try again").await;
    expect_score(c, "").await;
    for i in 1..=n {
        let text = question_text(c, i, n).await;
        for gone in [
            "Your answer",
            "Correct answer",
            "Correct.",
            "Not correct.",
            "Explanation",
        ] {
            assert!(
                !text.contains(gone),
                "question {i} still shows {gone:?} after \"Try again\""
            );
        }
    }
    let ticked = evaluate(
        c,
        "return document.querySelectorAll('form input:checked').length",
    )
    .await;
    assert_eq!(ticked, 0, "\"Try again\" clears the answers");

    // Second attempt: all right.
    pass(c, quiz).await;
    for i in 1..=n {
        let text = question_text(c, i, n).await;
        assert!(
            text.contains("Correct.") && !text.contains("Not correct."),
            "question {i}: {text}"
        );
    }
    let result = "100%, passed (2 attempts)";
    expect_best_score(c, result).await;
    let quiz_link = format!("Quiz: {}", item.title);
    eventually(
        "the sidebar shows the quiz done",
        async || sidebar_status(c, &quiz_link).await,
        |s| s == "Done",
    )
    .await;

    // Done everywhere: the module page, the home page and "My progress".
    open(c, &format!("{base}/{}", module.url)).await;
    expect_item_text(c, &item.title, "Done").await;
    expect_item_text(c, &item.title, result).await;
    expect_progress_text(
        c,
        "Progress in this module",
        &progress_text(1, module.units()),
    )
    .await;
    open(c, &format!("{base}/index.html")).await;
    let module_bar = format!("Progress in {}", module.title);
    expect_progress_text(c, &module_bar, &progress_text(1, module.units())).await;
    let whole = "Progress in the whole course";
    expect_progress_text(c, whole, &progress_text(1, course.units())).await;
    open(c, &format!("{base}/progress.html")).await;
    expect_progress_text(c, whole, &progress_text(1, course.units())).await;
    let line = expect_item_text(c, &item.title, &format!("Best score: {result}")).await;
    assert!(
        line.contains("Done"),
        "the progress page's quiz line: {line}"
    );

    expect_clean_logs(c, "while taking the quiz").await;
    browser.close().await;
}

/// A shuffled quiz shows its answers in a new order and still grades them right; submitting
/// nothing counts every question as not answered; an unshuffled quiz keeps the written order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shuffled_answers_are_graded_right() {
    const SHUFFLED: &str = "support-staff/check.html";
    const IN_ORDER: &str = "service-to-sales/check.html";
    let course = Course::bundled();
    let quiz = course.quiz(SHUFFLED);
    assert!(quiz.shuffle, "{SHUFFLED} should shuffle its answers");
    let n = quiz.questions.len();
    let authored: Vec<Vec<String>> = quiz
        .questions
        .iter()
        .map(|q| q.choices().into_iter().map(|(t, _, _)| norm(&t)).collect())
        .collect();

    // Every bundled quiz shuffles (the quiz checks ask for it); a copy of the course turns it off
    // in one, to see that the written order is kept.
    let copy = CourseCopy::new();
    let in_order_file = &course.item(IN_ORDER).1.file;
    let text = copy.read(in_order_file);
    assert!(text.contains("shuffle: true\n"), "{IN_ORDER} shuffles");
    copy.write(
        in_order_file,
        &text.replacen("shuffle: true\n", "shuffle: false\n", 1),
    );
    copy.build();
    let base = serve(copy.out()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;

    // The answers come in another order than written (each load draws a new one; the chance that
    // five loads all keep every question's order is below 1 in 10^20).
    let mut shuffled = false;
    for _ in 0..5 {
        open(c, &format!("{base}/{SHUFFLED}")).await;
        for (i, written) in authored.iter().enumerate() {
            let shown = answers_shown(c, i + 1, n).await;
            let (mut a, mut b) = (shown.clone(), written.clone());
            a.sort();
            b.sort();
            assert_eq!(a, b, "question {} shows other answers than written", i + 1);
            shuffled |= shown != *written;
        }
        if shuffled {
            break;
        }
    }
    assert!(shuffled, "{SHUFFLED}: the answers were never shuffled");

    // Nothing answered: nothing right, and the learner is told.
    click_button(c, "Submit answers").await;
    let mut none = score_message(0, n, quiz.pass_mark.unwrap());
    none.push_str(&format!(" {n} questions were not answered."));
    expect_score(c, &none).await;
    let text = question_text(c, 1, n).await;
    assert!(
        text.contains("Not answered, so it counts as not correct."),
        "{text}"
    );
    click_button(c, "Try again").await;

    // Every right answer, picked by its text wherever it was shuffled to: full marks.
    pass(c, quiz).await;
    expect_best_score(c, "100%, passed (2 attempts)").await;

    // A quiz without `shuffle` keeps the written order.
    let copied = Course::read(copy.root());
    let in_order = copied.quiz(IN_ORDER);
    assert!(!in_order.shuffle);
    let m = in_order.questions.len();
    for _ in 0..2 {
        open(c, &format!("{base}/{IN_ORDER}")).await;
        for (i, q) in in_order.questions.iter().enumerate() {
            let written: Vec<String> = q.choices().into_iter().map(|(t, _, _)| norm(&t)).collect();
            assert_eq!(
                answers_shown(c, i + 1, m).await,
                written,
                "{IN_ORDER} question {}",
                i + 1
            );
        }
    }

    expect_clean_logs(c, "while taking a shuffled quiz").await;
    browser.close().await;
}
