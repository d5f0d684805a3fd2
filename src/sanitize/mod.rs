//! Raw HTML in lessons is data, not code (Q01): the rendered body of a page that contains raw
//! HTML goes through an allow-list (ammonia), unless `allow_raw_html = true` in site.toml.
//!
//! [`check_fragment`] tells the author what will be removed, with the line, before the page is
//! built; [`clean`] does the removal on the whole rendered body, so split tags stay well formed.
//! [`depth`] measures how deep a page nests before it is cleaned, so cleaning stays fast (Q06);
//! [`svg`] checks the SVG files a course publishes (Q07).

pub mod depth;
pub mod svg;

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// Elements an author may write as raw HTML (and that the markdown renderer produces).
const TAGS: &[&str] = &[
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

/// Attributes allowed on every element.
const GENERIC: &[&str] = &[
    "class",
    "id",
    "lang",
    "title",
    "dir",
    "aria-label",
    "aria-hidden",
    "aria-describedby",
];

/// Schemes a link or image may use; anything else is removed.
const SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

fn builder() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        let per_tag: HashMap<&str, HashSet<&str>> = [
            ("a", &["href", "hreflang"][..]),
            ("img", &["src", "alt", "width", "height"]),
            ("input", &["type", "checked", "disabled", "data-unit"]),
            ("th", &["style", "colspan", "rowspan", "scope"]),
            ("td", &["style", "colspan", "rowspan"]),
            ("ol", &["start"]),
            ("time", &["datetime"]),
            ("details", &["open"]),
        ]
        .into_iter()
        .map(|(t, attrs)| (t, attrs.iter().copied().collect()))
        .collect();
        b.tags(TAGS.iter().copied().collect())
            .generic_attributes(GENERIC.iter().copied().collect())
            .tag_attributes(per_tag)
            .url_schemes(SCHEMES.iter().copied().collect())
            .link_rel(None)
            .attribute_filter(|element, attribute, value| match (element, attribute) {
                // Table alignment from markdown is the only style kept.
                (_, "style") => is_text_align(value).then_some(value.into()),
                ("input", "type") => (value == "checkbox").then_some(value.into()),
                _ => Some(value.into()),
            });
        b
    })
}

fn is_text_align(style: &str) -> bool {
    matches!(
        style.trim().trim_end_matches(';'),
        "text-align: left" | "text-align: center" | "text-align: right"
    )
}

/// The URL scheme of `dest`, lowercased (links, raw HTML and SVG files alike), ignoring the whitespace and control characters that
/// browsers ignore too (`\tjavascript:` is `javascript:`).
pub fn url_scheme(dest: &str) -> Option<String> {
    let cleaned: String = dest
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let end = cleaned.find(':')?;
    let s = &cleaned[..end];
    let valid = s.chars().next()?.is_ascii_alphabetic()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then(|| s.to_ascii_lowercase())
}

/// The rendered body with everything not on the allow-list removed.
pub fn clean(html: &str) -> String {
    builder().clean(html).to_string()
}

/// What the allow-list will remove from one raw HTML fragment, said for the author; `None` when
/// it passes as written.
pub fn check_fragment(fragment: &str) -> Option<String> {
    let mut removed: Vec<String> = Vec::new();
    let lower = fragment.to_ascii_lowercase();
    // Each unknown tag is named once, in the order met; a set keeps a fragment of many distinct
    // tags linear (issue 22).
    let mut seen = std::collections::HashSet::new();
    for (i, _) in lower.match_indices('<') {
        let rest = lower[i + 1..].trim_start_matches('/');
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(rest.len());
        let name = &rest[..len];
        if !name.is_empty() && !TAGS.contains(&name) && seen.insert(name) {
            removed.push(format!("<{name}>"));
        }
    }
    let found = attribute_findings(fragment);
    // Only an attribute a browser follows as a URL can hold a script URL: "metadata:" in a
    // sentence is text (issue 21).
    if found.script_url.get() {
        removed.push("a script URL".to_owned());
    }
    if found.handler.get() {
        removed.push("event handler attributes (on…=)".to_owned());
    }
    if found.style.get() {
        removed.push("style attributes (only table alignment is kept)".to_owned());
    }
    (!removed.is_empty()).then(|| removed.join(", "))
}

/// Attributes whose value a browser loads or follows as a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "data",
    "cite",
    "background",
    "lowsrc",
    "dynsrc",
    "longdesc",
    "ping",
    "manifest",
    "codebase",
    "usemap",
];

/// What the attributes of one fragment's start tags make the allow-list remove.
#[derive(Default)]
struct Findings {
    script_url: Cell<bool>,
    handler: Cell<bool>,
    style: Cell<bool>,
}

impl TokenSink for Findings {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        for attr in &tag.attrs {
            let name = attr.name.local.as_ref();
            let value = attr.value.as_ref();
            if URL_ATTRIBUTES.contains(&name)
                && url_scheme(value)
                    .is_some_and(|s| matches!(s.as_str(), "javascript" | "vbscript" | "data"))
            {
                self.script_url.set(true);
            }
            if name
                .strip_prefix("on")
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphabetic()))
            {
                self.handler.set(true);
            }
            // Table alignment from markdown is the only style kept (see `builder`).
            let cell = matches!(tag.name.as_ref(), "th" | "td");
            if name == "style" && !(cell && is_text_align(value)) {
                self.style.set(true);
            }
        }
        TokenSinkResult::Continue
    }
}

/// The fragment's attributes read as a browser reads them (html5ever's tokenizer, the one
/// ammonia's parser uses: quotes, `/` between attributes, character references such as
/// `&#106;` decoded). pulldown-cmark hands an HTML block over line by line, so a fragment whose
/// first `>` comes before any `<` is the end of a tag begun on a line above, and is read as one.
fn attribute_findings(fragment: &str) -> Findings {
    let continued = fragment
        .find('>')
        .is_some_and(|gt| !fragment[..gt].contains('<'));
    let queue = BufferQueue::default();
    if continued {
        queue.push_back(StrTendril::from_slice("<x "));
    }
    queue.push_back(StrTendril::from_slice(fragment));
    let tokenizer = Tokenizer::new(Findings::default(), TokenizerOpts::default());
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_script_urls_are_removed() {
        let dirty = r#"<p>ok</p><script>alert(1)</script><img src=x onerror="alert(1)"><a href="javascript:alert(1)">x</a><iframe src="javascript:x"></iframe><style>body{}</style>"#;
        let out = clean(dirty);
        for bad in ["<script", "onerror", "javascript:", "<iframe", "<style"] {
            assert!(!out.contains(bad), "{bad} in {out}");
        }
        assert!(out.contains("<p>ok</p>"));
    }

    #[test]
    fn markdown_output_survives() {
        let html = r##"<h2 id="x">T</h2><table><thead><tr><th style="text-align: center">a</th></tr></thead></table><sup class="footnote-reference"><a href="#1">1</a></sup><input type="checkbox" data-unit="check:a#b" aria-label="b"> <a href="../m/l.html#x">l</a>"##;
        assert_eq!(clean(html), html);
    }

    #[test]
    fn fragments_say_what_goes() {
        assert_eq!(check_fragment("<details><summary>x</summary>"), None);
        assert_eq!(
            check_fragment("<script>alert(1)</script>").as_deref(),
            Some("<script>")
        );
        assert_eq!(
            check_fragment("<img src=x onerror=alert(1)>").as_deref(),
            Some("event handler attributes (on…=)")
        );
        assert!(check_fragment("<a href=\"JavaScript:x\">").is_some());
    }

    #[test]
    fn text_that_mentions_a_scheme_is_no_script_url() {
        // Issue 21: "metadata:" in a sentence was reported as a script URL.
        assert_eq!(
            check_fragment("<p>See the metadata: it lists the data: fields.</p>"),
            None
        );
        assert_eq!(
            check_fragment("<a href=\"https://x.example/data:1\" title=\"javascript:\">x</a>"),
            None
        );
        for script in [
            "<img src=\"data:image/svg+xml,x\">",
            "<a href=\"&#106;avascript:x\">x</a>",
            "<a href=\" java\tscript:x\">x</a>",
            "<a title=x href=vbscript:x>x</a>",
            // The end of a tag begun on a line above (an HTML block comes line by line).
            "  href=\"javascript:x\">",
        ] {
            assert_eq!(
                check_fragment(script).as_deref(),
                Some("a script URL"),
                "{script}"
            );
        }
    }

    #[test]
    fn removed_style_attributes_are_reported() {
        // Issue 21: `style` was removed without a word.
        let style = "<p style=\"color: red\">x</p>";
        assert_eq!(
            check_fragment(style).as_deref(),
            Some("style attributes (only table alignment is kept)")
        );
        assert!(!clean(style).contains("style"));
        assert_eq!(
            check_fragment("<td style=\"text-align: center\">x</td>"),
            None
        );
        assert!(check_fragment("<span style=\"text-align: center\">x</span>").is_some());
        assert_eq!(
            check_fragment("<img src=x onerror=alert(1) style=\"x\">").as_deref(),
            Some(
                "event handler attributes (on…=), style attributes (only table alignment is kept)"
            )
        );
    }
}
