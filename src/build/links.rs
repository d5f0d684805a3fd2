//! Link resolution: source paths written by authors → output URLs, checked against the course.
//!
//! [`SiteIndex`] maps every page's and asset's content-relative source path to its URL, once per
//! build. [`PageLinks`] resolves the links of one page against it (see `markdown::Links`).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::kinds::site::SitePage;
use crate::load::Loaded;
use crate::markdown::{Link, Links};

/// Every link target of the course, by content-relative source path (`01-x/02-y.md`).
#[derive(Clone)]
pub struct SiteIndex {
    pages: HashMap<String, String>,
    assets: HashMap<String, String>,
    /// Every folder holding a copied file, by source path, with its URL (issue 17: a link to a
    /// folder of code samples resolves).
    folders: HashMap<String, String>,
    drafts: HashSet<String>,
    failed: HashSet<String>,
    base_url: Option<String>,
}

impl SiteIndex {
    /// Indexes the pages and assets of `loaded`: drafts left out and pages that failed to load
    /// are known, so links to them get a precise error or none (the page's own error is enough).
    pub fn new(loaded: &Loaded, content_dir: &Path, base_url: Option<&str>) -> Self {
        let curriculum = &loaded.curriculum;
        let rel = |p: &Path| rel_path(p, content_dir);
        let mut pages = HashMap::new();
        pages.insert(
            rel(&curriculum.home.source.path),
            SitePage::Home.url().to_owned(),
        );
        for g in &curriculum.guides {
            pages.insert(rel(&g.source.path), g.url.clone());
        }
        for m in &curriculum.modules {
            pages.insert(rel(&m.source.path), m.url.clone());
            for e in &m.entries {
                pages.insert(rel(e.path()), e.url().to_owned());
                // A lesson folder stands for its page (`03-intro/` → `intro/index.html`).
                if let Some(folder) = e.path().parent()
                    && Some(folder) != m.source.path.parent()
                {
                    pages.insert(rel(folder), e.url().to_owned());
                }
            }
        }
        let assets: HashMap<String, String> = curriculum
            .assets
            .iter()
            .map(|a| (rel(&a.path), a.url.clone()))
            .collect();
        let folders = folders_of(&assets);
        let drafts = loaded.left_out_drafts.iter().map(|p| rel(p)).collect();
        let failed = loaded.failed_pages.iter().map(|p| rel(p)).collect();
        SiteIndex {
            pages,
            assets,
            folders,
            drafts,
            failed,
            base_url: base_url.map(str::to_owned),
        }
    }

    /// Adds the page at `path` (a new file directly in a module folder) with its `url`.
    pub fn insert_page(&mut self, path: &Path, content_dir: &Path, url: &str) {
        self.pages
            .insert(rel_path(path, content_dir), url.to_owned());
    }

    /// Removes the page at `path` (a file directly in a module folder).
    pub fn remove_page(&mut self, path: &Path, content_dir: &Path) {
        self.pages.remove(&rel_path(path, content_dir));
    }

    /// Whether a link could mean `path` (a page file) and something else of the course: a
    /// page, asset, folder, draft or failed page at that path or at its name without the
    /// page suffix (a link may leave `.md` out). Adding or removing a page there could change
    /// where such a link goes, so `serve` leaves that to a full load.
    pub fn is_claimed(&self, path: &Path, content_dir: &Path) -> bool {
        let rel = rel_path(path, content_dir);
        let stem = [".md", ".quiz.yaml", ".scenario.yaml"]
            .iter()
            .find_map(|s| rel.strip_suffix(s))
            .unwrap_or(&rel);
        [rel.as_str(), stem].iter().any(|k| {
            self.pages.contains_key(*k)
                || self.assets.contains_key(*k)
                || self.folders.contains_key(*k)
                || self.drafts.contains(*k)
                || self.failed.contains(*k)
        })
    }

    /// The link resolver for the page at `page_url`, written in `source`.
    pub fn for_page<'a>(
        &'a self,
        source: &Path,
        content_dir: &Path,
        page_url: &str,
    ) -> PageLinks<'a> {
        let rel = rel_path(source, content_dir);
        let dir = rel
            .rsplit_once('/')
            .map_or(String::new(), |(d, _)| d.to_owned());
        PageLinks {
            index: self,
            dir,
            root: root_prefix(page_url, self.base_url.as_deref()),
        }
    }
}

/// The folders that hold `assets` (source path → URL), each with its URL: an asset's source path
/// and URL have as many segments, so a folder's URL is as many leading segments of the URL.
fn folders_of(assets: &HashMap<String, String>) -> HashMap<String, String> {
    let mut folders = HashMap::new();
    for (path, url) in assets {
        let (mut path, mut url) = (path.as_str(), url.as_str());
        while let (Some((p, _)), Some((u, _))) = (path.rsplit_once('/'), url.rsplit_once('/')) {
            (path, url) = (p, u);
            if folders.insert(path.to_owned(), url.to_owned()).is_some() {
                break;
            }
        }
    }
    folders
}

/// The prefix from the page at `page_url` to the site root: `../` per folder, or the base URL.
pub fn root_prefix(page_url: &str, base_url: Option<&str>) -> String {
    match base_url {
        Some(b) => b.to_owned(),
        None => "../".repeat(page_url.matches('/').count()),
    }
}

/// `path` relative to `content_dir`, with `/` separators, in Unicode NFC: macOS stores
/// names decomposed (NFD) while authors type links composed (P10).
fn rel_path(path: &Path, content_dir: &Path) -> String {
    let rel = path.strip_prefix(content_dir).unwrap_or(path);
    nfc(&rel
        .iter()
        .map(|c| c.to_string_lossy())
        .collect::<Vec<_>>()
        .join("/"))
}

fn nfc(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    if s.is_ascii() {
        // Already NFC; normalising it anyway was 2% of a build (every page's path and link).
        return s.to_owned();
    }
    s.nfc().collect()
}

/// Resolves the links of one page.
pub struct PageLinks<'a> {
    index: &'a SiteIndex,
    /// The page's source folder, content-relative (`01-human-selling`, or `` for the home page).
    dir: String,
    /// Prefix from this page to the site root.
    root: String,
}

impl Links for PageLinks<'_> {
    fn resolve(&self, dest: &str) -> Link {
        let dest = dest.trim();
        if dest.is_empty() {
            return Link::Keep;
        }
        if let Some(fragment) = dest.strip_prefix('#') {
            return Link::To {
                href: dest.to_owned(),
                page: None,
                fragment: Some(fragment.to_owned()),
            };
        }
        if let Some(scheme) = crate::sanitize::url_scheme(dest) {
            return if ["http", "https", "mailto", "tel"].contains(&scheme.as_str()) {
                Link::Keep
            } else {
                Link::Unsafe
            };
        }
        if dest.starts_with("//") {
            return Link::Keep;
        }
        if dest.starts_with('/') {
            return Link::Missing {
                message: format!(
                    "link to `{dest}` starts with `/`, which breaks when the site is opened from disk or under a sub-path"
                ),
                help: Some(
                    "write the path relative to this file, e.g. `../02-module/01-lesson.md`".into(),
                ),
            };
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f.to_owned())),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let decoded = nfc(&percent_decode(path));
        let Some(target) = normalize(&self.dir, &decoded) else {
            return Link::Missing {
                message: format!("link to `{dest}` points outside the content folder"),
                help: Some("link only to pages and files inside content/".into()),
            };
        };
        // The page the link means: the path as written, with `.md` or `.quiz.yaml`, or a
        // folder's `_index.md`, or a lesson folder's page (looked up in one reused buffer:
        // every link of the course comes through here).
        let candidate = |i: usize, key: &mut String| {
            key.clear();
            match i {
                0 => key.push_str(&target),
                1 => key.extend([target.as_str(), ".md"]),
                2 => key.extend([target.as_str(), ".quiz.yaml"]),
                3 => key.extend([target.as_str(), "/_index.md"]),
                4 => key.extend([target.as_str(), "/index.md"]),
                _ => key.extend([target.as_str(), "/README.md"]),
            }
        };
        let frag = fragment
            .as_ref()
            .map(|f| format!("#{f}"))
            .unwrap_or_default();
        let mut key = String::with_capacity(target.len() + 10);
        for i in 0..CANDIDATES {
            candidate(i, &mut key);
            if let Some(url) = self.index.pages.get(key.trim_start_matches('/')) {
                let href = format!("{}{url}{frag}", self.root);
                return Link::To {
                    href,
                    page: Some(url.clone()),
                    fragment: fragment.filter(|f| !f.is_empty()),
                };
            }
        }
        let candidates: Vec<String> = (0..CANDIDATES)
            .map(|i| {
                candidate(i, &mut key);
                key.clone()
            })
            .collect();
        if let Some(url) = self.index.assets.get(&target) {
            let mut href = self.root.clone();
            pulldown_cmark_escape::escape_href(&mut href, url)
                .expect("writing to a String cannot fail");
            return Link::To {
                href: format!("{href}{frag}"),
                page: None,
                fragment: None,
            };
        }
        if candidates.iter().any(|c| self.index.failed.contains(c)) {
            return Link::Keep;
        }
        if candidates.iter().any(|c| self.index.drafts.contains(c)) {
            return Link::Missing {
                message: format!(
                    "link to `{dest}`: that lesson is a draft, left out of this build"
                ),
                help: Some("build with --drafts, or remove `draft: true` from it".into()),
            };
        }
        // A folder that is no page (after drafts and failed pages: a draft lesson folder is
        // still a lesson folder).
        if let Some(url) = self.index.folders.get(&target) {
            let mut href = self.root.clone();
            pulldown_cmark_escape::escape_href(&mut href, url)
                .expect("writing to a String cannot fail");
            // A folder with its own `index.html` (allowed with `allow_raw_html`) is a page.
            key.clear();
            key.extend([target.as_str(), "/index.html"]);
            if self.index.assets.contains_key(&key) {
                return Link::To {
                    href: format!("{href}/index.html{frag}"),
                    page: None,
                    fragment: None,
                };
            }
            return Link::Warn {
                href: format!("{href}/{frag}"),
                message: format!(
                    "link to `{dest}`: a folder, copied with its files but with no page of its own, so a web server shows a list of its files or nothing"
                ),
                help: "link to a file in it (e.g. its README.md), or make it a lesson folder with an index.md or README.md (directly in a module folder)".into(),
            };
        }
        let closest = self
            .index
            .pages
            .keys()
            .chain(self.index.assets.keys())
            .map(|k| (strsim::levenshtein(k, &target), k))
            .min()
            .filter(|(d, _)| *d <= 4)
            .map(|(_, k)| format!("did you mean content/{k}?"));
        Link::Missing {
            message: format!("link to `{dest}`: there is no content/{target}"),
            help: closest.or_else(|| Some("link to a lesson by its file path relative to this file, e.g. `../02-module/01-lesson.md`".into())),
        }
    }
}

/// How many source paths a link may mean (see `resolve`).
const CANDIDATES: usize = 6;

/// Joins `rel` onto `dir` and folds `.` and `..`; `None` if it climbs out of the content root.
fn normalize(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Decodes `%20`-style escapes; invalid ones stay as written, and so does the whole path when
/// the decoded bytes are no UTF-8.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map_or_else(|_| s.to_owned(), String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_found_through_obfuscation() {
        assert_eq!(
            crate::sanitize::url_scheme("javascript:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(
            crate::sanitize::url_scheme("JaVaScRiPt:x").as_deref(),
            Some("javascript")
        );
        assert_eq!(
            crate::sanitize::url_scheme("\tjava\nscript:x").as_deref(),
            Some("javascript")
        );
        assert_eq!(crate::sanitize::url_scheme("../a.md"), None);
        assert_eq!(crate::sanitize::url_scheme("a.md#x:y"), None);
        assert_eq!(
            crate::sanitize::url_scheme("https://x").as_deref(),
            Some("https")
        );
    }

    #[test]
    fn normalize_folds_dots_and_refuses_escapes() {
        assert_eq!(
            normalize("01-a", "../02-b/x.md").as_deref(),
            Some("02-b/x.md")
        );
        assert_eq!(normalize("01-a", "./x.md").as_deref(), Some("01-a/x.md"));
        assert_eq!(normalize("01-a", "../../x.md"), None);
        assert_eq!(percent_decode("my%20file.png"), "my file.png");
        assert_eq!(percent_decode("caf%C3%A9.md"), "café.md");
        // Invalid escapes, and escapes that decode to no UTF-8, stay as written.
        assert_eq!(percent_decode("100%.md"), "100%.md");
        assert_eq!(percent_decode("a%zzb%2"), "a%zzb%2");
        assert_eq!(percent_decode("x%FF%20y"), "x%FF%20y");
    }

    #[test]
    fn root_prefix_counts_folders() {
        assert_eq!(root_prefix("index.html", None), "");
        assert_eq!(root_prefix("m/l.html", None), "../");
        assert_eq!(
            root_prefix("m/l.html", Some("https://x/t/")),
            "https://x/t/"
        );
    }
}
