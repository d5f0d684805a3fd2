//! Lessons: a markdown file whose body is the page, with its practice checklist.

use crate::build::links::SiteIndex;
use crate::config::Config;
use crate::markdown::Rendered;
use crate::model::Lesson;
use crate::render::render_body;

/// Renders the lesson's body; its task-list items join its checklist under its id.
pub fn render(l: &Lesson, config: &Config, index: &SiteIndex) -> Rendered {
    render_body(&l.source, &l.url, Some(&l.id), config, index)
}
