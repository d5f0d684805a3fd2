//! The stored progress: its versioned format, how a damaged value is cleaned, and how an
//! imported file merges with what a browser holds (docs/progress.md).
//!
//! The theme's script keeps this value in the browser (`localStorage`, key `syllabus:<site id>`)
//! and writes it to a file on Export; the rules here are the script's, and the shared fixtures
//! in `tests/fixtures/progress/` hold both sides to them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The format version the theme writes.
pub const VERSION: u32 = 1;

/// A learner's progress in one course, as stored and exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stored {
    /// Format version: [`VERSION`].
    pub version: u32,
    /// The course's `id` from site.toml: a value from another course is never used.
    pub site: String,
    /// One record per unit key (see `units`). Keys the course no longer has are kept.
    pub units: BTreeMap<String, Record>,
}

/// What is known of one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Ticked, marked complete, or (a quiz) passed.
    pub done: bool,
    /// When it last changed, in milliseconds since 1970 (0 when unknown).
    #[serde(serialize_with = "integral_when_whole")]
    pub at: f64,
    /// A quiz's best score, percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best: Option<u32>,
    /// A quiz's number of attempts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts: Option<u32>,
}

/// Writes `at` as JavaScript would: `1733356800000`, not `1733356800000.0`.
fn integral_when_whole<S: serde::Serializer>(at: &f64, s: S) -> Result<S::Ok, S::Error> {
    if at.fract() == 0.0 && at.abs() < 9.0e15 {
        s.serialize_i64(*at as i64)
    } else {
        s.serialize_f64(*at)
    }
}

/// A stored or imported value, cleaned: the usable records, and how many were usable and how
/// many damaged.
#[derive(Debug, Clone, PartialEq)]
pub struct Cleaned {
    /// The progress to use.
    pub stored: Stored,
    /// Records kept.
    pub kept: usize,
    /// Records that were not objects, and were dropped.
    pub lost: usize,
}

/// Why a value cannot be used at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// Not a JSON object.
    NotProgress,
    /// No version: a format from before versions, which is set aside.
    Unversioned,
    /// A version this build does not read.
    OtherVersion(String),
    /// Another course's progress.
    OtherSite(String),
    /// No `units` object.
    NoUnits,
}

/// Brings a value of an older format to the current one. Version 1 is the first format, so
/// there is nothing to migrate yet; the next version adds its step here, and the value of
/// every older version keeps loading.
pub fn migrate(value: Value) -> Result<Value, Unusable> {
    let Some(obj) = value.as_object() else {
        return Err(Unusable::NotProgress);
    };
    match obj.get("version") {
        None => Err(Unusable::Unversioned),
        Some(v) if v.as_f64() == Some(f64::from(VERSION)) => Ok(value),
        Some(v) if v.is_number() => Err(Unusable::OtherVersion(v.to_string())),
        Some(_) => Err(Unusable::Unversioned),
    }
}

/// Reads a stored or imported value for course `site`: migrated to the current version, each
/// record cleaned (a record that is not an object is dropped and counted as lost).
pub fn clean(value: Value, site: &str) -> Result<Cleaned, Unusable> {
    let value = migrate(value)?;
    let mut obj = match value {
        Value::Object(o) => o,
        _ => return Err(Unusable::NotProgress),
    };
    match obj.get("site") {
        Some(Value::String(s)) if s == site => {}
        other => {
            return Err(Unusable::OtherSite(other.map_or_else(
                || "undefined".into(),
                |v| v.as_str().map_or_else(|| v.to_string(), str::to_owned),
            )));
        }
    }
    let Some(Value::Object(units)) = obj.remove("units") else {
        return Err(Unusable::NoUnits);
    };
    let (mut kept, mut lost) = (0, 0);
    let mut records = BTreeMap::new();
    for (key, record) in units {
        if key == "__proto__" {
            continue;
        }
        match clean_record(&key, &record) {
            Some(r) => {
                records.insert(key, r);
                kept += 1;
            }
            None => lost += 1,
        }
    }
    Ok(Cleaned {
        stored: Stored {
            version: VERSION,
            site: site.to_owned(),
            units: records,
        },
        kept,
        lost,
    })
}

/// One record made clean: `done` only when it is `true`; `at` a finite number, else 0; for a
/// quiz, `best` a whole percent from 0 to 100 and `attempts` a whole number from 0. Anything
/// but an object is unusable.
pub fn clean_record(key: &str, record: &Value) -> Option<Record> {
    let r: &Map<String, Value> = record.as_object()?;
    let num = |k: &str| r.get(k).and_then(Value::as_f64).filter(|n| n.is_finite());
    let quiz = key.starts_with("quiz:");
    Some(Record {
        done: r.get("done") == Some(&Value::Bool(true)),
        at: num("at").unwrap_or(0.0),
        best: quiz.then(|| num("best").unwrap_or(0.0).floor().clamp(0.0, 100.0) as u32),
        attempts: quiz.then(|| {
            num("attempts")
                .unwrap_or(0.0)
                .floor()
                .max(0.0)
                .min(f64::from(u32::MAX)) as u32
        }),
    })
}

/// What importing `theirs` into `mine` does, record by record: a unit only one side has is
/// taken; otherwise the newer change wins, but a quiz keeps the best of both (passed if either
/// passed, the best score, the most attempts, the later time). Returns how many records changed
/// and how many were already the same.
pub fn merge(mine: &mut Stored, theirs: &Stored) -> (usize, usize) {
    let (mut changed, mut same) = (0, 0);
    for (key, t) in &theirs.units {
        let next = match mine.units.get(key) {
            None => t.clone(),
            Some(m) if key.starts_with("quiz:") => Record {
                done: m.done || t.done,
                best: m.best.max(t.best),
                attempts: m.attempts.max(t.attempts),
                at: m.at.max(t.at),
            },
            Some(m) if t.at > m.at => t.clone(),
            Some(m) => m.clone(),
        };
        if mine.units.get(key) == Some(&next) {
            same += 1;
        } else {
            mine.units.insert(key.clone(), next);
            changed += 1;
        }
    }
    (changed, same)
}
