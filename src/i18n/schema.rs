//! The shape of site.toml's `[strings]` for `syllabus schema site` (src/schema/): the keys of
//! the default theme's English table.

use super::{Entry, Text};

/// The default theme's English table, as embedded for the schema (the build reads the theme's
/// own copy, overrides included, through `theme::language`).
const ENGLISH: &str = include_str!("../../themes/default/i18n/en.toml");

/// The shape of site.toml's `[strings]` for `syllabus schema site`: every key of the built-in
/// English table, described by what it says in English (so an editor offers the keys), and no
/// other key.
pub struct InterfaceStrings;

impl schemars::JsonSchema for InterfaceStrings {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "InterfaceStrings".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let entry = generator.subschema_for::<Entry>();
        let english = Text::parse(ENGLISH, "en.toml").unwrap_or_default();
        let mut properties = serde_json::Map::new();
        for key in english.keys() {
            let said = match english.entry(key) {
                Some(Entry::Plain(s)) => format!("In English: “{s}”."),
                Some(Entry::Plural(f)) => format!(
                    "Depends on a number: give its forms. In English: “{}” (one), “{}” (other).",
                    f.one.as_deref().unwrap_or(&f.other),
                    f.other
                ),
                None => continue,
            };
            let mut schema = entry.clone();
            schema.insert("description".into(), said.into());
            properties.insert(key.to_owned(), schema.to_value());
        }
        schemars::json_schema!({
            "type": "object",
            "properties": properties,
            "additionalProperties": false
        })
    }
}
