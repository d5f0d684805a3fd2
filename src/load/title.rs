//! A lesson's title (issue 17): from front matter, else from the first `#` heading of its body,
//! as a README written for GitHub has it; and the leading heading that repeats the title, which
//! the theme already shows as the page's `<h1>`, so it is left out of the body.
//!
//! In: a lesson file's text, where its body starts, and its front-matter title if any. Out: the
//! title and where the rendered body starts. A cheap line scan finds the heading (fenced code is
//! skipped); only the heading's own line goes through pulldown-cmark, to strip its inline markup.
//! Shared by the load stage and `serve`'s fast path, so both cut the body at the same place.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::diag::{Diagnostic, LineIndex};

/// The first level-1 heading of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstHeading {
    /// Its text, inline markup stripped (`# The *cogs*` → `The cogs`).
    pub text: String,
    /// Its lines' byte range within the body, with their line breaks.
    pub range: Range<usize>,
    /// Whether it is the body's first block (only blank lines above it).
    pub leads: bool,
}

/// The title of the lesson whose body is `text[body_start..]`, and the offset where its rendered
/// body starts: past a leading `#` heading equal to the title. An error (at the body's first
/// line) when there is neither a front-matter title nor a heading.
pub fn lesson_title(
    path: &Path,
    text: &str,
    body_start: usize,
    front_title: Option<String>,
) -> Result<(String, usize), Diagnostic> {
    let body = &text[body_start..];
    let title = match front_title {
        Some(t) => t,
        None => match first_heading(body, false) {
            Some(h) => h.text,
            None => {
                let (line, col) = LineIndex::new(text).line_col(body_start);
                return Err(Diagnostic::error_at(
                    path,
                    text,
                    line,
                    col,
                    "this lesson has no title: no `title:` in front matter and no `# ` heading in the body",
                )
                .with_help("start the body with a heading such as `# My lesson`, or add front matter with `title: My lesson`"));
            }
        },
    };
    let start = body_start + repeated_title_len(body, &title);
    Ok((title, start))
}

/// The text of the leading heading cut from `source`'s body (see [`lesson_title`]), if any:
/// what lies between the front matter and the body's start. Cheap: only the front matter's
/// lines and the cut heading are read.
pub fn cut_heading(source: &crate::model::Source) -> Option<String> {
    // Most pages cut nothing: their body starts right after the front matter's closing fence
    // (or at the top), and a cut ends with a heading line, never a fence. Said without
    // splitting the front matter again: that was 1% of a build.
    let before = source.text.get(..source.body_start)?;
    let last_line = before
        .strip_suffix('\n')
        .map(|b| b.rsplit_once('\n').map_or(b, |(_, l)| l))
        .map(|l| l.trim_end_matches([' ', '\t', '\r']));
    if before.is_empty() || matches!(last_line, Some("---" | "...")) {
        return None;
    }
    let front_end = match super::front_matter::split(&source.text) {
        Ok(Some(split)) => split.body_start,
        _ => 0,
    };
    let cut = source.text.get(front_end..source.body_start)?;
    (!cut.is_empty())
        .then(|| first_heading(cut, true).map(|h| h.text))
        .flatten()
}

/// How many bytes at the start of `body` are a leading `#` heading whose text is `title` (0 when
/// there is none): the part of the body not rendered, since the page shows the title already.
pub fn repeated_title_len(body: &str, title: &str) -> usize {
    // Most bodies start with no `#` heading: told from their first two lines, not their first
    // paragraph (every lesson comes through here).
    let mut lines = body.trim_start_matches(['\n', '\r', ' ']).lines();
    let first = lines.next().unwrap_or("");
    if !first.starts_with('#')
        && !lines
            .next()
            .is_some_and(|l| l.trim_start().starts_with('='))
    {
        return 0;
    }
    match first_heading(body, true) {
        Some(h) if h.leads && same_title(&h.text, title) => h.range.end,
        _ => 0,
    }
}

/// A heading's text equals a front-matter title: as written, or once the title is read as
/// markdown too (`title: You're here` and `# You're here`, whose quote smart punctuation curls).
fn same_title(heading: &str, title: &str) -> bool {
    let title = title.trim();
    heading == title || heading_text(&format!("# {title}")) == heading
}

/// The first level-1 heading of `body` (ATX `# Title`, or a one-line setext `Title` over `===`),
/// outside fenced and indented code. With `leading_only`, looks no further than the first block.
pub fn first_heading(body: &str, leading_only: bool) -> Option<FirstHeading> {
    let mut fence: Option<(char, usize)> = None;
    // The previous line, when it could be a one-line setext heading: (its range, and whether
    // only blank lines are above it).
    let mut previous: Option<(Range<usize>, bool)> = None;
    let mut blank_above = true;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let range = offset..offset + line.len();
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start_matches(' ').len();
        let trimmed = content.trim_start_matches(' ');
        if let Some((c, n)) = fence {
            if indent < 4 && trimmed.chars().take_while(|&d| d == c).count() >= n {
                let rest = trimmed.trim_start_matches(c);
                if rest.trim().is_empty() {
                    fence = None;
                }
            }
            continue;
        }
        if trimmed.is_empty() {
            if leading_only && !blank_above {
                return None;
            }
            previous = None;
            continue;
        }
        let first_block = blank_above;
        blank_above = false;
        if indent >= 4 || content.starts_with('\t') {
            if previous.is_none() {
                // Indented code (not a paragraph's continuation).
                if leading_only {
                    return None;
                }
                continue;
            }
        } else if let Some(c) = trimmed.chars().next().filter(|c| *c == '`' || *c == '~') {
            let n = trimmed.chars().take_while(|&d| d == c).count();
            if n >= 3 {
                fence = Some((c, n));
                if leading_only {
                    return None;
                }
                previous = None;
                continue;
            }
        } else if is_atx_h1(trimmed) {
            let text = heading_text(content);
            if !text.is_empty() {
                return Some(FirstHeading {
                    text,
                    range,
                    leads: first_block,
                });
            }
        } else if let Some((above, leads)) = previous.take()
            && trimmed.trim_end().chars().all(|c| c == '=')
        {
            let text = heading_text(&body[above.start..range.end]);
            if !text.is_empty() {
                return Some(FirstHeading {
                    text,
                    range: above.start..range.end,
                    leads,
                });
            }
        }
        if leading_only && !first_block {
            return None;
        }
        // A one-line paragraph may be a setext heading's text; a second line makes it a longer
        // paragraph, which is not looked at.
        previous = (first_block
            || body[..range.start].ends_with("\n\n")
            || body[..range.start].ends_with("\n\r\n"))
        .then_some((range, first_block));
    }
    None
}

/// `# Title` (up to three spaces before it): one `#`, then a space, a tab or the line's end.
fn is_atx_h1(trimmed: &str) -> bool {
    trimmed
        .strip_prefix('#')
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

/// The text of the heading in `markdown` as the page shows it: inline markup stripped, image
/// descriptions left out, smart punctuation applied, a `{#id}` removed.
fn heading_text(markdown: &str) -> String {
    let mut text = String::new();
    let mut in_image = 0usize;
    for event in Parser::new_ext(markdown, crate::markdown::options()) {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if in_image == 0 => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(body: &str) -> Option<(String, bool)> {
        first_heading(body, false).map(|h| (h.text, h.leads))
    }

    #[test]
    fn the_first_h1_gives_the_title_with_markup_stripped() {
        assert_eq!(
            first("# The *cogs* of `sales` [here](x.md)\n"),
            Some(("The cogs of sales here".into(), true))
        );
        assert_eq!(
            first("\n\nIntro.\n\n## Two\n\n#  Late {#late}\n"),
            Some(("Late".into(), false))
        );
        assert_eq!(
            first("Setext\n======\n\ntext"),
            Some(("Setext".into(), true))
        );
        assert_eq!(
            first("# ![logo](l.png) 🚀 Launch\n"),
            Some(("🚀 Launch".into(), true))
        );
        assert_eq!(first("You're here\n===\n").unwrap().0, "You’re here");
    }

    #[test]
    fn code_and_other_headings_are_not_titles() {
        assert_eq!(first("```sh\n# comment\n```\n"), None);
        assert_eq!(first("~~~~\n# a\n~~~\n# b\n~~~~\n"), None);
        assert_eq!(first("    # indented code\n"), None);
        assert_eq!(first("#hashtag\n## Two\n#\n"), None);
        assert_eq!(first("line one\nline two\n===\n"), None);
        assert_eq!(first(""), None);
    }

    #[test]
    fn only_a_leading_heading_equal_to_the_title_is_cut() {
        let body = "\n# Cogs\n\nText.\n";
        assert_eq!(repeated_title_len(body, "Cogs"), "\n# Cogs\n".len());
        assert_eq!(repeated_title_len(body, "Other"), 0);
        assert_eq!(repeated_title_len("Text.\n\n# Cogs\n", "Cogs"), 0);
        assert_eq!(
            repeated_title_len("# You're in\n", "You're in"),
            "# You're in\n".len()
        );
        assert_eq!(
            repeated_title_len("Cogs\r\n===\r\nx", "Cogs"),
            "Cogs\r\n===\r\n".len()
        );
    }

    #[test]
    fn no_title_anywhere_is_an_error_at_the_body() {
        let text = "---\nduration: 5\n---\nJust text.\n";
        let d = lesson_title(Path::new("l.md"), text, 20, None).unwrap_err();
        assert_eq!((d.line, d.col), (4, 1), "{d}");
        assert!(d.message.contains("no title"), "{d}");
        let (title, start) = lesson_title(Path::new("l.md"), "# Hi\nbody", 0, None).unwrap();
        assert_eq!((title.as_str(), start), ("Hi", 5));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Lines that make headings interesting: fences, underlines, indents, CRs.
    fn body() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                "# [a-zé*`🚀 ]{0,8}",
                "={1,4}",
                "```",
                "~~~~",
                "    # code",
                "",
                "\r",
                "text ?[a-z]{0,5}",
                "#",
                "\\PC{0,6}",
            ],
            0..10,
        )
        .prop_map(|lines| lines.join("\n"))
    }

    proptest! {
        /// Whatever the body, the heading found lies on line boundaries inside it, and the part
        /// cut is a prefix ending at a line boundary: never a panic, never a split character.
        #[test]
        fn headings_and_cuts_stay_on_line_boundaries(body in body(), title in "[a-z ]{0,6}") {
            if let Some(h) = first_heading(&body, false) {
                prop_assert!(h.range.end <= body.len() && body.is_char_boundary(h.range.start));
                prop_assert!(h.range.start == 0 || body[..h.range.start].ends_with('\n'));
            }
            let cut = repeated_title_len(&body, &title);
            prop_assert!(cut <= body.len() && (cut == 0 || body[..cut].ends_with('\n') || cut == body.len()));
        }
    }
}
