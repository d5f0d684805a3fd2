//! The views of a page's pieces: a lesson's checklist and progress units, a list item, a quiz
//! with its grading data.

use super::views::{
    CheckView, ItemView, OptionView, QuestionView, QuizView, RoleView, RoleplayView, ScenarioView,
};
use crate::i18n::Text;
use crate::kinds::{Paired, pair};
use crate::model::{Entry, Lesson, QuestionKind, Quiz, Scenario};
use crate::progress::grade::GradingData;
use crate::progress::units::{Unit, lesson_summary};
use crate::progress::updated::Updated;
use crate::render::{EntryBody, RoleplayBody};
use crate::theme::script_json::json_for_script;

/// `updated` and `updated_date` of a view: the moment in milliseconds (0: never) and its day.
pub(super) fn updated_of(u: &Option<Updated>) -> (i64, &str) {
    u.as_ref().map_or((0, ""), |u| (u.millis, u.date.as_str()))
}

pub(super) fn complete_unit(l: &Lesson) -> String {
    Unit::Lesson(&l.id).key()
}

/// A lesson's checklist: front-matter items, then the body's task-list items; rubric items with
/// their markdown rendered (`roleplay`, the lesson's role-play body), with their links on the
/// lesson's own page (`linked`), without them elsewhere.
pub(super) fn checklist<'a>(
    l: &'a Lesson,
    r: &'a crate::markdown::Rendered,
    roleplay: Option<&'a RoleplayBody>,
    linked: bool,
) -> Vec<CheckView<'a>> {
    let mut rubric_html = roleplay.map(|rp| {
        if linked {
            rp.rubric_html.iter()
        } else {
            rp.rubric_unlinked_html.iter()
        }
    });
    l.checklist
        .iter()
        .chain(&r.tasks)
        .map(|c| CheckView {
            unit: Unit::Check {
                lesson: &l.id,
                item: &c.id,
            }
            .key(),
            text: &c.text,
            html: if c.rubric {
                rubric_html
                    .as_mut()
                    .and_then(Iterator::next)
                    .map_or("", String::as_str)
            } else {
                ""
            },
            rubric: c.rubric,
        })
        .collect()
}

/// A lesson's role-play, for its page: its texts as rendered (`body`).
pub(super) fn roleplay_view<'a>(
    l: &'a Lesson,
    body: Option<&'a RoleplayBody>,
) -> Option<RoleplayView<'a>> {
    let (r, body) = (l.roleplay.as_ref()?, body?);
    Some(RoleplayView {
        title: &r.title,
        situation_html: &body.situation_html,
        roles: r
            .roles
            .iter()
            .zip(&body.briefs_html)
            .map(|(role, brief)| RoleView {
                name: &role.name,
                brief_html: brief,
            })
            .collect(),
    })
}

pub(super) fn item_view<'a>(e: &'a Entry, body: &'a EntryBody) -> ItemView<'a> {
    match pair(e, body) {
        Paired::Lesson(l, r) => {
            // Lists need only the count; the checklist itself is in the progress map
            // (`map.rs`) and on the lesson's page.
            let checks = l.checklist.len() + r.tasks.len();
            let (updated, updated_date) = updated_of(&l.updated);
            ItemView {
                kind: "lesson",
                kind_label: "",
                id: &l.id,
                title: &l.title,
                description: &l.description,
                url: &l.url,
                duration: l.duration,
                units: lesson_summary(&l.id, checks),
                unit_count: checks + 1,
                result_unit: String::new(),
                complete_unit: complete_unit(l),
                updated,
                updated_date,
            }
        }
        Paired::Quiz(q, ..) => ItemView {
            kind: "quiz",
            kind_label: "kind_quiz",
            id: &q.id,
            title: &q.title,
            description: &q.description,
            url: &q.url,
            duration: 0,
            units: Unit::Quiz(&q.id).key(),
            unit_count: 1,
            result_unit: Unit::Quiz(&q.id).key(),
            complete_unit: String::new(),
            updated: updated_of(&q.updated).0,
            updated_date: updated_of(&q.updated).1,
        },
        Paired::Scenario(s, ..) => ItemView {
            kind: "scenario",
            kind_label: "kind_scenario",
            id: &s.id,
            title: &s.title,
            description: &s.description,
            url: &s.url,
            duration: 0,
            units: Unit::Scenario(&s.id).key(),
            unit_count: 1,
            result_unit: Unit::Scenario(&s.id).key(),
            complete_unit: String::new(),
            updated: updated_of(&s.updated).0,
            updated_date: updated_of(&s.updated).1,
        },
    }
}

pub(super) fn scenario_view<'a>(s: &'a Scenario, nodes: &'a [String]) -> ScenarioView<'a> {
    let data = crate::scenario::data::PlayData::of(s);
    ScenarioView {
        id: &s.id,
        title: &s.title,
        description: &s.description,
        unit: data.unit.clone(),
        nodes,
        data_json: json_for_script(&data),
        updated: updated_of(&s.updated).0,
        updated_date: updated_of(&s.updated).1,
    }
}

pub(super) fn quiz_view<'a>(
    q: &'a Quiz,
    bodies: &'a [crate::render::QuestionBody],
    text: &'a Text,
) -> QuizView<'a> {
    let data = GradingData::of(q);
    QuizView {
        id: &q.id,
        title: &q.title,
        description: &q.description,
        pass_mark: q.pass_mark,
        shuffle: q.shuffle,
        draw: q.draw.unwrap_or(0),
        unit: data.unit.clone(),
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
                        // A true/false question's options are the theme's words.
                        text: match (qu.kind, c.id.as_str()) {
                            (QuestionKind::TrueFalse, "true") => text.say("option_true"),
                            (QuestionKind::TrueFalse, "false") => text.say("option_false"),
                            _ => &c.text,
                        },
                        feedback: &c.feedback,
                    })
                    .collect(),
            })
            .collect(),
        data_json: json_for_script(&data),
        updated: updated_of(&q.updated).0,
        updated_date: updated_of(&q.updated).1,
    }
}
