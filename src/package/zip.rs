//! Writing a package: the site's files and the package's own (manifest, launch page) into a zip
//! in a temporary file beside its target, renamed over it only when every zip of the run is
//! whole, so a failed or killed run leaves no half-written zip. A zip carries a comment naming
//! Syllabus; an existing file without it is the author's and is never replaced.
//!
//! Entries are in path order with a fixed time (1980-01-01), so the same course makes the same
//! bytes.

use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use zip::write::SimpleFileOptions;

use super::Format;
use crate::build::output::MARKER;

/// The start of the name of a zip being written (`.syllabus-package-*.zip.tmp`, beside its
/// target); removed when the run fails, renamed over the target when it succeeds.
pub const TEMP_PREFIX: &str = ".syllabus-package-";

/// The start of the comment of every zip `syllabus package` writes.
pub const COMMENT: &str = "Syllabus package";

/// The site's files under `dir` (relative, `/`-separated, sorted), without the build's marker.
pub fn list_files(dir: &Path) -> anyhow::Result<Vec<String>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("could not read {}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("walkdir yields paths under its root");
        let rel: Vec<String> = rel
            .iter()
            .map(|c| c.to_string_lossy().into_owned())
            .collect();
        let rel = rel.join("/");
        if rel != MARKER {
            files.push(rel);
        }
    }
    files.sort_unstable();
    Ok(files)
}

/// Refuses a target that is a folder, or an existing file that is not a zip Syllabus wrote.
pub fn check_target(path: &Path) -> anyhow::Result<()> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e).with_context(|| format!("could not look at {}", path.display())),
    };
    if !meta.is_file() {
        bail!(
            "{} exists and is not a file; give the zip's path with --output",
            path.display()
        );
    }
    if !is_ours(path) {
        bail!(
            "{} exists and was not written by `syllabus package`, so it is left alone; move it away or write the package elsewhere with --output",
            path.display()
        );
    }
    Ok(())
}

/// Whether the file at `path` is a zip whose comment starts with [`COMMENT`]: its last 64 KiB
/// (the end-of-central-directory record and the comment) hold it.
fn is_ours(path: &Path) -> bool {
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let len = f.metadata().map_or(0, |m| m.len());
    let tail = len.min(64 * 1024 + 22);
    let mut buf = Vec::new();
    if f.seek(SeekFrom::Start(len - tail)).is_err() || f.read_to_end(&mut buf).is_err() {
        return false;
    }
    // The end-of-central-directory record: signature, 16 bytes, comment length, comment.
    buf.windows(4)
        .rposition(|w| w == b"PK\x05\x06")
        .and_then(|i| buf.get(i + 22..))
        .is_some_and(|comment| comment.starts_with(COMMENT.as_bytes()))
}

/// A zip written to a temporary file, waiting to take its target's place.
pub struct TempZip {
    /// The target.
    pub path: PathBuf,
    file: tempfile::NamedTempFile,
}

impl TempZip {
    /// Renames the zip over its target; returns its size.
    pub fn persist(self) -> anyhow::Result<u64> {
        let TempZip { path, file } = self;
        let bytes = file.as_file().metadata().map_or(0, |m| m.len());
        file.persist(&path)
            .with_context(|| format!("could not write {}", path.display()))?;
        Ok(bytes)
    }
}

/// Writes the package for `target` into a temporary file beside it: `files` from `site_dir`,
/// then `extra` (path, bytes), all in path order. Returns it with its number of entries.
pub fn write_temp(
    target: &Path,
    format: Format,
    site_dir: &Path,
    files: &[String],
    extra: &[(&str, Vec<u8>)],
) -> anyhow::Result<(TempZip, usize)> {
    let dir = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("could not make {}", dir.display()))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(".zip.tmp");
    // A zip is a file to hand on (to an LMS, a colleague): readable by others as a file the
    // author writes would be, not the temporary file's private 0600.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let temp = builder
        .tempfile_in(dir)
        .with_context(|| format!("could not make a temporary file in {}", dir.display()))?;
    let fail = || format!("could not write the package {}", target.display());
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(temp.as_file()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut entries: Vec<(&str, Option<&[u8]>)> =
        files.iter().map(|f| (f.as_str(), None)).collect();
    entries.extend(extra.iter().map(|(p, b)| (*p, Some(b.as_slice()))));
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (path, bytes) in &entries {
        zip.start_file(*path, options).with_context(fail)?;
        match bytes {
            Some(b) => zip.write_all(b).with_context(fail)?,
            None => {
                let from = site_dir.join(path);
                let mut f = std::fs::File::open(&from)
                    .with_context(|| format!("could not read {}", from.display()))?;
                std::io::copy(&mut f, &mut zip).with_context(fail)?;
            }
        }
    }
    zip.set_comment(format!("{COMMENT} ({})", format.name()))
        .with_context(fail)?;
    let mut out = zip.finish().with_context(fail)?;
    out.flush().with_context(fail)?;
    drop(out);
    temp.as_file().sync_all().with_context(fail)?;
    Ok((
        TempZip {
            path: target.to_path_buf(),
            file: temp,
        },
        entries.len(),
    ))
}
