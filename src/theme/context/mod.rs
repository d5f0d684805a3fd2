//! The context of every page, computed from the curriculum and the rendered bodies: [`Views`]
//! makes one [`PageContext`] per page, sharing what pages have in common (module summaries, the
//! sidebar's modules). The view types are in `views`.

mod items;
mod map;
mod nav;
mod views;

use std::sync::OnceLock;

pub use map::{ITEMS_DIR, MAP_PATH, MapPart, ProgressMap, build_id};
use nav::nav_window;
pub use nav::{NAV_ALL_MODULES, hash_of, modules_showing};
pub use views::*;

use crate::config::Config;
use crate::i18n::Text;
use crate::kinds::{Paired, SitePage, pair};
use crate::model::{Curriculum, Entry};
use crate::progress::units::{MapRef, Unit, join as join_units};
use crate::render::Bodies;
use items::{
    checklist, complete_unit, item_view, quiz_view, roleplay_view, scenario_view, updated_of,
};

/// The URL of the progress page.
pub const PROGRESS_URL: &str = SitePage::Progress.url();

/// Views computed once per build and shared by every page: module summaries with their units.
pub struct Views<'a> {
    config: &'a Config,
    curriculum: &'a Curriculum,
    bodies: &'a Bodies,
    /// The interface strings.
    text: &'a Text,
    /// The sidebar's modules as a template value, made on first use: one per module (its pages'
    /// sidebar), and a last one for pages outside any module.
    nav: Vec<OnceLock<tera::Value>>,
    /// A hash of each of those, made only when asked for (by `serve`, which compares pages):
    /// a build does not need them, and they were 1.6% of its work.
    nav_hashes: Vec<OnceLock<u64>>,
    /// The progress map, made on first use (`progress_map`).
    map: OnceLock<ProgressMap>,
    /// Every module's view with its units mapped (home and progress pages), made on first use.
    mapped_modules: OnceLock<Vec<ModuleView<'a>>>,
}

/// How much of a module's item list a view needs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Items {
    /// Counts only (the sidebar's other modules).
    None,
    /// Counts, and the module's units as a `map:<i>` token of the progress map (the home and
    /// progress pages: their size grows with the modules, not the units; issue 19).
    Mapped,
    /// The list of lessons and quizzes, and the units themselves (the module's own page).
    List,
    /// Mapped, and the quizzes only (the certificate: a list of every lesson would be most of
    /// its work in a big course, for nothing it shows).
    Quizzes,
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
    pub fn new(
        config: &'a Config,
        curriculum: &'a Curriculum,
        bodies: &'a Bodies,
        text: &'a Text,
    ) -> Self {
        Views {
            config,
            text,
            curriculum,
            bodies,
            nav: (0..=curriculum.modules.len())
                .map(|_| OnceLock::new())
                .collect(),
            nav_hashes: (0..=curriculum.modules.len())
                .map(|_| OnceLock::new())
                .collect(),
            map: OnceLock::new(),
            mapped_modules: OnceLock::new(),
        }
    }

    fn module_view(&self, i: usize, items: Items) -> ModuleView<'a> {
        let m = &self.curriculum.modules[i];
        let b = &self.bodies.modules[i];
        let entries = || m.entries.iter().zip(&b.entries);
        let list: Vec<ItemView<'a>> = match items {
            Items::None | Items::Mapped => Vec::new(),
            Items::List => entries().map(|(e, eb)| item_view(e, eb)).collect(),
            // The certificate lists quizzes only: no view of every lesson (a 10,000-lesson
            // course's certificate made 10,000 of them to keep 500).
            Items::Quizzes => entries()
                .filter(|(e, _)| matches!(e, Entry::Quiz(_)))
                .map(|(e, eb)| item_view(e, eb))
                .collect(),
        };
        let (mut lesson_count, mut quiz_count, mut scenario_count) = (0, 0, 0);
        for e in &m.entries {
            match e {
                Entry::Lesson(_) => lesson_count += 1,
                Entry::Quiz(_) => quiz_count += 1,
                Entry::Scenario(_) => scenario_count += 1,
            }
        }
        let unit_count = entries()
            .map(|(e, eb)| match pair(e, eb) {
                Paired::Lesson(l, r) => l.checklist.len() + r.tasks.len() + 1,
                Paired::Quiz(..) | Paired::Scenario(..) => 1,
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
            scenario_count,
            duration: m.entries.iter().map(Entry::duration).sum(),
            units: match items {
                Items::None => String::new(),
                Items::Mapped | Items::Quizzes if m.entries.is_empty() => String::new(),
                Items::Mapped | Items::Quizzes => MapRef::Module(i).to_string(),
                Items::List => join_units(list.iter().map(|i| i.units.as_str())),
            },
            unit_count,
            current: false,
            items_stamp: String::new(),
            items: list,
        }
    }

    /// Every module's view.
    fn module_views(&self, items: Items) -> Vec<ModuleView<'a>> {
        (0..self.curriculum.modules.len())
            .map(|i| self.module_view(i, items))
            .collect()
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
                dir: crate::theme::language::direction(&c.language),
                id: &c.id,
                lms: c.lms,
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
            certificate_url: SitePage::Certificate.url(),
            guides: self
                .curriculum
                .guides
                .iter()
                .map(|g| LinkView {
                    title: &g.title,
                    url: &g.url,
                })
                .collect(),
            build: None,
            course: None,
            module: None,
            lesson: None,
            quiz: None,
            scenario: None,
            guide: None,
        }
    }

    fn home_crumb(&self) -> LinkView<'a> {
        LinkView {
            title: &self.curriculum.home.title,
            url: SitePage::Home.url(),
        }
    }

    /// `<unit key>=<milliseconds>` of the lessons, quizzes and scenarios marked `updated:`.
    pub fn updated_units(&self) -> String {
        let mut out = String::new();
        for e in self.curriculum.modules.iter().flat_map(|m| &m.entries) {
            let (key, updated) = match e {
                Entry::Lesson(l) => (Unit::Lesson(&l.id).key(), &l.updated),
                Entry::Quiz(q) => (Unit::Quiz(&q.id).key(), &q.updated),
                Entry::Scenario(s) => (Unit::Scenario(&s.id).key(), &s.updated),
            };
            if let Some(u) = updated {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&format!("{key}={}", u.millis));
            }
        }
        out
    }

    fn course(&self, items: Items) -> CourseView<'a> {
        let home = &self.curriculum.home;
        // The home and progress pages show the same module views: made once and copied.
        let modules: Vec<ModuleView> = match items {
            Items::Mapped => self
                .mapped_modules
                .get_or_init(|| self.module_views(items))
                .clone(),
            _ => self.module_views(items),
        };
        CourseView {
            title: &home.title,
            description: &home.description,
            body_html: &self.bodies.home.html,
            duration: modules.iter().map(|m| m.duration).sum(),
            // Every module's units and the updated ones are in the progress map (issue 19).
            units: if modules.iter().any(|m| !m.units.is_empty()) {
                MapRef::All.to_string()
            } else {
                String::new()
            },
            unit_count: modules.iter().map(|m| m.unit_count).sum(),
            updated_units: MapRef::All.to_string(),
            modules,
            map_stamp: self.progress_map().stamp.clone(),
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
            course: Some(self.course(Items::Mapped)),
            ..self.base(page, Some(Place::Home), Vec::new())
        }
    }

    /// The "My progress" page.
    pub fn progress(&self) -> PageContext<'a> {
        let page = PageView {
            kind: "progress",
            id: "",
            title: self.text.say("my_progress"),
            description: "",
            url: PROGRESS_URL,
        };
        let mut course = self.course(Items::Mapped);
        for (m, items) in course.modules.iter_mut().zip(&self.progress_map().items) {
            m.items_stamp = items.0.clone();
        }
        PageContext {
            course: Some(course),
            // From the map's parts: `serve` makes again only the parts of the modules an edit
            // touched (the whole course's units were half of a title edit's work at 10,000
            // lessons).
            build: Some(self.progress_map().build.clone()),
            ..self.base(page, None, vec![self.home_crumb()])
        }
    }

    /// The certificate of completion: the course's modules and quizzes, which the script fills
    /// in from the learner's progress.
    pub fn certificate(&self) -> PageContext<'a> {
        let page = PageView {
            kind: "certificate",
            id: "",
            title: self.text.say("certificate"),
            description: "",
            url: SitePage::Certificate.url(),
        };
        let progress = LinkView {
            title: self.text.say("my_progress"),
            url: PROGRESS_URL,
        };
        PageContext {
            course: Some(self.course(Items::Quizzes)),
            ..self.base(page, None, vec![self.home_crumb(), progress])
        }
    }

    /// The 404 page.
    pub fn not_found(&self) -> PageContext<'a> {
        let page = PageView {
            kind: "not_found",
            id: "",
            title: self.text.say("not_found"),
            description: "",
            url: SitePage::NotFound.url(),
        };
        self.base(page, None, vec![self.home_crumb()])
    }

    /// Standalone page (guide) `i`: outside the reading order (no previous or next page) and
    /// outside any module.
    pub fn guide(&self, i: usize) -> PageContext<'a> {
        let g = &self.curriculum.guides[i];
        let r = &self.bodies.guides[i];
        let page = PageView {
            kind: "guide",
            id: "",
            title: &g.title,
            description: &g.description,
            url: &g.url,
        };
        PageContext {
            guide: Some(GuideView {
                title: &g.title,
                title_id: r.title_id.as_deref(),
                description: &g.description,
                body_html: &r.html,
            }),
            ..self.base(page, None, vec![self.home_crumb()])
        }
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
                let roleplay_body = self.bodies.modules[i].entries[j].roleplay();
                let checklist = checklist(l, r, roleplay_body, true);
                let lesson = LessonView {
                    id: &l.id,
                    title: &l.title,
                    title_id: r.title_id.as_deref(),
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
                    roleplay: roleplay_view(l, roleplay_body),
                    practice_count: l.checklist.iter().filter(|c| !c.rubric).count()
                        + r.tasks.len(),
                    updated: updated_of(&l.updated).0,
                    updated_date: updated_of(&l.updated).1,
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
                    quiz: Some(quiz_view(q, qb, self.text)),
                    ..self.base(page, Some(Place::Entry(i, j)), crumbs)
                }
            }
            Paired::Scenario(s, nodes, _) => {
                let page = PageView {
                    kind: "scenario",
                    id: &s.id,
                    title: &s.title,
                    description: &s.description,
                    url: &s.url,
                };
                PageContext {
                    scenario: Some(scenario_view(s, nodes)),
                    ..self.base(page, Some(Place::Entry(i, j)), crumbs)
                }
            }
        }
    }
}
