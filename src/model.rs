//! The curriculum as plain data: Curriculum → Module → Entry (Lesson | Quiz | Scenario) →
//! Question → Choice (a quiz), Node → Reply (a scenario).
//!
//! Built by `load`, read by every later stage; no IO here. Every module, lesson and quiz has a
//! stable `id` (the key of a learner's progress) and a `url` relative to the site root.

use crate::progress::updated::Updated;
use std::path::PathBuf;

/// A source file's text and where its markdown body starts, for exact diagnostics.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file as the user reaches it (`site/content/01-x/02-y.md`).
    pub path: PathBuf,
    /// The whole file, BOM removed.
    pub text: String,
    /// Byte offset of the markdown body within `text`: after the front matter, and for a lesson
    /// after a leading `#` heading that repeats its title (the page shows the title already).
    pub body_start: usize,
}

impl Source {
    /// The markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }
}

/// The whole course.
#[derive(Debug, Clone)]
pub struct Curriculum {
    /// `content/_index.md`.
    pub home: Home,
    /// Course modules, in order.
    pub modules: Vec<Module>,
    /// Standalone pages outside the learner's sequence (`content/<name>.md`), in order.
    pub guides: Vec<Guide>,
    /// Files beside the pages (images, PDFs), copied to the output.
    pub assets: Vec<Asset>,
}

/// The course home page.
#[derive(Debug, Clone)]
pub struct Home {
    /// Page title.
    pub title: String,
    /// One-line description.
    pub description: String,
    /// The `_index.md` file.
    pub source: Source,
}

/// A standalone page beside the course (`content/for-managers.md` → `for-managers.html`): for
/// managers, coaches or anyone around the learners. Not in any module, not in the reading
/// order, no progress; every page links to it from its footer.
#[derive(Debug, Clone)]
pub struct Guide {
    /// URL slug: the file name without its number prefix and `.md`.
    pub slug: String,
    /// `slug.html`.
    pub url: String,
    /// Title (front matter, else the body's first `#` heading).
    pub title: String,
    /// One-line description.
    pub description: String,
    /// The markdown file.
    pub source: Source,
}

/// A course module: one folder of lessons and quizzes.
#[derive(Debug, Clone)]
pub struct Module {
    /// Stable id: the folder's slug.
    pub id: String,
    /// URL slug (the folder name without its number prefix).
    pub slug: String,
    /// `slug/index.html`.
    pub url: String,
    /// Title from `_index.md`.
    pub title: String,
    /// Description from `_index.md`.
    pub description: String,
    /// The module's `_index.md`.
    pub source: Source,
    /// Lessons and quizzes, in order.
    pub entries: Vec<Entry>,
}

/// A page in a module's sequence.
#[derive(Debug, Clone)]
pub enum Entry {
    /// A markdown lesson.
    Lesson(Lesson),
    /// A YAML quiz.
    Quiz(Quiz),
    /// A YAML branching conversation.
    Scenario(Scenario),
}

/// A lesson.
#[derive(Debug, Clone)]
pub struct Lesson {
    /// Stable id (front matter `id`, else `module-slug/lesson-slug`).
    pub id: String,
    /// `module-slug/lesson-slug.html`.
    pub url: String,
    /// Title.
    pub title: String,
    /// One-line description.
    pub description: String,
    /// Minutes; 0 when not given.
    pub duration: u32,
    /// What the learner will be able to do.
    pub objectives: Vec<String>,
    /// Practice items from the front matter, then the role-play's rubric (body task-list items
    /// are added when rendering).
    pub checklist: Vec<CheckItem>,
    /// A role-play to practise with (`roleplay:`).
    pub roleplay: Option<Box<Roleplay>>,
    /// Left out of the build unless drafts are asked for.
    pub draft: bool,
    /// When the author last changed it meaningfully (`updated:`): older completions are stale.
    pub updated: Option<Updated>,
    /// The markdown file.
    pub source: Source,
}

/// One practice checklist item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckItem {
    /// Stable within its lesson: explicit `id`, else a slug of the text (`rubric-…` for a
    /// role-play's rubric item).
    pub id: String,
    /// What to do.
    pub text: String,
    /// An item of the lesson's role-play rubric, ticked by the observer (shown with the
    /// role-play, not in the practice checklist; counted like any item).
    pub rubric: bool,
}

/// A lesson's role-play: a situation, a brief for each role, and the observer's rubric (whose
/// items are in the lesson's checklist, `rubric: true`). Texts are markdown, rendered with the
/// lesson (`kinds::lesson::render_roleplay`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roleplay {
    /// Its title (default: the theme's "Role-play").
    pub title: String,
    /// What is happening, for everyone.
    pub situation: String,
    /// Each role, in order.
    pub roles: Vec<Role>,
}

/// One role of a role-play.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// Who (`Customer`, `You`, `Observer`).
    pub name: String,
    /// What this person knows and wants; only they read it.
    pub brief: String,
}

/// A quiz.
#[derive(Debug, Clone)]
pub struct Quiz {
    /// Stable id (`id` in the file, else `module-slug/quiz-slug`).
    pub id: String,
    /// `module-slug/quiz-slug.html`.
    pub url: String,
    /// Title.
    pub title: String,
    /// One-line description.
    pub description: String,
    /// Percent needed to pass.
    pub pass_mark: u32,
    /// Shuffle each question's options in the browser.
    pub shuffle: bool,
    /// Questions, in order.
    pub questions: Vec<Question>,
    /// A pool: each attempt asks this many of the questions, drawn at random (`draw:`).
    pub draw: Option<u32>,
    /// When the author last changed it meaningfully (`updated:`): older passes are stale.
    pub updated: Option<Updated>,
    /// The quiz file.
    pub path: PathBuf,
    /// The quiz file's text, for diagnostics in prompts.
    pub text: String,
}

/// How a question is answered.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "QuestionType")]
pub enum QuestionKind {
    /// Exactly one correct choice.
    Single,
    /// One or more correct choices, all of which must be chosen.
    Multiple,
    /// Two choices, `true` and `false`.
    TrueFalse,
}

/// One quiz question.
#[derive(Debug, Clone)]
pub struct Question {
    /// Stable within the quiz.
    pub id: String,
    /// Answer type.
    pub kind: QuestionKind,
    /// Markdown.
    pub prompt: String,
    /// The choices (for true/false: `true` and `false`).
    pub choices: Vec<Choice>,
    /// Markdown shown after answering.
    pub explanation: Option<String>,
    /// 1-based line of the question in its file, for diagnostics.
    pub line: usize,
}

/// One answer option.
#[derive(Debug, Clone)]
pub struct Choice {
    /// Stable within the question.
    pub id: String,
    /// Plain text.
    pub text: String,
    /// Whether choosing it is right.
    pub correct: bool,
    /// Plain text shown after answering: why it is right or wrong.
    pub feedback: String,
}

/// A branching conversation: nodes joined by the learner's replies, each path leading to an
/// ending (src/scenario/ checks the graph).
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Stable id (`id` in the file, else `module-slug/scenario-slug`).
    pub id: String,
    /// `module-slug/scenario-slug.html`.
    pub url: String,
    /// Title.
    pub title: String,
    /// One-line description.
    pub description: String,
    /// The index in `nodes` of the first node.
    pub start: usize,
    /// The nodes, in the file's order.
    pub nodes: Vec<Node>,
    /// When the author last changed it meaningfully (`updated:`): endings reached before are
    /// stale until the learner plays it again.
    pub updated: Option<Updated>,
    /// The scenario file.
    pub path: PathBuf,
    /// The scenario file's text, for diagnostics in node texts.
    pub text: String,
}

/// One point of a conversation: what is said or happens, then the replies or the ending.
#[derive(Debug, Clone)]
pub struct Node {
    /// Its key under `nodes:`, unique within the scenario.
    pub id: String,
    /// Who speaks (`Customer`); empty for narration.
    pub speaker: String,
    /// Markdown: what is said or happens; for an ending, its debrief.
    pub text: String,
    /// The replies offered, or how the conversation ended.
    pub step: Step,
    /// 1-based line of the node's key in its file, for diagnostics.
    pub line: usize,
}

/// What follows a node's text.
#[derive(Debug, Clone)]
pub enum Step {
    /// The learner picks one of these replies.
    Choices(Vec<Reply>),
    /// The conversation ends here.
    Ending(crate::progress::ending::Ending),
}

/// A reply the learner may pick.
#[derive(Debug, Clone)]
pub struct Reply {
    /// Plain text: what the learner says or does.
    pub text: String,
    /// The index in `nodes` of the node it leads to.
    pub next: usize,
    /// Plain text shown after choosing it (empty when none).
    pub feedback: String,
    /// Points the author gives it, if any.
    pub points: Option<f64>,
}

/// A file beside the pages, copied to the output as it is.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Where it is on disk.
    pub path: PathBuf,
    /// Where it goes, relative to the output root (`human-selling/diagram.png`).
    pub url: String,
    /// Which file `path` named when it was found (through a link, the file the link's checks
    /// accepted): `serve` refuses to send it once the path names another.
    pub stamp: crate::fs::FileStamp,
}
