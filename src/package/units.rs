//! What each package reports: the whole course, or with `--per-module` each course module, as
//! the progress model's `lms::Course` (its lessons with their checklists, its quizzes, its
//! scenarios), and the check that its resume data fits the format's limit.

use anyhow::bail;

use super::Format;
use crate::config::Config;
use crate::kinds::{Paired, pair};
use crate::model::{Curriculum, Module};
use crate::progress::lms::{Course, Lesson, Question, Quiz, Scenario};
use crate::progress::{compact, grade::GradingData};
use crate::render::{Bodies, ModuleBodies};

/// One package to make.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The site's id, or the course module's id.
    pub name: String,
    /// The title the LMS shows: the course's, or the course module's.
    pub title: String,
    /// The page the launch page opens first (relative to the site root).
    pub start: String,
    /// The units it reports.
    pub course: Course,
    /// The longest resume data those units can need (`compact::worst_case_len`).
    pub suspend_max: usize,
}

/// The packages to make: one for the course, or one per course module.
pub fn plans(course: &Curriculum, bodies: &Bodies, config: &Config, per_module: bool) -> Vec<Plan> {
    let pairs = course.modules.iter().zip(&bodies.modules);
    if per_module {
        pairs
            .map(|(m, b)| {
                let (lessons, quizzes, scenarios) = units_of([(m, b)]);
                plan(
                    &m.id,
                    &m.title,
                    &m.url,
                    Course::new(&config.id, lessons, quizzes, scenarios),
                )
            })
            .collect()
    } else {
        let (lessons, quizzes, scenarios) = units_of(pairs);
        let c = Course::new(&config.id, lessons, quizzes, scenarios);
        vec![plan(&config.id, &config.title, "index.html", c)]
    }
}

fn plan(name: &str, title: &str, start: &str, course: Course) -> Plan {
    Plan {
        name: name.to_owned(),
        title: title.to_owned(),
        start: start.to_owned(),
        suspend_max: compact::worst_case_len(&course),
        course,
    }
}

/// The lessons (with their checklists, the body's task list included, as the pages list them),
/// quizzes and scenarios of some course modules, in course order.
fn units_of<'a>(
    modules: impl IntoIterator<Item = (&'a Module, &'a ModuleBodies)>,
) -> (Vec<Lesson>, Vec<Quiz>, Vec<Scenario>) {
    let (mut lessons, mut quizzes, mut scenarios) = (Vec::new(), Vec::new(), Vec::new());
    for (m, b) in modules {
        for (e, eb) in m.entries.iter().zip(&b.entries) {
            match pair(e, eb) {
                Paired::Lesson(l, r) => lessons.push(Lesson {
                    id: l.id.clone(),
                    checks: l
                        .checklist
                        .iter()
                        .chain(&r.tasks)
                        .map(|c| c.id.clone())
                        .collect(),
                }),
                Paired::Quiz(q, ..) => {
                    let data = GradingData::of(q);
                    quizzes.push(Quiz {
                        id: q.id.clone(),
                        pass_mark: q.pass_mark,
                        questions: data
                            .questions
                            .iter()
                            .map(|gq| Question {
                                id: gq.id.clone(),
                                correct: gq.correct.clone(),
                            })
                            .collect(),
                    });
                }
                Paired::Scenario(s, ..) => scenarios.push(Scenario {
                    id: s.id.clone(),
                    title: s.title.clone(),
                }),
            }
        }
    }
    (lessons, quizzes, scenarios)
}

/// Fails when a package's resume data could pass the format's limit: the learner's progress
/// would not fit, and an LMS cuts it or refuses it. Nothing is cut silently.
pub fn check_budget(plans: &[Plan], format: Format, per_module: bool) -> anyhow::Result<()> {
    let limit = format.suspend_limit();
    let over: Vec<&Plan> = plans.iter().filter(|p| p.suspend_max > limit).collect();
    let Some(first) = over.first() else {
        return Ok(());
    };
    let count = |p: &Plan| {
        let checks: usize = p.course.lessons.iter().map(|l| l.checks.len()).sum();
        let (lessons, quizzes) = (p.course.lessons.len(), p.course.quizzes.len());
        match p.course.scenarios.len() {
            0 => format!("{lessons} lessons, {checks} checklist items and {quizzes} quizzes"),
            n => format!(
                "{lessons} lessons, {checks} checklist items, {quizzes} quizzes and {n} scenarios"
            ),
        }
    };
    let advice = if per_module {
        "split the course module into smaller ones".to_owned()
    } else if format == Format::Scorm12 {
        format!(
            "package it with --per-module (one zip per course module), or as scorm2004, which keeps {}",
            Format::Scorm2004.suspend_limit()
        )
    } else {
        "package it with --per-module (one zip per course module)".to_owned()
    };
    let what = if per_module {
        format!("course module `{}`", first.name)
    } else {
        "the course".to_owned()
    };
    bail!(
        "{what} ({}) needs up to {} characters of resume data (cmi.suspend_data), more than the {} {} keeps{}; {advice}",
        count(first),
        first.suspend_max,
        limit,
        format.title(),
        if over.len() > 1 {
            format!(" ({} course modules are over)", over.len())
        } else {
            String::new()
        }
    )
}
