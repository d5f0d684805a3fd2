//! What a batch of changed paths is to the course's modules (issue 19): entries whose file
//! changed, entries whose file is gone, new pages in a module's folder, and modules' changed
//! `_index.md`. Anything else (a folder, an asset, the home page's `_index.md`, a page beside
//! the course, a file in a lesson folder, a name the walk refuses) is no plan: the slower ways
//! decide.

use std::io::ErrorKind;
use std::path::PathBuf;

use super::LiveSite;
use super::near::absolute;
use crate::load::{Ignore, page_name_problem};

/// The entries a batch of changes edits, removes and adds.
#[derive(Debug, Default)]
pub(super) struct Plan {
    /// Entries whose file changed, by (module, entry).
    pub edited: Vec<(usize, usize)>,
    /// Entries whose file is gone, sorted.
    pub removed: Vec<(usize, usize)>,
    /// New pages: the module and the file (as the walk would name it).
    pub added: Vec<(usize, PathBuf)>,
    /// Modules whose `_index.md` changed.
    pub modules: Vec<usize>,
}

impl LiveSite {
    /// The plan for `changed`, or `None` when a path is not a lesson, quiz or scenario file
    /// directly in a module folder the course has (or a lesson folder's known page).
    pub(super) fn plan(&self, changed: &[PathBuf]) -> Option<Plan> {
        let p = &self.prepared;
        let course = &p.loaded.curriculum;
        let ignore = Ignore::new(&p.config.ignore);
        let mut plan = Plan::default();
        for path in changed {
            let abs = absolute(path);
            let meta = std::fs::symlink_metadata(&abs);
            if let Some(&at) = self.entries.get(&abs) {
                // A lesson folder's page gone leaves its folder's files (another page may take
                // its place, or its files become the module's, named otherwise).
                let in_module_folder = || {
                    let m = &course.modules[at.0];
                    abs.parent() == m.source.path.parent().map(absolute).as_deref()
                };
                match meta {
                    Ok(m) if m.file_type().is_file() => plan.edited.push(at),
                    Err(e) if e.kind() == ErrorKind::NotFound && in_module_folder() => {
                        plan.removed.push(at);
                    }
                    // A folder or a link now: the walk decides what it is.
                    _ => return None,
                }
                continue;
            }
            if let Some(i) = course
                .modules
                .iter()
                .position(|m| absolute(&m.source.path) == abs)
            {
                match meta {
                    Ok(m) if m.file_type().is_file() => plan.modules.push(i),
                    _ => return None,
                }
                continue;
            }
            // A new file, named as the walk takes a page directly in a module folder.
            if !meta.ok()?.file_type().is_file() {
                return None;
            }
            let name = abs.file_name()?.to_str()?;
            let is_page = name.ends_with(".quiz.yaml")
                || name.ends_with(".scenario.yaml")
                || (name.ends_with(".md") && name != "_index.md");
            if !is_page || ignore.is_ignored(name) || page_name_problem(name).is_some() {
                return None;
            }
            let dir = abs.parent()?;
            let i = course
                .modules
                .iter()
                .position(|m| m.source.path.parent().map(absolute).as_deref() == Some(dir))?;
            let module_dir = course.modules[i].source.path.parent()?;
            let file = module_dir.join(name);
            // A link that could mean it may mean something else now (a folder, an asset).
            if p.index.is_claimed(&file, &p.config.content_dir) {
                return None;
            }
            plan.added.push((i, file));
        }
        plan.edited.sort_unstable();
        plan.removed.sort_unstable();
        plan.modules.sort_unstable();
        let empty = plan.edited.is_empty()
            && plan.removed.is_empty()
            && plan.added.is_empty()
            && plan.modules.is_empty();
        (!empty).then_some(plan)
    }
}
