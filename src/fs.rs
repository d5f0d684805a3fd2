//! Filesystem plumbing with the path in every error: the one place that reads and writes files.

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
