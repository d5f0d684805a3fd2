//! `- [ ]` task-list items: in a lesson they are live checklist units, elsewhere static boxes.

use super::{Rendered, escape};
use crate::diag::Diagnostic;
use crate::model::CheckItem;

/// The checkbox for a `- [ ]` item: a live checklist unit in lessons, a static box elsewhere.
pub(super) fn task_html(
    lesson_id: Option<&str>,
    text: &str,
    checked: bool,
    out: &mut Rendered,
    at: &impl Fn(usize, String) -> Diagnostic,
    offset: usize,
) -> String {
    let label = escape(text);
    let Some(lesson) = lesson_id else {
        let c = if checked { " checked" } else { "" };
        return format!("<input type=\"checkbox\" disabled{c} aria-label=\"{label}\"> ");
    };
    let id = slug::slugify(text);
    if id.is_empty() || out.tasks.iter().any(|t| t.id == id) {
        out.diagnostics.push(at(
            offset,
            format!("task-list item \"{text}\" needs wording of its own to be a checklist item"),
        ));
    }
    out.tasks.push(CheckItem {
        id: id.clone(),
        text: text.to_owned(),
    });
    let unit = escape(&crate::progress::units::Unit::Check { lesson, item: &id }.key());
    format!("<input type=\"checkbox\" data-unit=\"{unit}\" aria-label=\"{label}\"> ")
}
