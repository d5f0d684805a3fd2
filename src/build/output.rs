//! Output stage: refuse dangerous output folders, write the site into a fresh temporary folder
//! beside the output, and swap it in only when everything is written.
//!
//! The output folder carries a marker file; a folder without it is not ours, and is only
//! replaced with `--force`. The author's files in the old output, its dotfiles (`.git`) and what
//! site.toml's `keep` matches (see `keep`), are carried into the new one. A file the build makes
//! exactly as the previous build did is linked from the old output instead of written again
//! (see [`Staging::add`]).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use anyhow::{Context as _, bail};
use rayon::prelude::*;

use super::guard::resolve;
/// The file that marks an output folder as Syllabus's (it lists the files the build wrote).
pub use super::keep::MARKER;
use super::keep::{clash_errors, kept_by, sort_old_output};
use crate::config::Keep;
pub use crate::fs::{OutData, OutFile};
use crate::fs::{RealFs, Retrying, WriteFs, explain};

const TEMP_PREFIX: &str = ".syllabus-tmp-";

/// Writes `files` as the new content of `output`, atomically, on the real disk. Returns the
/// number of files.
pub fn write_site(output: &Path, files: &[OutFile], keep: &[Keep]) -> anyhow::Result<usize> {
    write_site_with(&RealFs, output, files, keep)
}

/// [`write_site`] through the filesystem seam `fs` (tests pass one that fails on purpose). If
/// any write or rename fails, the previous output is left as it was and the temporary folder is
/// removed; the error names the path and what happened.
pub fn write_site_with(
    fs: &dyn WriteFs,
    output: &Path,
    files: &[OutFile],
    keep: &[Keep],
) -> anyhow::Result<usize> {
    let staging = Staging::new(fs, output, keep)?;
    files.par_iter().try_for_each(|f| staging.add(f))?;
    staging.finish()
}

/// A new site being written into a fresh temporary folder beside `output`: files are added as
/// they are made, from any thread (so a build never holds the whole site in memory), and
/// [`Staging::finish`] swaps the folder in. Dropped unfinished (an error on the way, or the
/// process killed), it leaves the previous output untouched; a drop removes the folder, a
/// killed process leaves it for the next build to remove.
pub struct Staging<'a> {
    /// Every write and rename, waiting out another program's lock on a file (O04).
    fs: Retrying<'a>,
    output: PathBuf,
    tmp: tempfile::TempDir,
    /// The lock that tells other builds `tmp` is in use (see [`locked_temp_dir`]).
    _lock: Option<std::fs::File>,
    /// site.toml's `keep` patterns: the old output's files they match are carried over.
    keep: &'a [Keep],
    /// Files of the site that a `keep` pattern matches, by pattern: an error at the end.
    clashes: Mutex<BTreeMap<usize, Vec<String>>>,
    /// Folders made so far (relative), so each is made once.
    dirs: Mutex<HashSet<String>>,
    /// Paths of the files added: the marker lists them (see `manifest`).
    files: Mutex<Vec<String>>,
    /// The previous output, when it is ours (it has the marker): unchanged files are linked
    /// from it.
    previous: Option<PathBuf>,
    /// Cleared when the disk refuses a hard link: the rest of the files are written.
    linking: AtomicBool,
    /// Files linked from the previous output.
    linked: AtomicUsize,
}

impl<'a> Staging<'a> {
    /// Makes the temporary folder (removing those that killed builds left) and its marker.
    pub fn new(fs: &'a dyn WriteFs, output: &Path, keep: &'a [Keep]) -> anyhow::Result<Self> {
        // An output that is a link: the folder it leads to is replaced, beside itself, and the
        // link stays (issue 22).
        let output = &resolve(output)?;
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        crate::fs::create_dir_all(&parent)?;
        remove_stale_temps(&parent, keep);
        // Dropping `tmp` (on any early return) removes it with everything written so far.
        let (tmp, lock) = locked_temp_dir(&parent)?;
        keep_permissions(output, tmp.path())?;
        let staging = Staging {
            fs: Retrying(fs),
            output: output.to_path_buf(),
            tmp,
            _lock: lock,
            keep,
            clashes: Mutex::new(BTreeMap::new()),
            dirs: Mutex::new(HashSet::new()),
            files: Mutex::new(Vec::new()),
            previous: output.join(MARKER).is_file().then(|| output.to_path_buf()),
            linking: AtomicBool::new(true),
            linked: AtomicUsize::new(0),
        };
        Ok(staging)
    }

    /// Writes one file of the site (its folder made first if it is the first there). A file at a
    /// path that `keep` gives to the author is not written, but noted: [`Staging::finish`]
    /// fails with every such file, so they are all reported at once.
    pub fn add(&self, file: &OutFile) -> anyhow::Result<()> {
        if let Some(i) = kept_by(self.keep, &file.path) {
            let mut clashes = self.clashes.lock().unwrap_or_else(|e| e.into_inner());
            clashes.entry(i).or_default().push(file.path.clone());
            return Ok(());
        }
        if let Some((dir, _)) = file.path.rsplit_once('/') {
            let mut dirs = self.dirs.lock().unwrap_or_else(|e| e.into_inner());
            if !dirs.contains(dir) {
                self.create_dir(dir)?;
                dirs.insert(dir.to_owned());
            }
        }
        if !self.link_unchanged(file) {
            self.write(&file.path, &file.data)?;
        }
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.push(file.path.clone());
        Ok(())
    }

    /// Links `file` to the previous output's file of the same path when that holds exactly the
    /// same bytes, and says whether it did. An unchanged page then costs a read instead of a
    /// write, and removing the old site afterwards frees nothing: on this project's 2-core
    /// machine, the disk was most of a rebuild of a big course (issue 6). At any doubt (not a
    /// plain file, other links to it, a refused link) the file is written instead.
    fn link_unchanged(&self, file: &OutFile) -> bool {
        let (Some(previous), OutData::Bytes(bytes)) = (&self.previous, &file.data) else {
            return false;
        };
        if !self.linking.load(Ordering::Relaxed) {
            return false;
        }
        let (Ok(old), Ok(to)) = (
            inside(previous, &file.path),
            inside(self.tmp.path(), &file.path),
        ) else {
            return false;
        };
        let same = std::fs::symlink_metadata(&old)
            .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64 && only_name(&m))
            && std::fs::read(&old).is_ok_and(|old| old == *bytes);
        if !same {
            return false;
        }
        match self.fs.hard_link(&old, &to) {
            Ok(()) => {
                self.linked.fetch_add(1, Ordering::Relaxed);
                true
            }
            Err(e) => {
                log::debug!(
                    "could not link {} to {} ({e}); writing every file instead",
                    to.display(),
                    old.display()
                );
                self.linking.store(false, Ordering::Relaxed);
                false
            }
        }
    }

    /// Swaps the finished site in for the old output. Returns the number of files added.
    pub fn finish(self) -> anyhow::Result<usize> {
        let clashes = std::mem::take(&mut *self.clashes.lock().unwrap_or_else(|e| e.into_inner()));
        if !clashes.is_empty() {
            return Err(clash_errors(self.keep, clashes).into());
        }
        let files = std::mem::take(&mut *self.files.lock().unwrap_or_else(|e| e.into_inner()));
        let count = files.len();
        log::debug!(
            "{} of {count} files were unchanged and linked from the previous output",
            self.linked.load(Ordering::Relaxed)
        );
        // The marker goes last, listing every file: what the next build may delete.
        self.write(
            MARKER,
            &OutData::Bytes(super::manifest::render_marker(files)),
        )?;
        swap_in(&self.fs, self.tmp, &self.output, self.keep)?;
        Ok(count)
    }

    /// Every path made goes through [`inside`] first.
    fn create_dir(&self, rel: &str) -> anyhow::Result<()> {
        let to = inside(self.tmp.path(), rel)?;
        self.fs
            .create_dir_all(&to)
            .map_err(|e| explain(e, format!("could not create folder {}", to.display())))
    }

    fn write(&self, rel: &str, data: &OutData) -> anyhow::Result<()> {
        let to = inside(self.tmp.path(), rel)?;
        match data {
            OutData::Bytes(b) => self
                .fs
                .write(&to, b)
                .map_err(|e| explain(e, format!("could not write {}", to.display()))),
            OutData::Copy(from) => self.fs.copy(from, &to).map_err(|e| {
                explain(
                    e,
                    format!("could not copy {} to {}", from.display(), to.display()),
                )
            }),
        }
    }
}

/// Gives the new site's folder the old output's permissions, so a folder only its owner could
/// read (a `700` folder) does not become readable by all, and a folder a web server reads
/// stays readable (issue 22). A new output gets the usual permissions for new folders.
fn keep_permissions(output: &Path, tmp: &Path) -> anyhow::Result<()> {
    let Ok(meta) = std::fs::metadata(output) else {
        return Ok(());
    };
    std::fs::set_permissions(tmp, meta.permissions())
        .with_context(|| format!("could not set the permissions of {}", tmp.display()))
}

/// Whether a file has no other name than this one: a page linked from the previous output
/// must not share its bytes with a file of the author's elsewhere.
#[cfg(unix)]
fn only_name(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    meta.nlink() == 1
}

/// Whether a file has no other name than this one (not known here: it is written instead).
#[cfg(not(unix))]
fn only_name(_meta: &std::fs::Metadata) -> bool {
    false
}

/// `root/rel`, refused unless `rel` is a plain relative path: the one check every written path
/// goes through, whatever a slug, id or file name says (O06).
pub fn inside(root: &Path, rel: &str) -> anyhow::Result<PathBuf> {
    use std::path::Component;
    let path = Path::new(rel);
    let plain = !rel.is_empty()
        && !rel.contains('\0')
        && path.components().all(|c| matches!(c, Component::Normal(_)));
    if !plain {
        bail!("refusing to write `{rel}`: output paths must stay inside the output folder");
    }
    Ok(root.join(path))
}

/// Moves the finished temporary folder to `output`, keeping the old output's dotfiles and what
/// `keep` matches. On any failure everything is put back as it was (the author's files too: a
/// `.git` must never end up in a temporary folder that is about to be removed) and the new site
/// is removed.
fn swap_in(
    fs: &dyn WriteFs,
    tmp: tempfile::TempDir,
    output: &Path,
    keep: &[Keep],
) -> anyhow::Result<()> {
    let rename =
        |from: &Path, to: &Path, doing: String| fs.rename(from, to).map_err(|e| explain(e, doing));
    if !output.is_dir() {
        return rename(
            tmp.path(),
            output,
            format!("could not move the new site into {}", output.display()),
        )
        .map(|()| drop(tmp.keep()));
    }
    let mut carried = Vec::new();
    let result = (|| {
        for rel in sort_old_output(output, keep)?.carried {
            let (from, to) = (output.join(&rel), tmp.path().join(&rel));
            let doing = format!("could not keep {} in the new output", from.display());
            if let Some(parent) = to.parent().filter(|p| !p.exists()) {
                fs.create_dir_all(parent)
                    .map_err(|e| explain(e, doing.clone()))?;
            }
            rename(&from, &to, doing)?;
            carried.push(rel);
        }
        // The old site goes aside under a temporary name, then the new one takes its place.
        let (old, _lock) = locked_temp_dir(output.parent().unwrap_or(Path::new(".")))?;
        let old_path = old.path().join("old");
        let doing = format!("could not move the old {} aside", output.display());
        rename(output, &old_path, doing)?;
        let doing = format!("could not move the new site into {}", output.display());
        if let Err(e) = rename(tmp.path(), output, doing) {
            // Put the old site back so the author still has one.
            if let Err(back) = fs.rename(&old_path, output) {
                let _ = old.keep();
                return Err(e.context(format!(
                    "and the old site could not be put back ({back}); it is in {}",
                    old_path.display()
                )));
            }
            return Err(e);
        }
        remove_old_site(fs, old);
        Ok(())
    })();
    match result {
        Ok(()) => {
            // The new site now lives at `output`; there is nothing left to remove.
            let _ = tmp.keep();
            Ok(())
        }
        Err(e) => {
            let stuck: Vec<_> = carried
                .iter()
                .filter(|rel| fs.rename(&tmp.path().join(rel), &output.join(rel)).is_err())
                .collect();
            if stuck.is_empty() {
                return Err(e); // dropping `tmp` removes the new site
            }
            // Never remove what we could not give back: keep the folder and say where it is.
            let kept = tmp.keep();
            Err(e.context(format!(
                "{stuck:?} from the old output could not be put back; they are in {}",
                kept.display()
            )))
        }
    }
}

/// Removes the old site once the new one is in place (waiting out a locked file, O04), its
/// folders in parallel: at 100,000 lessons, removing it one file at a time took 25 s of a 55 s
/// build (issue 6). If it cannot be removed, the build still succeeds, with a warning; the next
/// build's clean-up of stale temporary folders tries again.
fn remove_old_site(fs: &dyn WriteFs, old: tempfile::TempDir) {
    let old = old.keep();
    // The old site was moved here by name; if that name was a link, only the link goes, never
    // what it leads to (issue 22). `resolve` makes sure the output is never a link.
    if std::fs::symlink_metadata(old.join("old")).is_ok_and(|m| m.is_symlink()) {
        let _ = std::fs::remove_file(old.join("old"));
    }
    let folders: Vec<PathBuf> = std::fs::read_dir(old.join("old"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        // `file_type` does not follow links: a link is removed below, never what it points at.
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect();
    folders.par_iter().for_each(|f| {
        // An error shows below, where the rest is removed.
        let _ = fs.remove_dir_all(f);
    });
    if let Err(e) = fs.remove_dir_all(&old) {
        log::warn!(
            "{:#}",
            explain(
                e,
                format!("could not remove the old site from {}", old.display())
            )
        );
    }
}

/// A new temporary folder in `parent`, locked for as long as the returned file is open: the
/// clean-up of stale temporary folders ([`remove_stale_temps`]) leaves a locked one alone, so a
/// build never removes the folder another build is writing beside it, while a killed build's
/// lock goes with its process. Where a folder cannot be locked (Windows opens no folder as a
/// file), there is no lock, and no such protection.
fn locked_temp_dir(parent: &Path) -> anyhow::Result<(tempfile::TempDir, Option<std::fs::File>)> {
    let make = || {
        tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .tempdir_in(parent)
            .with_context(|| {
                format!(
                    "could not create a temporary folder in {}",
                    parent.display()
                )
            })
    };
    for _ in 0..5 {
        let tmp = make()?;
        let Some(lock) = std::fs::File::open(tmp.path())
            .ok()
            .filter(|f| f.lock().is_ok())
        else {
            return Ok((tmp, None));
        };
        // Another build's clean-up may have removed it before it was locked: make another.
        if tmp.path().is_dir() {
            return Ok((tmp, Some(lock)));
        }
    }
    Ok((make()?, None))
}

/// Whether another build holds the lock of temporary folder `dir` (see [`locked_temp_dir`]).
fn in_use(dir: &Path) -> bool {
    match std::fs::File::open(dir) {
        Ok(f) => matches!(f.try_lock(), Err(std::fs::TryLockError::WouldBlock)),
        Err(_) => false,
    }
}

/// Removes temporary folders left by a build that was killed (O04). A folder that holds one of
/// the author's files (a `.git` or a file `keep` matches, carried over from the old output, or
/// an old output moved aside) was caught in the middle of the swap: it is kept, with a warning
/// that says where.
fn remove_stale_temps(parent: &Path, keep: &[Keep]) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name();
        if !name.to_string_lossy().starts_with(TEMP_PREFIX) || !e.path().is_dir() {
            continue;
        }
        if in_use(&e.path()) {
            log::debug!("{} belongs to a build still running", e.path().display());
            continue;
        }
        if holds_authors_files(&e.path(), keep) {
            log::warn!(
                "{} was left by an interrupted build and holds files from the old output; move what you need out of it, then delete it",
                e.path().display()
            );
            continue;
        }
        log::debug!("removing stale temporary folder {}", e.path().display());
        let _ = std::fs::remove_dir_all(e.path());
    }
}

/// Whether a temporary folder holds something that is not ours to delete: a dotfile other than
/// the marker or a file `keep` matches (a new site never holds one: see [`Staging::add`]), or a
/// whole old output (`old/`) that does.
fn holds_authors_files(dir: &Path, keep: &[Keep]) -> bool {
    let Ok(sorted) = sort_old_output(dir, keep) else {
        return true;
    };
    let old = dir.join("old");
    !sorted.carried.is_empty() || (old.is_dir() && holds_authors_files(&old, keep))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn paths_that_climb_or_are_absolute_are_refused() {
        let root = Path::new("/out");
        for bad in ["../x", "a/../../x", "/etc/x", "", "a//b/.."] {
            assert!(inside(root, bad).is_err(), "{bad}");
        }
        assert_eq!(
            inside(root, "m/l.html").unwrap(),
            Path::new("/out/m/l.html")
        );
    }

    proptest! {
        #[test]
        fn every_accepted_path_stays_under_the_root(rel in "[a-z./\\\\]{0,12}") {
            if let Ok(p) = inside(Path::new("/out"), &rel) {
                prop_assert!(p.starts_with("/out/"));
                prop_assert!(!p.components().any(|c| matches!(c, std::path::Component::ParentDir)));
            }
        }
    }
}
