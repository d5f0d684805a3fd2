//! Load stage: walk `content/` and assemble the [`Curriculum`], collecting every diagnostic.
//!
//! In: the checked [`Config`]. Out: the curriculum (ordered modules, lessons, quizzes, assets) and
//! the diagnostics of every file. Files are read and parsed in parallel; assembly and ordering
//! are sequential and deterministic.

mod assets;
pub mod front_matter;
mod ignore;
mod symlinks;

pub use ignore::Ignore;
use symlinks::check_link;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, LineIndex};
use crate::fs::FileStamp;
use crate::model::{Asset, CheckItem, Curriculum, Entry, Home, Lesson, Module, Source};

/// What a loaded course looks like before checks: the curriculum and what was left out.
pub struct Loaded {
    /// The course (present when the home page and module indexes parsed).
    pub curriculum: Curriculum,
    /// Draft lessons left out of this build, so links to them get a precise error.
    pub left_out_drafts: Vec<PathBuf>,
    /// Pages that exist but failed to load (their error is reported), so links to them are not
    /// reported as broken too.
    pub failed_pages: Vec<PathBuf>,
}

/// Editor droppings and hidden files that are never content (W02): swap, backup and lock files.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with("~$")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name.contains("___jb_tmp___")
        || name.contains("___jb_old___")
        || [".swp", ".swx", ".swo", ".tmp", ".bck", ".bak", ".orig"]
            .iter()
            .any(|s| name.ends_with(s))
}

/// Splits a file or folder name into its order prefix and URL slug:
/// `01-human-selling` → `(Some(1), "human-selling")`, `09-check.quiz.yaml` → `(Some(9), "check")`.
pub fn name_slug(name: &str) -> (Option<i64>, String) {
    let stem = name
        .strip_suffix(".quiz.yaml")
        .or_else(|| name.strip_suffix(".md"))
        .unwrap_or(name);
    let digits = stem.chars().take_while(char::is_ascii_digit).count();
    let prefix = stem[..digits].parse().ok();
    let rest = stem[digits..].trim_start_matches(['-', '_', '.', ' ']);
    let rest = if rest.is_empty() { stem } else { rest };
    (prefix, slug::slugify(rest))
}

/// Why a module folder or page file name cannot become a URL, or `None` when it can. A name with
/// no letters or digits (`!!!.md`, `---`) slugs to nothing: its page would be the hidden file
/// `module/.html`, or a module's would leave the output folder (O06).
/// A name Windows reserves (`aux.md` → `aux.html`, a folder `con/`) could be built here but
/// never copied to or served from Windows, so it is refused too.
pub fn page_name_problem(name: &str) -> Option<String> {
    let slug = name_slug(name).1;
    if slug.is_empty() {
        return Some(format!(
            "`{name}` has no letters or digits to make a URL from"
        ));
    }
    let reserved = matches!(slug.as_str(), "con" | "prn" | "aux" | "nul")
        || ["com", "lpt"].iter().any(|p| {
            slug.strip_prefix(p)
                .is_some_and(|n| n.len() == 1 && ('1'..='9').contains(&n.chars().next().unwrap()))
        });
    reserved.then(|| {
        format!("`{name}` would make the URL name `{slug}`, which Windows reserves: the site could not be copied to Windows")
    })
}

/// One file found by the walk, and what it is.
enum Found {
    Home(PathBuf),
    ModuleIndex(usize, PathBuf),
    Lesson(usize, PathBuf),
    Quiz(usize, PathBuf),
    /// A file to copy, and which file it was when found.
    Asset(PathBuf, FileStamp),
}

/// A module folder found by the walk.
struct ModuleDir {
    name: String,
    path: PathBuf,
}

/// Loads every file under `content/` (drafts only when `drafts`).
pub fn load_curriculum(config: &Config, drafts: bool) -> (Option<Loaded>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let start = std::time::Instant::now();
    let (dirs, found) = walk(config, &mut diags);
    log::debug!("found {} files in {:?}", found.len(), start.elapsed());
    let parsed: Vec<(Option<Parsed>, Diagnostics)> = found
        .par_iter()
        .map(|f| {
            let mut file_diags = Diagnostics::new();
            let parsed = match parse_found(f, &dirs, config, &mut file_diags) {
                Ok(p) => p,
                Err(d) => {
                    file_diags.push(d);
                    None
                }
            };
            (parsed, file_diags)
        })
        .collect();

    let mut home = None;
    let mut indexes: Vec<Option<ModuleFront>> = (0..dirs.len()).map(|_| None).collect();
    let mut index_sources: Vec<Option<Source>> = (0..dirs.len()).map(|_| None).collect();
    let mut entries: Vec<Vec<(Option<i64>, String, Entry)>> =
        (0..dirs.len()).map(|_| Vec::new()).collect();
    let mut assets = Vec::new();
    let mut left_out_drafts = Vec::new();
    let mut failed_pages = Vec::new();
    for ((p, file_diags), f) in parsed.into_iter().zip(&found) {
        diags.extend(file_diags.into_sorted());
        match p {
            None => {
                if let Found::Lesson(_, path) | Found::Quiz(_, path) | Found::ModuleIndex(_, path) =
                    f
                {
                    failed_pages.push(path.clone());
                }
            }
            Some(Parsed::Home(h)) => home = Some(h),
            Some(Parsed::ModuleIndex(i, front, source)) => {
                indexes[i] = Some(front);
                index_sources[i] = Some(source);
            }
            Some(Parsed::Entry(i, order, name, entry)) => {
                if let Entry::Lesson(l) = &entry
                    && l.draft
                    && !drafts
                {
                    left_out_drafts.push(l.source.path.clone());
                    continue;
                }
                entries[i].push((order, name, entry));
            }
            Some(Parsed::Asset(a)) => assets.push(a),
        }
    }
    if home.is_none() && !found.iter().any(|f| matches!(f, Found::Home(_))) {
        diags.push(
            Diagnostic::file_error(
                &config.content_dir.join("_index.md"),
                "the course has no home page",
            )
            .with_help("create content/_index.md with front matter `title:` and an introduction"),
        );
    }

    let mut modules = Vec::new();
    for (i, dir) in dirs.iter().enumerate() {
        let mut items = std::mem::take(&mut entries[i]);
        let (Some(front), Some(source)) = (indexes[i].take(), index_sources[i].take()) else {
            if !items.is_empty()
                && !found
                    .iter()
                    .any(|f| matches!(f, Found::ModuleIndex(j, _) if *j == i))
            {
                diags.push(
                    Diagnostic::file_error(&dir.path.join("_index.md"), "this module folder has no _index.md")
                        .with_help("create it with front matter `title:` and `description:` for the module page"),
                );
            }
            continue;
        };
        items.sort_by(|a, b| (a.0.unwrap_or(i64::MAX), &a.1).cmp(&(b.0.unwrap_or(i64::MAX), &b.1)));
        let (prefix, slug) = name_slug(&dir.name);
        let order = front.weight.or(prefix);
        modules.push((
            order,
            dir.name.clone(),
            Module {
                id: slug.clone(),
                url: format!("{slug}/index.html"),
                slug,
                title: front.title,
                description: front.description,
                source,
                entries: items.into_iter().map(|(_, _, e)| e).collect(),
            },
        ));
    }
    modules.sort_by(|a, b| (a.0.unwrap_or(i64::MAX), &a.1).cmp(&(b.0.unwrap_or(i64::MAX), &b.1)));
    assets.sort_by(|a: &Asset, b| a.url.cmp(&b.url));

    let loaded = home.map(|home| Loaded {
        curriculum: Curriculum {
            home,
            modules: modules.into_iter().map(|m| m.2).collect(),
            assets,
        },
        left_out_drafts,
        failed_pages,
    });
    (loaded, diags)
}

/// Walks `content/`: module folders at depth 1, pages inside them, everything else an asset.
fn walk(config: &Config, diags: &mut Diagnostics) -> (Vec<ModuleDir>, Vec<Found>) {
    let content = config.content_dir.as_path();
    let ignore = Ignore::new(&config.ignore);
    let mut dirs: Vec<ModuleDir> = Vec::new();
    let mut found = Vec::new();
    if !content.is_dir() {
        diags.push(
            Diagnostic::file_error(content, "there is no content folder")
                .with_help("create content/ with an _index.md and one folder per module, or run `syllabus init`"),
        );
        return (dirs, found);
    }
    let walker = walkdir::WalkDir::new(content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !e.file_name().to_str().is_some_and(|n| ignore.is_ignored(n))
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(content).to_path_buf();
                diags.push(Diagnostic::file_error(
                    &path,
                    format!("could not read: {e}"),
                ));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let path = entry.path().to_path_buf();
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            diags.push(
                Diagnostic::file_error(&path, "the file name is not valid UTF-8")
                    .with_help("rename it"),
            );
            continue;
        };
        let (file_type, link_target) = if entry.path_is_symlink() {
            match check_link(&path, config) {
                Ok(meta) => (meta.file_type(), Some(meta)),
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            }
        } else {
            (entry.file_type(), None)
        };
        let module = if entry.depth() >= 2 {
            // The module this file belongs to is the last folder pushed at depth 1.
            dirs.iter().rposition(|d| path.starts_with(&d.path))
        } else {
            None
        };
        let is_page = name.ends_with(".md") || name.ends_with(".quiz.yaml");
        let named_in_urls = (file_type.is_dir() && entry.depth() == 1)
            || (is_page && entry.depth() == 2 && name != "_index.md");
        if named_in_urls && let Some(problem) = page_name_problem(&name) {
            diags.push(
                Diagnostic::file_error(&path, problem)
                    .with_help("rename it with another word, e.g. `05-summary.md` or `02-basics`"),
            );
            if !file_type.is_dir() {
                continue;
            }
        }
        if file_type.is_dir() {
            if entry.depth() == 1 {
                dirs.push(ModuleDir { name, path });
            }
            continue;
        }
        found.push(match (entry.depth(), module, name.as_str()) {
            (1, _, "_index.md") => Found::Home(path),
            (2, Some(m), "_index.md") => Found::ModuleIndex(m, path),
            (2, Some(m), n) if n.ends_with(".quiz.yaml") => Found::Quiz(m, path),
            (2, Some(m), n) if n.ends_with(".md") => Found::Lesson(m, path),
            _ if is_page => {
                diags.push(
                    Diagnostic::file_error(
                        &path,
                        "pages must sit directly in a module folder (content/<module>/)",
                    )
                    .with_help("move it into a module folder, or rename it if it is not a page"),
                );
                continue;
            }
            _ => {
                // What the path names now; through a link, what check_link accepted.
                let meta = match link_target.map_or_else(|| entry.metadata(), Ok) {
                    Ok(meta) => meta,
                    Err(e) => {
                        diags.push(Diagnostic::file_error(
                            &path,
                            format!("could not read: {e}"),
                        ));
                        continue;
                    }
                };
                Found::Asset(path, FileStamp::of(&meta))
            }
        });
    }
    (dirs, found)
}

/// The result of reading one file.
enum Parsed {
    Home(Home),
    ModuleIndex(usize, ModuleFront, Source),
    Entry(usize, Option<i64>, String, Entry),
    Asset(Asset),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HomeFront {
    title: String,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModuleFront {
    title: String,
    #[serde(default)]
    description: String,
    weight: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LessonFront {
    title: String,
    #[serde(default)]
    description: String,
    weight: Option<i64>,
    duration: Option<u32>,
    #[serde(default)]
    objectives: Vec<String>,
    #[serde(default)]
    checklist: Vec<RawCheckItem>,
    #[serde(default)]
    draft: bool,
    id: Option<String>,
}

/// A checklist item: plain text, or `{ id, text }`.
enum RawCheckItem {
    Text(String),
    Full { id: String, text: String },
}

impl<'de> Deserialize<'de> for RawCheckItem {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CheckItemVisitor)
    }
}

struct CheckItemVisitor;

impl<'de> serde::de::Visitor<'de> for CheckItemVisitor {
    type Value = RawCheckItem;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a checklist item: text, or `id:` and `text:`")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawCheckItem, E> {
        Ok(RawCheckItem::Text(v.to_owned()))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<RawCheckItem, A::Error> {
        use serde::de::Error;
        let (mut id, mut text) = (None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "id" => id = Some(map.next_value::<String>()?),
                "text" => text = Some(map.next_value::<String>()?),
                // `- Ask: what made you choose us?` is YAML for a key and a value.
                other => {
                    return Err(A::Error::custom(format!(
                        "the checklist item `{other}: …` was read as a key and a value because it contains `: `; \
                         put the whole item in quotes"
                    )));
                }
            }
        }
        match (id, text) {
            (Some(id), Some(text)) => Ok(RawCheckItem::Full { id, text }),
            (None, Some(text)) => Ok(RawCheckItem::Text(text)),
            (_, None) => Err(A::Error::missing_field("text")),
        }
    }
}

/// Reads and parses one file. Fatal mistakes come back as `Err`, others go into `diags`.
fn parse_found(
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
            let (order_prefix, slug) = name_slug(&file_name(path));
            let module_slug = name_slug(&dirs[*m].name).1;
            let text = read_source_within(path, config.limits.max_file_bytes)?;
            let (front, body_start): (LessonFront, _) =
                front_matter::parse_within(&text, path, &config.limits.yaml)?;
            let id = checked_id(front.id, &module_slug, &slug, path, &text)?;
            let checklist = check_items(front.checklist, path, &text)?;
            let lesson = Lesson {
                id,
                url: format!("{module_slug}/{slug}.html"),
                title: front.title,
                description: front.description,
                duration: front.duration.unwrap_or(0),
                objectives: front.objectives,
                checklist,
                draft: front.draft,
                source: Source {
                    path: path.clone(),
                    text,
                    body_start,
                },
            };
            Ok(Some(Parsed::Entry(
                *m,
                front.weight.or(order_prefix),
                file_name(path),
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
        Found::Asset(path, stamp) => {
            let rel = path.strip_prefix(&config.content_dir).unwrap_or(path);
            let mut parts: Vec<String> = rel
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            // The module folder's number prefix is not part of URLs, for assets either.
            if parts.len() > 1 {
                parts[0] = name_slug(&parts[0]).1;
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

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
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

/// An explicit id must be usable as a progress key; the default is `module/slug`.
pub fn checked_id(
    id: Option<String>,
    module: &str,
    slug: &str,
    path: &Path,
    text: &str,
) -> Result<String, Diagnostic> {
    let Some(id) = id else {
        return Ok(format!("{module}/{slug}"));
    };
    let ok = !id.is_empty()
        && !id
            .split('/')
            .any(|seg| seg.is_empty() || seg == "." || seg == "..")
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    if ok {
        return Ok(id);
    }
    let (line, col) = locate(text, "id:");
    Err(Diagnostic::error_at(
        path,
        text,
        line,
        col,
        format!(
            "id `{}` may only use letters, digits, `-`, `_`, `.` and `/`",
            crate::diag::shorten(&id, 60)
        ),
    )
    .with_help(format!(
        "for example `id: {}`",
        crate::diag::shorten(&slug::slugify(&id), 60)
    )))
}

fn check_items(
    raw: Vec<RawCheckItem>,
    path: &Path,
    text: &str,
) -> Result<Vec<CheckItem>, Diagnostic> {
    let mut items: Vec<CheckItem> = Vec::with_capacity(raw.len());
    // A set, not a pairwise search: a checklist of 100,000 items must stay linear (issue 22).
    let mut ids = std::collections::HashSet::with_capacity(raw.len());
    for r in raw {
        let item = match r {
            RawCheckItem::Text(text) => CheckItem {
                id: slug::slugify(&text),
                text,
            },
            RawCheckItem::Full { id, text } => CheckItem {
                id: slug::slugify(&id),
                text,
            },
        };
        // Where the item is written, found only for an error (it scans the file).
        let at = || locate(text, &item.text);
        if item.id.is_empty() {
            let (line, col) = at();
            return Err(Diagnostic::error_at(
                path,
                text,
                line,
                col,
                "checklist item has no letters or digits to make an id from",
            )
            .with_help("write the item as `- id: some-id` and `text: ...`"));
        }
        if !ids.insert(item.id.clone()) {
            let (line, col) = at();
            return Err(Diagnostic::error_at(
                path,
                text,
                line,
                col,
                format!(
                    "two checklist items have the id `{}`",
                    crate::diag::shorten(&item.id, 60)
                ),
            )
            .with_help("give one of them an explicit `id:` or different wording"));
        }
        items.push(item);
    }
    Ok(items)
}

/// 1-based line and column of the first occurrence of `needle` in `text` (1:1 if absent).
/// Used to point at a value serde has already turned into data.
pub fn locate(text: &str, needle: &str) -> (usize, usize) {
    text.find(needle)
        .map_or((1, 1), |i| LineIndex::new(text).line_col(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_give_order_and_slug() {
        assert_eq!(
            name_slug("01-human-selling"),
            (Some(1), "human-selling".into())
        );
        assert_eq!(name_slug("09-check.quiz.yaml"), (Some(9), "check".into()));
        assert_eq!(name_slug("Intro.md"), (None, "intro".into()));
        assert_eq!(
            name_slug("2_Über Preise.md"),
            (Some(2), "uber-preise".into())
        );
        assert_eq!(name_slug("2024.md"), (Some(2024), "2024".into()));
    }

    #[test]
    fn editor_droppings_are_ignored() {
        for n in [
            ".lesson.md.swp",
            "lesson.md~",
            "4913",
            "#lesson.md#",
            ".#lesson.md",
            "a.md.tmp",
            "~$doc.docx",
        ] {
            assert!(is_ignored_name(n), "{n}");
        }
        for n in ["lesson.md", "diagram.png", "09-check.quiz.yaml"] {
            assert!(!is_ignored_name(n), "{n}");
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever a file or folder is called, its URL slug is a plain path segment: no
        /// separators, no dots to climb with, nothing empty (O06).
        #[test]
        fn slugs_never_leave_their_folder(name in "\\PC{0,40}") {
            let (_, slug) = name_slug(&name);
            prop_assert!(!slug.contains('/') && !slug.contains('\\') && !slug.contains(".."));
            prop_assert!(!slug.starts_with('.'));
            prop_assert!(slug.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        }

        /// Explicit ids never hold `..`, empty segments, or characters outside the safe set.
        #[test]
        fn accepted_ids_are_safe(id in "\\PC{0,30}") {
            if let Ok(ok) = checked_id(Some(id), "m", "s", Path::new("a.md"), "") {
                prop_assert!(ok.split('/').all(|seg| !seg.is_empty() && seg != "." && seg != ".."));
                prop_assert!(ok.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c)));
            }
        }
    }
}
