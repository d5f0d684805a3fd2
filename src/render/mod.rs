//! The markdown of every page, rendered: the bodies that the page templates, the search index and
//! incremental rebuilds read, parallel to the curriculum. [`course::render_bodies`] makes them;
//! each kind renders its own (`kinds`).

pub mod course;

use crate::budget::Budget;
use crate::build::links::SiteIndex;
use crate::config::Config;
use crate::markdown::{self, Input, RawHtml, Rendered};
use crate::model::Source;

/// The rendered markdown of every page, parallel to the curriculum.
pub struct Bodies {
    /// The home page's body.
    pub home: Rendered,
    /// Per standalone page (guide), in order.
    pub guides: Vec<Rendered>,
    /// Per module, in order.
    pub modules: Vec<ModuleBodies>,
}

/// A module's rendered intro and entries.
pub struct ModuleBodies {
    /// The `_index.md` body.
    pub intro: Rendered,
    /// Per entry, in order.
    pub entries: Vec<EntryBody>,
}

/// A rendered lesson, quiz or scenario.
pub enum EntryBody {
    /// The lesson body (with the role-play's diagnostics and links), and its role-play's texts.
    Lesson(Rendered, Option<Box<RoleplayBody>>),
    /// Each question's prompt and explanation, and what rendering them found (broken links).
    Quiz(Vec<QuestionBody>, Rendered),
    /// Each node's rendered text, and what rendering them found.
    Scenario(Vec<String>, Rendered),
}

/// A lesson's role-play, its texts rendered as markdown (`kinds::lesson::render_roleplay`).
pub struct RoleplayBody {
    /// The situation, as blocks.
    pub situation_html: String,
    /// Each role's brief, as blocks, in the roles' order.
    pub briefs_html: Vec<String>,
    /// Each rubric item, inline (a checkbox's label), in the rubric's order.
    pub rubric_html: Vec<String>,
    /// The same without their links (whose URLs are relative to the lesson's page), for the
    /// pages elsewhere in the site that list the lesson's checklist (the progress page).
    pub rubric_unlinked_html: Vec<String>,
    /// The same as plain text (markup gone, entities decoded), for the report.
    pub rubric_text: Vec<String>,
}

/// A quiz question's rendered markdown.
pub struct QuestionBody {
    /// The prompt.
    pub prompt_html: String,
    /// The explanation (empty when none).
    pub explanation_html: String,
}

/// Rendered bodies kept from an earlier build, placed where `course` has the same page from the
/// same source (see `incremental`): [`render_bodies`] takes them instead of rendering again.
#[derive(Default)]
pub(crate) struct Reused {
    /// The home page's body.
    pub home: Option<Rendered>,
    /// Per module of the new course, in order (missing modules render afresh).
    pub modules: Vec<ReusedModule>,
}

/// A module's reusable bodies, parallel to its entries.
#[derive(Default)]
pub(crate) struct ReusedModule {
    /// The `_index.md` body.
    pub intro: Option<Rendered>,
    /// Per entry (missing entries render afresh).
    pub entries: Vec<Option<EntryBody>>,
}

/// Renders the markdown body of the page at `url` from `source`.
pub(crate) fn render_body(
    source: &Source,
    url: &str,
    lesson_id: Option<&str>,
    config: &Config,
    index: &SiteIndex,
) -> Rendered {
    let links = index.for_page(&source.path, &config.content_dir, url);
    let cut = crate::load::title::cut_heading(source);
    let input = Input {
        markdown: source.body(),
        path: &source.path,
        file: Some((&source.text, source.body_start)),
        line: 0,
        lesson_id,
        cut_title: cut.as_deref(),
        raw_html: RawHtml::for_lessons(config.allow_raw_html),
        budget: &Budget::new(config.limits.max_page_bytes),
    };
    markdown::render(&input, &links)
}
