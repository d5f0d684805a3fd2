//! `syllabus package` (issue 16): the real binary's summary and errors, the zip's contents, its
//! atomic writing, and the resume-data budget. The manifests are in package_manifests.rs.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::Path;

use syllabus::package::{Format, PackageOptions, package};
use syllabus::progress::compact::SCORM12_LIMIT;

use crate::harness::SiteTest;

/// Every entry of the zip at `path`, with its bytes.
pub fn unzip(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        let name: String = entry.name().expect("an entry name").into_owned();
        out.insert(name, bytes);
    }
    out
}

pub fn text(files: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(
        files
            .get(name)
            .unwrap_or_else(|| panic!("no {name}"))
            .clone(),
    )
    .unwrap()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Files in `dir` whose names start like a package being written.
fn temp_zips(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(syllabus::package::zip::TEMP_PREFIX))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn package_prints_a_one_line_summary_and_zips_the_built_site_with_a_launch_page() {
    let site = SiteTest::fixture("basic");
    let out = site.run(&["package", "scorm12"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.starts_with("Packaged 2 modules, 3 lessons, 1 quiz as SCORM 1.2: 1 zip written to "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    let zip = site.root.join("dist/fixture-scorm12.zip");
    assert!(err.contains("dist/fixture-scorm12.zip"), "{err}");
    let files = unzip(&zip);

    // The same files as `build` writes, and the package's own.
    site.build();
    let built: Vec<String> = site.output_files();
    let mut expected: Vec<String> = built
        .iter()
        .filter(|f| !f.starts_with(".syllabus"))
        .cloned()
        .collect();
    expected.extend(["imsmanifest.xml", "launch.html"].map(String::from));
    expected.extend(
        [
            "assets/js/lms-model.js",
            "assets/js/lms-store.js",
            "assets/js/scorm.js",
        ]
        .map(String::from),
    );
    expected.sort();
    assert_eq!(files.keys().cloned().collect::<Vec<_>>(), expected);

    // The pages keep progress through the launch page; an ordinary build's do not, and have
    // no byte of it.
    let lesson = text(&files, "first/alpha.html");
    assert!(lesson.contains(r#"data-progress-store="lms""#), "{lesson}");
    assert!(
        lesson.contains(r#"src="../assets/js/lms-store.js""#),
        "{lesson}"
    );
    let ordinary = site.read("first/alpha.html");
    assert_eq!(
        lesson.replace(r#" data-progress-store="lms""#, "").replace(
            "\n<script src=\"../assets/js/lms-store.js\" defer></script>",
            ""
        ),
        ordinary
    );
    let launch = text(&files, "launch.html");
    assert!(launch.contains(r#"data-src="index.html""#), "{launch}");
    assert!(launch.contains(r#"data-lms="scorm12""#), "{launch}");
}

#[test]
fn a_scenario_is_in_the_packages_units_and_packaged_without_a_warning() {
    let site = SiteTest::fixture("scenarios");
    let out = site.run(&["package", "scorm12"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("warning"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("Packaged 1 module, 1 lesson, 0 quizzes, 1 scenario as SCORM 1.2: "),
        "{err}"
    );
    let files = unzip(&site.root.join("dist/scenarios-scorm12.zip"));
    let launch = text(&files, "launch.html");
    let from = launch.find("data-lms-course>").expect("the course") + "data-lms-course>".len();
    let json = &launch[from..from + launch[from..].find("</script>").unwrap()];
    let course: syllabus::progress::lms::Course = serde_json::from_str(json).expect("{json}");
    let ids: Vec<&str> = course.scenarios.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["call/call"], "{json}");
    // Its resume data has room for the ending, and version 1's layout leaves it out.
    assert_ne!(course.layout, course.layout_v1);
}

#[test]
fn an_ordinary_build_writes_no_lms_file_and_no_lms_byte() {
    let site = SiteTest::fixture("basic");
    site.build();
    for f in site.output_files() {
        assert!(!f.contains("lms") && !f.contains("scorm"), "{f}");
        let bytes = std::fs::read(site.out().join(&f)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        // Not the pages' store, nor the strings only packages say (`lms_*`).
        for word in ["lms", "LMS", "scorm", "SCORM"] {
            assert!(!text.contains(word), "{f} has {word}");
        }
    }
}

#[test]
fn a_course_with_errors_is_not_packaged_and_the_previous_zip_stays_whole() {
    let site = SiteTest::fixture("basic");
    let out = site.run(&["package", "scorm2004"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let zip = site.root.join("dist/fixture-scorm2004.zip");
    let before = std::fs::read(&zip).unwrap();
    let site = site.write(
        "content/01-first/02-beta.md",
        "---\ntitle: Beta\n---\n[x](missing.md)\n",
    );
    let out = site.run(&["package", "scorm2004"]);
    assert_eq!(out.status.code(), Some(1));
    let err = site.redact(&stderr(&out));
    // The same message `build` and `check` give.
    let check = site.redact(&stderr(&site.run(&["check"])));
    assert!(
        err.starts_with("./content/01-first/02-beta.md:4:1: error: link to `missing.md`"),
        "{err}"
    );
    assert_eq!(err, check);
    assert_eq!(
        std::fs::read(&zip).unwrap(),
        before,
        "the previous zip is untouched"
    );
    assert_eq!(temp_zips(&site.root.join("dist")), Vec::<String>::new());
}

#[test]
fn a_file_syllabus_did_not_write_is_never_replaced() {
    let site = SiteTest::fixture("basic").write("dist/fixture-scorm12.zip", "my own notes");
    let out = site.run(&["package", "scorm12"]);
    assert_eq!(out.status.code(), Some(1));
    let err = site.redact(&stderr(&out));
    assert!(
        err.contains("dist/fixture-scorm12.zip exists and was not written by `syllabus package`, so it is left alone"),
        "{err}"
    );
    let notes = std::fs::read_to_string(site.root.join("dist/fixture-scorm12.zip")).unwrap();
    assert_eq!(notes, "my own notes");
    assert_eq!(temp_zips(&site.root.join("dist")), Vec::<String>::new());
    // A zip the command wrote is replaced by the next run.
    let out = site.run(&["package", "scorm12", "--output", "dist/other.zip"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = site.run(&["package", "scorm12", "--output", "dist/other.zip"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn packaging_the_same_course_twice_gives_the_same_bytes() {
    let site = SiteTest::fixture("basic");
    let zip = site.root.join("dist/fixture-scorm12.zip");
    assert!(site.run(&["package", "scorm12"]).status.success());
    let first = std::fs::read(&zip).unwrap();
    assert!(site.run(&["package", "scorm12"]).status.success());
    assert_eq!(std::fs::read(&zip).unwrap(), first);
}
#[test]
fn drafts_are_packaged_only_with_drafts() {
    let site = SiteTest::fixture("basic");
    assert!(site.run(&["package", "scorm12"]).status.success());
    let files = unzip(&site.root.join("dist/fixture-scorm12.zip"));
    assert!(
        !files.keys().any(|f| f.contains("draft")),
        "{:?}",
        files.keys()
    );
    assert!(
        site.run(&["package", "scorm12", "--drafts"])
            .status
            .success()
    );
    let files = unzip(&site.root.join("dist/fixture-scorm12.zip"));
    assert!(files.contains_key("first/draft.html"), "{:?}", files.keys());
}

#[test]
fn per_module_packages_report_only_their_course_modules_units() {
    let site = SiteTest::fixture("basic");
    let out = site.run(&["package", "scorm12", "--per-module"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("2 zips written to "), "{err}");
    let first = unzip(&site.root.join("dist/fixture-first-scorm12.zip"));
    let second = unzip(&site.root.join("dist/fixture-second-scorm12.zip"));
    let (l1, l2) = (text(&first, "launch.html"), text(&second, "launch.html"));
    assert!(l1.contains(r#"data-src="first/index.html""#), "{l1}");
    assert!(l2.contains(r#"data-src="second/index.html""#), "{l2}");
    // Gamma has an id of its own (`stable-gamma`).
    assert!(
        l1.contains(r#""id":"first/alpha""#) && !l1.contains("stable-gamma"),
        "{l1}"
    );
    assert!(
        l2.contains(r#""id":"stable-gamma""#) && !l2.contains("first/alpha"),
        "{l2}"
    );
    assert!(l1.contains(r#""quizzes":[{"id":"first/check""#), "{l1}");
    assert!(l2.contains(r#""quizzes":[]"#), "{l2}");
    assert!(!text(&second, "imsmanifest.xml").contains("masteryscore"));
}

/// A course of `modules` course modules of `lessons` lessons, each lesson with `checks`
/// checklist items, and one quiz per module.
fn generated(modules: usize, lessons: usize, checks: usize) -> SiteTest {
    let mut site = SiteTest::fixture("basic");
    let list: String = (0..checks).map(|c| format!("  - Step {c}\n")).collect();
    for m in 0..modules {
        let dir = format!("content/{:02}-gen-{m}", m + 10);
        site = site.write(
            &format!("{dir}/_index.md"),
            format!("---\ntitle: Gen {m}\n---\n"),
        );
        for l in 0..lessons {
            site = site.write(
                &format!("{dir}/{l:03}-l{l}.md"),
                format!("---\ntitle: L {m}.{l}\nchecklist:\n{list}---\nText.\n"),
            );
        }
        site = site.write(
            &format!("{dir}/999-q.quiz.yaml"),
            "title: Q\nquestions:\n  - type: true_false\n    prompt: Yes?\n    answer: true\n    feedback_true: Yes.\n    feedback_false: No.\n",
        );
    }
    site
}

#[test]
fn resume_data_past_the_scorm12_limit_fails_with_the_numbers_and_per_module_fits() {
    // 7 generated course modules of 40 lessons with 99 items each: 28,000 ticks, 4,667
    // characters, past SCORM 1.2's 4,096; one module alone (4,000 ticks) fits.
    let site = generated(7, 40, 99);
    let out = site.run(&["package", "scorm12"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let lessons = 3 + 7 * 40; // and the fixture's three
    let checks = 4 + 7 * 40 * 99; // and the fixture's: two in alpha, two in gamma
    let quizzes = 1 + 7;
    let ticks: usize = lessons + checks;
    // Version, layout, time, ticks, quizzes, and the empty endings (no scenario).
    let need = "2.".len() + 8 + 1 + 9 + 1 + ticks.div_ceil(6) + 1 + 3 * quizzes + 1;
    assert_eq!(
        err,
        format!(
            "error: the course ({lessons} lessons, {checks} checklist items and {quizzes} quizzes) needs up to {need} characters of resume data (cmi.suspend_data), more than the {SCORM12_LIMIT} SCORM 1.2 keeps; package it with --per-module (one zip per course module), or as scorm2004, which keeps 64000\n"
        )
    );
    assert!(!site.root.join("dist/fixture-scorm12.zip").exists());
    let out = site.run(&["package", "scorm12", "--per-module"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("9 zips written"), "{}", stderr(&out));
}

#[test]
fn a_course_of_1000_lessons_and_50_quizzes_fits_scorm12s_resume_data() {
    // 50 course modules of 20 lessons with 3 checklist items each and a quiz: the size the
    // issue names (docs/lms.md has the measured figures of examples/gen_course).
    let site = generated(50, 20, 3);
    let report = package(&PackageOptions {
        root: site.root.clone(),
        format: Format::Scorm12,
        output: None,
        per_module: false,
        drafts: false,
    })
    .unwrap_or_else(|e| panic!("{e:#}"));
    assert_eq!((report.lessons, report.quizzes), (1003, 51));
    let ticks: usize = 1003 + 4 + 1000 * 3; // lessons, the fixture's items, the generated ones
    let need = "2.".len() + 8 + 1 + 9 + 1 + ticks.div_ceil(6) + 1 + 3 * 51 + 1;
    assert_eq!(report.zips[0].suspend_max, need);
    assert!(need <= SCORM12_LIMIT, "{need}");
    assert!(report.zips[0].path.ends_with("dist/fixture-scorm12.zip"));
}

#[test]
fn a_package_is_never_written_into_the_courses_content() {
    let site = SiteTest::fixture("basic");
    let out = site.run(&[
        "package",
        "scorm12",
        "--output",
        "content/01-first/course.zip",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = site.redact(&stderr(&out));
    assert!(
        err.contains("content/01-first/course.zip is inside the course's content folder"),
        "{err}"
    );
    assert!(!site.root.join("content/01-first/course.zip").exists());
    assert_eq!(
        temp_zips(&site.root.join("content/01-first")),
        Vec::<String>::new()
    );
}
