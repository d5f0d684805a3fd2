//! What an incremental update compares and reuses: the link targets of two loads of the
//! course, their entries' sources, the old rendered bodies, and a hash of each page's context.

use std::collections::HashMap;
use std::path::Path;

use crate::build::pages::PageInput;
use crate::kinds::SitePage;
use crate::load::Loaded;
use crate::markdown::Rendered;
use crate::model::{Curriculum, Entry};
use crate::render::{Bodies, EntryBody, Reused, ReusedModule};
use crate::theme::context::{PageContext, Views, hash_of};

/// A hash of what a page is rendered from (its template and context): the same hash, the
/// same page.
pub(super) fn context_hash(input: &PageInput, views: &Views) -> u64 {
    // Not the `nav` value itself: its maps iterate in a random order.
    let nav = views.nav_hash(input.ctx.nav_of);
    hash_of(&(input.template, &input.ctx as &PageContext, nav))
}

/// Everything links resolve against: each page's and asset's source path and URL, and the
/// drafts and failed pages. Equal targets resolve every link the same way.
pub(super) fn link_targets(loaded: &Loaded, content_dir: &Path) -> Vec<(String, String)> {
    let rel = |p: &Path| {
        p.strip_prefix(content_dir)
            .unwrap_or(p)
            .display()
            .to_string()
    };
    let c = &loaded.curriculum;
    let mut all = vec![(rel(&c.home.source.path), SitePage::Home.url().to_owned())];
    all.extend(
        c.guides
            .iter()
            .map(|g| (rel(&g.source.path), g.url.clone())),
    );
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
pub(super) fn page_urls(c: &Curriculum) -> Vec<&str> {
    c.modules
        .iter()
        .flat_map(|m| std::iter::once(m.url.as_str()).chain(m.entries.iter().map(Entry::url)))
        .collect()
}

/// Positions of the entries whose source changed between two courses with the same pages in
/// the same order.
pub(super) fn changed_entries(old: &Curriculum, new: &Curriculum) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, (a, b)) in old.modules.iter().zip(&new.modules).enumerate() {
        for (j, (x, y)) in a.entries.iter().zip(&b.entries).enumerate() {
            if x.text() != y.text() {
                out.push((i, j));
            }
        }
    }
    out
}

/// Moves the old bodies to where `new` has the same page (same source path) made from the same
/// input (text, URL and, for lessons, id): those need no markdown rendering.
pub(super) fn reuse_bodies<'a>(old: &'a Curriculum, bodies: Bodies, new: &'a Curriculum) -> Reused {
    let same_home = old.home.source.text == new.home.source.text;
    let mut intros: HashMap<&Path, Rendered> = HashMap::new();
    let mut entries: HashMap<&Path, EntryBody> = HashMap::new();
    let mut inputs: HashMap<&Path, (&str, &str, Option<&str>)> = HashMap::new();
    for (m, mb) in old.modules.iter().zip(bodies.modules) {
        inputs.insert(&m.source.path, (&m.source.text, &m.url, None));
        intros.insert(&m.source.path, mb.intro);
        for (e, eb) in m.entries.iter().zip(mb.entries) {
            inputs.insert(e.path(), e.render_input());
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
                .map(|e| take_same(e.path(), e.render_input()).and_then(|p| entries.remove(p)))
                .collect(),
        })
        .collect();
    Reused {
        home: same_home.then_some(bodies.home),
        modules,
    }
}
