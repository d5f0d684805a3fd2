//! A scenario's endings and their order: the record of a `scenario:` unit keeps the best one
//! reached (docs/progress.md). `good` > `ok` > `poor`; in the stored value, `""` is none yet.

use serde::{Deserialize, Serialize};

/// How a branching conversation ended, worst first (so `Ord` is "better than").
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Ending {
    /// The conversation went badly.
    Poor,
    /// Acceptable, with room to do better.
    Ok,
    /// The conversation went well.
    Good,
}

impl Ending {
    /// Every ending, best first.
    pub const ALL: [Ending; 3] = [Ending::Good, Ending::Ok, Ending::Poor];

    /// The word stored and written in pages.
    pub const fn as_str(self) -> &'static str {
        match self {
            Ending::Good => "good",
            Ending::Ok => "ok",
            Ending::Poor => "poor",
        }
    }

    /// The ending a stored word names, or `None` (not one of the three).
    pub fn parse(word: &str) -> Option<Ending> {
        Ending::ALL.into_iter().find(|e| e.as_str() == word)
    }

    /// The better of two stored words: an ending beats none (`""`), a better one a worse.
    /// Anything else is none.
    pub fn best_of<'a>(a: &'a str, b: &'a str) -> &'static str {
        Ending::parse(a)
            .max(Ending::parse(b))
            .map_or("", Ending::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_beats_ok_beats_poor_beats_none() {
        assert_eq!(Ending::best_of("poor", "good"), "good");
        assert_eq!(Ending::best_of("ok", "poor"), "ok");
        assert_eq!(Ending::best_of("", "poor"), "poor");
        assert_eq!(Ending::best_of("great", ""), "");
    }
}
