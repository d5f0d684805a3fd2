//! `syllabus serve`: build into memory, serve it, and rebuild on every change.
//!
//! The loop: the [`watch::Watcher`] sends debounced [`watch::ChangeSet`]s; each one updates the
//! [`LiveSite`] (re-rendering only what the change affects, with the same checks as a cold
//! build); a good result replaces the changed files of the served site at once and pages reload
//! (or swap their CSS), a bad one keeps the last good site and shows the error in every open
//! page. Nothing is written to disk, so stopping the server leaves nothing behind.

pub mod files;
pub mod guard;
pub mod listen;
pub mod server;
pub mod watch;

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::build::BuildOptions;
use crate::build::incremental::{LiveSite, Update};
use crate::diag::{ContentErrors, Diagnostic, plural};
use crate::fs::OutFile;
use crate::model::Asset;
use server::{Live, Push};
use watch::ChangeSet;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The course folder.
    pub root: PathBuf,
    /// Address to bind.
    pub interface: IpAddr,
    /// First port to try; the next free one is used if it is taken.
    pub port: u16,
    /// Open the site in the default browser.
    pub open: bool,
    /// Include draft lessons.
    pub drafts: bool,
    /// How long to wait for a burst of saves to settle.
    pub debounce: Duration,
    /// Scan for changes at this interval instead of using the OS's change events.
    pub poll: Option<Duration>,
    /// How long a client may take to send a request's headers (and an idle keep-alive
    /// connection is kept).
    pub header_timeout: Duration,
    /// How long a connection may make no progress before it is closed.
    pub idle_timeout: Duration,
}

/// Runs the server until Ctrl-C.
pub fn serve(opts: &ServeOptions) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("could not start the server runtime")?;
    runtime.block_on(run(opts))
}

async fn run(opts: &ServeOptions) -> anyhow::Result<()> {
    let build_opts = BuildOptions::checking(opts.root.clone(), opts.drafts);
    let timeouts = listen::Timeouts {
        header: opts.header_timeout,
        idle: opts.idle_timeout,
    };
    let live = Arc::new(Live::new(
        opts.interface.is_loopback(),
        timeouts.event_keep_alive(),
    ));
    // Watch before the first build, so a save made while it runs is not lost.
    let watcher = watch::Watcher::start(&opts.root, opts.debounce, opts.poll)?;
    // A failed first build is shown like any later one: printed, and in the browser.
    let mut site = None;
    rebuild(&live, &build_opts, &mut site, None);
    let listener = listen::bind(opts.interface, opts.port).await?;
    let addr = listener.local_addr()?;
    let url = listen::url_of(addr);
    log::info!("Serving {} at {url} (Ctrl-C to stop)", opts.root.display());
    if !opts.interface.is_loopback() {
        log::warn!("listening on {addr}: anyone who can reach this machine can read the site");
    }
    let loop_live = live.clone();
    std::thread::spawn(move || watch_loop(watcher, &loop_live, &build_opts, site));
    if opts.open {
        open_browser(&url);
    }
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    listen::serve_connections(listener, server::router(live), timeouts, stop).await;
    // Open connections (pages' event streams) end with the runtime.
    log::info!("Stopped.");
    Ok(())
}

/// Waits for changes and rebuilds, until the watcher goes away.
fn watch_loop(
    mut watcher: watch::Watcher,
    live: &Live,
    opts: &BuildOptions,
    mut site: Option<LiveSite>,
) {
    while let Ok(mut set) = watcher.changes.recv() {
        // Saves that arrive while we were building join this rebuild.
        while let Ok(more) = watcher.changes.try_recv() {
            set = merge(set, more);
        }
        if set.rearm || set.rescan {
            watcher.rearm();
        }
        rebuild(live, opts, &mut site, Some(&set));
    }
}

fn merge(mut a: ChangeSet, b: ChangeSet) -> ChangeSet {
    a.config |= b.config;
    a.rearm |= b.rearm;
    a.rescan |= b.rescan;
    a.content.extend(b.content);
    a.templates.extend(b.templates);
    a.statics.extend(b.statics);
    a
}

/// Rebuilds after `change` (or builds, the first time), publishes the result or the error,
/// and prints one line. Content edits re-render only what they change (see
/// `build::incremental`).
pub fn rebuild(
    live: &Live,
    opts: &BuildOptions,
    site: &mut Option<LiveSite>,
    change: Option<&ChangeSet>,
) {
    let start = Instant::now();
    let root = std::path::absolute(&opts.root).unwrap_or_else(|_| opts.root.clone());
    let what = change.map_or_else(
        || "Built".to_owned(),
        |c| format!("Rebuilt after a change to {}:", c.describe(&root)),
    );
    let result = match (site.as_mut(), change) {
        (Some(s), Some(c)) => s.update(&c.content, c.is_content_only()),
        _ => LiveSite::build(opts).map(|(s, files)| {
            let warnings = s.warnings().to_vec();
            *site = Some(s);
            Update::Full(files, warnings)
        }),
    };
    match result {
        Ok(Update::Unchanged) => log::info!("{what} no change, no reload"),
        Ok(update) => {
            let css_only = change.is_some_and(ChangeSet::is_css_only);
            let assets = site.as_ref().map_or(&[][..], LiveSite::assets);
            let (pages, warnings) = publish(live, update, assets, css_only);
            for w in &warnings {
                eprintln!("{w}\n");
            }
            let way = site.as_ref().map_or("", |s| s.way().describe());
            log::info!(
                "{what} {} in {} ms ({way})",
                plural(pages, "page"),
                start.elapsed().as_millis()
            );
        }
        Err(e) => {
            let text = error_text(&e);
            eprintln!("{text}");
            log::warn!(
                "{} the build failed; still serving the last good site",
                what.trim_end_matches(':')
            );
            live.fail(text);
        }
    }
}

/// Publishes an update's files, with the copied files' stamps from `assets`, and tells pages
/// to reload (or swap their CSS); returns the number of pages written and the warnings to
/// print.
fn publish(
    live: &Live,
    update: Update,
    assets: &[Asset],
    css_only: bool,
) -> (usize, Vec<Diagnostic>) {
    let pages = |files: &[OutFile]| files.iter().filter(|f| f.path.ends_with(".html")).count();
    match update {
        Update::Full(files, warnings) => {
            let n = pages(&files);
            let push = if css_only { Push::Css } else { Push::Reload };
            live.publish(files, assets, push);
            (n, warnings)
        }
        Update::Partial(files, removed, warnings) => {
            let n = pages(&files);
            live.publish_changed(files, &removed, assets);
            (n, warnings)
        }
        Update::Unchanged => (0, Vec::new()),
    }
}

/// The text a cold `build` would print for `e`.
fn error_text(e: &anyhow::Error) -> String {
    match e.downcast_ref::<ContentErrors>() {
        Some(c) => c.to_string(),
        None => e
            .chain()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n  caused by: "),
    }
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(cmd).arg(url).spawn() {
        log::warn!("could not open a browser ({cmd}: {e}); open {url} yourself");
    }
}
