//! The readable text of rendered HTML, for the index and for result snippets: tags dropped (a
//! block element or a line break separates words), entities decoded, white space collapsed, the
//! content of `script`, `style` and `template` left out. Headings with an `id` start a section,
//! so a result can link to the part of the page its snippet comes from.

/// Plain text built from pieces of HTML and text, with its sections.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Plain {
    /// The text, white space collapsed to single spaces.
    pub text: String,
    /// Sections: where each starts in `text` (in UTF-16 code units, as JavaScript counts) and the
    /// heading's `id`.
    pub sections: Vec<(usize, String)>,
    /// Length of `text` in UTF-16 code units.
    units: usize,
    /// A space is due before the next character.
    space: bool,
    /// A space was due when the first piece of text came (see [`Plain::append`]).
    lead: bool,
}

/// Printable ASCII but the space (`!` to `~`): a table, since every character of a course is
/// looked up in it.
const PRINTABLE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = b'!';
    while b <= b'~' {
        table[b as usize] = true;
        b += 1;
    }
    table
};

/// Elements whose content is not text a reader sees.
fn is_skipped(name: &[u8]) -> bool {
    matches!(name, b"script" | b"style" | b"template" | b"noscript")
}

/// Elements that separate words (the rest, like `em` or `a`, may sit inside a word).
fn is_break(name: &[u8]) -> bool {
    matches!(
        name,
        b"address"
            | b"article"
            | b"aside"
            | b"blockquote"
            | b"br"
            | b"caption"
            | b"dd"
            | b"details"
            | b"div"
            | b"dl"
            | b"dt"
            | b"figcaption"
            | b"figure"
            | b"footer"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"header"
            | b"hr"
            | b"li"
            | b"ol"
            | b"p"
            | b"pre"
            | b"section"
            | b"summary"
            | b"sup"
            | b"sub"
            | b"table"
            | b"td"
            | b"th"
            | b"tr"
            | b"ul"
    )
}

impl Plain {
    /// Empty, with room for about `bytes` of text.
    pub fn with_capacity(bytes: usize) -> Self {
        Plain {
            text: String::with_capacity(bytes),
            ..Plain::default()
        }
    }

    /// The length of the text in UTF-16 code units.
    pub fn units(&self) -> usize {
        self.units
    }

    /// Separates what comes next from what came before.
    pub fn space(&mut self) {
        self.space = true;
    }

    /// Appends plain text (white space collapsed), as a separate block.
    pub fn push_block(&mut self, text: &str) {
        self.space();
        self.push_text(text);
        self.space();
    }

    /// Appends plain text, collapsing white space. Text between single spaces is copied in one
    /// piece (this runs over every character of a course).
    pub fn push_text(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let n = bytes.len();
        let (mut seg, mut units, mut i) = (0, 0, 0);
        while i < n {
            // Fast path: a run of printable ASCII but the space, one UTF-16 unit a byte.
            let run_start = i;
            while i < n && PRINTABLE[usize::from(bytes[i])] {
                i += 1;
            }
            if i > run_start {
                units += i - run_start;
                continue;
            }
            let b = bytes[i];
            let space = match b {
                b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => 1,
                // Lead bytes of the other white space characters (U+0085, U+00A0, U+1680,
                // U+2000 to U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
                0xc2 | 0xe1 | 0xe2 | 0xe3 => match text[i..].chars().next() {
                    Some(c) if c.is_whitespace() => c.len_utf8(),
                    _ => 0,
                },
                _ => 0,
            };
            if space == 0 {
                // UTF-16 units: one per character, two for one outside the BMP.
                units += usize::from(b & 0xc0 != 0x80) + usize::from(b >= 0xf0);
                i += 1;
                continue;
            }
            // A single space between two pieces of text stays in the piece.
            if b == b' '
                && i > seg
                && bytes.get(i + 1).is_some_and(|&next| {
                    !matches!(
                        next,
                        b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0xc2 | 0xe1 | 0xe2 | 0xe3
                    )
                })
            {
                units += 1;
                i += 1;
                continue;
            }
            self.push_piece(&text[seg..i], units);
            self.space = true;
            i += space;
            (seg, units) = (i, 0);
        }
        self.push_piece(&text[seg..], units);
    }

    /// Appends text without white space at either end, of `units` UTF-16 units.
    fn push_piece(&mut self, piece: &str, units: usize) {
        if piece.is_empty() {
            return;
        }
        if self.text.is_empty() {
            self.lead = self.space;
        } else if self.space {
            self.text.push(' ');
            self.units += 1;
        }
        self.space = false;
        self.text.push_str(piece);
        self.units += units;
    }

    /// Starts a section: a break, then the heading's `id` where the next text starts.
    pub fn section(&mut self, id: String) {
        self.space();
        let at = self.units + usize::from(!self.text.is_empty());
        self.sections.push((at, id));
    }

    /// Appends `other` as if what made it had been pushed here: the same text, spaces and
    /// sections (`markdown::render` reads a body's text from its events once, and the index
    /// appends it to a page's other texts).
    pub fn append(&mut self, other: &Plain) {
        // A section starts with a break, so text-less `other` with sections has `space` set.
        let pending = self.space || other.lead || (other.text.is_empty() && other.space);
        let gap = usize::from(pending && !self.text.is_empty());
        let base = self.units + gap;
        self.sections.extend(
            other
                .sections
                .iter()
                .map(|(at, id)| (base + at, id.clone())),
        );
        if other.text.is_empty() {
            self.space = pending;
            return;
        }
        if gap == 1 {
            self.text.push(' ');
            self.units += 1;
        } else if self.text.is_empty() {
            self.lead = pending;
        }
        self.text.push_str(&other.text);
        self.units += other.units;
        self.space = other.space;
    }

    /// Appends the text of an HTML fragment.
    pub fn push_html(&mut self, html: &str) {
        let mut rest = html;
        while let Some(lt) = rest.find('<') {
            self.push_text(&decode(&rest[..lt]));
            rest = &rest[lt..];
            if let Some(comment) = rest.strip_prefix("<!--") {
                rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
                continue;
            }
            let before = rest;
            let end = tag_end(before);
            let inner_end = if before[..end].ends_with('>') {
                end - 1
            } else {
                end
            };
            let tag = &before[1..inner_end.max(1)];
            let closing = tag.starts_with('/');
            let mut buf = [0u8; 16];
            let mut len = 0;
            for b in tag.trim_start_matches('/').bytes() {
                if !b.is_ascii_alphanumeric() || len == buf.len() {
                    break;
                }
                buf[len] = b.to_ascii_lowercase();
                len += 1;
            }
            let name = &buf[..len];
            if !name.first().is_some_and(u8::is_ascii_alphabetic) {
                // A `<` that starts no tag: text.
                self.push_text("<");
                rest = &before[1..];
                continue;
            }
            rest = &before[end..];
            if !closing && is_skipped(name) {
                rest = skip_element(rest, std::str::from_utf8(name).expect("ASCII"));
                continue;
            }
            if is_break(name) {
                self.space();
            }
            if !closing
                && name.len() == 2
                && name[0] == b'h'
                && (b'1'..=b'6').contains(&name[1])
                && let Some(id) = attribute(tag, "id")
            {
                self.section(decode(&id).into_owned());
            }
        }
        self.push_text(&decode(rest));
    }

    /// Cuts the text to at most `max` UTF-16 code units, at a space when there is one near the
    /// end, and drops the sections that start after it.
    pub fn truncate(&mut self, max: usize) {
        if self.units <= max {
            return;
        }
        let mut units = 0;
        let mut cut = self.text.len();
        for (i, c) in self.text.char_indices() {
            if units + c.len_utf16() > max {
                cut = i;
                break;
            }
            units += c.len_utf16();
        }
        if let Some(space) = self.text[..cut].rfind(' ')
            && cut - space <= 80
        {
            cut = space;
        }
        self.text.truncate(cut);
        self.units = self.text.encode_utf16().count();
        let units = self.units;
        self.sections.retain(|(at, _)| *at < units);
    }
}

/// The byte index just after the `>` that ends the tag starting `s` (quotes respected), or the
/// end of `s`.
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, b) in s.bytes().enumerate().skip(1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// What follows the end tag of `name` (case-insensitive), or nothing if it is never closed.
fn skip_element<'a>(s: &'a str, name: &str) -> &'a str {
    let close = format!("</{name}");
    let lower = s.to_ascii_lowercase();
    match lower.find(&close) {
        Some(i) => &s[i + tag_end(&s[i..])..],
        None => "",
    }
}

/// The value of attribute `name` in the inside of a start tag (`h2 id="x" class=y`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let bytes = tag.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // The next attribute name starts after white space.
        if !bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while i < bytes.len()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
            && !bytes[i].is_ascii_whitespace()
        {
            i += 1;
        }
        let key = &tag[start..i];
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            let value = match bytes.get(i) {
                Some(q @ (b'"' | b'\'')) => {
                    let end = tag[i + 1..]
                        .find(*q as char)
                        .map_or(tag.len(), |e| i + 1 + e);
                    let v = &tag[i + 1..end];
                    i = end + 1;
                    v
                }
                _ => {
                    let start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    &tag[start..i]
                }
            };
            if key.eq_ignore_ascii_case(name) {
                return Some(value.to_owned());
            }
        }
    }
    None
}

/// Decodes character references: numeric ones and the named ones Markdown and the sanitizer
/// write (an unknown name is left as written).
pub fn decode(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Bytes, not a `str` slice: the 12th byte may be inside a character.
        let semi = rest.as_bytes()[..rest.len().min(12)]
            .iter()
            .position(|&b| b == b';');
        let decoded = semi.and_then(|semi| {
            let name = &rest[1..semi];
            let c = if let Some(num) = name.strip_prefix('#') {
                let n = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse().ok(),
                };
                n.and_then(char::from_u32)
            } else {
                named(name)
            };
            c.map(|c| (c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.into()
}

fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "times" => '×',
        "eacute" => 'é',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(html: &str) -> Plain {
        let mut p = Plain::default();
        p.push_html(html);
        p
    }

    #[test]
    fn text_of_html() {
        let p = plain(
            "<h2 id=\"why\">Why <em>care</em>?</h2>\n<p>Tom &amp; Jerry&#39;s <a href=\"x\">l</a>ink&nbsp;&#x263A;</p><ul><li>one</li><li>two</li></ul>",
        );
        assert_eq!(p.text, "Why care? Tom & Jerry's link ☺ one two");
        assert_eq!(p.sections, [(0, "why".to_owned())]);
    }

    #[test]
    fn scripts_comments_and_inputs_are_not_text() {
        let p = plain(
            "<p>a<script>var x = '<p>';</script>b</p><!-- hidden --><style>p{}</style><input type=\"checkbox\" disabled> c <TEMPLATE>t</template>",
        );
        assert_eq!(p.text, "ab c");
    }

    #[test]
    fn sections_count_utf16_units() {
        let p = plain("<p>😀 é</p><h3 class=\"x\" id='later'>Later</h3><p>x</p>");
        // "😀 é " is 2 + 1 + 1 + 1 units.
        assert_eq!(p.sections, [(5, "later".to_owned())]);
        assert_eq!(&p.text[p.text.find("Later").unwrap()..], "Later x");
    }

    #[test]
    fn white_space_collapses_and_units_are_counted() {
        let cases = [
            "  a  b\tc\n\nd ",
            "x\u{a0}y\u{2003}z\u{3000}w",
            "é ü 😀 𝄞 日本 ©\u{85}®",
            " one two  three\r\nfour",
            "",
            "   ",
            "\u{a0}\u{a0}word\u{a0}",
        ];
        for text in cases {
            let mut p = Plain::default();
            p.push_text("start");
            p.push_text(text);
            p.push_text("end");
            let want = format!("start{text}end")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            // Text glued to "start"/"end" when `text` has no white space at its ends.
            let mut glued = String::from("start");
            glued.push_str(text);
            glued.push_str("end");
            let want_glued = glued.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(p.text, want_glued, "{text:?}");
            assert_eq!(want, want_glued);
            assert_eq!(p.units(), p.text.encode_utf16().count(), "{text:?}");
        }
    }

    #[test]
    fn a_reference_cut_inside_a_character_is_left_as_written() {
        // The `;` is looked for in the next 12 bytes, and the 12th byte here is inside U+2028:
        // this panicked, found by the browser's XSS payloads in a quiz prompt.
        assert_eq!(decode("&gt;--&gt;  \u{2028}x"), ">-->  \u{2028}x");
        assert_eq!(decode("&amp123456789\u{e9}"), "&amp123456789\u{e9}");
    }

    proptest::proptest! {
        #[test]
        fn any_text_or_html_is_read_without_panicking(
            html in "([<>&;#x/a-z =\"'1-9]|\u{2028}|\u{e9}|\u{1f600}|&gt;|&#x41;|<p>|</h2>|<h2 id=\"a\">){0,40}"
        ) {
            let p = plain(&html);
            proptest::prop_assert_eq!(p.units(), p.text.encode_utf16().count());
            // A heading with nothing after it starts just past the end (after its space).
            proptest::prop_assert!(p.sections.iter().all(|(at, _)| *at <= p.units() + 1));
            proptest::prop_assert!(p.sections.windows(2).all(|w| w[0].0 <= w[1].0));
        }
    }

    #[test]
    fn a_lone_angle_bracket_is_text() {
        assert_eq!(plain("1 < 2 &unknown; &").text, "1 < 2 &unknown; &");
    }

    #[test]
    fn truncates_at_a_space() {
        let mut p = plain("<h2 id=\"a\">aaaa</h2><p>bbbb cccc</p><h2 id=\"d\">dddd</h2>");
        p.truncate(12);
        assert_eq!(p.text, "aaaa bbbb");
        assert_eq!(p.sections, [(0, "a".to_owned())]);
    }
}
