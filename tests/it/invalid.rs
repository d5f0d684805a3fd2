//! Bad input: each case snapshots the exact diagnostics an author sees, with file:line:col.

use crate::harness::SiteTest;

fn errors_after(rel: &str, text: impl AsRef<[u8]>) -> String {
    SiteTest::fixture("basic").write(rel, text).errors()
}

#[test]
fn lesson_without_title_names_the_file() {
    insta::assert_snapshot!(errors_after(
        "content/01-first/02-beta.md",
        "---\nduration: 5\n---\nBody\n"
    ));
}

#[test]
fn yaml_syntax_error_reports_the_file_line() {
    insta::assert_snapshot!(errors_after(
        "content/01-first/02-beta.md",
        "---\ntitle: Beta\nobjectives: [one, two\nduration: 5\n---\nBody\n"
    ));
}

#[test]
fn mistyped_front_matter_key_suggests_the_right_one() {
    insta::assert_snapshot!(errors_after(
        "content/01-first/02-beta.md",
        "---\ntitle: Beta\ndurration: 5\n---\nBody\n"
    ));
}

#[test]
fn unclosed_front_matter_is_an_error_at_line_one() {
    insta::assert_snapshot!(errors_after(
        "content/01-first/02-beta.md",
        "---\ntitle: Beta\n\nBody that never closes the block\n"
    ));
}

#[test]
fn front_matter_lines_count_from_the_top_of_the_file_with_bom_and_crlf() {
    let err = errors_after(
        "content/01-first/02-beta.md",
        "\u{feff}---\r\ntitle: Beta\r\nduration: soon\r\n---\r\nBody\r\n",
    );
    assert!(
        err.contains(
            "02-beta.md:3:11: error: duration: invalid type: string \"soon\", expected u32"
        ),
        "{err}"
    );
}

#[test]
fn unknown_question_type_lists_the_known_ones() {
    insta::assert_snapshot!(errors_after(
        "content/01-first/09-check.quiz.yaml",
        "title: Q\nquestions:\n  - type: singel\n    prompt: P\n    options:\n      - {text: a, correct: true, feedback: f}\n      - {text: b, correct: false, feedback: f}\n"
    ));
}

#[test]
fn question_without_correct_option_points_at_the_question() {
    insta::assert_snapshot!(errors_after(
        "content/01-first/09-check.quiz.yaml",
        "title: Q\nquestions:\n  - type: single\n    prompt: P\n    options:\n      - text: a\n        correct: false\n        feedback: f\n      - text: b\n        correct: false\n        feedback: f\n"
    ));
}

#[test]
fn option_without_correct_field_points_at_the_option() {
    insta::assert_snapshot!(errors_after(
        "content/01-first/09-check.quiz.yaml",
        "title: Q\nquestions:\n  - type: single\n    prompt: P\n    options:\n      - text: a\n        correct: true\n        feedback: f\n      - text: b\n        feedback: f\n"
    ));
}

#[test]
fn single_question_with_two_correct_options_is_refused() {
    insta::assert_snapshot!(errors_after(
        "content/01-first/09-check.quiz.yaml",
        "title: Q\nquestions:\n  - type: true_false\n    prompt: T\n    answer: true\n    feedback_true: y\n    feedback_false: n\n  - type: single\n    prompt: P\n    options:\n      - {text: a, correct: true, feedback: f}\n      - {text: b, correct: true, feedback: f}\n"
    ));
}

#[test]
fn broken_internal_link_reports_the_link_position() {
    insta::assert_snapshot!(errors_after(
        "content/01-first/02-beta.md",
        "---\ntitle: Beta\n---\nIntro.\n\nSee [gamma](../02-second/01-gama.md).\n"
    ));
}

#[test]
fn link_to_a_missing_heading_is_an_error() {
    insta::assert_snapshot!(errors_after(
        "content/01-first/02-beta.md",
        "---\ntitle: Beta\n---\n[x](../02-second/01-gamma.md#no-such-heading)\n"
    ));
}

#[test]
fn link_to_a_draft_says_it_is_a_draft() {
    insta::assert_snapshot!(errors_after(
        "content/01-first/02-beta.md",
        "---\ntitle: Beta\n---\n[x](03-draft.md)\n"
    ));
}

#[test]
fn duplicate_ids_name_both_files() {
    insta::assert_snapshot!(errors_after(
        "content/01-first/02-beta.md",
        "---\ntitle: Beta\nid: stable-gamma\n---\nBody\n"
    ));
}

#[test]
fn duplicate_checklist_ids_point_at_the_second_and_back_at_the_first() {
    insta::assert_snapshot!(errors_after(
        "content/01-first/02-beta.md",
        "---\ntitle: Beta\nchecklist:\n  - Ask one question\n  - Listen\n  - Ask one question\n---\nBody\n"
    ));
}

#[test]
fn case_insensitive_output_collision_names_both_sources() {
    let site =
        SiteTest::fixture("basic").write("content/01-first/05-Beta.md", "---\ntitle: Other\n---\n");
    insta::assert_snapshot!(site.errors());
}

#[test]
fn unknown_site_toml_key_names_key_line_and_suggestion() {
    insta::assert_snapshot!(errors_after(
        "site.toml",
        "title = \"F\"\ndescripton = \"x\"\n"
    ));
}

#[test]
fn invalid_utf8_names_the_line() {
    insta::assert_snapshot!(errors_after(
        "content/01-first/02-beta.md",
        b"---\ntitle: Beta\n---\nCaf\xe9 au lait\n"
    ));
}

#[test]
fn every_error_of_a_build_is_reported_in_one_run_in_file_order() {
    let site = SiteTest::fixture("basic")
        .write(
            "content/02-second/01-gamma.md",
            "---\ntitle: Gamma\nid: stable-gamma\n---\n## Some heading\n[x](nowhere.md)\n",
        )
        .write("content/01-first/02-beta.md", "---\ntitle: [\n---\n")
        .write(
            "content/01-first/09-check.quiz.yaml",
            "title: Q\nquestions: []\n",
        );
    let err = site.errors();
    let positions: Vec<usize> = ["02-beta.md", "09-check.quiz.yaml", "01-gamma.md"]
        .iter()
        .map(|f| err.find(f).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{err}");
    assert!(
        err.ends_with("3 errors found; nothing was written"),
        "{err}"
    );
}

#[test]
fn p09_a_flood_of_errors_shows_the_first_fifty_and_counts_the_rest() {
    // 120 broken links in one lesson: every one is found, the first 50 are shown in full,
    // the rest counted, and the summary counts them all.
    let body: String = (0..120)
        .map(|i| format!("[x](missing-{i:03}.md)\n"))
        .collect();
    let site = SiteTest::fixture("basic").write(
        "content/01-first/02-beta.md",
        format!("---\ntitle: Beta\n---\n{body}"),
    );
    let err = site.errors();
    assert_eq!(err.matches("error: ").count(), 50, "{err}");
    assert!(
        err.contains("missing-049.md") && !err.contains("missing-050.md"),
        "{err}"
    );
    assert!(
        err.contains(
            "... and 70 more errors not shown (the first 50 are above; --max-diagnostics 0 shows all)"
        ),
        "{err}"
    );
    assert!(
        err.contains("By kind:\n    120 errors   link to `…`: there is no …\n"),
        "the tally names the kind: {err}"
    );
    assert!(
        err.ends_with("120 errors found; nothing was written"),
        "{err}"
    );
    // --max-diagnostics 0 prints every one; 5 prints five.
    for (max, shown) in [("0", 120), ("5", 5)] {
        let out = site.run(&["check", "--max-diagnostics", max]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.matches("error: ").count(), shown, "{max}: {err}");
    }
}

#[test]
fn errors_come_before_warnings_and_repeated_warnings_fold() {
    // Issue 17: one error and 100 warnings, sorted by file, hid the error past the 50 shown.
    // Every error is printed first; the warnings of one kind in one file fold into one entry
    // with their count and lines; the summary counts both.
    let options: String = (0..100)
        .map(|i| format!("      - {{text: option {i}, correct: {}}}\n", i == 0))
        .collect();
    let site = SiteTest::fixture("basic")
        .write(
            "content/01-first/09-check.quiz.yaml",
            format!(
                "title: Q\nquestions:\n  - type: single\n    prompt: P\n    options:\n{options}"
            ),
        )
        .write(
            "content/02-second/01-gamma.md",
            "---\ntitle: Gamma\nid: stable-gamma\n---\n## Some heading\n\n[x](nowhere.md)\n",
        );
    let err = site.errors();
    let error_at = err.find("error: link to `nowhere.md`").expect("the error");
    let warning_at = err.find("warning: ").expect("a warning");
    assert!(error_at < warning_at, "the error first: {err}");
    assert_eq!(err.matches("warning: ").count(), 1, "folded: {err}");
    assert!(
        err.contains(
            "  = and 99 more like this in this file (lines 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, …)"
        ),
        "{err}"
    );
    assert!(
        err.ends_with("1 error and 100 warnings found; nothing was written"),
        "{err}"
    );
}

#[test]
fn yaml_implicit_typing_keeps_author_text() {
    let site = SiteTest::fixture("basic").write(
        "content/01-first/02-beta.md",
        "---\ntitle: No\ndescription: 1.10\nobjectives: [yes, off, 012]\n---\n",
    );
    site.build();
    let beta = site.read("first/beta.html");
    for text in ["<h1>No</h1>", "1.10", ">yes<", ">off<", ">012<"] {
        assert!(beta.contains(text), "{text} missing from the page");
    }
}

#[test]
fn checklist_item_with_a_colon_says_to_quote_it() {
    insta::assert_snapshot!(errors_after(
        "content/01-first/02-beta.md",
        "---\ntitle: Beta\nchecklist:\n  - Ask: what made you choose us?\n---\n"
    ));
}
