//! What an LMS is told (src/progress/lms.rs, compact.rs) against the shared fixture
//! `tests/fixtures/progress/lms.json`; the browser tests hold the package's script to the same
//! file (tests/browser/lms.rs).

use serde_json::{Value, json};
use syllabus::progress::compact::{self, SCORM12_LIMIT};
use syllabus::progress::lms::{self, Course};
use syllabus::progress::schema::{self, Stored};

fn fixture() -> Value {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/progress/lms.json");
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn course_of(f: &Value) -> Course {
    serde_json::from_value(f["course"].clone()).expect("the fixture's course")
}

fn stored_of(v: &Value) -> Stored {
    let site = v["site"].as_str().unwrap();
    schema::clean(v.clone(), site)
        .expect("a usable value")
        .stored
}

#[test]
fn a_packages_course_has_the_fixtures_mastery_score_and_layout() {
    let f = fixture();
    let course = course_of(&f);
    let made = Course::new(
        &course.site,
        course.lessons.clone(),
        course.quizzes.clone(),
        course.scenarios.clone(),
    );
    assert_eq!(made, course);
    assert_eq!(
        compact::worst_case_len(&course),
        f["worst_case"].as_u64().unwrap() as usize
    );
}

#[test]
fn stored_progress_is_reported_to_the_lms_as_the_fixture_says() {
    let f = fixture();
    let course = course_of(&f);
    for case in f["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let stored = stored_of(&case["value"]);
        let report = serde_json::to_value(lms::report(&stored, &course)).unwrap();
        assert_eq!(report, case["report"], "{name}");
        for q in &course.quizzes {
            let answers = stored
                .units
                .get(&format!("quiz:{}", q.id))
                .and_then(|r| r.answers.clone())
                .unwrap_or_default();
            let got = serde_json::to_value(lms::interactions(q, &answers)).unwrap();
            assert_eq!(got, case["interactions"][&q.id], "{name}: {}", q.id);
        }
    }
}

#[test]
fn resume_data_is_written_and_read_as_the_fixture_says() {
    let f = fixture();
    let course = course_of(&f);
    for case in f["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let stored = stored_of(&case["value"]);
        let data = compact::encode(&stored, &course);
        assert_eq!(data, case["suspend_data"].as_str().unwrap(), "{name}");
        assert!(data.len() <= compact::worst_case_len(&course), "{name}");
        let restored = compact::decode(&data, &course).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(json!(restored.units), case["restored"], "{name}");
        assert_eq!(restored.site, course.site);
        // What was read back writes the same resume data.
        assert_eq!(compact::encode(&restored, &course), data, "{name}");
    }
    for case in f["from_version_1"]["cases"].as_array().unwrap() {
        let data = case["data"].as_str().unwrap();
        let restored = compact::decode(data, &course).unwrap_or_else(|e| panic!("{data}: {e:?}"));
        assert_eq!(json!(restored.units), case["restored"], "{data}");
        assert_eq!(
            compact::encode(&restored, &course),
            case["again"].as_str().unwrap(),
            "{data}"
        );
    }
    for case in f["undecodable"].as_array().unwrap() {
        let data = case["data"].as_str().unwrap();
        let got = compact::decode(data, &course)
            .map(|_| ())
            .map_err(|e| e.name());
        assert_eq!(got, Err(case["why"].as_str().unwrap()), "{data}");
    }
}

#[test]
fn the_worst_case_is_what_a_course_with_everything_done_writes() {
    let f = fixture();
    let course = course_of(&f);
    let mut units = serde_json::Map::new();
    for l in &course.lessons {
        units.insert(
            format!("lesson:{}", l.id),
            json!({ "done": true, "at": 9.0e13 }),
        );
        for c in &l.checks {
            units.insert(
                format!("check:{}#{c}", l.id),
                json!({ "done": true, "at": 9.0e13 }),
            );
        }
    }
    for q in &course.quizzes {
        let record = json!({ "done": true, "best": 100, "attempts": 99999, "at": 9.0e13 });
        units.insert(format!("quiz:{}", q.id), record);
    }
    for s in &course.scenarios {
        let record = json!({ "done": true, "ending": "good", "at": 9.0e13 });
        units.insert(format!("scenario:{}", s.id), record);
    }
    let value = json!({ "version": 2, "site": course.site, "units": units });
    let data = compact::encode(&stored_of(&value), &course);
    assert_eq!(data.len(), compact::worst_case_len(&course), "{data}");
    assert!(data.len() < SCORM12_LIMIT);
}
