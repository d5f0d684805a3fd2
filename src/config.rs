//! `site.toml` → [`RawConfig`] (serde, unknown keys refused) → [`Config`] (checked, paths resolved).
//!
//! [`parse_str`] turns text into data and never touches the disk; [`load`] reads the file and
//! hands over. CLI flags patch the raw values before [`Config::from_raw`] checks them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::{Diagnostic, LineIndex, unknown_key_help};
use crate::glob::PathGlob;

/// The file name of a course's configuration.
pub const CONFIG_FILE: &str = "site.toml";

/// `site.toml` as written, before any check. The field comments are what authors read in their
/// editors: they become the descriptions of `syllabus schema site` (src/schema/).
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
#[schemars(title = "Syllabus site.toml")]
pub struct RawConfig {
    /// The course's title, in every page's header.
    #[schemars(example = "From service to sales")]
    pub title: Option<String>,
    /// One line about the course, in the home page's description and search results.
    #[schemars(example = "How support staff become trusted sellers")]
    pub description: Option<String>,
    /// The site's stable id (a slug): learners' progress is saved under it. Set it once and keep it.
    #[schemars(example = "service-to-sales")]
    pub id: Option<String>,
    /// The language of the course's pages and interface, as a language tag: `en`, `fr`, `de`,
    /// `es`, `pt-BR` or `ar` are built in; another needs its table in the theme's `i18n/` folder.
    #[schemars(with = "Option<String>", example = &"fr")]
    pub language: Option<toml::Spanned<String>>,
    /// The absolute URL the site is published under; without it every link is relative, so the
    /// site works from any folder and from file://.
    #[schemars(example = "https://training.example.com/sales/")]
    pub base_url: Option<String>,
    /// The theme: a folder under `themes/`; without it the built-in `default`.
    #[schemars(example = &"default")]
    pub theme: Option<String>,
    /// Where `build` writes the site, relative to the course folder; without it `public`.
    #[schemars(example = &"public")]
    pub output_dir: Option<String>,
    /// `true` keeps raw HTML in lessons as written instead of sanitising it. Only for authors
    /// you trust with scripts in learners' browsers.
    #[schemars(example = false)]
    pub allow_raw_html: Option<bool>,
    /// More file and folder names to leave out of the course, as globs.
    #[schemars(with = "Option<Vec<String>>", example = ["*.bak", "notes-*"])]
    pub ignore: Option<Vec<toml::Spanned<String>>>,
    /// Files in the output folder that are yours, as paths with globs: every build carries them
    /// into the new site instead of removing them.
    #[schemars(with = "Option<Vec<String>>", example = ["CNAME", "downloads/**"])]
    pub keep: Option<Vec<toml::Spanned<String>>>,
    /// `true` reads symbolic links in content/ whose target is outside the course folder.
    #[schemars(example = false)]
    pub follow_outside_links: Option<bool>,
    /// What a broken internal link does: `error` stops the build (the default), `warn` lets it go on.
    #[schemars(example = &"warn")]
    pub broken_links: Option<BrokenLinks>,
    /// Defaults for every quiz.
    pub quiz: RawQuizConfig,
    /// Size and depth limits on content files; raise them only for a real course that needs more.
    pub limits: RawLimits,
    /// Interface strings said your way, by key (docs/theme.md lists them): `module = "Unit"`. A
    /// string that depends on a number gives its forms: `{ one = "{n} unit", other = "{n} units" }`.
    #[schemars(with = "Option<crate::i18n::schema::InterfaceStrings>")]
    #[schemars(example = strings_example())]
    pub strings: Option<BTreeMap<toml::Spanned<String>, toml::Spanned<crate::i18n::Entry>>>,
}

/// The `[limits]` table: each value keeps its place in site.toml so a bad one is reported there.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RawLimits {
    /// The largest lesson, quiz or index file read, in bytes (default 10 MiB).
    #[schemars(with = "Option<u64>", example = 10485760)]
    pub max_file_bytes: Option<toml::Spanned<u64>>,
    /// The most memory one file's markdown may take while it renders, in bytes (default 128 MiB).
    #[schemars(with = "Option<u64>", example = 134217728)]
    pub max_page_bytes: Option<toml::Spanned<u64>>,
    /// The deepest nesting of `[` and `{` in YAML (default 64).
    #[schemars(with = "Option<u64>", example = 64)]
    pub max_yaml_nesting: Option<toml::Spanned<u64>>,
    /// The widest indentation of a YAML line, in spaces (default 256).
    #[schemars(with = "Option<u64>", example = 256)]
    pub max_yaml_indent: Option<toml::Spanned<u64>>,
}

/// Limits that keep a mistaken or hostile file from exhausting memory or time (Y01–Y03); raised
/// in site.toml's `[limits]` table when a real course needs more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest content file read, in bytes (checked before reading).
    pub max_file_bytes: u64,
    /// Most memory one file's markdown may take while it renders (its parsed form, rewritten
    /// links, diagnostics and HTML), in bytes: checked as it grows (Q06).
    pub max_page_bytes: usize,
    /// YAML nesting and indentation limits.
    pub yaml: crate::yaml::Limits,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 10 * 1024 * 1024,
            // A 10 MB lesson of prose takes about 60 MB; a page past this would not open on a
            // learner's phone anyway.
            max_page_bytes: 128 * 1024 * 1024,
            yaml: crate::yaml::Limits::default(),
        }
    }
}

/// One `keep` pattern and its place in site.toml.
#[derive(Debug, Clone)]
pub struct Keep {
    /// The pattern.
    pub glob: PathGlob,
    /// Where site.toml says it: a diagnostic to fill with a message when the site would write a
    /// file the pattern keeps.
    pub at: Diagnostic,
}

/// What a broken internal link (a missing page, heading or draft) does to a build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum BrokenLinks {
    /// The build fails, naming each link (the default).
    #[default]
    Error,
    /// The build goes on; each link is a warning (while a course is being written).
    Warn,
}

/// Whether every quiz option must explain itself (`[quiz] feedback`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Feedback {
    /// An option without `feedback` (a true/false question without `feedback_true` or
    /// `feedback_false`) gets a warning: learners learn from it (the default).
    #[default]
    Required,
    /// Options without feedback are fine: for courses that do not use it.
    Optional,
}

/// Whether quizzes are checked for answers that can be guessed without knowing the subject
/// (`[quiz] guessable`, `quiz::guess`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Guessable {
    /// Each giveaway is a warning (the default).
    #[default]
    Warn,
    /// No such check (a course whose quizzes are deliberately easy).
    Allow,
}

/// The `[quiz]` table.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RawQuizConfig {
    /// The score, in percent, that passes a quiz without its own `pass_mark` (default 80).
    #[schemars(range(max = 100), example = 80)]
    pub pass_mark: Option<u32>,
    /// `required` (the default) warns about options without feedback; `optional` does not.
    #[schemars(example = &"required")]
    pub feedback: Option<Feedback>,
    /// `warn` (the default) warns about answers that can be guessed without knowing the subject
    /// (the right option always the longest, always first, ...); `allow` does not check.
    #[schemars(example = &"warn")]
    pub guessable: Option<Guessable>,
}

/// The checked configuration every later stage uses.
#[derive(Debug, Clone)]
pub struct Config {
    /// The course root, as given (`.` or `site/`).
    pub root: PathBuf,
    /// `<root>/content`.
    pub content_dir: PathBuf,
    /// Course title.
    pub title: String,
    /// One-line description (may be empty).
    pub description: String,
    /// Stable site id (a slug).
    pub id: String,
    /// Page language.
    pub language: String,
    /// Where site.toml sets `language` (a diagnostic to fill with a message), or the file when
    /// it does not: the place of an unknown language or a missing interface string.
    pub language_at: Diagnostic,
    /// Base URL ending in `/`, if the site is published at a known address.
    pub base_url: Option<String>,
    /// Theme name.
    pub theme: String,
    /// Where this build writes: `--output`, else [`Config::course_output_dir`].
    pub output_dir: PathBuf,
    /// The course's own output folder: `output_dir` in site.toml (resolved against the root),
    /// else `public/`. Inside the course, only this folder may be replaced with `--force`.
    pub course_output_dir: PathBuf,
    /// Default quiz pass mark, percent.
    pub pass_mark: u32,
    /// Whether quiz options need feedback.
    pub quiz_feedback: Feedback,
    /// Whether guessable quiz answers are warned about.
    pub quiz_guessable: Guessable,
    /// Keep raw HTML in lessons as written.
    pub allow_raw_html: bool,
    /// Extra ignore globs (besides the built-in editor droppings).
    pub ignore: Vec<String>,
    /// Paths in the output folder that are the author's and survive every build.
    pub keep: Vec<Keep>,
    /// Read symbolic links to files outside the course folder.
    pub follow_outside_links: bool,
    /// Broken internal links fail the build, or only warn.
    pub broken_links: BrokenLinks,
    /// Size and depth limits on content files.
    pub limits: Limits,
    /// The pages are for an LMS package (`syllabus package`, src/package/): they keep progress
    /// through the package's launch page (`data-progress-store="lms"`). Never from site.toml.
    pub lms: bool,
    /// site.toml's `[strings]`: interface strings said the course's way, put over the theme's
    /// tables (checked against the English table by `theme::language`).
    pub strings: Vec<StringOverride>,
}

/// One entry of site.toml's `[strings]`.
#[derive(Debug, Clone)]
pub struct StringOverride {
    /// The interface string's key (`module`).
    pub key: String,
    /// What it says instead.
    pub entry: crate::i18n::Entry,
    /// The key's place in site.toml (a diagnostic to fill with a message).
    pub at: Diagnostic,
}

/// The example `syllabus schema site` gives for `[strings]`.
fn strings_example() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([("module", "Unit"), ("my_progress", "My training record")])
}

/// Parses the text of `site.toml`; `path` is only for the diagnostic. The checks that need the
/// text's positions (the `[limits]` values) run here too.
pub fn parse_str(text: &str, path: &Path) -> Result<RawConfig, Diagnostic> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        let (line, col) = LineIndex::new(text).line_col(offset);
        let message = e.message().trim().to_owned();
        let help = unknown_key_help(&message);
        let d = Diagnostic::error_at(path, text, line, col, message);
        match help {
            Some(h) => d.with_help(h),
            None => d,
        }
    })?;
    check_limits(&raw.limits, text, path)?;
    check_ignore(raw.ignore.as_deref().unwrap_or_default(), text, path)?;
    Ok(raw)
}

/// The `keep` patterns, checked, each with its place in `text` (site.toml at `path`).
fn check_keep(
    globs: &[toml::Spanned<String>],
    text: &str,
    path: &Path,
) -> Result<Vec<Keep>, Diagnostic> {
    let index = LineIndex::new(text);
    globs
        .iter()
        .map(|g| {
            let (line, col) = index.line_col(g.span().start);
            let at = Diagnostic::error_at(path, text, line, col, "");
            match PathGlob::parse(g.get_ref()) {
                Ok(glob) => Ok(Keep { glob, at }),
                Err(why) => Err(Diagnostic {
                    message: format!("keep pattern {:?} {why}", g.get_ref()),
                    help: Some("a keep pattern is a path inside the output folder, such as \"CNAME\" or \"downloads/**\"; `*` is any run of characters in a name, `?` one character, `**` any number of folders".into()),
                    ..at
                }),
            }
        })
        .collect()
}

/// Refuses an `ignore` glob that is empty or holds a `/`: globs match single names.
fn check_ignore(
    globs: &[toml::Spanned<String>],
    text: &str,
    path: &Path,
) -> Result<(), Diagnostic> {
    for glob in globs {
        let g = glob.get_ref();
        if g.trim().is_empty() || g.contains(['/', '\\']) {
            let (line, col) = LineIndex::new(text).line_col(glob.span().start);
            return Err(Diagnostic::error_at(
                path,
                text,
                line,
                col,
                format!("ignore pattern {g:?} is not a file or folder name pattern"),
            )
            .with_help("patterns match one name, e.g. \"*.bak\" or \"drafts\"; `*` is any run of characters, `?` one character"));
        }
    }
    Ok(())
}

/// Upper bounds on `[limits]` values: far above any real course, low enough that a typo (an
/// extra zero or two) cannot switch the protection off.
const LIMIT_RANGES: [(&str, u64); 4] = [
    ("max_file_bytes", 1 << 30),
    ("max_page_bytes", 1 << 34),
    ("max_yaml_nesting", 1_000),
    ("max_yaml_indent", 10_000),
];

/// Refuses a `[limits]` value of zero or above its bound, at its line and column.
fn check_limits(limits: &RawLimits, text: &str, path: &Path) -> Result<(), Diagnostic> {
    let values = [
        &limits.max_file_bytes,
        &limits.max_page_bytes,
        &limits.max_yaml_nesting,
        &limits.max_yaml_indent,
    ];
    for ((key, max), value) in LIMIT_RANGES.iter().zip(values) {
        let Some(value) = value else { continue };
        let n = *value.get_ref();
        if n == 0 || n > *max {
            let (line, col) = LineIndex::new(text).line_col(value.span().start);
            let why = if n == 0 { "is zero" } else { "is too large" };
            return Err(Diagnostic::error_at(
                path,
                text,
                line,
                col,
                format!("[limits] {key} = {n} {why}"),
            )
            .with_help(format!(
                "use a value from 1 to {max}, or leave it out for the default"
            )));
        }
    }
    Ok(())
}

/// Reads `<root>/site.toml`. A missing file is a plain error that says where we looked.
pub fn load(root: &Path) -> anyhow::Result<(String, PathBuf)> {
    let path = root.join(CONFIG_FILE);
    let text = crate::fs::read_text(&path).map_err(|e| {
        if !path.exists() {
            anyhow::anyhow!(
                "no {CONFIG_FILE} in {}: run syllabus in a course folder, pass --root, or start one with `syllabus init DIR`",
                root.display()
            )
        } else {
            e
        }
    })?;
    Ok((text, path))
}

impl Config {
    /// Checks the raw values and resolves paths. `path` is where `site.toml` was read and `text`
    /// what it holds, for diagnostics.
    pub fn from_raw(
        raw: RawConfig,
        root: &Path,
        path: &Path,
        text: &str,
    ) -> Result<Config, Diagnostic> {
        let RawConfig {
            title,
            description,
            id,
            language,
            base_url,
            theme,
            output_dir,
            allow_raw_html,
            ignore,
            keep,
            follow_outside_links,
            broken_links,
            quiz,
            limits,
            strings,
        } = raw;
        let keep = check_keep(keep.as_deref().unwrap_or_default(), text, path)?;
        let language_at = match &language {
            Some(l) => {
                let (line, col) = LineIndex::new(text).line_col(l.span().start);
                Diagnostic::error_at(path, text, line, col, "")
            }
            None => Diagnostic::file_error(path, ""),
        };
        let RawQuizConfig {
            pass_mark,
            feedback: quiz_feedback,
            guessable: quiz_guessable,
        } = quiz;
        let limits = Limits::from_raw(limits);
        let title = title.filter(|t| !t.trim().is_empty()).ok_or_else(|| {
            Diagnostic::file_error(path, "missing `title`")
                .with_help("add a line such as title = \"Our course\"")
        })?;
        let id = match id {
            Some(id) => {
                let s = slug::slugify(&id);
                if s.is_empty() {
                    return Err(Diagnostic::file_error(
                        path,
                        format!("`id = \"{id}\"` has no letters or digits"),
                    )
                    .with_help("use a short name such as \"sales-onboarding\""));
                }
                s
            }
            None => slug::slugify(&title),
        };
        let pass_mark = pass_mark.unwrap_or(80);
        if pass_mark > 100 {
            return Err(Diagnostic::file_error(
                path,
                format!("[quiz] pass_mark = {pass_mark} is above 100"),
            )
            .with_help("the pass mark is a percentage from 0 to 100"));
        }
        let base_url = match base_url {
            Some(u) if !(u.starts_with("http://") || u.starts_with("https://")) => {
                return Err(Diagnostic::file_error(path, format!("base_url \"{u}\" is not an http(s) URL"))
                    .with_help("write the full address, e.g. \"https://learn.example.com/training/\", or leave base_url out for relative links"));
            }
            Some(u) if u.ends_with('/') => Some(u),
            Some(u) => Some(format!("{u}/")),
            None => None,
        };
        Ok(Config {
            root: root.to_path_buf(),
            content_dir: root.join("content"),
            title,
            description: description.unwrap_or_default(),
            id,
            language: language.map_or_else(|| "en".into(), toml::Spanned::into_inner),
            language_at,
            base_url,
            theme: theme.unwrap_or_else(|| "default".into()),
            output_dir: root.join(output_dir.as_deref().unwrap_or("public")),
            course_output_dir: root.join(output_dir.as_deref().unwrap_or("public")),
            pass_mark,
            allow_raw_html: allow_raw_html.unwrap_or(false),
            quiz_feedback: quiz_feedback.unwrap_or_default(),
            quiz_guessable: quiz_guessable.unwrap_or_default(),
            broken_links: broken_links.unwrap_or_default(),
            ignore: ignore
                .unwrap_or_default()
                .into_iter()
                .map(toml::Spanned::into_inner)
                .collect(),
            keep,
            follow_outside_links: follow_outside_links.unwrap_or(false),
            limits,
            lms: false,
            strings: strings
                .unwrap_or_default()
                .into_iter()
                .map(|(key, entry)| {
                    let (line, col) = LineIndex::new(text).line_col(key.span().start);
                    StringOverride {
                        at: Diagnostic::error_at(path, text, line, col, ""),
                        key: key.into_inner(),
                        entry: entry.into_inner(),
                    }
                })
                .collect(),
        })
    }
}

impl Limits {
    /// The `[limits]` values (already range-checked by [`parse_str`]) over the defaults.
    fn from_raw(raw: RawLimits) -> Limits {
        let RawLimits {
            max_file_bytes,
            max_page_bytes,
            max_yaml_nesting,
            max_yaml_indent,
        } = raw;
        let d = Limits::default();
        let get = |v: Option<toml::Spanned<u64>>| v.map(toml::Spanned::into_inner);
        let size = |v: Option<toml::Spanned<u64>>, default: usize| {
            get(v).map_or(default, |n| usize::try_from(n).unwrap_or(usize::MAX))
        };
        let max_file_bytes = get(max_file_bytes).unwrap_or(d.max_file_bytes);
        Limits {
            max_file_bytes,
            max_page_bytes: size(max_page_bytes, d.max_page_bytes),
            yaml: crate::yaml::Limits {
                max_nesting: size(max_yaml_nesting, d.yaml.max_nesting),
                max_indent: size(max_yaml_indent, d.yaml.max_indent),
                // A file's values, aliases expanded, may take what the file itself may.
                max_expanded_bytes: usize::try_from(max_file_bytes).unwrap_or(usize::MAX),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Result<Config, Diagnostic> {
        let p = Path::new("site.toml");
        Config::from_raw(parse_str(text, p)?, Path::new("."), p, text)
    }

    #[test]
    fn unknown_key_names_key_line_and_suggestion() {
        let d = check("title = \"x\"\ntitel = \"y\"\n").unwrap_err();
        assert_eq!((d.line, d.col), (2, 1));
        assert!(d.message.contains("unknown field `titel`"), "{}", d.message);
        assert_eq!(d.help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn defaults_fill_in() {
        let c = check("title = \"From Service to Sales\"\n").unwrap();
        assert_eq!(c.id, "from-service-to-sales");
        assert_eq!(c.pass_mark, 80);
        assert_eq!(c.theme, "default");
        assert_eq!(c.base_url, None);
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(check("").unwrap_err().message.contains("missing `title`"));
        assert!(check("title = \"x\"\n[quiz]\npass_mark = 120\n").is_err());
        assert!(check("title = \"x\"\nbase_url = \"/x\"\n").is_err());
        let c = check("title = \"x\"\nbase_url = \"https://a.b/t\"\n").unwrap();
        assert_eq!(c.base_url.as_deref(), Some("https://a.b/t/"));
    }

    #[test]
    fn ignore_globs_are_names() {
        let c = check("title = \"x\"\nignore = [\"*.bak\", \"notes-?\"]\n").unwrap();
        assert_eq!(c.ignore, ["*.bak", "notes-?"]);
        let d = check("title = \"x\"\nignore = [\"ok\", \"a/b\"]\n").unwrap_err();
        assert_eq!((d.line, d.col), (2, 17));
        assert!(d.message.contains("\"a/b\""), "{}", d.message);
    }

    #[test]
    fn keep_patterns_are_checked_at_their_place() {
        let c = check("title = \"x\"\nkeep = [\"CNAME\", \"downloads/**\"]\n").unwrap();
        let kept: Vec<_> = c.keep.iter().map(|k| k.glob.as_str()).collect();
        assert_eq!(kept, ["CNAME", "downloads/**"]);
        assert_eq!((c.keep[1].at.line, c.keep[1].at.col), (2, 18));
        let d = check("title = \"x\"\nkeep = [\"ok\", \"a/../b\"]\n").unwrap_err();
        assert_eq!((d.line, d.col), (2, 15));
        assert!(
            d.message.contains("\"a/../b\" has a `..` folder"),
            "{}",
            d.message
        );
    }

    #[test]
    fn limits_default_and_can_be_raised() {
        assert_eq!(check("title = \"x\"\n").unwrap().limits, Limits::default());
        let c = check("title = \"x\"\n[limits]\nmax_file_bytes = 20_000_000\nmax_page_bytes = 500_000_000\nmax_yaml_nesting = 100\nmax_yaml_indent = 300\n").unwrap();
        assert_eq!(c.limits.max_file_bytes, 20_000_000);
        assert_eq!(c.limits.max_page_bytes, 500_000_000);
        assert_eq!(c.limits.yaml.max_nesting, 100);
        assert_eq!(c.limits.yaml.max_indent, 300);
    }

    #[test]
    fn bad_limits_point_at_the_value() {
        let d = check("title = \"x\"\n[limits]\nmax_yaml_nesting = 0\n").unwrap_err();
        assert_eq!((d.line, d.col), (3, 20));
        assert!(
            d.message.contains("max_yaml_nesting = 0 is zero"),
            "{}",
            d.message
        );
        let d = check("title = \"x\"\n[limits]\nmax_file_bytes = 99999999999999\n").unwrap_err();
        assert_eq!((d.line, d.col), (3, 18));
        assert!(d.message.contains("too large"), "{}", d.message);
        let d = check("title = \"x\"\n[limits]\nmax_file_byte = 1\n").unwrap_err();
        assert_eq!(d.help.as_deref(), Some("did you mean `max_file_bytes`?"));
        assert!(check("title = \"x\"\n[limits]\nmax_yaml_indent = -1\n").is_err());
    }
}
