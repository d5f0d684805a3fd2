//! A phone: a 390 x 844 touch screen, in light and in dark mode. No page scrolls sideways, dark
//! mode really is dark, and the course contents (below the page on a phone) are reachable. On the
//! website and inside an LMS package (the pages in the launch page's frame, in the LMS harness).

use fantoccini::{Client, Locator};

use crate::harness::{Browser, Setup};
use crate::lms::Place;
use crate::page::*;
use crate::quizzes::QUIZ;

/// How wide the page is against the screen, and the elements that stick out on the right.
const WIDTH: &str = r#"
const doc = document.documentElement, limit = doc.clientWidth + 1;
const out = [...document.querySelectorAll('body *')].filter(el => {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.right > limit && !el.closest('.visually-hidden');
}).slice(0, 5).map(el => el.tagName + '.' + el.className + ' ' + (el.innerText || '').slice(0, 40));
return { screen: innerWidth, client: doc.clientWidth, scroll: doc.scrollWidth, sticking_out: out };
"#;

/// Relative luminance (0 black .. 1 white) of the page's background and text colours.
const COLOURS: &str = r#"
const lum = (css) => {
  const [r, g, b] = css.match(/[\d.]+/g).slice(0, 3).map(Number).map(v => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const s = getComputedStyle(document.body);
return { background: lum(s.backgroundColor), text: lum(s.color) };
"#;

async fn expect_no_sideways_scroll(c: &Client, what: &str) {
    let w = evaluate(c, WIDTH).await;
    assert_eq!(w["screen"], 390, "{what}: not a phone-size screen: {w}");
    assert!(
        w["scroll"].as_f64() <= w["client"].as_f64(),
        "{what}: the page scrolls sideways on a phone: {w}"
    );
}

async fn expect_scheme(c: &Client, dark: bool, what: &str) {
    let colours = evaluate(c, COLOURS).await;
    let (bg, text) = (
        colours["background"].as_f64().unwrap(),
        colours["text"].as_f64().unwrap(),
    );
    if dark {
        assert!(bg < 0.05 && text > 0.6, "{what}: not dark: {colours}");
    } else {
        assert!(bg > 0.8 && text < 0.1, "{what}: not light: {colours}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_scrolls_sideways_in_light_or_dark_mode() {
    no_page_scrolls_sideways(Place::site().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_scrolls_sideways_in_light_or_dark_mode_inside_a_package() {
    no_page_scrolls_sideways(Place::package().await).await;
}

async fn no_page_scrolls_sideways(place: Place) {
    let browser = Browser::launch_with(Setup { phone: true }).await;
    let c = &browser.client;
    place.start(c).await;

    for dark in [false, true] {
        if dark {
            prefer_dark(c).await;
        }
        let mode = if dark { "dark" } else { "light" };
        let at = place.name();
        for page in place.pages() {
            place.open(c, &page).await;
            expect_no_sideways_scroll(c, &format!("{page} ({mode}, {at})")).await;
            expect_scheme(c, dark, &format!("{page} ({at})")).await;
        }
        // With the feedback of a graded quiz shown.
        place.open(c, QUIZ).await;
        click_button(c, "Submit answers").await;
        expect_page_says(c, "You scored 0%").await;
        expect_no_sideways_scroll(c, &format!("a graded quiz ({mode}, {at})")).await;
    }
    expect_clean_logs(c, &format!("on a phone, in {}", place.name())).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_course_contents_are_reachable_on_a_phone() {
    the_course_contents_are_reachable(Place::site().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_course_contents_are_reachable_on_a_phone_inside_a_package() {
    the_course_contents_are_reachable(Place::package().await).await;
}

async fn the_course_contents_are_reachable(place: Place) {
    let browser = Browser::launch_with(Setup { phone: true }).await;
    let c = &browser.client;
    place.start(c).await;

    for dark in [false, true] {
        if dark {
            prefer_dark(c).await;
        }
        place.open(c, "human-selling/cogs.html").await;
        let contents = "//nav[@aria-label='Course contents']";
        let in_view = format!(
            "const r = document.evaluate(\"{contents}\", document, null, 9, null).singleNodeValue.getBoundingClientRect(); return r.top >= -1 && r.top < innerHeight;"
        );
        assert_eq!(
            evaluate(c, &in_view).await,
            false,
            "on a phone the contents come after the lesson"
        );
        // The header's "Contents" link leads to them.
        let link = find(
            c,
            "the header's Contents link",
            &format!("//header//a[{}]", text_is("Contents")),
        )
        .await;
        link.click().await.expect("tap Contents");
        eventually(
            "the course contents scroll into view",
            async || c.execute(&in_view, vec![]).await,
            |v| *v == true,
        )
        .await;
        // A link in them works.
        let other = find(
            c,
            "a lesson in the contents",
            &format!(
                "{contents}//a[.//*[{}]]",
                text_is("Caring, respect and trust")
            ),
        )
        .await;
        let before = page_url(c).await;
        other.click().await.expect("tap a lesson in the contents");
        wait_for_new_page(c, &before).await;
        expect_heading(c, "Caring, respect and trust").await;
        // "Back to the page" returns from the contents to the content.
        c.find(Locator::XPath(&format!(
            "//header//a[{}]",
            text_is("Contents")
        )))
        .await
        .expect("Contents link")
        .click()
        .await
        .expect("tap Contents");
        let back = find(
            c,
            "Back to the page",
            &format!("{contents}//a[{}]", text_is("Back to the page")),
        )
        .await;
        eventually(
            "Back to the page is shown",
            async || back.is_displayed().await,
            |d| *d,
        )
        .await;
        back.click().await.expect("tap Back to the page");
        eventually(
            "the page's heading is in view again",
            async || {
                c.execute(
                    "const r = document.querySelector('h1').getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight;",
                    vec![],
                )
                .await
            },
            |v| *v == true,
        )
        .await;
    }
    expect_clean_logs(
        c,
        &format!("using the contents on a phone, in {}", place.name()),
    )
    .await;
    browser.close().await;
}
