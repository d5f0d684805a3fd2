//! The progress map (issue 19): the course-wide data of the home, progress and certificate
//! pages, in two scripts loaded by `<script>` (so they work from file:// and inside an LMS
//! package's frame, like the search index) and cached across pages, instead of in every one of
//! those pages, which grew with every checklist item of the course.
//!
//! - `assets/progress-map.js` sets `window.SyllabusProgressMap`: each module's units (as the
//!   pages' `data-units` held them: unit keys and `checks:` tokens) and the lessons and quizzes
//!   marked `updated:`. Home, progress and certificate pages load it.
//! - `assets/progress-items.js` sets `window.SyllabusProgressItems`: each module's lessons,
//!   quizzes and scenarios with their checklists, which the progress page lists
//!   (themes/default/static/js/items.js builds the list). Only the progress page loads it.
//!
//! docs/theme.md describes both; the unit keys are written here by `progress::units`, never
//! made by the script.

use serde::Serialize;

use super::Views;
use super::items::item_view;
use crate::kinds::{Paired, pair};
use crate::theme::script_json::json_for_script;

/// The path of the progress map in the site.
pub const MAP_PATH: &str = "assets/progress-map.js";
/// The path of the progress page's item lists in the site.
pub const ITEMS_PATH: &str = "assets/progress-items.js";

// `window.SyllabusProgressMap` is `{"modules": [each module's units, in course order],
// "updated": "<unit key>=<milliseconds> ..." of the lessons, quizzes and scenarios marked
// `updated:`}`, assembled from the modules' parts (`ProgressMap::assemble`).

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
    #[serde(skip_serializing_if = "str::is_empty")]
    units: &'a str,
    /// The unit whose result is shown (a quiz's or a scenario's).
    #[serde(skip_serializing_if = "str::is_empty")]
    result: &'a str,
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

/// The two scripts of the progress map: (path, contents).
pub struct ProgressMap {
    /// `assets/progress-map.js`.
    pub map: String,
    /// `assets/progress-items.js`.
    pub items: String,
}

/// One module's share of the progress map: its units and its item list, each as JSON for a
/// script. `serve` keeps them and makes again only those of the modules an edit touched.
#[derive(Clone, PartialEq, Eq)]
pub struct MapPart {
    units: String,
    items: String,
}

impl ProgressMap {
    /// The two scripts from each module's part, in course order, and the `updated` units
    /// ([`Views::updated_units`]): the bytes `serde_json` writes for the whole.
    pub fn assemble(parts: &[MapPart], updated: &str) -> ProgressMap {
        // One allocation each: at 10,000 lessons the items are about 7 MB, and every copy of
        // them is felt in `serve`'s edit-to-reload time.
        let join = |head: &str, f: fn(&MapPart) -> &str, tail: &str| {
            let size = parts.iter().map(|p| f(p).len() + 1).sum::<usize>();
            let mut out = String::with_capacity(head.len() + size + tail.len());
            out.push_str(head);
            for (i, p) in parts.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(f(p));
            }
            out.push_str(tail);
            out
        };
        ProgressMap {
            map: join(
                "/* The course's progress map (docs/theme.md), written by syllabus build. */\nwindow.SyllabusProgressMap = {\"modules\":[",
                |p| &p.units,
                &format!("],\"updated\":{}}};\n", json_for_script(&updated)),
            ),
            items: join(
                "/* The progress page's lists (docs/theme.md), written by syllabus build. */\nwindow.SyllabusProgressItems = [",
                |p| &p.items,
                "];\n",
            ),
        }
    }
}

impl Views<'_> {
    /// The progress map of the course (see the module docs).
    pub fn progress_map(&self) -> ProgressMap {
        let parts: Vec<MapPart> = (0..self.curriculum.modules.len())
            .map(|i| self.map_part(i))
            .collect();
        ProgressMap::assemble(&parts, &self.updated_units())
    }

    /// Module `i`'s part of the progress map.
    pub fn map_part(&self, i: usize) -> MapPart {
        let (m, b) = (&self.curriculum.modules[i], &self.bodies.modules[i]);
        let views: Vec<_> = m
            .entries
            .iter()
            .zip(&b.entries)
            .map(|(e, eb)| item_view(e, eb))
            .collect();
        let units = crate::progress::units::join(views.iter().map(|i| i.units.as_str()));
        let items: Vec<MapItem> = views
            .iter()
            .zip(m.entries.iter().zip(&b.entries))
            .map(|(i, (e, eb))| MapItem {
                kind: i.kind,
                label: i.kind_label,
                title: i.title,
                url: i.url,
                units: if i.result_unit.is_empty() {
                    ""
                } else {
                    &i.units
                },
                result: &i.result_unit,
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
            })
            .collect();
        MapPart {
            units: json_for_script(&units),
            items: json_for_script(&items),
        }
    }
}
