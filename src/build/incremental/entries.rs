//! The second way of an incremental update: pages the course already has (lessons, quizzes,
//! scenarios) changed in a way that keeps their file and URL: a title, weight, checklist, id,
//! description or duration, a quiz's questions (issue 19). Only the changed files are read
//! again (`load::load_entry`), their modules' entries are sorted again by their order keys,
//! their markdown is rendered and checked as in a cold build (their links, other pages' links
//! into their headings, duplicate ids); then the pages that can show them (their module's, the
//! modules' whose sidebar or prev/next link shows it, and the course-wide pages) are hashed,
//! and only those whose context changed are rendered. The search index takes just the entries
//! that changed or moved, and the progress map is made again.
//!
//! Anything this way does not decide alone (an error, a draft, a file that is now a link) is
//! left to the next way, which loads the whole course again and reports exactly what a cold
//! build would.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::Instant;

use super::near::{absolute, near_jobs};
use super::{LiveSite, Update, all_bodies};
use crate::build::pages::{Pages, progress_map_files};
use crate::diag::{Diagnostic, Diagnostics};
use crate::kinds::SitePage;
use crate::load::{Order, load_entry};
use crate::markdown::Heading;
use crate::model::{Curriculum, Entry};
use crate::render::{Bodies, EntryBody};
use crate::theme::context::modules_showing;

/// A page read and rendered again, before it replaces the old one.
struct Fresh {
    at: (usize, usize),
    order: Order,
    entry: Entry,
    body: EntryBody,
}

impl LiveSite {
    /// Reads the entries at `positions` again and re-renders what they change; `None` when
    /// the next way must decide (see the module docs).
    pub(super) fn update_entries(
        &mut self,
        positions: &[(usize, usize)],
    ) -> anyhow::Result<Option<Update>> {
        let start = Instant::now();
        let Some((fresh, mut diags)) = self.reload_entries(positions) else {
            return Ok(None);
        };
        diags.extend(self.check_fresh(&fresh.iter().map(|f| (f.at, &f.body)).collect::<Vec<_>>()));
        if diags.iter().any(Diagnostic::is_error) {
            return Ok(None);
        }
        log::debug!(
            "read {} page(s) again in {:?}",
            fresh.len(),
            start.elapsed()
        );

        // The pages that can show the changed entries, hashed as they are now. The pages stay
        // the same (an entry moves only within its module), so the same jobs render them after.
        let course = &self.prepared.loaded.curriculum;
        let mut near = vec![false; course.modules.len()];
        for f in &fresh {
            for m in modules_showing(near.len(), f.at.0) {
                near[m] = true;
            }
        }
        let jobs = near_jobs(course, &near);
        self.hash_missing(&jobs);

        // Apply: the new entries and bodies, then each changed module in order again.
        let mut modules: Vec<usize> = fresh.iter().map(|f| f.at.0).collect();
        modules.sort_unstable();
        modules.dedup();
        let course = &self.prepared.loaded.curriculum;
        let paths_before: Vec<Vec<PathBuf>> = modules
            .iter()
            .map(|&i| {
                course.modules[i]
                    .entries
                    .iter()
                    .map(|e| e.path().to_path_buf())
                    .collect()
            })
            .collect();
        let edited: HashSet<PathBuf> = fresh.iter().map(|f| f.entry.path().to_owned()).collect();
        for f in fresh {
            let (i, j) = f.at;
            self.prepared.loaded.curriculum.modules[i].entries[j] = f.entry;
            self.prepared.bodies.modules[i].entries[j] = f.body;
            self.prepared.loaded.orders[i][j] = f.order;
        }
        // The entries whose page changed or moved: their search documents change.
        let mut changed = Vec::new();
        for (&i, before) in modules.iter().zip(&paths_before) {
            self.sort_module(i);
            let entries = &self.prepared.loaded.curriculum.modules[i].entries;
            for (j, e) in entries.iter().enumerate() {
                if e.path() != before[j] || edited.contains(e.path()) {
                    changed.push((i, j));
                    self.entries.insert(absolute(e.path()), (i, j));
                }
            }
        }

        let mut files = self.render_changed_pages(jobs)?;
        let pages = files.len();
        // The progress map holds every title, URL and checklist: made again, served as is when
        // unchanged.
        let p = &self.prepared;
        let renderer = Pages::new(&p.config, &p.loaded.curriculum, &p.bodies, &self.theme);
        files.extend(progress_map_files(&renderer.views));
        let (search_files, removed) = self.search_files(Some(&changed));
        files.extend(search_files);
        log::debug!(
            "read {} page(s) again and rendered {pages} pages in {:?}",
            edited.len(),
            start.elapsed()
        );
        Ok(Some(Update::Partial(files, removed, diags)))
    }

    /// Reads and renders the entries at `positions` again, with their diagnostics; `None`
    /// when one fails to load, has an error, became a draft or a link, or takes an id another
    /// entry has.
    fn reload_entries(
        &self,
        positions: &[(usize, usize)],
    ) -> Option<(Vec<Fresh>, Vec<Diagnostic>)> {
        let p = &self.prepared;
        let course = &p.loaded.curriculum;
        let mut fresh = Vec::new();
        let mut diags = Diagnostics::new();
        for &(i, j) in positions {
            let old = &course.modules[i].entries[j];
            let path = old.path();
            // A file replaced by a link is checked by the walk (where it points).
            if std::fs::symlink_metadata(path).map_or(true, |m| m.file_type().is_symlink()) {
                return None;
            }
            let module_dir = course.modules[i].source.path.parent()?;
            let mut file_diags = Diagnostics::new();
            let (order, entry) = load_entry(&p.config, module_dir, path, old, &mut file_diags)?;
            if file_diags.has_errors()
                || (entry.draft() && !self.opts.drafts)
                || entry.url() != old.url()
            {
                return None;
            }
            diags.extend(file_diags.into_sorted());
            let body = entry.render(&p.config, &p.index);
            fresh.push(Fresh {
                at: (i, j),
                order,
                entry,
                body,
            });
        }
        // Ids are unique across the course (`checks::check_curriculum`): a new id must not be
        // taken.
        let ids: HashMap<(usize, usize), &str> =
            fresh.iter().map(|f| (f.at, f.entry.id())).collect();
        for f in &fresh {
            let (i, j) = f.at;
            if f.entry.id() == course.modules[i].entries[j].id() {
                continue;
            }
            let taken = course.modules.iter().enumerate().any(|(k, m)| {
                m.entries.iter().enumerate().any(|(l, e)| {
                    (k, l) != f.at && ids.get(&(k, l)).copied().unwrap_or(e.id()) == f.entry.id()
                })
            });
            if taken {
                return None;
            }
        }
        Some((fresh, diags.into_sorted()))
    }

    /// Sorts module `i`'s entries (and their bodies and order keys) by their order keys, as
    /// the loader does.
    fn sort_module(&mut self, i: usize) {
        let orders = &self.prepared.loaded.orders[i];
        let mut by: Vec<usize> = (0..orders.len()).collect();
        by.sort_by(|&a, &b| orders[a].key().cmp(&orders[b].key()));
        if by.iter().enumerate().all(|(k, &n)| k == n) {
            return;
        }
        permute(&mut self.prepared.loaded.orders[i], &by);
        permute(&mut self.prepared.loaded.curriculum.modules[i].entries, &by);
        permute(&mut self.prepared.bodies.modules[i].entries, &by);
    }

    /// The diagnostics of `fresh` bodies (at these positions) against the rest of the site,
    /// as a full build would find them: their own, their links into other pages' headings, and
    /// other pages' links into theirs.
    pub(super) fn check_fresh(&self, fresh: &[((usize, usize), &EntryBody)]) -> Vec<Diagnostic> {
        let course = &self.prepared.loaded.curriculum;
        let mut headings = HeadingIds::of(course, &self.prepared.bodies);
        for ((i, j), body) in fresh {
            headings.put(course.modules[*i].entries[*j].url(), body.link_targets());
        }
        let mut diags: Vec<Diagnostic> = Vec::new();
        for (_, body) in fresh {
            let found = body.found();
            diags.extend(found.diagnostics.iter().cloned());
            for a in &found.anchors {
                if let Some(u) = a.page.as_deref()
                    && headings.lacks(u, &a.fragment)
                {
                    diags.push(a.at.clone());
                }
            }
        }
        // Other pages' links into the edited pages' headings.
        let edited: Vec<&str> = fresh
            .iter()
            .map(|((i, j), _)| course.modules[*i].entries[*j].url())
            .collect();
        for r in all_bodies(&self.prepared.bodies) {
            for a in &r.anchors {
                if let Some(u) = a.page.as_deref()
                    && edited.contains(&u)
                    && headings.lacks(u, &a.fragment)
                {
                    diags.push(a.at.clone());
                }
            }
        }
        diags
    }
}

/// The heading ids of every page other pages may link into, by URL: lists, each made a set
/// the first time it is looked into (a page of 20,000 headings must stay linear, issue 22),
/// so checking a few links costs little more than listing the pages.
struct HeadingIds<'a> {
    lists: HashMap<&'a str, &'a [Heading]>,
    sets: HashMap<&'a str, HashSet<&'a str>>,
}

impl<'a> HeadingIds<'a> {
    fn of(course: &'a Curriculum, bodies: &'a Bodies) -> Self {
        let mut lists: HashMap<&'a str, &'a [Heading]> = HashMap::new();
        lists.insert(SitePage::Home.url(), &bodies.home.headings);
        for (g, r) in course.guides.iter().zip(&bodies.guides) {
            lists.insert(&g.url, &r.headings);
        }
        for (m, mb) in course.modules.iter().zip(&bodies.modules) {
            lists.insert(&m.url, &mb.intro.headings);
            for (e, eb) in m.entries.iter().zip(&mb.entries) {
                if let Some(targets) = eb.link_targets() {
                    lists.insert(e.url(), targets);
                }
            }
        }
        HeadingIds {
            lists,
            sets: HashMap::new(),
        }
    }

    /// The page at `url` has these headings now (`None`: links into it are not checked).
    fn put(&mut self, url: &'a str, targets: Option<&'a [Heading]>) {
        self.sets.remove(url);
        match targets {
            Some(t) => self.lists.insert(url, t),
            None => self.lists.remove(url),
        };
    }

    /// Whether the page at `url` is one whose headings are checked and has no heading `id`.
    fn lacks(&mut self, url: &str, id: &str) -> bool {
        let Some((&url, hs)) = self.lists.get_key_value(url) else {
            return false;
        };
        if hs.len() <= 16 {
            return !hs.iter().any(|h| h.id == id);
        }
        !self
            .sets
            .entry(url)
            .or_insert_with(|| hs.iter().map(|h| h.id.as_str()).collect())
            .contains(id)
    }
}

/// Puts `v` in the order `by` gives: its element `by[0]` first, and so on.
fn permute<T>(v: &mut Vec<T>, by: &[usize]) {
    let mut old: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(
        by.iter()
            .map(|&k| old[k].take().expect("`by` is a permutation")),
    );
}
