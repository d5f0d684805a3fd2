//! Tests of the stored format: migration, cleaning and merging (`super`).

use super::*;

#[test]
fn a_version_1_value_migrates_to_version_2_with_nothing_unknown_invented() {
    let v1 = json!({ "version": 1, "site": "s", "units": {
        "lesson:a": { "done": true, "at": 5 },
        "quiz:q": { "done": true, "best": 80, "attempts": 2, "at": 7 }
    } });
    let migrated = migrate(v1.clone()).unwrap();
    assert_eq!(migrated["version"], 2);
    assert_eq!(migrated["learner"], json!({ "name": "", "at": 0 }));
    assert_eq!(
        migrated["units"], v1["units"],
        "records are cleaned, not migrated"
    );
    let cleaned = clean(v1, "s").unwrap();
    let quiz = &cleaned.stored.units["quiz:q"];
    assert_eq!(quiz.answers, Some(Answers::new()));
    assert_eq!(quiz.rev.as_deref(), Some(""));
    assert_eq!(
        (quiz.best, quiz.attempts, quiz.at),
        (Some(80), Some(2), 7.0)
    );
    assert_eq!(cleaned.stored.units["lesson:a"].answers, None);
}

#[test]
fn versions_this_build_does_not_know_are_refused() {
    for (value, why) in [
        (
            json!({ "version": 3, "site": "s", "units": {} }),
            Unusable::OtherVersion("3".into()),
        ),
        (
            json!({ "version": 0, "site": "s", "units": {} }),
            Unusable::OtherVersion("0".into()),
        ),
        (
            json!({ "version": 1.5, "site": "s", "units": {} }),
            Unusable::OtherVersion("1.5".into()),
        ),
        (
            json!({ "version": "2", "site": "s", "units": {} }),
            Unusable::Unversioned,
        ),
        (json!({ "site": "s", "units": {} }), Unusable::Unversioned),
        (json!([]), Unusable::NotProgress),
    ] {
        assert_eq!(migrate(value.clone()).err(), Some(why), "{value}");
    }
    assert!(migrate(json!({ "version": 2.0, "site": "s", "units": {} })).is_ok());
}

#[test]
fn names_are_trimmed_as_javascript_trims_and_cut_at_the_limit() {
    assert_eq!(clean_name("  Ann Lee \n"), "Ann Lee");
    assert_eq!(clean_name("\u{feff}\u{3000}Ann\u{a0}"), "Ann");
    // U+0085 is white space to Rust, not to JavaScript.
    assert_eq!(clean_name("\u{85}Ann\u{85}"), "\u{85}Ann\u{85}");
    assert_eq!(clean_name(&"é".repeat(300)).chars().count(), NAME_MAX);
    let cut_at_space = format!("{} b", "a".repeat(NAME_MAX - 1));
    assert_eq!(clean_name(&cut_at_space), "a".repeat(NAME_MAX - 1));
    assert_eq!(
        clean_name("<script>alert(1)</script>"),
        "<script>alert(1)</script>"
    );
}

#[test]
fn export_times_and_builds_are_kept_only_when_valid() {
    for ok in [
        "2026-12-05T01:07:44.000Z",
        "2026-12-05T01:07:44Z",
        "0001-01-01T00:00:00.1Z",
    ] {
        assert!(is_utc_time(ok), "{ok}");
    }
    for bad in [
        "",
        "2026-12-05",
        "2026-12-05T01:07:44",
        "2026-12-05T01:07:44+01:00",
        "2026-12-05T01:07:44.Z",
        "2026-12-05T01:07:44.0123456789Z",
        "+275760-09-13T00:00:00.000Z",
        "2026-12-05T01:07:4４Z",
    ] {
        assert!(!is_utc_time(bad), "{bad}");
    }
    assert!(is_build("0123456789abcdef"));
    for bad in ["", "ABC", "12 3", &"a".repeat(65)] {
        assert!(!is_build(bad), "{bad}");
    }
    let file = json!({ "version": 2, "site": "s", "exported_at": "yesterday", "build": 7,
                       "learner": { "name": 3, "at": "x" }, "units": {} });
    let stored = clean(file, "s").unwrap().stored;
    assert_eq!((stored.exported_at, stored.build), (None, None));
    assert_eq!(stored.learner, Learner::default());
}

fn quiz(best: u32, at: f64, rev: &str, answer: &str) -> Record {
    Record {
        done: best >= 80,
        at,
        best: Some(best),
        attempts: Some(1),
        answers: Some(Answers::from([("q1".to_owned(), vec![answer.to_owned()])])),
        ending: None,
        rev: Some(rev.to_owned()),
    }
}

fn stored(name: &str, at: f64, q: Record) -> Stored {
    Stored {
        version: VERSION,
        site: "s".into(),
        exported_at: None,
        build: None,
        learner: Learner {
            name: name.into(),
            at,
        },
        units: BTreeMap::from([("quiz:q".to_owned(), q)]),
    }
}

#[test]
fn answers_go_with_the_best_score_and_the_name_with_the_later_change() {
    // Theirs scored better but earlier: their answers, the later time, the newer name mine.
    let mut mine = stored("Ann", 20.0, quiz(50, 300.0, "r2", "a"));
    let theirs = stored("Ann B", 10.0, quiz(100, 100.0, "r1", "b"));
    assert_eq!(merge(&mut mine, &theirs), (1, 0));
    let q = &mine.units["quiz:q"];
    assert_eq!(
        (q.best, q.at, q.rev.as_deref()),
        (Some(100), 300.0, Some("r1"))
    );
    assert_eq!(q.answers, quiz(0, 0.0, "", "b").answers);
    assert_eq!(mine.learner.name, "Ann");
    // The same score: known answers beat unknown ones, then the later record.
    let mut mine = stored("", 0.0, quiz(50, 300.0, "", "a"));
    merge(&mut mine, &stored("Bo", 1.0, quiz(50, 100.0, "r1", "b")));
    assert_eq!(mine.units["quiz:q"].rev.as_deref(), Some("r1"));
    assert_eq!(mine.learner.name, "Bo");
    let mut mine = stored("", 0.0, quiz(50, 300.0, "r1", "a"));
    merge(&mut mine, &stored("", 0.0, quiz(50, 400.0, "r2", "b")));
    assert_eq!(mine.units["quiz:q"].rev.as_deref(), Some("r2"));
}
