//! One page as the index sees it: its record (title, text for snippets, sections) and its
//! terms with their weights. Every word of the course goes through here, so each thread keeps
//! a vocabulary of the words it has seen.

use std::sync::Arc;

use rustc_hash::FxHashMap;
#[cfg(test)]
use serde::Serialize;

use super::text::Plain;
use super::words::{self, Stemming};
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

/// A document's record (JSON; emptied once it is in its block), its terms with their weights,
/// sorted, and (Snowball languages) its folded words whose term differs, with the term, sorted.
#[derive(Default)]
pub(super) struct Doc {
    pub(super) record: String,
    pub(super) terms: Vec<(Arc<str>, u8)>,
    pub(super) forms: Vec<(Arc<str>, Arc<str>)>,
}

/// The record and terms of module `i` (`j` none) or of its entry `j`.
pub(super) fn document(
    course: &Curriculum,
    bodies: &Bodies,
    i: usize,
    j: Option<usize>,
    stemming: Stemming,
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
    let (mut terms, mut forms) = VOCABULARY.with_borrow_mut(|v| {
        v.reset_if(stemming);
        let mut add = |text: &str, flag: u8, count: bool| {
            let mut one = |w: &str, written: &str| {
                if let Some(known) = v.term(w, written) {
                    let t = known.term;
                    let slot = &mut v.tally[t as usize];
                    if *slot == (0, 0) {
                        v.touched.push(t);
                    }
                    slot.0 += u32::from(count);
                    slot.1 |= flag;
                    length += u32::from(count);
                    if known.form != NO_FORM && !v.form_seen[known.form as usize] {
                        v.form_seen[known.form as usize] = true;
                        v.form_touched.push(known.form);
                    }
                }
            };
            match stemming {
                Stemming::Snowball(_) => words::words_as_written(text, stemming.elides(), one),
                _ => words::words(text, |w| one(w, w)),
            }
        };
        add(title, IN_TITLE, true);
        add(description, IN_HEADING, false);
        for h in headings {
            add(h, IN_HEADING, false);
        }
        add(&plain.text, 0, true);
        let touched = std::mem::take(&mut v.touched);
        let terms: Vec<(Arc<str>, u8)> = touched
            .iter()
            .map(|&t| {
                let (n, flags) = std::mem::take(&mut v.tally[t as usize]);
                (v.terms[t as usize].clone(), flags | frequency(n, length))
            })
            .collect();
        v.touched = touched;
        v.touched.clear();
        let forms: Vec<(Arc<str>, Arc<str>)> = v
            .form_touched
            .drain(..)
            .map(|f| {
                v.form_seen[f as usize] = false;
                let (form, term) = &v.forms[f as usize];
                (form.clone(), v.terms[*term as usize].clone())
            })
            .collect();
        (terms, forms)
    });
    terms.sort_unstable();
    forms.sort_unstable();
    forms.dedup();

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
        forms,
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

/// No form: the word's term is the word itself (always, but for Snowball stems).
const NO_FORM: u32 = u32::MAX;

/// What the vocabulary knows of an indexed word: its term's number, and its form's
/// ([`NO_FORM`] when its term is the word itself).
#[derive(Clone, Copy)]
struct Known {
    term: u32,
    form: u32,
}

/// A thread's memory of the words it has seen and their terms, numbered, so that counting a
/// word is one lookup (stop words and stems are worked out once per word, not per occurrence).
#[derive(Default)]
struct Vocabulary {
    stemming: Option<Stemming>,
    /// Word as written → what is known of it, or `None` when the word is not indexed: words of
    /// up to 16 bytes (nearly all) by their bytes packed in an integer, so a lookup hashes and
    /// compares one number. (Folding is a function of the written word, and only Snowball
    /// stems read more than the folded word.)
    short_words: FxHashMap<u128, Option<Known>>,
    /// The longer words.
    words: FxHashMap<Box<str>, Option<Known>>,
    /// Term number → term.
    terms: Vec<Arc<str>>,
    /// Term → number.
    numbers: FxHashMap<Arc<str>, u32>,
    /// Per term number, its count and flags in the document being read: an array, not a map,
    /// since every word of the course goes through it. All `(0, 0)` between documents.
    tally: Vec<(u32, u8)>,
    /// The term numbers whose `tally` the document has set.
    touched: Vec<u32>,
    /// Form number → (folded word, its term's number), for words whose term differs.
    forms: Vec<(Arc<str>, u32)>,
    /// (folded word, term number) → form number.
    form_numbers: FxHashMap<(Arc<str>, u32), u32>,
    /// Per form number, whether the document being read has it; all `false` between documents.
    form_seen: Vec<bool>,
    /// The form numbers whose `form_seen` the document has set.
    form_touched: Vec<u32>,
}

impl Vocabulary {
    /// Forgets everything when the stemming changes, or when it has grown big.
    fn reset_if(&mut self, stemming: Stemming) {
        if self.stemming != Some(stemming) || self.short_words.len() + self.words.len() > 1_000_000
        {
            *self = Vocabulary {
                stemming: Some(stemming),
                ..Vocabulary::default()
            };
        }
    }

    /// The term (and form) of `word`, folded, written as `written`.
    fn term(&mut self, word: &str, written: &str) -> Option<Known> {
        let packed = pack(written);
        let known = match packed {
            Some(p) => self.short_words.get(&p),
            None => self.words.get(written),
        };
        if let Some(t) = known {
            return *t;
        }
        let stemming = self.stemming.expect("reset_if sets it");
        let mut term = String::new();
        let t = words::term_into(word, written, stemming, &mut term).then(|| {
            // English stems are made in the browser too; only Snowball stems need forms.
            let differs = matches!(stemming, Stemming::Snowball(_)) && term != word;
            let n = match self.numbers.get(term.as_str()) {
                Some(&n) => n,
                None => {
                    let n = u32::try_from(self.terms.len()).expect("fewer than 4 billion terms");
                    let term: Arc<str> = term.into();
                    self.terms.push(term.clone());
                    self.tally.push((0, 0));
                    self.numbers.insert(term, n);
                    n
                }
            };
            let form = if differs { self.form(word, n) } else { NO_FORM };
            Known { term: n, form }
        });
        match packed {
            Some(p) => self.short_words.insert(p, t),
            None => self.words.insert(written.into(), t),
        };
        t
    }

    /// The number of the form (`word`, term `n`), numbered when new.
    fn form(&mut self, word: &str, n: u32) -> u32 {
        let key: (Arc<str>, u32) = (word.into(), n);
        if let Some(&f) = self.form_numbers.get(&key) {
            return f;
        }
        let f = u32::try_from(self.forms.len()).expect("fewer than 4 billion forms");
        self.forms.push(key.clone());
        self.form_seen.push(false);
        self.form_numbers.insert(key, f);
        f
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
