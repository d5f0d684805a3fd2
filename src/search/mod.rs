//! Full-text search: the index of every module, lesson and quiz, built from the rendered pages'
//! text and loaded by `search.js` through `<script>` elements (so it works from `file://` and
//! under any sub-path), a piece at a time.
//!
//! Files, all under `assets/search/`:
//! - `index.js`: `SyllabusSearch.index({v, b, n, r, en, st, dc, s, t})`: a stamp of this
//!   build's chunks (`b`, which the script adds to chunk URLs so a browser never mixes a new
//!   `index.js` with old cached chunks; it covers the forms and the stemming too), the number
//!   of documents and their numbers' range (`r`, below), whether English stemming applies, the
//!   Snowball algorithm (`st`, e.g. `"french"`; only in a course whose language has one), how
//!   many documents a block of documents holds (and the split blocks), and the keys of the
//!   term chunks.
//! - `t<i>.js`: `SyllabusSearch.t(i, key, {term: postings, ...}, {form: term, ...})`: the terms
//!   (and forms) starting with `key`. The keys are a trie cut to size: all entries go in one
//!   chunk (key `""`) while they fit in [`TERM_CHUNK_BYTES`], else they are split by their
//!   first character, and a prefix still too big by one more character, and so on (an entry
//!   equal to a split prefix stays in the prefix's chunk). A small course has one term file; a
//!   big one has a file per prefix of two or three characters, so a query loads only the few
//!   that can hold its words.
//!   The fourth argument is there only in a Snowball course's chunks that have forms: the
//!   course's folded words whose term (the folded stem of the word as written) differs from
//!   them, each with its term as the number of the word's first characters it is (nearly
//!   always: `"clients":6`), else as a string, or an array of those when words written
//!   differently fold alike but stem apart. The browser takes a query word's stem from there,
//!   so it never stems Snowball languages itself (see [`stem`]).
//!   Postings are (document, weight) pairs in a string: the document number as the gap from the
//!   previous one, then the weight (title and heading bits, and how often the term occurs for
//!   the page's length, 1 to 15, see [`frequency`]), in the 64 [`DIGITS`] (see [`encode`]).
//! - `d<b>.js`: `SyllabusSearch.d(b, 0, [{t, m, k, u, x, h}, ...])`: the block of documents
//!   `b*dc` to `b*dc+dc-1`: title, module title, kind, URL, text (at most [`MAX_TEXT`] UTF-16
//!   units) and sections `[offset, heading id]`, loaded for the top results only. A block over
//!   [`DOC_CHUNK_BYTES`] is split: `d<b>-<p>.js` holds part `p`, starting at document
//!   `b*dc+first` (`SyllabusSearch.d(b, first, [...])`), and `index.js` lists the parts' firsts
//!   in `s: {b: [first, ...]}`. Blocks are fixed, so editing a page changes one block.
//!
//! Documents are numbered in course order: each module page, then its lessons and quizzes. Each
//! module has a range of numbers of its own, its *room*: its documents' count rounded up to a
//! power of two (at least a block), the rest of the range unused. So a page added to a module
//! or taken from it renumbers only that module's documents, and `serve` updates the index in
//! place, unless the module outgrows its room (or leaves half of it). `n` in `index.js` is the
//! number of documents, `r` the numbers' range (every number is below it).
//! Quizzes are indexed by their prompts and explanations; options (and which is correct) never.
//!
//! [`SearchIndex`] keeps what it built, so `serve` can update one lesson's text and get back
//! only the files that changed.

mod chunks;
mod document;
mod forms;
mod json;
mod layout;
mod postings;
pub mod stem;
pub mod text;
mod update;
pub mod words;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::time::Instant;

use rayon::prelude::*;

use crate::config::Config;
use crate::fs::{OutData, OutFile};
use crate::model::Curriculum;
use crate::render::Bodies;
pub use chunks::TERM_CHUNK_BYTES;
use document::{Doc, document};
use layout::Layout;
pub use postings::{decode, encode};
use stem::Stemming;
// The index is built from millions of short words, where std's SipHash was the slowest step.
use rustc_hash::{FxHashMap, FxHasher};

/// Where the search files go, from the site root.
pub const DIR: &str = "assets/search";
/// Documents per block of documents (a document chunk, unless it is split, see below).
pub const DOCS_PER_CHUNK: usize = 4;
/// A block of documents larger than this is split into parts of at most this size (or of one
/// document), so a result never costs more than this to show.
pub const DOC_CHUNK_BYTES: usize = 16 * 1024;
/// The text kept for snippets, per document, in UTF-16 code units (the whole text is indexed).
pub const MAX_TEXT: usize = 10_000;
/// The 64 digits of the postings strings.
pub const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
/// The length of a page, in terms, that BM25's length normalisation takes as typical.
pub const TYPICAL_LENGTH: f64 = 400.0;
/// Weight bit: the term is in the title.
pub const IN_TITLE: u8 = 32;
/// Weight bit: the term is in a heading or the description.
pub const IN_HEADING: u8 = 16;

/// A term's postings, and the same encoded.
struct Term {
    postings: Vec<(u32, u8)>,
    encoded: String,
}

/// The search index of a site, as files, kept for updates.
pub struct SearchIndex {
    stemming: Stemming,
    /// By number; an unused number's is empty.
    docs: Vec<Doc>,
    /// Each module's documents: where its numbers start and how many it has (its page first).
    layout: Layout,
    /// Document number → (module, entry), `None` for an unused number.
    pages: Vec<Option<(usize, Option<usize>)>>,
    terms: BTreeMap<String, Term>,
    /// Snowball languages: folded word → its terms (nearly always one), each with the number of
    /// documents that have the word with that term (for updates).
    forms: forms::Forms,
    /// Term chunks: key, text, hash.
    term_chunks: Vec<(String, String, u64)>,
    /// Document blocks, each in one or more parts: first document (within the block), text,
    /// hash.
    doc_chunks: Vec<Vec<(usize, String, u64)>>,
    manifest: String,
}

/// The search files of the site.
pub fn index_files(course: &Curriculum, bodies: &Bodies, config: &Config) -> Vec<OutFile> {
    SearchIndex::new(course, bodies, config).into_files()
}

impl SearchIndex {
    /// Indexes every module, lesson and quiz of the course.
    pub fn new(course: &Curriculum, bodies: &Bodies, config: &Config) -> Self {
        let start = Instant::now();
        let stemming = Stemming::for_language(&config.language);
        let layout = Layout::of(course);
        let pages = layout.pages();
        let docs: Vec<Doc> = pages
            .par_iter()
            .map(|p| {
                p.map_or_else(Doc::default, |(i, j)| {
                    document(course, bodies, i, j, stemming)
                })
            })
            .collect();
        log::debug!(
            "search: read {} pages in {:?}",
            layout.documents(),
            start.elapsed()
        );

        // Invert: term → postings, documents in order.
        let mut map: FxHashMap<&str, Vec<(u32, u8)>> = FxHashMap::default();
        for (n, doc) in docs.iter().enumerate() {
            for (term, weight) in &doc.terms {
                map.entry(&**term).or_default().push((n as u32, *weight));
            }
        }
        let mut sorted: Vec<(&str, Vec<(u32, u8)>)> = map.into_iter().collect();
        sorted.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        let terms: Vec<(String, Term)> = sorted
            .into_par_iter()
            .map(|(term, postings)| {
                let encoded = encode(&postings);
                (term.to_owned(), Term { postings, encoded })
            })
            .collect();
        let terms: BTreeMap<String, Term> = terms.into_iter().collect();
        let mut forms = BTreeMap::new();
        for doc in &docs {
            forms::add(&mut forms, &doc.forms);
        }
        log::debug!(
            "search: inverted {} terms in {:?}",
            terms.len(),
            start.elapsed()
        );

        // Records go into their blocks (and out of memory).
        let mut docs = docs;
        let doc_chunks = docs
            .par_chunks_mut(DOCS_PER_CHUNK)
            .enumerate()
            .map(|(b, block)| {
                // Unused numbers come last in a block (a room starts a block): their records
                // are empty, and left out.
                let records: Vec<String> = block
                    .iter_mut()
                    .map(|d| std::mem::take(&mut d.record))
                    .filter(|r| !r.is_empty())
                    .collect();
                doc_block(b, &records)
            })
            .collect();
        let mut index = SearchIndex {
            stemming,
            docs,
            layout,
            pages,
            terms,
            forms,
            term_chunks: Vec::new(),
            doc_chunks,
            manifest: String::new(),
        };
        index.term_chunks = index.make_term_chunks();
        index.manifest = index.make_manifest();
        log::debug!(
            "built the search index in {:?}: {} pages, {} terms, {} term chunks, {} bytes",
            start.elapsed(),
            index.layout.documents(),
            index.terms.len(),
            index.term_chunks.len(),
            index.size()
        );
        index
    }

    /// The paths of every search file, as [`SearchIndex::files`] names them.
    pub fn paths(&self) -> Vec<String> {
        let mut paths = vec![format!("{DIR}/index.js")];
        paths.extend((0..self.term_chunks.len()).map(|n| format!("{DIR}/t{n}.js")));
        for (n, parts) in self.doc_chunks.iter().enumerate() {
            paths
                .extend((0..parts.len()).map(|p| format!("{DIR}/{}", doc_file(n, p, parts.len()))));
        }
        paths
    }

    /// Every search file.
    pub fn files(&self) -> Vec<OutFile> {
        let mut files = vec![file("index.js", self.manifest.clone())];
        for (n, (_, text, _)) in self.term_chunks.iter().enumerate() {
            files.push(file(&format!("t{n}.js"), text.clone()));
        }
        for (n, parts) in self.doc_chunks.iter().enumerate() {
            for (p, (_, text, _)) in parts.iter().enumerate() {
                files.push(file(&doc_file(n, p, parts.len()), text.clone()));
            }
        }
        files
    }

    /// Every search file, without copying.
    pub fn into_files(self) -> Vec<OutFile> {
        let mut files = vec![file("index.js", self.manifest)];
        for (n, (_, text, _)) in self.term_chunks.into_iter().enumerate() {
            files.push(file(&format!("t{n}.js"), text));
        }
        for (n, parts) in self.doc_chunks.into_iter().enumerate() {
            let count = parts.len();
            for (p, (_, text, _)) in parts.into_iter().enumerate() {
                files.push(file(&doc_file(n, p, count), text));
            }
        }
        files
    }

    /// Total bytes of the search files.
    pub fn size(&self) -> usize {
        self.manifest.len()
            + self.term_chunks.iter().map(|c| c.1.len()).sum::<usize>()
            + self
                .doc_chunks
                .iter()
                .flatten()
                .map(|c| c.1.len())
                .sum::<usize>()
    }

    /// Groups the terms (and forms) into chunks by prefix and writes them.
    fn make_term_chunks(&self) -> Vec<(String, String, u64)> {
        // Terms and forms, by key (a term before a form of the same letters): the text of
        // their entry, and whether it is a form.
        let mut entries: Vec<(&str, Cow<str>, bool)> = self
            .terms
            .iter()
            .map(|(t, p)| (t.as_str(), Cow::Borrowed(p.encoded.as_str()), false))
            .collect();
        if !self.forms.is_empty() {
            entries.extend(
                self.forms
                    .iter()
                    .map(|(f, terms)| (f.as_str(), Cow::Owned(forms::value(f, terms)), true)),
            );
            entries.sort_by(|a, b| (a.0, a.2).cmp(&(b.0, b.2)));
        }
        let sizes: Vec<(&str, usize)> = entries
            .iter()
            .map(|(k, v, _)| (*k, k.len() + v.len() + 4))
            .collect();
        let mut groups = Vec::new();
        if !entries.is_empty() {
            chunks::split(&sizes, 0..sizes.len(), 0, &mut groups);
        }
        groups
            .par_iter()
            .enumerate()
            .map(|(n, (key, range))| {
                let s = chunks::term_chunk(n, key, &entries[range.clone()]);
                let hash = hash(&s);
                ((*key).to_owned(), s, hash)
            })
            .collect()
    }

    fn make_manifest(&self) -> String {
        let mut h = std::hash::DefaultHasher::new();
        let english = self.stemming == Stemming::English;
        english.hash(&mut h);
        let snowball = self.stemming.snowball_name();
        if let Some(name) = &snowball {
            name.hash(&mut h);
        }
        for c in &self.term_chunks {
            c.2.hash(&mut h);
        }
        for c in self.doc_chunks.iter().flatten() {
            c.2.hash(&mut h);
        }
        let split: serde_json::Map<String, serde_json::Value> = self
            .doc_chunks
            .iter()
            .enumerate()
            .filter(|(_, parts)| parts.len() > 1)
            .map(|(n, parts)| {
                let starts: Vec<usize> = parts.iter().map(|p| p.0).collect();
                (n.to_string(), starts.into())
            })
            .collect();
        let keys: Vec<&str> = self.term_chunks.iter().map(|c| c.0.as_str()).collect();
        let mut manifest = serde_json::json!({
            "v": 1,
            "b": format!("{:08x}", h.finish() & 0xffff_ffff),
            "n": self.layout.documents(),
            "r": self.docs.len(),
            "en": english,
            "dc": DOCS_PER_CHUNK,
            "s": split,
            "t": keys,
        });
        // Only a Snowball index says so (an English one stays as it was, byte for byte).
        if let Some(name) = snowball {
            manifest["st"] = name.into();
        }
        format!("SyllabusSearch.index({manifest});\n")
    }
}

fn file(name: &str, text: String) -> OutFile {
    OutFile {
        path: format!("{DIR}/{name}"),
        data: OutData::Bytes(text.into_bytes()),
    }
}

fn hash(s: &str) -> u64 {
    let mut h = FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

/// The file of part `p` of document block `b` (of `parts` parts).
fn doc_file(b: usize, p: usize, parts: usize) -> String {
    if parts == 1 {
        format!("d{b}.js")
    } else {
        format!("d{b}-{p}.js")
    }
}

/// Document block `b` (its documents' records), in parts of at most [`DOC_CHUNK_BYTES`] (or one
/// document): for each, the number of its first document within the block, its text and hash.
/// A block of unused numbers has no part (and no file).
fn doc_block(b: usize, block: &[String]) -> Vec<(usize, String, u64)> {
    if block.is_empty() {
        return Vec::new();
    }
    let make = |first: usize, records: &[&str]| {
        let s = format!("SyllabusSearch.d({b},{first},[{}]);\n", records.join(","));
        let hash = hash(&s);
        (first, s, hash)
    };
    let mut parts = Vec::new();
    let (mut first, mut size, mut records) = (0, 0, Vec::new());
    for (i, record) in block.iter().enumerate() {
        if !records.is_empty() && size + record.len() > DOC_CHUNK_BYTES {
            parts.push(make(first, &records));
            (first, size) = (i, 0);
            records.clear();
        }
        records.push(record.as_str());
        size += record.len() + 1;
    }
    parts.push(make(first, &records));
    parts
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
        assert_eq!(encode(&[(0, 1), (1, 1), (2, 1)]), "011111");
    }
}
