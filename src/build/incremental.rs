//! Incremental rebuilds for `serve`: a [`LiveSite`] keeps what a full build knew and re-renders
//! only what an edit changed. Three ways, fastest first:
//!
//! 1. **Body edit** (a lesson's front matter byte for byte the same): re-render that lesson's
//!    markdown, check its links, and render its page (and, if its task list changed, the pages
//!    showing checklist totals).
//! 2. **Any other content edit that keeps the same pages and files** (a title, weight,
//!    checklist or id in front matter, a quiz, a module's or the home page's `_index.md`):
//!    load the course again (front matter and quizzes, no markdown), reuse the rendered
//!    markdown of every page whose source is unchanged, run the same checks as a build, then
//!    render only the pages whose template context changed (a hash of each page's context is
//!    kept), and update the search index.
//! 3. **Everything else** (new, moved or deleted files, templates, `site.toml`, and any update
//!    after a failed one): a full rebuild, which is always correct.
//!
//! The property that matters, and that the tests check: the site after an update equals a cold
//! build of the tree, file for file, and a failed update reports what a cold build would.

use std::collections::HashMap;
use std::hash::Hasher as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::build::links::SiteIndex;
use crate::build::output::OutFile;
use crate::build::{
    Bodies, BuildOptions, EntryBody, Page, Prepared, Reused, ReusedModule, checks, page_input,
    page_jobs, render_bodies, render_body, render_input, render_page, render_site,
};
use crate::diag::Diagnostic;
use crate::load::{Loaded, front_matter};
use crate::markdown::Rendered;
use crate::model::{Curriculum, Entry, Source};
use crate::theme::{self, Theme, context::PageContext, context::Views};

/// A built site and what it was built from.
pub struct LiveSite {
    opts: BuildOptions,
    prepared: Prepared,
    theme: Theme,
    /// Absolute source path of every lesson → (module, entry) position.
    lessons: HashMap<PathBuf, (usize, usize)>,
    /// The last update failed: the tree holds changes this state has not seen, so only a full
    /// build is safe.
    dirty: bool,
    /// The search index, kept from the first incremental update on (made then, not at start).
    search: Option<crate::search::SearchIndex>,
    /// A hash of every page's template context by URL, kept from the first front-matter
    /// update on: a page whose context hashes the same renders the same.
    page_hashes: Option<HashMap<String, u64>>,
    /// The paths of the search files served now, so a re-indexing can drop those it no
    /// longer makes.
    search_paths: Vec<String>,
}

/// What an update produced.
pub enum Update {
    /// Only these files changed (and these paths are gone), with the warnings to print.
    Partial(Vec<OutFile>, Vec<String>, Vec<Diagnostic>),
    /// Everything was rebuilt: the whole site, and its warnings.
    Full(Vec<OutFile>, Vec<Diagnostic>),
}

impl LiveSite {
    /// A full build into memory.
    pub fn build(opts: &BuildOptions) -> anyhow::Result<(LiveSite, Vec<OutFile>)> {
        let prepared = crate::build::prepare(opts, false)?;
        let theme = theme::load(&prepared.config)?;
        let files = render_site(
            &prepared.loaded.curriculum,
            &prepared.bodies,
            &prepared.config,
            &theme,
        )?;
        let site = LiveSite {
            opts: opts.clone(),
            lessons: lesson_positions(&prepared.loaded.curriculum),
            prepared,
            theme,
            dirty: false,
            search: None,
            page_hashes: None,
            search_paths: files
                .iter()
                .filter(|f| is_search_file(&f.path))
                .map(|f| f.path.clone())
                .collect(),
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

    /// The warnings of the last full build.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.prepared.warnings
    }

    fn try_update(&mut self, changed: &[PathBuf], only_content: bool) -> anyhow::Result<Update> {
        if only_content && !self.dirty && !changed.is_empty() {
            let positions: Option<Vec<(usize, usize)>> = changed
                .iter()
                .map(|p| self.lessons.get(&absolute(p)).copied())
                .collect();
            if let Some(positions) = positions
                && let Some(update) = self.update_bodies(&positions)?
            {
                return Ok(update);
            }
            if let Some(update) = self.update_reloaded()? {
                return Ok(update);
            }
        }
        let (site, files) = LiveSite::build(&self.opts)?;
        let warnings = site.prepared.warnings.clone();
        *self = site;
        Ok(Update::Full(files, warnings))
    }

    /// Re-renders lessons whose front matter is unchanged; `None` if any front matter changed,
    /// a file vanished or a link broke, so the caller tries the next way.
    fn update_bodies(&mut self, positions: &[(usize, usize)]) -> anyhow::Result<Option<Update>> {
        let start = Instant::now();
        let p = &self.prepared;
        let mut fresh = Vec::new();
        for &(i, j) in positions {
            let Entry::Lesson(old) = &p.loaded.curriculum.modules[i].entries[j] else {
                return Ok(None);
            };
            let text = match crate::load::read_source(&old.source.path) {
                Ok(t) => t,
                Err(_) => return Ok(None),
            };
            let Ok(Some(split)) = front_matter::split(&text) else {
                return Ok(None);
            };
            if text[..split.body_start] != old.source.text[..old.source.body_start] {
                return Ok(None);
            }
            let source = Source {
                path: old.source.path.clone(),
                text,
                body_start: split.body_start,
            };
            let body = render_body(&source, &old.url, Some(&old.id), &p.config, &p.index);
            fresh.push((i, j, source, body));
        }

        // Check the new bodies against the rest of the site, as a full build would.
        let mut diags: Vec<Diagnostic> = Vec::new();
        let headings = self.headings_with(&fresh);
        for (_, _, _, body) in &fresh {
            diags.extend(body.diagnostics.iter().cloned());
            for a in &body.anchors {
                let target = a.page.as_deref().and_then(|u| headings.get(u));
                if target.is_some_and(|hs| !hs.contains(&a.fragment.as_str())) {
                    diags.push(a.at.clone());
                }
            }
        }
        // Other pages' links into the edited pages' headings.
        let edited: Vec<&str> = fresh
            .iter()
            .map(|(i, j, ..)| p.loaded.curriculum.modules[*i].entries[*j].url())
            .collect();
        for r in all_bodies(&p.bodies) {
            for a in &r.anchors {
                if let Some(u) = a.page.as_deref()
                    && edited.contains(&u)
                    && !headings
                        .get(u)
                        .is_some_and(|hs| hs.contains(&a.fragment.as_str()))
                {
                    diags.push(a.at.clone());
                }
            }
        }
        // An error is reported by the next way, which reports exactly what a cold build
        // would (with the warnings of every other page too).
        if diags.iter().any(Diagnostic::is_error) {
            return Ok(None);
        }

        // The search index as it stands before the edits (the first time: built from them).
        let p = &self.prepared;
        self.search.get_or_insert_with(|| {
            crate::search::SearchIndex::new(&p.loaded.curriculum, &p.bodies, &p.config)
        });

        // Apply, and choose the pages to render: a changed checklist changes the totals shown
        // on the module's pages, the home page and the progress page.
        let mut pages = Vec::new();
        for (i, j, source, body) in fresh {
            let EntryBody::Lesson(old_body) = &self.prepared.bodies.modules[i].entries[j] else {
                unreachable!()
            };
            let checklist_changed = old_body.tasks != body.tasks;
            if let Entry::Lesson(l) = &mut self.prepared.loaded.curriculum.modules[i].entries[j] {
                l.source = source;
            }
            self.prepared.bodies.modules[i].entries[j] = EntryBody::Lesson(body);
            if checklist_changed {
                pages.extend([Page::Home, Page::Progress, Page::Module(i)]);
                pages.extend(
                    (0..self.prepared.loaded.curriculum.modules[i].entries.len())
                        .map(|k| Page::Entry(i, k)),
                );
            } else {
                pages.push(Page::Entry(i, j));
            }
        }
        pages.sort();
        pages.dedup();
        let p = &self.prepared;
        let views = Views::new(&p.config, &p.loaded.curriculum, &p.bodies);
        let mut files = Vec::new();
        for page in pages {
            let input = page_input(&views, &p.loaded.curriculum, page);
            // Keep the page hashes true to what is served (see `update_reloaded`).
            if let Some(hashes) = &mut self.page_hashes {
                hashes.insert(input.ctx.page.url.to_owned(), context_hash(&input));
            }
            files.push(render_input(&self.theme, input)?);
        }
        // The search files these edits changed; when the set of files changes, rebuild.
        let search = self.search.as_mut().expect("made above");
        let Some(search_files) = search.update(&p.loaded.curriculum, &p.bodies, positions) else {
            return Ok(None);
        };
        files.extend(search_files);
        log::debug!(
            "incremental update of {} page(s) in {:?}",
            files.len(),
            start.elapsed()
        );
        Ok(Some(Update::Partial(files, Vec::new(), diags)))
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

        // What the old site looked like, before its bodies move to the new one.
        self.ensure_page_hashes();
        let old = &self.prepared.loaded.curriculum;
        let new = &loaded.curriculum;
        // The search index follows entries in place; a new order or a changed module page
        // (whose title every entry's record shows) re-indexes everything.
        let search_in_place = page_urls(old) == page_urls(new)
            && old
                .modules
                .iter()
                .zip(&new.modules)
                .all(|(a, b)| a.source.text == b.source.text);
        let changed_entries: Vec<(usize, usize)> = if search_in_place {
            let p = &self.prepared;
            self.search.get_or_insert_with(|| {
                crate::search::SearchIndex::new(&p.loaded.curriculum, &p.bodies, &p.config)
            });
            changed_entries(old, new)
        } else {
            Vec::new()
        };

        let old_bodies = std::mem::replace(
            &mut self.prepared.bodies,
            Bodies {
                home: Rendered::default(),
                modules: Vec::new(),
            },
        );
        let reused = reuse_bodies(&self.prepared.loaded.curriculum, old_bodies, new);
        let config = &self.prepared.config;
        let index = SiteIndex::new(&loaded, &config.content_dir, config.base_url.as_deref());
        let bodies = render_bodies(new, config, &index, &mut diags, reused);
        let warnings = diags.into_result()?;
        self.lessons = lesson_positions(new);
        self.prepared.loaded = loaded;
        self.prepared.index = index;
        self.prepared.bodies = bodies;
        self.prepared.warnings = warnings.clone();

        let mut files = self.render_changed_pages()?;
        let pages = files.len();
        let p = &self.prepared;
        let mut removed = Vec::new();
        if search_in_place {
            let search = self.search.as_mut().expect("made above");
            match search.update(&p.loaded.curriculum, &p.bodies, &changed_entries) {
                Some(search_files) => files.extend(search_files),
                // The set of search files changed; a full rebuild lists them.
                None => return Ok(None),
            }
        } else {
            let fresh = crate::search::SearchIndex::new(&p.loaded.curriculum, &p.bodies, &p.config);
            let fresh_files = fresh.files();
            let paths: std::collections::HashSet<&str> =
                fresh_files.iter().map(|f| f.path.as_str()).collect();
            removed = std::mem::take(&mut self.search_paths);
            removed.retain(|path| !paths.contains(path.as_str()));
            self.search_paths = fresh_files.iter().map(|f| f.path.clone()).collect();
            self.search = Some(fresh);
            files.extend(fresh_files);
        }
        log::debug!(
            "reloaded the course and rendered {pages} of its pages in {:?}",
            start.elapsed()
        );
        Ok(Some(Update::Partial(files, removed, warnings)))
    }

    /// Hashes every page's context, the first time a front-matter update needs them.
    fn ensure_page_hashes(&mut self) {
        if self.page_hashes.is_none() {
            let p = &self.prepared;
            let views = Views::new(&p.config, &p.loaded.curriculum, &p.bodies);
            let course = &p.loaded.curriculum;
            let hashes = page_jobs(course)
                .par_iter()
                .map(|&job| {
                    let input = page_input(&views, course, job);
                    (input.ctx.page.url.to_owned(), context_hash(&input))
                })
                .collect();
            self.page_hashes = Some(hashes);
        }
    }

    /// Renders the pages whose context differs from what is served, and records the new hashes.
    fn render_changed_pages(&mut self) -> anyhow::Result<Vec<OutFile>> {
        let p = &self.prepared;
        let course = &p.loaded.curriculum;
        let views = Views::new(&p.config, course, &p.bodies);
        let hashes = self.page_hashes.as_mut().expect("made before the update");
        let changed: Vec<(Page, u64)> = page_jobs(course)
            .into_par_iter()
            .filter_map(|job| {
                let input = page_input(&views, course, job);
                let hash = context_hash(&input);
                (hashes.get(input.ctx.page.url) != Some(&hash)).then_some((job, hash))
            })
            .collect();
        let files = changed
            .par_iter()
            .map(|&(job, _)| render_page(&views, &self.theme, course, job))
            .collect::<anyhow::Result<Vec<OutFile>>>()?;
        for (f, (_, hash)) in files.iter().zip(&changed) {
            hashes.insert(f.path.clone(), *hash);
        }
        Ok(files)
    }

    /// Heading ids of every page by URL, with the fresh bodies in place of the old.
    fn headings_with<'a>(
        &'a self,
        fresh: &'a [(usize, usize, Source, crate::markdown::Rendered)],
    ) -> HashMap<&'a str, Vec<&'a str>> {
        let course = &self.prepared.loaded.curriculum;
        let bodies = &self.prepared.bodies;
        let ids = |r: &'a crate::markdown::Rendered| {
            r.headings.iter().map(|h| h.id.as_str()).collect::<Vec<_>>()
        };
        let mut map = HashMap::new();
        map.insert("index.html", ids(&bodies.home));
        for (m, mb) in course.modules.iter().zip(&bodies.modules) {
            map.insert(m.url.as_str(), ids(&mb.intro));
            for (e, eb) in m.entries.iter().zip(&mb.entries) {
                if let EntryBody::Lesson(r) = eb {
                    map.insert(e.url(), ids(r));
                }
            }
        }
        for (i, j, _, body) in fresh {
            map.insert(course.modules[*i].entries[*j].url(), ids(body));
        }
        map
    }
}

/// Every rendered body of the site (home, module intros, lessons, quizzes' prompts).
fn all_bodies(b: &crate::build::Bodies) -> impl Iterator<Item = &crate::markdown::Rendered> {
    std::iter::once(&b.home).chain(b.modules.iter().flat_map(|m| {
        std::iter::once(&m.intro).chain(m.entries.iter().map(|e| match e {
            EntryBody::Lesson(r) => r,
            EntryBody::Quiz(_, r) => r,
        }))
    }))
}

/// Whether `path` is one of the search index's files (`assets/search/…`).
fn is_search_file(path: &str) -> bool {
    path.strip_prefix(crate::search::DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// A hash of what a page is rendered from (its template and context): the same hash, the
/// same page.
fn context_hash(input: &crate::build::PageInput) -> u64 {
    /// Feeds serialised JSON straight into a hasher, without building the string.
    struct HashWriter(std::hash::DefaultHasher);
    impl std::io::Write for HashWriter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.write(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut w = HashWriter(std::hash::DefaultHasher::new());
    w.0.write(input.template.as_bytes());
    serde_json::to_writer(&mut w, &input.ctx as &PageContext)
        .expect("template data always serialises");
    w.0.finish()
}

/// Everything links resolve against: each page's and asset's source path and URL, and the
/// drafts and failed pages. Equal targets resolve every link the same way.
fn link_targets(loaded: &Loaded, content_dir: &Path) -> Vec<(String, String)> {
    let rel = |p: &Path| {
        p.strip_prefix(content_dir)
            .unwrap_or(p)
            .display()
            .to_string()
    };
    let c = &loaded.curriculum;
    let mut all = vec![(rel(&c.home.source.path), "index.html".to_owned())];
    for m in &c.modules {
        all.push((rel(&m.source.path), m.url.clone()));
        all.extend(
            m.entries
                .iter()
                .map(|e| (rel(e.path()), e.url().to_owned())),
        );
    }
    all.extend(c.assets.iter().map(|a| (rel(&a.path), a.url.clone())));
    all.extend(
        loaded
            .left_out_drafts
            .iter()
            .map(|p| (rel(p), "draft".to_owned())),
    );
    all.extend(
        loaded
            .failed_pages
            .iter()
            .map(|p| (rel(p), "failed".to_owned())),
    );
    all.sort();
    all
}

/// The URLs of the course's modules and entries, in reading order.
fn page_urls(c: &Curriculum) -> Vec<&str> {
    c.modules
        .iter()
        .flat_map(|m| std::iter::once(m.url.as_str()).chain(m.entries.iter().map(Entry::url)))
        .collect()
}

/// Positions of the entries whose source changed between two courses with the same pages in
/// the same order.
fn changed_entries(old: &Curriculum, new: &Curriculum) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, (a, b)) in old.modules.iter().zip(&new.modules).enumerate() {
        for (j, (x, y)) in a.entries.iter().zip(&b.entries).enumerate() {
            if source_text(x) != source_text(y) {
                out.push((i, j));
            }
        }
    }
    out
}

fn source_text(e: &Entry) -> &str {
    match e {
        Entry::Lesson(l) => &l.source.text,
        Entry::Quiz(q) => &q.text,
    }
}

/// Moves the old bodies to where `new` has the same page (same source path) made from the same
/// input (text, URL and, for lessons, id): those need no markdown rendering.
fn reuse_bodies<'a>(old: &'a Curriculum, bodies: Bodies, new: &'a Curriculum) -> Reused {
    let same_home = old.home.source.text == new.home.source.text;
    let mut intros: HashMap<&Path, Rendered> = HashMap::new();
    let mut entries: HashMap<&Path, EntryBody> = HashMap::new();
    let mut inputs: HashMap<&Path, (&str, &str, Option<&str>)> = HashMap::new();
    for (m, mb) in old.modules.iter().zip(bodies.modules) {
        inputs.insert(&m.source.path, (&m.source.text, &m.url, None));
        intros.insert(&m.source.path, mb.intro);
        for (e, eb) in m.entries.iter().zip(mb.entries) {
            inputs.insert(e.path(), entry_input(e));
            entries.insert(e.path(), eb);
        }
    }
    let take_same = |path: &'a Path, input| (inputs.get(path) == Some(&input)).then_some(path);
    let modules = new
        .modules
        .iter()
        .map(|m| ReusedModule {
            intro: take_same(&m.source.path, (&m.source.text, &m.url, None))
                .and_then(|p| intros.remove(p)),
            entries: m
                .entries
                .iter()
                .map(|e| take_same(e.path(), entry_input(e)).and_then(|p| entries.remove(p)))
                .collect(),
        })
        .collect();
    Reused {
        home: same_home.then_some(bodies.home),
        modules,
    }
}

/// What an entry's rendered body is made from.
fn entry_input(e: &Entry) -> (&str, &str, Option<&str>) {
    match e {
        Entry::Lesson(l) => (&l.source.text, &l.url, Some(&l.id)),
        Entry::Quiz(q) => (&q.text, &q.url, None),
    }
}

/// Absolute source path of every lesson → its (module, entry) position.
fn lesson_positions(course: &Curriculum) -> HashMap<PathBuf, (usize, usize)> {
    let mut lessons = HashMap::new();
    for (i, m) in course.modules.iter().enumerate() {
        for (j, e) in m.entries.iter().enumerate() {
            if let Entry::Lesson(l) = e {
                lessons.insert(absolute(&l.source.path), (i, j));
            }
        }
    }
    lessons
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}
