//! `serve`'s update of a kept index: only the documents that changed are read again, and only
//! the files that changed are made.

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::document::{Doc, document};
use super::layout::Layout;
use super::{
    DOCS_PER_CHUNK, SearchIndex, Term, doc_block, doc_file, encode, file, forms, postings,
};
use crate::fs::OutFile;
use crate::model::Curriculum;
use crate::render::Bodies;

impl SearchIndex {
    /// Re-reads the pages at these positions of `course` (module, and entry or `None` for the
    /// module's page) after they changed, moved, came or went, and returns the files that
    /// changed (files it no longer makes are those missing from [`SearchIndex::paths`]). A
    /// module's pages that came or went are read (or dropped) whether listed or not, but the
    /// entries they move must be listed (and every page of modules that changed places:
    /// `serve` indexes afresh then). `None`, with the index as it was, when the course's
    /// modules no longer have the rooms they had (a module added or taken, or one that outgrew
    /// its room or shrank to half of it) or a position is not in the course: build a new index
    /// with [`SearchIndex::new`], as `serve`'s incremental update does.
    pub fn update(
        &mut self,
        course: &Curriculum,
        bodies: &Bodies,
        pages: &[(usize, Option<usize>)],
    ) -> Option<Vec<OutFile>> {
        let layout = Layout::of(course);
        if !layout.same_rooms(&self.layout) {
            return None;
        }
        let mut numbers = Vec::with_capacity(pages.len());
        for &(i, j) in pages {
            numbers.push(layout.number(i, j)?);
        }
        // Numbers that a page took or left.
        for (i, (&now, &before)) in layout.counts.iter().zip(&self.layout.counts).enumerate() {
            let base = layout.bases[i];
            numbers.extend(base + now.min(before) as u32..base + now.max(before) as u32);
        }
        numbers.sort_unstable();
        numbers.dedup();
        for &n in &numbers {
            self.pages[n as usize] = layout.page(n);
        }
        self.layout = layout;
        // Each changed number's document, read again (or none, for a number left empty); the
        // old one's terms leave their postings and the new one's come in, term by term.
        let read: Vec<(u32, Doc)> = numbers
            .par_iter()
            .map(|&n| {
                let doc = self.pages[n as usize].map_or_else(Doc::default, |(i, j)| {
                    document(course, bodies, i, j, self.stemming)
                });
                (n, doc)
            })
            .collect();
        let mut gone: FxHashMap<Arc<str>, Vec<u32>> = FxHashMap::default();
        let mut come: FxHashMap<Arc<str>, Vec<(u32, u8)>> = FxHashMap::default();
        let mut records = FxHashMap::default();
        for (n, mut doc) in read {
            records.insert(n, std::mem::take(&mut doc.record));
            forms::add(&mut self.forms, &doc.forms);
            let old = std::mem::replace(&mut self.docs[n as usize], doc);
            forms::remove(&mut self.forms, &old.forms);
            // Only the terms whose weight changed (or that came or went) move: a title edit
            // leaves most of a page's terms as they were, and a common term's postings are
            // as long as the course.
            let new = &self.docs[n as usize].terms;
            let (mut a, mut b) = (old.terms.iter().peekable(), new.iter().peekable());
            loop {
                match (a.peek(), b.peek()) {
                    (Some(o), Some(t)) if o.0 == t.0 => {
                        if o.1 != t.1 {
                            gone.entry(o.0.clone()).or_default().push(n);
                            come.entry(t.0.clone()).or_default().push((n, t.1));
                        }
                        a.next();
                        b.next();
                    }
                    (Some(o), Some(t)) if o.0 < t.0 => {
                        gone.entry(o.0.clone()).or_default().push(n);
                        a.next();
                    }
                    (Some(o), None) => {
                        gone.entry(o.0.clone()).or_default().push(n);
                        a.next();
                    }
                    (_, Some(t)) => {
                        come.entry(t.0.clone()).or_default().push((n, t.1));
                        b.next();
                    }
                    (None, None) => break,
                }
            }
        }
        let mut changed_terms: Vec<&Arc<str>> = gone.keys().chain(come.keys()).collect();
        changed_terms.sort_unstable();
        changed_terms.dedup();
        for term in changed_terms {
            let (out, new) = (gone.get(term), come.get(term));
            let before = self.terms.get(&**term).map_or(&[][..], |t| &t.postings[..]);
            let postings = postings::patch(
                before,
                out.map_or(&[][..], Vec::as_slice),
                new.map_or(&[][..], Vec::as_slice),
            );
            if postings == before {
                continue;
            }
            if postings.is_empty() {
                self.terms.remove(&**term);
            } else {
                let encoded = encode(&postings);
                self.terms
                    .insert(term.to_string(), Term { postings, encoded });
            }
        }
        // Term chunks by number: a new or dropped term may split or join chunks, which
        // renumbers the later ones; every chunk not as it was is written (and `paths` tells
        // which files are no longer made).
        let chunks = self.make_term_chunks();
        let mut files = Vec::new();
        for (n, chunk) in chunks.iter().enumerate() {
            if self
                .term_chunks
                .get(n)
                .is_none_or(|old| old.2 != chunk.2 || old.1 != chunk.1)
            {
                files.push(file(&format!("t{n}.js"), chunk.1.clone()));
            }
        }
        self.term_chunks = chunks;
        let mut changed_docs: Vec<usize> = records
            .keys()
            .map(|&n| n as usize / DOCS_PER_CHUNK)
            .collect();
        changed_docs.sort_unstable();
        changed_docs.dedup();
        for c in changed_docs {
            // The block's records: those read above, the others read again from the pages.
            let range = c * DOCS_PER_CHUNK..(c + 1) * DOCS_PER_CHUNK;
            let records: Vec<String> =
                range
                    .filter_map(|n| {
                        let (i, j) = self.pages[n]?;
                        Some(records.remove(&(n as u32)).unwrap_or_else(|| {
                            document(course, bodies, i, j, self.stemming).record
                        }))
                    })
                    .collect();
            let parts = doc_block(c, &records);
            // A block split into other parts is named otherwise: all its parts are written.
            let same_split = parts.len() == self.doc_chunks[c].len();
            for (p, part) in parts.iter().enumerate() {
                if !same_split || *part != self.doc_chunks[c][p] {
                    files.push(file(&doc_file(c, p, parts.len()), part.1.clone()));
                }
            }
            self.doc_chunks[c] = parts;
        }
        if !files.is_empty() {
            self.manifest = self.make_manifest();
            files.push(file("index.js", self.manifest.clone()));
        }
        Some(files)
    }
}
