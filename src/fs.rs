//! Filesystem plumbing with the path in every error: the one place that reads and writes files.
//!
//! Writing the site goes through [`WriteFs`], a small seam with [`RealFs`] as the one real
//! implementation, so tests can make a write or a rename fail (a full disk, a denied permission,
//! half a file written, a file another program has locked) and check that the previous site
//! survives (O04). [`Retrying`] wraps the seam and is the one place that waits out such locks.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

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

/// Which file a path named when it was checked: its device and inode (on Unix), length and
/// modification time. `serve` records one for every copied file when the course is loaded, and
/// sends the file only while the path still opens that same file (issue 22: a file replaced by
/// a link after the build is not read through the last good site).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileStamp {
    device: u64,
    inode: u64,
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl FileStamp {
    /// The stamp of the file `meta` describes.
    pub fn of(meta: &std::fs::Metadata) -> FileStamp {
        #[cfg(unix)]
        let (device, inode) = {
            use std::os::unix::fs::MetadataExt as _;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let (device, inode) = (0, 0);
        FileStamp {
            device,
            inode,
            len: meta.len(),
            modified: meta.modified().ok(),
        }
    }
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
    /// Removes a folder and everything in it.
    fn remove_dir_all(&self, path: &Path) -> io::Result<()>;
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

    fn remove_dir_all(&self, path: &Path) -> io::Result<()> {
        std::fs::remove_dir_all(path)
    }
}

/// How long to wait before each new try of an operation that another program's lock refused:
/// 10 ms doubling to 640 ms, eight tries over about 1.3 s in all (O04). A virus scanner, a search
/// indexer or a file browser's preview opens a fresh file for a moment; an editor or a web server
/// that keeps it open does not let go, and the build then says so instead of waiting on.
pub const LOCK_RETRY_DELAYS: [Duration; 7] = [
    Duration::from_millis(10),
    Duration::from_millis(20),
    Duration::from_millis(40),
    Duration::from_millis(80),
    Duration::from_millis(160),
    Duration::from_millis(320),
    Duration::from_millis(640),
];

/// [`WriteFs`] around another, trying again (with the backoff of [`LOCK_RETRY_DELAYS`]) every
/// operation that failed because another program holds the file open. Every write of the site
/// goes through one, so no caller retries on its own.
#[derive(Clone, Copy)]
pub struct Retrying<'a>(pub &'a dyn WriteFs);

impl WriteFs for Retrying<'_> {
    fn create_dir_all(&self, path: &Path) -> io::Result<()> {
        retry(path, || self.0.create_dir_all(path))
    }

    fn write(&self, path: &Path, contents: &[u8]) -> io::Result<()> {
        retry(path, || self.0.write(path, contents))
    }

    fn copy(&self, from: &Path, to: &Path) -> io::Result<()> {
        retry(to, || self.0.copy(from, to))
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        retry(from, || self.0.rename(from, to))
    }

    fn remove_dir_all(&self, path: &Path) -> io::Result<()> {
        retry(path, || self.0.remove_dir_all(path))
    }

    /// Not retried: a refused link only means the file is written instead.
    fn hard_link(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.0.hard_link(from, to)
    }
}

/// Runs `op`, and again after each delay of [`LOCK_RETRY_DELAYS`] while it fails with a lock.
/// Each of the operations is whole (a write rewrites the file from the start), so a retry never
/// leaves half of two attempts.
fn retry(path: &Path, mut op: impl FnMut() -> io::Result<()>) -> io::Result<()> {
    let mut delays = LOCK_RETRY_DELAYS.iter();
    loop {
        match op() {
            Err(e) if is_lock(&e) => {
                let Some(delay) = delays.next() else {
                    return Err(e);
                };
                log::debug!(
                    "{} is locked by another program ({e}); trying again in {delay:?}",
                    path.display()
                );
                std::thread::sleep(*delay);
            }
            result => return result,
        }
    }
}

/// Whether `error` says another program holds the file open: Windows's sharing and lock
/// violations (os errors 32 and 33), and `EBUSY` and `ETXTBSY` elsewhere.
pub fn is_lock(error: &io::Error) -> bool {
    #[cfg(windows)]
    if matches!(error.raw_os_error(), Some(32 | 33)) {
        return true;
    }
    matches!(
        error.kind(),
        io::ErrorKind::ResourceBusy | io::ErrorKind::ExecutableFileBusy
    )
}

/// `doing` (e.g. "could not write public/a.html") plus what the error means for the author, in
/// words rather than an errno: a full disk, a refused permission, a file in use. A lock has
/// already been waited out by [`Retrying`].
pub fn explain(error: io::Error, doing: String) -> anyhow::Error {
    use io::ErrorKind as K;
    if is_lock(&error) {
        let waited: Duration = LOCK_RETRY_DELAYS.iter().sum();
        return anyhow::Error::new(error).context(format!(
            "{doing}: another program has the file open (an editor, a preview, a virus scanner, a sync tool or a server), and it was still locked after {} tries over {:.1} s; close that program and build again",
            LOCK_RETRY_DELAYS.len() + 1,
            waited.as_secs_f64()
        ));
    }
    let what = match error.kind() {
        K::StorageFull => Some("the disk is full; free some space and build again"),
        K::QuotaExceeded => Some("the disk quota is used up; free some space and build again"),
        K::PermissionDenied => Some("permission denied; check who owns the output folder"),
        K::ReadOnlyFilesystem => Some("the disk is read-only"),
        K::FileTooLarge => {
            Some("the file is larger than this system lets a program write (see `ulimit -f`)")
        }
        _ => None,
    };
    let error = anyhow::Error::new(error);
    match what {
        Some(w) => error.context(format!("{doing}: {w}")),
        None => error.context(doing),
    }
}

/// One file of the site: its path relative to the output root and its bytes.
pub struct OutFile {
    /// `human-selling/cogs.html`.
    pub path: String,
    /// Contents, or the file on disk to copy.
    pub data: OutData,
}

impl OutFile {
    /// The file with its bytes' spare room given back: for files kept in memory (`serve`), since
    /// a page is rendered into a buffer with room to spare.
    pub fn kept(mut self) -> OutFile {
        if let OutData::Bytes(b) = &mut self.data {
            b.shrink_to_fit();
        }
        self
    }
}

/// What to write.
#[derive(Debug, Clone)]
pub enum OutData {
    /// Bytes made by the build.
    Bytes(Vec<u8>),
    /// A file to copy as it is.
    Copy(PathBuf),
}
