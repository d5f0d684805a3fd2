//! The learner's saved progress as data: export to a file, reset (after confirming), import the file
//! back and see everything restored; damaged saved progress leaves the pages working and the
//! learner told what was recovered.

use std::time::Duration;

use fantoccini::Client;
use serde_json::{Value, json};

use crate::course::{Course, progress_text};
use crate::harness::{Browser, BuiltSite, serve};
use crate::page::*;
use crate::quizzes;

const LESSON: &str = "human-selling/cogs.html";
const OTHER_LESSON: &str = "habits/mindset.html";
const COMPLETE: &str = "Mark this lesson complete";
const WHOLE: &str = "Progress in the whole course";
const STORAGE_KEY: &str = "syllabus:service-to-sales";

/// The state of the progress page a learner sees: the course bar, every ticked box, quiz results.
async fn progress_page_state(c: &Client) -> Value {
    evaluate(
        c,
        r#"return {
            course: document.querySelector('progress[aria-label="Progress in the whole course"]').parentNode.innerText.trim(),
            ticked: [...document.querySelectorAll('input[type=checkbox]:checked')]
                .map(i => i.closest('li.progress-item').querySelector('h3').innerText.trim() + ' / ' + i.labels[0].innerText.trim()),
            quizzes: [...document.querySelectorAll('.quiz-line')].map(q => q.innerText.replace(/\s+/g, ' ').trim()),
        }"#,
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_reset_and_import_restore_everything() {
    let course = Course::bundled();
    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;

    // Some progress: two ticks and "complete" in one lesson, one tick in another, a passed quiz.
    let checks = course.checks(LESSON);
    open(c, &format!("{base}/{LESSON}")).await;
    click_label(c, &checks[0]).await;
    click_label(c, &checks[2]).await;
    click_label(c, COMPLETE).await;
    expect_ticked(c, COMPLETE, true).await;
    open(c, &format!("{base}/{OTHER_LESSON}")).await;
    click_label(c, &course.checks(OTHER_LESSON)[1]).await;
    expect_ticked(c, &course.checks(OTHER_LESSON)[1], true).await;
    open(c, &format!("{base}/{}", quizzes::QUIZ)).await;
    quizzes::pass(c, course.quiz(quizzes::QUIZ)).await;
    let units_done = 5;

    open(c, &format!("{base}/progress.html")).await;
    let done_text = progress_text(units_done, course.units());
    expect_progress_text(c, WHOLE, &done_text).await;
    let before = progress_page_state(c).await;
    assert_eq!(before["ticked"].as_array().unwrap().len(), 4, "{before}");

    // Export: a file with all of it.
    click_button(c, "Export my progress").await;
    let file = downloaded_file(&browser.downloads()).await;
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("syllabus-progress-service-to-sales-") && name.ends_with(".json"),
        "export file name {name:?}"
    );
    expect_page_says(c, &format!("Your progress was exported to {name}.")).await;
    let exported: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("read export"))
            .expect("the export is JSON");
    assert_eq!(
        exported["version"],
        syllabus::progress::schema::VERSION,
        "{exported}"
    );
    assert_eq!(exported["site"], "service-to-sales", "{exported}");
    assert_eq!(
        exported["units"].as_object().unwrap().len(),
        units_done,
        "{exported}"
    );

    // Reset asks first; "Cancel" keeps everything.
    click_button(c, "Reset all my progress").await;
    let question = c
        .get_alert_text()
        .await
        .expect("reset asks for confirmation");
    assert!(
        question.contains("Delete all your saved progress"),
        "{question:?}"
    );
    c.dismiss_alert().await.expect("cancel the reset");
    expect_progress_text(c, WHOLE, &done_text).await;
    assert_eq!(progress_page_state(c).await, before);

    click_button(c, "Reset all my progress").await;
    c.accept_alert().await.expect("confirm the reset");
    expect_progress_text(c, WHOLE, &progress_text(0, course.units())).await;
    expect_page_says(
        c,
        "All your progress for this course was deleted from this browser.",
    )
    .await;
    reload(c).await;
    expect_progress_text(c, WHOLE, &progress_text(0, course.units())).await;
    let empty = progress_page_state(c).await;
    assert_eq!(empty["ticked"], json!([]), "{empty}");
    assert!(
        empty["quizzes"].as_array().unwrap().iter().all(|q| {
            let q = q.as_str().unwrap();
            // A quiz's line, or a scenario's (the bundled late-delivery call).
            q.contains("Not attempted yet") || q.contains("Not played yet")
        }),
        "{empty}"
    );

    // A file that is not a progress file is refused, and nothing changes.
    let bad = browser.downloads().join("notes.txt");
    std::fs::write(&bad, "these are my notes").expect("write a bad file");
    let import = control_labelled(c, "Import progress from a file").await;
    import
        .send_keys(&bad.display().to_string())
        .await
        .expect("choose a file");
    expect_page_says(
        c,
        "“notes.txt” was not imported: it is not valid JSON. Nothing was changed.",
    )
    .await;
    expect_progress_text(c, WHOLE, &progress_text(0, course.units())).await;

    // Import the export: everything is back.
    let import = control_labelled(c, "Import progress from a file").await;
    import
        .send_keys(&file.display().to_string())
        .await
        .expect("choose the exported file");
    expect_page_says(
        c,
        &format!("Imported “{name}”: {units_done} items updated."),
    )
    .await;
    expect_progress_text(c, WHOLE, &done_text).await;
    assert_eq!(progress_page_state(c).await, before);
    reload(c).await;
    assert_eq!(progress_page_state(c).await, before);
    open(c, &format!("{base}/{LESSON}")).await;
    expect_ticked(c, &checks[0], true).await;
    expect_ticked(c, &checks[1], false).await;
    expect_ticked(c, &checks[2], true).await;
    expect_ticked(c, COMPLETE, true).await;

    expect_clean_logs(c, "while exporting, resetting and importing").await;
    browser.close().await;
}

async fn set_saved(c: &Client, value: &str) {
    c.execute(
        "localStorage.setItem(arguments[0], arguments[1])",
        vec![json!(STORAGE_KEY), json!(value)],
    )
    .await
    .expect("write localStorage");
}

async fn saved(c: &Client) -> Value {
    c.execute(
        "const out = {}; for (let i = 0; i < localStorage.length; i++) { const k = localStorage.key(i); out[k] = localStorage.getItem(k); } return out;",
        vec![],
    )
    .await
    .expect("read localStorage")
}

/// The copies of damaged data the page set aside (`syllabus:<site>:corrupt:<time>`).
async fn set_aside(c: &Client) -> Vec<String> {
    let all = saved(c).await;
    let mut copies: Vec<String> = all
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| k.starts_with(&format!("{STORAGE_KEY}:corrupt:")))
        .map(|(_, v)| v.as_str().unwrap().to_string())
        .collect();
    copies.sort();
    copies
}

/// The page still works: the bar shows the state, a tick is saved and survives a reload.
async fn still_works(c: &Client, check: &str, bar_text: &str, after_tick: &str) {
    let bar = "Progress in this lesson";
    expect_progress_text(c, bar, bar_text).await;
    click_label(c, check).await;
    expect_progress_text(c, bar, after_tick).await;
    reload(c).await;
    expect_ticked(c, check, true).await;
    expect_progress_text(c, bar, after_tick).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn damaged_saved_progress_is_recovered_and_reported() {
    let course = Course::bundled();
    let checks = course.checks(LESSON);
    let units = course.item(LESSON).1.units();
    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    let lesson = format!("{base}/{LESSON}");

    // 1. One damaged record among good ones: the good ones are kept, and the page says how many.
    open(c, &lesson).await;
    click_label(c, &checks[0]).await;
    click_label(c, &checks[1]).await;
    expect_progress_text(c, "Progress in this lesson", &progress_text(2, units)).await;
    let good = saved(c).await[STORAGE_KEY].as_str().unwrap().to_string();
    let mut damaged: Value = serde_json::from_str(&good).unwrap();
    damaged["units"]["lesson:human-selling/cogs"] = json!("yes");
    let damaged = damaged.to_string();
    set_saved(c, &damaged).await;
    reload(c).await;
    expect_page_says(
        c,
        "Some of your saved progress could not be read: 2 items were recovered, and 1 damaged item was reset. A copy of the old data was kept in this browser.",
    )
    .await;
    expect_ticked(c, &checks[0], true).await;
    expect_ticked(c, &checks[1], true).await;
    expect_ticked(c, COMPLETE, false).await;
    assert_eq!(set_aside(c).await, std::slice::from_ref(&damaged));
    still_works(
        c,
        &checks[2],
        &progress_text(2, units),
        &progress_text(3, units),
    )
    .await;
    // Told once: the repaired data reads cleanly now.
    let text = page_text(c).await.unwrap();
    assert!(
        !text.contains("could not be read"),
        "the notice came back: {text}"
    );

    // 2. Not JSON at all: nothing to recover, the page starts afresh and says why.
    set_saved(c, "{\"version\": 1, \"units\": {oops").await;
    reload(c).await;
    expect_page_says(
        c,
        "Your saved progress in this browser could not be read (it is not valid JSON), so nothing could be recovered and it was reset. A copy of the old data was kept in this browser.",
    )
    .await;
    still_works(
        c,
        &checks[0],
        &progress_text(0, units),
        &progress_text(1, units),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(5)).await; // copies are keyed by the millisecond

    // 3. An older format (no version number, a list of done units): the same, on the progress page.
    let older =
        json!({ "site": "service-to-sales", "done": ["lesson:human-selling/cogs"] }).to_string();
    set_saved(c, &older).await;
    open(c, &format!("{base}/progress.html")).await;
    expect_page_says(
        c,
        "Your saved progress in this browser could not be read (it is in an older format, without a version number), so nothing could be recovered and it was reset.",
    )
    .await;
    expect_progress_text(c, WHOLE, &progress_text(0, course.units())).await;
    let copies = set_aside(c).await;
    assert_eq!(copies.len(), 3, "every damaged value is kept: {copies:?}");
    assert!(copies.contains(&older), "{copies:?}");
    open(c, &lesson).await;
    still_works(
        c,
        &checks[3],
        &progress_text(0, units),
        &progress_text(1, units),
    )
    .await;

    expect_clean_logs(c, "with damaged saved progress").await;
    browser.close().await;
}
