//! Resume data for an LMS (`cmi.suspend_data`, issue 16): every tick, lesson completion, quiz
//! result and scenario ending of a package's units in a few characters each, since SCORM 1.2
//! keeps at most 4,096 characters. The package's unit list (`lms::Course`) is the key, so no
//! unit key is written:
//!
//! ```text
//! 2.<layout>.<time>.<ticks>.<quizzes>.<endings>
//! ```
//!
//! - `2`: this encoding's version;
//! - `layout`: the package's `Course::layout` (8 hex digits); data of another layout is not read;
//! - `time`: the latest change (`at`) of the value, milliseconds since 1970 in base 36; each
//!   restored record gets it as its `at`;
//! - `ticks`: one bit per lesson (marked complete) and each of its checklist items (ticked),
//!   in package order, six to a character of [`ALPHABET`], first bit highest;
//! - `quizzes`: three characters per quiz, 18 bits: best score (7), passed (1), attempts (10,
//!   at most [`MAX_ATTEMPTS`]);
//! - `endings`: two bits per scenario, its best ending: 0 not played, 1 `poor`, 2 `ok`, 3
//!   `good`, three scenarios to a character.
//!
//! Trailing `A`s (zero bits) of `ticks`, `quizzes` and `endings` are left out. A quiz's answers
//! are not kept (they reach the LMS as interactions): a restored quiz has `answers: {}` and
//! `rev: ""`, as a record of progress format version 1 does.
//!
//! Version 1 (`1.<layout>.<time>.<ticks>.<quizzes>`, before scenarios were kept) is still
//! read, so learners who started in an older package resume: its layout is the package's
//! `Course::layout_v1` (that of its lessons and quizzes), and it restores no scenario.

use std::collections::BTreeMap;

use super::ending::Ending;
use super::lms::Course;
use super::schema::{Learner, Record, Stored, VERSION};
use super::units::Unit;

/// The 64 characters of the encoding (base64url's), value 0 first.
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The most attempts kept for a quiz; more are kept as this many.
pub const MAX_ATTEMPTS: u32 = 1023;

/// SCORM 1.2's limit on `cmi.suspend_data` (CMIString4096), in characters.
pub const SCORM12_LIMIT: usize = 4096;

/// SCORM 2004's limit on `cmi.suspend_data` (characterstring, SPM 64,000).
pub const SCORM2004_LIMIT: usize = 64_000;

/// The longest `time` field: base 36 of the milliseconds up to the year 5138.
const TIME_MAX_LEN: usize = 9;

/// The tick bits of `course`: per lesson, its completion then its checks.
fn tick_count(course: &Course) -> usize {
    course.lessons.iter().map(|l| 1 + l.checks.len()).sum()
}

/// The version [`encode`] writes.
pub const ENCODING: &str = "2";

/// The longest resume data `course` can have: every unit done, every quiz at 100% with the
/// most attempts, every scenario at its good ending, the latest time.
pub fn worst_case_len(course: &Course) -> usize {
    let prefix = "2.".len() + course.layout.len() + 1 + TIME_MAX_LEN + 1;
    prefix
        + tick_count(course).div_ceil(6)
        + 1
        + 3 * course.quizzes.len()
        + 1
        + (2 * course.scenarios.len()).div_ceil(6)
}

/// A scenario's ending as two bits: 0 not played (or its ending not known), 1 poor, 2 ok,
/// 3 good.
fn ending_bits(ending: Option<Ending>) -> u8 {
    match ending {
        None => 0,
        Some(Ending::Poor) => 1,
        Some(Ending::Ok) => 2,
        Some(Ending::Good) => 3,
    }
}

/// Writes `n` in base 36.
fn base36(mut n: u64) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.reverse();
    String::from_utf8(digits).expect("ASCII digits")
}

/// `bits`, six to a character, without trailing zero characters.
fn pack(bits: &[bool]) -> String {
    let mut out: Vec<u8> = bits
        .chunks(6)
        .map(|chunk| {
            let v = chunk
                .iter()
                .enumerate()
                .fold(0, |v, (i, &b)| v | (usize::from(b) << (5 - i)));
            ALPHABET[v]
        })
        .collect();
    while out.last() == Some(&b'A') {
        out.pop();
    }
    String::from_utf8(out).expect("the alphabet is ASCII")
}

/// The resume data of `stored` in the package of `course`.
pub fn encode(stored: &Stored, course: &Course) -> String {
    let done = |key: String| stored.units.get(&key).is_some_and(|r| r.done);
    let mut ticks = Vec::with_capacity(tick_count(course));
    for l in &course.lessons {
        ticks.push(done(Unit::Lesson(&l.id).key()));
        for c in &l.checks {
            ticks.push(done(
                Unit::Check {
                    lesson: &l.id,
                    item: c,
                }
                .key(),
            ));
        }
    }
    let mut quizzes = Vec::with_capacity(18 * course.quizzes.len());
    for q in &course.quizzes {
        let r = stored.units.get(&Unit::Quiz(&q.id).key());
        let best = r.and_then(|r| r.best).unwrap_or(0).min(100);
        let passed = r.is_some_and(|r| r.done);
        let attempts = r.and_then(|r| r.attempts).unwrap_or(0).min(MAX_ATTEMPTS);
        let value = (best << 11) | (u32::from(passed) << 10) | attempts;
        quizzes.extend((0..18).rev().map(|i| value >> i & 1 == 1));
    }
    let mut endings = Vec::with_capacity(2 * course.scenarios.len());
    for s in &course.scenarios {
        let ending = stored
            .units
            .get(&Unit::Scenario(&s.id).key())
            .filter(|r| r.done)
            .and_then(|r| r.ending.as_deref())
            .and_then(Ending::parse);
        let v = ending_bits(ending);
        endings.extend([v >> 1 & 1 == 1, v & 1 == 1]);
    }
    let latest = stored
        .units
        .values()
        .map(|r| r.at)
        .fold(0.0_f64, f64::max)
        .clamp(0.0, 36f64.powi(TIME_MAX_LEN as i32) - 1.0);
    format!(
        "{ENCODING}.{}.{}.{}.{}.{}",
        course.layout,
        base36(latest as u64),
        pack(&ticks),
        pack(&quizzes),
        pack(&endings)
    )
}

/// Why resume data cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undecodable {
    /// Not of this encoding (another version, or not ours).
    NotOurs,
    /// Written for another unit list (the package changed since).
    OtherLayout,
    /// Of this encoding, but damaged: a character outside the alphabet, or too long.
    Damaged,
}

impl Undecodable {
    /// The name the fixtures and the script use.
    pub fn name(&self) -> &'static str {
        match self {
            Undecodable::NotOurs => "not_ours",
            Undecodable::OtherLayout => "other_layout",
            Undecodable::Damaged => "damaged",
        }
    }
}

/// `text` as bits, padded with zeros to `len`; `None` when a character is not in the
/// alphabet or there are more than `len` bits' worth of characters.
fn unpack(text: &str, len: usize) -> Option<Vec<bool>> {
    if text.len() > len.div_ceil(6) {
        return None;
    }
    let mut bits = Vec::with_capacity(len.div_ceil(6) * 6);
    for b in text.bytes() {
        let v = ALPHABET.iter().position(|&a| a == b)?;
        bits.extend((0..6).rev().map(|i| v >> i & 1 == 1));
    }
    bits.resize(len.div_ceil(6) * 6, false);
    // Bits past `len` are padding, and must be zero.
    if bits[len..].iter().any(|&b| b) {
        return None;
    }
    bits.truncate(len);
    Some(bits)
}

/// The progress that resume data written by [`encode`] holds: a record for each unit done and
/// each quiz attempted, all with the data's time. Empty data is a fresh start.
pub fn decode(data: &str, course: &Course) -> Result<Stored, Undecodable> {
    let mut stored = Stored {
        version: VERSION,
        site: course.site.clone(),
        exported_at: None,
        build: None,
        learner: Learner::default(),
        units: BTreeMap::new(),
    };
    if data.is_empty() {
        return Ok(stored);
    }
    let parts: Vec<&str> = data.split('.').collect();
    // Version 1 had no endings, and its layout left scenarios out.
    let (layout, time, ticks, quizzes, endings, expected) = match parts[..] {
        ["2", layout, time, ticks, quizzes, endings] => {
            (layout, time, ticks, quizzes, endings, &course.layout)
        }
        ["1", layout, time, ticks, quizzes] => {
            (layout, time, ticks, quizzes, "", &course.layout_v1)
        }
        _ => return Err(Undecodable::NotOurs),
    };
    if layout != expected {
        return Err(Undecodable::OtherLayout);
    }
    let at = (!time.is_empty() && time.len() <= TIME_MAX_LEN)
        .then(|| u64::from_str_radix(time, 36).ok())
        .flatten()
        .ok_or(Undecodable::Damaged)? as f64;
    let ticks = unpack(ticks, tick_count(course)).ok_or(Undecodable::Damaged)?;
    let quiz_bits = unpack(quizzes, 18 * course.quizzes.len()).ok_or(Undecodable::Damaged)?;
    let ending_bits = unpack(endings, 2 * course.scenarios.len()).ok_or(Undecodable::Damaged)?;
    let done = |at| Record {
        done: true,
        at,
        best: None,
        attempts: None,
        answers: None,
        rev: None,
        ending: None,
    };
    let mut tick = ticks.into_iter();
    for l in &course.lessons {
        if tick.next() == Some(true) {
            stored.units.insert(Unit::Lesson(&l.id).key(), done(at));
        }
        for c in &l.checks {
            if tick.next() == Some(true) {
                let key = Unit::Check {
                    lesson: &l.id,
                    item: c,
                }
                .key();
                stored.units.insert(key, done(at));
            }
        }
    }
    for (q, bits) in course.quizzes.iter().zip(quiz_bits.chunks(18)) {
        let value = bits.iter().fold(0u32, |v, &b| v << 1 | u32::from(b));
        let (best, passed, attempts) = (value >> 11, value >> 10 & 1 == 1, value & 0x3ff);
        if best > 100 {
            return Err(Undecodable::Damaged);
        }
        if attempts == 0 && !passed && best == 0 {
            continue;
        }
        let record = Record {
            done: passed,
            at,
            best: Some(best),
            attempts: Some(attempts),
            answers: Some(BTreeMap::new()),
            rev: Some(String::new()),
            ending: None,
        };
        stored.units.insert(Unit::Quiz(&q.id).key(), record);
    }
    for (s, bits) in course.scenarios.iter().zip(ending_bits.chunks(2)) {
        let ending = match (bits[0], bits[1]) {
            (false, false) => continue,
            (false, true) => Ending::Poor,
            (true, false) => Ending::Ok,
            (true, true) => Ending::Good,
        };
        let record = Record {
            ending: Some(ending.as_str().to_owned()),
            ..done(at)
        };
        stored.units.insert(Unit::Scenario(&s.id).key(), record);
    }
    Ok(stored)
}
