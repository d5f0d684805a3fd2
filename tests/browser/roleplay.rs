//! A lesson's role-play (issue 18) in the browser: the observer ticks rubric items on the
//! learner's device and they are kept like checklist items (after a reload, in the lesson's
//! progress bar); axe-core finds nothing on the page; "Print the role cards" prints one card per
//! role and the observer's checklist, one a page.

use crate::accessibility::expect_axe_clean;
use crate::course::Course;
use crate::harness::{Browser, BuiltSite, serve};
use crate::page::*;

const LESSON: &str = "human-selling/helping-not-pushing.html";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_observer_ticks_the_rubric_and_the_cards_print_one_a_page() {
    let course = Course::bundled();
    let checks = course.checks(LESSON);
    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &format!("{base}/{LESSON}")).await;
    expect_page_says(c, "Role-play: The late order and the new branch").await;
    for role in ["Customer", "Learner", "Observer"] {
        expect_page_says(c, &format!("Brief for: {role}")).await;
    }

    // Two rubric items ticked by the observer, kept after a reload and counted in the lesson.
    let rubric = [
        "Asks at least one question about the new shop",
        "Agrees a clear next step before the call ends",
    ];
    for item in rubric {
        assert!(
            checks.iter().any(|c| c == item),
            "{item} is a unit of the lesson"
        );
        click_label(c, item).await;
        expect_ticked(c, item, true).await;
    }
    reload(c).await;
    for item in rubric {
        expect_ticked(c, item, true).await;
    }
    let total = checks.len() + 1;
    expect_progress_text(
        c,
        "Progress in this lesson",
        &format!("2 of {total} done, {}%", (200.0 / total as f64).round()),
    )
    .await;

    expect_axe_clean(c, "a lesson with a role-play", false).await;

    // "Print the role cards" prints the cards alone: three roles and the observer's checklist.
    evaluate(
        c,
        "document.documentElement.setAttribute('data-printing', 'roleplay')",
    )
    .await;
    for (name, pages) in printed_pages(c).await {
        assert_eq!(pages, 4, "{name}: a page per card");
    }
    evaluate(
        c,
        "document.documentElement.removeAttribute('data-printing')",
    )
    .await;
    expect_clean_logs(c, "ticking a role-play's rubric and printing its cards").await;
    browser.close().await;
}
