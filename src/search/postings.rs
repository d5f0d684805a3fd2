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
