//! Markdown → HTML with pulldown-cmark, plus what the rest of the build needs to know of a page:
//! its headings (with ids), its task-list items (they join the lesson's checklist) and its links.
//!
//! Links are handed to a [`Links`] resolver, which rewrites source paths (`../02-x/03-y.md`) to
//! output URLs or reports them broken. Every diagnostic carries the file line and column of the
//! link itself, through one [`LineIndex`] per file.
//!
//! Raw HTML is cleaned, kept or shown as text ([`RawHtml`]), and everything the rendering holds
//! is counted against the file's [`Budget`] as it goes (Q06).

pub(crate) mod autolink;
pub(crate) mod headings;
mod plain;
mod tasks;

use std::cell::OnceCell;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Tag, TagEnd};

use headings::{UsedIds, github_id, heading_level, plain_text_until};
use tasks::task_html;

use crate::budget::{
    Budget, EVENT_BYTES, Stop, ToClean, diagnostic_bytes, limit_exceeded, parse_within, slow_file,
    too_deep, write_within,
};
use crate::diag::{Diagnostic, LineIndex};
use crate::model::CheckItem;
use crate::sanitize::depth::Nesting;

/// The markdown extensions every page gets.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// A piece of markdown to render and where it came from.
pub struct Input<'a> {
    /// The markdown.
    pub markdown: &'a str,
    /// The file, for diagnostics.
    pub path: &'a Path,
    /// The whole file and the byte offset of `markdown` in it, when the markdown is a slice of
    /// the file; `None` for markdown inside YAML (quiz prompts), reported at `line`.
    pub file: Option<(&'a str, usize)>,
    /// The line to report at when `file` is `None`.
    pub line: usize,
    /// For lessons: the lesson id, so task-list items become checklist units.
    pub lesson_id: Option<&'a str>,
    /// The text of a leading `#` heading cut from `markdown` because the page shows it as its
    /// title (issue 17): its id is claimed first, as if it were still there, so links to it
    /// resolve (to the page's title, which carries the id) and later ids do not change.
    pub cut_title: Option<&'a str>,
    /// What raw HTML becomes.
    pub raw_html: RawHtml,
    /// The budget of the file this markdown belongs to.
    pub budget: &'a Budget,
}

/// What raw HTML in markdown becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawHtml {
    /// Cleaned against an allow-list, with a warning naming what goes (lessons; Q01).
    Clean,
    /// Kept as written (lessons, with `allow_raw_html = true` in site.toml).
    Keep,
    /// Shown as the text it is, escaped: quiz prompts and explanations, whatever site.toml says,
    /// since quiz text is data shown to learners, never markup (Q03).
    Text,
}

impl RawHtml {
    /// What raw HTML in lessons becomes, by `allow_raw_html` in site.toml.
    pub fn for_lessons(allow_raw_html: bool) -> RawHtml {
        if allow_raw_html {
            RawHtml::Keep
        } else {
            RawHtml::Clean
        }
    }
}

/// What a resolver says about one link destination.
pub enum Link {
    /// Leave it as written (an external URL, a `mailto:`).
    Keep,
    /// Rewrite to `href`; if `fragment` is set, check that `page` (a page URL; `None` for this
    /// page) has a heading with that id once every page is rendered.
    To {
        href: String,
        page: Option<String>,
        fragment: Option<String>,
    },
    /// Rewrite to `href`, with a warning: the target exists but may not work as the author
    /// expects (a folder with no page of its own).
    Warn {
        href: String,
        message: String,
        help: String,
    },
    /// The target does not exist.
    Missing {
        message: String,
        help: Option<String>,
    },
    /// A scheme that runs code (`javascript:`): neutralised.
    Unsafe,
}

/// Resolves link destinations for one page.
pub trait Links {
    /// Resolves `dest` as written in the markdown.
    fn resolve(&self, dest: &str) -> Link;
}

/// A heading of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The `id` attribute.
    pub id: String,
    /// Plain text.
    pub text: String,
}

/// A link to `#fragment` of a page, checked once all pages are rendered.
#[derive(Debug, Clone)]
pub struct AnchorRef {
    /// Target page URL; `None` for the page itself.
    pub page: Option<String>,
    /// The heading id looked for.
    pub fragment: String,
    /// Where the link is, as a ready diagnostic to report if the anchor is missing.
    pub at: Diagnostic,
}

/// The rendered page body and what was learnt from it.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Headings with their ids, in order.
    pub headings: Vec<Heading>,
    /// The id of the leading heading cut from the body (see [`Input::cut_title`]), which the
    /// page's title carries instead.
    pub title_id: Option<String>,
    /// `- [ ]` items, as checklist items.
    pub tasks: Vec<CheckItem>,
    /// Anchor links to check later.
    pub anchors: Vec<AnchorRef>,
    /// Broken and unsafe links.
    pub diagnostics: Vec<Diagnostic>,
    /// The readable text for the search index, when it could be read from the events (see
    /// `plain`); otherwise the index reads it from `html`.
    pub text: Option<crate::search::text::Plain>,
}

/// Renders markdown, resolving links with `links`. Everything the rendering holds (the parsed
/// events, rewritten links, diagnostics, the HTML) counts against `input.budget` as it grows; at
/// the first step past it, rendering stops and the result is only a "limit exceeded" error.
pub fn render(input: &Input, links: &dyn Links) -> Rendered {
    if input.budget.is_spent() {
        // An earlier piece of the same file (a quiz's question) ran out, and said so.
        return Rendered::default();
    }
    let index = OnceCell::new();
    let at = |offset: usize, message: String| match input.file {
        Some((text, start)) => {
            let index = index.get_or_init(|| LineIndex::new(text));
            let (line, col) = index.line_col(start + offset);
            // Not `error_at`, which scans the file for the line: a page can have thousands of
            // diagnostics (found by the `time_per_byte` fuzz target).
            // A line past `MAX_SNIPPET` gets no snippet: copied into every diagnostic on it,
            // a long line made memory grow with its length times its links (Q06).
            Diagnostic {
                source_line: index
                    .line_text(line)
                    .filter(|l| l.len() <= MAX_SNIPPET)
                    .map(str::to_owned),
                ..Diagnostic::file_error(input.path, message).at(line, col)
            }
        }
        None => Diagnostic::file_error(input.path, message).at(input.line, 1),
    };
    let over = |offset: usize| over_budget(input.budget, at(offset, String::new()));
    let mut events = match parse_within(input.markdown, input.budget) {
        Ok(events) => events,
        Err(offset) => return over(offset),
    };
    let mut held = events.len() * EVENT_BYTES;
    let mut out = Rendered::default();
    let mut used_ids = UsedIds::default();
    if let Some(text) = input.cut_title {
        let id = used_ids.claim_heading(github_id(text));
        out.title_id = Some(id.clone());
        out.headings.push(Heading {
            level: 1,
            id,
            text: text.to_owned(),
        });
    }
    let mut task_ids = std::collections::HashSet::new();
    let mut has_raw_html = false;
    let mut i = 0;
    while i < events.len() {
        // What this event adds: rewritten links, ids, diagnostics (Q06).
        let mut grown = 0;
        let diagnostics_before = out.diagnostics.len();
        match &events[i].0 {
            Event::Start(Tag::Heading {
                level, id, attrs, ..
            }) => {
                // `# Title {onclick=x}` is raw HTML by another name: pulldown-cmark writes the
                // attribute as given, so such a page goes through the sanitiser too (Q01).
                if !attrs.is_empty() && input.raw_html != RawHtml::Keep {
                    has_raw_html = true;
                    let written: String = attrs
                        .iter()
                        .map(|(k, v)| format!(" {k}=\"{}\"", v.as_deref().unwrap_or("")))
                        .collect();
                    if let Some(what) = crate::sanitize::check_fragment(&format!("<h1{written}>")) {
                        out.diagnostics.push(
                            at(events[i].1.start, format!("heading attributes: {what} removed from the page"))
                                .with_help("keep to {#id} and {.class}; or, if every author is trusted, set allow_raw_html = true in site.toml")
                                .warning(),
                        );
                    }
                }
                let level = heading_level(*level);
                let text = plain_text_until(&events[i + 1..], |e| {
                    matches!(e, Event::End(TagEnd::Heading(_)))
                });
                let wanted = id
                    .as_ref()
                    .map_or_else(|| github_id(&text), |id| id.to_string());
                let id = used_ids.claim_heading(wanted);
                grown += 3 * id.len() + text.len();
                if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i].0 {
                    *slot = Some(CowStr::from(id.clone()));
                }
                out.headings.push(Heading { level, id, text });
            }
            Event::TaskListMarker(checked) => {
                let checked = *checked;
                let text = plain_text_until(&events[i + 1..], |e| {
                    matches!(e, Event::End(TagEnd::Item) | Event::Start(Tag::List(_)))
                });
                let text = text.trim().to_owned();
                let html = task_html(
                    input.lesson_id,
                    &text,
                    checked,
                    &mut out,
                    &mut task_ids,
                    &at,
                    events[i].1.start,
                );
                grown += html.len() + 2 * text.len();
                events[i].0 = Event::Html(html.into());
            }
            Event::Html(_) | Event::InlineHtml(_) if input.raw_html == RawHtml::Text => {
                let (Event::Html(text) | Event::InlineHtml(text)) =
                    std::mem::replace(&mut events[i].0, Event::SoftBreak)
                else {
                    unreachable!("matched just above");
                };
                events[i].0 = Event::Text(text);
            }
            Event::Start(Tag::HtmlBlock) if input.raw_html == RawHtml::Text => {
                events[i].0 = Event::Start(Tag::Paragraph);
            }
            Event::End(TagEnd::HtmlBlock) if input.raw_html == RawHtml::Text => {
                events[i].0 = Event::End(TagEnd::Paragraph);
            }
            Event::Html(fragment) | Event::InlineHtml(fragment)
                if input.raw_html == RawHtml::Clean =>
            {
                has_raw_html = true;
                if let Some(what) = crate::sanitize::check_fragment(fragment) {
                    out.diagnostics.push(
                        at(events[i].1.start, format!("raw HTML: {what} removed from the page"))
                            .with_help("write it in markdown; or, if every author is trusted, set allow_raw_html = true in site.toml")
                            .warning(),
                    );
                }
            }
            // An e-mail autolink (`<a@b.example>`, or a bare address) is its address, which the
            // HTML writer turns into `mailto:`: not a path to resolve.
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => {}
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let offset = events[i].1.start;
                let new = match links.resolve(dest_url) {
                    Link::Keep => None,
                    Link::To {
                        href,
                        page,
                        fragment,
                    } => {
                        if let Some(fragment) = fragment {
                            let at = at(
                                offset,
                                format!(
                                    "link to `{dest_url}`: there is no heading with id `{fragment}`"
                                ),
                            )
                            .broken_link();
                            grown += diagnostic_bytes(&at) + fragment.len();
                            out.anchors.push(AnchorRef { page, fragment, at });
                        }
                        Some(href)
                    }
                    Link::Warn {
                        href,
                        message,
                        help,
                    } => {
                        out.diagnostics
                            .push(at(offset, message).with_help(help).warning());
                        Some(href)
                    }
                    Link::Missing { message, help } => {
                        let d = at(offset, message).broken_link();
                        out.diagnostics.push(match help {
                            Some(h) => d.with_help(h),
                            None => d,
                        });
                        None
                    }
                    Link::Unsafe => {
                        out.diagnostics.push(
                            at(offset, format!("link to `{dest_url}` was removed: that kind of URL can run code in the learner's browser"))
                                .with_help("link to an http, https or mailto address, or to another page of the course")
                                .warning(),
                        );
                        Some("#".to_owned())
                    }
                };
                if let Some(href) = new
                    && let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) =
                        &mut events[i].0
                {
                    grown += href.len();
                    *dest_url = CowStr::from(href);
                }
            }
            _ => {}
        }
        grown += out.diagnostics[diagnostics_before..]
            .iter()
            .map(diagnostic_bytes)
            .sum::<usize>();
        held = held.saturating_add(grown);
        if !input.budget.allows(held) {
            return over(events[i].1.start);
        }
        i += 1;
    }
    // Raw HTML (cleaned, or kept as written) is read from the HTML (Q01).
    if !has_raw_html && input.raw_html != RawHtml::Keep {
        out.text = plain::plain_text(&events, input.markdown.len());
    }
    let room = input.budget.room().saturating_sub(held);
    // A page the sanitiser will clean is measured as it is written: html5ever's time grows
    // with how deep the page nests (issue 22).
    let mut nesting = has_raw_html.then(Nesting::new);
    let clean = nesting.as_mut().map(|nesting| ToClean {
        nesting,
        room: input.budget.room(),
    });
    match write_within(&mut out.html, events, room, input.markdown.len(), clean) {
        Ok(()) => {}
        Err(Stop::OverBudget(offset)) => return over(offset),
        Err(Stop::TooDeep(offset)) => {
            return Rendered {
                diagnostics: vec![too_deep(at(offset, String::new()))],
                ..Rendered::default()
            };
        }
    }
    // Without raw HTML the output is markdown's own, already escaped; only pages with raw HTML
    // pay for the sanitiser (Q01).
    if has_raw_html {
        out.html = crate::sanitize::clean(&out.html);
    }
    // Links to `#x` on this page are checked here; links to other pages once all are rendered.
    let (own, other): (Vec<_>, Vec<_>) = std::mem::take(&mut out.anchors)
        .into_iter()
        .partition(|a| a.page.is_none());
    out.anchors = other;
    let ids: std::collections::HashSet<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
    let mut missing = Vec::new();
    let all: Vec<&str> = if out.headings.len() <= headings::SUGGEST_AMONG {
        out.headings.iter().map(|h| h.id.as_str()).collect()
    } else {
        Vec::new()
    };
    for a in own {
        if !ids.contains(a.fragment.as_str()) && !a.fragment.starts_with("fn") {
            let help = (missing.len() < headings::SUGGESTIONS)
                .then(|| headings::did_you_mean(&a.fragment, &all))
                .flatten();
            missing.push(match help {
                Some(help) => a.at.with_help(help),
                None => a.at,
            });
        }
    }
    out.diagnostics.extend(missing);
    input.budget.keep(kept_bytes(&out));
    if let Some(took) = input.budget.newly_slow() {
        out.diagnostics.push(slow_file(input.path, took));
    }
    out
}

/// The longest line a diagnostic shows as its snippet, in bytes.
const MAX_SNIPPET: usize = 1000;

/// About what a finished render keeps: its HTML and what it learnt.
fn kept_bytes(r: &Rendered) -> usize {
    let headings: usize = r.headings.iter().map(|h| h.id.len() + h.text.len()).sum();
    let tasks: usize = r.tasks.iter().map(|t| t.id.len() + t.text.len()).sum();
    let anchors: usize = r
        .anchors
        .iter()
        .map(|a| a.fragment.len() + diagnostic_bytes(&a.at))
        .sum();
    let diagnostics: usize = r.diagnostics.iter().map(diagnostic_bytes).sum();
    let text = r.text.as_ref().map_or(0, |t| t.text.len());
    r.html.len() + headings + tasks + anchors + diagnostics + text
}

/// The "limit exceeded" result, at `at`; nothing if the file was already reported.
fn over_budget(budget: &Budget, at: Diagnostic) -> Rendered {
    if !budget.spend() {
        return Rendered::default();
    }
    Rendered {
        diagnostics: vec![limit_exceeded(budget, at)],
        ..Rendered::default()
    }
}

/// `text` escaped for HTML element content and quoted attributes.
pub fn escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut s, text).expect("writing to a String cannot fail");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoLinks;
    impl Links for NoLinks {
        fn resolve(&self, dest: &str) -> Link {
            if dest.starts_with("missing") {
                Link::Missing {
                    message: format!("no file {dest}"),
                    help: None,
                }
            } else {
                Link::Keep
            }
        }
    }

    fn render_with(md: &str, raw_html: RawHtml, budget: &Budget) -> Rendered {
        let input = Input {
            markdown: md,
            path: Path::new("a.md"),
            file: Some((md, 0)),
            line: 0,
            lesson_id: Some("m/l"),
            cut_title: None,
            raw_html,
            budget,
        };
        render(&input, &NoLinks)
    }

    fn render_lesson(md: &str) -> Rendered {
        render_with(md, RawHtml::Clean, &Budget::unlimited())
    }

    #[test]
    fn q03_raw_html_in_quiz_text_is_shown_as_text() {
        let md = "Say <b>hi</b> to **bold** </script>\n\n<div onclick=\"x()\">\nblock\n</div>\n\n# T {onclick=y}\n";
        let r = render_with(md, RawHtml::Text, &Budget::unlimited());
        assert!(
            r.html.contains(
                "<p>Say &lt;b&gt;hi&lt;/b&gt; to <strong>bold</strong> &lt;/script&gt;</p>"
            ),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<p>&lt;div onclick=\"x()\"&gt;\nblock\n&lt;/div&gt;\n</p>"),
            "{}",
            r.html
        );
        assert!(
            !r.html.contains("<div") && !r.html.contains("onclick=y"),
            "{}",
            r.html
        );
    }

    /// The markdown's events take this many bytes.
    fn events_bytes(md: &str) -> usize {
        pulldown_cmark::Parser::new_ext(md, options()).count() * EVENT_BYTES
    }

    #[test]
    fn q06_rendering_stops_at_the_budget_and_says_so_once() {
        // Parsed events take up to 96 bytes per byte of markdown: 100 KB of `[]` take 9.6 MB.
        let md = format!("intro\n\n{}\n", "[]".repeat(50_000));
        let budget = Budget::new(1_000_000);
        let r = render_with(&md, RawHtml::Clean, &budget);
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        let d = &r.diagnostics[0];
        assert_eq!(
            d.message,
            "limit exceeded: rendering this file needs more than 1000000 bytes of memory (max_page_bytes)"
        );
        assert!(
            d.help
                .as_deref()
                .unwrap()
                .contains("raise `max_page_bytes` in the [limits] table")
        );
        assert_eq!(d.line, 3, "at the line that grows");
        assert_eq!(d.source_line, None, "a 100 KB line is no snippet");
        assert!(r.html.is_empty() && budget.is_spent());
        let again = render_with("more", RawHtml::Clean, &budget);
        assert!(
            again.html.is_empty() && again.diagnostics.is_empty(),
            "reported once"
        );
        assert!(
            render_with(&md, RawHtml::Clean, &Budget::new(20_000_000))
                .diagnostics
                .is_empty()
        );
    }

    #[test]
    fn q06_the_html_and_the_diagnostics_count_against_the_budget() {
        // A megabyte of `&` is one event, and 5 MB of HTML: stopped while writing.
        let amps = "&".repeat(1_000_000);
        assert!(events_bytes(&amps) < 1000);
        let r = render_with(&amps, RawHtml::Clean, &Budget::new(2_000_000));
        assert!(
            r.diagnostics[0].message.starts_with("limit exceeded"),
            "{:?}",
            r.diagnostics
        );
        assert!(r.html.is_empty());
        assert!(
            render_with(&amps, RawHtml::Clean, &Budget::new(6_000_000))
                .diagnostics
                .is_empty()
        );

        // 3,000 broken links on one line: their events fit, their diagnostics do not.
        let links = "[x](missing) ".repeat(3000);
        let budget = Budget::new(events_bytes(&links) + 100_000);
        let r = render_with(&links, RawHtml::Clean, &budget);
        assert_eq!(r.diagnostics.len(), 1, "{:?}", &r.diagnostics[..3]);
        assert!(r.diagnostics[0].message.starts_with("limit exceeded"));
        let r = render_with(&links, RawHtml::Clean, &Budget::unlimited());
        assert_eq!(r.diagnostics.len(), 3000);
        assert!(
            r.diagnostics.iter().all(|d| d.source_line.is_none()),
            "a 39 KB line is no snippet"
        );
    }

    #[test]
    fn q06_a_slow_file_gets_a_warning_naming_it() {
        let budget = Budget::new(1 << 20).aged(std::time::Duration::from_millis(2500));
        let r = render_with("text", RawHtml::Clean, &budget);
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        assert_eq!(
            r.diagnostics[0].to_string(),
            "a.md:1:1: warning: this file took 2.5 s to render, more than 1 s\n  = help: split it into smaller files; every build and every change in `serve` waits for it"
        );
    }

    #[test]
    fn headings_get_unique_ids() {
        let r = render_lesson("# Hello *World*\n\n## Hello World\n\n## Own {#mine}\n");
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["hello-world", "hello-world-1", "mine"]);
        assert!(r.html.contains("<h1 id=\"hello-world\">"), "{}", r.html);
    }

    #[test]
    fn many_equal_headings_take_linear_time() {
        let md = "## Example\n\n[up](#example-3000)\n\n".repeat(5000);
        let start = std::time::Instant::now();
        let r = render_lesson(&md);
        assert_eq!(r.headings[4999].id, "example-4999");
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics.first());
        // A budget guard, not a benchmark: the cubic version took minutes here.
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    }

    #[test]
    fn many_diagnostics_take_linear_time() {
        let md = "- [ ] x\n".repeat(20_000);
        let start = std::time::Instant::now();
        let r = render_lesson(&md);
        assert_eq!(r.diagnostics.len(), 19_999);
        assert_eq!(r.diagnostics[5].source_line.as_deref(), Some("- [ ] x"));
        // A budget guard, not a benchmark: scanning the file per diagnostic took many seconds.
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    }

    #[test]
    fn heading_attributes_cannot_carry_script() {
        // Found by the `markdown` fuzz target: no raw HTML, yet an event handler in the output.
        let r = render_lesson("# Hi {#top .note onclick=alert(1) style=color:red}\n");
        assert_eq!(r.html, "<h1 id=\"top\" class=\"note\">Hi</h1>\n");
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        assert!(r.diagnostics[0].message.contains("event handler"));
    }

    #[test]
    fn task_items_become_checklist_units() {
        let r = render_lesson("- [ ] Call a customer\n- [x] Thank support\n");
        assert_eq!(
            r.tasks.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
            ["call-a-customer", "thank-support"]
        );
        assert!(
            r.html.contains("data-unit=\"check:m/l#call-a-customer\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn broken_link_reports_its_line_and_column() {
        let r = render_lesson("intro\n\nsee [this](missing.md) now\n");
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!((r.diagnostics[0].line, r.diagnostics[0].col), (3, 5));
    }
}
