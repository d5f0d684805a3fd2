//! How deep the sanitiser's parser nests a page, measured by that parser itself (Q06, issue 22).
//!
//! html5ever's tree builder walks its stack of open elements, and its list of active formatting
//! elements, for nearly every tag: a page that keeps N elements open costs about N² steps, and
//! 500 KB of unclosed `<div>` took 95 s to clean. Depth comes from raw HTML (`<div>` never
//! closed, `<b id=1><b id=2>…`) and from markdown too (`> > > …`, `- - - …`: two bytes a level),
//! and what html5ever closes or reopens on its own (a `<p>` closed by a `<div>`, formatting
//! elements reopened in the next paragraph) is hard to predict from the outside.
//!
//! So [`Nesting`] does not predict: it feeds the page's HTML, piece by piece as it is written,
//! to a second html5ever parser made exactly as ammonia makes its own, whose tree sink keeps
//! nothing, and after each piece counts what that parser holds ([`MAX_OPEN`]). The parser drops
//! every element once it is closed, so the pass holds about `MAX_OPEN` elements whatever the
//! size of the page, and its own time is bounded like the sanitiser's: by the limit times the
//! number of tags. It also counts the elements the sanitiser's tree will hold, for the budget.

use std::borrow::Cow;
use std::cell::Cell;
use std::rc::Rc;

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, Tracer, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, ExpandedName, Parser, QualName, local_name, ns};

/// The most elements the parser may hold open (its stack of open elements and its list of
/// active formatting elements together) before the page is refused. Chromium's HTML parser
/// stops nesting at the same depth: `kMaximumHTMLParserDOMTreeDepth = 512` in
/// `third_party/blink/renderer/core/html/parser/html_construction_site.h`, past which it adds
/// elements as siblings instead.
pub const MAX_OPEN: usize = 512;

/// About what one element takes in the sanitiser's tree (ammonia's `RcDom` node, its place in
/// its parent's list of children, and the text node beside it), counted against the page's
/// budget.
pub const ELEMENT_BYTES: usize = 256;

/// The most HTML fed at once: the limit is checked after each piece, so a page passes it by at
/// most this many bytes of tags before it is caught.
const PIECE: usize = 256;

/// Which limit a page passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passed {
    /// More than [`MAX_OPEN`] elements open at once.
    Open,
    /// More elements than the budget has room for.
    Elements,
}

/// A page's HTML being measured, fed in order.
pub struct Nesting {
    parser: Parser<Sink>,
    /// What the parser holds before any input: the document, the fragment's context element
    /// and its `<html>` root.
    baseline: usize,
    /// The elements made before any input (those two).
    made_before: usize,
}

impl Default for Nesting {
    fn default() -> Self {
        Nesting::new()
    }
}

impl Nesting {
    /// A parser as ammonia makes one (`Builder::make_parser`): a fragment in a `<div>`,
    /// default options, scripting off.
    pub fn new() -> Nesting {
        let parser = html5ever::parse_fragment(
            Sink::default(),
            html5ever::ParseOpts::default(),
            QualName::new(None, ns!(html), local_name!("div")),
            vec![],
            false,
        );
        let made_before = parser.tokenizer.sink.sink.elements.get();
        let mut nesting = Nesting {
            parser,
            baseline: 0,
            made_before,
        };
        nesting.baseline = nesting.held();
        nesting
    }

    /// Reads the next piece of the page, and stops after the piece where the parser held more
    /// than [`MAX_OPEN`] elements open, or had made more than `max_elements`: `Err` then says
    /// which, and after how many bytes of `html`. Nothing more may be fed after an error.
    pub fn feed(&mut self, html: &str, max_elements: usize) -> Result<(), (Passed, usize)> {
        let mut start = 0;
        while start < html.len() {
            let mut end = (start + PIECE).min(html.len());
            while !html.is_char_boundary(end) {
                end += 1;
            }
            self.parser
                .process(StrTendril::from_slice(&html[start..end]));
            if self.open() > MAX_OPEN {
                return Err((Passed::Open, end));
            }
            if self.elements() > max_elements {
                return Err((Passed::Elements, end));
            }
            start = end;
        }
        Ok(())
    }

    /// How many elements the parser holds open now.
    pub fn open(&self) -> usize {
        self.held().saturating_sub(self.baseline)
    }

    /// How many elements the page has made so far (the sanitiser's tree holds as many).
    pub fn elements(&self) -> usize {
        self.parser.tokenizer.sink.sink.elements.get() - self.made_before
    }

    /// Every element the tree builder holds: open ones, active formatting ones, and its few
    /// pointers (document, context, head, form).
    fn held(&self) -> usize {
        let count = Count::default();
        self.parser.tokenizer.sink.trace_handles(&count);
        count.0.get()
    }
}

/// Counts the handles the tree builder holds.
#[derive(Default)]
struct Count(Cell<usize>);

impl Tracer for Count {
    type Handle = Handle;

    fn trace_handle(&self, _: &Handle) {
        self.0.set(self.0.get() + 1);
    }
}

/// What the tree builder asks of an element after making it: its name, its template contents,
/// whether it is a MathML integration point. Nothing else is kept: no tree, no attributes.
#[derive(Debug)]
struct Node {
    name: QualName,
    template: Option<Handle>,
    annotation_xml: bool,
}

type Handle = Rc<Node>;

fn node(name: QualName) -> Handle {
    Rc::new(Node {
        name,
        template: None,
        annotation_xml: false,
    })
}

/// A tree sink that builds no tree, and counts the elements made.
struct Sink {
    document: Handle,
    /// What comments, processing instructions and template contents stand for.
    other: Handle,
    elements: Cell<usize>,
}

impl Default for Sink {
    fn default() -> Self {
        let none = || QualName::new(None, ns!(), local_name!(""));
        Sink {
            document: node(none()),
            other: node(none()),
            elements: Cell::new(0),
        }
    }
}

impl TreeSink for Sink {
    type Handle = Handle;
    type Output = ();
    type ElemName<'a> = ExpandedName<'a>;

    fn finish(self) {}

    fn parse_error(&self, _: Cow<'static, str>) {}

    fn get_document(&self) -> Handle {
        self.document.clone()
    }

    fn elem_name<'a>(&'a self, target: &'a Handle) -> ExpandedName<'a> {
        target.name.expanded()
    }

    fn create_element(&self, name: QualName, _: Vec<Attribute>, flags: ElementFlags) -> Handle {
        self.elements.set(self.elements.get() + 1);
        Rc::new(Node {
            name,
            template: flags.template.then(|| self.other.clone()),
            annotation_xml: flags.mathml_annotation_xml_integration_point,
        })
    }

    fn create_comment(&self, _: StrTendril) -> Handle {
        self.other.clone()
    }

    fn create_pi(&self, _: StrTendril, _: StrTendril) -> Handle {
        self.other.clone()
    }

    fn append(&self, _: &Handle, _: NodeOrText<Handle>) {}

    fn append_based_on_parent_node(&self, _: &Handle, _: &Handle, _: NodeOrText<Handle>) {}

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &Handle) -> Handle {
        target
            .template
            .clone()
            .unwrap_or_else(|| self.other.clone())
    }

    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        Rc::ptr_eq(x, y)
    }

    fn set_quirks_mode(&self, _: QuirksMode) {}

    fn append_before_sibling(&self, _: &Handle, _: NodeOrText<Handle>) {}

    fn add_attrs_if_missing(&self, _: &Handle, _: Vec<Attribute>) {}

    fn remove_from_parent(&self, _: &Handle) {}

    fn reparent_children(&self, _: &Handle, _: &Handle) {}

    fn is_mathml_annotation_xml_integration_point(&self, handle: &Handle) -> bool {
        handle.annotation_xml
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The most elements open at once while reading `html` a byte at a time, and whether it
    /// passed the limit.
    fn deepest(html: &str) -> (usize, bool) {
        let mut n = Nesting::new();
        let mut most = 0;
        for piece in html.as_bytes().chunks(1) {
            let piece = std::str::from_utf8(piece).expect("ASCII test input");
            if n.feed(piece, usize::MAX).is_err() {
                return (n.open(), true);
            }
            most = most.max(n.open());
        }
        (most, false)
    }

    #[test]
    fn counts_what_html5ever_keeps_open() {
        for (html, open) in [
            ("<p>text</p>", 1),
            ("<div><div><div>x</div></div></div>", 3),
            // Closed by the next sibling, or by a block: never deeper than one.
            (&"<p>para".repeat(100), 1),
            (&"<li>item".repeat(100), 1),
            (&"<table><tr><td>a<td>b</table>".repeat(50), 4),
            // Void elements and `/>` hold nothing open.
            (&"<br><img src=x><hr/>".repeat(100), 0),
        ] {
            assert_eq!(deepest(html), (open, false), "{html:.40}");
        }
    }

    #[test]
    fn unclosed_elements_pass_the_limit_wherever_they_come_from() {
        for html in [
            "<div>".repeat(600),
            "<span>".repeat(600),
            // Each `<b>` differs: html5ever keeps them all, on both lists.
            (0..600).map(|i| format!("<b id={i}>")).collect(),
            // A `<div>` inside a paragraph closes the paragraph and stays open itself.
            "<p>a <div> b</p>\n".repeat(600),
            // A `<div>` inside `<svg>` leaves the SVG and stays open after `</svg>`.
            "<svg><div></svg>".repeat(600),
            // What markdown writes for `> > > …x`.
            format!("{}<p>x</p>", "<blockquote>\n".repeat(600)),
        ] {
            assert!(deepest(&html).1, "{html:.60}");
        }
    }

    #[test]
    fn same_formatting_tags_are_kept_three_times_only() {
        // html5ever's "Noah's Ark" clause: `<b>` reopened in every paragraph stays shallow (a
        // paragraph and three `<b>`, each both open and on the formatting list).
        let (open, passed) = deepest(&"<p><b>x</p>".repeat(600));
        assert!(open <= 8 && !passed, "{open}");
    }

    #[test]
    fn counts_every_element_made() {
        let mut n = Nesting::new();
        n.feed(&"<i></i>".repeat(1000), usize::MAX).unwrap();
        n.feed("<table><td>x</table>", usize::MAX).unwrap();
        // The table adds the `<tbody>` and `<tr>` html5ever implies.
        assert_eq!(n.elements(), 1004);
        let mut n = Nesting::new();
        let (passed, at) = n.feed(&"<i></i>".repeat(1000), 500).unwrap_err();
        assert_eq!(passed, Passed::Elements);
        assert!((3500..3500 + PIECE).contains(&at), "{at}");
    }

    #[test]
    fn the_error_says_how_far_into_the_piece() {
        let html = format!("{}{}", "<p>x</p>".repeat(100), "<div>".repeat(600));
        let (passed, at) = Nesting::new().feed(&html, usize::MAX).unwrap_err();
        assert_eq!(passed, Passed::Open);
        // The 512th `<div>` ends at byte 800 + 2560; pieces are 256 bytes.
        assert!((3360..3360 + PIECE).contains(&at), "{at}");
    }
}
