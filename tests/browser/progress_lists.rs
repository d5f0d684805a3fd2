//! The progress page of a course too big to show whole (issue 19): each module's list is in a
//! `<details>`, open for the first modules up to 200 units and closed after that; the lists
//! come from one file per module (`assets/progress-items/<i>.js`), loaded when shown, when
//! opened, or in idle time, so every item's text is soon in the page. And the progress map's
//! version stamps: over http(s) the map and the lists are asked for as `?v=<stamp>`, so a cache's
//! older copy never meets a newer page; from file:// no URL carries a stamp.

use fantoccini::Client;
use fantoccini::key::Key;
use serde_json::Value;

use crate::accessibility::expect_axe_clean;
use crate::harness::{Browser, CourseCopy, file_url, serve};
use crate::page::*;
use crate::scenarios::{nu_errors, save_dom};

/// Modules added to the bundled course (113 units): 12 lessons of 5 items each, 72 units a
/// module, so the first (185 units in all) is shown open and the other two closed.
const ADDED: [(&str, &str); 3] = [
    ("05-practice-a", "A"),
    ("06-practice-b", "B"),
    ("07-practice-c", "C"),
];
const LESSONS: usize = 12;
const ITEMS: usize = 5;

fn big_course() -> CourseCopy {
    let course = CourseCopy::new();
    for (folder, name) in ADDED {
        course.write(
            &format!("content/{folder}/_index.md"),
            &format!("---\ntitle: Practice {name}\n---\nPractice.\n"),
        );
        for l in 0..LESSONS {
            let items: Vec<String> = (0..ITEMS)
                .map(|i| format!("Rehearse {name}{l}.{i}"))
                .collect();
            course.write(
                &format!("content/{folder}/{l:02}-drill-{l}.md"),
                &format!(
                    "---\ntitle: Drill {name}{l}\nchecklist: [{}]\n---\nDrill.\n",
                    items.join(", ")
                ),
            );
        }
    }
    course.build();
    course
}

/// Each module's list: (open, items built, text in it as shown).
const LISTS: &str = r#"
return [...document.querySelectorAll('details.progress-details')].map(d => {
  const ul = d.querySelector('ul[data-progress-items]');
  return [d.open, ul.children.length, d.innerText];
});
"#;

async fn lists(c: &Client) -> Vec<Value> {
    evaluate(c, LISTS).await.as_array().cloned().expect("lists")
}

/// Waits until every module's list is built (the closed ones in idle time).
async fn every_list_built(c: &Client) -> Vec<Value> {
    eventually(
        "every module's list is built",
        async || Ok::<_, fantoccini::error::CmdError>(lists(c).await),
        |l| l.iter().all(|m| m[1].as_u64() > Some(0)),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_module_opens_by_keyboard_and_its_items_are_ticked_and_kept() {
    let course = big_course();
    let base = serve(course.out()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &format!("{base}/progress.html")).await;

    let shown: Vec<bool> = lists(c).await.iter().map(|m| m[0] == true).collect();
    assert_eq!(shown, [true, true, true, true, true, false, false]);
    // A closed module shows its bar and its summary, not its items.
    let closed = &lists(c).await[5];
    assert!(
        !closed[2].as_str().unwrap().contains("Rehearse B"),
        "{closed}"
    );
    expect_progress_text(c, "Progress in Practice B", "0 of 72 done, 0%").await;

    // Opened with the keyboard: its summary focused, Enter.
    evaluate(
        c,
        "document.querySelectorAll('details.progress-details')[5].querySelector('summary').focus()",
    )
    .await;
    assert_eq!(
        norm(focused(c).await["name"].as_str().unwrap_or_default()),
        "12 lessons"
    );
    press(c, Key::Enter).await;
    let text = eventually(
        "Practice B's items are shown",
        async || Ok::<_, fantoccini::error::CmdError>(lists(c).await[5].clone()),
        |m| m[0] == true && m[2].as_str().unwrap_or_default().contains("Rehearse B11.4"),
    )
    .await;
    for l in 0..LESSONS {
        assert!(
            text[2].as_str().unwrap().contains(&format!("Drill B{l}")),
            "{text}"
        );
    }
    // Its boxes work: ticked by keyboard, counted in its bar, kept over a reload, where the
    // module is closed again, its list built in idle time with the text only, and its boxes
    // made, ticked, when it is opened.
    tab_to(c, "Rehearse B3.2").await;
    press(c, ' ').await;
    expect_progress_text(c, "Progress in Practice B", "1 of 72 done, 1%").await;
    reload(c).await;
    expect_progress_text(c, "Progress in Practice B", "1 of 72 done, 1%").await;
    every_list_built(c).await;
    assert_eq!(lists(c).await[5][0], false, "closed again");
    let boxes = "return [...document.querySelectorAll('details.progress-details')[5].querySelectorAll('input[data-unit]')].filter(b => b.checked).map(b => b.labels[0].textContent)";
    assert_eq!(
        evaluate(c, boxes).await,
        serde_json::json!([]),
        "no boxes while closed"
    );
    evaluate(
        c,
        "document.querySelectorAll('details.progress-details')[5].querySelector('summary').focus()",
    )
    .await;
    press(c, Key::Enter).await;
    eventually(
        "the opened module's box shows the tick",
        async || c.execute(boxes, vec![]).await,
        |v| v == &serde_json::json!(["Rehearse B3.2"]),
    )
    .await;
    expect_ticked(c, "Rehearse B3.2", true).await;
    expect_ticked(c, "Rehearse B3.1", false).await;
    expect_clean_logs(c, "opening and ticking a closed module").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_list_is_in_the_page_soon_and_the_page_is_judged_clean_open_and_closed() {
    let course = big_course();
    let base = serve(course.out()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &format!("{base}/progress.html")).await;
    every_list_built(c).await;
    // Every item's text is in the page (for find-in-page and screen readers once opened), in
    // the closed modules too; the lists were loaded stamped.
    let text = evaluate(c, "return document.querySelector('main').textContent").await;
    let text = text.as_str().unwrap();
    assert_eq!(
        text.matches("Rehearse ").count(),
        ADDED.len() * LESSONS * ITEMS
    );
    let stamped = evaluate(
        c,
        "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('progress-items/'))",
    )
    .await;
    let stamped = stamped.as_array().unwrap();
    assert_eq!(stamped.len(), 7, "{stamped:?}");
    assert!(
        stamped
            .iter()
            .all(|u| regex_like_stamp(u.as_str().unwrap())),
        "{stamped:?}"
    );

    let dir = tempfile::tempdir().unwrap();
    expect_axe_clean(c, "the progress page, modules closed", true).await;
    save_dom(c, dir.path(), "closed").await;
    evaluate(
        c,
        "document.querySelectorAll('details.progress-details').forEach(d => d.open = true)",
    )
    .await;
    expect_axe_clean(c, "the progress page, every module open", true).await;
    save_dom(c, dir.path(), "open").await;
    let errors = nu_errors(dir.path());
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    expect_clean_logs(c, "judging the progress page").await;

    // From file:// the same lists come, with no stamp in any URL (the scripts the page adds
    // are recorded as they come: file:// loads leave no resource timing).
    cdp(
        c,
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({ "source": "window.addedScripts = []; new MutationObserver(ms => ms.forEach(m => m.addedNodes.forEach(n => { if (n.src) window.addedScripts.push(n.src); }))).observe(document, { childList: true, subtree: true });" }),
    )
    .await;
    open(c, &file_url(course.out(), "progress.html")).await;
    every_list_built(c).await;
    let urls = evaluate(c, "return window.addedScripts").await;
    let urls = urls.as_array().unwrap();
    assert!(
        urls.iter()
            .any(|u| u.as_str().unwrap().ends_with("/assets/progress-items/6.js")),
        "{urls:?}"
    );
    assert!(
        urls.iter().all(|u| !u.as_str().unwrap().contains('?')),
        "{urls:?}"
    );
    expect_clean_logs(c, "the progress page from file://").await;
    browser.close().await;
}

/// `…/<file>.js?v=<16 hex digits>`.
fn regex_like_stamp(url: &str) -> bool {
    url.rsplit_once("?v=")
        .is_some_and(|(_, v)| v.len() == 16 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cached_older_map_never_meets_a_newer_page() {
    // The bundled course's map, then the course with three more modules: a cache that still
    // holds the first map answers the plain URL with it, as a static host's cache may. The
    // pages ask for the map by its stamp, so they get their own.
    let course = CourseCopy::new();
    course.build();
    let old_map = std::fs::read(course.out().join("assets/progress-map.js")).unwrap();
    let course = big_course();
    let new_map = std::fs::read(course.out().join("assets/progress-map.js")).unwrap();
    assert_ne!(new_map, old_map);
    let base = serve_with_old_map(course.out(), old_map).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    for page in ["index.html", "progress.html", "certificate.html"] {
        open(c, &format!("{base}/{page}")).await;
        wait_for_progress_map(c).await;
        // The page's own map: 7 modules, and its stamp is the one the page names.
        let got = evaluate(
            c,
            "return [SyllabusProgressMap.modules.length, SyllabusProgressMap.v === document.querySelector('script[data-progress-map]').getAttribute('data-progress-map')]",
        )
        .await;
        assert_eq!(got, serde_json::json!([7, true]), "{page}");
        let maps = evaluate(
            c,
            "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('progress-map.js'))",
        )
        .await;
        let maps = maps.as_array().unwrap();
        assert_eq!(maps.len(), 1, "{page}: {maps:?}");
        assert!(regex_like_stamp(maps[0].as_str().unwrap()), "{maps:?}");
        if page != "certificate.html" {
            // 113 + 3 × 72 units.
            expect_progress_text(c, "Progress in the whole course", "0 of 329 done, 0%").await;
            expect_progress_text(c, "Progress in Practice C", "0 of 72 done, 0%").await;
        }
        expect_clean_logs(c, page).await;
    }
    browser.close().await;
}

/// Serves `dir` like `harness::serve`, but answers `assets/progress-map.js` without a query with
/// `old` (a cache's older copy) and with one from the folder.
async fn serve_with_old_map(dir: &std::path::Path, old: Vec<u8>) -> String {
    use axum::extract::RawQuery;
    use axum::http::header;
    let map = dir.join("assets/progress-map.js");
    let answer = axum::routing::get(move |RawQuery(query): RawQuery| {
        let (map, old) = (map.clone(), old.clone());
        async move {
            let body = match query {
                None => old,
                Some(_) => tokio::fs::read(&map).await.expect("the map"),
            };
            ([(header::CONTENT_TYPE, "text/javascript")], body)
        }
    });
    serve_with_map_route(dir, answer).await
}

/// Serves `dir` like `harness::serve`, with `answer` for `assets/progress-map.js`.
async fn serve_with_map_route(
    dir: &std::path::Path,
    answer: axum::routing::MethodRouter,
) -> String {
    let app = axum::Router::new()
        .route("/assets/progress-map.js", answer)
        .fallback_service(tower_http::services::ServeDir::new(dir));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_learner_exports_everything_before_the_progress_map_arrives() {
    // The map comes after the page has loaded (maps.js), and on a slow phone it may not have
    // come when the learner presses Export: the export is the stored progress, whole, and does
    // not wait for the map. Here the server never answers for the map.
    let course = CourseCopy::new();
    course.build();
    let base = serve_with_map_route(
        course.out(),
        axum::routing::get(std::future::pending::<&'static str>),
    )
    .await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    let lesson = "human-selling/cogs.html";
    open(c, &format!("{base}/{lesson}")).await;
    let ticks = evaluate(
        c,
        "return [...document.querySelectorAll('input[type=checkbox][data-unit]')].map(i => i.getAttribute('data-unit'))",
    )
    .await;
    let ticks: Vec<String> = serde_json::from_value(ticks).unwrap();
    for key in &ticks {
        c.find(fantoccini::Locator::Css(&format!(
            "input[data-unit=\"{key}\"]"
        )))
        .await
        .expect("the box")
        .click()
        .await
        .expect("tick it");
    }

    open(c, &format!("{base}/progress.html")).await;
    let field = control_labelled(c, "Your name").await;
    field.send_keys("Ann Lee").await.expect("type the name");
    press(c, Key::Tab).await;
    click_button(c, "Export my progress").await;
    let file = downloaded_file(&browser.downloads()).await;
    let exported: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    // Still no map: what was exported was not waiting for it.
    assert_eq!(
        evaluate(c, "return !!window.SyllabusProgressMap").await,
        serde_json::json!(false)
    );
    assert_eq!(exported["learner"]["name"], "Ann Lee", "{exported}");
    let units = exported["units"].as_object().unwrap();
    assert_eq!(units.len(), ticks.len(), "{exported}");
    for key in &ticks {
        assert_eq!(units[key]["done"], true, "{key}: {exported}");
    }
    browser.close().await;
}
