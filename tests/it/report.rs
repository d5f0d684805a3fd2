//! `syllabus report` (issue 15): learners' export files, as the browser writes them, read into
//! a report of the fixture course; bad files named and left out; the CSV parsed back; hostile
//! input never panics.

use std::path::PathBuf;
use std::process::Output;

use proptest::prelude::*;
use serde_json::{Value, json};

use crate::harness::SiteTest;
use crate::properties::{any_json, progress_like};

/// The fixture course's one quiz, `quiz:first/check`: q1 is single (`a` right), q2 multiple
/// (`a` and `b` right), q3 true/false (`false` right); pass mark 80.
const ALL_RIGHT: &str = r#"{ "q1": ["a"], "q2": ["a", "b"], "q3": ["false"] }"#;

/// An export file of the fixture course as the browser's Export writes it (format 2).
fn export(name: &str, exported_at: &str, units: Value) -> Value {
    json!({ "version": 2, "site": "fixture", "exported_at": exported_at, "build": "4876dd328fdd27cc",
            "learner": { "name": name, "at": 1_733_356_700_000_u64 }, "units": units })
}

/// A quiz record: its stored best score and whether it passed, with the answers of that attempt.
fn quiz(best: u32, answers: &str) -> Value {
    json!({ "done": best >= 80, "best": best, "attempts": 2, "at": 1_733_356_802_000_u64,
            "answers": serde_json::from_str::<Value>(answers).unwrap(), "rev": "dc5d1fded7ba6002" })
}

/// Ann: everything of the first module, the quiz passed with all answers right.
fn ann() -> Value {
    export(
        "Ann Lee",
        "2026-12-05T01:07:44.000Z",
        json!({
            "lesson:first/alpha": { "done": true, "at": 1_733_356_800_000_u64 },
            "check:first/alpha#call-one-customer": { "done": true, "at": 1_733_356_800_500_u64 },
            "check:first/alpha#thank": { "done": true, "at": 1_733_356_801_000_u64 },
            "lesson:first/beta": { "done": true, "at": 1_733_356_801_500_u64 },
            "quiz:first/check": quiz(100, ALL_RIGHT),
            "lesson:gone/away": { "done": true, "at": 1_733_399_999_000_u64 }
        }),
    )
}

/// Bo: one lesson, a quiz failed whose stored score (80) the answers do not give (66).
fn bo() -> Value {
    export(
        "Bo <b>Bold</b>",
        "2026-12-04T09:00:00Z",
        json!({
            "lesson:stable-gamma": { "done": true, "at": 1_733_300_000_000_u64 },
            "quiz:first/check": quiz(80, r#"{ "q1": ["a"], "q2": ["a", "b"], "q3": ["true"] }"#)
        }),
    )
}

/// A course with export files in `exports/`, by name.
fn course_with(files: &[(&str, String)]) -> SiteTest {
    files
        .iter()
        .fold(SiteTest::fixture("basic"), |site, (name, text)| {
            site.write(&format!("exports/{name}"), text)
        })
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// RFC 4180 fields, every one quoted, lines ending in CRLF (what `progress.csv` promises).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let body = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    assert!(body.ends_with("\r\n"), "the last line ends in CRLF");
    let mut rows = vec![];
    let mut row = vec![];
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let mut field = String::new();
                loop {
                    match chars.next().expect("a closing quote") {
                        '"' if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        '"' => break,
                        c => field.push(c),
                    }
                }
                row.push(field);
            }
            ',' => {}
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "CR is followed by LF");
                rows.push(std::mem::take(&mut row));
            }
            c => panic!("unquoted {c:?} in the CSV"),
        }
    }
    rows
}

/// The CSV's rows as maps from column to value.
fn csv_records(site: &SiteTest) -> Vec<std::collections::BTreeMap<String, String>> {
    let rows = parse_csv(&read(site, "report/progress.csv"));
    let header = rows[0].clone();
    rows[1..]
        .iter()
        .map(|r| {
            assert_eq!(r.len(), header.len(), "{r:?}");
            header.iter().cloned().zip(r.iter().cloned()).collect()
        })
        .collect()
}

fn read(site: &SiteTest, rel: &str) -> String {
    let p = site.root.join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn row<'a>(
    records: &'a [std::collections::BTreeMap<String, String>],
    learner: &str,
    key: &str,
) -> &'a std::collections::BTreeMap<String, String> {
    records
        .iter()
        .find(|r| r["learner"] == learner && r["unit key"] == key)
        .unwrap_or_else(|| panic!("no row for {learner} and {key}"))
}

#[test]
fn a_completion_before_its_lesson_or_quiz_was_updated_is_stale_in_both_outputs() {
    // Ann completed alpha at 2024-12-05T00:00:00Z and passed the quiz at 00:00:02; Bo's quiz
    // record (80, done) is from the same second.
    let base = SiteTest::fixture("basic");
    let alpha = read(&base, "content/01-first/01-alpha.md").replacen(
        "---\n",
        "---\nupdated: 2024-12-05T00:00:01Z\n",
        1,
    );
    let quiz_file = format!(
        "updated: 2024-12-06\n{}",
        read(&base, "content/01-first/09-check.quiz.yaml")
    );
    let site = course_with(&[
        ("ann.json", ann().to_string()),
        ("bo.json", bo().to_string()),
    ])
    .write("content/01-first/01-alpha.md", alpha)
    .write("content/01-first/09-check.quiz.yaml", quiz_file);
    let out = site.run(&["report", "exports"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let records = csv_records(&site);
    let stale = |learner: &str, key: &str| row(&records, learner, key)["stale"].clone();
    assert_eq!(stale("Ann Lee", "lesson:first/alpha"), "yes");
    assert_eq!(stale("Ann Lee", "quiz:first/check"), "yes");
    assert_eq!(stale("Bo <b>Bold</b>", "quiz:first/check"), "yes");
    // Not updated, or not done: no; a checklist item never goes stale with its lesson.
    assert_eq!(stale("Ann Lee", "lesson:first/beta"), "no");
    assert_eq!(stale("Ann Lee", "check:first/alpha#thank"), "no");
    assert_eq!(stale("Bo <b>Bold</b>", "lesson:first/alpha"), "");
    let html = read(&site, "report/index.html");
    assert!(
        html.contains("2 completions older than an update"),
        "Ann's row"
    );
    assert!(
        html.contains("1 completion older than an update"),
        "Bo's row"
    );
    assert_eq!(
        html.matches("(updated since: to be reviewed again)")
            .count(),
        3
    );
}

#[test]
fn a_bad_or_future_updated_date_is_an_error_at_its_line() {
    let base = SiteTest::fixture("basic");
    let alpha = read(&base, "content/01-first/01-alpha.md");
    for (value, says) in [
        ("2024-02-30", "is not a date: write it as YYYY-MM-DD"),
        ("next week", "is not a date: write it as YYYY-MM-DD"),
        ("2999-01-01", "is in the future"),
    ] {
        let site = SiteTest::fixture("basic").write(
            "content/01-first/01-alpha.md",
            alpha.replacen("---\n", &format!("---\nupdated: {value}\n"), 1),
        );
        let errors = site.errors();
        assert!(
            errors.contains("01-alpha.md:2:1") && errors.contains(says),
            "{value}: {errors}"
        );
    }
}

#[test]
fn two_learners_are_reported_and_every_bad_file_is_named_and_left_out() {
    let older_ann = export(" ann lee ", "2026-12-01T08:00:00Z", json!({}));
    let site = course_with(&[
        ("ann.json", ann().to_string()),
        ("bo/bo.json", bo().to_string()),
        ("corrupt.json", "{\"version\": 2, \"site\": ".into()),
        (
            "other-course.json",
            json!({ "version": 2, "site": "elsewhere", "units": {} }).to_string(),
        ),
        (
            "future.json",
            json!({ "version": 3, "site": "fixture", "units": {} }).to_string(),
        ),
        ("ann-older.json", older_ann.to_string()),
        ("not-progress.json", "[1, 2, 3]".into()),
        ("notes.txt", "not read: only *.json in folders".into()),
    ]);
    let out = site.run(&["report", "exports"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for line in [
        "exports/corrupt.json: skipped: not JSON (EOF while parsing",
        "exports/other-course.json: skipped: from another course (site id \"elsewhere\", this course is \"fixture\")",
        "exports/future.json: skipped: format version 3, which this Syllabus does not read",
        "exports/not-progress.json: skipped: not a progress export",
        "exports/ann-older.json: skipped: an older export of the same learner \"ann lee\" than exports/ann.json",
    ] {
        assert!(
            err.lines().any(|l| l.starts_with(line)),
            "no line {line:?} in:\n{err}"
        );
    }
    assert_eq!(err.matches(": skipped: ").count(), 5, "{err}");
    assert!(!err.contains("notes.txt"), "{err}");
    assert!(
        err.contains("error: 5 of 7 files left out of the report"),
        "{err}"
    );

    let records = csv_records(&site);
    // 2 learners × (3 lessons + 4 checklist items + 1 quiz); the removed lesson is not reported.
    assert_eq!(records.len(), 16);
    assert!(records.iter().all(|r| r["unit key"] != "lesson:gone/away"));
    let ann_quiz = row(&records, "Ann Lee", "quiz:first/check");
    assert_eq!(
        [
            &ann_quiz["score"],
            &ann_quiz["passed"],
            &ann_quiz["stored score"],
            &ann_quiz["score flag"]
        ],
        ["100", "yes", "100", ""]
    );
    assert_eq!(ann_quiz["completed at"], "2024-12-05T00:00:02Z");
    assert_eq!(ann_quiz["kind"], "quiz");
    assert_eq!(ann_quiz["module"], "First module");
    assert_eq!(ann_quiz["unit"], "First check");
    let bo_quiz = row(&records, "Bo <b>Bold</b>", "quiz:first/check");
    assert_eq!(
        [
            &bo_quiz["done"],
            &bo_quiz["score"],
            &bo_quiz["passed"],
            &bo_quiz["stored score"],
            &bo_quiz["score flag"]
        ],
        ["yes", "66", "no", "80", "differs"]
    );
    let item = row(&records, "Ann Lee", "check:first/alpha#thank");
    assert_eq!(
        [&item["kind"], &item["unit"], &item["done"]],
        ["checklist item", "Thank a colleague", "yes"]
    );
    let gamma = row(&records, "Ann Lee", "lesson:stable-gamma");
    assert_eq!(
        [&gamma["done"], &gamma["completed at"], &gamma["stale"]],
        ["no", "", ""]
    );

    let html = read(&site, "report/index.html");
    assert!(html.contains(">Ann Lee</a>"), "Ann is in the table");
    assert!(
        html.contains("Bo &lt;b&gt;Bold&lt;&#x2F;b&gt;")
            || html.contains("Bo &lt;b&gt;Bold&lt;/b&gt;")
    );
    assert!(!html.contains("<b>Bold"), "names are escaped");
    assert!(
        html.contains("quizzes passed: 1 of 1"),
        "Ann passed the first module's quiz"
    );
    assert!(html.contains("stored as 80%"), "Bo's score is flagged");
}

#[test]
fn a_version_1_export_is_reported_under_its_file_name_with_its_answers_unknown() {
    let v1 = json!({ "version": 1, "site": "fixture", "units": {
        "quiz:first/check": { "done": true, "best": 100, "attempts": 1, "at": 1_733_356_802_000_u64 } } });
    let site = course_with(&[("old-export.json", v1.to_string())]);
    let out = site.run(&["report", "exports/old-export.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let records = csv_records(&site);
    let q = row(&records, "old-export.json", "quiz:first/check");
    assert_eq!(
        [
            &q["score"],
            &q["passed"],
            &q["stored score"],
            &q["score flag"]
        ],
        ["100", "yes", "100", "answers unknown"]
    );
}

#[test]
fn with_no_usable_file_nothing_is_written_and_the_command_fails() {
    let site = course_with(&[("bad.json", "nope".into())]);
    let out = site.run(&["report", "exports", "missing.json"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("exports/bad.json: skipped: not JSON"), "{err}");
    assert!(
        err.contains("missing.json: skipped: there is no such file or folder"),
        "{err}"
    );
    assert!(
        err.contains("error: no usable progress export among 2 files; nothing was written"),
        "{err}"
    );
    assert!(!site.root.join("report").exists());
}

#[test]
fn good_files_only_succeed_and_the_csv_defuses_formulas() {
    let mallory = export(
        "=HYPERLINK(\"http://x\")",
        "2026-12-05T01:07:44Z",
        json!({}),
    );
    let site = course_with(&[
        ("a.json", ann().to_string()),
        ("m.json", mallory.to_string()),
    ]);
    let out = site.run(&[
        "report",
        "--output",
        "out/team",
        "exports/a.json",
        "exports/m.json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("Reported on 2 learners from 2 files into "),
        "{}",
        stderr(&out)
    );
    let text = read(&site, "out/team/progress.csv");
    assert!(text.starts_with("\u{feff}\"learner\",\"module\",\"unit\",\"kind\",\"unit key\",\"done\",\"score\",\"passed\",\"stored score\",\"score flag\",\"completed at\",\"stale\",\"ending\"\r\n"));
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""),
        "a formula gets an apostrophe"
    );
    assert!(!site.root.join("report").exists(), "--output is used");
}

#[test]
fn a_course_error_stops_the_report_as_it_stops_check() {
    let site = course_with(&[("a.json", ann().to_string())]).write(
        "content/01-first/02-beta.md",
        "---\ntitle: Beta\n---\n[x](missing.md)\n",
    );
    let out = site.run(&["report", "exports"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error: link to `missing.md`"),
        "{}",
        stderr(&out)
    );
    assert!(!site.root.join("report").exists());
}

#[test]
fn the_report_replaces_its_own_folder_but_not_a_folder_syllabus_did_not_make() {
    let site = course_with(&[("a.json", ann().to_string())]);
    assert!(site.run(&["report", "exports"]).status.success());
    // Again: the report's folder is ours (it has the marker) and is replaced.
    assert!(site.run(&["report", "exports"]).status.success());
    let outside = tempfile::tempdir().unwrap();
    let theirs = outside.path().join("notes");
    std::fs::create_dir(&theirs).unwrap();
    std::fs::write(theirs.join("plan.txt"), "mine").unwrap();
    let out = site.run(&["report", "--output", theirs.to_str().unwrap(), "exports"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Syllabus did not create"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(theirs.join("plan.txt")).unwrap(),
        "mine"
    );
    // Nor the site's own output folder, which the next build would replace.
    site.build();
    let out = site.run(&["report", "--output", "public", "exports"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("it is the site's output folder"),
        "{}",
        stderr(&out)
    );
    assert!(site.out().join("index.html").exists());
}

#[test]
fn a_file_over_the_size_limit_is_left_out_before_it_is_read() {
    let site = course_with(&[("a.json", ann().to_string())]);
    let big = site.root.join("exports/huge.json");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(syllabus::report::inputs::MAX_FILE_BYTES + 1)
        .unwrap();
    let out = site.run(&["report", "exports"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("exports/huge.json: skipped: larger than 10 MB"),
        "{}",
        stderr(&out)
    );
    assert!(site.root.join("report/index.html").exists());
}

/// The fixture course, loaded once for the property below.
fn fixture_course() -> &'static (SiteTest, syllabus::build::Prepared) {
    static COURSE: std::sync::OnceLock<(SiteTest, syllabus::build::Prepared)> =
        std::sync::OnceLock::new();
    COURSE.get_or_init(|| {
        let site = SiteTest::fixture("basic");
        let opts = syllabus::build::BuildOptions {
            root: site.root.clone(),
            output: None,
            drafts: false,
            force: false,
            write: false,
        };
        let prepared = syllabus::build::prepare(&opts, false).expect("the fixture loads");
        (site, prepared)
    })
}

/// Hostile bytes: random, deeply nested, or JSON shaped like progress with random parts.
fn hostile_file() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..64),
        (1usize..200_000)
            .prop_map(|depth| format!("{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes()),
        (1usize..100_000).prop_map(|depth| {
            let open = "{\"version\": 2, \"site\": \"fixture\", \"units\": {\"a\":".repeat(depth);
            format!("{open}1{}", "}}".repeat(depth)).into_bytes()
        }),
        prop_oneof![any_json(), progress_like()].prop_map(|mut v| {
            if let Some(o) = v.as_object_mut()
                && o.get("site") == Some(&json!("s"))
            {
                o.insert("site".into(), json!("fixture"));
            }
            serde_json::to_vec(&v).unwrap()
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Whatever a file holds, reading it and reporting on it never panics; a file left out is
    /// named; a file kept is in both outputs.
    #[test]
    fn hostile_input_never_panics_and_a_file_left_out_is_named(bytes in hostile_file()) {
        use syllabus::report::{csv, inputs, table};
        // The fuzz target's invariant: refused with a reason, or clean and read the same twice.
        if let Err(broken) = crate::properties::invariants::export(&bytes) {
            return Err(TestCaseError::fail(broken));
        }
        let (_, prepared) = fixture_course();
        let dir = tempfile::tempdir().unwrap();
        let path: PathBuf = dir.path().join("learner.json");
        std::fs::write(&path, &bytes).unwrap();
        let found = inputs::load_exports(std::slice::from_ref(&path), "fixture");
        prop_assert_eq!(found.exports.len() + found.skipped.len(), 1);
        for s in &found.skipped {
            prop_assert_eq!(&s.path, &path);
            prop_assert!(!s.why.is_empty());
        }
        let report = table::make_report("T", &prepared.loaded.curriculum, &prepared.bodies, &found.exports);
        let text = csv::render_csv(&report);
        prop_assert_eq!(parse_csv(&text).len(), 1 + 8 * found.exports.len());
    }
}
