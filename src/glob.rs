//! Shell-style patterns from site.toml: `ignore` matches one file or folder name in `content/`
//! ([`name_matches`]), `keep` matches a path in the output folder ([`PathGlob`]).
//!
//! `*` is any run of characters within a name, `?` one character, and in a path `**` any number
//! of folders; anything else stands for itself. Matching backtracks only to the last star, so no
//! pattern is slow.

/// Whether `glob` matches the whole of `name` (`*` any run of characters, `?` one character).
pub fn name_matches(glob: &str, name: &str) -> bool {
    let (g, n): (Vec<char>, Vec<char>) = (glob.chars().collect(), name.chars().collect());
    star_match(&g, &n, |c| *c == '*', |g, n| *g == '?' || g == n)
}

/// A pattern over paths relative to the output folder (`CNAME`, `downloads/**`, `**/*.pdf`),
/// checked when site.toml is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathGlob {
    pattern: String,
}

impl PathGlob {
    /// Checks `pattern`; the error says what is wrong with it, for a diagnostic at its place.
    pub fn parse(pattern: &str) -> Result<PathGlob, String> {
        if pattern.trim().is_empty() {
            return Err("is empty".into());
        }
        if pattern.contains('\\') {
            return Err("holds a `\\`; separate folders with `/`".into());
        }
        if pattern.starts_with('/') {
            return Err("starts with `/`; patterns are relative to the output folder".into());
        }
        for segment in pattern.split('/') {
            match segment {
                "" => return Err("has an empty folder name (`//` or a trailing `/`)".into()),
                "." | ".." => {
                    return Err(format!(
                        "has a `{segment}` folder; patterns stay inside the output folder"
                    ));
                }
                "**" => {}
                s if s.contains("**") => {
                    return Err(format!(
                        "has `**` inside the name `{s}`; `**` stands alone between slashes, as in `downloads/**`"
                    ));
                }
                _ => {}
            }
        }
        Ok(PathGlob {
            pattern: pattern.to_owned(),
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Whether the pattern matches `rel`, a `/`-separated path relative to the output folder.
    /// `**` matches any number of folders, none included: `downloads/**` matches `downloads`
    /// itself and everything in it.
    pub fn matches(&self, rel: &str) -> bool {
        let glob: Vec<&str> = self.pattern.split('/').collect();
        let path: Vec<&str> = rel.split('/').collect();
        star_match(&glob, &path, |s| *s == "**", |g, p| name_matches(g, p))
    }
}

/// Matches `items` against `pattern`, where an element for which `is_star` holds matches any run
/// of items and any other matches one item when `one` says so. Greedy, going back only to the
/// last star: linear in practice, and at worst the product of the lengths.
fn star_match<G, I>(
    pattern: &[G],
    items: &[I],
    is_star: impl Fn(&G) -> bool,
    one: impl Fn(&G, &I) -> bool,
) -> bool {
    let (mut gi, mut ii) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ii < items.len() {
        match pattern.get(gi) {
            Some(g) if is_star(g) => {
                star = Some((gi, ii));
                gi += 1;
            }
            Some(g) if one(g, &items[ii]) => {
                gi += 1;
                ii += 1;
            }
            _ => match star {
                Some((sg, si)) => {
                    gi = sg + 1;
                    ii = si + 1;
                    star = Some((sg, si + 1));
                }
                None => return false,
            },
        }
    }
    pattern[gi..].iter().all(is_star)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn w02_ignore_globs_match_whole_names() {
        for (glob, name, want) in [
            ("*.bak2", "a.md.bak2", true),
            ("*.bak2", "a.md", false),
            ("notes-?", "notes-1", true),
            ("notes-?", "notes-12", false),
            ("*draft*", "my-draft-lesson.md", true),
            ("a*b*c", "aXbYbZc", true),
            ("a*b*c", "aXbYbZ", false),
            ("scratch", "scratch", true),
            ("scratch", "scratch.md", false),
            ("*", "", true),
        ] {
            assert_eq!(name_matches(glob, name), want, "{glob} ~ {name}");
        }
    }

    #[test]
    fn o02_keep_globs_match_paths_in_the_output() {
        for (glob, path, want) in [
            ("CNAME", "CNAME", true),
            ("CNAME", "sub/CNAME", false),
            ("downloads/**", "downloads", true),
            ("downloads/**", "downloads/a.zip", true),
            ("downloads/**", "downloads/x/y/a.zip", true),
            ("downloads/**", "downloadsx/a.zip", false),
            ("downloads/*.zip", "downloads/a.zip", true),
            ("downloads/*.zip", "downloads/x/a.zip", false),
            ("**/*.pdf", "a.pdf", true),
            ("**/*.pdf", "m/l/a.pdf", true),
            ("**/*.pdf", "m/l/a.pdf.html", false),
            ("a/**/z", "a/z", true),
            ("a/**/z", "a/b/c/z", true),
            ("a/**/z", "a/b/c/y", false),
            ("*", "anything", true),
            ("*", "a/b", false),
        ] {
            let g = PathGlob::parse(glob).unwrap();
            assert_eq!(g.matches(path), want, "{glob} ~ {path}");
        }
    }

    #[test]
    fn o02_keep_globs_that_could_leave_the_output_are_refused() {
        for (glob, says) in [
            ("", "is empty"),
            ("/etc/passwd", "starts with `/`"),
            ("../secrets", "`..` folder"),
            ("a/./b", "`.` folder"),
            ("a//b", "empty folder name"),
            ("downloads/", "empty folder name"),
            ("a\\b", "`\\`"),
            ("down**", "`**` inside the name"),
        ] {
            let why = PathGlob::parse(glob).unwrap_err();
            assert!(why.contains(says), "{glob}: {why}");
        }
    }
}
