//! Which names in `content/` are not part of the course (W02): the built-in editor droppings
//! ([`super::is_ignored_name`]) plus site.toml's `ignore` globs. The content walk and `serve`'s
//! watcher both ask [`Ignore::is_ignored`].

use std::path::Path;

use super::is_ignored_name;
use crate::glob::name_matches;

/// Which file and folder names are not part of the course: the built-in editor droppings of
/// [`is_ignored_name`] plus the `ignore` globs of site.toml. The content walk and `serve`'s
/// watcher both ask [`Ignore::is_ignored`], so a file the build skips never triggers a rebuild.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ignore {
    globs: Vec<String>,
}

impl Ignore {
    /// The built-ins plus `globs` (`*` any run of characters, `?` one character).
    pub fn new(globs: &[String]) -> Ignore {
        Ignore {
            globs: globs.to_vec(),
        }
    }

    /// The list of the course at `root`, read from its site.toml; only the built-ins if the file
    /// is missing or does not parse (the build reports that). For the watcher, which reads it
    /// afresh for each batch of changes, so an edited list applies at once.
    pub fn for_course(root: &Path) -> Ignore {
        let path = root.join(crate::config::CONFIG_FILE);
        let globs = std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| crate::config::parse_str(&text, &path).ok())
            .and_then(|raw| raw.ignore)
            .unwrap_or_default()
            .into_iter()
            .map(toml::Spanned::into_inner)
            .collect();
        Ignore { globs }
    }

    /// Whether a file or folder called `name` is left out of the course.
    pub fn is_ignored(&self, name: &str) -> bool {
        is_ignored_name(name) || self.globs.iter().any(|g| name_matches(g, name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn w02_ignore_adds_globs_to_the_built_ins() {
        let ignore = Ignore::new(&["*.draft".to_owned()]);
        assert!(ignore.is_ignored("x.draft") && ignore.is_ignored("x.swp"));
        assert!(!ignore.is_ignored("x.md"));
    }
}
