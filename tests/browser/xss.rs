//! Lesson and quiz content is data, not code (Q01–Q05): a course whose every author-written text
//! carries script payloads, used in a real browser. Every page is visited, a checklist ticked, the
//! quiz submitted (so feedback and explanations show), "My progress" opened, the search box used,
//! progress files with payloads imported, and pages opened with payloads in the query string and
//! the `#fragment`. Each payload would call `alert(n)` if it ran; a script installed before every
//! page records such a call, so the test asserts that nothing ran, that no dialog opened, that no
//! link or frame points at a script URL, and that the theme shows the payloads as literal text.

use std::path::Path;

use fantoccini::Client;
use serde_json::{Value, json};

use crate::harness::{Browser, build_course, html_pages, serve};
use crate::page::*;

/// Payloads for text fields; `N` becomes a number unique to the place it is used.
const PAYLOADS: &[&str] = &[
    "<script>alert(N)</script>",
    "<img src=x onerror=alert(N)>",
    "<svg onload=alert(N)>",
    "\"><svg onload=alert(N)>",
    "'><img src=x onerror=alert(N)>",
    "</script><script>alert(N)</script>",
    "</ScRiPt><ScRiPt>alert(N)</ScRiPt>",
    "<!--<script>alert(N)</script>-->",
    "\u{2028}\u{2029}<script>alert(N)</script>",
    "{{ 7*7 }}",
    "{% include \"base.html\" %}",
    "<iframe src=\"javascript:alert(N)\"></iframe>",
    "<a href=\"javascript:alert(N)\">j</a>",
    "<a href=\"JaVaScRiPt:alert(N)\">j</a>",
    "<a href=\"&#9;javascript:alert(N)\">j</a>",
    "<a href=\"data:text/html,<script>alert(N)</script>\">j</a>",
    "<a href=\"vbscript:msgbox(N)\">j</a>",
    "<style>h1{color:rgb(1,2,3)}</style>",
    "<b>x</b>",
];

/// Markdown links whose target would run code if followed.
const LINKS: &[&str] = &[
    "[a](javascript:alert(N))",
    "[b](JaVaScRiPt:alert(N))",
    "[c](&#9;javascript:alert(N))",
    "[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[e](vbscript:msgbox(N))",
    "[f](<javascript:alert(N)>)",
];

/// Recorded before each page's own scripts: any `alert`/`prompt`/`print` call is a payload that
/// ran. It is kept in sessionStorage so a hit on one page is still seen after a navigation.
const HOOK: &str = r#"
(() => {
  const hit = (what) => {
    try { sessionStorage.setItem('__xss', (sessionStorage.getItem('__xss') || '') + ' ' + String(what)); } catch (e) {}
    window.__xss = (window.__xss || []).concat([String(what)]);
  };
  window.alert = hit; window.prompt = hit; window.print = hit;
  window.__xssHook = true;
})();
"#;

/// What a page shows of its dangers: payload calls recorded, executable scripts that mention
/// `alert`, event-handler attributes, frames, and links or sources with a script-running scheme.
const INSPECT: &str = r#"
const bad = [];
const recorded = (sessionStorage.getItem('__xss') || '') + (window.__xss ? ' ' + window.__xss.join(' ') : '');
if (recorded.trim()) bad.push('payload ran: ' + recorded.trim());
for (const s of document.querySelectorAll('script')) {
  const t = (s.getAttribute('type') || '').toLowerCase();
  const runs = t === '' || t.includes('javascript') || t === 'module';
  if (runs && /alert|msgbox/.test(s.textContent)) bad.push('script: ' + s.outerHTML.slice(0, 120));
}
for (const el of document.querySelectorAll('*')) {
  for (const a of el.attributes) {
    if (a.name.toLowerCase().startsWith('on')) bad.push('handler: <' + el.localName + ' ' + a.name + '>');
    if (['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc'].includes(a.name.toLowerCase())) {
      let scheme = '';
      try { scheme = new URL(a.value, location.href).protocol; } catch (e) { scheme = 'unparsable:'; }
      const icon = el.localName === 'link' && el.rel === 'icon';
      if (!['http:', 'https:', 'mailto:'].includes(scheme) && !(icon && scheme === 'data:'))
        bad.push('url: <' + el.localName + ' ' + a.name + '="' + a.value + '">');
    }
  }
}
for (const f of document.querySelectorAll('iframe, frame, object, embed, svg, style'))
  bad.push('element: <' + f.localName + '>');
for (const h of document.querySelectorAll('h1'))
  if (getComputedStyle(h).color === 'rgb(1, 2, 3)') bad.push('author <style> applied');
return { bad, hook: window.__xssHook === true, text: document.body.innerText };
"#;

/// `N` replaced by a number: `n` times 100 plus the payload's index, so a hit names its place.
fn numbered(list: &[&str], n: usize) -> Vec<String> {
    list.iter()
        .enumerate()
        .map(|(i, p)| p.replace('N', &(n * 100 + i).to_string()))
        .collect()
}

/// All payloads joined into one text, for a field numbered `n`.
fn all(n: usize) -> String {
    numbered(PAYLOADS, n).join(" ")
}

/// A YAML (and TOML) double-quoted string holding `s` exactly (JSON strings are both).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).expect("a string as JSON")
}

/// Writes the payload course under `root`: site.toml, a home page, one course module with a
/// lesson and a quiz.
fn write_course(root: &Path) {
    let write = |rel: &str, text: String| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).expect("course folder");
        std::fs::write(&path, text).expect("write course file");
    };
    write(
        "site.toml",
        format!(
            "title = {}\ndescription = {}\nid = \"xss\"\nlanguage = \"en\"\n",
            quoted(&format!("Course {}", all(1))),
            quoted(&all(2)),
        ),
    );
    let body = |n: usize| {
        let raw: Vec<String> = numbered(PAYLOADS, n)
            .into_iter()
            .map(|p| format!("Raw: {p}\n"))
            .collect();
        let links = numbered(LINKS, n + 1).join(" and ");
        format!(
            "## Payloads\n\n{}\n<div>{}</div>\n\nLinks: {links}.\n",
            raw.join("\n"),
            all(n + 2)
        )
    };
    write(
        "content/_index.md",
        format!(
            "---\ntitle: {}\ndescription: {}\n---\n{}",
            quoted(&format!("Home {}", all(3))),
            quoted(&all(4)),
            body(5)
        ),
    );
    write(
        "content/01-mod/_index.md",
        format!(
            "---\ntitle: {}\ndescription: {}\n---\n{}",
            quoted(&format!("Module {}", all(10))),
            quoted(&all(11)),
            body(12)
        ),
    );
    write(
        "content/01-mod/01-lesson.md",
        format!(
            "---\ntitle: {}\ndescription: {}\nobjectives:\n  - {}\n  - {}\nchecklist:\n  - {}\n  - id: second\n    text: {}\n---\n{}",
            quoted(&format!("Lesson {}", all(20))),
            quoted(&all(21)),
            quoted(&all(22)),
            quoted("<b>x</b>"),
            quoted(&format!("Tick {}", all(23))),
            quoted("<b>x</b>"),
            body(24)
        ),
    );
    write(
        "content/01-mod/09-check.quiz.yaml",
        format!(
            "title: {}\ndescription: {}\nquestions:\n  - type: single\n    prompt: {}\n    explanation: {}\n    options:\n      - text: {}\n        correct: true\n        feedback: {}\n      - text: {}\n        correct: false\n        feedback: {}\n  - type: true_false\n    prompt: {}\n    answer: true\n    feedback_true: {}\n    feedback_false: {}\n",
            quoted(&format!("Quiz {}", all(30))),
            quoted(&all(31)),
            quoted(&format!(
                "Prompt {} {}",
                all(32),
                numbered(LINKS, 33).join(" ")
            )),
            quoted(&all(34)),
            quoted("<b>x</b>"),
            quoted(&format!("Feedback {}", all(35))),
            quoted(&all(36)),
            quoted(&all(37)),
            quoted(&all(38)),
            quoted(&all(39)),
            quoted(&all(40)),
        ),
    );
}

/// Asserts the page now open ran no payload and carries nothing that could run one; returns its
/// visible text.
async fn expect_inert(c: &Client, when: &str) -> String {
    assert!(
        c.get_alert_text().await.is_err(),
        "{when}: a dialog is open"
    );
    let seen = evaluate(c, INSPECT).await;
    assert_eq!(
        seen["hook"], true,
        "{when}: the alert hook was not installed"
    );
    assert_eq!(seen["bad"], json!([]), "{when}");
    seen["text"].as_str().unwrap_or_default().to_string()
}

/// Console errors other than the 404 of the `<img src=x>` payloads, which the browser is allowed
/// to request (the `onerror` that would have run is what matters, and it is gone).
async fn expect_no_console_errors(c: &Client, when: &str) {
    let errors: Vec<String> = console_errors(c)
        .await
        .into_iter()
        .filter(|e| !(e.contains("/x ") && e.contains("404")))
        .collect();
    assert!(
        errors.is_empty(),
        "{when}: console errors:\n{}",
        errors.join("\n")
    );
}

/// Imports `data` (as a file called `name`) on the progress page and waits for the message.
async fn import(c: &Client, dir: &Path, name: &str, data: &Value, says: &str) {
    let file = dir.join(name);
    std::fs::write(&file, data.to_string()).expect("write the progress file");
    let input = control_labelled(c, "Import progress from a file").await;
    input
        .send_keys(&file.display().to_string())
        .await
        .expect("choose the progress file");
    expect_page_says(c, says).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn q05_payloads_never_run_in_the_browser() {
    let temp = tempfile::tempdir().expect("temporary folder");
    let root = temp.path().join("course");
    let out = temp.path().join("site");
    write_course(&root);
    build_course(&root, &out);
    let base = serve(&out).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    cdp(
        c,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": HOOK }),
    )
    .await;

    // The hook works: a call made on purpose is recorded (then forgotten; the page is visited
    // again below).
    open(c, &format!("{base}/index.html")).await;
    let control = evaluate(c, "alert('control'); const s = sessionStorage.getItem('__xss'); sessionStorage.removeItem('__xss'); window.__xss = undefined; return s;").await;
    assert!(
        control.as_str().is_some_and(|s| s.ends_with(" control")),
        "the hook records calls: {control}"
    );

    // Every page, as built.
    let pages = html_pages(&out);
    assert!(pages.len() >= 5, "pages built: {pages:?}");
    for page in &pages {
        open(c, &format!("{base}/{page}")).await;
        expect_inert(c, page).await;
    }

    // Titles and checklist items read literally where the theme shows text.
    let lesson = format!("{base}/mod/lesson.html");
    open(c, &lesson).await;
    expect_heading(c, &format!("Lesson {}", all(20))).await;
    let text = expect_inert(c, "the lesson").await;
    for literal in [
        "{{ 7*7 }}",
        "{% include \"base.html\" %}",
        "<script>alert(2000)</script>",
    ] {
        assert!(
            text.contains(literal),
            "the lesson shows {literal:?}:\n{text}"
        );
    }
    click_label(c, "<b>x</b>").await;
    expect_ticked(c, "<b>x</b>", true).await;
    expect_inert(c, "after a tick").await;

    // The quiz: answers read literally; submitting shows feedback and explanation, still inert.
    open(c, &format!("{base}/mod/check.html")).await;
    expect_heading(c, &format!("Quiz {}", all(30))).await;
    crate::quizzes::choose(c, 1, 2, "<b>x</b>").await;
    crate::quizzes::choose(c, 2, 2, "True").await;
    click_button(c, "Submit answers").await;
    let text = expect_page_says(c, &format!("Feedback {}", all(35))).await;
    assert!(text.contains("{{ 7*7 }}"), "{text}");
    expect_inert(c, "the graded quiz").await;

    // "My progress" lists every title and checklist item literally.
    open(c, &format!("{base}/progress.html")).await;
    expect_page_says(c, &format!("Tick {}", all(23))).await;
    expect_inert(c, "the progress page").await;

    // Progress files: one from "another course" whose name is a payload, one with payload keys
    // and a payload file name. The messages quote them literally.
    let files = temp.path().join("files");
    std::fs::create_dir_all(&files).expect("folder for progress files");
    let site = "<img src=x onerror=alert(90)>";
    import(
        c,
        &files,
        "other.json",
        &json!({ "version": 1, "site": site, "units": {} }),
        &format!("it belongs to another course (“{site}”"),
    )
    .await;
    let name = "<svg onload=alert(91)>.json";
    let units = json!({
        "<script>alert(92)</script>": { "done": true, "at": 1 },
        "check:mod/lesson#</script><script>alert(93)</script>": { "done": true, "at": 1 },
        "quiz:mod/check": { "done": "<img src=x onerror=alert(94)>", "best": "<b>x</b>", "attempts": 1, "at": 1 },
    });
    import(
        c,
        &files,
        name,
        &json!({ "version": 1, "site": "xss", "units": units }),
        &format!("Imported “{name}”"),
    )
    .await;
    expect_inert(c, "after the imports").await;
    reload(c).await;
    expect_inert(c, "the progress page after the imports").await;

    // Search: a payload as the query is shown as text; results for a payload word are inert.
    for query in ["<img src=x onerror=alert(95)>", "script", "alert"] {
        let input = find(c, "the search box", "//input[@type='search']").await;
        input.clear().await.expect("clear the search box");
        input.send_keys(query).await.expect("type a query");
        let want = format!("for \u{201c}{query}\u{201d}");
        eventually(
            &format!("the search status for {query:?}"),
            async || {
                Ok(evaluate(c, "return (document.querySelector('[data-search-status]') || {}).textContent || ''").await)
            },
            |s| s.as_str().unwrap_or_default().contains(&want),
        )
        .await;
        expect_inert(c, &format!("searching for {query:?}")).await;
        if query == "alert" {
            // Titles and texts hold the word, so results (titles, snippets, marks) are drawn.
            let shown = evaluate(
                c,
                "return document.querySelectorAll('[data-search-results] a').length",
            )
            .await;
            assert!(
                shown.as_u64().unwrap_or(0) > 0,
                "results for {query:?}: {shown}"
            );
        }
    }

    // Payloads in the query string and the fragment.
    for tail in [
        "?q=<script>alert(96)</script>",
        "?q=\"><svg onload=alert(97)>",
        "#<img src=x onerror=alert(98)>",
        "#\"><svg onload=alert(99)>",
        "?x=javascript:alert(100)#javascript:alert(101)",
    ] {
        for page in [
            "index.html",
            "mod/lesson.html",
            "mod/check.html",
            "progress.html",
        ] {
            open(c, &format!("{base}/{page}{tail}")).await;
            expect_inert(c, &format!("{page}{tail}")).await;
        }
    }

    expect_no_console_errors(c, "while using the payload course").await;
    browser.close().await;
}
