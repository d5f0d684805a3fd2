//! The output folder: atomic replacement, refusal of dangerous folders, --force and dotfiles.

use crate::harness::SiteTest;

#[test]
fn failed_build_leaves_the_previous_site_untouched() {
    let site = SiteTest::fixture("basic");
    site.build();
    let before = site.read("first/beta.html");
    let site = site.write("content/01-first/02-beta.md", "---\ntitle: [broken\n---\n");
    site.errors();
    assert_eq!(site.read("first/beta.html"), before);
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".syllabus-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary folder is left behind");
}

#[test]
fn deleted_lessons_disappear_from_the_output() {
    let site = SiteTest::fixture("basic");
    site.build();
    assert!(site.out().join("first/beta.html").exists());
    let site = site
        .remove("content/01-first/02-beta.md")
        .write("content/01-first/01-alpha.md", "---\ntitle: Alpha\n---\n");
    site.build();
    assert!(!site.out().join("first/beta.html").exists());
}

#[test]
fn output_that_would_swallow_the_content_is_refused() {
    let site = SiteTest::fixture("basic");
    for out in [".", "content", "content/public", ".."] {
        let err = site
            .build_with(|o| o.output = Some(site.root.join(out)))
            .unwrap_err();
        let msg = site.redact(&format!("{err:#}"));
        assert!(
            msg.starts_with("refusing to write the site to "),
            "{out}: {msg}"
        );
    }
    assert!(site.root.join("content/_index.md").exists());
}

#[test]
fn foreign_non_empty_folder_needs_force_and_keeps_dotfiles() {
    let site = SiteTest::fixture("basic")
        .write("public/notes.txt", "mine")
        .write("public/.git/HEAD", "ref");
    let err = site.build_with(|_| {}).unwrap_err().to_string();
    assert!(err.contains("pass --force"), "{err}");
    assert_eq!(site.read("notes.txt"), "mine", "nothing was touched");
    site.build_with(|o| o.force = true).unwrap();
    assert!(!site.out().join("notes.txt").exists());
    assert_eq!(site.read(".git/HEAD"), "ref", "dotfiles survive --force");
    site.build();
    assert_eq!(
        site.read(".git/HEAD"),
        "ref",
        "and later builds, which need no --force"
    );
}
