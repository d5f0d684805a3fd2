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
        let out = Command::new(env!("CARGO_BIN_EXE_syllabus"))
            .arg("build")
            .arg("--root")
            .arg(env!("CARGO_MANIFEST_DIR"))
            .arg("--output")
            .arg(&dir)
            .output()
            .expect("run the syllabus binary");
        assert!(
            out.status.success(),
            "syllabus build failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            dir.join("index.html").is_file(),
            "the build wrote no index.html"
        );
        BuiltSite { _temp: temp, dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// `file://` URL of a page of the built site, e.g. `file_url("index.html")`.
    pub fn file_url(&self, page: &str) -> String {
        let url = url::Url::from_file_path(self.dir.join(page)).expect("absolute site path");
        url.to_string()
    }
}

/// Serves a folder over HTTP on 127.0.0.1 (a free port) until the test's runtime ends.
pub async fn serve(dir: &Path) -> String {
    let app = axum::Router::new().fallback_service(tower_http::services::ServeDir::new(dir));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind the site server");
    let addr = listener.local_addr().expect("site server address");
    tokio::spawn(async move {
        axum::serve(listener, app).await.expect("site server");
    });
    format!("http://{addr}")
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

/// A chromium session with its own fresh profile (so its own empty localStorage).
pub struct Browser {
    pub client: Client,
    pub driver: ChromeDriver,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub async fn launch() -> Self {
        let profile = tempfile::tempdir().expect("temporary chromium profile");
        let mut driver = ChromeDriver::start(profile.path());
        let user_data_dir = profile.path().join("user-data");
        let caps = json!({
            "browserName": "chrome",
            "goog:loggingPrefs": { "browser": "ALL" },
            "goog:chromeOptions": {
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
            },
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
        Browser {
            client,
            driver,
            _profile: profile,
        }
    }

    /// Ends the session (chromium exits); chromedriver is stopped when `self` is dropped.
    pub async fn close(self) {
        let Browser {
            client,
            mut driver,
            _profile,
        } = self;
        client.close().await.expect("close the chromium session");
        driver.session = None;
        drop(driver);
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
