//! A lesson's checklist items as written (plain text, or `{ id, text }`) and their checks:
//! front-matter practice items and a role-play's rubric alike.

use std::path::Path;

use serde::Deserialize;

use super::names::locate;
use crate::diag::{Diagnostic, LineIndex};
use crate::model::CheckItem;

/// A checklist item: plain text, or `{ id, text }`.
pub(super) enum RawCheckItem {
    Text(String),
    Full { id: String, text: String },
}

impl<'de> Deserialize<'de> for RawCheckItem {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CheckItemVisitor)
    }
}

impl schemars::JsonSchema for RawCheckItem {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ChecklistItem".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A checklist item: its text, or its `id` and `text` (the id keeps learners' ticks when you reword the text). Quote an item that contains `: `.",
            "anyOf": [
                { "type": "string", "examples": ["Ask one open question before offering anything"] },
                {
                    "type": "object",
                    "properties": {
                        "id": {
                            "type": "string",
                            "description": "The item's stable id (a slug): learners' ticks are kept under it.",
                            "examples": ["open-question"]
                        },
                        "text": {
                            "type": "string",
                            "description": "What the learner does, as they read it.",
                            "examples": ["Ask one open question before offering anything"]
                        }
                    },
                    "required": ["text"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

struct CheckItemVisitor;

impl<'de> serde::de::Visitor<'de> for CheckItemVisitor {
    type Value = RawCheckItem;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a checklist item: text, or `id:` and `text:`")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawCheckItem, E> {
        Ok(RawCheckItem::Text(v.to_owned()))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<RawCheckItem, A::Error> {
        use serde::de::Error;
        let (mut id, mut text) = (None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "id" => id = Some(map.next_value::<String>()?),
                "text" => text = Some(map.next_value::<String>()?),
                // `- Ask: what made you choose us?` is YAML for a key and a value.
                other => {
                    return Err(A::Error::custom(format!(
                        "the checklist item `{other}: …` was read as a key and a value because it contains `: `; \
                         put the whole item in quotes"
                    )));
                }
            }
        }
        match (id, text) {
            (Some(id), Some(text)) => Ok(RawCheckItem::Full { id, text }),
            (None, Some(text)) => Ok(RawCheckItem::Text(text)),
            (_, None) => Err(A::Error::missing_field("text")),
        }
    }
}

pub(super) fn check_items(
    raw: Vec<RawCheckItem>,
    path: &Path,
    text: &str,
) -> Result<Vec<CheckItem>, Diagnostic> {
    let mut items: Vec<CheckItem> = Vec::with_capacity(raw.len());
    // A map, not a pairwise search: a checklist of 100,000 items must stay linear (issue 22).
    // It keeps each id's first item, which a duplicate's error points back at.
    let mut ids = std::collections::HashMap::with_capacity(raw.len());
    for r in raw {
        let item = match r {
            RawCheckItem::Text(text) => CheckItem {
                id: slug::slugify(&text),
                text,
                rubric: false,
            },
            RawCheckItem::Full { id, text } => CheckItem {
                id: slug::slugify(&id),
                text,
                rubric: false,
            },
        };
        // Where the item is written, found only for an error (it scans the file).
        let at = || locate(text, &item.text);
        if item.id.is_empty() {
            let (line, col) = at();
            return Err(Diagnostic::error_at(
                path,
                text,
                line,
                col,
                "checklist item has no letters or digits to make an id from",
            )
            .with_help("write the item as `- id: some-id` and `text: ...`"));
        }
        if let Some(&first) = ids.get(&item.id) {
            let first: &CheckItem = &items[first];
            let index = LineIndex::new(text);
            let first_at = text.find(first.text.as_str());
            let (first_line, first_col) = first_at.map_or((1, 1), |i| index.line_col(i));
            // The second item is written after the first (the same words may be found again).
            let after = first_at.map_or(0, |i| i + first.text.len());
            let (line, col) = match text[after..].find(item.text.as_str()) {
                Some(i) => index.line_col(after + i),
                None => at(),
            };
            return Err(Diagnostic::error_at(
                path,
                text,
                line,
                col,
                format!(
                    "two checklist items have the id `{}`",
                    crate::diag::shorten(&item.id, 60)
                ),
            )
            .with_label(path, text, first_line, first_col, "the first item with it")
            .with_help("give one of them an explicit `id:` or different wording"));
        }
        ids.insert(item.id.clone(), items.len());
        items.push(item);
    }
    Ok(items)
}
