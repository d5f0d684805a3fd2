//! Term chunks: the index's terms (and forms) grouped by prefix into a trie cut to size, and
//! each chunk's text, `SyllabusSearch.t(i, key, {term: postings, ...}[, {form: term, ...}]);`
//! (the format is described in `super`).

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

/// A term chunk larger than this is split by one more character of its prefix.
pub const TERM_CHUNK_BYTES: usize = 32 * 1024;

/// Splits the entries `range` (term or form, and its bytes; sorted, sharing their first `len`
/// characters) into chunks of at most [`TERM_CHUNK_BYTES`] where it can: the term that is the prefix itself stays in the
/// prefix's chunk, the others go by one more character.
pub(super) fn split<'a>(
    terms: &[(&'a str, usize)],
    range: Range<usize>,
    len: usize,
    out: &mut Vec<(&'a str, Range<usize>)>,
) {
    let key = prefix(terms[range.start].0, len);
    let size: usize = terms[range.clone()].iter().map(|(_, bytes)| bytes).sum();
    if size <= TERM_CHUNK_BYTES || range.len() == 1 {
        out.push((key, range));
        return;
    }
    let mut i = range.start;
    while i < range.end && terms[i].0.chars().count() <= len {
        i += 1;
    }
    if i > range.start {
        out.push((key, range.start..i));
    }
    while i < range.end {
        let longer = prefix(terms[i].0, len + 1);
        let end = i + terms[i..range.end]
            .iter()
            .take_while(|(t, _)| t.starts_with(longer))
            .count();
        split(terms, i..end, len + 1, out);
        i = end;
    }
}

/// The first `n` characters of `s`.
fn prefix(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// The text of term chunk `n` of `key`: its `entries` (key, text of its value, whether it is a
/// form), terms before forms; the forms' object only when there are some, so an English
/// index is as it was.
pub(super) fn term_chunk(n: usize, key: &str, entries: &[(&str, Cow<str>, bool)]) -> String {
    let mut s = format!("SyllabusSearch.t({n},{},{{", json(key));
    for (k, (term, postings, _)) in entries.iter().filter(|e| !e.2).enumerate() {
        if k > 0 {
            s.push(',');
        }
        let _ = write!(s, "{}:\"{postings}\"", json(term));
    }
    s.push('}');
    if entries.iter().any(|e| e.2) {
        s.push_str(",{");
        for (k, (form, value, _)) in entries.iter().filter(|e| e.2).enumerate() {
            if k > 0 {
                s.push(',');
            }
            let _ = write!(s, "{}:{value}", json(form));
        }
        s.push('}');
    }
    s.push_str(");\n");
    s
}

fn json(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_prefixes_split_by_one_more_character() {
        let big = TERM_CHUNK_BYTES / 3 + 6;
        let terms: Vec<(&str, usize)> = ["co", "coa", "con", "cona", "conb", "cor"]
            .iter()
            .map(|t| (*t, big))
            .collect();
        let mut out = Vec::new();
        split(&terms, 0..terms.len(), 0, &mut out);
        let keys: Vec<(&str, Range<usize>)> = out;
        assert_eq!(
            keys,
            [
                ("co", 0..1),
                ("coa", 1..2),
                ("con", 2..3),
                ("cona", 3..4),
                ("conb", 4..5),
                ("cor", 5..6)
            ]
        );
        // Small: one chunk for all.
        let terms: Vec<(&str, usize)> = ["ab", "co", "zz"].iter().map(|t| (*t, 8)).collect();
        let mut out = Vec::new();
        split(&terms, 0..terms.len(), 0, &mut out);
        assert_eq!(out, [("", 0..3)]);
    }
}
