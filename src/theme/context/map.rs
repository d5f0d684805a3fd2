//! The progress map (issue 19): the course-wide data of the home, progress and certificate
//! pages, in scripts loaded by `<script>` (so they work from file:// and inside an LMS
//! package's frame, like the search index) and cached across pages, instead of in every one of
//! those pages, which grew with every checklist item of the course.
//!
//! - `assets/progress-map.js` sets `window.SyllabusProgressMap`: its version stamp `v`, each
//!   module's units in the compact form of `progress::map` (what a bar counts), and the lessons
//!   and quizzes marked `updated:`. Home, progress and certificate pages load it once they have
//!   loaded, as `?v=<stamp>` over http(s) (js/maps.js, which carries the stamp), so a cache's
//!   older map never meets a newer page.
//! - `assets/progress-items/<i>.js` adds module `i`'s lessons, quizzes and scenarios with their
//!   checklists to `window.SyllabusProgressItems`, for the progress page's list of that module
//!   (themes/default/static/js/items.js builds it), loaded when the list is shown or in idle
//!   time, with `?v=<stamp of that file>` (the page's `data-stamp`): the 10,000-lesson course's
//!   6.6 MB of lists are no longer parsed before the page answers.
//!
//! docs/theme.md describes them; the unit keys are written here by `progress::units` and
//! `progress::map`, never made by the script.

use std::sync::Arc;

use serde::Serialize;

use super::Views;
use super::items::item_view;
use crate::kinds::{Paired, pair};
use crate::model::Curriculum;
use crate::progress::grade::fingerprint;
use crate::progress::map::{MapEntry, compact_module};
use crate::progress::units::{Build, Unit};
use crate::render::Bodies;
use crate::theme::script_json::json_for_script;

/// The path of the progress map in the site.
pub const MAP_PATH: &str = "assets/progress-map.js";
/// The folder of the progress page's item lists in the site, one `<module index>.js` each.
pub const ITEMS_DIR: &str = "assets/progress-items";

/// `window.SyllabusProgressMap`, but for its stamp.
#[derive(Serialize)]
struct Map<'a> {
    /// Each module's units, in course order, as `[prefix, words]` (`progress::map`).
    modules: Vec<&'a [String; 2]>,
    /// `<unit key>=<milliseconds>` of the lessons, quizzes and scenarios marked `updated:`.
    updated: &'a str,
}

/// One item of the progress page; empty fields are left out.
#[derive(Serialize)]
struct MapItem<'a> {
    /// `lesson`, `quiz` or `scenario`.
    kind: &'static str,
    /// The interface string said before the title (`kind_quiz`), if any.
    #[serde(skip_serializing_if = "str::is_empty")]
    label: &'static str,
    title: &'a str,
    url: &'a str,
    /// The status's units (quizzes and scenarios).
    #[serde(skip_serializing_if = "String::is_empty")]
    units: String,
    /// The unit whose result is shown (a quiz's or a scenario's).
    #[serde(skip_serializing_if = "String::is_empty")]
    result: String,
    /// A lesson's id: the script writes its unit keys (`core.unitKey`), `lesson:<id>` ticked
    /// when it is done and `check:<id>#<item>` for each checklist item.
    #[serde(skip_serializing_if = "str::is_empty")]
    lesson: &'a str,
    /// `updated:` in milliseconds, and its day.
    #[serde(skip_serializing_if = "is_zero")]
    updated: i64,
    #[serde(skip_serializing_if = "str::is_empty")]
    date: &'a str,
    /// A lesson's checklist: `[item id, text]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    checks: Vec<(&'a str, &'a str)>,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// A version stamp of a file's contents: 16 hex digits of SipHash-1-3 (keys 0, 0). It changes
/// when the contents do, so `?v=<stamp>` names one version of a file for caches.
fn stamp(contents: &str) -> String {
    use std::hash::Hasher as _;
    let mut hash = siphasher::sip::SipHasher13::new_with_keys(0, 0);
    hash.write(contents.as_bytes());
    format!("{:016x}", hash.finish())
}

/// The scripts of the progress map and their stamps.
pub struct ProgressMap {
    /// `assets/progress-map.js`.
    pub map: String,
    /// The map's stamp: its `v`, and the `data-progress-map` of the pages' `js/maps.js` tag.
    pub stamp: String,
    /// Each module's `assets/progress-items/<i>.js` and its stamp, in course order.
    pub items: Vec<Arc<(String, String)>>,
    /// The course's build ([`build_id`]), from the parts' units.
    pub build: String,
}

/// One module's share of the progress map: its units in the compact form, and its list's file
/// with that file's stamp. `serve` keeps them and makes again only those of the modules an edit
/// touched.
#[derive(Clone, PartialEq, Eq)]
pub struct MapPart {
    module: [String; 2],
    items: Arc<(String, String)>,
    /// The module's units in the course's build.
    build: Build,
}

impl ProgressMap {
    /// The map from each module's part, in course order, and the `updated` units
    /// ([`Views::updated_units`]).
    pub fn assemble(parts: &[MapPart], updated: &str) -> ProgressMap {
        let json = json_for_script(&Map {
            modules: parts.iter().map(|p| &p.module).collect(),
            updated,
        });
        let stamp = stamp(&json);
        let body = json.strip_prefix('{').expect("a JSON object");
        ProgressMap {
            map: format!(
                "/* The course's progress map (docs/theme.md), written by syllabus build. */\n\
                 window.SyllabusProgressMap = {{\"v\":\"{stamp}\",{body};\n"
            ),
            stamp,
            items: parts.iter().map(|p| Arc::clone(&p.items)).collect(),
            build: parts
                .iter()
                .fold(Build::default(), |mut all, p| {
                    all.merge(p.build);
                    all
                })
                .finish(),
        }
    }
}

impl Views<'_> {
    /// The progress map of the course (see the module docs), made on first use (unless
    /// [`Views::set_progress_map`] gave it) and shared by the pages that name its stamps and
    /// the files written.
    pub fn progress_map(&self) -> &ProgressMap {
        self.map.get_or_init(|| {
            let parts: Vec<MapPart> = (0..self.curriculum.modules.len())
                .map(|i| self.map_part(i))
                .collect();
            ProgressMap::assemble(&parts, &self.updated_units())
        })
    }

    /// Gives the views the map `serve` assembled from the parts it kept, before any page asks
    /// for it (a map already made stays).
    pub fn set_progress_map(&self, map: ProgressMap) {
        let _ = self.map.set(map);
    }

    /// Module `i`'s part of the progress map.
    pub fn map_part(&self, i: usize) -> MapPart {
        let (m, b) = (&self.curriculum.modules[i], &self.bodies.modules[i]);
        let entries: Vec<MapEntry> = m
            .entries
            .iter()
            .zip(&b.entries)
            .map(|(e, eb)| match pair(e, eb) {
                Paired::Lesson(l, r) => MapEntry::Lesson(&l.id, l.checklist.len() + r.tasks.len()),
                Paired::Quiz(q, ..) => MapEntry::Quiz(&q.id),
                Paired::Scenario(s, ..) => MapEntry::Scenario(&s.id),
            })
            .collect();
        let json = json_for_script(&module_items(m, b));
        let file = format!(
            "/* Module {i}'s list on the progress page (docs/theme.md), written by syllabus build. */\n\
             (window.SyllabusProgressItems = window.SyllabusProgressItems || {{}})[{i}] = {json};\n"
        );
        MapPart {
            module: compact_module(&entries),
            items: Arc::new((stamp(&json), file)),
            build: module_build(m, b),
        }
    }
}

/// The course's build, a content version of what progress means in it
/// (`progress::units::build_fingerprint`): every unit key of the course (each lesson, its
/// checklist items, including its body's task list, each quiz and each scenario) with each
/// quiz's `rev`. Pages take it from the progress map, which sums its modules' parts
/// ([`module_build`]).
pub fn build_id(curriculum: &Curriculum, bodies: &Bodies) -> String {
    let mut build = Build::default();
    for (m, b) in curriculum.modules.iter().zip(&bodies.modules) {
        build.merge(module_build(m, b));
    }
    build.finish()
}

/// The units of module `m` in the course's build ([`build_id`]).
fn module_build(m: &crate::model::Module, b: &crate::render::ModuleBodies) -> Build {
    let mut build = Build::default();
    for (e, eb) in m.entries.iter().zip(&b.entries) {
        match pair(e, eb) {
            Paired::Lesson(l, r) => {
                build.add(Unit::Lesson(&l.id), "");
                for c in l.checklist.iter().chain(&r.tasks) {
                    let item = &c.id;
                    build.add(
                        Unit::Check {
                            lesson: &l.id,
                            item,
                        },
                        "",
                    );
                }
            }
            Paired::Quiz(q, ..) => build.add(Unit::Quiz(&q.id), &fingerprint(q)),
            Paired::Scenario(s, ..) => build.add(Unit::Scenario(&s.id), ""),
        }
    }
    build
}

/// Module `m`'s items for the progress page's list.
fn module_items<'a>(
    m: &'a crate::model::Module,
    b: &'a crate::render::ModuleBodies,
) -> Vec<MapItem<'a>> {
    m.entries
        .iter()
        .zip(&b.entries)
        .map(|(e, eb)| {
            let i = item_view(e, eb);
            let shows_result = !i.result_unit.is_empty();
            MapItem {
                kind: i.kind,
                label: i.kind_label,
                title: i.title,
                url: i.url,
                units: if shows_result { i.units } else { String::new() },
                result: i.result_unit,
                lesson: if i.kind == "lesson" { i.id } else { "" },
                updated: i.updated,
                date: i.updated_date,
                checks: match pair(e, eb) {
                    Paired::Lesson(l, r) => {
                        // A role-play's rubric items are markdown: here as their plain text
                        // (the script writes text, never HTML; the lesson's own page shows
                        // their markup).
                        let mut rubric = eb.roleplay().map(|rp| rp.rubric_text.iter());
                        l.checklist
                            .iter()
                            .chain(&r.tasks)
                            .map(|c| {
                                let text = match c.rubric {
                                    true => rubric
                                        .as_mut()
                                        .and_then(Iterator::next)
                                        .map_or(c.text.as_str(), String::as_str),
                                    false => c.text.as_str(),
                                };
                                (c.id.as_str(), text)
                            })
                            .collect()
                    }
                    Paired::Quiz(..) | Paired::Scenario(..) => Vec::new(),
                },
            }
        })
        .collect()
}
