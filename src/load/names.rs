//! Names and ids: which files are never content, how a file or folder name gives an order and a
//! URL slug, which names cannot become URLs, and the ids that key a learner's progress. Shared by
//! the walk, the pages' parsing and the quiz parser.

use std::path::Path;

use crate::diag::{Diagnostic, LineIndex};

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
        .or_else(|| name.strip_suffix(".scenario.yaml"))
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

pub(super) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A lesson's or quiz's `updated:` (docs/progress.md), read against the build's time; a
/// mistake points at the field.
pub fn checked_updated(
    updated: Option<String>,
    path: &Path,
    text: &str,
) -> Result<Option<crate::progress::updated::Updated>, Diagnostic> {
    let Some(updated) = updated else {
        return Ok(None);
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    crate::progress::updated::Updated::parse(&updated, now)
        .map(Some)
        .map_err(|message| {
            let (line, col) = locate(text, "updated:");
            Diagnostic::error_at(path, text, line, col, message).with_help(
                "`updated:` marks a change that learners who completed this before should review",
            )
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
