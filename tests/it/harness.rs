//! SiteTest: copy a fixture course to a temporary folder, change files, build it (through the
//! library or the real binary), and read what came out.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use syllabus::build::{BuildOptions, BuildReport, build};

/// A course in a temporary folder.
pub struct SiteTest {
    _dir: tempfile::TempDir,
    /// The course root.
    pub root: PathBuf,
}

impl SiteTest {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("course");
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_tree(&from, &root);
        SiteTest { _dir: dir, root }
    }

    /// Writes (or replaces) a file of the course.
    pub fn write(self, rel: &str, text: impl AsRef<[u8]>) -> Self {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// Removes a file of the course.
    pub fn remove(self, rel: &str) -> Self {
        std::fs::remove_file(self.root.join(rel)).unwrap();
        self
    }

    /// The default output folder.
    pub fn out(&self) -> PathBuf {
        self.root.join("public")
    }

    /// Builds through the library.
    pub fn build_with(&self, tweak: impl FnOnce(&mut BuildOptions)) -> anyhow::Result<BuildReport> {
        let mut opts = BuildOptions {
            root: self.root.clone(),
            output: None,
            drafts: false,
            force: false,
            write: true,
        };
        tweak(&mut opts);
        build(&opts)
    }

    /// Options that prepare or render the course in memory: nothing written, no drafts.
    pub fn options_in_memory(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            output: None,
            drafts: false,
            force: false,
            write: false,
        }
    }

    /// Builds and expects success.
    pub fn build(&self) -> BuildReport {
        self.build_with(|_| {})
            .unwrap_or_else(|e| panic!("build failed:\n{e:#}"))
    }

    /// Builds, expects failure, and returns the error text with the temp folder redacted.
    pub fn errors(&self) -> String {
        match self.build_with(|_| {}) {
            Ok(_) => panic!("the build succeeded but errors were expected"),
            Err(e) => self.redact(&format!("{e:#}")),
        }
    }

    /// Replaces the course root in `text` with `[ROOT]`.
    pub fn redact(&self, text: &str) -> String {
        text.replace(&self.root.display().to_string(), "[ROOT]")
    }

    /// Runs the real binary in the course folder.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_syllabus"))
            .args(args)
            .current_dir(&self.root)
            .output()
            .expect("run syllabus")
    }

    /// Runs `syllabus report exports` in the course, expects success, and returns the CSV it
    /// wrote (report/progress.csv).
    pub fn report_csv(&self) -> String {
        let out = self.run(&["report", "exports"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read_to_string(self.root.join("report/progress.csv")).unwrap()
    }

    /// A file of the output.
    pub fn read(&self, rel: &str) -> String {
        let p = self.out().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    /// The progress page's lists, every module's `assets/progress-items/<i>.js` in course order,
    /// one after the other (issue 19).
    pub fn progress_items(&self) -> String {
        let mut out = String::new();
        for i in 0.. {
            let p = self.out().join(format!("assets/progress-items/{i}.js"));
            match std::fs::read_to_string(&p) {
                Ok(text) => out.push_str(&text),
                Err(_) => break,
            }
        }
        out
    }

    /// Every file of the output, sorted, relative to it.
    pub fn output_files(&self) -> Vec<String> {
        let mut files: Vec<String> = walkdir::WalkDir::new(self.out())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(self.out())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        files.sort();
        files
    }
}

/// The `<main>` element of a page.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page has </main>") + "</main>".len();
    &html[start..end]
}

/// Every `href` and `src` value in `html`.
pub fn links_in(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            out.push(rest[..rest.find('"').unwrap()].to_owned());
        }
    }
    out
}

pub fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Every file under `dir` (dotfiles too) with its bytes, by path relative to `dir`.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk the output"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).expect("read an output file"))
        })
        .collect()
}

/// The build's temporary folders (`.syllabus-tmp-*`) in `dir`, by name, with how many entries
/// each holds.
pub fn temp_folders(dir: &Path) -> Vec<(String, usize)> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(name, _)| name.starts_with(".syllabus-tmp-"))
        .map(|(name, path)| (name, std::fs::read_dir(path).map_or(0, |d| d.count())))
        .collect()
}

/// A course big enough that a full rebuild of the debug binary takes a while.
pub fn big_course() -> SiteTest {
    let mut site = SiteTest::fixture("basic");
    let para = "Customers remember how we listened. ".repeat(40);
    for m in 0..30 {
        let dir = format!("content/{:02}-big-{m}", m + 10);
        site = site.write(
            &format!("{dir}/_index.md"),
            format!("---\ntitle: Big {m}\n---\nModule {m}.\n"),
        );
        for l in 0..40 {
            let body = format!(
                "## Part one\n\n{para}\n\n## Part two\n\n- [ ] Try {l}\n\n| a | b |\n|---|---|\n| {l} | {m} |\n"
            );
            site = site.write(
                &format!("{dir}/{l:02}-lesson-{l}.md"),
                format!("---\ntitle: Lesson {m}.{l}\nchecklist: [Do {l}]\n---\n{body}"),
            );
        }
    }
    site
}
