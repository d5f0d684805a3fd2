//! The theme's script against the progress model's shared fixtures (`tests/fixtures/progress/`),
//! the same files tests/it/progress.rs holds the Rust side (`src/progress/`) to: every unit key,
//! stored value, merge and graded attempt is passed into a page of the built course and run
//! through `Syllabus.core` (js/core.js), and its answer must be the fixture's. And a value of
//! today's stored format (version 2), put in the browser's storage, loads, shows and is written
//! back unchanged; a value of version 1 loads, shows and is written back migrated.

use fantoccini::Client;
use serde_json::{Value, json};

use crate::course::{Course, progress_text};
use crate::harness::{Browser, BuiltSite, serve};
use crate::page::*;

const STORAGE_KEY: &str = "syllabus:service-to-sales";

fn fixture(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/progress")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
}

fn cases<'a>(f: &'a Value, key: &str) -> &'a Vec<Value> {
    f[key].as_array().unwrap_or_else(|| panic!("no list {key}"))
}

/// A browser on the built course's home page, where the theme's scripts have run.
async fn page_with_scripts() -> (BuiltSite, Browser) {
    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch().await;
    open(&browser.client, &format!("{base}/index.html")).await;
    (site, browser)
}

/// Runs `body` (a function body that reads `arguments` and returns a value) in the page.
async fn run(c: &Client, body: &str, args: Vec<Value>) -> Value {
    c.execute(body, args.clone())
        .await
        .unwrap_or_else(|e| panic!("run {body} with {args:?}: {e}"))
}

/// Calls `Syllabus.core.<name>(args…)` in the page and returns its answer.
async fn core(c: &Client, name: &str, args: Vec<Value>) -> Value {
    run(
        c,
        &format!("return Syllabus.core.{name}(...arguments)"),
        args,
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_script_writes_and_reads_unit_keys_as_the_fixture_says() {
    let (_site, browser) = page_with_scripts().await;
    let c = &browser.client;
    let f = fixture("keys.json");
    for case in cases(&f, "units") {
        let key = &case["key"];
        let mut unit = case.clone();
        unit.as_object_mut().unwrap().remove("key");
        let written = core(c, "unitKey", vec![unit.clone()]).await;
        assert_eq!(&written, key, "{unit} is written");
        let read = core(c, "parseUnit", vec![key.clone()]).await;
        assert_eq!(read, unit, "{key} is read");
    }
    for bad in cases(&f, "not_units") {
        let read = core(c, "parseUnit", vec![bad.clone()]).await;
        assert_eq!(read, Value::Null, "{bad} is no unit key");
    }
    for case in cases(&f, "checks") {
        let (token, lesson, count) = (&case["token"], &case["lesson"], &case["count"]);
        let args = vec![lesson.clone(), count.clone()];
        let written = core(c, "checksToken", args).await;
        assert_eq!(&written, token);
        let read = core(c, "parseChecks", vec![token.clone()]).await;
        assert_eq!(read, json!({ "lesson": lesson, "count": count }), "{token}");
    }
    for bad in cases(&f, "not_checks") {
        let read = core(c, "parseChecks", vec![bad.clone()]).await;
        assert_eq!(read, Value::Null, "{bad} is no checks token");
    }
    for case in cases(&f, "summaries") {
        let args = vec![case["lesson"].clone(), case["checks"].clone()];
        let units = core(c, "lessonSummary", args).await;
        assert_eq!(units, case["units"], "{case}");
    }
    for case in cases(&f, "maps") {
        let (token, module) = (&case["token"], &case["module"]);
        let written = core(c, "mapToken", vec![module.clone()]).await;
        assert_eq!(&written, token);
        let read = core(c, "parseMap", vec![token.clone()]).await;
        assert_eq!(read, json!({ "module": module }), "{token}");
    }
    for bad in cases(&f, "not_maps") {
        let read = core(c, "parseMap", vec![bad.clone()]).await;
        assert_eq!(read, Value::Null, "{bad} is no map token");
    }
    for case in cases(&f, "expanded") {
        let args = vec![case["tokens"].clone(), case["map"].clone()];
        let units = core(c, "expandMap", args).await;
        assert_eq!(units, case["units"], "{case}");
    }
    // A module in the compact form stands for the same units in the script as in Rust.
    for case in cases(&f, "compact") {
        let units = core(c, "moduleUnits", vec![case["module"].clone()]).await;
        assert_eq!(units, case["units"], "{case}");
    }
    expect_clean_logs(c, "running the script on the key fixtures").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_script_cleans_stored_values_as_the_fixture_says() {
    let (_site, browser) = page_with_scripts().await;
    let c = &browser.client;
    let version = run(c, "return Syllabus.core.VERSION", vec![]).await;
    assert_eq!(version, json!(syllabus::progress::schema::VERSION));
    let f = fixture("stored.json");
    for case in cases(&f, "cases") {
        let (name, expected) = (&case["name"], &case["expected"]);
        let args = vec![case["value"].clone(), f["site"].clone()];
        let got = core(c, "clean", args).await;
        if expected.get("unusable").is_some() {
            assert_eq!(got["unusable"], expected["unusable"], "{name}: {got}");
            assert_eq!(got.get("stored"), None, "{name}: {got}");
        } else {
            let got = json!({ "kept": got["kept"], "lost": got["lost"], "stored": got["stored"] });
            assert_eq!(&got, expected, "{name}");
        }
    }
    expect_clean_logs(c, "running the script on the stored-value fixtures").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_script_merges_imports_as_the_fixture_says() {
    let (_site, browser) = page_with_scripts().await;
    let c = &browser.client;
    let f = fixture("merge.json");
    let merge = "const mine = arguments[0], r = Syllabus.core.merge(mine, arguments[1]);
        return { changed: r.changed, same: r.same, stored: mine };";
    for case in cases(&f, "cases") {
        let args = vec![case["mine"].clone(), case["theirs"].clone()];
        let got = run(c, merge, args).await;
        assert_eq!(got, case["expected"], "{}", case["name"]);
    }
    expect_clean_logs(c, "running the script on the merge fixtures").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_script_grades_attempts_as_the_fixture_says() {
    let (_site, browser) = page_with_scripts().await;
    let c = &browser.client;
    let f = fixture("grading.json");
    for quiz in cases(&f, "quizzes") {
        for (i, attempt) in cases(quiz, "attempts").iter().enumerate() {
            let args = vec![quiz["quiz"].clone(), attempt["answers"].clone()];
            let score = core(c, "grade", args).await;
            assert_eq!(
                score,
                attempt["score"],
                "{} attempt {}: {}",
                quiz["name"],
                i + 1,
                attempt["answers"]
            );
        }
    }
    expect_clean_logs(c, "running the script on the grading fixtures").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_script_tells_stale_records_as_the_fixture_says() {
    let (_site, browser) = page_with_scripts().await;
    let c = &browser.client;
    let f = fixture("stale.json");
    for case in cases(&f, "cases") {
        let args = vec![case["record"].clone(), case["updated"].clone()];
        let stale = core(c, "isStale", args).await;
        assert_eq!(stale, case["stale"], "{}", case["name"]);
    }
    expect_clean_logs(c, "running the script on the staleness fixtures").await;
    browser.close().await;
}

/// The saved progress, as the page left it in localStorage (`null` when there is none).
async fn saved_text(c: &Client) -> Value {
    let get = format!("return localStorage.getItem('{STORAGE_KEY}')");
    evaluate(c, &get).await
}

fn parsed(text: &Value) -> Value {
    serde_json::from_str(text.as_str().expect("progress is saved")).expect("saved progress is JSON")
}

/// What a stored value's records should make the pages show: how many units are done, and for
/// each quiz its result as the progress page words it ("Best score: 80%, passed (2 attempts)").
struct Shown {
    done: usize,
    quiz_results: Vec<String>,
}

fn shown(value: &Value) -> Shown {
    let units = value["units"].as_object().expect("the value has units");
    let done = units.values().filter(|r| r["done"] == true).count();
    let quiz_results = units
        .iter()
        .filter(|(key, _)| key.starts_with("quiz:"))
        .map(|(_, r)| {
            let passed = if r["done"] == true {
                "passed"
            } else {
                "not passed yet"
            };
            let attempts = &r["attempts"];
            let plural = if *attempts == 1 { "" } else { "s" };
            format!(
                "Best score: {}%, {passed} ({attempts} attempt{plural})",
                r["best"]
            )
        })
        .collect();
    Shown { done, quiz_results }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_value_of_version_2_loads_shows_and_is_written_back_unchanged() {
    let f = fixture("stored.json");
    assert_eq!(
        f["cases"][0]["value"]["version"], 2,
        "case 0 is today's format"
    );
    stored_value_loads_and_is_written_back(&f, 0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_value_of_version_1_loads_shows_and_is_written_back_migrated() {
    let f = fixture("stored.json");
    assert_eq!(f["cases"][1]["value"]["version"], 1, "case 1 is version 1");
    stored_value_loads_and_is_written_back(&f, 1).await;
}

/// Case `case` of the stored-value fixture, put in the browser's storage as an earlier visit
/// left it: it loads and shows, and Export and Import write it back as the fixture's cleaned
/// value (the same value for today's format, migrated for an older one).
async fn stored_value_loads_and_is_written_back(f: &Value, case: usize) {
    let course = Course::bundled();
    let value = &f["cases"][case]["value"];
    let cleaned = &f["cases"][case]["expected"]["stored"];
    assert_eq!(
        f["site"],
        json!(STORAGE_KEY.trim_start_matches("syllabus:"))
    );
    let units = value["units"].as_object().expect("the value has units");
    let want = shown(value);
    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;

    // The value in the browser's storage, as an earlier visit left it.
    open(c, &format!("{base}/index.html")).await;
    let text = value.to_string();
    c.execute(
        "localStorage.setItem(arguments[0], arguments[1])",
        vec![json!(STORAGE_KEY), json!(text)],
    )
    .await
    .expect("write localStorage");

    // It loads: the progress page counts its done units and shows each quiz's best result, and
    // reading it did not rewrite it (a key the course does not have is kept as it is).
    open(c, &format!("{base}/progress.html")).await;
    let whole = "Progress in the whole course";
    expect_progress_text(c, whole, &progress_text(want.done, course.units())).await;
    for result in &want.quiz_results {
        let page = expect_page_says(c, result).await;
        assert!(!page.contains("could not be read"), "{page}");
    }
    assert_eq!(saved_text(c).await, json!(text), "loading rewrote it");
    // Each lesson's "complete" box is ticked as its record says (a lesson's id is its URL).
    for (key, record) in units {
        if let Some(lesson) = key.strip_prefix("lesson:") {
            open(c, &format!("{base}/{lesson}.html")).await;
            let done = record["done"] == true;
            expect_ticked(c, "Mark this lesson complete", done).await;
        }
    }

    // Written back as cleaned: exported (with the export's time and the page's build), and
    // saved again by importing that same value (which changes nothing: every record is already
    // up to date).
    open(c, &format!("{base}/progress.html")).await;
    let build = evaluate(
        c,
        "return document.querySelector('[data-build]').getAttribute('data-build')",
    )
    .await;
    click_button(c, "Export my progress").await;
    let mut exported = eventually(
        "the export is downloaded",
        async || Ok(export_in(&browser.downloads())),
        Option::is_some,
    )
    .await
    .unwrap();
    let file_fields = exported.as_object_mut().unwrap();
    assert_eq!(file_fields.remove("build"), Some(build));
    let at = file_fields.remove("exported_at").expect("exported_at");
    assert!(
        syllabus::progress::schema::is_utc_time(at.as_str().unwrap()),
        "{at}"
    );
    assert_eq!(&exported, cleaned, "the export");
    let file = browser.downloads().join("stored.json");
    std::fs::write(&file, &text).expect("write the file to import");
    let import = control_labelled(c, "Import progress from a file").await;
    import
        .send_keys(&file.display().to_string())
        .await
        .expect("choose the file");
    let imported = format!(
        "Imported “stored.json”: 0 items updated, {} already up to date.",
        units.len()
    );
    expect_page_says(c, &imported).await;
    assert_eq!(&parsed(&saved_text(c).await), cleaned, "saved again");
    expect_progress_text(c, whole, &progress_text(want.done, course.units())).await;

    expect_clean_logs(c, &format!("loading stored value {case}")).await;
    browser.close().await;
}

/// The exported progress file in `dir`, parsed, once it is completely downloaded.
fn export_in(dir: &std::path::Path) -> Option<Value> {
    let file = std::fs::read_dir(dir).ok()?.find_map(|e| {
        let path = e.ok()?.path();
        let name = path.file_name()?.to_string_lossy().into_owned();
        (name.starts_with("syllabus-progress-") && name.ends_with(".json")).then_some(path)
    })?;
    serde_json::from_str(&std::fs::read_to_string(file).ok()?).ok()
}
