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

/// The id GitHub gives a heading of `text` (its plain text), as the `github-slugger` package
/// makes it: lower case; every character that is not a letter, a mark, a number, a connector
/// (`_`), a space or `-` removed; each space a `-`, none collapsed ("Task - Create" →
/// `task---create`). Links written for GitHub's pages then find their headings here.
pub(super) fn github_id(text: &str) -> String {
    use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};
    text.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' | '-' => Some('-'),
            // ASCII without a table lookup: letters, digits and `_` stay, the rest goes.
            c if c.is_ascii() => (c.is_ascii_alphanumeric() || c == '_').then_some(c),
            c if matches!(
                c.general_category_group(),
                GeneralCategoryGroup::Letter
                    | GeneralCategoryGroup::Mark
                    | GeneralCategoryGroup::Number
            ) || c.general_category() == GeneralCategory::ConnectorPunctuation =>
            {
                Some(c)
            }
            _ => None,
        })
        .collect()
}

/// Past this many headings on a page, a missing anchor gets no "did you mean", and only the first
/// [`SUGGESTIONS`] missing anchors of a build get one: looking through every heading for each of
/// thousands of broken links would be quadratic (issue 22).
pub(crate) const SUGGEST_AMONG: usize = 2_000;

/// How many missing anchors of one page (or, across pages, of one build) get a "did you mean".
pub(crate) const SUGGESTIONS: usize = 100;

/// The heading id of `ids` closest to `wanted`, for a "did you mean": the same but for case,
/// else the nearest by edit distance, if near enough (a third of the length, at least 2).
pub fn closest_id<'a>(wanted: &str, ids: &[&'a str]) -> Option<&'a str> {
    if ids.len() > SUGGEST_AMONG {
        return None;
    }
    if let Some(same) = ids.iter().find(|id| id.eq_ignore_ascii_case(wanted)) {
        return Some(same);
    }
    let limit = (wanted.chars().count() / 3).max(2);
    ids.iter()
        .map(|id| (strsim::damerau_levenshtein(wanted, id), *id))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, id)| id)
}

/// The help of a link to a missing anchor: the closest heading id, when there is one.
pub fn did_you_mean(wanted: &str, ids: &[&str]) -> Option<String> {
    closest_id(wanted, ids)
        .map(|id| format!("did you mean `#{id}`? (heading ids are made as GitHub makes them)"))
}

/// Heading ids already given on a page, and the next suffix to try for each wanted id.
#[derive(Default)]
pub(super) struct UsedIds {
    ids: std::collections::HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

impl UsedIds {
    /// A heading's id: `wanted`, made unique by [`UsedIds::claim`], or `section` (`section-1`…)
    /// when the heading's text gives no id.
    pub(super) fn claim_heading(&mut self, wanted: String) -> String {
        self.claim(if wanted.is_empty() {
            "section".into()
        } else {
            wanted
        })
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_anchor_is_told_the_closest_heading() {
        let ids = [
            "youre-welcome",
            "task---create-the-cloud-resources",
            "x509-certificates",
        ];
        assert_eq!(closest_id("you-re-welcome", &ids), Some("youre-welcome"));
        assert_eq!(closest_id("Youre-Welcome", &ids), Some("youre-welcome"));
        assert_eq!(
            closest_id("task-create-the-cloud-resources", &ids),
            Some("task---create-the-cloud-resources")
        );
        assert_eq!(closest_id("certificates", &ids), None);
        let many: Vec<String> = (0..=SUGGEST_AMONG).map(|i| format!("h{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(closest_id("h1", &many), None, "no search among thousands");
    }

    /// Headings in order, with the ids GitHub gives them: cases of the `github-slugger`
    /// package's own test table (test/fixtures.json), which follows GitHub's renderer.
    #[test]
    fn heading_ids_are_githubs() {
        let cases = [
            ("alpha", "alpha"),
            ("alpha", "alpha-1"),
            ("bravoCharlieDelta", "bravocharliedelta"),
            ("__proto__", "__proto__"),
            ("__proto__", "__proto__-1"),
            ("echo", "echo"),
            ("echo", "echo-1"),
            ("echo 1", "echo-1-1"),
            ("echo-1", "echo-1-2"),
            ("echo", "echo-2"),
            ("foxtrot-1", "foxtrot-1"),
            ("foxtrot", "foxtrot"),
            ("foxtrot", "foxtrot-2"),
            ("heading with a - dash", "heading-with-a---dash"),
            (
                "heading with an _ underscore",
                "heading-with-an-_-underscore",
            ),
            ("heading with a period.txt", "heading-with-a-periodtxt"),
            (
                "exchange.bind_headers(exchange, routing [, bindCallback])",
                "exchangebind_headersexchange-routing--bindcallback",
            ),
            (" a ", "-a-"),
            ("-a-", "-a--1"),
            (
                "apostrophe’s should be trimmed",
                "apostrophes-should-be-trimmed",
            ),
            ("I ♥ unicode", "i--unicode"),
            ("en–dash", "endash"),
            ("😄 unicode emoji", "-unicode-emoji"),
            ("😄-😄 unicode emoji", "--unicode-emoji"),
            ("😄_😄 unicode emoji", "_-unicode-emoji"),
            ("😄 - an emoji", "---an-emoji"),
            (":smile: - a gemoji", "smile---a-gemoji"),
            ("Привет", "привет"),
            ("Профили пользователей", "профили-пользователей"),
            ("Привет non-latin 你好", "привет-non-latin-你好"),
            (
                ":ok_hand: :hatched_chick: Two in a row",
                "ok_hand-hatched_chick-two-in-a-row",
            ),
            ("a) ] } ⦄ 」b", "a----b"),
            ("a$ ¢ £ €b", "a---b"),
            ("a\u{2028}b", "ab"),
            ("Über Preise: 20 % Rabatt?", "über-preise-20--rabatt"),
            // The GitHub-style fixture course's headings (tests/fixtures/github).
            (
                "Task - Create the cloud resources",
                "task---create-the-cloud-resources",
            ),
            (
                "Step 1.2: edit config_file.json",
                "step-12-edit-config_filejson",
            ),
            ("🎉 Done!", "-done"),
            ("X.509 certificates", "x509-certificates"),
            ("snake_case_names", "snake_case_names"),
            ("Welcome to the course 🚀", "welcome-to-the-course-"),
        ];
        let mut used = UsedIds::default();
        for (text, id) in cases {
            assert_eq!(used.claim(github_id(text)), id, "{text:?}");
        }
    }
}
