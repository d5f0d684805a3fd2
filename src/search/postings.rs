//! Postings as text: which documents hold a term, and with what weight (see the module docs of
//! `search`).

use super::DIGITS;

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

/// `postings` without the documents `gone` and with `come` (each sorted by document).
pub(super) fn patch(postings: &[(u32, u8)], gone: &[u32], come: &[(u32, u8)]) -> Vec<(u32, u8)> {
    let mut out = Vec::with_capacity(postings.len() + come.len());
    let (mut g, mut c) = (0, 0);
    for &p in postings {
        while g < gone.len() && gone[g] < p.0 {
            g += 1;
        }
        while c < come.len() && come[c].0 < p.0 {
            out.push(come[c]);
            c += 1;
        }
        if g < gone.len() && gone[g] == p.0 {
            continue;
        }
        out.push(p);
    }
    out.extend_from_slice(&come[c..]);
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// `patch` gives what dropping `gone` and adding `come` to a map of postings gives, and
        /// the postings it gives encode and decode to themselves.
        #[test]
        fn patch_is_a_sorted_map_edit(
            before in proptest::collection::btree_map(0u32..200, 0u8..64, 0..60),
            gone in proptest::collection::btree_set(0u32..200, 0..30),
            come in proptest::collection::btree_map(0u32..200, 0u8..64, 0..30),
        ) {
            let postings: Vec<(u32, u8)> = before.clone().into_iter().collect();
            let gone: Vec<u32> = gone.into_iter().collect();
            let come_list: Vec<(u32, u8)> = come.clone().into_iter().collect();
            // As serve gives it: a number that comes was emptied first.
            let gone: Vec<u32> = {
                let mut g: Vec<u32> = gone.into_iter().chain(come.keys().copied()).collect();
                g.sort_unstable();
                g.dedup();
                g
            };
            let mut want: BTreeMap<u32, u8> = before;
            for n in &gone {
                want.remove(n);
            }
            want.extend(come);
            let got = patch(&postings, &gone, &come_list);
            prop_assert_eq!(&got, &want.into_iter().collect::<Vec<_>>());
            prop_assert_eq!(decode(&encode(&got)), got);
        }
    }
}
