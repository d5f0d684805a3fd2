//! Output stage: refuse dangerous output folders, write the site into a fresh temporary folder
//! beside the output, and swap it in only when everything is written.
//!
//! The output folder carries a marker file; a folder without it is not ours, and is only
//! replaced with `--force`. Dotfiles in the old output (`.git`) are carried into the new one.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use rayon::prelude::*;

/// Marks a folder as made by Syllabus.
pub const MARKER: &str = ".syllabus-output";
const TEMP_PREFIX: &str = ".syllabus-tmp-";

/// One file of the site: its path relative to the output root and its bytes.
pub struct OutFile {
    /// `human-selling/cogs.html`.
    pub path: String,
    /// Contents, or the file on disk to copy.
    pub data: OutData,
}

/// What to write.
#[derive(Debug, Clone)]
pub enum OutData {
    /// Bytes made by the build.
    Bytes(Vec<u8>),
    /// A file to copy as it is.
    Copy(PathBuf),
}

/// Refuses an output folder that would swallow or overwrite the course or something not ours.
pub fn check_output_dir(
    output: &Path,
    root: &Path,
    content: &Path,
    force: bool,
) -> anyhow::Result<()> {
    let out = absolute(output)?;
    let root = absolute(root)?;
    let content = absolute(content)?;
    let refuse = |why: &str| -> anyhow::Result<()> {
        bail!(
            "refusing to write the site to {}: {why}\nchoose another folder with --output (the default is public/)",
            output.display()
        )
    };
    if out == root || root.starts_with(&out) {
        return refuse("it holds the course itself (site.toml)");
    }
    if out.starts_with(&content) || content.starts_with(&out) {
        return refuse("it overlaps the content folder");
    }
    if out.parent().is_none() {
        return refuse("it is the root of the filesystem");
    }
    if out.join(crate::config::CONFIG_FILE).exists() {
        return refuse("it holds a site.toml, so it looks like a course");
    }
    if out.is_dir() && !out.join(MARKER).exists() {
        let has_files = std::fs::read_dir(&out)
            .with_context(|| format!("could not read {}", out.display()))?
            .filter_map(Result::ok)
            .any(|e| !e.file_name().to_string_lossy().starts_with('.'));
        if has_files && !force {
            return refuse(
                "it is a folder Syllabus did not create, and it is not empty; pass --force to replace it (its dotfiles are kept)",
            );
        }
    } else if out.exists() && !out.is_dir() {
        return refuse("it is a file");
    }
    Ok(())
}

/// `path` made absolute with symlinks resolved as far as it exists, so `a/../b` and links into
/// the content folder are seen for what they are.
fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    let abs = std::path::absolute(path)
        .with_context(|| format!("could not resolve {}", path.display()))?;
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(p), Some(n)) => {
                rest.push(n.to_owned());
                existing = p;
            }
            _ => break,
        }
    }
    let mut out = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    for n in rest.into_iter().rev() {
        out.push(n);
    }
    Ok(out)
}

/// Writes `files` as the new content of `output`, atomically. Returns the number of files.
pub fn write_site(output: &Path, files: &[OutFile]) -> anyhow::Result<usize> {
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    crate::fs::create_dir_all(&parent)?;
    remove_stale_temps(&parent);
    let tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempdir_in(&parent)
        .with_context(|| {
            format!(
                "could not create a temporary folder in {}",
                parent.display()
            )
        })?;
    crate::fs::write(
        &tmp.path().join(MARKER),
        b"This folder was made by syllabus build and is replaced by every build.\n",
    )?;
    // Folders first, once each, so the parallel writes below need no per-file mkdir.
    let mut dirs: Vec<&str> = files
        .iter()
        .filter_map(|f| f.path.rsplit_once('/').map(|(d, _)| d))
        .collect();
    dirs.sort_unstable();
    dirs.dedup();
    for d in dirs {
        crate::fs::create_dir_all(&inside(tmp.path(), d)?)?;
    }
    files.par_iter().try_for_each(|f| {
        let to = inside(tmp.path(), &f.path)?;
        match &f.data {
            OutData::Bytes(b) => {
                std::fs::write(&to, b).with_context(|| format!("could not write {}", to.display()))
            }
            OutData::Copy(from) => std::fs::copy(from, &to)
                .map(drop)
                .with_context(|| format!("could not copy {} to {}", from.display(), to.display())),
        }
    })?;
    swap_in(tmp, output)?;
    Ok(files.len())
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

/// Moves the finished temporary folder to `output`, keeping the old output's dotfiles.
fn swap_in(tmp: tempfile::TempDir, output: &Path) -> anyhow::Result<()> {
    if output.is_dir() {
        for entry in std::fs::read_dir(output)
            .with_context(|| format!("could not read {}", output.display()))?
        {
            let entry = entry?;
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') && name != MARKER {
                let to = tmp.path().join(&name);
                std::fs::rename(entry.path(), &to).with_context(|| {
                    format!(
                        "could not keep {} in the new output",
                        entry.path().display()
                    )
                })?;
            }
        }
        // The old site goes aside under a temporary name, then the new one takes its place.
        let old = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .tempdir_in(output.parent().unwrap_or(Path::new(".")))?;
        let old_path = old.path().join("old");
        std::fs::rename(output, &old_path)
            .with_context(|| format!("could not move the old {} aside", output.display()))?;
        let new = tmp.keep();
        if let Err(e) = std::fs::rename(&new, output) {
            // Put the old site back so the author still has one.
            let _ = std::fs::rename(&old_path, output);
            return Err(e)
                .with_context(|| format!("could not move the new site into {}", output.display()));
        }
        drop(old);
    } else {
        let new = tmp.keep();
        std::fs::rename(&new, output)
            .with_context(|| format!("could not move the new site into {}", output.display()))?;
    }
    Ok(())
}

/// Removes temporary folders left by a build that was killed.
fn remove_stale_temps(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name();
        if name.to_string_lossy().starts_with(TEMP_PREFIX) && e.path().is_dir() {
            log::debug!("removing stale temporary folder {}", e.path().display());
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
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
