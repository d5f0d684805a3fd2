//! Watching the course: notify events, debounced, classified into a [`ChangeSet`].
//!
//! [`classify`] is pure: paths in, what kind of rebuild they need out. [`Watcher`] owns the
//! notify debouncer; it watches the course root (not recursively, for `site.toml` and the
//! arrival or loss of `content/` and `themes/`) plus `content/` and `themes/` recursively, and
//! re-arms those two when they are deleted and come back (W10).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context as _;
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer_opt};

use crate::load::Ignore;

/// What changed, by what it affects.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ChangeSet {
    /// `site.toml` changed.
    pub config: bool,
    /// Files under `content/`.
    pub content: Vec<PathBuf>,
    /// Theme templates.
    pub templates: Vec<PathBuf>,
    /// Theme static files (CSS, JS, images).
    pub statics: Vec<PathBuf>,
    /// `content/` or `themes/` itself appeared or vanished: the watches must be re-armed.
    pub rearm: bool,
    /// The OS dropped events; only a full rebuild is safe.
    pub rescan: bool,
}

impl ChangeSet {
    /// Nothing that matters changed.
    pub fn is_empty(&self) -> bool {
        !self.config
            && self.content.is_empty()
            && self.templates.is_empty()
            && self.statics.is_empty()
            && !self.rearm
            && !self.rescan
    }

    /// Only files under `content/` changed (an incremental rebuild may do).
    pub fn is_content_only(&self) -> bool {
        !self.config
            && self.templates.is_empty()
            && self.statics.is_empty()
            && !self.rearm
            && !self.rescan
    }

    /// Only stylesheets changed: browsers can swap them without reloading.
    pub fn is_css_only(&self) -> bool {
        !self.statics.is_empty()
            && self
                .statics
                .iter()
                .all(|p| p.extension().is_some_and(|e| e == "css"))
            && ChangeSet {
                statics: Vec::new(),
                ..self.clone()
            }
            .is_empty()
    }

    /// One line for the terminal: `content/01-x/02-y.md` or `3 files`.
    pub fn describe(&self, root: &Path) -> String {
        let mut all: Vec<&PathBuf> = self
            .content
            .iter()
            .chain(&self.templates)
            .chain(&self.statics)
            .collect();
        all.sort();
        let mut parts = Vec::new();
        if self.config {
            parts.push("site.toml".to_owned());
        }
        match all.as_slice() {
            [] => {}
            [one] => parts.push(one.strip_prefix(root).unwrap_or(one).display().to_string()),
            many => parts.push(format!("{} files", many.len())),
        }
        if self.rescan || self.rearm {
            parts.push("folders".to_owned());
        }
        parts.join(", ")
    }
}

/// Sorts changed `paths` into a [`ChangeSet`]. Names `ignore` leaves out (editor droppings,
/// hidden files, site.toml's `ignore` globs: the walk's own rule) and anything outside
/// `content/`, `themes/` and `site.toml` are ignored.
pub fn classify<'a>(
    root: &Path,
    ignore: &Ignore,
    paths: impl IntoIterator<Item = &'a Path>,
) -> ChangeSet {
    let mut set = ChangeSet::default();
    for path in paths {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let parts: Vec<&str> = rel.iter().filter_map(|c| c.to_str()).collect();
        if parts.iter().any(|p| ignore.is_ignored(p)) {
            continue;
        }
        match parts.as_slice() {
            ["site.toml"] => set.config = true,
            ["content"] | ["themes"] | ["themes", _] => set.rearm = true,
            ["content", ..] => set.content.push(path.to_path_buf()),
            ["themes", _, "templates", ..] => set.templates.push(path.to_path_buf()),
            ["themes", _, "static", ..] => set.statics.push(path.to_path_buf()),
            _ => {}
        }
    }
    for list in [&mut set.content, &mut set.templates, &mut set.statics] {
        list.sort();
        list.dedup();
    }
    set
}

/// What a debounced batch of notify `events` changed. An event flagged `Rescan` (the OS
/// dropped events, e.g. an inotify queue overflow) makes it a full rebuild (W04).
pub fn changes_of<'a>(
    root: &Path,
    ignore: &Ignore,
    events: impl Iterator<Item = &'a notify::Event> + Clone,
) -> ChangeSet {
    // Reads are not changes: our own build opens every file, and counting that as a change
    // would rebuild forever.
    let changed = events.clone().filter(|e| changes_content(&e.kind));
    let mut set = classify(
        root,
        ignore,
        changed.flat_map(|e| e.paths.iter().map(PathBuf::as_path)),
    );
    set.rescan = events.clone().any(notify::Event::need_rescan);
    set
}

/// A running watch on a course.
pub struct Watcher {
    debouncer: Backend,
    root: PathBuf,
    /// Debounced batches of changes.
    pub changes: mpsc::Receiver<ChangeSet>,
}

/// The operating system's change events, or polling for where none arrive (W12).
enum Backend {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, RecommendedCache>),
}

impl Backend {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Backend::Native(d) => d.watch(path, mode),
            Backend::Poll(d) => d.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        match self {
            Backend::Native(d) => d.unwatch(path),
            Backend::Poll(d) => d.unwatch(path),
        }
    }
}

impl Watcher {
    /// Starts watching `root`; bursts closer than `debounce` arrive as one [`ChangeSet`].
    /// With `poll`, the folders are scanned at that interval instead of waiting for the
    /// operating system's events (network drives, WSL, some container mounts).
    pub fn start(
        root: &Path,
        debounce: Duration,
        poll: Option<Duration>,
    ) -> anyhow::Result<Watcher> {
        let root = std::path::absolute(root)?;
        let (tx, rx) = mpsc::channel();
        let classify_root = root.clone();
        let handler = move |result: DebounceEventResult| {
            let set = match result {
                Ok(events) => {
                    // Read afresh each time, so an edited `ignore` list applies at once (W02).
                    let ignore = Ignore::for_course(&classify_root);
                    changes_of(&classify_root, &ignore, events.iter().map(|e| &e.event))
                }
                Err(errors) => {
                    for e in errors {
                        log::warn!("file watcher: {}", explain(&e));
                    }
                    ChangeSet {
                        rescan: true,
                        ..ChangeSet::default()
                    }
                }
            };
            if !set.is_empty() {
                let _ = tx.send(set);
            }
        };
        // Symlinks are not followed, like the content walk (W13).
        let config = notify::Config::default().with_follow_symlinks(false);
        let debouncer = match poll {
            None => new_debouncer_opt(debounce, None, handler, RecommendedCache::new(), config)
                .map(Backend::Native),
            Some(every) => {
                let config = config
                    .with_poll_interval(every)
                    .with_compare_contents(false);
                new_debouncer_opt(debounce, None, handler, RecommendedCache::new(), config)
                    .map(Backend::Poll)
            }
        }
        .map_err(|e| anyhow::anyhow!(explain(&e)))
        .context("could not start watching the course for changes")?;
        let mut w = Watcher {
            debouncer,
            root,
            changes: rx,
        };
        w.debouncer
            .watch(&w.root, RecursiveMode::NonRecursive)
            .map_err(|e| anyhow::anyhow!(explain(&e)))
            .with_context(|| format!("could not watch {}", w.root.display()))?;
        w.rearm();
        Ok(w)
    }

    /// (Re)watches `content/` and `themes/` if they exist; called after they come and go.
    pub fn rearm(&mut self) {
        for dir in ["content", "themes"] {
            let path = self.root.join(dir);
            let _ = self.debouncer.unwatch(&path);
            if path.is_dir()
                && let Err(e) = self.debouncer.watch(&path, RecursiveMode::Recursive)
            {
                log::warn!("could not watch {}: {}", path.display(), explain(&e));
            }
        }
    }
}

/// Whether an event kind can change what a build reads (not an open, a read or an atime bump).
fn changes_content(kind: &notify::EventKind) -> bool {
    use notify::event::{EventKind, MetadataKind, ModifyKind};
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
    )
}

/// notify's errors, with the fix for the one authors hit: too few inotify watches (W11).
fn explain(e: &notify::Error) -> String {
    match &e.kind {
        notify::ErrorKind::MaxFilesWatch => {
            "the system's limit on watched folders is reached; raise it with \
             `sudo sysctl fs.inotify.max_user_watches=524288` and restart serve, or use `serve --poll`"
                .to_owned()
        }
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn w11_the_watch_limit_says_how_to_raise_it_or_poll() {
        // notify reports inotify's ENOSPC on adding a watch as MaxFilesWatch; the bare OS text
        // ("No space left on device") would send authors looking at their disk.
        let message = explain(&notify::Error::new(notify::ErrorKind::MaxFilesWatch));
        assert!(message.contains("limit on watched folders"), "{message}");
        assert!(
            message.contains("sysctl fs.inotify.max_user_watches="),
            "{message}"
        );
        assert!(message.contains("serve --poll"), "{message}");
        assert!(!message.contains("No space left"), "{message}");
    }

    fn set(paths: &[&str]) -> ChangeSet {
        let root = Path::new("/c");
        let full: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
        classify(root, &Ignore::default(), full.iter().map(PathBuf::as_path))
    }

    #[test]
    fn classify_sorts_changes_by_kind() {
        let s = set(&[
            "site.toml",
            "content/01-a/02-b.md",
            "themes/default/templates/lesson.html",
            "themes/default/static/x.css",
        ]);
        assert!(s.config);
        assert_eq!(s.content, [PathBuf::from("/c/content/01-a/02-b.md")]);
        assert_eq!(s.templates.len(), 1);
        assert_eq!(s.statics.len(), 1);
        assert!(!s.is_css_only());
    }

    #[test]
    fn editor_droppings_and_other_folders_change_nothing() {
        for p in [
            "content/01-a/.02-b.md.swp",
            "content/01-a/02-b.md~",
            "content/01-a/4913",
            "content/01-a/#02-b.md#",
            "content/01-a/.#02-b.md",
            "public/index.html",
            "target/debug/x",
            ".git/index",
            "content/.DS_Store",
        ] {
            assert!(set(&[p]).is_empty(), "{p}");
        }
    }

    #[test]
    fn site_toml_ignore_globs_change_nothing() {
        let root = Path::new("/c");
        let ignore = Ignore::new(&["*.draft".to_owned(), "scratch".to_owned()]);
        for p in [
            "content/01-a/x.draft",
            "content/scratch/a.md",
            "content/01-a/scratch",
        ] {
            assert!(
                classify(root, &ignore, [root.join(p).as_path()]).is_empty(),
                "{p}"
            );
        }
        let kept = root.join("content/01-a/x.md");
        assert!(!classify(root, &ignore, [kept.as_path()]).is_empty());
    }

    #[test]
    fn css_alone_is_swapped_without_reload() {
        assert!(set(&["themes/default/static/syllabus.css"]).is_css_only());
        assert!(!set(&["themes/default/static/js/core.js"]).is_css_only());
        assert!(!set(&["themes/default/static/a.css", "content/x/y.md"]).is_css_only());
    }

    #[test]
    fn w04_a_rescan_event_is_a_full_rebuild() {
        use notify::event::{Event, EventKind, Flag, ModifyKind};
        let root = Path::new("/c");
        // The OS lost events: notify sends one with no paths and the Rescan flag.
        let lost = Event::new(EventKind::Other).set_flag(Flag::Rescan);
        let set = changes_of(root, &Ignore::default(), [&lost].into_iter());
        assert!(set.rescan && !set.is_empty() && !set.is_content_only());
        // Beside an ordinary edit, the batch is still a full rebuild.
        let edit =
            Event::new(EventKind::Modify(ModifyKind::Any)).add_path(root.join("content/a/b.md"));
        let set = changes_of(root, &Ignore::default(), [&edit, &lost].into_iter());
        assert!(set.rescan && !set.is_content_only());
        assert_eq!(set.content, [root.join("content/a/b.md")]);
        // Reads change nothing.
        let read = Event::new(EventKind::Access(notify::event::AccessKind::Any))
            .add_path(root.join("content/a/b.md"));
        assert!(changes_of(root, &Ignore::default(), [&read].into_iter()).is_empty());
    }

    #[test]
    fn content_folder_itself_rearms_the_watch() {
        assert!(set(&["content"]).rearm);
        assert!(set(&["themes/default"]).rearm);
    }
}
