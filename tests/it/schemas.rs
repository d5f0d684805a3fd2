//! `syllabus schema` (issue 21): the JSON Schemas authors' editors use agree with the parser, as
//! judged by a real validator (Ajv, draft 2020-12, strict; tests/it/schema_judge.mjs): every file
//! that builds validates, and what `check` rejects as a wrong key or type the schema rejects too.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::harness::SiteTest;

const KINDS: [&str; 6] = ["lesson", "quiz", "scenario", "site", "module", "home"];

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `syllabus schema KIND`, parsed.
fn schema(kind: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_syllabus"))
        .args(["schema", kind])
        .output()
        .expect("run syllabus schema");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("a schema is JSON")
}

/// One file to judge: a name for messages, its kind and its data as JSON.
struct Instance {
    name: String,
    kind: &'static str,
    data: Value,
}

/// What Ajv says of each instance, by name: `Ok(())` or its errors.
fn judge(instances: &[Instance]) -> BTreeMap<String, Result<(), Vec<String>>> {
    let schemas: serde_json::Map<String, Value> =
        KINDS.iter().map(|k| (k.to_string(), schema(k))).collect();
    let job = json!({
        "schemas": schemas,
        "instances": instances
            .iter()
            .map(|i| json!({"name": i.name, "kind": i.kind, "data": i.data}))
            .collect::<Vec<_>>(),
    });
    let mut child = Command::new("node")
        .arg(repo().join("tests/it/schema_judge.mjs"))
        .current_dir(repo())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs the schema judge (scripts/test installs Node.js and Ajv)");
    serde_json::to_writer(child.stdin.take().unwrap(), &job).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the schema judge failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(results.len(), instances.len());
    results
        .into_iter()
        .map(|r| {
            let name = r["name"].as_str().unwrap().to_owned();
            let verdict = if r["valid"].as_bool().unwrap() {
                Ok(())
            } else {
                Err(r["errors"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e.as_str().unwrap().to_owned())
                    .collect())
            };
            (name, verdict)
        })
        .collect()
}

/// A file of a course as the schema judge sees it; `None` for files with no schema (assets).
fn instance(root: &Path, path: &Path) -> Option<Instance> {
    let rel = path
        .strip_prefix(root)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    let name = path.file_name()?.to_str()?;
    let text = std::fs::read_to_string(path).ok()?;
    let text = text.trim_start_matches('\u{feff}');
    let yaml = |yaml: &str| -> Value {
        // An empty YAML document is no keys at all.
        yaml_serde::from_str::<Option<Value>>(yaml)
            .unwrap_or_else(|e| panic!("{rel}: {e}"))
            .unwrap_or_else(|| json!({}))
    };
    let (kind, data) = if rel == "site.toml" {
        let value: toml::Value = toml::from_str(text).unwrap_or_else(|e| panic!("{rel}: {e}"));
        ("site", serde_json::to_value(value).unwrap())
    } else if name.ends_with(".quiz.yaml") {
        ("quiz", yaml(text))
    } else if name.ends_with(".scenario.yaml") {
        ("scenario", yaml(text))
    } else if name.ends_with(".md") {
        let kind = match (rel.as_str(), name) {
            ("content/_index.md", _) => "home",
            (_, "_index.md") => "module",
            _ => "lesson",
        };
        let front = match syllabus::load::front_matter::split(text).unwrap() {
            Some(split) => yaml(&text[split.yaml.0..split.yaml.1]),
            None => json!({}),
        };
        (kind, front)
    } else {
        return None;
    };
    Some(Instance {
        name: rel,
        kind,
        data,
    })
}

/// Every file of the course at `root` that has a schema, named `<label>/<path>`.
fn course_instances(label: &str, root: &Path) -> Vec<Instance> {
    let mut files = vec![root.join("site.toml")];
    files.extend(
        walkdir::WalkDir::new(root.join("content"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path()),
    );
    files
        .iter()
        .filter_map(|f| instance(root, f))
        .map(|mut i| {
            i.name = format!("{label}/{}", i.name);
            i
        })
        .collect()
}

#[test]
fn every_bundled_fixture_and_starter_file_that_builds_matches_its_schema() {
    let mut courses: Vec<(String, PathBuf)> = vec![("bundled".into(), repo().to_path_buf())];
    for fixture in ["basic", "github", "lms", "scenarios", "latin"] {
        let site = SiteTest::fixture(fixture);
        site.build();
        courses.push((fixture.into(), repo().join("tests/fixtures").join(fixture)));
    }
    let starter = tempfile::tempdir().unwrap();
    let starter_root = starter.path().join("course");
    let init = SiteTest::fixture("basic").run(&["init", starter_root.to_str().unwrap()]);
    assert!(init.status.success());
    courses.push(("init".into(), starter_root));

    let instances: Vec<Instance> = courses
        .iter()
        .flat_map(|(label, root)| course_instances(label, root))
        .collect();
    for kind in KINDS {
        assert!(
            instances.iter().any(|i| i.kind == kind),
            "no file of kind {kind} was judged"
        );
    }
    let failed: Vec<String> = judge(&instances)
        .into_iter()
        .filter_map(|(name, v)| v.err().map(|e| format!("{name}: {}", e.join("; "))))
        .collect();
    assert!(
        failed.is_empty(),
        "files that build but fail their schema:\n{}",
        failed.join("\n")
    );
}

/// Files `check` rejects for a wrong key or type: (file in the `basic` fixture, its text).
const REJECTED: &[(&str, &str)] = &[
    ("site.toml", "title = \"T\"\nid = \"t\"\ntitel = \"x\"\n"),
    (
        "site.toml",
        "title = \"T\"\nid = \"t\"\nallow_raw_html = \"yes\"\n",
    ),
    (
        "site.toml",
        "title = \"T\"\nid = \"t\"\nbroken_links = \"ignore\"\n",
    ),
    (
        "site.toml",
        "title = \"T\"\nid = \"t\"\n[quiz]\npass_mark = 120\n",
    ),
    (
        "site.toml",
        "title = \"T\"\nid = \"t\"\n[quiz]\nguessable = \"never\"\n",
    ),
    (
        "site.toml",
        "title = \"T\"\nid = \"t\"\n[limits]\nmax_file_bytes = -1\n",
    ),
    (
        "site.toml",
        "title = \"T\"\nid = \"t\"\nignore = \"*.bak\"\n",
    ),
    (
        "site.toml",
        "title = \"T\"\nid = \"t\"\n[strings]\nmodul = \"Unit\"\n",
    ),
    (
        "site.toml",
        "title = \"T\"\nid = \"t\"\n[strings]\nmodule = { one = \"Unit\" }\n",
    ),
    ("content/_index.md", "---\ndescription: no title\n---\nHi\n"),
    (
        "content/01-first/_index.md",
        "---\ntitle: M\nweigth: 3\n---\n",
    ),
    (
        "content/01-first/02-beta.md",
        "---\ntitle: B\ndurration: 5\n---\nBody\n",
    ),
    (
        "content/01-first/02-beta.md",
        "---\ntitle: B\nduration: soon\n---\nBody\n",
    ),
    (
        "content/01-first/02-beta.md",
        "---\ntitle: B\nduration: -5\n---\nBody\n",
    ),
    (
        "content/01-first/02-beta.md",
        "---\ntitle: B\nweight: 1.5\n---\nBody\n",
    ),
    (
        "content/01-first/02-beta.md",
        "---\ntitle: B\ndraft: maybe\n---\nBody\n",
    ),
    (
        "content/01-first/02-beta.md",
        "---\ntitle: B\nobjectives: {a: b}\n---\nBody\n",
    ),
    (
        "content/01-first/02-beta.md",
        "---\ntitle: B\nchecklist:\n  - id: x\n---\nBody\n",
    ),
    (
        "content/01-first/02-beta.md",
        "---\ntitle: B\nchecklist:\n  - Ask: why?\n---\nBody\n",
    ),
    (
        "content/01-first/02-beta.md",
        "---\ntitle: B\nroleplay:\n  situation: S\n  roles:\n    - {name: A, brief: a}\n  rubric: [x]\n---\nBody\n",
    ),
    (
        "content/01-first/02-beta.md",
        "---\ntitle: B\nroleplay:\n  situation: S\n  roles:\n    - {name: A, brief: a}\n    - {name: B, brief: b}\n---\nBody\n",
    ),
    (
        "content/01-first/02-beta.md",
        "---\ntitle: B\nroleplay:\n  situation: S\n  roles:\n    - {name: A, briefing: a}\n    - {name: B, brief: b}\n  rubric: [x]\n---\nBody\n",
    ),
    ("content/01-first/09-check.quiz.yaml", "title: Q\n"),
    (
        "content/01-first/09-check.quiz.yaml",
        "title: Q\nquestions: []\n",
    ),
    (
        "content/01-first/09-check.quiz.yaml",
        "title: Q\nshufle: true\nquestions:\n  - type: true_false\n    prompt: P\n    answer: true\n",
    ),
    (
        "content/01-first/09-check.quiz.yaml",
        "title: Q\npass_mark: 120\nquestions:\n  - type: true_false\n    prompt: P\n    answer: true\n",
    ),
    (
        "content/01-first/09-check.quiz.yaml",
        "title: Q\ndraw: 0\nquestions:\n  - type: true_false\n    prompt: P\n    answer: true\n",
    ),
    (
        "content/01-first/09-check.quiz.yaml",
        "title: Q\nquestions:\n  - type: singel\n    prompt: P\n    options:\n      - {text: a, correct: true}\n",
    ),
    (
        "content/01-first/09-check.quiz.yaml",
        "title: Q\nquestions:\n  - type: true_false\n    prompt: P\n",
    ),
    (
        "content/01-first/09-check.quiz.yaml",
        "title: Q\nquestions:\n  - type: single\n    prompt: P\n",
    ),
    (
        "content/01-first/09-check.quiz.yaml",
        "title: Q\nquestions:\n  - type: single\n    prompt: P\n    options:\n      - {text: a, correct: true, feedback: f}\n      - {text: b, feedback: f}\n",
    ),
    (
        "content/01-first/09-check.quiz.yaml",
        "title: Q\nquestions:\n  - type: single\n    prompt: P\n    options:\n      - {text: a, correct: yes please, feedback: f}\n",
    ),
    (
        "content/01-first/05-talk.scenario.yaml",
        "title: S\nnodes:\n  a:\n    text: Hi\n    ending: great\n",
    ),
    (
        "content/01-first/05-talk.scenario.yaml",
        "title: S\nnodes:\n  a:\n    text: Hi\n    mood: calm\n    ending: good\n",
    ),
    (
        "content/01-first/05-talk.scenario.yaml",
        "title: S\nnodes:\n  a:\n    text: Hi\n    choices: []\n",
    ),
    (
        "content/01-first/05-talk.scenario.yaml",
        "title: S\nnodes: {}\n",
    ),
    (
        "content/01-first/05-talk.scenario.yaml",
        "title: S\nnodes:\n  a:\n    text: Hi\n    choices:\n      - {text: go, nxt: b}\n  b:\n    text: Bye\n    ending: ok\n",
    ),
];

/// The scenario fixtures whose mistake is one of shape (the others are graph mistakes that only
/// `check` can see: a `next` naming no node, a node no path reaches, a loop with no way out).
const REJECTED_SCENARIO_FIXTURES: [&str; 4] = [
    "both.scenario.yaml",
    "neither.scenario.yaml",
    "no-ending-value.scenario.yaml",
    "points.scenario.yaml",
];

#[test]
fn what_check_rejects_as_a_wrong_key_or_type_the_schema_rejects() {
    let mut cases: Vec<(String, String)> = REJECTED
        .iter()
        .map(|(rel, text)| (rel.to_string(), text.to_string()))
        .collect();
    for name in REJECTED_SCENARIO_FIXTURES {
        let text =
            std::fs::read_to_string(repo().join("tests/fixtures/scenario-errors").join(name))
                .unwrap();
        cases.push((format!("content/01-first/{name}"), text));
    }
    let mut instances = Vec::new();
    for (n, (rel, text)) in cases.iter().enumerate() {
        let site = SiteTest::fixture("basic").write(rel, text);
        let errors = site.errors();
        assert!(
            errors.contains("error"),
            "check accepted case {n} ({rel}):\n{text}"
        );
        let mut i = instance(&site.root, &site.root.join(rel)).unwrap();
        i.name = format!("case {n} ({rel}): {}", text.escape_debug());
        instances.push(i);
    }
    let accepted: Vec<String> = judge(&instances)
        .into_iter()
        .filter(|(_, v)| v.is_ok())
        .map(|(name, _)| name)
        .collect();
    assert!(
        accepted.is_empty(),
        "check rejects these but their schema accepts them:\n{}",
        accepted.join("\n")
    );
}

#[test]
fn the_course_s_committed_schemas_are_what_the_parser_gives() {
    for kind in KINDS {
        let file = repo().join("schemas").join(format!("{kind}.schema.json"));
        let committed: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert_eq!(
            committed,
            schema(kind),
            "{} is out of date: run `syllabus schema --write`",
            file.display()
        );
    }
}

#[test]
fn init_attaches_the_schemas_in_the_editor_settings_and_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("course");
    let out = SiteTest::fixture("basic").run(&["init", root.to_str().unwrap()]);
    assert!(out.status.success());
    let settings: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join(".vscode/settings.json")).unwrap())
            .unwrap();
    let yaml = settings["yaml.schemas"].as_object().unwrap();
    for (schema, glob) in [
        ("./schemas/quiz.schema.json", "content/**/*.quiz.yaml"),
        (
            "./schemas/scenario.schema.json",
            "content/**/*.scenario.yaml",
        ),
    ] {
        assert_eq!(yaml[schema], glob);
        assert!(root.join(schema).is_file(), "{schema} was not written");
    }
    let site = std::fs::read_to_string(root.join("site.toml")).unwrap();
    assert!(
        site.starts_with("#:schema ./schemas/site.schema.json\n"),
        "{site}"
    );
    let quiz = std::fs::read_to_string(root.join("content/01-getting-started/09-check.quiz.yaml"))
        .unwrap();
    let modeline = quiz.lines().next().unwrap();
    let target = modeline
        .strip_prefix("# yaml-language-server: $schema=")
        .unwrap();
    // The modeline is relative to the quiz file, as the YAML language server reads it.
    let from_quiz = root.join("content/01-getting-started").join(target);
    assert_eq!(
        std::fs::canonicalize(from_quiz).unwrap(),
        std::fs::canonicalize(root.join("schemas/quiz.schema.json")).unwrap()
    );
    for kind in KINDS {
        let written: Value = serde_json::from_str(
            &std::fs::read_to_string(root.join(format!("schemas/{kind}.schema.json"))).unwrap(),
        )
        .unwrap();
        assert_eq!(written, schema(kind));
    }
}

#[test]
fn every_field_has_a_description_and_every_plain_field_an_example() {
    fn walk(kind: &str, path: &str, value: &Value, missing: &mut Vec<String>) {
        let Some(map) = value.as_object() else { return };
        if let Some(props) = map.get("properties").and_then(Value::as_object) {
            for (key, prop) in props {
                let at = format!("{kind}{path}.{key}");
                if prop.get("description").is_none() {
                    missing.push(format!("{at}: no description"));
                }
                // A field whose value is another definition (a table, a list of objects) is
                // exemplified by that definition's own fields.
                let is_ref = prop.to_string().contains("\"$ref\"");
                if !is_ref && prop.get("examples").is_none() {
                    missing.push(format!("{at}: no example"));
                }
                walk(kind, &format!("{path}.{key}"), prop, missing);
            }
        }
        if let Some(defs) = map.get("$defs").and_then(Value::as_object) {
            for (name, def) in defs {
                walk(kind, &format!("#{name}"), def, missing);
            }
        }
    }
    let mut missing = Vec::new();
    for kind in KINDS {
        walk(kind, "", &schema(kind), &mut missing);
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
