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

/// Resume data is an input (an LMS hands back whatever it kept): any text decodes without a
/// panic, and what decodes writes resume data that reads back the same; any progress of the
/// package's units survives encoding, attempts capped.
mod properties {
    use proptest::prelude::*;
    use serde_json::json;
    use syllabus::progress::compact::{self, ALPHABET, MAX_ATTEMPTS};

    use super::{course_of, fixture, stored_of};

    /// Texts near the encoding: its versions, layouts and alphabet, dots, and anything.
    fn near_resume_data() -> impl Strategy<Value = String> {
        let alphabet: Vec<char> = ALPHABET.iter().map(|&b| b as char).collect();
        let piece = prop_oneof![
            Just("1".to_owned()),
            Just("2".to_owned()),
            Just("eb372e1c".to_owned()),
            Just("e3b1c67d".to_owned()),
            Just(".".to_owned()),
            proptest::sample::select(alphabet).prop_map(String::from),
            "[0-9a-z]{1,10}",
            "\\PC{0,3}",
        ];
        proptest::collection::vec(piece, 0..16).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn any_text_decodes_without_panic_and_what_decodes_round_trips(data in near_resume_data()) {
            let course = course_of(&fixture());
            if let Ok(stored) = compact::decode(&data, &course) {
                let again = compact::encode(&stored, &course);
                prop_assert!(again.len() <= compact::worst_case_len(&course));
                let back = compact::decode(&again, &course).expect("our own data");
                prop_assert_eq!(back.units, stored.units);
            }
        }

        #[test]
        fn any_progress_of_the_units_survives_encoding(
            ticks in proptest::collection::vec(any::<bool>(), 7),
            quizzes in proptest::collection::vec((any::<bool>(), 0u32..=100, 0u32..3000), 2),
            endings in proptest::collection::vec(0usize..4, 4),
            at in 0u64..4_000_000_000_000,
        ) {
            let course = course_of(&fixture());
            let mut units = serde_json::Map::new();
            let mut t = ticks.iter();
            for l in &course.lessons {
                units.insert(format!("lesson:{}", l.id), json!({ "done": t.next(), "at": at }));
                for c in &l.checks {
                    units.insert(format!("check:{}#{c}", l.id), json!({ "done": t.next(), "at": at }));
                }
            }
            for (q, (passed, best, attempts)) in course.quizzes.iter().zip(&quizzes) {
                units.insert(
                    format!("quiz:{}", q.id),
                    json!({ "done": passed, "best": best, "attempts": attempts, "at": at }),
                );
            }
            for (s, e) in course.scenarios.iter().zip(&endings) {
                let ending = ["", "poor", "ok", "good"][*e];
                units.insert(
                    format!("scenario:{}", s.id),
                    json!({ "done": *e > 0, "ending": ending, "at": at }),
                );
            }
            let stored = stored_of(&json!({ "version": 2, "site": course.site, "units": units }));
            let data = compact::encode(&stored, &course);
            let back = compact::decode(&data, &course).expect("our own data");
            for (key, r) in &stored.units {
                let got = back.units.get(key);
                if key.starts_with("quiz:") {
                    let tried = r.done || r.best != Some(0) || r.attempts != Some(0);
                    prop_assert_eq!(got.is_some(), tried, "{}", key);
                    if let Some(g) = got {
                        prop_assert_eq!(g.done, r.done);
                        prop_assert_eq!(g.best, r.best);
                        prop_assert_eq!(g.attempts, r.attempts.map(|a| a.min(MAX_ATTEMPTS)));
                    }
                } else if key.starts_with("scenario:") {
                    let ending = r.ending.clone().filter(|e| r.done && !e.is_empty());
                    prop_assert_eq!(got.and_then(|g| g.ending.clone()), ending, "{}", key);
                } else {
                    prop_assert_eq!(got.is_some_and(|g| g.done), r.done, "{}", key);
                }
            }
        }
    }
}
