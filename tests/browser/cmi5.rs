//! cmi5 packages against a real LRS (issue 16, docs/lms.md): Ralph (PyPI `ralph-malph`, in the
//! virtual environment scripts/test makes at target/ralph-venv) runs on loopback with its file
//! backend and stores and validates the statements. Ralph has no State API, so the test plays
//! the LMS in front of it, as an LMS fronts its LRS: it serves the package, the launch URL's
//! fetch URL (a token, once per launch), the State API (LMS.LaunchData and the AU's resume
//! state), and passes statements on to Ralph with the LMS's own credentials, which never reach
//! the package. The learner does what tests/browser/lms.rs's learner does; the statements Ralph
//! stored must be initialized, completed, passed, terminated, in that order, in the registration
//! and with the context template; a relaunch in a fresh browser finds everything and adds only
//! initialized and terminated.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use fantoccini::Client;
use serde_json::{Value, json};
use syllabus::progress::{compact, lms};

use crate::course::Course;
use crate::harness::Browser;
use crate::lms::{everything_done, learn, packaged};
use crate::page::*;

/// The LMS's own credentials at Ralph (`ralph auth`), base64 of `lms:secret`.
const RALPH_AUTH: &str = "bG1zOnNlY3JldA==";
/// The token the fetch URL hands the AU: base64 of `au-token:launch`.
const TOKEN: &str = "YXUtdG9rZW46bGF1bmNo";

/// Ralph's `runserver`, killed when dropped.
struct Ralph {
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

async fn start_ralph() -> Ralph {
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
/// Ralph stored them at (to the microsecond; its file backend answers in no set order).
async fn statements(ralph: &Ralph, registration: &str) -> Vec<Value> {
    let q = format!("/xAPI/statements?registration={registration}&limit=100");
    let (status, body) = ralph_request(&ralph.base, Method::GET, &q, Vec::new()).await;
    assert!(
        status.is_success(),
        "{status}: {}",
        String::from_utf8_lossy(&body)
    );
    let v: Value = serde_json::from_slice(&body).unwrap();
    let mut all = v["statements"].as_array().cloned().unwrap_or_default();
    let stored = |s: &Value| s["stored"].as_str().expect("a stored time").to_owned();
    all.sort_by_key(stored);
    all
}

/// What the LMS keeps: State API documents, and how many times each fetch URL was used.
#[derive(Default)]
struct Lms {
    states: Mutex<HashMap<String, String>>,
    fetched: Mutex<HashMap<String, usize>>,
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

fn state_key(q: &HashMap<String, String>) -> String {
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
async fn serve_lms(pkg: PathBuf, lms: Arc<Lms>, ralph: &Ralph) -> String {
    let app = Arc::new(App {
        lms,
        ralph: ralph.base.clone(),
    });
    let router = axum::Router::new()
        .route("/lms/fetch/{n}", axum::routing::post(fetch_url))
        .route("/xapi/activities/state", axum::routing::any(state_api))
        .route("/xapi/statements", axum::routing::any(statements_api))
        .nest_service("/pkg", tower_http::services::ServeDir::new(pkg))
        .with_state(app);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

/// Who launches what, in which registration.
struct Learner<'a> {
    au: &'a str,
    actor: &'a str,
    registration: &'a str,
    /// The AU's mastery score, as cmi5.xml gives it to the LMS.
    mastery: &'a str,
}

/// Launch `n`: LaunchData for a new session, a new fetch URL; the browser ends in the course's
/// frame. Returns the session id.
async fn launch(c: &Client, base: &str, lms: &Lms, who: &Learner<'_>, n: usize) -> String {
    let Learner {
        au,
        actor,
        registration,
        mastery,
    } = *who;
    let session = format!("00000000-0000-4000-8000-00000000000{n}");
    let launch_data = json!({
        "contextTemplate": {
            "contextActivities": { "grouping": [{ "id": "urn:syllabus:lms-course", "objectType": "Activity" }] },
            "extensions": { "https://w3id.org/xapi/cmi5/context/extensions/sessionid": session }
        },
        "launchMode": "Normal",
        "moveOn": "CompletedAndPassed",
        "masteryScore": mastery.parse::<f64>().unwrap()
    });
    let q: HashMap<String, String> = [
        ("activityId", au),
        ("agent", actor),
        ("registration", registration),
        ("stateId", "LMS.LaunchData"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    lms.states
        .lock()
        .unwrap()
        .insert(state_key(&q), launch_data.to_string());
    let mut url = url::Url::parse(&format!("{base}/pkg/launch.html")).unwrap();
    url.query_pairs_mut()
        .append_pair("endpoint", &format!("{base}/xapi/"))
        .append_pair("fetch", &format!("{base}/lms/fetch/{n}"))
        .append_pair("registration", registration)
        .append_pair("activityId", au)
        .append_pair("actor", actor);
    open(c, url.as_str()).await;
    let what = "the course's frame in the launch page";
    find(c, what, "//iframe[@data-lms-frame]")
        .await
        .enter_frame()
        .await
        .expect(what);
    session
}

/// The learner leaves: the launch page goes away; waits for Ralph to have `count` statements.
async fn leave(c: &Client, ralph: &Ralph, registration: &str, count: usize) -> Vec<Value> {
    c.enter_parent_frame().await.expect("to the launch page");
    c.goto("about:blank").await.expect("leave");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let all = statements(ralph, registration).await;
        if all.len() >= count || Instant::now() > deadline {
            return all;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn verbs(statements: &[Value]) -> Vec<String> {
    statements
        .iter()
        .map(|s| {
            s["verb"]["id"]
                .as_str()
                .unwrap()
                .trim_start_matches("http://adlnet.gov/expapi/verbs/")
                .to_owned()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cmi5_statements_reach_a_real_lrs_in_order_and_a_relaunch_resumes() {
    let ralph = start_ralph().await;
    let s = packaged("cmi5").await;
    let structure = std::fs::read_to_string(s.package_dir().join("cmi5.xml")).unwrap();
    let au = structure
        .split("<au id=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let lms = Arc::new(Lms::default());
    let base = serve_lms(s.package_dir(), Arc::clone(&lms), &ralph).await;
    let actor = json!({ "objectType": "Agent", "name": "Ann Lee",
        "account": { "homePage": "https://lms.example", "name": "ann" } })
    .to_string();
    let registration = "6f4c1c5e-4a4e-4a3b-9d0e-1b2c3d4e5f60";
    let source =
        Course::read(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lms"));

    let browser = Browser::launch().await;
    let c = &browser.client;
    let who = Learner {
        au: &au,
        actor: &actor,
        registration,
        mastery: &s.mastery,
    };
    let session = launch(c, &base, &lms, &who, 1).await;
    learn(c, &source).await;
    expect_clean_logs(c, "a cmi5 session").await;
    let stored = leave(c, &ralph, registration, 4).await;
    browser.close().await;

    assert_eq!(
        verbs(&stored),
        ["initialized", "completed", "passed", "terminated"]
    );
    let report = lms::report(&everything_done(&s.course, &[2, 1]), &s.course);
    for st in &stored {
        assert_eq!(st["context"]["registration"], registration, "{st}");
        assert_eq!(st["object"]["id"], json!(au), "{st}");
        assert_eq!(st["actor"]["account"]["name"], "ann", "{st}");
        let ctx = &st["context"];
        assert_eq!(
            ctx["contextActivities"]["grouping"][0]["id"],
            "urn:syllabus:lms-course"
        );
        assert_eq!(
            ctx["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/sessionid"],
            json!(session)
        );
        let categories: Vec<&str> = ctx["contextActivities"]["category"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        assert!(
            categories.contains(&"https://w3id.org/xapi/cmi5/context/categories/cmi5"),
            "{st}"
        );
        let verb = st["verb"]["id"].as_str().unwrap();
        let moves_on = verb.ends_with("/completed") || verb.ends_with("/passed");
        assert_eq!(
            categories.contains(&"https://w3id.org/xapi/cmi5/context/categories/moveon"),
            moves_on,
            "{st}"
        );
    }
    assert_eq!(stored[1]["result"]["completion"], true);
    assert_eq!(stored[2]["result"]["success"], true);
    let scaled = report.score.unwrap() as f64 / 100.0;
    assert_eq!(
        stored[2]["result"]["score"]["scaled"].as_f64(),
        Some(scaled),
        "{}",
        stored[2]
    );

    // The resume state the LMS keeps holds every unit done and both quiz results.
    let resume = lms
        .states
        .lock()
        .unwrap()
        .iter()
        .find(|(k, _)| k.ends_with("https://w3id.org/syllabus/state/progress"))
        .map(|(_, v)| v.clone())
        .expect("the AU's resume state");
    let doc: Value = serde_json::from_str(&resume).unwrap();
    let restored = compact::decode(doc["data"].as_str().unwrap(), &s.course).unwrap();
    let want = everything_done(&s.course, &[2, 1]);
    let keys =
        |st: &syllabus::progress::schema::Stored| st.units.keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&restored), keys(&want));

    // A relaunch in a fresh browser: the same registration, a new session.
    let browser = Browser::launch().await;
    let c = &browser.client;
    launch(c, &base, &lms, &who, 2).await;
    expect_heading(c, "Habits review").await;
    crate::quizzes::expect_best_score(c, "100%, passed (1 attempt)").await;
    let home = find(
        c,
        "the course's title link",
        "//a[contains(@class, 'site-title')]",
    )
    .await;
    click(c, &home, "the course's title link").await;
    expect_heading(c, "LMS Course").await;
    crate::lms::next(c, "Basics").await;
    crate::lms::next(c, "Listen").await;
    for text in [
        "Call one customer",
        "Thank a colleague",
        "Mark this lesson complete",
    ] {
        expect_ticked(c, text, true).await;
    }
    expect_clean_logs(c, "a relaunched cmi5 session").await;
    let all = leave(c, &ralph, registration, 6).await;
    browser.close().await;
    assert_eq!(
        verbs(&all),
        [
            "initialized",
            "completed",
            "passed",
            "terminated",
            "initialized",
            "terminated"
        ],
        "the verdicts are sent once per registration"
    );
}
