//! What an incremental update checks as a cold build would, without checking the whole course
//! again: the links of the pages rendered afresh, other pages' links into their headings, and
//! whether any page links to a page being deleted.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::LiveSite;
use crate::diag::Diagnostic;
use crate::kinds::SitePage;
use crate::markdown::{Heading, Rendered};
use crate::model::Curriculum;
use crate::render::{Bodies, EntryBody};

/// A page rendered again, to check: its URL, what rendering found, and the headings other
/// pages may link to (`None`: links into it are not checked).
pub(super) type FreshBody<'a> = (&'a str, &'a Rendered, Option<&'a [Heading]>);

impl LiveSite {
    /// The diagnostics of `fresh` bodies (at these positions) against the rest of the site,
    /// as a full build would find them: their own, their links into other pages' headings, and
    /// other pages' links into theirs.
    pub(super) fn check_fresh<'a>(&'a self, fresh: &[FreshBody<'a>]) -> Vec<Diagnostic> {
        let course = &self.prepared.loaded.curriculum;
        let mut headings = HeadingIds::of(course, &self.prepared.bodies);
        for (url, _, targets) in fresh {
            headings.put(url, *targets);
        }
        let mut diags: Vec<Diagnostic> = Vec::new();
        for (_, found, _) in fresh {
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
        let edited: Vec<&str> = fresh.iter().map(|(url, ..)| *url).collect();
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

/// Whether a page's markdown links to the page at `url`: its URL's last segment is in the HTML
/// of a body (a resolved link's `href` ends with it). May say yes for a look-alike, never no
/// for a link.
pub(super) fn linked_to(bodies: &Bodies, url: &str) -> bool {
    let tail = url.rsplit('/').next().unwrap_or(url);
    // A name the HTML writer would escape is not looked for: taken as linked.
    if !tail
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    {
        return true;
    }
    let finder = memchr::memmem::Finder::new(tail.as_bytes());
    let has = |html: &str| finder.find(html.as_bytes()).is_some();
    let entry_has = |eb: &EntryBody| match eb {
        EntryBody::Lesson(r, roleplay) => {
            has(&r.html)
                || roleplay.as_ref().is_some_and(|rp| {
                    has(&rp.situation_html)
                        || rp.briefs_html.iter().any(|h| has(h))
                        || rp.rubric_html.iter().any(|h| has(h))
                })
        }
        EntryBody::Quiz(questions, _) => questions
            .iter()
            .any(|q| has(&q.prompt_html) || has(&q.explanation_html)),
        EntryBody::Scenario(nodes, _) => nodes.iter().any(|n| has(n)),
    };
    has(&bodies.home.html)
        || bodies.guides.iter().any(|g| has(&g.html))
        || bodies
            .modules
            .par_iter()
            .any(|m| has(&m.intro.html) || m.entries.iter().any(entry_has))
}

/// Every rendered body of the site (home, guides, module intros, lessons, quizzes' prompts).
fn all_bodies(b: &Bodies) -> impl Iterator<Item = &crate::markdown::Rendered> {
    std::iter::once(&b.home).chain(&b.guides).chain(
        b.modules
            .iter()
            .flat_map(|m| std::iter::once(&m.intro).chain(m.entries.iter().map(EntryBody::found))),
    )
}
