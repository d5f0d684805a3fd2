//! JSON that is safe inside a page's `<script>` (Q04): the quiz data and the interface strings.

use serde::Serialize;

/// JSON that is safe inside `<script type="application/json">`: `<`, `>`, `&` and the JavaScript
/// line separators are `\u` escapes, so no text can close the element or start a comment.
pub fn json_for_script<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).expect("template data always serialises");
    // Runs between the characters to escape are copied whole: the progress map and the quiz
    // data are most of a build's JSON, and a character at a time was 3% of its instructions.
    let bytes = json.as_bytes();
    let mut out = String::with_capacity(json.len() + json.len() / 64);
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = match b {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8.
            0xE2 if bytes.get(i + 1) == Some(&0x80) => match bytes.get(i + 2) {
                Some(0xA8) => "\\u2028",
                Some(0xA9) => "\\u2029",
                _ => continue,
            },
            _ => continue,
        };
        out.push_str(&json[from..i]);
        out.push_str(escape);
        from = i + if b == 0xE2 { 3 } else { 1 };
    }
    out.push_str(&json[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_its_element() {
        let s = json_for_script(&["</script><!--", "a\u{2028}b & c"]);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: Vec<String> = serde_json::from_str(&s).unwrap();
        assert_eq!(back, ["</script><!--", "a\u{2028}b & c"]);
    }

    proptest::proptest! {
        #[test]
        fn script_json_is_the_json_with_five_characters_escaped(v in proptest::collection::vec(".*", 0..4)) {
            let s = json_for_script(&v);
            let plain = serde_json::to_string(&v).unwrap()
                .replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
                .replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029");
            proptest::prop_assert_eq!(&s, &plain);
            let back: Vec<String> = serde_json::from_str(&s).unwrap();
            proptest::prop_assert_eq!(back, v);
        }
    }
}
