//! Finding one's way: the "Next" links from the home page to the end of the course, the sidebar's
//! mark on the current page, breadcrumbs back up, and the page for a missing address.

use fantoccini::Locator;

use crate::course::Course;
use crate::harness::{Browser, BuiltSite, CourseCopy, serve_at};
use crate::page::*;

const PAGER: &str = "//nav[@aria-label='Previous and next page']";
const SIDEBAR: &str = "//nav[@aria-label='Course contents']";
const BREADCRUMBS: &str = "//nav[@aria-label='Breadcrumb']";

/// The texts of the links in the breadcrumb trail, and the text of its last (current) entry.
async fn breadcrumbs(c: &fantoccini::Client) -> (Vec<String>, Option<String>) {
    let mut links = Vec::new();
    for a in c
        .find_all(Locator::XPath(&format!("{BREADCRUMBS}//a")))
        .await
        .expect("breadcrumb links")
    {
        links.push(norm(&a.text().await.expect("breadcrumb text")));
    }
    let current = match c
        .find(Locator::XPath(&format!(
            "{BREADCRUMBS}//*[@aria-current='page']"
        )))
        .await
    {
        Ok(el) => Some(norm(&el.text().await.expect("current crumb"))),
        Err(_) => None,
    };
    (links, current)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn next_links_lead_from_home_to_the_end_of_the_course() {
    let course = Course::bundled();
    let expected = course.reading_order();
    let site = BuiltSite::build();
    // Under a sub-path, as the course is usually hosted: relative links must work there.
    let base = serve_at(site.dir(), "/training").await;
    let browser = Browser::launch().await;
    let c = &browser.client;

    open(c, &format!("{base}/")).await;
    let mut visited: Vec<(String, String)> = Vec::new();
    loop {
        let i = visited.len();
        assert!(
            i < expected.len(),
            "the \"Next\" links go on past the last page of the course: {visited:?}"
        );
        let (title, url) = &expected[i];
        let mut here = current_page(c, &base).await;
        if here.is_empty() {
            here = "index.html".into(); // the site's folder URL shows its index.html
        }
        let h1 = norm(&heading(c).await);
        assert_eq!(
            (&h1, &here),
            (&norm(title), url),
            "page {} of the course by \"Next\" links (after {visited:?})",
            i + 1
        );

        // The sidebar marks this page, and only this page, as the current one.
        let marked = c
            .find_all(Locator::XPath(&format!(
                "{SIDEBAR}//a[@aria-current='page']"
            )))
            .await
            .expect("sidebar links");
        assert_eq!(
            marked.len(),
            1,
            "{url}: the sidebar should mark exactly one link as the current page"
        );
        let marked_text = norm(&marked[0].text().await.expect("sidebar link text"));
        let want = if i == 0 {
            "Course home"
        } else {
            title.as_str()
        };
        assert!(
            marked_text.contains(&norm(want)),
            "{url}: the sidebar marks {marked_text:?} as current, not {want:?}"
        );

        // Breadcrumbs: from the course home down to the parent, then this page.
        let (crumbs, current) = breadcrumbs(c).await;
        if i == 0 {
            assert!(crumbs.is_empty(), "the home page has no breadcrumbs");
        } else {
            assert_eq!(crumbs.first(), Some(&norm(&course.title)), "{url}: crumbs");
            assert_eq!(current.as_deref(), Some(norm(title).as_str()), "{url}");
            let in_module = course
                .modules
                .iter()
                .find(|m| m.items.iter().any(|it| &it.url == url));
            if let Some(m) = in_module {
                assert_eq!(
                    crumbs,
                    [norm(&course.title), norm(&m.title)],
                    "{url}: crumbs"
                );
            } else {
                assert_eq!(
                    crumbs,
                    [norm(&course.title)],
                    "{url}: crumbs of a module page"
                );
            }
        }

        // "Previous" names the page before this one.
        let prev = c
            .find(Locator::XPath(&format!(
                "{PAGER}//a[{}]",
                text_starts("Previous")
            )))
            .await;
        match (i, prev) {
            (0, Ok(_)) => panic!("the home page has a \"Previous\" link"),
            (0, Err(_)) => {}
            (_, Ok(a)) => {
                let text = norm(&a.text().await.expect("previous link text"));
                assert_eq!(
                    text,
                    format!("Previous {}", norm(&expected[i - 1].0)),
                    "{url}"
                );
            }
            (_, Err(e)) => panic!("{url} has no \"Previous\" link: {e}"),
        }
        visited.push((h1, here));

        let next = c
            .find(Locator::XPath(&format!(
                "{PAGER}//a[{}]",
                text_starts("Next")
            )))
            .await;
        let Ok(next) = next else { break };
        let text = norm(&next.text().await.expect("next link text"));
        if let Some((following, _)) = expected.get(i + 1) {
            assert_eq!(text, format!("Next {}", norm(following)), "{url}");
        }
        let before = c.current_url().await.expect("url");
        click(c, &next, "the \"Next\" link").await;
        wait_for_new_page(c, &before).await;
    }
    assert_eq!(
        visited.len(),
        expected.len(),
        "the \"Next\" links stopped early, at {:?}",
        visited.last()
    );

    // From the last page, breadcrumbs lead back up: to its module, then to the course home.
    let module = course.modules.last().expect("a module");
    let before = c.current_url().await.expect("url");
    click_link(c, &module.title).await;
    wait_for_new_page(c, &before).await;
    expect_heading(c, &module.title).await;
    assert_eq!(current_page(c, &base).await, module.url);
    let before = c.current_url().await.expect("url");
    let home = find(
        c,
        "the course home in the breadcrumbs",
        &format!("{BREADCRUMBS}//a[{}]", text_is(&course.title)),
    )
    .await;
    click(c, &home, "the course home in the breadcrumbs").await;
    wait_for_new_page(c, &before).await;
    expect_heading(c, &course.title).await;
    assert_eq!(current_page(c, &base).await, "index.html");

    expect_clean_logs(c, "while following the Next links").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_page_shows_the_not_found_page() {
    let course = Course::bundled();
    let site = BuiltSite::build();
    let base = serve_at(site.dir(), "/training").await;
    let browser = Browser::launch().await;
    let c = &browser.client;

    // The server answers a missing address with the site's 404.html, as static hosts do.
    let missing = format!("{base}/no-such-lesson.html");
    open(c, &missing).await;
    expect_heading(c, "Page not found").await;
    let styled = evaluate(c, "return getComputedStyle(document.body).marginTop").await;
    assert_eq!(styled, "0px", "the not-found page is not styled");
    only_the_missing_page_failed(c, &missing).await;

    // Its links lead back into the course.
    let before = c.current_url().await.expect("url");
    click_link(c, "See your progress").await;
    wait_for_new_page(c, &before).await;
    assert_eq!(current_page(c, &base).await, "progress.html");
    open(c, &missing).await;
    expect_heading(c, "Page not found").await;
    only_the_missing_page_failed(c, &missing).await;
    let before = c.current_url().await.expect("url");
    click_link(c, "Go to the course home page").await;
    wait_for_new_page(c, &before).await;
    expect_heading(c, &course.title).await;
    assert_eq!(current_page(c, &base).await, "index.html");

    expect_clean_logs(c, "after leaving the not-found page").await;
    browser.close().await;
}

/// Checks the logs since the last look: the missing page's own 404, and nothing else failed (so
/// the not-found page's stylesheet and script loaded).
async fn only_the_missing_page_failed(c: &fantoccini::Client, missing: &str) {
    let failures = network_failures(c).await;
    assert_eq!(
        failures,
        [format!("404 {missing}")],
        "only the missing page itself may fail (its stylesheet and script must load)"
    );
    let errors = console_errors(c).await;
    assert!(
        errors
            .iter()
            .all(|e| e.contains(missing) && e.contains("404")),
        "console errors other than the missing page's 404: {errors:?}"
    );
}

/// A missing page inside a module folder (say, a lesson's old address) gets the not-found page
/// too. Its links and assets are written from the site root, so they work at any depth only when
/// `base_url` is set (docs/authoring.md); this builds the course with it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_base_url_the_not_found_page_works_at_any_depth() {
    let course = Course::bundled();
    let copy = CourseCopy::new();
    let base = serve_at(copy.out(), "/training").await; // serves the folder once it is built
    let toml = copy.read("site.toml");
    copy.write(
        "site.toml",
        &toml.replacen("\n[quiz]", &format!("base_url = \"{base}/\"\n\n[quiz]"), 1),
    );
    copy.build();
    let browser = Browser::launch().await;
    let c = &browser.client;

    let missing = format!("{base}/human-selling/an-old-lesson.html");
    open(c, &missing).await;
    expect_heading(c, "Page not found").await;
    let styled = evaluate(c, "return getComputedStyle(document.body).marginTop").await;
    assert_eq!(styled, "0px", "the not-found page is not styled");
    only_the_missing_page_failed(c, &missing).await;
    let before = c.current_url().await.expect("url");
    click_link(c, "Go to the course home page").await;
    wait_for_new_page(c, &before).await;
    expect_heading(c, &course.title).await;
    assert_eq!(current_page(c, &base).await, "index.html");
    expect_clean_logs(c, "after leaving the not-found page").await;
    browser.close().await;
}

/// The page for managers and coaches (issue 18) is reached by keyboard from the footer of a
/// lesson, with its focus drawn; it is outside the course: no previous or next page, no
/// progress bar, and reading it stores nothing, so the home page's totals stay as they were.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_for_managers_is_reached_from_the_footer_and_counts_no_progress() {
    let site = BuiltSite::build();
    let base = crate::harness::serve(site.dir()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &format!("{base}/index.html")).await;
    let (_, before) = progress(c, "Progress in the whole course").await;
    open(c, &format!("{base}/habits/mindset.html")).await;
    tab_to(c, "For managers and coaches").await;
    let f = focused(c).await;
    assert_eq!(f["focusVisible"], true, "{f}");
    assert_eq!(f["outlineShown"], true, "{f}");
    press(c, fantoccini::key::Key::Enter).await;
    eventually(
        "the guide opens",
        async || Ok(current_page(c, &base).await),
        |p| p == "for-managers.html",
    )
    .await;
    expect_heading(c, "For managers and coaches").await;
    expect_page_says(c, "This page is not part of the lessons").await;
    for (what, xpath) in [
        ("a pager", PAGER),
        ("a progress bar", "//progress"),
        ("a checkbox", "//input[@type='checkbox']"),
    ] {
        let found = c.find_all(Locator::XPath(xpath)).await.expect("find").len();
        assert_eq!(found, 0, "the guide has {what}");
    }
    let stored = evaluate(
        c,
        "const v = localStorage.getItem('syllabus:service-to-sales'); return v ? Object.keys(JSON.parse(v).units).length : 0",
    )
    .await;
    assert_eq!(stored, serde_json::json!(0), "reading stores nothing");
    open(c, &format!("{base}/index.html")).await;
    let (_, after) = progress(c, "Progress in the whole course").await;
    assert_eq!(after, before, "the course's totals");
    expect_clean_logs(c, "visiting the page for managers").await;
    browser.close().await;
}
