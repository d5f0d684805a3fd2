//! Search beyond English (issue 20), as a learner on a phone types: a French course finds
//! "réunion" typed "reunion" and one form of a word from another; an Arabic course finds words
//! typed without harakat or with a bare alef (axe-core finds nothing wrong with the results open
//! in either); a Korean course (no stemmer) finds words by their beginning. And the browser's
//! words are the index's: it folds as the build does (random text of many scripts), and takes
//! each word's Snowball stem from the index's forms.

use std::path::Path;

use fantoccini::Client;
use serde_json::{Value, json};
use syllabus::search::words::{self, Stemming};

use crate::accessibility::expect_axe_clean;
use crate::harness::{Browser, build_course, file_url, serve};
use crate::page::*;
use crate::search::search_for;

/// A fixture course of tests/fixtures, built into a temporary folder.
struct Fixture {
    _temp: tempfile::TempDir,
    out: std::path::PathBuf,
}

fn build_fixture(name: &str) -> Fixture {
    let temp = tempfile::tempdir().expect("temporary folder");
    let out = temp.path().join("site");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    build_course(&root, &out);
    Fixture { _temp: temp, out }
}

/// The pages of the results (their URLs from the site root, without the section).
fn pages(r: &Value) -> Vec<String> {
    r["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            let href = x["href"].as_str().unwrap();
            let page = href.split('#').next().unwrap();
            // The script makes links from its own absolute URL: http://127.0.0.1:port/page.
            let path = page.splitn(4, '/').nth(3).unwrap_or(page);
            path.to_owned()
        })
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// The page's texts (title and text of every record), from the index's files.
fn record_texts(out: &Path) -> Vec<String> {
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(out.join("assets/search")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with('d') {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let start = text.find('[').unwrap();
        let end = text.rfind(']').unwrap();
        let records: Vec<Value> = serde_json::from_str(&text[start..=end]).unwrap();
        for r in records {
            texts.push(format!(
                "{} {}",
                r["t"].as_str().unwrap(),
                r["x"].as_str().unwrap()
            ));
        }
    }
    texts
}

/// Checks the browser takes, for every word of the course's pages, the term the index gave it
/// (its Snowball stem, from the forms), and folds every text as the build does.
async fn expect_the_index_s_terms(c: &Client, out: &Path, language: &str) {
    let stemming = Stemming::for_language(language);
    let texts = record_texts(out);
    assert!(!texts.is_empty());
    let js = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             Promise.all(arguments[0].map(t => SyllabusSearch.stems(t)))
               .then(done, e => done(String(e)));",
            vec![json!(texts)],
        )
        .await
        .expect("SyllabusSearch.stems");
    for (text, got) in texts
        .iter()
        .zip(js.as_array().expect("an array of results"))
    {
        let got: Vec<(String, Vec<String>)> = got
            .as_array()
            .unwrap()
            .iter()
            .map(|w| {
                let terms = w["terms"].as_array().unwrap();
                (
                    w["word"].as_str().unwrap().to_owned(),
                    terms
                        .iter()
                        .map(|t| t.as_str().unwrap().to_owned())
                        .collect(),
                )
            })
            .collect();
        let mut count = 0;
        words::words_as_written(text, stemming.elides(), |w, written| {
            let Some(term) = words::term(w, written, stemming) else {
                return;
            };
            count += 1;
            let found = got.iter().find(|(word, _)| word == w);
            assert!(
                found.is_some_and(|(_, terms)| terms.contains(&term)),
                "{language}: the browser's terms for {w:?} ({found:?}) lack the index's {term:?}"
            );
        });
        assert!(count > 0, "{text}");
    }
}

/// Random texts of Latin, Greek, Cyrillic, Arabic and Hebrew letters (with the accents, harakat,
/// alef forms and tatweel folding knows), digits, apostrophes and breaks.
fn random_texts(n: usize) -> Vec<String> {
    let pool: Vec<char> = concat!(
        "abcxyzABCXYZ019 ',.-\u{2019}\u{2bc}",
        "éÉèçñßæœøłıİǅẞ\u{301}\u{308}",
        "άΆσςΣΐϊ΅",
        "абвёЁйЙїЇўЎҗӂ",
        "\u{627}\u{623}\u{625}\u{622}\u{671}\u{649}\u{64a}\u{629}\u{647}\u{644}\u{645}",
        "\u{64b}\u{64e}\u{650}\u{651}\u{652}\u{640}\u{670}\u{660}\u{661}",
        "\u{5e9}\u{5b8}\u{5c1}\u{5b9}\u{5be}\u{5dd}",
        "한국어日本"
    )
    .chars()
    .collect();
    // proptest's generator with its fixed seed: the same texts every run.
    use proptest::prelude::RngCore;
    let mut rng = proptest::test_runner::TestRng::deterministic_rng(
        proptest::test_runner::RngAlgorithm::ChaCha,
    );
    (0..n)
        .map(|_| {
            let len = (rng.next_u64() % 30) as usize;
            (0..len)
                .map(|_| pool[(rng.next_u64() % pool.len() as u64) as usize])
                .collect()
        })
        .collect()
}

/// Checks `SyllabusSearch.terms` (the words a query is cut into, folded) equals the build's on
/// random text, for the page's language.
async fn expect_the_same_folding(c: &Client, language: &str) {
    let stemming = Stemming::for_language(language);
    let texts = random_texts(300);
    let js = evaluate(
        c,
        &format!(
            "return {}.map(t => SyllabusSearch.terms(t));",
            serde_json::to_string(&texts).unwrap()
        ),
    )
    .await;
    for (i, text) in texts.iter().enumerate() {
        // Outside English a query word's term is the word itself (its stem comes from the index).
        let mut rust = Vec::new();
        words::words_as_written(text, stemming.elides(), |w, _| {
            rust.extend(words::term(w, w, Stemming::None));
        });
        assert_eq!(js[i], json!(rust), "{language}: the words of {text:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_french_course_finds_words_typed_without_accents_and_other_forms() {
    let site = build_fixture("search-fr");
    let base = serve(&site.out).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &format!("{base}/index.html")).await;

    // "réunion", typed on a phone without its accent.
    let r = search_for(c, "reunion").await;
    assert_eq!(pages(&r)[0], "vente/reunion.html", "{r}");
    let marks = r["results"][0]["marks"].to_string();
    assert!(
        marks.contains("réunion"),
        "the word is highlighted: {marks}"
    );
    // "propositions" is on one page, "proposition" on another: one stem (Snowball's French).
    let fr = Stemming::for_language("fr");
    assert_eq!(
        words::terms("propositions", fr),
        words::terms("proposition", fr)
    );
    let both = ["vente/ecoute.html", "vente/offre.html"].map(String::from);
    assert_eq!(sorted(pages(&search_for(c, "propositions").await)), both);
    assert_eq!(sorted(pages(&search_for(c, "client").await)), both);
    // A form the course does not hold finds the stem it begins with ("clientes": "client").
    assert!(
        !record_texts(&site.out)
            .iter()
            .any(|t| t.contains("clientes"))
    );
    assert_eq!(sorted(pages(&search_for(c, "clientes").await)), both);
    // "proposées" on one page and "proposees" (typed without accents) on another fold alike
    // but stem apart: the index lists both terms for the form, and the browser takes both
    // (and "proposer", in a title, shares the first's stem).
    assert_ne!(words::terms("proposées", fr), words::terms("proposees", fr));
    assert_eq!(words::terms("proposer", fr), words::terms("proposées", fr));
    assert_eq!(
        sorted(pages(&search_for(c, "proposées").await)),
        [
            "vente/ecoute.html",
            "vente/offre.html",
            "vente/relance.html"
        ]
        .map(String::from)
    );
    // A word being typed finds the words it begins.
    assert_eq!(
        pages(&search_for(c, "prepar").await)[0],
        "vente/reunion.html"
    );
    // "l’équipe": the article is elided.
    assert_eq!(
        pages(&search_for(c, "equipe").await),
        ["vente/reunion.html"]
    );
    expect_axe_clean(c, "the French course's search results", true).await;

    expect_the_index_s_terms(c, &site.out, "fr").await;
    expect_the_same_folding(c, "fr").await;
    expect_clean_logs(c, "searching in French").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_arabic_course_finds_words_typed_without_harakat_or_with_a_bare_alef() {
    let site = build_fixture("search-ar");
    let base = serve(&site.out).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &format!("{base}/index.html")).await;

    // Written "الْمُدِيرُ", typed without harakat.
    let r = search_for(c, "المدير").await;
    assert_eq!(pages(&r), ["mabiat/ijtima.html"], "{r}");
    // Written "أسئلة" (and "الأسئلة"), typed with a bare alef and a final heh.
    let r = search_for(c, "اسئله").await;
    assert_eq!(
        sorted(pages(&r)),
        ["mabiat/ijtima.html", "mabiat/umala.html"].map(String::from),
        "{r}"
    );
    // "العميل" (the customer) is on the second page only.
    assert_eq!(pages(&search_for(c, "العميل").await), ["mabiat/umala.html"]);
    // The results open, right to left: axe-core in light and dark.
    expect_axe_clean(c, "the Arabic course's search results", true).await;

    expect_the_index_s_terms(c, &site.out, "ar").await;
    expect_the_same_folding(c, "ar").await;
    expect_clean_logs(c, "searching in Arabic").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_course_in_a_language_without_a_stemmer_finds_words_by_their_beginning() {
    let site = build_fixture("search-ko");
    let base = serve(&site.out).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &format!("{base}/index.html")).await;
    // "정리합니다" (puts in order) and "들으세요" (listen), found by their first two syllables.
    assert_eq!(pages(&search_for(c, "정리").await), ["yeongeop/hoeui.html"]);
    assert_eq!(
        pages(&search_for(c, "들으").await),
        ["yeongeop/gogaek.html"]
    );
    // A whole word, particle and all.
    assert_eq!(
        pages(&search_for(c, "회의를").await),
        ["yeongeop/hoeui.html"]
    );
    expect_the_index_s_terms(c, &site.out, "ko").await;
    expect_the_same_folding(c, "ko").await;
    expect_clean_logs(c, "searching in Korean").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_french_course_searches_from_file_urls() {
    let site = build_fixture("search-fr");
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &file_url(&site.out, "vente/offre.html")).await;
    // The forms load as scripts from disk too: "propositions" finds "proposition".
    let r = search_for(c, "propositions").await;
    let hrefs: Vec<&str> = r["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["href"].as_str().unwrap())
        .collect();
    assert_eq!(hrefs.len(), 2, "{r}");
    for page in ["vente/ecoute.html", "vente/offre.html"] {
        let url = file_url(&site.out, page);
        assert!(
            hrefs.iter().any(|h| h.starts_with(&url)),
            "{page} in {hrefs:?}"
        );
    }
    let r = search_for(c, "REUNION").await;
    assert!(
        r["results"][0]["href"]
            .as_str()
            .unwrap()
            .starts_with(&file_url(&site.out, "vente/reunion.html")),
        "{r}"
    );
    expect_clean_logs(c, "searching a French course from file://").await;
    browser.close().await;
}
