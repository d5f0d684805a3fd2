//! Courses written for GitHub (issue 17): lessons without front matter, titles from the first
//! `#` heading and shown once, lessons as folders with their own files, links to folders, and a
//! GitHub-style fixture course that builds with no errors.

use crate::harness::{SiteTest, main_of};

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
            main.contains("<h1>Beta</h1>") && main.contains("<p>Text.</p>"),
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
