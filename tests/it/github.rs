//! Courses written for GitHub (issue 17): lessons without front matter, titles from the first
//! `#` heading and shown once, lessons as folders with their own files, links to folders, and a
//! GitHub-style fixture course that builds with no errors.

use std::path::Path;

use crate::harness::{SiteTest, links_in, main_of};

#[test]
fn a_lesson_without_front_matter_takes_its_title_from_the_first_heading() {
    let site = SiteTest::fixture("basic").write(
        "content/01-first/02-beta.md",
        "An opening line.\n\n# The *Beta* `lesson`\n\nText.\n",
    );
    site.build();
    let beta = site.read("first/beta.html");
    assert!(beta.contains("<h1>The Beta lesson</h1>"), "{beta}");
    // Other pages list it by that title too.
    assert!(site.read("first/index.html").contains("The Beta lesson"));
    // The heading is not the first block, so it stays in the body.
    assert_eq!(main_of(&beta).matches("<h1").count(), 2, "{beta}");
}

#[test]
fn a_leading_heading_equal_to_the_title_is_shown_once() {
    for text in [
        "# Beta\n\nText.\n",
        "---\ntitle: Beta\n---\n\n# Beta\n\nText.\n",
        "---\nduration: 5\n---\nBeta\n====\nText.\n",
    ] {
        let site = SiteTest::fixture("basic").write("content/01-first/02-beta.md", text);
        site.build();
        let main = main_of(&site.read("first/beta.html")).to_owned();
        assert_eq!(main.matches("<h1").count(), 1, "{text:?}: {main}");
        assert!(
            main.contains("<h1 id=\"beta\">Beta</h1>") && main.contains("<p>Text.</p>"),
            "{main}"
        );
    }
    // A heading that differs from the front-matter title is the author's: it stays.
    let site = SiteTest::fixture("basic").write(
        "content/01-first/02-beta.md",
        "---\ntitle: Beta\n---\n# Why beta\n",
    );
    site.build();
    assert!(site.read("first/beta.html").contains("Why beta</h1>"));
}

#[test]
fn a_lesson_with_no_title_anywhere_is_an_error_at_its_first_line() {
    let err = SiteTest::fixture("basic")
        .write(
            "content/01-first/02-beta.md",
            "Just text.\n\n## Not a title\n",
        )
        .errors();
    assert!(
        err.contains("content/01-first/02-beta.md:1:1: error: this lesson has no title"),
        "{err}"
    );
    assert!(
        err.contains("help: start the body with a heading such as `# My lesson`"),
        "{err}"
    );
}

/// Every relative link and image of every page of the output leads to a file of the output (a
/// folder, for a link ending in `/`), and every `#fragment` to an element with that id.
fn assert_every_link_resolves(site: &SiteTest) {
    let out = site.out();
    for page in site.output_files().iter().filter(|f| f.ends_with(".html")) {
        let html = site.read(page);
        let dir = Path::new(page).parent().unwrap_or(Path::new(""));
        for link in links_in(&html) {
            if link.contains(':') || link.starts_with("//") {
                continue;
            }
            let (path, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let target = if path.is_empty() {
                out.join(page)
            } else {
                out.join(dir).join(path)
            };
            let target = std::fs::canonicalize(&target)
                .unwrap_or_else(|e| panic!("{page}: `{link}` leads nowhere ({e})"));
            assert!(
                target.starts_with(std::fs::canonicalize(&out).unwrap()),
                "{page}: {link}"
            );
            if path.ends_with('/') {
                assert!(target.is_dir(), "{page}: `{link}` is not a folder");
            }
            if !fragment.is_empty() {
                let text = std::fs::read_to_string(&target).unwrap();
                assert!(
                    text.contains(&format!(" id=\"{fragment}\"")),
                    "{page}: `{link}`: no element with that id"
                );
            }
        }
    }
}

#[test]
fn a_github_style_course_builds_with_no_errors_and_every_link_resolves() {
    // Issue 17: no front matter, lesson folders with README.md or index.md, code-sample folders
    // with their own README.md, links to folders, anchors to headings with ` - `, emoji, dots
    // and underscores, as GitHub names them.
    let site = SiteTest::fixture("github");
    let report = site.build();
    assert_eq!((report.modules, report.lessons, report.quizzes), (2, 5, 1));
    // The only warnings: the two links to a folder that is not a lesson (see the next test).
    let warnings: Vec<String> = report
        .warnings
        .iter()
        .map(|w| site.redact(&w.to_string()))
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(
        warnings
            .iter()
            .all(|w| w.contains("a folder, copied with its files")),
        "{warnings:#?}"
    );
    assert_every_link_resolves(&site);

    let welcome = site.read("getting-started/welcome/index.html");
    // The title from the README's heading, shown once, carrying the heading's GitHub id.
    assert!(
        welcome.contains("<h1 id=\"welcome-to-the-course-\">Welcome to the course 🚀</h1>"),
        "{welcome}"
    );
    assert_eq!(main_of(&welcome).matches("<h1").count(), 1);
    for id in ["task---create-the-cloud-resources", "-done"] {
        assert!(
            welcome.contains(&format!("<h2 id=\"{id}\">")),
            "{id}: {welcome}"
        );
    }
    for href in [
        "href=\"../../getting-started/setup/index.html\"",
        "href=\"../../getting-started/setup/index.html#task---install-the-tools\"",
        "href=\"../../going-deeper/security.html#x509-certificates\"",
        "href=\"../../going-deeper/security.html#snake_case_names\"",
        "src=\"../../getting-started/welcome/images/flow.png\"",
        "href=\"#-done\"",
        // Raw HTML is not rewritten: it works because the files sit beside the page.
        "<img src=\"images/flow.png\"",
    ] {
        assert!(welcome.contains(href), "{href}: {welcome}");
    }
    let setup = site.read("getting-started/setup/index.html");
    assert!(
        setup.contains("<h2 id=\"step-12-edit-config_filejson\">"),
        "{setup}"
    );
}

#[test]
fn lesson_folders_are_ordered_by_number_or_weight_like_files() {
    let site = SiteTest::fixture("github");
    site.build();
    let module = site.read("going-deeper/index.html");
    let at = |title: &str| {
        module
            .find(title)
            .unwrap_or_else(|| panic!("{title}: {module}"))
    };
    // `1-security.md` (a file), `lab/` (a folder, weight 2), `3-wrap-up/` (a folder, number 3).
    assert!(
        at(">Security<") < at(">The lab<") && at(">The lab<") < at(">Wrap-up<"),
        "{module}"
    );
    let first = site.read("getting-started/index.html");
    assert!(first.find(">Welcome to the course 🚀<") < first.find(">Setup<"));
    // The folder's number is not part of the URL; its files sit beside its page.
    let files = site.output_files();
    for f in [
        "going-deeper/lab/index.html",
        "going-deeper/wrap-up/index.html",
        "getting-started/welcome/images/flow.png",
    ] {
        assert!(files.contains(&f.to_owned()), "{f}: {files:#?}");
    }
}

#[test]
fn markdown_deeper_in_a_lesson_folder_is_copied_as_a_file_not_an_error() {
    let site = SiteTest::fixture("github");
    let report = site.build();
    assert_eq!(
        report.lessons, 5,
        "READMEs of code samples and notes are not lessons"
    );
    let files = site.output_files();
    for f in [
        "getting-started/welcome/code/README.md",
        "getting-started/welcome/code/app.py",
        "getting-started/welcome/code/solution/README.md",
        "getting-started/welcome/notes/extra.md",
    ] {
        assert!(files.contains(&f.to_owned()), "{f}: {files:#?}");
    }
    assert!(
        !files
            .iter()
            .any(|f| f.contains("code/README.html") || f.contains("extra.html"))
    );
    // A quiz file deeper down is still a mistake: quizzes belong in a module's sequence.
    let err = site
        .write(
            "content/1-getting-started/1-welcome/notes/check.quiz.yaml",
            "title: Q\nquestions: []\n",
        )
        .errors();
    assert!(
        err.contains("notes/check.quiz.yaml: error: pages must sit directly in a module folder"),
        "{err}"
    );
}

#[test]
fn links_to_folders_lead_to_the_lesson_or_to_the_copied_folder_with_a_warning() {
    let site = SiteTest::fixture("github");
    let report = site.build();
    let welcome = site.read("getting-started/welcome/index.html");
    // A lesson folder, with or without a trailing `/` or its README.md: its page.
    assert!(
        welcome.contains("<a href=\"../../getting-started/setup/index.html\">setup lesson</a>"),
        "{welcome}"
    );
    let wrap_up = site.read("going-deeper/wrap-up/index.html");
    assert!(
        wrap_up.contains("href=\"../../getting-started/welcome/index.html\""),
        "{wrap_up}"
    );
    // Another folder: the copied folder, and a warning at the link saying what to do.
    assert!(
        welcome.contains("<a href=\"../../getting-started/welcome/code/\">code sample</a>"),
        "{welcome}"
    );
    assert!(
        welcome.contains("href=\"../../getting-started/welcome/code/solution/\""),
        "{welcome}"
    );
    let w = site.redact(&report.warnings[0].to_string());
    assert!(
        w.starts_with("[ROOT]/content/1-getting-started/1-welcome/README.md:12:13: warning: link to `code/`: a folder"),
        "{w}"
    );
    assert!(w.contains("help: link to a file in it"), "{w}");
    // A folder with its own index.html (published with allow_raw_html) is linked to it, without
    // a warning.
    let site = SiteTest::fixture("github")
        .write(
            "site.toml",
            "title = \"T\"\nallow_raw_html = true\n[quiz]\nfeedback = \"optional\"\n",
        )
        .write(
            "content/1-getting-started/1-welcome/code/index.html",
            "<p>demo</p>\n",
        );
    let report = site.build();
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert!(
        site.read("getting-started/welcome/index.html")
            .contains("<a href=\"../../getting-started/welcome/code/index.html\">code sample</a>")
    );
    // A draft lesson folder is still a lesson: a link to it says it is a draft (its images
    // make it no plain folder).
    let err = SiteTest::fixture("github")
        .write(
            "content/2-going-deeper/3-wrap-up/README.md",
            "---\ndraft: true\n---\n# Wrap-up\n",
        )
        .write("content/2-going-deeper/3-wrap-up/pic.png", "png")
        .errors();
    assert!(
        err.contains("lab/index.md:7:42: error: link to `../3-wrap-up/`: that lesson is a draft"),
        "{err}"
    );
    // A folder that is not in the course is a broken link.
    let err = site
        .write(
            "content/2-going-deeper/1-security.md",
            "# Security\n\nSee [nothing](../nowhere/).\n",
        )
        .errors();
    assert!(
        err.contains(
            "1-security.md:3:5: error: link to `../nowhere/`: there is no content/nowhere"
        ),
        "{err}"
    );
}

#[test]
fn a_lesson_folder_prefers_index_md_and_its_mistakes_name_the_file() {
    // index.md wins over README.md, which is then one of the folder's files.
    let site = SiteTest::fixture("github").write(
        "content/2-going-deeper/3-wrap-up/index.md",
        "# Wrap-up, for this site\n\nThe README is for GitHub.\n",
    );
    site.build();
    assert!(
        site.read("going-deeper/wrap-up/index.html")
            .contains("Wrap-up, for this site</h1>")
    );
    assert!(
        site.output_files()
            .contains(&"going-deeper/wrap-up/README.md".to_owned())
    );

    // A folder name that makes no URL is an error naming it, never a page at `going-deeper//`.
    let err = SiteTest::fixture("github")
        .write("content/2-going-deeper/!!!/README.md", "# Bangs\n")
        .errors();
    assert!(
        err.contains("2-going-deeper/!!!: error: `!!!` has no letters or digits"),
        "{err}"
    );
    // A lesson folder's README without a title says so at its first line.
    let err = SiteTest::fixture("github")
        .write("content/2-going-deeper/3-wrap-up/README.md", "Only text.\n")
        .errors();
    assert!(
        err.contains("3-wrap-up/README.md:1:1: error: this lesson has no title"),
        "{err}"
    );
    // A lesson folder and a lesson file of the same name share an id: an error, not a guess.
    let err = SiteTest::fixture("github")
        .write("content/2-going-deeper/4-wrap-up.md", "# Another wrap-up\n")
        .errors();
    assert!(
        err.contains("id `going-deeper/wrap-up` is also used by"),
        "{err}"
    );
}
