//! Grading a quiz attempt: the quiz's grading data (what its page embeds for the script) and
//! the one grading function, which the shared fixtures prove equal to the script's.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::units::Unit;
use crate::model::{QuestionKind, Quiz};

/// What a quiz page embeds for grading in the browser (`<script type="application/json"
/// data-quiz-data>`): the quiz's ids, its pass mark and each question's right options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradingData {
    /// The quiz's id.
    pub id: String,
    /// The quiz's unit key (`quiz:<id>`), where its result is stored.
    pub unit: String,
    /// The fingerprint of what its answers mean and how they are graded ([`fingerprint`]): an
    /// attempt that records it says which version of the quiz it answered.
    #[serde(default)]
    pub rev: String,
    /// Percent needed to pass.
    pub pass_mark: u32,
    /// Whether the page shuffles each question's options.
    pub shuffle: bool,
    /// A pool: each attempt asks this many of the questions, drawn at random (none: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draw: Option<u32>,
    /// The questions, in order.
    pub questions: Vec<GradingQuestion>,
}

/// One question's grading data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradingQuestion {
    /// The question's id within the quiz.
    pub id: String,
    /// How it is answered.
    pub kind: QuestionKind,
    /// The ids of its right options: all of them, and no other, must be chosen.
    pub correct: Vec<String>,
}

impl GradingData {
    /// The grading data of `quiz`.
    pub fn of(quiz: &Quiz) -> GradingData {
        GradingData {
            id: quiz.id.clone(),
            unit: Unit::Quiz(&quiz.id).key(),
            rev: fingerprint(quiz),
            pass_mark: quiz.pass_mark,
            shuffle: quiz.shuffle,
            draw: quiz.draw,
            questions: quiz
                .questions
                .iter()
                .map(|q| GradingQuestion {
                    id: q.id.clone(),
                    kind: q.kind,
                    correct: q
                        .choices
                        .iter()
                        .filter(|c| c.correct)
                        .map(|c| c.id.clone())
                        .collect(),
                })
                .collect(),
        }
    }
}

/// A fingerprint of what a quiz's answers mean and how they are graded: its pass mark, and each
/// question's id and kind with each option's id, text and rightness, taken in id order.
/// Rewording a prompt, feedback or an explanation keeps it, and so does moving questions or
/// options that have ids; moving options without ids (their ids are their positions), renaming
/// an id, changing an option's text or which options are right changes it. 16 hex digits of
/// SHA-256.
pub fn fingerprint(quiz: &Quiz) -> String {
    use sha2::{Digest as _, Sha256};
    let mut hash = Sha256::new();
    // Every field is length-prefixed and every list counted, so no two quizzes hash the same
    // bytes by moving a boundary.
    let mut field = |text: &str| {
        hash.update((text.len() as u64).to_le_bytes());
        hash.update(text.as_bytes());
    };
    field(&quiz.pass_mark.to_string());
    // Only a pool adds its size (a word, then a number), so the rev of every other quiz stays
    // what it was before pools.
    if let Some(n) = quiz.draw {
        field("draw");
        field(&n.to_string());
    }
    field(&quiz.questions.len().to_string());
    // In id order: moving questions or options that have ids changes nothing an answer means.
    let mut questions: Vec<_> = quiz.questions.iter().collect();
    questions.sort_by(|a, b| a.id.cmp(&b.id));
    for q in questions {
        let kind = match q.kind {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::TrueFalse => "true_false",
        };
        field(&q.id);
        field(kind);
        field(&q.choices.len().to_string());
        let mut choices: Vec<_> = q.choices.iter().collect();
        choices.sort_by(|a, b| a.id.cmp(&b.id));
        for c in choices {
            field(&c.id);
            field(&c.text);
            field(if c.correct { "right" } else { "wrong" });
        }
    }
    hash.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A learner's answers: for each question id, the ids of the options chosen (a question left
/// out, or with none, is unanswered). The same option chosen twice counts once.
pub type Answers = BTreeMap<String, Vec<String>>;

/// The result of one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    /// Questions answered right.
    pub right: u32,
    /// Questions in the quiz.
    pub total: u32,
    /// `right` as a whole percent of `total`, rounded down (0 for a quiz of no questions).
    pub percent: u32,
    /// `percent` is at least the pass mark.
    pub passed: bool,
    /// Questions with no option chosen.
    pub unanswered: u32,
}

/// Grades `answers` against `data`: a question is right when the options chosen are exactly its
/// right options. In a pool (`draw: n`), the attempt's questions are those its answers name (a
/// drawn question left unanswered is named with no option), the first n of them in the quiz's
/// order; there are n questions however many it names, and a missing one is unanswered.
pub fn grade(data: &GradingData, answers: &Answers) -> Score {
    let (mut right, mut unanswered) = (0, 0);
    let asked: Vec<&GradingQuestion> = match data.draw {
        None => data.questions.iter().collect(),
        Some(n) => data
            .questions
            .iter()
            .filter(|q| answers.contains_key(&q.id))
            .take(n as usize)
            .collect(),
    };
    let total = match data.draw {
        None => u32::try_from(data.questions.len()).unwrap_or(u32::MAX),
        Some(n) => n.min(u32::try_from(data.questions.len()).unwrap_or(u32::MAX)),
    };
    unanswered += total.saturating_sub(u32::try_from(asked.len()).unwrap_or(u32::MAX));
    for q in asked {
        let chosen: BTreeSet<&str> = answers
            .get(&q.id)
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        let correct: BTreeSet<&str> = q.correct.iter().map(String::as_str).collect();
        if chosen.is_empty() {
            unanswered += 1;
        }
        if chosen == correct {
            right += 1;
        }
    }
    let percent = if total == 0 {
        0
    } else {
        (u64::from(right) * 100 / u64::from(total)) as u32
    };
    Score {
        right,
        total,
        percent,
        passed: percent >= data.pass_mark,
        unanswered,
    }
}
