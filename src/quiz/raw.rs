//! The shape of a `*.quiz.yaml` file as serde reads it (through `crate::yaml`), before any check.

use serde::Deserialize;

use crate::model::QuestionKind;

// The doc comments of these structs' fields are what authors read in their editors: they become
// the descriptions of `syllabus schema quiz` (src/schema/), next to the examples.

/// A quiz: a `*.quiz.yaml` file in a module folder.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Syllabus quiz (content/<module>/<name>.quiz.yaml)")]
pub struct RawQuiz {
    /// The quiz's title.
    #[schemars(example = "Check your understanding")]
    pub(super) title: String,
    /// One line shown under the title and in lists.
    #[serde(default)]
    #[schemars(example = "Five situations from a first week in sales")]
    pub(super) description: String,
    /// Order in the module, smallest first; without it the file name's number or name orders it.
    #[schemars(example = 90)]
    pub(super) weight: Option<i64>,
    /// The score, in percent, that passes this quiz; without it `[quiz] pass_mark` of site.toml.
    #[schemars(range(max = 100), example = 80)]
    pub(super) pass_mark: Option<u32>,
    /// `true` shows the options of each question in a new order on every attempt.
    #[serde(default)]
    #[schemars(example = true)]
    pub(super) shuffle: bool,
    /// The quiz's stable id (a slug), the key of learners' results; without it the file name.
    #[schemars(example = "habits-check")]
    pub(super) id: Option<String>,
    /// When you last changed the quiz in a way learners should see again (a date or an RFC 3339
    /// time): learners who passed it before are asked to take it again.
    #[schemars(example = "2026-11-30")]
    pub(super) updated: Option<String>,
    /// A question pool: each attempt asks this many of the questions, drawn at random.
    #[schemars(range(min = 1), example = 5)]
    pub(super) draw: Option<u32>,
    /// The questions, in order.
    #[schemars(length(min = 1))]
    pub(super) questions: Vec<RawQuestion>,
}

/// One question.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Question")]
#[schemars(extend("allOf" = [{
    "if": { "properties": { "type": { "const": "true_false" } } },
    "then": { "required": ["answer"] },
    "else": { "required": ["options"] }
}]))]
pub(super) struct RawQuestion {
    /// The question's stable id within the quiz (a slug); without it, its position.
    #[schemars(example = "late-order")]
    pub(super) id: Option<String>,
    /// How it is answered: `single` (one right option), `multiple` (every right option must be
    /// chosen) or `true_false` (with `answer`).
    #[serde(rename = "type")]
    #[schemars(example = &"single")]
    pub(super) kind: QuestionKind,
    /// The question, in markdown.
    #[schemars(
        example = "A customer calls about a late order and asks about upgrades. What do you do first?"
    )]
    pub(super) prompt: String,
    /// The options of a `single` or `multiple` question.
    pub(super) options: Option<Vec<RawOption>>,
    /// The right answer of a `true_false` question.
    #[schemars(example = false)]
    pub(super) answer: Option<bool>,
    /// What a learner who answers `true` reads, in markdown.
    #[schemars(example = "Not quite: the title is not the key of progress.")]
    pub(super) feedback_true: Option<String>,
    /// What a learner who answers `false` reads, in markdown.
    #[schemars(example = "Right: progress is kept under the lesson’s id.")]
    pub(super) feedback_false: Option<String>,
    /// Shown after the learner answers, whatever they chose, in markdown.
    #[schemars(
        example = "Solve the problem they called about first; only then is an offer welcome."
    )]
    pub(super) explanation: Option<String>,
}

/// One option of a question.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Option")]
pub(super) struct RawOption {
    /// The option's stable id within the question (a slug); without it, its position.
    #[schemars(example = "fix-first")]
    pub(super) id: Option<String>,
    /// The option, in markdown.
    #[schemars(example = "Track the parcel with them and agree on what happens next")]
    pub(super) text: String,
    /// `true` for a right option, `false` for a wrong one: every option says which.
    #[schemars(required, example = true)]
    pub(super) correct: Option<bool>,
    /// What a learner who chooses it reads, in markdown: why it is right or wrong.
    #[schemars(example = "Right: they called about the parcel, so that comes first.")]
    pub(super) feedback: Option<String>,
}
