//! `- [ ]` task-list items: in a lesson they are live checklist units, elsewhere static boxes.

use std::collections::HashSet;

use super::{Rendered, escape};
use crate::diag::Diagnostic;
use crate::model::CheckItem;

/// The checkbox for a `- [ ]` item: a live checklist unit in lessons, a static box elsewhere.
pub(super) fn task_html(
    lesson_id: Option<&str>,
    text: &str,
    checked: bool,
    out: &mut Rendered,
    ids: &mut HashSet<String>,
    at: &impl Fn(usize, String) -> Diagnostic,
    offset: usize,
) -> String {
    let label = escape(text);
    let Some(lesson) = lesson_id else {
        let c = if checked { " checked" } else { "" };
        return format!("<input type=\"checkbox\" disabled{c} aria-label=\"{label}\"> ");
    };
    let id = slug::slugify(text);
    // `ids` holds the ids so far: a lesson of 100,000 distinct items stays linear (issue 22).
    if id.is_empty() || !ids.insert(id.clone()) {
        out.diagnostics.push(at(
            offset,
            format!(
                "task-list item \"{}\" needs wording of its own to be a checklist item",
                crate::diag::shorten(text, 60)
            ),
        ));
    }
    out.tasks.push(CheckItem {
        id: id.clone(),
        text: text.to_owned(),
        rubric: false,
    });
    let unit = escape(&crate::progress::units::Unit::Check { lesson, item: &id }.key());
    format!("<input type=\"checkbox\" data-unit=\"{unit}\" aria-label=\"{label}\"> ")
}
