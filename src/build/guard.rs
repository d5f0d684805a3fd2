//! Which folders a build may replace (O01, O02, issue 22), decided before anything is written.
//!
//! In: the output folder asked for, the course's own folders, `--force`, and [`Places`] (what
//! this machine says about where people keep their files). Out: `Ok`, or an error that says
//! why and what to do. The build replaces the output folder whole, so the rules are strict:
//! - never the filesystem root, a system folder, a home folder (of any user in the user
//!   database, or `$HOME`), a folder that looks like a home (shell profiles, `.ssh`), or a
//!   folder holding any of these, whatever the flags say;
//! - never the course itself, a folder above it, its content, its themes or its hidden folders
//!   (`.git`), or a folder holding a `site.toml`;
//! - a folder Syllabus did not create (no marker) only with `--force`, and inside the course
//!   not even then, unless it is the course's own output folder (`output_dir`, or `public/`);
//! - a symbolic link is followed: the build replaces the folder it points at and the link
//!   stays (see [`resolve`]); a dangling link is refused.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use super::keep::{MARKER, sort_old_output};
use super::manifest;
use crate::config::Keep;

/// Top-level folders of an operating system, and the few below them that hold a system's own
/// files, relative to the filesystem root. A build never replaces one of them or a folder
/// above one. Folders inside them (`/var/www/html`, `/srv/site`, `/tmp/x`) are allowed.
const SYSTEM_FOLDERS: &[&str] = &[
    "bin",
    "boot",
    "dev",
    "etc",
    "home",
    "lib",
    "lib32",
    "lib64",
    "libx32",
    "media",
    "mnt",
    "nix",
    "opt",
    "proc",
    "root",
    "run",
    "sbin",
    "snap",
    "srv",
    "sys",
    "tmp",
    "usr",
    "usr/bin",
    "usr/include",
    "usr/lib",
    "usr/local",
    "usr/local/bin",
    "usr/sbin",
    "usr/share",
    "usr/src",
    "var",
    "var/cache",
    "var/lib",
    "var/log",
    "var/mail",
    "var/spool",
    "var/tmp",
    "var/www",
    // macOS
    "Applications",
    "Library",
    "System",
    "Users",
    "Volumes",
    "private",
    "private/etc",
    "private/tmp",
    "private/var",
    "opt/homebrew",
];

/// Names whose presence says a folder is someone's home: shell profiles and histories, keys.
/// Checked without following links.
const HOME_MARKS: &[&str] = &[
    ".bash_history",
    ".bash_login",
    ".bash_logout",
    ".bash_profile",
    ".bashrc",
    ".cshrc",
    ".gnupg",
    ".login",
    ".profile",
    ".ssh",
    ".tcshrc",
    ".zprofile",
    ".zsh_history",
    ".zshenv",
    ".zshrc",
    ".CFUserTextEncoding",
    "NTUSER.DAT",
];

/// What this machine says about where people keep their files: the seam that tests fake, so
/// the rules are tested on throwaway trees and never on a real system folder.
#[derive(Debug, Clone, Default)]
pub struct Places {
    /// Folders never to replace, nor any folder above one ([`SYSTEM_FOLDERS`] under `/`).
    pub system: Vec<PathBuf>,
    /// Every home folder known: the user database's and `$HOME`'s.
    pub homes: Vec<PathBuf>,
}

impl Places {
    /// This machine's: the system folders under `/`, the homes of `/etc/passwd`, and `$HOME`
    /// and `%USERPROFILE%` (which may point elsewhere, as under `sudo`, or be unset, as in some
    /// CI and service environments: so neither is relied on alone).
    pub fn of_this_machine() -> Places {
        let mut homes = std::fs::read_to_string("/etc/passwd")
            .map(|t| homes_in_passwd(&t))
            .unwrap_or_default();
        homes.extend(
            ["HOME", "USERPROFILE"]
                .iter()
                .filter_map(std::env::var_os)
                .filter(|h| !h.is_empty())
                .map(PathBuf::from),
        );
        Places {
            system: system_folders(Path::new("/")),
            homes,
        }
    }
}

/// [`SYSTEM_FOLDERS`] under `root` (`/`, or a fake root in tests).
pub fn system_folders(root: &Path) -> Vec<PathBuf> {
    SYSTEM_FOLDERS.iter().map(|f| root.join(f)).collect()
}

/// The home folders of a user database in the format of `/etc/passwd`: the sixth field of each
/// line (`name:x:uid:gid:gecos:home:shell`). Lines that are not entries are skipped.
pub fn homes_in_passwd(text: &str) -> Vec<PathBuf> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split(':').nth(5))
        .filter(|h| h.starts_with('/'))
        .map(PathBuf::from)
        .collect()
}

/// What is written into the output folder, for the messages: the site (`build`, which has
/// `--force`) or the report of learners' progress (`report`, which has none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writing {
    /// `syllabus build`: the site, default `public/`.
    Site,
    /// `syllabus report`: the report, default `report/`.
    Report,
}

impl Writing {
    fn noun(self) -> &'static str {
        match self {
            Writing::Site => "the site",
            Writing::Report => "the report",
        }
    }

    fn default_folder(self) -> &'static str {
        match self {
            Writing::Site => "public/",
            Writing::Report => "report/",
        }
    }

    /// `why`, and that `--force` does not change it where there is a `--force`.
    fn even_forced(self, why: &str) -> String {
        match self {
            Writing::Site => format!("{why}; --force does not change that"),
            Writing::Report => why.to_owned(),
        }
    }
}

/// The folder a build is asked to replace, and what it must not touch.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// What is written, for the messages.
    pub writing: Writing,
    /// The output folder asked for (`--output`, or `output_dir` in site.toml).
    pub output: &'a Path,
    /// The course root (holding site.toml).
    pub root: &'a Path,
    /// The course's content folder.
    pub content: &'a Path,
    /// The course's own output folder: `output_dir` in site.toml, else `public/`. The only
    /// folder inside the course that `--force` may replace when Syllabus did not create it.
    pub course_output: &'a Path,
    /// `--force`: replace a folder Syllabus did not create.
    pub force: bool,
    /// site.toml's `keep` patterns: what the build carries over from the old output.
    pub keep: &'a [Keep],
}

/// Refuses an output folder that would swallow or overwrite the course or something not ours
/// (see the module's rules). A folder without our marker is refused, unless `force`, when the
/// build would drop anything from it: everything but its dotfiles and what `keep` matches.
pub fn check_output_dir(t: &Target, places: &Places) -> anyhow::Result<()> {
    let out = resolve(t.output)?;
    let root = resolve(t.root)?;
    let content = resolve(t.content)?;
    let link = if out == std::path::absolute(t.output).unwrap_or_default() {
        String::new()
    } else {
        format!(" (the folder it leads to, {})", out.display())
    };
    let refuse = |why: &str| -> anyhow::Result<()> {
        bail!(
            "refusing to write {} to {}{link}: {why}\nchoose another folder with --output (the default is {} in the course)",
            t.writing.noun(),
            t.output.display(),
            t.writing.default_folder()
        )
    };
    if out == root || root.starts_with(&out) {
        return refuse("it holds the course itself (site.toml)");
    }
    if out.starts_with(&content) || content.starts_with(&out) {
        return refuse("it overlaps the content folder");
    }
    if out.parent().is_none() {
        return refuse("it is the root of the filesystem");
    }
    if let Some(system) = places.system.iter().find(|s| holds(&out, s)) {
        return refuse(&t.writing.even_forced(&format!(
            "it is the system folder {}, or holds it",
            system.display()
        )));
    }
    if let Some(home) = places.homes.iter().find(|h| holds(&out, h)) {
        return refuse(&t.writing.even_forced(&format!(
            "it is the home folder {}, or holds it",
            home.display()
        )));
    }
    if let Some(mark) = HOME_MARKS
        .iter()
        .find(|m| std::fs::symlink_metadata(out.join(m)).is_ok())
    {
        return refuse(&t.writing.even_forced(&format!(
            "it holds {mark}, so it looks like someone's home folder"
        )));
    }
    if out.join(crate::config::CONFIG_FILE).exists() {
        return refuse("it holds a site.toml, so it looks like a course");
    }
    if let Ok(inside) = out.strip_prefix(&root) {
        check_inside_course(t, inside, &out, &root, &refuse)?;
    }
    if out.exists() && !out.is_dir() {
        return refuse("it is a file");
    }
    if !out.is_dir() || t.force {
        return Ok(());
    }
    if !out.join(MARKER).exists() {
        if let Some(dropped) = sort_old_output(&out, t.keep)?.dropped {
            return refuse(&match t.writing {
                Writing::Site => format!(
                    "it is a folder Syllabus did not create, and a build would delete what it holds, such as {}; pass --force to replace it (its dotfiles and the files `keep` in site.toml matches are kept)",
                    dropped.display()
                ),
                Writing::Report => format!(
                    "it is a folder Syllabus did not create, and writing the report would delete what it holds, such as {}",
                    dropped.display()
                ),
            });
        }
    } else if let Some(listed) = manifest::read_listed(&out)?
        && let Some(foreign) = manifest::first_unlisted(&out, &listed, t.keep)?
    {
        return refuse(&match t.writing {
            Writing::Site => format!(
                "{} is not a file Syllabus wrote (the last build's list in {MARKER} does not name it), and a build would delete it; move it out of the output folder, add a `keep` pattern for it in site.toml, or pass --force to delete it",
                foreign.display()
            ),
            Writing::Report => format!(
                "{} is not a file Syllabus wrote (the last list in {MARKER} does not name it), and writing the report would delete it; move it out of the folder",
                foreign.display()
            ),
        });
    }
    Ok(())
}

/// The rules for an output folder inside the course (`inside` is its path below the root):
/// none of the course's own folders, and a folder Syllabus did not create only when it is the
/// course's output folder, even with `--force`.
fn check_inside_course(
    t: &Target,
    inside: &Path,
    out: &Path,
    root: &Path,
    refuse: &dyn Fn(&str) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    if let Some(hidden) = inside
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .find(|c| c.starts_with('.'))
    {
        return refuse(&t.writing.even_forced(&format!(
            "it is inside the course's own hidden folder {hidden} (such as .git)"
        )));
    }
    let themes = root.join("themes");
    if holds(out, &themes) || out.starts_with(&themes) {
        return refuse(
            &t.writing
                .even_forced("it is the course's themes/ folder, or holds it or lies in it"),
        );
    }
    // A folder holding nothing the build would drop (empty, or only a `.git`) is fine.
    let foreign = out.is_dir()
        && !out.join(MARKER).exists()
        && sort_old_output(out, t.keep)?.dropped.is_some();
    if foreign && t.writing == Writing::Report {
        return refuse(
            "it is a folder inside the course that Syllabus did not create, so it may be part of the course; write into a new folder, or move this one out of the course first",
        );
    }
    if foreign && out != resolve(t.course_output)? {
        return refuse(&format!(
            "it is a folder inside the course that Syllabus did not create, so it may be part of the course; --force replaces only the course's own output folder ({}); build into a new folder, or move this one out of the course first",
            t.course_output
                .strip_prefix(t.root)
                .unwrap_or(t.course_output)
                .display()
        ));
    }
    Ok(())
}

/// Whether replacing folder `out` would replace `place`: it is `place` or a folder above it.
/// `place` is compared as it is and with its links resolved.
fn holds(out: &Path, place: &Path) -> bool {
    place.starts_with(out) || place.canonicalize().is_ok_and(|p| p.starts_with(out))
}

/// `path` made absolute with symbolic links resolved as far as it exists, so `a/../b`, a link
/// into the content folder, and an output folder that is a link are seen for what they are.
/// The build replaces the folder a link leads to, never the link (issue 22: reading the old
/// site through a link that had been moved once deleted the folder it pointed at). A link
/// whose target does not exist is refused.
pub fn resolve(path: &Path) -> anyhow::Result<PathBuf> {
    let abs = std::path::absolute(path)
        .with_context(|| format!("could not resolve {}", path.display()))?;
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while std::fs::symlink_metadata(existing).is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(p), Some(n)) => {
                rest.push(n.to_owned());
                existing = p;
            }
            _ => break,
        }
    }
    let mut out = match existing.canonicalize() {
        Ok(p) => p,
        Err(e) if std::fs::symlink_metadata(existing).is_ok_and(|m| m.is_symlink()) => {
            let target = std::fs::read_link(existing).unwrap_or_default();
            bail!(
                "{} is a symbolic link to {}, which cannot be followed ({e}); create the folder it points at, or give the folder itself",
                existing.display(),
                target.display()
            );
        }
        Err(_) => existing.to_path_buf(),
    };
    for n in rest.into_iter().rev() {
        out.push(n);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn homes_come_from_the_sixth_field_of_the_user_database() {
        let passwd = "# comment\nroot:x:0:0:root:/root:/bin/bash\npat:x:1000:1000:Pat,,,:/srv/people/pat:/bin/zsh\nbroken line\nnobody:x:65534:65534::relative:/bin/false\n";
        assert_eq!(
            homes_in_passwd(passwd),
            vec![PathBuf::from("/root"), PathBuf::from("/srv/people/pat")]
        );
    }

    #[test]
    fn system_folders_sit_under_the_given_root() {
        let list = system_folders(Path::new("/fake"));
        assert!(list.contains(&PathBuf::from("/fake/etc")));
        assert!(list.contains(&PathBuf::from("/fake/usr/local")));
        assert!(list.iter().all(|p| p.starts_with("/fake")));
    }
}
