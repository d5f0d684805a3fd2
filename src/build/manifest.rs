//! The list of files a build wrote, kept in the output's marker file, so the next build deletes
//! only what Syllabus made (issue 22).
//!
//! In: the paths the build added. Out: the marker's text; and, for an existing output, the
//! first file in it that no build wrote and nothing keeps: the guard refuses to replace such a
//! folder without `--force`. A marker written before the list existed has none, and the whole
//! folder is taken as ours, as it was then.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::keep::{MARKER, kept_by};
use crate::config::Keep;

/// The marker's first line, then the line that says what follows.
const HEADER: &str = "This folder was made by syllabus build and is replaced by every build.\nA build deletes only the files listed below, which the last build wrote: any other file here stops the next build, unless it is given --force.\n\n";

/// The marker file's text for a build that wrote `paths` (relative, `/`-separated).
pub fn render_marker(mut paths: Vec<String>) -> Vec<u8> {
    paths.sort_unstable();
    let mut out =
        String::with_capacity(HEADER.len() + paths.iter().map(|p| p.len() + 1).sum::<usize>());
    out.push_str(HEADER);
    for p in &paths {
        // A name holding a line break or `%` is written percent-encoded, so one line is one path.
        if p.contains(['\n', '\r', '%']) {
            out.push_str(
                &p.replace('%', "%25")
                    .replace('\n', "%0A")
                    .replace('\r', "%0D"),
            );
        } else {
            out.push_str(p);
        }
        out.push('\n');
    }
    out.into_bytes()
}

/// The paths listed in the marker of `output`, or `None` when it lists none (no marker, or one
/// from a version of Syllabus before the list).
pub fn read_listed(output: &Path) -> anyhow::Result<Option<HashSet<String>>> {
    let path = output.join(MARKER);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("could not read {}", path.display())),
    };
    let Some((_, list)) = text.split_once("\n\n") else {
        return Ok(None);
    };
    Ok(Some(
        list.lines()
            .map(|l| {
                if l.contains('%') {
                    l.replace("%0A", "\n")
                        .replace("%0D", "\r")
                        .replace("%25", "%")
                } else {
                    l.to_owned()
                }
            })
            .collect(),
    ))
}

/// The first file (in name order) of the output folder `output` that the last build did not
/// write (`listed`) and that the next build does not carry over (a dotfile at the top, or what
/// `keep` matches): replacing the folder would delete it. Links are never followed.
pub fn first_unlisted(
    output: &Path,
    listed: &HashSet<String>,
    keep: &[Keep],
) -> anyhow::Result<Option<PathBuf>> {
    // Sorting the walk was half its cost (2% of a rebuild at 1,000 lessons): walk in the disk's
    // order, and only when something is found walk again in name order to name the first.
    if walk_unlisted(output, listed, keep, false)?.is_none() {
        return Ok(None);
    }
    walk_unlisted(output, listed, keep, true)
}

fn walk_unlisted(
    output: &Path,
    listed: &HashSet<String>,
    keep: &[Keep],
    sorted: bool,
) -> anyhow::Result<Option<PathBuf>> {
    let mut walk = walkdir::WalkDir::new(output).min_depth(1);
    if sorted {
        walk = walk.sort_by_file_name();
    }
    let kept = |e: &walkdir::DirEntry| {
        !keep.is_empty() && relative(output, e.path()).is_some_and(|r| kept_by(keep, &r).is_some())
    };
    let walk = walk.into_iter().filter_entry(|e| {
        let top_dotfile = e.depth() == 1 && e.file_name().as_encoded_bytes().starts_with(b".");
        !top_dotfile && !kept(e)
    });
    for entry in walk {
        let entry = entry.with_context(|| format!("could not read {}", output.display()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = relative(output, entry.path()).unwrap_or_default();
        if !listed.contains(rel.as_ref()) {
            return Ok(Some(PathBuf::from(rel.as_ref())));
        }
    }
    Ok(None)
}

/// `path` relative to `root`, with `/` between its parts (as output paths are written).
fn relative<'p>(root: &Path, path: &'p Path) -> Option<std::borrow::Cow<'p, str>> {
    let rel = path.strip_prefix(root).ok()?.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        Some(rel)
    } else {
        Some(rel.replace(std::path::MAIN_SEPARATOR, "/").into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_lists_every_path_once_per_line_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let paths = vec![
            "m/b.html".to_owned(),
            "a\nb%.png".to_owned(),
            "index.html".to_owned(),
        ];
        std::fs::write(dir.path().join(MARKER), render_marker(paths.clone())).unwrap();
        let listed = read_listed(dir.path()).unwrap().unwrap();
        assert_eq!(listed, paths.into_iter().collect());
    }

    #[test]
    fn a_marker_without_a_list_lists_nothing() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read_listed(dir.path()).unwrap(), None, "no marker");
        std::fs::write(
            dir.path().join(MARKER),
            "This folder was made by syllabus build and is replaced by every build.\n",
        )
        .unwrap();
        assert_eq!(read_listed(dir.path()).unwrap(), None, "a marker of before");
    }

    #[test]
    fn files_no_build_wrote_are_found_and_carried_ones_are_not() {
        let dir = tempfile::tempdir().unwrap();
        for f in [
            ".git/HEAD",
            "index.html",
            "m/a.html",
            "m/uploads/photo.txt",
            "z.txt",
        ] {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let listed: HashSet<String> = ["index.html", "m/a.html"].map(String::from).into();
        assert_eq!(
            first_unlisted(dir.path(), &listed, &[]).unwrap(),
            Some(PathBuf::from("m/uploads/photo.txt"))
        );
        let keep = vec![Keep {
            glob: crate::glob::PathGlob::parse("m/uploads").unwrap(),
            at: crate::diag::Diagnostic::file_error(Path::new("site.toml"), ""),
        }];
        assert_eq!(
            first_unlisted(dir.path(), &listed, &keep).unwrap(),
            Some(PathBuf::from("z.txt")),
            "a kept folder is carried over, not deleted"
        );
    }
}
