//! Incremental rebuilds for `serve`: a [`LiveSite`] keeps what a full build knew and re-renders
//! only what an edit changed. Four ways ([`Way`]), fastest first:
//!
//! 1. **Body edit** (a lesson's front matter byte for byte the same): re-render that lesson's
//!    markdown, check its links, and render its page (and, if its task list changed, the pages
//!    showing checklist totals). The same for the home page, a module's `_index.md` or a page
//!    beside the course (`site_bodies`): the pages that show its body.
//! 2. **Lessons, quizzes or scenarios changed in any other way** (a title, weight, checklist
//!    or id in front matter, a quiz's questions): read only those files again, sort their
//!    modules again, and render only the pages near them whose context changed (`entries`).
//! 3. **Any other content edit that keeps the same pages and files** (a module's or the home
//!    page's `_index.md`, a page beside the course, or what way 2 leaves, such as an error):
//!    load the course again (front matter and quizzes, no markdown), reuse the rendered
//!    markdown of every page whose source is unchanged, run the same checks as a build, then
//!    render only the pages whose template context changed (a hash of each page's context is
//!    kept), and update the search index.
//! 4. **Everything else** (new, moved or deleted files, templates, `site.toml`, and any update
//!    after a failed one): a full rebuild, which is always correct.
//!
//! The property that matters, and that the tests check: the site after an update equals a cold
//! build of the tree, file for file, and a failed update reports what a cold build would.

mod bodies;
mod entries;
mod links;
mod near;
mod plan;
mod reuse;
mod site_bodies;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

use crate::build::links::SiteIndex;
use crate::build::pages::{Page, Pages, page_jobs, page_url, render_site};
use crate::build::{BuildOptions, Prepared, checks};
use crate::diag::Diagnostic;
use crate::fs::OutFile;
use crate::markdown::Rendered;
use crate::model::Entry;
use crate::render::{Bodies, course::render_bodies};
use crate::theme::context::{MapPart, ProgressMap, Views};
use crate::theme::{self, Theme};
use near::{absolute, entry_positions, modules_near_changes, near_jobs};
use reuse::{changed_entries, context_hash, link_targets, page_urls, reuse_bodies};

/// A built site and what it was built from.
pub struct LiveSite {
    opts: BuildOptions,
    prepared: Prepared,
    theme: Theme,
    /// Absolute source path of every entry (lesson, quiz, scenario) → (module, entry) position.
    entries: HashMap<PathBuf, (usize, usize)>,
    /// The last update failed: the tree holds changes this state has not seen, so only a full
    /// build is safe.
    dirty: bool,
    /// The search index, kept from the first build on.
    search: crate::search::SearchIndex,
    /// A hash of every page's template context by URL, kept from the first front-matter
    /// update on: a page whose context hashes the same renders the same.
    page_hashes: Option<HashMap<String, u64>>,
    /// How the last update (or the first build) was made.
    way: Way,
    /// Each module's part of the progress map, kept from the first update on, so an edit makes
    /// only its module's again.
    map_parts: Option<Vec<MapPart>>,
}

/// How an update was made, fastest first (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// Nothing changed.
    Unchanged,
    /// Lessons' bodies rendered again (their front matter the same).
    Bodies,
    /// The changed lessons, quizzes or scenarios read again alone.
    Entries,
    /// The course's files read again, only the changed pages rendered.
    Reloaded,
    /// A full build.
    Full,
}

impl Way {
    /// A few words for the terminal.
    pub fn describe(self) -> &'static str {
        match self {
            Way::Unchanged => "no change",
            Way::Bodies => "bodies only",
            Way::Entries => "changed pages read alone",
            Way::Reloaded => "course reloaded",
            Way::Full => "full rebuild",
        }
    }
}

/// What an update produced.
pub enum Update {
    /// Only these files changed (and these paths are gone), with the warnings to print.
    Partial(Vec<OutFile>, Vec<String>, Vec<Diagnostic>),
    /// The changed files hold what they held: nothing to publish, nothing to reload (an
    /// editor's second event for one save, a save without edits).
    Unchanged,
    /// Everything was rebuilt: the whole site, and its warnings.
    Full(Vec<OutFile>, Vec<Diagnostic>),
}

impl LiveSite {
    /// A full build into memory.
    pub fn build(opts: &BuildOptions) -> anyhow::Result<(LiveSite, Vec<OutFile>)> {
        let prepared = crate::build::prepare(opts, false)?;
        let theme = theme::load(&prepared.config)?;
        let (files, search) = render_site(
            &prepared.loaded.curriculum,
            &prepared.bodies,
            &prepared.config,
            &theme,
        )?;
        let site = LiveSite {
            opts: opts.clone(),
            entries: entry_positions(&prepared.loaded.curriculum),
            prepared,
            theme,
            dirty: false,
            search,
            page_hashes: None,
            way: Way::Full,
            map_parts: None,
        };
        Ok((site, files))
    }

    /// Brings the site up to date after `changed` content files changed. `only_content` says
    /// nothing but content files changed (no config, theme or folder events).
    pub fn update(&mut self, changed: &[PathBuf], only_content: bool) -> anyhow::Result<Update> {
        let result = self.try_update(changed, only_content);
        self.dirty = result.is_err();
        result
    }

    /// How the last update was made (a full build before any).
    pub fn way(&self) -> Way {
        self.way
    }

    /// The files the site copies as they are, as the last successful load found them.
    pub fn assets(&self) -> &[crate::model::Asset] {
        &self.prepared.loaded.curriculum.assets
    }

    /// The warnings of the last full build.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.prepared.warnings
    }

    fn try_update(&mut self, changed: &[PathBuf], only_content: bool) -> anyhow::Result<Update> {
        if only_content && !self.dirty && !changed.is_empty() {
            let positions: Option<Vec<(usize, usize)>> = changed
                .iter()
                .map(|p| self.entries.get(&absolute(p)).copied())
                .collect();
            if let Some(positions) = &positions {
                if self.unchanged(positions) {
                    self.way = Way::Unchanged;
                    return Ok(Update::Unchanged);
                }
                if let Some(update) = self.update_bodies(positions)? {
                    self.way = Way::Bodies;
                    return Ok(update);
                }
            }
            if positions.is_none()
                && let Some(update) = self.update_page_bodies(changed)?
            {
                self.way = match update {
                    Update::Unchanged => Way::Unchanged,
                    _ => Way::Bodies,
                };
                return Ok(update);
            }
            if let Some(update) = self.update_entries(changed)? {
                self.way = Way::Entries;
                return Ok(update);
            }
            if self.are_known_files(changed)
                && let Some(update) = self.update_reloaded()?
            {
                self.way = Way::Reloaded;
                return Ok(update);
            }
        }
        let (site, files) = LiveSite::build(&self.opts)?;
        let warnings = site.prepared.warnings.clone();
        *self = site;
        Ok(Update::Full(files, warnings))
    }

    /// Whether every changed path is still a file this site was built from (a page, an asset or
    /// a left-out draft). A new, deleted or moved file, or a folder, always takes a full
    /// rebuild, so the course is not loaded twice for it.
    fn are_known_files(&self, changed: &[PathBuf]) -> bool {
        let loaded = &self.prepared.loaded;
        let c = &loaded.curriculum;
        let known: std::collections::HashSet<PathBuf> =
            std::iter::once(c.home.source.path.as_path())
                .chain(c.guides.iter().map(|g| g.source.path.as_path()))
                .chain(c.modules.iter().flat_map(|m| {
                    std::iter::once(m.source.path.as_path())
                        .chain(m.entries.iter().map(Entry::path))
                }))
                .chain(c.assets.iter().map(|a| a.path.as_path()))
                .chain(loaded.left_out_drafts.iter().map(PathBuf::as_path))
                .map(absolute)
                .collect();
        changed
            .iter()
            .all(|p| p.is_file() && known.contains(&absolute(p)))
    }

    /// Whether the entries at `positions` still hold the text they were built from.
    fn unchanged(&self, positions: &[(usize, usize)]) -> bool {
        positions.iter().all(|&(i, j)| {
            let e = &self.prepared.loaded.curriculum.modules[i].entries[j];
            // Through `read_page_file`: a link now, even to the same text, is the walk's to judge.
            bodies::read_page_file(e.path(), self.prepared.config.limits.max_file_bytes)
                .is_some_and(|text| text == e.text())
        })
    }

    /// Loads the course again and, when it has the same pages and files as before, re-renders
    /// only what changed (see the module docs); `None` when a full rebuild is needed. Errors are
    /// the ones a cold build reports: the same steps run, in the same order.
    fn update_reloaded(&mut self) -> anyhow::Result<Option<Update>> {
        let start = Instant::now();
        let (loaded, mut diags) =
            crate::load::load_curriculum(&self.prepared.config, self.opts.drafts);
        // A course that does not load, or whose pages, assets or drafts differ (so links may
        // resolve differently), is rebuilt whole.
        let Some(loaded) = loaded else {
            return Ok(None);
        };
        let content_dir = &self.prepared.config.content_dir;
        if link_targets(&loaded, content_dir) != link_targets(&self.prepared.loaded, content_dir) {
            return Ok(None);
        }
        checks::check_curriculum(&loaded.curriculum, &mut diags);
        log::debug!("loaded the course again in {:?}", start.elapsed());

        let old = &self.prepared.loaded.curriculum;
        let new = &loaded.curriculum;
        // The pages that may show what changed, hashed as they are now, before the old bodies
        // move to the new course.
        let same_order = page_urls(old) == page_urls(new);
        let near = same_order.then(|| modules_near_changes(old, new)).flatten();
        let old_jobs = near
            .as_ref()
            .map_or_else(|| page_jobs(old), |n| near_jobs(old, n));
        self.hash_missing(&old_jobs);
        let old = &self.prepared.loaded.curriculum;
        // The search index follows entries in place; a new order or a changed module page
        // (whose title every entry's record shows) re-indexes everything.
        let search_in_place = same_order
            && old
                .modules
                .iter()
                .zip(&new.modules)
                .all(|(a, b)| a.source.text == b.source.text);
        let changed_entries = search_in_place.then(|| changed_entries(old, new));

        let old_bodies = std::mem::replace(
            &mut self.prepared.bodies,
            Bodies {
                home: Rendered::default(),
                guides: Vec::new(),
                modules: Vec::new(),
            },
        );
        let reused = reuse_bodies(&self.prepared.loaded.curriculum, old_bodies, new);
        let config = &self.prepared.config;
        let index = SiteIndex::new(&loaded, &config.content_dir, config.base_url.as_deref());
        let bodies = render_bodies(new, config, &index, &mut diags, reused);
        let warnings = diags.into_result()?;
        log::debug!("rendered changed markdown in {:?}", start.elapsed());
        self.entries = entry_positions(new);
        self.prepared.loaded = loaded;
        self.prepared.index = index;
        self.prepared.bodies = bodies;
        self.prepared.warnings = warnings.clone();

        let course = &self.prepared.loaded.curriculum;
        let jobs = near
            .as_ref()
            .map_or_else(|| page_jobs(course), |n| near_jobs(course, n));
        // The progress map holds every title, URL and checklist: made again, served as is when
        // unchanged, and handed to the pages that name its stamps.
        let renderer = Pages::new(
            &self.prepared.config,
            &self.prepared.loaded.curriculum,
            &self.prepared.bodies,
            &self.theme,
        );
        let count = renderer.course.modules.len();
        let map = progress_map(&mut self.map_parts, &renderer.views, count, None);
        let map_files = crate::build::pages::map_files(&map);
        drop(renderer);
        let mut files = self.render_changed_pages(jobs, map)?;
        let pages = files.len();
        files.extend(map_files);
        log::debug!("rendered {pages} changed pages in {:?}", start.elapsed());
        let in_place: Option<Vec<(usize, Option<usize>)>> =
            changed_entries.map(|c| c.into_iter().map(|(i, j)| (i, Some(j))).collect());
        let (search_files, removed) = self.search_files(in_place.as_deref());
        files.extend(search_files);
        log::debug!(
            "reloaded the course and rendered {pages} of its pages in {:?}",
            start.elapsed()
        );
        Ok(Some(Update::Partial(files, removed, warnings)))
    }

    /// The search files that changed now that the model and bodies are updated, and the search
    /// files no longer made. With `in_place`, the entries at these positions changed and the
    /// kept index (of the site before the update) takes just them; without, or when the index
    /// cannot take them in place (`SearchIndex::update`), the course is indexed afresh.
    fn search_files(
        &mut self,
        in_place: Option<&[(usize, Option<usize>)]>,
    ) -> (Vec<OutFile>, Vec<String>) {
        let p = &self.prepared;
        let before = self.search.paths();
        let updated = in_place
            .and_then(|entries| self.search.update(&p.loaded.curriculum, &p.bodies, entries));
        let files = match updated {
            Some(files) => files,
            None => {
                self.search =
                    crate::search::SearchIndex::new(&p.loaded.curriculum, &p.bodies, &p.config);
                self.search.files()
            }
        };
        // The files the index no longer makes are gone from the site.
        let now: std::collections::HashSet<String> = self.search.paths().into_iter().collect();
        let removed = before
            .into_iter()
            .filter(|path| !now.contains(path))
            .collect();
        (files, removed)
    }

    /// Hashes the context of each of `jobs` (pages of the site as served) that has no hash yet.
    fn hash_missing(&mut self, jobs: &[Page]) {
        let p = &self.prepared;
        let course = &p.loaded.curriculum;
        let renderer = Pages::new(&p.config, course, &p.bodies, &self.theme);
        let hashes = self.page_hashes.get_or_insert_with(HashMap::new);
        let missing: Vec<(String, u64)> = jobs
            .par_iter()
            .filter(|&&job| !hashes.contains_key(page_url(course, job)))
            .map(|&job| {
                let input = renderer.input(job);
                (
                    input.ctx.page.url.to_owned(),
                    context_hash(&input, &renderer.views),
                )
            })
            .collect();
        hashes.extend(missing);
    }

    /// Renders those of `jobs` whose context differs from what is served, and records their
    /// new hashes.
    fn render_changed_pages(
        &mut self,
        jobs: Vec<Page>,
        map: ProgressMap,
    ) -> anyhow::Result<Vec<OutFile>> {
        let p = &self.prepared;
        let course = &p.loaded.curriculum;
        let renderer = Pages::new(&p.config, course, &p.bodies, &self.theme);
        renderer.views.set_progress_map(map);
        let hashes = self.page_hashes.get_or_insert_with(HashMap::new);
        let changed: Vec<(Page, u64)> = jobs
            .into_par_iter()
            .filter_map(|job| {
                let input = renderer.input(job);
                let hash = context_hash(&input, &renderer.views);
                (hashes.get(input.ctx.page.url) != Some(&hash)).then_some((job, hash))
            })
            .collect();
        let files = changed
            .par_iter()
            .map(|&(job, _)| renderer.render(job).map(OutFile::kept))
            .collect::<anyhow::Result<Vec<OutFile>>>()?;
        for (f, (_, hash)) in files.iter().zip(&changed) {
            hashes.insert(f.path.clone(), *hash);
        }
        Ok(files)
    }
}

/// The progress map, with the parts of the `touched` modules made again (every part without
/// `touched` or when none are kept); keeps the parts for the next update. The pages rendered
/// next are given it (`Views::set_progress_map`), so they name its stamps without making it again.
fn progress_map(
    parts: &mut Option<Vec<MapPart>>,
    views: &Views,
    modules: usize,
    touched: Option<&[usize]>,
) -> ProgressMap {
    let kept = match (parts.take(), touched) {
        (Some(mut kept), Some(touched)) if kept.len() == modules => {
            for &i in touched {
                kept[i] = views.map_part(i);
            }
            kept
        }
        _ => (0..modules)
            .into_par_iter()
            .map(|i| views.map_part(i))
            .collect(),
    };
    let map = ProgressMap::assemble(&kept, &views.updated_units());
    *parts = Some(kept);
    map
}
