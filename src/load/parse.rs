//! Reading one found file: the home page, a module's `_index.md`, a lesson (its front matter and
//! checklist) or a quiz, and the checks of each.

use std::path::Path;

use serde::Deserialize;

use super::checklist::{RawCheckItem, check_items};
use super::names::{checked_id, checked_updated, file_name, name_slug};
use super::walk::{Found, ModuleDir};
use super::{assets, front_matter, title};
use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, LineIndex};
use crate::model::{Asset, Entry, Guide, Home, Lesson, Source};

/// The result of reading one file.
pub(super) enum Parsed {
    Home(Home),
    /// A standalone page, its order (`weight`, else its number) and its file name.
    Guide(Option<i64>, String, Guide),
    ModuleIndex(usize, ModuleFront, Source),
    Entry(usize, Option<i64>, String, Entry),
    Asset(Asset),
}

// The doc comments of these structs' fields are what authors read in their editors: they become
// the descriptions of `syllabus schema` (src/schema/), next to the examples.

/// The front matter of the course's home page, `content/_index.md`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Syllabus home page front matter (content/_index.md)")]
pub struct HomeFront {
    /// The course's title on the home page.
    #[schemars(example = "From service to sales")]
    title: String,
    /// One line under the title: what the course is about.
    #[serde(default)]
    #[schemars(example = "How support staff become trusted sellers, one conversation at a time")]
    description: String,
}

/// The front matter of a page beside the course (`content/<name>.md`, a guide): optional, as
/// for a lesson.
#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Syllabus page beside the course front matter (content/<page>.md)")]
pub struct GuideFront {
    /// The page's title, in every page's footer. Without it, the body's first `# heading` is the
    /// title.
    #[schemars(example = "For managers and coaches")]
    title: Option<String>,
    /// One line shown under the title.
    #[serde(default)]
    #[schemars(example = "How to roll the course out to a team")]
    description: String,
    /// Order among these pages in the footer, smallest first; without it the file name's number
    /// or name orders them.
    #[schemars(example = 1)]
    weight: Option<i64>,
}

/// The front matter of a module's `_index.md`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Syllabus module front matter (content/<module>/_index.md)")]
pub struct ModuleFront {
    /// The module's title, in the sidebar, on the home page and on the certificate.
    #[schemars(example = "Habits to avoid")]
    pub title: String,
    /// One line shown under the module's title.
    #[serde(default)]
    #[schemars(example = "What costs a seller the customer’s trust, and what to do instead")]
    pub description: String,
    /// Order among modules, smallest first; without it the folder name's number or name orders it.
    #[schemars(example = 20)]
    pub weight: Option<i64>,
}

/// The front matter of a lesson (a markdown file in a module folder).
#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Syllabus lesson front matter (content/<module>/<lesson>.md)")]
pub struct LessonFront {
    /// The lesson's title. Without it, the body's first `# heading` is the title.
    #[schemars(example = "Owning your mistakes")]
    title: Option<String>,
    /// One line shown under the title and in lists of lessons.
    #[serde(default)]
    #[schemars(example = "Why saying \"that was my mistake\" wins more trust than any excuse")]
    description: String,
    /// Order in the module, smallest first; without it the file name's number or name orders it.
    #[schemars(example = 30)]
    weight: Option<i64>,
    /// About how many minutes the lesson takes, practice included.
    #[schemars(example = 10)]
    duration: Option<u32>,
    /// What the learner will be able to do after the lesson, one line each.
    #[serde(default)]
    #[schemars(example = ["Apologise for a mistake without blaming anyone", "Offer a fix the customer can check"])]
    objectives: Vec<String>,
    /// Practice items the learner ticks; their ticks are kept in their progress. Give an item an
    /// `id` to keep its ticks when you reword it.
    #[serde(default)]
    #[schemars(example = serde_json::json!([
        "Listen to one call and note every filler word",
        {"id": "own-it", "text": "Say \"that was my mistake\" out loud once"}
    ]))]
    checklist: Vec<RawCheckItem>,
    /// `true` keeps the lesson out of the site unless built with `--drafts`.
    #[serde(default)]
    #[schemars(example = false)]
    draft: bool,
    /// The lesson's stable id (a slug), the key of learners' progress; without it the file name.
    /// Set it before renaming a published lesson's file so that progress is kept.
    #[schemars(example = "owning-mistakes")]
    id: Option<String>,
    /// When you last changed the lesson in a way learners should see again (a date or an RFC 3339
    /// time): learners who finished it before are asked to look again.
    #[schemars(example = "2026-11-30")]
    updated: Option<String>,
    /// A role-play to practise in pairs or threes: printed as one card per role, with a rubric
    /// the observer ticks.
    roleplay: Option<super::roleplay::RawRoleplay>,
}

/// Reads and parses one file. Fatal mistakes come back as `Err`, others go into `diags`.
pub(super) fn parse_found(
    found: &Found,
    dirs: &[ModuleDir],
    config: &Config,
    diags: &mut Diagnostics,
) -> Result<Option<Parsed>, Diagnostic> {
    match found {
        Found::Home(path) => {
            let text = read_source_within(path, config.limits.max_file_bytes)?;
            let (front, body_start): (HomeFront, _) =
                front_matter::parse_within(&text, path, &config.limits.yaml)?;
            Ok(Some(Parsed::Home(Home {
                title: front.title,
                description: front.description,
                source: Source {
                    path: path.clone(),
                    text,
                    body_start,
                },
            })))
        }
        Found::Guide(path) => {
            let (order_prefix, slug) = name_slug(&file_name(path));
            let text = read_source_within(path, config.limits.max_file_bytes)?;
            let (front, body_start): (GuideFront, _) = if front_matter::opens(&text) {
                front_matter::parse_within(&text, path, &config.limits.yaml)?
            } else {
                (GuideFront::default(), 0)
            };
            let (title, body_start) = title::lesson_title(path, &text, body_start, front.title)?;
            Ok(Some(Parsed::Guide(
                front.weight.or(order_prefix),
                file_name(path),
                Guide {
                    url: format!("{slug}.html"),
                    slug,
                    title,
                    description: front.description,
                    source: Source {
                        path: path.clone(),
                        text,
                        body_start,
                    },
                },
            )))
        }
        Found::ModuleIndex(m, path) => {
            let text = read_source_within(path, config.limits.max_file_bytes)?;
            let (front, body_start): (ModuleFront, _) =
                front_matter::parse_within(&text, path, &config.limits.yaml)?;
            Ok(Some(Parsed::ModuleIndex(
                *m,
                front,
                Source {
                    path: path.clone(),
                    text,
                    body_start,
                },
            )))
        }
        Found::Lesson(m, path) => {
            // A lesson folder's page (issue 17) is named, ordered and placed by its folder:
            // `01-m/03-intro/README.md` → `m/intro/index.html`, beside the folder's files.
            let folder = path.parent().filter(|p| *p != dirs[*m].path).map(file_name);
            let name = folder.clone().unwrap_or_else(|| file_name(path));
            let (order_prefix, slug) = name_slug(&name);
            let module_slug = name_slug(&dirs[*m].name).1;
            let text = read_source_within(path, config.limits.max_file_bytes)?;
            // Front matter is optional for lessons (issue 17).
            let (front, body_start): (LessonFront, _) = if front_matter::opens(&text) {
                front_matter::parse_within(&text, path, &config.limits.yaml)?
            } else {
                (LessonFront::default(), 0)
            };
            let (title, body_start) = title::lesson_title(path, &text, body_start, front.title)?;
            let id = checked_id(front.id, &module_slug, &slug, path, &text)?;
            let (roleplay, rubric) = match front.roleplay {
                Some(raw) => {
                    let (r, items) = super::roleplay::check(raw, path, &text)?;
                    (Some(Box::new(r)), items)
                }
                None => (None, Vec::new()),
            };
            let mut raw_items = front.checklist;
            let practice = raw_items.len();
            raw_items.extend(rubric);
            let mut checklist = check_items(raw_items, path, &text)?;
            for item in &mut checklist[practice..] {
                item.rubric = true;
            }
            let updated = checked_updated(front.updated, path, &text)?;
            let lesson = Lesson {
                id,
                url: match folder {
                    Some(_) => format!("{module_slug}/{slug}/index.html"),
                    None => format!("{module_slug}/{slug}.html"),
                },
                title,
                description: front.description,
                duration: front.duration.unwrap_or(0),
                objectives: front.objectives,
                checklist,
                roleplay,
                draft: front.draft,
                updated,
                source: Source {
                    path: path.clone(),
                    text,
                    body_start,
                },
            };
            Ok(Some(Parsed::Entry(
                *m,
                front.weight.or(order_prefix),
                name,
                Entry::Lesson(lesson),
            )))
        }
        Found::Quiz(m, path) => {
            let (order_prefix, slug) = name_slug(&file_name(path));
            let module_slug = name_slug(&dirs[*m].name).1;
            let text = read_source_within(path, config.limits.max_file_bytes)?;
            let parsed = crate::quiz::parse_str(&text, path, &module_slug, &slug, config, diags);
            Ok(parsed.map(|(quiz, weight)| {
                Parsed::Entry(
                    *m,
                    weight.or(order_prefix),
                    file_name(path),
                    Entry::Quiz(quiz),
                )
            }))
        }
        Found::Scenario(m, path) => {
            let (order_prefix, slug) = name_slug(&file_name(path));
            let module_slug = name_slug(&dirs[*m].name).1;
            let text = read_source_within(path, config.limits.max_file_bytes)?;
            let parsed =
                crate::scenario::parse_str(&text, path, &module_slug, &slug, config, diags);
            Ok(parsed.map(|(scenario, weight)| {
                Parsed::Entry(
                    *m,
                    weight.or(order_prefix),
                    file_name(path),
                    Entry::Scenario(scenario),
                )
            }))
        }
        Found::Asset(path, stamp, in_lesson_folder) => {
            let rel = path.strip_prefix(&config.content_dir).unwrap_or(path);
            let mut parts: Vec<String> = rel
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            // The module folder's number prefix is not part of URLs, for assets either.
            if parts.len() > 1 {
                parts[0] = name_slug(&parts[0]).1;
            }
            // Nor is a lesson folder's: its files sit beside its page.
            if *in_lesson_folder && parts.len() > 2 {
                parts[1] = name_slug(&parts[1]).1;
            }
            // A refused asset stays in the course, so links to it get no second error.
            if let Err(d) = assets::check_asset(path, config) {
                diags.push(d);
            }
            Ok(Some(Parsed::Asset(Asset {
                path: path.clone(),
                url: parts.join("/"),
                stamp: *stamp,
            })))
        }
    }
}

/// Reads a page's text within the default size limit; see [`read_source_within`].
pub fn read_source(path: &Path) -> Result<String, Diagnostic> {
    read_source_within(path, crate::config::Limits::default().max_file_bytes)
}

/// Reads a page's text: size-checked against `max_bytes` (site.toml's `[limits] max_file_bytes`)
/// before reading, UTF-8 (the first bad byte's line is reported), BOM removed.
pub fn read_source_within(path: &Path, max_bytes: u64) -> Result<String, Diagnostic> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::file_error(path, format!("could not read: {e}")))?;
    if meta.len() > max_bytes {
        return Err(Diagnostic::file_error(
            path,
            format!(
                "file is {} bytes, over the limit of {max_bytes} bytes",
                meta.len()
            ),
        )
        .with_help("split it into several lessons, or raise `max_file_bytes` in the [limits] table of site.toml"));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::file_error(path, format!("could not read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let good = std::str::from_utf8(good).expect("valid_up_to marks the valid prefix");
        let (line, col) = LineIndex::new(good).line_col(good.len());
        Diagnostic::file_error(path, "the file is not valid UTF-8 text")
            .with_help(format!(
                "the first invalid byte is at line {line}, column {col}; save the file as UTF-8"
            ))
            .at(line, col)
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}
