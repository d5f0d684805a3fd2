//! The built site as files: every page passes the W3C Nu HTML Checker (vnu-jar from npm, run with
//! the machine's Java), and every internal link and asset reference of every page resolves to a
//! file of the site, including `#fragment` targets.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;

use crate::harness::{Browser, BuiltSite, file_url};
use crate::judges;
use crate::page::*;

pub(crate) fn vnu_jar() -> PathBuf {
    let jar = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        jar.is_file(),
        "{} is missing: the HTML check needs the npm package vnu-jar; run scripts/test (it runs \
         `npm ci` when node_modules is missing or stale)",
        jar.display()
    );
    jar
}

/// Runs the Nu HTML Checker on `paths` (pages, or folders of them, with their style sheets):
/// errors only, `--verbose` naming each file checked on stdout, messages on stderr (gnu format).
pub(crate) fn run_vnu(paths: &[&Path]) -> std::process::Output {
    Command::new("java")
        .arg("-jar")
        .arg(vnu_jar())
        .args([
            "--errors-only",
            "--skip-non-html",
            "--also-check-css",
            "--verbose",
        ])
        .args(["--format", "gnu"])
        .args(paths)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run `java` ({e}): the HTML check runs the Nu HTML Checker with Java 17 or \
                 newer; run scripts/test, which installs a Java runtime when there is none"
            )
        })
}

#[test]
fn every_page_passes_the_nu_html_checker() {
    let site = BuiltSite::build();
    let pages = site.pages();
    // The judge itself works: a page with known errors, checked in the same run, is reported.
    let planted = tempfile::tempdir().expect("temporary folder");
    let bad = planted.path().join("planted.html");
    std::fs::write(
        &bad,
        "<!doctype html><html lang=en><title>x</title><p><div>x</p>",
    )
    .expect("write a bad page");
    let out = run_vnu(&[site.dir(), &bad]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("planted.html") && stderr.contains("planted.html"),
        "the Nu HTML Checker did not run properly ({}):\n{stdout}\n{stderr}",
        out.status
    );
    // --verbose names each file checked (on stdout); messages go to stderr.
    let checked: BTreeSet<String> = stdout
        .lines()
        .filter_map(|l| Path::new(l.trim()).strip_prefix(site.dir()).ok())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("error") && !l.contains("planted.html"))
        .collect();
    let html_checked = checked.iter().filter(|p| p.ends_with(".html")).count();
    judges::note(
        "nu-html-checker",
        &format!(
            "Nu HTML Checker (vnu-jar {}): {html_checked} pages and {} stylesheets checked, {} errors\n{}\n",
            vnu_version(),
            checked.iter().filter(|p| p.ends_with(".css")).count(),
            errors.len(),
            errors.join("\n")
        ),
    );
    assert!(
        errors.is_empty(),
        "the Nu HTML Checker found errors in the built site:\n{}",
        errors.join("\n")
    );
    let expected: BTreeSet<String> = pages.into_iter().collect();
    let checked_pages: BTreeSet<String> = checked
        .into_iter()
        .filter(|p| p.ends_with(".html"))
        .collect();
    assert_eq!(checked_pages, expected, "pages the checker looked at");
    // The page beside the course, for managers and coaches, is among them (issue 18).
    assert!(
        checked_pages.contains("for-managers.html"),
        "{checked_pages:?}"
    );
}

fn vnu_version() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/vnu-jar/package.json");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v["version"].as_str().map(String::from))
        .unwrap_or_default()
}

/// Parses a page's HTML with the browser's own parser (DOMParser: no script runs, nothing loads)
/// and returns its ids and every URL it refers to, resolved against the page's URL.
const REFERENCES: &str = r#"
const [html, pageUrl] = arguments;
const doc = new DOMParser().parseFromString(html, "text/html");
const attrs = [
  ["a", "href"], ["area", "href"], ["link", "href"], ["script", "src"], ["img", "src"],
  ["source", "src"], ["video", "src"], ["video", "poster"], ["audio", "src"], ["track", "src"],
  ["iframe", "src"], ["embed", "src"], ["object", "data"], ["form", "action"], ["use", "href"],
];
const refs = [];
for (const [tag, attr] of attrs) {
  for (const el of doc.querySelectorAll(tag + "[" + attr + "]")) {
    refs.push({ what: "<" + tag + " " + attr + '="' + el.getAttribute(attr) + '">', url: new URL(el.getAttribute(attr), pageUrl).href });
  }
}
for (const el of doc.querySelectorAll("img[srcset], source[srcset]")) {
  for (const part of el.getAttribute("srcset").split(",")) {
    const u = part.trim().split(/\s+/)[0];
    if (u) refs.push({ what: "srcset " + u, url: new URL(u, pageUrl).href });
  }
}
for (const el of doc.querySelectorAll("[style]")) {
  for (const m of el.getAttribute("style").matchAll(/url\(\s*['"]?([^'")]+)/g)) {
    refs.push({ what: "style url(" + m[1] + ")", url: new URL(m[1], pageUrl).href });
  }
}
return { ids: [...doc.querySelectorAll("[id]")].map(e => e.id).concat([...doc.querySelectorAll("a[name]")].map(a => a.name)), refs };
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_internal_link_and_fragment_resolves() {
    let site = BuiltSite::build();
    let root_url = format!("{}/", file_url(site.dir(), "").trim_end_matches('/'));
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &site.file_url("index.html")).await;

    // Every page's ids, and every reference: (page, what, resolved URL).
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut refs: Vec<(String, String, String)> = Vec::new();
    for page in site.pages() {
        let html = std::fs::read_to_string(site.dir().join(&page)).expect("read page");
        let found = c
            .execute(REFERENCES, vec![json!(html), json!(site.file_url(&page))])
            .await
            .expect("parse the page");
        let page_ids = found["ids"].as_array().expect("ids");
        ids.insert(
            page.clone(),
            page_ids
                .iter()
                .map(|i| i.as_str().unwrap().to_string())
                .collect(),
        );
        for r in found["refs"].as_array().expect("refs") {
            refs.push((
                page.clone(),
                r["what"].as_str().unwrap().to_string(),
                r["url"].as_str().unwrap().to_string(),
            ));
        }
    }
    // Stylesheets' url(…) references (fonts, images), resolved against the stylesheet.
    for css in walk(site.dir()).into_iter().filter(|p| p.ends_with(".css")) {
        let text = std::fs::read_to_string(site.dir().join(&css)).expect("read stylesheet");
        let base = url::Url::parse(&site.file_url(&css)).expect("stylesheet URL");
        for part in text.split("url(").skip(1) {
            let raw = part
                .split(')')
                .next()
                .unwrap()
                .trim()
                .trim_matches(['"', '\'']);
            let url = base.join(raw).expect("url() in CSS").to_string();
            refs.push((css.clone(), format!("url({raw})"), url));
        }
    }

    let mut problems = Vec::new();
    let (mut internal, mut fragments, mut external) = (0, 0, BTreeSet::new());
    for (page, what, url) in &refs {
        let parsed = url::Url::parse(url).expect("resolved URL");
        match parsed.scheme() {
            "data" | "mailto" | "tel" => continue,
            "http" | "https" => {
                external.insert(url.clone());
                continue;
            }
            "file" => {}
            other => {
                problems.push(format!("{page}: {what}: unexpected {other}: URL"));
                continue;
            }
        }
        let Some(rest) = url.strip_prefix(&root_url) else {
            problems.push(format!("{page}: {what} points outside the site ({url})"));
            continue;
        };
        internal += 1;
        let (path, fragment) = match rest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (rest, None),
        };
        let path = path.split('?').next().unwrap();
        let target = percent_decode(path);
        let file = site.dir().join(&target);
        if !file.is_file() {
            problems.push(format!(
                "{page}: {what} -> {target:?}, which is {}",
                if file.is_dir() {
                    "a folder (file:// needs the file itself)"
                } else {
                    "missing"
                }
            ));
            continue;
        }
        if let Some(fragment) = fragment.filter(|f| !f.is_empty() && *f != "top") {
            fragments += 1;
            let fragment = percent_decode(fragment);
            match ids.get(&target) {
                Some(targets) if targets.contains(&fragment) => {}
                Some(_) => problems.push(format!(
                    "{page}: {what} -> no element with id {fragment:?} in {target}"
                )),
                None => problems.push(format!(
                    "{page}: {what} -> #{fragment} in a non-page {target}"
                )),
            }
        }
    }
    judges::note(
        "links",
        &format!(
            "Link check: {} pages, {} references ({internal} internal, {fragments} of them to a #fragment; {} external URLs not fetched), {} broken\n{}\n",
            ids.len(),
            refs.len(),
            external.len(),
            problems.len(),
            problems.join("\n")
        ),
    );
    assert!(
        problems.is_empty(),
        "broken internal references:\n{}",
        problems.join("\n")
    );
    assert!(
        internal > 100 && fragments > 10,
        "suspiciously few references found: {internal} internal, {fragments} fragments"
    );
    browser.close().await;
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 3 <= bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every file under `dir`, relative, with `/` separators.
fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read folder") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap();
                out.push(
                    rel.iter()
                        .map(|s| s.to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
        }
    }
    out
}
