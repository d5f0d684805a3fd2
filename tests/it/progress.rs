//! The progress model against the shared fixtures of `tests/fixtures/progress/`: the browser
//! tests hold the theme's script to the same files (tests/browser/progress_model.rs).

use serde_json::Value;
use syllabus::progress::grade::{Answers, GradingData, Score, grade};
use syllabus::progress::map::{MapEntry, compact_module, expand_module};
use syllabus::progress::schema::{self, Stored, Unusable};
use syllabus::progress::units::{Checks, MapRef, Unit, lesson_summary};

use crate::harness::SiteTest;

fn fixture(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/progress")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} in {v}"))
}

#[test]
fn unit_keys_are_written_and_read_as_the_fixture_says() {
    let f = fixture("keys.json");
    for case in f["units"].as_array().unwrap() {
        let key = str_of(case, "key");
        let unit = match str_of(case, "kind") {
            "lesson" => Unit::Lesson(str_of(case, "lesson")),
            "check" => Unit::Check {
                lesson: str_of(case, "lesson"),
                item: str_of(case, "item"),
            },
            "quiz" => Unit::Quiz(str_of(case, "quiz")),
            "scenario" => Unit::Scenario(str_of(case, "scenario")),
            other => panic!("kind {other}"),
        };
        assert_eq!(unit.key(), key);
        assert_eq!(Unit::parse(key), Some(unit), "{key}");
    }
    for bad in f["not_units"].as_array().unwrap() {
        assert_eq!(Unit::parse(bad.as_str().unwrap()), None, "{bad}");
    }
    for case in f["checks"].as_array().unwrap() {
        let checks = Checks {
            lesson: str_of(case, "lesson"),
            count: case["count"].as_u64().unwrap() as usize,
        };
        assert_eq!(checks.to_string(), str_of(case, "token"));
        assert_eq!(Checks::parse(str_of(case, "token")), Some(checks));
    }
    for bad in f["not_checks"].as_array().unwrap() {
        assert_eq!(Checks::parse(bad.as_str().unwrap()), None, "{bad}");
    }
    for case in f["summaries"].as_array().unwrap() {
        let n = case["checks"].as_u64().unwrap() as usize;
        assert_eq!(
            lesson_summary(str_of(case, "lesson"), n),
            str_of(case, "units")
        );
    }
    for case in f["maps"].as_array().unwrap() {
        let r = match case["module"].as_u64() {
            Some(i) => MapRef::Module(i as usize),
            None => MapRef::All,
        };
        assert_eq!(r.to_string(), str_of(case, "token"));
        assert_eq!(MapRef::parse(str_of(case, "token")), Some(r));
    }
    for bad in f["not_maps"].as_array().unwrap() {
        assert_eq!(MapRef::parse(bad.as_str().unwrap()), None, "{bad}");
    }
    // The progress map's compact form of a module (issue 19), written and read back.
    for case in f["compact"].as_array().unwrap() {
        let entries: Vec<MapEntry> = case["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| match (e[0].as_str().unwrap(), e[1].as_str().unwrap()) {
                ("lesson", id) => MapEntry::Lesson(id, e[2].as_u64().unwrap() as usize),
                ("quiz", id) => MapEntry::Quiz(id),
                ("scenario", id) => MapEntry::Scenario(id),
                (other, _) => panic!("kind {other}"),
            })
            .collect();
        let module = compact_module(&entries);
        assert_eq!(serde_json::json!(module), case["module"], "{case}");
        assert_eq!(
            serde_json::json!(expand_module(&module[0], &module[1])),
            case["units"],
            "{case}"
        );
    }
}

fn unusable_name(u: &Unusable) -> &'static str {
    match u {
        Unusable::NotProgress => "not_progress",
        Unusable::Unversioned => "unversioned",
        Unusable::OtherVersion(_) => "other_version",
        Unusable::OtherSite(_) => "other_site",
        Unusable::NoUnits => "no_units",
    }
}

#[test]
fn stored_values_are_cleaned_as_the_fixture_says() {
    let f = fixture("stored.json");
    let site = str_of(&f, "site");
    for case in f["cases"].as_array().unwrap() {
        let name = str_of(case, "name");
        let expected = &case["expected"];
        match schema::clean(case["value"].clone(), site) {
            Ok(cleaned) => {
                assert_eq!(
                    serde_json::to_value(&cleaned.stored).unwrap(),
                    expected["stored"],
                    "{name}"
                );
                assert_eq!(
                    cleaned.kept as u64,
                    expected["kept"].as_u64().unwrap(),
                    "{name}"
                );
                assert_eq!(
                    cleaned.lost as u64,
                    expected["lost"].as_u64().unwrap(),
                    "{name}"
                );
            }
            Err(why) => assert_eq!(unusable_name(&why), str_of(expected, "unusable"), "{name}"),
        }
    }
}

#[test]
fn a_stored_value_of_version_2_loads_and_writes_back_the_same() {
    // Today's format is version 2: what the theme stores must load through the migration path
    // and write back unchanged.
    let f = fixture("stored.json");
    let case = &f["cases"][0];
    assert_eq!(case["value"]["version"], schema::VERSION);
    let cleaned = schema::clean(case["value"].clone(), str_of(&f, "site")).unwrap();
    assert_eq!(
        schema::migrate(case["value"].clone()),
        Ok(case["value"].clone())
    );
    assert_eq!(
        serde_json::to_value(&cleaned.stored).unwrap(),
        case["value"]
    );
    let text = serde_json::to_string(&cleaned.stored).unwrap();
    assert!(
        text.contains("\"at\":1733356800000}"),
        "times are written as the script writes them: {text}"
    );
}

#[test]
fn a_stored_value_of_version_1_migrates_to_today_s_format_keeping_every_record() {
    let f = fixture("stored.json");
    let (v2, v1) = (&f["cases"][0], &f["cases"][1]);
    assert_eq!(v1["value"]["version"], 1);
    let migrated = schema::clean(v1["value"].clone(), str_of(&f, "site")).unwrap();
    let today = schema::clean(v2["value"].clone(), str_of(&f, "site")).unwrap();
    assert_eq!(migrated.stored.version, schema::VERSION);
    assert_eq!(migrated.stored.learner.name, "");
    // The same records, times and scores; only what version 1 did not record is unknown.
    for (key, old) in v1["value"]["units"].as_object().unwrap() {
        let (m, t) = (&migrated.stored.units[key], &today.stored.units[key]);
        assert_eq!(
            (m.done, m.at, m.best, m.attempts),
            (t.done, t.at, t.best, t.attempts)
        );
        assert_eq!(m.at, old["at"].as_f64().unwrap(), "{key} keeps its time");
        if key.starts_with("quiz:") {
            assert_eq!(m.answers.as_ref().map(|a| a.len()), Some(0), "{key}");
            assert_eq!(m.rev.as_deref(), Some(""), "{key}");
        }
    }
    // An import of the version 1 file into today's value changes nothing, and keeps the name
    // and answers.
    let mut mine = today.stored.clone();
    let (changed, same) = schema::merge(&mut mine, &migrated.stored);
    assert_eq!((changed, same), (0, 3));
    assert_eq!(mine, today.stored);
}

#[test]
fn imports_merge_as_the_fixture_says() {
    let f = fixture("merge.json");
    for case in f["cases"].as_array().unwrap() {
        let name = str_of(case, "name");
        let mut mine: Stored = serde_json::from_value(case["mine"].clone()).unwrap();
        let theirs: Stored = serde_json::from_value(case["theirs"].clone()).unwrap();
        let (changed, same) = schema::merge(&mut mine, &theirs);
        let expected = &case["expected"];
        assert_eq!(
            serde_json::to_value(&mine).unwrap(),
            expected["stored"],
            "{name}"
        );
        assert_eq!(
            changed as u64,
            expected["changed"].as_u64().unwrap(),
            "{name}"
        );
        assert_eq!(same as u64, expected["same"].as_u64().unwrap(), "{name}");
    }
}

#[test]
fn attempts_are_graded_as_the_fixture_says() {
    let f = fixture("grading.json");
    for q in f["quizzes"].as_array().unwrap() {
        let data: GradingData = serde_json::from_value(q["quiz"].clone()).unwrap();
        for (i, attempt) in q["attempts"].as_array().unwrap().iter().enumerate() {
            let answers: Answers = serde_json::from_value(attempt["answers"].clone()).unwrap();
            let score: Score = serde_json::from_value(attempt["score"].clone()).unwrap();
            assert_eq!(
                grade(&data, &answers),
                score,
                "{} attempt {}",
                str_of(q, "name"),
                i + 1
            );
        }
    }
}

#[test]
fn staleness_is_decided_as_the_fixture_says() {
    let f = fixture("stale.json");
    for case in f["cases"].as_array().unwrap() {
        let r = &case["record"];
        let updated = case["updated"].as_i64().unwrap();
        assert_eq!(
            syllabus::progress::updated::is_stale(
                r["done"] == true,
                r["at"].as_f64().unwrap(),
                (updated > 0).then_some(updated)
            ),
            case["stale"] == true,
            "{}",
            str_of(case, "name")
        );
    }
}

#[test]
fn quiz_pages_embed_the_grading_data_of_the_model() {
    // The page's JSON is `GradingData` itself, so the script grades what Rust grades.
    let site = SiteTest::fixture("basic");
    site.build();
    let page = site.read("first/check.html");
    let start = page.find("data-quiz-data>").unwrap() + "data-quiz-data>".len();
    let json = &page[start..start + page[start..].find("</script>").unwrap()];
    let data: GradingData = serde_json::from_str(json).unwrap();
    assert_eq!(data.unit, Unit::Quiz(&data.id).key());
    assert!(!data.questions.is_empty());
}

/// The grading data a built quiz page embeds.
fn grading_data(site: &SiteTest, page: &str) -> GradingData {
    site.build();
    let page = site.read(page);
    let start = page.find("data-quiz-data>").unwrap() + "data-quiz-data>".len();
    serde_json::from_str(&page[start..start + page[start..].find("</script>").unwrap()]).unwrap()
}

/// A quiz of two questions; `flip` writes its questions and their options in the other order.
fn quiz(with_ids: bool, flip: bool) -> String {
    let id = |i: &str| {
        if with_ids {
            format!("id: {i}\n        ")
        } else {
            String::new()
        }
    };
    let mut first = [
        format!(
            "      - {}text: Listen first\n        correct: true\n",
            id("listen")
        ),
        format!(
            "      - {}text: Talk first\n        correct: false\n",
            id("talk")
        ),
    ];
    let mut second = [
        format!("      - {}text: Ask\n        correct: true\n", id("ask")),
        format!("      - {}text: Tell\n        correct: false\n", id("tell")),
        format!(
            "      - {}text: Probe\n        correct: true\n",
            id("probe")
        ),
    ];
    if flip {
        first.reverse();
        second.reverse();
    }
    let qid = |i: &str| {
        if with_ids {
            format!("    id: {i}\n")
        } else {
            String::new()
        }
    };
    let mut questions = [
        format!(
            "  - type: single\n{}    prompt: First?\n    options:\n{}",
            qid("first"),
            first.concat()
        ),
        format!(
            "  - type: multiple\n{}    prompt: Second?\n    options:\n{}",
            qid("second"),
            second.concat()
        ),
    ];
    if flip {
        questions.reverse();
    }
    format!("title: Q\nquestions:\n{}", questions.concat())
}

#[test]
fn reordering_a_quiz_with_ids_keeps_what_stored_answers_mean() {
    let rel = "content/01-first/09-check.quiz.yaml";
    let answers: Answers = serde_json::from_value(serde_json::json!({
        "first": ["listen"], "second": ["ask", "probe"]
    }))
    .unwrap();
    let site = SiteTest::fixture("basic").write(rel, quiz(true, false));
    let before = grading_data(&site, "first/check.html");
    let site = site.write(rel, quiz(true, true));
    let after = grading_data(&site, "first/check.html");
    assert_ne!(before.questions, after.questions, "the quiz was reordered");
    assert_eq!(grade(&before, &answers), grade(&after, &answers));
    assert_eq!(grade(&after, &answers).right, 2);
    assert_eq!(before.rev, after.rev, "the same quiz for what answers mean");
    assert_eq!(before.rev.len(), 16);
}

#[test]
fn reordering_options_without_ids_changes_the_quizs_fingerprint() {
    // Without ids, an option's id is its position: after the move, a stored `a` names another
    // option, and the fingerprint says the quiz changed.
    let rel = "content/01-first/09-check.quiz.yaml";
    let answers: Answers =
        serde_json::from_value(serde_json::json!({ "q1": ["a"], "q2": ["a", "c"] })).unwrap();
    let site = SiteTest::fixture("basic").write(rel, quiz(false, false));
    let before = grading_data(&site, "first/check.html");
    let site = site.write(rel, quiz(false, true));
    let after = grading_data(&site, "first/check.html");
    assert_eq!(grade(&before, &answers).right, 2);
    assert_ne!(
        grade(&after, &answers).right,
        2,
        "stored answers now mean other options"
    );
    assert_ne!(before.rev, after.rev);
    // Rewording a prompt keeps the fingerprint.
    let site = site.write(rel, quiz(false, true).replace("First?", "Which first?"));
    assert_eq!(grading_data(&site, "first/check.html").rev, after.rev);
}

#[test]
fn option_ids_must_be_unique_and_have_letters() {
    let rel = "content/01-first/09-check.quiz.yaml";
    let text = "title: Q\nquestions:\n  - type: single\n    prompt: P\n    options:\n      - id: b\n        text: One\n        correct: true\n        feedback: x\n      - text: Two\n        correct: false\n        feedback: y\n      - id: '!!'\n        text: Three\n        correct: false\n        feedback: z\n";
    let err = SiteTest::fixture("basic").write(rel, text).errors();
    assert!(
        err.contains("09-check.quiz.yaml:3:3: error: question 1 has two options with the id `b`"),
        "{err}"
    );
    assert!(
        err.contains(
            "09-check.quiz.yaml:13:7: error: question 1: option id `!!` has no letters or digits"
        ),
        "{err}"
    );
}

/// The build fingerprint on the progress page: its `data-build`.
fn data_build(site: &SiteTest) -> String {
    let page = site.read("progress.html");
    let start = page.find("data-build=\"").expect("the page has data-build") + 12;
    page[start..start + page[start..].find('"').unwrap()].to_owned()
}

#[test]
fn the_progress_page_carries_the_build_which_follows_units_and_grading_not_wording() {
    let rel = "content/01-first/09-check.quiz.yaml";
    let site = SiteTest::fixture("basic").write(rel, quiz(true, false));
    site.build();
    let build = data_build(&site);
    assert_eq!(build.len(), 16, "{build}");
    assert!(build.bytes().all(|b| b.is_ascii_hexdigit()), "{build}");
    // Only the progress page (where Export is): a new build re-renders no other page.
    for page in ["index.html", "first/check.html", "first/index.html"] {
        assert!(!site.read(page).contains("data-build"), "{page}");
    }
    // Rewording a prompt keeps the build; a quiz whose grading changes makes a new one, and so
    // does a new checklist item.
    let site = site.write(rel, quiz(true, false).replace("First?", "Which first?"));
    site.build();
    assert_eq!(data_build(&site), build);
    let site = site.write(rel, quiz(true, false).replace("id: probe", "id: dig"));
    site.build();
    let changed = data_build(&site);
    assert_ne!(changed, build);
    let beta = std::fs::read_to_string(site.root.join("content/01-first/02-beta.md")).unwrap();
    let site = site.write(
        "content/01-first/02-beta.md",
        format!("{beta}\n- [ ] A new task\n"),
    );
    site.build();
    assert_ne!(data_build(&site), changed);
    // The page takes it from the progress map's parts, module by module: the same as the
    // course's units counted whole.
    let p = syllabus::build::prepare(&site.options_in_memory(), false).unwrap();
    assert_eq!(
        data_build(&site),
        syllabus::theme::context::build_id(&p.loaded.curriculum, &p.bodies)
    );
}
