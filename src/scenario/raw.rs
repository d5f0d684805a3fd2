//! The shape of a `*.scenario.yaml` file as serde reads it (through `crate::yaml`), before any
//! check: nodes keep the file's order, and `points` keeps what was written so the checks can say
//! what is wrong with it.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};

use crate::progress::ending::Ending;

// The doc comments of these structs' fields are what authors read in their editors: they become
// the descriptions of `syllabus schema scenario` (src/schema/), next to the examples.

/// A branching conversation: a `*.scenario.yaml` file in a module folder.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Syllabus scenario (content/<module>/<name>.scenario.yaml)")]
pub struct RawScenario {
    /// The scenario's title.
    #[schemars(example = "The late delivery")]
    pub(super) title: String,
    /// One line shown under the title and in lists.
    #[serde(default)]
    #[schemars(example = "A customer calls about a late order. Steer the call.")]
    pub(super) description: String,
    /// Order in the module, smallest first; without it the file name's number or name orders it.
    #[schemars(example = 50)]
    pub(super) weight: Option<i64>,
    /// The scenario's stable id (a slug), the key of learners' progress; without it the file name.
    #[schemars(example = "late-delivery")]
    pub(super) id: Option<String>,
    /// The id of the node the conversation starts at; without it, the first node.
    #[schemars(example = &"call")]
    pub(super) start: Option<String>,
    /// When you last changed the conversation in a way learners should see again (a date or an
    /// RFC 3339 time): learners who reached an ending before are asked to play it again.
    #[schemars(example = "2026-11-30")]
    pub(super) updated: Option<String>,
    /// The conversation's nodes, by id: each says something and offers replies (`choices`) or
    /// ends the conversation (`ending`).
    pub(super) nodes: RawNodes,
}

/// `nodes:`, a map from node id to node, in the file's order (the first is the default start).
pub(super) struct RawNodes(pub Vec<(String, RawNode)>);

/// One node: a line of the conversation, then the learner's replies or an ending.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Node")]
#[schemars(extend("oneOf" = [{ "required": ["choices"] }, { "required": ["ending"] }]))]
pub(super) struct RawNode {
    /// Who speaks.
    #[serde(default)]
    #[schemars(example = &"Customer")]
    pub speaker: String,
    /// What is said or happens, in markdown; at an ending, the debrief.
    #[schemars(example = "My order was due on Monday. It’s Thursday. What is going on?")]
    pub text: String,
    /// The replies the learner can choose.
    #[schemars(length(min = 1))]
    pub choices: Option<Vec<RawChoice>>,
    /// How the conversation ended here: `good`, `ok` or `poor`.
    #[schemars(example = &"good")]
    pub ending: Option<Ending>,
}

/// One reply the learner can choose.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Choice")]
pub(super) struct RawChoice {
    /// The reply, in markdown.
    #[schemars(example = "I’m sorry. Let me look at where your parcel is right now.")]
    pub text: String,
    /// The id of the node it leads to.
    #[schemars(example = &"tracked")]
    pub next: String,
    /// What the learner reads after choosing it, in markdown: why it helps or hurts.
    #[schemars(example = "Good: you start with the problem she called about.")]
    pub feedback: Option<String>,
    /// Points for choosing it (negative for a harmful reply); the debrief compares the learner's
    /// path with the best one.
    #[schemars(example = 2)]
    pub points: Option<RawPoints>,
}

/// `points:` as written: a finite number, or a description of what it was instead.
pub(super) struct RawPoints(pub Result<f64, String>);

impl schemars::JsonSchema for RawNodes {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Nodes".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let node = generator.subschema_for::<RawNode>();
        schemars::json_schema!({
            "type": "object",
            "minProperties": 1,
            "additionalProperties": node
        })
    }
}

impl schemars::JsonSchema for RawPoints {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Points".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "number" })
    }
}

impl<'de> Deserialize<'de> for RawNodes {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Nodes;
        impl<'de> Visitor<'de> for Nodes {
            type Value = RawNodes;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map from node id to node")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawNodes, A::Error> {
                let mut nodes = Vec::new();
                while let Some(entry) = map.next_entry::<String, RawNode>()? {
                    nodes.push(entry);
                }
                Ok(RawNodes(nodes))
            }
        }
        d.deserialize_map(Nodes)
    }
}

impl<'de> Deserialize<'de> for RawPoints {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Points;
        impl<'de> Visitor<'de> for Points {
            type Value = RawPoints;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawPoints, E> {
                Ok(RawPoints(Ok(v as f64)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawPoints, E> {
                Ok(RawPoints(Ok(v as f64)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawPoints, E> {
                Ok(RawPoints(if v.is_finite() {
                    Ok(v)
                } else {
                    Err(format!("{v}"))
                }))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawPoints, E> {
                Ok(RawPoints(Err(format!(
                    "\"{}\"",
                    crate::diag::shorten(v, 40)
                ))))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawPoints, E> {
                Ok(RawPoints(Err(v.to_string())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<RawPoints, E> {
                Ok(RawPoints(Err("empty".into())))
            }
        }
        d.deserialize_any(Points)
    }
}
