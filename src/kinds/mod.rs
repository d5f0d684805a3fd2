//! Page kinds: what a lesson, a quiz or a scenario (and later a rubric) is in each stage. One
//! file per kind; this file holds the `match`es on the kind, all of them exhaustive. Everywhere
//! else code asks an [`Entry`] what it needs here, or matches [`Paired`] (an entry with its
//! rendered body) exhaustively, so a new kind fails to compile until every stage says what it
//! does with it: never a silent skip that would make `serve` disagree with a cold build.
//!
//! The site's own pages (home, progress, 404) are the table in [`site`].

pub mod lesson;
pub mod quiz;
pub mod scenario;
pub mod site;

pub use site::SitePage;

use std::path::Path;

use crate::build::links::SiteIndex;
use crate::config::Config;
use crate::markdown::{Heading, Rendered};
use crate::model::{Entry, Lesson, Quiz, Scenario, Source};
use crate::render::{EntryBody, QuestionBody};

impl Entry {
    /// Stable id: the key of a learner's progress.
    pub fn id(&self) -> &str {
        match self {
            Entry::Lesson(l) => &l.id,
            Entry::Quiz(q) => &q.id,
            Entry::Scenario(s) => &s.id,
        }
    }

    /// Output URL relative to the site root.
    pub fn url(&self) -> &str {
        match self {
            Entry::Lesson(l) => &l.url,
            Entry::Quiz(q) => &q.url,
            Entry::Scenario(s) => &s.url,
        }
    }

    /// Title.
    pub fn title(&self) -> &str {
        match self {
            Entry::Lesson(l) => &l.title,
            Entry::Quiz(q) => &q.title,
            Entry::Scenario(s) => &s.title,
        }
    }

    /// Source file.
    pub fn path(&self) -> &Path {
        match self {
            Entry::Lesson(l) => &l.source.path,
            Entry::Quiz(q) => &q.path,
            Entry::Scenario(s) => &s.path,
        }
    }

    /// The source file's whole text.
    pub fn text(&self) -> &str {
        match self {
            Entry::Lesson(l) => &l.source.text,
            Entry::Quiz(q) => &q.text,
            Entry::Scenario(s) => &s.text,
        }
    }

    /// Minutes it takes; 0 when not given.
    pub fn duration(&self) -> u32 {
        match self {
            Entry::Lesson(l) => l.duration,
            Entry::Quiz(_) | Entry::Scenario(_) => 0,
        }
    }

    /// Left out of the build unless drafts are asked for.
    pub fn draft(&self) -> bool {
        match self {
            Entry::Lesson(l) => l.draft,
            Entry::Quiz(_) | Entry::Scenario(_) => false,
        }
    }

    /// The page's template.
    pub fn template(&self) -> &'static str {
        match self {
            Entry::Lesson(_) => "lesson.html",
            Entry::Quiz(_) => "quiz.html",
            Entry::Scenario(_) => "scenario.html",
        }
    }

    /// The source whose markdown body is the whole page, when the page is one markdown file:
    /// such a page can be rendered again on its own when only its body changes (`serve`'s
    /// fast path). `None` for pages made of more than their body.
    pub fn markdown_page(&self) -> Option<&Source> {
        match self {
            Entry::Lesson(l) => Some(&l.source),
            Entry::Quiz(_) | Entry::Scenario(_) => None,
        }
    }

    /// What the entry's rendered body is made from (the file's text, the URL links resolve
    /// from, the lesson id task-list items join): equal inputs render equal bodies, so `serve`
    /// reuses them.
    pub fn render_input(&self) -> (&str, &str, Option<&str>) {
        match self {
            Entry::Lesson(l) => (&l.source.text, &l.url, Some(&l.id)),
            Entry::Quiz(q) => (&q.text, &q.url, None),
            Entry::Scenario(s) => (&s.text, &s.url, None),
        }
    }

    /// Renders the entry's markdown (links resolved by `index`).
    pub fn render(&self, config: &Config, index: &SiteIndex) -> EntryBody {
        match self {
            Entry::Lesson(l) => {
                let (body, roleplay) = lesson::render(l, config, index);
                EntryBody::Lesson(body, roleplay)
            }
            Entry::Quiz(q) => {
                let (questions, found) = quiz::render(q, config, index);
                EntryBody::Quiz(questions, found)
            }
            Entry::Scenario(s) => {
                let (nodes, found) = scenario::render(s, config, index);
                EntryBody::Scenario(nodes, found)
            }
        }
    }
}

impl EntryBody {
    /// What rendering found: the diagnostics and the links to other pages' headings.
    pub fn found(&self) -> &Rendered {
        match self {
            EntryBody::Lesson(r, _) => r,
            EntryBody::Quiz(_, found) | EntryBody::Scenario(_, found) => found,
        }
    }

    /// A lesson's role-play texts, rendered; `None` for other kinds and lessons without one.
    pub fn roleplay(&self) -> Option<&crate::render::RoleplayBody> {
        match self {
            EntryBody::Lesson(_, rp) => rp.as_deref(),
            EntryBody::Quiz(..) | EntryBody::Scenario(..) => None,
        }
    }

    /// The headings other pages may link to (`page.html#heading`), or `None` when links into
    /// the page are not checked (a quiz's questions have no headings).
    pub fn link_targets(&self) -> Option<&[Heading]> {
        match self {
            EntryBody::Lesson(r, _) => Some(&r.headings),
            EntryBody::Quiz(..) | EntryBody::Scenario(..) => None,
        }
    }
}

/// An entry with its rendered body.
pub enum Paired<'a> {
    /// A lesson and its body.
    Lesson(&'a Lesson, &'a Rendered),
    /// A quiz, its questions' rendered markdown, and what rendering them found.
    Quiz(&'a Quiz, &'a [QuestionBody], &'a Rendered),
    /// A scenario, each node's rendered text, and what rendering them found.
    Scenario(&'a Scenario, &'a [String], &'a Rendered),
}

/// Pairs an entry with its body. Bodies are made from their entries (`Entry::render`), so a
/// mismatch is a bug.
pub fn pair<'a>(entry: &'a Entry, body: &'a EntryBody) -> Paired<'a> {
    match (entry, body) {
        (Entry::Lesson(l), EntryBody::Lesson(r, _)) => Paired::Lesson(l, r),
        (Entry::Quiz(q), EntryBody::Quiz(qs, found)) => Paired::Quiz(q, qs, found),
        (Entry::Scenario(s), EntryBody::Scenario(ns, found)) => Paired::Scenario(s, ns, found),
        (Entry::Lesson(_) | Entry::Quiz(_) | Entry::Scenario(_), _) => {
            unreachable!("the body of {} is of another kind", entry.url())
        }
    }
}

/// Renders one text written inside a YAML page (a quiz prompt, a scenario line) as markdown, raw
/// HTML shown as text (Q03), within the page's `budget`; its diagnostics and anchor links go
/// into `found`. Markdown inside YAML has no exact offsets, so diagnostics point at `line`.
pub(crate) fn yaml_markdown(
    text: &str,
    path: &Path,
    line: usize,
    links: &crate::build::links::PageLinks,
    budget: &crate::budget::Budget,
    found: &mut Rendered,
) -> String {
    let input = crate::markdown::Input {
        markdown: text,
        path,
        file: None,
        line,
        lesson_id: None,
        cut_title: None,
        raw_html: crate::markdown::RawHtml::Text,
        budget,
    };
    let r = crate::markdown::render(&input, links);
    found.diagnostics.extend(r.diagnostics);
    found.anchors.extend(r.anchors);
    r.html
}
