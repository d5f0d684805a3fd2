//! The fast path against yaml_serde: where it answers, it answers the same; where it is unsure,
//! it does not answer; and it does answer for the course files Syllabus ships and benchmarks.

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde::Deserialize;
use serde_json::Value;

use super::parse;

/// A lesson's front matter, as the loader reads it.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Front {
    title: String,
    #[serde(default)]
    description: String,
    weight: Option<i64>,
    duration: Option<u32>,
    #[serde(default)]
    objectives: Vec<String>,
    #[serde(default)]
    draft: bool,
    id: Option<String>,
    #[serde(default)]
    items: Vec<Item>,
}

/// A quiz question's shape: nested mappings, an enum, optional booleans.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Item {
    #[serde(rename = "type")]
    kind: Option<Kind>,
    text: Option<String>,
    correct: Option<bool>,
    options: Option<Vec<BTreeMap<String, String>>>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Single,
    Multiple,
}

/// `Err` when the fast path answers differently from yaml_serde; `Ok(answered)` otherwise.
fn agrees(text: &str) -> Result<bool, String> {
    fn same<T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(
        text: &str,
    ) -> Result<bool, String> {
        let Some(fast) = parse::<T>(text) else {
            return Ok(false);
        };
        match yaml_serde::from_str::<T>(text) {
            Ok(full) if full == fast => Ok(true),
            full => Err(format!(
                "{text:?}:\nfast path {fast:?}\nyaml_serde {full:?}"
            )),
        }
    }
    let value = same::<Value>(text)?;
    let front = same::<Front>(text)?;
    Ok(value || front)
}

#[test]
fn the_bundled_lessons_take_the_fast_path() {
    let mut lessons = 0;
    for entry in walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/content")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let split = crate::load::front_matter::split(&text).unwrap().unwrap();
        let yaml = &text[split.yaml.0..split.yaml.1];
        // A role-play nests mappings and block text, which the fast path leaves to yaml_serde
        // (the answer is the same, only slower; a course has a handful of them).
        let fast = !yaml.contains("\nroleplay:");
        assert_eq!(agrees(yaml), Ok(fast), "{}", entry.path().display());
        lessons += 1;
    }
    assert!(lessons > 16, "only {lessons} files read");
}

#[test]
fn the_bench_course_takes_the_fast_path() {
    let front = "title: Lesson 0.0 on question need\ndescription: sale renewal customer\nduration: 7\nobjectives:\n  - question expert habit\n  - need expert expert\nchecklist:\n  - \"Practise item 0: habit colleague\"\n  - \"Practise item 1: colleague solution\"\n";
    let quiz = "title: Check module 0\nquestions:\n  - type: single\n    prompt: Question 0 about renewal?\n    options:\n      - text: Option 0 trust offer offer\n        correct: true\n        feedback: thank support value\n      - text: Option 1 need support sale\n        correct: false\n        feedback: care thank expert\n  - type: single\n    prompt: Question 1?\n    options:\n      - text: Option 0\n        correct: true\n";
    for text in [front, quiz] {
        assert_eq!(same_value(text), Ok(()), "{text}");
    }
    let v: Value = parse(quiz).unwrap();
    assert_eq!(
        v["questions"][0]["options"][0]["correct"],
        Value::Bool(true)
    );
    assert_eq!(v["questions"][1]["prompt"], "Question 1?");
}

/// The fast path answers and agrees with yaml_serde.
fn same_value(text: &str) -> Result<(), String> {
    match parse::<Value>(text) {
        Some(fast) if yaml_serde::from_str::<Value>(text).ok() == Some(fast.clone()) => Ok(()),
        other => Err(format!("fast path {other:?}")),
    }
}

#[test]
fn simple_yaml_reads_as_yaml_serde_reads_it() {
    for text in [
        "title: a\n",
        "title: a b  c  \nweight: 3\ndraft: false\n",
        "title: 'single'\nid: \"double: with # inside\"\n",
        "title: C# and a:b, [x] {y}\n",
        "title: don't\n# a comment\n\n  # another\nweight: 0\n",
        "title: x\r\nobjectives:\r\n- one\r\n- two\r\n",
        "a:\n  b:\n    - c\n    -   d: e\n        f: g\n    - h\n  i: j\n",
        "title: é café 日本\n",
        "n1: 123456789012345678\n",
    ] {
        assert_eq!(same_value(text), Ok(()), "{text:?}");
    }
}

#[test]
fn anything_else_is_left_to_yaml_serde() {
    for text in [
        // Typed by YAML as something else than a plain string or a small integer.
        "title: yes\n",
        "title: True\n",
        "title: ~\n",
        "title: null\n",
        "title: 007\n",
        "title: 1.5\n",
        "title: .inf\n",
        "title: +1\n",
        "title: -1\n",
        "title: 1234567890123456789\n",
        "title: 12 angry men\n",
        // Structure the fast path does not read.
        "title: a # comment\n",
        "title: [a, b]\n",
        "title: {a: b}\n",
        "title: |\n  block\n",
        "title: >\n  folded\n",
        "title: &a x\nid: *a\n",
        "title: !tag x\n",
        "title: \"esc\\\"aped\"\n",
        "title: 'it''s'\n",
        "title: \"tab\\there\"\n",
        "title: a\n  continued\n",
        "title: a: b\n",
        "title:\n",
        "title: a\ntitle: b\n",
        "  title: indented\n",
        "title: a\n---\n",
        "title: tab\there\n",
        "title: lone\rcr\n",
        "title: line\u{2028}break\n",
        "objectives:\n  -\n  - a\n",
        "objectives:\n  - - a\n",
        "objectives:\n- a\n  - b\n",
        "a:\n  - b\n c: d\n",
        "true: x\n",
        "key with space: x\n",
        "{}",
        "",
    ] {
        assert!(parse::<Value>(text).is_none(), "{text:?}");
    }
}

#[test]
fn keys_past_yamls_1024_characters_are_left_to_yaml_serde() {
    // Found by the `yaml` fuzz target: the fast path read a 1,030-character key that YAML
    // (and yaml_serde) refuse as an implicit key.
    for len in [999, 1000, 1001, 1021, 1022, 1023, 1024, 1030] {
        let key = "k".repeat(len);
        for text in [
            format!("{key}: x\n"),
            format!("questions:\n  - type: single\n    {key}: x\n"),
        ] {
            agrees(&text).unwrap();
        }
    }
    assert!(parse::<Value>(&format!("{}: x\n", "k".repeat(1001))).is_none());
}

#[test]
fn a_type_that_does_not_fit_is_left_to_yaml_serde() {
    // yaml_serde gives the error (or, for a string field, reads `7` as "7").
    assert!(parse::<Front>("title: 7\n").is_none());
    assert!(parse::<Front>("title: a\nduration: soon\n").is_none());
    assert!(parse::<Front>("title: a\nduration: \"7\"\n").is_none());
    assert!(parse::<Front>("title: a\ndraft: \"true\"\n").is_none());
    assert!(parse::<Front>("title: a\nduration: 99999999999\n").is_none());
    assert!(parse::<Front>("title: a\nunknown: b\n").is_none());
    assert!(parse::<Front>("description: a\n").is_none());
    assert!(parse::<Front>("title: a\nitems:\n  - type: neither\n").is_none());
}

/// Scalars: plain, quoted, typed, and ones YAML reads more into.
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z][a-z ]{0,12}",
        "[0-9]{1,3}",
        proptest::sample::select(vec![
            "true",
            "false",
            "True",
            "yes",
            "No",
            "null",
            "~",
            "007",
            "-5",
            "+5",
            ".5",
            "1.5",
            "1e3",
            "0x1F",
            "a: b",
            "a #b",
            "C#",
            "don't",
            "\"q\"",
            "'q'",
            "\"a\\\"b\"",
            "\"a\\tb\"",
            "'it''s'",
            "é café",
            "[a, b]",
            "{a: 1}",
            "&x y",
            "*x",
            "!t y",
            "|",
            ">",
            "%x",
            "@x",
            "`x",
            "x:",
            "k:v",
            "a [b] {c}",
            "- x",
            "18446744073709551616",
            "123456789012345678",
            "\u{2028}",
            "a\tb",
            "single",
            "multiple",
            "nan",
            "inf",
            ".NaN",
            "",
            " ",
            "#",
        ])
        .prop_map(str::to_owned),
    ]
}

fn key() -> impl Strategy<Value = String> {
    proptest::sample::select(vec![
        "title",
        "weight",
        "duration",
        "id",
        "draft",
        "objectives",
        "items",
        "type",
        "text",
        "correct",
        "options",
        "a",
        "b-c",
        "_x",
        "true",
        "y",
        "Title",
        "key with space",
        "1",
        "<<",
    ])
    .prop_map(str::to_owned)
}

/// A YAML tree, rendered below.
#[derive(Debug, Clone)]
enum Tree {
    Scalar(String),
    Seq(Vec<Tree>),
    Map(Vec<(String, Tree)>),
}

fn tree() -> impl Strategy<Value = Tree> {
    scalar()
        .prop_map(Tree::Scalar)
        .prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 1..4).prop_map(Tree::Seq),
                proptest::collection::vec((key(), inner), 1..4).prop_map(Tree::Map),
            ]
        })
}

/// How a tree is written: its indentation step, whether sequences under a key sit at the key's
/// own column, and the line ending.
#[derive(Debug, Clone, Copy)]
struct Style {
    step: usize,
    flush_seqs: bool,
    crlf: bool,
}

fn render(tree: &Tree, style: Style) -> String {
    let mut out = String::new();
    match tree {
        Tree::Scalar(s) => out.push_str(s),
        _ => block(tree, 0, style, &mut out),
    }
    out
}

fn block(tree: &Tree, indent: usize, style: Style, out: &mut String) {
    let nl = if style.crlf { "\r\n" } else { "\n" };
    let pad = " ".repeat(indent);
    match tree {
        Tree::Scalar(s) => {
            out.push_str(&pad);
            out.push_str(s);
            out.push_str(nl);
        }
        Tree::Seq(items) => {
            for item in items {
                match item {
                    Tree::Scalar(s) => out.push_str(&format!("{pad}- {s}{nl}")),
                    Tree::Map(_) => {
                        // `- key: value`, the rest of the mapping under the first key.
                        let mut inner = String::new();
                        block(item, indent + 2, style, &mut inner);
                        out.push_str(&format!("{pad}- {}", &inner[indent + 2..]));
                    }
                    Tree::Seq(_) => {
                        out.push_str(&format!("{pad}-{nl}"));
                        block(item, indent + style.step, style, out);
                    }
                }
            }
        }
        Tree::Map(entries) => {
            for (k, v) in entries {
                match v {
                    Tree::Scalar(s) => out.push_str(&format!("{pad}{k}: {s}{nl}")),
                    Tree::Seq(_) if style.flush_seqs => {
                        out.push_str(&format!("{pad}{k}:{nl}"));
                        block(v, indent, style, out);
                    }
                    _ => {
                        out.push_str(&format!("{pad}{k}:{nl}"));
                        block(v, indent + style.step, style, out);
                    }
                }
            }
        }
    }
}

/// Lines of every kind at any indentation, mostly not YAML the fast path reads.
fn line_soup() -> impl Strategy<Value = String> {
    let line = (0usize..5, key(), scalar(), 0..7u8).prop_map(|(indent, k, s, form)| {
        let body = match form {
            0 => format!("{k}: {s}"),
            1 => format!("{k}:"),
            2 => format!("- {s}"),
            3 => format!("- {k}: {s}"),
            4 => "# note".to_owned(),
            5 => String::new(),
            _ => "-".to_owned(),
        };
        format!("{}{body}", " ".repeat(indent))
    });
    proptest::collection::vec(line, 1..10).prop_map(|lines| lines.join("\n") + "\n")
}

proptest! {
    #[test]
    fn trees_read_as_yaml_serde_reads_them(
        t in tree(), step in 1usize..4, flush_seqs: bool, crlf: bool,
    ) {
        let text = render(&t, Style { step, flush_seqs, crlf });
        prop_assert!(agrees(&text).is_ok(), "{}", agrees(&text).unwrap_err());
    }

    #[test]
    fn any_lines_read_as_yaml_serde_reads_them(text in line_soup()) {
        prop_assert!(agrees(&text).is_ok(), "{}", agrees(&text).unwrap_err());
    }
}

/// The property above is not empty: many generated trees do take the fast path.
#[test]
fn many_generated_trees_take_the_fast_path() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = tree();
    let mut answered = 0;
    for _ in 0..500 {
        let t = strategy.new_tree(&mut runner).unwrap().current();
        let style = Style {
            step: 2,
            flush_seqs: false,
            crlf: false,
        };
        if agrees(&render(&t, style)).unwrap() {
            answered += 1;
        }
    }
    assert!(answered > 50, "only {answered} of 500 answered");
}

#[test]
fn deep_blocks_are_left_to_yaml_serde_without_deep_recursion() {
    // site.toml may allow indentation up to 10,000 spaces: a block per space must neither
    // overflow the stack here nor be read, so that yaml_serde reports its own depth limit.
    let deep: String = (0..10_000)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect();
    let deep = deep + &" ".repeat(10_000) + "k: v\n";
    assert!(parse::<Value>(&deep).is_none());
    let shallow: String = (0..super::MAX_DEPTH - 1)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect::<String>()
        + &" ".repeat(super::MAX_DEPTH - 1)
        + "k: v\n";
    assert_eq!(same_value(&shallow), Ok(()));
}
