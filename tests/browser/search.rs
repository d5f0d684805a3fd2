//! Search, as a learner uses it: "/" or a click in the header's search box, results as they type
//! (stems, prefixes, accents, quiz prompts, nothing found), the arrow keys, Enter and Escape;
//! served under a sub-path and opened from file://; without JavaScript; judged by axe-core with
//! the results open; and the browser's words are the index's words.

use std::path::Path;

use fantoccini::Client;
use fantoccini::key::Key;
use serde_json::{Value, json};

use crate::harness::{Browser, BuiltSite, Setup, serve, serve_at};
use crate::page::*;

/// The results on screen: title, where (kind and module), snippet, href, marked words.
pub const RESULTS: &str = r#"
const panel = document.querySelector('[data-search-panel]');
return {
  open: !!panel && !panel.hidden,
  status: (document.querySelector('[data-search-status]') || {}).textContent || "",
  results: [...document.querySelectorAll('[data-search-results] a')].map(a => ({
    title: a.querySelector('.search-result-title').textContent,
    where: a.querySelector('.search-result-where').textContent,
    snippet: (a.querySelector('.search-result-snippet') || {}).textContent || "",
    href: a.getAttribute('href'),
    marks: [...a.querySelectorAll('mark')].map(m => m.textContent.toLowerCase()),
  })),
};
"#;

pub async fn search_box(c: &Client) -> fantoccini::elements::Element {
    find(c, "the search box", "//input[@type='search']").await
}

/// Types `query` into the search box (replacing what it held) and waits for its results: the
/// status names the query in quotes, in any interface language.
pub async fn search_for(c: &Client, query: &str) -> Value {
    let input = search_box(c).await;
    input.clear().await.expect("clear the search box");
    input
        .send_keys(query)
        .await
        .expect("type in the search box");
    let want = format!("\u{201c}{query}\u{201d}");
    eventually(
        &format!("the results for {query:?} are shown"),
        async || Ok(evaluate(c, RESULTS).await),
        |r| r["open"] == true && r["status"].as_str().unwrap_or_default().contains(&want),
    )
    .await
}

fn titles(r: &Value) -> Vec<String> {
    r["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["title"].as_str().unwrap().to_string())
        .collect()
}

/// The title of the page at `url` in the bundled course.
fn title(url: &str) -> String {
    crate::course::Course::bundled().item(url).1.title.clone()
}

/// Searches and checks the first result is the page at `url`; returns the results.
async fn expect_first(c: &Client, query: &str, url: &str) -> Value {
    let r = search_for(c, query).await;
    let first = &r["results"][0];
    assert_eq!(
        first["title"].as_str().map(norm),
        Some(norm(&title(url))),
        "the first result for {query:?}; all: {:?}",
        titles(&r)
    );
    let href = first["href"].as_str().unwrap();
    assert!(
        href.split('#').next().unwrap().ends_with(url),
        "the first result for {query:?} links to {url}: {href}"
    );
    r
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_as_you_type_put_the_right_page_first() {
    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &format!("{base}/index.html")).await;

    // "/" puts the focus in the box.
    press(c, '/').await;
    let f = focused(c).await;
    assert_eq!(f["name"], "Search the course", "focus after /: {f}");
    assert_eq!(f["type"], "search");

    // A stem: "thanking" finds the lesson titled "… say thanks", and marks the words.
    let r = expect_first(c, "thanking", "support-staff/time-and-thanks.html").await;
    let first = &r["results"][0];
    assert!(
        first["marks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m.as_str().unwrap().starts_with("thank")),
        "the matched words are highlighted: {first}"
    );
    assert_eq!(
        first["where"].as_str().map(norm),
        Some(norm(&format!(
            "Lesson \u{b7} {}",
            crate::course::Course::bundled()
                .item("support-staff/time-and-thanks.html")
                .0
                .title
        )))
    );
    // The issue's own example.
    expect_first(
        c,
        "the one about thanking support staff",
        "support-staff/time-and-thanks.html",
    )
    .await;
    // A prefix: "recogn" finds recognition, recognise, recognized.
    let r = expect_first(c, "recogn", "support-staff/recognition.html").await;
    assert!(
        r["results"].as_array().unwrap().len() >= 3,
        "recogn: {:?}",
        titles(&r)
    );
    // Accents and case do not matter.
    expect_first(
        c,
        "FÁRMERS hüntérs",
        "service-to-sales/farmers-and-hunters.html",
    )
    .await;
    // A word of a quiz question (its prompt) finds the quiz.
    let r = expect_first(c, "judged", "service-to-sales/check.html").await;
    assert!(
        r["results"][0]["where"]
            .as_str()
            .unwrap()
            .starts_with("Quiz"),
        "{r}"
    );
    // Nothing found says so.
    let r = search_for(c, "zeppelinxyz").await;
    assert_eq!(r["results"], json!([]));
    assert_eq!(
        r["status"], "No results for \u{201c}zeppelinxyz\u{201d}",
        "{r}"
    );
    // A snippet shows the text around the match.
    let r = search_for(c, "donuts").await;
    let snippet = r["results"][0]["snippet"].as_str().unwrap();
    assert!(snippet.contains("donuts"), "{snippet}");
    assert!(snippet.len() < 400, "a snippet is short: {snippet}");
    // The first search of a page answered quickly (the bundled course is small).
    let last = evaluate(c, "return SyllabusSearch.last").await;
    assert!(last["ms"].as_f64().unwrap() < 1000.0, "{last}");
    expect_clean_logs(c, "after searching").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arrows_move_through_results_enter_opens_escape_closes() {
    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &format!("{base}/human-selling/cogs.html")).await;

    let r = search_for(c, "support staff").await;
    let all = titles(&r);
    assert!(all.len() >= 3, "{all:?}");
    let focused_title = async || {
        evaluate(
            c,
            "const a = document.activeElement; const t = a && a.querySelector('.search-result-title'); return t ? t.textContent : (a.type === 'search' ? 'the box' : a.tagName);",
        )
        .await
    };
    press(c, Key::Down).await;
    assert_eq!(focused_title().await, all[0].as_str());
    let f = focused(c).await;
    assert_eq!(f["outlineShown"], true, "visible focus on a result: {f}");
    press(c, Key::Down).await;
    assert_eq!(focused_title().await, all[1].as_str());
    press(c, Key::Up).await;
    assert_eq!(focused_title().await, all[0].as_str());
    press(c, Key::Up).await;
    assert_eq!(focused_title().await, "the box");

    // Escape closes the results and leaves the focus in the box, with the query.
    press(c, Key::Escape).await;
    let state = evaluate(c, RESULTS).await;
    assert_eq!(state["open"], false, "{state}");
    assert_eq!(focused_title().await, "the box");
    assert_eq!(
        search_box(c).await.prop("value").await.unwrap().as_deref(),
        Some("support staff")
    );

    // Typing again reopens them; Enter opens the first result.
    search_for(c, "thanking").await;
    let before = c.current_url().await.unwrap();
    press(c, Key::Enter).await;
    wait_for_new_page(c, &before).await;
    assert_eq!(
        current_page(c, &base).await,
        "support-staff/time-and-thanks.html"
    );
    expect_heading(c, &title("support-staff/time-and-thanks.html")).await;
    expect_clean_logs(c, "after opening a result").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn show_more_results_adds_the_next_ten() {
    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &format!("{base}/index.html")).await;
    let r = search_for(c, "customer").await;
    let total: usize = r["status"]
        .as_str()
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .expect("the status starts with the number of results");
    assert!(total > 10, "{r}");
    let count = async || {
        evaluate(
            c,
            "return document.querySelectorAll('[data-search-results] a').length",
        )
        .await
    };
    eventually(
        "ten results are listed",
        async || Ok(count().await),
        |n| *n == 10,
    )
    .await;
    click_button(c, "Show more results").await;
    let want = total.min(20);
    eventually(
        &format!("{want} results are listed"),
        async || Ok(count().await),
        |n| *n == want,
    )
    .await;
    let f = focused(c).await;
    let eleventh = evaluate(
        c,
        "return document.querySelectorAll('[data-search-results] a')[10].querySelector('.search-result-title').textContent",
    )
    .await;
    assert!(
        f["name"]
            .as_str()
            .unwrap()
            .starts_with(eleventh.as_str().unwrap()),
        "the focus goes to the first new result: {f}"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_works_from_file_urls() {
    let site = BuiltSite::build();
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &site.file_url("habits/mindset.html")).await;

    expect_first(c, "recogn", "support-staff/recognition.html").await;
    expect_first(c, "Fármers", "service-to-sales/farmers-and-hunters.html").await;
    let r = search_for(c, "zeppelinxyz").await;
    assert_eq!(r["results"], json!([]));

    // Enter straight after typing, before the results are drawn, still opens the first.
    let input = search_box(c).await;
    input.clear().await.unwrap();
    let before = c.current_url().await.unwrap();
    input
        .send_keys(&format!("thanking{}", char::from(Key::Enter)))
        .await
        .unwrap();
    wait_for_new_page(c, &before).await;
    let url = c.current_url().await.unwrap().to_string();
    assert!(
        url.starts_with(&site.file_url("support-staff/time-and-thanks.html")),
        "{url}"
    );
    expect_heading(c, &title("support-staff/time-and-thanks.html")).await;
    expect_clean_logs(c, "searching from file://").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_works_under_a_sub_path() {
    let site = BuiltSite::build();
    let base = serve_at(site.dir(), "/training").await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &format!("{base}/")).await;
    expect_first(c, "judged", "service-to-sales/check.html").await;
    let link = find(c, "the first result", "//*[@data-search-results]//li[1]//a").await;
    click(c, &link, "the first result").await;
    expect_heading(c, &title("service-to-sales/check.html")).await;
    assert_eq!(current_page(c, &base).await, "service-to-sales/check.html");
    expect_clean_logs(c, "searching under /training/").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_javascript_the_box_is_not_offered() {
    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &format!("{base}/index.html")).await;
    assert!(search_box(c).await.is_displayed().await.unwrap());

    cdp(
        c,
        "Emulation.setScriptExecutionDisabled",
        json!({ "value": true }),
    )
    .await;
    open(c, &format!("{base}/human-selling/cogs.html")).await;
    let input = c
        .find(fantoccini::Locator::Css("input[type=search]"))
        .await
        .expect("the box is in the page");
    assert!(
        !input.is_displayed().await.unwrap(),
        "without JavaScript the search box is hidden"
    );
    expect_heading(c, &title("human-selling/cogs.html")).await;
    // "/" does nothing, and nothing breaks.
    press(c, '/').await;
    expect_heading(c, &title("human-selling/cogs.html")).await;
    expect_clean_logs(c, "without JavaScript").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_fit_a_phone_screen() {
    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch_with(Setup { phone: true }).await;
    let c = &browser.client;
    open(c, &format!("{base}/support-staff/recognition.html")).await;
    let input = search_box(c).await;
    click(c, &input, "the search box").await;
    search_for(c, "customer").await;
    let sizes = evaluate(
        c,
        "const p = document.querySelector('[data-search-panel]').getBoundingClientRect(); return { page: document.documentElement.scrollWidth, width: innerWidth, left: p.left, right: p.right };",
    )
    .await;
    let width = sizes["width"].as_f64().unwrap();
    assert!(
        sizes["page"].as_f64().unwrap() <= width
            && sizes["left"].as_f64().unwrap() >= 0.0
            && sizes["right"].as_f64().unwrap() <= width,
        "the results fit the screen: {sizes}"
    );
    browser.close().await;
}

fn axe_source() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{} is missing ({e}): run scripts/test, which installs axe-core",
            path.display()
        )
    })
}

/// axe-core's violations on the open page, as `[impact] rule: elements`.
async fn axe(c: &Client, source: &str, only: Value) -> Vec<String> {
    c.execute("(0, eval)(arguments[0]);", vec![json!(source)])
        .await
        .expect("load axe-core");
    let script = r#"
        const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: arguments[0], resultTypes: ["violations"] })
          .then(r => done(r.violations.map(v => "[" + v.impact + "] " + v.id + ": "
            + v.nodes.map(n => n.target.join(" ")).join(", "))))
          .catch(e => done(["axe failed: " + e]));
    "#;
    let result = c.execute_async(script, vec![only]).await.expect("run axe");
    result
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_no_violations_with_the_results_open() {
    let source = axe_source();
    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    let mut found = Vec::new();
    for dark in [false, true] {
        let only = if dark {
            prefer_dark(c).await;
            json!({ "type": "rule", "values": ["color-contrast", "link-in-text-block"] })
        } else {
            json!({ "type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] })
        };
        for (page, query) in [
            ("index.html", "support staff"),
            ("habits/check.html", "zeppelinxyz"),
        ] {
            open(c, &format!("{base}/{page}")).await;
            press(c, '/').await;
            search_for(c, query).await;
            if query == "support staff" {
                press(c, Key::Down).await; // a focused result, too
            }
            for v in axe(c, &source, only.clone()).await {
                found.push(format!(
                    "{page}, {query:?}{}: {v}",
                    if dark { ", dark" } else { "" }
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "axe-core with the search open:\n{}",
        found.join("\n")
    );
    expect_clean_logs(c, "running axe with the search open").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_browser_cuts_and_stems_words_as_the_index_does() {
    let site = BuiltSite::build();
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &site.file_url("index.html")).await;
    let texts = [
        "Thanking, thanked, THANKS and thankfulness",
        "recognise recognised recognising recognition recognize",
        "Café CAFÉ cafe\u{301} naïve résumé Straße Ærø Łódź ΆΣΟΣ İstanbul",
        "don't l’été customer's customers\u{2019} rock'n'roll 'quoted'",
        "stopping stopped studies studied agreed needs caring cares process processes business",
        "the and of to a I x 2024 3.5% e-mail well-known C++ x86_64 日本語 Привет мир",
        "ﬁne ① ² Ⅻ ½ ǅ ẞ ﬀ constructor __proto__ toString",
        "Ёлка ЙОД Їжак ўсё ЁЖИК שָׁלוֹם עִבְרִית",
        "الْمُدِيرُ أسئلة مـــدير هٰذا على مدرسة ٱلكتاب إدارة آخر",
        &"long".repeat(11),
    ];
    let js = evaluate(
        c,
        &format!(
            "return {}.map(t => SyllabusSearch.terms(t));",
            serde_json::to_string(&texts).unwrap()
        ),
    )
    .await;
    for (i, text) in texts.iter().enumerate() {
        let rust = syllabus::search::words::terms(text, syllabus::search::words::Stemming::English);
        assert_eq!(js[i], json!(rust), "the words of {text:?}");
    }
    browser.close().await;
}
