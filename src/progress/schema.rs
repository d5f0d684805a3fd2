//! The stored progress: its versioned format, how an older or damaged value is migrated and
//! cleaned, and how an imported file merges with what a browser holds (docs/progress.md).
//!
//! The theme's script keeps this value in the browser (`localStorage`, key `syllabus:<site id>`)
//! and writes it to a file on Export, with the export's time and the course's build; the rules
//! here are the script's, and the shared fixtures in `tests/fixtures/progress/` hold both sides
//! to them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::ending::Ending;
use super::grade::Answers;

/// The format version the theme writes. Version 2 added the learner's name and, for each quiz,
/// the best attempt's answers and the quiz's fingerprint then (issue 15).
pub const VERSION: u32 = 2;

/// The longest learner's name kept, in characters (Unicode scalar values); a longer one is cut.
pub const NAME_MAX: usize = 200;

/// A learner's progress in one course, as stored and exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stored {
    /// Format version: [`VERSION`].
    pub version: u32,
    /// The course's `id` from site.toml: a value from another course is never used.
    pub site: String,
    /// An export file's time, ISO 8601 in UTC (`2026-12-05T01:07:44.000Z`); not in the
    /// browser's value. Kept when valid, never merged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exported_at: Option<String>,
    /// An export file's course build (the progress page's `data-build`, docs/theme.md): which content
    /// version the progress was recorded against. Kept when valid, never merged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build: Option<String>,
    /// Who the learner says they are.
    #[serde(default)]
    pub learner: Learner,
    /// One record per unit key (see `units`). Keys the course no longer has are kept.
    pub units: BTreeMap<String, Record>,
}

/// The learner, as they name themselves on the progress page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Learner {
    /// Their name: trimmed, at most [`NAME_MAX`] characters, maybe empty. Plain text.
    pub name: String,
    /// When it last changed, in milliseconds since 1970 (0 when never or unknown).
    #[serde(serialize_with = "integral_when_whole")]
    pub at: f64,
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
    /// A quiz's answers in its best attempt (empty when not known, as after migrating from
    /// version 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers: Option<Answers>,
    /// The quiz's grading fingerprint (`grade::fingerprint`) when those answers were given, so
    /// they can be graded again against the quiz as it is now; empty when not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rev: Option<String>,
    /// A scenario's best ending reached (`good`, `ok` or `poor`, see [`Ending`]); empty when
    /// none is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ending: Option<String>,
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

/// Brings a value of an older format to the current one, one step per version, so the value
/// of every older version keeps loading:
/// - 1 → 2: the learner's name is not known (`learner: { name: "", at: 0 }`); a quiz's
///   `answers` and `rev` are not known either (any found are removed), and cleaning makes them
///   `{}` and `""`.
pub fn migrate(value: Value) -> Result<Value, Unusable> {
    let Value::Object(mut obj) = value else {
        return Err(Unusable::NotProgress);
    };
    let mut version = match obj.get("version") {
        None => return Err(Unusable::Unversioned),
        Some(v) if v.is_number() => v.clone(),
        Some(_) => return Err(Unusable::Unversioned),
    };
    if version.as_f64() == Some(1.0) {
        // Version 1 had no name, answers or rev: any found in it are not this format's.
        obj.insert("learner".into(), json!({ "name": "", "at": 0 }));
        if let Some(Value::Object(units)) = obj.get_mut("units") {
            for record in units.values_mut().filter_map(Value::as_object_mut) {
                record.remove("answers");
                record.remove("rev");
            }
        }
        version = json!(2);
        obj.insert("version".into(), version.clone());
    }
    if version.as_f64() == Some(f64::from(VERSION)) {
        Ok(Value::Object(obj))
    } else {
        Err(Unusable::OtherVersion(version.to_string()))
    }
}

/// Reads a stored or imported value for course `site`: migrated to the current version, the
/// learner and each record cleaned (a record that is not an object is dropped and counted as
/// lost), an export's `exported_at` and `build` kept when they are valid and dropped otherwise.
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
    let text = |k: &str, valid: fn(&str) -> bool| {
        obj.get(k)
            .and_then(Value::as_str)
            .filter(|s| valid(s))
            .map(str::to_owned)
    };
    Ok(Cleaned {
        stored: Stored {
            version: VERSION,
            site: site.to_owned(),
            exported_at: text("exported_at", is_utc_time),
            build: text("build", is_build),
            learner: clean_learner(obj.get("learner")),
            units: records,
        },
        kept,
        lost,
    })
}

/// A finite number, or none.
fn finite(v: Option<&Value>) -> Option<f64> {
    v.and_then(Value::as_f64).filter(|n| n.is_finite())
}

/// The learner made clean: anything but an object is nobody (`""`, 0); a name that is not a
/// string is empty; `at` a finite number, else 0.
pub fn clean_learner(learner: Option<&Value>) -> Learner {
    let Some(l) = learner.and_then(Value::as_object) else {
        return Learner::default();
    };
    Learner {
        name: l
            .get("name")
            .and_then(Value::as_str)
            .map_or_else(String::new, clean_name),
        at: finite(l.get("at")).unwrap_or(0.0),
    }
}

/// A name as kept: without white space at either end (JavaScript's `trim`, so the browser keeps
/// the same name) and at most [`NAME_MAX`] characters.
pub fn clean_name(name: &str) -> String {
    // JavaScript's white space is Rust's, without U+0085 and with U+FEFF.
    let space = |c: char| (c.is_whitespace() && c != '\u{85}') || c == '\u{feff}';
    let cut: String = name.trim_matches(space).chars().take(NAME_MAX).collect();
    cut.trim_end_matches(space).to_owned()
}

/// `2026-12-05T01:07:44Z` or with a fraction of 1 to 9 digits (`…44.123Z`): what JavaScript's
/// `toISOString` writes for the years 0 to 9999.
pub fn is_utc_time(s: &str) -> bool {
    let b = s.as_bytes();
    let shape = b"dddd-dd-ddTdd:dd:dd";
    if b.len() < shape.len() + 1 {
        return false;
    }
    let head = shape.iter().zip(b).all(|(want, got)| match want {
        b'd' => got.is_ascii_digit(),
        _ => want == got,
    });
    head && match &b[shape.len()..] {
        [b'Z'] => true,
        [b'.', fraction @ .., b'Z'] => {
            (1..=9).contains(&fraction.len()) && fraction.iter().all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

/// A build fingerprint: 1 to 64 lowercase hex digits (Syllabus writes 16).
pub fn is_build(s: &str) -> bool {
    (1..=64).contains(&s.len()) && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// One record made clean: `done` only when it is `true`; `at` a finite number, else 0; for a
/// quiz, `best` a whole percent from 0 to 100, `attempts` a whole number from 0, `answers` an
/// object of lists of option ids (a question whose value is not a list is left out, an id that
/// is not a string too) and `rev` a string, else empty; for a scenario, `ending` one of
/// `good`, `ok` and `poor`, else empty. Anything but an object is unusable.
pub fn clean_record(key: &str, record: &Value) -> Option<Record> {
    let r: &Map<String, Value> = record.as_object()?;
    let num = |k: &str| finite(r.get(k));
    let quiz = key.starts_with("quiz:");
    let scenario = key.starts_with("scenario:");
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
        answers: quiz.then(|| clean_answers(r.get("answers"))),
        rev: quiz.then(|| {
            r.get("rev")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        }),
        ending: scenario.then(|| {
            let word = r.get("ending").and_then(Value::as_str).unwrap_or_default();
            Ending::best_of(word, "").to_owned()
        }),
    })
}

fn clean_answers(answers: Option<&Value>) -> Answers {
    let Some(Value::Object(a)) = answers else {
        return Answers::new();
    };
    a.iter()
        .filter(|(q, _)| *q != "__proto__")
        .filter_map(|(q, chosen)| {
            let ids = chosen.as_array()?.iter().filter_map(Value::as_str);
            Some((q.clone(), ids.map(str::to_owned).collect()))
        })
        .collect()
}

/// Whether a quiz record's answers should replace another's: they go with the best score; at
/// the same score, known answers (a `rev`) beat unknown ones, then the later record wins.
fn better_answers(t: &Record, m: &Record) -> bool {
    let known = |r: &Record| r.rev.as_deref().is_some_and(|s| !s.is_empty());
    match t.best.cmp(&m.best) {
        std::cmp::Ordering::Equal => match known(t).cmp(&known(m)) {
            std::cmp::Ordering::Equal => t.at > m.at,
            other => other.is_gt(),
        },
        other => other.is_gt(),
    }
}

/// What importing `theirs` into `mine` does, record by record: a unit only one side has is
/// taken; otherwise the newer change wins, but a quiz keeps the best of both (passed if either
/// passed, the best score, the most attempts, the later time, and the answers and `rev` that go
/// with the best score, see [`better_answers`]), and a scenario the best ending of both (done if
/// either is, the later time). The learner's name is the newer one (the
/// later `at`). `exported_at` and `build` are the file's and are not merged. Returns how many
/// records changed and how many were already the same (the name is not counted).
pub fn merge(mine: &mut Stored, theirs: &Stored) -> (usize, usize) {
    if theirs.learner.at > mine.learner.at {
        mine.learner = theirs.learner.clone();
    }
    let (mut changed, mut same) = (0, 0);
    for (key, t) in &theirs.units {
        let next = match mine.units.get(key) {
            None => t.clone(),
            Some(m) if key.starts_with("quiz:") => {
                let with = if better_answers(t, m) { t } else { m };
                Record {
                    done: m.done || t.done,
                    best: m.best.max(t.best),
                    attempts: m.attempts.max(t.attempts),
                    at: m.at.max(t.at),
                    answers: with.answers.clone(),
                    rev: with.rev.clone(),
                    ending: None,
                }
            }
            Some(m) if key.starts_with("scenario:") => Record {
                done: m.done || t.done,
                at: m.at.max(t.at),
                ending: Some(
                    Ending::best_of(
                        m.ending.as_deref().unwrap_or_default(),
                        t.ending.as_deref().unwrap_or_default(),
                    )
                    .to_owned(),
                ),
                ..t.clone()
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

#[cfg(test)]
#[path = "schema_tests.rs"]
mod tests;
