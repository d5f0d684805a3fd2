//! One page as the index sees it: its record (title, text for snippets, sections) and its
//! terms with their weights. Every word of the course goes through here, so each thread keeps
//! a vocabulary of the words it has seen.

use std::sync::Arc;

use rustc_hash::FxHashMap;
#[cfg(test)]
use serde::Serialize;

use super::text::Plain;
use super::words;
use super::{IN_HEADING, IN_TITLE, MAX_TEXT, TYPICAL_LENGTH};
use crate::kinds::{Paired, pair};
use crate::markdown::Rendered;
use crate::model::Curriculum;
use crate::render::Bodies;

/// One page of the index (serialised by [`Record::to_json`]; serde only checks it in tests).
#[cfg_attr(test, derive(Serialize))]
pub(super) struct Record<'a> {
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

impl Record<'_> {
    /// The record as JSON, as serde_json would write it (`{"t":…,"m":…,…,"h":[[0,"id"],…]}`),
    /// with the faster string escape of [`super::json`].
    fn to_json(&self) -> String {
        let mut json = Vec::with_capacity(self.x.len() + 256);
        for (i, (key, value)) in [
            ("t", self.t),
            ("m", self.m),
            ("k", self.k),
            ("u", self.u),
            ("x", self.x),
        ]
        .into_iter()
        .enumerate()
        {
            json.extend_from_slice(if i == 0 { b"{\"" } else { b",\"" });
            json.extend_from_slice(key.as_bytes());
            json.extend_from_slice(b"\":");
            super::json::push_str(&mut json, value);
        }
        json.extend_from_slice(b",\"h\":[");
        for (i, (at, id)) in self.h.iter().enumerate() {
            if i > 0 {
                json.push(b',');
            }
            json.push(b'[');
            json.extend_from_slice(at.to_string().as_bytes());
            json.push(b',');
            super::json::push_str(&mut json, id);
            json.push(b']');
        }
        json.extend_from_slice(b"]}");
        String::from_utf8(json).expect("JSON of UTF-8 text is UTF-8")
    }
}

/// A document's record (JSON; emptied once it is in its block) and its terms with their
/// weights, sorted.
pub(super) struct Doc {
    pub(super) record: String,
    pub(super) terms: Vec<(Arc<str>, u8)>,
}

/// The record and terms of module `i` (`j` none) or of its entry `j`.
pub(super) fn document(
    course: &Curriculum,
    bodies: &Bodies,
    i: usize,
    j: Option<usize>,
    english: bool,
) -> Doc {
    let module = &course.modules[i];
    let body = &bodies.modules[i];
    let mut plain = Plain::with_capacity(match j {
        None => body.intro.html.len(),
        Some(j) => match pair(&module.entries[j], &body.entries[j]) {
            Paired::Lesson(_, r) => r.html.len(),
            Paired::Quiz(_, qs, _) => qs.iter().map(|q| q.prompt_html.len()).sum(),
            Paired::Scenario(_, ns, _) => ns.iter().map(String::len).sum(),
        },
    });
    let mut headings: Vec<&str> = Vec::new();
    let (title, kind, url, description) = match j {
        None => {
            plain.push_block(&module.description);
            push_body(&mut plain, &body.intro);
            headings.extend(body.intro.headings.iter().map(|h| h.text.as_str()));
            (&module.title, "module", &module.url, &module.description)
        }
        Some(j) => match pair(&module.entries[j], &body.entries[j]) {
            Paired::Lesson(l, r) => {
                plain.push_block(&l.description);
                for o in &l.objectives {
                    plain.push_block(o);
                }
                push_body(&mut plain, r);
                for c in &l.checklist {
                    plain.push_block(&c.text);
                }
                headings.extend(r.headings.iter().map(|h| h.text.as_str()));
                (&l.title, "lesson", &l.url, &l.description)
            }
            Paired::Quiz(q, questions, _) => {
                plain.push_block(&q.description);
                for question in questions {
                    plain.push_html(&question.prompt_html);
                    plain.space();
                    plain.push_html(&question.explanation_html);
                    plain.space();
                }
                (&q.title, "quiz", &q.url, &q.description)
            }
            Paired::Scenario(s, nodes, _) => {
                plain.push_block(&s.description);
                for node in nodes {
                    plain.push_html(node);
                    plain.space();
                }
                (&s.title, "scenario", &s.url, &s.description)
            }
        },
    };

    // Count terms by number (see `Vocabulary`): a word costs one lookup and an array slot.
    let mut length = 0;
    let mut terms: Vec<(Arc<str>, u8)> = VOCABULARY.with_borrow_mut(|v| {
        v.reset_if(english);
        let mut add = |text: &str, flag: u8, count: bool| {
            words::words(text, |w| {
                if let Some(t) = v.term(w) {
                    let slot = &mut v.tally[t as usize];
                    if *slot == (0, 0) {
                        v.touched.push(t);
                    }
                    slot.0 += u32::from(count);
                    slot.1 |= flag;
                    length += u32::from(count);
                }
            });
        };
        add(title, IN_TITLE, true);
        add(description, IN_HEADING, false);
        for h in headings {
            add(h, IN_HEADING, false);
        }
        add(&plain.text, 0, true);
        let touched = std::mem::take(&mut v.touched);
        let terms = touched
            .iter()
            .map(|&t| {
                let (n, flags) = std::mem::take(&mut v.tally[t as usize]);
                (v.terms[t as usize].clone(), flags | frequency(n, length))
            })
            .collect();
        v.touched = touched;
        v.touched.clear();
        terms
    });
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
        record: record.to_json(),
        terms,
    }
}

/// Appends a rendered body's text: read from its events while rendering when it could be,
/// else from its HTML. Test builds check that the two agree.
fn push_body(plain: &mut Plain, body: &Rendered) {
    let Some(text) = &body.text else {
        plain.push_html(&body.html);
        return;
    };
    if cfg!(debug_assertions) {
        let (mut from_html, mut from_events) = (plain.clone(), plain.clone());
        from_html.push_html(&body.html);
        from_events.append(text);
        assert_eq!(
            from_events, from_html,
            "the text read from the events differs from the HTML's:\n{}",
            body.html
        );
    }
    plain.append(text);
}

thread_local! {
    static VOCABULARY: std::cell::RefCell<Vocabulary> = std::cell::RefCell::default();
}

/// A thread's memory of the words it has seen and their terms, numbered, so that counting a
/// word is one lookup (stop words and stems are worked out once per word, not per occurrence).
#[derive(Default)]
struct Vocabulary {
    english: bool,
    /// Word → term number, or `None` when the word is not indexed: words of up to 16 bytes (nearly
    /// all) by their bytes packed in an integer, so a lookup hashes and compares one number.
    short_words: FxHashMap<u128, Option<u32>>,
    /// The longer words.
    words: FxHashMap<Box<str>, Option<u32>>,
    /// Term number → term.
    terms: Vec<Arc<str>>,
    /// Term → number.
    numbers: FxHashMap<Arc<str>, u32>,
    /// Per term number, its count and flags in the document being read: an array, not a map,
    /// since every word of the course goes through it. All `(0, 0)` between documents.
    tally: Vec<(u32, u8)>,
    /// The term numbers whose `tally` the document has set.
    touched: Vec<u32>,
}

impl Vocabulary {
    /// Forgets everything when the language changes, or when it has grown big.
    fn reset_if(&mut self, english: bool) {
        if self.english != english || self.short_words.len() + self.words.len() > 1_000_000 {
            *self = Vocabulary {
                english,
                ..Vocabulary::default()
            };
        }
    }

    fn term(&mut self, word: &str) -> Option<u32> {
        let packed = pack(word);
        let known = match packed {
            Some(p) => self.short_words.get(&p),
            None => self.words.get(word),
        };
        if let Some(t) = known {
            return *t;
        }
        let mut term = String::new();
        let t = words::term_into(word, self.english, &mut term).then(|| {
            match self.numbers.get(term.as_str()) {
                Some(&n) => n,
                None => {
                    let n = u32::try_from(self.terms.len()).expect("fewer than 4 billion terms");
                    let term: Arc<str> = term.into();
                    self.terms.push(term.clone());
                    self.tally.push((0, 0));
                    self.numbers.insert(term, n);
                    n
                }
            }
        });
        match packed {
            Some(p) => self.short_words.insert(p, t),
            None => self.words.insert(word.into(), t),
        };
        t
    }
}

/// A word of 1 to 16 bytes as one number: its bytes, then its length in the top byte's place
/// when shorter (words hold no NUL, but the length keeps the packing one-to-one anyway).
fn pack(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > 16 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..bytes.len()].copy_from_slice(bytes);
    if bytes.len() < 16 {
        buf[15] = bytes.len() as u8;
    }
    Some(u128::from_le_bytes(buf))
}

/// How much a term counts for in a document of `length` terms where it occurs `n` times, from 1
/// to 15: BM25's saturating term frequency (k1 = 1.2, b = 0.75) against a fixed length of
/// [`TYPICAL_LENGTH`] (not the course's average, so one page's edit changes only its postings).
fn frequency(n: u32, length: u32) -> u8 {
    const K1: f64 = 1.2;
    const B: f64 = 0.75;
    let (n, length) = (f64::from(n.max(1)), f64::from(length.max(1)));
    let tf = n * (K1 + 1.0) / (n + K1 * (1.0 - B + B * length / TYPICAL_LENGTH));
    (tf / (K1 + 1.0) * 15.0).round().clamp(1.0, 15.0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_the_json_serde_writes() {
        let h = vec![(0, "intro".to_owned()), (17, "a-\"b\"".to_owned())];
        let record = Record {
            t: "Title \"quoted\"",
            m: "",
            k: "lesson",
            u: "m/l.html",
            x: "text\twith\ncontrol \u{1} and café",
            h: &h,
        };
        assert_eq!(record.to_json(), serde_json::to_string(&record).unwrap());
        let bare = Record { h: &[], ..record };
        assert_eq!(bare.to_json(), serde_json::to_string(&bare).unwrap());
    }

    #[test]
    fn short_words_pack_one_to_one() {
        let words = [
            "a",
            "aa",
            "ab",
            "ba",
            "café",
            "fifteen-letters",
            "sixteen-letters!",
            "αβγ",
        ];
        let packed: std::collections::HashSet<u128> = words
            .iter()
            .map(|w| pack(w).expect("16 bytes or fewer"))
            .collect();
        assert_eq!(packed.len(), words.len());
        assert_eq!(pack("seventeen-letters"), None);
        assert_eq!(pack(""), None);
    }
}
