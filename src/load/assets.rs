//! Asset files a browser would run as a page of the course (Q07, issue 22).
//!
//! Every file under `content/` that is not a page is copied into the site as it is. Most are
//! inert (images, PDFs, zips), but an HTML, XHTML or XML file, or an SVG, opened in the browser
//! is a document of the course's origin: its script can read every learner's progress, which
//! `allow_raw_html = false` promises it cannot. So with raw HTML off, [`check_asset`] refuses
//! the kinds that are pages, and reads each SVG through an SVG-aware allow-list
//! ([`crate::sanitize::svg`]), since SVG diagrams are common and almost always inert. With
//! `allow_raw_html = true` every asset is copied as before.

use std::path::Path;

use crate::config::Config;
use crate::diag::{Diagnostic, LineIndex};

/// Extensions (lower case) that browsers open as documents able to run script: HTML, XHTML,
/// saved web pages, and XML, which an `<?xml-stylesheet?>` turns into HTML. Compressed SVG
/// (`.svgz`) is among them: it cannot be checked without inflating it.
const PAGES: &[&str] = &[
    "htm", "html", "shtml", "xht", "xhtml", "mht", "mhtml", "xml", "xsl", "xslt", "xsd", "rss",
    "atom", "svgz",
];

/// Refuses an asset that would run as a page of the course, with raw HTML off; see the module
/// docs. Checks read the file (SVG only), within `max_file_bytes`.
pub fn check_asset(path: &Path, config: &Config) -> Result<(), Diagnostic> {
    if config.allow_raw_html {
        return Ok(());
    }
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if PAGES.contains(&extension.as_str()) {
        return Err(Diagnostic::file_error(
            path,
            format!("`{name}` would be published as a page of the course, whose script could read every learner's progress"),
        )
        .with_help(help(
            "link to it on another site, put it in a zip, or turn it into a lesson",
        )));
    }
    if extension == "svg" {
        let text = crate::load::read_source_within(path, config.limits.max_file_bytes)?;
        if let Err(refusal) = crate::sanitize::svg::check(&text) {
            let (line, col) = LineIndex::new(&text).line_col(refusal.offset);
            return Err(Diagnostic::error_at(
                path,
                &text,
                line,
                col,
                format!(
                    "{}; an SVG opened on its own runs as a page of the course",
                    refusal.message
                ),
            )
            .with_help(help(
                "remove what is named here, or export the drawing as a PNG",
            )));
        }
    }
    Ok(())
}

/// The help of both refusals: what to do first, then the setting.
fn help(first: &str) -> String {
    format!(
        "{first}; or, if every author is trusted, set allow_raw_html = true in site.toml, which publishes such files as they are"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(allow_raw_html: bool) -> Config {
        let text = format!("title = \"T\"\nallow_raw_html = {allow_raw_html}\n");
        let path = Path::new("site.toml");
        let raw = crate::config::parse_str(&text, path).unwrap();
        Config::from_raw(raw, Path::new("."), path, &text).unwrap()
    }

    #[test]
    fn pages_are_refused_by_extension_in_any_case() {
        for name in [
            "a.html", "b.HTM", "c.xhtml", "d.xml", "e.xsl", "f.mhtml", "g.svgz",
        ] {
            let d = check_asset(Path::new(name), &config(false)).unwrap_err();
            assert!(
                d.message.contains("would be published as a page"),
                "{name}: {d}"
            );
            assert!(
                check_asset(Path::new(name), &config(true)).is_ok(),
                "{name}"
            );
        }
        for name in ["a.png", "b.pdf", "c.zip", "notes", "d.html.txt"] {
            assert!(
                check_asset(Path::new(name), &config(false)).is_ok(),
                "{name}"
            );
        }
    }
}
