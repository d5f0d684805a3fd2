//! What an LMS is told about a learner's progress (issue 16, docs/lms.md): the units a package
//! reports ([`Course`], made at package time and embedded in its launch page), and the rules
//! that turn a stored value (`schema::Stored`) into the LMS's fields: completion, success, the
//! course score, one objective per quiz, one interaction per answered question, and each
//! scenario's best ending (reported as an interaction when it is reached or bettered).
//!
//! The resume data (`suspend_data`) is in `compact`. The package's runtime script
//! (`themes/default/lms/js/lms-model.js`) follows these rules; the fixture
//! `tests/fixtures/progress/lms.json` holds both to them.

use serde::{Deserialize, Serialize};

use super::ending::Ending;
use super::grade::Answers;
use super::schema::{Record, Stored};
use super::units::Unit;

/// The units one package reports, in course order: the whole course, or one course module
/// (`--per-module`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Course {
    /// The course's id (site.toml): the stored value's `site`.
    pub site: String,
    /// The package's pass mark, percent: the highest pass mark of its quizzes (0 without
    /// quizzes). The LMS reads it from the manifest (`adlcp:masteryscore`,
    /// `imsss:minNormalizedMeasure`).
    pub mastery: u32,
    /// A fingerprint of the unit list (`layout_of`): resume data written for another list is
    /// not read as this one's.
    pub layout: String,
    /// The fingerprint that resume data of version 1 carries for this package: that of its
    /// lessons and quizzes only, since version 1 had no scenarios (the same as `layout` in a
    /// package without scenarios). Learners who started before scenarios were kept resume.
    pub layout_v1: String,
    /// The lessons, each with its checklist items.
    pub lessons: Vec<Lesson>,
    /// The quizzes.
    pub quizzes: Vec<Quiz>,
    /// The scenarios (branching conversations).
    pub scenarios: Vec<Scenario>,
}

/// A scenario of a package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    /// The scenario's id.
    pub id: String,
    /// Its title: the interaction's description in SCORM 2004, its activity's name in cmi5.
    pub title: String,
}

/// A lesson of a package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lesson {
    /// The lesson's id.
    pub id: String,
    /// Its checklist items' ids, the body's task list included, in page order.
    pub checks: Vec<String>,
}

/// A quiz of a package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quiz {
    /// The quiz's id: the objective's id in the LMS.
    pub id: String,
    /// Its pass mark, percent.
    pub pass_mark: u32,
    /// Its questions, in order.
    pub questions: Vec<Question>,
}

/// A question of a package's quiz.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// The question's id.
    pub id: String,
    /// Its right options' ids.
    pub correct: Vec<String>,
}

impl Course {
    /// A package's course from its lessons, quizzes and scenarios; `mastery` and the layouts
    /// follow from them.
    pub fn new(
        site: &str,
        lessons: Vec<Lesson>,
        quizzes: Vec<Quiz>,
        scenarios: Vec<Scenario>,
    ) -> Course {
        let mastery = quizzes.iter().map(|q| q.pass_mark).max().unwrap_or(0);
        let layout = layout_of(&lessons, &quizzes, &scenarios);
        let layout_v1 = layout_of(&lessons, &quizzes, &[]);
        Course {
            site: site.to_owned(),
            mastery,
            layout,
            layout_v1,
            lessons,
            quizzes,
            scenarios,
        }
    }
}

/// 8 hex digits of SipHash-1-3 (keys 0, 0) over the unit keys in package order, each followed
/// by a newline: lessons with their checks, then quizzes, then scenarios (so a package without
/// scenarios has the fingerprint version 1 gave it).
pub fn layout_of(lessons: &[Lesson], quizzes: &[Quiz], scenarios: &[Scenario]) -> String {
    use std::hash::Hasher as _;
    let mut h = siphasher::sip::SipHasher13::new_with_keys(0, 0);
    for l in lessons {
        h.write(Unit::Lesson(&l.id).key().as_bytes());
        h.write(b"\n");
        for c in &l.checks {
            let unit = Unit::Check {
                lesson: &l.id,
                item: c,
            };
            h.write(unit.key().as_bytes());
            h.write(b"\n");
        }
    }
    for q in quizzes {
        h.write(Unit::Quiz(&q.id).key().as_bytes());
        h.write(b"\n");
    }
    for s in scenarios {
        h.write(Unit::Scenario(&s.id).key().as_bytes());
        h.write(b"\n");
    }
    format!("{:08x}", h.finish() >> 32)
}

/// Whether the learner has done what the package asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Completion {
    /// Every lesson is marked complete and every quiz was attempted.
    Completed,
    /// Not yet.
    Incomplete,
}

/// Whether the learner has passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Success {
    /// Every quiz is passed.
    Passed,
    /// Every quiz was attempted and at least one is not passed.
    Failed,
    /// A quiz was never attempted, or the package has none.
    Unknown,
}

/// A quiz as an objective.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objective {
    /// The quiz's id.
    pub id: String,
    /// Its best score, percent, once attempted.
    pub score: Option<u32>,
    /// Passed, failed, or unknown (never attempted).
    pub success: Success,
    /// Completed once attempted.
    pub completed: bool,
}

/// What the LMS is told, apart from interactions and resume data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// `cmi.completion_status` (2004).
    pub completion: Completion,
    /// `cmi.success_status` (2004).
    pub success: Success,
    /// `cmi.core.lesson_status` (1.2): `incomplete` until completed, then `passed` or `failed`,
    /// or `completed` in a package without quizzes.
    pub lesson_status: String,
    /// The course score, percent, once completed, in a package with quizzes (see
    /// [`course_score`]).
    pub score: Option<u32>,
    /// One per quiz, in order.
    pub objectives: Vec<Objective>,
    /// One per scenario, in order: its best ending, if it was played to one.
    pub scenarios: Vec<ScenarioEnding>,
}

/// A scenario's best ending. It does not count towards completion or success (scenarios are
/// practice, as on the site's certificate): it reaches the LMS as an interaction whose id is
/// the unit key, `scenario:<id>`, which no quiz question's `<quiz>/<question>` can be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioEnding {
    /// The scenario's id.
    pub id: String,
    /// The best ending reached; none when not played, or played by a build that did not keep
    /// endings.
    pub ending: Option<Ending>,
}

/// The best ending of each scenario of `course` in `stored`.
fn scenario_endings(stored: &Stored, course: &Course) -> Vec<ScenarioEnding> {
    course
        .scenarios
        .iter()
        .map(|s| ScenarioEnding {
            id: s.id.clone(),
            ending: record(stored, &Unit::Scenario(&s.id).key())
                .filter(|r| r.done)
                .and_then(|r| r.ending.as_deref())
                .and_then(Ending::parse),
        })
        .collect()
}

/// The record of `key` in `stored`, if any.
fn record<'s>(stored: &'s Stored, key: &str) -> Option<&'s Record> {
    stored.units.get(key)
}

/// A quiz's attempts (0 without a record).
fn attempts(stored: &Stored, quiz: &str) -> u32 {
    record(stored, &Unit::Quiz(quiz).key()).map_or(0, |r| r.attempts.unwrap_or(0))
}

/// What the LMS is told about `stored` in the package of `course`.
pub fn report(stored: &Stored, course: &Course) -> Report {
    let objectives: Vec<Objective> = course
        .quizzes
        .iter()
        .map(|q| {
            let r = record(stored, &Unit::Quiz(&q.id).key());
            let tried = attempts(stored, &q.id) > 0;
            let passed = r.is_some_and(|r| r.done);
            Objective {
                id: q.id.clone(),
                score: tried.then(|| r.and_then(|r| r.best).unwrap_or(0)),
                success: match (tried || passed, passed) {
                    (_, true) => Success::Passed,
                    (true, false) => Success::Failed,
                    (false, _) => Success::Unknown,
                },
                completed: tried || passed,
            }
        })
        .collect();
    let lessons_done = course
        .lessons
        .iter()
        .all(|l| record(stored, &Unit::Lesson(&l.id).key()).is_some_and(|r| r.done));
    let all_tried = objectives.iter().all(|o| o.completed);
    let completion = if lessons_done && all_tried {
        Completion::Completed
    } else {
        Completion::Incomplete
    };
    let success = if objectives.is_empty() || !all_tried {
        Success::Unknown
    } else if objectives.iter().all(|o| o.success == Success::Passed) {
        Success::Passed
    } else {
        Success::Failed
    };
    let lesson_status = match (completion, success) {
        (Completion::Incomplete, _) => "incomplete",
        (Completion::Completed, Success::Passed) => "passed",
        (Completion::Completed, Success::Failed) => "failed",
        (Completion::Completed, Success::Unknown) => "completed",
    };
    // Only once completed: an LMS that judges by score and mastery score (SCORM 1.2's
    // "mastery override", a 2004 scaled passing score) would otherwise turn an unfinished
    // course into `failed` after the first quiz attempt.
    let score = (completion == Completion::Completed && !objectives.is_empty())
        .then(|| course_score(course, &objectives));
    Report {
        completion,
        success,
        lesson_status: lesson_status.to_owned(),
        score,
        objectives,
        scenarios: scenario_endings(stored, course),
    }
}

/// The course score: the weakest quiz measured against its own pass mark, put on the
/// package's pass mark: `mastery + min(best − pass mark)`, within 0–100. So the score reaches the mastery score exactly when every quiz is
/// passed, and an LMS that decides passed/failed from the score and the manifest's mastery
/// score (SCORM 1.2 LMSs do; 2004 ones with a scaled passing score too) agrees with
/// [`Report::success`]. With one pass mark for every quiz, it is the lowest best score.
fn course_score(course: &Course, objectives: &[Objective]) -> u32 {
    let margin = course
        .quizzes
        .iter()
        .zip(objectives)
        .map(|(q, o)| i64::from(o.score.unwrap_or(0)) - i64::from(q.pass_mark))
        .min()
        .unwrap_or(0);
    (i64::from(course.mastery) + margin).clamp(0, 100) as u32
}

/// One answered question of a quiz's best attempt, as an LMS interaction (`choice`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interaction {
    /// `<quiz id>/<question id>`.
    pub id: String,
    /// The quiz's id: the interaction's objective.
    pub objective: String,
    /// The options chosen, in the question's order of ids (sorted, each once).
    pub response: Vec<String>,
    /// The right options.
    pub correct: Vec<String>,
    /// Whether the answer was right.
    pub right: bool,
}

/// The interactions of `quiz`'s best attempt as `record` keeps it: one per question answered,
/// in question order. Answers to questions the quiz no longer has are left out.
pub fn interactions(quiz: &Quiz, answers: &Answers) -> Vec<Interaction> {
    quiz.questions
        .iter()
        .filter_map(|q| {
            let chosen = answers.get(&q.id)?;
            let mut response = chosen.clone();
            response.sort();
            response.dedup();
            if response.is_empty() {
                return None;
            }
            let mut correct = q.correct.clone();
            correct.sort();
            Some(Interaction {
                id: format!("{}/{}", quiz.id, q.id),
                objective: quiz.id.clone(),
                right: response == correct,
                response,
                correct,
            })
        })
        .collect()
}
