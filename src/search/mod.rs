//! Full-text search: the index of every module, lesson and quiz, built from the rendered pages'
//! text and loaded by `search.js` through `<script>` elements (so it works from `file://` and
//! under any sub-path), a piece at a time.
//!
//! Files, all under `assets/search/`:
//! - `index.js`: `SyllabusSearch.index({...})`, the only file at a fixed name: how many documents,
//!   the folder of this build's chunks, the keys of the term chunks and where each document
//!   chunk starts.
//! - `<hash>/t<i>.js`: `SyllabusSearch.t(i, {term: postings, ...})`, the terms sharing the prefix
//!   `keys[i]` (two characters; a prefix whose postings outgrow [`TERM_CHUNK_BYTES`] is split by
//!   one more character, and so on). Postings are (document, weight) pairs in a string: the
//!   document number as the gap from the previous one, then the weight (title and heading bits
//!   and the term's count, capped at 15), each in [`DIGITS`] (see [`encode`]).
//! - `<hash>/d<i>.js`: `SyllabusSearch.d(i, [{t, m, k, u, x, h}, ...])`, consecutive documents
//!   (about [`DOC_CHUNK_BYTES`] a file): title, module title, kind, URL, text (at most
//!   [`MAX_TEXT`] UTF-16 units) and sections `[offset, heading id]`, for snippets of the top
//!   results only.
//!
//! `<hash>` is a hash of the chunks: a page holding an older `index.js` asks for files that are
//! gone (and says to reload) rather than mixing two builds.
//!
//! Quizzes are indexed by their prompts and explanations; options (and which is correct) never.

pub mod text;
pub mod words;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use crate::build::output::{OutData, OutFile};
use crate::build::{Bodies, EntryBody};
use crate::config::Config;
use crate::model::{Curriculum, Entry};
use text::Plain;

/// Where the search files go, from the site root.
pub const DIR: &str = "assets/search";
/// A term chunk larger than this is split by one more character of its prefix.
pub const TERM_CHUNK_BYTES: usize = 32 * 1024;
/// Documents are grouped into chunks of about this size.
pub const DOC_CHUNK_BYTES: usize = 16 * 1024;
/// The text kept for snippets, per document, in UTF-16 code units (the whole text is indexed).
pub const MAX_TEXT: usize = 10_000;
/// The 64 digits of the postings strings.
pub const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
/// Weight bit: the term is in the title.
pub const IN_TITLE: u8 = 32;
/// Weight bit: the term is in a heading or the description.
pub const IN_HEADING: u8 = 16;

/// One page of the index.
#[derive(Serialize)]
struct Record<'a> {
    /// Title.
    t: &'a str,
    /// Module title (empty for a module).
    m: &'a str,
    /// `lesson`, `quiz` or `module`.
    k: &'a str,
    /// URL from the site root.
    u: &'a str,
    /// Text for snippets.
    x: &'a str,
    /// Sections: `[offset in x, heading id]`.
    h: &'a [(usize, String)],
}

/// A document's record (JSON) and its terms with their weights.
struct Doc {
    record: String,
    terms: Vec<(String, u8)>,
}

/// Whether the site's language gets English stemming and stop words.
pub fn is_english(language: &str) -> bool {
    let l = language.to_ascii_lowercase();
    l == "en" || l.starts_with("en-")
}

/// The search files of the site.
pub fn index_files(course: &Curriculum, bodies: &Bodies, config: &Config) -> Vec<OutFile> {
    let start = Instant::now();
    let english = is_english(&config.language);
    let mut pages = Vec::new();
    for (i, m) in course.modules.iter().enumerate() {
        pages.push((i, None));
        pages.extend((0..m.entries.len()).map(|j| (i, Some(j))));
    }
    let mut docs: Vec<Doc> = pages
        .par_iter()
        .map(|&(i, j)| document(course, bodies, i, j, english))
        .collect();

    // Invert: term → postings, documents in order.
    let mut map: HashMap<String, Vec<(u32, u8)>> = HashMap::new();
    for (n, doc) in docs.iter_mut().enumerate() {
        let n = u32::try_from(n).expect("fewer than 4 billion pages");
        for (term, weight) in std::mem::take(&mut doc.terms) {
            map.entry(term).or_default().push((n, weight));
        }
    }
    let mut terms: Vec<(String, Vec<(u32, u8)>)> = map.into_iter().collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let encoded: Vec<(String, String)> = terms
        .into_par_iter()
        .map(|(term, postings)| (term, encode(&postings)))
        .collect();
    let mut groups = Vec::new();
    let mut i = 0;
    while i < encoded.len() {
        let key = prefix(&encoded[i].0, words::MIN_TERM);
        let end = i + encoded[i..]
            .iter()
            .take_while(|(t, _)| t.starts_with(key))
            .count();
        split(&encoded, i..end, words::MIN_TERM, &mut groups);
        i = end;
    }
    let term_chunks: Vec<String> = groups
        .par_iter()
        .enumerate()
        .map(|(n, (_, range))| {
            let mut s = format!("SyllabusSearch.t({n},{{");
            for (k, (term, postings)) in encoded[range.clone()].iter().enumerate() {
                if k > 0 {
                    s.push(',');
                }
                let _ = write!(s, "{}:\"{postings}\"", json(term));
            }
            s.push_str("});\n");
            s
        })
        .collect();

    // Documents, in chunks of consecutive pages.
    let mut starts = Vec::new();
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut size = 0;
    for (n, doc) in docs.iter().enumerate() {
        if ranges.is_empty() || size + doc.record.len() > DOC_CHUNK_BYTES {
            starts.push(n);
            ranges.push(n..n);
            size = 0;
        }
        size += doc.record.len() + 1;
        ranges.last_mut().expect("a chunk").end = n + 1;
    }
    let doc_chunks: Vec<String> = ranges
        .par_iter()
        .enumerate()
        .map(|(n, range)| {
            let records: Vec<&str> = docs[range.clone()]
                .iter()
                .map(|d| d.record.as_str())
                .collect();
            format!("SyllabusSearch.d({n},[{}]);\n", records.join(","))
        })
        .collect();

    let hash = {
        let parts: Vec<u64> = term_chunks
            .par_iter()
            .chain(doc_chunks.par_iter())
            .map(|s| {
                let mut h = std::hash::DefaultHasher::new();
                s.hash(&mut h);
                h.finish()
            })
            .collect();
        let mut h = std::hash::DefaultHasher::new();
        (english, parts).hash(&mut h);
        format!("{:012x}", h.finish() & 0xffff_ffff_ffff)
    };
    let keys: Vec<&str> = groups.iter().map(|(k, _)| *k).collect();
    let manifest = format!(
        "SyllabusSearch.index({});\n",
        serde_json::json!({
            "v": 1,
            "dir": hash,
            "n": docs.len(),
            "en": english,
            "t": keys,
            "d": starts,
        })
    );
    let mut files = Vec::with_capacity(1 + term_chunks.len() + doc_chunks.len());
    let bytes = |s: String| OutData::Bytes(s.into_bytes());
    let (n_terms, n_docs) = (term_chunks.len(), doc_chunks.len());
    let mut total = manifest.len();
    files.push(OutFile {
        path: format!("{DIR}/index.js"),
        data: bytes(manifest),
    });
    for (kind, chunks) in [("t", term_chunks), ("d", doc_chunks)] {
        for (n, chunk) in chunks.into_iter().enumerate() {
            total += chunk.len();
            files.push(OutFile {
                path: format!("{DIR}/{hash}/{kind}{n}.js"),
                data: bytes(chunk),
            });
        }
    }
    log::debug!(
        "built the search index in {:?}: {} pages, {} term chunks, {} document chunks, {} bytes",
        start.elapsed(),
        docs.len(),
        n_terms,
        n_docs,
        total
    );
    files
}

/// The record and terms of module `i` (`j` none) or of its entry `j`.
fn document(
    course: &Curriculum,
    bodies: &Bodies,
    i: usize,
    j: Option<usize>,
    english: bool,
) -> Doc {
    let module = &course.modules[i];
    let body = &bodies.modules[i];
    let mut plain = Plain::default();
    let mut headings: Vec<&str> = Vec::new();
    let (title, kind, url, description) = match j {
        None => {
            plain.push_block(&module.description);
            plain.push_html(&body.intro.html);
            headings.extend(body.intro.headings.iter().map(|h| h.text.as_str()));
            (&module.title, "module", &module.url, &module.description)
        }
        Some(j) => match (&module.entries[j], &body.entries[j]) {
            (Entry::Lesson(l), EntryBody::Lesson(r)) => {
                plain.push_block(&l.description);
                for o in &l.objectives {
                    plain.push_block(o);
                }
                plain.push_html(&r.html);
                for c in &l.checklist {
                    plain.push_block(&c.text);
                }
                headings.extend(r.headings.iter().map(|h| h.text.as_str()));
                (&l.title, "lesson", &l.url, &l.description)
            }
            (Entry::Quiz(q), EntryBody::Quiz(questions, _)) => {
                plain.push_block(&q.description);
                for question in questions {
                    plain.push_html(&question.prompt_html);
                    plain.space();
                    plain.push_html(&question.explanation_html);
                    plain.space();
                }
                (&q.title, "quiz", &q.url, &q.description)
            }
            _ => unreachable!("bodies are parallel to the curriculum"),
        },
    };

    let mut counts: HashMap<String, (u32, u8)> = HashMap::new();
    let mut add = |text: &str, flag: u8, count: bool| {
        words::words(text, |w| {
            if let Some(t) = words::term(w, english) {
                let e = counts.entry(t).or_default();
                e.0 += u32::from(count);
                e.1 |= flag;
            }
        });
    };
    add(title, IN_TITLE, true);
    add(description, IN_HEADING, false);
    for h in headings {
        add(h, IN_HEADING, false);
    }
    add(&plain.text, 0, true);
    let mut terms: Vec<(String, u8)> = counts
        .into_iter()
        .map(|(t, (n, flags))| (t, flags | n.clamp(1, 15) as u8))
        .collect();
    terms.sort_unstable();

    plain.truncate(MAX_TEXT);
    let module_title = if j.is_some() {
        module.title.as_str()
    } else {
        ""
    };
    let record = Record {
        t: title,
        m: module_title,
        k: kind,
        u: url,
        x: &plain.text,
        h: &plain.sections,
    };
    Doc {
        record: serde_json::to_string(&record).expect("a record serializes"),
        terms,
    }
}

/// Splits the terms `range` (sorted, sharing their first `len` characters) into chunks of at
/// most [`TERM_CHUNK_BYTES`] where it can: the term that is the prefix itself stays in the
/// prefix's chunk, the others go by one more character.
fn split<'a>(
    terms: &'a [(String, String)],
    range: Range<usize>,
    len: usize,
    out: &mut Vec<(&'a str, Range<usize>)>,
) {
    let key = prefix(&terms[range.start].0, len);
    let size: usize = terms[range.clone()]
        .iter()
        .map(|(t, p)| t.len() + p.len() + 4)
        .sum();
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
        let longer = prefix(&terms[i].0, len + 1);
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

/// Postings as a string: per document, the gap from the previous document number (the first
/// from 0) as a variable-length number, 5 bits a digit, low bits first, with 32 added to every
/// digit but the last; then the weight as one digit.
pub fn encode(postings: &[(u32, u8)]) -> String {
    let mut out = String::with_capacity(postings.len() * 2);
    let mut last = 0;
    for &(doc, weight) in postings {
        let mut gap = doc - last;
        last = doc;
        loop {
            let digit = (gap & 31) as u8;
            gap >>= 5;
            if gap == 0 {
                out.push(DIGITS[usize::from(digit)] as char);
                break;
            }
            out.push(DIGITS[usize::from(digit | 32)] as char);
        }
        out.push(DIGITS[usize::from(weight & 63)] as char);
    }
    out
}

/// Decodes [`encode`]'s postings (for tests and tools).
pub fn decode(postings: &str) -> Vec<(u32, u8)> {
    let value = |c: u8| DIGITS.iter().position(|&d| d == c).expect("a digit") as u32;
    let mut out = Vec::new();
    let mut bytes = postings.bytes();
    let mut doc = 0;
    while let Some(first) = bytes.next() {
        let (mut gap, mut shift, mut d) = (0, 0, value(first));
        loop {
            gap |= (d & 31) << shift;
            shift += 5;
            if d < 32 {
                break;
            }
            d = value(bytes.next().expect("a continued number"));
        }
        doc += gap;
        let weight = value(bytes.next().expect("a weight")) as u8;
        out.push((doc, weight));
    }
    out
}

fn json(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_round_trip() {
        let p = vec![
            (0, 33),
            (1, 1),
            (31, 15),
            (32, 2),
            (1000, 63),
            (1_000_000, 16),
        ];
        let s = encode(&p);
        assert!(s.bytes().all(|b| DIGITS.contains(&b)));
        assert_eq!(decode(&s), p);
        assert_eq!(encode(&[(0, 1), (1, 1), (2, 1)]), "010111");
    }

    #[test]
    fn big_prefixes_split_by_one_more_character() {
        let big = "x".repeat(TERM_CHUNK_BYTES / 3);
        let terms: Vec<(String, String)> = ["co", "coa", "con", "cona", "conb", "cor"]
            .iter()
            .map(|t| (t.to_string(), big.clone()))
            .collect();
        let mut out = Vec::new();
        split(&terms, 0..terms.len(), 2, &mut out);
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
    }
}
