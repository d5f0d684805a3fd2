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

use super::table::{Kind, LearnerReport, Report, ScoreFlag, UnitRow};
use crate::theme::{Theme, describe};

/// The template, under the theme's `templates/`.
pub const TEMPLATE: &str = "report/index.html";

/// What the template gets.
#[derive(Serialize)]
struct PageView<'a> {
    language: &'a str,
    report: &'a Report,
    details: Vec<LearnerDetail<'a>>,
}

/// One learner's detail: their units by course module.
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
    unit: &'a UnitRow,
    quiz: bool,
    checks: usize,
    checks_done: usize,
    differs: bool,
    answers_unknown: bool,
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
        report,
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
    for u in &l.units {
        let rows = &mut modules[u.module].rows;
        match u.kind {
            Kind::Check => {
                if let Some(lesson) = rows.last_mut() {
                    lesson.checks += 1;
                    lesson.checks_done += usize::from(u.done);
                }
            }
            Kind::Lesson | Kind::Quiz => rows.push(DetailRow {
                unit: u,
                quiz: u.kind == Kind::Quiz,
                checks: 0,
                checks_done: 0,
                differs: u.flag == Some(ScoreFlag::Differs),
                answers_unknown: u.flag == Some(ScoreFlag::AnswersUnknown),
            }),
        }
    }
    modules
}
