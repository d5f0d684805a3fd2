//! JSON strings for the index's records, escaped exactly as serde_json escapes them (so the
//! index is byte for byte what it was) but eight bytes at a time: every record holds a page's
//! text, and serde_json's byte-at-a-time escape was 3% of a build (issue 6). Measured again for
//! issue 21 (callgrind, release, the 1,000-lesson benchmark course): with
//! `serde_json::to_writer` here instead, a build took 808.7 M instructions against 792.5 M
//! (+2.0%), for byte-identical output; the proptest below keeps the two equal.

/// Appends `s` as a JSON string: `"` and `\` with a backslash; backspace, form feed, newline,
/// carriage return and tab as `\b \f \n \r \t`; other control characters as `\u00xx`; the rest,
/// non-ASCII too, as it is.
pub(super) fn push_str(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let bytes = s.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if let Some(word) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            if !needs_escape(word) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => &[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xf)],
            ],
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(escape);
        i += 1;
        start = i;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Whether any of the eight bytes in `word` is below 0x20, `"` or `\` (exact, no false
/// negatives: the classic "has a zero byte" and "has a byte less than n" tests).
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH != 0;
    below_space
        || has_zero(word ^ (ONES * u64::from(b'"')))
        || has_zero(word ^ (ONES * u64::from(b'\\')))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    fn ours(s: &str) -> String {
        let mut out = Vec::new();
        super::push_str(&mut out, s);
        String::from_utf8(out).expect("UTF-8 in, UTF-8 out")
    }

    #[test]
    fn escapes_like_serde_json() {
        for s in [
            "",
            "plain text that is longer than eight bytes",
            "\"quoted\" and \\back\\slashed\\",
            "\u{0}\u{1}\u{8}\t\n\u{b}\u{c}\r\u{1f} \u{7f}",
            "café 😀 \u{2028}\u{2029} </script>",
            "12345678\"",
            "1234567\"8",
        ] {
            assert_eq!(ours(s), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn escapes_any_text_like_serde_json(s in "(?s).{0,40}", pad in 0usize..9) {
            let s = format!("{}{s}", "x".repeat(pad));
            prop_assert_eq!(ours(&s), serde_json::to_string(&s).unwrap());
        }
    }
}
