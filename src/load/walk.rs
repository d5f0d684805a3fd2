//! The walk of `content/`: module folders at depth 1, pages inside them, everything else an
//! asset; links, ignored names and misplaced files are sorted out here.

use std::path::PathBuf;

use super::Ignore;
use super::names::page_name_problem;
use super::symlinks::check_link;
use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::fs::FileStamp;

/// One file found by the walk, and what it is.
pub(super) enum Found {
    Home(PathBuf),
    ModuleIndex(usize, PathBuf),
    Lesson(usize, PathBuf),
    Quiz(usize, PathBuf),
    /// A file to copy, and which file it was when found.
    Asset(PathBuf, FileStamp),
}

/// A module folder found by the walk.
pub(super) struct ModuleDir {
    pub name: String,
    pub path: PathBuf,
}

/// Walks `content/`: module folders at depth 1, pages inside them, everything else an asset.
pub(super) fn walk(config: &Config, diags: &mut Diagnostics) -> (Vec<ModuleDir>, Vec<Found>) {
    let content = config.content_dir.as_path();
    let ignore = Ignore::new(&config.ignore);
    let mut dirs: Vec<ModuleDir> = Vec::new();
    let mut found = Vec::new();
    if !content.is_dir() {
        diags.push(
            Diagnostic::file_error(content, "there is no content folder")
                .with_help("create content/ with an _index.md and one folder per module, or run `syllabus init`"),
        );
        return (dirs, found);
    }
    let walker = walkdir::WalkDir::new(content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !e.file_name().to_str().is_some_and(|n| ignore.is_ignored(n))
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(content).to_path_buf();
                diags.push(Diagnostic::file_error(
                    &path,
                    format!("could not read: {e}"),
                ));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let path = entry.path().to_path_buf();
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            diags.push(
                Diagnostic::file_error(&path, "the file name is not valid UTF-8")
                    .with_help("rename it"),
            );
            continue;
        };
        let (file_type, link_target) = if entry.path_is_symlink() {
            match check_link(&path, config) {
                Ok(meta) => (meta.file_type(), Some(meta)),
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            }
        } else {
            (entry.file_type(), None)
        };
        let module = if entry.depth() >= 2 {
            // The module this file belongs to is the last folder pushed at depth 1.
            dirs.iter().rposition(|d| path.starts_with(&d.path))
        } else {
            None
        };
        let is_page = name.ends_with(".md") || name.ends_with(".quiz.yaml");
        let named_in_urls = (file_type.is_dir() && entry.depth() == 1)
            || (is_page && entry.depth() == 2 && name != "_index.md");
        if named_in_urls && let Some(problem) = page_name_problem(&name) {
            diags.push(
                Diagnostic::file_error(&path, problem)
                    .with_help("rename it with another word, e.g. `05-summary.md` or `02-basics`"),
            );
            if !file_type.is_dir() {
                continue;
            }
        }
        if file_type.is_dir() {
            if entry.depth() == 1 {
                dirs.push(ModuleDir { name, path });
            }
            continue;
        }
        found.push(match (entry.depth(), module, name.as_str()) {
            (1, _, "_index.md") => Found::Home(path),
            (2, Some(m), "_index.md") => Found::ModuleIndex(m, path),
            (2, Some(m), n) if n.ends_with(".quiz.yaml") => Found::Quiz(m, path),
            (2, Some(m), n) if n.ends_with(".md") => Found::Lesson(m, path),
            _ if is_page => {
                diags.push(
                    Diagnostic::file_error(
                        &path,
                        "pages must sit directly in a module folder (content/<module>/)",
                    )
                    .with_help("move it into a module folder, or rename it if it is not a page"),
                );
                continue;
            }
            _ => {
                // What the path names now; through a link, what check_link accepted.
                let meta = match link_target.map_or_else(|| entry.metadata(), Ok) {
                    Ok(meta) => meta,
                    Err(e) => {
                        diags.push(Diagnostic::file_error(
                            &path,
                            format!("could not read: {e}"),
                        ));
                        continue;
                    }
                };
                Found::Asset(path, FileStamp::of(&meta))
            }
        });
    }
    (dirs, found)
}
