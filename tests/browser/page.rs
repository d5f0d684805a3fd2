//! Small helpers that look at a page the way a learner does: by headings, label texts, button and
//! link texts, and accessible names (`aria-label`), rather than by internal ids.

use std::fmt::Debug;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::key::Key;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, Locator};
use serde_json::Value;

const PATIENCE: Duration = Duration::from_secs(10);

/// Polls `get` until its value satisfies `ok` (at most 10 s), and returns that value.
/// Panics with `what` and the last value (or error) seen.
pub async fn eventually<T: Debug>(
    what: &str,
    get: impl AsyncFn() -> Result<T, CmdError>,
    ok: impl Fn(&T) -> bool,
) -> T {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let last = get().await;
        match last {
            Ok(v) if ok(&v) => return v,
            _ if Instant::now() >= deadline => {
                panic!("{what}: still not so after {PATIENCE:?}; last seen: {last:?}")
            }
            _ => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

/// An XPath string literal for any text (XPath 1.0 has no escapes, so mixed quotes need concat()).
pub fn xpath_literal(s: &str) -> String {
    if !s.contains('\'') {
        format!("'{s}'")
    } else if !s.contains('"') {
        format!("\"{s}\"")
    } else {
        let parts: Vec<String> = s.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

/// A text as a learner reads it: runs of white space as one space, typographic quotes and
/// apostrophes (markdown's smart punctuation) as plain ones, trimmed.
pub fn norm(s: &str) -> String {
    let plain: String = s
        .chars()
        .map(|ch| match ch {
            '\u{201c}' | '\u{201d}' => '"',
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{a0}' => ' ',
            other => other,
        })
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An XPath expression for the text of the context node as `norm` reads it.
const NORM_TEXT: &str =
    "translate(normalize-space(.), '\u{201c}\u{201d}\u{2018}\u{2019}', concat('\"\"', \"''\"))";

/// An XPath predicate: the element's text reads `text` (see `norm`).
pub fn text_is(text: &str) -> String {
    format!("{NORM_TEXT}={}", xpath_literal(&norm(text)))
}

/// An XPath predicate: the element's text starts with `text` (see `norm`).
pub fn text_starts(text: &str) -> String {
    format!("starts-with({NORM_TEXT}, {})", xpath_literal(&norm(text)))
}

/// An XPath predicate: the element's text contains `text` (see `norm`).
pub fn text_has(text: &str) -> String {
    format!("contains({NORM_TEXT}, {})", xpath_literal(&norm(text)))
}

/// Opens `url` and waits until the page (and its deferred script) has loaded.
pub async fn open(c: &Client, url: &str) {
    c.goto(url)
        .await
        .unwrap_or_else(|e| panic!("open {url}: {e}"));
    wait_for_load(c).await;
}

pub async fn reload(c: &Client) {
    c.refresh().await.expect("reload the page");
    wait_for_load(c).await;
}

pub async fn wait_for_load(c: &Client) {
    eventually(
        "the page has finished loading",
        async || c.execute("return document.readyState", vec![]).await,
        |state| state == "complete",
    )
    .await;
}

/// The URL of the page in the current frame (WebDriver's current URL is the top window's, which
/// inside a package is the LMS's page).
pub async fn page_url(c: &Client) -> url::Url {
    let url = evaluate(c, "return document.URL").await;
    url::Url::parse(url.as_str().expect("a URL")).expect("the page's URL")
}

/// Waits until the browser shows another page than `before` (after a click on a link), in the
/// current frame, and for that page to load. Returns the new URL.
pub async fn wait_for_new_page(c: &Client, before: &url::Url) -> url::Url {
    let url = eventually(
        "a new page opens",
        async || {
            let url = c.execute("return document.URL", vec![]).await?;
            Ok::<_, fantoccini::error::CmdError>(url.as_str().and_then(|u| url::Url::parse(u).ok()))
        },
        |u| u.as_ref().is_some_and(|u| u != before),
    )
    .await
    .expect("a URL");
    wait_for_load(c).await;
    url
}

/// The page's main heading.
pub async fn heading(c: &Client) -> String {
    eventually(
        "the page has an h1",
        async || c.find(Locator::Css("h1")).await?.text().await,
        |_| true,
    )
    .await
}

/// Waits until the page's main heading reads `want`.
pub async fn expect_heading(c: &Client, want: &str) {
    let what = format!("the page's heading is \"{want}\"");
    eventually(
        &what,
        async || Ok(norm(&c.find(Locator::Css("h1")).await?.text().await?)),
        |h| *h == norm(want),
    )
    .await;
}

/// The element found by `xpath`, waiting for it to appear.
pub async fn find(c: &Client, what: &str, xpath: &str) -> Element {
    eventually(what, async || c.find(Locator::XPath(xpath)).await, |_| true).await
}

/// Scrolls `el` to the middle of the window at once, then clicks it. (The theme scrolls smoothly
/// once focus is in the page, and chromedriver would otherwise click where the element was.)
pub async fn click(c: &Client, el: &Element, what: &str) {
    let arg = serde_json::to_value(el).expect("element as a script argument");
    let scroll =
        "arguments[0].scrollIntoView({block: 'center', inline: 'nearest', behavior: 'instant'})";
    c.execute(scroll, vec![arg])
        .await
        .unwrap_or_else(|e| panic!("scroll to {what}: {e}"));
    el.click()
        .await
        .unwrap_or_else(|e| panic!("click {what}: {e}"));
}

pub async fn click_button(c: &Client, text: &str) {
    let xpath = format!("//button[{}]", text_is(text));
    let what = format!("the button \"{text}\"");
    click(c, &find(c, &what, &xpath).await, &what).await;
}

pub async fn click_link(c: &Client, text: &str) {
    let xpath = format!("//a[{}]", text_is(text));
    let what = format!("the link \"{text}\"");
    click(c, &find(c, &what, &xpath).await, &what).await;
}

/// Clicks the label with this text (as a learner ticks a box or picks an answer).
pub async fn click_label(c: &Client, text: &str) {
    click(c, &label(c, text).await, &format!("the label \"{text}\"")).await;
}

async fn label(c: &Client, text: &str) -> Element {
    let xpath = format!("//label[{}]", text_is(text));
    find(c, &format!("a label \"{text}\""), &xpath).await
}

/// The form control that the label with this text names.
pub async fn control_labelled(c: &Client, text: &str) -> Element {
    let id = label(c, text)
        .await
        .attr("for")
        .await
        .expect("label's for")
        .expect("label has a `for`");
    let xpath = format!("//input[@id={}]", xpath_literal(&id));
    find(c, &format!("the control labelled \"{text}\""), &xpath).await
}

/// Whether the checkbox labelled `text` is ticked, waiting (up to 10 s) for it to become `want`.
pub async fn expect_ticked(c: &Client, text: &str, want: bool) {
    let what = format!("the box \"{text}\" is ticked: {want}");
    eventually(
        &what,
        async || control_labelled(c, text).await.is_selected().await,
        |t| *t == want,
    )
    .await;
}

/// The `<progress>` with this accessible name: its value and the text shown beside it.
pub async fn progress(c: &Client, name: &str) -> (f64, String) {
    let xpath = format!("//progress[@aria-label={}]", xpath_literal(name));
    let bar = find(c, &format!("a progress bar \"{name}\""), &xpath).await;
    let value = bar
        .attr("value") // <progress>.value reflects its value attribute
        .await
        .expect("progress value")
        .unwrap_or_default();
    let label = bar
        .find(Locator::XPath(".."))
        .await
        .expect("progress wrapper")
        .text()
        .await
        .expect("label");
    (value.parse().unwrap_or(f64::NAN), label)
}

/// Waits until the progress bar `name` reads `text` beside it (e.g. "2 of 5 done, 40%"), with a
/// bar value that agrees.
pub async fn expect_progress_text(c: &Client, name: &str, text: &str) {
    let done: f64 = text
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a progress text starts with the number done");
    let what = format!("the progress bar \"{name}\" reads \"{text}\"");
    eventually(
        &what,
        async || Ok(progress(c, name).await),
        |(v, label)| *v == done && norm(label) == text,
    )
    .await;
}

/// The text of the list item (or card) that links to `title`, e.g. its status and best score.
pub async fn item_text(c: &Client, title: &str) -> Result<String, CmdError> {
    let xpath = format!("//main//li[.//h3//a[{}]]", text_has(title));
    c.find(Locator::XPath(&xpath)).await?.text().await
}

/// Waits until the text of the item (see `item_text`) linking to `title` contains `want`.
pub async fn expect_item_text(c: &Client, title: &str, want: &str) -> String {
    let what = format!("the item \"{title}\" says \"{want}\"");
    eventually(
        &what,
        async || Ok(norm(&item_text(c, title).await?)),
        |t| t.contains(&norm(want)),
    )
    .await
}

/// The visible text of the whole page.
pub async fn page_text(c: &Client) -> Result<String, CmdError> {
    Ok(norm(&c.find(Locator::Css("body")).await?.text().await?))
}

/// Waits until the page shows `want` somewhere (e.g. a notice), and returns the page's text.
pub async fn expect_page_says(c: &Client, want: &str) -> String {
    let what = format!("the page says \"{want}\"");
    eventually(
        &what,
        async || page_text(c).await,
        |t| t.contains(&norm(want)),
    )
    .await
}

/// The status ("Done", "In progress", "Not started") the sidebar shows beside the link `title`.
pub async fn sidebar_status(c: &Client, title: &str) -> Result<String, CmdError> {
    let xpath = format!(
        "//nav[@aria-label='Course contents']//a[.//*[@class='nav-text'][{}]]//*[@data-status-text]",
        text_is(title)
    );
    // The status text is visually hidden (the sidebar shows an icon): read its DOM text.
    let el = c.find(Locator::XPath(&xpath)).await?;
    Ok(el.prop("textContent").await?.unwrap_or_default())
}

/// The current page's URL relative to `base` (e.g. `human-selling/cogs.html`).
pub async fn current_page(c: &Client, base: &str) -> String {
    let url = c.current_url().await.expect("current URL");
    let mut url = url.to_string();
    if let Some(hash) = url.find('#') {
        url.truncate(hash);
    }
    url.strip_prefix(&format!("{base}/"))
        .unwrap_or_else(|| panic!("{url} is not under {base}/"))
        .to_string()
}

/// What has keyboard focus, as a learner would name it: a control's label (or `aria-label`), a
/// link's or button's text; also its tag and whether the focus is visibly drawn.
pub async fn focused(c: &Client) -> Value {
    evaluate(c, FOCUSED_JS).await
}

pub const FOCUSED_JS: &str = r#"
const el = document.activeElement;
if (!el || el === document.body || el === document.documentElement) return { name: "", tag: "body" };
const text = (s) => (s || "").replace(/\s+/g, " ").trim();
let name = el.getAttribute("aria-label") || "";
if (!name && el.labels && el.labels.length) name = el.labels[0].innerText;
if (!name) name = el.innerText || el.value || "";
const style = getComputedStyle(el);
const r = el.getBoundingClientRect();
return {
  name: text(name),
  tag: el.tagName.toLowerCase(),
  checked: !!el.checked,
  legend: text(el.closest("fieldset") && el.closest("fieldset").querySelector("legend") && el.closest("fieldset").querySelector("legend").innerText),
  type: el.getAttribute("type") || "",
  focusVisible: el.matches(":focus-visible"),
  outline: style.outlineStyle + " " + style.outlineWidth + " " + style.outlineColor,
  outlineShown: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
  inView: r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth && r.width > 0 && r.height > 0,
};
"#;

/// Presses Tab until the focused control's name is `name` (see `focused`), at most 400 times.
/// Panics if it never gets there.
pub async fn tab_to(c: &Client, name: &str) {
    let want = norm(name);
    let mut seen = Vec::new();
    for _ in 0..400 {
        press(c, Key::Tab).await;
        let f = focused(c).await;
        let got = norm(f["name"].as_str().unwrap_or_default());
        if got == want {
            return;
        }
        seen.push(got);
    }
    panic!("Tab never reached \"{name}\"; focus went through: {seen:?}");
}

/// Messages the browser console logged at level SEVERE since the last call (errors, failed loads).
/// The theme declares an empty `data:` icon, so not even `/favicon.ico` is asked for.
pub async fn console_errors(c: &Client) -> Vec<String> {
    read_log(c, "browser")
        .await
        .iter()
        .filter(|e| e["level"] == "SEVERE")
        .map(|e| e["message"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Requests that failed since the last call, from Chrome's network log (`performance` log):
/// every response with status 400 or more, and every load that failed (a missing file, a refused
/// connection, a blocked request), as `"404 http://…"` or `"net::ERR_FILE_NOT_FOUND file://…"`.
/// Loads the browser itself cancelled (e.g. by leaving a page) are not failures.
pub async fn network_failures(c: &Client) -> Vec<String> {
    let mut urls = std::collections::HashMap::new();
    let mut failures = Vec::new();
    for entry in read_log(c, "performance").await {
        let Some(text) = entry["message"].as_str() else {
            continue;
        };
        let Ok(event) = serde_json::from_str::<Value>(text) else {
            continue;
        };
        let (method, params) = (&event["message"]["method"], &event["message"]["params"]);
        let id = params["requestId"].as_str().unwrap_or_default().to_string();
        match method.as_str().unwrap_or_default() {
            "Network.requestWillBeSent" => {
                let url = params["request"]["url"].as_str().unwrap_or_default();
                urls.insert(id, url.to_string());
            }
            "Network.responseReceived" => {
                let status = params["response"]["status"].as_f64().unwrap_or(0.0);
                if status >= 400.0 {
                    let url = params["response"]["url"].as_str().unwrap_or_default();
                    failures.push(format!("{status} {url}"));
                }
            }
            "Network.loadingFailed" if params["canceled"] != true => {
                let url = urls.get(&id).map(String::as_str).unwrap_or("(unknown URL)");
                let why = params["errorText"].as_str().unwrap_or("failed");
                let blocked = params["blockedReason"].as_str().unwrap_or_default();
                failures.push(format!("{why} {blocked} {url}"));
            }
            _ => {}
        }
    }
    failures
}

/// Asserts that the browser logged no console error and no failed request since the last check.
pub async fn expect_clean_logs(c: &Client, when: &str) {
    let errors = console_errors(c).await;
    let failures = network_failures(c).await;
    assert!(
        errors.is_empty() && failures.is_empty(),
        "{when}:\nconsole errors:\n{}\nfailed requests:\n{}",
        errors.join("\n"),
        failures.join("\n")
    );
}

/// The entries of one of chromedriver's logs (`browser`, `performance`) since the last read.
async fn read_log(c: &Client, kind: &str) -> Vec<Value> {
    let logs = c
        .issue_cmd(ReadLog(kind.to_string()))
        .await
        .unwrap_or_else(|e| panic!("read the browser's {kind} log: {e}"));
    logs.as_array().cloned().unwrap_or_default()
}

/// chromedriver's `POST /session/{id}/se/log` (needs `goog:loggingPrefs` for that log type).
#[derive(Debug)]
pub struct ReadLog(pub String);

impl WebDriverCompatibleCommand for ReadLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "type": self.0 }).to_string();
        (http::Method::POST, Some(body))
    }
}

/// Runs a Chrome DevTools Protocol command in the current tab (chromedriver's `goog/cdp/execute`).
pub async fn cdp(c: &Client, cmd: &str, params: Value) -> Value {
    c.issue_cmd(Cdp(cmd.to_string(), params))
        .await
        .unwrap_or_else(|e| panic!("DevTools command {cmd}: {e}"))
}

#[derive(Debug)]
struct Cdp(String, Value);

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.0, "params": self.1 }).to_string();
        (http::Method::POST, Some(body))
    }
}

/// Makes the tab prefer a dark colour scheme (as a system in dark mode does), for this and the
/// following pages, and checks that the page sees it.
pub async fn prefer_dark(c: &Client) {
    let features = serde_json::json!({
        "features": [{ "name": "prefers-color-scheme", "value": "dark" }]
    });
    cdp(c, "Emulation.setEmulatedMedia", features).await;
    let dark = evaluate(
        c,
        "return matchMedia('(prefers-color-scheme: dark)').matches",
    )
    .await;
    assert_eq!(dark, true, "dark mode emulation did not take");
}

/// Presses and releases one key (e.g. `Key::Tab`, `Key::Enter`, `' '`), as the learner's keyboard.
pub async fn press(c: &Client, key: impl Into<char>) {
    let key = key.into();
    let actions = KeyActions::new("keyboard".to_string())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    c.perform_actions(actions)
        .await
        .unwrap_or_else(|e| panic!("press key {key:?}: {e}"));
}

/// Runs `script` in the page and returns its JSON result.
pub async fn evaluate(c: &Client, script: &str) -> Value {
    c.execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("evaluate {script}: {e}"))
}

/// Waits for a finished JSON download in `dir` and returns its path. Chromium names the
/// finished file before it has written it (an empty file holds the name while the data goes to
/// a `.crdownload`), so a `.json` that is there is not yet a download: it is one when no
/// `.crdownload` is left and the file reads as JSON. (Reading the empty placeholder made a
/// learner's export look missing or older in the team test, once in a few hundred runs.)
pub async fn downloaded_file(dir: &std::path::Path) -> std::path::PathBuf {
    let found = eventually(
        "the export is downloaded",
        async || {
            let files: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
                .expect("downloads folder")
                .map(|e| e.expect("download").path())
                .collect();
            let partial = files
                .iter()
                .any(|p| p.extension().is_some_and(|e| e == "crdownload"));
            let json: Vec<std::path::PathBuf> = files
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect();
            let whole = |p: &std::path::PathBuf| {
                std::fs::read(p).is_ok_and(|b| serde_json::from_slice::<Value>(&b).is_ok())
            };
            Ok((!partial && json.len() == 1 && whole(&json[0])).then(|| json[0].clone()))
        },
        |file| file.is_some(),
    )
    .await;
    found.expect("a finished download")
}

/// How many pages the open page prints on, on A4 and on US Letter paper (Chromium's print to
/// PDF, counting the PDF's page objects): `[("A4", n), ("Letter", m)]`.
pub async fn printed_pages(c: &Client) -> [(&'static str, usize); 2] {
    use fantoccini::wd::{PrintConfiguration, PrintSize};
    let mut out = [("A4", 0), ("Letter", 0)];
    for (slot, size) in out.iter_mut().zip([PrintSize::A4, PrintSize::US_LETTER]) {
        let config = PrintConfiguration::builder()
            .size(size)
            .build()
            .expect("print settings");
        let pdf = c.print(config).await.expect("print to PDF");
        let text = String::from_utf8_lossy(&pdf);
        slot.1 = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
    }
    out
}

/// Waits until the open page has its progress map (js/maps.js loads it once the page has loaded).
pub async fn wait_for_progress_map(c: &Client) {
    eventually(
        "the progress map is in",
        async || {
            c.execute("return !!window.SyllabusProgressMap", vec![])
                .await
        },
        |v| v == true,
    )
    .await;
}
