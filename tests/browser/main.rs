//! Real-browser tests: the bundled course, built by the `syllabus` binary, used in Debian's Chromium
//! (headless, through chromedriver) the way a learner uses it. They never skip: without chromium
//! and chromedriver they fail and say to run `scripts/test`, which installs both.

mod harness;
mod page;

use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};
use harness::{Browser, BuiltSite, serve};
use page::*;

const LESSON: &str = "human-selling/cogs.html";
const MODULE: &str = "human-selling/index.html";
const QUIZ: &str = "human-selling/check.html";

/// The text of the first item of the lesson's "Practice checklist".
async fn first_practice_item(c: &Client) -> String {
    let xpath = "(//section[h2[normalize-space(.)='Practice checklist']]//label)[1]";
    let label = find(c, "the first practice checklist item", xpath).await;
    let text = label.text().await.expect("label text");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

async fn expect_no_console_errors(c: &Client, when: &str) {
    let errors = console_errors(c).await;
    assert!(
        errors.is_empty(),
        "console errors {when}:\n{}",
        errors.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checklist_tick_survives_reload() {
    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;

    open(c, &format!("{base}/{LESSON}")).await;
    let lesson = heading(c).await;
    expect_progress(c, "Progress in this lesson", 0.0).await;
    let item = first_practice_item(c).await;
    expect_ticked(c, &item, false).await;

    click_label(c, &item).await;
    expect_ticked(c, &item, true).await;
    let label = expect_progress(c, "Progress in this lesson", 1.0).await;
    assert!(
        label.starts_with("1 of ") && label.ends_with('%'),
        "lesson progress text: {label:?}"
    );

    reload(c).await;
    expect_ticked(c, &item, true).await;
    expect_progress(c, "Progress in this lesson", 1.0).await;

    open(c, &format!("{base}/{MODULE}")).await;
    let module = heading(c).await;
    expect_progress(c, "Progress in this module", 1.0).await;
    let what = format!("the module page lists \"{lesson}\" as in progress");
    eventually(
        &what,
        async || item_text(c, &lesson).await,
        |t| t.contains("In progress"),
    )
    .await;

    open(c, &format!("{base}/index.html")).await;
    expect_progress(c, &format!("Progress in {module}"), 1.0).await;
    expect_progress(c, "Progress in the whole course", 1.0).await;
    let what = format!("the home page lists \"{module}\" as in progress");
    eventually(
        &what,
        async || item_text(c, &module).await,
        |t| t.contains("In progress"),
    )
    .await;
    click_link(c, &format!("Continue with {module}")).await;
    eventually(
        "\"Continue\" leads to the module",
        async || Ok(heading(c).await),
        |h| *h == module,
    )
    .await;

    click_link(c, "My progress").await;
    eventually(
        "the progress page opens",
        async || Ok(heading(c).await),
        |h| *h != module,
    )
    .await;
    wait_for_load(c).await;
    expect_ticked(c, &item, true).await;
    expect_progress(c, &format!("Progress in {module}"), 1.0).await;
    expect_progress(c, "Progress in the whole course", 1.0).await;

    expect_no_console_errors(c, "while ticking a practice item").await;
    browser.close().await;
}

/// Picks the answer `option` of question `question` by clicking its label.
async fn choose(c: &Client, question: &str, option: &str) {
    let xpath = format!(
        "//fieldset[@data-question={}]//input[@value={}]",
        xpath_literal(question),
        xpath_literal(option)
    );
    let input = find(
        c,
        &format!("answer {option} of question {question}"),
        &xpath,
    )
    .await;
    let id = input
        .attr("id")
        .await
        .expect("input id")
        .expect("answer input has an id");
    let label = format!("//label[@for={}]", xpath_literal(&id));
    let what = format!("the label of answer {option}");
    click(c, &find(c, &what, &label).await, &what).await;
    let what = format!("answer {option} of question {question} is chosen");
    eventually(&what, async || input.is_selected().await, |s| *s).await;
}

/// The answer ids offered for `question`, in page order.
async fn options_of(c: &Client, question: &str) -> Vec<String> {
    let xpath = format!(
        "//fieldset[@data-question={}]//input",
        xpath_literal(question)
    );
    let mut ids = Vec::new();
    for input in c
        .find_all(Locator::XPath(&xpath))
        .await
        .expect("answer inputs")
    {
        ids.push(
            input
                .attr("value")
                .await
                .expect("value")
                .expect("answer has a value"),
        );
    }
    ids
}

async fn score_text(c: &Client) -> Result<String, CmdError> {
    c.find(Locator::XPath("//form//*[@role='status']"))
        .await?
        .text()
        .await
}

async fn best_score_text(c: &Client) -> Result<String, CmdError> {
    let xpath = "//p[starts-with(normalize-space(.), 'Your best score:')]";
    c.find(Locator::XPath(xpath)).await?.text().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quiz_scores_and_gives_feedback() {
    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;

    open(c, &format!("{base}/{QUIZ}")).await;
    let quiz_title = heading(c).await;
    let data = evaluate(
        c,
        "return JSON.parse(document.querySelector('script[data-quiz-data]').textContent)",
    )
    .await;
    let questions: Vec<(String, Vec<String>)> = data["questions"]
        .as_array()
        .expect("quiz data has questions")
        .iter()
        .map(|q| {
            let id = q["id"].as_str().expect("question id").to_string();
            let correct = q["correct"].as_array().expect("correct answers");
            (
                id,
                correct
                    .iter()
                    .map(|o| o.as_str().expect("option id").to_string())
                    .collect(),
            )
        })
        .collect();
    let total = questions.len();
    assert!(total > 0, "the quiz has no questions");

    // First attempt: one wrong answer to every question.
    let mut chosen = Vec::new();
    for (question, correct) in &questions {
        let options = options_of(c, question).await;
        let wrong = options.iter().find(|o| !correct.contains(o));
        let wrong = wrong.unwrap_or_else(|| panic!("question {question} has no wrong answer"));
        choose(c, question, wrong).await;
        chosen.push((question.clone(), wrong.clone()));
    }
    click_button(c, "Submit answers").await;
    let score = eventually(
        "the score is announced",
        async || score_text(c).await,
        |t| !t.is_empty(),
    )
    .await;
    assert!(
        score.contains(&format!("You scored 0% (0 of {total})")),
        "score after all wrong: {score:?}"
    );
    assert!(
        score.contains("not passed yet"),
        "all wrong should not pass: {score:?}"
    );
    let mut feedback_shown = 0;
    for (question, option) in &chosen {
        let xpath = format!(
            "//*[@data-feedback={}]",
            xpath_literal(&format!("{question}/{option}"))
        );
        if let Ok(feedback) = c.find(Locator::XPath(&xpath)).await {
            let shown = feedback.is_displayed().await.expect("feedback visibility");
            assert!(
                shown,
                "feedback for the chosen answer {question}/{option} is not visible"
            );
            feedback_shown += 1;
        }
    }
    assert!(feedback_shown > 0, "no chosen answer had feedback to show");
    let best = eventually(
        "best score shows the attempt",
        async || best_score_text(c).await,
        |t| t.contains("0%, not passed yet (1 attempt)"),
    )
    .await;
    assert!(!best.contains("Not attempted"), "{best:?}");

    // Second attempt: every correct answer.
    click_button(c, "Try again").await;
    eventually(
        "\"Try again\" clears the score",
        async || score_text(c).await,
        |t| t.is_empty(),
    )
    .await;
    for (question, correct) in &questions {
        for option in correct {
            choose(c, question, option).await;
        }
    }
    click_button(c, "Submit answers").await;
    let score = eventually(
        "the new score is announced",
        async || score_text(c).await,
        |t| !t.is_empty(),
    )
    .await;
    assert!(
        score.contains(&format!("You scored 100% ({total} of {total})")),
        "score after all right: {score:?}"
    );
    assert!(
        score.contains(": passed.") && !score.contains("not passed"),
        "all right should pass: {score:?}"
    );
    eventually(
        "best score shows the pass",
        async || best_score_text(c).await,
        |t| t.contains("100%, passed (2 attempts)"),
    )
    .await;

    open(c, &format!("{base}/{MODULE}")).await;
    let what = format!("the module page shows \"{quiz_title}\" as done");
    eventually(
        &what,
        async || item_text(c, &quiz_title).await,
        |t| t.contains("Done") && t.contains("100%, passed (2 attempts)"),
    )
    .await;
    expect_progress(c, "Progress in this module", 1.0).await;

    expect_no_console_errors(c, "while taking the quiz").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn site_works_from_file_url() {
    let site = BuiltSite::build();
    let browser = Browser::launch().await;
    let c = &browser.client;

    let home = site.file_url("index.html");
    open(c, &home).await;
    let link = find(
        c,
        "the first module's link",
        "(//section[h2[normalize-space(.)='Modules']]//a)[1]",
    )
    .await;
    let link_text = link.text().await.expect("link text");
    click(c, &link, "the first module's link").await;
    eventually(
        "the module page opens",
        async || c.current_url().await,
        |u| u.as_str() != home,
    )
    .await;
    wait_for_load(c).await;
    let module = heading(c).await;
    assert!(
        !module.is_empty() && link_text.contains(&module),
        "link {link_text:?} opened {module:?}"
    );

    // The stylesheet loaded and applies (it sets body margin 0); the script ran (it adds "%" to
    // the progress text). (Resource Timing does not list file:// loads, so it cannot tell.)
    let loaded = evaluate(
        c,
        "return {
            sheets: [...document.querySelectorAll('link[rel=stylesheet]')].map(l => !!l.sheet),
            bodyMargin: getComputedStyle(document.body).marginTop,
        }",
    )
    .await;
    let sheets = loaded["sheets"].as_array().expect("stylesheets");
    assert!(
        !sheets.is_empty() && sheets.iter().all(|s| s == true),
        "stylesheets not loaded: {loaded}"
    );
    assert_eq!(
        loaded["bodyMargin"], "0px",
        "the stylesheet is not applied: {loaded}"
    );
    let label = expect_progress(c, "Progress in this module", 0.0).await;
    assert!(
        label.ends_with("0%"),
        "the script did not run on file:// (progress text {label:?})"
    );

    // Progress is saved from file:// too.
    let first_lesson = "(//section[h2[normalize-space(.)='In this module']]//a)[1]";
    let what = "the first lesson's link";
    click(c, &find(c, what, first_lesson).await, what).await;
    eventually(
        "the lesson page opens",
        async || Ok(heading(c).await),
        |h| *h != module,
    )
    .await;
    wait_for_load(c).await;
    let item = first_practice_item(c).await;
    click_label(c, &item).await;
    expect_ticked(c, &item, true).await;
    expect_progress(c, "Progress in this lesson", 1.0).await;
    reload(c).await;
    expect_ticked(c, &item, true).await;
    expect_progress(c, "Progress in this lesson", 1.0).await;

    expect_no_console_errors(c, "on file:// pages").await;
    browser.close().await;
}
