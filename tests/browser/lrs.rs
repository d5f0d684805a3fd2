//! The LMS and the LRS of the cmi5 browser test (cmi5.rs): Ralph (PyPI `ralph-malph`, from the
//! virtual environment scripts/test makes at target/ralph-venv) on loopback with its file
//! backend, and an LMS front in axum that serves the package, a fetch URL per launch, the State
//! API and the learner's preferences in the Agent Profile API (Ralph has neither) and passes
//! statements on to Ralph with the LMS's own credentials.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// The LMS's own credentials at Ralph (`ralph auth`), base64 of `lms:secret`.
const RALPH_AUTH: &str = "bG1zOnNlY3JldA==";
/// The token the fetch URL hands the AU: base64 of `au-token:launch`.
const TOKEN: &str = "YXUtdG9rZW46bGF1bmNo";

/// Ralph's `runserver`, killed when dropped.
pub struct Ralph {
    child: std::process::Child,
    base: String,
    _dir: tempfile::TempDir,
}

impl Drop for Ralph {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Ralph's API under uvicorn, as `ralph runserver -b fs` runs it, its file backend appending.
const RALPH_SERVER: &str = r#"
import sys
import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"#;

fn ralph_bin() -> PathBuf {
    let bin = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/ralph-venv/bin/ralph");
    assert!(
        bin.is_file(),
        "{} is missing: run scripts/test, which installs Ralph (ralph-malph) in target/ralph-venv",
        bin.display()
    );
    bin
}

pub async fn start_ralph() -> Ralph {
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("RALPH_APP_DIR", dir.path().join("app")),
        ("RALPH_AUTH_FILE", dir.path().join("auth.json")),
        ("RALPH_RUNSERVER_BACKEND", PathBuf::from("fs")),
    ];
    let auth = std::process::Command::new(ralph_bin())
        .args([
            "auth",
            "-u",
            "lms",
            "-p",
            "secret",
            "-s",
            "all",
            "-M",
            "mailto:lms@example.com",
            "-w",
        ])
        .envs(env.iter().map(|(k, v)| (k, v.as_os_str())))
        .output()
        .expect("ralph auth");
    assert!(
        auth.status.success(),
        "{}",
        String::from_utf8_lossy(&auth.stderr)
    );
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    // `ralph runserver` with its file backend, but started by RALPH_SERVER: Ralph 5.1.0's file
    // backend creates its statements file on the first write and refuses every later one
    // ("already exists and overwrite is not allowed"), so the launcher makes it append.
    let python = ralph_bin().with_file_name("python3");
    let child = std::process::Command::new(python)
        .args(["-c", RALPH_SERVER, &port.to_string()])
        .env(
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH",
            dir.path().join("data"),
        )
        .envs(env.iter().map(|(k, v)| (k, v.as_os_str())))
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(dir.path().join("server.log")).unwrap())
        .spawn()
        .expect("start Ralph");
    let ralph = Ralph {
        child,
        base: format!("http://127.0.0.1:{port}"),
        _dir: dir,
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while ralph_get(&ralph, "/__heartbeat__").await.is_none() {
        assert!(
            Instant::now() < deadline,
            "Ralph did not start on port {port}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    ralph
}

type HttpClient =
    hyper_util::client::legacy::Client<hyper_util::client::legacy::connect::HttpConnector, Body>;

fn client() -> HttpClient {
    hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build_http()
}

/// A request to Ralph with the LMS's credentials: status and body.
async fn ralph_request(
    base: &str,
    method: Method,
    path_and_query: &str,
    body: Vec<u8>,
) -> (StatusCode, Vec<u8>) {
    let req = http::Request::builder()
        .method(method)
        .uri(format!("{base}{path_and_query}"))
        .header("Authorization", format!("Basic {RALPH_AUTH}"))
        .header("X-Experience-API-Version", "1.0.3")
        .header("Content-Type", "application/json")
        .body(Body::from(body))
        .unwrap();
    let res = client().request(req).await.expect("a request to Ralph");
    let status = res.status();
    let bytes = axum::body::to_bytes(Body::new(res.into_body()), usize::MAX)
        .await
        .unwrap();
    (status, bytes.to_vec())
}

async fn ralph_get(ralph: &Ralph, path: &str) -> Option<Value> {
    let req = http::Request::get(format!("{}{path}", ralph.base))
        .body(Body::empty())
        .unwrap();
    let res = client().request(req).await.ok()?;
    res.status().is_success().then_some(Value::Null)
}

/// The statements Ralph stored for `registration`, oldest first: in the order of the times
/// Ralph stored them at (to the microsecond; its file backend answers in no set order), then,
/// for statements posted together, of their own timestamps (which the AU makes grow).
pub async fn statements(ralph: &Ralph, registration: &str) -> Vec<Value> {
    let q = format!("/xAPI/statements?registration={registration}&limit=100");
    let (status, body) = ralph_request(&ralph.base, Method::GET, &q, Vec::new()).await;
    assert!(
        status.is_success(),
        "{status}: {}",
        String::from_utf8_lossy(&body)
    );
    let v: Value = serde_json::from_slice(&body).unwrap();
    let mut all = v["statements"].as_array().cloned().unwrap_or_default();
    let time = |s: &Value, field: &str| s[field].as_str().expect("a time").to_owned();
    all.sort_by_key(|s| (time(s, "stored"), time(s, "timestamp")));
    all
}

/// What the LMS keeps: State API documents, and how many times each fetch URL was used.
#[derive(Default)]
pub struct Lms {
    pub states: Mutex<HashMap<String, String>>,
    fetched: Mutex<HashMap<String, usize>>,
    /// How many times an AU read the learner's preferences (cmi5LearnerPreferences).
    pub preferences_read: Mutex<usize>,
}

struct App {
    lms: Arc<Lms>,
    ralph: String,
}

fn json_response(body: String) -> Response {
    ([("content-type", "application/json")], body).into_response()
}

/// The query parameters of `uri`, decoded.
fn query_of(uri: &http::Uri) -> HashMap<String, String> {
    url::form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

pub fn state_key(q: &HashMap<String, String>) -> String {
    ["activityId", "agent", "registration", "stateId"]
        .map(|k| q.get(k).cloned().unwrap_or_default())
        .join("\n")
}

fn authorized(headers: &HeaderMap) -> bool {
    headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(&format!("Basic {TOKEN}"))
}

async fn fetch_url(
    State(app): State<Arc<App>>,
    axum::extract::Path(n): axum::extract::Path<String>,
) -> Response {
    let mut fetched = app.lms.fetched.lock().unwrap();
    let uses = fetched.entry(n).or_default();
    *uses += 1;
    if *uses > 1 {
        // cmi5: a fetch URL gives its token once.
        let refused = json!({ "error-code": "1", "error-text": "already used" });
        return json_response(refused.to_string());
    }
    json_response(json!({ "auth-token": TOKEN }).to_string())
}

async fn state_api(
    State(app): State<Arc<App>>,
    method: Method,
    headers: HeaderMap,
    uri: http::Uri,
    body: String,
) -> Response {
    if !authorized(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let q = query_of(&uri);
    let key = state_key(&q);
    let mut states = app.lms.states.lock().unwrap();
    if method == Method::GET && !q.contains_key("stateId") {
        // The ids of the documents of this activity, agent and registration.
        let ids: Vec<String> = states
            .keys()
            .filter(|k| k.starts_with(&key))
            .map(|k| k.rsplit('\n').next().unwrap_or_default().to_owned())
            .collect();
        return json_response(json!(ids).to_string());
    }
    match method {
        Method::GET => match states.get(&key) {
            Some(doc) => json_response(doc.clone()),
            None => StatusCode::NOT_FOUND.into_response(),
        },
        Method::PUT | Method::POST => {
            states.insert(key, body);
            StatusCode::NO_CONTENT.into_response()
        }
        Method::DELETE => {
            states.remove(&key);
            StatusCode::NO_CONTENT.into_response()
        }
        _ => StatusCode::METHOD_NOT_ALLOWED.into_response(),
    }
}

/// The Agent Profile API, for the one document cmi5 names: the learner's preferences.
async fn agent_profile_api(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    uri: http::Uri,
) -> Response {
    if !authorized(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let q = query_of(&uri);
    let preferences = json!({ "languagePreference": "en-US", "audioPreference": "off" });
    match q.get("profileId").map(String::as_str) {
        None => json_response(json!(["cmi5LearnerPreferences"]).to_string()),
        Some("cmi5LearnerPreferences") => {
            *app.lms.preferences_read.lock().unwrap() += 1;
            json_response(preferences.to_string())
        }
        Some(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Statements go on to Ralph with the LMS's credentials.
async fn statements_api(
    State(app): State<Arc<App>>,
    method: Method,
    headers: HeaderMap,
    uri: http::Uri,
    body: axum::body::Bytes,
) -> Response {
    if !authorized(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
    let path = format!("/xAPI/statements{query}");
    let sent = body.to_vec();
    let (status, body) = ralph_request(&app.ralph, method, &path, sent.clone()).await;
    if !status.is_success() {
        eprintln!(
            "Ralph answered {status}: {}\nto: {}",
            String::from_utf8_lossy(&body),
            String::from_utf8_lossy(&sent)
        );
    }
    (status, [("content-type", "application/json")], body).into_response()
}

/// Serves the package and plays the LMS in front of Ralph; returns the base URL.
pub async fn serve_lms(pkg: PathBuf, lms: Arc<Lms>, ralph: &Ralph) -> String {
    let app = Arc::new(App {
        lms,
        ralph: ralph.base.clone(),
    });
    let router = axum::Router::new()
        .route("/lms/fetch/{n}", axum::routing::post(fetch_url))
        // Where LaunchData's returnURL sends the learner back to.
        .route(
            "/lms/course-list",
            axum::routing::get(|| async {
                axum::response::Html(
                    "<!doctype html><title>Your courses</title><h1>Your courses</h1>",
                )
            }),
        )
        .route("/xapi/activities/state", axum::routing::any(state_api))
        .route(
            "/xapi/agents/profile",
            axum::routing::get(agent_profile_api),
        )
        .route("/xapi/statements", axum::routing::any(statements_api))
        .nest_service("/pkg", tower_http::services::ServeDir::new(pkg))
        .with_state(app);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}
