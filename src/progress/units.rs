//! Units of progress and their keys: the one place that writes and reads them (docs/progress.md).
//!
//! A learner's progress is a set of units, each a string key in the stored progress and in the
//! pages' `data-unit`/`data-units` attributes: `lesson:<lesson id>` (marked complete),
//! `check:<lesson id>#<item id>` (a checklist item ticked), `quiz:<quiz id>` (passed),
//! `scenario:<scenario id>` (played to an ending, the best one kept). Lists and
//! totals stand for a lesson's checklist with one token, `checks:<lesson id>:<n>`, which the
//! script counts. Ids never hold `#`, `:` or a space (see `load::checked_id` and the slugs of
//! checklist items), so a key reads back exactly as it was written.

use std::fmt;

/// One unit of progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit<'a> {
    /// `lesson:<id>`: the lesson is marked complete.
    Lesson(&'a str),
    /// `check:<lesson id>#<item id>`: a practice checklist item is ticked.
    Check {
        /// The lesson's id.
        lesson: &'a str,
        /// The item's id within the lesson.
        item: &'a str,
    },
    /// `quiz:<id>`: the quiz is passed; its record holds the best score and attempts.
    Quiz(&'a str),
    /// `scenario:<id>`: the scenario was played to an ending; its record holds the best one.
    Scenario(&'a str),
}

impl fmt::Display for Unit<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unit::Lesson(id) => write!(f, "lesson:{id}"),
            Unit::Check { lesson, item } => write!(f, "check:{lesson}#{item}"),
            Unit::Quiz(id) => write!(f, "quiz:{id}"),
            Unit::Scenario(id) => write!(f, "scenario:{id}"),
        }
    }
}

impl<'a> Unit<'a> {
    /// The unit a key stands for, or `None` for anything else (a `checks:` token, an unknown
    /// prefix, an empty id).
    pub fn parse(key: &'a str) -> Option<Unit<'a>> {
        let (kind, rest) = key.split_once(':')?;
        let unit = match kind {
            "lesson" => Unit::Lesson(rest),
            "quiz" => Unit::Quiz(rest),
            "scenario" => Unit::Scenario(rest),
            "check" => {
                let (lesson, item) = rest.split_once('#')?;
                Unit::Check { lesson, item }
            }
            _ => return None,
        };
        let parts_filled = match unit {
            Unit::Lesson(id) | Unit::Quiz(id) | Unit::Scenario(id) => !id.is_empty(),
            Unit::Check { lesson, item } => !lesson.is_empty() && !item.is_empty(),
        };
        parts_filled.then_some(unit)
    }

    /// The key, as stored and as written in the pages.
    pub fn key(&self) -> String {
        // Built by hand, not through `Display`: a build makes a key for every lesson, quiz and
        // checklist item several times, and the formatting machinery was 2% of its work.
        let (kind, first, second) = match self {
            Unit::Lesson(id) => ("lesson:", *id, None),
            Unit::Check { lesson, item } => ("check:", *lesson, Some(*item)),
            Unit::Quiz(id) => ("quiz:", *id, None),
            Unit::Scenario(id) => ("scenario:", *id, None),
        };
        let mut key =
            String::with_capacity(kind.len() + first.len() + second.map_or(0, |s| s.len() + 1));
        key.push_str(kind);
        key.push_str(first);
        if let Some(item) = second {
            key.push('#');
            key.push_str(item);
        }
        key
    }

    /// Whether the unit's record is a quiz's (best score and attempts, not a tick).
    pub fn is_quiz(&self) -> bool {
        matches!(self, Unit::Quiz(_))
    }

    /// Whether the unit's record is a scenario's (the best ending reached).
    pub fn is_scenario(&self) -> bool {
        matches!(self, Unit::Scenario(_))
    }
}

/// `checks:<lesson id>:<n>`: a lesson's `n` checklist items in a list or a total, counted by the
/// script from the ticked `check:<lesson id>#…` units, at most `n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checks<'a> {
    /// The lesson's id.
    pub lesson: &'a str,
    /// How many checklist items it has.
    pub count: usize,
}

impl fmt::Display for Checks<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "checks:{}:{}", self.lesson, self.count)
    }
}

impl<'a> Checks<'a> {
    /// The token's lesson and count, or `None` if `token` is not one.
    pub fn parse(token: &'a str) -> Option<Checks<'a>> {
        let rest = token.strip_prefix("checks:")?;
        let (lesson, count) = rest.rsplit_once(':')?;
        let count = count.parse().ok()?;
        (!lesson.is_empty()).then_some(Checks { lesson, count })
    }
}

/// `map:<i>` and `map:all`: module `i`'s units, or every module's, as the progress map holds
/// them (`assets/progress-map.js`, docs/theme.md). The course-wide pages (home, progress,
/// certificate) write these instead of every unit of the course, so their size grows with the
/// number of modules only; the script puts the map's units in their place (issue 19).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapRef {
    /// `map:<i>`: module `i` (0-based, in course order).
    Module(usize),
    /// `map:all`: every module.
    All,
}

impl fmt::Display for MapRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MapRef::Module(i) => write!(f, "map:{i}"),
            MapRef::All => f.write_str("map:all"),
        }
    }
}

impl MapRef {
    /// The reference `token` stands for, or `None` if it is not one.
    pub fn parse(token: &str) -> Option<MapRef> {
        match token.strip_prefix("map:")? {
            "all" => Some(MapRef::All),
            n if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                n.parse().ok().map(MapRef::Module)
            }
            _ => None,
        }
    }
}

/// A lesson in lists and totals: `lesson:L`, and `checks:L:n` when it has `checks` items.
pub fn lesson_summary(lesson: &str, checks: usize) -> String {
    match checks {
        0 => Unit::Lesson(lesson).key(),
        count => format!("{} {}", Unit::Lesson(lesson), Checks { lesson, count }),
    }
}

/// Units and tokens joined as a `data-units` attribute holds them.
pub fn join<'u>(units: impl Iterator<Item = &'u str>) -> String {
    units.collect::<Vec<_>>().join(" ")
}

/// The course's build, a content version of what progress means in it: a fingerprint of every
/// unit key of the course, each with its quiz's grading fingerprint (`grade::fingerprint`, empty
/// for lessons and checklist items), whatever their order. 16 hex digits of SipHash-1-3 (keys
/// 0, 0) over the count of units and the wrapping sum of each unit's own SipHash-1-3 (over its
/// key and rev, each prefixed by its length in bytes, as a little-endian u64). It changes when a
/// unit is added, removed or renamed, or a quiz's grading changes; it stays the same when only
/// text changes. The progress page carries it as `data-build` and exports as `build`.
///
/// SipHash with fixed keys is stable by its specification; a sum needs no sorting, and units
/// are hashed as they are met, without making their keys (SHA-256 over the sorted keys took
/// 43 M instructions of a 1,000-lesson build). A version of content needs no protection against
/// forgery.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Build {
    count: u64,
    sum: u64,
}

impl Build {
    /// Adds the units of `other` (a sum, so the order of parts does not matter): `serve` keeps
    /// each module's part and makes again only the parts of the modules an edit touched.
    pub fn merge(&mut self, other: Build) {
        self.count += other.count;
        self.sum = self.sum.wrapping_add(other.sum);
    }

    /// Adds a unit and its rev.
    pub fn add(&mut self, unit: Unit, rev: &str) {
        let pieces: [&str; 4] = match unit {
            Unit::Lesson(id) => ["lesson:", id, "", ""],
            Unit::Check { lesson, item } => ["check:", lesson, "#", item],
            Unit::Quiz(id) => ["quiz:", id, "", ""],
            Unit::Scenario(id) => ["scenario:", id, "", ""],
        };
        self.add_pieces(&pieces, rev);
    }

    /// Adds a unit given by its key (which need not be a valid one) and its rev.
    pub fn add_key(&mut self, key: &str, rev: &str) {
        self.add_pieces(&[key], rev);
    }

    fn add_pieces(&mut self, key: &[&str], rev: &str) {
        use std::hash::Hasher as _;
        let mut hash = siphasher::sip::SipHasher13::new_with_keys(0, 0);
        let len: usize = key.iter().map(|p| p.len()).sum();
        hash.write(&(len as u64).to_le_bytes());
        for piece in key {
            hash.write(piece.as_bytes());
        }
        hash.write(&(rev.len() as u64).to_le_bytes());
        hash.write(rev.as_bytes());
        self.sum = self.sum.wrapping_add(hash.finish());
        self.count += 1;
    }

    /// The fingerprint.
    pub fn finish(self) -> String {
        use std::hash::Hasher as _;
        let mut hash = siphasher::sip::SipHasher13::new_with_keys(0, 0);
        hash.write(&self.count.to_le_bytes());
        hash.write(&self.sum.to_le_bytes());
        format!("{:016x}", hash.finish())
    }
}

/// [`Build`] of `units`, (key, rev) pairs.
pub fn build_fingerprint(units: Vec<(String, String)>) -> String {
    let mut build = Build::default();
    for (key, rev) in &units {
        build.add_key(key, rev);
    }
    build.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_as_written() {
        for unit in [
            Unit::Lesson("human-selling/cogs"),
            Unit::Check {
                lesson: "m/l.1",
                item: "call-a-customer",
            },
            Unit::Quiz("m/check_2"),
            Unit::Scenario("m/late-delivery"),
        ] {
            assert_eq!(Unit::parse(&unit.key()), Some(unit));
            assert_eq!(unit.key(), unit.to_string(), "key and Display agree");
        }
        for bad in [
            "",
            "lesson:",
            "quiz:",
            "scenario:",
            "check:a",
            "check:#b",
            "check:a#",
            "x:y",
            "checks:a:3",
        ] {
            assert_eq!(Unit::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_lessons_checks_are_one_token() {
        assert_eq!(lesson_summary("m/l", 0), "lesson:m/l");
        assert_eq!(lesson_summary("m/l", 3), "lesson:m/l checks:m/l:3");
        assert_eq!(
            Checks::parse("checks:m/l:3"),
            Some(Checks {
                lesson: "m/l",
                count: 3
            })
        );
        assert_eq!(Checks::parse("checks:m/l"), None);
    }

    #[test]
    fn a_unit_adds_as_its_key_does() {
        let units = [
            Unit::Lesson("m/a"),
            Unit::Check {
                lesson: "m/a",
                item: "call",
            },
            Unit::Quiz("m/q"),
        ];
        let (mut by_unit, mut by_key) = (Build::default(), Build::default());
        for (u, rev) in units.iter().zip(["", "", "r"]) {
            by_unit.add(*u, rev);
            by_key.add_key(&u.key(), rev);
        }
        assert_eq!(by_unit.finish(), by_key.finish());
    }

    #[test]
    fn the_build_fingerprint_follows_units_and_revs_not_their_order() {
        let units = |list: &[(&str, &str)]| {
            list.iter()
                .map(|(k, r)| ((*k).to_owned(), (*r).to_owned()))
                .collect::<Vec<_>>()
        };
        let a = build_fingerprint(units(&[("lesson:a", ""), ("quiz:q", "r1")]));
        assert_eq!(a.len(), 16);
        assert_eq!(
            a,
            build_fingerprint(units(&[("quiz:q", "r1"), ("lesson:a", "")]))
        );
        assert_ne!(
            a,
            build_fingerprint(units(&[("lesson:a", ""), ("quiz:q", "r2")]))
        );
        assert_ne!(
            a,
            build_fingerprint(units(&[("lesson:b", ""), ("quiz:q", "r1")]))
        );
        assert_ne!(
            a,
            build_fingerprint(units(&[("lesson:a", "quiz:q"), ("r1", "")]))
        );
    }
}
