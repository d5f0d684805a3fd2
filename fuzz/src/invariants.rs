//! The invariants the fuzz targets check, one function per target.
//!
//! This file is shared: the fuzz crate (`fuzz/`, nightly, libFuzzer) calls it from each target,
//! and the integration tests (`tests/it/properties.rs`, stable, CI) include it with `#[path]` and
//! call it on the committed corpus and on proptest inputs. So CI checks the same invariants the
//! fuzzer does, on every run. Each function takes the raw input bytes or text and returns
//! `Err(what broke)` instead of panicking, so proptest can shrink and the fuzzer can report.

use std::path::{Component, Path};
use std::time::{Duration, Instant};

use syllabus::budget::Budget;
use syllabus::config::Limits;
use syllabus::diag::{Diagnostic, Diagnostics};
use syllabus::fs::FileStamp;
use syllabus::load::front_matter::{self, Split, Unclosed};
use syllabus::markdown::{Input, Link, Links, RawHtml};

/// What a broken invariant says.
pub type Check = Result<(), String>;

macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

// ---------------------------------------------------------------------------------------------
// 1. Front matter

/// The front matter a lesson may have, as the loader reads it: enough shape for serde to report
/// type errors, unknown keys and missing fields.
#[derive(Debug, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "fields exist to be parsed")]
struct Front {
    title: String,
    #[serde(default)]
    description: String,
    weight: Option<i64>,
    duration: Option<u32>,
    id: Option<String>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    objectives: Vec<String>,
}

fn is_fence(line: &str, fence: &str) -> bool {
    line.trim_end_matches([' ', '\t', '\r']) == fence
}

/// Splitting a file is exact: the parts rejoin to the file, the fences are where the rules say
/// (P07, P08), and parse errors point at a real line and column of the file (P01).
pub fn front_matter(data: &[u8]) -> Check {
    let Ok(raw) = std::str::from_utf8(data) else {
        return Ok(());
    };
    // The loader removes one BOM before splitting (P02); do the same.
    let text = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let lines: Vec<&str> = text.split('\n').collect();
    match front_matter::split(text) {
        Ok(Some(Split { yaml, body_start })) => {
            let (a, b) = yaml;
            ensure!(
                a <= b && b <= body_start && body_start <= text.len(),
                "split out of order: {yaml:?}, body at {body_start}, len {}",
                text.len()
            );
            for i in [a, b, body_start] {
                ensure!(text.is_char_boundary(i), "split inside a character at {i}");
            }
            ensure!(
                is_fence(lines[0], "---"),
                "front matter without a --- first line"
            );
            ensure!(
                a == lines[0].len() + 1,
                "YAML does not start after the first line"
            );
            let closing = &text[b..body_start];
            let closing = closing.strip_suffix('\n').unwrap_or(closing);
            ensure!(
                is_fence(closing, "---") || is_fence(closing, "..."),
                "the block is closed by {closing:?}, not a fence"
            );
            ensure!(
                !text[a..b].split_inclusive('\n').any(|l| is_fence(
                    l.trim_end_matches('\n'),
                    "---"
                ) || is_fence(
                    l.trim_end_matches('\n'),
                    "..."
                )),
                "the block is closed by a later fence than the first"
            );
            ensure!(
                body_start == text.len() || text[..body_start].ends_with('\n'),
                "the body starts mid-line"
            );
            ensure!(
                [
                    &text[..a],
                    &text[a..b],
                    &text[b..body_start],
                    &text[body_start..]
                ]
                .concat()
                    == text,
                "the parts do not rejoin to the file"
            );
        }
        Ok(None) => ensure!(
            !is_fence(lines[0], "---"),
            "a file starting with a --- line has no front matter"
        ),
        Err(Unclosed) => ensure!(
            is_fence(lines[0], "---")
                && !lines[1..]
                    .iter()
                    .any(|l| is_fence(l, "---") || is_fence(l, "...")),
            "reported unclosed, but a closing fence exists"
        ),
    }
    let path = Path::new("lesson.md");
    match front_matter::parse::<Front>(text, path) {
        Ok((_, body_start)) => ensure!(body_start <= text.len(), "body past the end"),
        Err(d) => {
            diagnostic_in(&d, text)?;
            shift_moves_by_n(text, &d)?;
        }
    }
    Ok(())
}

/// Blank lines added at the top of a YAML block move its error down by exactly that many lines.
fn shift_moves_by_n(text: &str, d: &Diagnostic) -> Check {
    let Ok(Some(split)) = front_matter::split(text) else {
        return Ok(());
    };
    // yaml_serde gives "more than one document" no place; `src/yaml/mod.rs` finds the second document
    // for the common shapes only (a known gap, see README.md).
    if d.message.contains("more than one document") && d.line == split_first_line(text, &split) {
        return Ok(());
    }
    if text[split.yaml.0..split.yaml.1].trim().is_empty() {
        return Ok(()); // An empty block stays empty, and its error stays put.
    }
    let nl = if text[..split.yaml.0].ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    for n in [1, 3] {
        let moved = format!(
            "{}{}{}",
            &text[..split.yaml.0],
            nl.repeat(n),
            &text[split.yaml.0..]
        );
        let Err(d2) = front_matter::parse::<Front>(&moved, Path::new("lesson.md")) else {
            return Err(format!("{n} blank lines made the error go away: {d}"));
        };
        ensure!(
            (d2.line, d2.col, &d2.message) == (d.line + n, d.col, &d.message),
            "{n} blank lines moved {}:{} `{}` to {}:{} `{}`",
            d.line,
            d.col,
            d.message,
            d2.line,
            d2.col,
            d2.message
        );
    }
    Ok(())
}

/// The file line the YAML block starts on.
fn split_first_line(text: &str, split: &Split) -> usize {
    text[..split.yaml.0].matches('\n').count() + 1
}

/// A diagnostic points at a line of `text` (or the whole file), and its column at a character
/// of that line or just past its end.
pub fn diagnostic_in(d: &Diagnostic, text: &str) -> Check {
    if d.line == 0 {
        return Ok(());
    }
    // YAML also breaks lines at a lone CR, NEL, U+2028 and U+2029, which editors and our
    // `LineIndex` mostly do not: there only the line count is checked (a known gap).
    let lone_cr = text
        .match_indices('\r')
        .any(|(i, _)| !text[i + 1..].starts_with('\n'));
    if lone_cr || text.contains(['\u{85}', '\u{2028}', '\u{2029}']) {
        let breaks = text
            .chars()
            .filter(|c| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'))
            .count();
        ensure!(
            d.line <= breaks + 1,
            "{}:{} is past the last line: {}",
            d.line,
            d.col,
            d.message
        );
        return Ok(());
    }
    let lines: Vec<&str> = text.split('\n').collect();
    ensure!(
        d.line <= lines.len(),
        "{}:{} is past the last line ({}): {}",
        d.line,
        d.col,
        lines.len(),
        d.message
    );
    let line = lines[d.line - 1];
    let width = line.strip_suffix('\r').unwrap_or(line).chars().count();
    ensure!(
        d.col >= 1 && d.col <= width + 1,
        "{}:{} is outside its line of {width} characters: {}",
        d.line,
        d.col,
        d.message
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 2. Quizzes

/// A quiz the checker accepts can be graded: at least one question, two or more options each,
/// exactly one right answer for `single` and `true_false`, at least one for `multiple`, unique
/// question and option ids, and a safe progress key. Every diagnostic points into the file.
pub fn quiz(data: &[u8]) -> Check {
    let Ok(text) = std::str::from_utf8(data) else {
        return Ok(());
    };
    let config = config();
    let mut diags = Diagnostics::new();
    let parsed = syllabus::quiz::parse_str(
        text,
        Path::new("q.quiz.yaml"),
        "m",
        "q",
        &config,
        &mut diags,
    );
    let errors = diags.has_errors();
    for d in diags.into_sorted() {
        diagnostic_in(&d, text)?;
    }
    let Some((quiz, _)) = parsed else {
        ensure!(errors, "a quiz was refused without an error");
        return Ok(());
    };
    ensure!(!errors, "a quiz with errors was accepted");
    ensure!(
        !quiz.questions.is_empty(),
        "accepted a quiz with no questions"
    );
    ensure!(
        quiz.pass_mark <= 100,
        "pass mark {} over 100",
        quiz.pass_mark
    );
    safe_id(&quiz.id)?;
    let mut ids = std::collections::HashSet::new();
    for q in &quiz.questions {
        ensure!(ids.insert(&q.id), "question id `{}` twice", q.id);
        ensure!(
            !q.prompt.trim().is_empty(),
            "question `{}` has no prompt",
            q.id
        );
        let right = q.choices.iter().filter(|c| c.correct).count();
        ensure!(q.choices.len() >= 2, "question `{}` has < 2 choices", q.id);
        use syllabus::model::QuestionKind::*;
        match q.kind {
            Single | TrueFalse => ensure!(right == 1, "question `{}`: {right} right", q.id),
            Multiple => ensure!(right >= 1, "question `{}`: none right", q.id),
        }
        let mut cids = std::collections::HashSet::new();
        for c in &q.choices {
            ensure!(
                cids.insert(&c.id),
                "option id `{}` twice in `{}`",
                c.id,
                q.id
            );
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 3. The YAML fast path

/// A quiz question's shape, for the YAML comparison: nested mappings, an enum, booleans.
#[derive(Debug, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct QuizShape {
    title: String,
    questions: Vec<QuestionShape>,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionShape {
    #[serde(rename = "type")]
    kind: syllabus::model::QuestionKind,
    prompt: String,
    options: Option<Vec<OptionShape>>,
    answer: Option<bool>,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionShape {
    text: String,
    correct: Option<bool>,
    feedback: Option<String>,
}

/// Where `yaml::simple` answers, yaml_serde gives the same value: as any value, as a lesson's
/// front matter and as a quiz.
pub fn yaml(data: &[u8]) -> Check {
    fn same<T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(text: &str) -> Check {
        if let Some(fast) = syllabus::yaml::simple::parse::<T>(text) {
            let full = syllabus::yaml::parse_in_full::<T>(text);
            ensure!(
                full.as_ref() == Ok(&fast),
                "the fast path read {fast:?}, yaml_serde {full:?}"
            );
        }
        Ok(())
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return Ok(());
    };
    same::<serde_json::Value>(text)?;
    same::<Front>(text)?;
    same::<QuizShape>(text)?;
    expansion_is_bounded(text)
}

/// What the parser accepts takes no more room, aliases expanded, than the limit allows (Y01,
/// issue 22): text without aliases makes values no bigger than about itself, and text with
/// them is measured first (16 bytes of values a byte of text is more than any YAML without
/// aliases makes). Sizes are counted as `yaml::aliases` counts them: each string's
/// bytes and 8 bytes a node.
fn expansion_is_bounded(text: &str) -> Check {
    fn size(v: &serde_json::Value) -> usize {
        8 + match v {
            serde_json::Value::String(s) => s.len(),
            serde_json::Value::Array(a) => a.iter().map(size).sum(),
            serde_json::Value::Object(o) => o.iter().map(|(k, v)| 8 + k.len() + size(v)).sum(),
            _ => 0,
        }
    }
    const LIMIT: usize = 1 << 16;
    let limits = syllabus::yaml::Limits {
        max_expanded_bytes: LIMIT,
        ..syllabus::yaml::Limits::default()
    };
    if let Ok(value) = syllabus::yaml::parse_within::<serde_json::Value>(text, &limits) {
        let bound = LIMIT.max(16 * text.len());
        ensure!(
            size(&value) <= bound,
            "{} bytes of YAML made {} bytes of values, over {bound}",
            text.len(),
            size(&value)
        );
    }
    Ok(())
}

fn config() -> syllabus::config::Config {
    let path = Path::new("site.toml");
    let text = "title = \"Fuzz\"\n";
    let raw = syllabus::config::parse_str(text, path).expect("a valid config");
    syllabus::config::Config::from_raw(raw, Path::new("."), path, text).expect("a valid config")
}

/// A progress key or URL part: plain segments of `[A-Za-z0-9._-]`, no `.`/`..`, no empty one.
pub fn safe_id(id: &str) -> Check {
    ensure!(
        !id.is_empty()
            && id
                .split('/')
                .all(|s| !s.is_empty() && s != "." && s != "..")
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c)),
        "unsafe id `{id}`"
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 3. Markdown through the sanitiser

/// The link resolver of a page in a small course, so links go through the real checks.
struct CourseLinks;

impl Links for CourseLinks {
    fn resolve(&self, dest: &str) -> Link {
        use std::sync::OnceLock;
        static INDEX: OnceLock<syllabus::build::links::SiteIndex> = OnceLock::new();
        let index = INDEX.get_or_init(|| {
            syllabus::build::links::SiteIndex::new(&course(), Path::new("content"), None)
        });
        index
            .for_page(
                Path::new("content/01-m/01-l.md"),
                Path::new("content"),
                "m/l.html",
            )
            .resolve(dest)
    }
}

fn course() -> syllabus::load::Loaded {
    use syllabus::model::*;
    let source = |p: &str| Source {
        path: p.into(),
        text: "---\ntitle: t\n---\n".into(),
        body_start: 17,
    };
    let lesson = Lesson {
        id: "m/l".into(),
        url: "m/l.html".into(),
        title: "L".into(),
        description: String::new(),
        duration: 0,
        objectives: Vec::new(),
        checklist: Vec::new(),
        roleplay: None,
        draft: false,
        updated: None,
        source: source("content/01-m/01-l.md"),
    };
    syllabus::load::Loaded {
        curriculum: Curriculum {
            home: Home {
                title: "H".into(),
                description: String::new(),
                source: source("content/_index.md"),
            },
            modules: vec![Module {
                id: "m".into(),
                slug: "m".into(),
                url: "m/index.html".into(),
                title: "M".into(),
                description: String::new(),
                source: source("content/01-m/_index.md"),
                entries: vec![Entry::Lesson(lesson)],
            }],
            guides: Vec::new(),
            assets: vec![Asset {
                path: "content/01-m/a b.png".into(),
                url: "m/a b.png".into(),
                stamp: FileStamp::default(),
            }],
        },
        left_out_drafts: Vec::new(),
        failed_pages: Vec::new(),
        orders: vec![vec![syllabus::load::Order {
            rank: Some(1),
            name: "01-l.md".into(),
        }]],
        module_orders: vec![syllabus::load::Order {
            rank: Some(1),
            name: "01-m".into(),
        }],
    }
}

/// Renders `data` as a lesson body (front matter included, as the build does) with raw HTML
/// off; the HTML must be safe and every diagnostic must point into the file.
pub fn markdown(data: &[u8]) -> Check {
    let Ok(text) = std::str::from_utf8(data) else {
        return Ok(());
    };
    let body_start = match front_matter::split(text) {
        Ok(Some(s)) => s.body_start,
        _ => 0,
    };
    let input = Input {
        markdown: &text[body_start..],
        path: Path::new("content/01-m/01-l.md"),
        file: Some((text, body_start)),
        line: 0,
        lesson_id: Some("m/l"),
        cut_title: None,
        raw_html: RawHtml::Clean,
        budget: &Budget::new(Limits::default().max_page_bytes),
    };
    let r = syllabus::markdown::render(&input, &CourseLinks);
    safe_html(&r.html)?;
    same_text(&r)?;
    for d in &r.diagnostics {
        diagnostic_in(d, text)?;
    }
    for h in &r.headings {
        ensure!(!h.id.is_empty(), "a heading without an id");
    }
    // As a quiz prompt: no file offsets, no checklist.
    let input = Input {
        file: None,
        line: 3,
        lesson_id: None,
        cut_title: None,
        ..input
    };
    let r = syllabus::markdown::render(&input, &CourseLinks);
    safe_html(&r.html)?;
    same_text(&r)?;
    // With raw HTML shown as text, and kept as written (read from the HTML then).
    for raw_html in [RawHtml::Text, RawHtml::Keep] {
        let r = syllabus::markdown::render(&Input { raw_html, ..input }, &CourseLinks);
        same_text(&r)?;
    }
    Ok(())
}

/// The search text read from the events, when there is one, is the text of the HTML.
fn same_text(r: &syllabus::markdown::Rendered) -> Check {
    let Some(text) = &r.text else {
        return Ok(());
    };
    let mut from_html = syllabus::search::text::Plain::default();
    from_html.push_html(&r.html);
    let mut from_events = syllabus::search::text::Plain::default();
    from_events.append(text);
    ensure!(
        from_events == from_html,
        "search text from events {from_events:?} but from the HTML {from_html:?}"
    );
    // Appended after other text, as the index does.
    let mut before = syllabus::search::text::Plain::default();
    before.push_block("title");
    let (mut a, mut b) = (before.clone(), before);
    a.push_html(&r.html);
    b.append(text);
    ensure!(a == b, "appended search text differs: {b:?} against {a:?}");
    Ok(())
}

/// Renders `text` as a lesson body, for timing: the library's work only, not the checks.
fn render_lesson(text: &str) {
    let input = Input {
        markdown: text,
        path: Path::new("content/01-m/01-l.md"),
        file: Some((text, 0)),
        line: 0,
        lesson_id: Some("m/l"),
        cut_title: None,
        raw_html: RawHtml::Clean,
        budget: &Budget::new(Limits::default().max_page_bytes),
    };
    drop(syllabus::markdown::render(&input, &CourseLinks));
}

/// Elements the rendered body may hold (the sanitiser's allow-list, and markdown's own output).
/// Written out here again on purpose, not taken from `sanitize`: an oracle that shared the
/// implementation's list would still pass if a dangerous element were added to it.
const SAFE_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
];

/// Schemes a URL attribute may carry.
const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// The HTML has no `<script` (or any element off the allow-list), no `on…=` attribute, no
/// `style` beyond table alignment, and no URL attribute a browser would run (`javascript:`,
/// `vbscript:`, `data:`, however spelt). Parses the output as a browser's tokenizer would for
/// well-formed output: text never holds a bare `<` outside a tag (markdown and the sanitiser
/// both escape it), so every `<` starts a tag or a comment.
pub fn safe_html(html: &str) -> Check {
    ensure!(
        !html.to_ascii_lowercase().contains("<script"),
        "<script in output: {html}"
    );
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        if html[i..].starts_with("!--") {
            return Err(format!("a comment in the output: {html}"));
        }
        let close = html[i..].starts_with('/');
        if close {
            i += 1;
        }
        let name_len = html[i..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(html.len() - i);
        let name = html[i..i + name_len].to_ascii_lowercase();
        ensure!(
            SAFE_TAGS.contains(&name.as_str()),
            "element `<{}{name}>` is not allowed: {html}",
            if close { "/" } else { "" }
        );
        i += name_len;
        // Attributes until `>`: name, optionally `=` and a quoted or bare value.
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            ensure!(i < b.len(), "unterminated tag: {html}");
            if b[i] == b'>' {
                break;
            }
            ensure!(!close, "attributes on a closing tag: {html}");
            let start = i;
            while i < b.len() && !b"\t\n\x0c\r />=".contains(&b[i]) {
                i += 1;
            }
            let attr = html[start..i].to_ascii_lowercase();
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                let quote = b.get(i).copied().filter(|q| *q == b'"' || *q == b'\'');
                let vstart = i + quote.is_some() as usize;
                let end = match quote {
                    Some(q) => html[vstart..].find(q as char).map(|e| vstart + e),
                    None => html[vstart..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .map(|e| vstart + e),
                };
                let Some(end) = end else {
                    return Err(format!("unterminated attribute value: {html}"));
                };
                value = decode_entities(&html[vstart..end]);
                i = end + quote.is_some() as usize;
            }
            ensure!(!attr.starts_with("on"), "event handler `{attr}`: {html}");
            if attr == "style" {
                ensure!(
                    matches!(
                        value.trim().trim_end_matches(';'),
                        "text-align: left" | "text-align: center" | "text-align: right"
                    ),
                    "style `{value}`: {html}"
                );
            }
            if [
                "href",
                "src",
                "action",
                "formaction",
                "xlink:href",
                "srcset",
                "background",
            ]
            .contains(&attr.as_str())
                && let Some(s) = url_scheme(&value)
            {
                ensure!(
                    SAFE_SCHEMES.contains(&s.as_str()),
                    "{attr}=\"{value}\" uses scheme `{s}`: {html}"
                );
            }
        }
        i += 1;
    }
    Ok(())
}

/// The scheme a browser would see in a URL attribute: leading C0 controls and spaces are
/// stripped and tabs and newlines anywhere are removed (WHATWG URL), then letters up to `:`.
fn url_scheme(value: &str) -> Option<String> {
    let v: String = value
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let end = v.find(':')?;
    let s = &v[..end];
    (s.chars().next()?.is_ascii_alphabetic()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
    .then(|| s.to_ascii_lowercase())
}

/// Decodes the character references a browser decodes in attribute values: numeric ones and
/// the named ones our writers produce, plus the few named ones that spell URL punctuation.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map_or(rest.len(), |e| e + 1);
        let name = &rest[1..end];
        let decoded = if let Some(num) = name.strip_prefix('#') {
            let n = match num.strip_prefix(['x', 'X']) {
                Some(h) => u32::from_str_radix(h, 16).ok(),
                None => num.parse().ok(),
            };
            n.map(|n| char::from_u32(n).unwrap_or('\u{fffd}'))
        } else {
            match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                "nbsp" => Some('\u{a0}'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------------------------------------
// 4. Slugs and output paths

/// Input lines are names as the file system gives them: line 1 a module folder, line 2 a file in
/// it, line 3 a front-matter `id`, later lines a raw output path. Slugs are plain, non-empty URL
/// segments; pages get the URL the loader gives them; every path `inside` accepts stays under the
/// root, and it refuses every path that could leave it.
pub fn paths(data: &[u8]) -> Check {
    let Ok(text) = std::str::from_utf8(data) else {
        return Ok(());
    };
    let mut lines = text.split('\n');
    let module = lines.next().unwrap_or_default();
    let file = lines.next().unwrap_or_default();
    let id = lines.next();
    let root = Path::new("/srv/out");
    // Names with `/` or NUL cannot come from a file system; the walk also skips hidden ones.
    let real_name =
        |n: &str| !n.is_empty() && !n.contains(['/', '\0']) && !syllabus::load::is_ignored_name(n);
    let mut slugs = Vec::new();
    for name in [module, file] {
        let (_, slug) = syllabus::load::name_slug(name);
        ensure!(
            slug.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "slug `{slug}` of `{name}` has characters outside [a-z0-9-]"
        );
        if real_name(name) && syllabus::load::page_name_problem(name).is_none() {
            ensure!(!slug.is_empty(), "`{name}` was accepted with an empty slug");
        }
        slugs.push(slug);
    }
    if slugs.iter().all(|s| !s.is_empty()) {
        let urls = [
            format!("{}/index.html", slugs[0]),
            format!("{}/{}.html", slugs[0], slugs[1]),
        ];
        for url in &urls {
            let p = syllabus::build::output::inside(root, url)
                .map_err(|e| format!("page URL `{url}` refused: {e}"))?;
            under_root(root, &p)?;
        }
        let default_id =
            syllabus::load::checked_id(None, &slugs[0], &slugs[1], Path::new("a.md"), "")
                .map_err(|d| d.to_string())?;
        safe_id(&default_id)?;
    }
    if let Some(id) = id
        && let Ok(ok) =
            syllabus::load::checked_id(Some(id.to_owned()), "m", "s", Path::new("a.md"), text)
    {
        safe_id(&ok)?;
    }
    for rel in lines.chain([module, file, text]) {
        if let Ok(p) = syllabus::build::output::inside(root, rel) {
            under_root(root, &p)?;
        }
    }
    Ok(())
}

/// `p` is `root` plus one or more plain components: nothing that climbs, restarts or is empty.
fn under_root(root: &Path, p: &Path) -> Check {
    let rest = p
        .strip_prefix(root)
        .map_err(|_| format!("{} is not under {}", p.display(), root.display()))?;
    ensure!(
        rest.components().count() > 0
            && rest.components().all(|c| matches!(c, Component::Normal(_))),
        "{} leaves or names the root",
        p.display()
    );
    ensure!(
        !rest.as_os_str().as_encoded_bytes().contains(&0),
        "{} has a NUL byte",
        p.display()
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 5. JSON inside <script>

/// Quiz data in `<script type="application/json">` can neither close its element nor open a
/// comment, survives JavaScript's line separators, and parses back to exactly what went in.
/// The input is JSON when it parses as JSON, else a list of strings split at NUL bytes.
pub fn json_script(data: &[u8]) -> Check {
    let text = String::from_utf8_lossy(data);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|_| {
        serde_json::Value::from(text.split('\0').map(str::to_owned).collect::<Vec<_>>())
    });
    let out = syllabus::theme::script_json::json_for_script(&value);
    for bad in ["<", ">", "&", "\u{2028}", "\u{2029}"] {
        ensure!(!out.contains(bad), "`{bad}` in script JSON: {out}");
    }
    let back: serde_json::Value =
        serde_json::from_str(&out).map_err(|e| format!("does not parse back: {e}: {out}"))?;
    ensure!(back == value, "round trip changed the data: {out}");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 6. Time per input byte

/// Work that grows faster than its input (pulldown-cmark's and YAML parsers' known traps, Q06,
/// Y02; html5ever's walks of its open elements in the sanitiser, issue 22): the input is
/// `prefix NUL pattern` or just a pattern, and the pattern is repeated `n` and `4n` times, and
/// at least often enough to make `min_bytes` and `4 * min_bytes` (a five-byte `<div>` needs
/// thousands to show its square). The larger must not take more than `limit` times as long as
/// the smaller (linear work takes about 4 times; quadratic, 16). Differences under `floor` are
/// noise and pass, and so does a difference that does not repeat three times (a busy
/// machine). Markdown is rendered with raw HTML off twice: as it is (the sanitiser runs
/// only if it holds raw HTML) and after one raw tag, which sends every page through it.
pub fn time_per_byte(
    data: &[u8],
    n: usize,
    min_bytes: usize,
    limit: u32,
    floor: Duration,
) -> Check {
    let Ok(text) = std::str::from_utf8(data) else {
        return Ok(());
    };
    let (prefix, pattern) = text.split_once('\0').unwrap_or(("", text));
    if pattern.is_empty() || text.len() > 64 {
        return Ok(());
    }
    let n = n.max(min_bytes.div_ceil(pattern.len()));
    let small = format!("{prefix}{}", pattern.repeat(n));
    let large = format!("{prefix}{}", pattern.repeat(4 * n));
    for (what, work) in [
        ("markdown", &render_lesson as &dyn Fn(&str)),
        ("markdown after a raw tag", &|t: &str| {
            render_lesson(&format!("<b>raw</b>\n\n{t}"))
        }),
        ("front matter", &|t: &str| {
            drop(front_matter::parse::<Front>(
                &format!("---\n{t}\n---\n"),
                Path::new("a.md"),
            ))
        }),
        ("quiz", &|t: &str| {
            let mut diags = Diagnostics::new();
            let path = Path::new("q.quiz.yaml");
            drop(syllabus::quiz::parse_str(
                t,
                path,
                "m",
                "q",
                &config(),
                &mut diags,
            ));
        }),
    ] {
        let time = |t: &str| {
            (0..3)
                .map(|_| {
                    let start = Instant::now();
                    work(t);
                    start.elapsed()
                })
                .min()
                .expect("three runs")
        };
        // A finding must repeat: a machine busy with other work (a build beside the fuzzer)
        // slows one measurement now and then, never three in a row by the same factor.
        let mut last = (Duration::ZERO, Duration::ZERO);
        let repeated = (0..3).all(|_| {
            last = (time(&small), time(&large));
            let (ts, tl) = last;
            !(tl < floor || tl < ts * limit)
        });
        let (ts, tl) = last;
        ensure!(
            !repeated,
            "{what}: {} bytes took {tl:?}, {} bytes {ts:?} (pattern {pattern:?}), three times",
            large.len(),
            small.len()
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 7. SVG files

/// An SVG the checker (`sanitize::svg::check`, on quick-xml) accepts holds nothing that runs or
/// reaches out, as a second, independent XML parser reads it (roxmltree, strict like browsers'
/// parsers): no element named `script` or `foreignObject` in any namespace or case, no HTML or
/// MathML element, no `on…` attribute in any namespace, no `href` with a scheme (but an embedded
/// raster image on `<image>`) or from the server root. Its text holds no `<script` in any case.
/// A refusal points into the file.
pub fn svg(data: &[u8]) -> Check {
    let Ok(text) = std::str::from_utf8(data) else {
        return Ok(());
    };
    if let Err(refusal) = syllabus::sanitize::svg::check(text) {
        ensure!(
            refusal.offset <= text.len() && text.is_char_boundary(refusal.offset),
            "refusal at {} is not a place in the file of {} bytes",
            refusal.offset,
            text.len()
        );
        return Ok(());
    }
    ensure!(
        !text.to_ascii_lowercase().contains("<script"),
        "accepted with `<script`: {text}"
    );
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    // What roxmltree refuses, browsers refuse too (or read nothing of): no oracle there.
    let Ok(doc) = roxmltree::Document::parse_with_options(text, options) else {
        return Ok(());
    };
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name();
        let local = name.name().to_ascii_lowercase();
        ensure!(
            local != "script" && local != "foreignobject",
            "accepted `<{}>`: {text}",
            name.name()
        );
        ensure!(
            !matches!(
                name.namespace(),
                Some("http://www.w3.org/1999/xhtml" | "http://www.w3.org/1998/Math/MathML")
            ),
            "accepted HTML or MathML `<{}>`: {text}",
            name.name()
        );
        for attr in node.attributes() {
            let attr_name = attr.name().to_ascii_lowercase();
            ensure!(
                !(attr_name.len() > 2 && attr_name.starts_with("on")),
                "accepted the handler `{}`: {text}",
                attr.name()
            );
            if attr_name == "href" {
                let value = attr.value();
                let image = matches!(name.name(), "image" | "feImage");
                let raster = ["png", "jpeg", "jpg", "gif", "webp"].iter().any(|t| {
                    value
                        .trim_start()
                        .to_ascii_lowercase()
                        .starts_with(&format!("data:image/{t}"))
                });
                if !(image && raster) {
                    ensure!(
                        url_scheme(value).is_none(),
                        "accepted href=\"{value}\": {text}"
                    );
                    let v = value.trim_start_matches(|c: char| c <= ' ');
                    ensure!(
                        !v.starts_with('/') && !v.starts_with('\\'),
                        "accepted href=\"{value}\" from the server root: {text}"
                    );
                }
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 8. Progress exports (`syllabus report` and Import)

/// Whatever bytes a learner's export file holds, `report::inputs::parse_export` answers without
/// a panic: a reason in words, or a value that is clean. A clean value belongs to the course
/// asked for, has a name within the model's limits (trimmed, at most `NAME_MAX` characters),
/// scores within 0 to 100, and is a fixed point: written as JSON and read again, it is the same
/// value, nothing lost (so the report and Import read what they kept the same way twice).
pub fn export(data: &[u8]) -> Check {
    use syllabus::progress::schema::{NAME_MAX, clean_name};
    use syllabus::report::inputs::parse_export;
    let site = "fixture";
    let stored = match parse_export(data, site) {
        Err(why) => {
            ensure!(!why.trim().is_empty(), "refused without a reason");
            return Ok(());
        }
        Ok(stored) => stored,
    };
    ensure!(
        stored.site == site,
        "kept another course's value: {}",
        stored.site
    );
    let name = &stored.learner.name;
    ensure!(
        name.chars().count() <= NAME_MAX && clean_name(name) == *name,
        "name not clean: {name:?}"
    );
    for (key, r) in &stored.units {
        ensure!(
            r.best.is_none_or(|b| b <= 100),
            "{key}: best score {:?} over 100",
            r.best
        );
        ensure!(r.at.is_finite(), "{key}: time {} not finite", r.at);
    }
    let again = serde_json::to_vec(&stored).map_err(|e| format!("cannot write it back: {e}"))?;
    match parse_export(&again, site) {
        Ok(twice) => ensure!(
            twice == stored,
            "read twice, it changed:\n{stored:?}\n{twice:?}"
        ),
        Err(why) => return Err(format!("its own value is refused: {why}")),
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Resume data (an LMS's `cmi.suspend_data`, or a cmi5 state document's `data`)

/// The package course the `resume_data` invariant reads against: the shared fixture's
/// (`tests/fixtures/progress/lms.json`: three lessons with four checklist items, two quizzes,
/// four scenarios; layouts `eb372e1c`, version 1's `e3b1c67d`), so its examples are seeds.
fn resume_course() -> syllabus::progress::lms::Course {
    use syllabus::progress::lms::{Course, Lesson, Question, Quiz, Scenario};
    let lesson = |id: &str, checks: &[&str]| Lesson {
        id: id.to_owned(),
        checks: checks.iter().map(|c| (*c).to_owned()).collect(),
    };
    let question = |id: &str, correct: &[&str]| Question {
        id: id.to_owned(),
        correct: correct.iter().map(|c| (*c).to_owned()).collect(),
    };
    let scenario = |id: &str, title: &str| Scenario {
        id: id.to_owned(),
        title: title.to_owned(),
    };
    Course::new(
        "lms-course",
        vec![
            lesson("a/one", &["x", "y"]),
            lesson("a/two", &[]),
            lesson("b/three", &["z", "w"]),
        ],
        vec![
            Quiz {
                id: "a/check".to_owned(),
                pass_mark: 80,
                questions: vec![question("q1", &["b"]), question("q2", &["a", "c"])],
            },
            Quiz {
                id: "b/final".to_owned(),
                pass_mark: 60,
                questions: vec![question("q1", &["true"])],
            },
        ],
        vec![
            scenario("a/talk", "A first talk"),
            scenario("b/call", "A call"),
            scenario("b/visit", "A visit"),
            scenario("b/deal", "The deal"),
        ],
    )
}

/// Whatever text an LMS hands back as resume data, `compact::decode` answers without a panic:
/// refused with a reason, or progress within the model's bounds (scores up to 100, attempts up
/// to `MAX_ATTEMPTS`, endings that are endings, only the package's units) that writes resume
/// data within the package's worst case and reads back the same.
pub fn resume_data(data: &[u8]) -> Check {
    use syllabus::progress::compact::{self, MAX_ATTEMPTS};
    use syllabus::progress::ending::Ending;
    let course = resume_course();
    let text = String::from_utf8_lossy(data);
    let Ok(stored) = compact::decode(&text, &course) else {
        return Ok(());
    };
    ensure!(
        stored.site == course.site,
        "another course: {}",
        stored.site
    );
    for (key, r) in &stored.units {
        ensure!(
            r.best.is_none_or(|b| b <= 100),
            "{key}: best {:?} over 100",
            r.best
        );
        ensure!(
            r.attempts.is_none_or(|a| a <= MAX_ATTEMPTS),
            "{key}: {:?} attempts",
            r.attempts
        );
        ensure!(
            r.ending
                .as_deref()
                .is_none_or(|e| Ending::parse(e).is_some()),
            "{key}: ending {:?}",
            r.ending
        );
        ensure!(r.at.is_finite() && r.at >= 0.0, "{key}: time {}", r.at);
    }
    let again = compact::encode(&stored, &course);
    ensure!(
        again.len() <= compact::worst_case_len(&course),
        "{again:?} is longer than the worst case"
    );
    match compact::decode(&again, &course) {
        Ok(back) => ensure!(
            back.units == stored.units,
            "read twice, it changed:\n{stored:?}\n{back:?}"
        ),
        Err(why) => return Err(format!("its own data {again:?} is refused: {why:?}")),
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 9. Scenarios (branching conversations)

/// Whatever a `*.scenario.yaml` file holds, `scenario::parse_str` answers without a panic, and
/// every diagnostic points into the file. It refuses only with an error and accepts only without
/// one. An accepted scenario is a playable graph: every reply leads to a node, the start reaches
/// every node, every node has replies or is an ending, every node can reach an ending, its id is
/// a safe progress key and its play data (the page's JSON) can be made. And it round-trips: the
/// scenario written back as YAML (block style, every string double-quoted and escaped) is
/// accepted and reads as the same scenario.
pub fn scenario(data: &[u8]) -> Check {
    let Ok(text) = std::str::from_utf8(data) else {
        return Ok(());
    };
    let Some((s, weight)) = parse_scenario(text)? else {
        return Ok(());
    };
    playable(&s)?;
    let again = write_scenario(&s, weight);
    match parse_scenario(&again) {
        Err(broken) => Err(format!("written back, {broken}:\n{again}")),
        Ok(None) => Err(format!("written back, it is refused:\n{again}")),
        Ok(Some((twice, weight2))) => {
            ensure!(
                weight == weight2,
                "weight {weight:?} read back as {weight2:?}"
            );
            ensure!(
                same_scenario(&s, &twice),
                "read back, it changed:\n{again}\n{s:?}\n{twice:?}"
            );
            Ok(())
        }
    }
}

/// Parses a scenario, checking that its diagnostics point into the file and agree with the
/// answer (`Ok(None)`: refused with an error).
fn parse_scenario(text: &str) -> Result<Option<(syllabus::model::Scenario, Option<i64>)>, String> {
    let mut diags = Diagnostics::new();
    let parsed = syllabus::scenario::parse_str(
        text,
        Path::new("s.scenario.yaml"),
        "m",
        "s",
        &config(),
        &mut diags,
    );
    let errors = diags.has_errors();
    for d in diags.into_sorted() {
        diagnostic_in(&d, text)?;
    }
    match parsed {
        None => {
            ensure!(errors, "a scenario was refused without an error");
            Ok(None)
        }
        Some(p) => {
            ensure!(!errors, "a scenario with errors was accepted");
            Ok(Some(p))
        }
    }
}

/// The graph of an accepted scenario can be played to an ending from anywhere.
fn playable(s: &syllabus::model::Scenario) -> Check {
    use syllabus::model::Step;
    safe_id(&s.id)?;
    let n = s.nodes.len();
    ensure!(n > 0 && s.start < n, "start {} of {n} nodes", s.start);
    let mut edges = vec![Vec::new(); n];
    for (i, node) in s.nodes.iter().enumerate() {
        if let Step::Choices(replies) = &node.step {
            ensure!(!replies.is_empty(), "node `{}` has no replies", node.id);
            for r in replies {
                ensure!(r.next < n, "node `{}`: next {} of {n}", node.id, r.next);
                ensure!(r.points.is_none_or(f64::is_finite), "points {:?}", r.points);
                edges[i].push(r.next);
            }
        }
    }
    // Forward from the start: every node.
    let mut seen = vec![false; n];
    let mut stack = vec![s.start];
    seen[s.start] = true;
    while let Some(i) = stack.pop() {
        for &j in &edges[i] {
            if !seen[j] {
                seen[j] = true;
                stack.push(j);
            }
        }
    }
    ensure!(
        seen.iter().all(|&b| b),
        "a node the start cannot reach was accepted"
    );
    // Backward from the endings: every node.
    let mut back = vec![Vec::new(); n];
    for (i, e) in edges.iter().enumerate() {
        for &j in e {
            back[j].push(i);
        }
    }
    let mut ends: Vec<usize> = (0..n)
        .filter(|&i| matches!(s.nodes[i].step, Step::Ending(_)))
        .collect();
    let mut out = vec![false; n];
    for &i in &ends {
        out[i] = true;
    }
    while let Some(i) = ends.pop() {
        for &j in &back[i] {
            if !out[j] {
                out[j] = true;
                ends.push(j);
            }
        }
    }
    ensure!(
        out.iter().all(|&b| b),
        "a node with no way to an ending was accepted"
    );
    let play = syllabus::scenario::data::PlayData::of(s);
    ensure!(!play.best.is_empty(), "no best ending");
    ensure!(
        play.nodes[s.start].advice.is_some() || play.nodes[s.start].ending == play.best,
        "no way from the start to the best ending"
    );
    serde_json::to_string(&play).map_err(|e| format!("play data: {e}"))?;
    Ok(())
}

/// A YAML double-quoted scalar holding exactly `s`: printable ASCII as is, the rest escaped.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// An accepted scenario written back as a scenario file.
fn write_scenario(s: &syllabus::model::Scenario, weight: Option<i64>) -> String {
    use std::fmt::Write;
    use syllabus::model::Step;
    let mut y = format!("title: {}\n", quoted(&s.title));
    let _ = writeln!(y, "description: {}", quoted(&s.description));
    if let Some(w) = weight {
        let _ = writeln!(y, "weight: {w}");
    }
    let _ = writeln!(y, "id: {}", quoted(&s.id));
    let _ = writeln!(y, "start: {}", quoted(&s.nodes[s.start].id));
    y.push_str("nodes:\n");
    for node in &s.nodes {
        let _ = writeln!(y, "  {}:", quoted(&node.id));
        let _ = writeln!(y, "    speaker: {}", quoted(&node.speaker));
        let _ = writeln!(y, "    text: {}", quoted(&node.text));
        match &node.step {
            Step::Ending(e) => {
                let _ = writeln!(y, "    ending: {}", e.as_str());
            }
            Step::Choices(replies) => {
                y.push_str("    choices:\n");
                for r in replies {
                    let _ = writeln!(y, "      - text: {}", quoted(&r.text));
                    let _ = writeln!(y, "        next: {}", quoted(&s.nodes[r.next].id));
                    let _ = writeln!(y, "        feedback: {}", quoted(&r.feedback));
                    if let Some(p) = r.points {
                        let _ = writeln!(y, "        points: {p:?}");
                    }
                }
            }
        }
    }
    y
}

/// Two scenarios say the same thing (lines and the file's text aside).
fn same_scenario(a: &syllabus::model::Scenario, b: &syllabus::model::Scenario) -> bool {
    use syllabus::model::Step;
    a.id == b.id
        && a.title == b.title
        && a.description == b.description
        && a.start == b.start
        && a.nodes.len() == b.nodes.len()
        && a.nodes.iter().zip(&b.nodes).all(|(x, y)| {
            x.id == y.id
                && x.speaker == y.speaker
                && x.text == y.text
                && match (&x.step, &y.step) {
                    (Step::Ending(e), Step::Ending(f)) => e == f,
                    (Step::Choices(r), Step::Choices(q)) => {
                        r.len() == q.len()
                            && r.iter().zip(q).all(|(r, q)| {
                                r.text == q.text
                                    && r.next == q.next
                                    && r.feedback == q.feedback
                                    && r.points.map(f64::to_bits) == q.points.map(f64::to_bits)
                            })
                    }
                    _ => false,
                }
        })
}
