//! English interface words on a page that should say none (issue 20). Shared by the `it` tests
//! (every built page of a course in another language) and the browser tests (what the scripts
//! write after a quiz is submitted, a checklist ticked, a search typed), through `#[path]`.
//!
//! The words are computed, never listed: every word of four letters or more in the English
//! table's strings (`themes/default/i18n/en.toml`, placeholders and HTML tags left out), less
//! the words the language's own table also uses (a loanword such as "Quiz" or "LMS") and the
//! words of the course's own text (a fixture written without English keeps that set empty).

use std::collections::BTreeSet;
use std::path::Path;

/// The English interface words a page in one language must not show.
pub struct EnglishWords {
    words: BTreeSet<String>,
}

/// The lower-case words (runs of letters) of `text`.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Every text of a table: plain strings and each plural form, without `{placeholders}` and
/// `<tags>`.
fn table_texts(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let table: toml::Table = toml::from_str(&text).unwrap();
    let mut out = Vec::new();
    for value in table.values() {
        match value {
            toml::Value::String(s) => out.push(s.clone()),
            toml::Value::Table(forms) => {
                out.extend(forms.values().filter_map(|v| v.as_str().map(str::to_owned)))
            }
            other => panic!("{}: {other:?} is not a string", path.display()),
        }
    }
    out.iter().map(|s| strip_marks(s)).collect()
}

/// `s` without `{…}` placeholders and `<…>` tags.
fn strip_marks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = None;
    for c in s.chars() {
        match (depth, c) {
            (None, '{') => depth = Some('}'),
            (None, '<') => depth = Some('>'),
            (Some(end), c) if c == end => {
                depth = None;
                out.push(' ');
            }
            (Some(_), _) => {}
            (None, c) => out.push(c),
        }
    }
    out
}

impl EnglishWords {
    /// The words for a course in `language` (a table of the default theme) whose own text is
    /// `content`.
    pub fn new(language: &str, content: &str) -> EnglishWords {
        let i18n = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
        let own: BTreeSet<String> = table_texts(&i18n.join(format!("{language}.toml")))
            .iter()
            .flat_map(|t| words(t).collect::<Vec<_>>())
            .chain(words(content))
            .collect();
        let words = table_texts(&i18n.join("en.toml"))
            .iter()
            .flat_map(|t| words(t).collect::<Vec<_>>())
            .filter(|w| w.chars().count() >= 4 && !own.contains(w))
            .collect();
        EnglishWords { words }
    }

    /// How many words it looks for (a check that the check has something to find).
    #[allow(dead_code)] // used by the `it` tests, not the browser tests
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// The English words `text` shows, each with the text around it.
    pub fn leaks(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (i, _) in text.char_indices() {
            let starts_word = text[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphabetic())
                && text[i..].chars().next().is_some_and(char::is_alphabetic);
            if !starts_word {
                continue;
            }
            let word: String = text[i..]
                .chars()
                .take_while(|c| c.is_alphabetic())
                .collect();
            if self.words.contains(&word.to_lowercase()) {
                let from = text[..i].char_indices().rev().nth(30).map_or(0, |(j, _)| j);
                let to = text[i..]
                    .char_indices()
                    .nth(50)
                    .map_or(text.len(), |(j, _)| i + j);
                out.push(format!(
                    "{word:?} in «{}»",
                    text[from..to].replace('\n', " ")
                ));
            }
        }
        out
    }
}

/// What a reader of `html` is told: its text outside `<script>`, `<style>` and comments, and the
/// attributes read out or shown (`aria-label`, `title`, `alt`, `placeholder`, `aria-roledescription`,
/// `value` of buttons and the `content` of `<meta name="description">` are not: the last is the
/// course's own).
pub fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode(&rest[..lt]));
        out.push(' ');
        rest = &rest[lt..];
        let skip_to = |rest: &str, end: &str| rest.find(end).map_or(rest.len(), |e| e + end.len());
        if rest.starts_with("<!--") {
            rest = &rest[skip_to(rest, "-->")..];
            continue;
        }
        let tag_end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..tag_end];
        for attr in [
            "aria-label",
            "title",
            "alt",
            "placeholder",
            "aria-roledescription",
        ] {
            for quote in ['"', '\''] {
                let marker = format!(" {attr}={quote}");
                if let Some(s) = tag.find(&marker) {
                    let v = &tag[s + marker.len()..];
                    out.push_str(&decode(&v[..v.find(quote).unwrap_or(v.len())]));
                    out.push(' ');
                }
            }
        }
        let lower = tag.to_ascii_lowercase();
        rest = &rest[tag_end..];
        for raw in ["<script", "<style"] {
            if lower.starts_with(raw) {
                let close = format!("</{}", &raw[1..]);
                rest = &rest[rest.find(&close).unwrap_or(rest.len())..];
            }
        }
    }
    out.push_str(&decode(rest));
    out
}

fn decode(text: &str) -> String {
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
}
