//! A module's units as the progress map writes them (issue 19): the same units as a module's
//! `data-units` list (`lesson:<id> checks:<id>:<n>` per lesson, `quiz:<id>`, `scenario:<id>`),
//! in a compact form, since the home page loads the map for every module's bar and the ids of a
//! module mostly share its folder (`<module slug>/<file slug>`): 564 KB of units at 10,000
//! lessons became 125 KB.
//!
//! The form is `[prefix, words]`: `prefix` is the ids' common start up to and with its last `/`
//! (maybe empty), and `words` one word per lesson, quiz and scenario, in course order, separated
//! by one space, each the id without the prefix:
//!
//! | word | stands for |
//! |---|---|
//! | `<rest>` | `lesson:<prefix><rest>` |
//! | `<rest>:<n>` | `lesson:<prefix><rest> checks:<prefix><rest>:<n>` (n > 0 checklist items) |
//! | `?<rest>` | `quiz:<prefix><rest>` |
//! | `!<rest>` | `scenario:<prefix><rest>` |
//!
//! Ids never hold `:`, `?`, `!` or a space, start with a letter or digit and never end with `/`
//! (`load::checked_id`, slugs), so each rest is not empty and a word reads back exactly. The
//! script expands it (`core.expandMap`); `tests/fixtures/progress/keys.json` holds both sides to
//! the same cases.

use super::units::{Unit, lesson_summary};

/// One lesson, quiz or scenario of a module, as the map writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapEntry<'a> {
    /// A lesson's id and its number of checklist items.
    Lesson(&'a str, usize),
    /// A quiz's id.
    Quiz(&'a str),
    /// A scenario's id.
    Scenario(&'a str),
}

impl MapEntry<'_> {
    fn id(&self) -> &str {
        match self {
            MapEntry::Lesson(id, _) | MapEntry::Quiz(id) | MapEntry::Scenario(id) => id,
        }
    }
}

/// The compact form of a module's entries: `[prefix, words]` (see the module docs).
pub fn compact_module(entries: &[MapEntry]) -> [String; 2] {
    let prefix = common_folder(entries.iter().map(MapEntry::id));
    let mut words = String::new();
    for e in entries {
        if !words.is_empty() {
            words.push(' ');
        }
        let rest = &e.id()[prefix.len()..];
        match e {
            MapEntry::Lesson(_, 0) => words.push_str(rest),
            MapEntry::Lesson(_, n) => words.push_str(&format!("{rest}:{n}")),
            MapEntry::Quiz(_) => words.push_str(&format!("?{rest}")),
            MapEntry::Scenario(_) => words.push_str(&format!("!{rest}")),
        }
    }
    [prefix.to_owned(), words]
}

/// The units and `checks:` tokens the compact form `[prefix, words]` stands for, as a module's
/// `data-units` lists them (`core.expandMap` reads it the same way).
pub fn expand_module(prefix: &str, words: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in words.split(' ').filter(|w| !w.is_empty()) {
        if let Some(rest) = word.strip_prefix('?') {
            out.push(Unit::Quiz(&format!("{prefix}{rest}")).key());
        } else if let Some(rest) = word.strip_prefix('!') {
            out.push(Unit::Scenario(&format!("{prefix}{rest}")).key());
        } else {
            let (rest, n) = match word.rsplit_once(':') {
                Some((rest, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                    (rest, n.parse().unwrap_or(0))
                }
                _ => (word, 0),
            };
            let id = format!("{prefix}{rest}");
            out.extend(lesson_summary(&id, n).split(' ').map(str::to_owned));
        }
    }
    out
}

/// The longest start all `ids` share, cut after its last `/` (empty when there is none).
fn common_folder<'a>(mut ids: impl Iterator<Item = &'a str>) -> &'a str {
    let Some(first) = ids.next() else {
        return "";
    };
    let mut len = first.len();
    for id in ids {
        len = first
            .bytes()
            .zip(id.bytes())
            .take(len)
            .take_while(|(a, b)| a == b)
            .count();
    }
    first[..len].rfind('/').map_or("", |slash| &first[..=slash])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_of_one_folder_shares_it() {
        let entries = [
            MapEntry::Lesson("m-1/intro", 2),
            MapEntry::Lesson("m-1/next", 0),
            MapEntry::Quiz("m-1/check"),
            MapEntry::Scenario("m-1/call"),
        ];
        let [p, w] = compact_module(&entries);
        assert_eq!(
            (p.as_str(), w.as_str()),
            ("m-1/", "intro:2 next ?check !call")
        );
        assert_eq!(
            expand_module(&p, &w),
            [
                "lesson:m-1/intro",
                "checks:m-1/intro:2",
                "lesson:m-1/next",
                "quiz:m-1/check",
                "scenario:m-1/call"
            ]
        );
    }

    #[test]
    fn ids_of_no_common_folder_are_written_whole() {
        // A common start that is not a folder ("les") is not cut: every rest keeps its start.
        let [p, w] = compact_module(&[MapEntry::Lesson("lesa", 1), MapEntry::Lesson("lesb", 0)]);
        assert_eq!((p.as_str(), w.as_str()), ("", "lesa:1 lesb"));
        let [p, w] = compact_module(&[MapEntry::Lesson("a/b/c", 0), MapEntry::Quiz("a/bd")]);
        assert_eq!((p.as_str(), w.as_str()), ("a/", "b/c ?bd"));
        assert_eq!(compact_module(&[]), [String::new(), String::new()]);
    }

    proptest::proptest! {
        // Any module of valid ids (`load::checked_id`: letters, digits, `-_./`, no empty, `.`
        // or `..` segment, a letter or digit first) reads back as its lessons' summaries,
        // quizzes and scenarios, in order.
        #[test]
        fn the_compact_form_reads_back_as_the_units(
            entries in proptest::collection::vec(
                (0..3u8, "[a-z0-9][a-z0-9_-]{0,4}(/[a-z0-9_-][a-z0-9._-]{0,4}){0,2}", 0..12usize),
                0..10,
            )
        ) {
            let entries: Vec<MapEntry> = entries
                .iter()
                .map(|(kind, id, n)| match kind {
                    0 => MapEntry::Lesson(id, *n),
                    1 => MapEntry::Quiz(id),
                    _ => MapEntry::Scenario(id),
                })
                .collect();
            let expected: Vec<String> = entries
                .iter()
                .flat_map(|e| match e {
                    MapEntry::Lesson(id, n) => {
                        lesson_summary(id, *n).split(' ').map(str::to_owned).collect()
                    }
                    MapEntry::Quiz(id) => vec![Unit::Quiz(id).key()],
                    MapEntry::Scenario(id) => vec![Unit::Scenario(id).key()],
                })
                .collect();
            let [p, w] = compact_module(&entries);
            proptest::prop_assert_eq!(expand_module(&p, &w), expected);
        }
    }
}
