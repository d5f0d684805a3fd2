//! The budget of one file's rendering (Q06): how much memory its markdown may take while it
//! renders (site.toml's `[limits] max_page_bytes`), counted as it goes, and how long it took;
//! and the steps of `markdown::render` that hold the most, made to stop at the budget.
//!
//! A file's size is capped before it is read (`max_file_bytes`), but rendering takes more: the
//! parsed events take 96 bytes each, up to one per byte of dense markdown (`[]`, `a***`), every
//! link to a heading or broken link keeps a diagnostic, and the HTML can be five times the
//! markdown (`&`). `markdown::render` asks the budget before it holds more, and stops, with a
//! "limit exceeded" error, at the first step past it. One budget serves a whole file, so a
//! quiz's prompts and explanations share one.

use std::cell::Cell;
use std::ops::Range;
use std::path::Path;
use std::time::{Duration, Instant};

use pulldown_cmark::{Event, Parser};

use crate::diag::Diagnostic;

/// A file that takes longer than this to render gets a warning (never an error: a build must
/// not pass or fail by how busy the machine is).
pub const SLOW_FILE: Duration = Duration::from_secs(1);

/// The rendering budget of one file. Not shared between threads: each file renders on one.
#[derive(Debug)]
pub struct Budget {
    max_bytes: usize,
    /// Bytes that earlier renders of the file keep (the HTML of a quiz's earlier questions).
    kept: Cell<usize>,
    /// Set once the budget ran out; the file's rendering stops there.
    spent: Cell<bool>,
    /// Set once the file was reported as slow.
    slow: Cell<bool>,
    started: Instant,
}

impl Budget {
    /// A budget of `max_bytes`, its clock starting now.
    pub fn new(max_bytes: usize) -> Budget {
        Budget {
            max_bytes,
            kept: Cell::new(0),
            spent: Cell::new(false),
            slow: Cell::new(false),
            started: Instant::now(),
        }
    }

    /// A budget no real file reaches, for tests and tools that render one piece of markdown.
    pub fn unlimited() -> Budget {
        Budget::new(usize::MAX)
    }

    /// The limit, in bytes.
    pub fn max_bytes(&self) -> usize {
        self.max_bytes
    }

    /// Bytes a render may hold on top of what earlier renders of the file keep.
    pub fn room(&self) -> usize {
        if self.spent.get() {
            return 0;
        }
        self.max_bytes.saturating_sub(self.kept.get())
    }

    /// Whether a render may hold `held` bytes.
    pub fn allows(&self, held: usize) -> bool {
        !self.spent.get() && held <= self.room()
    }

    /// Notes that a finished render keeps `bytes` (its HTML, what it learnt about links).
    pub fn keep(&self, bytes: usize) {
        self.kept.set(self.kept.get().saturating_add(bytes));
    }

    /// Marks the budget as run out. True the first time, so the file is reported once.
    pub fn spend(&self) -> bool {
        !self.spent.replace(true)
    }

    /// Whether the budget has run out (a quiz's later questions are not rendered).
    pub fn is_spent(&self) -> bool {
        self.spent.get()
    }

    /// How long the file has taken so far, the first time that passes [`SLOW_FILE`].
    pub fn newly_slow(&self) -> Option<Duration> {
        let took = self.started.elapsed();
        (took > SLOW_FILE && !self.slow.replace(true)).then_some(took)
    }

    /// The same budget as if its clock had started `by` earlier: a slow file without the wait.
    #[cfg(test)]
    pub(crate) fn aged(self, by: Duration) -> Budget {
        Budget {
            started: self.started - by,
            ..self
        }
    }
}

/// What one parsed event takes while it is held.
pub(crate) const EVENT_BYTES: usize = std::mem::size_of::<(Event, Range<usize>)>();

/// The events of `markdown` with their byte ranges, or the offset where holding them passed the
/// budget.
pub(crate) fn parse_within<'m>(
    markdown: &'m str,
    budget: &Budget,
) -> Result<Vec<(Event<'m>, Range<usize>)>, usize> {
    let mut events = Vec::new();
    for (event, range) in Parser::new_ext(markdown, crate::markdown::options()).into_offset_iter() {
        if !budget.allows((events.len() + 1) * EVENT_BYTES) {
            return Err(range.start);
        }
        events.push((event, range));
    }
    Ok(events)
}

/// Writes the HTML of `events` into `html`, stopping as soon as it would pass `room` bytes; the
/// error is the offset of the event being written then. `source_len` (the markdown's length)
/// sizes the first allocation.
pub(crate) fn write_within(
    html: &mut String,
    events: Vec<(Event, Range<usize>)>,
    room: usize,
    source_len: usize,
) -> Result<(), usize> {
    html.reserve((source_len * 3 / 2).min(room));
    let current = Cell::new(0);
    let stream = events.into_iter().map(|(event, range)| {
        current.set(range.start);
        event
    });
    pulldown_cmark::html::write_html_fmt(Capped { html, room }, stream).map_err(|_| current.get())
}

/// A `String` that refuses to grow past `room` bytes.
struct Capped<'s> {
    html: &'s mut String,
    room: usize,
}

impl std::fmt::Write for Capped<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if self.html.len().saturating_add(s.len()) > self.room {
            return Err(std::fmt::Error);
        }
        self.html.push_str(s);
        Ok(())
    }
}

/// About what a diagnostic takes.
pub(crate) fn diagnostic_bytes(d: &Diagnostic) -> usize {
    std::mem::size_of::<Diagnostic>()
        + d.path.as_os_str().len()
        + d.message.len()
        + d.help.as_ref().map_or(0, String::len)
        + d.source_line.as_ref().map_or(0, String::len)
}

/// The "limit exceeded" error, at `at` (a diagnostic with its place and an empty message).
pub(crate) fn limit_exceeded(budget: &Budget, at: Diagnostic) -> Diagnostic {
    Diagnostic {
        message: format!(
            "limit exceeded: rendering this file needs more than {} bytes of memory (max_page_bytes)",
            budget.max_bytes()
        ),
        help: Some("markdown dense with brackets, emphasis marks or links takes up to a hundred times its size while it renders; split the file, or raise `max_page_bytes` in the [limits] table of site.toml".into()),
        ..at
    }
}

/// The warning for a file that took `took` to render (more than [`SLOW_FILE`]).
pub(crate) fn slow_file(path: &Path, took: Duration) -> Diagnostic {
    Diagnostic::file_error(
        path,
        format!(
            "this file took {:.1} s to render, more than {} s",
            took.as_secs_f64(),
            SLOW_FILE.as_secs()
        ),
    )
    .at(1, 1)
    .with_help("split it into smaller files; every build and every change in `serve` waits for it")
    .warning()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_of_one_file_share_the_budget() {
        let b = Budget::new(100);
        assert!(b.allows(100) && !b.allows(101));
        b.keep(60);
        assert_eq!(b.room(), 40);
        assert!(b.spend() && !b.spend(), "reported once");
        assert!(b.is_spent() && !b.allows(0));
    }

    #[test]
    fn a_slow_file_is_told_once() {
        let b = Budget::new(100).aged(Duration::from_secs(2));
        assert!(b.newly_slow().is_some_and(|t| t >= Duration::from_secs(2)));
        assert_eq!(b.newly_slow(), None);
    }
}
