//! LMS packages in a real LMS runtime (issue 16, docs/lms.md): `tests/fixtures/lms` packaged by
//! the `syllabus` binary, unzipped and served beside a harness page (lms-harness.html) where
//! scorm-again (npm, locked in package-lock.json) plays the LMS. The learner moves through the
//! pages with "Next", ticks every checklist item, marks every lesson complete, fails then passes
//! one quiz, plays a scenario to its poor ending and then to its good one, passes the other
//! quiz, and leaves. The CMI data scorm-again recorded must be what the
//! progress model (src/progress/lms.rs, compact.rs) says for that progress, with exactly one
//! Initialize and one Terminate and no error. Then a fresh browser (a fresh profile: no
//! localStorage) relaunches from that data, as an LMS does, opens on the page the learner left
//! and finds every tick, quiz result and the scenario's best ending. Both SCORM 1.2 and SCORM 2004. Also: a package opened without an LMS (and, in
//! lms_model.rs, the package's model script against the shared fixture).

use std::path::{Path, PathBuf};

use fantoccini::Client;
use serde_json::{Value, json};
use syllabus::progress::{compact, lms, schema::Stored};

use crate::course::{Course, Kind};
use crate::harness::{Browser, BuiltSite, serve};
use crate::page::*;
use crate::quizzes::{expect_best_score, fail, pass};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lms")
}

/// The fixture course packaged in `format`, unzipped into `pkg/`, with the harness and
/// scorm-again in `lms/`, served on loopback.
pub struct Served {
    dir: tempfile::TempDir,
    pub base: String,
    /// The package's units, as its launch page embeds them.
    pub course: lms::Course,
    /// The manifest's pass mark: SCORM 1.2's masteryscore, SCORM 2004's minNormalizedMeasure,
    /// cmi5's masteryScore.
    pub mastery: String,
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start}")) + start.len();
    &text[from..from + text[from..].find(end).unwrap_or_else(|| panic!("no {end}"))]
}

impl Served {
    /// The unzipped package.
    pub fn package_dir(&self) -> PathBuf {
        self.dir.path().join("pkg")
    }
}

/// The fixture course `tests/fixtures/lms` packaged in `format`.
pub async fn packaged(format: &str) -> Served {
    packaged_course(&root(), format).await
}

/// The course at `course` packaged in `format`.
pub async fn packaged_course(course: &Path, format: &str) -> Served {
    let dir = tempfile::tempdir().expect("temporary folder");
    let zip_path = dir.path().join("course.zip");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_syllabus"))
        .args(["package", format, "--root"])
        .arg(course)
        .arg("--output")
        .arg(&zip_path)
        .output()
        .expect("run syllabus package");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pkg = dir.path().join("pkg");
    let file = std::fs::File::open(&zip_path).expect("the zip");
    zip::ZipArchive::new(file)
        .expect("a zip")
        .extract(&pkg)
        .expect("unzip");
    let lms_dir = dir.path().join("lms");
    std::fs::create_dir_all(&lms_dir).unwrap();
    std::fs::write(
        lms_dir.join("harness.html"),
        include_str!("lms-harness.html"),
    )
    .unwrap();
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/scorm-again/dist");
    for f in ["scorm12.min.js", "scorm2004.min.js"] {
        std::fs::copy(dist.join(f), lms_dir.join(f))
            .unwrap_or_else(|e| panic!("{f} of scorm-again: {e}; run scripts/test (npm ci)"));
    }
    let launch = std::fs::read_to_string(pkg.join("launch.html")).unwrap();
    let course_json = between(
        &launch,
        "<script type=\"application/json\" data-lms-course>",
        "</script>",
    );
    let course: lms::Course = serde_json::from_str(course_json).expect("the package's course");
    let mastery = match format {
        "scorm12" => {
            let manifest = std::fs::read_to_string(pkg.join("imsmanifest.xml")).unwrap();
            between(&manifest, "<adlcp:masteryscore>", "<").to_owned()
        }
        "scorm2004" => {
            let manifest = std::fs::read_to_string(pkg.join("imsmanifest.xml")).unwrap();
            between(&manifest, "<imsss:minNormalizedMeasure>", "<").to_owned()
        }
        _ => {
            let structure = std::fs::read_to_string(pkg.join("cmi5.xml")).unwrap();
            between(&structure, "masteryScore=\"", "\"").to_owned()
        }
    };
    let base = serve(dir.path()).await;
    Served {
        dir,
        base,
        course,
        mastery,
    }
}

/// Where a test of the site's pages runs them: the bundled course built and served as a website,
/// or packaged (SCORM 2004) and launched in the LMS harness, its pages in the launch page's
/// frame, as an LMS shows them (issue 16: the site holds inside a package).
pub enum Place {
    Site { base: String, site: BuiltSite },
    Package(Served),
}

impl Place {
    /// The bundled course as a website.
    pub async fn site() -> Place {
        let site = BuiltSite::build();
        let base = serve(site.dir()).await;
        Place::Site { base, site }
    }

    /// The bundled course as a SCORM 2004 package.
    pub async fn package() -> Place {
        Place::Package(packaged_course(Path::new(env!("CARGO_MANIFEST_DIR")), "scorm2004").await)
    }

    /// Says which, in failure messages.
    pub fn name(&self) -> &'static str {
        match self {
            Place::Site { .. } => "the website",
            Place::Package(_) => "a package",
        }
    }

    /// Starts the browser there: the LMS launches the package (its first page shows in the
    /// frame); a website needs nothing.
    pub async fn start(&self, c: &Client) {
        if let Place::Package(s) = self {
            launch(c, s, "scorm2004", json!({ "credit": "credit" })).await;
        }
    }

    /// Opens `page` (relative to the site's root): in a package, inside the course's frame.
    pub async fn open(&self, c: &Client, page: &str) {
        match self {
            Place::Site { base, .. } => open(c, &format!("{base}/{page}")).await,
            Place::Package(s) => {
                let url = format!("{}/pkg/{page}", s.base);
                c.execute("location.assign(arguments[0])", vec![json!(url)])
                    .await
                    .unwrap_or_else(|e| panic!("open {url} in the course's frame: {e}"));
                eventually(
                    &format!("{url} opens in the course's frame"),
                    async || {
                        c.execute("return [document.URL, document.readyState]", vec![])
                            .await
                    },
                    |v| v[0] == url.as_str() && v[1] == "complete",
                )
                .await;
            }
        }
    }

    /// The site's pages (a package's, without its launch page).
    pub fn pages(&self) -> Vec<String> {
        match self {
            Place::Site { site, .. } => site.pages(),
            Place::Package(s) => crate::harness::html_pages(&s.package_dir())
                .into_iter()
                .filter(|p| p != crate::lms::LAUNCH)
                .collect(),
        }
    }

    /// Whether the progress page offers "Reset" (not in a package: the LMS keeps the record).
    pub fn can_reset(&self) -> bool {
        matches!(self, Place::Site { .. })
    }
}

/// The launch page's path in a package.
pub const LAUNCH: &str = "launch.html";

/// Opens the harness, starts the LMS with `seed` and launches the package; the browser is then
/// in the course's frame (harness → launch page → course page).
pub async fn launch(c: &Client, s: &Served, format: &str, seed: Value) {
    open(c, &format!("{}/lms/harness.html", s.base)).await;
    c.execute(
        "startLms(arguments[0], arguments[1], '../pkg/launch.html')",
        vec![json!(format), seed],
    )
    .await
    .expect("start the LMS");
    let what = "the launch page's frame";
    find(c, what, "//iframe[@data-sco]")
        .await
        .enter_frame()
        .await
        .expect(what);
    let what = "the course's frame in the launch page";
    find(c, what, "//iframe[@data-lms-frame]")
        .await
        .enter_frame()
        .await
        .expect(what);
    wait_for_load(c).await;
}

/// Leaves the course (the LMS closes its player) and returns what the LMS recorded.
async fn leave(c: &Client) -> Value {
    c.enter_parent_frame().await.expect("to the launch page");
    c.enter_parent_frame().await.expect("to the harness");
    c.execute("leave()", vec![]).await.expect("leave");
    eventually(
        "the launch page is gone",
        async || {
            c.execute(
                "return document.querySelector('iframe').contentDocument.URL",
                vec![],
            )
            .await
        },
        |u| u == "about:blank",
    )
    .await;
    c.execute("return recorded()", vec![])
        .await
        .expect("the recorded CMI data")
}

/// Follows "Next" to the page titled `title`.
pub async fn next(c: &Client, title: &str) {
    let link = find(c, "the \"Next\" link", "//a[@rel='next']").await;
    click(c, &link, "the \"Next\" link").await;
    expect_heading(c, title).await;
}

/// Ticks the box labelled `text` and waits for it to show ticked.
async fn tick(c: &Client, text: &str) {
    click_label(c, text).await;
    expect_ticked(c, text, true).await;
}

/// What the LMS is told, per the progress model, once every unit is done, every quiz passed
/// with full marks, `attempts` times each, and every scenario played to its good ending.
pub fn everything_done(course: &lms::Course, attempts: &[u32]) -> Stored {
    let mut units = serde_json::Map::new();
    for l in &course.lessons {
        units.insert(format!("lesson:{}", l.id), json!({ "done": true, "at": 1 }));
        for c in &l.checks {
            units.insert(
                format!("check:{}#{c}", l.id),
                json!({ "done": true, "at": 1 }),
            );
        }
    }
    for (q, n) in course.quizzes.iter().zip(attempts) {
        let record = json!({ "done": true, "best": 100, "attempts": n, "at": 1 });
        units.insert(format!("quiz:{}", q.id), record);
    }
    for sc in &course.scenarios {
        let record = json!({ "done": true, "ending": "good", "at": 1 });
        units.insert(format!("scenario:{}", sc.id), record);
    }
    let value = json!({ "version": 2, "site": course.site, "units": units });
    syllabus::progress::schema::clean(value, &course.site)
        .expect("a usable value")
        .stored
}

/// A unit's key, done, best score, attempts and ending.
pub type UnitSummary = (String, bool, Option<u32>, Option<u32>, Option<String>);

/// The units of `stored`, summed up.
pub fn summary(stored: Stored) -> Vec<UnitSummary> {
    stored
        .units
        .into_iter()
        .map(|(k, r)| (k, r.done, r.best, r.attempts, r.ending))
        .collect()
}

/// The recorded resume data, read back by the model: which units it holds.
fn restored_units(cmi: &Value, course: &lms::Course) -> Vec<UnitSummary> {
    let data = cmi["suspend_data"].as_str().expect("suspend_data");
    summary(compact::decode(data, course).unwrap_or_else(|e| panic!("{data}: {e:?}")))
}

/// The learner typed no name: the progress page's name field and the certificate (the course
/// is finished) show the one the LMS gave.
pub async fn expect_name_from_the_lms(c: &Client, name: &str) {
    click_link(c, "My progress").await;
    let field = find(c, "the name field", "//input[@data-learner-name]").await;
    eventually(
        "the name field shows the LMS's name",
        async || field.prop("value").await,
        |v| v.as_deref() == Some(name),
    )
    .await;
    click_link(c, "See your certificate").await;
    let text = expect_page_says(c, "This certifies that").await;
    assert!(text.contains(name), "{name:?} in: {text}");
}

/// In the scenario "Calling back": its poor ending, then, played again, its good one.
pub async fn call_back(c: &Client) {
    click_button(c, "Sorry, I forgot.").await;
    expect_page_says(c, "The conversation is over: A poor ending").await;
    click_button(c, "Start the conversation again").await;
    click_button(c, "Yes, this morning, with the next steps.").await;
    expect_page_says(c, "The conversation is over: A good ending").await;
}

/// A learner's whole first session; returns what the LMS recorded.
async fn first_session(c: &Client, s: &Served, format: &str, source: &Course) -> Value {
    // The learner's name as each LMS gives it: SCORM 1.2's "Last, First", and 2004's as it is.
    let seed = if format == "scorm12" {
        json!({ "core": { "credit": "credit", "student_name": "Lee, Ann" },
            "student_data": { "mastery_score": s.mastery } })
    } else {
        json!({ "credit": "credit", "learner_name": "Ann Lee", "scaled_passing_score": s.mastery })
    };
    launch(c, s, format, seed).await;
    learn(c, source).await;
    expect_clean_logs(c, "the learner's first session").await;
    leave(c).await
}

/// From the course's home page: every page by "Next", every item ticked, every lesson marked
/// complete, the first quiz failed then passed, the second passed. Ends on the last page.
pub async fn learn(c: &Client, source: &Course) {
    expect_heading(c, "LMS Course").await;
    next(c, "Basics").await;
    next(c, "Listen").await;
    tick(c, "Call one customer").await;
    tick(c, "Thank a colleague").await;
    tick(c, "Mark this lesson complete").await;
    next(c, "Ask").await;
    tick(c, "Ask one open question").await;
    tick(c, "Mark this lesson complete").await;
    next(c, "Basics check").await;
    let quiz = source.quiz("basics/check.html");
    fail(c, quiz).await;
    click_button(c, "Try again").await;
    pass(c, quiz).await;
    next(c, "Habits").await;
    next(c, "Follow up").await;
    tick(c, "Send a follow-up note").await;
    tick(c, "Mark this lesson complete").await;
    next(c, "Calling back").await;
    call_back(c).await;
    next(c, "Habits review").await;
    pass(c, source.quiz("habits/review.html")).await;
}

/// The recorded session opened once, ended once, and the LMS reported no error.
fn expect_one_clean_session(rec: &Value, format: &str) {
    let (init, finish) = if format == "scorm12" {
        ("LMSInitialize", "LMSFinish")
    } else {
        ("Initialize", "Terminate")
    };
    assert_eq!(rec["calls"][init], 1, "{}", rec["calls"]);
    assert_eq!(rec["calls"][finish], 1, "{}", rec["calls"]);
    assert_eq!(rec["errors"], json!([]), "the LMS reported errors");
}

/// A relaunch from `saved` in a fresh browser: every tick and quiz result is back, from the
/// LMS alone; leaving again records the same progress.
async fn relaunch(s: &Served, format: &str, saved: &Value) {
    let mut seed = saved.clone();
    // What an LMS hands a SCO whose last session exited with "suspend".
    if format == "scorm12" {
        assert_eq!(seed["core"]["exit"], "suspend");
        seed["core"]["entry"] = json!("resume");
        let core = seed["core"].as_object_mut().unwrap();
        core.remove("exit");
        core.remove("session_time");
    } else {
        assert_eq!(seed["exit"], "suspend");
        seed["entry"] = json!("resume");
        let cmi = seed.as_object_mut().unwrap();
        cmi.remove("exit");
        cmi.remove("session_time");
    }
    let browser = Browser::launch().await;
    let c = &browser.client;
    launch(c, s, format, seed).await;
    // Back on the page they left (the LMS's bookmark), then from the start.
    expect_heading(c, "Habits review").await;
    let home = find(
        c,
        "the course's title link",
        "//a[contains(@class, 'site-title')]",
    )
    .await;
    click(c, &home, "the course's title link").await;
    expect_heading(c, "LMS Course").await;
    next(c, "Basics").await;
    next(c, "Listen").await;
    for text in [
        "Call one customer",
        "Thank a colleague",
        "Mark this lesson complete",
    ] {
        expect_ticked(c, text, true).await;
    }
    next(c, "Ask").await;
    expect_ticked(c, "Ask one open question", true).await;
    next(c, "Basics check").await;
    expect_best_score(c, "100%, passed (2 attempts)").await;
    next(c, "Habits").await;
    next(c, "Follow up").await;
    expect_ticked(c, "Send a follow-up note", true).await;
    next(c, "Calling back").await;
    expect_page_says(c, "Your best ending: A good ending").await;
    next(c, "Habits review").await;
    expect_best_score(c, "100%, passed (1 attempt)").await;
    expect_name_from_the_lms(c, "Ann Lee").await;
    // The LMS is the source of truth: this profile's storage holds nothing of the course.
    let local = c
        .execute("return localStorage.getItem('syllabus:lms-course')", vec![])
        .await
        .unwrap();
    assert_eq!(local, Value::Null);
    expect_clean_logs(c, "the relaunched session").await;
    let again = leave(c).await;
    expect_one_clean_session(&again, format);
    assert_eq!(
        restored_units(&again["cmi"], &s.course),
        restored_units(saved, &s.course)
    );
    // The same objectives (found by id, not added again), and no new interaction: no quiz was
    // attempted and no scenario played in this session.
    let count = |v: &Value| v.as_object().map_or(0, |o| o.len());
    assert_eq!(count(&again["cmi"]["objectives"]), s.course.quizzes.len());
    assert_eq!(
        count(&again["cmi"]["interactions"]),
        count(&saved["interactions"])
    );
    browser.close().await;
}

/// Checks the CMI data of the first session against the progress model.
fn expect_recorded(rec: &Value, s: &Served, format: &str) {
    let cmi = &rec["cmi"];
    let stored = everything_done(&s.course, &[2, 1]);
    let report = lms::report(&stored, &s.course);
    assert_eq!(
        report.lesson_status, "passed",
        "the model's rules (docs/lms.md)"
    );
    let score = report.score.expect("a course score").to_string();
    // The bookmark: the last page the learner opened.
    let location = if format == "scorm12" {
        &cmi["core"]["lesson_location"]
    } else {
        &cmi["location"]
    };
    assert_eq!(location, "habits/review.html");
    if format == "scorm12" {
        assert_eq!(
            cmi["core"]["lesson_status"],
            json!(report.lesson_status),
            "{cmi}"
        );
        assert_eq!(cmi["core"]["score"]["raw"], json!(score), "{cmi}");
        assert_eq!(cmi["core"]["exit"], "suspend");
    } else {
        assert_eq!(cmi["completion_status"], "completed", "{cmi}");
        assert_eq!(cmi["success_status"], "passed", "{cmi}");
        assert_eq!(cmi["score"]["raw"], json!(score), "{cmi}");
        assert_eq!(cmi["score"]["scaled"], json!("1"), "{cmi}");
        assert_eq!(cmi["exit"], "suspend");
    }
    for (i, o) in report.objectives.iter().enumerate() {
        let got = &cmi["objectives"][i.to_string()];
        assert_eq!(got["id"], json!(o.id), "{got}");
        assert_eq!(
            got["score"]["raw"],
            json!(o.score.unwrap().to_string()),
            "{got}"
        );
        if format == "scorm12" {
            assert_eq!(got["status"], "passed", "{got}");
        } else {
            assert_eq!(got["success_status"], "passed", "{got}");
            assert_eq!(got["completion_status"], "completed", "{got}");
        }
    }
    // One interaction per answered question of each graded attempt: the failed one (all
    // wrong), the passing one, the second quiz's; between them, the scenario's two endings.
    let (q1, q2) = (&s.course.quizzes[0], &s.course.quizzes[1]);
    let recorded: Vec<&Value> = (0..)
        .map_while(|i: usize| cmi["interactions"].get(i.to_string()))
        .collect();
    let first_ending = 2 * q1.questions.len();
    let endings: Vec<&Value> = recorded[first_ending..first_ending + 2].to_vec();
    let quiz_interactions: Vec<&Value> = recorded
        .iter()
        .enumerate()
        .filter(|(i, _)| !(first_ending..first_ending + 2).contains(i))
        .map(|(_, v)| *v)
        .collect();
    let expected: Vec<(String, bool)> = q1
        .questions
        .iter()
        .map(|q| (format!("{}/{}", q1.id, q.id), false))
        .chain(
            q1.questions
                .iter()
                .map(|q| (format!("{}/{}", q1.id, q.id), true)),
        )
        .chain(
            q2.questions
                .iter()
                .map(|q| (format!("{}/{}", q2.id, q.id), true)),
        )
        .collect();
    assert_eq!(quiz_interactions.len(), expected.len(), "{cmi}");
    let (sep, wrong, response) = if format == "scorm12" {
        (",", "wrong", "student_response")
    } else {
        ("[,]", "incorrect", "learner_response")
    };
    for ((id, right), got) in expected.iter().zip(&quiz_interactions) {
        assert_eq!(got["id"], json!(id), "{got}");
        assert_eq!(got["type"], "choice", "{got}");
        assert_eq!(
            got["result"],
            if *right { "correct" } else { wrong },
            "{got}"
        );
        let quiz = if id.starts_with(&q1.id) { q1 } else { q2 };
        let question = quiz
            .questions
            .iter()
            .find(|q| id.ends_with(&format!("/{}", q.id)))
            .unwrap();
        let pattern = question.correct.join(sep);
        assert_eq!(
            got["correct_responses"]["0"]["pattern"],
            json!(pattern),
            "{got}"
        );
        assert_eq!(got[response] == json!(pattern), *right, "{got}");
    }
    // The scenario's ending as it was reached, then bettered: `fill-in` in 1.2, `choice` in
    // 2004, the ending as the response, `good` as the pattern.
    let scenario = format!("scenario:{}", s.course.scenarios[0].id);
    let kind = if format == "scorm12" {
        "fill-in"
    } else {
        "choice"
    };
    for (got, (ending, result)) in endings.iter().zip([("poor", wrong), ("good", "correct")]) {
        assert_eq!(got["id"], json!(scenario), "{got}");
        assert_eq!(got["type"], kind, "{got}");
        assert_eq!(got[response], ending, "{got}");
        assert_eq!(got["result"], result, "{got}");
        assert_eq!(got["correct_responses"]["0"]["pattern"], "good", "{got}");
        let description = if format == "scorm12" {
            Value::Null
        } else {
            json!(s.course.scenarios[0].title)
        };
        assert_eq!(got["description"], description, "{got}");
    }
    // The resume data holds every unit done, both quiz results and the best ending.
    assert_eq!(restored_units(cmi, &s.course), summary(stored));
    let data = cmi["suspend_data"].as_str().unwrap();
    assert!(data.len() <= compact::worst_case_len(&s.course), "{data}");
}

async fn learner_story(format: &str) {
    let s = packaged(format).await;
    let source = Course::read(&root());
    assert!(matches!(
        source.item("basics/listen.html").1.kind,
        Kind::Lesson { .. }
    ));
    let browser = Browser::launch().await;
    let rec = first_session(&browser.client, &s, format, &source).await;
    browser.close().await;
    expect_one_clean_session(&rec, format);
    expect_recorded(&rec, &s, format);
    relaunch(&s, format, &rec["cmi"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scorm12_records_the_learners_progress_and_a_relaunch_restores_it() {
    learner_story("scorm12").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scorm2004_records_the_learners_progress_and_a_relaunch_restores_it() {
    learner_story("scorm2004").await;
}

/// A learner who started before scenarios were kept has resume data of version 1 in the LMS
/// (its layout leaves the scenario out). The course packaged again reads it: every tick and quiz
/// result is back, the scenario not played; the next change writes version 2 with the same
/// progress.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_data_of_version_1_is_read_by_a_package_with_scenarios() {
    let s = packaged("scorm12").await;
    assert_ne!(
        s.course.layout, s.course.layout_v1,
        "the fixture has a scenario"
    );
    // What an older package wrote for everything done but the scenario: version 2's fields
    // without the endings, under version 1's layout.
    let mut done = everything_done(&s.course, &[2, 1]);
    done.units.retain(|k, _| !k.starts_with("scenario:"));
    let v2 = compact::encode(&done, &s.course);
    let fields: Vec<&str> = v2.split('.').collect();
    let v1 = format!(
        "1.{}.{}.{}.{}",
        s.course.layout_v1, fields[2], fields[3], fields[4]
    );
    let seed = json!({ "core": { "credit": "credit", "entry": "resume" },
        "suspend_data": v1, "student_data": { "mastery_score": s.mastery } });
    let browser = Browser::launch().await;
    let c = &browser.client;
    launch(c, &s, "scorm12", seed).await;
    expect_heading(c, "LMS Course").await;
    next(c, "Basics").await;
    next(c, "Listen").await;
    expect_ticked(c, "Call one customer", true).await;
    expect_ticked(c, "Mark this lesson complete", true).await;
    next(c, "Ask").await;
    next(c, "Basics check").await;
    expect_best_score(c, "100%, passed (2 attempts)").await;
    next(c, "Habits").await;
    next(c, "Follow up").await;
    next(c, "Calling back").await;
    expect_page_says(c, "Your best ending: Not played yet").await;
    call_back(c).await;
    expect_clean_logs(c, "resuming from version 1").await;
    let rec = leave(c).await;
    browser.close().await;
    expect_one_clean_session(&rec, "scorm12");
    let data = rec["cmi"]["suspend_data"].as_str().unwrap();
    assert!(data.starts_with("2."), "{data}");
    assert_eq!(
        restored_units(&rec["cmi"], &s.course),
        summary(everything_done(&s.course, &[2, 1]))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_an_lms_the_package_keeps_progress_in_the_browser_and_says_so_once() {
    let s = packaged("scorm12").await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &format!("{}/pkg/launch.html", s.base)).await;
    let what = "the course's frame in the launch page";
    find(c, what, "//iframe[@data-lms-frame]")
        .await
        .enter_frame()
        .await
        .expect(what);
    expect_heading(c, "LMS Course").await;
    let notice = "No learning management system (LMS) was found";
    expect_page_says(c, notice).await;
    next(c, "Basics").await;
    next(c, "Listen").await;
    tick(c, "Call one customer").await;
    let said = page_text(c).await.unwrap();
    assert!(
        !said.contains(notice),
        "said once, not on every page: {said}"
    );
    let local = c
        .execute(
            "return JSON.parse(localStorage.getItem('syllabus:lms-course')).units",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        local["check:basics/listen#call-one-customer"]["done"], true,
        "{local}"
    );
    expect_clean_logs(c, "a package without an LMS").await;
    browser.close().await;
}
