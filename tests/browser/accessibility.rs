//! Accessibility judged by axe-core (the npm package, `node_modules/axe-core`), run inside Chromium
//! on every kind of page: home, a module, a lesson, a quiz before and after submitting, the
//! progress page and the not-found page; in light mode with the WCAG 2.0/2.1 A and AA rules and
//! axe's best practices, and again in dark mode for colour contrast. No violation may be left
//! unless it is listed in ALLOWED with the reason it stays (none of impact serious or critical
//! may ever be listed).

use std::path::Path;

use fantoccini::Client;
use serde_json::{Value, json};

use crate::harness::{Browser, BuiltSite, serve};
use crate::judges;
use crate::page::*;
use crate::quizzes::QUIZ;

/// Rules (axe rule id) that may report a violation of impact moderate or minor, each with the
/// written reason why it stays. Serious and critical violations are never allowed.
const ALLOWED: &[(&str, &str)] = &[];

pub(crate) const RULE_TAGS: &[&str] =
    &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

pub(crate) fn axe_source() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{} is missing ({e}): the accessibility test needs the npm package axe-core; \
             run scripts/test (it runs `npm ci` when node_modules is missing or stale)",
            path.display()
        )
    })
}

/// What axe found on one page: violations (each `{ id, impact, help, nodes: [selector…] }`), and
/// how many rules passed and how many need a human to review ("incomplete"), with their ids.
pub(crate) struct Findings {
    pub(crate) violations: Vec<Value>,
    passes: usize,
    incomplete: Vec<String>,
}

/// Runs axe on the open page.
pub(crate) async fn axe(c: &Client, source: &str, only: Value) -> Findings {
    let loaded = c
        .execute(
            "if (!window.axe) (0, eval)(arguments[0]); return typeof axe.run",
            vec![json!(source)],
        )
        .await
        .expect("load axe-core into the page");
    assert_eq!(loaded, "function", "axe-core did not load");
    let script = r#"
        const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: arguments[0] })
          .then(r => done({
            violations: r.violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map(n => n.target.join(" ") + ": " + (n.failureSummary || "").replace(/\s+/g, " ")),
            })),
            passes: r.passes.length,
            incomplete: r.incomplete.map(v => v.id + " (" + v.nodes.length + ")"),
          }))
          .catch(e => done({ error: String(e) }));
    "#;
    let result = c
        .execute_async(script, vec![only])
        .await
        .expect("run axe-core");
    assert!(result.get("error").is_none(), "axe-core failed: {result}");
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .expect("a list")
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    Findings {
        violations: result["violations"].as_array().expect("violations").clone(),
        passes: result["passes"].as_u64().expect("passes") as usize,
        incomplete: strings(&result["incomplete"]),
    }
}

/// Every state of the site that is checked, opened in turn: `(name, how to get there)`.
async fn visit(c: &Client, base: &str, state: &str) {
    match state {
        "home" => open(c, &format!("{base}/index.html")).await,
        "module" => open(c, &format!("{base}/human-selling/index.html")).await,
        "lesson" => {
            open(c, &format!("{base}/habits/mindset.html")).await;
            let done = "Mark this lesson complete";
            if !control_labelled(c, done).await.is_selected().await.unwrap() {
                click_label(c, done).await; // with some progress shown
                expect_ticked(c, done, true).await;
            }
        }
        "quiz" => open(c, &format!("{base}/{QUIZ}")).await,
        "quiz, submitted" => {
            // The first answer to every question: some right, some wrong, so every kind of mark
            // and feedback is on the page.
            let course = crate::course::Course::bundled();
            let quiz = course.quiz(QUIZ);
            let n = quiz.questions.len();
            open(c, &format!("{base}/{QUIZ}")).await;
            for (i, q) in quiz.questions.iter().enumerate() {
                crate::quizzes::choose(c, i + 1, n, &q.choices()[0].0).await;
            }
            click_button(c, "Submit answers").await;
            expect_page_says(c, "You scored").await;
        }
        "progress" => open(c, &format!("{base}/progress.html")).await,
        "guide" => open(c, &format!("{base}/for-managers.html")).await,
        "not found" => open(c, &format!("{base}/404.html")).await,
        other => unreachable!("{other}"),
    }
}

const STATES: &[&str] = &[
    "home",
    "module",
    "lesson",
    "quiz",
    "quiz, submitted",
    "progress",
    "guide",
    "not found",
];

/// Formats violations for a message: one line per rule, with up to 3 elements.
pub(crate) fn describe(violations: &[Value]) -> String {
    violations
        .iter()
        .map(|v| {
            let nodes: Vec<String> = v["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .take(3)
                .map(|n| format!("      {}", n.as_str().unwrap()))
                .collect();
            format!(
                "  [{}] {} ({} elements): {}\n{}",
                v["impact"].as_str().unwrap_or("?"),
                v["id"].as_str().unwrap(),
                v["nodes"].as_array().unwrap().len(),
                v["help"].as_str().unwrap_or_default(),
                nodes.join("\n")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs axe-core on the open page, light with every rule set and, with `dark`, also in the dark
/// colour scheme for contrast; fails naming `what` and each violation.
pub(crate) async fn expect_axe_clean(c: &Client, what: &str, dark: bool) {
    let source = axe_source();
    for in_dark in [false, true].into_iter().take(1 + usize::from(dark)) {
        let only = if in_dark {
            crate::page::prefer_dark(c).await;
            json!({ "type": "rule", "values": ["color-contrast", "link-in-text-block"] })
        } else {
            json!({ "type": "tag", "values": RULE_TAGS })
        };
        let found = axe(c, &source, only).await;
        assert!(
            found.violations.is_empty(),
            "axe-core on {what} (dark: {in_dark}):\n{}",
            describe(&found.violations)
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_no_accessibility_violations() {
    let source = axe_source();
    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;

    // The judge itself works: an image without a text alternative, added to a page, is reported.
    open(c, &format!("{base}/index.html")).await;
    evaluate(
        c,
        "const img = document.createElement('img'); img.src = 'data:,'; document.querySelector('main').append(img);",
    )
    .await;
    let planted = axe(c, &source, json!({ "type": "tag", "values": RULE_TAGS })).await;
    assert!(
        planted.violations.iter().any(|v| v["id"] == "image-alt"),
        "axe-core did not report a planted image without alt text: {:?}",
        planted.violations
    );

    let mut report = Vec::new();
    let mut failures = Vec::new();
    for dark in [false, true] {
        let only = if dark {
            prefer_dark(c).await;
            json!({ "type": "rule", "values": ["color-contrast", "link-in-text-block"] })
        } else {
            json!({ "type": "tag", "values": RULE_TAGS })
        };
        for state in STATES {
            visit(c, &base, state).await;
            let name = format!("{state}{}", if dark { " (dark)" } else { "" });
            let found = axe(c, &source, only.clone()).await;
            report.push(format!(
                "{name}: {} violations, {} rules passed, needs review: {}",
                found.violations.len(),
                found.passes,
                if found.incomplete.is_empty() {
                    "none".to_string()
                } else {
                    found.incomplete.join(", ")
                }
            ));
            if !found.violations.is_empty() {
                report.push(describe(&found.violations));
            }
            let not_allowed: Vec<Value> = found
                .violations
                .into_iter()
                .filter(|v| {
                    let severe = matches!(v["impact"].as_str(), Some("serious" | "critical"));
                    severe || !ALLOWED.iter().any(|(id, _)| v["id"] == *id)
                })
                .collect();
            if !not_allowed.is_empty() {
                failures.push(format!("{name}:\n{}", describe(&not_allowed)));
            }
        }
    }
    judges::note(
        "axe-core",
        &format!(
            "axe-core {}: {} page states checked ({} kinds of page, light with WCAG 2.0/2.1 A+AA and best practices, dark for colour contrast)\n{}\n",
            axe_version(),
            2 * STATES.len(),
            STATES.len(),
            report.join("\n")
        ),
    );
    assert!(
        failures.is_empty(),
        "axe-core found accessibility violations:\n{}",
        failures.join("\n")
    );
    expect_clean_logs(c, "while running axe").await;
    browser.close().await;
}

fn axe_version() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/package.json");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|v| v["version"].as_str().map(String::from))
        .unwrap_or_default()
}
