//! A body's readable text, for the search index, read from its events: the same text
//! `Plain::push_html` reads back from the HTML the events become (blocks separate words, image
//! descriptions and tags are not text, headings start sections), without writing and re-reading
//! that HTML, which was a tenth of a build (issue 6). Test builds check the two agree on every
//! body they render (`search::document`), and so does the `markdown` fuzz target's invariant.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::search::text::Plain;

/// The text of `events` (after links, ids and task boxes are rewritten), or `None` for what is
/// read from the HTML instead: footnotes (their numbers are written by the HTML writer) and
/// anything this does not know.
pub(super) fn plain_text(events: &[(Event, Range<usize>)], capacity: usize) -> Option<Plain> {
    let mut plain = Plain::with_capacity(capacity);
    // Inside an image its text is the `alt` attribute, not text on the page.
    let mut in_image = 0usize;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            _ if in_image > 0 => {}
            Event::Text(text) | Event::Code(text) => plain.push_text(text),
            // Only the task boxes `render` wrote: raw HTML takes the HTML path.
            Event::Html(html) | Event::InlineHtml(html) => plain.push_html(html),
            Event::Start(Tag::Heading { id, .. }) => match id {
                Some(id) => plain.section(id.to_string()),
                None => plain.space(),
            },
            Event::Start(
                Tag::Paragraph
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::List(_)
                | Tag::Item
                | Tag::Table(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::TableCell,
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::TableCell,
            )
            | Event::SoftBreak
            | Event::HardBreak
            | Event::Rule => plain.space(),
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link,
            ) => {}
            _ => return None,
        }
    }
    Some(plain)
}
