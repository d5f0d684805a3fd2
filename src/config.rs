//! `site.toml` → [`RawConfig`] (serde, unknown keys refused) → [`Config`] (checked, paths resolved).
//!
//! [`parse_str`] turns text into data and never touches the disk; [`load`] reads the file and
//! hands over. CLI flags patch the raw values before [`Config::from_raw`] checks them.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::{Diagnostic, LineIndex, unknown_key_help};

/// The file name of a course's configuration.
pub const CONFIG_FILE: &str = "site.toml";

/// `site.toml` as written, before any check.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawConfig {
    /// Course title.
    pub title: Option<String>,
    /// One-line description.
    pub description: Option<String>,
    /// Stable site id: the key of learners' saved progress.
    pub id: Option<String>,
    /// `lang` of every page.
    pub language: Option<String>,
    /// Absolute URL the site is published under; without it links are relative.
    pub base_url: Option<String>,
    /// Name of the theme folder under `themes/`.
    pub theme: Option<String>,
    /// Output folder, relative to the course root.
    pub output_dir: Option<String>,
    /// Keep raw HTML in lessons as written instead of sanitising it.
    pub allow_raw_html: Option<bool>,
    /// Quiz defaults.
    pub quiz: RawQuizConfig,
}

/// The `[quiz]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawQuizConfig {
    /// Default pass mark, percent.
    pub pass_mark: Option<u32>,
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
    /// Base URL ending in `/`, if the site is published at a known address.
    pub base_url: Option<String>,
    /// Theme name.
    pub theme: String,
    /// Output folder (resolved against the root).
    pub output_dir: PathBuf,
    /// Default quiz pass mark, percent.
    pub pass_mark: u32,
    /// Keep raw HTML in lessons as written.
    pub allow_raw_html: bool,
}

/// Parses the text of `site.toml`; `path` is only for the diagnostic.
pub fn parse_str(text: &str, path: &Path) -> Result<RawConfig, Diagnostic> {
    toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        let (line, col) = LineIndex::new(text).line_col(offset);
        let message = e.message().trim().to_owned();
        let help = unknown_key_help(&message);
        let d = Diagnostic::error_at(path, text, line, col, message);
        match help {
            Some(h) => d.with_help(h),
            None => d,
        }
    })
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
    /// Checks the raw values and resolves paths. `path` is where `site.toml` was read, for diagnostics.
    pub fn from_raw(raw: RawConfig, root: &Path, path: &Path) -> Result<Config, Diagnostic> {
        let RawConfig {
            title,
            description,
            id,
            language,
            base_url,
            theme,
            output_dir,
            allow_raw_html,
            quiz,
        } = raw;
        let RawQuizConfig { pass_mark } = quiz;
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
            language: language.unwrap_or_else(|| "en".into()),
            base_url,
            theme: theme.unwrap_or_else(|| "default".into()),
            output_dir: root.join(output_dir.as_deref().unwrap_or("public")),
            pass_mark,
            allow_raw_html: allow_raw_html.unwrap_or(false),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Result<Config, Diagnostic> {
        let p = Path::new("site.toml");
        Config::from_raw(parse_str(text, p)?, Path::new("."), p)
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
}
