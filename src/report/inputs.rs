//! Reading the report's inputs: the files and folders named on the command line → one cleaned
//! export per learner, and every file left out with why.
//!
//! Each file is read through the one progress model (`progress::schema::clean`), so the report
//! takes exactly what Import takes. Nothing a file holds stops the report or panics it: a file
//! too big, not JSON, not a progress export, of another course or a future format, damaged, or
//! an older export of a learner another file also holds is set aside as a [`Skipped`].

use std::collections::{BTreeMap, HashSet};
use std::io::Read as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::progress::schema::{self, Cleaned, Stored, Unusable};

/// The largest file read, in bytes: an export with a record for every unit of the generated
/// 1,000-lesson course, its quizzes answered, is 0.6 MB, so 10,000 lessons would be 6 MB.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// One learner's export, as the report uses it.
#[derive(Debug, Clone)]
pub struct Export {
    /// The file, as found (the name given, or under the folder given).
    pub path: PathBuf,
    /// Its progress, cleaned.
    pub stored: Stored,
}

impl Export {
    /// The learner's name, or the file's name when the export has none.
    pub fn display_name(&self) -> String {
        if self.stored.learner.name.is_empty() {
            file_name(&self.path)
        } else {
            self.stored.learner.name.clone()
        }
    }
}

/// A file left out of the report, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file.
    pub path: PathBuf,
    /// Why, in words: `not JSON (line 1, column 2: …)`.
    pub why: String,
}

/// What the inputs gave: the exports to report on, in the order found, and what was left out.
#[derive(Debug, Default)]
pub struct Inputs {
    /// One export per learner (a learner without a name is one per file).
    pub exports: Vec<Export>,
    /// Files left out.
    pub skipped: Vec<Skipped>,
    /// Files looked at.
    pub files: usize,
}

/// Lists the files to read: each file named, and every `*.json` under each folder named
/// (recursively, sorted by name). A path that does not exist is skipped; a file reached twice
/// is read once.
pub fn find_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Skipped>) {
    let (mut files, mut skipped) = (Vec::new(), Vec::new());
    let mut seen = HashSet::new();
    let mut push = |p: PathBuf, files: &mut Vec<PathBuf>| {
        let id = p.canonicalize().unwrap_or_else(|_| p.clone());
        if seen.insert(id) {
            files.push(p);
        }
    };
    for path in paths {
        if path.is_dir() {
            for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
                match entry {
                    Ok(e) if e.file_type().is_file() && is_json(e.path()) => {
                        push(e.into_path(), &mut files);
                    }
                    Ok(_) => {}
                    Err(e) => skipped.push(Skipped {
                        path: e.path().unwrap_or(path).to_path_buf(),
                        why: format!("could not be read ({e})"),
                    }),
                }
            }
        } else if path.exists() {
            push(path.clone(), &mut files);
        } else {
            skipped.push(Skipped {
                path: path.clone(),
                why: "there is no such file or folder".into(),
            });
        }
    }
    (files, skipped)
}

fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Reads every file of `paths` (see [`find_files`]) for the course `site`, and keeps the newest
/// export of each learner.
pub fn load_exports(paths: &[PathBuf], site: &str) -> Inputs {
    let (files, mut skipped) = find_files(paths);
    let count = files.len() + skipped.len();
    let mut exports = Vec::new();
    for path in &files {
        match read_limited(path).and_then(|bytes| parse_export(&bytes, site)) {
            Ok(stored) => exports.push(Export {
                path: path.clone(),
                stored,
            }),
            Err(why) => skipped.push(Skipped {
                path: path.clone(),
                why,
            }),
        }
    }
    let (exports, older) = keep_newest(exports);
    skipped.extend(older);
    Inputs {
        exports,
        skipped,
        files: count,
    }
}

/// The file's bytes, or why not: its size is checked before it is read, and the read stops
/// past the limit too (a file that grows meanwhile).
fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    let too_big = || format!("larger than {} MB", MAX_FILE_BYTES / 1024 / 1024);
    let file = std::fs::File::open(path).map_err(|e| format!("could not be read ({e})"))?;
    let meta = file
        .metadata()
        .map_err(|e| format!("could not be read ({e})"))?;
    if !meta.is_file() {
        return Err("not a file".into());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("could not be read ({e})"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big());
    }
    Ok(bytes)
}

/// One file's bytes as an export of course `site`, or why it cannot be used. The rules are the
/// model's (`schema::clean`), and a file with a damaged record is refused, as Import refuses it.
pub fn parse_export(bytes: &[u8], site: &str) -> Result<Stored, String> {
    // serde_json refuses nesting deeper than 128 levels with an error, not a stack overflow.
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            format!("not JSON ({e})")
        } else {
            format!("could not be read as JSON ({e})")
        }
    })?;
    let Cleaned { stored, lost, .. } =
        schema::clean(value, site).map_err(|u| unusable(&u, site))?;
    if lost > 0 {
        return Err(format!(
            "damaged: {lost} of its records {} not a JSON object",
            if lost == 1 { "is" } else { "are" }
        ));
    }
    Ok(stored)
}

/// Why the model refuses a value, in words.
fn unusable(u: &Unusable, site: &str) -> String {
    match u {
        Unusable::NotProgress => "not a progress export (not a JSON object)".into(),
        Unusable::Unversioned => "not a progress export (it has no format version)".into(),
        Unusable::OtherVersion(v) => format!(
            "format version {v}, which this Syllabus does not read (it reads 1 to {}); a newer Syllabus may",
            schema::VERSION
        ),
        Unusable::OtherSite(other) => {
            format!("from another course (site id \"{other}\", this course is \"{site}\")")
        }
        Unusable::NoUnits => "not a progress export (it has no units)".into(),
    }
}

/// Keeps one export per named learner (names compared trimmed and case-insensitively): the one
/// exported last; at the same time, or without times, the one found first. Exports without a
/// name are each their own learner.
fn keep_newest(exports: Vec<Export>) -> (Vec<Export>, Vec<Skipped>) {
    let mut newest: BTreeMap<String, usize> = BTreeMap::new();
    for (i, e) in exports.iter().enumerate() {
        let name = learner_key(&e.stored.learner.name);
        if name.is_empty() {
            continue;
        }
        match newest.get(&name) {
            Some(&j) if export_time(&exports[j].stored) >= export_time(&e.stored) => {}
            _ => {
                newest.insert(name, i);
            }
        }
    }
    let mut kept = Vec::new();
    let mut skipped = Vec::new();
    for (i, e) in exports.iter().enumerate() {
        let name = learner_key(&e.stored.learner.name);
        match newest.get(&name) {
            Some(&j) if j != i => skipped.push(Skipped {
                path: e.path.clone(),
                why: format!(
                    "an older export of the same learner \"{}\" than {}",
                    e.stored.learner.name,
                    exports[j].path.display()
                ),
            }),
            _ => kept.push(e.clone()),
        }
    }
    (kept, skipped)
}

/// A name as learners are told apart: trimmed (it is, once cleaned) and in lower case.
pub fn learner_key(name: &str) -> String {
    schema::clean_name(name).to_lowercase()
}

/// An export's time as a sortable key: `2026-12-05T01:07:44` and the fraction as nanoseconds
/// (`exported_at` is valid when kept, see `schema::is_utc_time`); none sorts first.
fn export_time(s: &Stored) -> Option<(String, u32)> {
    let t = s.exported_at.as_deref()?;
    let (whole, rest) = t.split_at(19);
    let digits = rest.trim_start_matches('.').trim_end_matches('Z');
    let nanos = format!("{digits:0<9}").parse().unwrap_or(0);
    Some((whole.to_owned(), nanos))
}

/// The file's name without its folder, for messages and learners without a name.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn export(path: &str, name: &str, at: Option<&str>) -> Export {
        let mut v =
            json!({ "version": 2, "site": "s", "learner": { "name": name, "at": 1 }, "units": {} });
        if let Some(at) = at {
            v["exported_at"] = json!(at);
        }
        Export {
            path: path.into(),
            stored: parse_export(v.to_string().as_bytes(), "s").unwrap(),
        }
    }

    #[test]
    fn the_newest_export_of_a_learner_wins_and_names_are_told_apart_loosely() {
        let (kept, skipped) = keep_newest(vec![
            export("a.json", "Ann Lee", Some("2026-12-05T01:07:44Z")),
            export("b.json", " ann lee ", Some("2026-12-05T01:07:44.5Z")),
            export("c.json", "", None),
            export("d.json", "", None),
            export("e.json", "Bo", None),
        ]);
        let kept: Vec<_> = kept.iter().map(|e| e.path.display().to_string()).collect();
        assert_eq!(kept, ["b.json", "c.json", "d.json", "e.json"]);
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].path, Path::new("a.json"));
        assert!(skipped[0].why.contains("b.json"), "{}", skipped[0].why);
    }

    #[test]
    fn each_kind_of_bad_file_says_why() {
        for (bytes, why) in [
            (&b"{"[..], "not JSON"),
            (b"[]", "not a progress export"),
            (
                b"{\"version\":3,\"site\":\"s\",\"units\":{}}",
                "format version 3",
            ),
            (
                b"{\"version\":2,\"site\":\"t\",\"units\":{}}",
                "another course",
            ),
            (
                b"{\"version\":2,\"site\":\"s\",\"units\":{\"lesson:a\":1}}",
                "damaged",
            ),
            (b"\xff\xfe", "not JSON"),
        ] {
            let got = parse_export(bytes, "s").unwrap_err();
            assert!(got.contains(why), "{got}");
        }
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse_export(deep.as_bytes(), "s").is_err());
    }
}
