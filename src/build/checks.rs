//! Whole-course checks that no single file can make: duplicate ids and colliding output paths.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::kinds::SitePage;
use crate::model::Curriculum;

/// Checks ids and output paths across the whole course.
pub fn check_curriculum(c: &Curriculum, diags: &mut Diagnostics) {
    let mut ids: HashMap<&str, &Path> = HashMap::new();
    for m in &c.modules {
        for e in &m.entries {
            if let Some(first) = ids.insert(e.id(), e.path()) {
                let mut d = at_id(
                    e.path(),
                    e.id(),
                    format!("id `{}` is also used by {}", e.id(), first.display()),
                )
                .with_help(
                    "every lesson and quiz needs its own id: learners' progress is saved under it",
                );
                // Where the other file sets it, when it does (a file named alike takes its id
                // from its name, with no line to show).
                if let Some((text, line, col)) = id_line(first, e.id()) {
                    d = d.with_label(first, &text, line, col, "also used here");
                }
                diags.push(d);
            }
        }
    }

    // Compared case-insensitively: on macOS and Windows `Intro.html` and `intro.html` are one file.
    let mut urls: HashMap<String, PathBuf> = HashMap::new();
    // The site's own pages: no page or asset may take their paths.
    for page in SitePage::ALL {
        urls.insert(page.url().to_owned(), PathBuf::from("(made by syllabus)"));
    }
    let mut claim = |url: &str, path: &Path, diags: &mut Diagnostics| {
        let key = url.to_lowercase();
        if key == "assets" || key.starts_with("assets/") {
            diags.push(
                Diagnostic::file_error(
                    path,
                    format!("output path `{url}` is inside `assets/`, which the theme uses"),
                )
                .with_help("rename the module folder or file"),
            );
        } else if let Some(first) = urls.get(&key) {
            diags.push(
                Diagnostic::file_error(
                    path,
                    format!(
                        "output path `{url}` is also the output of {}",
                        first.display()
                    ),
                )
                .with_help("rename one of them: two sources cannot become the same page"),
            );
        } else {
            urls.insert(key, path.to_path_buf());
        }
    };
    for m in &c.modules {
        claim(&m.url, &m.source.path, diags);
        for e in &m.entries {
            claim(e.url(), e.path(), diags);
        }
    }
    for g in &c.guides {
        claim(&g.url, &g.source.path, diags);
    }
    for a in &c.assets {
        claim(&a.url, &a.path, diags);
    }
}

/// An error at the file's `id:` line when it has one, else at the file.
fn at_id(path: &Path, id: &str, message: String) -> Diagnostic {
    match id_line(path, id) {
        Some((text, line, col)) => Diagnostic::error_at(path, &text, line, col, message),
        None => Diagnostic::file_error(path, message),
    }
}

/// The file's text and the line and column of its `id:` key, when it sets `id` there.
fn id_line(path: &Path, id: &str) -> Option<(String, usize, usize)> {
    let text = std::fs::read_to_string(path).ok()?;
    let i = text
        .lines()
        .position(|l| l.trim_start().starts_with("id:") && l.contains(id))?;
    let col = 1 + text
        .lines()
        .nth(i)
        .map_or(0, |l| l.len() - l.trim_start().len());
    Some((text, i + 1, col))
}
