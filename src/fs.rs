//! Filesystem plumbing with the path in every error: the one place that reads and writes files.
//!
//! Writing the site goes through [`WriteFs`], a small seam with [`RealFs`] as the one real
//! implementation, so tests can make a write or a rename fail (a full disk, a denied permission,
//! half a file written) and check that the previous site survives (O04).

use std::io;
use std::path::Path;

use anyhow::Context as _;

/// Reads a whole file as bytes.
pub fn read_bytes(path: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("could not read {}", path.display()))
}

/// Reads a whole file that must be UTF-8 (configuration and theme files).
pub fn read_text(path: &Path) -> anyhow::Result<String> {
    String::from_utf8(read_bytes(path)?)
        .with_context(|| format!("{} is not UTF-8 text", path.display()))
}

/// Writes `contents` to `path`, creating its parent folders.
pub fn write(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    std::fs::write(path, contents).with_context(|| format!("could not write {}", path.display()))
}

/// Creates a folder and its parents.
pub fn create_dir_all(path: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(path)
        .with_context(|| format!("could not create folder {}", path.display()))
}

/// Copies one file, creating the destination's parent folders.
pub fn copy(from: &Path, to: &Path) -> anyhow::Result<()> {
    if let Some(parent) = to.parent() {
        create_dir_all(parent)?;
    }
    std::fs::copy(from, to)
        .with_context(|| format!("could not copy {} to {}", from.display(), to.display()))?;
    Ok(())
}

/// The filesystem operations that write the site. Errors are plain `io::Error`s; the caller adds
/// the path and what it was doing (see [`explain`]).
pub trait WriteFs: Sync {
    /// Creates a folder and its parents.
    fn create_dir_all(&self, path: &Path) -> io::Result<()>;
    /// Writes a whole file.
    fn write(&self, path: &Path, contents: &[u8]) -> io::Result<()>;
    /// Copies a file.
    fn copy(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// Renames a file or folder (atomically, on one filesystem).
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// Gives the existing file `from` a second name `to` (a hard link, on one filesystem).
    fn hard_link(&self, from: &Path, to: &Path) -> io::Result<()>;
}

/// The real disk.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealFs;

impl WriteFs for RealFs {
    fn create_dir_all(&self, path: &Path) -> io::Result<()> {
        std::fs::create_dir_all(path)
    }

    fn write(&self, path: &Path, contents: &[u8]) -> io::Result<()> {
        std::fs::write(path, contents)
    }

    fn copy(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::copy(from, to).map(drop)
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::rename(from, to)
    }

    fn hard_link(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::hard_link(from, to)
    }
}

/// `doing` (e.g. "could not write public/a.html") plus what the error means for the author, in
/// words rather than an errno: a full disk, a refused permission, a file in use.
pub fn explain(error: io::Error, doing: String) -> anyhow::Error {
    use io::ErrorKind as K;
    let what = match error.kind() {
        K::StorageFull => Some("the disk is full; free some space and build again"),
        K::QuotaExceeded => Some("the disk quota is used up; free some space and build again"),
        K::PermissionDenied => Some("permission denied; check who owns the output folder"),
        K::ReadOnlyFilesystem => Some("the disk is read-only"),
        K::FileTooLarge => {
            Some("the file is larger than this system lets a program write (see `ulimit -f`)")
        }
        K::ResourceBusy => Some("the file is in use by another program; close it and build again"),
        _ => None,
    };
    let error = anyhow::Error::new(error);
    match what {
        Some(w) => error.context(format!("{doing}: {w}")),
        None => error.context(doing),
    }
}
