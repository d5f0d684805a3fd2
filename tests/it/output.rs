//! The output folder: atomic replacement, refusal of dangerous folders, --force and dotfiles.

use crate::harness::{SiteTest, snapshot, temp_folders};

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

// ---------- O04: faults while writing, injected through the filesystem seam ----------

use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use syllabus::build::output::{OutData, OutFile, write_site_with};
use syllabus::fs::{RealFs, WriteFs};

/// The real disk, except that the `n`th file write (counting from 1) or the `n`th rename fails
/// with `kind`; a failing write first writes half its bytes, as a disk that fills up does.
struct Faulty {
    write: Option<(usize, io::ErrorKind)>,
    rename: Option<(usize, io::ErrorKind)>,
    /// Every hard link fails with this (a disk without hard links).
    link: Option<io::ErrorKind>,
    writes: AtomicUsize,
    renames: AtomicUsize,
}

impl Faulty {
    fn write(n: usize, kind: io::ErrorKind) -> Self {
        Faulty {
            write: Some((n, kind)),
            rename: None,
            link: None,
            writes: 0.into(),
            renames: 0.into(),
        }
    }

    fn rename(n: usize, kind: io::ErrorKind) -> Self {
        Faulty {
            write: None,
            rename: Some((n, kind)),
            link: None,
            writes: 0.into(),
            renames: 0.into(),
        }
    }
}

impl WriteFs for Faulty {
    fn create_dir_all(&self, path: &Path) -> io::Result<()> {
        RealFs.create_dir_all(path)
    }

    fn write(&self, path: &Path, contents: &[u8]) -> io::Result<()> {
        let n = self.writes.fetch_add(1, Ordering::SeqCst) + 1;
        match self.write {
            Some((at, kind)) if at == n => {
                RealFs.write(path, &contents[..contents.len() / 2])?;
                Err(io::Error::from(kind))
            }
            _ => RealFs.write(path, contents),
        }
    }

    fn copy(&self, from: &Path, to: &Path) -> io::Result<()> {
        RealFs.copy(from, to)
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        let n = self.renames.fetch_add(1, Ordering::SeqCst) + 1;
        match self.rename {
            Some((at, kind)) if at == n => Err(io::Error::from(kind)),
            _ => RealFs.rename(from, to),
        }
    }

    fn hard_link(&self, from: &Path, to: &Path) -> io::Result<()> {
        match self.link {
            Some(kind) => Err(io::Error::from(kind)),
            None => RealFs.hard_link(from, to),
        }
    }

    fn remove_dir_all(&self, path: &Path) -> io::Result<()> {
        RealFs.remove_dir_all(path)
    }
}

/// A new site of 60 pages in 6 folders, different from what the fixture builds.
fn new_site() -> Vec<OutFile> {
    (0..60)
        .map(|i| OutFile {
            path: format!("m{}/page-{i}.html", i % 6),
            data: OutData::Bytes(format!("<p>new page {i}</p>").repeat(200).into_bytes()),
        })
        .collect()
}

/// A built fixture whose output also holds the author's `.git`.
fn built_with_git() -> SiteTest {
    let site = SiteTest::fixture("basic");
    site.build();
    site.write("public/.git/HEAD", "ref: refs/heads/main\n")
}

#[test]
fn o04_a_full_disk_mid_write_keeps_the_previous_site() {
    // Write 1 is the marker file, 2 to 61 are the pages.
    for (n, kind, says) in [
        (1, io::ErrorKind::StorageFull, "the disk is full"),
        (17, io::ErrorKind::StorageFull, "the disk is full"),
        (40, io::ErrorKind::PermissionDenied, "permission denied"),
        (
            61,
            io::ErrorKind::QuotaExceeded,
            "the disk quota is used up",
        ),
    ] {
        let site = built_with_git();
        let before = snapshot(&site.out());
        let err = write_site_with(&Faulty::write(n, kind), &site.out(), &new_site(), &[])
            .expect_err("the write fails");
        let msg = format!("{err:#}");
        assert!(msg.starts_with("could not write "), "write {n}: {msg}");
        assert!(
            msg.contains(".syllabus-tmp-")
                && (msg.contains(".html: ") || msg.contains(".syllabus-output: ")),
            "names the file: {msg}"
        );
        assert!(msg.contains(says), "write {n}: {msg}");
        assert_eq!(
            snapshot(&site.out()),
            before,
            "write {n}: the previous site is intact"
        );
        assert_eq!(
            temp_folders(&site.root),
            Vec::<(String, usize)>::new(),
            "write {n}: nothing half-written is left"
        );
    }
}

#[test]
fn o04_a_failing_rename_at_each_step_of_the_swap_keeps_the_previous_site() {
    // Rename 1 carries `.git` into the new site, 2 moves the old site aside, 3 moves the new in.
    for (n, says) in [
        (1, "could not keep "),
        (2, "could not move the old "),
        (3, "could not move the new site into "),
    ] {
        let site = built_with_git();
        let before = snapshot(&site.out());
        let faulty = Faulty::rename(n, io::ErrorKind::PermissionDenied);
        let err =
            write_site_with(&faulty, &site.out(), &new_site(), &[]).expect_err("the swap fails");
        let msg = site.redact(&format!("{err:#}"));
        assert!(msg.starts_with(says), "rename {n}: {msg}");
        assert!(
            msg.contains("[ROOT]/public"),
            "rename {n} names the path: {msg}"
        );
        assert!(msg.contains("permission denied"), "rename {n}: {msg}");
        assert_eq!(
            snapshot(&site.out()),
            before,
            "rename {n}: the previous site and its .git are intact"
        );
        assert_eq!(
            temp_folders(&site.root),
            Vec::<(String, usize)>::new(),
            "rename {n}: no temporary folder is left"
        );
    }
    // And with no fault, the same call swaps the new site in and keeps `.git`.
    let site = built_with_git();
    write_site_with(&RealFs, &site.out(), &new_site(), &[]).expect("the swap works");
    assert_eq!(site.read(".git/HEAD"), "ref: refs/heads/main\n");
    assert!(
        site.read("m5/page-59.html")
            .starts_with("<p>new page 59</p>")
    );
    assert!(
        !site.out().join("index.html").exists(),
        "the old site is gone"
    );
    assert_eq!(temp_folders(&site.root), Vec::<(String, usize)>::new());
}

#[test]
fn o04_a_stale_temporary_folder_holding_the_authors_files_is_kept() {
    let site = SiteTest::fixture("basic")
        .write(".syllabus-tmp-killed/.syllabus-output", "")
        .write(".syllabus-tmp-killed/.git/HEAD", "ref")
        .write(".syllabus-tmp-plain/index.html", "half");
    site.build();
    assert!(site.root.join(".syllabus-tmp-killed/.git/HEAD").exists());
    assert!(!site.root.join(".syllabus-tmp-plain").exists());
}

#[test]
fn o04_a_real_write_fault_exits_non_zero_and_keeps_the_previous_site() {
    // A real fault in the real binary: a file-size limit (`ulimit -f`, with SIGXFSZ ignored so
    // the write fails with EFBIG instead of killing the process) below the size of one asset.
    let site = SiteTest::fixture("basic");
    site.build();
    let before = snapshot(&site.out());
    let site = site.write("content/01-first/big.bin", vec![7u8; 3 << 20]);
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 2048; exec \"$0\" build")
        .arg(env!("CARGO_BIN_EXE_syllabus"))
        .current_dir(&site.root)
        .output()
        .expect("run syllabus under a file-size limit");
    let stderr = site.redact(&String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: could not copy ./content/01-first/big.bin to ")
            && stderr.contains(
                "/first/big.bin: the file is larger than this system lets a program write"
            ),
        "{stderr}"
    );
    assert_eq!(snapshot(&site.out()), before, "the previous site is intact");
    assert_eq!(
        temp_folders(&site.root),
        Vec::<(String, usize)>::new(),
        "nothing half-written is left"
    );
}

/// The real disk, except that each operation on `target` (a write to it, a rename or removal of
/// it) fails as a file another program holds open does, until `clears_after` tries have failed.
struct Locked {
    target: std::path::PathBuf,
    clears_after: usize,
    tries: AtomicUsize,
}

impl Locked {
    fn new(target: std::path::PathBuf, clears_after: usize) -> Self {
        Locked {
            target,
            clears_after,
            tries: 0.into(),
        }
    }

    /// Fails (with what a held file gives: `EBUSY` here, os error 32 on Windows) while the lock
    /// holds, if `path` is the target.
    fn check(&self, path: &Path) -> io::Result<()> {
        if !path.ends_with(&self.target) {
            return Ok(());
        }
        let n = self.tries.fetch_add(1, Ordering::SeqCst);
        if n < self.clears_after {
            return Err(io::Error::from(io::ErrorKind::ResourceBusy));
        }
        Ok(())
    }
}

impl WriteFs for Locked {
    fn create_dir_all(&self, path: &Path) -> io::Result<()> {
        RealFs.create_dir_all(path)
    }

    fn write(&self, path: &Path, contents: &[u8]) -> io::Result<()> {
        self.check(path)?;
        RealFs.write(path, contents)
    }

    fn copy(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.check(to)?;
        RealFs.copy(from, to)
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.check(from)?;
        RealFs.rename(from, to)
    }

    fn remove_dir_all(&self, path: &Path) -> io::Result<()> {
        self.check(path)?;
        RealFs.remove_dir_all(path)
    }

    fn hard_link(&self, from: &Path, to: &Path) -> io::Result<()> {
        RealFs.hard_link(from, to)
    }
}

#[test]
fn o04_a_lock_that_clears_is_waited_out() {
    // Moving the old site aside (a file browser has the folder open), then writing a page (a
    // virus scanner reads the fresh file): both let go after two refusals.
    for page in [None, Some("m3/page-21.html")] {
        // A fresh site each time: a page the output already holds would be linked, not written.
        let site = built_with_git();
        let target = page.map_or_else(|| site.out(), std::path::PathBuf::from);
        let locked = Locked::new(target.clone(), 2);
        write_site_with(&locked, &site.out(), &new_site(), &[])
            .unwrap_or_else(|e| panic!("{}: {e:#}", target.display()));
        assert_eq!(
            locked.tries.load(Ordering::SeqCst),
            3,
            "{}",
            target.display()
        );
        assert!(
            site.read("m3/page-21.html")
                .starts_with("<p>new page 21</p>")
        );
        assert_eq!(site.read(".git/HEAD"), "ref: refs/heads/main\n");
        assert_eq!(temp_folders(&site.root), Vec::<(String, usize)>::new());
    }
}

#[test]
fn o04_a_lock_that_never_clears_fails_naming_the_path_and_keeps_the_previous_site() {
    let site = built_with_git();
    let before = snapshot(&site.out());
    let locked = Locked::new(site.out(), usize::MAX);
    let err = write_site_with(&locked, &site.out(), &new_site(), &[]).expect_err("locked");
    let msg = site.redact(&format!("{err:#}"));
    assert!(
        msg.starts_with(
            "could not move the old [ROOT]/public aside: another program has the file open"
        ) && msg
            .contains("still locked after 8 tries over 1.3 s; close that program and build again"),
        "{msg}"
    );
    assert_eq!(
        locked.tries.load(Ordering::SeqCst),
        8,
        "tried, then gave up"
    );
    assert_eq!(snapshot(&site.out()), before, "the previous site is intact");
    assert_eq!(temp_folders(&site.root), Vec::<(String, usize)>::new());
}

// ---------- O02: the author's files in the output, kept by site.toml's `keep` ----------

/// The fixture's site.toml with a `keep` list.
fn keeping(patterns: &str) -> String {
    format!("title = \"Fixture Course\"\nid = \"fixture\"\nkeep = [{patterns}]\n")
}

#[test]
fn o02_kept_files_survive_rebuilds_and_a_failing_build() {
    let site =
        SiteTest::fixture("basic").write("site.toml", keeping("\"CNAME\", \"downloads/**\""));
    site.build();
    let site = site
        .write("public/CNAME", "learn.example.com\n")
        .write("public/downloads/a.zip", "zip")
        .write("public/downloads/sub/b.zip", "zip")
        .write("public/first/notes.txt", "not kept");
    // A file no build wrote and `keep` does not match stops the build (issue 22)...
    let refused = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("first/notes.txt is not a file Syllabus wrote"),
        "{stderr}"
    );
    assert_eq!(site.read("first/notes.txt"), "not kept");
    // ...until --force says it may go.
    let out = site.run(&["build", "--force"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(site.read("CNAME"), "learn.example.com\n");
    assert_eq!(site.read("downloads/sub/b.zip"), "zip");
    assert!(
        !site.out().join("first/notes.txt").exists(),
        "a file keep does not match goes"
    );
    assert!(site.read("first/alpha.html").contains("Alpha"));

    let before = snapshot(&site.out());
    let site = site.write("content/01-first/02-beta.md", "---\ntitle: [broken\n---\n");
    assert_eq!(site.run(&["build"]).status.code(), Some(1));
    assert_eq!(
        snapshot(&site.out()),
        before,
        "a failing build changes nothing"
    );
    assert_eq!(temp_folders(&site.root), Vec::<(String, usize)>::new());

    let site = site.write(
        "content/01-first/02-beta.md",
        "---\ntitle: Beta\n---\nBack.\n",
    );
    site.build();
    assert_eq!(site.read("CNAME"), "learn.example.com\n");
    assert_eq!(site.read("downloads/a.zip"), "zip");
}

#[test]
fn o02_force_into_a_foreign_folder_keeps_what_keep_matches() {
    let site = SiteTest::fixture("basic")
        .write("site.toml", keeping("\"CNAME\", \"downloads/**\""))
        .write("public/.git/HEAD", "ref")
        .write("public/CNAME", "learn.example.com\n")
        .write("public/downloads/a.zip", "zip")
        .write("public/notes.txt", "mine");
    let out = site.run(&["build"]);
    let stderr = site.redact(&String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("it is a folder Syllabus did not create, and a build would delete what it holds, such as notes.txt; pass --force"),
        "names a file it would drop: {stderr}"
    );
    assert_eq!(site.read("notes.txt"), "mine", "nothing was touched");

    let out = site.run(&["build", "--force"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!site.out().join("notes.txt").exists());
    assert_eq!(site.read("CNAME"), "learn.example.com\n");
    assert_eq!(site.read("downloads/a.zip"), "zip");
    assert_eq!(site.read(".git/HEAD"), "ref");
    assert!(site.read("index.html").contains("Fixture Course"));
}

#[test]
fn o02_a_foreign_folder_holding_only_kept_files_needs_no_force() {
    // A GitHub Pages checkout: nothing in it would be dropped, so there is nothing to force.
    let site = SiteTest::fixture("basic")
        .write("site.toml", keeping("\"CNAME\""))
        .write("public/.git/HEAD", "ref")
        .write("public/CNAME", "learn.example.com\n");
    site.build();
    assert_eq!(site.read("CNAME"), "learn.example.com\n");
    assert_eq!(site.read(".git/HEAD"), "ref");
}

#[test]
fn o02_a_site_file_that_keep_matches_is_an_error_at_the_pattern() {
    // The site writes first/*.html and first/diagram.png; a pattern over them would carry the old
    // copies over the new ones (or the new over the author's): refused, naming both.
    let site = SiteTest::fixture("basic");
    site.build();
    let before = snapshot(&site.out());
    let site = site.write(
        "site.toml",
        keeping("\"CNAME\", \"first/*.png\", \"first\""),
    );
    let out = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("site.toml:3:18: error: keep pattern \"first/*.png\" matches first/diagram.png, which this site writes"),
        "{stderr}"
    );
    assert!(
        stderr.contains("site.toml:3:33: error: keep pattern \"first\" matches first/alpha.html, first/beta.html and ")
            && stderr.contains("narrow the pattern to your own files"),
        "{stderr}"
    );
    assert_eq!(snapshot(&site.out()), before, "the previous site is intact");
    assert_eq!(temp_folders(&site.root), Vec::<(String, usize)>::new());
}

#[test]
fn o02_a_bad_keep_pattern_is_an_error_at_its_place_in_site_toml() {
    for (pattern, says) in [
        (
            "\"../secrets\"",
            "site.toml:3:15: error: keep pattern \"../secrets\" has a `..` folder",
        ),
        (
            "\"/etc\"",
            "site.toml:3:15: error: keep pattern \"/etc\" starts with `/`",
        ),
        (
            "\"down**\"",
            "site.toml:3:15: error: keep pattern \"down**\" has `**` inside the name",
        ),
    ] {
        let site =
            SiteTest::fixture("basic").write("site.toml", keeping(&format!("\"ok\", {pattern}")));
        let out = site.run(&["build"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(says), "{pattern}: {stderr}");
        assert!(!site.out().exists(), "nothing is written");
    }
}

#[test]
fn o02_kept_files_are_put_back_when_the_swap_fails() {
    // Renames: 1 `.git`, 2 `CNAME`, 3 `first/handout.pdf` (into a folder the new site lacks),
    // 4 the old site aside, 5 the new one in.
    let text = keeping("\"CNAME\", \"first/*.pdf\"");
    let path = Path::new("site.toml");
    let raw = syllabus::config::parse_str(&text, path).unwrap();
    let keep = syllabus::config::Config::from_raw(raw, Path::new("."), path, &text)
        .unwrap()
        .keep;
    for n in 1..=5 {
        let site = built_with_git()
            .write("public/CNAME", "learn.example.com\n")
            .write("public/first/handout.pdf", "pdf");
        let before = snapshot(&site.out());
        let faulty = Faulty::rename(n, io::ErrorKind::PermissionDenied);
        let err = write_site_with(&faulty, &site.out(), &new_site(), &keep).expect_err("fails");
        assert!(
            format!("{err:#}").contains("permission denied"),
            "rename {n}: {err:#}"
        );
        assert_eq!(snapshot(&site.out()), before, "rename {n}: all put back");
        assert_eq!(temp_folders(&site.root), Vec::<(String, usize)>::new());
    }
    let site = built_with_git().write("public/first/handout.pdf", "pdf");
    write_site_with(&RealFs, &site.out(), &new_site(), &keep).expect("the swap works");
    assert_eq!(site.read("first/handout.pdf"), "pdf");
    assert!(!site.out().join("first/alpha.html").exists());
}

#[test]
fn o02_a_stale_temporary_folder_holding_kept_files_is_kept() {
    let site = SiteTest::fixture("basic")
        .write("site.toml", keeping("\"downloads/**\""))
        .write(".syllabus-tmp-killed/.syllabus-output", "")
        .write(".syllabus-tmp-killed/downloads/a.zip", "zip")
        .write(".syllabus-tmp-aside/old/downloads/b.zip", "zip")
        .write(".syllabus-tmp-plain/index.html", "half");
    site.build();
    assert!(
        site.root
            .join(".syllabus-tmp-killed/downloads/a.zip")
            .exists()
    );
    assert!(
        site.root
            .join(".syllabus-tmp-aside/old/downloads/b.zip")
            .exists()
    );
    assert!(!site.root.join(".syllabus-tmp-plain").exists());
}

// ---------- Unchanged files are linked from the previous output, not written again ----------

use std::os::unix::fs::MetadataExt as _;

fn meta(site: &SiteTest, rel: &str) -> std::fs::Metadata {
    std::fs::symlink_metadata(site.out().join(rel)).expect("an output file")
}

/// The output's files as the build would hand them to be written (the marker is the
/// staging's own).
fn files_of(dir: &Path) -> Vec<OutFile> {
    snapshot(dir)
        .into_iter()
        .filter(|(path, _)| path != ".syllabus-output")
        .map(|(path, bytes)| OutFile {
            path,
            data: OutData::Bytes(bytes),
        })
        .collect()
}

#[test]
fn an_unchanged_page_is_linked_and_a_changed_one_written() {
    let site = SiteTest::fixture("basic");
    site.build();
    let (home, beta) = (
        meta(&site, "index.html").ino(),
        meta(&site, "first/beta.html").ino(),
    );
    let site = site.write(
        "content/01-first/02-beta.md",
        "---\ntitle: Beta\nduration: 5\n---\nBeta's body, with new words.\n",
    );
    site.build();
    assert_eq!(meta(&site, "index.html").ino(), home, "unchanged: linked");
    assert_eq!(
        meta(&site, "index.html").nlink(),
        1,
        "the old site's name is gone"
    );
    assert_ne!(
        meta(&site, "first/beta.html").ino(),
        beta,
        "edited: written"
    );
    assert!(site.read("first/beta.html").contains("with new words"));
    // The site is exactly what a build into an empty folder makes.
    site.build_with(|o| o.output = Some(site.root.join("cold")))
        .unwrap();
    assert_eq!(snapshot(&site.out()), snapshot(&site.root.join("cold")));
}

#[test]
fn a_page_changed_in_the_output_by_hand_is_written_again() {
    // Same length, one byte different: the bytes are compared, not the sizes or the times.
    let site = SiteTest::fixture("basic");
    site.build();
    let built = site.read("index.html");
    let site = site.write("public/index.html", built.replacen("<html", "<htmL", 1));
    site.build();
    assert_eq!(site.read("index.html"), built);
}

#[test]
fn a_page_with_another_name_or_made_a_link_is_written_not_shared() {
    // A page the author also linked elsewhere (a backup) must not share its bytes with the new
    // site, and a symlink in the output is never carried into it.
    let site = SiteTest::fixture("basic");
    site.build();
    let out = site.out();
    std::fs::hard_link(out.join("index.html"), site.root.join("backup.html")).unwrap();
    std::fs::copy(
        out.join("first/beta.html"),
        site.root.join("beta-copy.html"),
    )
    .unwrap();
    std::fs::remove_file(out.join("first/beta.html")).unwrap();
    std::os::unix::fs::symlink(
        site.root.join("beta-copy.html"),
        out.join("first/beta.html"),
    )
    .unwrap();
    site.build();
    let backup = std::fs::metadata(site.root.join("backup.html")).unwrap();
    assert_ne!(meta(&site, "index.html").ino(), backup.ino());
    assert_eq!(meta(&site, "index.html").nlink(), 1);
    assert!(meta(&site, "first/beta.html").is_file(), "not a symlink");
}

#[test]
fn a_disk_without_hard_links_gets_every_file_written() {
    let site = SiteTest::fixture("basic");
    site.build();
    let before = snapshot(&site.out());
    let home = meta(&site, "index.html").ino();
    let faulty = Faulty {
        link: Some(io::ErrorKind::Unsupported),
        ..Faulty::write(usize::MAX, io::ErrorKind::Other)
    };
    let count = write_site_with(&faulty, &site.out(), &files_of(&site.out()), &[]).unwrap();
    assert_eq!(count, before.len() - 1, "every file but the marker");
    assert_eq!(snapshot(&site.out()), before);
    assert_ne!(meta(&site, "index.html").ino(), home, "written, not linked");
}

#[test]
fn a_failed_build_after_linked_pages_keeps_the_previous_site() {
    // The unchanged pages are linked, not written; write 1 is the new page, and it fails (the
    // marker, listing every file, is written last).
    let site = built_with_git();
    let before = snapshot(&site.out());
    let inodes: Vec<u64> = files_of(&site.out())
        .iter()
        .map(|f| meta(&site, &f.path).ino())
        .collect();
    let mut files = files_of(&site.out());
    files.retain(|f| !f.path.starts_with(".git"));
    files.push(OutFile {
        path: "new/page.html".into(),
        data: OutData::Bytes(b"<p>new</p>".to_vec()),
    });
    let err = write_site_with(
        &Faulty::write(1, io::ErrorKind::StorageFull),
        &site.out(),
        &files,
        &[],
    )
    .expect_err("the write fails");
    assert!(format!("{err:#}").contains("new/page.html"), "{err:#}");
    assert_eq!(snapshot(&site.out()), before, "the previous site is intact");
    let after: Vec<u64> = files_of(&site.out())
        .iter()
        .map(|f| meta(&site, &f.path).ino())
        .collect();
    assert_eq!(after, inodes);
    assert!(
        files_of(&site.out())
            .iter()
            .all(|f| meta(&site, &f.path).nlink() == 1),
        "the new site's links to its files are gone with it"
    );
    assert_eq!(temp_folders(&site.root), Vec::<(String, usize)>::new());
}
