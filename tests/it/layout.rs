//! The shape of the code (docs/STYLE: files that fit in a head, stages that do not lean on each
//! other both ways): no file under `src/` grows far past 500 lines before its tests, and no two
//! files import each other (issue 14). Read from the sources, as a reviewer would.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Lines before `#[cfg(test)]` a file may have: "about 500".
const MAX_LINES: usize = 530;

/// Every source file under `src/`, by module path (`build::pages`; `build` for build/mod.rs).
fn sources() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap().with_extension("");
        let mut parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|p| p == "mod") {
            parts.pop();
        }
        if parts == ["lib"] || parts == ["main"] {
            parts.clear();
        }
        let text = std::fs::read_to_string(path).unwrap();
        // Tests may use anything.
        let code = text.split("#[cfg(test)]").next().unwrap().to_owned();
        files.insert(parts.join("::"), code);
    }
    files
}

#[test]
fn no_source_file_grows_past_about_500_lines() {
    let long: Vec<String> = sources()
        .iter()
        .filter(|(_, code)| code.lines().count() > MAX_LINES)
        .map(|(m, code)| format!("{m}: {} lines", code.lines().count()))
        .collect();
    assert!(long.is_empty(), "split along their seams: {long:?}");
}

/// The module a path names (`crate::build::pages::Page` → `build::pages`), seen from `from`.
fn target<'a>(files: &'a BTreeMap<String, String>, from: &str, path: &str) -> Option<&'a str> {
    let mut segs: Vec<&str> = path.split("::").map(str::trim).collect();
    let mut base: Vec<&str> = if from.is_empty() {
        Vec::new()
    } else {
        from.split("::").collect()
    };
    match segs.first().copied() {
        Some("crate") => {
            base.clear();
            segs.remove(0);
        }
        Some("super") => {
            while segs.first() == Some(&"super") {
                base.pop();
                segs.remove(0);
            }
        }
        Some("self") => {
            segs.remove(0);
        }
        _ => return None,
    }
    base.extend(segs);
    (0..=base.len())
        .rev()
        .map(|n| base[..n].join("::"))
        .find_map(|m| files.get_key_value(&m).map(|(k, _)| k.as_str()))
}

/// Paths in `use a::{b, c::{d}}` spelt out: `a::b`, `a::c::d`.
fn spell_out(prefix: &str, group: &str, out: &mut Vec<String>) {
    let mut depth = 0;
    let mut start = 0;
    let mut parts = Vec::new();
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&group[start..]);
    for part in parts.into_iter().map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once('{') {
            Some((head, inner)) => {
                let inner = inner.strip_suffix('}').unwrap_or(inner);
                spell_out(
                    &format!("{prefix}::{}", head.trim_end_matches("::")),
                    inner,
                    out,
                );
            }
            None => out.push(format!("{prefix}::{}", part.split(" as ").next().unwrap())),
        }
    }
}

#[test]
fn no_two_files_import_each_other() {
    let files = sources();
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (m, code) in &files {
        let mut paths = Vec::new();
        for (i, _) in code.match_indices("::{") {
            // `crate::a::{…}`, `super::{…}`: the prefix back to the start of the path.
            let head = &code[..i];
            let begin = head
                .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .map_or(0, |b| b + 1);
            let Some(end) = code[i..].find("};").map(|e| i + e) else {
                continue;
            };
            spell_out(&code[begin..i], &code[i + 3..end], &mut paths);
        }
        for root in ["crate::", "super::", "self::"] {
            for (i, _) in code.match_indices(root) {
                let rest = &code[i..];
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                    .unwrap_or(rest.len());
                paths.push(rest[..end].trim_end_matches(':').to_owned());
            }
        }
        let to: BTreeSet<&str> = paths
            .iter()
            .filter_map(|p| target(&files, m, p))
            .filter(|t| t != m)
            .collect();
        edges.insert(m, to);
    }
    let cycles: Vec<String> = edges
        .iter()
        .flat_map(|(a, to)| to.iter().map(move |b| (*a, *b)))
        .filter(|(a, b)| a < b && edges[b].contains(a))
        .map(|(a, b)| format!("{a} <-> {b}"))
        .collect();
    assert!(
        cycles.is_empty(),
        "files that import each other: {cycles:?}"
    );
}
