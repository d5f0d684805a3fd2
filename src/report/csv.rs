//! The report as CSV: the learner table → `progress.csv`, one row per learner and unit.
//!
//! Written for spreadsheet programs: UTF-8 with a byte-order mark (so Excel reads it as
//! UTF-8), CRLF line ends and every field quoted (RFC 4180), a header line. A cell that a
//! spreadsheet would take for a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage
//! return) gets a leading apostrophe: learners' names are free text (OWASP's CSV injection).

use super::table::Report;
use crate::progress::ending::Ending;

/// The columns, in order (docs/report.md describes each).
pub const COLUMNS: &[&str] = &[
    "learner",
    "module",
    "unit",
    "kind",
    "unit key",
    "done",
    "score",
    "passed",
    "stored score",
    "score flag",
    "completed at",
    "stale",
    "ending",
];

/// Renders the CSV file.
pub fn render_csv(report: &Report) -> String {
    let rows = report.learners.len() * report.units.len();
    let mut out = String::with_capacity(64 * (rows + 1));
    out.push('\u{feff}');
    push_row(&mut out, COLUMNS.iter().copied());
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    for l in &report.learners {
        for (unit, u) in report.units.iter().zip(&l.units) {
            let score = u.score.map(|s| s.to_string()).unwrap_or_default();
            let stored = u.stored_score.map(|s| s.to_string()).unwrap_or_default();
            let completed = u.completed_at().unwrap_or_default();
            push_row(
                &mut out,
                [
                    l.name.as_str(),
                    &report.modules[unit.module].title,
                    &unit.title,
                    unit.kind.word(),
                    &unit.key,
                    yes_no(u.done),
                    &score,
                    u.passed.map_or("", yes_no),
                    &stored,
                    u.flag.map_or("", |f| f.word()),
                    &completed,
                    if u.done { yes_no(u.stale) } else { "" },
                    u.ending.map_or("", Ending::as_str),
                ],
            );
        }
    }
    out
}

fn push_row<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_field(out, field);
    }
    out.push_str("\r\n");
}

/// One field, quoted, its quotes doubled, defused when it would start a formula.
fn push_field(out: &mut String, field: &str) {
    out.push('"');
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        out.push('\'');
    }
    // Whole pieces between quotes: a million rows' fields, a character at a time, took 7 s of
    // a 1,000-lesson, 200-learner report.
    let mut pieces = field.split('"');
    out.push_str(pieces.next().unwrap_or_default());
    for piece in pieces {
        out.push_str("\"\"");
        out.push_str(piece);
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(s: &str) -> String {
        let mut out = String::new();
        push_field(&mut out, s);
        out
    }

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("Ann Lee"), "\"Ann Lee\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("a,b\r\nc"), "\"a,b\r\nc\"");
        for f in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(field(f), format!("\"'{}\"", f), "{f:?}");
        }
        assert_eq!(field(""), "\"\"");
    }
}
