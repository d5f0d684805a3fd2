//! Bare URLs become links, as on GitHub (GFM's autolink extension, issue 17): `https://…`,
//! `www.…` and e-mail addresses in text, found by `linkify`, which trims trailing punctuation
//! the way GitHub does. Not inside links, images or code blocks; code spans are their own
//! events and stay as written. pulldown-cmark has no such extension, so its events are rewritten
//! here, each new event keeping a place in the markdown for diagnostics.

use std::ops::Range;

use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

/// The markdown's events, bare URLs made links (the whole list, for the tests;
/// `budget::parse_within` takes them one by one through [`Linker`] to count them as they come).
#[cfg(test)]
fn events(markdown: &str) -> Vec<(Event<'_>, Range<usize>)> {
    let mut linker = Linker::default();
    let mut out = Vec::new();
    for (event, range) in
        pulldown_cmark::Parser::new_ext(markdown, super::options()).into_offset_iter()
    {
        linker.push(markdown, event, range, &mut out);
    }
    out
}

/// Takes the parser's events one at a time and pushes them, text with bare URLs split into text
/// and links.
#[derive(Default)]
pub struct Linker {
    /// How many links, images and code blocks the current event is inside.
    inside: usize,
    /// Made at the first text that may hold a link.
    finder: Option<LinkFinder>,
}

impl Linker {
    /// Pushes `event` (at `range` of `markdown`) to `out`, or, for text with links, its pieces.
    pub fn push<'m>(
        &mut self,
        markdown: &'m str,
        event: Event<'m>,
        range: Range<usize>,
        out: &mut Vec<(Event<'m>, Range<usize>)>,
    ) {
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => {
                self.inside += 1;
            }
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                self.inside = self.inside.saturating_sub(1);
            }
            Event::Text(text) if self.inside == 0 && might_hold_a_link(text) => {
                let text = text.clone();
                let finder = self.finder.get_or_insert_with(finder);
                split(finder, markdown, text, range, out);
                return;
            }
            _ => {}
        }
        out.push((event, range));
    }
}

fn finder() -> LinkFinder {
    let mut finder = LinkFinder::new();
    finder.url_must_have_scheme(false);
    finder.kinds(&[LinkKind::Url, LinkKind::Email]);
    finder
}

/// Pushes `text` (at `range`) as text and links.
fn split<'m>(
    finder: &LinkFinder,
    markdown: &'m str,
    text: CowStr<'m>,
    range: Range<usize>,
    out: &mut Vec<(Event<'m>, Range<usize>)>,
) {
    // Places within the text are places in the markdown when the text is written as is (no
    // escapes or entities in it); otherwise each piece gets the whole text's place.
    let exact = markdown.get(range.clone()) == Some(&*text);
    let place = |r: Range<usize>| {
        if exact {
            range.start + r.start..range.start + r.end
        } else {
            range.clone()
        }
    };
    let before = out.len();
    let mut at = 0;
    for link in finder.links(&text) {
        if link.start() > at {
            out.push((
                Event::Text(text[at..link.start()].to_owned().into()),
                place(at..link.start()),
            ));
        }
        let shown = link.as_str();
        // As pulldown-cmark gives `<help@example.com>`: the address alone, its type saying it
        // is one (the HTML writer adds `mailto:`).
        let (link_type, dest) = match link.kind() {
            LinkKind::Email => (LinkType::Email, shown.to_owned()),
            _ if !shown.contains("://") => (LinkType::Autolink, format!("http://{shown}")),
            _ => (LinkType::Autolink, shown.to_owned()),
        };
        let r = place(link.start()..link.end());
        out.push((
            Event::Start(Tag::Link {
                link_type,
                dest_url: dest.into(),
                title: "".into(),
                id: "".into(),
            }),
            r.clone(),
        ));
        out.push((Event::Text(shown.to_owned().into()), r.clone()));
        out.push((Event::End(TagEnd::Link), r));
        at = link.end();
    }
    if out.len() == before {
        out.push((Event::Text(text), range));
    } else if at < text.len() {
        out.push((
            Event::Text(text[at..].to_owned().into()),
            place(at..text.len()),
        ));
    }
}

/// A cheap test before the finder, in one pass: every link it finds has `://`, `www.` or `@`.
fn might_hold_a_link(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr3_iter(b'/', b'@', b'.', bytes).any(|i| match bytes[i] {
        b'@' => true,
        b'/' => i > 0 && bytes[i - 1] == b':' && bytes.get(i + 1) == Some(&b'/'),
        _ => i >= 3 && bytes[i - 3..i].eq_ignore_ascii_case(b"www"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(markdown: &str) -> String {
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events(markdown).into_iter().map(|(e, _)| e));
        out
    }

    #[test]
    fn bare_urls_and_addresses_become_links() {
        assert_eq!(
            html("See https://example.com/a_b?c=1. Or www.example.org, or ask help@example.com!"),
            "<p>See <a href=\"https://example.com/a_b?c=1\">https://example.com/a_b?c=1</a>. Or <a href=\"http://www.example.org\">www.example.org</a>, or ask <a href=\"mailto:help@example.com\">help@example.com</a>!</p>\n"
        );
    }

    #[test]
    fn links_code_and_written_links_stay_as_they_are() {
        for md in [
            "[https://a.example](https://b.example)",
            "`https://a.example`",
            "```\nhttps://a.example\n```",
            "<https://a.example>",
            "![https://a.example](x.png)",
            "no link here: a.b",
        ] {
            let plain: String = {
                let mut out = String::new();
                pulldown_cmark::html::push_html(
                    &mut out,
                    pulldown_cmark::Parser::new_ext(md, super::super::options()),
                );
                out
            };
            assert_eq!(html(md), plain, "{md}");
        }
    }

    #[test]
    fn each_piece_keeps_its_place_in_the_markdown() {
        let md = "Go to https://example.com now";
        let pieces: Vec<(String, &str)> = events(md)
            .into_iter()
            .filter_map(|(e, r)| match e {
                Event::Text(t) => Some((t.to_string(), &md[r])),
                _ => None,
            })
            .collect();
        assert_eq!(
            pieces,
            [
                ("Go to ".into(), "Go to "),
                ("https://example.com".into(), "https://example.com"),
                (" now".into(), " now"),
            ]
        );
    }
}
