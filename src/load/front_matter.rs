//! Front matter: split a markdown file into its YAML block and its body, and parse the block
//! with file-absolute line numbers.
//!
//! Only a block that starts at byte 0 with a line that is exactly `---` is front matter; it ends
//! at the next line that is exactly `---` (or `...`). Later `---` lines are markdown.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, LineIndex};

/// Where the YAML block and the body are within a file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// Byte range of the YAML text (between the fences).
    pub yaml: (usize, usize),
    /// Byte offset where the markdown body starts.
    pub body_start: usize,
}

/// The front matter opens but never closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unclosed;

/// Finds the front matter of `text` (BOM already removed). `Ok(None)` when there is none.
pub fn split(text: &str) -> Result<Option<Split>, Unclosed> {
    let mut lines = lines_with_offsets(text);
    match lines.next() {
        Some((_, first)) if is_fence(first, "---") => {}
        _ => return Ok(None),
    }
    let yaml_start = text.find('\n').map_or(text.len(), |i| i + 1);
    for (start, line) in lines {
        if is_fence(line, "---") || is_fence(line, "...") {
            let body_start = (start + line.len() + 1).min(text.len());
            return Ok(Some(Split {
                yaml: (yaml_start, start),
                body_start,
            }));
        }
    }
    Err(Unclosed)
}

/// Whether `text` opens with front matter (its first line is `---`), closed or not: one line
/// read, where [`split`] reads the whole block.
pub fn opens(text: &str) -> bool {
    is_fence(text.split('\n').next().unwrap_or(""), "---")
}

/// `(byte offset, line without '\n')` for each line.
fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |l| {
        let start = offset;
        offset += l.len();
        (start, l.strip_suffix('\n').unwrap_or(l))
    })
}

/// A fence line: exactly `fence`, allowing trailing spaces and a CR.
fn is_fence(line: &str, fence: &str) -> bool {
    line.trim_end_matches([' ', '\t', '\r']) == fence
}

/// Splits `text` and parses its front matter into `T` within the default YAML limits, with
/// diagnostics at file lines. Returns the data and the byte offset of the body.
pub fn parse<T: DeserializeOwned>(text: &str, path: &Path) -> Result<(T, usize), Diagnostic> {
    parse_within(text, path, &crate::yaml::Limits::default())
}

/// [`parse`] within `limits` (site.toml's `[limits]`).
pub fn parse_within<T: DeserializeOwned>(
    text: &str,
    path: &Path,
    limits: &crate::yaml::Limits,
) -> Result<(T, usize), Diagnostic> {
    let split = match split(text) {
        Ok(Some(s)) => s,
        Ok(None) => {
            return Err(Diagnostic::error_at(
                path,
                text,
                1,
                1,
                "no front matter: the file must start with a `---` line",
            )
            .with_help(
                "start the file with ---, a line such as `title: My lesson`, then --- again",
            ));
        }
        Err(Unclosed) => {
            return Err(Diagnostic::error_at(
                path,
                text,
                1,
                1,
                "front matter not closed: no `---` line ends it",
            )
            .with_help("add a line with just --- after the last front matter key"));
        }
    };
    let yaml = &text[split.yaml.0..split.yaml.1];
    // An empty block is an empty mapping, so the author hears which key is missing.
    let yaml = if yaml.trim().is_empty() { "{}" } else { yaml };
    let data = crate::yaml::parse_within(yaml, limits).map_err(|e| {
        let (first_line, _) = LineIndex::new(text).line_col(split.yaml.0);
        e.into_diagnostic(path, text, first_line)
    })?;
    Ok((data, split.body_start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_fences_only_at_the_top() {
        let t = "---\ntitle: a\n---\nbody\n---\nmore";
        let s = split(t).unwrap().unwrap();
        assert_eq!(&t[s.yaml.0..s.yaml.1], "title: a\n");
        assert_eq!(&t[s.body_start..], "body\n---\nmore");
        assert_eq!(split("body\n---\n"), Ok(None));
        assert_eq!(split("--- Title ---\n"), Ok(None));
        assert_eq!(split("---\ntitle: a\n"), Err(Unclosed));
    }

    #[test]
    fn crlf_and_dots_close_the_block() {
        let t = "---\r\ntitle: a\r\n...\r\nbody";
        let s = split(t).unwrap().unwrap();
        assert_eq!(&t[s.yaml.0..s.yaml.1], "title: a\r\n");
        assert_eq!(&t[s.body_start..], "body");
        let t = "---\ntitle: a\n---";
        assert_eq!(split(t).unwrap().unwrap().body_start, t.len());
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code, reason = "parsed only")]
    struct F {
        title: String,
    }

    #[test]
    fn yaml_errors_use_file_lines() {
        let text = "---\ntitle: ok\nweight: [\n---\n";
        let d = parse::<F>(text, Path::new("a.md")).unwrap_err();
        assert_eq!(d.line, 4, "{d}");
        let d = parse::<F>("---\n---\nbody", Path::new("a.md")).unwrap_err();
        assert!(d.message.contains("missing field `title`"), "{d}");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Body lines that include `---` rules, CRs and text.
    fn body() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof!["---", "\r", "text ---", "- item", "", "# h", "...x"],
            0..8,
        )
        .prop_map(|lines| lines.join("\n"))
    }

    proptest! {
        #[test]
        fn split_round_trips_with_crlf_and_rules_in_the_body(title in "[a-zA-Z ]{1,20}", body in body(), crlf: bool) {
            let nl = if crlf { "\r\n" } else { "\n" };
            let yaml = format!("title: {title}{nl}");
            let text = format!("---{nl}{yaml}---{nl}{body}");
            let s = split(&text).unwrap().unwrap();
            prop_assert_eq!(&text[s.yaml.0..s.yaml.1], yaml.as_str());
            prop_assert_eq!(&text[s.body_start..], body.as_str());
        }

        #[test]
        fn blank_lines_above_an_error_move_it_by_exactly_n(n in 0usize..40, crlf: bool) {
            let nl = if crlf { "\r\n" } else { "\n" };
            let text = format!("---{nl}{}title: ok{nl}duration: soon{nl}---{nl}", nl.repeat(n));
            let d = parse::<F2>(&text, Path::new("a.md")).unwrap_err();
            prop_assert_eq!(d.line, 3 + n);
            prop_assert_eq!(d.col, 11);
        }
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code, reason = "parsed only")]
    struct F2 {
        title: String,
        duration: Option<u32>,
    }

    #[test]
    fn a_bom_is_removed_before_splitting() {
        // read_source strips the BOM; the splitter then sees a clean first line.
        let text = "\u{feff}---\ntitle: a\n---\nbody";
        assert_eq!(
            split(text),
            Ok(None),
            "a BOM hides the fence, so callers must strip it first"
        );
        let s = split(&text['\u{feff}'.len_utf8()..]).unwrap().unwrap();
        assert_eq!(&text['\u{feff}'.len_utf8()..][s.body_start..], "body");
    }
}
