//! A fast path for the YAML that course files almost always hold: block mappings and block
//! sequences of one-line scalars, as in
//!
//! ```yaml
//! title: Asking good questions
//! duration: 10
//! checklist:
//!   - "Ask one open question"
//!   - text: Listen to the end
//!     id: listen
//! ```
//!
//! yaml_serde's parser (libyaml, translated to Rust) spends about 180 instructions per byte of
//! a lesson's front matter, a sixth of a whole build; this reads the same text in a tenth of
//! that. It takes only what it is sure of and answers `None` for everything else: flow
//! collections, block scalars, multi-line or escaped strings, comments after a value, anchors,
//! tags, duplicate keys, any plain scalar YAML would read as null, a float or an unusual
//! number, and any value whose type does not fit the target. The caller then asks yaml_serde,
//! which also gives every error message, so the fast path changes speed and nothing else:
//! where it answers, yaml_serde answers the same (a property test and the `yaml` fuzz target
//! compare the two).

use std::fmt;

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};

/// Parses `text` into `T` when it is simple YAML that fits `T`; `None` otherwise.
pub fn parse<T: DeserializeOwned>(text: &str) -> Option<T> {
    if !plain_characters(text) {
        return None;
    }
    let lines = lines(text)?;
    let mut reader = Reader {
        lines,
        at: 0,
        depth: 0,
    };
    let first = reader.lines.first()?;
    if first.indent != 0 {
        return None;
    }
    let node = reader.block(0)?;
    if reader.at != reader.lines.len() {
        return None;
    }
    T::deserialize(&node).ok()
}

/// No character YAML treats specially beyond the line feed: no control character (tab and a
/// CR outside a CRLF included), no Unicode line break, byte order mark or non-character.
fn plain_characters(text: &str) -> bool {
    let bytes = text.as_bytes();
    // A fold without an early exit, so that the compiler checks many bytes at a time.
    let control = bytes.iter().fold(false, |found, &b| {
        found | ((b < 0x20 && b != b'\n' && b != b'\r') || b == 0x7f)
    });
    let lone_cr = || memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'));
    !control
        && !lone_cr()
        && (text.is_ascii()
            || text.chars().all(|c| {
                c.is_ascii()
                    || matches!(c, '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
                        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
            }))
}

/// A line with content: its indentation in spaces and its text, trailing spaces removed.
struct Line<'t> {
    indent: usize,
    text: &'t str,
}

/// The lines that hold more than spaces or a comment; `None` at a document marker.
fn lines(text: &str) -> Option<Vec<Line<'_>>> {
    let mut out = Vec::with_capacity(text.len() / 32);
    for line in text.split('\n') {
        let line = line
            .strip_suffix('\r')
            .unwrap_or(line)
            .trim_end_matches(' ');
        let body = line.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = line.len() - body.len();
        if indent == 0 && (body.starts_with("---") || body.starts_with("...")) {
            return None;
        }
        out.push(Line { indent, text: body });
    }
    Some(out)
}

/// A value of the simple subset.
enum Node<'t> {
    /// A plain scalar, typed the way YAML's core schema types it (see [`Plain::of`]).
    Plain(&'t str),
    /// A quoted scalar without escapes or quotes inside: always a string.
    Quoted(&'t str),
    Seq(Vec<Node<'t>>),
    Map(Vec<(&'t str, Node<'t>)>),
}

/// Blocks nested deeper than this are not simple: the reader recurses once per block, and
/// yaml_serde, which stops at 128, says so itself.
const MAX_DEPTH: usize = 64;

/// Reads nested blocks from the lines, by indentation.
struct Reader<'t> {
    lines: Vec<Line<'t>>,
    at: usize,
    /// How many blocks the current line is inside.
    depth: usize,
}

impl<'t> Reader<'t> {
    /// The block that starts at the current line, indented by `indent`.
    fn block(&mut self, indent: usize) -> Option<Node<'t>> {
        let line = self.lines.get(self.at)?;
        if line.indent != indent {
            return None;
        }
        if is_item(line.text) {
            self.seq(indent)
        } else {
            self.map(indent)
        }
    }

    /// The indentation of the current line and whether it is a sequence item.
    fn next(&self) -> Option<(usize, bool)> {
        self.lines.get(self.at).map(|l| (l.indent, is_item(l.text)))
    }

    /// A block mapping whose keys are at `indent`.
    fn map(&mut self, indent: usize) -> Option<Node<'t>> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let mut entries: Vec<(&'t str, Node<'t>)> = Vec::new();
        // Past a few keys, repeats are looked up in a set: a mapping of 20,000 keys must not
        // take 200 million comparisons (issue 22). Front matter has a handful.
        let mut keys: Option<std::collections::HashSet<&'t str>> = None;
        loop {
            let text = self.lines[self.at].text;
            let (key, rest) = key_of(text)?;
            let repeated = match &mut keys {
                Some(set) => !set.insert(key),
                None if entries.len() < 16 => entries.iter().any(|(k, _)| *k == key),
                None => {
                    let mut set: std::collections::HashSet<&'t str> =
                        entries.iter().map(|(k, _)| *k).collect();
                    let repeated = !set.insert(key);
                    keys = Some(set);
                    repeated
                }
            };
            if repeated {
                return None;
            }
            self.at += 1;
            let value = if rest.is_empty() {
                // The value is the block below: deeper, or a sequence at the key's indentation.
                match self.next() {
                    Some((i, _)) if i > indent => self.block(i)?,
                    Some((i, true)) if i == indent => self.seq(indent)?,
                    _ => return None,
                }
            } else {
                scalar(rest)?
            };
            entries.push((key, value));
            match self.next() {
                None => break,
                Some((i, _)) if i < indent => break,
                Some((i, false)) if i == indent => {}
                Some(_) => return None,
            }
        }
        self.depth -= 1;
        Some(Node::Map(entries))
    }

    /// A block sequence whose dashes are at `indent`.
    fn seq(&mut self, indent: usize) -> Option<Node<'t>> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let mut items = Vec::new();
        loop {
            let text = self.lines[self.at].text;
            let rest = text.strip_prefix("- ")?;
            let content = rest.trim_start_matches(' ');
            if content.is_empty() {
                return None;
            }
            if key_of(content).is_some() {
                // `- key: value` opens a mapping at the key's column.
                let column = indent + (text.len() - content.len());
                self.lines[self.at] = Line {
                    indent: column,
                    text: content,
                };
                items.push(self.map(column)?);
            } else {
                items.push(scalar(content)?);
                self.at += 1;
            }
            match self.next() {
                Some((i, true)) if i == indent => {}
                Some((i, _)) if i > indent => return None,
                _ => break,
            }
        }
        self.depth -= 1;
        Some(Node::Seq(items))
    }
}

/// A sequence item's line: a dash and a space, or a lone dash (an empty item, which [`Reader::seq`]
/// then refuses).
fn is_item(text: &str) -> bool {
    text.starts_with("- ") || text == "-"
}

/// Plain scalars YAML reads as something other than a string, in any case.
const RESERVED: [&str; 10] = [
    "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n",
];

fn is_reserved(word: &str) -> bool {
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word))
}

/// The longest key the fast path reads, well within YAML's 1024 characters.
const MAX_KEY: usize = 1000;

/// `key: rest` or `key:` with a key of letters, digits, `_` and `-` that YAML reads as a
/// string; the rest without its leading spaces.
fn key_of(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    if !bytes.first()?.is_ascii_alphabetic() && bytes[0] != b'_' {
        return None;
    }
    let end = bytes
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))?;
    // YAML allows an implicit key of at most 1024 characters (libyaml counts from the key to
    // past its colon); a longer one is yaml_serde's error to give (found by the `yaml` fuzz
    // target). Keys here are ASCII, so bytes are characters.
    if end > MAX_KEY {
        return None;
    }
    let key = &text[..end];
    let after = text[end..].strip_prefix(':')?;
    if !(after.is_empty() || after.starts_with(' ')) || is_reserved(key) {
        return None;
    }
    Some((key, after.trim_start_matches(' ')))
}

/// A one-line scalar: quoted without escapes, or plain without anything that would make YAML
/// read more into it (a key, a comment, an indicator).
fn scalar(text: &str) -> Option<Node<'_>> {
    let quoted = |q: char| {
        let inner = text.strip_prefix(q)?.strip_suffix(q)?;
        (!inner.contains([q, '\\'])).then_some(Node::Quoted(inner))
    };
    match text.as_bytes().first()? {
        b'"' => quoted('"'),
        b'\'' => quoted('\''),
        b'-' | b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!'
        | b'|' | b'>' | b'%' | b'@' | b'`' => None,
        _ if text.ends_with(':') || text.contains(": ") || text.contains(" #") => None,
        _ => Some(Node::Plain(text)),
    }
}

/// What a plain scalar is, when the fast path is sure.
enum Plain<'t> {
    Str(&'t str),
    Bool(bool),
    Int(u64),
}

impl<'t> Plain<'t> {
    /// `true` and `false`, decimal integers without a leading zero, and strings that cannot be
    /// anything else (not starting with a digit, a sign or a dot, and no null or boolean in
    /// another spelling); `None` for the rest, which yaml_serde types.
    fn of(text: &'t str) -> Option<Self> {
        match text {
            "true" => return Some(Plain::Bool(true)),
            "false" => return Some(Plain::Bool(false)),
            _ => {}
        }
        let first = *text.as_bytes().first()?;
        if first.is_ascii_digit() {
            let digits = text.bytes().all(|b| b.is_ascii_digit());
            let short = text.len() <= 18 && (first != b'0' || text.len() == 1);
            return (digits && short).then(|| Plain::Int(text.parse().expect("checked digits")));
        }
        if matches!(first, b'+' | b'.') || is_reserved(text) {
            return None;
        }
        Some(Plain::Str(text))
    }
}

/// Not simple, or not the type asked for: the caller asks yaml_serde instead.
#[derive(Debug)]
pub struct NotSimple;

impl fmt::Display for NotSimple {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not simple YAML")
    }
}

impl std::error::Error for NotSimple {}

impl de::Error for NotSimple {
    fn custom<T: fmt::Display>(_: T) -> Self {
        NotSimple
    }
}

impl<'de> Node<'de> {
    /// The string this scalar always is, or `None`.
    fn as_str(&self) -> Option<&'de str> {
        match *self {
            Node::Quoted(s) => Some(s),
            Node::Plain(p) => match Plain::of(p)? {
                Plain::Str(s) => Some(s),
                _ => None,
            },
            _ => None,
        }
    }
}

macro_rules! integers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NotSimple> {
            match self {
                Node::Plain(p) => match Plain::of(p) {
                    Some(Plain::Int(n)) => visitor.visit_u64(n),
                    _ => Err(NotSimple),
                },
                _ => Err(NotSimple),
            }
        }
    )*};
}

/// Types nothing simple is (null, floats, bytes): always `NotSimple`.
macro_rules! refused {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, _: V) -> Result<V::Value, NotSimple> {
            Err(NotSimple)
        }
    )*};
}

/// Each method answers only for the type yaml_serde would give the same value; any other
/// request is `NotSimple`.
impl<'de> de::Deserializer<'de> for &'de Node<'de> {
    type Error = NotSimple;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NotSimple> {
        match self {
            Node::Quoted(s) => visitor.visit_borrowed_str(s),
            Node::Plain(p) => match Plain::of(p).ok_or(NotSimple)? {
                Plain::Str(s) => visitor.visit_borrowed_str(s),
                Plain::Bool(b) => visitor.visit_bool(b),
                Plain::Int(n) => visitor.visit_u64(n),
            },
            Node::Seq(items) => {
                let mut seq = de::value::SeqDeserializer::new(items.iter());
                let value = visitor.visit_seq(&mut seq)?;
                seq.end().map(|()| value)
            }
            Node::Map(entries) => {
                let mut map = de::value::MapDeserializer::new(entries.iter().map(|(k, v)| (*k, v)));
                let value = visitor.visit_map(&mut map)?;
                map.end().map(|()| value)
            }
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NotSimple> {
        match self {
            Node::Plain(p) => match Plain::of(p) {
                Some(Plain::Bool(b)) => visitor.visit_bool(b),
                _ => Err(NotSimple),
            },
            _ => Err(NotSimple),
        }
    }

    refused! {
        deserialize_f32 deserialize_f64 deserialize_char deserialize_bytes deserialize_byte_buf
        deserialize_unit
    }

    integers! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NotSimple> {
        visitor.visit_borrowed_str(self.as_str().ok_or(NotSimple)?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NotSimple> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NotSimple> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NotSimple> {
        // Nothing simple is null.
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, NotSimple> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NotSimple> {
        match self {
            Node::Seq(_) => self.deserialize_any(visitor),
            _ => Err(NotSimple),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NotSimple> {
        match self {
            Node::Map(_) => self.deserialize_any(visitor),
            _ => Err(NotSimple),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, NotSimple> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, NotSimple> {
        // A unit variant, by name.
        let name = self.as_str().ok_or(NotSimple)?;
        visitor.visit_enum(de::value::BorrowedStrDeserializer::<NotSimple>::new(name))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NotSimple> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value, NotSimple> {
        Err(NotSimple)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, NotSimple> {
        Err(NotSimple)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value, NotSimple> {
        Err(NotSimple)
    }
}

impl<'de> IntoDeserializer<'de, NotSimple> for &'de Node<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

#[cfg(test)]
mod tests;
