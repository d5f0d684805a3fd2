//! The interface in another language (issue 20): the bundled course in Arabic is laid out right
//! to left as a mirror of the English one (CSS logical properties, no second style sheet), and
//! in Arabic and French it passes axe-core (light and dark) and the Nu HTML Checker (its pages
//! and the style sheet) with the interface in that language.

use crate::accessibility::expect_axe_clean;
use crate::harness::{Browser, CourseCopy, serve};
use crate::page::*;
use crate::validity::run_vnu;

/// The left edges of the main column and the sidebar, in CSS pixels.
async fn columns(c: &fantoccini::Client) -> (f64, f64) {
    let v = evaluate(
        c,
        "return [document.querySelector('main').getBoundingClientRect().left, \
                 document.querySelector('.sidebar').getBoundingClientRect().left]",
    )
    .await;
    (v[0].as_f64().unwrap(), v[1].as_f64().unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arabic_is_a_mirror_and_arabic_and_french_pass_axe_and_the_nu_checker() {
    for (language, dir, my_progress) in [("ar", "rtl", "تقدمي"), ("fr", "ltr", "Ma progression")]
    {
        let course = CourseCopy::new();
        let toml = course
            .read("site.toml")
            .replace("language = \"en\"", &format!("language = \"{language}\""));
        course.write("site.toml", &toml);
        course.build();

        let base = serve(course.out()).await;
        let browser = Browser::launch().await;
        let c = &browser.client;
        open(c, &format!("{base}/habits/mindset.html")).await;
        assert_eq!(evaluate(c, "return document.dir").await, dir, "{language}");
        // On a wide screen the sidebar is the column at the start of the line: the left in
        // French, the right in Arabic.
        let (main, sidebar) = columns(c).await;
        match dir {
            "rtl" => assert!(
                sidebar > main,
                "{language}: sidebar at {sidebar}, main at {main}"
            ),
            _ => assert!(
                sidebar < main,
                "{language}: sidebar at {sidebar}, main at {main}"
            ),
        }
        expect_page_says(c, my_progress).await;
        expect_axe_clean(c, &format!("a lesson in {language}"), true).await;
        open(c, &format!("{base}/index.html")).await;
        expect_axe_clean(c, &format!("the home page in {language}"), true).await;
        open(c, &format!("{base}/progress.html")).await;
        expect_axe_clean(c, &format!("the progress page in {language}"), true).await;
        expect_clean_logs(c, &format!("the pages in {language}")).await;
        browser.close().await;

        // --verbose names each file checked on stdout; errors go to stderr.
        let out = run_vnu(&[course.out()]);
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert!(
            stdout.contains("index.html") && stdout.contains("syllabus.css"),
            "the Nu HTML Checker did not check the course in {language}:\n{stdout}{stderr}"
        );
        let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error")).collect();
        assert!(
            errors.is_empty(),
            "the Nu HTML Checker on the course in {language}:\n{}",
            errors.join("\n")
        );
    }
}

use crate::english;

/// The plain string `key` of the default theme's table for `language`.
fn say(language: &str, key: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("themes/default/i18n/{language}.toml"));
    let table: toml::Table = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    table[key]
        .as_str()
        .unwrap_or_else(|| panic!("{language} `{key}`"))
        .to_owned()
}

/// Fails if the open page, as the scripts have left it (text and read-out attributes), shows an
/// English interface word.
async fn expect_no_english(c: &fantoccini::Client, english: &english::EnglishWords, when: &str) {
    let html = evaluate(c, "return document.documentElement.outerHTML").await;
    let leaks = english.leaks(&english::visible_text(html.as_str().unwrap()));
    assert!(leaks.is_empty(), "{when}: {leaks:#?}");
}

/// The Latin fixture (every kind of page, no English) built with the interface in `language`:
/// the temporary folder (removed when dropped), the course and the site folders in it.
fn latin_site(language: &str) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/latin");
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("course");
    crate::harness::copy_tree(&fixture, &root);
    let toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        format!("language = \"{language}\"\n{toml}"),
    )
    .unwrap();
    let out = temp.path().join("site");
    crate::harness::build_course(&root, &out);
    (temp, root, out)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_learner_works_through_a_course_in_french_and_in_arabic_and_never_meets_english() {
    // The Latin fixture: every kind of page, and no English of its own, so any English word
    // the scripts write (a quiz's result, a conversation's ending, search results, the
    // progress page's lists) is the interface's.
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/latin");
    let content: String = walkdir::WalkDir::new(fixture.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    for language in ["fr", "ar"] {
        let english = english::EnglishWords::new(language, &content);
        let (_temp, root, out) = latin_site(language);
        let base = serve(&out).await;
        let browser = Browser::launch().await;
        let c = &browser.client;
        let when = |what: &str| format!("{language}: {what}");

        // Navigation: from the home page through the pager, by the language's words.
        open(c, &format!("{base}/index.html")).await;
        expect_no_english(c, &english, &when("the home page")).await;
        click_link(c, "Pars prima").await;
        expect_heading(c, "Pars prima").await;
        let next = say(language, "next");
        let pager = format!(
            "//nav[@aria-label={}]",
            xpath_literal(&say(language, "pager"))
        );
        let link = find(
            c,
            "the pager's next link",
            &format!("{pager}//a[@rel='next']"),
        )
        .await;
        assert!(
            norm(&link.text().await.unwrap()).starts_with(&next),
            "{language}: {next}"
        );
        click(c, &link, "the next link").await;
        expect_heading(c, "Alpha lectio").await;

        // A lesson: ticked, marked complete.
        click_label(c, "Voca unum clientem").await;
        click_label(c, &say(language, "mark_complete")).await;
        expect_no_english(c, &english, &when("a lesson ticked and marked complete")).await;

        // A quiz answered wrongly, then its result.
        open(c, &format!("{base}/prima/probatio.html")).await;
        click_label(c, "Prava").await;
        click_label(c, "Prima").await;
        click_button(c, &say(language, "submit_answers")).await;
        expect_page_says(c, say(language, "quiz_not_passed").trim_end_matches('.')).await;
        expect_no_english(c, &english, &when("a quiz's result")).await;
        expect_axe_clean(c, &when("a quiz's result"), true).await;

        // A conversation played to an ending.
        open(c, &format!("{base}/prima/colloquium.html")).await;
        click_button(c, "Ignosce. Statim curabo.").await;
        click_button(c, "Narra mihi de nova taberna.").await;
        expect_page_says(c, "Rem curavisti, deinde audivisti.").await;
        expect_no_english(c, &english, &when("a conversation's ending")).await;
        expect_axe_clean(c, &when("a conversation's ending"), true).await;

        // The progress page lists what was done, in the language.
        open(c, &format!("{base}/progress.html")).await;
        expect_page_says(c, "Voca unum clientem").await;
        expect_no_english(c, &english, &when("the progress page")).await;

        // Its notices: an export, a file refused, a reset, the export imported again.
        click_button(c, &say(language, "export")).await;
        let file = downloaded_file(&browser.downloads()).await;
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        expect_page_says(c, &name).await;
        expect_no_english(c, &english, &when("the export's notice")).await;
        let bad = browser.downloads().join("notae.txt");
        std::fs::write(&bad, "notae meae").unwrap();
        let import = control_labelled(c, &say(language, "import")).await;
        import.send_keys(&bad.display().to_string()).await.unwrap();
        expect_page_says(c, "notae.txt").await;
        expect_no_english(c, &english, &when("a refused import's notice")).await;
        click_button(c, &say(language, "reset")).await;
        c.accept_alert().await.expect("confirm the reset");
        expect_page_says(c, &say(language, "reset_done")).await;
        expect_no_english(c, &english, &when("the reset's notice")).await;
        let import = control_labelled(c, &say(language, "import")).await;
        import.send_keys(&file.display().to_string()).await.unwrap();
        expect_page_says(c, &name).await;
        expect_no_english(c, &english, &when("the import's notice")).await;

        // The lesson completed above is updated by its author: its note gives the day in the
        // language's words, as the browser writes dates (not 2026-12-05).
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let now = evaluate(c, "return new Date().toISOString().slice(0, 19) + 'Z'").await;
        let now = now.as_str().unwrap();
        let alpha = root.join("content/01-prima/01-alpha.md");
        let text = std::fs::read_to_string(&alpha).unwrap();
        std::fs::write(
            &alpha,
            text.replace("updated: 2026-01-15", &format!("updated: {now}")),
        )
        .unwrap();
        crate::harness::build_course(&root, &out);
        open(c, &format!("{base}/prima/alpha.html")).await;
        let day = evaluate(
            c,
            &format!(
                "return new Date({:?}).toLocaleDateString(document.documentElement.lang, \
                 {{ year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }})",
                &now[..10]
            ),
        )
        .await;
        let note = say(language, "updated_lesson_note").replace("{date}", day.as_str().unwrap());
        expect_page_says(c, &note).await;
        assert!(
            !page_text(c).await.unwrap().contains(&now[..10]),
            "{language}: an ISO date"
        );
        expect_no_english(c, &english, &when("an updated lesson's note")).await;

        // Search results.
        let input = find(c, "the search box", "//input[@type='search']").await;
        input.send_keys("lectio").await.unwrap();
        eventually(
            &when("search results"),
            async || {
                Ok(evaluate(
                    c,
                    "return document.querySelectorAll('.search-results a').length",
                )
                .await)
            },
            |n| n.as_u64().unwrap_or(0) >= 3,
        )
        .await;
        expect_no_english(c, &english, &when("search results")).await;
        expect_clean_logs(c, &when("the course")).await;
        browser.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scripts_choose_the_plural_forms_the_build_chooses() {
    // The build picks a string's plural form with icu_plurals, the scripts with the browser's
    // `Intl.PluralRules`. For every plural string of the French and Arabic tables and every
    // number from 0 to 120 (and a million), the page's `Syllabus.t` must say what the build's
    // table says; and for languages with other rules (Russian, Polish, Czech, Welsh) the two
    // must pick the same CLDR category.
    use syllabus::i18n::{Entry, Text, plural};
    let numbers: Vec<i64> = (0..=120).chain([1_000_000]).collect();
    let browser = Browser::launch().await;
    let c = &browser.client;
    for language in ["fr", "ar"] {
        let (_temp, _, out) = latin_site(language);
        let base = serve(&out).await;
        open(c, &format!("{base}/index.html")).await;
        let i18n = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
        let read = |tag: &str| {
            let text = std::fs::read_to_string(i18n.join(format!("{tag}.toml"))).unwrap();
            Text::parse(&text, tag).unwrap()
        };
        // The theme's tables, then the course's own `[strings]` (site.toml), as the build reads them.
        let site: toml::Table = toml::from_str(
            &std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures/latin/site.toml"),
            )
            .unwrap(),
        )
        .unwrap();
        let own = Text::parse(&toml::to_string(&site["strings"]).unwrap(), "site.toml").unwrap();
        let table = read("en")
            .overlay(read(language))
            .overlay(own)
            .in_language(language);
        let keys: Vec<String> = table
            .keys()
            .filter(|k| matches!(table.entry(k), Some(Entry::Plural(_))))
            .map(str::to_owned)
            .collect();
        assert!(keys.len() >= 15, "{language}: {keys:?}");
        // Each placeholder but `n` stands for itself.
        let args = |key: &str| -> Vec<(String, String)> {
            let entry = table.entry(key).unwrap();
            let names = entry.placeholders();
            names
                .into_iter()
                .filter(|p| *p != "n")
                .map(|p| (p.to_owned(), p.to_owned()))
                .collect()
        };
        let cases: serde_json::Map<String, serde_json::Value> = keys
            .iter()
            .map(|k| {
                (
                    k.clone(),
                    serde_json::json!(
                        args(k)
                            .into_iter()
                            .collect::<std::collections::BTreeMap<_, _>>()
                    ),
                )
            })
            .collect();
        let said = evaluate(
            c,
            &format!(
                "var cases = {}, ns = {}, out = {{}}; \
                 Object.keys(cases).forEach(function (k) {{ out[k] = ns.map(function (n) {{ \
                   return Syllabus.t(k, Object.assign({{ n: n }}, cases[k])); }}); }}); \
                 return out;",
                serde_json::Value::Object(cases),
                serde_json::to_string(&numbers).unwrap()
            ),
        )
        .await;
        for key in &keys {
            let owned = args(key);
            let args: Vec<(&str, String)> =
                owned.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            for (i, n) in numbers.iter().enumerate() {
                let build = table.format(key, Some(*n), &args).unwrap();
                assert_eq!(said[key][i], build, "{language} `{key}` for {n}");
            }
        }
    }
    for language in ["ru", "pl", "cs", "cy", "fr", "ar"] {
        let js = evaluate(
            c,
            &format!(
                "var r = new Intl.PluralRules({language:?}); return {}.map(function (n) {{ return r.select(n); }});",
                serde_json::to_string(&numbers).unwrap()
            ),
        )
        .await;
        let rules = plural::rules(language);
        for (i, n) in numbers.iter().enumerate() {
            let icu = format!("{:?}", plural::category(rules.as_ref(), *n)).to_lowercase();
            assert_eq!(js[i], icu, "{language} {n}");
        }
    }
    browser.close().await;
}
