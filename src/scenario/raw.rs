//! The shape of a `*.scenario.yaml` file as serde reads it (through `crate::yaml`), before any
//! check: nodes keep the file's order, and `points` keeps what was written so the checks can say
//! what is wrong with it.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};

use crate::progress::ending::Ending;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScenario {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub weight: Option<i64>,
    pub id: Option<String>,
    pub start: Option<String>,
    pub nodes: RawNodes,
}

/// `nodes:`, a map from node id to node, in the file's order (the first is the default start).
pub(super) struct RawNodes(pub Vec<(String, RawNode)>);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNode {
    #[serde(default)]
    pub speaker: String,
    pub text: String,
    pub choices: Option<Vec<RawChoice>>,
    pub ending: Option<Ending>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChoice {
    pub text: String,
    pub next: String,
    pub feedback: Option<String>,
    pub points: Option<RawPoints>,
}

/// `points:` as written: a finite number, or a description of what it was instead.
pub(super) struct RawPoints(pub Result<f64, String>);

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
