//! The search index a build writes (`assets/search/`): what is indexed and what never is, where a
//! term leads, and that updating one page gives the same files as building afresh. Other
//! languages: `search_languages.rs`.

use std::collections::BTreeMap;

use serde_json::Value;
use syllabus::build::BuildOptions;
use syllabus::search::{self, IN_TITLE, SearchIndex};

use crate::harness::SiteTest;

/// The built search index, read back from the files.
pub struct Index {
    pub manifest: Value,
    /// Term → postings (document, weight).
    pub terms: BTreeMap<String, Vec<(u32, u8)>>,
    /// Snowball languages: folded word → the terms the index gives it (when not the word).
    pub forms: BTreeMap<String, Vec<String>>,
    /// Document records by number, in order.
    pub docs: BTreeMap<u32, Value>,
    /// Every search file's text, by path.
    pub files: BTreeMap<String, String>,
}

/// A form's entry: a term as the number of the form's first characters it is, or as a string;
/// an array of those for several terms.
fn form_terms(form: &str, value: &Value) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::Number(n) => form.chars().take(n.as_u64().unwrap() as usize).collect(),
        Value::String(s) => s.clone(),
        other => panic!("a form's term: {other}"),
    };
    match value {
        Value::Array(all) => {
            assert!(all.len() > 1, "an array holds several terms: {value}");
            all.iter().map(one).collect()
        }
        v => vec![one(v)],
    }
}

/// The arguments of the one call `Name(...);` a search file makes, as a JSON array.
fn call_args(text: &str, name: &str) -> Vec<Value> {
    let inner = text
        .trim_end()
        .strip_prefix(&format!("SyllabusSearch.{name}("))
        .and_then(|t| t.strip_suffix(");"))
        .unwrap_or_else(|| panic!("not a SyllabusSearch.{name} call: {text:.80}"));
    match serde_json::from_str(&format!("[{inner}]")) {
        Ok(Value::Array(args)) => args,
        other => panic!("arguments of {name}: {other:?}"),
    }
}

impl Index {
    pub fn read(site: &SiteTest) -> Index {
        let mut files = BTreeMap::new();
        for f in site.output_files() {
            if f.starts_with("assets/search/") {
                files.insert(f.clone(), site.read(&f));
            }
        }
        let manifest = call_args(&files["assets/search/index.js"], "index").remove(0);
        let mut terms = BTreeMap::new();
        let mut forms = BTreeMap::new();
        for (i, key) in manifest["t"].as_array().unwrap().iter().enumerate() {
            let text = &files[&format!("assets/search/t{i}.js")];
            let args = call_args(text, "t");
            assert_eq!(args[0], i, "t{i}.js says its number");
            assert_eq!(&args[1], key, "t{i}.js says its key");
            for (term, postings) in args[2].as_object().unwrap() {
                assert!(
                    term.starts_with(key.as_str().unwrap()),
                    "{term} in chunk {key}"
                );
                terms.insert(term.clone(), search::decode(postings.as_str().unwrap()));
            }
            // The forms, when the chunk has any (never an empty object).
            assert!(args.len() <= 4, "t{i}.js: {args:?}");
            if let Some(chunk_forms) = args.get(3) {
                let chunk_forms = chunk_forms.as_object().unwrap();
                assert!(!chunk_forms.is_empty(), "t{i}.js has an empty forms object");
                for (form, value) in chunk_forms {
                    assert!(
                        form.starts_with(key.as_str().unwrap()),
                        "form {form} in chunk {key}"
                    );
                    forms.insert(form.clone(), form_terms(form, value));
                }
            }
        }
        let n = manifest["n"].as_u64().unwrap() as usize;
        let range = manifest["r"].as_u64().unwrap() as usize;
        let per = manifest["dc"].as_u64().unwrap() as usize;
        let mut docs = BTreeMap::new();
        let mut files_read = 0;
        for b in 0..range.div_ceil(per) {
            // A block of documents is one file, or (when big) parts listed in `s`; a block of
            // unused numbers has none.
            let parts: Vec<(String, u64)> = match manifest["s"].get(b.to_string()) {
                None if !files.contains_key(&format!("assets/search/d{b}.js")) => vec![],
                None => vec![(format!("assets/search/d{b}.js"), 0)],
                Some(firsts) => firsts
                    .as_array()
                    .unwrap()
                    .iter()
                    .enumerate()
                    .map(|(p, f)| (format!("assets/search/d{b}-{p}.js"), f.as_u64().unwrap()))
                    .collect(),
            };
            let mut next = (b * per) as u64;
            for (path, first) in parts {
                files_read += 1;
                let args = call_args(&files[&path], "d");
                assert_eq!(args[0], b);
                assert_eq!(args[1], first);
                assert_eq!(
                    next,
                    (b * per) as u64 + first,
                    "{path} starts where the last ended"
                );
                for record in args[2].as_array().unwrap() {
                    docs.insert(u32::try_from(next).unwrap(), record.clone());
                    next += 1;
                }
            }
            assert!(
                next <= ((b + 1) * per) as u64,
                "block {b} holds {per} numbers"
            );
        }
        assert_eq!(docs.len(), n, "every document has a record");
        let doc_files = files
            .keys()
            .filter(|f| f.starts_with("assets/search/d"))
            .count();
        assert_eq!(doc_files, files_read, "no file of records is left unread");
        Index {
            manifest,
            terms,
            forms,
            docs,
            files,
        }
    }

    /// The URLs of the documents `word` leads to (stemmed as a query is), best weight first.
    fn urls(&self, word: &str) -> Vec<String> {
        let terms = search::words::terms(word, search::words::Stemming::English);
        assert_eq!(terms.len(), 1, "{word} is one term");
        let mut postings = self.terms.get(&terms[0]).cloned().unwrap_or_default();
        postings.sort_by_key(|p| std::cmp::Reverse(p.1));
        postings
            .iter()
            .map(|(d, _)| self.docs[d]["u"].as_str().unwrap().to_owned())
            .collect()
    }

    fn has(&self, word: &str) -> bool {
        !self.urls(word).is_empty()
    }

    /// Every search file, concatenated.
    fn all_text(&self) -> String {
        self.files.values().cloned().collect::<Vec<_>>().join("\n")
    }
}

#[test]
fn the_index_files_are_written_with_the_script() {
    let site = SiteTest::fixture("basic");
    site.build();
    let files = site.output_files();
    assert!(files.contains(&"assets/search.js".to_owned()));
    let index = Index::read(&site);
    // Two modules, three lessons (the draft left out) and a quiz, in course order.
    let urls: Vec<&str> = index
        .docs
        .values()
        .map(|d| d["u"].as_str().unwrap())
        .collect();
    assert_eq!(
        urls,
        [
            "first/index.html",
            "first/alpha.html",
            "first/beta.html",
            "first/check.html",
            "second/index.html",
            "second/gamma.html"
        ]
    );
    assert_eq!(index.manifest["en"], true);
    // English stems are made in the browser too: no Snowball name, no forms.
    assert_eq!(index.manifest.get("st"), None);
    assert!(index.forms.is_empty());
    // A small course: one term file, and the six pages in blocks of four.
    assert_eq!(index.manifest["t"], serde_json::json!([""]));
    assert_eq!(index.manifest["dc"], search::DOCS_PER_CHUNK);
    let search_files: Vec<&String> = index.files.keys().collect();
    assert_eq!(
        search_files,
        [
            "assets/search/d0.js",
            "assets/search/d1.js",
            "assets/search/index.js",
            "assets/search/t0.js"
        ]
    );
    // Every page loads the script; the box is hidden until the script shows it.
    let html = site.read("second/gamma.html");
    assert!(html.contains(r#"<script src="../assets/search.js" defer></script>"#));
    assert!(html.contains(r#"<form class="search" role="search" data-search hidden>"#));
}

#[test]
fn words_of_a_page_lead_to_it() {
    let site = SiteTest::fixture("basic");
    site.build();
    let index = Index::read(&site);
    // A body task-list item, stemmed: "Practise" and "practising" are one term.
    assert_eq!(index.urls("practising"), ["second/gamma.html"]);
    // A heading, the front matter's checklist and objectives, the description.
    assert_eq!(index.urls("heading")[0], "second/gamma.html");
    assert_eq!(index.urls("colleague"), ["first/alpha.html"]);
    assert_eq!(index.urls("follow"), ["first/alpha.html"]);
    // A module's description and introduction.
    assert_eq!(
        index.urls("comes"),
        ["first/index.html", "second/index.html"]
    );
    // The title weighs most.
    let alpha = &index.terms["alpha"];
    assert!(
        alpha[0].1 & IN_TITLE != 0,
        "alpha is in the title: {alpha:?}"
    );
    // Records carry what a result shows.
    let gamma = &index.docs[&5];
    assert_eq!(gamma["t"], "Gamma");
    assert_eq!(gamma["m"], "Second module");
    assert_eq!(gamma["k"], "lesson");
    assert_eq!(
        gamma["x"],
        "Some heading Practise the opening line Ask one open question"
    );
    assert_eq!(gamma["h"], serde_json::json!([[0, "some-heading"]]));
}

#[test]
fn quizzes_are_indexed_by_prompts_and_explanations_never_by_answers() {
    let site = SiteTest::fixture("basic").write(
        "content/02-second/05-recap.quiz.yaml",
        "title: Recap\nquestions:\n  - type: single\n    prompt: Which colour is the *ocean*?\n    explanation: Oceans look blue because water absorbs red light.\n    options:\n      - text: Turquoiseish\n        correct: true\n        feedback: Splendidly answered\n      - text: Magentaish\n        correct: false\n",
    );
    site.build();
    let index = Index::read(&site);
    assert_eq!(index.urls("ocean"), ["second/recap.html"]);
    assert_eq!(index.urls("absorbs"), ["second/recap.html"]);
    assert_eq!(index.urls("sky"), ["first/check.html"]);
    let all = index.all_text().to_lowercase();
    for secret in [
        "correct",
        "turquoise",
        "magenta",
        "splendid",
        "right </script>",
        "wrong",
        "is right",
        "it is not",
    ] {
        assert!(!all.contains(secret), "the index holds {secret:?}");
    }
    for word in ["turquoiseish", "magentaish", "splendidly", "wrong", "right"] {
        assert!(!index.has(word), "{word} is indexed");
    }
}

#[test]
fn navigation_and_theme_text_is_not_indexed() {
    let site = SiteTest::fixture("basic");
    site.build();
    let index = Index::read(&site);
    // The site title, header, sidebar, pager, progress and quiz chrome of every page.
    for word in [
        "fixture", "contents", "progress", "skip", "next", "previous", "mark", "complete",
        "submit", "saved", "browser", "course", "home",
    ] {
        assert!(
            !index.has(word),
            "{word} is indexed: {:?}",
            index.urls(word)
        );
    }
    // Drafts are left out unless built with --drafts.
    assert!(!index.has("unfinished"));
    site.build_with(|o| o.drafts = true).unwrap();
    assert_eq!(Index::read(&site).urls("unfinished"), ["first/draft.html"]);
}

#[test]
fn case_and_accents_are_folded_and_raw_markup_is_not_text() {
    let site = SiteTest::fixture("basic").write(
        "content/02-second/02-cafe.md",
        "---\ntitle: Le CAFÉ\n---\nUn résumé naïve &amp; <span class=\"x\">Straße</span>.\n\n```\nlet angle = <b>;\n```\n",
    );
    site.build();
    let index = Index::read(&site);
    for word in ["cafe", "Café", "RESUME", "naive", "strasse", "angle"] {
        assert_eq!(index.urls(word), ["second/cafe.html"], "{word}");
    }
    // Tags and entities are not words.
    assert!(!index.has("span"));
    assert!(!index.has("amp"));
    let doc = index
        .docs
        .values()
        .find(|d| d["u"] == "second/cafe.html")
        .unwrap();
    assert_eq!(doc["x"], "Un résumé naïve & Straße. let angle = <b>;");
}

#[test]
fn a_block_of_long_pages_is_split_so_a_result_stays_cheap() {
    let mut site = SiteTest::fixture("basic");
    for i in 0..6 {
        let words: Vec<String> = (0..1500)
            .map(|w| format!("word{}", (w * 7 + i) % 500))
            .collect();
        site = site.write(
            &format!("content/02-second/1{i}-long-{i}.md"),
            format!("---\ntitle: Long {i}\n---\nmarker{i} {}\n", words.join(" ")),
        );
    }
    site.build();
    let index = Index::read(&site);
    assert!(
        index.manifest["s"]
            .as_object()
            .is_some_and(|s| !s.is_empty()),
        "a block was split: {}",
        index.manifest
    );
    for (path, text) in &index.files {
        assert!(
            text.len() <= search::DOC_CHUNK_BYTES + search::MAX_TEXT * 2,
            "{path} is {} bytes",
            text.len()
        );
    }
    for i in 0..6 {
        assert_eq!(
            index.urls(&format!("marker{i}")),
            [format!("second/long-{i}.html")]
        );
    }
}

#[test]
fn serve_renders_the_index_too() {
    let site = SiteTest::fixture("basic");
    let opts = site.options_in_memory();
    let (_, files) = syllabus::build::render(&opts).unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for p in [
        "assets/search.js",
        "assets/search/index.js",
        "assets/search/t0.js",
    ] {
        assert!(paths.contains(&p), "{p} in {paths:?}");
    }
}

/// The search files of the course at `root`, built afresh.
pub fn fresh_files(opts: &BuildOptions) -> BTreeMap<String, Vec<u8>> {
    let p = syllabus::build::prepare(opts, false).unwrap();
    as_map(SearchIndex::new(&p.loaded.curriculum, &p.bodies, &p.config).files())
}

/// The search index of the course `opts` names, kept for updates as `serve` keeps it, and its
/// files.
pub fn kept_index(opts: &BuildOptions) -> (SearchIndex, BTreeMap<String, Vec<u8>>) {
    let p = syllabus::build::prepare(opts, false).unwrap();
    let index = SearchIndex::new(&p.loaded.curriculum, &p.bodies, &p.config);
    let files = as_map(index.files());
    (index, files)
}

pub fn as_map(files: Vec<syllabus::build::output::OutFile>) -> BTreeMap<String, Vec<u8>> {
    files
        .into_iter()
        .map(|f| match f.data {
            syllabus::build::output::OutData::Bytes(b) => (f.path, b),
            syllabus::build::output::OutData::Copy(_) => panic!("search files are made"),
        })
        .collect()
}

#[test]
fn updating_one_lesson_gives_what_a_fresh_build_gives() {
    let site = SiteTest::fixture("basic");
    let opts = site.options_in_memory();
    let (mut index, mut files) = kept_index(&opts);

    let site = site.write(
        "content/02-second/01-gamma.md",
        "---\ntitle: Gamma\nid: stable-gamma\n---\n## Some heading\n\nNow about zeppelins, and no longer about questions.\n",
    );
    let after = syllabus::build::prepare(&opts, false).unwrap();
    let (i, j) = (1, 0);
    assert_eq!(
        after.loaded.curriculum.modules[i].entries[j].url(),
        "second/gamma.html"
    );
    let changed = index
        .update(&after.loaded.curriculum, &after.bodies, &[(i, Some(j))])
        .expect("the same files");
    let changed: Vec<String> = changed
        .into_iter()
        .map(|f| {
            let path = f.path.clone();
            files.extend(as_map(vec![f]));
            path
        })
        .collect();
    assert!(
        changed.contains(&"assets/search/index.js".to_owned()),
        "{changed:?}"
    );
    assert_eq!(files, fresh_files(&opts), "after the update");
    drop(site);
}

/// Issue 19: an update that adds or drops enough words to split or join term chunks (which
/// renumbers them), or makes a block of documents split into parts or join again, still gives
/// a fresh build's files, and `paths` drops the files no longer made.
#[test]
fn updates_that_split_and_join_chunks_give_what_a_fresh_build_gives() {
    let words = |n: usize, prefix: &str| {
        (0..n)
            .map(|k| format!("{prefix}{k}w"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let gamma = |n: usize| {
        format!(
            "---\ntitle: Gamma\nid: stable-gamma\n---\n## Some heading\n\n{}\n",
            words(n, "zq")
        )
    };
    // The second module's page and gamma share a block of documents: with both long, it is
    // split in two parts.
    let mut site = SiteTest::fixture("basic")
        .write(
            "content/02-second/_index.md",
            format!("---\ntitle: Second\n---\n{}\n", words(2000, "yq")),
        )
        .write("content/02-second/01-gamma.md", gamma(10));
    let opts = site.options_in_memory();
    let (mut index, mut files) = kept_index(&opts);
    let mut counts = vec![files.len()];
    for n in [3000, 10] {
        site = site.write("content/02-second/01-gamma.md", gamma(n));
        let after = syllabus::build::prepare(&opts, false).unwrap();
        let changed = index
            .update(&after.loaded.curriculum, &after.bodies, &[(1, Some(0))])
            .expect("gamma is indexed");
        files.extend(as_map(changed));
        let paths = index.paths();
        files.retain(|path, _| paths.contains(path));
        assert_eq!(files, fresh_files(&opts), "with {n} words");
        assert_eq!(
            files.contains_key("assets/search/d1-1.js"),
            n == 3000,
            "{:?}",
            files.keys()
        );
        counts.push(files.len());
    }
    // The chunks and the block did split, and join again.
    assert!(counts[1] > counts[0] && counts[2] < counts[1], "{counts:?}");
}

/// Issue 19: each module's documents have a room of numbers of their own, so a lesson added,
/// moved by a new file name or deleted renumbers only its module's documents: the index is
/// updated in place (the other module's records untouched) and gives a fresh build's files; a
/// module that outgrows its room asks for a new index.
#[test]
fn a_page_added_moved_or_deleted_renumbers_only_its_module() {
    let site = SiteTest::fixture("basic");
    let opts = site.options_in_memory();
    let (mut index, mut files) = kept_index(&opts);
    // The first module (its page, two lessons, a quiz) fills its room of 4; the second (its
    // page and gamma) starts at number 4, in the second block of records.
    let manifest = String::from_utf8(files["assets/search/index.js"].clone()).unwrap();
    assert!(
        manifest.contains("\"n\":6") && manifest.contains("\"r\":8"),
        "{manifest}"
    );

    let lesson = "---\ntitle: Delta\n---\nDelta talks about zeppelins.\n";
    let second = |name: &str| format!("content/02-second/{name}");
    // Each step: delta added before gamma, then renamed after it, and the positions `serve`
    // lists (the entries whose file is not the one that was there).
    let mut site = site.write(&second("00-delta.md"), lesson);
    for (step, positions) in [
        ("added", [(1, Some(0)), (1, Some(1))]),
        ("moved", [(1, Some(0)), (1, Some(1))]),
    ] {
        if step == "moved" {
            site = site
                .remove(&second("00-delta.md"))
                .write(&second("09-delta.md"), lesson);
        }
        let after = syllabus::build::prepare(&opts, false).unwrap();
        let changed = index
            .update(&after.loaded.curriculum, &after.bodies, &positions)
            .unwrap_or_else(|| panic!("{step}: updated in place"));
        let changed: Vec<String> = changed.into_iter().map(|f| f.path.clone()).collect();
        assert!(
            !changed.contains(&"assets/search/d0.js".to_owned()),
            "{step}: the first module's records stay: {changed:?}"
        );
        files.extend(as_map(
            index
                .files()
                .into_iter()
                .filter(|f| changed.contains(&f.path))
                .collect(),
        ));
        let now = index.paths();
        files.retain(|p, _| now.contains(p));
        assert_eq!(files, fresh_files(&opts), "{step}: after the update");
    }
    // Deleted again: gamma alone is left, at the number it had; nothing moved.
    site = site.remove("content/02-second/09-delta.md");
    let after = syllabus::build::prepare(&opts, false).unwrap();
    let changed = index
        .update(&after.loaded.curriculum, &after.bodies, &[])
        .expect("updated in place");
    assert!(
        changed.iter().any(|f| f.path == "assets/search/d1.js"),
        "the second module's records lose delta"
    );
    assert_eq!(as_map(index.files()), fresh_files(&opts), "delta deleted");

    // A lesson more in the first module outgrows its room of 4: the numbers of the second
    // module would move, so the index asks to be made again.
    let _site = site.write("content/01-first/05-epsilon.md", lesson);
    let after = syllabus::build::prepare(&opts, false).unwrap();
    assert!(
        index
            .update(&after.loaded.curriculum, &after.bodies, &[(0, Some(2))])
            .is_none()
    );
    let fresh = fresh_files(&opts);
    let manifest = String::from_utf8(fresh["assets/search/index.js"].clone()).unwrap();
    assert!(
        manifest.contains("\"n\":7") && manifest.contains("\"r\":12"),
        "{manifest}"
    );
}
