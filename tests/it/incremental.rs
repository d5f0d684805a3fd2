//! serve's incremental rebuilds equal a cold build of the same tree, file for file (W15).

use std::collections::BTreeMap;
use std::path::PathBuf;

use syllabus::build::incremental::{LiveSite, Update};
use syllabus::build::output::{OutData, OutFile};
use syllabus::build::{BuildOptions, render};

use crate::harness::SiteTest;

fn opts(site: &SiteTest) -> BuildOptions {
    BuildOptions {
        root: site.root.clone(),
        output: None,
        drafts: false,
        force: false,
        write: false,
    }
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
        match self.site.update(&[t.root.join(rel)], true)? {
            Update::Partial(files, _) => {
                self.files.extend(to_map(files));
                Ok(true)
            }
            Update::Full(files, _) => {
                self.files = to_map(files);
                Ok(false)
            }
        }
    }

    fn assert_equals_cold_build(&self, t: &SiteTest) {
        let (_, cold) = render(&opts(t)).unwrap();
        let cold = to_map(cold);
        assert_eq!(
            self.files.keys().collect::<Vec<_>>(),
            cold.keys().collect::<Vec<_>>()
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

    // Front matter changes take a full rebuild.
    edit(
        &t,
        "content/01-first/02-beta.md",
        "---\ntitle: Beta renamed\nduration: 5\n---\nBody.\n",
    );
    assert!(
        !s.update(&t, "content/01-first/02-beta.md").unwrap(),
        "a title edit rebuilds everything"
    );
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

#[test]
fn a_new_or_removed_file_takes_a_full_rebuild() {
    let t = SiteTest::fixture("basic");
    let mut s = Served::start(&t);
    edit(
        &t,
        "content/01-first/04-delta.md",
        "---\ntitle: Delta\n---\nNew lesson.\n",
    );
    assert!(!s.update(&t, "content/01-first/04-delta.md").unwrap());
    s.assert_equals_cold_build(&t);
    std::fs::remove_file(t.root.join("content/01-first/04-delta.md")).unwrap();
    let gone: PathBuf = t.root.join("content/01-first/04-delta.md");
    assert!(matches!(
        s.site.update(&[gone], true).unwrap(),
        Update::Full(..)
    ));
}
