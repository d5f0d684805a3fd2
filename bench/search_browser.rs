//! The search benchmark in a real browser: per query, the time from the keystroke to the first
//! results on screen (and to all ten), and the bytes of index files the query loaded.
//!
//! `cargo bench --bench search_browser` measures a built site (`SYLLABUS_SEARCH_SITE`, e.g. a
//! generated course of 10,000 lessons; `bench/search.py` builds one and runs this) over HTTP from
//! a local server, or with `SYLLABUS_SEARCH_FILE=1` from file:// (where the browser reports no
//! sizes), and prints one JSON line per query and round, prefixed `SEARCH_BENCH `. Queries come
//! from `SYLLABUS_SEARCH_QUERIES` (separated by `|`).
//!
//! Under `cargo test` (no `--bench` argument) it proves the benchmark still works: it measures
//! two queries on the bundled course and checks what they found and loaded.

#[allow(dead_code)]
#[path = "../tests/browser/harness.rs"]
mod harness;
#[allow(dead_code)]
#[path = "../tests/browser/page.rs"]
mod page;

use std::path::Path;

use fantoccini::Client;
use serde_json::{Value, json};

use harness::{Browser, BuiltSite, file_url, serve};
use page::{cdp, evaluate, open};

/// How a query is entered: "first" pasted into a fresh page (everything loads after the
/// keystroke), "again" the same query once more (warm), "typed" a character every 150 ms on a
/// fresh page, timed from the last keystroke.
const ROUNDS: [&str; 3] = ["first", "again", "typed"];

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let built;
    let dir = if bench {
        std::env::var("SYLLABUS_SEARCH_SITE").expect("SYLLABUS_SEARCH_SITE: a built site")
    } else {
        built = BuiltSite::build();
        built.dir().display().to_string()
    };
    let queries = match std::env::var("SYLLABUS_SEARCH_QUERIES") {
        Ok(q) if bench => q,
        _ => "customer|zebra".into(),
    };
    let from_file = bench && std::env::var("SYLLABUS_SEARCH_FILE").is_ok_and(|v| v == "1");
    let base = if from_file {
        file_url(Path::new(&dir), "")
            .trim_end_matches('/')
            .to_string()
    } else {
        serve(Path::new(&dir)).await
    };
    let browser = Browser::launch().await;
    let c = &browser.client;
    // Nothing from the browser's cache: every first query loads what it needs.
    cdp(
        c,
        "Network.setCacheDisabled",
        json!({ "cacheDisabled": true }),
    )
    .await;
    let mut rows = Vec::new();
    for query in queries.split('|') {
        for round in ROUNDS {
            if round != "again" {
                open(c, &format!("{base}/index.html")).await;
            }
            let m = measure(c, query, round).await;
            if bench {
                println!("SEARCH_BENCH {m}");
            }
            rows.push(m);
        }
    }
    browser.close().await;
    if !bench {
        smoke_check(&rows);
    }
}

/// One query, entered as `round` says, as a learner does: into the box (which starts loading
/// the index), then the query.
async fn measure(c: &Client, query: &str, round: &str) -> Value {
    evaluate(
        c,
        &format!(
            r#"
            return (async () => {{
            const q = {q};
            const input = document.querySelector('input[type=search]');
            const before = performance.getEntriesByType('resource').length;
            SyllabusSearch.last = null;
            // As a learner does: into the box (which starts loading index.js), then type.
            input.focus();
            await new Promise(r => setTimeout(r, 300));
            // "first" and "again": the whole query at once (pasted: everything loads after
            // the keystroke). "typed": a character every 150 ms, timed from the last one.
            if ({round} === "typed") {{
              for (let k = 1; k < q.length; k++) {{
                input.value = q.slice(0, k);
                input.dispatchEvent(new Event('input'));
                await new Promise(r => setTimeout(r, 150));
              }}
            }}
            input.value = q;
            const at = performance.now();
            input.dispatchEvent(new Event('input'));
            const t0 = Date.now();
            while (!(SyllabusSearch.last && SyllabusSearch.last.query === q &&
                     (SyllabusSearch.last.allMs || SyllabusSearch.last.total <= 5))) {{
              if (Date.now() - t0 > 30000) return {{ error: "timeout" }};
              await new Promise(r => setTimeout(r, 5));
            }}
            const loaded = performance.getEntriesByType('resource').slice(before)
              .filter(e => e.name.includes('/assets/search/'));
            return {{
              query: q, round: {round}, ms: SyllabusSearch.last.ms, results: SyllabusSearch.last.total,
              timing: SyllabusSearch.last.timing, all_ms: SyllabusSearch.last.allMs || SyllabusSearch.last.ms,
              timeline: loaded.map(e => e.name.replace(/^.*\/search\//, '') + " " + Math.round(e.startTime - at) + "-" + Math.round(e.responseEnd - at)),
              files: loaded.length,
              bytes: loaded.reduce((n, e) => n + e.encodedBodySize, 0),
              transferred: loaded.reduce((n, e) => n + e.transferSize, 0),
            }};
            }})();
            "#,
            q = serde_json::to_string(query).unwrap(),
            round = serde_json::to_string(round).unwrap(),
        ),
    )
    .await
}

/// The benchmark's figures on the bundled course make sense: "customer" finds pages, loading
/// index files on a fresh page and none when repeated; "zebra" finds nothing.
fn smoke_check(rows: &[Value]) {
    let row = |q: &str, round: &str| {
        rows.iter()
            .find(|r| r["query"] == q && r["round"] == round)
            .unwrap_or_else(|| panic!("no row for {q} {round}: {rows:?}"))
    };
    for round in ROUNDS {
        let r = row("customer", round);
        assert!(r["error"].is_null(), "{r}");
        assert!(r["results"].as_u64().unwrap() > 3, "{r}");
        assert!(r["ms"].as_f64().unwrap() > 0.0, "{r}");
        assert_eq!(row("zebra", round)["results"], 0, "{rows:?}");
    }
    let first = row("customer", "first");
    assert!(first["files"].as_u64().unwrap() >= 2, "{first}");
    assert!(first["bytes"].as_u64().unwrap() > 1000, "{first}");
    assert_eq!(row("customer", "again")["files"], 0, "{rows:?}");
    println!("search benchmark: works on the bundled course");
}
