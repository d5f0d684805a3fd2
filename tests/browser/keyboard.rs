//! Keyboard only: every control of every kind of page is reached with Tab and shows where the focus
//! is; links, boxes, answers and buttons work with Enter, Space and the arrow keys. On the website
//! and inside an LMS package (the pages in the launch page's frame, in the LMS harness).

use fantoccini::Client;
use fantoccini::key::Key;
use serde_json::Value;

use crate::course::{Course, progress_text};
use crate::harness::{Browser, serve};
use crate::lms::Place;
use crate::page::*;
use crate::quizzes::QUIZ;

/// Lists the page's controls that should be Tab stops (links, buttons, form controls, anything
/// with a tabindex of 0 or more; not disabled, hidden or `tabindex=-1`), remembered in the page
/// as `window.__stops`. Radio buttons of one group are a single Tab stop (arrow keys move within).
const LIST_STOPS: &str = r##"
const text = (s) => (s || "").replace(/\s+/g, " ").trim();
const all = [...document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]")];
window.__stops = all.filter((el) => {
  if (el.disabled || el.getAttribute("tabindex") === "-1" || el.closest("[hidden], [inert], fieldset:disabled")) return false;
  if (!el.getClientRects().length || getComputedStyle(el).visibility === "hidden") return false;
  return true;
});
window.__stop = (el) => {
  const i = window.__stops.indexOf(el);
  if (i < 0) return null;
  return el.type === "radio" ? "radio group " + el.name : "#" + i;
};
return [...new Set(window.__stops.map((el) => window.__stop(el) + " " + (el.type === "radio" ? "" : el.tagName + " " + text(el.innerText || el.getAttribute("aria-label") || (el.labels && el.labels[0] && el.labels[0].innerText)))))];
"##;

/// Which stop of LIST_STOPS has focus (null: none of them), and how its focus looks (see
/// `page::focused`).
fn where_focus() -> String {
    format!(
        "const at = window.__stop ? window.__stop(document.activeElement) : null; \
         const f = (() => {{ {} }})(); f.at = at; return f;",
        FOCUSED_JS
    )
}

/// Tabs through the open page from its start until focus has gone round (or left the page), and
/// checks that each control of LIST_STOPS was reached and each showed a focus ring in view.
async fn tab_through(c: &Client, page: &str) -> usize {
    let stops = evaluate(c, LIST_STOPS).await;
    let stops: Vec<String> = stops
        .as_array()
        .expect("stops")
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    let ids: Vec<String> = stops
        .iter()
        .map(|s| {
            if s.starts_with("radio group ") {
                s.trim_end().to_string()
            } else {
                s.split(' ').next().unwrap().to_string()
            }
        })
        .collect();
    let mut reached: Vec<String> = Vec::new();
    let mut problems = Vec::new();
    // After the last control focus leaves the page for a step, then starts again at the top; the
    // round ends when the first control reached comes round again.
    let where_focus = where_focus();
    for _ in 0..2 * stops.len() + 10 {
        press(c, Key::Tab).await;
        let mut f = evaluate(c, &where_focus).await;
        let Value::String(at) = f["at"].clone() else {
            continue;
        };
        if reached.first() == Some(&at) {
            break;
        }
        // The focus is drawn (the theme's outline on :focus-visible) and scrolled into view.
        if f["inView"] != true {
            f = eventually(
                &format!("{page}: the focused control {at} is in view"),
                async || Ok(focused(c).await),
                |f| f["inView"] == true,
            )
            .await;
        }
        if f["focusVisible"] != true || f["outlineShown"] != true {
            problems.push(format!(
                "{at} {}: no visible focus ({})",
                f["name"], f["outline"]
            ));
        }
        if !reached.contains(&at) {
            reached.push(at);
        }
    }
    let missed: Vec<&String> = stops
        .iter()
        .zip(&ids)
        .filter(|(_, id)| !reached.contains(id))
        .map(|(s, _)| s)
        .collect();
    assert!(missed.is_empty(), "{page}: Tab never reached {missed:?}");
    assert!(problems.is_empty(), "{page}:\n{}", problems.join("\n"));
    reached.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tab_reaches_every_control_with_visible_focus() {
    tab_reaches_every_control(Place::site().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tab_reaches_every_control_with_visible_focus_inside_a_package() {
    tab_reaches_every_control(Place::package().await).await;
}

async fn tab_reaches_every_control(place: Place) {
    let browser = Browser::launch().await;
    let c = &browser.client;
    place.start(c).await;

    for page in [
        "index.html",
        "human-selling/index.html",
        "habits/mindset.html",
        QUIZ,
        "progress.html",
        "404.html",
    ] {
        place.open(c, page).await;
        let n = tab_through(c, page).await;
        assert!(n > 5, "{page} in {}: only {n} Tab stops", place.name());
    }
    // A graded quiz: the answers are locked, "Try again" and the feedback's links are reachable.
    place.open(c, QUIZ).await;
    click_button(c, "Submit answers").await;
    expect_page_says(c, "You scored 0%").await;
    tab_through(c, "a graded quiz").await;

    expect_clean_logs(c, &format!("while tabbing in {}", place.name())).await;
    browser.close().await;
}

/// Presses Tab until focus is on a control of `legend` ("Question 2 of 7"), unless it is already.
async fn tab_into(c: &Client, legend: &str) -> Value {
    for _ in 0..100 {
        let f = focused(c).await;
        if f["legend"] == legend {
            return f;
        }
        press(c, Key::Tab).await;
    }
    panic!("Tab never reached an answer of {legend}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_keyboard_alone_works_the_course() {
    the_keyboard_alone_works(Place::site().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_keyboard_alone_works_the_course_inside_a_package() {
    the_keyboard_alone_works(Place::package().await).await;
}

async fn the_keyboard_alone_works(place: Place) {
    let course = Course::bundled();
    let browser = Browser::launch().await;
    let c = &browser.client;
    place.start(c).await;
    let first = &course.modules[0];
    let lesson = &first.items[0];
    let checks = course.checks(&lesson.url);

    // Home: the skip link first; Enter moves focus to the content; Enter follows a link.
    place.open(c, "index.html").await;
    press(c, Key::Tab).await;
    assert_eq!(focused(c).await["name"], "Skip to content");
    press(c, Key::Enter).await;
    eventually(
        "\"Skip to content\" moves focus to the main content",
        async || {
            c.execute("return document.activeElement.tagName", vec![])
                .await
        },
        |t| t == "MAIN",
    )
    .await;
    press(c, Key::Tab).await;
    let f = focused(c).await;
    assert_eq!(
        f["name"],
        format!("Start with {}", first.title),
        "first stop in the content"
    );
    let before = page_url(c).await;
    press(c, Key::Enter).await;
    wait_for_new_page(c, &before).await;
    expect_heading(c, &first.title).await;

    // Module page -> lesson, by Tab and Enter.
    tab_to(c, &lesson.title).await;
    let before = page_url(c).await;
    press(c, Key::Enter).await;
    wait_for_new_page(c, &before).await;
    expect_heading(c, &lesson.title).await;

    // Lesson: Space ticks and unticks.
    let bar = "Progress in this lesson";
    let units = lesson.units();
    tab_to(c, &checks[0]).await;
    press(c, ' ').await;
    expect_ticked(c, &checks[0], true).await;
    expect_progress_text(c, bar, &progress_text(1, units)).await;
    tab_to(c, "Mark this lesson complete").await;
    press(c, ' ').await;
    expect_progress_text(c, bar, &progress_text(2, units)).await;
    press(c, ' ').await;
    expect_ticked(c, "Mark this lesson complete", false).await;
    expect_progress_text(c, bar, &progress_text(1, units)).await;
    let next = &first.items[1];
    tab_to(c, &format!("Next {}", next.title)).await;
    let before = page_url(c).await;
    press(c, Key::Enter).await;
    wait_for_new_page(c, &before).await;
    expect_heading(c, &next.title).await;

    // Quiz: Tab into each question; arrow keys pick a single answer, Space ticks multiple ones;
    // Enter submits; focus goes to "Try again", and Enter there starts over.
    let quiz = course.quiz(QUIZ);
    let n = quiz.questions.len();
    place.open(c, QUIZ).await;
    for (i, q) in quiz.questions.iter().enumerate() {
        let legend = format!("Question {} of {n}", i + 1);
        let mut f = tab_into(c, &legend).await;
        let right: Vec<String> = q
            .choices()
            .into_iter()
            .filter(|(_, ok, _)| *ok)
            .map(|(t, _, _)| norm(&t))
            .collect();
        if q.kind == "multiple" {
            while f["legend"] == legend.as_str() {
                if right.contains(&norm(f["name"].as_str().unwrap())) {
                    press(c, ' ').await;
                }
                press(c, Key::Tab).await;
                f = focused(c).await;
            }
        } else {
            let mut moves = 0;
            if right[0] == norm(f["name"].as_str().unwrap()) {
                press(c, ' ').await;
            }
            while right[0] != norm(f["name"].as_str().unwrap()) {
                press(c, Key::Down).await;
                f = focused(c).await;
                moves += 1;
                assert!(
                    moves < 10,
                    "{legend}: arrow keys never reached {:?}",
                    right[0]
                );
            }
            assert_eq!(
                focused(c).await["checked"],
                true,
                "{legend}: the answer is picked"
            );
        }
    }
    tab_to(c, "Submit answers").await;
    press(c, Key::Enter).await;
    expect_page_says(c, &format!("You scored 100% ({n} of {n})")).await;
    eventually(
        "focus moves to \"Try again\"",
        async || Ok(focused(c).await["name"].clone()),
        |name| name == "Try again",
    )
    .await;
    press(c, Key::Enter).await;
    let f = eventually(
        "\"Try again\" puts focus on the first answer",
        async || Ok(focused(c).await),
        |f| f["legend"] == format!("Question 1 of {n}"),
    )
    .await;
    assert_eq!(f["checked"], false, "the answers are cleared");

    // Progress page: Enter exports, Space on "Reset" asks first, and resets (a package has no
    // "Reset": the LMS keeps the record).
    place.open(c, "progress.html").await;
    let whole = "Progress in the whole course";
    expect_progress_text(c, whole, &progress_text(2, course.units())).await;
    tab_to(c, &checks[1]).await;
    press(c, ' ').await;
    expect_progress_text(c, whole, &progress_text(3, course.units())).await;
    tab_to(c, "Export my progress").await;
    press(c, Key::Enter).await;
    expect_page_says(c, "Your progress was exported to").await;
    if !place.can_reset() {
        expect_clean_logs(c, "while using the keyboard in a package").await;
        browser.close().await;
        return;
    }
    tab_to(c, "Reset all my progress").await;
    press(c, ' ').await;
    let question = c.get_alert_text().await.expect("reset asks first");
    assert!(
        question.contains("Delete all your saved progress"),
        "{question:?}"
    );
    c.accept_alert().await.expect("confirm");
    expect_progress_text(c, whole, &progress_text(0, course.units())).await;

    expect_clean_logs(c, "while using the keyboard").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headings_named_like_the_themes_controls_leave_them_working() {
    // Issue 17: a heading took the id of a theme element. `## Course nav` became a second
    // `id="course-nav"` before the sidebar's, so the header's "Contents" link went to the heading;
    // `## Main` and `## Search input` doubled the skip link's and the search box's ids.
    let copy = crate::harness::CourseCopy::new();
    let rel = "content/01-human-selling/01-cogs.md";
    let lesson = copy.read(rel);
    copy.write(
        rel,
        &format!("{lesson}\n## Course nav\n\nA heading named like the contents.\n\n## Main\n\nOne named like the page's main part.\n\n## Search input\n\nAnd one named like the search box.\n"),
    );
    copy.build();
    let base = serve(copy.out()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &format!("{base}/human-selling/cogs.html")).await;
    press(c, Key::Tab).await;
    assert_eq!(focused(c).await["name"], "Skip to content");
    press(c, Key::Enter).await;
    eventually(
        "\"Skip to content\" moves focus to the main content",
        async || {
            c.execute("return document.activeElement.tagName", vec![])
                .await
        },
        |t| t == "MAIN",
    )
    .await;
    // The header's "Contents" link (shown on narrow screens) leads to the course contents, not
    // to the heading.
    open(c, &format!("{base}/human-selling/cogs.html#course-nav")).await;
    eventually(
        "\"Contents\" leads to the course contents",
        async || {
            c.execute(
                "var t = document.querySelector(':target'); return t && t.getAttribute('aria-label')",
                vec![],
            )
            .await
        },
        |label| label == "Course contents",
    )
    .await;
    // "/" still focuses the search box.
    press(c, '/').await;
    eventually(
        "\"/\" focuses the search box",
        async || {
            c.execute(
                "return document.activeElement.getAttribute('placeholder')",
                vec![],
            )
            .await
        },
        |p| p == "Search",
    )
    .await;
    expect_clean_logs(c, "a lesson with headings named like the theme's controls").await;
    browser.close().await;
}
