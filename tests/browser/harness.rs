//! What a browser test stands on: the bundled course built by the real binary, a local static
//! HTTP server for it, and Debian's Chromium driven through a chromedriver child process.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "chromedriver";
const INSTALL_HINT: &str = "run scripts/test, which installs Debian's chromium and chromium-driver";

/// The bundled course, built into a fresh temporary folder by the `syllabus` binary.
pub struct BuiltSite {
    _temp: tempfile::TempDir,
    dir: PathBuf,
}

impl BuiltSite {
    pub fn build() -> Self {
        let temp = tempfile::tempdir().expect("temporary folder for the site");
        let dir = temp.path().join("site");
        build_course(Path::new(env!("CARGO_MANIFEST_DIR")), &dir);
        BuiltSite { _temp: temp, dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// `file://` URL of a page of the built site, e.g. `file_url("index.html")`.
    pub fn file_url(&self, page: &str) -> String {
        file_url(&self.dir, page)
    }

    /// Every HTML page of the built site, as paths relative to its root (`human-selling/cogs.html`),
    /// sorted.
    pub fn pages(&self) -> Vec<String> {
        html_pages(&self.dir)
    }
}

/// `file://` URL of `page` (relative) in the folder `dir`.
pub fn file_url(dir: &Path, page: &str) -> String {
    url::Url::from_file_path(dir.join(page))
        .expect("absolute site path")
        .to_string()
}

/// Every `.html` file under `dir`, relative to it with `/` separators, sorted.
pub fn html_pages(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("read the site folder") {
            let path = entry.expect("site folder entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "html") {
                let rel = path.strip_prefix(root).expect("page inside the site");
                let parts: Vec<_> = rel.iter().map(|p| p.to_string_lossy()).collect();
                out.push(parts.join("/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Runs `syllabus build --root ROOT --output OUT` and panics with its output if it fails.
pub fn build_course(root: &Path, out: &Path) {
    let run = Command::new(env!("CARGO_BIN_EXE_syllabus"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(out)
        .output()
        .expect("run the syllabus binary");
    assert!(
        run.status.success(),
        "syllabus build failed ({}):\n{}{}",
        run.status,
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        out.join("index.html").is_file(),
        "the build wrote no index.html"
    );
}

/// A copy of the bundled course (`site.toml` and `content/`) in a temporary folder, to change and
/// rebuild; it builds into `<temp>/site`, the same folder every time (as a real deployment would).
pub struct CourseCopy {
    _temp: tempfile::TempDir,
    root: PathBuf,
    out: PathBuf,
}

impl CourseCopy {
    pub fn new() -> Self {
        let temp = tempfile::tempdir().expect("temporary folder for the course");
        let root = temp.path().join("course");
        let out = temp.path().join("site");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::create_dir_all(&root).expect("course folder");
        std::fs::copy(repo.join("site.toml"), root.join("site.toml")).expect("copy site.toml");
        copy_tree(&repo.join("content"), &root.join("content"));
        CourseCopy {
            _temp: temp,
            root,
            out,
        }
    }

    /// The course's root folder (with `site.toml` and `content/`).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder the site is built into.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Builds (or rebuilds) the site into `out()`.
    pub fn build(&self) {
        build_course(&self.root, &self.out);
    }

    /// Reads a file of the course (`rel` from the course root).
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Writes a file of the course.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent folder")).expect("create folder");
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {rel}: {e}"));
    }

    /// Moves a file of the course to another name (and folder).
    pub fn rename(&self, from: &str, to: &str) {
        let to_path = self.root.join(to);
        std::fs::create_dir_all(to_path.parent().expect("parent folder")).expect("create folder");
        std::fs::rename(self.root.join(from), to_path)
            .unwrap_or_else(|e| panic!("move {from} to {to}: {e}"));
    }
}

/// Copies the folder `from` to `to`, with everything in it.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Serves a folder over HTTP on 127.0.0.1 (a free port) until the test's runtime ends, and
/// returns the site's base URL without a trailing slash (`http://127.0.0.1:PORT`).
pub async fn serve(dir: &Path) -> String {
    serve_at(dir, "").await
}

/// Serves a folder under a sub-path, e.g. `/training`, as a web server hosting the course in a
/// folder would: `http://127.0.0.1:PORT/training/index.html`. Like common static hosts, a missing
/// file gets the site's `404.html` with status 404. Returns the base URL without a trailing slash
/// (`http://127.0.0.1:PORT/training`). The files are read on each request, so a rebuild into the
/// same folder is served at once.
pub async fn serve_at(dir: &Path, prefix: &str) -> String {
    use axum::http::{StatusCode, header};
    // The not-found page is read afresh for each miss, always whole (a ServeFile fallback would
    // answer a browser's conditional request with an empty 304-turned-404).
    let page = dir.join("404.html");
    let not_found = axum::routing::any(move || {
        let page = page.clone();
        async move {
            let body = tokio::fs::read(&page).await.unwrap_or_default();
            let html = [(header::CONTENT_TYPE, "text/html; charset=utf-8")];
            (StatusCode::NOT_FOUND, html, body)
        }
    });
    let files = tower_http::services::ServeDir::new(dir).fallback(not_found);
    let app = if prefix.is_empty() {
        axum::Router::new().fallback_service(files)
    } else {
        assert!(
            prefix.starts_with('/') && !prefix.ends_with('/'),
            "sub-path {prefix:?}: write it as /name"
        );
        axum::Router::new().nest_service(prefix, files)
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind the site server");
    let addr = listener.local_addr().expect("site server address");
    tokio::spawn(async move {
        axum::serve(listener, app).await.expect("site server");
    });
    format!("http://{addr}{prefix}")
}

/// A chromedriver child process, killed (after closing any session left open) when dropped.
pub struct ChromeDriver {
    child: Child,
    port: u16,
    log: PathBuf,
    session: Option<String>,
}

impl ChromeDriver {
    /// Starts chromedriver on a free port (retrying if another process took the port meanwhile).
    pub fn start(log_dir: &Path) -> Self {
        assert!(
            Path::new(CHROMIUM).is_file(),
            "{CHROMIUM} is missing: the browser tests need it; {INSTALL_HINT}"
        );
        let log = log_dir.join("chromedriver.log");
        for _ in 0..3 {
            let port = free_port();
            let log_file = std::fs::File::create(&log).expect("chromedriver log file");
            let child = Command::new(CHROMEDRIVER)
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(log_file.try_clone().expect("log file handle"))
                .stderr(log_file)
                .spawn()
                .unwrap_or_else(|e| {
                    panic!("cannot start `{CHROMEDRIVER}` ({e}): the browser tests need it; {INSTALL_HINT}")
                });
            let mut driver = ChromeDriver {
                child,
                port,
                log: log.clone(),
                session: None,
            };
            if driver.wait_until_ready() {
                return driver;
            }
        }
        panic!(
            "chromedriver exited at once three times:\n{}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits until chromedriver answers /status; false if it exited (e.g. its port was taken).
    fn wait_until_ready(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let status = http_request(self.port, "GET", "/status");
            if status.is_some_and(|s| s.contains("\"ready\":true")) {
                return true;
            }
            if let Ok(Some(_)) = self.child.try_wait() {
                return false;
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not answer /status within 20 s:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        // A test that panicked left its session open: close it so chromium exits too.
        if let Some(id) = self.session.take() {
            http_request(self.port, "DELETE", &format!("/session/{id}"));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How a test's browser looks at the site.
#[derive(Clone, Copy, Debug, Default)]
pub struct Setup {
    /// A phone: a 390 x 844 CSS-pixel touch screen (as an iPhone 12-15), like Chrome's device mode.
    pub phone: bool,
}

/// A chromium session with its own fresh profile (so its own empty localStorage), logging the
/// console (`browser`) and the network (`performance`) for `page::console_errors` and
/// `page::network_failures`. Downloads go to `downloads()`.
pub struct Browser {
    pub client: Client,
    pub driver: ChromeDriver,
    profile: tempfile::TempDir,
}

impl Browser {
    pub async fn launch() -> Self {
        Self::launch_with(Setup::default()).await
    }

    pub async fn launch_with(setup: Setup) -> Self {
        let profile = tempfile::tempdir().expect("temporary chromium profile");
        let mut driver = ChromeDriver::start(profile.path());
        let user_data_dir = profile.path().join("user-data");
        let downloads = profile.path().join("downloads");
        std::fs::create_dir_all(&downloads).expect("downloads folder");
        let mut options = json!({
            "binary": CHROMIUM,
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                format!("--user-data-dir={}", user_data_dir.display()),
                "--window-size=1280,900",
            ],
            "prefs": {
                "download.default_directory": downloads.display().to_string(),
                "download.prompt_for_download": false,
                "download.directory_upgrade": true,
            },
            "perfLoggingPrefs": { "enableNetwork": true, "enablePage": false },
        });
        if setup.phone {
            options["mobileEmulation"] = json!({
                "deviceMetrics": { "width": 390, "height": 844, "pixelRatio": 3.0, "touch": true },
            });
        }
        let caps = json!({
            "browserName": "chrome",
            "goog:loggingPrefs": { "browser": "ALL", "performance": "ALL" },
            "goog:chromeOptions": options,
        });
        let serde_json::Value::Object(caps) = caps else {
            unreachable!()
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&driver.url())
            .await
            .unwrap_or_else(|e| panic!("cannot open a chromium session: {e}\n{}", driver.log()));
        driver.session = client.session_id().await.expect("session id");
        // Chromium opens its new-tab page at start (which asks the network for things): leave it,
        // and forget what it logged, so the logs hold only what the test does.
        client.goto("about:blank").await.expect("open about:blank");
        for kind in ["browser", "performance"] {
            let _ = client
                .issue_cmd(crate::page::ReadLog(kind.to_string()))
                .await;
        }
        Browser {
            client,
            driver,
            profile,
        }
    }

    /// The folder where this browser saves downloads.
    pub fn downloads(&self) -> PathBuf {
        self.profile.path().join("downloads")
    }

    /// Ends the session (chromium exits); chromedriver is stopped when `self` is dropped.
    pub async fn close(self) {
        let Browser {
            client,
            mut driver,
            profile,
        } = self;
        client.close().await.expect("close the chromium session");
        driver.session = None;
        drop(driver);
        drop(profile);
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("find a free port");
    listener.local_addr().expect("free port").port()
}

/// A tiny blocking HTTP/1.1 request to chromedriver; `None` when it does not answer.
/// (chromedriver keeps the connection open, so the body is read up to its Content-Length.)
fn http_request(port: u16, method: &str, path: &str) -> Option<String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_millis(500)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = Vec::new();
    let mut chunk = [0; 4096];
    loop {
        let n = stream.read(&mut chunk).ok()?;
        response.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&response).into_owned();
        if n == 0 || is_complete(&text) {
            return Some(text);
        }
    }
}

fn is_complete(response: &str) -> bool {
    let Some((head, body)) = response.split_once("\r\n\r\n") else {
        return false;
    };
    let length = head
        .lines()
        .find_map(|l| {
            l.split_once(':')
                .filter(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        })
        .and_then(|(_, v)| v.trim().parse::<usize>().ok());
    length.is_some_and(|len| body.len() >= len)
}
