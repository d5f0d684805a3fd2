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
    writes: AtomicUsize,
    renames: AtomicUsize,
}

impl Faulty {
    fn write(n: usize, kind: io::ErrorKind) -> Self {
        Faulty {
            write: Some((n, kind)),
            rename: None,
            writes: 0.into(),
            renames: 0.into(),
        }
    }

    fn rename(n: usize, kind: io::ErrorKind) -> Self {
        Faulty {
            write: None,
            rename: Some((n, kind)),
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
        let err = write_site_with(&Faulty::write(n, kind), &site.out(), &new_site())
            .expect_err("the write fails");
        let msg = format!("{err:#}");
        assert!(msg.starts_with("could not write "), "write {n}: {msg}");
        assert!(
            msg.contains(".syllabus-tmp-") && (n == 1 || msg.contains(".html: ")),
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
        let err = write_site_with(&faulty, &site.out(), &new_site()).expect_err("the swap fails");
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
    write_site_with(&RealFs, &site.out(), &new_site()).expect("the swap works");
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
