//! The views of a page's pieces: a lesson's checklist and progress units, a list item, a quiz
//! with its grading data.

use serde::Serialize;

use super::{CheckView, ItemView, OptionView, QuestionView, QuizView, json_for_script};
use crate::build::EntryBody;
use crate::model::{Entry, Lesson, QuestionKind, Quiz};

pub(super) fn complete_unit(l: &Lesson) -> String {
    format!("lesson:{}", l.id)
}

/// A lesson's checklist: front-matter items, then the body's task-list items.
pub(super) fn checklist<'a>(l: &'a Lesson, r: &'a crate::markdown::Rendered) -> Vec<CheckView<'a>> {
    l.checklist
        .iter()
        .chain(&r.tasks)
        .map(|c| CheckView {
            unit: format!("check:{}#{}", l.id, c.id),
            text: &c.text,
        })
        .collect()
}

pub(super) fn item_view<'a>(
    e: &'a Entry,
    body: &'a EntryBody,
    with_checklist: bool,
) -> ItemView<'a> {
    match (e, body) {
        (Entry::Lesson(l), EntryBody::Lesson(r)) => {
            // Lists need only the count; the checklist itself (a key per item) only on the
            // progress page.
            let checks = l.checklist.len() + r.tasks.len();
            ItemView {
                kind: "lesson",
                id: &l.id,
                title: &l.title,
                description: &l.description,
                url: &l.url,
                duration: l.duration,
                units: lesson_summary_units(l, checks),
                unit_count: checks + 1,
                checklist: if with_checklist {
                    checklist(l, r)
                } else {
                    Vec::new()
                },
            }
        }
        (Entry::Quiz(q), _) => ItemView {
            kind: "quiz",
            id: &q.id,
            title: &q.title,
            description: &q.description,
            url: &q.url,
            duration: 0,
            units: format!("quiz:{}", q.id),
            unit_count: 1,
            checklist: Vec::new(),
        },
        _ => unreachable!("bodies are rendered from the same entries, in the same order"),
    }
}

/// A lesson's units in lists and totals: `lesson:L checks:L:n`. The `checks:` token stands for
/// the lesson's n checklist items (the script counts ticked `check:L#…` keys, at most n), so a
/// module or course total does not spell out every item (docs/theme.md).
fn lesson_summary_units(l: &Lesson, checks: usize) -> String {
    match checks {
        0 => complete_unit(l),
        n => format!("lesson:{0} checks:{0}:{n}", l.id),
    }
}

pub(super) fn join_units<'u>(units: impl Iterator<Item = &'u str>) -> String {
    units.collect::<Vec<_>>().join(" ")
}

pub(super) fn quiz_view<'a>(q: &'a Quiz, bodies: &'a [crate::build::QuestionBody]) -> QuizView<'a> {
    #[derive(Serialize)]
    struct Data<'a> {
        id: &'a str,
        unit: String,
        pass_mark: u32,
        shuffle: bool,
        questions: Vec<DataQuestion<'a>>,
    }
    #[derive(Serialize)]
    struct DataQuestion<'a> {
        id: &'a str,
        kind: QuestionKind,
        correct: Vec<&'a str>,
    }
    let unit = format!("quiz:{}", q.id);
    let data = Data {
        id: &q.id,
        unit: unit.clone(),
        pass_mark: q.pass_mark,
        shuffle: q.shuffle,
        questions: q
            .questions
            .iter()
            .map(|qu| DataQuestion {
                id: &qu.id,
                kind: qu.kind,
                correct: qu
                    .choices
                    .iter()
                    .filter(|c| c.correct)
                    .map(|c| c.id.as_str())
                    .collect(),
            })
            .collect(),
    };
    QuizView {
        id: &q.id,
        title: &q.title,
        description: &q.description,
        pass_mark: q.pass_mark,
        shuffle: q.shuffle,
        unit,
        questions: q
            .questions
            .iter()
            .zip(bodies)
            .map(|(qu, b)| QuestionView {
                id: &qu.id,
                kind: qu.kind,
                prompt_html: &b.prompt_html,
                explanation_html: &b.explanation_html,
                options: qu
                    .choices
                    .iter()
                    .map(|c| OptionView {
                        id: &c.id,
                        text: &c.text,
                        feedback: &c.feedback,
                    })
                    .collect(),
            })
            .collect(),
        data_json: json_for_script(&data),
    }
}
