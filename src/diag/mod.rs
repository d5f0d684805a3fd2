//! Diagnostics: mistakes in an author's content, reported like a compiler's.
//!
//! Every stage that reads content returns [`Diagnostic`]s instead of stopping at the first
//! problem. A diagnostic is plain data (path, 1-based line and column, message, optional help
//! and the source line for a snippet); [`Diagnostics`] collects, sorts and prints them.
//! Plumbing failures (IO, templates) are `anyhow` errors instead.

pub mod print;
mod snippet;

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is: errors fail the build, warnings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Fails the build.
    Error,
    /// Printed, the build goes on.
    Warning,
}

/// One mistake at one place in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as the user reaches it from the working directory (`site/content/a.md`).
    pub path: PathBuf,
    /// 1-based line; 0 when the problem is with the file as a whole.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub col: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it, when we know.
    pub help: Option<Box<str>>,
    /// The text of the offending line, for the snippet; a long line is kept as a window around
    /// the column (see [`Diagnostic::snippet_from`]).
    pub source_line: Option<String>,
    /// How many characters of the line were cut before the window `source_line` holds (shown
    /// as `…`); 0 when it starts at the line's start.
    pub snippet_from: u32,
    /// A broken internal link: `broken_links = "warn"` in site.toml makes it a warning.
    pub broken_link: bool,
    /// A second place the mistake involves, drawn under the first ("first set here").
    pub also: Option<Box<Label>>,
}

/// A second place a diagnostic points at, with its own words: the first of two duplicates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Its file: the diagnostic's own, or another (drawn with its path).
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub col: usize,
    /// The line's text (a window of it, like the diagnostic's), and how many characters were
    /// cut before the window.
    pub source_line: String,
    /// How many characters of the line were cut before the window.
    pub snippet_from: u32,
    /// What is there, e.g. "first set here".
    pub message: String,
    /// In the diagnostic's own file, the lines between the two places when they are close
    /// ([`LABEL_GAP`] lines or fewer), drawn between them; a longer gap is folded (`...`).
    pub between: Vec<String>,
}

/// The most lines between a diagnostic and its label that are drawn; more are folded.
pub const LABEL_GAP: usize = 4;

impl Diagnostic {
    /// An error about a whole file (no line).
    pub fn file_error(path: &Path, message: impl Into<String>) -> Self {
        Self {
            path: path.to_path_buf(),
            line: 0,
            col: 0,
            severity: Severity::Error,
            message: message.into(),
            help: None,
            source_line: None,
            snippet_from: 0,
            broken_link: false,
            also: None,
        }
    }

    /// An error at `line:col` of `path`, with the snippet taken from `text` (the whole file).
    pub fn error_at(
        path: &Path,
        text: &str,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        Self::with_snippet(path, line_text(text, line), line, col, message)
    }

    /// An error at `line:col` of `path`, whose line `source` is at hand (from a [`LineIndex`],
    /// so that a file with thousands of diagnostics is not scanned once for each: issue 22).
    pub fn with_snippet(
        path: &Path,
        source: Option<&str>,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        let col = col.max(1);
        let (source_line, snippet_from) = match source {
            Some(l) => {
                let (window, from) = snippet_window(l, col);
                (Some(window), from)
            }
            None => (None, 0),
        };
        let snippet_from = u32::try_from(snippet_from).unwrap_or(u32::MAX);
        Self {
            line,
            col,
            source_line,
            snippet_from,
            ..Self::file_error(path, message)
        }
    }

    /// Points at a second place, `line:col` of `path` (whose whole text is `text`), labelled
    /// `message`: the first of two duplicates, say. Drawn only when the line is found.
    pub fn with_label(
        mut self,
        path: &Path,
        text: &str,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        if let Some(source) = line_text(text, line) {
            let col = col.max(1);
            let (source_line, from) = snippet_window(source, col);
            let (lo, hi) = (line.min(self.line), line.max(self.line));
            let between = match path == self.path && hi - lo <= LABEL_GAP + 1 {
                true => (lo + 1..hi)
                    .map(|l| snippet_window(line_text(text, l).unwrap_or(""), 1).0)
                    .collect(),
                false => Vec::new(),
            };
            self.also = Some(Box::new(Label {
                path: path.to_path_buf(),
                line,
                col,
                source_line,
                snippet_from: u32::try_from(from).unwrap_or(u32::MAX),
                message: message.into(),
                between,
            }));
        }
        self
    }

    /// Adds a hint on how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into().into_boxed_str());
        self
    }

    /// Moves the diagnostic to `line:col` (no snippet: the text is not at hand).
    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col;
        self
    }

    /// Marks a broken internal link (see [`Diagnostic::broken_link`]).
    pub fn broken_link(mut self) -> Self {
        self.broken_link = true;
        self
    }

    /// Turns an error into a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (&Path, usize, usize, &str) {
        (&self.path, self.line, self.col, &self.message)
    }
}

/// A snippet line longer than this many characters is shown as a window this wide around the
/// column, so a 1 MB line does not make a 1 MB error message (issue 22).
pub const SNIPPET_CHARS: usize = 160;

/// A message longer than this many characters is printed shortened (its start and its end).
pub const MESSAGE_CHARS: usize = 600;

/// `line`, or a window of [`SNIPPET_CHARS`] characters of it around 1-based column `col` with
/// `…` where it was cut, and how many characters were cut before the window.
fn snippet_window(line: &str, col: usize) -> (String, usize) {
    if line.len() <= SNIPPET_CHARS {
        return (line.to_owned(), 0);
    }
    let from = col.saturating_sub(1 + SNIPPET_CHARS / 2);
    let mut chars = line.chars().skip(from);
    let mut window: String = if from > 0 {
        "…".into()
    } else {
        String::new()
    };
    window.extend(chars.by_ref().take(SNIPPET_CHARS));
    if from == 0 && window.chars().count() < SNIPPET_CHARS {
        return (line.to_owned(), 0);
    }
    if chars.next().is_some() {
        window.push('…');
    }
    (window, from)
}

/// `text` whole when it is at most `max` characters, else its first `max` characters and `…`
/// with the number left out: for quoting what an author wrote (an option's text) in a message.
pub fn shorten(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => text.into(),
        Some((cut, _)) => {
            let rest = text[cut..].chars().count();
            format!("{}… ({rest} more characters)", &text[..cut]).into()
        }
    }
}

/// The text of 1-based line `line` of `text`, without its line ending.
fn line_text(text: &str, line: usize) -> Option<&str> {
    let l = text.split('\n').nth(line.checked_sub(1)?)?;
    Some(l.strip_suffix('\r').unwrap_or(l))
}

/// Whether to print diagnostics in colour: only to a terminal, and never when `NO_COLOR` is
/// set to anything but the empty string (no-color.org).
pub fn use_color(to_terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    to_terminal && no_color.is_none_or(|v| v.is_empty())
}

/// [`use_color`] for this process's stderr, where diagnostics are printed.
pub fn stderr_color() -> bool {
    use std::io::IsTerminal;
    use_color(
        std::io::stderr().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
    )
}

/// `text` whole when it is at most `max` characters, else its start and its end around a `…`
/// that says how much was left out: the end of a message says what was expected.
fn shorten_middle(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let Some((head_end, _)) = text.char_indices().nth(max * 2 / 3) else {
        return text.into();
    };
    let total = text.chars().count();
    if total <= max {
        return text.into();
    }
    let tail = max / 3;
    let (tail_start, _) = text.char_indices().nth(total - tail).expect("total > tail");
    format!(
        "{} … ({} characters left out) … {}",
        &text[..head_end],
        total - max * 2 / 3 - tail,
        &text[tail_start..]
    )
    .into()
}

/// All the diagnostics of a build, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// Empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Adds many.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(ds);
    }

    /// True if any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// Sorted by file, line, column and message, without duplicates.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.0.dedup();
        self.0
    }

    /// Splits into (errors as a failure, warnings): `Err` when there is any error.
    pub fn into_result(self) -> Result<Vec<Diagnostic>, ContentErrors> {
        let all = self.into_sorted();
        if all.iter().any(Diagnostic::is_error) {
            Err(ContentErrors(all))
        } else {
            Ok(all)
        }
    }
}

/// The error a build fails with when the content has mistakes: every diagnostic, then a summary.
#[derive(Debug)]
pub struct ContentErrors(pub Vec<Diagnostic>);

impl ContentErrors {
    /// The list as printed with at most `max` entries (0: all; see [`print::Listing`]), then
    /// the summary line; in colour in the alternate form (`{:#}`).
    pub fn listed(&self, max: usize) -> impl fmt::Display + '_ {
        struct Listed<'a>(&'a ContentErrors, usize);
        impl fmt::Display for Listed<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let diags = &self.0.0;
                let listing = print::Listing { diags, max: self.1 };
                match f.alternate() {
                    true => write!(f, "{listing:#}")?,
                    false => write!(f, "{listing}")?,
                }
                let errors = diags.iter().filter(|d| d.is_error()).count();
                let warnings = diags.len() - errors;
                write!(f, "{}", plural(errors, "error"))?;
                if warnings > 0 {
                    write!(f, " and {}", plural(warnings, "warning"))?;
                }
                write!(f, " found; nothing was written")
            }
        }
        Listed(self, max)
    }
}

/// Every error before any warning, at most [`print::DEFAULT_MAX`] entries (P09: a course with a
/// thousand broken links gets the first ones, and the count of the rest), then the summary.
impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.listed(print::DEFAULT_MAX))
    }
}

impl std::error::Error for ContentErrors {}

/// `1 error`, `2 errors`, `3 quizzes`.
pub fn plural(n: usize, word: &str) -> String {
    match n {
        1 => format!("1 {word}"),
        _ if word.ends_with('z') => format!("{n} {word}zes"),
        _ => format!("{n} {word}s"),
    }
}

/// For serde's "unknown field `tittle`, expected one of `title`, …" (YAML and TOML alike): the
/// closest known key as a "did you mean", else the list of allowed keys.
pub fn unknown_key_help(message: &str) -> Option<String> {
    let rest = message
        .split("unknown field `")
        .nth(1)
        .or_else(|| message.split("unknown variant `").nth(1))?;
    let (unknown, expected) = rest.split_once('`')?;
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let best = known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(unknown, k), *k))
        .min()
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .map(|(_, k)| k);
    Some(match best {
        Some(k) => format!("did you mean `{k}`?"),
        None => format!("the values allowed here are {}", known.join(", ")),
    })
}

/// Maps byte offsets of one file to 1-based line and column (in characters). Built once per file.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text`.
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { text, starts }
    }

    /// The text of 1-based line `line`, without its line ending; constant time, for the many
    /// diagnostics a long file can have (`Diagnostic::error_at` scans the text for each).
    pub fn line_text(&self, line: usize) -> Option<&'a str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).map_or(self.text.len(), |&e| e - 1);
        let l = &self.text[start..end];
        Some(l.strip_suffix('\r').unwrap_or(l))
    }

    /// 1-based (line, column) of byte `offset`.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        // The column counts characters, so a caret under "é" lands right.
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_is_one_based_and_counts_characters() {
        let idx = LineIndex::new("ab\ncé d\r\nx");
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col(1), (1, 2));
        assert_eq!(idx.line_col(3), (2, 1));
        assert_eq!(idx.line_col(6), (2, 3), "é is one character of two bytes");
        assert_eq!(idx.line_col(10), (3, 1), "CRLF ends a line like LF");
        assert_eq!(idx.line_col(99), (3, 2), "past the end clamps");
        assert_eq!(idx.line_text(2), Some("cé d"));
        assert_eq!(idx.line_text(3), Some("x"));
        assert_eq!(idx.line_text(4), None);
    }

    #[test]
    fn diagnostic_prints_path_line_col_snippet_and_help() {
        let d = Diagnostic::error_at(Path::new("c/a.md"), "x\n  title: 3\n", 2, 10, "bad title")
            .with_help("quote it");
        assert_eq!(
            d.to_string(),
            "c/a.md:2:10: error: bad title\n  |\n2 |   title: 3\n  |          ^\n  |\n  = help: quote it"
        );
    }

    #[test]
    fn colour_only_for_a_terminal_without_no_color() {
        use std::ffi::OsStr;
        assert!(use_color(true, None));
        assert!(
            use_color(true, Some(OsStr::new(""))),
            "an empty NO_COLOR counts as unset"
        );
        assert!(!use_color(true, Some(OsStr::new("1"))));
        assert!(!use_color(false, None));
        let d = Diagnostic::error_at(Path::new("a.md"), "title: [\n", 1, 8, "bad").with_help("h");
        assert!(!d.to_string().contains('\u{1b}'));
        let coloured = format!("{d:#}");
        assert!(coloured.contains("\u{1b}["), "{coloured:?}");
        assert!(coloured.starts_with("a.md:1:8: "), "{coloured:?}");
    }

    #[test]
    fn long_values_and_messages_are_shortened() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(
            shorten(&"é".repeat(12), 10),
            format!("{}… (2 more characters)", "é".repeat(10))
        );
        let message = format!("option \"{}\" has no `feedback`", "x".repeat(1_000_000));
        let shown = Diagnostic::file_error(Path::new("q.yaml"), message).to_string();
        assert!(shown.len() < MESSAGE_CHARS + 100, "{} bytes", shown.len());
        assert!(
            shown.ends_with("has no `feedback`"),
            "the end is kept: {shown}"
        );
        assert!(shown.contains("characters left out"));
    }

    #[test]
    fn diagnostics_sort_and_dedup() {
        let mut ds = Diagnostics::new();
        let b = Diagnostic::file_error(Path::new("b"), "x");
        let a = Diagnostic::file_error(Path::new("a"), "x");
        ds.extend([b.clone(), a.clone(), b.clone()]);
        assert_eq!(ds.into_sorted(), vec![a, b]);
    }
}
