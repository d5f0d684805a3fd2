//! Where the site is put: served under a sub-path (`/training/`) and opened from disk (`file://`).
//! Every page is reached by following links from the home page, loads its stylesheet and script,
//! and leaves no failed request in the browser's network log and no error in its console.

use std::collections::{BTreeSet, VecDeque};

use fantoccini::Client;

use crate::course::{Course, progress_text};
use crate::harness::{Browser, BuiltSite, file_url, serve_at};
use crate::page::*;

/// What a page's own script and stylesheet did: whether every stylesheet loaded and the theme's
/// CSS applies, and whether the script ran (it completes the progress texts, "… done, 38%", and
/// marks quiz results it has read).
const PAGE_STATE: &str = r#"
return {
  sheets: [...document.querySelectorAll('link[rel=stylesheet]')].map(l => !!l.sheet),
  styled: getComputedStyle(document.body).marginTop === "0px",
  scriptParts: document.querySelectorAll('[data-progress-label], [data-quiz-result]').length,
  scriptRan: [...document.querySelectorAll('[data-progress-label]')].some(l => /%$/.test(l.textContent))
    || document.querySelector('[data-quiz-result][data-result]') !== null,
  links: [...document.querySelectorAll('a[href]')].map(a => a.href),
};
"#;

/// Opens `starts` and every page linked from the pages it reaches whose URL starts with `root/`,
/// checking each page (see PAGE_STATE) and the logs. Returns the pages visited, relative to `root`
/// (`index.html` for the site's folder URL itself).
async fn crawl(c: &Client, root: &str, starts: &[String]) -> BTreeSet<String> {
    let mut queue: VecDeque<String> = starts.iter().cloned().collect();
    let mut seen: BTreeSet<String> = starts.iter().cloned().collect();
    let mut visited = BTreeSet::new();
    while let Some(url) = queue.pop_front() {
        open(c, &url).await;
        let state = evaluate(c, PAGE_STATE).await;
        let sheets = state["sheets"].as_array().expect("sheets");
        assert!(
            !sheets.is_empty() && sheets.iter().all(|s| s == true) && state["styled"] == true,
            "{url}: the stylesheet did not load or apply: {state}"
        );
        if state["scriptParts"].as_u64() > Some(0) {
            assert_eq!(state["scriptRan"], true, "{url}: the script did not run");
        }
        expect_clean_logs(c, &url).await;
        let rel = url
            .strip_prefix(&format!("{root}/"))
            .expect("inside the site");
        visited.insert(if rel.is_empty() { "index.html" } else { rel }.to_string());
        for link in state["links"].as_array().expect("links") {
            let mut link = link.as_str().unwrap().to_string();
            if let Some(hash) = link.find('#') {
                link.truncate(hash);
            }
            if link.starts_with(&format!("{root}/")) && seen.insert(link.clone()) {
                queue.push_back(link);
            }
        }
    }
    visited
}

/// Ticks the first item of a lesson and checks that the tick is still there after a reload.
async fn ticks_are_saved(c: &Client, lesson_url: &str) {
    let course = Course::bundled();
    let root_rel = "human-selling/cogs.html";
    let first = &course.checks(root_rel)[0];
    let units = course.item(root_rel).1.units();
    open(c, lesson_url).await;
    click_label(c, first).await;
    expect_progress_text(c, "Progress in this lesson", &progress_text(1, units)).await;
    reload(c).await;
    expect_ticked(c, first, true).await;
    expect_progress_text(c, "Progress in this lesson", &progress_text(1, units)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_works_under_a_sub_path() {
    let site = BuiltSite::build();
    let base = serve_at(site.dir(), "/training").await;
    let browser = Browser::launch().await;
    let c = &browser.client;

    let visited = crawl(c, &base, &[format!("{base}/")]).await;
    let mut all: BTreeSet<String> = site.pages().into_iter().collect();
    all.remove("404.html"); // linked from nowhere: the server shows it for missing addresses
    assert_eq!(visited, all, "pages reached by links under /training/");

    ticks_are_saved(c, &format!("{base}/human-selling/cogs.html")).await;
    expect_clean_logs(c, "under /training/").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_works_from_file_url() {
    let site = BuiltSite::build();
    let browser = Browser::launch().await;
    let c = &browser.client;

    let root = file_url(site.dir(), "");
    let root = root.trim_end_matches('/');
    // The not-found page is linked from nowhere: open it from disk too.
    let starts = [site.file_url("index.html"), site.file_url("404.html")];
    let visited = crawl(c, root, &starts).await;
    let all: BTreeSet<String> = site.pages().into_iter().collect();
    assert_eq!(visited, all, "pages reached by links from file://");

    ticks_are_saved(c, &site.file_url("human-selling/cogs.html")).await;
    expect_clean_logs(c, "on file:// pages").await;
    browser.close().await;
}
