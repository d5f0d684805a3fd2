//! The template views: typed, serialisable structs that borrow from the curriculum and the
//! rendered bodies, one [`PageContext`] per page (docs/theme.md documents the fields).

use serde::Serialize;

use crate::model::QuestionKind;

/// `site` in every template.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) language: &'a str,
    /// `ltr`, or `rtl` for a language written right to left (`<html dir>`).
    pub(super) dir: &'static str,
    pub(super) id: &'a str,
    /// The pages are for an LMS package (`Config::lms`).
    pub(super) lms: bool,
}

/// `page` in every template.
#[derive(Serialize)]
pub struct PageView<'a> {
    /// `home`, `module`, `lesson`, `quiz`, `scenario`, `guide`, `progress`, `certificate` or
    /// `not_found`.
    pub kind: &'static str,
    /// Stable id (empty for home, progress, 404).
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// Description.
    pub description: &'a str,
    /// URL relative to the site root.
    pub url: &'a str,
}

/// A title and a URL: breadcrumbs, prev/next.
#[derive(Serialize, Clone)]
pub struct LinkView<'a> {
    pub(super) title: &'a str,
    pub(super) url: &'a str,
}

/// A lesson or quiz in a list.
#[derive(Serialize, Clone)]
pub struct ItemView<'a> {
    pub(super) kind: &'static str,
    /// The interface string said before the title (`kind_quiz`: "Quiz"), or empty.
    pub(super) kind_label: &'static str,
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) url: &'a str,
    pub(super) duration: u32,
    pub(super) units: String,
    pub(super) unit_count: usize,
    /// The unit whose score is shown beside the item (a quiz's), or empty.
    pub(super) result_unit: String,
    /// The unit the learner ticks when done (a lesson's), or empty.
    pub(super) complete_unit: String,
    /// When the author marked it `updated:`, in milliseconds since 1970 (0: never), and that
    /// day (`YYYY-MM-DD`); a completion before it is stale (docs/progress.md).
    pub(super) updated: i64,
    pub(super) updated_date: &'a str,
}

/// A practice checklist item.
#[derive(Serialize, Clone)]
pub struct CheckView<'a> {
    pub(super) unit: String,
    pub(super) text: &'a str,
    /// A rubric item's text as inline HTML (markdown rendered); empty for other items.
    pub(super) html: &'a str,
    /// An item of the role-play's rubric, not of the practice checklist.
    pub(super) rubric: bool,
}

/// A lesson's role-play: its texts rendered as markdown.
#[derive(Serialize)]
pub struct RoleplayView<'a> {
    pub(super) title: &'a str,
    pub(super) situation_html: &'a str,
    pub(super) roles: Vec<RoleView<'a>>,
}

/// One role of a role-play.
#[derive(Serialize)]
pub struct RoleView<'a> {
    pub(super) name: &'a str,
    pub(super) brief_html: &'a str,
}

/// A module in the sidebar, on the home page and on its own page.
#[derive(Serialize, Clone)]
pub struct ModuleView<'a> {
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) url: &'a str,
    pub(super) body_html: &'a str,
    pub(super) lesson_count: usize,
    pub(super) quiz_count: usize,
    pub(super) scenario_count: usize,
    pub(super) duration: u32,
    pub(super) units: String,
    pub(super) unit_count: usize,
    pub(super) current: bool,
    pub(super) items: Vec<ItemView<'a>>,
    /// The progress page only: the version stamp of the module's list
    /// (`assets/progress-items/<i>.js`, `super::map`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub(super) items_stamp: String,
}

/// `course` on the home, progress and certificate pages. Its modules' units are `map:<i>`
/// tokens of the progress map (`super::map`), so these pages grow with the modules only.
#[derive(Serialize)]
pub struct CourseView<'a> {
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) body_html: &'a str,
    pub(super) duration: u32,
    /// `map:all` (empty for a course with nothing to do).
    pub(super) units: String,
    pub(super) unit_count: usize,
    /// `map:all`: the lessons, quizzes and scenarios marked `updated:` are the progress map's
    /// `updated` (`<unit key>=<milliseconds>` separated by spaces), what the certificate needs
    /// to tell a stale completion.
    pub(super) updated_units: String,
    pub(super) modules: Vec<ModuleView<'a>>,
    /// The version stamp of the progress map (`assets/progress-map.js`, `super::map`).
    pub(super) map_stamp: String,
}

/// `lesson` on a lesson page.
#[derive(Serialize)]
pub struct LessonView<'a> {
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    /// The id of the body's leading heading, cut because it repeats the title (issue 17).
    pub(super) title_id: Option<&'a str>,
    pub(super) description: &'a str,
    pub(super) duration: u32,
    pub(super) objectives: &'a [String],
    pub(super) checklist: Vec<CheckView<'a>>,
    pub(super) body_html: &'a str,
    pub(super) complete_unit: String,
    pub(super) units: String,
    pub(super) unit_count: usize,
    /// Its role-play, if it has one (its rubric is in `checklist`, `rubric: true`).
    pub(super) roleplay: Option<RoleplayView<'a>>,
    /// How many of `checklist` are practice items (not rubric items).
    pub(super) practice_count: usize,
    /// When the author marked it `updated:`, in milliseconds since 1970 (0: never), and that
    /// day (`YYYY-MM-DD`); a completion before it is stale (docs/progress.md).
    pub(super) updated: i64,
    pub(super) updated_date: &'a str,
}

/// `quiz` on a quiz page.
#[derive(Serialize)]
pub struct QuizView<'a> {
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) pass_mark: u32,
    pub(super) shuffle: bool,
    /// A pool's size (`draw:`), 0 when every question is asked.
    pub(super) draw: u32,
    pub(super) unit: String,
    pub(super) questions: Vec<QuestionView<'a>>,
    pub(super) data_json: String,
    /// When the author marked it `updated:`, in milliseconds since 1970 (0: never), and that
    /// day (`YYYY-MM-DD`); a completion before it is stale (docs/progress.md).
    pub(super) updated: i64,
    pub(super) updated_date: &'a str,
}

/// `scenario` on a scenario page: each node's text as HTML (the script shows them as the
/// conversation goes), and the play data.
#[derive(Serialize)]
pub struct ScenarioView<'a> {
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) unit: String,
    /// Per node, in the file's order: its rendered text.
    pub(super) nodes: &'a [String],
    pub(super) data_json: String,
    /// When the author marked it `updated:`, in milliseconds since 1970 (0: never), and that
    /// day (`YYYY-MM-DD`); an ending reached before it is stale (docs/progress.md).
    pub(super) updated: i64,
    pub(super) updated_date: &'a str,
}

/// `guide` on a standalone page (docs/theme.md): outside the modules, no progress.
#[derive(Serialize)]
pub struct GuideView<'a> {
    pub(super) title: &'a str,
    /// The id of the body's leading heading, cut because it repeats the title.
    pub(super) title_id: Option<&'a str>,
    pub(super) description: &'a str,
    pub(super) body_html: &'a str,
}

/// A quiz question.
#[derive(Serialize)]
pub struct QuestionView<'a> {
    pub(super) id: &'a str,
    pub(super) kind: QuestionKind,
    pub(super) prompt_html: &'a str,
    pub(super) explanation_html: &'a str,
    pub(super) options: Vec<OptionView<'a>>,
}

/// An answer option (never says whether it is correct: that is in `data_json`).
#[derive(Serialize)]
pub struct OptionView<'a> {
    pub(super) id: &'a str,
    pub(super) text: &'a str,
    pub(super) feedback: &'a str,
}

/// The context of one page.
#[derive(Serialize)]
pub struct PageContext<'a> {
    /// The course.
    pub site: SiteView<'a>,
    /// Prefix from the page to the site root.
    pub root: String,
    /// This page.
    pub page: PageView<'a>,
    /// Sidebar: every module, or in big courses a window around the current one; the same
    /// for every page of a module, so it is made once per module ([`Views::nav`]) and put in
    /// the template context as `nav` by the page's renderer. This is the module it is for.
    #[serde(skip)]
    pub nav_of: Option<usize>,
    /// Modules before the sidebar's window (0 when it lists them all).
    pub nav_before: usize,
    /// Modules after the sidebar's window.
    pub nav_after: usize,
    /// From home down to the parent.
    pub breadcrumbs: Vec<LinkView<'a>>,
    /// Previous page in the course.
    pub prev: Option<LinkView<'a>>,
    /// Next page in the course.
    pub next: Option<LinkView<'a>>,
    /// The progress page's URL.
    pub progress_url: &'static str,
    /// The certificate's URL, relative to the root (`certificate.html`).
    pub certificate_url: &'static str,
    /// The standalone pages (guides), in order: every page's footer links to them.
    pub guides: Vec<LinkView<'a>>,
    /// The progress page's: the course's build fingerprint ([`super::build_id`]), written
    /// into an exported progress file. Only that page has it, so a change of build re-renders
    /// only that page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub build: Option<String>,
    /// Home and progress pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub course: Option<CourseView<'a>>,
    /// Module page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub module: Option<ModuleView<'a>>,
    /// Lesson page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lesson: Option<LessonView<'a>>,
    /// Quiz page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quiz: Option<QuizView<'a>>,
    /// Scenario page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<ScenarioView<'a>>,
    /// Standalone page (guide).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guide: Option<GuideView<'a>>,
}
