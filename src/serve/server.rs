//! The development server: serves the last good build (what it made from memory, what it
//! copies from the course), injects the live-reload script into HTML responses, and pushes
//! rebuild events over server-sent events.
//!
//! Only files of the built site are reachable: requests are looked up in the site's file map,
//! never joined onto a folder, so `..`, encoded dots and absolute paths cannot leave it. How a
//! file is sent is in [`super::files`]; which requests are answered at all, in [`guard`].

use std::collections::HashMap;
use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt as _};
use tokio::sync::broadcast;

use super::files::{SiteFile, respond};
use super::guard;
use crate::fs::FileStamp;
use crate::fs::OutFile;
use crate::kinds::SitePage;
use crate::model::Asset;

/// The live-reload script, served at `/__syllabus/reload.js`.
const RELOAD_JS: &str = include_str!("reload.js");

/// What the server pushes to open pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Push {
    /// A new build is ready: reload.
    Reload,
    /// Only stylesheets changed: swap them.
    Css,
    /// The last change failed to build: show this text.
    Error(String),
}

/// The last good site: its files by path, and the stamp of every file it copies from the
/// course, as that build's load found it.
#[derive(Default)]
struct Site {
    files: HashMap<String, SiteFile>,
    stamps: HashMap<PathBuf, FileStamp>,
}

impl Site {
    /// What a request for `path` sends: the file, and for a copied one its stamp.
    fn get(&self, path: &str) -> Option<(SiteFile, Option<FileStamp>)> {
        let file = self.files.get(path)?;
        let stamp = match file {
            SiteFile::Copied(from) => self.stamps.get(from).copied(),
            SiteFile::Built { .. } => None,
        };
        Some((file.clone(), stamp))
    }
}

/// A built file as the server keeps it.
fn served(f: OutFile) -> (String, SiteFile) {
    let file = SiteFile::new(&f.path, f.data);
    (f.path, file)
}

/// The stamps of `assets` by path.
fn stamps_of(assets: &[Asset]) -> HashMap<PathBuf, FileStamp> {
    assets.iter().map(|a| (a.path.clone(), a.stamp)).collect()
}

/// The state the server and the rebuild loop share.
pub struct Live {
    site: RwLock<Site>,
    error: RwLock<Option<String>>,
    events: broadcast::Sender<Push>,
    /// Refuse requests whose `Host` is not a loopback name (DNS rebinding, see [`guard`]).
    loopback_only: bool,
    /// How often the event stream sends a comment, to keep the connection from being idle.
    keep_alive: Duration,
}

impl Live {
    /// Empty state; `loopback_only` when bound to a loopback address; the event stream sends
    /// a comment every `keep_alive`.
    pub fn new(loopback_only: bool, keep_alive: Duration) -> Self {
        Live {
            site: RwLock::default(),
            error: RwLock::default(),
            events: broadcast::channel(16).0,
            loopback_only,
            keep_alive,
        }
    }

    /// Publishes a finished build, whose load found `assets`, then tells pages to reload (or
    /// swap CSS).
    pub fn publish(&self, files: Vec<OutFile>, assets: &[Asset], push: Push) {
        let site = Site {
            files: files.into_iter().map(served).collect(),
            stamps: stamps_of(assets),
        };
        *self.site.write().expect("site lock is never poisoned") = site;
        self.ok(push);
    }

    /// Publishes the files an incremental rebuild changed and drops the ones it no longer
    /// makes, all at once, then tells pages to reload. `assets` are the copied files as the
    /// rebuild's load found them (an edited image keeps its path but gets a new stamp).
    pub fn publish_changed(&self, files: Vec<OutFile>, removed: &[String], assets: &[Asset]) {
        // Made before taking the lock, which holds requests up.
        let files: Vec<(String, SiteFile)> = files.into_iter().map(served).collect();
        let stamps = stamps_of(assets);
        let mut site = self.site.write().expect("site lock is never poisoned");
        for path in removed {
            site.files.remove(path);
        }
        site.files.extend(files);
        site.stamps = stamps;
        drop(site);
        self.ok(Push::Reload);
    }

    fn ok(&self, push: Push) {
        *self.error.write().expect("error lock is never poisoned") = None;
        let _ = self.events.send(push);
    }

    /// Records a failed build: the last good site stays, pages show `text`.
    pub fn fail(&self, text: String) {
        *self.error.write().expect("error lock is never poisoned") = Some(text.clone());
        let _ = self.events.send(Push::Error(text));
    }

    /// A receiver of future pushes (tests use it to wait for rebuilds).
    pub fn subscribe(&self) -> broadcast::Receiver<Push> {
        self.events.subscribe()
    }
}

/// The router: the reload script, the event stream, and every file of the site, all behind
/// [`guard::guard`] (loopback hosts only when bound to loopback; GET and HEAD only).
pub fn router(live: Arc<Live>) -> Router {
    let loopback_only = live.loopback_only;
    Router::new()
        .route("/__syllabus/reload.js", axum::routing::get(reload_js))
        .route("/__syllabus/events", axum::routing::get(events))
        .fallback(file)
        .layer(axum::middleware::from_fn_with_state(
            loopback_only,
            guard::guard,
        ))
        .with_state(live)
}

async fn reload_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        RELOAD_JS,
    )
}

async fn events(
    State(live): State<Arc<Live>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = live.events.subscribe();
    // A page that connects (or reconnects) first hears the current state.
    let first = match live
        .error
        .read()
        .expect("error lock is never poisoned")
        .clone()
    {
        Some(text) => Event::default().event("build-error").data(text),
        None => Event::default().event("ok").data(""),
    };
    let later = stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(push) => return Some((push_event(push), rx)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream::once(async { first }).chain(later).map(Ok))
        .keep_alive(KeepAlive::new().interval(live.keep_alive))
}

fn push_event(push: Push) -> Event {
    match push {
        Push::Reload => Event::default().event("reload").data(""),
        Push::Css => Event::default().event("css").data(""),
        Push::Error(text) => Event::default().event("build-error").data(text),
    }
}

async fn file(State(live): State<Arc<Live>>, uri: Uri) -> Response {
    let found = {
        // Copy what is needed under the lock, and answer after releasing it.
        let site = live.site.read().expect("site lock is never poisoned");
        match site_path(uri.path()) {
            Some(path) if let Some((data, stamp)) = site.get(&path) => {
                Lookup::File(path, data, stamp)
            }
            Some(path) if site.files.contains_key(&format!("{path}/index.html")) => {
                Lookup::Folder(path)
            }
            _ => Lookup::Missing(site.get(SitePage::NotFound.url()).map(|(page, _)| page)),
        }
    };
    match found {
        Lookup::File(path, data, stamp) => respond(&path, &data, stamp, StatusCode::OK).await,
        // A folder asked for without its slash: relative links need the slash.
        Lookup::Folder(path) => (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, folder_location(&path))],
        )
            .into_response(),
        Lookup::Missing(Some(page)) => {
            respond(SitePage::NotFound.url(), &page, None, StatusCode::NOT_FOUND).await
        }
        Lookup::Missing(None) => (StatusCode::NOT_FOUND, "Not found\n").into_response(),
    }
}

/// What a request asks for.
enum Lookup {
    /// A file of the site, by path, with its stamp if copied.
    File(String, SiteFile, Option<FileStamp>),
    /// A folder asked for without its slash, by its site path.
    Folder(String),
    Missing(Option<SiteFile>),
}

/// Where the folder at `site_path` (from [`site_path`]: clean segments, no leading slash) is:
/// an absolute path on this host, percent-encoded. It is built from the cleaned path, never
/// from the request, so it cannot start with `//` or `/\`, which a browser reads as another
/// host: `GET //human-selling` once redirected to `//human-selling/` (issue 22).
fn folder_location(site_path: &str) -> String {
    let mut to = String::from("/");
    for b in site_path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b) {
            to.push(char::from(b));
        } else {
            to.push_str(&format!("%{b:02X}"));
        }
    }
    to.push('/');
    to
}

/// The site file a URL path asks for: percent-decoded, `index.html` for folders. `None` for
/// anything that tries to climb (`..`), names a hidden file, or is not valid UTF-8.
pub fn site_path(url_path: &str) -> Option<String> {
    // A `%` without two hex digits stays as written (no file has such a name, so it is a 404).
    let path = percent_encoding::percent_decode_str(url_path)
        .decode_utf8()
        .ok()?;
    if path.contains(['\\', '\0']) {
        return None;
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| s.starts_with('.')) {
        return None;
    }
    let mut joined = segments.join("/");
    if joined.is_empty() || path.ends_with('/') {
        if !joined.is_empty() {
            joined.push('/');
        }
        joined.push_str("index.html");
    }
    Some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_never_climb_out() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/m/").as_deref(), Some("m/index.html"));
        assert_eq!(site_path("/m/l.html").as_deref(), Some("m/l.html"));
        assert_eq!(
            site_path("/m/my%20file.png").as_deref(),
            Some("m/my file.png")
        );
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/x",
            "/m/%2E%2E/%2e%2e/x",
            "/.syllabus-output",
            "/a\\..\\b",
            "/%00",
            "/%FF",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
        // Issue 21 (the `percent-encoding` crate): a `%` without two hex digits is part of the
        // name, as browsers and other servers read it; no built file has such a name.
        assert_eq!(site_path("/%zz").as_deref(), Some("%zz"));
        assert_eq!(site_path("/caf%C3%A9.html").as_deref(), Some("café.html"));
    }

    #[test]
    fn folder_redirects_stay_on_this_host() {
        for (url, to) in [
            ("/first", "/first/"),
            ("//first", "/first/"),
            ("///first", "/first/"),
            ("/%2F%2Ffirst", "/first/"),
            ("//first//second", "/first/second/"),
            ("/my%20folder", "/my%20folder/"),
            ("/caf%C3%A9", "/caf%C3%A9/"),
        ] {
            let path = site_path(url).unwrap();
            assert_eq!(folder_location(&path), to, "{url}");
        }
        for url in ["/\\first", "/%5Cfirst", "/%5C%5Cevil.example"] {
            assert_eq!(site_path(url), None, "{url}");
        }
    }
}
