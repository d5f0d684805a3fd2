//! cmi5 packages against a real LRS (issue 16, docs/lms.md): Ralph (PyPI `ralph-malph`, in the
//! virtual environment scripts/test makes at target/ralph-venv) runs on loopback with its file
//! backend and stores and validates the statements. Ralph has no State API, so the test plays
//! the LMS in front of it, as an LMS fronts its LRS: it serves the package, the launch URL's
//! fetch URL (a token, once per launch), the State API (LMS.LaunchData and the AU's resume
//! state), and passes statements on to Ralph with the LMS's own credentials, which never reach
//! the package. The learner does what tests/browser/lms.rs's learner does; the cmi5 defined
//! statements Ralph stored must be initialized, completed, passed, terminated, in that order, in
//! the registration and with the context template; between initialized and terminated, one cmi5
//! allowed `answered` statement per question of each graded quiz attempt and per scenario
//! ending reached or bettered, with its interaction activity and result; a relaunch in a fresh
//! browser finds everything and adds only initialized and terminated.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::Client;
use serde_json::{Value, json};
use syllabus::progress::{compact, lms};

use crate::course::Course;
use crate::harness::Browser;
use crate::lms::{everything_done, learn, packaged};
use crate::lrs::{Lms, Ralph, serve_lms, start_ralph, state_key, statements};
use crate::page::*;

/// Who launches what, in which registration.
struct Learner<'a> {
    au: &'a str,
    actor: &'a str,
    registration: &'a str,
    /// The AU's mastery score, as cmi5.xml gives it to the LMS.
    mastery: &'a str,
}

/// Where the LMS's LaunchData asks the AU to send the learner when they leave.
const RETURN_PATH: &str = "/lms/course-list";

/// Launch `n`: LaunchData for a new session (with a returnURL when `returns`), a new fetch URL;
/// the browser ends in the course's frame. Returns the session id.
async fn launch(
    c: &Client,
    base: &str,
    lms: &Lms,
    who: &Learner<'_>,
    n: usize,
    returns: bool,
) -> String {
    let Learner {
        au,
        actor,
        registration,
        mastery,
    } = *who;
    let session = format!("00000000-0000-4000-8000-00000000000{n}");
    let mut launch_data = json!({
        "contextTemplate": {
            "contextActivities": { "grouping": [{ "id": "urn:syllabus:lms-course", "objectType": "Activity" }] },
            "extensions": { "https://w3id.org/xapi/cmi5/context/extensions/sessionid": session }
        },
        "launchMode": "Normal",
        "moveOn": "CompletedAndPassed",
        "masteryScore": mastery.parse::<f64>().unwrap()
    });
    if returns {
        launch_data["returnURL"] = json!(format!("{base}{RETURN_PATH}"));
    }
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
    let session = launch(c, &base, &lms, &who, 1, false).await;
    // Without a returnURL the learner leaves by closing the player: no button of our own.
    c.enter_parent_frame().await.expect("to the launch page");
    let exits = c
        .find_all(fantoccini::Locator::Css("[data-lms-exit]"))
        .await
        .unwrap();
    assert!(exits.is_empty(), "no exit button without a returnURL");
    find(c, "the course's frame", "//iframe[@data-lms-frame]")
        .await
        .enter_frame()
        .await
        .expect("the course's frame");
    learn(c, &source).await;
    expect_clean_logs(c, "a cmi5 session").await;
    let (q1, q2) = (&s.course.quizzes[0], &s.course.quizzes[1]);
    let answered = 2 * q1.questions.len() + 2 + q2.questions.len();
    let all = leave(c, &ralph, registration, 4 + answered).await;
    browser.close().await;

    let (stored, allowed): (Vec<Value>, Vec<Value>) = all
        .iter()
        .cloned()
        .partition(|st| !st["verb"]["id"].as_str().unwrap().ends_with("/answered"));
    assert_eq!(
        verbs(&stored),
        ["initialized", "completed", "passed", "terminated"]
    );
    assert_eq!(verbs(&all[..1]), ["initialized"], "first of all");
    assert_eq!(verbs(&all[all.len() - 1..]), ["terminated"], "last of all");
    expect_answered(&allowed, &au, registration, &session, &s.course);
    assert_eq!(
        *lms.preferences_read.lock().unwrap(),
        1,
        "the AU reads the learner's preferences at startup (cmi5 11.0)"
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

    // A relaunch in a fresh browser: the same registration, a new session, and this time the
    // LMS gives a returnURL.
    let browser = Browser::launch().await;
    let c = &browser.client;
    launch(c, &base, &lms, &who, 2, true).await;
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
    // The actor's name stands in for the one the learner never typed.
    crate::lms::expect_name_from_the_lms(c, "Ann Lee").await;
    expect_clean_logs(c, "a relaunched cmi5 session").await;
    // The learner leaves by the launch page's button: the session ends, and the window goes to
    // the returnURL.
    c.enter_parent_frame().await.expect("to the launch page");
    crate::accessibility::expect_axe_clean(c, "the cmi5 launch page with its exit button", true)
        .await;
    click_button(c, "Leave the course").await;
    eventually(
        "the window is at the returnURL",
        async || c.current_url().await.map(|u| u.to_string()),
        |u| u == &format!("{base}{RETURN_PATH}"),
    )
    .await;
    expect_heading(c, "Your courses").await;
    let again = leave(c, &ralph, registration, all.len() + 2).await;
    browser.close().await;
    assert_eq!(again[..all.len()], all[..]);
    assert_eq!(
        verbs(&again[all.len()..]),
        ["initialized", "terminated"],
        "the verdicts are sent once per registration, and nothing was answered again"
    );
}

/// The cmi5 allowed statements: `answered`, one per question of the first quiz's failed then
/// passing attempt, the scenario's poor then good ending, the second quiz's questions; each
/// with the context template but not the cmi5 category, the AU as parent, and an interaction
/// activity (`<AU activity id>/<the SCORM interaction id>`) and its result.
fn expect_answered(
    allowed: &[Value],
    au: &str,
    registration: &str,
    session: &str,
    course: &lms::Course,
) {
    let (q1, q2) = (&course.quizzes[0], &course.quizzes[1]);
    let question = |quiz: &lms::Quiz, right: bool| {
        quiz.questions
            .iter()
            .map(move |q| {
                (
                    format!("{}/{}", quiz.id, q.id),
                    q.correct.join("[,]"),
                    right,
                )
            })
            .collect::<Vec<_>>()
    };
    let scenario = format!("scenario:{}", course.scenarios[0].id);
    let mut expected = question(q1, false);
    expected.extend(question(q1, true));
    expected.push((scenario.clone(), "good".to_owned(), false));
    expected.push((scenario.clone(), "good".to_owned(), true));
    expected.extend(question(q2, true));
    assert_eq!(allowed.len(), expected.len(), "{allowed:#?}");
    for (st, (id, pattern, right)) in allowed.iter().zip(&expected) {
        let ctx = &st["context"];
        assert_eq!(ctx["registration"], registration, "{st}");
        assert_eq!(
            ctx["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/sessionid"], session,
            "{st}"
        );
        assert_eq!(
            ctx["contextActivities"]["grouping"][0]["id"], "urn:syllabus:lms-course",
            "{st}"
        );
        assert_eq!(ctx["contextActivities"]["parent"][0]["id"], au, "{st}");
        assert!(
            !st.to_string()
                .contains("https://w3id.org/xapi/cmi5/context/categories/cmi5"),
            "a cmi5 allowed statement has no cmi5 category: {st}"
        );
        let object = &st["object"];
        assert_eq!(object["id"], format!("{au}/{id}"), "{st}");
        let definition = &object["definition"];
        assert_eq!(
            definition["type"], "http://adlnet.gov/expapi/activities/cmi.interaction",
            "{st}"
        );
        assert_eq!(definition["interactionType"], "choice", "{st}");
        assert_eq!(
            definition["correctResponsesPattern"],
            json!([pattern]),
            "{st}"
        );
        let result = &st["result"];
        if id.starts_with("scenario:") {
            let ending = if *right { "good" } else { "poor" };
            assert_eq!(result["response"], ending, "{st}");
            assert_eq!(result["success"], *right, "{st}");
            assert_eq!(result["completion"], true, "{st}");
            let choices: Vec<&str> = definition["choices"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["id"].as_str().unwrap())
                .collect();
            assert_eq!(choices, ["good", "ok", "poor"], "{st}");
            assert_eq!(definition["name"]["en"], course.scenarios[0].title, "{st}");
            assert_eq!(
                definition["choices"][0]["description"]["en"], "A good ending",
                "{st}"
            );
        } else {
            assert_eq!(result["success"], *right, "{st}");
            assert_eq!(result["response"] == json!(pattern), *right, "{st}");
        }
    }
}
