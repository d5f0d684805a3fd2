//! Symbolic links met by the content walk (W13): what each one is, or why it is left out.

use std::path::Path;

use crate::config::Config;
use crate::diag::Diagnostic;

/// What a symbolic link in content/ is, or why it is left out (W13). Links to folders are never
/// followed (nor watched by `serve`), so a link back to an ancestor cannot loop: it gets its own
/// message naming both paths. A link to a file outside content/ (outside the course, or in
/// another part of it such as `.git/`) is read only with `follow_outside_links = true`; a
/// dangling link is an error naming its target. An accepted link gives the metadata of what it
/// leads to: the file these checks accepted.
pub(super) fn check_link(path: &Path, config: &Config) -> Result<std::fs::Metadata, Diagnostic> {
    let target = std::fs::read_link(path).unwrap_or_default();
    let resolved = match std::fs::canonicalize(path) {
        Ok(r) => r,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Diagnostic::file_error(
                path,
                format!(
                    "broken symbolic link: its target {} does not exist",
                    target.display()
                ),
            )
            .with_help("remove the link or restore its target"));
        }
        Err(e) => {
            return Err(Diagnostic::file_error(
                path,
                format!(
                    "symbolic link to {} cannot be followed: {e}",
                    target.display()
                ),
            )
            .with_help("remove the link, or point it at a real file"));
        }
    };
    let meta = std::fs::metadata(&resolved)
        .map_err(|e| Diagnostic::file_error(path, format!("could not read: {e}")))?;
    if meta.is_dir() {
        let parent = path.parent().and_then(|p| p.canonicalize().ok());
        if parent.is_some_and(|p| p.starts_with(&resolved)) {
            return Err(Diagnostic::file_error(
                path,
                format!(
                    "symbolic link loops back to its own ancestor folder {}; it is not followed",
                    resolved.display()
                ),
            )
            .with_help("remove the link")
            .warning());
        }
        return Err(Diagnostic::file_error(
            path,
            format!(
                "symbolic link to the folder {} is not followed",
                resolved.display()
            ),
        )
        .with_help("move or copy the folder into content/ (serve would not see changes inside a linked folder)")
        .warning());
    }
    // A link into the output would read what the last build wrote, and the next build
    // replaces that folder (O03).
    let output = config
        .output_dir
        .canonicalize()
        .unwrap_or_else(|_| config.output_dir.clone());
    if resolved.starts_with(&output) {
        return Err(Diagnostic::file_error(
            path,
            format!(
                "symbolic link points into the output folder, to {}",
                resolved.display()
            ),
        )
        .with_help("the output is replaced by every build: link to the source file instead"));
    }
    // Only content/ is published: a link elsewhere in the course (to `.git/config`, which a CI
    // checkout fills with its token, or to site.toml) needs the same opt-in as one that leaves
    // the course (issue 22).
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    if !resolved.starts_with(canonical(&config.content_dir)) && !config.follow_outside_links {
        let place = if resolved.starts_with(canonical(&config.root)) {
            "outside content/, to another part of the course:"
        } else {
            "outside the course folder, to"
        };
        return Err(Diagnostic::file_error(
            path,
            format!("symbolic link points {place} {}", resolved.display()),
        )
        .with_help("only content/ is published: copy the file into content/, or set follow_outside_links = true in site.toml if the link is meant"));
    }
    Ok(meta)
}
