//! The course's interface language: which of the theme's `i18n/<tag>.toml` tables site.toml's
//! `language` names, the strings it lacks (shown in English, and warned about), and the text
//! direction of its script.

use std::collections::BTreeMap;

use super::{DefaultTheme, Origin, describe};
use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::{Entry, Text};

/// The table every other falls back to, key by key.
pub const FALLBACK: &str = "en";

/// Languages written right to left (their primary subtags).
const RIGHT_TO_LEFT: [&str; 10] = ["ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"];

/// `rtl` for a language written right to left, else `ltr`.
pub fn direction(language: &str) -> &'static str {
    let primary = language.split(['-', '_']).next().unwrap_or_default();
    match RIGHT_TO_LEFT
        .iter()
        .any(|l| l.eq_ignore_ascii_case(primary))
    {
        true => "rtl",
        false => "ltr",
    }
}

/// The theme's interface tables (`i18n/<tag>.toml`), by tag: the built-in ones and the course
/// theme's, from `files` (the theme's files, overrides over built-ins).
fn tables(files: &BTreeMap<String, (Vec<u8>, Origin)>) -> BTreeMap<String, ()> {
    files
        .keys()
        .filter_map(|k| k.strip_prefix("i18n/")?.strip_suffix(".toml"))
        .filter(|t| !t.contains('/'))
        .map(|t| (t.to_owned(), ()))
        .collect()
}

/// The table `language` means: the one of that tag (in any case), else the one whose language
/// alone matches (`fr-CA` reads `fr`; `pt` reads `pt-BR`). An error at site.toml's `language`,
/// listing the tables, when there is none.
fn resolve(
    config: &Config,
    files: &BTreeMap<String, (Vec<u8>, Origin)>,
) -> Result<String, Diagnostic> {
    let tables = tables(files);
    let wanted = config.language.as_str();
    let primary = |t: &str| {
        t.split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
    };
    let found = tables
        .keys()
        .find(|t| t.eq_ignore_ascii_case(wanted))
        .or_else(|| tables.keys().find(|t| **t == primary(wanted)))
        .or_else(|| tables.keys().find(|t| primary(t) == primary(wanted)));
    match found {
        Some(t) => Ok(t.clone()),
        None => {
            let list: Vec<&str> = tables.keys().map(String::as_str).collect();
            let mut d = config.language_at.clone();
            d.message = format!(
                "the interface has no language `{wanted}`: the theme has {}",
                list.join(", ")
            );
            Err(d.with_help(format!(
                "set `language` to one of them, or translate the interface into themes/{}/i18n/{wanted}.toml (docs/theme.md lists its strings)",
                config.theme
            )))
        }
    }
}

/// The interface strings for the course's language: English, then the language's table over
/// it (built in, then the theme's override), with the language's plural rules; and a warning
/// at site.toml's `language` for each English string the language's table lacks.
pub(super) fn load_text(
    config: &Config,
    files: &BTreeMap<String, (Vec<u8>, Origin)>,
) -> anyhow::Result<(Text, Vec<Diagnostic>)> {
    let lang = resolve(config, files).map_err(|d| crate::diag::ContentErrors(vec![d]))?;
    let read = |lang: &str| -> anyhow::Result<Text> {
        let key = format!("i18n/{lang}.toml");
        let mut text = Text::default();
        for (bytes, origin) in [
            DefaultTheme::get(&key).map(|f| (f.data.into_owned(), Origin::Embedded)),
            files.get(&key).cloned(),
        ]
        .into_iter()
        .flatten()
        {
            let what = describe(&key, &origin);
            let toml_text =
                String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{what} is not UTF-8"))?;
            text = text.overlay(Text::parse(&toml_text, &what)?);
        }
        Ok(text)
    };
    let english = read(FALLBACK)?;
    if lang == FALLBACK {
        let text = with_overrides(config, &english, english.clone())?;
        return Ok((text.in_language(&config.language), Vec::new()));
    }
    let own = read(&lang)?;
    let warnings = english
        .keys()
        .filter(|k| !own.has(k))
        .map(|k| {
            let mut d = config.language_at.clone().warning();
            d.message =
                format!("the `{lang}` interface has no string `{k}`: it is shown in English");
            d.with_help(format!(
                "add `{k} = \"…\"` to themes/{}/i18n/{lang}.toml",
                config.theme
            ))
        })
        .collect();
    let text = with_overrides(config, &english, english.clone().overlay(own))?;
    Ok((text.in_language(&config.language), warnings))
}

/// `text` with site.toml's `[strings]` put over it. Each is checked against the English
/// string of its key: a key the interface does not have, a string that depends on a number
/// written as one text (or the other way round), or a `{name}` English does not give are
/// errors at the key in site.toml.
fn with_overrides(config: &Config, english: &Text, mut text: Text) -> anyhow::Result<Text> {
    let mut errors = Vec::new();
    for o in &config.strings {
        let error = |message: String, help: String| {
            let mut d = o.at.clone();
            d.message = message;
            d.with_help(help)
        };
        let Some(en) = english.entry(&o.key) else {
            let near = english
                .keys()
                .map(|k| (strsim::damerau_levenshtein(&o.key, k), k))
                .filter(|(d, _)| *d <= 3)
                .min();
            errors.push(error(
                format!("the interface has no string `{}`", o.key),
                match near {
                    Some((_, k)) => format!("did you mean `{k}`? docs/theme.md lists the strings"),
                    None => "docs/theme.md lists the strings and their keys".into(),
                },
            ));
            continue;
        };
        match (en, &o.entry) {
            (Entry::Plural(_), Entry::Plain(_)) => errors.push(error(
                format!("`{}` depends on a number: give its forms", o.key),
                format!(
                    "write it as {} = {{ one = \"…\", other = \"…\" }}, with the plural categories of `{}` (docs/theme.md)",
                    o.key, config.language
                ),
            )),
            (Entry::Plain(_), Entry::Plural(_)) => errors.push(error(
                format!("`{}` does not depend on a number: write it as one string", o.key),
                format!("write it as {} = \"…\"", o.key),
            )),
            _ => {
                let known = en.placeholders();
                let unknown: Vec<String> = o
                    .entry
                    .placeholders()
                    .into_iter()
                    .filter(|p| !known.contains(p))
                    .map(|p| format!("{{{p}}}"))
                    .collect();
                if unknown.is_empty() {
                    text = text.with(o.key.clone(), o.entry.clone());
                    continue;
                }
                let known: Vec<String> = known.iter().map(|p| format!("{{{p}}}")).collect();
                errors.push(error(
                    format!("`{}` has no placeholder {}", o.key, unknown.join(", ")),
                    match known.is_empty() {
                        true => "it takes none: write the text alone".into(),
                        false => format!("it takes {}", known.join(", ")),
                    },
                ));
            }
        }
    }
    match errors.is_empty() {
        true => Ok(text),
        false => Err(crate::diag::ContentErrors(errors).into()),
    }
}

/// [`load_text`]'s check alone, for `check` (which loads no theme): an unknown language is an
/// error and each missing string a warning, in `diags`.
pub fn check(config: &Config, diags: &mut Diagnostics) {
    // Only the interface tables are read: the build loads the whole theme later, once.
    match super::theme_files(config, "i18n/").and_then(|files| load_text(config, &files)) {
        Ok((_, warnings)) => warnings.into_iter().for_each(|w| diags.push(w)),
        Err(e) => match e.downcast::<crate::diag::ContentErrors>() {
            Ok(errors) => errors.0.into_iter().for_each(|d| diags.push(d)),
            Err(e) => {
                let mut d = config.language_at.clone();
                d.message = format!("{e:#}");
                diags.push(d);
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::{DefaultTheme, FALLBACK, direction};
    use crate::i18n::{Entry, Text};

    /// Every built-in table, by tag.
    fn shipped() -> Vec<(String, Text)> {
        DefaultTheme::iter()
            .filter_map(|f| {
                let tag = f.strip_prefix("i18n/")?.strip_suffix(".toml")?.to_owned();
                let bytes = DefaultTheme::get(&f)?.data;
                let text = Text::parse(std::str::from_utf8(&bytes).ok()?, &f).ok()?;
                Some((tag, text))
            })
            .collect()
    }

    #[test]
    fn every_shipped_language_has_every_english_string_with_its_placeholders() {
        let tables = shipped();
        let tags: Vec<&str> = tables.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(tags, ["ar", "de", "en", "es", "fr", "pt-BR"]);
        let english = &tables.iter().find(|(t, _)| t == FALLBACK).unwrap().1;
        let names = |e: &Entry| -> std::collections::BTreeSet<String> {
            let texts: Vec<&str> = match e {
                Entry::Plain(s) => vec![s],
                Entry::Plural(f) => vec![&f.other],
            };
            texts
                .iter()
                .flat_map(|t| t.split('{').skip(1).filter_map(|p| p.split('}').next()))
                .map(str::to_owned)
                .collect()
        };
        for (tag, table) in &tables {
            for key in english.keys() {
                let (Some(en), Some(own)) = (english.entry(key), table.entry(key)) else {
                    panic!("{tag} has no `{key}`");
                };
                assert_eq!(
                    matches!(en, Entry::Plural(_)),
                    matches!(own, Entry::Plural(_)),
                    "{tag} `{key}`: plural forms in one table and not the other"
                );
                assert_eq!(names(en), names(own), "{tag} `{key}`: placeholders differ");
            }
            assert_eq!(
                table.keys().count(),
                english.keys().count(),
                "{tag} has strings English does not"
            );
        }
    }

    #[test]
    fn arabic_and_hebrew_are_right_to_left() {
        for l in ["ar", "ar-EG", "he", "fa-IR", "ur"] {
            assert_eq!(direction(l), "rtl", "{l}");
        }
        for l in ["en", "fr", "pt-BR", "de-CH", "es-419", "zh-Hant"] {
            assert_eq!(direction(l), "ltr", "{l}");
        }
    }
}
