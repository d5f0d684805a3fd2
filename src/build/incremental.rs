//! Incremental rebuilds for `serve`: a [`LiveSite`] keeps what a full build knew and, for the
//! common edit (a lesson's body, front matter untouched), re-renders only what depends on it.
//!
//! Anything else (front matter, quizzes, module pages, new or removed files, templates,
//! `site.toml`) takes a full rebuild, which is always correct. The property that matters, and
//! that the tests check: the site after an incremental update equals a cold build of the tree.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::build::output::OutFile;
use crate::build::{
    BuildOptions, EntryBody, Page, Prepared, render_body, render_page, render_site,
};
use crate::diag::{ContentErrors, Diagnostic};
use crate::load::front_matter;
use crate::model::{Entry, Source};
use crate::theme::{self, Theme, context::Views};

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
}

/// What an update produced.
pub enum Update {
    /// Only these files changed.
    Partial(Vec<OutFile>, Vec<Diagnostic>),
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
        let mut lessons = HashMap::new();
        for (i, m) in prepared.loaded.curriculum.modules.iter().enumerate() {
            for (j, e) in m.entries.iter().enumerate() {
                if let Entry::Lesson(l) = e {
                    lessons.insert(absolute(&l.source.path), (i, j));
                }
            }
        }
        let site = LiveSite {
            opts: opts.clone(),
            prepared,
            theme,
            lessons,
            dirty: false,
            search: None,
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
        }
        let (site, files) = LiveSite::build(&self.opts)?;
        let warnings = site.prepared.warnings.clone();
        *self = site;
        Ok(Update::Full(files, warnings))
    }

    /// Re-renders lessons whose front matter is unchanged; `None` if any front matter changed
    /// (or a file vanished), so the caller rebuilds everything.
    fn update_bodies(&mut self, positions: &[(usize, usize)]) -> anyhow::Result<Option<Update>> {
        let start = Instant::now();
        let p = &self.prepared;
        let mut fresh = Vec::new();
        for &(i, j) in positions {
            let Entry::Lesson(old) = &p.loaded.curriculum.modules[i].entries[j] else {
                return Ok(None);
            };
            let text = match crate::load::read_source_within(
                &old.source.path,
                p.config.limits.max_file_bytes,
            ) {
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
        if diags.iter().any(Diagnostic::is_error) {
            let mut all = crate::diag::Diagnostics::new();
            all.extend(diags);
            return Err(ContentErrors(all.into_sorted()).into());
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
        let mut files = pages
            .into_iter()
            .map(|page| render_page(&views, &self.theme, &p.loaded.curriculum, page))
            .collect::<anyhow::Result<Vec<_>>>()?;
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
        Ok(Some(Update::Partial(files, diags)))
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

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}
