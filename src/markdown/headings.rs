//! Heading levels, texts and the page-unique ids they get.

use pulldown_cmark::{Event, HeadingLevel};

pub(super) fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The text of the events up to the first one matching `stop`.
pub(super) fn plain_text_until(
    events: &[(Event, std::ops::Range<usize>)],
    stop: impl Fn(&Event) -> bool,
) -> String {
    let mut s = String::new();
    for (e, _) in events {
        if stop(e) {
            break;
        }
        if let Event::Text(t) | Event::Code(t) = e {
            s.push_str(t);
        }
    }
    s
}

/// Heading ids already given on a page, and the next suffix to try for each wanted id.
#[derive(Default)]
pub(super) struct UsedIds {
    ids: std::collections::HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

impl UsedIds {
    /// `id`, or `id-1`, `id-2`… if taken on this page or by the theme's own elements
    /// (`theme::ids`: a `## Main` must not take the skip link's `#main`). Constant time per
    /// heading: a page of thousands of "## Example" headings once took cubic time (found by the
    /// `time_per_byte` fuzz target).
    pub(super) fn claim(&mut self, id: String) -> String {
        let theirs = crate::theme::ids::is_theme_id(&id);
        if !theirs && self.ids.insert(id.clone()) {
            return id;
        }
        let n = self.next.entry(id.clone()).or_insert(1);
        let unique = loop {
            let candidate = format!("{id}-{n}");
            *n += 1;
            if !self.ids.contains(&candidate) && !crate::theme::ids::is_theme_id(&candidate) {
                break candidate;
            }
        };
        self.ids.insert(unique.clone());
        unique
    }
}
