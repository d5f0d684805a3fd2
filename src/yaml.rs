//! The one seam between Syllabus and its YAML library (serde_yaml).
//!
//! Front matter and quiz files come in as text and go out as typed data, or as a [`YamlError`]
//! with a 1-based line and column inside that text and a "did you mean" for mistyped keys.
//! Swapping the YAML crate touches this file only.

use serde::de::DeserializeOwned;

/// A YAML mistake at a place in the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line within the parsed text.
    pub line: usize,
    /// 1-based column within the parsed text.
    pub col: usize,
    /// What went wrong, without the position.
    pub message: String,
    /// A suggestion, e.g. the key the author probably meant.
    pub help: Option<String>,
}

/// Parses `text` as one YAML document into `T`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|e| {
        let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        let full = e.to_string();
        // serde_yaml appends " at line L column C"; the position is ours to print.
        let message = match full.rfind(" at line ") {
            Some(i) => full[..i].to_owned(),
            None => full,
        };
        let help = crate::diag::unknown_key_help(&message);
        YamlError {
            line,
            col,
            message,
            help,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "fields exist to be parsed")]
    struct Front {
        title: String,
        weight: Option<i64>,
    }

    #[test]
    fn unknown_key_gets_a_suggestion_and_its_line() {
        let e = parse::<Front>("title: a\ntittle: b\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 1));
        assert!(
            e.message.contains("unknown field `tittle`"),
            "{}",
            e.message
        );
        assert_eq!(e.help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn type_error_points_at_the_value() {
        let e = parse::<Front>("title: a\nweight: abc\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 9));
    }

    #[test]
    fn implicit_typing_never_changes_a_string() {
        for v in ["No", "no", "on", "1.10", "012", "yes", "~x"] {
            let f: Front = parse(&format!("title: {v}\n")).unwrap();
            assert_eq!(f.title, v);
        }
    }
}
