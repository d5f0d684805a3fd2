//! Theme stage: the embedded default theme, overlaid file by file with the course's own
//! `themes/<name>/`, turned into a ready [`Theme`] (Tera templates + static files).

pub mod context;
pub mod ids;
pub mod language;
pub mod script_json;
pub mod sidebar;

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{Context as _, anyhow};
use rust_embed::RustEmbed;

use crate::config::Config;

#[derive(RustEmbed)]
#[folder = "themes/default/"]
struct DefaultTheme;

/// Where a theme file came from, for error messages.
#[derive(Debug, Clone)]
pub enum Origin {
    /// Built into the binary.
    Embedded,
    /// The course's override on disk.
    Override(PathBuf),
}

/// The templates and static files a build uses.
pub struct Theme {
    /// Compiled templates, named as under `templates/` (`lesson.html`, `partials/nav.html`).
    pub tera: tera::Tera,
    /// Files for the output's `assets/` folder, by path under `static/`.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Files only LMS packages add to `assets/` (src/package/), by path under `lms/`: ordinary
    /// builds never write them.
    pub lms: BTreeMap<String, Vec<u8>>,
    /// Where each template came from.
    pub origins: BTreeMap<String, Origin>,
    /// The interface strings (`i18n/`), also the templates' function `t`.
    pub text: std::sync::Arc<crate::i18n::Text>,
}

/// Loads the default theme and the course's overrides from `<root>/themes/<theme>/`.
pub fn load(config: &Config) -> anyhow::Result<Theme> {
    let files = theme_files(config, "")?;
    let mut tera = tera::Tera::new();
    tera.register_filter("safe", safe);
    let mut statics = BTreeMap::new();
    let mut lms = BTreeMap::new();
    let mut origins = BTreeMap::new();
    let mut templates = Vec::new();
    // Its warnings (strings the language lacks) are `check`'s to report: `language::check`.
    let (text, _) = language::load_text(config, &files)?;
    let text = std::sync::Arc::new(text);
    tera.register_function("t", text.tera_function());
    for (name, (bytes, origin)) in files {
        if let Some(t) = name.strip_prefix("templates/") {
            let source = String::from_utf8(bytes)
                .map_err(|_| anyhow!("theme template {} is not UTF-8", describe(t, &origin)))?;
            origins.insert(t.to_owned(), origin);
            templates.push((t.to_owned(), text.inline_constants(&source)));
        } else if let Some(s) = name.strip_prefix("static/") {
            statics.insert(s.to_owned(), bytes);
        } else if let Some(s) = name.strip_prefix("lms/") {
            lms.insert(s.to_owned(), bytes);
        }
    }
    // The scripts' copy of the interface strings.
    statics.insert(
        "syllabus-text.js".to_owned(),
        text.script(config.lms).into_bytes(),
    );
    tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| {
            anyhow!(
                "the theme's templates do not compile:\n{e}\n{}",
                override_note(&origins)
            )
        })?;
    Ok(Theme {
        tera,
        statics,
        lms,
        origins,
        text,
    })
}

/// The theme's files under the folder `under` (`""`: all of them, `"i18n/"`: the interface
/// tables): the built-in default theme's, with the course's `themes/<theme>/` files over them, by
/// path in the theme.
pub(crate) fn theme_files(
    config: &Config,
    under: &str,
) -> anyhow::Result<BTreeMap<String, (Vec<u8>, Origin)>> {
    let mut files: BTreeMap<String, (Vec<u8>, Origin)> = BTreeMap::new();
    for name in DefaultTheme::iter().filter(|n| n.starts_with(under)) {
        let file = DefaultTheme::get(&name).expect("iter() lists embedded files");
        files.insert(
            name.into_owned(),
            (file.data.into_owned(), Origin::Embedded),
        );
    }
    let dir = config.root.join("themes").join(&config.theme);
    if dir.is_dir() {
        // A theme without that folder has nothing there (WalkDir would call it an error).
        let from = dir.join(under);
        let walk = from
            .is_dir()
            .then(|| walkdir::WalkDir::new(&from).sort_by_file_name());
        for entry in walk.into_iter().flatten() {
            let entry = entry
                .with_context(|| format!("could not read the theme folder {}", dir.display()))?;
            let name = entry.file_name().to_string_lossy();
            if !entry.file_type().is_file() || crate::load::is_ignored_name(&name) {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(&dir)
                .expect("walkdir yields paths under its root");
            let rel = rel
                .iter()
                .map(|c| c.to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let bytes = crate::fs::read_bytes(entry.path())?;
            files.insert(rel, (bytes, Origin::Override(entry.path().to_path_buf())));
        }
    } else if config.theme != "default" {
        return Err(anyhow!(
            "theme `{}` not found: there is no folder {}; site.toml names it in `theme`",
            config.theme,
            dir.display()
        ));
    }
    Ok(files)
}

/// Tera's `safe` filter, without its copy: Tera's own copies the string into a new value, so
/// `{{ body | safe }}` copied every page's body and sidebar once more. A string is marked safe as
/// it stands (its text shared); anything else becomes its text, as Tera's filter does.
fn safe(value: tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    if value.as_str().is_some() {
        value.mark_safe()
    } else {
        tera::Value::safe_string(&value.to_string())
    }
}

/// `lesson.html (built-in default theme)` or `lesson.html (themes/default/templates/lesson.html)`.
pub fn describe(name: &str, origin: &Origin) -> String {
    match origin {
        Origin::Embedded => format!("{name} (built-in default theme)"),
        Origin::Override(p) => format!("{name} ({})", p.display()),
    }
}

/// A line naming the course's overridden templates, where an error may come from.
fn override_note(origins: &BTreeMap<String, Origin>) -> String {
    let overrides: Vec<String> = origins
        .iter()
        .filter(|(_, o)| matches!(o, Origin::Override(_)))
        .map(|(n, o)| describe(n, o))
        .collect();
    if overrides.is_empty() {
        String::new()
    } else {
        format!("overridden templates: {}", overrides.join(", "))
    }
}
