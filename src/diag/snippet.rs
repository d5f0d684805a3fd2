//! How a diagnostic is drawn: `path:line:col: error: message`, then its source line with a caret
//! under the column, a label's line ("first set here"), and the help, by annotate-snippets.

use std::fmt;

use super::{Diagnostic, MESSAGE_CHARS, Severity, shorten_middle};

/// `path:line:col: error: message`, then a snippet with a caret and the help. The alternate
/// form (`{:#}`) is in colour, for a terminal (see [`use_color`]); the plain form is for logs,
/// the serve overlay and tests.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let color = f.alternate();
        let (kind, style) = match self.severity {
            Severity::Error => ("error", anstyle::AnsiColor::BrightRed),
            Severity::Warning => ("warning", anstyle::AnsiColor::BrightYellow),
        };
        let style = match color {
            true => anstyle::Style::new().bold().fg_color(Some(style.into())),
            false => anstyle::Style::new(),
        };
        let path = self.path.display();
        let message = shorten_middle(&self.message, MESSAGE_CHARS);
        if self.line == 0 {
            write!(f, "{path}: {style}{kind}{style:#}: {message}")?;
        } else {
            let (line, col) = (self.line, self.col);
            write!(f, "{path}:{line}:{col}: {style}{kind}{style:#}: {message}")?;
        }
        match &self.source_line {
            Some(src) => write!(f, "\n{}", self.render_snippet(src, color)),
            None => match &self.help {
                Some(help) => write!(f, "\n  = help: {help}"),
                None => Ok(()),
            },
        }
    }
}

impl Diagnostic {
    /// The snippet of `src` (the line, or its window) with a caret under the column, and the
    /// help, drawn by annotate-snippets (rustc's renderer): it measures how wide each character
    /// is on screen, so the caret stays under its character after CJK text or an emoji.
    fn render_snippet(&self, src: &str, color: bool) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let span = caret_span(src, self.col, self.snippet_from);
        let mut group = Group::with_level(level);
        let (joined, also_path);
        match &self.also {
            // One file: both lines in one snippet, the lines between folded away (`...`).
            Some(also) if also.path == self.path && also.line != self.line => {
                let also_span = caret_span(&also.source_line, also.col, also.snippet_from);
                let (first, second) = match also.line < self.line {
                    true => ((also.line, also.source_line.as_str()), (self.line, src)),
                    false => ((self.line, src), (also.line, also.source_line.as_str())),
                };
                // The lines between, when close; else blank lines, which are folded.
                let middle = match also.between.len() + 1 == second.0 - first.0 {
                    true => also.between.iter().map(|l| format!("\n{l}")).collect(),
                    false => "\n".repeat(second.0 - first.0 - 1),
                };
                joined = format!("{}{middle}\n{}", first.1, second.1);
                let second_at = first.1.len() + middle.len() + 1;
                let (span, also_span) = match also.line < self.line {
                    true => (shift(span, second_at), also_span),
                    false => (span, shift(also_span, second_at)),
                };
                group = group.element(
                    Snippet::source(joined.as_str())
                        .line_start(first.0)
                        .annotation(AnnotationKind::Primary.span(span))
                        .annotation(
                            AnnotationKind::Context
                                .span(also_span)
                                .label(also.message.as_str()),
                        ),
                );
            }
            also => {
                group = group.element(
                    Snippet::source(src)
                        .line_start(self.line)
                        .annotation(AnnotationKind::Primary.span(span)),
                );
                // Another file is named, as rustc names it (`::: path:line:col`).
                if let Some(also) = also {
                    also_path = also.path.display().to_string();
                    let span = caret_span(&also.source_line, also.col, also.snippet_from);
                    group = group.element(
                        Snippet::source(also.source_line.as_str())
                            .line_start(also.line)
                            .path(also_path.as_str())
                            .annotation(
                                AnnotationKind::Context
                                    .span(span)
                                    .label(also.message.as_str()),
                            ),
                    );
                }
            }
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(&**help));
        }
        let renderer = match color {
            true => Renderer::styled(),
            false => Renderer::plain(),
        };
        // The line is already cut to a window (`snippet_window`): no second cut.
        renderer.term_width(4096).render(&[group])
    }
}

fn shift(span: std::ops::Range<usize>, by: usize) -> std::ops::Range<usize> {
    span.start + by..span.end + by
}

/// The bytes of `src` (a line, or a window of it that starts `from` characters in, with one `…`
/// for what was cut) under which the caret for 1-based character column `col` goes.
fn caret_span(src: &str, col: usize, from: u32) -> std::ops::Range<usize> {
    let from = from as usize;
    let before = col.saturating_sub(1) - from.min(col.saturating_sub(1)) + usize::from(from > 0);
    let start = src.char_indices().nth(before).map_or(src.len(), |(i, _)| i);
    let end = src[start..]
        .chars()
        .next()
        .map_or(start, |c| start + c.len_utf8());
    start..end
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::{Diagnostic, SNIPPET_CHARS};

    #[test]
    fn the_caret_stays_under_its_character_after_cjk_text_and_an_emoji() {
        // Issue 21: each wide character moved the caret one column left of the error.
        let text = "title: 漢字の🎉テスト x: y\n";
        let d = Diagnostic::error_at(Path::new("a.md"), text, 1, 16, "mapping values");
        let shown = d.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        let src = lines[2].strip_prefix("1 | ").expect("the source line");
        let caret = lines[3].strip_prefix("  | ").expect("the caret line");
        assert_eq!(caret.trim_start(), "^", "{shown}");
        // Screen columns: CJK characters and the emoji take two, the rest one.
        let width = |s: &str| {
            s.chars()
                .map(|c| if c.is_ascii() { 1 } else { 2 })
                .sum::<usize>()
        };
        let under: String = src.chars().skip(15).collect();
        assert!(under.starts_with("x:"), "{under}");
        let before: String = src.chars().take(15).collect();
        assert_eq!(caret.len() - 1, width(&before), "{shown}");
    }

    #[test]
    fn a_label_points_back_at_the_first_of_two_duplicates() {
        // Issue 21: secondary labels. Close places: the lines between are drawn.
        let text = "title: A\nduration: 5\ntitle: B\n";
        let path = Path::new("c/a.md");
        let d = Diagnostic::error_at(path, text, 3, 1, "duplicate field `title`")
            .with_label(path, text, 1, 1, "first set here")
            .with_help("keep one");
        assert_eq!(
            d.to_string(),
            "c/a.md:3:1: error: duplicate field `title`\n  |\n1 | title: A\n  | - first set here\n2 | duration: 5\n3 | title: B\n  | ^\n  |\n  = help: keep one"
        );
        // Far apart: the lines between are folded, never shown wrong.
        let far = format!("title: A\n{}title: B\n", "x: 1\n".repeat(40));
        let d =
            Diagnostic::error_at(path, &far, 42, 1, "dup").with_label(path, &far, 1, 1, "first");
        let shown = d.to_string();
        assert!(
            shown.contains(" 1 | title: A\n   | - first\n...\n42 | title: B\n   | ^"),
            "{shown}"
        );
        assert!(!shown.contains("x: 1"), "{shown}");
        // Another file: named, with its line and column.
        let other = Path::new("c/b.md");
        let d = Diagnostic::error_at(path, "id: x\n", 1, 1, "id `x` is also used by c/b.md")
            .with_label(other, "title: T\nid: x\n", 2, 1, "also used here");
        let shown = d.to_string();
        assert!(
            shown.contains("::: c/b.md:2:1\n  |\n2 | id: x\n  | - also used here"),
            "{shown}"
        );
        // A label on a line the text does not have is left out, not drawn wrong.
        let d = Diagnostic::error_at(path, text, 3, 1, "dup").with_label(path, text, 99, 1, "x");
        assert!(d.also.is_none());
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_with_the_caret_in_place() {
        let line = format!("{}BAD{}", "a".repeat(5000), "z".repeat(5000));
        let d = Diagnostic::error_at(Path::new("q.yaml"), &line, 1, 5001, "here");
        let shown = d.to_string();
        assert!(shown.len() < 600, "{} bytes", shown.len());
        let lines: Vec<&str> = shown.lines().collect();
        let src = lines[2].strip_prefix("1 | ").unwrap();
        let caret = lines[3].strip_prefix("  | ").unwrap();
        assert!(src.starts_with('…') && src.ends_with('…'), "{src}");
        let at = caret.chars().count() - 1;
        assert_eq!(src.chars().skip(at).take(3).collect::<String>(), "BAD");
        assert_eq!(
            d.source_line.as_ref().unwrap().chars().count(),
            SNIPPET_CHARS + 2
        );
    }
}
