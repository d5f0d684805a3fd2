//! How big YAML grows when its aliases are expanded (Y01, issue 22), measured before anything is
//! built from it.
//!
//! In: YAML text that uses anchors and aliases, and a byte limit. Out: `Ok`, or a [`YamlError`]
//! at the alias that repeats too much. An alias (`*a`) stands for a whole copy of the value
//! anchored `&a`: one 1 MB scalar aliased 1,000 times made a 1 GB page and 5.7 GB of memory, and
//! yaml_serde's own repetition limit counts events, not bytes. So the text is first walked as
//! the parser expands it, counting every scalar's bytes and every node, and refused at the first
//! step past the limit, without keeping any value.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::YamlError;

/// What one node costs besides its text: a collection, a number or an empty value still takes
/// room once built.
const NODE_BYTES: usize = 8;

/// Marks the measuring error, to tell it from the parser's own.
const OVER: &str = "expands past the limit";

/// Refuses `text` if expanding its aliases would make more than `limit` bytes of values. Text
/// without both an anchor and an alias is not measured: it is no bigger than itself.
pub fn check_expansion(text: &str, limit: usize) -> Result<(), YamlError> {
    if !(text.contains('&') && text.contains('*')) {
        return Ok(());
    }
    let left = Cell::new(limit);
    let result = yaml_serde::Deserializer::from_str(text)
        .next()
        .map(|doc| Measure(&left).deserialize(doc));
    match result {
        Some(Err(e)) if e.to_string().contains(OVER) => {
            let at = e
                .location()
                .map_or(0, |l| byte_offset(text, l.line(), l.column()));
            let (line, col, anchor) = blamed_alias(text, at);
            Err(YamlError {
                line,
                col,
                message: format!(
                    "{anchor} repeats a value until the YAML expands past {limit} bytes; each alias (`*name`) is a whole copy of its anchored value"
                ),
                help: Some(
                    "write the values out, use fewer aliases of large values, or raise `max_file_bytes` in the [limits] table of site.toml".into(),
                ),
                first_set: None,
            })
        }
        // Anything else is the parser's to report, with its own message and place.
        _ => Ok(()),
    }
}

/// Where to point the error, given byte `at` where the parser was when the limit was passed
/// (inside the anchored value being copied): the first alias of the last anchor that starts
/// before `at`, or `at` itself. Returns 1-based line and column, and a name for the message.
fn blamed_alias(text: &str, at: usize) -> (usize, usize, String) {
    let index = crate::diag::LineIndex::new(text);
    let name_end = |from: usize| {
        text[from..]
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | '[' | ']' | '{' | '}'))
            .map_or(text.len(), |n| from + n)
    };
    let mut end = (at + 1).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let anchor = text[..end]
        .rmatch_indices('&')
        .map(|(i, _)| &text[i + 1..name_end(i + 1)])
        .find(|name| !name.is_empty());
    let alias = anchor.and_then(|name| {
        text.match_indices(&format!("*{name}"))
            .map(|(i, _)| i)
            .find(|&i| name_end(i + 1) == i + 1 + name.len())
    });
    match (anchor, alias) {
        (Some(name), Some(i)) => {
            let (line, col) = index.line_col(i);
            (line, col, format!("the alias `*{name}`"))
        }
        _ => {
            let (line, col) = index.line_col(at);
            (line, col, "an alias".into())
        }
    }
}

/// The byte offset of 1-based `line` and `col` (in characters) in `text`, clamped to the text.
fn byte_offset(text: &str, line: usize, col: usize) -> usize {
    let start = text
        .match_indices('\n')
        .nth(line.saturating_sub(2))
        .map_or(0, |(i, _)| i + 1);
    let start = if line <= 1 { 0 } else { start };
    text[start..]
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(text.len(), |(i, _)| start + i)
}

/// Walks any value as yaml_serde expands it, spending its size from the cell; keeps nothing.
#[derive(Clone, Copy)]
struct Measure<'a>(&'a Cell<usize>);

impl Measure<'_> {
    fn spend<E: de::Error>(self, bytes: usize) -> Result<(), E> {
        let left = self.0.get();
        if bytes > left {
            return Err(E::custom(OVER));
        }
        self.0.set(left - bytes);
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Measure<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Measure<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.spend(NODE_BYTES)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.spend(NODE_BYTES)
    }

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        self.spend(NODE_BYTES)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.spend(NODE_BYTES)
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        self.spend(NODE_BYTES)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.spend(NODE_BYTES)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.spend(NODE_BYTES + v.len())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.spend(NODE_BYTES)
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.spend(NODE_BYTES)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.spend(NODE_BYTES)?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.spend(NODE_BYTES)?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A tagged value (`!tag value`): the tag, then the value.
        use de::VariantAccess as _;
        let ((), value) = data.variant_seed(self)?;
        value.newtype_variant_seed(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alias_bomb_is_refused_at_the_alias_without_building_it() {
        let big = "x".repeat(1 << 20);
        let mut text = format!("title: t\nbig: &big {big}\nmore:\n");
        for _ in 0..1000 {
            text.push_str("  - *big\n");
        }
        let e = check_expansion(&text, 10 << 20).unwrap_err();
        assert_eq!((e.line, e.col), (4, 5), "{e:?}");
        assert!(
            e.message.starts_with("the alias `*big` repeats a value"),
            "{}",
            e.message
        );
        assert!(e.message.len() < 200);
    }

    #[test]
    fn nested_aliases_are_counted_as_expanded() {
        let mut text = format!("a0: &a0 [{}]\n", "x".repeat(100_000));
        for i in 1..12 {
            text.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}]\n", p = i - 1));
        }
        let e = check_expansion(&text, 10 << 20).unwrap_err();
        assert!(
            e.message.contains("expands past 10485760 bytes"),
            "{}",
            e.message
        );
    }

    #[test]
    fn modest_aliases_and_text_without_them_pass() {
        let text = "defaults: &d {weight: 1, feedback: Good}\nq1: *d\nq2: *d\nnote: 5 * 3 & more\n";
        assert_eq!(check_expansion(text, 1 << 20), Ok(()));
        assert_eq!(check_expansion("title: a & b\n", 10), Ok(()), "no alias");
        assert_eq!(
            check_expansion("title: [broken\n", 10),
            Ok(()),
            "the parser reports this"
        );
    }
}
