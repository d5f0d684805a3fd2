//! serve's incremental rebuilds equal a cold build of the same tree, file for file (W15).

use std::collections::BTreeMap;
use std::path::PathBuf;

use syllabus::build::incremental::{LiveSite, Update, Way};
use syllabus::build::output::{OutData, OutFile};
use syllabus::build::{BuildOptions, render};

use crate::harness::SiteTest;

fn opts(site: &SiteTest) -> BuildOptions {
    site.options_in_memory()
}

fn to_map(files: Vec<OutFile>) -> BTreeMap<String, Vec<u8>> {
    files
        .into_iter()
        .map(|f| {
            let bytes = match f.data {
                OutData::Bytes(b) => b,
                OutData::Copy(p) => std::fs::read(p).unwrap(),
            };
            (f.path, bytes)
        })
        .collect()
}

/// A live site and the files it serves, updated as `serve` would.
struct Served {
    site: LiveSite,
    files: BTreeMap<String, Vec<u8>>,
}

impl Served {
    fn start(t: &SiteTest) -> Served {
        let (site, files) = LiveSite::build(&opts(t)).unwrap();
        Served {
            site,
            files: to_map(files),
        }
    }

    /// Applies a change to `rel` and says whether it was incremental.
    fn update(&mut self, t: &SiteTest, rel: &str) -> anyhow::Result<bool> {
        self.update_all(&[t.root.join(rel)])
    }

    /// Applies a change to the files at `paths` (one batch of saves) and says whether it was
    /// incremental.
    fn update_all(&mut self, paths: &[PathBuf]) -> anyhow::Result<bool> {
        match self.site.update(paths, true)? {
            Update::Partial(files, removed, _) => {
                for path in removed {
                    self.files.remove(&path);
                }
                self.files.extend(to_map(files));
                Ok(true)
            }
            Update::Full(files, _) => {
                self.files = to_map(files);
                Ok(false)
            }
            Update::Unchanged => Ok(true),
        }
    }

    /// Writes `bad` to `rel`: the update fails with a cold build's error; then `good`: the
    /// update succeeds and the site equals a cold build.
    fn fails_as_a_cold_build_then_recovers(
        &mut self,
        t: &SiteTest,
        rel: &str,
        bad: &str,
        good: &str,
    ) {
        edit(t, rel, bad);
        let err = format!("{:#}", self.update(t, rel).unwrap_err());
        let cold = match render(&opts(t)) {
            Ok(_) => panic!("a cold build of {rel} succeeds"),
            Err(e) => format!("{e:#}"),
        };
        assert_eq!(err, cold, "{rel}");
        edit(t, rel, good);
        self.update(t, rel).unwrap();
        self.assert_equals_cold_build(t);
    }

    fn assert_equals_cold_build(&self, t: &SiteTest) {
        let (_, cold) = render(&opts(t)).unwrap();
        let cold = to_map(cold);
        let extra: Vec<_> = self
            .files
            .keys()
            .filter(|k| !cold.contains_key(*k))
            .collect();
        let missing: Vec<_> = cold
            .keys()
            .filter(|k| !self.files.contains_key(*k))
            .collect();
        assert!(
            extra.is_empty() && missing.is_empty(),
            "served but not built: {extra:?}; built but not served: {missing:?}"
        );
        for (path, bytes) in &cold {
            assert!(
                &self.files[path] == bytes,
                "{path} differs from a cold build"
            );
        }
    }
}

fn edit(t: &SiteTest, rel: &str, text: &str) {
    std::fs::write(t.root.join(rel), text).unwrap();
}

/// The basic fixture with 36 more modules of 3 lessons (over 30 modules the sidebar shows a
/// window of them), and a quiz in module 20 of them.
fn many_modules() -> SiteTest {
    let mut t = SiteTest::fixture("basic");
    for m in 0..36 {
        let dir = format!("content/{:02}-many-{m}", m + 10);
        t = t.write(
            &format!("{dir}/_index.md"),
            format!("---\ntitle: Many {m}\n---\n"),
        );
        for l in 0..3 {
            t = t.write(
                &format!("{dir}/{l:02}-l{l}.md"),
                format!("---\ntitle: L {m}.{l}\nduration: {l}\n---\nBody {m} {l}.\n"),
            );
        }
    }
    t.write("content/30-many-20/09-check.quiz.yaml", quiz("Which?", ""))
}

/// A quiz of one question with `prompt`, and `more` (further questions) after it.
fn quiz(prompt: &str, more: &str) -> String {
    format!(
        "title: Check\nquestions:\n  - type: single\n    prompt: {prompt}\n    options:\n      - {{text: a, correct: true, feedback: f}}\n      - {{text: b, correct: false, feedback: f}}\n{more}"
    )
}

#[test]
fn body_edits_are_incremental_and_equal_a_cold_build() {
    let t = SiteTest::fixture("basic");
    let mut s = Served::start(&t);
    edit(
        &t,
        "content/01-first/02-beta.md",
        "---\ntitle: Beta\nduration: 5\n---\nA new body with a [link](01-alpha.md).\n",
    );
    assert!(
        s.update(&t, "content/01-first/02-beta.md").unwrap(),
        "a body edit is incremental"
    );
    s.assert_equals_cold_build(&t);

    // A new task-list item changes the lesson's checklist: totals elsewhere change too.
    edit(
        &t,
        "content/01-first/02-beta.md",
        "---\ntitle: Beta\nduration: 5\n---\n- [ ] A new practice item\n",
    );
    assert!(s.update(&t, "content/01-first/02-beta.md").unwrap());
    s.assert_equals_cold_build(&t);

    // A title edit is incremental too: the sidebar, prev/next and lists that show it change.
    edit(
        &t,
        "content/01-first/02-beta.md",
        "---\ntitle: Beta renamed\nduration: 5\n---\nBody.\n",
    );
    assert!(
        s.update(&t, "content/01-first/02-beta.md").unwrap(),
        "a title edit reuses the other pages' markdown"
    );
    s.assert_equals_cold_build(&t);
}

#[test]
fn titles_from_headings_follow_body_edits_and_equal_a_cold_build() {
    // Issue 17: a lesson without a front-matter title takes its first `#` heading's text, so a
    // body edit can change the title other pages show, or whether the heading is cut.
    let t = SiteTest::fixture("basic");
    let beta = "content/01-first/02-beta.md";
    edit(
        &t,
        beta,
        "# Beta

Body.
",
    );
    let mut s = Served::start(&t);
    for text in [
        "# Beta

Another body.
",
        "# Beta renamed

Another body.
",
        "Intro first.

# Beta renamed
",
        "---
title: Beta renamed
---
# Beta renamed

Cut again.
",
        "---
title: Beta renamed
---
# Something else
",
    ] {
        edit(&t, beta, text);
        s.update(&t, beta).unwrap();
        s.assert_equals_cold_build(&t);
    }
    // A body edit that keeps the title stays on the fast path.
    edit(
        &t,
        beta,
        "---
title: Beta renamed
---
# Something else

More.
",
    );
    assert!(s.update(&t, beta).unwrap());
    s.assert_equals_cold_build(&t);
}

#[test]
fn lesson_folder_edits_equal_a_cold_build() {
    // Issue 17: a lesson folder's README.md updates like a lesson file, by the fast path when
    // its title stays, and a title from its heading follows an edit.
    let t = SiteTest::fixture("github");
    let mut s = Served::start(&t);
    let setup = "content/1-getting-started/2-setup/README.md";
    edit(
        &t,
        setup,
        "# Setup\n\n## Task - Install the tools\n\nNow with more words.\n\n## Step 1.2: edit config_file.json\n",
    );
    assert!(s.update(&t, setup).unwrap(), "a body edit is incremental");
    s.assert_equals_cold_build(&t);
    edit(
        &t,
        setup,
        "# Setting up\n\n## Task - Install the tools\n\n## Step 1.2: edit config_file.json\n",
    );
    s.update(&t, setup).unwrap();
    s.assert_equals_cold_build(&t);
}

#[test]
fn front_matter_quiz_and_module_edits_are_incremental_and_equal_a_cold_build() {
    let t = SiteTest::fixture("basic");
    let mut s = Served::start(&t);
    let beta = "content/01-first/02-beta.md";
    let steps: [(&str, &str); 7] = [
        // Weight moves beta before alpha: the order, prev/next and search numbering change.
        (beta, "---\ntitle: Beta\nweight: 0\n---\nBody.\n"),
        (
            beta,
            "---\ntitle: Beta\nweight: 0\ndescription: Now described\nobjectives: [Do it]\nchecklist: [Try it, Again]\n---\nBody.\n",
        ),
        (beta, "---\ntitle: Beta\nid: beta-stable\n---\nBody.\n"),
        (
            "content/01-first/_index.md",
            "---\ntitle: First renamed\ndescription: D\n---\nIntro.\n",
        ),
        (
            "content/02-second/_index.md",
            "---\ntitle: Second\nweight: 0\n---\nNow first.\n",
        ),
        (
            "content/_index.md",
            "---\ntitle: Fixture Course\ndescription: Home edited\n---\nWelcome.\n",
        ),
        (
            "content/01-first/09-check.quiz.yaml",
            "title: Check renamed\nquestions:\n  - type: single\n    prompt: Which [one](01-alpha.md)?\n    options:\n      - {text: a, correct: true, feedback: f}\n      - {text: b, correct: false, feedback: f}\n",
        ),
    ];
    for (rel, text) in steps {
        edit(&t, rel, text);
        assert!(s.update(&t, rel).unwrap(), "{rel}: {text}");
        s.assert_equals_cold_build(&t);
    }
    // A draft that is no longer one joins the site: a full rebuild, equal all the same.
    let draft = "content/01-first/03-draft.md";
    edit(&t, draft, "---\ntitle: Ready\n---\nReady now.\n");
    assert!(!s.update(&t, draft).unwrap());
    s.assert_equals_cold_build(&t);
}

#[test]
fn a_front_matter_error_equals_a_cold_builds_and_the_fix_recovers() {
    let t = SiteTest::fixture("basic");
    let mut s = Served::start(&t);
    let beta = "content/01-first/02-beta.md";
    // Two lessons with one id: the check runs as in a cold build.
    edit(&t, beta, "---\ntitle: Beta\nid: first/alpha\n---\nBody.\n");
    let err = format!("{:#}", s.update(&t, beta).unwrap_err());
    assert_eq!(
        err,
        t.errors().replace("[ROOT]", &t.root.display().to_string())
    );
    edit(&t, beta, "---\ntitle: Beta\n---\nBody.\n");
    s.update(&t, beta).unwrap();
    s.assert_equals_cold_build(&t);
}

#[test]
fn a_heading_others_link_to_cannot_vanish_quietly() {
    let t = SiteTest::fixture("basic");
    let mut s = Served::start(&t);
    let gamma = "content/02-second/01-gamma.md";
    edit(
        &t,
        gamma,
        "---\ntitle: Gamma\nid: stable-gamma\n---\n## Renamed heading\n",
    );
    let err = s.update(&t, gamma).unwrap_err().to_string();
    assert!(
        err.contains("01-alpha.md:14:5: error: link to `../02-second/01-gamma.md#some-heading`"),
        "{err}"
    );
    // Fixing it brings the site back, equal to a cold build.
    edit(
        &t,
        gamma,
        "---\ntitle: Gamma\nid: stable-gamma\n---\n## Some heading\n\nFixed.\n",
    );
    s.update(&t, gamma).unwrap();
    s.assert_equals_cold_build(&t);
}

#[test]
fn after_a_failed_update_the_next_one_sees_every_change() {
    let t = SiteTest::fixture("basic");
    let mut s = Served::start(&t);
    // A broken front matter fails; then another file's body changes: the broken file must
    // still fail the build, not be skipped by an incremental update of the other one.
    edit(&t, "content/01-first/02-beta.md", "---\ntitle: [\n---\n");
    assert!(s.update(&t, "content/01-first/02-beta.md").is_err());
    edit(
        &t,
        "content/02-second/01-gamma.md",
        "---\ntitle: Gamma\nid: stable-gamma\n---\n## Some heading\n\nNew.\n",
    );
    assert!(
        s.update(&t, "content/02-second/01-gamma.md").is_err(),
        "beta is still broken"
    );
    edit(
        &t,
        "content/01-first/02-beta.md",
        "---\ntitle: Beta\n---\nFixed.\n",
    );
    s.update(&t, "content/01-first/02-beta.md").unwrap();
    s.assert_equals_cold_build(&t);
}

/// Issue 19: a lesson or quiz added to a module folder, renamed (its place) or deleted is read
/// alone too, and the site equals a cold build; what a cold build refuses (a deleted page
/// others link to, a URL taken twice) reports its errors, and what may change other links (a
/// name beside an asset, a draft) takes a slower way, equal all the same.
#[test]
fn new_renamed_and_removed_pages_are_read_alone_and_equal_a_cold_build() {
    let t = many_modules();
    let mut s = Served::start(&t);
    let root = |rel: &str| t.root.join(rel);
    let delta = "content/30-many-20/04-delta.md";
    let moved = "content/30-many-20/00-delta.md";
    let quiz_file = "content/30-many-20/08-more.quiz.yaml";
    edit(
        &t,
        delta,
        "---\ntitle: Delta\nchecklist: [Do]\n---\nSee [l1](01-l1.md).\n",
    );
    assert!(s.update(&t, delta).unwrap());
    assert_eq!(s.site.way(), Way::Entries, "a new lesson");
    s.assert_equals_cold_build(&t);
    edit(&t, quiz_file, &quiz("More?", ""));
    assert!(s.update(&t, quiz_file).unwrap());
    assert_eq!(s.site.way(), Way::Entries, "a new quiz");
    s.assert_equals_cold_build(&t);
    // A rename to another number: its place changes, its URL stays.
    std::fs::rename(root(delta), root(moved)).unwrap();
    assert!(s.update_all(&[root(delta), root(moved)]).unwrap());
    assert_eq!(s.site.way(), Way::Entries, "a renamed lesson");
    s.assert_equals_cold_build(&t);
    for rel in [moved, quiz_file] {
        std::fs::remove_file(root(rel)).unwrap();
        assert!(s.update(&t, rel).unwrap());
        assert_eq!(s.site.way(), Way::Entries, "{rel} deleted");
        s.assert_equals_cold_build(&t);
    }
    // The first lesson of the first module, and a page added to the last module.
    let first = "content/01-first/01-alpha.md";
    let saved = std::fs::read_to_string(root(first)).unwrap();
    let last = "content/45-many-35/99-last.md";
    edit(&t, last, "---\ntitle: Last\n---\nThe end.\n");
    assert!(s.update(&t, last).unwrap());
    assert_eq!(s.site.way(), Way::Entries);
    s.assert_equals_cold_build(&t);

    // A page others link to (alpha links to beta): the cold build's errors.
    let beta = "content/01-first/02-beta.md";
    std::fs::remove_file(root(beta)).unwrap();
    let err = format!("{:#}", s.update(&t, beta).unwrap_err());
    let cold = match render(&opts(&t)) {
        Ok(_) => panic!("a cold build without beta succeeds"),
        Err(e) => format!("{e:#}"),
    };
    assert_eq!(err, cold);
    edit(
        &t,
        first,
        &saved.replace("Also [beta](02-beta.md) and", "Also"),
    );
    s.update(&t, first).unwrap();
    s.assert_equals_cold_build(&t);

    // A URL another page has, on a case-insensitive disk: the cold build's error.
    let twin = "content/10-many-0/05-L1.md";
    edit(&t, twin, "---\ntitle: Twin\n---\nBody.\n");
    let err = format!("{:#}", s.update(&t, twin).unwrap_err());
    let cold = match render(&opts(&t)) {
        Ok(_) => panic!("a cold build with two l1 pages succeeds"),
        Err(e) => format!("{e:#}"),
    };
    assert_eq!(err, cold);
    std::fs::remove_file(root(twin)).unwrap();
    s.update(&t, twin).unwrap();
    s.assert_equals_cold_build(&t);

    // A page named like an asset (a link to `diagram.png` could mean either), and a new
    // draft: slower ways, equal all the same.
    for (rel, text) in [
        (
            "content/01-first/diagram.png.md",
            "---\ntitle: Diagram\n---\nBody.\n",
        ),
        (
            "content/01-first/05-later.md",
            "---\ntitle: Later\ndraft: true\n---\nBody.\n",
        ),
    ] {
        edit(&t, rel, text);
        s.update(&t, rel).unwrap();
        assert_ne!(s.site.way(), Way::Entries, "{rel}");
        s.assert_equals_cold_build(&t);
    }
}

/// W15: random sequences of saves, creations, renames and deletions, fed to a live site the
/// way `serve` feeds them. After each step the site equals a cold build of the tree, or both
/// fail with the same errors; a later good step recovers.
mod w15 {
    use super::*;
    use proptest::prelude::*;
    use std::path::Path;

    #[derive(Debug, Clone)]
    enum Op {
        Create {
            module: u8,
            name: u8,
            body: u8,
        },
        EditBody {
            lesson: u8,
            body: u8,
        },
        EditFront {
            lesson: u8,
            title: u8,
            weight: Option<u8>,
            checklist: u8,
            id: Option<u8>,
        },
        /// A new number for a lesson's file: its place changes, its URL stays.
        Renumber {
            lesson: u8,
            number: u8,
        },
        Rename {
            lesson: u8,
            name: u8,
        },
        Delete {
            lesson: u8,
        },
        Quiz {
            good: bool,
            title: u8,
        },
        ToggleModule,
        /// A new body for the home page or a module's `_index.md`, its front matter kept.
        EditPageBody {
            page: u8,
            body: u8,
        },
        /// A lesson replaced by a link to a copy of itself outside the course (a cold build
        /// refuses it; the next step that deletes or rewrites it mends the course).
        LinkOutside {
            lesson: u8,
        },
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(module, name, body)| Op::Create {
                module,
                name,
                body
            }),
            (any::<u8>(), any::<u8>()).prop_map(|(lesson, body)| Op::EditBody { lesson, body }),
            (
                any::<u8>(),
                any::<u8>(),
                proptest::option::of(0u8..5),
                any::<u8>(),
                proptest::option::of(0u8..3),
            )
                .prop_map(|(lesson, title, weight, checklist, id)| Op::EditFront {
                    lesson,
                    title,
                    weight,
                    checklist,
                    id,
                }),
            (any::<u8>(), 0u8..10).prop_map(|(lesson, number)| Op::Renumber { lesson, number }),
            (any::<u8>(), any::<u8>()).prop_map(|(lesson, name)| Op::Rename { lesson, name }),
            any::<u8>().prop_map(|lesson| Op::Delete { lesson }),
            // A quiz without a correct answer one time in four.
            (0u8..4, any::<u8>()).prop_map(|(n, title)| Op::Quiz { good: n > 0, title }),
            Just(Op::ToggleModule),
            (any::<u8>(), any::<u8>()).prop_map(|(page, body)| Op::EditPageBody { page, body }),
            any::<u8>().prop_map(|lesson| Op::LinkOutside { lesson }),
        ]
    }

    /// Bodies with headings, task lists, good links, links into headings and a broken link.
    fn body(n: u8) -> &'static str {
        [
            "Plain body.\n",
            "## Some heading\n\nWith a heading.\n",
            "- [ ] A task\n- [ ] Another task\n",
            "See [gamma](../02-second/01-gamma.md#some-heading).\n",
            "See [alpha](../01-first/01-alpha.md).\n",
            "A [broken link](../01-first/nope.md).\n",
            "Another plain body.\n",
            "## Other heading\n\n- [ ] One task\n",
            "A third plain body.\n",
            "## Some heading\n\nA heading again.\n",
            "*Emphasis* and `code`.\n",
            "- [ ] Practise\n- [x] Done\n",
        ][n as usize % 12]
    }

    fn dirs(content: &Path, pred: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
        let mut all: Vec<PathBuf> = std::fs::read_dir(content)
            .map(|r| r.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        all.retain(|p| pred(p));
        all.sort();
        all
    }

    fn lessons(content: &Path) -> Vec<PathBuf> {
        dirs(content, Path::is_dir)
            .iter()
            .flat_map(|m| dirs(m, |p| p.extension().is_some_and(|e| e == "md")))
            .filter(|p| !p.ends_with("_index.md"))
            .collect()
    }

    /// Writes `text` to `path` as an editor that saves by renaming a new file over the old
    /// does: a link there becomes a plain file (so a step mends what `LinkOutside` broke).
    fn save(path: &Path, text: &str) {
        if path.is_symlink() {
            std::fs::remove_file(path).unwrap();
        }
        std::fs::write(path, text).unwrap();
    }

    /// Gives the page at `path` body `b`, its front matter kept; the paths a watcher reports.
    fn new_body(path: &Path, b: u8) -> Vec<PathBuf> {
        let text = std::fs::read_to_string(path).unwrap();
        let front = text
            .split("---\n")
            .nth(1)
            .unwrap_or("title: X\n")
            .to_owned();
        save(path, &format!("---\n{front}---\n{}", body(b)));
        vec![path.to_owned()]
    }

    /// Applies `op` to the course and returns the paths a watcher would report.
    fn apply(root: &Path, op: &Op) -> Vec<PathBuf> {
        let content = root.join("content");
        let pick = |n: u8| {
            let all = lessons(&content);
            (!all.is_empty()).then(|| all[n as usize % all.len()].clone())
        };
        match *op {
            Op::Create {
                module,
                name,
                body: b,
            } => {
                let modules = dirs(&content, Path::is_dir);
                if modules.is_empty() {
                    return Vec::new();
                }
                let m = &modules[module as usize % modules.len()];
                let path = m.join(format!("{:02}-new-{name}.md", name % 9 + 1));
                std::fs::write(&path, format!("---\ntitle: New {name}\n---\n{}", body(b))).unwrap();
                vec![path]
            }
            Op::EditBody { lesson, body: b } => {
                let Some(path) = pick(lesson) else {
                    return Vec::new();
                };
                new_body(&path, b)
            }
            Op::EditPageBody { page, body: b } => {
                let mut pages = vec![content.join("_index.md")];
                pages.extend(
                    dirs(&content, Path::is_dir)
                        .iter()
                        .map(|m| m.join("_index.md"))
                        .filter(|p| p.is_file()),
                );
                new_body(&pages[page as usize % pages.len()], b)
            }
            Op::EditFront {
                lesson,
                title,
                weight,
                checklist,
                id,
            } => {
                let Some(path) = pick(lesson) else {
                    return Vec::new();
                };
                let text = std::fs::read_to_string(&path).unwrap();
                let rest = text.splitn(3, "---\n").nth(2).unwrap_or("").to_owned();
                let mut front = format!(
                    "title: {}\n",
                    ["Alpha", "Renamed", "Beta"][title as usize % 3]
                );
                if let Some(w) = weight {
                    front.push_str(&format!("weight: {w}\n"));
                }
                // Two lessons may take one id: an error, as in a cold build.
                if let Some(n) = id {
                    front.push_str(&format!("id: stable-{n}\n"));
                }
                front.push_str(
                    ["", "checklist: [Try it]\n", "checklist: [Try it, Again]\n"]
                        [checklist as usize % 3],
                );
                save(&path, &format!("---\n{front}---\n{rest}"));
                vec![path]
            }
            Op::Rename { lesson, name } => {
                let Some(path) = pick(lesson) else {
                    return Vec::new();
                };
                let to = path.with_file_name(format!("{:02}-moved-{name}.md", name % 9 + 1));
                if to.exists() {
                    return Vec::new();
                }
                std::fs::rename(&path, &to).unwrap();
                vec![path, to]
            }
            Op::Renumber { lesson, number } => {
                let Some(path) = pick(lesson) else {
                    return Vec::new();
                };
                let name = path.file_name().unwrap().to_str().unwrap();
                let rest = name.trim_start_matches(|c: char| c.is_ascii_digit());
                let to = path.with_file_name(format!("{number:02}{rest}"));
                if to.exists() {
                    return Vec::new();
                }
                std::fs::rename(&path, &to).unwrap();
                vec![path, to]
            }
            Op::LinkOutside { lesson } => {
                let Some(path) = pick(lesson) else {
                    return Vec::new();
                };
                let outside = root.parent().unwrap().join(format!("outside-{lesson}.md"));
                std::fs::copy(&path, &outside).unwrap();
                std::fs::remove_file(&path).unwrap();
                std::os::unix::fs::symlink(&outside, &path).unwrap();
                vec![path]
            }
            Op::Delete { lesson } => {
                let Some(path) = pick(lesson) else {
                    return Vec::new();
                };
                std::fs::remove_file(&path).unwrap();
                vec![path]
            }
            Op::Quiz { good, title } => {
                let path = content.join("01-first/09-check.quiz.yaml");
                if !path.parent().unwrap().is_dir() {
                    return Vec::new();
                }
                let correct = if good { "true" } else { "false" };
                std::fs::write(
                    &path,
                    format!(
                        "title: Check {title}\nquestions:\n  - type: single\n    prompt: Which?\n    options:\n      - {{text: a, correct: {correct}, feedback: f}}\n      - {{text: b, correct: false, feedback: f}}\n"
                    ),
                )
                .unwrap();
                vec![path]
            }
            Op::ToggleModule => {
                let m = content.join("03-extra");
                let files = [m.join("_index.md"), m.join("01-extra.md")];
                if m.exists() {
                    std::fs::remove_dir_all(&m).unwrap();
                } else {
                    std::fs::create_dir(&m).unwrap();
                    std::fs::write(&files[0], "---\ntitle: Extra\n---\nExtra module.\n").unwrap();
                    std::fs::write(
                        &files[1],
                        "---\ntitle: Extra lesson\n---\nSee [alpha](../01-first/01-alpha.md).\n",
                    )
                    .unwrap();
                }
                [vec![m], files.to_vec()].concat()
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 24,
            max_shrink_iters: 200,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn w15_live_site_equals_a_cold_build_after_every_step(ops in proptest::collection::vec(op(), 8..=15)) {
            // Without the fixture's links between lessons, so that most steps keep the course
            // good and exercise the incremental ways; the bodies below add links again.
            let t = SiteTest::fixture("basic")
                .write("content/_index.md", "---\ntitle: Fixture Course\n---\nWelcome.\n")
                .write("content/01-first/01-alpha.md", "---\ntitle: Alpha\n---\n## Some heading\n");
            let mut s = Served::start(&t);
            for (n, op) in ops.iter().enumerate() {
                let changed = apply(&t.root, op);
                if changed.is_empty() {
                    continue;
                }
                let live = s.site.update(&changed, true);
                let cold = render(&opts(&t));
                match (live, cold) {
                    (Ok(update), Ok(_)) => {
                        match update {
                            Update::Partial(files, removed, _) => {
                                for path in removed {
                                    s.files.remove(&path);
                                }
                                s.files.extend(to_map(files));
                            }
                            Update::Full(files, _) => s.files = to_map(files),
                            Update::Unchanged => {}
                        }
                        s.assert_equals_cold_build(&t);
                    }
                    (Err(live), Err(cold)) => {
                        prop_assert_eq!(format!("{live:#}"), format!("{cold:#}"), "step {}: {:?}", n, op);
                    }
                    (live, cold) => prop_assert!(
                        false,
                        "step {n} {op:?}: live {:?} but cold {:?}",
                        live.map(|_| ()).map_err(|e| format!("{e:#}")),
                        cold.map(|_| ()).map_err(|e| format!("{e:#}"))
                    ),
                }
            }
        }
    }
}

#[test]
fn edits_in_a_course_of_many_modules_render_the_pages_near_them_and_equal_a_cold_build() {
    // Over 30 modules the sidebar shows a window of modules, so an edit renders only the pages
    // near it (and the course-wide ones); the result must still equal a cold build.
    let t = many_modules();
    let mut s = Served::start(&t);
    let steps: [(&str, &str); 6] = [
        (
            "content/30-many-20/01-l1.md",
            "---\ntitle: Renamed\nduration: 1\n---\nBody.\n",
        ),
        (
            "content/30-many-20/01-l1.md",
            "---\ntitle: Renamed\nduration: 9\nchecklist: [Go]\n---\nBody.\n",
        ),
        (
            "content/30-many-20/00-l0.md",
            "---\ntitle: First\n---\nBody.\n",
        ),
        (
            "content/30-many-20/02-l2.md",
            "---\ntitle: Last\n---\nBody.\n",
        ),
        (
            "content/45-many-35/_index.md",
            "---\ntitle: Renamed module\n---\n",
        ),
        (
            "content/30-many-20/02-l2.md",
            "---\ntitle: Last\nweight: 0\n---\nBody.\n",
        ),
    ];
    for (rel, text) in steps {
        edit(&t, rel, text);
        assert!(s.update(&t, rel).unwrap(), "{rel}");
        s.assert_equals_cold_build(&t);
    }
}

/// A page beside the course (a guide, issue 18): its title (in every page's footer) and body,
/// and a role-play's markdown, in front matter and after a body edit, reach every page a cold
/// build would change.
#[test]
fn guide_and_roleplay_edits_equal_a_cold_build() {
    let guide = "content/90-for-coaches.md";
    let t = SiteTest::fixture("basic").write(
        guide,
        "---\ntitle: For coaches\n---\nSee [alpha](01-first/01-alpha.md#links).\n",
    );
    let mut s = Served::start(&t);
    let steps: [(&str, &str); 4] = [
        // The guide's title is in every page's footer.
        (
            guide,
            "---\ntitle: For coaches and managers\n---\nBody [alpha](01-first/01-alpha.md).\n",
        ),
        (
            guide,
            "---\ntitle: For coaches and managers\n---\nA new body only.\n",
        ),
        (
            "content/01-first/02-beta.md",
            "---\ntitle: Beta\nroleplay:\n  situation: A **late** order, see [alpha](01-alpha.md).\n  roles:\n    - {name: Customer, brief: You are *cross*.}\n    - {name: Learner, brief: Fix it.}\n  rubric:\n    - Says **sorry**\n---\nBody.\n",
        ),
        (
            "content/01-first/02-beta.md",
            "---\ntitle: Beta\nroleplay:\n  situation: A **late** order, see [alpha](01-alpha.md).\n  roles:\n    - {name: Customer, brief: You are *cross*.}\n    - {name: Learner, brief: Fix it.}\n  rubric:\n    - Says **sorry**\n---\nA body edit keeps the role-play.\n",
        ),
    ];
    for (rel, text) in steps {
        edit(&t, rel, text);
        s.update(&t, rel).unwrap();
        s.assert_equals_cold_build(&t);
    }
}

/// Issue 19: the body of the home page, of a module's `_index.md` or of a page beside the
/// course, its front matter the same, is rendered alone (with the pages that show it, and the
/// module page's search document); a broken link or a heading others link to taken away is
/// reported as a cold build reports it; the site equals a cold build after each step.
#[test]
fn page_bodies_outside_lessons_are_rendered_alone_and_equal_a_cold_build() {
    let home = "content/_index.md";
    let module = "content/02-second/_index.md";
    let guide = "content/90-for-coaches.md";
    let home_front = "---\ntitle: Fixture Course\ndescription: Home of the fixture\n---\n";
    let module_front = "---\ntitle: Second module\ndescription: Comes second\n---\n";
    let guide_front = "---\ntitle: For coaches\n---\n";
    let t = SiteTest::fixture("basic").write(guide, format!("{guide_front}For coaches.\n"));
    let mut s = Served::start(&t);
    let module_text = |body: &str| format!("{module_front}{body}");
    let steps: [(&str, String, Way); 7] = [
        (
            module,
            module_text("## What comes\n\nZeppelins and their crews.\n"),
            Way::Bodies,
        ),
        (
            home,
            format!("{home_front}Welcome back, with **news**.\n"),
            Way::Bodies,
        ),
        (
            home,
            format!("{home_front}Welcome back, with **news**.\n"),
            Way::Unchanged,
        ),
        (
            module,
            module_text("## What comes\n\nAirships and their pilots.\n"),
            Way::Bodies,
        ),
        (
            guide,
            format!("{guide_front}A new body; see [alpha](01-first/01-alpha.md).\n"),
            Way::Bodies,
        ),
        // The home page's title is every page's: not a body edit.
        (
            home,
            "---\ntitle: Fixture Course v2\ndescription: Home of the fixture\n---\nHello.\n"
                .to_owned(),
            Way::Reloaded,
        ),
        (
            guide,
            format!("{guide_front}See [the module](02-second/_index.md#what-comes).\n"),
            Way::Bodies,
        ),
    ];
    for (rel, text, way) in steps {
        edit(&t, rel, &text);
        assert!(s.update(&t, rel).unwrap(), "{rel}: incremental");
        assert_eq!(s.site.way(), way, "{rel}: {text}");
        s.assert_equals_cold_build(&t);
    }

    // The module page's new words lead to it in the search index (compared whole above).
    let search = s
        .files
        .iter()
        .filter(|(path, _)| path.starts_with("assets/search/t"))
        .any(|(_, bytes)| String::from_utf8_lossy(bytes).contains("\"airship\""));
    assert!(search, "airships are indexed");

    // A heading the guide links to taken away, and a broken link in the home page's body: each
    // reported as a cold build reports it, then fixed.
    for (rel, broken, fixed) in [
        (module, module_text("No more headings.\n"), module_text("## What comes\n\nBack.\n")),
        (
            home,
            "---\ntitle: Fixture Course v2\ndescription: Home of the fixture\n---\nSee [nothing](01-first/nothing.md).\n".to_owned(),
            "---\ntitle: Fixture Course v2\ndescription: Home of the fixture\n---\nFixed.\n".to_owned(),
        ),
    ] {
        s.fails_as_a_cold_build_then_recovers(&t, rel, &broken, &fixed);
    }
}

/// Issue 19: a lesson's title, place, checklist or id and a quiz's questions are read from the
/// changed file alone, in a course big enough for the sidebar's window, at the start, middle
/// and end of the course; the site equals a cold build after each.
#[test]
fn entry_edits_read_only_the_changed_file_and_equal_a_cold_build() {
    let t = many_modules();
    let mut s = Served::start(&t);
    let l1 = "content/30-many-20/01-l1.md";
    let l2 = "content/30-many-20/02-l2.md";
    let check = "content/30-many-20/09-check.quiz.yaml";
    let true_false = "  - type: true_false\n    prompt: Sure?\n    answer: true\n";
    let steps: Vec<(&str, String)> = vec![
        (l1, "---\ntitle: Renamed\nduration: 1\n---\nBody.\n".into()),
        // Its place: first, after the quiz, back by its number, tied with another's number.
        (l2, "---\ntitle: L 20.2\nweight: 0\n---\nBody.\n".into()),
        (l2, "---\ntitle: L 20.2\nweight: 10\n---\nBody.\n".into()),
        (l2, "---\ntitle: L 20.2\n---\nBody.\n".into()),
        (l2, "---\ntitle: L 20.2\nweight: 1\n---\nBody.\n".into()),
        // Its checklist: an item added, reworded, another added, removed.
        (l1, "---\ntitle: Renamed\nchecklist: [Go]\n---\nBody.\n".into()),
        (l1, "---\ntitle: Renamed\nchecklist: [Go now]\n---\nBody.\n".into()),
        (l1, "---\ntitle: Renamed\nchecklist: [Go now, {id: two, text: Two}]\n---\nBody.\n".into()),
        (l1, "---\ntitle: Renamed\nchecklist: [{id: two, text: Two}]\n---\nBody.\n".into()),
        // Its id, duration, description and objectives.
        (l1, "---\ntitle: Renamed\nid: stable-l1\nduration: 7\ndescription: D\nobjectives: [O]\n---\nBody.\n".into()),
        // A quiz: a question's prompt, a question added, its title and place.
        (check, quiz("Which one?", "")),
        (check, quiz("Which one?", true_false)),
        (check, quiz("Which one?", true_false).replace("title: Check", "title: Checked\nweight: 0")),
        // The first and last modules' lessons: prev/next links to and from other modules.
        ("content/10-many-0/00-l0.md", "---\ntitle: The very first\nweight: 5\n---\nBody.\n".into()),
        ("content/45-many-35/02-l2.md", "---\ntitle: The very last\nweight: 0\n---\nBody.\n".into()),
        ("content/01-first/02-beta.md", "---\ntitle: Beta\nweight: 9\nchecklist: [Try]\n---\nBody.\n".into()),
    ];
    for (rel, text) in steps {
        edit(&t, rel, &text);
        assert!(s.update(&t, rel).unwrap(), "{rel}: {text}");
        assert_eq!(s.site.way(), Way::Entries, "{rel}: {text}");
        s.assert_equals_cold_build(&t);
    }
    // A module's page: its title (in sidebars, breadcrumbs, the home page and every search
    // record of its pages), description and body, and a weight that keeps its place.
    let module = "content/30-many-20/_index.md";
    for text in [
        "---\ntitle: Module renamed\n---\n",
        "---\ntitle: Module renamed\ndescription: Now described\n---\n## Intro\n\nSee [l1](01-l1.md).\n",
        "---\ntitle: Module renamed\nweight: 30\n---\nShorter.\n",
    ] {
        edit(&t, module, text);
        assert!(s.update(&t, module).unwrap(), "{text}");
        assert_eq!(s.site.way(), Way::Entries, "{text}");
        s.assert_equals_cold_build(&t);
    }
    // A weight that moves the module is for the next way, equal all the same.
    edit(&t, module, "---\ntitle: Module renamed\nweight: 0\n---\n");
    assert!(s.update(&t, module).unwrap());
    assert_eq!(s.site.way(), Way::Reloaded);
    s.assert_equals_cold_build(&t);
    // Two files in one batch (a `git checkout`): both read alone.
    edit(&t, l1, "---\ntitle: One\nweight: 3\n---\nBody.\n");
    edit(&t, l2, "---\ntitle: Two\n---\nBody.\n");
    assert!(s.update_all(&[t.root.join(l1), t.root.join(l2)]).unwrap());
    assert_eq!(s.site.way(), Way::Entries);
    s.assert_equals_cold_build(&t);
    // A lesson that becomes a draft leaves the site: not for this way, equal all the same.
    edit(&t, l2, "---\ntitle: Two\ndraft: true\n---\nBody.\n");
    assert!(!s.update(&t, l2).unwrap());
    s.assert_equals_cold_build(&t);
}

/// Issue 19: an entry edit that a cold build refuses (an id another lesson has, a quiz
/// without a right answer) reports exactly the cold build's errors, and fixing it recovers.
#[test]
fn entry_edits_with_errors_report_what_a_cold_build_does() {
    let t = many_modules();
    let mut s = Served::start(&t);
    let l1 = "content/30-many-20/01-l1.md";
    let check = "content/30-many-20/09-check.quiz.yaml";
    for (rel, bad, good) in [
        (
            l1,
            "---\ntitle: L\nid: many-20/l0\n---\nBody.\n".to_owned(),
            "---\ntitle: L\nid: many-20/l9\n---\nBody.\n".to_owned(),
        ),
        (
            check,
            quiz("Which?", "").replace("correct: true", "correct: false"),
            quiz("Which now?", ""),
        ),
    ] {
        s.fails_as_a_cold_build_then_recovers(&t, rel, &bad, &good);
    }
    // After the failure the next update is a full one; the one after reads the file alone.
    edit(&t, l1, "---\ntitle: L again\nid: many-20/l9\n---\nBody.\n");
    s.update(&t, l1).unwrap();
    assert_eq!(s.site.way(), Way::Entries);
    s.assert_equals_cold_build(&t);
}

/// Issue 19: a lesson folder's page (issue 17) is read alone too: its place comes from its
/// folder's name.
#[test]
fn lesson_folder_front_matter_edits_read_the_file_alone() {
    let t = SiteTest::fixture("github");
    let mut s = Served::start(&t);
    let setup = "content/1-getting-started/2-setup/README.md";
    for text in [
        "---\ntitle: Setting up\n---\n## Task - Install the tools\n\n## Step 1.2: edit config_file.json\n",
        "---\ntitle: Setting up\nweight: 0\nchecklist: [Install]\n---\n## Task - Install the tools\n\n## Step 1.2: edit config_file.json\n",
    ] {
        edit(&t, setup, text);
        assert!(s.update(&t, setup).unwrap());
        assert_eq!(s.site.way(), Way::Entries, "{text}");
        s.assert_equals_cold_build(&t);
    }
    // A lesson folder's page deleted: its folder's files are the module's now, named
    // otherwise; not for this way, equal all the same.
    let extra = "content/1-getting-started/4-extra/README.md";
    std::fs::create_dir(t.root.join("content/1-getting-started/4-extra")).unwrap();
    edit(
        &t,
        "content/1-getting-started/4-extra/notes.txt",
        "Notes.\n",
    );
    edit(&t, extra, "# Extra\n\nBody.\n");
    s.update(&t, "content/1-getting-started/4-extra").unwrap();
    s.assert_equals_cold_build(&t);
    std::fs::remove_file(t.root.join(extra)).unwrap();
    s.update(&t, extra).unwrap();
    assert_ne!(s.site.way(), Way::Entries);
    s.assert_equals_cold_build(&t);
}

/// A page file that becomes a link is the walk's to judge, as in a cold build, even when what
/// it points at (outside the course here) has the front matter the page had: the body ways
/// never read through it.
#[test]
fn a_page_replaced_by_a_link_outside_the_course_is_judged_as_a_cold_build_judges_it() {
    let outside = tempfile::tempdir().unwrap();
    for (rel, front) in [
        (
            "content/_index.md",
            "---\ntitle: Fixture Course\ndescription: Home of the fixture\n---\n",
        ),
        (
            "content/01-first/02-beta.md",
            "---\ntitle: Beta\nduration: 5\n---\n",
        ),
    ] {
        let t = SiteTest::fixture("basic");
        let mut s = Served::start(&t);
        let secret = outside.path().join("secret.md");
        std::fs::write(
            &secret,
            format!("{front}A secret from outside the course.\n"),
        )
        .unwrap();
        let page = t.root.join(rel);
        let original = std::fs::read_to_string(&page).unwrap();
        assert!(original.starts_with(front), "{rel} keeps its front matter");
        // First a link to a copy of the page as it is: the same text, still not the same file.
        let copy = outside.path().join("copy.md");
        std::fs::write(&copy, &original).unwrap();
        for target in [&copy, &secret] {
            std::fs::remove_file(&page).unwrap();
            std::os::unix::fs::symlink(target, &page).unwrap();
            let live = s.update(&t, rel).map(|_| ()).map_err(|e| format!("{e:#}"));
            let cold = render(&opts(&t)).map(|_| ()).map_err(|e| format!("{e:#}"));
            assert_eq!(live, cold, "{rel} -> {}", target.display());
            assert!(
                !matches!(s.site.way(), Way::Bodies | Way::Unchanged),
                "{rel}: {:?}",
                s.site.way()
            );
            if live.is_ok() {
                s.assert_equals_cold_build(&t);
            }
        }
        assert!(
            !s.files
                .values()
                .any(|f| String::from_utf8_lossy(f).contains("A secret from outside")),
            "{rel}: the linked text is not served"
        );
    }
}
