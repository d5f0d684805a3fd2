//! The report as one HTML page: the learner table → `index.html`, rendered from the theme's
//! `report/index.html` template (so a course's theme can override it, and its words come from
//! the theme's interface strings like every page's).
//!
//! The page stands alone: inline CSS, a small inline script that only sorts the table (without
//! it the table reads the same, sorted by name), no request to anywhere. Each learner's detail
//! lists their lessons and quizzes, a lesson's checklist as a count: the CSV has every item
//! (a 1,000-lesson course has 5,000 items, and at 200 learners the page would hold a million
//! rows).

use anyhow::anyhow;
use serde::Serialize;

use super::table::{Kind, LearnerReport, ModuleHead, Report, ScoreFlag};
use crate::theme::{Theme, describe};

/// The template, under the theme's `templates/`.
pub const TEMPLATE: &str = "report/index.html";

/// What the template gets: the table and each learner's detail, not the model's every row.
#[derive(Serialize)]
struct PageView<'a> {
    language: &'a str,
    dir: &'static str,
    course: &'a str,
    modules: &'a [ModuleHead],
    learners: &'a [LearnerReport],
    details: Vec<LearnerDetail<'a>>,
}

/// One learner's detail: their lessons and quizzes by course module.
#[derive(Serialize)]
struct LearnerDetail<'a> {
    learner: &'a LearnerReport,
    modules: Vec<ModuleDetail<'a>>,
}

#[derive(Serialize)]
struct ModuleDetail<'a> {
    title: &'a str,
    rows: Vec<DetailRow<'a>>,
}

/// A lesson with its checklist counted, or a quiz.
#[derive(Serialize)]
struct DetailRow<'a> {
    title: &'a str,
    quiz: bool,
    /// A scenario's best ending (`good`, `ok`, `poor`), empty for other rows or none reached.
    scenario: bool,
    ending: &'static str,
    done: bool,
    passed: bool,
    score: Option<u32>,
    stored_score: Option<u32>,
    differs: bool,
    answers_unknown: bool,
    completed_at: Option<String>,
    stale: bool,
    checks: usize,
    checks_done: usize,
}

/// Renders the page.
pub fn render_html(report: &Report, theme: &Theme, language: &str) -> anyhow::Result<String> {
    let details = report
        .learners
        .iter()
        .map(|l| LearnerDetail {
            learner: l,
            modules: module_details(report, l),
        })
        .collect();
    let view = PageView {
        language,
        dir: crate::theme::language::direction(language),
        course: &report.course,
        modules: &report.modules,
        learners: &report.learners,
        details,
    };
    let context = tera::Context::from_serialize(&view)
        .map_err(|e| anyhow!("could not prepare the report page: {e}"))?;
    theme.tera.render(TEMPLATE, &context).map_err(|e| {
        let origin = theme
            .origins
            .get(TEMPLATE)
            .map_or_else(|| TEMPLATE.to_owned(), |o| describe(TEMPLATE, o));
        anyhow!("template {origin} failed for the report:\n{e}")
    })
}

/// A learner's rows grouped by course module; checklist items are counted on their lesson
/// (they follow it in the course's order).
fn module_details<'a>(report: &'a Report, l: &'a LearnerReport) -> Vec<ModuleDetail<'a>> {
    let mut modules: Vec<ModuleDetail> = report
        .modules
        .iter()
        .map(|m| ModuleDetail {
            title: &m.title,
            rows: Vec::new(),
        })
        .collect();
    for (unit, u) in report.units.iter().zip(&l.units) {
        let rows = &mut modules[unit.module].rows;
        match unit.kind {
            Kind::Check => {
                if let Some(lesson) = rows.last_mut() {
                    lesson.checks += 1;
                    lesson.checks_done += usize::from(u.done);
                }
            }
            Kind::Lesson | Kind::Quiz | Kind::Scenario => rows.push(DetailRow {
                title: &unit.title,
                quiz: unit.kind == Kind::Quiz,
                scenario: unit.kind == Kind::Scenario,
                ending: u.ending.map_or("", crate::progress::ending::Ending::as_str),
                done: u.done,
                passed: u.passed == Some(true),
                score: u.score,
                stored_score: u.stored_score,
                differs: u.flag == Some(ScoreFlag::Differs),
                answers_unknown: u.flag == Some(ScoreFlag::AnswersUnknown),
                completed_at: u.completed_at(),
                stale: u.stale,
                checks: 0,
                checks_done: 0,
            }),
        }
    }
    modules
}
