//! Template views: typed, serialisable structs that borrow from the curriculum and the rendered
//! bodies. Each page's context is one [`PageContext`]; docs/theme.md documents the fields.

mod items;

use std::sync::OnceLock;

use serde::Serialize;

use crate::progress::units::join as join_units;
use items::{checklist, complete_unit, item_view, quiz_view};

use crate::config::Config;
use crate::kinds::{Paired, SitePage, pair};
use crate::model::{Curriculum, Entry, QuestionKind};
use crate::render::Bodies;

/// `site` in every template.
#[derive(Serialize)]
pub struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    id: &'a str,
}

/// `page` in every template.
#[derive(Serialize)]
pub struct PageView<'a> {
    /// `home`, `module`, `lesson`, `quiz`, `progress` or `not_found`.
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
    title: &'a str,
    url: &'a str,
}

/// A lesson or quiz in a list.
#[derive(Serialize, Clone)]
pub struct ItemView<'a> {
    kind: &'static str,
    id: &'a str,
    title: &'a str,
    description: &'a str,
    url: &'a str,
    duration: u32,
    units: String,
    unit_count: usize,
    checklist: Vec<CheckView<'a>>,
}

/// A practice checklist item.
#[derive(Serialize, Clone)]
pub struct CheckView<'a> {
    unit: String,
    text: &'a str,
}

/// A module in the sidebar, on the home page and on its own page.
#[derive(Serialize, Clone)]
pub struct ModuleView<'a> {
    id: &'a str,
    title: &'a str,
    description: &'a str,
    url: &'a str,
    body_html: &'a str,
    lesson_count: usize,
    quiz_count: usize,
    duration: u32,
    units: String,
    unit_count: usize,
    current: bool,
    items: Vec<ItemView<'a>>,
}

/// `course` on the home and progress pages.
#[derive(Serialize)]
pub struct CourseView<'a> {
    title: &'a str,
    description: &'a str,
    body_html: &'a str,
    duration: u32,
    units: String,
    unit_count: usize,
    modules: Vec<ModuleView<'a>>,
}

/// `lesson` on a lesson page.
#[derive(Serialize)]
pub struct LessonView<'a> {
    id: &'a str,
    title: &'a str,
    description: &'a str,
    duration: u32,
    objectives: &'a [String],
    checklist: Vec<CheckView<'a>>,
    body_html: &'a str,
    complete_unit: String,
    units: String,
    unit_count: usize,
}

/// `quiz` on a quiz page.
#[derive(Serialize)]
pub struct QuizView<'a> {
    id: &'a str,
    title: &'a str,
    description: &'a str,
    pass_mark: u32,
    shuffle: bool,
    unit: String,
    questions: Vec<QuestionView<'a>>,
    data_json: String,
}

/// A quiz question.
#[derive(Serialize)]
pub struct QuestionView<'a> {
    id: &'a str,
    kind: QuestionKind,
    prompt_html: &'a str,
    explanation_html: &'a str,
    options: Vec<OptionView<'a>>,
}

/// An answer option (never says whether it is correct: that is in `data_json`).
#[derive(Serialize)]
pub struct OptionView<'a> {
    id: &'a str,
    text: &'a str,
    feedback: &'a str,
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
}

/// The URL of the progress page.
pub const PROGRESS_URL: &str = SitePage::Progress.url();

/// Views computed once per build and shared by every page: module summaries with their units.
pub struct Views<'a> {
    config: &'a Config,
    curriculum: &'a Curriculum,
    bodies: &'a Bodies,
    /// The sidebar's modules as a template value, made on first use: one per module (its pages'
    /// sidebar), and a last one for pages outside any module.
    nav: Vec<OnceLock<tera::Value>>,
}

/// Up to this many modules, the sidebar lists them all.
pub const NAV_ALL_MODULES: usize = 30;
/// In bigger courses it lists this many on each side of the current one, so a page's size
/// does not grow with the course (issue 6).
const NAV_SIDE: usize = 5;

/// The range of modules the sidebar lists.
fn nav_window(count: usize, current: Option<usize>) -> (usize, usize) {
    if count <= NAV_ALL_MODULES {
        return (0, count);
    }
    let at = current.unwrap_or(0);
    let from = at.saturating_sub(NAV_SIDE);
    (from, (at + NAV_SIDE + 1).min(count))
}

/// The modules whose pages show something of module `i` of `count`: their sidebar lists it,
/// or their prev/next link into it (the neighbours one further out). Incremental rebuilds
/// render only these pages when module `i` changes.
pub fn modules_showing(count: usize, i: usize) -> std::ops::Range<usize> {
    if count <= NAV_ALL_MODULES {
        return 0..count;
    }
    i.saturating_sub(NAV_SIDE + 1)..(i + NAV_SIDE + 2).min(count)
}

/// How much of a module's item list a view needs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Items {
    /// Counts only (the sidebar's other modules).
    None,
    /// Totals (`units`), no list (the home page's cards).
    Totals,
    /// The list of lessons and quizzes.
    List,
    /// The list, each lesson with its checklist (the progress page).
    WithChecklists,
}

/// Where a page is in the reading order: home, then each module and its entries.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Home,
    Module(usize),
    Entry(usize, usize),
}

impl<'a> Views<'a> {
    /// Views of the course; each page computes only what it shows, so rendering one page
    /// costs the size of that page, not of the course.
    pub fn new(config: &'a Config, curriculum: &'a Curriculum, bodies: &'a Bodies) -> Self {
        Views {
            config,
            curriculum,
            bodies,
            nav: (0..=curriculum.modules.len())
                .map(|_| OnceLock::new())
                .collect(),
        }
    }

    /// `nav` for the pages of module `current` (or of no module): converted to a template value
    /// once and shared (the value is reference-counted), since building and converting it for
    /// every page cost a tenth of the build (issue 6).
    pub fn nav(&self, current: Option<usize>) -> tera::Value {
        let slot = &self.nav[current.unwrap_or(self.curriculum.modules.len())];
        slot.get_or_init(|| {
            let (from, to) = nav_window(self.curriculum.modules.len(), current);
            let nav: Vec<ModuleView> = (from..to)
                .map(|i| {
                    let current = Some(i) == current;
                    let items = if current { Items::List } else { Items::None };
                    ModuleView {
                        current,
                        units: String::new(),
                        body_html: "",
                        ..self.module_view(i, items)
                    }
                })
                .collect();
            tera::Value::from_serializable(&nav)
        })
        .clone()
    }

    fn module_view(&self, i: usize, items: Items) -> ModuleView<'a> {
        let m = &self.curriculum.modules[i];
        let b = &self.bodies.modules[i];
        let entries = || m.entries.iter().zip(&b.entries);
        let list: Vec<ItemView<'a>> = match items {
            Items::None => Vec::new(),
            _ => entries()
                .map(|(e, eb)| item_view(e, eb, items == Items::WithChecklists))
                .collect(),
        };
        let (mut lesson_count, mut quiz_count) = (0, 0);
        for e in &m.entries {
            match e {
                Entry::Lesson(_) => lesson_count += 1,
                Entry::Quiz(_) => quiz_count += 1,
            }
        }
        let unit_count = entries()
            .map(|(e, eb)| match pair(e, eb) {
                Paired::Lesson(l, r) => l.checklist.len() + r.tasks.len() + 1,
                Paired::Quiz(..) => 1,
            })
            .sum();
        ModuleView {
            id: &m.id,
            title: &m.title,
            description: &m.description,
            url: &m.url,
            body_html: &b.intro.html,
            lesson_count,
            quiz_count,
            duration: m.entries.iter().map(Entry::duration).sum(),
            units: if items == Items::None {
                String::new()
            } else {
                join_units(list.iter().map(|i| i.units.as_str()))
            },
            unit_count,
            current: false,
            items: if matches!(items, Items::List | Items::WithChecklists) {
                list
            } else {
                Vec::new()
            },
        }
    }

    /// The page before and after `place` in the reading order.
    fn neighbours(&self, place: Place) -> (Option<LinkView<'a>>, Option<LinkView<'a>>) {
        let modules = &self.curriculum.modules;
        let module_link = |i: usize| LinkView {
            title: &modules[i].title,
            url: &modules[i].url,
        };
        let entry_link = |i: usize, j: usize| LinkView {
            title: modules[i].entries[j].title(),
            url: modules[i].entries[j].url(),
        };
        // The last page of module i: its last entry, or the module page itself.
        let last_of = |i: usize| match modules[i].entries.len() {
            0 => module_link(i),
            n => entry_link(i, n - 1),
        };
        let next_module = |i: usize| (i + 1 < modules.len()).then(|| module_link(i + 1));
        match place {
            Place::Home => (None, (!modules.is_empty()).then(|| module_link(0))),
            Place::Module(i) => {
                let prev = if i == 0 {
                    self.home_crumb()
                } else {
                    last_of(i - 1)
                };
                let next = if modules[i].entries.is_empty() {
                    next_module(i)
                } else {
                    Some(entry_link(i, 0))
                };
                (Some(prev), next)
            }
            Place::Entry(i, j) => {
                let prev = if j == 0 {
                    module_link(i)
                } else {
                    entry_link(i, j - 1)
                };
                let next = if j + 1 < modules[i].entries.len() {
                    Some(entry_link(i, j + 1))
                } else {
                    next_module(i)
                };
                (Some(prev), next)
            }
        }
    }

    fn base(
        &self,
        page: PageView<'a>,
        place: Option<Place>,
        crumbs: Vec<LinkView<'a>>,
    ) -> PageContext<'a> {
        let current_module = match place {
            Some(Place::Module(i) | Place::Entry(i, _)) => Some(i),
            _ => None,
        };
        let count = self.curriculum.modules.len();
        let (from, to) = nav_window(count, current_module);
        let (prev, next) = place.map_or((None, None), |p| self.neighbours(p));
        let c = self.config;
        PageContext {
            site: SiteView {
                title: &c.title,
                description: &c.description,
                language: &c.language,
                id: &c.id,
            },
            root: crate::build::links::root_prefix(page.url, c.base_url.as_deref()),
            prev,
            next,
            page,
            nav_of: current_module,
            nav_before: from,
            nav_after: count - to,
            breadcrumbs: crumbs,
            progress_url: PROGRESS_URL,
            course: None,
            module: None,
            lesson: None,
            quiz: None,
        }
    }

    fn home_crumb(&self) -> LinkView<'a> {
        LinkView {
            title: &self.curriculum.home.title,
            url: SitePage::Home.url(),
        }
    }

    fn course(&self, with_checklists: bool) -> CourseView<'a> {
        let home = &self.curriculum.home;
        let items = if with_checklists {
            Items::WithChecklists
        } else {
            Items::Totals
        };
        let modules: Vec<ModuleView> = (0..self.curriculum.modules.len())
            .map(|i| self.module_view(i, items))
            .collect();
        CourseView {
            title: &home.title,
            description: &home.description,
            body_html: &self.bodies.home.html,
            duration: modules.iter().map(|m| m.duration).sum(),
            units: join_units(modules.iter().map(|m| m.units.as_str())),
            unit_count: modules.iter().map(|m| m.unit_count).sum(),
            modules,
        }
    }

    /// The home page.
    pub fn home(&self) -> PageContext<'a> {
        let h = &self.curriculum.home;
        let page = PageView {
            kind: "home",
            id: "",
            title: &h.title,
            description: &h.description,
            url: SitePage::Home.url(),
        };
        PageContext {
            course: Some(self.course(false)),
            ..self.base(page, Some(Place::Home), Vec::new())
        }
    }

    /// The "My progress" page.
    pub fn progress(&self) -> PageContext<'a> {
        let page = PageView {
            kind: "progress",
            id: "",
            title: "My progress",
            description: "",
            url: PROGRESS_URL,
        };
        PageContext {
            course: Some(self.course(true)),
            ..self.base(page, None, vec![self.home_crumb()])
        }
    }

    /// The 404 page.
    pub fn not_found(&self) -> PageContext<'a> {
        let page = PageView {
            kind: "not_found",
            id: "",
            title: "Page not found",
            description: "",
            url: SitePage::NotFound.url(),
        };
        self.base(page, None, vec![self.home_crumb()])
    }

    /// Module `i`'s page.
    pub fn module(&self, i: usize) -> PageContext<'a> {
        let m = &self.curriculum.modules[i];
        let page = PageView {
            kind: "module",
            id: &m.id,
            title: &m.title,
            description: &m.description,
            url: &m.url,
        };
        PageContext {
            module: Some(self.module_view(i, Items::List)),
            ..self.base(page, Some(Place::Module(i)), vec![self.home_crumb()])
        }
    }

    /// Entry `j` of module `i`.
    pub fn entry(&self, i: usize, j: usize) -> PageContext<'a> {
        let m = &self.curriculum.modules[i];
        let crumbs = vec![
            self.home_crumb(),
            LinkView {
                title: &m.title,
                url: &m.url,
            },
        ];
        match pair(&m.entries[j], &self.bodies.modules[i].entries[j]) {
            Paired::Lesson(l, r) => {
                let page = PageView {
                    kind: "lesson",
                    id: &l.id,
                    title: &l.title,
                    description: &l.description,
                    url: &l.url,
                };
                let checklist = checklist(l, r);
                let lesson = LessonView {
                    id: &l.id,
                    title: &l.title,
                    description: &l.description,
                    duration: l.duration,
                    objectives: &l.objectives,
                    units: join_units(
                        checklist
                            .iter()
                            .map(|c| c.unit.as_str())
                            .chain([complete_unit(l).as_str()]),
                    ),
                    unit_count: checklist.len() + 1,
                    checklist,
                    body_html: &r.html,
                    complete_unit: complete_unit(l),
                };
                PageContext {
                    lesson: Some(lesson),
                    ..self.base(page, Some(Place::Entry(i, j)), crumbs)
                }
            }
            Paired::Quiz(q, qb, _) => {
                let page = PageView {
                    kind: "quiz",
                    id: &q.id,
                    title: &q.title,
                    description: &q.description,
                    url: &q.url,
                };
                PageContext {
                    quiz: Some(quiz_view(q, qb)),
                    ..self.base(page, Some(Place::Entry(i, j)), crumbs)
                }
            }
        }
    }
}

/// JSON that is safe inside `<script type="application/json">`: `<`, `>`, `&` and the JavaScript
/// line separators are `\u` escapes, so no text can close the element or start a comment.
pub fn json_for_script<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).expect("template data always serialises");
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_its_element() {
        let s = json_for_script(&["</script><!--", "a\u{2028}b & c"]);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: Vec<String> = serde_json::from_str(&s).unwrap();
        assert_eq!(back, ["</script><!--", "a\u{2028}b & c"]);
    }
}
