//! Which stemmer a course's words get, from site.toml's `language`: English keeps the light
//! stemmer of `words.rs` (mirrored in `search.js`); a language with a Snowball algorithm
//! gets it (the `rust-stemmers` crate); any other is only folded, and the browser matches its
//! words by prefix.
//!
//! A Snowball stem is made at build time only: the word as written, lower-cased (French needs
//! its accents to find its suffixes), is stemmed and the stem folded. The index lists, beside
//! its terms, the course's folded words whose term differs from them (see `super`), so the
//! browser takes a query word's stem from there: the two sides agree by construction.
//! (`words.rs` folds the stem; this file needs nothing from it.)

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

/// How the words of a course become terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stemming {
    /// English: stop words left out, the light stemmer of `words.rs`.
    English,
    /// A Snowball algorithm, at build time; the browser reads the stems from the index.
    Snowball(Algorithm),
    /// Words folded only; the browser matches them by prefix.
    None,
}

/// Languages (primary subtags) with a Snowball algorithm, and which. Greek has one, but the
/// crate's version panics on some Greek words (`ισαισα`; snowball issue 204, fixed upstream
/// after the crate's last release), so Greek is folded only.
const SNOWBALL: &[(&str, Algorithm)] = &[
    ("ar", Algorithm::Arabic),
    ("da", Algorithm::Danish),
    ("de", Algorithm::German),
    ("es", Algorithm::Spanish),
    ("fi", Algorithm::Finnish),
    ("fr", Algorithm::French),
    ("hu", Algorithm::Hungarian),
    ("it", Algorithm::Italian),
    ("nb", Algorithm::Norwegian),
    ("nl", Algorithm::Dutch),
    ("nn", Algorithm::Norwegian),
    ("no", Algorithm::Norwegian),
    ("pt", Algorithm::Portuguese),
    ("ro", Algorithm::Romanian),
    ("ru", Algorithm::Russian),
    ("sv", Algorithm::Swedish),
    ("ta", Algorithm::Tamil),
    ("tr", Algorithm::Turkish),
];

/// The Snowball algorithms (by [`Stemming::snowball_name`]) of languages that elide with an
/// apostrophe; `search.js` has the same list.
pub const ELIDING: &[&str] = &["french", "italian"];

impl Stemming {
    /// The stemming of a course in `language` (a language tag: `fr`, `pt-BR`, `en-GB`…).
    pub fn for_language(language: &str) -> Stemming {
        let primary = language
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if primary == "en" {
            return Stemming::English;
        }
        SNOWBALL
            .iter()
            .find(|(tag, _)| *tag == primary)
            .map_or(Stemming::None, |&(_, a)| Stemming::Snowball(a))
    }

    /// Whether an apostrophe is a word break rather than part of a word: in French and Italian
    /// it marks an elision (`l’équipe`, `dell’offerta`), in English a contraction or possessive
    /// (`don't`, `customer's`, one word each). `search.js` knows them by [`ELIDING`].
    pub fn elides(self) -> bool {
        matches!(
            self,
            Stemming::Snowball(Algorithm::French | Algorithm::Italian)
        )
    }

    /// The Snowball algorithm's name (lower case), for the index's manifest; `None` otherwise.
    pub fn snowball_name(self) -> Option<String> {
        match self {
            Stemming::Snowball(a) => Some(format!("{a:?}").to_ascii_lowercase()),
            _ => None,
        }
    }
}

/// The Snowball stem of `written` (a word as written, lower-cased), not folded; the word itself
/// if the algorithm fails on it. The crate is generated code that has panicked on some words
/// (Greek `ισαισα`, so Greek is left out), and the algorithms in use are fuzzed below without
/// a failure, but a word that trips one must cost its stem, not the build.
pub fn snowball(algorithm: Algorithm, written: &str) -> String {
    std::panic::catch_unwind(|| stem_as_written(algorithm, written)).unwrap_or_else(|_| {
        log::debug!("the {algorithm:?} stemmer failed on {written:?}: it is indexed as it is");
        written.to_owned()
    })
}

/// [`snowball`] without the guard.
fn stem_as_written(algorithm: Algorithm, written: &str) -> String {
    // A decomposed accent (e + U+0301) is composed first: the algorithms know `é`, not `e´`.
    let written: Cow<str> = if written
        .chars()
        .any(|c| ('\u{300}'..='\u{36f}').contains(&c))
    {
        Cow::Owned(written.nfc().collect())
    } else {
        Cow::Borrowed(written)
    };
    Stemmer::create(algorithm).stem(&written).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::words::{fold, forms, terms};

    #[test]
    fn languages_pick_their_stemmer() {
        assert_eq!(Stemming::for_language("en-GB"), Stemming::English);
        assert_eq!(
            Stemming::for_language("fr"),
            Stemming::Snowball(Algorithm::French)
        );
        assert_eq!(
            Stemming::for_language("pt-BR"),
            Stemming::Snowball(Algorithm::Portuguese)
        );
        assert_eq!(
            Stemming::for_language("AR"),
            Stemming::Snowball(Algorithm::Arabic)
        );
        for none in ["ja", "he", "ko", "el", "zh-Hans", ""] {
            assert_eq!(Stemming::for_language(none), Stemming::None, "{none}");
        }
        assert_eq!(
            Stemming::for_language("de").snowball_name().as_deref(),
            Some("german")
        );
        // The languages that elide are the ones the script is told of.
        for &(tag, _) in SNOWBALL {
            let s = Stemming::for_language(tag);
            let name = s.snowball_name().unwrap();
            assert_eq!(s.elides(), ELIDING.contains(&name.as_str()), "{tag}");
        }
        let js = include_str!("../../themes/default/static/search.js");
        let eliding = format!("var ELIDING = [\"{}\"];", ELIDING.join("\", \""));
        assert!(js.contains(&eliding), "search.js has {eliding}");
    }

    /// The Snowball stem of `word` as the crate gives it, folded: the judge the index follows.
    fn judge(algorithm: Algorithm, word: &str) -> String {
        fold(&Stemmer::create(algorithm).stem(&word.to_lowercase()))
    }

    #[test]
    fn words_are_stemmed_as_written_then_folded() {
        let fr = Stemming::for_language("fr");
        for (a, b) in [
            ("clients", "client"),
            ("propositions", "proposition"),
            ("Réunions", "réunion"),
        ] {
            assert_eq!(terms(a, fr), terms(b, fr), "{a} and {b}");
            assert_eq!(terms(a, fr), [judge(Algorithm::French, a)]);
        }
        // Stemmed with its accents: "proposées" loses "ées", which "proposees" would keep.
        assert_eq!(
            terms("proposées", fr),
            [judge(Algorithm::French, "proposées")]
        );
        assert_ne!(
            judge(Algorithm::French, "proposées"),
            judge(Algorithm::French, "proposees")
        );
        // French elides with an apostrophe: "l’équipe" is "l" (too short) and "équipe".
        assert_eq!(terms("l’équipe d'abord", fr), terms("équipe abord", fr));
        assert_eq!(
            terms("customer's", Stemming::English),
            terms("customers", Stemming::English)
        );
        // A decomposed accent stems as the composed one.
        assert_eq!(terms("propose\u{301}es", fr), terms("proposées", fr));
        let de = Stemming::for_language("de");
        assert_eq!(
            terms("Überprüfen überprüft", de),
            [
                judge(Algorithm::German, "überprüfen"),
                judge(Algorithm::German, "überprüft")
            ]
        );
        assert!(terms("Überprüfen", de)[0].starts_with("uberpruf"));
        // The forms the index lists: folded words whose term differs.
        assert_eq!(
            forms("réunion clients client", fr),
            [("clients".to_owned(), "client".to_owned())]
        );
        // Arabic: harakat and alef forms do not change the term.
        let ar = Stemming::for_language("ar");
        assert_eq!(terms("الْمُدِيرُ", ar), terms("المدير", ar));
        assert_eq!(terms("أسئلة", ar), terms("اسئلة", ar));
    }

    proptest::proptest! {
        /// Whatever the text, each form is one of its words, differs from its term, and its
        /// term is one of the text's terms (so a form always leads somewhere in the index).
        #[test]
        fn every_form_leads_to_a_term_of_the_text(
            text in "[a-zA-Zéèêàçœß' \u{2019}\u{301}ёйЁа-я\u{627}\u{623}\u{644}\u{645}\u{64e}\u{629}-]{0,60}",
            language in proptest::sample::select(vec!["fr", "de", "es", "pt-BR", "ar", "ru", "it", "ja"]),
        ) {
            let stemming = Stemming::for_language(language);
            let terms = terms(&text, stemming);
            let mut words = Vec::new();
            crate::search::words::words_as_written(&text, stemming.elides(), |w, _| words.push(w.to_owned()));
            for (form, term) in forms(&text, stemming) {
                proptest::prop_assert!(terms.contains(&term), "{form} → {term}");
                proptest::prop_assert!(words.contains(&form), "{form}");
                proptest::prop_assert_ne!(form, term);
            }
        }

        /// No algorithm in use panics, whatever the word (lower case, of its script's letters).
        #[test]
        fn snowball_never_panics(
            latin in "[a-zà-ÿœæßğışç]{1,24}",
            cyrillic in "[а-яёіїєґ]{1,24}",
            arabic in "[\u{621}-\u{64a}\u{64b}-\u{652}\u{670}\u{671}]{1,24}",
            // Arabic's prefixes (articles, conjunctions, prepositions), which the stemmer strips.
            prefixed in "(ال|وال|بال|كال|فال|لل|و|ف|ب|ك|ل|س|است|ت|ي|ن|ا)[\u{621}-\u{64a}]{0,8}(ها|هم|كم|ون|ين|ات|ان|ة|ي|وا)?",
            tamil in "[\u{b80}-\u{bff}]{1,24}",
            any in "\\PC{1,12}",
        ) {
            for &(_, a) in SNOWBALL {
                for word in [&latin, &cyrillic, &arabic, &prefixed, &tamil, &any] {
                    stem_as_written(a, &word.to_lowercase());
                }
            }
        }
    }

    #[test]
    fn a_word_the_stemmer_fails_on_is_indexed_as_it_is() {
        // The one failure known: Greek, which is why Greek is not stemmed.
        assert_eq!(Stemming::for_language("el"), Stemming::None);
        assert_eq!(snowball(Algorithm::Greek, "ισαισα"), "ισαισα");
        // Elsewhere the guard changes nothing.
        assert_eq!(
            snowball(Algorithm::French, "réunions"),
            stem_as_written(Algorithm::French, "réunions")
        );
    }
}
