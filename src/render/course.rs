//! Renders every page's markdown in parallel, each entry by its kind, then checks the links
//! between pages' headings.

use rayon::prelude::*;

use super::{Bodies, ModuleBodies, Reused, ReusedModule, render_body};
use crate::build::links::SiteIndex;
use crate::config::{BrokenLinks, Config};
use crate::diag::{Diagnostic, Diagnostics};
use crate::kinds::SitePage;
use crate::markdown::{self, Rendered};
use crate::model::{Curriculum, Source};

/// Renders the markdown of every page in parallel (taking `reused` bodies where given), then
/// checks links to other pages' headings.
pub(crate) fn render_bodies(
    course: &Curriculum,
    config: &Config,
    index: &SiteIndex,
    diags: &mut Diagnostics,
    reused: Reused,
) -> Bodies {
    let page = |source: &Source, url: &str, lesson_id: Option<&str>| {
        render_body(source, url, lesson_id, config, index)
    };
    let Reused {
        home: old_home,
        modules: mut old,
    } = reused;
    old.resize_with(course.modules.len(), ReusedModule::default);
    let home = old_home.unwrap_or_else(|| page(&course.home.source, SitePage::Home.url(), None));
    // Guides are few and small: rendered afresh every time, never reused.
    let guides: Vec<Rendered> = course
        .guides
        .par_iter()
        .map(|g| page(&g.source, &g.url, None))
        .collect();
    let modules: Vec<ModuleBodies> = course
        .modules
        .par_iter()
        .zip(old.into_par_iter())
        .map(|(m, old)| {
            let ReusedModule { intro, mut entries } = old;
            entries.resize_with(m.entries.len(), || None);
            ModuleBodies {
                intro: intro.unwrap_or_else(|| page(&m.source, &m.url, None)),
                entries: m
                    .entries
                    .par_iter()
                    .zip(entries.into_par_iter())
                    .map(|(e, old)| old.unwrap_or_else(|| e.render(config, index)))
                    .collect(),
            }
        })
        .collect();

    // Gather every page's diagnostics and headings, then check cross-page anchors.
    let mut headings: std::collections::HashMap<&str, &[markdown::Heading]> =
        std::collections::HashMap::new();
    let mut all: Vec<&Rendered> = vec![&home];
    headings.insert(SitePage::Home.url(), &home.headings);
    for (g, r) in course.guides.iter().zip(&guides) {
        headings.insert(&g.url, &r.headings);
        all.push(r);
    }
    for (m, mb) in course.modules.iter().zip(&modules) {
        headings.insert(&m.url, &mb.intro.headings);
        all.push(&mb.intro);
        for (e, eb) in m.entries.iter().zip(&mb.entries) {
            if let Some(targets) = eb.link_targets() {
                headings.insert(e.url(), targets);
            }
            all.push(eb.found());
        }
    }
    // With `broken_links = "warn"` (L02) a broken link is reported but does not stop the build.
    let demote = |d: Diagnostic| match config.broken_links {
        BrokenLinks::Warn if d.broken_link => d.warning(),
        _ => d,
    };
    // A page of many headings is looked up in a set, made the first time a link needs it: a page
    // of 20,000 links into another of 20,000 headings must stay linear (issue 22).
    let mut sets: std::collections::HashMap<&str, std::collections::HashSet<&str>> =
        std::collections::HashMap::new();
    // Missing anchors given a "did you mean" so far (see `headings::SUGGESTIONS`).
    let mut suggested = 0;
    for r in &all {
        diags.extend(r.diagnostics.iter().cloned().map(demote));
        for a in &r.anchors {
            let Some((page, hs)) = a.page.as_deref().and_then(|p| headings.get_key_value(p)) else {
                continue;
            };
            let found = if hs.len() <= 16 {
                hs.iter().any(|h| h.id == a.fragment)
            } else {
                sets.entry(page)
                    .or_insert_with(|| hs.iter().map(|h| h.id.as_str()).collect())
                    .contains(a.fragment.as_str())
            };
            if !found {
                let at = a.at.clone();
                suggested += 1;
                let help = (suggested <= markdown::headings::SUGGESTIONS
                    && hs.len() <= markdown::headings::SUGGEST_AMONG)
                    .then(|| {
                        let ids: Vec<&str> = hs.iter().map(|h| h.id.as_str()).collect();
                        markdown::headings::did_you_mean(&a.fragment, &ids)
                    })
                    .flatten();
                diags.push(demote(match help {
                    Some(help) => at.with_help(help),
                    None => at,
                }));
            }
        }
    }
    Bodies {
        home,
        guides,
        modules,
    }
}
