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

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::links::{FreshBody, linked_to};
use super::near::{absolute, near_jobs};
use super::plan::Plan;
use super::{LiveSite, Update, progress_map};
use crate::build::links::SiteIndex;
use crate::build::pages::Pages;
use crate::config::BrokenLinks;
use crate::diag::{Diagnostic, Diagnostics};
use crate::kinds::SitePage;
use crate::load::{ModuleFront, Order, load_entry, load_module_page};
use crate::markdown::Rendered;
use crate::model::{Entry, Source};
use crate::render::{EntryBody, render_body};
use crate::theme::context::modules_showing;

/// An entry read: its place (its module, and its position or `None` for a new one), its order
/// key and the entry.
type ReadEntry = ((usize, Option<usize>), Order, Entry);

/// A module's page read and rendered again.
struct FreshModule {
    i: usize,
    front: ModuleFront,
    source: Source,
    intro: Rendered,
}

/// A page read and rendered again, before it replaces the old one (`at` its place), or a new
/// one (`at` its module and `None`).
struct Fresh {
    at: (usize, Option<usize>),
    order: Order,
    entry: Entry,
    body: EntryBody,
}

/// The pages read again or for the first time, the link index they were rendered with (when
/// pages come or go), and their diagnostics.
struct Reloaded {
    fresh: Vec<Fresh>,
    modules: Vec<FreshModule>,
    index: Option<SiteIndex>,
    diags: Vec<Diagnostic>,
}

impl LiveSite {
    /// Reads the changed, new and removed entries of `changed` and re-renders what they
    /// change; `None` when the next way must decide (see the module docs).
    pub(super) fn update_entries(&mut self, changed: &[PathBuf]) -> anyhow::Result<Option<Update>> {
        let start = Instant::now();
        let Some(plan) = self.plan(changed) else {
            return Ok(None);
        };
        let Some(Reloaded {
            fresh,
            modules,
            index,
            mut diags,
        }) = self.reload_entries(&plan)
        else {
            return Ok(None);
        };
        let course = &self.prepared.loaded.curriculum;
        let bodies: Vec<FreshBody> = fresh
            .iter()
            .map(|f| (f.entry.url(), f.body.found(), f.body.link_targets()))
            .chain(modules.iter().map(|m| {
                let url = course.modules[m.i].url.as_str();
                (url, &m.intro, Some(&m.intro.headings[..]))
            }))
            .collect();
        diags.extend(self.check_fresh(&bodies));
        if diags.iter().any(Diagnostic::is_error) {
            return Ok(None);
        }
        log::debug!("read {} page(s) in {:?}", fresh.len(), start.elapsed());

        // The pages that can show the changed modules, hashed as they are now.
        let mut touched: Vec<usize> = fresh
            .iter()
            .map(|f| f.at.0)
            .chain(plan.removed.iter().map(|r| r.0))
            .chain(plan.modules.iter().copied())
            .collect();
        touched.sort_unstable();
        touched.dedup();
        let course = &self.prepared.loaded.curriculum;
        let mut near = vec![false; course.modules.len()];
        for &i in &touched {
            for m in modules_showing(near.len(), i) {
                near[m] = true;
            }
        }
        self.hash_missing(&near_jobs(course, &near));
        log::debug!("hashed the pages near them in {:?}", start.elapsed());

        // Apply: edits in place, removals, additions, then each touched module in order again.
        let course = &self.prepared.loaded.curriculum;
        let paths_before: Vec<Vec<PathBuf>> = touched
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
        let mut added = Vec::new();
        for f in fresh {
            let (i, at) = f.at;
            let Some(j) = at else {
                added.push(f);
                continue;
            };
            self.prepared.loaded.curriculum.modules[i].entries[j] = f.entry;
            self.prepared.bodies.modules[i].entries[j] = f.body;
            self.prepared.loaded.orders[i][j] = f.order;
        }
        let mut removed_urls = Vec::new();
        // Sorted, so from the last: the positions before stay valid.
        for &(i, j) in plan.removed.iter().rev() {
            let gone = self.prepared.loaded.curriculum.modules[i].entries.remove(j);
            self.prepared.bodies.modules[i].entries.remove(j);
            self.prepared.loaded.orders[i].remove(j);
            self.entries.remove(&absolute(gone.path()));
            removed_urls.push(gone.url().to_owned());
        }
        // A page renamed with its URL kept (a new number) is not gone.
        removed_urls.retain(|u| !added.iter().any(|f| f.entry.url() == u));
        for f in added {
            let i = f.at.0;
            self.prepared.loaded.curriculum.modules[i]
                .entries
                .push(f.entry);
            self.prepared.bodies.modules[i].entries.push(f.body);
            self.prepared.loaded.orders[i].push(f.order);
        }
        if let Some(index) = index {
            self.prepared.index = index;
        }
        // The pages whose search documents change: a module page's, and its entries' (they
        // show its title), and the entries that changed or moved.
        let mut changed = Vec::new();
        for m in modules {
            let module = &mut self.prepared.loaded.curriculum.modules[m.i];
            module.title = m.front.title;
            module.description = m.front.description;
            module.source = m.source;
            self.prepared.bodies.modules[m.i].intro = m.intro;
            changed.push((m.i, None));
            changed.extend((0..module.entries.len()).map(|j| (m.i, Some(j))));
        }
        for (&i, before) in touched.iter().zip(&paths_before) {
            self.sort_module(i);
            let entries = &self.prepared.loaded.curriculum.modules[i].entries;
            for (j, e) in entries.iter().enumerate() {
                if before.get(j).is_none_or(|b| b != e.path()) || edited.contains(e.path()) {
                    changed.push((i, Some(j)));
                    self.entries.insert(absolute(e.path()), (i, j));
                }
            }
        }

        // The progress map holds every title, URL and checklist: made again, served as is when
        // unchanged, and handed to the pages that name its stamps.
        let p = &self.prepared;
        let renderer = Pages::new(&p.config, &p.loaded.curriculum, &p.bodies, &self.theme);
        let count = p.loaded.curriculum.modules.len();
        let map = progress_map(&mut self.map_parts, &renderer.views, count, Some(&touched));
        let map_files = crate::build::pages::map_files_of(&map, Some(&touched));
        drop(renderer);
        log::debug!("made the progress map in {:?}", start.elapsed());
        let course = &self.prepared.loaded.curriculum;
        let mut files = self.render_changed_pages(near_jobs(course, &near), map)?;
        let pages = files.len();
        log::debug!("rendered {pages} changed pages in {:?}", start.elapsed());
        files.extend(map_files);
        // A page more or less renumbers its module's search documents (the index reads those
        // that came, went or moved), or the whole index when the module outgrows its room.
        changed.sort_unstable();
        changed.dedup();
        let (search_files, mut removed) = self.search_files(Some(&changed[..]));
        files.extend(search_files);
        if let Some(hashes) = &mut self.page_hashes {
            for url in &removed_urls {
                hashes.remove(url);
            }
        }
        removed.extend(removed_urls);
        log::debug!(
            "read {} page(s) alone and rendered {pages} pages in {:?}",
            edited.len(),
            start.elapsed()
        );
        Ok(Some(Update::Partial(files, removed, diags)))
    }

    /// Reads and renders the entries `plan` edits and adds, with their diagnostics; `None` when
    /// one fails to load, has an error, is a draft left out, or takes an id or URL another
    /// page has, or when a removed page is linked to.
    fn reload_entries(&self, plan: &Plan) -> Option<Reloaded> {
        let p = &self.prepared;
        let course = &p.loaded.curriculum;
        let pages_change = !plan.added.is_empty() || !plan.removed.is_empty();
        // A link that fails only a warning (`broken_links = "warn"`) may start or stop working.
        if pages_change && p.config.broken_links == BrokenLinks::Warn {
            return None;
        }
        // A page others link to cannot go quietly: a cold build reports their links.
        let removed_urls: Vec<&str> = plan
            .removed
            .iter()
            .map(|&(i, j)| course.modules[i].entries[j].url())
            .collect();
        if removed_urls.iter().any(|u| linked_to(&p.bodies, u)) {
            return None;
        }
        let mut index = pages_change.then(|| {
            let mut index = p.index.clone();
            for &(i, j) in &plan.removed {
                index.remove_page(course.modules[i].entries[j].path(), &p.config.content_dir);
            }
            index
        });
        let mut diags = Diagnostics::new();
        let mut fresh = Vec::new();
        let mut read = |at: (usize, Option<usize>), path: &Path, diags: &mut Diagnostics| {
            let module_dir = course.modules[at.0].source.path.parent()?;
            let mut file_diags = Diagnostics::new();
            let (order, entry) = load_entry(&p.config, module_dir, path, &mut file_diags)?;
            if file_diags.has_errors() || (entry.draft() && !self.opts.drafts) {
                return None;
            }
            diags.extend(file_diags.into_sorted());
            fresh.push((at, order, entry));
            Some(())
        };
        for &(i, j) in &plan.edited {
            let old = &course.modules[i].entries[j];
            read((i, Some(j)), old.path(), &mut diags)?;
        }
        for (i, path) in &plan.added {
            read((*i, None), path, &mut diags)?;
        }
        if let Some(index) = &mut index {
            for (_, _, e) in fresh.iter().filter(|f| f.0.1.is_none()) {
                index.insert_page(e.path(), &p.config.content_dir, e.url());
            }
        }
        if !self.ids_and_urls_stay_unique(&fresh, plan) {
            return None;
        }
        // Modules' pages, in the same place (a new order of modules is for the next way).
        let mut modules = Vec::new();
        for &i in &plan.modules {
            let m = &course.modules[i];
            let mut file_diags = Diagnostics::new();
            let (order, front, source) =
                load_module_page(&p.config, m.source.path.parent()?, &mut file_diags)?;
            if file_diags.has_errors() || order != p.loaded.module_orders[i] {
                return None;
            }
            diags.extend(file_diags.into_sorted());
            let index = index.as_ref().unwrap_or(&p.index);
            let intro = render_body(&source, &m.url, None, &p.config, index);
            modules.push(FreshModule {
                i,
                front,
                source,
                intro,
            });
        }
        let fresh = fresh
            .into_iter()
            .map(|(at, order, entry)| {
                let body = entry.render(&p.config, index.as_ref().unwrap_or(&p.index));
                Fresh {
                    at,
                    order,
                    entry,
                    body,
                }
            })
            .collect();
        Some(Reloaded {
            fresh,
            modules,
            index,
            diags: diags.into_sorted(),
        })
    }

    /// Whether the ids and URLs of the course stay unique (`checks::check_curriculum`) with
    /// the `fresh` entries in place and the removed ones gone.
    fn ids_and_urls_stay_unique(&self, fresh: &[ReadEntry], plan: &Plan) -> bool {
        let course = &self.prepared.loaded.curriculum;
        let gone: HashSet<(usize, usize)> = plan
            .removed
            .iter()
            .copied()
            .chain(fresh.iter().filter_map(|(at, ..)| Some((at.0, at.1?))))
            .collect();
        let gone = &gone;
        let stays = || {
            course.modules.iter().enumerate().flat_map(move |(i, m)| {
                m.entries
                    .iter()
                    .enumerate()
                    .filter(move |(j, _)| !gone.contains(&(i, *j)))
                    .map(|(_, e)| e)
            })
        };
        // Ids: only new ones can collide.
        let new_ids: Vec<&str> = fresh
            .iter()
            .filter(|((i, j), _, e)| j.is_none_or(|j| course.modules[*i].entries[j].id() != e.id()))
            .map(|(_, _, e)| e.id())
            .collect();
        let mut fresh_ids: HashSet<&str> = HashSet::new();
        if fresh.iter().any(|(_, _, e)| !fresh_ids.insert(e.id()))
            || (!new_ids.is_empty() && stays().any(|e| new_ids.contains(&e.id())))
        {
            return false;
        }
        // URLs: only new pages' can collide (case-insensitively, as on macOS and Windows).
        let added: Vec<String> = fresh
            .iter()
            .filter(|(at, ..)| at.1.is_none())
            .map(|(_, _, e)| e.url().to_lowercase())
            .collect();
        if added.is_empty() {
            return true;
        }
        let mut urls: HashSet<String> = SitePage::ALL
            .iter()
            .map(|s| s.url().to_owned())
            .chain(course.modules.iter().map(|m| m.url.to_lowercase()))
            .chain(stays().map(|e| e.url().to_lowercase()))
            .chain(course.guides.iter().map(|g| g.url.to_lowercase()))
            .chain(course.assets.iter().map(|a| a.url.to_lowercase()))
            .collect();
        added
            .into_iter()
            .all(|u| !u.starts_with("assets/") && u != "assets" && urls.insert(u))
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
}

/// Puts `v` in the order `by` gives: its element `by[0]` first, and so on.
fn permute<T>(v: &mut Vec<T>, by: &[usize]) {
    let mut old: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(
        by.iter()
            .map(|&k| old[k].take().expect("`by` is a permutation")),
    );
}
