//! The first way of an incremental update: lessons whose front matter is byte for byte the
//! same. Their markdown is rendered again and checked, and their pages (with their module's and
//! the course-wide pages when their task list changed) are rendered.

use std::collections::HashMap;
use std::time::Instant;

use super::reuse::context_hash;
use super::{LiveSite, Update, progress_map};
use crate::build::pages::{Page, Pages};
use crate::diag::Diagnostic;
use crate::fs::OutFile;
use crate::kinds::SitePage;
use crate::load::{front_matter, title};
use crate::model::{Entry, Source};
use crate::render::{EntryBody, render_body};

impl LiveSite {
    /// Re-renders lessons whose front matter is unchanged; `None` if any front matter changed,
    /// a file vanished or a link broke, so the caller tries the next way.
    pub(super) fn update_bodies(
        &mut self,
        positions: &[(usize, usize)],
    ) -> anyhow::Result<Option<Update>> {
        let start = Instant::now();
        let p = &self.prepared;
        let mut fresh = Vec::new();
        let mut roleplays = Vec::new();
        for &(i, j) in positions {
            let old = match &p.loaded.curriculum.modules[i].entries[j] {
                Entry::Lesson(l) => l,
                Entry::Quiz(_) | Entry::Scenario(_) => return Ok(None),
            };
            let Some(text) = read_page_file(&old.source.path, p.config.limits.max_file_bytes)
            else {
                return Ok(None);
            };
            let Some(end) = same_front(&text, &old.source.text) else {
                return Ok(None);
            };
            let body_start = end + title::repeated_title_len(&text[end..], &old.title);
            let source = Source {
                path: old.source.path.clone(),
                text,
                body_start,
            };
            let mut body = render_body(&source, &old.url, Some(&old.id), &p.config, &p.index);
            // The role-play is in the front matter, unchanged: rendered again all the same, so
            // its diagnostics join the body's as in a full build.
            let roleplay =
                crate::kinds::lesson::render_roleplay(old, &p.config, &p.index, &mut body);
            fresh.push((i, j, source, body));
            roleplays.push(roleplay);
        }

        // Check the new bodies against the rest of the site, as a full build would.
        let fresh: Vec<(usize, usize, Source, EntryBody)> = fresh
            .into_iter()
            .zip(roleplays)
            .map(|((i, j, source, body), roleplay)| {
                (i, j, source, EntryBody::Lesson(body, roleplay))
            })
            .collect();
        let diags = self.check_fresh(
            &fresh
                .iter()
                .map(|(i, j, _, body)| {
                    let url = self.prepared.loaded.curriculum.modules[*i].entries[*j].url();
                    (url, body.found(), body.link_targets())
                })
                .collect::<Vec<_>>(),
        );
        // An error is reported by the next way, which reports exactly what a cold build
        // would (with the warnings of every other page too).
        if diags.iter().any(Diagnostic::is_error) {
            return Ok(None);
        }

        // Apply, and choose the pages to render: a changed checklist changes the totals shown
        // on the module's pages, the home page and the progress page (with the course's build).
        let mut pages = Vec::new();
        let mut map_modules = Vec::new();
        for (i, j, source, body) in fresh {
            let checklist_changed =
                self.prepared.bodies.modules[i].entries[j].found().tasks != body.found().tasks;
            match &mut self.prepared.loaded.curriculum.modules[i].entries[j] {
                Entry::Lesson(l) => l.source = source,
                Entry::Quiz(_) | Entry::Scenario(_) => {
                    unreachable!("only lessons are updated alone")
                }
            }
            self.prepared.bodies.modules[i].entries[j] = body;
            if checklist_changed {
                map_modules.push(i);
                pages.extend(
                    SitePage::ALL
                        .into_iter()
                        .filter(|s| s.shows_totals())
                        .map(Page::Site),
                );
                pages.push(Page::Module(i));
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
        let renderer = Pages::new(&p.config, &p.loaded.curriculum, &p.bodies, &self.theme);
        let mut files = Vec::new();
        if !map_modules.is_empty() {
            // A changed checklist changes the progress map too (and its stamps in pages).
            let count = renderer.course.modules.len();
            let map = progress_map(
                &mut self.map_parts,
                &renderer.views,
                count,
                Some(&map_modules),
            );
            files.extend(crate::build::pages::map_files_of(&map, Some(&map_modules)));
            renderer.views.set_progress_map(map);
        }
        files.extend(render_keeping_hashes(
            &renderer,
            pages,
            &mut self.page_hashes,
        )?);
        let pages: Vec<(usize, Option<usize>)> =
            positions.iter().map(|&(i, j)| (i, Some(j))).collect();
        let (search_files, removed) = self.search_files(Some(&pages));
        files.extend(search_files);
        log::debug!(
            "incremental update of {} page(s) in {:?}",
            files.len(),
            start.elapsed()
        );
        Ok(Some(Update::Partial(files, removed, diags)))
    }
}

/// Where the body of `text` starts, when its front matter (optional) and its first `#` heading
/// are those of `old`: the same front matter and heading give the same title (from one or the
/// other), which other pages show, and the same settings. `None` otherwise, or when the front
/// matter is not closed: the next way reads the file.
pub(super) fn same_front(text: &str, old: &str) -> Option<usize> {
    let front_end = |text: &str| match front_matter::split(text) {
        Ok(Some(split)) => Some(split.body_start),
        Ok(None) => Some(0),
        Err(_) => None,
    };
    let (end, old_end) = (front_end(text)?, front_end(old)?);
    let first = |body: &str| title::first_heading(body, false).map(|h| h.text);
    (text[..end] == old[..old_end] && first(&text[end..]) == first(&old[old_end..])).then_some(end)
}

/// Renders `pages` and keeps the page hashes true to what is served (see `update_reloaded`).
pub(super) fn render_keeping_hashes(
    renderer: &Pages,
    pages: Vec<Page>,
    hashes: &mut Option<HashMap<String, u64>>,
) -> anyhow::Result<Vec<OutFile>> {
    let mut files = Vec::with_capacity(pages.len());
    for page in pages {
        let input = renderer.input(page);
        if let Some(hashes) = hashes {
            hashes.insert(
                input.ctx.page.url.to_owned(),
                context_hash(&input, &renderer.views),
            );
        }
        files.push(renderer.render_input(input)?.kept());
    }
    Ok(files)
}

/// The text of the page file at `path` when it is still a plain file that can be read; `None`
/// for a link (the walk judges where it points, as a cold build does) or anything else.
pub(super) fn read_page_file(path: &std::path::Path, max_bytes: u64) -> Option<String> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_file() {
        return None;
    }
    crate::load::read_source_within(path, max_bytes).ok()
}
