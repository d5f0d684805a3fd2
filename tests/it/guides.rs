//! Standalone pages (guides, issue 18's "For managers and coaches"): a `.md` file directly in
//! `content/` is a page beside the course, linked from every page's footer, outside the modules,
//! the reading order and progress; its links are checked like a lesson's.

use crate::harness::{SiteTest, main_of};

const GUIDE: &str = "---
title: For coaches
description: How to coach with this course
---
# For coaches

## Before you start

Read [alpha](01-first/01-alpha.md#links) first.
";

fn with_guide() -> SiteTest {
    SiteTest::fixture("basic")
        .write("content/90-for-coaches.md", GUIDE)
        .write(
            "content/02-second/01-gamma.md",
            "---\ntitle: Gamma\n---\n## Some heading\n\nSee [the coaches' page](../90-for-coaches.md#before-you-start).\n",
        )
}

#[test]
fn a_markdown_file_beside_the_home_page_is_a_guide_linked_from_every_footer() {
    let site = with_guide();
    site.build();
    let html = site.read("for-coaches.html");
    let main = main_of(&html);
    assert!(
        main.contains("<h1 id=\"for-coaches\">For coaches</h1>"),
        "{main}"
    );
    assert!(
        main.contains("<p class=\"lead\">How to coach with this course</p>"),
        "{main}"
    );
    assert!(
        main.contains("<a href=\"first/alpha.html#links\">alpha</a>"),
        "{main}"
    );
    assert!(html.contains("<body class=\"page-guide\">"), "{html}");
    // The footer of every page, at any depth, links to it (the guide's own marked current).
    for (page, href) in [
        ("index.html", "for-coaches.html"),
        ("progress.html", "for-coaches.html"),
        ("certificate.html", "for-coaches.html"),
        ("first/index.html", "../for-coaches.html"),
        ("first/alpha.html", "../for-coaches.html"),
        ("first/check.html", "../for-coaches.html"),
        ("second/gamma.html", "../for-coaches.html"),
    ] {
        let html = site.read(page);
        let footer = &html[html.find("<footer").expect("a footer")..];
        assert!(
            footer.contains(&format!("<li><a href=\"{href}\">For coaches</a></li>")),
            "{page}: {footer}"
        );
    }
    assert!(
        html.contains(
            "<li><a href=\"for-coaches.html\" aria-current=\"page\">For coaches</a></li>"
        )
    );
    // A lesson's link to the guide's heading resolves.
    let gamma = site.read("second/gamma.html");
    assert!(
        gamma.contains("<a href=\"../for-coaches.html#before-you-start\">"),
        "{gamma}"
    );
}

#[test]
fn a_guide_is_outside_the_reading_order_the_sidebar_and_progress() {
    let plain = SiteTest::fixture("basic");
    plain.build();
    let site = SiteTest::fixture("basic").write("content/90-for-coaches.md", GUIDE);
    site.build();
    let html = site.read("for-coaches.html");
    // No previous or next page, nothing to tick, no progress bar, no unit.
    for absent in [
        "class=\"pager\"",
        "data-unit",
        "progress-bar",
        "rel=\"next\"",
    ] {
        assert!(!html.contains(absent), "{absent} on the guide: {html}");
    }
    // The sidebar lists the modules only.
    let sidebar = &html[html.find("id=\"course-nav\"").unwrap()..];
    let sidebar = &sidebar[..sidebar.find("</nav>").unwrap()];
    assert!(!sidebar.contains("for-coaches"), "{sidebar}");
    // Nothing that counts progress knows it: the progress page's build fingerprint and units
    // are those of the course without it, and the last page's "next" is not the guide.
    let build_of = |s: &SiteTest| {
        let p = s.read("progress.html");
        let at = p.find("data-build=\"").unwrap() + 12;
        p[at..at + p[at..].find('"').unwrap()].to_owned()
    };
    assert_eq!(build_of(&site), build_of(&plain));
    assert!(!main_of(&site.read("progress.html")).contains("for-coaches"));
    assert!(!main_of(&site.read("index.html")).contains("for-coaches"));
    let last = site.read("second/gamma.html");
    assert!(!last.contains("rel=\"next\""), "{last}");
    // Not in the search index either (docs/authoring.md).
    for f in site
        .output_files()
        .iter()
        .filter(|f| f.starts_with("assets/search"))
    {
        assert!(!site.read(f).contains("For coaches"), "{f}");
    }
}

#[test]
fn check_counts_the_pages_beside_the_course() {
    let out = with_guide().run(&["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr
            .contains("Checked 2 modules, 3 lessons, 1 quiz, 1 page beside the course: no errors"),
        "{stderr}"
    );
}

#[test]
fn a_guide_cannot_take_a_site_page_and_its_mistakes_have_places() {
    let err = SiteTest::fixture("basic")
        .write("content/progress.md", "# Progress\n")
        .errors();
    assert!(
        err.contains("content/progress.md: error: output path `progress.html` is also the output of (made by syllabus)"),
        "{err}"
    );
    let err = SiteTest::fixture("basic")
        .write(
            "content/guide.md",
            "---\ntitle: G\n---\nSee [a missing page](nowhere.md).\n",
        )
        .errors();
    assert!(err.contains("content/guide.md:4:5: error:"), "{err}");
    let err = SiteTest::fixture("basic")
        .write(
            "content/guide.md",
            "---\ntitle: G\nduration: 5\n---\nBody.\n",
        )
        .errors();
    assert!(
        err.contains("content/guide.md:3:1: error:") && err.contains("duration"),
        "{err}"
    );
    let err = SiteTest::fixture("basic")
        .write("content/guide.md", "Just text, no title.\n")
        .errors();
    assert!(err.contains("content/guide.md:1:1: error:"), "{err}");
    // Quizzes and scenarios still belong in a module.
    let err = SiteTest::fixture("basic")
        .write("content/check.quiz.yaml", "title: Q\nquestions: []\n")
        .errors();
    assert!(
        err.contains("content/check.quiz.yaml: error: pages must sit directly in a module folder"),
        "{err}"
    );
}

#[test]
fn the_bundled_course_has_a_page_for_managers_linked_from_its_home_page() {
    let site = SiteTest::fixture("basic");
    let course = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = site.root.join("bundled");
    let report = syllabus::build::build(&syllabus::build::BuildOptions {
        root: course.to_path_buf(),
        output: Some(out.clone()),
        drafts: false,
        force: false,
        write: true,
    })
    .expect("the bundled course builds");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let guide = std::fs::read_to_string(out.join("for-managers.html")).unwrap();
    let main = main_of(&guide);
    assert!(main.contains("<h1>For managers and coaches</h1>"), "{main}");
    for says in ["syllabus report exports/", "Print the role cards", "stale"] {
        assert!(main.contains(says), "{says}");
    }
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(main_of(&home).contains("<a href=\"for-managers.html\">For managers and coaches</a>"));
}
