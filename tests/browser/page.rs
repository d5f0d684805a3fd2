//! Small helpers that look at a page the way a learner does: by headings, label texts, button and
//! link texts, and accessible names (`aria-label`), rather than by internal ids.

use std::fmt::Debug;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::error::CmdError;
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

/// The page's main heading.
pub async fn heading(c: &Client) -> String {
    eventually(
        "the page has an h1",
        async || c.find(Locator::Css("h1")).await?.text().await,
        |_| true,
    )
    .await
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
    let xpath = format!("//button[normalize-space(.)={}]", xpath_literal(text));
    let what = format!("the button \"{text}\"");
    click(c, &find(c, &what, &xpath).await, &what).await;
}

pub async fn click_link(c: &Client, text: &str) {
    let xpath = format!("//a[normalize-space(.)={}]", xpath_literal(text));
    let what = format!("the link \"{text}\"");
    click(c, &find(c, &what, &xpath).await, &what).await;
}

/// Clicks the label with this text (as a learner ticks a box or picks an answer).
pub async fn click_label(c: &Client, text: &str) {
    click(c, &label(c, text).await, &format!("the label \"{text}\"")).await;
}

async fn label(c: &Client, text: &str) -> Element {
    let xpath = format!("//label[normalize-space(.)={}]", xpath_literal(text));
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

/// Waits until the progress bar `name` shows `value` done, and returns the text beside it.
pub async fn expect_progress(c: &Client, name: &str, value: f64) -> String {
    let what = format!("the progress bar \"{name}\" shows {value} done");
    let (_, label) = eventually(
        &what,
        async || Ok(progress(c, name).await),
        |(v, _)| *v == value,
    )
    .await;
    label
}

/// The text of the list item (or card) that links to `title`, e.g. its status and best score.
pub async fn item_text(c: &Client, title: &str) -> Result<String, CmdError> {
    let xpath = format!(
        "//main//li[.//h3//a[contains(normalize-space(.), {})]]",
        xpath_literal(title)
    );
    c.find(Locator::XPath(&xpath)).await?.text().await
}

/// Messages the browser console logged at level SEVERE since the last call (errors, failed loads).
/// The theme declares an empty `data:` icon, so not even `/favicon.ico` is asked for.
pub async fn console_errors(c: &Client) -> Vec<String> {
    let logs = c
        .issue_cmd(BrowserLog)
        .await
        .expect("read the browser console log");
    let entries = logs.as_array().cloned().unwrap_or_default();
    entries
        .iter()
        .filter(|e| e["level"] == "SEVERE")
        .map(|e| e["message"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// chromedriver's `POST /session/{id}/se/log` (needs `goog:loggingPrefs` {"browser": "ALL"}).
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(r#"{"type":"browser"}"#.to_string()),
        )
    }
}

/// Runs `script` in the page and returns its JSON result.
pub async fn evaluate(c: &Client, script: &str) -> Value {
    c.execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("evaluate {script}: {e}"))
}
