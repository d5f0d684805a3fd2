//! The manager's report (`syllabus report`, issue 15) in the browser: exports of two learners of
//! the bundled course (and files the report leaves out) made into a report, whose page is
//! opened from `file://`: the learners' table read by its roles, sorted with the keyboard, on a
//! phone, and judged by axe-core and the Nu HTML Checker like the site's pages.

use std::path::{Path, PathBuf};
use std::process::Command;

use fantoccini::Client;
use fantoccini::key::Key;
use serde_json::{Value, json};

use crate::accessibility::expect_axe_clean;
use crate::harness::{Browser, CourseCopy, Setup, file_url};
use crate::page::*;
use crate::validity::vnu_jar;

/// The lessons' and quizzes' unit keys of the progress page's lists, in course order: from the
/// progress map's items (`assets/progress-items/<i>.js`, issue 19), which the page builds them from.
fn unit_keys(out: &Path) -> (Vec<String>, Vec<String>) {
    let modules: Vec<Vec<Value>> = (0..)
        .map_while(|i| {
            std::fs::read_to_string(out.join(format!("assets/progress-items/{i}.js"))).ok()
        })
        .map(|js| {
            let json = &js[js.find(" = [").unwrap() + 3..js.rfind(']').unwrap() + 1];
            serde_json::from_str(json).unwrap()
        })
        .collect();
    let (mut lessons, mut quizzes) = (Vec::new(), Vec::new());
    for item in modules.iter().flatten() {
        match item["kind"].as_str() {
            Some("lesson") => lessons.push(format!("lesson:{}", item["lesson"].as_str().unwrap())),
            Some("quiz") => quizzes.push(item["result"].as_str().unwrap().to_owned()),
            _ => {}
        }
    }
    (lessons, quizzes)
}

/// The course built, and a report of Ann (three lessons, the quiz passed with stored answers that
/// do not give its score), Bo (one lesson, an old export without answers), a corrupt file, another
/// course's file and an older duplicate of Ann: the report's folder.
fn make_report(course: &CourseCopy, work: &Path) -> PathBuf {
    course.build();
    let (lessons, quiz) = unit_keys(course.out());
    assert!(
        lessons.len() >= 3 && !quiz.is_empty(),
        "{lessons:?} {quiz:?}"
    );
    let at = 1_733_356_800_000_u64;
    let mut ann = serde_json::Map::new();
    for (i, l) in lessons.iter().take(3).enumerate() {
        ann.insert(l.clone(), json!({ "done": true, "at": at + i as u64 }));
    }
    ann.insert(
        quiz[0].clone(),
        json!({ "done": true, "best": 100, "attempts": 1, "at": at + 9,
        "answers": { "q1": ["zz"] }, "rev": "0123456789abcdef" }),
    );
    let exports = work.join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    let site = "service-to-sales";
    let files = [
        (
            "ann.json",
            json!({ "version": 2, "site": site, "exported_at": "2026-12-05T01:07:44.000Z",
            "learner": { "name": "Ann Lee", "at": 1 }, "units": ann }),
        ),
        (
            "ann-old.json",
            json!({ "version": 2, "site": site, "exported_at": "2026-11-05T01:07:44.000Z",
            "learner": { "name": "ann lee", "at": 1 }, "units": {} }),
        ),
        (
            "bo.json",
            json!({ "version": 2, "site": site, "learner": { "name": "Bo <Chen>", "at": 1 },
            "units": { lessons[0].clone(): { "done": true, "at": at + 100 },
                       quiz[0].clone(): { "done": false, "best": 40, "attempts": 3, "at": at + 200,
                                          "answers": {}, "rev": "" } } }),
        ),
        (
            "other.json",
            json!({ "version": 2, "site": "another-course", "units": {} }),
        ),
    ];
    for (name, value) in files {
        std::fs::write(exports.join(name), value.to_string()).unwrap();
    }
    std::fs::write(exports.join("corrupt.json"), "{\"version\": 2,").unwrap();
    let out = work.join("report");
    let run = Command::new(env!("CARGO_BIN_EXE_syllabus"))
        .arg("report")
        .arg("--root")
        .arg(course.root())
        .arg("--output")
        .arg(&out)
        .arg(&exports)
        .output()
        .expect("run syllabus report");
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "files were left out:\n{err}");
    for file in ["corrupt.json", "other.json", "ann-old.json"] {
        assert!(
            err.contains(&format!("{file}: skipped: ")),
            "{file}:\n{err}"
        );
    }
    assert!(out.join("index.html").is_file() && out.join("progress.csv").is_file());
    out
}

/// The learners' names in the table's rows, top to bottom.
async fn names(c: &Client) -> Vec<String> {
    let v = evaluate(
        c,
        "return [...document.querySelectorAll('table[data-sortable] tbody th[scope=row] a')].map(a => a.textContent)",
    )
    .await;
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

async fn sort_state(c: &Client, column: &str) -> Value {
    let th = find(
        c,
        column,
        &format!(
            "//table/thead//th[@scope='col'][button[normalize-space()={}]]",
            xpath_literal(column)
        ),
    )
    .await;
    json!(th.attr("aria-sort").await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_reads_by_roles_sorts_by_keyboard_and_passes_the_judges() {
    let course = CourseCopy::new();
    let work = tempfile::tempdir().unwrap();
    let dir = make_report(&course, work.path());
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &file_url(&dir, "index.html")).await;
    expect_heading(c, "Progress report: From Service to Sales").await;

    // The table, by its caption; a row per learner, named by a link to their detail.
    find(
        c,
        "the learners' table",
        "//table[caption[normalize-space()='Learners']]",
    )
    .await;
    assert_eq!(names(c).await, ["Ann Lee", "Bo <Chen>"]);
    assert_eq!(sort_state(c, "Learner").await, json!("ascending"));
    let detail = evaluate(
        c,
        "return document.getElementById('learner-2').querySelector('h3').textContent",
    )
    .await;
    assert_eq!(detail, json!("Bo <Chen>"));
    let text = page_text(c).await.unwrap();
    assert!(
        text.contains("answers to grade again"),
        "Bo's old score is flagged"
    );
    assert!(text.contains("stored as 100%"), "Ann's score is flagged");

    // Sort by the overall percent with the keyboard: Bo (less done) first, then the other way.
    tab_to(c, "Overall").await;
    press(c, Key::Enter).await;
    assert_eq!(names(c).await, ["Bo <Chen>", "Ann Lee"]);
    assert_eq!(sort_state(c, "Overall").await, json!("ascending"));
    assert_eq!(sort_state(c, "Learner").await, Value::Null);
    press(c, ' ').await;
    assert_eq!(names(c).await, ["Ann Lee", "Bo <Chen>"]);
    assert_eq!(sort_state(c, "Overall").await, json!("descending"));

    // A learner's link leads to their detail.
    click_link(c, "Bo <Chen>").await;
    let hash = evaluate(c, "return location.hash").await;
    assert_eq!(hash, json!("#learner-2"));

    // axe-core, light with every rule set and dark for contrast; nothing requested from anywhere.
    expect_axe_clean(c, "the report", true).await;
    let requests = evaluate(
        c,
        "return performance.getEntriesByType('resource').map(r => r.name)",
    )
    .await;
    assert_eq!(requests, json!([]), "the report loads nothing");
    expect_clean_logs(c, "on the report").await;
    browser.close().await;

    // On a phone the page does not scroll sideways; the table's own box does.
    let phone = Browser::launch_with(Setup { phone: true }).await;
    let c = &phone.client;
    open(c, &file_url(&dir, "index.html")).await;
    let widths = evaluate(
        c,
        "const s = document.querySelector('.scroll'); return [document.documentElement.scrollWidth <= window.innerWidth, s.scrollWidth >= s.clientWidth]",
    )
    .await;
    assert_eq!(widths, json!([true, true]));
    phone.close().await;

    // The Nu HTML Checker on the page.
    let out = Command::new("java")
        .arg("-jar")
        .arg(vnu_jar())
        .args(["--errors-only", "--format", "gnu"])
        .arg(dir.join("index.html"))
        .output()
        .expect("run the Nu HTML Checker with java");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.trim().is_empty(),
        "the Nu HTML Checker on the report:\n{stderr}"
    );
}
