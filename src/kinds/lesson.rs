//! Lessons: a markdown file whose body is the page, with its practice checklist and, when it has
//! one, its role-play, whose texts are markdown written inside the front matter's YAML.

use super::yaml_markdown;
use crate::budget::Budget;
use crate::build::links::SiteIndex;
use crate::config::Config;
use crate::markdown::Rendered;
use crate::model::Lesson;
use crate::render::{RoleplayBody, render_body};

/// Renders the lesson's body (its task-list items join its checklist under its id) and its
/// role-play's texts, whose diagnostics and anchor links join the body's.
pub fn render(
    l: &Lesson,
    config: &Config,
    index: &SiteIndex,
) -> (Rendered, Option<Box<RoleplayBody>>) {
    let mut body = render_body(&l.source, &l.url, Some(&l.id), config, index);
    let roleplay = render_roleplay(l, config, index, &mut body);
    (body, roleplay)
}

/// Renders a lesson's role-play as markdown, like a quiz's prompts (Q03: raw HTML shown as text,
/// links resolved and checked as the lesson's, one budget): the situation and each brief as
/// blocks, each rubric item inline (it is a checkbox's label). Diagnostics go into `found` at
/// the line where the text starts in the front matter.
pub fn render_roleplay(
    l: &Lesson,
    config: &Config,
    index: &SiteIndex,
    found: &mut Rendered,
) -> Option<Box<RoleplayBody>> {
    let r = l.roleplay.as_ref()?;
    let links = index.for_page(&l.source.path, &config.content_dir, &l.url);
    let budget = Budget::new(config.limits.max_page_bytes);
    let text = &l.source.text;
    let mut block = |s: &str| {
        let line = line_of(text, s);
        yaml_markdown(s, &l.source.path, line, &links, &budget, found)
    };
    let situation_html = block(&r.situation);
    let briefs_html = r.roles.iter().map(|role| block(&role.brief)).collect();
    let rubric_html: Vec<String> = l
        .checklist
        .iter()
        .filter(|c| c.rubric)
        .map(|c| inline(&block(&c.text)))
        .collect();
    let rubric_unlinked_html: Vec<String> = rubric_html.iter().map(|h| unlinked(h)).collect();
    let rubric_text = rubric_unlinked_html.iter().map(|h| text_of(h)).collect();
    Some(Box::new(RoleplayBody {
        situation_html,
        briefs_html,
        rubric_html,
        rubric_unlinked_html,
        rubric_text,
    }))
}

/// The 1-based line of the file where `s` (a text from its YAML) starts: its first line found
/// in the file, else the `roleplay:` key.
fn line_of(text: &str, s: &str) -> usize {
    let first = s
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let at = (!first.is_empty())
        .then(|| text.find(first))
        .flatten()
        .or_else(|| text.find("roleplay:"))
        .unwrap_or(0);
    text[..at].matches('\n').count() + 1
}

/// A one-paragraph rendering without its `<p>`: a rubric item is a label, which holds phrasing
/// content only. Anything else (a list, two paragraphs) is kept as it is.
fn inline(html: &str) -> String {
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|rest| rest.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => html.to_owned(),
    }
}

/// Rendered HTML without its `<a …>` and `</a>` tags, their text kept. Text in it is escaped
/// (`<` is `&lt;`), so every `<a ` or `</a>` is a tag the renderer wrote.
fn unlinked(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<a ").into_iter().chain(rest.find("</a>")).min() {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        rest = match rest.find('>') {
            Some(end) => &rest[end + 1..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// The text of rendered inline HTML: its tags dropped, its entities decoded.
fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    crate::search::text::decode(out.trim()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_paragraph_loses_its_p_and_more_keeps_it() {
        assert_eq!(inline("<p>Asks <em>why</em></p>\n"), "Asks <em>why</em>");
        assert_eq!(inline("<p>a</p>\n<p>b</p>\n"), "<p>a</p>\n<p>b</p>\n");
        assert_eq!(
            line_of("a\nroleplay:\n  situation: Hi there\n", "Hi there"),
            3
        );
        assert_eq!(line_of("a\nroleplay:\n", "missing"), 2);
        assert_eq!(
            unlinked("Makes <a href=\"a.html\">one</a> offer &lt;a x&gt; <em>now</em>"),
            "Makes one offer &lt;a x&gt; <em>now</em>"
        );
        assert_eq!(
            text_of("Makes one offer &lt;a x&gt; <em>now</em> &amp; then"),
            "Makes one offer <a x> now & then"
        );
    }
}
