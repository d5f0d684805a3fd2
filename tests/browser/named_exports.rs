//! Named, versioned exports (issue 15): the learner types their name on the progress page, it
//! is saved with the progress and shown again after a reload (as text, whatever it holds), and
//! Export writes a file of today's format with the name, the site, the export's time, the build
//! the page carries and, for a quiz, the answers of the best attempt with the quiz's `rev`. A
//! file of version 1 still imports.

use fantoccini::Client;
use fantoccini::key::Key;
use serde_json::{Value, json};

use crate::course::Course;
use crate::harness::{Browser, BuiltSite, serve};
use crate::page::*;
use crate::quizzes;
use syllabus::progress::schema;

const NAME: &str = "Your name";
const LESSON: &str = "human-selling/cogs.html";

/// Types `name` into the "Your name" field in place of what it holds, and leaves the field (by
/// pressing Tab), which saves it.
async fn type_name(c: &Client, name: &str) {
    let field = control_labelled(c, NAME).await;
    field.clear().await.expect("clear the name");
    field.send_keys(name).await.expect("type the name");
    press(c, Key::Tab).await;
}

/// The "Your name" field's value, once it is `want` (it is filled when the page's script runs).
async fn expect_name_shown(c: &Client, want: &str) {
    eventually(
        &format!("the name field shows {want:?}"),
        async || control_labelled(c, NAME).await.prop("value").await,
        |v| v.as_deref() == Some(want),
    )
    .await;
}

/// The grading data the open quiz page embeds.
async fn quiz_data(c: &Client) -> Value {
    evaluate(
        c,
        "return JSON.parse(document.querySelector('[data-quiz-data]').textContent)",
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_carries_the_name_the_site_its_time_the_build_and_the_best_answers() {
    let course = Course::bundled();
    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;

    // The name, typed with spaces around it, is kept trimmed.
    open(c, &format!("{base}/progress.html")).await;
    type_name(c, "  Ann Lee  ").await;
    expect_name_shown(c, "Ann Lee").await;

    // A tick, and a quiz failed, passed, then failed again: the best attempt is the pass.
    open(c, &format!("{base}/{LESSON}")).await;
    click_label(c, &course.checks(LESSON)[0]).await;
    expect_ticked(c, &course.checks(LESSON)[0], true).await;
    open(c, &format!("{base}/{}", quizzes::QUIZ)).await;
    let data = quiz_data(c).await;
    let quiz = course.quiz(quizzes::QUIZ);
    quizzes::fail(c, quiz).await;
    click_button(c, "Try again").await;
    quizzes::pass(c, quiz).await;
    click_button(c, "Try again").await;
    quizzes::fail(c, quiz).await;

    open(c, &format!("{base}/progress.html")).await;
    expect_name_shown(c, "Ann Lee").await;
    let build = evaluate(
        c,
        "return document.querySelector('[data-build]').getAttribute('data-build')",
    )
    .await;
    click_button(c, "Export my progress").await;
    let file = downloaded_file(&browser.downloads()).await;
    let text = std::fs::read_to_string(&file).expect("read the export");
    let exported: Value = serde_json::from_str(&text).expect("the export is JSON");

    assert_eq!(exported["version"], json!(schema::VERSION), "{exported}");
    assert_eq!(exported["site"], "service-to-sales", "{exported}");
    assert_eq!(exported["learner"]["name"], "Ann Lee", "{exported}");
    assert!(
        exported["learner"]["at"].as_f64().unwrap() > 0.0,
        "{exported}"
    );
    assert!(
        schema::is_build(build.as_str().unwrap()),
        "data-build {build}"
    );
    assert_eq!(
        exported["build"], build,
        "the build of the page it was exported from"
    );
    let at = exported["exported_at"].as_str().expect("exported_at");
    assert!(schema::is_utc_time(at), "{at}");
    let age = evaluate(c, &format!("return Date.now() - Date.parse('{at}')")).await;
    let age = age.as_f64().unwrap();
    assert!((0.0..600_000.0).contains(&age), "exported {age} ms ago");

    // The quiz's record: the best score, three attempts, and the pass's answers with the rev of
    // the quiz they answered.
    let record = &exported["units"][data["unit"].as_str().unwrap()];
    assert_eq!(record["best"], 100, "{record}");
    assert_eq!(record["attempts"], 3, "{record}");
    assert_eq!(record["rev"], data["rev"], "{record}");
    let questions = data["questions"].as_array().unwrap();
    assert_eq!(
        record["answers"].as_object().unwrap().len(),
        questions.len(),
        "{record}"
    );
    for q in questions {
        let sorted = |v: &Value| {
            let mut ids: Vec<String> = v
                .as_array()
                .unwrap_or_else(|| panic!("a list of ids: {v}"))
                .iter()
                .map(|i| i.as_str().unwrap().to_owned())
                .collect();
            ids.sort();
            ids
        };
        let answered = &record["answers"][q["id"].as_str().unwrap()];
        assert_eq!(
            sorted(answered),
            sorted(&q["correct"]),
            "question {}",
            q["id"]
        );
    }
    let ticked = "check:human-selling/cogs#";
    let units = exported["units"].as_object().unwrap();
    assert!(
        units
            .iter()
            .any(|(k, r)| k.starts_with(ticked) && r["done"] == true),
        "the tick: {exported}"
    );

    // The Rust model reads the file as it is: nothing lost, the time and build kept.
    let cleaned = schema::clean(exported.clone(), "service-to-sales").expect("usable");
    assert_eq!(cleaned.lost, 0);
    assert_eq!(serde_json::to_value(&cleaned.stored).unwrap(), exported);

    expect_clean_logs(c, "naming, taking a quiz and exporting").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_name_survives_a_reload_and_an_export_of_version_1_still_imports() {
    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &format!("{base}/progress.html")).await;
    type_name(c, "Bo Chen").await;
    expect_name_shown(c, "Bo Chen").await;
    reload(c).await;
    expect_name_shown(c, "Bo Chen").await;

    // A file exported before names (version 1): its progress is added, the name is kept.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/progress/stored.json");
    let fixture: Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).expect("fixture");
    let v1 = &fixture["cases"][1]["value"];
    assert_eq!(v1["version"], 1, "case 1 is version 1");
    let file = browser.downloads().join("progress-v1.json");
    std::fs::write(&file, serde_json::to_string_pretty(v1).unwrap()).expect("write the file");
    control_labelled(c, "Import progress from a file")
        .await
        .send_keys(&file.display().to_string())
        .await
        .expect("choose the file");
    expect_page_says(c, "Imported “progress-v1.json”: 3 items updated.").await;
    expect_page_says(c, "Best score: 80%, passed (2 attempts)").await;
    expect_name_shown(c, "Bo Chen").await;
    reload(c).await;
    expect_name_shown(c, "Bo Chen").await;
    let saved = evaluate(
        c,
        "return JSON.parse(localStorage.getItem('syllabus:service-to-sales'))",
    )
    .await;
    assert_eq!(saved["version"], json!(schema::VERSION), "{saved}");
    assert_eq!(saved["learner"]["name"], "Bo Chen", "{saved}");
    let quiz = &saved["units"]["quiz:human-selling/check"];
    assert_eq!(
        (&quiz["answers"], &quiz["rev"]),
        (&json!({}), &json!("")),
        "{saved}"
    );

    expect_clean_logs(c, "reloading a name and importing a version 1 file").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_with_markup_is_kept_and_shown_as_text() {
    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    let name = "<script>window.pwned = 1</script><b>Ann</b> & \"Co\"";
    open(c, &format!("{base}/progress.html")).await;
    type_name(c, name).await;
    reload(c).await;
    expect_name_shown(c, name).await;
    let page = evaluate(
        c,
        "return { pwned: window.pwned === 1, bold: document.querySelectorAll('main b').length,
                  scripts: [...document.querySelectorAll('main script')].map(s => s.textContent) }",
    )
    .await;
    assert_eq!(page["pwned"], false, "{page}");
    assert_eq!(page["bold"], 0, "{page}");
    assert!(
        !page["scripts"].to_string().contains("pwned"),
        "the name became a script: {page}"
    );
    expect_clean_logs(c, "a name with markup").await;
    browser.close().await;
}
