//! How a list of diagnostics is printed (issue 17): every error before any warning, so a
//! course with many warnings never hides its only error; repeated warnings of one kind in one
//! file folded into the first, with a count and their lines; at most `max` entries printed
//! (0: all), the rest counted; and a tally by kind, so the picture is clear even when the list
//! is cut.

use std::collections::BTreeMap;
use std::fmt;

use super::{Diagnostic, Severity};

/// The list is cut after this many entries unless `--max-diagnostics` says otherwise.
pub const DEFAULT_MAX: usize = 50;

/// At most this many kinds are named in the tally.
const KINDS_SHOWN: usize = 8;

/// A diagnostic's kind: its message with what varies from one case to the next (quoted values,
/// numbers standing alone) replaced by `…`, so "link to `a.md`: there is no page" and "link to
/// `b.md`: there is no page" are one kind; so do paths (words with a `/`). Numbers inside other
/// words stay.
pub fn kind(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' | '"' | '“' => {
                let close = match c {
                    '“' => '”',
                    c => c,
                };
                if chars.clone().any(|d| d == close) {
                    for d in chars.by_ref() {
                        if d == close {
                            break;
                        }
                    }
                    out.push(c);
                    out.push('…');
                    out.push(close);
                } else {
                    out.push(c);
                }
            }
            c if c.is_ascii_digit() && (out.is_empty() || out.ends_with([' ', '('])) => {
                let mut digits = String::from(c);
                while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(d);
                    chars.next();
                }
                if chars.peek().is_none_or(|n| " ,.;:)%".contains(*n)) {
                    out.push('…');
                } else {
                    out.push_str(&digits);
                }
            }
            c => out.push(c),
        }
    }
    // Paths vary too: a word with a `/` in it is one.
    out.split(' ')
        .map(|word| {
            if word.contains(['/', '\\']) && !word.contains('…') {
                let end = word.trim_end_matches([',', '.', ';', ':', ')']);
                format!("…{}", &word[end.len()..])
            } else {
                word.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One printed entry: a diagnostic, and the lines of the others of its kind in its file.
struct Entry<'a> {
    first: &'a Diagnostic,
    more: Vec<usize>,
}

/// `diags` as printed: errors, then warnings, each in file order (they come sorted), warnings
/// of one kind in one file folded.
fn entries(diags: &[Diagnostic]) -> Vec<Entry<'_>> {
    let mut out: Vec<Entry> = Vec::new();
    for severity in [Severity::Error, Severity::Warning] {
        // The entry of each (file, kind) among this severity's, for folding warnings.
        let mut folded: BTreeMap<(&std::path::Path, String), usize> = BTreeMap::new();
        for d in diags.iter().filter(|d| d.severity == severity) {
            if severity == Severity::Warning {
                let key = (d.path.as_path(), kind(&d.message));
                if let Some(&i) = folded.get(&key) {
                    out[i].more.push(d.line);
                    continue;
                }
                folded.insert(key, out.len());
            }
            out.push(Entry {
                first: d,
                more: Vec::new(),
            });
        }
    }
    out
}

/// The list of `diags` (sorted, as [`super::Diagnostics::into_sorted`] gives them): at most
/// `max` entries (0: all), then what was left out, then the tally by kind when there are several
/// diagnostics. Each entry ends with a blank line. The alternate form (`{:#}`) draws the
/// diagnostics in colour.
pub struct Listing<'a> {
    /// The diagnostics.
    pub diags: &'a [Diagnostic],
    /// Entries printed at most; 0 for all.
    pub max: usize,
}

impl fmt::Display for Listing<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let entries = entries(self.diags);
        let shown = if self.max == 0 {
            entries.len()
        } else {
            self.max.min(entries.len())
        };
        for e in &entries[..shown] {
            match f.alternate() {
                true => writeln!(f, "{:#}", e.first)?,
                false => writeln!(f, "{}", e.first)?,
            }
            if !e.more.is_empty() {
                let lines: Vec<String> = e.more.iter().take(10).map(usize::to_string).collect();
                writeln!(
                    f,
                    "  = and {} more like this in this file (line{} {}{})",
                    e.more.len(),
                    if e.more.len() == 1 { "" } else { "s" },
                    lines.join(", "),
                    if e.more.len() > 10 { ", …" } else { "" }
                )?;
            }
            writeln!(f)?;
        }
        let hidden = &entries[shown..];
        if !hidden.is_empty() {
            let count = |s: Severity| {
                hidden
                    .iter()
                    .filter(|e| e.first.severity == s)
                    .map(|e| 1 + e.more.len())
                    .sum::<usize>()
            };
            let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
            let mut what = Vec::new();
            if errors > 0 {
                what.push(format!("{errors} more {}", plural_word(errors, "error")));
            }
            if warnings > 0 {
                what.push(format!(
                    "{warnings} more {}",
                    plural_word(warnings, "warning")
                ));
            }
            writeln!(
                f,
                "... and {} not shown (the first {shown} are above; --max-diagnostics 0 shows all)\n",
                what.join(" and ")
            )?;
        }
        if self.diags.len() > 1 {
            let mut kinds: BTreeMap<(Severity, String), usize> = BTreeMap::new();
            for d in self.diags {
                *kinds.entry((d.severity, kind(&d.message))).or_default() += 1;
            }
            // Only when some kind repeats: a few different mistakes need no tally.
            if kinds.values().any(|&n| n > 1) {
                let mut kinds: Vec<((Severity, String), usize)> = kinds.into_iter().collect();
                kinds.sort_by(|a, b| a.0.0.cmp(&b.0.0).then(b.1.cmp(&a.1)));
                writeln!(f, "By kind:")?;
                for ((severity, kind), n) in kinds.iter().take(KINDS_SHOWN) {
                    let word = match severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    };
                    writeln!(
                        f,
                        "  {:>5} {:<8} {}",
                        n,
                        plural_word(*n, word),
                        super::shorten(kind, 140)
                    )?;
                }
                if kinds.len() > KINDS_SHOWN {
                    writeln!(f, "  and {} other kinds", kinds.len() - KINDS_SHOWN)?;
                }
                writeln!(f)?;
            }
        }
        Ok(())
    }
}

/// `error`/`errors` for `n`.
fn plural_word(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_leaves_out_what_varies_from_case_to_case() {
        for (a, b) in [
            (
                "link to `a.md`: there is no content/01-x/a.md",
                "link to `b/c.md`: there is no content/02-y/b/c.md",
            ),
            (
                "question 1: option \"yes\" has no `feedback`",
                "question 12: option \"no\" has no `feedback`",
            ),
            (
                "needs more than 1000000 bytes of memory (max_page_bytes)",
                "needs more than 5 bytes of memory (max_page_bytes)",
            ),
        ] {
            assert_eq!(kind(a), kind(b), "{a} / {b}");
        }
        assert_eq!(
            kind("question 2: option \"a\" has no `feedback`"),
            "question …: option \"…\" has no `…`"
        );
        assert_ne!(kind("a heading `x`"), kind("a page `x`"));
        // Unclosed quotes and numbers inside words stay.
        assert_eq!(kind("it's `open and h2o"), "it's `open and h2o");
    }
}
