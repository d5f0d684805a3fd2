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
//!
//! A page with raw HTML is cleaned by the sanitiser, whose tree takes about 256 bytes an element
//! and whose time grows with how deep the page nests: while such a page's HTML is written it is
//! measured ([`crate::sanitize::depth`]), its elements count against the budget, and nesting past
//! 512 stops it with its own error (issue 22).

use std::cell::Cell;
use std::ops::Range;
use std::path::Path;
use std::time::{Duration, Instant};

use pulldown_cmark::{Event, Parser};

use crate::diag::Diagnostic;
use crate::sanitize::depth::{ELEMENT_BYTES, MAX_OPEN, Nesting, Passed};

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

    /// A budget no real file reaches, for tests and tools that render one piece of markdown. It
    /// never calls a render slow either: a test's count of diagnostics must not change with the
    /// machine's load.
    pub fn unlimited() -> Budget {
        let budget = Budget::new(usize::MAX);
        budget.slow.set(true);
        budget
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
    let mut linker = crate::markdown::autolink::Linker::default();
    for (event, range) in Parser::new_ext(markdown, crate::markdown::options()).into_offset_iter() {
        if !budget.allows((events.len() + 1) * EVENT_BYTES) {
            return Err(range.start);
        }
        linker.push(markdown, event, range, &mut events);
    }
    Ok(events)
}

/// Why writing a page's HTML stopped, with the offset in the markdown of the event being
/// written then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// The HTML, with the sanitiser's tree when there is one, would pass the budget.
    OverBudget(usize),
    /// The sanitiser's parser would hold more than
    /// [`MAX_OPEN`](crate::sanitize::depth::MAX_OPEN) elements open.
    TooDeep(usize),
}

/// A page the sanitiser will clean: how deep it nests, measured as it is written, and the bytes
/// cleaning may hold (the budget's room, since the parsed events are gone by then).
pub(crate) struct ToClean<'a> {
    /// The page's HTML so far, measured.
    pub nesting: &'a mut Nesting,
    /// What cleaning may hold: the HTML three times (the page, the text in the sanitiser's
    /// tree, the cleaned page) and the tree's elements.
    pub room: usize,
}

impl ToClean<'_> {
    /// How many elements the tree may hold beside `html_len` bytes of HTML.
    fn max_elements(&self, html_len: usize) -> usize {
        self.room.saturating_sub(html_len.saturating_mul(3)) / ELEMENT_BYTES
    }
}

/// Writes the HTML of `events` into `html`, stopping as soon as it would pass `room` bytes.
/// `source_len` (the markdown's length) sizes the first allocation. With `clean` (a page the
/// sanitiser will clean), the HTML is measured as it is written: what cleaning holds counts
/// against the budget too, and a page nested past
/// [`MAX_OPEN`](crate::sanitize::depth::MAX_OPEN) stops there (issue 22).
pub(crate) fn write_within(
    html: &mut String,
    events: Vec<(Event, Range<usize>)>,
    room: usize,
    source_len: usize,
    clean: Option<ToClean>,
) -> Result<(), Stop> {
    html.reserve((source_len * 3 / 2).min(room));
    let current = Cell::new((0, 0));
    let stream = events.into_iter().map(|(event, range)| {
        current.set((range.start, range.end));
        event
    });
    let mut capped = Capped {
        html,
        room,
        current: &current,
        clean,
        fed: 0,
        event: ((0, 0), 0),
        stop: None,
    };
    match pulldown_cmark::html::write_html_fmt(&mut capped, stream) {
        Ok(()) => capped.measure(0).map_err(|_| capped.stopped()),
        Err(_) => Err(capped.stopped()),
    }
}

/// HTML measured for nesting in pieces of at least this many bytes (a call per event of a few
/// bytes would cost more than the parsing).
const BATCH: usize = 64;

/// A `String` that refuses to grow past `room` bytes, and measures what it holds.
struct Capped<'s> {
    html: &'s mut String,
    room: usize,
    /// The markdown range (start, end) of the event being written.
    current: &'s Cell<(usize, usize)>,
    clean: Option<ToClean<'s>>,
    /// How much of `html` was measured.
    fed: usize,
    /// The event being written, and where its HTML starts.
    event: ((usize, usize), usize),
    stop: Option<Stop>,
}

impl Capped<'_> {
    /// Feeds what was written since the last time to `nesting`, once it is `batch` bytes.
    fn measure(&mut self, batch: usize) -> std::fmt::Result {
        let Some(clean) = self.clean.as_mut() else {
            return Ok(());
        };
        if self.html.len() - self.fed < batch.max(1) {
            return Ok(());
        }
        let max_elements = clean.max_elements(self.html.len());
        match clean.nesting.feed(&self.html[self.fed..], max_elements) {
            Ok(()) => {
                self.fed = self.html.len();
                Ok(())
            }
            Err((passed, n)) => {
                // Raw HTML is written as it is in the file, so the distance into the event's
                // HTML is the distance into its markdown; for other events it is near enough.
                let ((start, end), html_start) = self.event;
                let into = (self.fed + n).saturating_sub(html_start);
                let at = start + into.min(end - start);
                self.stop = Some(match passed {
                    Passed::Open => Stop::TooDeep(at),
                    Passed::Elements => Stop::OverBudget(at),
                });
                Err(std::fmt::Error)
            }
        }
    }

    /// Why writing stopped: what `measure` or `write_str` found, else the event being written.
    fn stopped(&self) -> Stop {
        self.stop.unwrap_or(Stop::OverBudget(self.current.get().0))
    }
}

impl std::fmt::Write for Capped<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let len = self.html.len().saturating_add(s.len());
        let tree_full = self
            .clean
            .as_ref()
            .is_some_and(|c| c.nesting.elements() > c.max_elements(len));
        if len > self.room || tree_full {
            self.stop = Some(Stop::OverBudget(self.current.get().0));
            return Err(std::fmt::Error);
        }
        if self.clean.is_none() {
            // Nothing to measure: a page without raw HTML is not cleaned.
            self.html.push_str(s);
            return Ok(());
        }
        let range = self.current.get();
        if range != self.event.0 {
            self.measure(BATCH)?;
            self.event = (range, self.html.len());
        }
        self.html.push_str(s);
        self.measure(BATCH)
    }
}

/// About what a diagnostic takes.
pub(crate) fn diagnostic_bytes(d: &Diagnostic) -> usize {
    std::mem::size_of::<Diagnostic>()
        + d.path.as_os_str().len()
        + d.message.len()
        + d.help.as_ref().map_or(0, |h| h.len())
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

/// The error for a page nested too deep for the sanitiser to clean it in reasonable time, at
/// `at` (a diagnostic with its place and an empty message).
pub(crate) fn too_deep(at: Diagnostic) -> Diagnostic {
    Diagnostic {
        message: format!(
            "elements here are nested more than {MAX_OPEN} deep, too deep to clean the page's raw HTML"
        ),
        help: Some(format!(
            "close the elements you open (an unclosed `<div>` or `<b>` stays open to the end of the page) and nest lists and quotes less deeply; browsers stop nesting at {MAX_OPEN} too. Cleaning takes time that grows with the depth times the length of the page. If every author is trusted, allow_raw_html = true in site.toml keeps raw HTML as written, uncleaned"
        ).into()),
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
