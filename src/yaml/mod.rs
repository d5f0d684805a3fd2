//! The one seam between Syllabus and its YAML library (yaml_serde, the YAML organisation's
//! continuation of serde_yaml: same parser, messages and places; issue 21).
//!
//! Front matter and quiz files come in as text and go out as typed data, or as a [`YamlError`]
//! with a 1-based line and column inside that text and a "did you mean" for mistyped keys.
//! Swapping the YAML crate touches this file only ([`simple`], a fast path for the plainest
//! YAML, uses no YAML crate).

use serde::de::DeserializeOwned;

mod aliases;
pub mod simple;

/// A YAML mistake at a place in the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line within the parsed text.
    pub line: usize,
    /// 1-based column within the parsed text.
    pub col: usize,
    /// What went wrong, without the position.
    pub message: String,
    /// A suggestion, e.g. the key the author probably meant.
    pub help: Option<String>,
    /// For a duplicate key: the key and the line it was first set on, within the parsed text.
    pub first_set: Option<(String, usize)>,
}

impl YamlError {
    /// The error as a diagnostic of `path` (whole text `text`), where the parsed YAML starts at
    /// line `first_line`: at its place, with its help; a duplicate key also points at the line
    /// that first set it.
    pub fn into_diagnostic(
        self,
        path: &std::path::Path,
        text: &str,
        first_line: usize,
    ) -> crate::diag::Diagnostic {
        let line = first_line + self.line - 1;
        let d = crate::diag::Diagnostic::error_at(path, text, line, self.col, self.message);
        match self.first_set {
            Some((key, first)) => d
                .with_label(
                    path,
                    text,
                    first + first_line - 1,
                    self.col,
                    "first set here",
                )
                .with_help(format!("`{key}` is set twice in one place: keep one")),
            None => match self.help {
                Some(h) => d.with_help(h),
                None => d,
            },
        }
    }
}

/// Default: flow collections (`[`, `{`) nested deeper than this are refused before parsing: no course
/// needs more than a few levels, and the parser's time grows with the square of the depth.
pub const MAX_NESTING: usize = 64;
/// Default: lines indented further than this are refused before parsing, for the same reason.
pub const MAX_INDENT: usize = 256;

/// How deep and how wide YAML may go before the parser is asked (site.toml's `[limits]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Deepest nesting of flow collections (`[`, `{`): `max_yaml_nesting`.
    pub max_nesting: usize,
    /// Widest indentation of a line, in spaces: `max_yaml_indent`.
    pub max_indent: usize,
    /// Most bytes the values may take once aliases are expanded: `max_file_bytes` (issue 22).
    pub max_expanded_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_nesting: MAX_NESTING,
            max_indent: MAX_INDENT,
            max_expanded_bytes: 10 * 1024 * 1024,
        }
    }
}

/// Parses `text` as one YAML document into `T`, within the default [`Limits`].
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    parse_within(text, &Limits::default())
}

/// Parses `text` as one YAML document into `T`, refusing it first if it goes past `limits`.
pub fn parse_within<T: DeserializeOwned>(text: &str, limits: &Limits) -> Result<T, YamlError> {
    check_nesting(text, limits)?;
    if let Some(value) = simple::parse(text) {
        return Ok(value);
    }
    aliases::check_expansion(text, limits.max_expanded_bytes)?;
    parse_in_full(text)
}

/// A whole YAML page (a quiz, a scenario) read with [`parse_within`]: its value, or `None` with
/// the mistake pushed into `diags` at its line and column of `path`.
pub fn parse_page<T: DeserializeOwned>(
    text: &str,
    path: &std::path::Path,
    limits: &Limits,
    diags: &mut crate::diag::Diagnostics,
) -> Option<T> {
    match parse_within(text, limits) {
        Ok(value) => Some(value),
        Err(e) => {
            diags.push(e.into_diagnostic(path, text, 1));
            None
        }
    }
}

/// [`parse_within`] without the limits and without the fast path of [`simple`]: yaml_serde
/// reads every document (public so the fuzz target can compare the two).
pub fn parse_in_full<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    yaml_serde::from_str(text).map_err(|e| {
        let raw = e.to_string();
        let (line, col) = match (byte_position(&raw, text), e.location()) {
            (Some(place), _) => place,
            (None, Some(l)) => (l.line(), l.column()),
            (None, None) => unplaced_error_line(text),
        };
        let (line, col) = clamp_to_text(text, line, col);
        let message = humanize_path(&strip_positions(&raw));
        let help = crate::diag::unknown_key_help(&message).or_else(|| missing_field_help(&message));
        let first_set = None;
        let error = YamlError {
            line,
            col,
            message,
            help,
            first_set,
        };
        point_at_duplicate(error, text)
    })
}

/// Errors from the YAML reader (a control character, bad UTF-8) carry a byte offset in their
/// message instead of a place: turn it into line and column.
fn byte_position(message: &str, text: &str) -> Option<(usize, usize)> {
    let digits = message.split(" at position ").nth(1)?;
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    let mut offset: usize = digits[..end].parse().ok()?;
    while !text.is_char_boundary(offset.min(text.len())) {
        offset -= 1;
    }
    Some(crate::diag::LineIndex::new(text).line_col(offset))
}

/// yaml_serde sometimes reports a place past the end of the text (an error found at the end of
/// the stream, on the line after the last): point at the end of the last line instead, so the
/// snippet shows a real line.
fn clamp_to_text(text: &str, line: usize, col: usize) -> (usize, usize) {
    let lines: Vec<&str> = text.split('\n').collect();
    let width = |l: &str| l.strip_suffix('\r').unwrap_or(l).chars().count();
    match lines.get(line.wrapping_sub(1)) {
        Some(l) => (line, col.clamp(1, width(l) + 1)),
        None => {
            let last = lines.last().expect("split gives at least one line");
            (lines.len(), width(last) + 1)
        }
    }
}

/// Where to point an error yaml_serde gives without a place: only "more than one document",
/// which comes from a `---` or `...` line or from a line indented less than the first, where a
/// second document starts (P01). Lines end where YAML ends them, also at a lone CR or a
/// Unicode line break; the place is given in the `\n` lines editors and `LineIndex` count.
/// Other errors stay at the top of the block.
fn unplaced_error_line(text: &str) -> (usize, usize) {
    let mut starts = vec![0];
    for (i, c) in text.char_indices() {
        let lone_cr = c == '\r' && !text[i + 1..].starts_with('\n');
        if c == '\n' || lone_cr || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}') {
            starts.push(i + c.len_utf8());
        }
    }
    let is_break = |c: char| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}');
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let mut lines = starts
        .iter()
        .map(|&s| {
            (
                s,
                &text[s..s + text[s..].find(is_break).unwrap_or(text.len() - s)],
            )
        })
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let Some((_, first)) = lines.next() else {
        return (1, 1);
    };
    let top = indent(first);
    lines
        .find(|(_, l)| indent(l) < top || ["---", "..."].iter().any(|m| l.starts_with(m)))
        .map_or((1, 1), |(s, l)| {
            crate::diag::LineIndex::new(text).line_col(s + indent(l))
        })
}

/// A linear scan for nesting the parser would take quadratic time over (Y02).
fn check_nesting(text: &str, limits: &Limits) -> Result<(), YamlError> {
    let too_deep = |line: usize, col: usize, message: String, key: &str| YamlError {
        line,
        col,
        message,
        help: Some(format!(
            "a course file needs only a few levels; check for unclosed brackets, or raise `{key}` in the [limits] table of site.toml"
        )),
        first_set: None,
    };
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (n, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent > limits.max_indent {
            return Err(too_deep(
                n + 1,
                1,
                format!(
                    "indented by {indent} spaces, more than the limit of {}",
                    limits.max_indent
                ),
                "max_yaml_indent",
            ));
        }
        // Most lines hold no bracket, quote or comment and leave no quote open: nothing to do.
        if quote.is_none()
            && !line
                .bytes()
                .any(|b| matches!(b, b'[' | b'{' | b']' | b'}' | b'"' | b'\'' | b'#'))
        {
            continue;
        }
        let mut prev = ' ';
        for (col, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '#') if prev.is_whitespace() => break,
                (None, '"' | '\'') if depth > 0 || prev.is_whitespace() || prev == ':' => {
                    quote = Some(c)
                }
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > limits.max_nesting {
                        return Err(too_deep(
                            n + 1,
                            col + 1,
                            format!("nested more than {} levels deep", limits.max_nesting),
                            "max_yaml_nesting",
                        ));
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            prev = c;
        }
    }
    Ok(())
}

/// serde's `questions[0].options[1].correct: …` → `question 1, option 2, correct: …`: authors
/// count from one, and so do our own messages.
fn humanize_path(message: &str) -> String {
    let Some((path, rest)) = message.split_once(": ") else {
        return message.to_owned();
    };
    if path.contains(' ') || !path.contains(['[', '.']) {
        return message.to_owned();
    }
    let parts: Vec<String> = path
        .split('.')
        .map(|seg| match seg.split_once('[') {
            Some((name, idx)) => {
                let n: usize = idx.trim_end_matches(']').parse().unwrap_or(0);
                let name = match name {
                    "checklist" => "checklist item",
                    n => n.strip_suffix('s').unwrap_or(n),
                };
                format!("{name} {}", n + 1)
            }
            None => seg.to_owned(),
        })
        .collect();
    format!("{}: {rest}", parts.join(", "))
}

/// serde reports a duplicate key at the start of its mapping; move the error to the second
/// occurrence and name the first (P05).
fn point_at_duplicate(mut e: YamlError, text: &str) -> YamlError {
    let Some(key) = e
        .message
        .split("duplicate field `")
        .nth(1)
        .and_then(|r| r.split('`').next())
    else {
        return e;
    };
    let key = key.to_owned();
    let found: Vec<(usize, usize)> = text
        .lines()
        .enumerate()
        .skip(e.line.saturating_sub(1))
        .filter_map(|(i, l)| {
            let t = l.trim_start_matches([' ', '-']);
            let indent = l.len() - t.len();
            t.strip_prefix(key.as_str())
                .filter(|r| r.trim_start().starts_with(':'))
                .map(|_| (i + 1, indent))
        })
        .collect();
    if let Some(&(first, indent)) = found.first()
        && let Some(&(second, _)) = found.iter().skip(1).find(|(_, ind)| *ind == indent)
    {
        e.line = second;
        e.col = indent + 1;
        e.first_set = Some((key, first));
    }
    e
}

/// For "missing field `title`": say what to add.
fn missing_field_help(message: &str) -> Option<String> {
    let field = message.split("missing field `").nth(1)?.split('`').next()?;
    Some(format!("add a `{field}:` line"))
}

/// Removes yaml_serde's " at line L column C" from a message: its lines count from the start of
/// the YAML block, not the file, and the caller prints the right position itself.
fn strip_positions(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    if let Some((before, after)) = rest.split_once(" at position ")
        && after.starts_with(|c: char| c.is_ascii_digit())
    {
        out.push_str(before);
        rest = after.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let after = after.trim_start_matches(|c: char| c.is_ascii_digit());
        rest = match after.strip_prefix(" column ") {
            Some(a) => a.trim_start_matches(|c: char| c.is_ascii_digit()),
            None => after,
        };
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "fields exist to be parsed")]
    struct Front {
        title: String,
        weight: Option<i64>,
    }

    #[test]
    fn unknown_key_gets_a_suggestion_and_its_line() {
        let e = parse::<Front>("title: a\ntittle: b\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 1));
        assert!(
            e.message.contains("unknown field `tittle`"),
            "{}",
            e.message
        );
        assert_eq!(e.help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let deep = format!(
            "title: {}{}\n",
            "[".repeat(1_000_000),
            "]".repeat(1_000_000)
        );
        let e = parse::<serde::de::IgnoredAny>(&deep).unwrap_err();
        assert_eq!((e.line, e.col), (1, 8 + MAX_NESTING));
        assert!(
            e.message.contains("nested more than 64 levels"),
            "{}",
            e.message
        );
        let indented = format!("a:\n{}b: 1\n", " ".repeat(300));
        assert!(
            parse::<serde::de::IgnoredAny>(&indented)
                .unwrap_err()
                .message
                .contains("indented by 300")
        );
    }

    #[test]
    fn brackets_in_quotes_and_comments_do_not_count() {
        let text = format!(
            "title: \"{}\" # {}\nweight: 1\n",
            "[".repeat(100),
            "{".repeat(100)
        );
        assert_eq!(parse::<Front>(&text).unwrap().title, "[".repeat(100));
    }

    #[test]
    fn a_second_document_is_pointed_at() {
        // Found by the `front_matter` fuzz target: yaml_serde gives this error no place.
        let e = parse::<Front>("  title: a\n\n bad: 1\n").unwrap_err();
        assert!(
            e.message.contains("more than one document"),
            "{}",
            e.message
        );
        assert_eq!((e.line, e.col), (3, 2));
        let e = parse::<Front>("title: a\n--- x\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 1));
        let e = parse::<Front>("title: a\r--- x\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 10), "a lone CR ends a YAML line");
    }

    #[test]
    fn reader_errors_and_errors_at_the_end_point_into_the_text() {
        // Found by the fuzz targets: a control character was reported at the block's first
        // line with a byte offset in the message, and an error at the end of the stream on a
        // line after the last.
        let e = parse::<Front>("title: a\nweight: \"x\u{0}\"\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 11), "{}", e.message);
        assert_eq!(e.message, "control characters are not allowed");
        let e = parse::<Front>("title: a\nweight:\nques").unwrap_err();
        assert_eq!((e.line, e.col), (3, 5), "{}", e.message);
    }

    #[test]
    fn serde_paths_count_from_one() {
        assert_eq!(
            humanize_path("questions[0].options[1].correct: bad"),
            "question 1, option 2, correct: bad"
        );
        assert_eq!(
            humanize_path("duration: invalid type"),
            "duration: invalid type"
        );
        assert_eq!(humanize_path("did not find: x"), "did not find: x");
    }

    #[test]
    fn positions_relative_to_the_block_are_removed() {
        assert_eq!(
            strip_positions(
                "did not find expected ',' at line 3 column 9, while parsing a flow sequence at line 2 column 5"
            ),
            "did not find expected ',', while parsing a flow sequence"
        );
    }

    #[test]
    fn type_error_points_at_the_value() {
        let e = parse::<Front>("title: a\nweight: abc\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 9));
    }

    #[test]
    fn implicit_typing_never_changes_a_string() {
        for v in ["No", "no", "on", "1.10", "012", "yes", "~x"] {
            let f: Front = parse(&format!("title: {v}\n")).unwrap();
            assert_eq!(f.title, v);
        }
    }
}
