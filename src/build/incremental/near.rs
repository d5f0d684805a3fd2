//! What a change reaches: the modules whose pages show a changed module, the pages to
//! render again for them, and where each lesson is (by its file) for the fast path.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::build::pages::{Page, page_jobs};
use crate::model::Curriculum;
use crate::theme;

/// Which modules' pages can show what changed between two courses with the same pages in the
/// same order: those whose sidebar lists a changed module, or whose prev/next link into it
/// (see `theme::context`). `None` when every page can (the home page changed: its title is
/// in every breadcrumb; a guide's title changed: it is in every footer).
pub(super) fn modules_near_changes(old: &Curriculum, new: &Curriculum) -> Option<Vec<bool>> {
    // The guides' titles are in every page's footer.
    let guides = |c: &Curriculum| {
        c.guides
            .iter()
            .map(|g| (g.title.clone(), g.url.clone()))
            .collect::<Vec<_>>()
    };
    if old.home.source.text != new.home.source.text || guides(old) != guides(new) {
        return None;
    }
    let count = new.modules.len();
    let mut near = vec![false; count];
    for (i, (a, b)) in old.modules.iter().zip(&new.modules).enumerate() {
        let changed = a.source.text != b.source.text
            || a.entries
                .iter()
                .zip(&b.entries)
                .any(|(x, y)| x.render_input() != y.render_input());
        if changed {
            for m in theme::context::modules_showing(count, i) {
                near[m] = true;
            }
        }
    }
    Some(near)
}

/// The course-wide pages, and every page of the modules marked in `near`.
pub(super) fn near_jobs(course: &Curriculum, near: &[bool]) -> Vec<Page> {
    page_jobs(course)
        .into_iter()
        .filter(|job| match job {
            Page::Module(i) | Page::Entry(i, _) => near[*i],
            Page::Site(_) | Page::Guide(_) => true,
        })
        .collect()
}

/// Absolute source path of every entry (lesson, quiz, scenario) → its (module, entry) position.
pub(super) fn entry_positions(course: &Curriculum) -> HashMap<PathBuf, (usize, usize)> {
    let mut entries = HashMap::new();
    for (i, m) in course.modules.iter().enumerate() {
        for (j, e) in m.entries.iter().enumerate() {
            entries.insert(absolute(e.path()), (i, j));
        }
    }
    entries
}

pub(super) fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}
