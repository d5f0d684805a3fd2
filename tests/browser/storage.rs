//! Where progress is kept, when localStorage misbehaves: storage that throws (B02) leaves ticks and
//! quizzes working for the open page, with a notice; two tabs ticking the same lesson (B04) lose
//! none of each other's ticks.

use fantoccini::Client;
use fantoccini::wd::WindowHandle;
use serde_json::{Value, json};

use crate::course::{Course, progress_text};
use crate::harness::{Browser, BuiltSite, serve};
use crate::page::*;
use crate::quizzes;

const LESSON: &str = "human-selling/cogs.html";
const BAR: &str = "Progress in this lesson";
const WHOLE: &str = "Progress in the whole course";
const STORAGE_KEY: &str = "syllabus:service-to-sales";
/// What the theme says when it cannot save (js/store.js, the `local` store's `lost`): its progress
/// is lost when the page is left, so only the page with the Export button suggests exporting.
const NOT_SAVED: &str = "This browser is not letting the course save your progress (for example in a private window, or because storage is full). Your ticks are kept only until you leave or reload this page.";
const NOT_SAVED_EXPORT: &str = "This browser is not letting the course save your progress (for example in a private window, or because storage is full). Your ticks are kept only until you leave or reload this page; use “Export my progress” to keep a copy.";

/// One way storage can be unusable: a script run before any of the page's own, and a check, run
/// in the page, that returns the name of the error the learner's browser would throw.
struct Unusable {
    what: &'static str,
    hook: &'static str,
    control: &'static str,
    error: &'static str,
}

const UNUSABLE: [Unusable; 3] = [
    // Safari's private mode (before Safari 11), or storage full: every write throws.
    Unusable {
        what: "every write throws QuotaExceededError",
        hook: r#"Storage.prototype.setItem = function () {
            throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
        };"#,
        control: "try { localStorage.setItem('x', '1'); return 'saved'; } catch (e) { return e.name; }",
        error: "QuotaExceededError",
    },
    // Storage (cookies) disabled: merely reading `window.localStorage` throws.
    Unusable {
        what: "reading window.localStorage throws SecurityError",
        hook: r#"Object.defineProperty(window, "localStorage", {
            configurable: true,
            get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
        });"#,
        control: "try { localStorage; return 'readable'; } catch (e) { return e.name; }",
        error: "SecurityError",
    },
    // The quota is nearly full: the theme's small probe fits, the progress value does not, so
    // storage fails only at the first save.
    Unusable {
        what: "the quota is full for the progress value only",
        hook: r#"(() => {
            const setItem = Storage.prototype.setItem;
            Storage.prototype.setItem = function (key, value) {
                if (key === "syllabus:service-to-sales") {
                    throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
                }
                return setItem.call(this, key, value);
            };
        })();"#,
        control: "try { localStorage.setItem('syllabus:service-to-sales', '{}'); return 'saved'; } catch (e) { return e.name; }",
        error: "QuotaExceededError",
    },
];

/// Waits for the notice that progress cannot be saved, and checks that it does not block: no
/// dialog is open, and the notice is not in a modal.
async fn expect_not_saved_notice(c: &Client, notice: &str, when: &str) {
    expect_page_says(c, notice).await;
    assert!(
        c.get_alert_text().await.is_err(),
        "{when}: a dialog is open instead of a notice"
    );
    let modal = evaluate(
        c,
        "return [...document.querySelectorAll('.notice')].some(n => n.closest('dialog, [role=dialog], [role=alertdialog], [aria-modal=true]') !== null)",
    )
    .await;
    assert_eq!(modal, false, "{when}: the notice is in a modal");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn b02_unusable_storage_keeps_quizzes_and_checklists_working() {
    let course = Course::bundled();
    let checks = course.checks(LESSON);
    let units = course.item(LESSON).1.units();
    let quiz = course.quiz(quizzes::QUIZ);
    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    let lesson = format!("{base}/{LESSON}");

    for case in &UNUSABLE {
        let what = case.what;
        let added = cdp(
            c,
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": case.hook }),
        )
        .await;

        // The lesson: the hook took, and ticks still move the bar.
        open(c, &lesson).await;
        let error = evaluate(c, case.control).await;
        assert_eq!(error, case.error, "{what}: the hook did not take");
        expect_progress_text(c, BAR, &progress_text(0, units)).await;
        click_label(c, &checks[0]).await;
        expect_ticked(c, &checks[0], true).await;
        expect_progress_text(c, BAR, &progress_text(1, units)).await;
        expect_not_saved_notice(c, NOT_SAVED, what).await;
        click_label(c, &checks[1]).await;
        expect_progress_text(c, BAR, &progress_text(2, units)).await;
        click_label(c, &checks[0]).await;
        expect_ticked(c, &checks[0], false).await;
        expect_progress_text(c, BAR, &progress_text(1, units)).await;
        expect_ticked(c, &checks[1], true).await;

        // The quiz is graded, and its best score shown.
        open(c, &format!("{base}/{}", quizzes::QUIZ)).await;
        quizzes::pass(c, quiz).await;
        expect_page_says(c, "Your best score: 100%, passed (1 attempt)").await;
        expect_not_saved_notice(c, NOT_SAVED, what).await;

        // "My progress": a tick there counts, the notice suggests Export, and Export works.
        open(c, &format!("{base}/progress.html")).await;
        click_label(c, &checks[3]).await;
        expect_progress_text(c, WHOLE, &progress_text(1, course.units())).await;
        expect_not_saved_notice(c, NOT_SAVED_EXPORT, what).await;
        click_button(c, "Export my progress").await;
        expect_page_says(c, "Your progress was exported to syllabus-progress-").await;
        expect_clean_logs(c, &format!("when {what}")).await;

        let id = added["identifier"].clone();
        cdp(
            c,
            "Page.removeScriptToEvaluateOnNewDocument",
            json!({ "identifier": id }),
        )
        .await;
    }

    // Control: with storage working again, nothing was saved meanwhile and no notice is shown.
    open(c, &lesson).await;
    expect_progress_text(c, BAR, &progress_text(0, units)).await;
    click_label(c, &checks[2]).await;
    expect_progress_text(c, BAR, &progress_text(1, units)).await;
    reload(c).await;
    expect_ticked(c, &checks[2], true).await;
    let text = page_text(c).await.expect("page text");
    assert!(
        !text.contains("not letting the course save"),
        "with working storage: {text}"
    );
    expect_clean_logs(c, "with working storage").await;
    browser.close().await;
}

async fn switch(c: &Client, window: &WindowHandle) {
    c.switch_to_window(window.clone())
        .await
        .expect("switch to the other tab");
}

/// The stored progress value, parsed.
async fn stored(c: &Client) -> Value {
    let raw = evaluate(c, &format!("return localStorage.getItem('{STORAGE_KEY}')")).await;
    serde_json::from_str(raw.as_str().expect("progress is saved")).expect("saved progress is JSON")
}

/// The progress unit (`check:<lesson>#<item>`) of the checklist item labelled `label`.
async fn unit_of(c: &Client, label: &str) -> String {
    control_labelled(c, label)
        .await
        .attr("data-unit")
        .await
        .expect("data-unit")
        .expect("a checklist box has a data-unit")
}

/// The page shows exactly `ticked` among the lesson's first four items, and the bar agrees.
async fn expect_ticks(c: &Client, checks: &[String], ticked: &[usize], units: usize) {
    for (i, check) in checks.iter().enumerate().take(4) {
        expect_ticked(c, check, ticked.contains(&i)).await;
    }
    expect_progress_text(c, BAR, &progress_text(ticked.len(), units)).await;
}

/// Installed in tab B before the page's scripts, so its `storage` listener runs before the
/// theme's: while `window.deaf` is set, it stops each event (and counts it in `window.missed`).
const DEAF: &str = "window.missed = 0; window.addEventListener('storage', e => { if (window.deaf) { window.missed++; e.stopImmediatePropagation(); } });";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn b04_two_tabs_ticking_at_once_lose_nothing() {
    let course = Course::bundled();
    let checks = course.checks(LESSON);
    assert!(checks.len() >= 4, "{LESSON}: the test needs 4 items");
    let units = course.item(LESSON).1.units();
    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    let lesson = format!("{base}/{LESSON}");

    let a = c.window().await.expect("the first tab");
    open(c, &lesson).await;
    let b = c.new_window(true).await.expect("a second tab").handle;
    switch(c, &b).await;
    cdp(
        c,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": DEAF }),
    )
    .await;
    open(c, &lesson).await;
    expect_ticks(c, checks, &[], units).await;
    evaluate(c, "window.sameDocument = true; return null").await;

    // 1. A ticks an item: B, left open, shows it without a reload (the `storage` event).
    switch(c, &a).await;
    click_label(c, &checks[0]).await;
    expect_ticks(c, checks, &[0], units).await;
    switch(c, &b).await;
    expect_ticks(c, checks, &[0], units).await;
    let same = evaluate(c, "return window.sameDocument === true").await;
    assert_eq!(same, true, "tab B was reloaded instead of updated");

    // 2. B misses the next events (as a tab whose view is stale when the other tab writes): its
    // listener from DEAF, registered before the theme's, swallows them and counts them.
    evaluate(c, "window.deaf = true; return null").await;
    switch(c, &a).await;
    click_label(c, &checks[2]).await;
    expect_ticks(c, checks, &[0, 2], units).await;
    switch(c, &b).await;
    eventually(
        "tab B received A's change and swallowed it",
        async || c.execute("return window.missed", vec![]).await,
        |n| n.as_u64().is_some_and(|n| n >= 1),
    )
    .await;
    expect_ticks(c, checks, &[0], units).await; // stale: A's second tick is not shown
    click_label(c, &checks[1]).await;
    // B's tick re-read storage before writing: A's tick is kept, and now shown here too.
    expect_ticks(c, checks, &[0, 1, 2], units).await;
    switch(c, &a).await;
    expect_ticks(c, checks, &[0, 1, 2], units).await;

    // 3. An untick is not undone by a stale tab: A unticks, B (still showing it ticked) ticks
    // another item.
    click_label(c, &checks[0]).await;
    expect_ticks(c, checks, &[1, 2], units).await;
    switch(c, &b).await;
    expect_ticked(c, &checks[0], true).await; // stale
    click_label(c, &checks[3]).await;
    expect_ticks(c, checks, &[1, 2, 3], units).await;
    switch(c, &a).await;
    expect_ticks(c, checks, &[1, 2, 3], units).await;

    // After a reload each tab shows every change, and the saved data holds them.
    for tab in [&a, &b] {
        switch(c, tab).await;
        reload(c).await;
        expect_ticks(c, checks, &[1, 2, 3], units).await;
    }
    let saved = stored(c).await;
    for (i, check) in checks.iter().enumerate().take(4) {
        let unit = unit_of(c, check).await;
        assert_eq!(saved["units"][&unit]["done"], i != 0, "{unit} in {saved}");
    }
    let done = saved["units"]
        .as_object()
        .expect("saved units")
        .values()
        .filter(|u| u["done"] == true)
        .count();
    assert_eq!(done, 3, "{saved}");

    for tab in [&a, &b] {
        switch(c, tab).await;
        expect_clean_logs(c, "with two tabs ticking").await;
    }
    browser.close().await;
}
