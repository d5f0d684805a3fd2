//! Branching conversations (issue 18), played the way a keyboard and screen-reader user plays
//! them: the bundled course's late-delivery call, by Tab and Enter, to each kind of ending. Each
//! reply moves focus to the next replies (or to the ending's heading), the live region reads the
//! new lines, the ending shows the path taken and the better way; "Start the conversation again"
//! restarts it; the best ending is kept and shows on the home and progress pages. axe-core and
//! the Nu HTML Checker judge the page mid-conversation and at an ending (the page as built is
//! checked with every other page by `validity`).

use fantoccini::Client;
use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::json;

use crate::accessibility::{RULE_TAGS, axe, axe_source, describe};
use crate::harness::{Browser, BuiltSite, serve};
use crate::page::*;
use crate::validity::vnu_jar;

/// The bundled course's conversation.
pub const SCENARIO: &str = "human-selling/late-delivery.html";
const TITLE: &str = "The late delivery call";

const SORRY: &str =
    "I'm sorry, that's frustrating when you're busy. Let me look up the order right now.";
const COURIER: &str =
    "Deliveries are handled by the courier, so there isn't much I can do from here.";
const INSIST: &str = "I understand, but it really is the courier's responsibility.";
const REPLACE: &str = "It's stuck at the courier's depot. I'll send a replacement today by express, at our cost, and email you the tracking number within the hour.";
const ASK: &str = "Tell me about the new shop. What will you need there, and by when?";
const BYE: &str = "Glad I could help. Have a good day!";
const QUOTE: &str = "I'll send you a quote for the machines and grinders, with delivery by the 8th so there's a week to spare, and I'll watch the tracking myself. Can I email it by noon tomorrow?";

/// The replies offered now, in page order.
async fn replies(c: &Client) -> Vec<String> {
    let mut out = Vec::new();
    for b in c
        .find_all(Locator::XPath("//*[@role='group']//button"))
        .await
        .expect("reply buttons")
    {
        if b.is_displayed().await.unwrap_or(false) {
            out.push(norm(&b.text().await.expect("reply text")));
        }
    }
    out
}

/// Picks the reply `text` by keyboard: Tab to it unless it has focus already, then Enter.
async fn reply(c: &Client, text: &str) {
    let want = norm(text);
    if norm(focused(c).await["name"].as_str().unwrap_or_default()) != want {
        tab_to(c, &want).await;
    }
    press(c, Key::Enter).await;
}

/// After a reply that does not end it: focus is on the first of the new replies.
async fn expect_focus_on_first_reply(c: &Client) {
    let first = replies(c)
        .await
        .into_iter()
        .next()
        .expect("replies offered");
    let f = focused(c).await;
    assert_eq!(
        (
            f["tag"].as_str(),
            norm(f["name"].as_str().unwrap_or_default())
        ),
        (Some("button"), first),
        "focus after a reply"
    );
}

/// What the live region said last.
async fn announced(c: &Client) -> String {
    norm(
        evaluate(
            c,
            "return document.querySelector('[data-scenario-announce]').textContent",
        )
        .await
        .as_str()
        .unwrap_or_default(),
    )
}

async fn expect_announced(c: &Client, want: &str) {
    let what = format!("the live region says \"{want}\"");
    eventually(
        &what,
        async || Ok(announced(c).await),
        |t| t.contains(&norm(want)),
    )
    .await;
}

/// The texts of the list under the heading `heading` at the ending.
async fn list_under(c: &Client, heading: &str) -> Vec<String> {
    let xpath = format!("//h3[{}]/following-sibling::ol[1]/li", text_is(heading));
    let mut out = Vec::new();
    for li in c.find_all(Locator::XPath(&xpath)).await.expect("list") {
        if li.is_displayed().await.unwrap_or(false) {
            out.push(norm(&li.text().await.expect("item text")));
        }
    }
    out
}

/// Plays `path` by keyboard (after the replies `earlier`, already chosen), checking focus and
/// announcements on the way, and expects the ending `ending` ("A good ending"…) with focus on
/// its heading and every reply chosen listed.
async fn play(c: &Client, earlier: &[&str], path: &[&str], ending: &str) {
    for (i, r) in path.iter().enumerate() {
        reply(c, r).await;
        if i + 1 < path.len() {
            expect_announced(c, &format!("You: {r}")).await;
            expect_focus_on_first_reply(c).await;
        }
    }
    let heading = format!("The conversation is over: {ending}");
    expect_page_says(c, &heading).await;
    expect_announced(c, &heading).await;
    let f = focused(c).await;
    assert_eq!(
        norm(f["name"].as_str().unwrap_or_default()),
        heading,
        "focus at the ending"
    );
    assert!(replies(c).await.is_empty(), "no replies after the ending");
    let chosen: Vec<String> = earlier.iter().chain(path).map(|r| norm(r)).collect();
    assert_eq!(list_under(c, "The replies you chose").await, chosen);
}

/// Saves the page as it is now (the DOM the script made) to `dir/name.html`, for the Nu checker.
pub(crate) async fn save_dom(c: &Client, dir: &std::path::Path, name: &str) {
    let html = evaluate(
        c,
        "return '<!doctype html>\\n' + document.documentElement.outerHTML",
    )
    .await;
    std::fs::write(
        dir.join(format!("{name}.html")),
        html.as_str().expect("the page's HTML"),
    )
    .expect("save the page");
}

/// The Nu HTML Checker's errors for the pages saved in `dir`.
pub(crate) fn nu_errors(dir: &std::path::Path) -> Vec<String> {
    let out = std::process::Command::new("java")
        .arg("-jar")
        .arg(vnu_jar())
        .args(["--errors-only", "--format", "gnu"])
        .arg(dir)
        .output()
        .expect("run the Nu HTML Checker (java): run scripts/test to install it");
    assert!(
        out.status.success() || !out.stderr.is_empty(),
        "the checker did not run"
    );
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains("error"))
        .map(str::to_owned)
        .collect()
}

async fn restart(c: &Client) {
    tab_to(c, "Start the conversation again").await;
    press(c, Key::Enter).await;
    eventually(
        "the conversation starts again",
        async || Ok(replies(c).await),
        |r| r.len() == 3,
    )
    .await;
    expect_focus_on_first_reply(c).await;
    assert!(
        !page_text(c)
            .await
            .unwrap()
            .contains("The conversation is over")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conversation_is_played_by_keyboard_to_each_ending_and_its_best_is_kept() {
    let source = axe_source();
    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;

    open(c, &format!("{base}/{SCENARIO}")).await;
    expect_heading(c, TITLE).await;
    expect_page_says(c, "Your best ending: Not played yet").await;
    assert_eq!(
        replies(c).await,
        [
            norm(
                "Great news about the second shop! While I have you, we have a new-location bundle that would suit you perfectly."
            ),
            norm(SORRY),
            norm(COURIER)
        ]
    );

    // Mid-conversation: axe judges the transcript, feedback and replies.
    reply(c, SORRY).await;
    expect_announced(c, "Feedback: A short apology and an action.").await;
    expect_announced(c, "The tracking page shows the parcel").await;
    expect_focus_on_first_reply(c).await;
    let found = axe(c, &source, json!({ "type": "tag", "values": RULE_TAGS })).await;
    assert!(
        found.violations.is_empty(),
        "mid-conversation:\n{}",
        describe(&found.violations)
    );
    let saved = tempfile::tempdir().expect("a folder for the pages as played");
    save_dom(c, saved.path(), "mid-conversation").await;

    // An acceptable ending: the better way starts where the learner left it, at the new shop.
    reply(c, REPLACE).await;
    play(c, &[SORRY, REPLACE], &[BYE], "An acceptable ending").await;
    assert_eq!(
        list_under(c, "A better way from the point where you left it").await,
        [norm(ASK), norm(QUOTE)]
    );
    expect_page_says(c, "Your best ending: An acceptable ending").await;
    let found = axe(c, &source, json!({ "type": "tag", "values": RULE_TAGS })).await;
    assert!(
        found.violations.is_empty(),
        "at an ending:\n{}",
        describe(&found.violations)
    );
    save_dom(c, saved.path(), "at-an-ending").await;
    let errors = nu_errors(saved.path());
    assert!(
        errors.is_empty(),
        "the Nu HTML Checker, on the page as played:\n{}",
        errors.join("\n")
    );

    // A poor ending: blaming the courier and insisting; the better way starts at the first line.
    restart(c).await;
    play(c, &[], &[COURIER, INSIST], "A poor ending").await;
    assert_eq!(
        list_under(c, "A better way from the point where you left it").await,
        [norm(SORRY), norm(REPLACE), norm(ASK), norm(QUOTE)]
    );
    // The best ending stays the better one.
    expect_page_says(c, "Your best ending: An acceptable ending").await;

    // A good ending: no better way, and it becomes the best.
    restart(c).await;
    play(c, &[], &[SORRY, REPLACE, ASK, QUOTE], "A good ending").await;
    expect_page_says(c, "You reached the best ending this conversation has.").await;
    assert!(
        list_under(c, "A better way from the point where you left it")
            .await
            .is_empty()
    );
    expect_page_says(c, "Your best ending: A good ending").await;
    let found = axe(c, &source, json!({ "type": "tag", "values": RULE_TAGS })).await;
    assert!(
        found.violations.is_empty(),
        "at the good ending:\n{}",
        describe(&found.violations)
    );

    // A poor ending after the good one keeps the good one.
    restart(c).await;
    play(c, &[], &[COURIER, INSIST], "A poor ending").await;
    expect_page_says(c, "Your best ending: A good ending").await;

    // The progress page shows the best ending; the sidebar says done; the home page counts it.
    open(c, &format!("{base}/progress.html")).await;
    expect_item_text(c, TITLE, "Your best ending: A good ending").await;
    expect_item_text(c, TITLE, "Done").await;
    open(c, &format!("{base}/human-selling/index.html")).await;
    expect_item_text(c, TITLE, "A good ending").await;
    eventually(
        "the sidebar marks the conversation done",
        async || sidebar_status(c, &format!("Conversation: {TITLE}")).await,
        |s| s == "Done",
    )
    .await;
    open(c, &format!("{base}/index.html")).await;
    expect_page_says(c, "Continue with Human-centered selling").await;
    let (done, label) = progress(c, "Progress in Human-centered selling").await;
    assert_eq!((done, label.starts_with("1 of ")), (1.0, true), "{label}");
    expect_clean_logs(c, "while playing a conversation").await;
    browser.close().await;
}

/// The author marks the conversation `updated:` after the learner's good ending: the page, the
/// sidebar and the progress page say so; played again to any ending, that ending replaces the
/// old one (reached in a conversation that has changed) and the marks go.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ending_reached_before_the_conversation_was_updated_counts_again_only_when_played_again()
{
    let copy = crate::harness::CourseCopy::new();
    copy.build();
    let base = serve(copy.out()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    let sidebar = format!("Conversation: {TITLE}");
    open(c, &format!("{base}/{SCENARIO}")).await;
    play(c, &[], &[SORRY, REPLACE, ASK, QUOTE], "A good ending").await;
    expect_page_says(c, "Your best ending: A good ending").await;

    std::thread::sleep(std::time::Duration::from_millis(1100));
    let when = evaluate(c, "return new Date().toISOString().slice(0, 19) + 'Z'").await;
    let file = "content/01-human-selling/05-late-delivery.scenario.yaml";
    copy.write(
        file,
        &format!(
            "updated: {}\n{}",
            when.as_str().expect("a time"),
            copy.read(file)
        ),
    );
    copy.build();

    open(c, &format!("{base}/{SCENARIO}")).await;
    expect_page_says(c, "This conversation was updated on").await;
    eventually(
        "the sidebar marks the conversation updated",
        async || sidebar_status(c, &sidebar).await,
        |s| s == "Updated since you completed it",
    )
    .await;
    open(c, &format!("{base}/progress.html")).await;
    expect_page_says(
        c,
        "1 lesson, quiz or conversation was updated since you completed it",
    )
    .await;
    expect_item_text(c, TITLE, "Updated since you completed it").await;

    // Played again, to a poor ending: that is now the ending kept, and nothing is marked.
    open(c, &format!("{base}/{SCENARIO}")).await;
    play(c, &[], &[COURIER, INSIST], "A poor ending").await;
    expect_page_says(c, "Your best ending: A poor ending").await;
    eventually(
        "the sidebar says done",
        async || sidebar_status(c, &sidebar).await,
        |s| s == "Done",
    )
    .await;
    let hidden = evaluate(
        c,
        "return document.querySelector('[data-updated-note]').hidden",
    )
    .await;
    assert_eq!(hidden, json!(true), "the note is gone");
    let record = evaluate(
        c,
        "return JSON.parse(localStorage.getItem('syllabus:service-to-sales')).units['scenario:human-selling/late-delivery']",
    )
    .await;
    assert_eq!(
        (&record["done"], &record["ending"]),
        (&json!(true), &json!("poor")),
        "{record}"
    );
    // A better ending after the update is kept over it again, as before.
    restart(c).await;
    play(c, &[], &[SORRY, REPLACE, BYE], "An acceptable ending").await;
    expect_page_says(c, "Your best ending: An acceptable ending").await;
    expect_clean_logs(c, "an updated conversation played again").await;
    browser.close().await;
}

/// Points (issue 18): the fixture's conversation gives "I'm sorry. Let me fix it now." 2 points
/// and "The courier lost it." -1. The ending says the points of the replies chosen and of the
/// best way; the lists show each reply's points; reaching the best ending with fewer points than
/// the best way shows that way from where the learner left it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn points_are_added_up_at_the_ending_and_the_better_way_scores_more() {
    let dir = tempfile::tempdir().expect("a folder for the site");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios");
    crate::harness::build_course(&root, dir.path());
    let base = serve(dir.path()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    let (sorry, blame) = ("I'm sorry. Let me fix it now.", "The courier lost it.");
    let (recover, shop) = (
        "Sorry, it is ours to fix. Let me fix it now.",
        "Tell me about the new shop.",
    );
    open(c, &format!("{base}/call/call.html")).await;

    // The best ending by a detour that cost a point: the better way is the one worth 2.
    reply(c, blame).await;
    reply(c, recover).await;
    reply(c, shop).await;
    expect_page_says(c, "The conversation is over: A good ending").await;
    assert_eq!(
        list_under(c, "The replies you chose").await,
        [
            format!("{blame} (-1 point)"),
            format!("{recover} (0 points)"),
            format!("{shop} (0 points)")
        ]
    );
    expect_page_says(
        c,
        "Points for the replies you chose: -1. The best way to the best ending scores 2.",
    )
    .await;
    assert_eq!(
        list_under(c, "A better way from the point where you left it").await,
        [format!("{sorry} (2 points)"), format!("{shop} (0 points)")]
    );

    // The best way itself: nothing better to show.
    restart_with(c, 2).await;
    reply(c, sorry).await;
    reply(c, shop).await;
    expect_page_says(
        c,
        "Points for the replies you chose: 2. The best way to the best ending scores 2.",
    )
    .await;
    assert!(
        list_under(c, "A better way from the point where you left it")
            .await
            .is_empty()
    );
    let found = axe(
        c,
        &axe_source(),
        json!({ "type": "tag", "values": RULE_TAGS }),
    )
    .await;
    assert!(
        found.violations.is_empty(),
        "at an ending with points:\n{}",
        describe(&found.violations)
    );
    expect_clean_logs(c, "a conversation with points").await;
    browser.close().await;
}

/// "Start the conversation again" by keyboard, expecting `n` first replies.
async fn restart_with(c: &Client, n: usize) {
    tab_to(c, "Start the conversation again").await;
    press(c, Key::Enter).await;
    eventually(
        "the conversation starts again",
        async || Ok(replies(c).await),
        |r| r.len() == n,
    )
    .await;
}
