//! The fuzz targets' invariants, on stable and in CI: each one runs over its committed fuzz
//! corpus (`fuzz/corpus/<target>/`, seeds plus what the fuzzer minimised) and over proptest
//! inputs built to hit the same traps (BOMs, CRLF, `---` in bodies, raw HTML, script URLs, names
//! that slug to nothing). The invariants themselves live in `fuzz/src/invariants.rs`, one copy
//! for both. The front-matter round trip, the N-blank-lines shift and the `inside` property also
//! have focused proptests beside their code (`src/load/front_matter.rs`, `src/build/output.rs`).

#[path = "../../fuzz/src/invariants.rs"]
#[allow(
    dead_code,
    reason = "shared with the fuzz crate, which uses every item"
)]
pub(crate) mod invariants;

use std::path::Path;
use std::time::Duration;

use proptest::prelude::*;

use crate::harness::SiteTest;

/// Runs `check` over every file of the committed corpus of fuzz target `target`.
fn corpus(target: &str, check: fn(&[u8]) -> invariants::Check) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a readable corpus folder").path();
        let data = std::fs::read(&path).expect("a readable corpus file");
        if let Err(broken) = check(&data) {
            panic!("{}: {broken}", path.display());
        }
        n += 1;
    }
    assert!(n >= 5, "{}: only {n} corpus files", dir.display());
}

#[test]
fn front_matter_corpus() {
    corpus("front_matter", invariants::front_matter);
}

#[test]
fn quiz_corpus() {
    corpus("quiz", invariants::quiz);
}

#[test]
fn yaml_corpus() {
    corpus("yaml", invariants::yaml);
}

#[test]
fn markdown_corpus() {
    corpus("markdown", invariants::markdown);
}

#[test]
fn paths_corpus() {
    corpus("paths", invariants::paths);
}

#[test]
fn json_script_corpus() {
    corpus("json_script", invariants::json_script);
}

#[test]
fn svg_corpus() {
    corpus("svg", invariants::svg);
}

#[test]
fn export_corpus() {
    corpus("export", invariants::export);
}

#[test]
fn resume_data_corpus() {
    corpus("resume_data", invariants::resume_data);
}

#[test]
fn scenario_corpus() {
    corpus("scenario", invariants::scenario);
}

#[test]
fn time_per_byte_corpus() {
    // Patterns repeated 200 and 800 times, and to at least 8 and 32 KB: small enough for a debug
    // build in CI, large enough that quadratic work (16 times longer) stands out from linear
    // (4 times). 32 KB of unclosed `<div>` took 1.5 s to clean in a debug build (issue 22).
    corpus("time_per_byte", |d| {
        invariants::time_per_byte(d, 200, 8_000, 12, Duration::from_millis(150))
    });
}

/// Lines that make front matter interesting: fences, near-fences, CRs, YAML mistakes.
fn fm_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---".to_owned()),
        Just("--- ".to_owned()),
        Just("...".to_owned()),
        Just("---\r".to_owned()),
        Just("--- Title ---".to_owned()),
        Just("title: A".to_owned()),
        Just("title: [".to_owned()),
        Just("duration: soon".to_owned()),
        Just("tittle: x".to_owned()),
        Just("title: a\ttitle: b".to_owned()),
        Just("".to_owned()),
        "[a-z:\\-\\[\\]{}'\" #é\t]{0,12}",
    ]
}

fn lines_text(lines: Vec<String>, crlf: bool, bom: bool) -> String {
    let nl = if crlf { "\r\n" } else { "\n" };
    format!("{}{}", if bom { "\u{feff}" } else { "" }, lines.join(nl))
}

/// Markdown pieces that reach the sanitiser and the link checks.
fn md_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<script>alert(1)</script>".to_owned()),
        Just("<img src=x onerror=alert(1)>".to_owned()),
        Just("<a href=\"jav&#x09;ascript:alert(1)\">x</a>".to_owned()),
        Just("[x](javascript:alert(1))".to_owned()),
        Just("[x](<JaVaScRiPt:alert(1)>)".to_owned()),
        Just("[x](&#106;avascript:alert(1))".to_owned()),
        Just("![i](data:text/html,x)".to_owned()),
        Just("<svg onload=alert(1)>".to_owned()),
        Just("<style>body{}</style>".to_owned()),
        Just("<!-- c -->".to_owned()),
        Just("<div style=\"background:url(javascript:x)\">".to_owned()),
        Just("- [ ] task".to_owned()),
        Just("# Head {#id onclick=x}".to_owned()),
        Just("| a | b |\n|:-|-:|\n| c | d |".to_owned()),
        Just("[^1]\n\n[^1]: note".to_owned()),
        Just("> [!NOTE]\n> x".to_owned()),
        Just("[l](../01-m/01-l.md#h)".to_owned()),
        Just("[a](a%20b.png)".to_owned()),
        // What the search text is read from (events against HTML, `invariants::same_text`).
        Just("*em* **strong** ~~gone~~ `co<de>`".to_owned()),
        Just("```rust\nlet a = 1;\n\n  b\n```".to_owned()),
        Just("    indented code".to_owned()),
        Just("![alt *text* `c`](i.png \"t\") after".to_owned()),
        Just("line  \nbreak\\\nagain".to_owned()),
        Just("---".to_owned()),
        Just("&amp; &copy; &#42; &#x1F600; &bogus; AT&T <3".to_owned()),
        Just("\"Quotes\" -- 'and' ... dashes---".to_owned()),
        Just("## A *b* `c` [d](e.md)".to_owned()),
        Just("1. one\n   - nested\n2. two".to_owned()),
        Just("[t](http://x \"title\")".to_owned()),
        Just("café ﬁ Ǆ 😀 \u{2028} \u{a0}x\ty\r\nz".to_owned()),
        Just("Setext\n===".to_owned()),
        "[a-z<>/=\"' &#:;()\\[\\]!\\-*`]{0,20}",
    ]
}

/// SVG pieces around the checker's edges: handlers in other namespaces and cases, scripts by
/// prefix, links spelt with entities and spaces, DOCTYPEs, processing instructions, CSS.
fn svg_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<rect width=\"1\" height=\"1\"/>".to_owned()),
        Just("<g onload=\"x()\"/>".to_owned()),
        Just("<g xlink:onclick=\"x()\"/>".to_owned()),
        Just("<g ONLOAD=\"x()\"/>".to_owned()),
        Just("<s:script xmlns:s=\"http://www.w3.org/2000/svg\">x</s:script>".to_owned()),
        Just("<a href=\"&#106;avascript:x\">a</a>".to_owned()),
        Just("<a xlink:href=\" java\tscript:x\">a</a>".to_owned()),
        Just("<use href=\"#a\"/>".to_owned()),
        Just("<use href=\"//e.example/a.svg#b\"/>".to_owned()),
        Just("<image href=\"data:image/png;base64,AA==\"/>".to_owned()),
        Just("<image href=\"data:text/html,x\"/>".to_owned()),
        Just("<animate attributeName=\"href\" to=\"javascript:x\"/>".to_owned()),
        Just("<foreignObject/>".to_owned()),
        Just("<h:b xmlns:h=\"http://www.w3.org/1999/xhtml\"/>".to_owned()),
        Just("<style>rect{fill:url(#g)}</style>".to_owned()),
        Just("<style>@import 'x.css';</style>".to_owned()),
        Just("<rect style=\"fill:url(https://e.example/)\"/>".to_owned()),
        Just("<!-- c -->".to_owned()),
        Just("<![CDATA[<x>]]>".to_owned()),
        Just("&amp;&#60;&bogus;".to_owned()),
        Just("<?pi x?>".to_owned()),
        "[a-z<>/=\"' &#:;()!\\-]{0,16}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn accepted_svgs_hold_nothing_that_runs(
        prolog in prop_oneof![Just(""), Just("<?xml version=\"1.0\"?>\n"), Just("<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"svg11.dtd\">\n"), Just("<!DOCTYPE svg [<!ENTITY e \"x\">]>\n"), Just("<?xml-stylesheet href=\"a.xsl\"?>\n")],
        pieces in proptest::collection::vec(svg_piece(), 0..6),
    ) {
        let text = format!(
            "{prolog}<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">{}</svg>",
            pieces.concat()
        );
        prop_assert_eq!(invariants::svg(text.as_bytes()), Ok(()), "{:?}", text);
    }

    #[test]
    fn front_matter_holds(lines in proptest::collection::vec(fm_line(), 0..8), crlf: bool, bom: bool) {
        let text = lines_text(lines, crlf, bom);
        prop_assert_eq!(invariants::front_matter(text.as_bytes()), Ok(()), "{:?}", text);
    }

    #[test]
    fn markdown_stays_safe(pieces in proptest::collection::vec(md_piece(), 0..6), sep in prop_oneof![Just(""), Just(" "), Just("\n"), Just("\n\n")]) {
        let text = pieces.join(sep);
        prop_assert_eq!(invariants::markdown(text.as_bytes()), Ok(()), "{:?}", text);
    }

    #[test]
    fn quizzes_that_pass_can_be_graded(
        kinds in proptest::collection::vec(prop_oneof![Just("single"), Just("multiple"), Just("true_false"), Just("essay")], 0..4),
        corrects in proptest::collection::vec(proptest::option::of(any::<bool>()), 0..4),
        answer in proptest::option::of(any::<bool>()),
        id in proptest::option::of("[a-z./\\- ]{0,8}"),
        dup: bool,
    ) {
        let mut q = String::from("title: Q\n");
        if let Some(id) = &id {
            q.push_str(&format!("id: \"{id}\"\n"));
        }
        q.push_str("questions:\n");
        for (n, kind) in kinds.iter().enumerate() {
            let qid = if dup { "same".to_owned() } else { format!("q{n}") };
            q.push_str(&format!("  - id: {qid}\n    type: {kind}\n    prompt: P{n}\n"));
            if *kind == "true_false" {
                if let Some(a) = answer {
                    q.push_str(&format!("    answer: {a}\n"));
                }
            } else {
                q.push_str("    options:\n");
                for (k, c) in corrects.iter().enumerate() {
                    q.push_str(&format!("      - text: o{k}\n"));
                    if let Some(c) = c {
                        q.push_str(&format!("        correct: {c}\n"));
                    }
                }
            }
        }
        prop_assert_eq!(invariants::quiz(q.as_bytes()), Ok(()), "{}", q);
    }

    /// Random graphs of up to six nodes, each with an ending or replies to random (sometimes
    /// unknown) nodes, with odd points and ids: refused with errors that point into the file,
    /// or accepted as a playable graph that reads back the same when written again.
    #[test]
    fn scenarios_are_refused_with_places_or_playable_and_round_trip(
        nodes in proptest::collection::vec(
            (
                proptest::option::of(prop_oneof![Just("good"), Just("ok"), Just("poor"), Just("great")]),
                proptest::collection::vec((0usize..8, proptest::option::of(prop_oneof![Just("2"), Just("-1.5"), Just("x"), Just("~"), Just("1e400")])), 0..3),
                "(\\PC|\\*|<b>|\\[l\\]\\(x\\)){0,8}",
            ),
            0..6,
        ),
        start in proptest::option::of(0usize..8),
        id in proptest::option::of("[a-z./\\- ]{0,8}"),
        crlf: bool,
    ) {
        let name = |i: usize| format!("n{i}");
        let mut y = String::from("title: S\n");
        if let Some(id) = &id {
            y.push_str(&format!("id: \"{id}\"\n"));
        }
        if let Some(s) = start {
            y.push_str(&format!("start: {}\n", name(s)));
        }
        y.push_str("nodes:\n");
        for (i, (ending, replies, text)) in nodes.iter().enumerate() {
            let text = text.replace('\\', "\\\\").replace('"', "\\\"");
            y.push_str(&format!("  {}:\n    speaker: Customer\n    text: \"{text}\"\n", name(i)));
            if let Some(e) = ending {
                y.push_str(&format!("    ending: {e}\n"));
            }
            if !replies.is_empty() || ending.is_none() {
                y.push_str("    choices:\n");
            }
            for (k, (next, points)) in replies.iter().enumerate() {
                y.push_str(&format!("      - text: r{k}\n        next: {}\n        feedback: f\n", name(*next)));
                if let Some(p) = points {
                    y.push_str(&format!("        points: {p}\n"));
                }
            }
        }
        if crlf {
            y = y.replace('\n', "\r\n");
        }
        prop_assert_eq!(invariants::scenario(y.as_bytes()), Ok(()), "{}", y);
    }

    #[test]
    fn names_and_paths_stay_inside_the_root(
        module in "[0-9]{0,2}[-_. ]?(\\PC{0,6}|[!?*.~ ]{1,4}|\\.\\.)",
        file in "[0-9]{0,2}[-_. ]?(\\PC{0,6}|[!?*.~ ]{1,4}|\\.\\.)(\\.md|\\.quiz\\.yaml)?",
        id in "[a-z./\\\\ ]{0,10}",
        rel in "[a-z./\\\\\u{0}]{0,12}",
    ) {
        let input = format!("{module}\n{file}\n{id}\n{rel}");
        prop_assert_eq!(invariants::paths(input.as_bytes()), Ok(()), "{:?}", input);
    }

    #[test]
    fn script_json_round_trips(strings in proptest::collection::vec("(\\PC|</|<!--|\u{2028}|\u{2029}|&|>){0,12}", 0..4)) {
        let data = strings.join("\0");
        prop_assert_eq!(invariants::json_script(data.as_bytes()), Ok(()), "{:?}", data);
    }
}

/// A page or module folder whose name has no letters or digits is refused with its path, not
/// written as the hidden file `first/.html` (found by the `paths` fuzz target's invariant).
#[test]
fn names_without_letters_are_refused() {
    let site = SiteTest::fixture("basic")
        .write(
            "content/01-first/05-!!!.md",
            "---\ntitle: Bangs\n---\nbody\n",
        )
        .write(
            "content/---/_index.md",
            "---\ntitle: Dashes\ndescription: d\n---\n",
        );
    let errors = site.errors();
    assert!(
        errors
            .contains("05-!!!.md: error: `05-!!!.md` has no letters or digits to make a URL from"),
        "{errors}"
    );
    assert!(
        errors.contains("---: error: `---` has no letters or digits"),
        "{errors}"
    );
    assert!(!site.out().join("first/.html").exists());
}

/// Any JSON value, small and nested, with the strings progress values use.
pub(crate) fn any_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::{Value, json};
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>().prop_map(|n| json!(n)),
        (-3i64..300).prop_map(|n| json!(n)),
        "(\\PC|\u{feff}|\u{85}| ){0,8}".prop_map(Value::String),
        prop_oneof![
            Just("quiz:q"),
            Just("lesson:a"),
            Just("check:a#b"),
            Just("__proto__"),
            Just("s"),
            Just("2026-12-05T01:07:44.000Z"),
            Just("0123456789abcdef"),
        ]
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let key = prop_oneof![
            Just("version".to_owned()),
            Just("site".to_owned()),
            Just("units".to_owned()),
            Just("learner".to_owned()),
            Just("name".to_owned()),
            Just("answers".to_owned()),
            Just("rev".to_owned()),
            Just("quiz:q".to_owned()),
            Just("__proto__".to_owned()),
            "\\PC{0,4}",
        ];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(key, inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A value shaped like stored progress (version 1 or 2, this course), its parts random.
pub(crate) fn progress_like() -> impl Strategy<Value = serde_json::Value> {
    let record = (
        any_json(),
        any_json(),
        any_json(),
        any_json(),
        any_json(),
        any_json(),
    );
    let units = proptest::collection::btree_map(
        prop_oneof![
            Just("quiz:q"),
            Just("quiz:r"),
            Just("lesson:a"),
            Just("check:a#b"),
            Just("x")
        ],
        record,
        0..4,
    );
    (
        prop_oneof![Just(1), Just(2)],
        any_json(),
        any_json(),
        any_json(),
        units,
    )
        .prop_map(|(version, learner, exported_at, build, units)| {
            let units: serde_json::Map<String, serde_json::Value> = units
                .into_iter()
                .map(|(k, (done, at, best, attempts, answers, rev))| {
                    let r = serde_json::json!({ "done": done, "at": at, "best": best,
                        "attempts": attempts, "answers": answers, "rev": rev });
                    (k.to_owned(), r)
                })
                .collect();
            serde_json::json!({ "version": version, "site": "s", "learner": learner,
                "exported_at": exported_at, "build": build, "units": units })
        })
}

// These hold `schema::clean` to its promises on random JSON; `report.rs` runs the same values
// through the report's input (`report::inputs`), a file at a time.
proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn cleaning_any_json_never_panics_and_a_cleaned_value_reads_back_the_same(
        value in prop_oneof![any_json(), progress_like()]
    ) {
        use syllabus::progress::schema;
        if let Ok(cleaned) = schema::clean(value, "s") {
            let again = schema::clean(serde_json::to_value(&cleaned.stored).unwrap(), "s");
            let again = again.expect("a cleaned value is usable");
            prop_assert_eq!(&again.stored, &cleaned.stored);
            prop_assert_eq!((again.kept, again.lost), (cleaned.kept, 0));
            prop_assert!(again.stored.learner.name.chars().count() <= schema::NAME_MAX);
            prop_assert_eq!(schema::clean_name(&again.stored.learner.name), again.stored.learner.name.clone());
        }
    }
}
