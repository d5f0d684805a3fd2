//! The walk of `content/`: module folders and standalone pages (guides) at depth 1, pages inside them, lesson folders (a folder
//! in a module holding `index.md` or `README.md`, issue 17), everything else an asset; links,
//! ignored names and misplaced files are sorted out here.

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
    /// A standalone page: a `.md` file directly in `content/` beside `_index.md`.
    Guide(PathBuf),
    ModuleIndex(usize, PathBuf),
    /// A lesson: a `.md` file in a module folder, or the `index.md` or `README.md` of a lesson
    /// folder (its parent is then not the module folder).
    Lesson(usize, PathBuf),
    Quiz(usize, PathBuf),
    /// A branching conversation: a `.scenario.yaml` file in a module folder.
    Scenario(usize, PathBuf),
    /// A file to copy, which file it was when found, and whether it is inside a lesson folder
    /// (whose number prefix, like the module's, is then not part of its URL).
    Asset(PathBuf, FileStamp, bool),
}

/// The file that makes a folder in a module a lesson, first match wins: `index.md`, else a
/// README as GitHub shows one. Found with a few `stat`s when the walk enters the folder, before
/// its files come (they come sorted by name, `images/` before `index.md`).
const LESSON_PAGES: [&str; 4] = ["index.md", "README.md", "readme.md", "Readme.md"];

/// The lesson folder the walk is in: its path, the name of its page, and whether the page was
/// seen (one lesson per folder, even where the file system ignores case).
struct LessonDir {
    path: PathBuf,
    page: &'static str,
    seen: bool,
}

/// The page that makes `dir` a lesson folder, if any.
fn lesson_page(dir: &std::path::Path, ignore: &Ignore) -> Option<&'static str> {
    LESSON_PAGES
        .into_iter()
        .find(|name| !ignore.is_ignored(name) && dir.join(name).is_file())
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
    let mut lesson_dir: Option<LessonDir> = None;
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
        if lesson_dir
            .as_ref()
            .is_some_and(|l| !path.starts_with(&l.path))
        {
            lesson_dir = None;
        }
        let new_lesson_dir = (file_type.is_dir() && entry.depth() == 2)
            .then(|| lesson_page(&path, &ignore))
            .flatten();
        let is_yaml_page = name.ends_with(".quiz.yaml") || name.ends_with(".scenario.yaml");
        let is_page = name.ends_with(".md") || is_yaml_page;
        let named_in_urls = (file_type.is_dir() && entry.depth() == 1)
            || new_lesson_dir.is_some()
            || (is_page && entry.depth() <= 2 && name != "_index.md");
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
            } else if let Some(page) = new_lesson_dir
                && page_name_problem(&name).is_none()
            {
                lesson_dir = Some(LessonDir {
                    path,
                    page,
                    seen: false,
                });
            }
            continue;
        }
        // The page of the lesson folder the walk is in (its other files are its assets).
        let lesson_folder_page = lesson_dir.as_mut().is_some_and(|l| {
            let is_page = !l.seen && entry.depth() == 3 && name.eq_ignore_ascii_case(l.page);
            l.seen |= is_page;
            is_page
        });
        found.push(match (entry.depth(), module, name.as_str()) {
            (1, _, "_index.md") => Found::Home(path),
            (1, _, n) if n.ends_with(".md") => Found::Guide(path),
            (2, Some(m), "_index.md") => Found::ModuleIndex(m, path),
            (2, Some(m), n) if n.ends_with(".quiz.yaml") => Found::Quiz(m, path),
            (2, Some(m), n) if n.ends_with(".scenario.yaml") => Found::Scenario(m, path),
            (2, Some(m), n) if n.ends_with(".md") => Found::Lesson(m, path),
            (3, Some(m), _) if lesson_folder_page => Found::Lesson(m, path),
            // Markdown deeper in a module (a lesson folder's notes, a code sample's README) is
            // not a lesson: it is copied as a file, like an image (issue 17).
            _ if is_yaml_page => {
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
                Found::Asset(path, FileStamp::of(&meta), lesson_dir.is_some())
            }
        });
    }
    (dirs, found)
}
