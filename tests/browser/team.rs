//! Team records without an LMS (issue 15), end to end as two learners and their manager would
//! use them: each types a name, ticks, takes a quiz and exports; `syllabus report` reads those
//! files with a corrupt one, another course's and a duplicate; the author marks a lesson
//! `updated:` and rebuilds, and the learner who completed it sees so on the page, in the sidebar
//! and on the progress page, and confirms it again, while the next report marks the row stale.
//! And a learner who finishes everything gets a certificate with their name, on one printed page.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use fantoccini::Client;
use fantoccini::key::Key;
use serde_json::{Value, json};

use crate::accessibility::expect_axe_clean;
use crate::course::{Course, Kind};
use crate::harness::{Browser, BuiltSite, CourseCopy, serve};
use crate::page::*;
use crate::quizzes;
use crate::validity::vnu_jar;

const ANN_LESSON: &str = "human-selling/cogs.html";
const BO_LESSON: &str = "human-selling/caring.html";
const UPDATED: &str = "Updated since you completed it";

async fn type_name(c: &Client, name: &str) {
    let field = control_labelled(c, "Your name").await;
    field.clear().await.expect("clear the name");
    field.send_keys(name).await.expect("type the name");
    press(c, Key::Tab).await;
}

/// Marks the open lesson complete.
async fn complete_lesson(c: &Client) {
    click_label(c, "Mark this lesson complete").await;
    expect_ticked(c, "Mark this lesson complete", true).await;
}

/// Exports from the progress page and returns the file's text.
async fn export(browser: &Browser, base: &str) -> String {
    let c = &browser.client;
    open(c, &format!("{base}/progress.html")).await;
    click_button(c, "Export my progress").await;
    let file = downloaded_file(&browser.downloads()).await;
    std::fs::read_to_string(&file).expect("read the export")
}

/// Runs `syllabus report` on `exports` for the course in `root`; its exit code and stderr.
fn report(root: &Path, exports: &Path, out: &Path) -> (Option<i32>, String) {
    let run = Command::new(env!("CARGO_BIN_EXE_syllabus"))
        .arg("report")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(out)
        .arg(exports)
        .output()
        .expect("run syllabus report");
    (
        run.status.code(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
    )
}

/// The report's CSV rows, each a map from column to value, keyed by learner and unit key.
fn csv_rows(out: &Path) -> BTreeMap<(String, String), BTreeMap<String, String>> {
    let text = std::fs::read_to_string(out.join("progress.csv")).expect("the CSV");
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    let mut lines = text.split("\r\n").filter(|l| !l.is_empty());
    // Every field is quoted, and none of this course's titles or these names holds a quote
    // or a comma followed by a quote, so splitting on `","` reads them back.
    let fields = |l: &str| -> Vec<String> {
        let l = l
            .strip_prefix('"')
            .and_then(|l| l.strip_suffix('"'))
            .unwrap_or(l);
        l.split("\",\"").map(str::to_owned).collect()
    };
    let header = fields(lines.next().expect("a header"));
    lines
        .map(|l| {
            let row: BTreeMap<String, String> = header.iter().cloned().zip(fields(l)).collect();
            ((row["learner"].clone(), row["unit key"].clone()), row)
        })
        .collect()
}

fn cell<'a>(
    rows: &'a BTreeMap<(String, String), BTreeMap<String, String>>,
    learner: &str,
    key: &str,
    column: &str,
) -> &'a str {
    let row = rows
        .get(&(learner.to_owned(), key.to_owned()))
        .unwrap_or_else(|| panic!("no row for {learner} and {key}"));
    &row[column]
}

/// The current time in UTC as RFC 3339 to the second, from the browser's clock (the one the
/// learner's completions were stamped with).
async fn now_utc(c: &Client) -> String {
    let v = evaluate(c, "return new Date().toISOString().slice(0, 19) + 'Z'").await;
    v.as_str().expect("a time").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_learners_export_their_manager_reports_and_an_update_is_marked_until_confirmed() {
    let course = Course::bundled();
    let quiz = course.quiz(quizzes::QUIZ);
    let copy = CourseCopy::new();
    copy.build();
    let base = serve(copy.out()).await;
    let work = tempfile::tempdir().expect("temporary folder");
    let exports = work.path().join("exports");
    std::fs::create_dir_all(&exports).unwrap();

    // Ann: her name, a lesson complete with one practice item, the quiz failed then passed.
    let ann = Browser::launch().await;
    let a = &ann.client;
    open(a, &format!("{base}/progress.html")).await;
    type_name(a, "Ann Lee").await;
    open(a, &format!("{base}/{ANN_LESSON}")).await;
    let practice = &course.checks(ANN_LESSON)[0];
    click_label(a, practice).await;
    expect_ticked(a, practice, true).await;
    complete_lesson(a).await;
    open(a, &format!("{base}/{}", quizzes::QUIZ)).await;
    quizzes::fail(a, quiz).await;
    click_button(a, "Try again").await;
    quizzes::pass(a, quiz).await;
    let ann_export = export(&ann, &base).await;
    std::fs::write(exports.join("ann.json"), &ann_export).unwrap();

    // Bo, in his own browser: another lesson, the quiz failed.
    let bo = Browser::launch().await;
    let b = &bo.client;
    open(b, &format!("{base}/progress.html")).await;
    type_name(b, "Bo Chen").await;
    open(b, &format!("{base}/{BO_LESSON}")).await;
    complete_lesson(b).await;
    open(b, &format!("{base}/{}", quizzes::QUIZ)).await;
    quizzes::fail(b, quiz).await;
    std::fs::write(exports.join("bo.json"), export(&bo, &base).await).unwrap();
    expect_clean_logs(b, "Bo's progress and export").await;
    bo.close().await;

    // What the manager collected besides: a damaged file, another course's, and an older
    // export of Ann's.
    std::fs::write(
        exports.join("damaged.json"),
        &ann_export[..ann_export.len() / 2],
    )
    .unwrap();
    let mut other: Value = serde_json::from_str(&ann_export).unwrap();
    other["site"] = json!("another-course");
    std::fs::write(exports.join("other-course.json"), other.to_string()).unwrap();
    let mut older: Value = serde_json::from_str(&ann_export).unwrap();
    older["exported_at"] = json!("2020-01-01T00:00:00.000Z");
    std::fs::write(exports.join("ann-older.json"), older.to_string()).unwrap();

    let out = work.path().join("report");
    let (code, err) = report(copy.root(), &exports, &out);
    assert_eq!(code, Some(1), "files were left out:\n{err}");
    for (file, why) in [
        ("damaged.json", "not JSON"),
        ("other-course.json", "from another course"),
        ("ann-older.json", "an older export of the same learner"),
    ] {
        assert!(
            err.lines()
                .any(|l| l.contains(&format!("{file}: skipped: {why}"))),
            "{file}:\n{err}"
        );
    }
    let rows = csv_rows(&out);
    let ann_lesson = "lesson:human-selling/cogs";
    let quiz_key = "quiz:human-selling/check";
    assert_eq!(cell(&rows, "Ann Lee", ann_lesson, "done"), "yes");
    assert_eq!(cell(&rows, "Ann Lee", ann_lesson, "stale"), "no");
    assert_eq!(cell(&rows, "Ann Lee", quiz_key, "passed"), "yes");
    assert_eq!(cell(&rows, "Ann Lee", quiz_key, "score"), "100");
    assert_eq!(cell(&rows, "Ann Lee", quiz_key, "score flag"), "");
    assert_eq!(
        cell(&rows, "Bo Chen", "lesson:human-selling/caring", "done"),
        "yes"
    );
    assert_eq!(cell(&rows, "Bo Chen", ann_lesson, "done"), "no");
    assert_eq!(cell(&rows, "Bo Chen", quiz_key, "passed"), "no");
    let bo_score: u32 = cell(&rows, "Bo Chen", quiz_key, "score").parse().unwrap();
    assert!(bo_score < quiz.pass_mark.unwrap(), "{bo_score}");
    let ticked = rows
        .iter()
        .filter(|((l, k), r)| l == "Ann Lee" && k.starts_with("check:") && r["done"] == "yes")
        .count();
    assert_eq!(ticked, 1, "Ann's one practice item");
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains(">Ann Lee</a>") && html.contains(">Bo Chen</a>"));
    assert!(!html.contains("completion older than an update"));

    // The author marks Ann's lesson updated, now (after her completion), and rebuilds.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let when = now_utc(a).await;
    let lesson_file = &course.item(ANN_LESSON).1.file;
    let text = copy.read(lesson_file);
    copy.write(
        lesson_file,
        &text.replacen("---\n", &format!("---\nupdated: {when}\n"), 1),
    );
    copy.build();
    let title = course.item(ANN_LESSON).1.title.clone();

    // Ann sees it on the lesson, in the sidebar and on the progress page.
    open(a, &format!("{base}/{ANN_LESSON}")).await;
    expect_page_says(a, "This lesson was updated on").await;
    eventually(
        "the sidebar marks the lesson updated",
        async || sidebar_status(a, &title).await,
        |s| s == UPDATED,
    )
    .await;
    expect_axe_clean(a, "the lesson with its update note", false).await;
    open(a, &format!("{base}/progress.html")).await;
    expect_item_text(a, &title, UPDATED).await;
    expect_page_says(
        a,
        "1 lesson, quiz or conversation was updated since you completed it",
    )
    .await;
    expect_axe_clean(a, "the progress page with an update", false).await;
    // The pages of a course with `updated:` are valid HTML too.
    let nu = Command::new("java")
        .arg("-jar")
        .arg(vnu_jar())
        .args(["--errors-only", "--format", "gnu"])
        .arg(copy.out().join(ANN_LESSON))
        .arg(copy.out().join("progress.html"))
        .output()
        .expect("run the Nu HTML Checker with java");
    let stderr = String::from_utf8_lossy(&nu.stderr);
    assert!(
        nu.status.success() && stderr.trim().is_empty(),
        "the Nu HTML Checker on the updated lesson and the progress page:\n{stderr}"
    );

    // The manager's next report, from the same exports, marks Ann's completion stale.
    let (code, err) = report(copy.root(), &exports, &out);
    assert_eq!(code, Some(1), "{err}");
    let rows = csv_rows(&out);
    assert_eq!(cell(&rows, "Ann Lee", ann_lesson, "stale"), "yes");
    assert_eq!(cell(&rows, "Ann Lee", quiz_key, "stale"), "no");
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        html.contains("1 completion older than an update"),
        "Ann's row"
    );

    // Ann reviews the lesson and confirms it: the lesson is done again, as of now.
    open(a, &format!("{base}/{ANN_LESSON}")).await;
    click_button(a, "I have reviewed the update").await;
    expect_page_says(a, "this lesson counts as complete again").await;
    let note_hidden = evaluate(
        a,
        "return document.querySelector('[data-updated-note]').hidden",
    )
    .await;
    assert_eq!(note_hidden, json!(true));
    assert_eq!(focused(a).await["name"], "Mark this lesson complete");
    // (In progress, not done: three of its practice items are still to do.)
    eventually(
        "the sidebar no longer marks it updated",
        async || sidebar_status(a, &title).await,
        |s| s == "In progress",
    )
    .await;
    open(a, &format!("{base}/progress.html")).await;
    expect_page_says(a, "Lesson complete").await;
    let hidden = evaluate(
        a,
        "return [...document.querySelectorAll('[data-updated-note], [data-updated-summary]')].map(e => e.hidden)",
    )
    .await;
    assert_eq!(hidden, json!([true, true]), "no note, no summary");

    // Her new export reports the lesson as current.
    std::fs::remove_file(exports.join("ann.json")).unwrap();
    for f in std::fs::read_dir(ann.downloads()).unwrap() {
        std::fs::remove_file(f.unwrap().path()).unwrap();
    }
    std::fs::write(exports.join("ann.json"), export(&ann, &base).await).unwrap();
    report(copy.root(), &exports, &out);
    let rows = csv_rows(&out);
    assert_eq!(cell(&rows, "Ann Lee", ann_lesson, "stale"), "no");
    expect_clean_logs(a, "Ann's progress, the update and her confirmation").await;
    ann.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_learner_who_finishes_everything_gets_a_certificate_with_their_name_on_one_page() {
    let course = Course::bundled();
    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;

    // Before: the certificate page says what is needed, the progress page offers nothing.
    open(c, &format!("{base}/certificate.html")).await;
    expect_page_says(
        c,
        "Your certificate is ready when you have completed every lesson",
    )
    .await;
    open(c, &format!("{base}/progress.html")).await;
    type_name(c, "Ann Lee").await;

    // Every lesson marked complete on the progress page, every quiz passed on its page.
    let lessons = evaluate(
        c,
        "return [...document.querySelectorAll('input[data-unit^=\"lesson:\"]')].map(i => i.id)",
    )
    .await;
    let lessons: Vec<String> = serde_json::from_value(lessons).unwrap();
    assert_eq!(lessons.len(), 16, "the bundled course's lessons");
    let quizzes: Vec<&str> = course
        .modules
        .iter()
        .flat_map(|m| &m.items)
        .filter(|i| matches!(i.kind, Kind::Quiz(_)))
        .map(|i| i.url.as_str())
        .collect();
    let (last, first) = quizzes.split_last().unwrap();
    for id in &lessons {
        let box_ = find(c, id, &format!("//input[@id='{id}']")).await;
        click(c, &box_, id).await;
    }
    for url in first {
        open(c, &format!("{base}/{url}")).await;
        quizzes::pass(c, course.quiz(url)).await;
    }
    open(c, &format!("{base}/progress.html")).await;
    let offer = "You have completed the whole course.";
    assert!(!page_text(c).await.unwrap().contains(offer), "not yet");
    open(c, &format!("{base}/{last}")).await;
    quizzes::fail(c, course.quiz(last)).await;
    click_button(c, "Try again").await;
    quizzes::pass(c, course.quiz(last)).await;

    open(c, &format!("{base}/progress.html")).await;
    expect_page_says(c, offer).await;
    click_link(c, "See your certificate").await;
    let text = expect_page_says(c, "This certifies that").await;
    for want in [
        "Ann Lee",
        &course.title,
        "completed this course on",
        "This is a self-reported record",
    ] {
        assert!(text.contains(want), "{want:?} in: {text}");
    }
    for m in &course.modules {
        assert!(text.contains(&m.title), "{}", m.title);
    }
    let scores = evaluate(
        c,
        "return [...document.querySelectorAll('[data-quiz-best]')].map(e => e.textContent)",
    )
    .await;
    assert_eq!(scores, json!(["100%", "100%", "100%", "100%"]));
    let date = evaluate(
        c,
        "const t = document.querySelector('[data-certificate-date] time'); const d = new Date(); \
         return [t.getAttribute('datetime'), d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0')]",
    )
    .await;
    assert_eq!(date[0], date[1], "completed today");

    // Judged like the site's pages, light and dark.
    expect_axe_clean(c, "the certificate", true).await;

    // It prints on one page, A4 and Letter, with the name on it.
    for (name, pages) in printed_pages(c).await {
        assert_eq!(pages, 1, "{name}: one page");
    }

    // On a phone-sized window the page does not scroll sideways.
    c.set_window_size(390, 844)
        .await
        .expect("resize the window");
    let fits = evaluate(
        c,
        "return document.documentElement.scrollWidth <= window.innerWidth",
    )
    .await;
    assert_eq!(fits, json!(true), "the certificate fits a phone's width");

    // Without a name there is no certificate, and the page says why.
    open(c, &format!("{base}/progress.html")).await;
    type_name(c, "").await;
    open(c, &format!("{base}/certificate.html")).await;
    expect_page_says(c, "Type your name on your progress page").await;
    expect_clean_logs(c, "finishing the course and its certificate").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pass_before_the_quiz_was_updated_counts_again_only_when_passed_again() {
    let course = Course::bundled();
    let quiz = course.quiz(quizzes::QUIZ);
    let copy = CourseCopy::new();
    copy.build();
    let base = serve(copy.out()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &format!("{base}/{}", quizzes::QUIZ)).await;
    quizzes::pass(c, quiz).await;

    std::thread::sleep(std::time::Duration::from_millis(1100));
    let when = now_utc(c).await;
    let file = &course.item(quizzes::QUIZ).1.file;
    copy.write(file, &format!("updated: {when}\n{}", copy.read(file)));
    copy.build();
    // The sidebar says "Quiz: " before a quiz's title.
    let title = format!("Quiz: {}", course.item(quizzes::QUIZ).1.title);

    open(c, &format!("{base}/{}", quizzes::QUIZ)).await;
    expect_page_says(c, "This quiz was updated on").await;
    eventually(
        "the sidebar marks the quiz updated",
        async || sidebar_status(c, &title).await,
        |s| s == UPDATED,
    )
    .await;
    // A failed attempt on the updated quiz: the old pass no longer counts.
    quizzes::fail(c, quiz).await;
    eventually(
        "the sidebar says the quiz is not passed",
        async || sidebar_status(c, &title).await,
        |s| s == "In progress",
    )
    .await;
    let record = evaluate(
        c,
        "return JSON.parse(localStorage.getItem('syllabus:service-to-sales')).units['quiz:human-selling/check']",
    )
    .await;
    assert_eq!(
        (&record["done"], &record["best"], &record["attempts"]),
        (&json!(false), &json!(100), &json!(2)),
        "{record}"
    );
    // Passed again: done, and the note is gone.
    click_button(c, "Try again").await;
    quizzes::pass(c, quiz).await;
    eventually(
        "the sidebar says done",
        async || sidebar_status(c, &title).await,
        |s| s == "Done",
    )
    .await;
    let hidden = evaluate(
        c,
        "return document.querySelector('[data-updated-note]').hidden",
    )
    .await;
    assert_eq!(hidden, json!(true));
    expect_clean_logs(c, "an updated quiz taken again").await;
    browser.close().await;
}

/// A course of `modules` modules, each with two lessons and a quiz, with titles as long as the
/// bundled course's, in a temporary folder.
fn course_of_modules(modules: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path();
    std::fs::write(
        root.join("site.toml"),
        "title = \"A long course\"\nid = \"long\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(
        root.join("content/_index.md"),
        "---\ntitle: A long course for the whole sales team\n---\nWelcome.\n",
    )
    .unwrap();
    for m in 1..=modules {
        let dir = root.join(format!("content/{m:02}-module-{m}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("_index.md"),
            format!("---\ntitle: \"Module {m}: working with support colleagues\"\n---\n"),
        )
        .unwrap();
        for l in 1..=2 {
            std::fs::write(
                dir.join(format!("0{l}-lesson-{l}.md")),
                format!("---\ntitle: Lesson {l} of module {m}\n---\nText.\n"),
            )
            .unwrap();
        }
        std::fs::write(
            dir.join("09-check.quiz.yaml"),
            format!(
                "title: \"Check your understanding: module {m}\"\nquestions:\n  - type: true_false\n    prompt: Yes?\n    answer: true\n    feedback_true: Yes.\n    feedback_false: No.\n"
            ),
        )
        .unwrap();
    }
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_certificate_of_a_fifty_module_course_still_prints_on_one_page() {
    let course = course_of_modules(50);
    let out = course.path().join("site");
    crate::harness::build_course(course.path(), &out);
    let base = serve(&out).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    // The learner's finished progress, as the browser would have stored it, from the progress
    // map's units (the map comes once the page has loaded: js/maps.js).
    open(c, &format!("{base}/progress.html")).await;
    wait_for_progress_map(c).await;
    evaluate(
        c,
        "const keys = Syllabus.view.units(document.querySelector('[data-certificate-offer]').getAttribute('data-certificate-offer'))\
           .filter(k => k.startsWith('lesson:') || k.startsWith('quiz:'));\
         const v = { version: 2, site: 'long', learner: { name: 'Maximiliana Alexandra Featherstonehaugh', at: Date.now() }, units: {} };\
         for (const k of keys) v.units[k] = k.startsWith('quiz:')\
           ? { done: true, best: 100, attempts: 1, at: Date.now(), answers: {}, rev: '' } : { done: true, at: Date.now() };\
         localStorage.setItem('syllabus:long', JSON.stringify(v)); return keys.length",
    )
    .await;
    open(c, &format!("{base}/certificate.html")).await;
    expect_page_says(c, "Maximiliana Alexandra Featherstonehaugh").await;
    expect_page_says(c, "Module 50: working with support colleagues").await;
    for (name, pages) in printed_pages(c).await {
        assert_eq!(pages, 1, "{name}: 50 modules on one page");
    }
    expect_clean_logs(c, "a long course's certificate").await;
    browser.close().await;
}
