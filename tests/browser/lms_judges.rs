//! A package holds to what the site holds to (issue 16: "everything else about the site holds
//! inside a package"): axe-core finds no accessibility violation on the launch page and on the
//! course's pages shown in its frame, in light and dark mode; the Nu HTML Checker finds no error
//! in any page of the unzipped package, the launch page included; and no page asks another host
//! for anything.

use serde_json::{Value, json};

use crate::accessibility::expect_axe_clean;
use crate::harness::Browser;
use crate::lms::{launch, next, packaged};
use crate::page::*;
use crate::validity::run_vnu;

/// What the page in the current frame loaded from another host than its own.
async fn other_hosts(c: &fantoccini::Client) -> Value {
    let script = "const own = location.host;
        return performance.getEntriesByType('resource').map(e => e.name)
          .filter(u => !u.startsWith('data:') && new URL(u).host !== own);";
    c.execute(script, vec![])
        .await
        .expect("the page's resources")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_package_passes_axe_and_the_nu_checker_and_asks_no_other_host() {
    let s = packaged("scorm2004").await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    launch(c, &s, "scorm2004", json!({ "credit": "credit" })).await;
    let judge = async |what: &str| {
        expect_axe_clean(c, what, true).await;
        assert_eq!(other_hosts(c).await, json!([]), "{what} asked another host");
    };
    expect_heading(c, "LMS Course").await;
    judge("the home page in a package").await;
    next(c, "Basics").await;
    next(c, "Listen").await;
    judge("a lesson in a package").await;
    next(c, "Ask").await;
    next(c, "Basics check").await;
    judge("a quiz in a package").await;
    next(c, "Habits").await;
    next(c, "Follow up").await;
    next(c, "Calling back").await;
    judge("a scenario in a package").await;
    c.enter_parent_frame().await.expect("to the launch page");
    judge("the launch page").await;
    expect_clean_logs(c, "judging a package").await;
    browser.close().await;

    let out = run_vnu(&[&s.package_dir()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("launch.html"),
        "the launch page was checked:\n{stdout}"
    );
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error")).collect();
    assert!(
        errors.is_empty(),
        "the Nu HTML Checker found errors:\n{}",
        errors.join("\n")
    );
}
