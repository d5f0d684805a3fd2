//! SVG files of a course, checked before they are published with raw HTML off (Q07, issue 22).
//!
//! An SVG shown with `<img>` runs no script and loads nothing, but the same file opened on its
//! own (a link, a new tab, a guessed URL) is a document of the course's origin: a `<script>` in
//! it can read every learner's progress. So [`check`] reads the file as a browser's XML parser
//! would, with namespaces (quick-xml), and refuses, at its byte offset, anything that can run
//! code or reach another host: script, `foreignObject`, HTML or MathML elements, SVG elements
//! off the painting and structure allow-list, `on…` attributes, links and `url()` that are not
//! `#fragment`s or relative paths of the course, animations of links, style sheets that import
//! or escape, DTD internal subsets (entities, default attributes) and `<?xml-stylesheet?>`.
//! Elements in other namespaces (Inkscape's, RDF metadata) are inert in browsers and pass. A
//! file that passes is published byte for byte: nothing is rewritten.

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

/// Why an SVG is refused, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Byte offset in the file.
    pub offset: usize,
    /// What is there, for the author.
    pub message: String,
}

const SVG: &str = "http://www.w3.org/2000/svg";
const XHTML: &str = "http://www.w3.org/1999/xhtml";
const MATHML: &str = "http://www.w3.org/1998/Math/MathML";

/// SVG 1.1 and 2 elements that draw, group, describe, paint, filter or animate, and the
/// flowed-text elements older Inkscape writes (unknown to browsers, so inert). Not here:
/// `script`, `foreignObject` (holds HTML), `handler`/`listener` (SVG Tiny events), `cursor`
/// and `color-profile` (load other files), and the SVG font elements.
const SVG_ELEMENTS: &str = "\
    a animate animateColor animateMotion animateTransform circle clipPath defs desc ellipse \
    feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting \
    feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR \
    feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset fePointLight \
    feSpecularLighting feSpotLight feTile feTurbulence filter flowDiv flowPara flowRegion \
    flowRoot flowSpan g image line linearGradient marker mask metadata mpath path pattern \
    polygon polyline radialGradient rect set stop style svg switch symbol text textPath title \
    tspan use view";

/// Elements that change another attribute over time, such as a link's target.
const ANIMATIONS: &[&str] = &[
    "animate",
    "animateColor",
    "animateMotion",
    "animateTransform",
    "set",
];

/// Elements whose `href` is drawn as an image, and so may be an embedded raster image.
const IMAGE_ELEMENTS: &[&str] = &["image", "feImage"];

/// Refuses what can run code or reach another host in the SVG `text`; see the module docs.
pub fn check(text: &str) -> Result<(), Refusal> {
    // A place XML readers give may fall inside a character (quick-xml reported an error in a
    // leading BOM at byte 1; found by the `svg` fuzz target): point at the character's start.
    check_xml(text).map_err(|mut r| {
        r.offset = r.offset.min(text.len());
        while !text.is_char_boundary(r.offset) {
            r.offset -= 1;
        }
        r
    })
}

/// [`check`], with places as the XML reader gives them.
fn check_xml(text: &str) -> Result<(), Refusal> {
    // Even in a comment or a CDATA section, where it is inert: no drawing needs it, and a file
    // without it is one any reader can see has no script (the fuzz invariant's first check).
    if let Some(i) = memchr::memmem::find(text.to_ascii_lowercase().as_bytes(), b"<script") {
        return Err(refusal(
            i,
            "`<script`: a script runs when the file is opened (refused even in a comment)".into(),
        ));
    }
    let mut reader = NsReader::from_str(text);
    reader.config_mut().enable_all_checks(true);
    // The text of the `<style>` being read, and where it starts.
    let mut style: Option<(usize, String)> = None;
    loop {
        let at = offset(reader.buffer_position());
        let event = reader.read_event().map_err(|e| Refusal {
            offset: offset(reader.error_position()),
            message: format!("this is not well-formed XML ({e}), so browsers would not show it"),
        })?;
        match event {
            Event::Start(e) => {
                check_element(&reader, text, &e, at)?;
                if is_style(&reader, &e) {
                    style = Some((at, String::new()));
                }
            }
            Event::Empty(e) => check_element(&reader, text, &e, at)?,
            Event::End(_) => {
                if let Some((start, css)) = style.take() {
                    check_css(&css).map_err(|what| refusal(start, format!("`<style>` {what}")))?;
                }
            }
            Event::Text(t) => {
                if let Some((_, css)) = style.as_mut() {
                    css.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some((_, css)) = style.as_mut() {
                    css.push_str(t.as_ref());
                }
            }
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                let known = matches!(&*name, "lt" | "gt" | "amp" | "apos" | "quot")
                    || name.starts_with('#');
                if !known {
                    return Err(refusal(
                        at,
                        format!(
                            "`&{name};` is not an entity XML defines, so browsers would not show the file"
                        ),
                    ));
                }
                if let Some((_, css)) = style.as_mut() {
                    // A character reference can spell `\`, `@` or `(`: keep it visible to the
                    // style check as written.
                    css.push_str(&format!("&{name};"));
                }
            }
            Event::DocType(d) => {
                if d.xml10_content().contains('[') {
                    return Err(refusal(at, "the DOCTYPE declares entities or attributes of its own (an internal subset), which can add event handlers".into()));
                }
            }
            Event::PI(pi) => {
                if pi.target().eq_ignore_ascii_case("xml-stylesheet") {
                    return Err(refusal(at, "`<?xml-stylesheet?>` loads a style sheet or an XSLT program that can write script".into()));
                }
            }
            Event::Decl(decl) => {
                if decl.version().is_ok_and(|v| v != "1.0") {
                    return Err(refusal(
                        at,
                        "only XML 1.0 reads the same in every browser".into(),
                    ));
                }
                if let Some(Ok(encoding)) = decl.encoding() {
                    let encoding = encoding.to_ascii_lowercase();
                    if !matches!(encoding.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii") {
                        return Err(refusal(
                            at,
                            format!(
                                "the file says it is in `{encoding}`; a browser would read other characters than were checked here"
                            ),
                        ));
                    }
                }
            }
            Event::Comment(_) => {}
            Event::Eof => return Ok(()),
        }
    }
}

/// Whether `e` is a style sheet: `<style>` in SVG or in no namespace (elsewhere it is inert,
/// or refused as HTML).
fn is_style(reader: &NsReader<&[u8]>, e: &BytesStart) -> bool {
    let (ns, local) = reader.resolver().resolve_element(e.name());
    local.as_ref() == "style"
        && match ns {
            ResolveResult::Bound(ns) => ns.as_ref() == SVG,
            ResolveResult::Unbound => true,
            ResolveResult::Unknown(_) => false,
        }
}

/// Checks one element and its attributes; `at` is where its tag starts.
fn check_element(
    reader: &NsReader<&[u8]>,
    text: &str,
    e: &BytesStart,
    at: usize,
) -> Result<(), Refusal> {
    let (ns, local) = reader.resolver().resolve_element(e.name());
    let local = local.as_ref();
    let name = e.name().as_ref().to_owned();
    // Whatever its namespace: a script is a script to someone.
    if local.eq_ignore_ascii_case("script") || local.eq_ignore_ascii_case("foreignObject") {
        return Err(refusal(
            at,
            format!("`<{name}>` can run code when the file is opened"),
        ));
    }
    match ns {
        ResolveResult::Bound(ns) if ns.as_ref() == XHTML || ns.as_ref() == MATHML => {
            return Err(refusal(
                at,
                format!(
                    "`<{name}>` is HTML or MathML, which runs as a page when the file is opened"
                ),
            ));
        }
        ResolveResult::Bound(ns)
            if ns.as_ref() == SVG && !SVG_ELEMENTS.split_whitespace().any(|n| n == local) =>
        {
            return Err(refusal(
                at,
                format!("`<{name}>` is not one of the SVG elements that draw, group or describe"),
            ));
        }
        ResolveResult::Unknown(prefix) => {
            return Err(refusal(
                at,
                format!(
                    "the prefix `{prefix}` of `<{name}>` is not declared, so browsers would not show the file"
                ),
            ));
        }
        _ => {}
    }
    let is_svg = matches!(&ns, ResolveResult::Bound(n) if n.as_ref() == SVG);
    let animation = is_svg && ANIMATIONS.contains(&local);
    let image = is_svg && IMAGE_ELEMENTS.contains(&local);
    for attr in e.attributes() {
        let attr = attr.map_err(|err| {
            refusal(
                at,
                format!("`<{name}>` has a malformed attribute ({err}), so browsers would not show the file"),
            )
        })?;
        let key = attr.key.as_ref();
        let here = text_offset(text, key).unwrap_or(at);
        if key == "xmlns" || key.starts_with("xmlns:") {
            continue;
        }
        // Normalised as an XML 1.0 parser does: references decoded, line breaks made spaces.
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|err| {
                refusal(
                    here,
                    format!("`{key}` holds an entity XML does not define ({err})"),
                )
            })?;
        let (_, attr_local) = reader.resolver().resolve_attribute(attr.key);
        let attr_local = attr_local.as_ref();
        let bad = |what: String| Err(refusal(here, format!("`{key}` on `<{name}>` {what}")));
        let on = attr_local
            .get(..2)
            .is_some_and(|p| p.eq_ignore_ascii_case("on"));
        if on && attr_local.len() > 2 {
            return bad("is an event handler, which runs code".into());
        }
        if attr_local == "base" {
            return bad("changes where every link of the file points".into());
        }
        if attr_local.eq_ignore_ascii_case("href") {
            let raster = image && is_raster_data(&value);
            if !raster && let Err(why) = check_url(&value) {
                return bad(format!("links to `{}`: {why}", shorten(&value)));
            }
        }
        if (attr_local == "style" || value.to_ascii_lowercase().contains("url("))
            && let Err(why) = check_css(&value)
        {
            return bad(why);
        }
        if animation {
            let target = attr_local == "attributeName"
                && (value.to_ascii_lowercase().ends_with("href")
                    || value.to_ascii_lowercase().starts_with("on"));
            if target {
                return bad("animates a link or an event handler".into());
            }
            if matches!(attr_local, "to" | "from" | "by" | "values")
                && value.split(';').any(|v| super::url_scheme(v).is_some())
            {
                return bad(format!("sets a URL (`{}`) over time", shorten(&value)));
            }
        }
    }
    Ok(())
}

/// Whether `value` is an embedded PNG, JPEG, GIF or WebP image (`data:image/png;base64,…`),
/// which an `<image>` shows and never runs.
fn is_raster_data(value: &str) -> bool {
    let v: String = value
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .take(32)
        .collect::<String>()
        .to_ascii_lowercase();
    ["png", "jpeg", "jpg", "gif", "webp"].iter().any(|t| {
        v.starts_with(&format!("data:image/{t};")) || v.starts_with(&format!("data:image/{t},"))
    })
}

/// A link or `url()` target may be a `#fragment` of this file or a relative path to another
/// file of the course: no scheme (`javascript:`, `https:`, `data:`), no `//host`, nothing from
/// the root of the server.
fn check_url(value: &str) -> Result<(), String> {
    // What a browser's URL parser sees, and more: it drops tabs and newlines, and leading and
    // trailing spaces; all spaces and controls are dropped here, so nothing is hidden by them.
    let v: String = value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    if let Some(scheme) = super::url_scheme(&v) {
        return Err(format!(
            "a `{scheme}:` address runs code or reaches another site"
        ));
    }
    if v.starts_with('/') || v.starts_with('\\') {
        return Err("an address from the root of the server (or another host, with `//`); write a path relative to this file".into());
    }
    Ok(())
}

/// Style text (a `style` attribute, a `<style>` element, a presentation attribute holding
/// `url()`) may not import, run (`expression(`, bindings), escape (`\`, which can spell any of
/// these), or load anything but fragments and relative paths of the course.
fn check_css(css: &str) -> Result<(), String> {
    let lower = css.to_ascii_lowercase();
    for (bad, why) in [
        ("@import", "imports another style sheet"),
        ("expression(", "runs code (`expression(`)"),
        ("-moz-binding", "runs code (`-moz-binding`)"),
        (
            "image-set(",
            "loads images (`image-set(`); use `url(#…)` or a relative path",
        ),
        (
            "\\",
            "holds a `\\` escape, which can spell `url` or `@import` unseen",
        ),
        (
            "&#",
            "holds a character reference, which can spell `url` or `@import` unseen",
        ),
    ] {
        if lower.contains(bad) {
            return Err(why.into());
        }
    }
    let mut rest = lower.as_str();
    while let Some(i) = rest.find("url(") {
        rest = &rest[i + 4..];
        let end = rest.find(')').unwrap_or(rest.len());
        let target = rest[..end].trim().trim_matches(['"', '\'']);
        if !is_raster_data(target) {
            check_url(target).map_err(|why| format!("loads `{}`: {why}", shorten(target)))?;
        }
    }
    Ok(())
}

fn refusal(offset: usize, message: String) -> Refusal {
    Refusal { offset, message }
}

/// A reader position as a byte offset (files are read whole, so it fits).
fn offset(position: u64) -> usize {
    usize::try_from(position).unwrap_or(usize::MAX)
}

/// Where `part` (a slice of `text`) starts in `text`.
fn text_offset(text: &str, part: &str) -> Option<usize> {
    let start = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    (start + part.len() <= text.len()).then_some(start)
}

/// At most 60 characters of `s`, for a message.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An SVG root with the usual namespaces, around `body`.
    fn svg(body: &str) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 10 10\">\n{body}\n</svg>\n"
        )
    }

    #[test]
    fn drawings_pass() {
        let inkscape = r##"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg width="210mm" height="297mm" viewBox="0 0 210 297" version="1.1" id="svg8"
   inkscape:version="1.1 (c68e22c387, 2021-05-23)" sodipodi:docname="funnel.svg"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns="http://www.w3.org/2000/svg" xmlns:svg="http://www.w3.org/2000/svg"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cc="http://creativecommons.org/ns#"
   xmlns:dc="http://purl.org/dc/elements/1.1/">
  <defs id="defs2"><linearGradient id="g1"><stop offset="0" style="stop-color:#ff0000;stop-opacity:1"/></linearGradient>
    <marker id="arrow" orient="auto"><path d="M 0,0 5,5" style="fill:context-stroke"/></marker></defs>
  <sodipodi:namedview id="base" pagecolor="#ffffff" inkscape:zoom="0.35"/>
  <metadata><rdf:RDF><cc:Work rdf:about=""><dc:format>image/svg+xml</dc:format>
    <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/></cc:Work></rdf:RDF></metadata>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1">
    <rect style="fill:url(#g1);stroke:#000000;marker-end:url(#arrow)" width="50" height="20" x="10" y="10"/>
    <text xml:space="preserve" style="font-family:'DejaVu Sans';font-size:8px"><tspan x="12" y="22">Ask &amp; listen &#8212; &#x2713;</tspan></text>
    <use xlink:href="#layer1" x="5"/><a href="../lesson.html#step-2"><circle r="3"/></a>
    <image href="photo.png" width="5" height="5"/>
    <image xlink:href="data:image/png;base64,iVBORw0KGgo=" width="5" height="5"/>
  </g>
  <style><![CDATA[ rect { fill: url("#g1"); } ]]></style>
  <animate attributeName="opacity" values="0;1" dur="2s"/>
</svg>
"##;
        assert_eq!(check(inkscape), Ok(()));
    }

    #[test]
    fn what_runs_or_reaches_out_is_refused_where_it_is() {
        let cases: &[(&str, &str)] = &[
            ("<script>alert(1)</script>", "`<script`: a script runs"),
            ("<!-- <SCRIPT> -->", "`<script`: a script runs"),
            (
                "<x:script xmlns:x=\"http://www.w3.org/2000/svg\">a</x:script>",
                "`<x:script>` can run code",
            ),
            (
                "<g onload=\"alert(1)\"/>",
                "`onload` on `<g>` is an event handler",
            ),
            (
                "<g xlink:ONclick=\"x\"/>",
                "`xlink:ONclick` on `<g>` is an event handler",
            ),
            (
                "<foreignObject><div/></foreignObject>",
                "`<foreignObject>` can run code",
            ),
            (
                "<h:p xmlns:h=\"http://www.w3.org/1999/xhtml\">x</h:p>",
                "`<h:p>` is HTML or MathML",
            ),
            (
                "<math xmlns=\"http://www.w3.org/1998/Math/MathML\"/>",
                "`<math>` is HTML or MathML",
            ),
            ("<iframe/>", "`<iframe>` is not one of the SVG elements"),
            (
                "<a xlink:href=\"javascript:alert(1)\"><text>x</text></a>",
                "`xlink:href` on `<a>` links to `javascript:alert(1)`: a `javascript:` address",
            ),
            (
                "<a href=\" jav&#x09;ascript:alert(1)\">x</a>",
                "links to ` jav\tascript:alert(1)`: a `javascript:` address",
            ),
            (
                "<use href=\"https://evil.example/x.svg#a\"/>",
                "a `https:` address runs code or reaches another site",
            ),
            (
                "<use href=\"//evil.example/x.svg#a\"/>",
                "an address from the root of the server",
            ),
            (
                "<image href=\"data:image/svg+xml,&lt;svg/&gt;\"/>",
                "a `data:` address",
            ),
            (
                "<a href=\"data:image/png;base64,AAAA\">x</a>",
                "a `data:` address",
            ),
            (
                "<animate attributeName=\"href\" to=\"#x\"/>",
                "animates a link",
            ),
            (
                "<set attributeName=\"xlink:href\" to=\"#x\"/>",
                "animates a link",
            ),
            (
                "<animate attributeName=\"x\" values=\"0;javascript:alert(1)\"/>",
                "sets a URL",
            ),
            (
                "<rect fill=\"url(https://evil.example/p.svg#g)\"/>",
                "loads `https://evil.example/p.svg#g`",
            ),
            (
                "<rect style=\"fill:u\\72l(https://e.example/)\"/>",
                "holds a `\\` escape",
            ),
            (
                "<style>@import 'https://e.example/a.css';</style>",
                "`<style>` imports another style sheet",
            ),
            (
                "<style>rect { width: expression(alert(1)) }</style>",
                "`<style>` runs code (`expression(`)",
            ),
            (
                "<g xml:base=\"https://e.example/\"><image href=\"a.png\"/></g>",
                "`xml:base` on `<g>` changes where every link",
            ),
            ("<text>&ent;</text>", "`&ent;` is not an entity XML defines"),
            ("<g><rect></g>", "not well-formed XML"),
            ("<q:g/>", "the prefix `q` of `<q:g>` is not declared"),
        ];
        for (body, expected) in cases {
            let text = svg(body);
            let refusal = check(&text).expect_err(body);
            assert!(
                refusal.message.contains(expected),
                "{body}: {}",
                refusal.message
            );
            // Every refusal points into the body line (line 2), not at the root.
            let line = text[..refusal.offset].matches('\n').count() + 1;
            assert_eq!(line, 2, "{body}: at {}", refusal.offset);
        }
    }

    #[test]
    fn doctype_subsets_stylesheets_and_other_encodings_are_refused() {
        for (text, expected, line) in [
            (
                "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY x \"&#60;script&#62;\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\">&x;</svg>",
                "internal subset",
                2,
            ),
            (
                "<!DOCTYPE svg [<!ATTLIST svg onload CDATA \"alert(1)\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
                "internal subset",
                1,
            ),
            (
                "<?xml-stylesheet type=\"text/xsl\" href=\"x.xsl\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
                "`<?xml-stylesheet?>`",
                1,
            ),
            (
                "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
                "`utf-16`",
                1,
            ),
        ] {
            let refusal = check(text).expect_err(text);
            assert!(
                refusal.message.contains(expected),
                "{text}: {}",
                refusal.message
            );
            assert_eq!(
                text[..refusal.offset].matches('\n').count() + 1,
                line,
                "{text}"
            );
        }
    }

    #[test]
    fn attribute_names_that_start_with_a_wide_character_pass() {
        // Found by the `svg` fuzz target: `"\u{feff}a"` was cut at byte 2, inside the character.
        for name in ["\u{feff}a", "é", "ön", "дон"] {
            assert_eq!(check(&svg(&format!("<g {name}=\"1\"/>"))), Ok(()), "{name}");
        }
    }

    #[test]
    fn a_refusal_after_a_bom_points_at_a_character() {
        // Found by the `svg` fuzz target: quick-xml placed this error at byte 1, inside the BOM.
        let text = "\u{feff}\n<s/2/g=\"http:<rect wight=\"url(05\" l3f#=li\"6c\"/></sv\u{1}t\n";
        let refusal = check(text).unwrap_err();
        assert!(text.is_char_boundary(refusal.offset), "{}", refusal.offset);
    }

    #[test]
    fn the_place_of_an_attribute_is_the_attribute() {
        let text = svg("<g id=\"a\"\n   onclick=\"x\"/>");
        let refusal = check(&text).unwrap_err();
        assert_eq!(&text[refusal.offset..refusal.offset + 7], "onclick");
    }
}
