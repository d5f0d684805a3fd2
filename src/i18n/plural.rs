//! Plural forms: an interface string that depends on a number has one form per CLDR plural
//! category the language uses (English `one` and `other`; Arabic `zero`, `one`, `two`, `few`,
//! `many` and `other`), and the language's rules pick one (icu_plurals, with the CLDR data the
//! browsers' `Intl.PluralRules` also use, so templates and scripts agree).

use icu_plurals::{PluralCategory, PluralRules};
use serde::{Deserialize, Serialize};

/// The forms of one string, by CLDR category; `other` is always there.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Forms {
    /// For 0 in Arabic, Latvian, Welsh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"لا دروس")]
    pub zero: Option<String>,
    /// For 1 in most languages (and 0 in French).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"{n} unit")]
    pub one: Option<String>,
    /// For 2 in Arabic, Hebrew, Slovenian.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"درسان")]
    pub two: Option<String>,
    /// For small numbers in Slavic languages and Arabic (3 to 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"{n} lekcje")]
    pub few: Option<String>,
    /// For larger numbers in Arabic (11 to 99), Polish, Russian; millions in French.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"{n} lekcji")]
    pub many: Option<String>,
    /// Every other number: the fallback.
    #[schemars(example = &"{n} units")]
    pub other: String,
}

impl Forms {
    /// The texts of the forms it has.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        [&self.zero, &self.one, &self.two, &self.few, &self.many]
            .into_iter()
            .flatten()
            .chain([&self.other])
            .map(String::as_str)
    }

    /// The form for `category`, or `other` when the table has none for it.
    pub fn pick(&self, category: PluralCategory) -> &str {
        let form = match category {
            PluralCategory::Zero => &self.zero,
            PluralCategory::One => &self.one,
            PluralCategory::Two => &self.two,
            PluralCategory::Few => &self.few,
            PluralCategory::Many => &self.many,
            PluralCategory::Other => return &self.other,
        };
        form.as_deref().unwrap_or(&self.other)
    }
}

/// The cardinal plural rules of `language` (a BCP 47 tag such as `fr` or `pt-BR`); `None` when
/// the tag does not parse (the caller falls back to English's).
pub fn rules(language: &str) -> Option<PluralRules> {
    let locale: icu_locale_core::Locale = language.parse().ok()?;
    PluralRules::try_new_cardinal((&locale).into()).ok()
}

/// The category of `n` under `rules`, or English's (`one` for 1) without rules.
pub fn category(rules: Option<&PluralRules>, n: i64) -> PluralCategory {
    match rules {
        Some(r) => r.category_for(n),
        None if n == 1 => PluralCategory::One,
        None => PluralCategory::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms() -> Forms {
        Forms {
            zero: Some("zero".into()),
            one: Some("one".into()),
            two: Some("two".into()),
            few: Some("few".into()),
            many: Some("many".into()),
            other: "other".into(),
        }
    }

    #[test]
    fn each_language_picks_its_own_forms() {
        let f = forms();
        let form = |lang: &str, n: i64| f.pick(category(rules(lang).as_ref(), n)).to_owned();
        // English and German: one and other.
        assert_eq!(
            [form("en", 0), form("en", 1), form("en", 2), form("en", 5)],
            ["other", "one", "other", "other"]
        );
        assert_eq!(form("de", 1), "one");
        // French: 0 and 1 are singular; millions take `many`.
        assert_eq!(
            [
                form("fr", 0),
                form("fr", 1),
                form("fr", 2),
                form("fr", 1_000_000)
            ],
            ["one", "one", "other", "many"]
        );
        // Arabic: all six.
        assert_eq!(
            [
                form("ar", 0),
                form("ar", 1),
                form("ar", 2),
                form("ar", 5),
                form("ar", 11),
                form("ar", 100)
            ],
            ["zero", "one", "two", "few", "many", "other"]
        );
        // Brazilian Portuguese: 0 and 1 singular.
        assert_eq!(
            [form("pt-BR", 0), form("pt-BR", 1), form("pt-BR", 2)],
            ["one", "one", "other"]
        );
        // Russian (a Slavic rule): 1, 2-4, 5-20, 21.
        assert_eq!(
            [form("ru", 1), form("ru", 2), form("ru", 5), form("ru", 21)],
            ["one", "few", "many", "one"]
        );
    }

    #[test]
    fn a_missing_form_falls_back_to_other() {
        let f = Forms {
            zero: None,
            one: Some("one".into()),
            two: None,
            few: None,
            many: None,
            other: "other".into(),
        };
        assert_eq!(f.pick(category(rules("ar").as_ref(), 0)), "other");
        assert_eq!(f.pick(category(None, 1)), "one");
        assert!(rules("not a tag!").is_none());
    }
}
