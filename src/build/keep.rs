//! What in an output folder is the author's (O02): its dotfiles (`.git`) and the paths that
//! site.toml's `keep` patterns match (`CNAME`, `downloads/**`). The output stage carries them
//! into every new site, refuses a foreign folder only for what it would drop, keeps stale
//! temporary folders that hold them, and refuses a site that would write over them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::config::Keep;
use crate::diag::{ContentErrors, Diagnostic};

/// Marks a folder as made by Syllabus: the one dotfile at its top that is ours, not the
/// author's. It lists the files the build wrote (`manifest`).
pub const MARKER: &str = ".syllabus-output";

/// An old output folder sorted by what the swap does with it.
#[derive(Debug, Default)]
pub(crate) struct OldOutput {
    /// Paths (relative to the folder) carried into the new site whole: the dotfiles at its top,
    /// other than the marker, and what `keep` matches. None lies inside another.
    pub carried: Vec<PathBuf>,
    /// The first path, in name order, that the new site replaces: a file `keep` does not match,
    /// or a folder with nothing kept in it.
    pub dropped: Option<PathBuf>,
}

/// Sorts the entries of the output folder `dir` (which must exist). Folders are only looked into
/// when there are `keep` patterns; links are never followed.
pub(crate) fn sort_old_output(dir: &Path, keep: &[Keep]) -> anyhow::Result<OldOutput> {
    let mut old = OldOutput::default();
    visit(dir, Path::new(""), keep, &mut old)?;
    Ok(old)
}

fn visit(dir: &Path, rel: &Path, keep: &[Keep], old: &mut OldOutput) -> anyhow::Result<()> {
    let at = dir.join(rel);
    let mut entries = Vec::new();
    for entry in
        std::fs::read_dir(&at).with_context(|| format!("could not read {}", at.display()))?
    {
        let entry = entry.with_context(|| format!("could not read {}", at.display()))?;
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        entries.push((entry.file_name(), is_dir));
    }
    entries.sort();
    for (name, is_dir) in entries {
        let path = rel.join(&name);
        if rel.as_os_str().is_empty() && name.to_string_lossy().starts_with('.') {
            if name != MARKER {
                old.carried.push(path);
            }
            continue;
        }
        if keep.iter().any(|k| k.glob.matches(&slashed(&path))) {
            old.carried.push(path);
            continue;
        }
        let before = old.carried.len();
        if is_dir && !keep.is_empty() {
            visit(dir, &path, keep, old)?;
        }
        if old.carried.len() == before && old.dropped.is_none() {
            old.dropped = Some(path);
        }
    }
    Ok(())
}

/// `path` with `/` between its parts, as patterns and output paths are written.
fn slashed(path: &Path) -> String {
    let parts: Vec<_> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

/// The index of the first `keep` pattern that matches `rel` (an output path, `first/a.html`) or
/// one of its folders: the file the site writes there would overwrite the author's.
pub(crate) fn kept_by(keep: &[Keep], rel: &str) -> Option<usize> {
    if keep.is_empty() {
        return None;
    }
    let prefixes = rel.match_indices('/').map(|(i, _)| &rel[..i]).chain([rel]);
    keep.iter()
        .position(|k| prefixes.clone().any(|p| k.glob.matches(p)))
}

/// The error for files of the site that `keep` patterns match, one diagnostic per pattern at
/// its place in site.toml: `clashes` maps a pattern's index to the output paths it matches.
pub(crate) fn clash_errors(keep: &[Keep], clashes: BTreeMap<usize, Vec<String>>) -> ContentErrors {
    let diagnostics = clashes
        .into_iter()
        .map(|(i, mut paths)| {
            paths.sort();
            let more = match paths.len() {
                1 => String::new(),
                2 => format!(" and {}", paths[1]),
                n => format!(", {} and {} more", paths[1], n - 2),
            };
            let k = &keep[i];
            Diagnostic {
                message: format!(
                    "keep pattern {:?} matches {}{more}, which this site writes",
                    k.glob.as_str(),
                    paths[0]
                ),
                help: Some("files that match `keep` are yours, and the build never writes over them; narrow the pattern to your own files, or rename what makes the page or asset".into()),
                ..k.at.clone()
            }
        })
        .collect();
    ContentErrors(diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glob::PathGlob;

    fn keep(patterns: &[&str]) -> Vec<Keep> {
        patterns
            .iter()
            .map(|p| Keep {
                glob: PathGlob::parse(p).unwrap(),
                at: Diagnostic::file_error(Path::new("site.toml"), ""),
            })
            .collect()
    }

    #[test]
    fn a_file_or_any_of_its_folders_can_be_kept() {
        let k = keep(&["CNAME", "downloads/**", "m/*.pdf", "m"]);
        assert_eq!(kept_by(&k, "CNAME"), Some(0));
        assert_eq!(kept_by(&k, "downloads/x/y.zip"), Some(1));
        assert_eq!(kept_by(&k, "m/a.pdf"), Some(2));
        assert_eq!(
            kept_by(&k, "m/a.html"),
            Some(3),
            "the pattern written first wins"
        );
        assert_eq!(kept_by(&k, "index.html"), None);
        assert_eq!(kept_by(&[], "CNAME"), None);
    }

    #[test]
    fn the_old_output_is_sorted_into_carried_and_dropped() {
        let dir = tempfile::tempdir().unwrap();
        for f in [
            ".git/HEAD",
            ".syllabus-output",
            "CNAME",
            "downloads/a.zip",
            "downloads/sub/b.zip",
            "m/a.pdf",
            "m/a.html",
            "z.html",
        ] {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let old =
            sort_old_output(dir.path(), &keep(&["CNAME", "downloads/**", "m/*.pdf"])).unwrap();
        let carried: Vec<_> = old.carried.iter().map(|p| slashed(p)).collect();
        assert_eq!(carried, [".git", "CNAME", "downloads", "m/a.pdf"]);
        assert_eq!(old.dropped.as_deref(), Some(Path::new("m/a.html")));

        let old = sort_old_output(dir.path(), &[]).unwrap();
        let carried: Vec<_> = old.carried.iter().map(|p| slashed(p)).collect();
        assert_eq!(carried, [".git"]);
        assert_eq!(old.dropped.as_deref(), Some(Path::new("CNAME")));
    }
}
