//! Load stage: walk `content/` and assemble the [`Curriculum`], collecting every diagnostic.
//!
//! In: the checked [`Config`]. Out: the curriculum (ordered modules, lessons, quizzes, guides, assets) and
//! the diagnostics of every file. Files are read and parsed in parallel; assembly and ordering
//! are sequential and deterministic.

mod assets;
mod checklist;
pub mod front_matter;
mod ignore;
pub mod names;
mod parse;
mod roleplay;
mod symlinks;
pub mod title;
mod walk;

pub use ignore::Ignore;
pub use names::{checked_id, is_ignored_name, locate, name_slug, page_name_problem};
pub use parse::{HomeFront, LessonFront, ModuleFront, read_source, read_source_within};

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Asset, Curriculum, Entry, Module, Source};
use parse::{Parsed, parse_found};
use walk::{Found, walk};

/// What a loaded course looks like before checks: the curriculum and what was left out.
pub struct Loaded {
    /// The course (present when the home page and module indexes parsed).
    pub curriculum: Curriculum,
    /// Draft lessons left out of this build, so links to them get a precise error.
    pub left_out_drafts: Vec<PathBuf>,
    /// Pages that exist but failed to load (their error is reported), so links to them are not
    /// reported as broken too.
    pub failed_pages: Vec<PathBuf>,
    /// Per module, the order key of each entry (its `weight` or number prefix, and its file or
    /// folder name), in the module's order: what `serve` sorts a module's entries by again
    /// after one of them changed.
    pub orders: Vec<Vec<Order>>,
    /// The order key of each module (its `weight` or folder number, and its folder name).
    pub module_orders: Vec<Order>,
}

/// Where a page goes among its siblings: by `weight` (else its name's number prefix), then by
/// name; pages with neither come last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    /// `weight:`, else the name's number prefix.
    pub rank: Option<i64>,
    /// The file's name (a lesson folder's page: the folder's).
    pub name: String,
}

impl Order {
    /// The key pages are sorted by.
    pub fn key(&self) -> (i64, &str) {
        (self.rank.unwrap_or(i64::MAX), &self.name)
    }
}

/// Reads one page of a module, as [`load_curriculum`] reads it: the lesson, quiz or scenario
/// at `path`, a file directly in the module folder `module_dir` (its name says which kind) or a
/// lesson folder's page. Returns the entry and its order key, or `None` when it did not load
/// or is not a page; every diagnostic of the file goes into `diags`. `serve` reads a changed or
/// new page of a module this way (the walk's checks of the name are the caller's).
pub fn load_entry(
    config: &Config,
    module_dir: &Path,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<(Order, Entry)> {
    let dirs = [walk::ModuleDir {
        name: names::file_name(module_dir),
        path: module_dir.to_path_buf(),
    }];
    let name = names::file_name(path);
    let path = path.to_path_buf();
    let found = if dirs[0].path.as_path() != path.parent()? {
        Found::Lesson(0, path)
    } else if name.ends_with(".quiz.yaml") {
        Found::Quiz(0, path)
    } else if name.ends_with(".scenario.yaml") {
        Found::Scenario(0, path)
    } else if name.ends_with(".md") && name != "_index.md" {
        Found::Lesson(0, path)
    } else {
        return None;
    };
    match parse_found(&found, &dirs, config, diags) {
        Ok(Some(Parsed::Entry(_, rank, name, entry))) => Some((Order { rank, name }, entry)),
        Ok(_) => None,
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// Reads a module's `_index.md` again, as [`load_curriculum`] reads it: its front matter and
/// source, and the module's order key (`module_dir` is the module's folder). `None` when it
/// did not load; every diagnostic goes into `diags`.
pub fn load_module_page(
    config: &Config,
    module_dir: &Path,
    diags: &mut Diagnostics,
) -> Option<(Order, ModuleFront, Source)> {
    let name = names::file_name(module_dir);
    let dirs = [walk::ModuleDir {
        name: name.clone(),
        path: module_dir.to_path_buf(),
    }];
    let found = Found::ModuleIndex(0, module_dir.join("_index.md"));
    match parse_found(&found, &dirs, config, diags) {
        Ok(Some(Parsed::ModuleIndex(_, front, source))) => {
            let rank = front.weight.or(name_slug(&name).0);
            Some((Order { rank, name }, front, source))
        }
        Ok(_) => None,
        Err(d) => {
            diags.push(d);
            None
        }
    }
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
    let mut guides = Vec::new();
    let mut left_out_drafts = Vec::new();
    let mut failed_pages = Vec::new();
    for ((p, file_diags), f) in parsed.into_iter().zip(&found) {
        diags.extend(file_diags.into_sorted());
        match p {
            None => {
                if let Found::Lesson(_, path)
                | Found::Guide(path)
                | Found::Quiz(_, path)
                | Found::Scenario(_, path)
                | Found::ModuleIndex(_, path) = f
                {
                    failed_pages.push(path.clone());
                }
            }
            Some(Parsed::Home(h)) => home = Some(h),
            Some(Parsed::Guide(order, name, g)) => guides.push((order, name, g)),
            Some(Parsed::ModuleIndex(i, front, source)) => {
                indexes[i] = Some(front);
                index_sources[i] = Some(source);
            }
            Some(Parsed::Entry(i, order, name, entry)) => {
                if entry.draft() && !drafts {
                    left_out_drafts.push(entry.path().to_path_buf());
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
        let order: Vec<Order> = items
            .iter()
            .map(|(rank, name, _)| Order {
                rank: *rank,
                name: name.clone(),
            })
            .collect();
        let (prefix, slug) = name_slug(&dir.name);
        modules.push((
            front.weight.or(prefix),
            dir.name.clone(),
            order,
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
    guides.sort_by(|a, b| (a.0.unwrap_or(i64::MAX), &a.1).cmp(&(b.0.unwrap_or(i64::MAX), &b.1)));

    let module_orders: Vec<Order> = modules
        .iter()
        .map(|m| Order {
            rank: m.0,
            name: m.1.clone(),
        })
        .collect();
    let (orders, modules): (Vec<Vec<Order>>, Vec<Module>) =
        modules.into_iter().map(|m| (m.2, m.3)).unzip();
    let loaded = home.map(|home| Loaded {
        curriculum: Curriculum {
            home,
            modules,
            guides: guides.into_iter().map(|g| g.2).collect(),
            assets,
        },
        left_out_drafts,
        failed_pages,
        orders,
        module_orders,
    });
    (loaded, diags)
}
