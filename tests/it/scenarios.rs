//! Scenarios (branching conversations, issue 18): the page, its play data, its unit in lists
//! and totals, and each mistake in its graph with its exact file:line:col message.

use crate::harness::SiteTest;

/// The diagnostics of the scenario fixture with its conversation replaced by
/// `tests/fixtures/scenario-errors/<case>.scenario.yaml`.
fn errors_of(case: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/scenario-errors/{case}.scenario.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture");
    SiteTest::fixture("scenarios")
        .write("content/01-call/05-call.scenario.yaml", text)
        .errors()
}

/// The first diagnostic's line and its help, from an error text.
fn first_error(errors: &str) -> (String, String) {
    let first = errors.lines().next().unwrap_or_default().to_owned();
    let help = errors
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("= help: "))
        .unwrap_or_default()
        .to_owned();
    (first, help)
}

const FILE: &str = "[ROOT]/content/01-call/05-call.scenario.yaml";

fn assert_error(case: &str, at: &str, message: &str, help: &str) {
    let errors = errors_of(case);
    assert_eq!(
        first_error(&errors),
        (format!("{FILE}:{at}: error: {message}"), help.to_owned()),
        "{errors}"
    );
    assert!(errors.contains("1 error found"), "{errors}");
}

#[test]
fn a_next_that_names_no_node_points_at_its_value_and_suggests_the_nearest_id() {
    assert_error(
        "unknown-next",
        "8:15",
        "node \"hello\", reply 1: `next: goodbey` names no node",
        "did you mean \"goodbye\"?",
    );
}

#[test]
fn a_start_that_names_no_node_is_an_error() {
    assert_error(
        "unknown-start",
        "2:8",
        "`start: helo` names no node",
        "did you mean \"hello\"?",
    );
}

#[test]
fn a_node_the_start_cannot_reach_is_named() {
    assert_error(
        "unreachable",
        "10:3",
        "node \"orphan\" cannot be reached from the start node \"hello\"",
        "point a reply's `next` at it, or remove it",
    );
}

#[test]
fn a_node_with_both_choices_and_an_ending_is_an_error() {
    assert_error(
        "both",
        "3:3",
        "node \"hello\" has both `choices` and an `ending`",
        "a node offers replies or ends the conversation: keep one",
    );
}

#[test]
fn a_node_with_neither_choices_nor_an_ending_is_an_error() {
    assert_error(
        "neither",
        "10:3",
        "node \"stuck\" has no `choices` and no `ending`",
        "add the learner's replies under `choices:`, or end the conversation with `ending: good`, `ok` or `poor`",
    );
}

#[test]
fn a_loop_with_no_way_to_an_ending_names_a_node_on_it() {
    assert_error(
        "dead-loop",
        "13:3",
        "node \"chat\" is on a loop with no way to an ending: \"chat\" → \"more\" → \"chat\"",
        "give a node on the loop a reply whose `next` leads towards an ending",
    );
}

#[test]
fn points_that_are_not_a_number_are_an_error_at_their_value() {
    assert_error(
        "points",
        "10:17",
        "node \"hello\", reply 1: `points` must be a number, not \"lots\"",
        "write a number such as `points: 2` or `points: -1`, or leave `points` out",
    );
}

#[test]
fn a_scenario_id_must_be_usable_as_a_progress_key() {
    assert_error(
        "bad-id",
        "2:1",
        "id `my scenario` may only use letters, digits, `-`, `_`, `.` and `/`",
        "for example `id: my-scenario`",
    );
}

#[test]
fn an_unknown_ending_lists_the_three() {
    assert_error(
        "no-ending-value",
        "4:13",
        "nodes, hello, ending: unknown variant `great`, expected one of `poor`, `ok`, `good`",
        "the values allowed here are poor, ok, good",
    );
}

#[test]
fn a_reply_without_feedback_is_a_warning() {
    let site = SiteTest::fixture("scenarios");
    let path = site.root.join("content/01-call/05-call.scenario.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let site = site.write(
        "content/01-call/05-call.scenario.yaml",
        text.replace("        feedback: Blame helps no one.\n", ""),
    );
    let report = site.build();
    let warnings: Vec<String> = report.warnings.iter().map(|d| d.message.clone()).collect();
    assert_eq!(
        warnings,
        ["node \"hello\", reply 2 (\"The courier lost it.\") has no `feedback`"]
    );
}

#[test]
fn the_page_embeds_play_data_with_the_way_to_the_best_ending() {
    let site = SiteTest::fixture("scenarios");
    let report = site.build();
    assert_eq!(
        (report.lessons, report.quizzes, report.scenarios),
        (1, 0, 1)
    );
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let html = site.read("call/call.html");
    let json = html
        .split("data-scenario-data>")
        .nth(1)
        .and_then(|r| r.split("</script>").next())
        .expect("play data");
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(data["unit"], "scenario:call/call");
    assert_eq!(
        (data["start"].as_u64(), data["best"].as_str()),
        (Some(0), Some("good"))
    );
    let nodes = data["nodes"].as_array().unwrap();
    let ids: Vec<&str> = nodes.iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["hello", "blamed", "fixed", "helped", "polite", "lost"]
    );
    // From "hello", the apology (reply 1) leads towards the good ending; blaming does not.
    assert_eq!(nodes[0]["advice"], 0);
    assert_eq!(nodes[0]["choices"][0]["toward"], true);
    assert_eq!(nodes[0]["choices"][1]["toward"], false);
    assert_eq!(nodes[0]["choices"][1]["points"], -1.0);
    assert_eq!(nodes[2]["advice"], 1);
    assert_eq!(nodes[3]["ending"], "good");
    // The advised way to the good ending scores 2 (the apology, then the question); a
    // scenario without points has no `best_points`.
    assert_eq!(data["best_points"], 2.0);
    // Node texts are markdown, rendered into the page's templates.
    assert!(
        html.contains("<template data-scenario-node=\"0\"><p>My order is <em>late</em>.</p>"),
        "{html}"
    );
    // Lists, totals and the sidebar count it as one unit.
    let module = site.read("call/index.html");
    assert!(
        module.contains("data-scenario-result=\"scenario:call/call\""),
        "{module}"
    );
    // The home and progress pages have it from the progress map (issue 19), whose compact
    // form writes the scenario `call/call` as `!call` after its module's prefix `call/`.
    assert!(site.read("index.html").contains("data-units=\"map:all\""));
    let map = site.read("assets/progress-map.js");
    assert!(
        map.contains(r#"["call/","#) && map.contains("!call"),
        "{map}"
    );
    assert!(
        site.progress_items()
            .contains("\"result\":\"scenario:call/call\"")
    );
}

/// A scenario of `n` nodes in a line, each with a reply forward and one back to the start; the
/// last ends it, or (`dead`) loops to itself.
fn long_scenario(n: usize, dead: bool) -> String {
    let mut text = String::from("title: Long\nnodes:\n");
    for i in 0..n - 1 {
        text.push_str(&format!(
            "  n{i}:\n    text: Line {i}.\n    choices:\n      - text: On\n        next: n{}\n        feedback: f\n      - text: Back\n        next: n0\n        feedback: f\n",
            i + 1
        ));
    }
    if dead {
        text.push_str(&format!(
            "  n{0}:\n    text: End.\n    choices:\n      - text: Again\n        next: n{0}\n        feedback: f\n",
            n - 1
        ));
    } else {
        text.push_str(&format!(
            "  n{}:\n    ending: good\n    text: End.\n",
            n - 1
        ));
    }
    text
}

#[test]
fn issue_22_a_scenario_of_20000_nodes_is_checked_in_linear_time() {
    for dead in [false, true] {
        let site = SiteTest::fixture("scenarios").write(
            "content/01-call/05-call.scenario.yaml",
            long_scenario(20_000, dead),
        );
        let start = std::time::Instant::now();
        let result = site.build_with(|o| o.write = false);
        let took = start.elapsed();
        assert!(took.as_secs() < 20, "took {took:?}");
        match (dead, result) {
            (false, Ok(report)) => assert_eq!(report.scenarios, 1),
            (true, Err(e)) => {
                let text = format!("{e:#}");
                // Every node reaches the dead end through its first reply: the one loop is it.
                assert!(
                    text.contains("node \"n19999\" is on a loop with no way to an ending: \"n19999\" → \"n19999\""),
                    "{text}"
                );
                assert!(text.contains("1 error found"), "{text}");
            }
            (_, other) => panic!("{:?}", other.map(|r| r.scenarios)),
        }
    }
}

#[test]
fn the_report_counts_a_played_scenario_as_done_and_passes_it_at_a_good_ending() {
    let export = |name: &str, ending: &str| {
        serde_json::json!({ "version": 2, "site": "scenarios",
            "learner": { "name": name, "at": 1 },
            "units": { "scenario:call/call": { "done": true, "at": 1_733_356_802_000_u64, "ending": ending } } })
        .to_string()
    };
    let site = SiteTest::fixture("scenarios")
        .write("exports/ann.json", export("Ann", "good"))
        .write("exports/bo.json", export("Bo", "poor"));
    let csv = site.report_csv();
    let row = |name: &str| {
        csv.lines()
            .find(|l| l.starts_with(&format!("\"{name}\"")) && l.contains("scenario:call/call"))
            .unwrap_or_else(|| panic!("{csv}"))
            .to_owned()
    };
    assert_eq!(
        row("Ann"),
        "\"Ann\",\"Calls\",\"A late order\",\"scenario\",\"scenario:call/call\",\"yes\",\"\",\"yes\",\"\",\"\",\"2024-12-05T00:00:02Z\",\"no\",\"good\""
    );
    assert!(
        row("Bo")
            .ends_with("\"yes\",\"\",\"no\",\"\",\"\",\"2024-12-05T00:00:02Z\",\"no\",\"poor\"")
    );
    let html = std::fs::read_to_string(site.root.join("report/index.html")).unwrap();
    assert!(html.contains("Conversation: A late order"), "{html}");
    assert!(html.contains("A good ending") && html.contains("A poor ending"));
}

/// Every cut of the bundled scenario (a file saved half-written, an editor's undo) and every
/// line swapped for an odd one gives diagnostics, never a panic.
#[test]
fn a_scenario_cut_or_garbled_anywhere_never_panics() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/content/01-human-selling/05-late-delivery.scenario.yaml"
    ))
    .unwrap();
    let toml = "title = \"t\"\nid = \"t\"\n";
    let path = std::path::Path::new("site.toml");
    let raw = syllabus::config::parse_str(toml, path).unwrap();
    let config =
        syllabus::config::Config::from_raw(raw, std::path::Path::new("."), path, toml).unwrap();
    let file = std::path::Path::new("content/01-m/05-s.scenario.yaml");
    let parse = |t: &str| {
        let mut diags = syllabus::diag::Diagnostics::new();
        syllabus::scenario::parse_str(t, file, "m", "s", &config, &mut diags).is_some()
    };
    assert!(parse(&text));
    let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(97).collect();
    for cut in cuts {
        parse(&text[..cut]);
    }
    let lines: Vec<&str> = text.lines().collect();
    for (i, odd) in (0..lines.len()).zip(
        ["  x:", "\u{3000}: é", "    next:", "- - -", "nodes: {}"]
            .iter()
            .cycle(),
    ) {
        let mut garbled = lines.clone();
        garbled[i] = odd;
        parse(&garbled.join("\n"));
    }
}

/// The fixture's conversation marked `updated:` (a line after its title).
fn updated_scenario(when: &str) -> SiteTest {
    let path = format!(
        "{}/tests/fixtures/scenarios/content/01-call/05-call.scenario.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).expect("fixture");
    let (first, rest) = text.split_once('\n').expect("a first line");
    SiteTest::fixture("scenarios").write(
        "content/01-call/05-call.scenario.yaml",
        format!("{first}\nupdated: {when}\n{rest}"),
    )
}

#[test]
fn an_updated_scenario_carries_its_moment_to_the_page_the_lists_and_the_report() {
    let site = updated_scenario("2024-12-06");
    site.build();
    // 2024-12-06T00:00:00Z in milliseconds.
    let millis = "1733443200000";
    let page = site.read("call/call.html");
    assert!(
        page.contains(&format!(
            "data-updated-note=\"scenario:call/call\" data-updated=\"{millis}\" hidden>"
        )),
        "{page}"
    );
    assert!(page.contains("This conversation was updated on 2024-12-06, after you played it."));
    assert!(page.contains(&format!(
        "data-scenario aria-labelledby=\"scenario-title\" data-updated=\"{millis}\" hidden>"
    )));
    // The sidebar's status of the scenario knows the moment; so do the progress page's list
    // (from the progress map's items) and the certificate (the map's `updated`), issue 19.
    let status = format!("data-status-units=\"scenario:call/call\" data-updated=\"{millis}\"");
    assert!(page.contains(&status), "sidebar: {page}");
    let items = site.progress_items();
    assert!(
        items.contains(&format!(
            "\"units\":\"scenario:call/call\",\"result\":\"scenario:call/call\",\"updated\":{millis}"
        )),
        "{items}"
    );
    assert!(
        site.read("assets/progress-map.js")
            .contains(&format!("scenario:call/call={millis}"))
    );
    // An ending reached before the update is stale in the report; one after, not.
    let export = |name: &str, at: u64| {
        serde_json::json!({ "version": 2, "site": "scenarios",
            "learner": { "name": name, "at": 1 },
            "units": { "scenario:call/call": { "done": true, "at": at, "ending": "good" } } })
        .to_string()
    };
    let site = site
        .write("exports/ann.json", export("Ann", 1_733_356_802_000))
        .write("exports/bo.json", export("Bo", 1_733_443_200_001));
    let csv = site.report_csv();
    let row = |name: &str| {
        csv.lines()
            .find(|l| l.starts_with(&format!("\"{name}\"")) && l.contains("scenario:call/call"))
            .unwrap_or_else(|| panic!("{csv}"))
            .to_owned()
    };
    assert!(row("Ann").ends_with(",\"yes\",\"good\""), "{}", row("Ann"));
    assert!(row("Bo").ends_with(",\"no\",\"good\""), "{}", row("Bo"));
}

#[test]
fn a_scenario_updated_in_the_future_or_not_a_date_is_an_error_at_its_line() {
    let errors = updated_scenario("2999-01-01").errors();
    assert!(
        errors.contains(&format!(
            "{FILE}:2:1: error: `updated: 2999-01-01` is in the future"
        )),
        "{errors}"
    );
    let errors = updated_scenario("last tuesday").errors();
    assert!(
        errors.contains(&format!(
            "{FILE}:2:1: error: `updated: last tuesday` is not a date"
        )),
        "{errors}"
    );
}
