//! The learner table: the current course's units and the learners' exports → one row per
//! learner (per course module: percent done, quizzes passed) and, per learner, one row per unit
//! with its quiz scores graded again. Plain data, for the CSV and the HTML page alike.
//!
//! Quiz scores are recomputed with the model's one grading function (`progress::grade::grade`)
//! from the answers an export holds, against the quiz as it is now. Units an export holds that
//! the course no longer has are not reported.

use serde::Serialize;

use super::inputs::{Export, file_name};
use crate::kinds::{Paired, pair};
use crate::model::Curriculum;
use crate::progress::ending::Ending;
use crate::progress::grade::{GradingData, grade};
use crate::progress::schema::Record;
use crate::progress::units::Unit;
use crate::progress::updated::is_stale;
use crate::render::Bodies;

/// What kind of unit a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A lesson, marked complete.
    Lesson,
    /// A practice checklist item, ticked.
    Check,
    /// A quiz, passed.
    Quiz,
    /// A scenario, played to an ending (passed when its best ending is good).
    Scenario,
}

impl Kind {
    /// The CSV's word for it.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Lesson => "lesson",
            Kind::Check => "checklist item",
            Kind::Quiz => "quiz",
            Kind::Scenario => "scenario",
        }
    }
}

/// Why a quiz's stored score is not to be trusted as it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreFlag {
    /// The answers, graded against the quiz as it is now, give another score than the one
    /// stored (the quiz changed since, or the file was edited).
    Differs,
    /// The export has no answers to grade again (a version 1 export, or an old record).
    AnswersUnknown,
}

impl ScoreFlag {
    /// The CSV's words for it.
    pub fn word(self) -> &'static str {
        match self {
            ScoreFlag::Differs => "differs",
            ScoreFlag::AnswersUnknown => "answers unknown",
        }
    }
}

/// A unit of the current course.
#[derive(Debug, Clone, Serialize)]
pub struct CourseUnit {
    /// Its course module's index.
    pub module: usize,
    /// The lesson's or quiz's title, or the checklist item's text.
    pub title: String,
    /// What kind of unit.
    pub kind: Kind,
    /// Its unit key.
    pub key: String,
    /// A quiz's grading data.
    #[serde(skip)]
    pub grading: Option<GradingData>,
    /// When its lesson, quiz or scenario was marked `updated:` (a lesson's for its checklist items too,
    /// which the update does not make stale), in milliseconds since 1970.
    #[serde(skip)]
    pub updated: Option<i64>,
}

/// A course module as a column of the table.
#[derive(Debug, Clone, Serialize)]
pub struct ModuleHead {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// How many quizzes it has.
    pub quizzes: usize,
}

/// One learner's progress in one course module.
#[derive(Debug, Clone, Serialize)]
pub struct ModuleProgress {
    /// Units done: lessons complete, items ticked, quizzes passed.
    pub done: usize,
    /// Units in the course module.
    pub total: usize,
    /// `done` as a whole percent of `total`, rounded down (0 when there are none).
    pub percent: u32,
    /// Quizzes passed (graded again where the answers are known).
    pub quizzes_passed: usize,
    /// Quizzes in the course module.
    pub quizzes: usize,
}

/// One unit of the course, for one learner (its unit is [`Report::units`] at the same index:
/// a 1,000-lesson course has 6,000 units, so each learner's rows hold no text).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitStatus {
    /// Marked complete, ticked, or (a quiz) passed, as the learner's browser recorded it.
    pub done: bool,
    /// A quiz's score, graded again from the answers (the stored score when they are unknown).
    pub score: Option<u32>,
    /// Whether that score passes the quiz as it is now (as recorded when the answers are unknown).
    pub passed: Option<bool>,
    /// A quiz's best score as the export stores it.
    pub stored_score: Option<u32>,
    /// Why the stored score is not to be trusted, if it is not.
    pub flag: Option<ScoreFlag>,
    /// When it was last changed, in milliseconds since 1970 (0 when unknown).
    pub at: f64,
    /// Done before its lesson, quiz or scenario was marked `updated:` (`progress::updated::is_stale`).
    pub stale: bool,
    /// A scenario's best ending reached, if any.
    pub ending: Option<Ending>,
}

impl UnitStatus {
    /// When it was completed, ticked or passed: ISO 8601 in UTC, to the second.
    pub fn completed_at(&self) -> Option<String> {
        if self.done { utc_time(self.at) } else { None }
    }
}

/// One learner.
#[derive(Debug, Clone, Serialize)]
pub struct LearnerReport {
    /// Their name, or their file's name when the export has none.
    pub name: String,
    /// The id of their detail section in the HTML report (`learner-1`).
    pub anchor: String,
    /// The export file's name.
    pub file: String,
    /// When the file was exported, if it says.
    pub exported_at: Option<String>,
    /// Per course module, in the course's order.
    pub modules: Vec<ModuleProgress>,
    /// Percent of the whole course done, rounded down.
    pub percent: u32,
    /// The latest change recorded for any unit of the course (ISO 8601, UTC), if any.
    pub last_activity: Option<String>,
    /// Quiz scores flagged.
    pub flags: usize,
    /// Lessons, quizzes and scenarios completed before they were updated.
    pub stale: usize,
    /// Every unit of the course, in the course's order ([`Report::units`]).
    #[serde(skip)]
    pub units: Vec<UnitStatus>,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The course's title.
    pub course: String,
    /// Its course modules, in order.
    pub modules: Vec<ModuleHead>,
    /// Its units, in order: the rows of each learner.
    pub units: Vec<CourseUnit>,
    /// The learners, by name.
    pub learners: Vec<LearnerReport>,
}

/// The report of `exports` on the course as it is now (`bodies` give each lesson's task list).
pub fn make_report(
    title: &str,
    curriculum: &Curriculum,
    bodies: &Bodies,
    exports: &[Export],
) -> Report {
    let units = course_units(curriculum, bodies);
    let modules: Vec<ModuleHead> = curriculum
        .modules
        .iter()
        .enumerate()
        .map(|(i, m)| ModuleHead {
            id: m.id.clone(),
            title: m.title.clone(),
            quizzes: units
                .iter()
                .filter(|u| u.module == i && u.kind == Kind::Quiz)
                .count(),
        })
        .collect();
    let mut sorted: Vec<&Export> = exports.iter().collect();
    sorted.sort_by_cached_key(|e| (e.display_name().to_lowercase(), e.path.clone()));
    let learners = sorted
        .iter()
        .enumerate()
        .map(|(i, e)| learner_report(i, e, &units, modules.len()))
        .collect();
    Report {
        course: title.to_owned(),
        modules,
        units,
        learners,
    }
}

/// Every unit of the course in order: each lesson, its checklist (front-matter items, then its
/// body's task list, as the pages and the build's fingerprint list them), each quiz.
pub fn course_units(curriculum: &Curriculum, bodies: &Bodies) -> Vec<CourseUnit> {
    let mut units = Vec::new();
    for (i, (m, b)) in curriculum.modules.iter().zip(&bodies.modules).enumerate() {
        for (e, eb) in m.entries.iter().zip(&b.entries) {
            match pair(e, eb) {
                Paired::Lesson(l, r) => {
                    // A rubric item's text is markdown: the report shows its plain text.
                    let mut rubric = eb.roleplay().map(|rp| rp.rubric_text.iter());
                    units.push(CourseUnit {
                        module: i,
                        title: l.title.clone(),
                        kind: Kind::Lesson,
                        key: Unit::Lesson(&l.id).key(),
                        grading: None,
                        updated: l.updated.as_ref().map(|u| u.millis),
                    });
                    for c in l.checklist.iter().chain(&r.tasks) {
                        units.push(CourseUnit {
                            module: i,
                            title: match rubric.as_mut().filter(|_| c.rubric) {
                                Some(texts) => texts.next().unwrap_or(&c.text).clone(),
                                None => c.text.clone(),
                            },
                            kind: Kind::Check,
                            key: Unit::Check {
                                lesson: &l.id,
                                item: &c.id,
                            }
                            .key(),
                            grading: None,
                            updated: None,
                        });
                    }
                }
                Paired::Quiz(q, ..) => units.push(CourseUnit {
                    module: i,
                    title: q.title.clone(),
                    kind: Kind::Quiz,
                    key: Unit::Quiz(&q.id).key(),
                    grading: Some(GradingData::of(q)),
                    updated: q.updated.as_ref().map(|u| u.millis),
                }),
                Paired::Scenario(s, ..) => units.push(CourseUnit {
                    module: i,
                    title: s.title.clone(),
                    kind: Kind::Scenario,
                    key: Unit::Scenario(&s.id).key(),
                    grading: None,
                    updated: s.updated.as_ref().map(|u| u.millis),
                }),
            }
        }
    }
    units
}

fn learner_report(i: usize, e: &Export, units: &[CourseUnit], modules: usize) -> LearnerReport {
    let mut per_module = vec![
        ModuleProgress {
            done: 0,
            total: 0,
            percent: 0,
            quizzes_passed: 0,
            quizzes: 0,
        };
        modules
    ];
    let mut rows = Vec::with_capacity(units.len());
    let mut last = 0.0_f64;
    for u in units {
        let record = e.stored.units.get(&u.key);
        if let Some(r) = record {
            last = last.max(r.at);
        }
        let row = unit_status(u, record);
        let m = &mut per_module[u.module];
        m.total += 1;
        let counts = match u.kind {
            Kind::Quiz => {
                m.quizzes += 1;
                let passed = row.passed == Some(true);
                m.quizzes_passed += usize::from(passed);
                passed
            }
            // A scenario counts when played to any ending, as the learner's own bars count it;
            // whether the ending was good is its `passed` (docs/report.md).
            Kind::Lesson | Kind::Check | Kind::Scenario => row.done,
        };
        m.done += usize::from(counts);
        rows.push(row);
    }
    for m in &mut per_module {
        m.percent = percent(m.done, m.total);
    }
    let done = per_module.iter().map(|m| m.done).sum();
    let total = per_module.iter().map(|m| m.total).sum();
    LearnerReport {
        name: e.display_name(),
        anchor: format!("learner-{}", i + 1),
        file: file_name(&e.path),
        exported_at: e.stored.exported_at.clone(),
        modules: per_module,
        percent: percent(done, total),
        last_activity: utc_time(last),
        flags: rows.iter().filter(|r| r.flag.is_some()).count(),
        stale: rows.iter().filter(|r| r.stale).count(),
        units: rows,
    }
}

/// One unit's status: a quiz's answers graded again against the quiz as it is now.
fn unit_status(u: &CourseUnit, record: Option<&Record>) -> UnitStatus {
    let done = record.is_some_and(|r| r.done);
    let mut row = UnitStatus {
        done,
        score: None,
        passed: None,
        stored_score: None,
        flag: None,
        at: record.map_or(0.0, |r| r.at),
        stale: record.is_some_and(|r| is_stale(r.done, r.at, u.updated)),
        ending: None,
    };
    if u.kind == Kind::Scenario {
        row.ending = record.and_then(|r| r.ending.as_deref().and_then(Ending::parse));
        row.passed = Some(row.ending == Some(Ending::Good));
        return row;
    }
    if let (Some(data), Some(r)) = (&u.grading, record) {
        let stored = r.best.unwrap_or(0);
        row.stored_score = Some(stored);
        let known = r.rev.as_deref().is_some_and(|rev| !rev.is_empty());
        match r.answers.as_ref().filter(|_| known) {
            Some(answers) => {
                let score = grade(data, answers);
                row.score = Some(score.percent);
                row.passed = Some(score.passed);
                row.flag = (score.percent != stored).then_some(ScoreFlag::Differs);
            }
            None => {
                row.score = Some(stored);
                row.passed = Some(done);
                row.flag = Some(ScoreFlag::AnswersUnknown);
            }
        }
    } else if u.kind == Kind::Quiz {
        row.passed = Some(false);
    }
    row
}

fn percent(done: usize, total: usize) -> u32 {
    (done * 100).checked_div(total).map_or(0, |p| p as u32)
}

/// Milliseconds since 1970 as ISO 8601 in UTC to the second (`2026-12-05T01:07:44Z`); none for
/// 0 (unknown), a time before 1970 or after 9999-12-30T22:00:00Z (the last time jiff holds).
pub fn utc_time(ms: f64) -> Option<String> {
    if ms.is_nan() || ms < 1.0 {
        return None;
    }
    let time = jiff::Timestamp::from_millisecond(ms.floor() as i64).ok()?;
    Some(time.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_utc_to_the_second() {
        assert_eq!(utc_time(0.0), None);
        assert_eq!(utc_time(f64::NAN), None);
        assert_eq!(utc_time(1.0).as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(
            utc_time(1_733_356_800_999.0).as_deref(),
            Some("2024-12-05T00:00:00Z")
        );
        assert_eq!(
            utc_time(951_782_400_000.0).as_deref(),
            Some("2000-02-29T00:00:00Z")
        );
        assert_eq!(
            utc_time(253_402_207_200_000.0).as_deref(),
            Some("9999-12-30T22:00:00Z")
        );
        assert_eq!(utc_time(253_402_207_201_000.0), None);
    }
}
