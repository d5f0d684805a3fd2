//! The real binary: exit codes, what it prints, `check` and `init`.

use crate::harness::SiteTest;

#[test]
fn build_prints_a_one_line_summary() {
    let site = SiteTest::fixture("basic");
    let out = site.run(&["build"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("Built 2 modules, 3 lessons, 1 quiz: 32 files written to "),
        "{err}"
    );
}

#[test]
fn check_writes_nothing_and_fails_on_errors() {
    let site = SiteTest::fixture("basic");
    let out = site.run(&["check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!site.out().exists(), "check writes nothing");
    let site = site.write(
        "content/01-first/02-beta.md",
        "---\ntitle: Beta\n---\n[x](missing.md)\n",
    );
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = site.redact(&String::from_utf8_lossy(&out.stderr));
    assert!(
        err.starts_with("./content/01-first/02-beta.md:4:1: error: link to `missing.md`"),
        "{err}"
    );
}

#[test]
fn missing_site_toml_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_syllabus"))
        .arg("build")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: no site.toml in .: run syllabus in a course folder"),
        "{err}"
    );
}

#[test]
fn init_makes_a_course_that_builds_and_refuses_a_non_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("sales-basics");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_syllabus"))
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["init", course.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["build", "--root", course.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(course.join("public/getting-started/welcome.html").exists());
    assert!(
        std::fs::read_to_string(course.join("site.toml"))
            .unwrap()
            .contains("id = \"sales-basics\"")
    );
    let out = run(&["init", course.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not empty"));
}

#[test]
fn bundled_curriculum_builds_without_warnings() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out_dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_syllabus"))
        .args(["build", "--root", root, "--output"])
        .arg(out_dir.path().join("site"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("warning"), "{err}");
    assert!(err.contains("4 modules"), "{err}");
}
