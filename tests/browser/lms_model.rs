//! The package's model script (themes/default/lms/js/lms-model.js, `Syllabus.lmsModel`) against
//! the shared fixture `tests/fixtures/progress/lms.json`, run in the launch page of a real
//! package: what the LMS is told and the resume data must be exactly what the Rust side
//! (src/progress/lms.rs, compact.rs; tests/it/lms_model.rs) gives for every case, resume data
//! of version 1 included.

use std::path::Path;

use serde_json::Value;

use crate::harness::Browser;
use crate::lms::packaged;
use crate::page::open;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_packages_script_reports_and_resumes_as_the_fixture_says() {
    let s = packaged("scorm2004").await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &format!("{}/pkg/launch.html", s.base)).await;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/progress/lms.json");
    let f: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let course = &f["course"];
    let run = |body: &'static str, args: Vec<Value>| async move {
        c.execute(body, args)
            .await
            .unwrap_or_else(|e| panic!("{body}: {e}"))
    };
    let worst = run(
        "return Syllabus.lmsModel.worstCaseLen(arguments[0])",
        vec![course.clone()],
    )
    .await;
    assert_eq!(worst, f["worst_case"]);
    for case in f["cases"].as_array().unwrap() {
        let name = &case["name"];
        let args = vec![case["value"].clone(), course.clone()];
        let report = run(
            "return Syllabus.lmsModel.report(arguments[0], arguments[1])",
            args.clone(),
        )
        .await;
        assert_eq!(report, case["report"], "{name}");
        let data = run(
            "return Syllabus.lmsModel.encode(arguments[0], arguments[1])",
            args,
        )
        .await;
        assert_eq!(data, case["suspend_data"], "{name}");
        let read = run(
            "return Syllabus.lmsModel.decode(arguments[0], arguments[1])",
            vec![data, course.clone()],
        )
        .await;
        assert_eq!(read["stored"]["units"], case["restored"], "{name}");
        for q in course["quizzes"].as_array().unwrap() {
            let answers =
                case["value"]["units"][format!("quiz:{}", q["id"].as_str().unwrap())]["answers"]
                    .clone();
            let got = run(
                "return Syllabus.lmsModel.interactions(arguments[0], arguments[1] || {})",
                vec![q.clone(), answers],
            )
            .await;
            assert_eq!(
                got,
                case["interactions"][q["id"].as_str().unwrap()],
                "{name}"
            );
        }
    }
    for case in f["from_version_1"]["cases"].as_array().unwrap() {
        let read = run(
            "return Syllabus.lmsModel.decode(arguments[0], arguments[1])",
            vec![case["data"].clone(), course.clone()],
        )
        .await;
        assert_eq!(
            read["stored"]["units"], case["restored"],
            "{}",
            case["data"]
        );
        let again = run(
            "return Syllabus.lmsModel.encode(arguments[0], arguments[1])",
            vec![read["stored"].clone(), course.clone()],
        )
        .await;
        assert_eq!(again, case["again"], "{}", case["data"]);
    }
    for case in f["undecodable"].as_array().unwrap() {
        let read = run(
            "return Syllabus.lmsModel.decode(arguments[0], arguments[1])",
            vec![case["data"].clone(), course.clone()],
        )
        .await;
        assert_eq!(read["unusable"], case["why"], "{}", case["data"]);
    }
    browser.close().await;
}
