//! Raw HTML in lessons is data, not code (Q01): the rendered body of a page that contains raw
//! HTML goes through an allow-list (ammonia), unless `allow_raw_html = true` in site.toml.
//!
//! [`check_fragment`] tells the author what will be removed, with the line, before the page is
//! built; [`clean`] does the removal on the whole rendered body, so split tags stay well formed.
//! [`depth`] measures how deep a page nests before it is cleaned, so cleaning stays fast (Q06);
//! [`svg`] checks the SVG files a course publishes (Q07).

pub mod depth;
pub mod svg;

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

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
    if lower.contains("javascript:") || lower.contains("vbscript:") || lower.contains("data:") {
        removed.push("a script URL".to_owned());
    }
    let has_handler = lower
        .split(|c: char| c.is_whitespace() || c == '/' || c == '"' || c == '\'')
        .any(|w| {
            w.starts_with("on")
                && w.contains('=')
                && w[2..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
        });
    if has_handler {
        removed.push("event handler attributes (on…=)".to_owned());
    }
    (!removed.is_empty()).then(|| removed.join(", "))
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
}
