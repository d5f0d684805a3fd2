//! The body of a page that is not a lesson edited alone: the home page's, a module page's (its
//! `_index.md`) or a page beside the course's, its front matter and first heading byte for byte
//! the same. Its markdown is rendered again and checked as a build checks it, and only the
//! pages whose context holds it are rendered: the home page's body is in the course-wide pages'
//! (home, progress, certificate), a module's in its page's and theirs, a page beside the
//! course's in its own. A module page's search document is read again; the others have none.

use std::path::PathBuf;
use std::time::Instant;

use super::bodies::{read_page_file, render_keeping_hashes, same_front};
use super::near::absolute;
use super::{LiveSite, Update};
use crate::build::pages::{Page, Pages};
use crate::diag::Diagnostic;
use crate::kinds::SitePage;
use crate::markdown::Rendered;
use crate::model::Source;
use crate::render::render_body;

/// A page whose body an update renders alone.
#[derive(Clone, Copy)]
enum Target {
    Home,
    Guide(usize),
    Module(usize),
}

impl LiveSite {
    /// Re-renders the bodies of the home page, module pages and pages beside the course in
    /// `changed` (every path must be one of those); `None` when one is something else, its
    /// front matter or first heading changed, its task list changed, it cannot be read, or a
    /// link broke, so the caller tries the next way.
    pub(super) fn update_page_bodies(
        &mut self,
        changed: &[PathBuf],
    ) -> anyhow::Result<Option<Update>> {
        let start = Instant::now();
        let p = &self.prepared;
        let c = &p.loaded.curriculum;
        let mut read: Vec<(Target, Source, &str, &Rendered)> = Vec::new();
        let mut same_text = true;
        for path in changed {
            let path = absolute(path);
            let is = |source: &Source| absolute(&source.path) == path;
            let target = if is(&c.home.source) {
                Target::Home
            } else if let Some(k) = c.guides.iter().position(|g| is(&g.source)) {
                Target::Guide(k)
            } else if let Some(i) = c.modules.iter().position(|m| is(&m.source)) {
                Target::Module(i)
            } else {
                return Ok(None);
            };
            let (old, old_body, url, title) = match target {
                Target::Home => (&c.home.source, &p.bodies.home, SitePage::Home.url(), None),
                Target::Guide(k) => {
                    let g = &c.guides[k];
                    (
                        &g.source,
                        &p.bodies.guides[k],
                        g.url.as_str(),
                        Some(&g.title),
                    )
                }
                Target::Module(i) => {
                    let m = &c.modules[i];
                    (&m.source, &p.bodies.modules[i].intro, m.url.as_str(), None)
                }
            };
            let Some(text) = read_page_file(&old.path, p.config.limits.max_file_bytes) else {
                return Ok(None);
            };
            same_text &= text == old.text;
            let Some(end) = same_front(&text, &old.text) else {
                return Ok(None);
            };
            // The home and module pages must have front matter; a page beside the course
            // starts past a first heading that repeats its title, as a lesson does.
            let body_start = match title {
                Some(title) => end + crate::load::title::repeated_title_len(&text[end..], title),
                None if end == 0 => return Ok(None),
                None => end,
            };
            let source = Source {
                path: old.path.clone(),
                text,
                body_start,
            };
            read.push((target, source, url, old_body));
        }
        if read.is_empty() {
            return Ok(None);
        }
        if same_text {
            return Ok(Some(Update::Unchanged));
        }
        let mut fresh: Vec<(Target, Source, Rendered)> = Vec::with_capacity(read.len());
        for (target, source, url, old_body) in read {
            let body = render_body(&source, url, None, &p.config, &p.index);
            // Task boxes are a lesson's practice items: what a build says of others is the
            // next way's to say.
            if body.tasks != old_body.tasks {
                return Ok(None);
            }
            fresh.push((target, source, body));
        }

        let url_of = |target: Target| match target {
            Target::Home => SitePage::Home.url(),
            Target::Guide(k) => &c.guides[k].url,
            Target::Module(i) => &c.modules[i].url,
        };
        let diags = self.check_fresh(
            &fresh
                .iter()
                .map(|(target, _, body)| (url_of(*target), body, Some(&body.headings[..])))
                .collect::<Vec<_>>(),
        );
        // An error is reported by the next way, exactly as a cold build reports it.
        if diags.iter().any(Diagnostic::is_error) {
            return Ok(None);
        }

        let mut pages = Vec::new();
        let mut modules = Vec::new();
        for (target, source, body) in fresh {
            let p = &mut self.prepared;
            let c = &mut p.loaded.curriculum;
            match target {
                Target::Home => {
                    c.home.source = source;
                    p.bodies.home = body;
                }
                Target::Guide(k) => {
                    c.guides[k].source = source;
                    p.bodies.guides[k] = body;
                    pages.push(Page::Guide(k));
                    continue;
                }
                Target::Module(i) => {
                    c.modules[i].source = source;
                    p.bodies.modules[i].intro = body;
                    pages.push(Page::Module(i));
                    modules.push((i, None));
                }
            }
            // The course-wide pages show the course with its body and its modules' bodies.
            pages.extend(
                SitePage::ALL
                    .into_iter()
                    .filter(|s| s.shows_totals())
                    .map(Page::Site),
            );
        }
        pages.sort();
        pages.dedup();
        let p = &self.prepared;
        let renderer = Pages::new(&p.config, &p.loaded.curriculum, &p.bodies, &self.theme);
        let mut files = render_keeping_hashes(&renderer, pages, &mut self.page_hashes)?;
        drop(renderer);
        let (search_files, removed) = if modules.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            self.search_files(Some(&modules))
        };
        files.extend(search_files);
        log::debug!(
            "rendered {} page(s) again for their bodies in {:?}",
            files.len(),
            start.elapsed()
        );
        Ok(Some(Update::Partial(files, removed, diags)))
    }
}
