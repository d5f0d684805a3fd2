//! JSON that is safe inside a page's `<script>` (Q04): the quiz data and the interface strings.

use serde::Serialize;

/// JSON that is safe inside `<script type="application/json">`: `<`, `>`, `&` and the JavaScript
/// line separators are `\u` escapes, so no text can close the element or start a comment.
pub fn json_for_script<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).expect("template data always serialises");
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
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
}
