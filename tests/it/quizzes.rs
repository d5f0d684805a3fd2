//! Quiz checks and pools (issue 18). Quizzes whose answers can be guessed without knowing the
//! subject: `check` warns
//! at the quiz's line for the longest right option, right answers at one position in a quiz that
//! does not shuffle, and absolute words only in wrong options; the same quiz rebalanced gets no
//! warning, and `[quiz] guessable = "allow"` turns the checks off. A pool (`draw: N`) must draw
//! between one and all of its questions.

use crate::harness::SiteTest;

/// Four single-choice questions, each option given as (text, right).
fn quiz(shuffle: bool, questions: &[[(&str, bool); 3]]) -> String {
    let mut out = format!("title: Giveaways\nshuffle: {shuffle}\nquestions:\n");
    for q in questions {
        out.push_str("  - type: single\n    prompt: Which?\n    options:\n");
        for (text, right) in q {
            out.push_str(&format!(
                "      - text: \"{text}\"\n        correct: {right}\n        feedback: Because.\n"
            ));
        }
    }
    out
}

const GIVEAWAY: [[(&str, bool); 3]; 4] = [
    [
        (
            "Listen to the whole problem before you suggest anything else",
            true,
        ),
        ("Always make the offer first", false),
        ("Read the script", false),
    ],
    [
        (
            "Thank the colleague who fixed it, and tell their manager how it helped",
            true,
        ),
        ("Blame the courier", false),
        ("Stay quiet", false),
    ],
    [
        (
            "Ask what changed in their business since the last order you handled",
            true,
        ),
        ("Never ask questions", false),
        ("Hang up", false),
    ],
    [
        ("Quote the price", false),
        (
            "Agree the next step with the customer and confirm it by email today",
            true,
        ),
        ("Wait", false),
    ],
];

const REBALANCED: [[(&str, bool); 3]; 4] = [
    [
        (
            "Make the offer first, while the customer is still on the line",
            false,
        ),
        (
            "Read the script out in full before listening to the customer",
            false,
        ),
        (
            "Listen to the whole problem before you suggest anything else",
            true,
        ),
    ],
    [
        (
            "Thank the colleague who fixed it, and tell their manager how",
            true,
        ),
        (
            "Tell the customer the courier lost it, so they blame the courier",
            false,
        ),
        (
            "Say nothing to anyone, and hope the customer does not call back",
            false,
        ),
    ],
    [
        (
            "Skip questions about their business, to keep the call short",
            false,
        ),
        (
            "Ask what changed in their business since the last order",
            true,
        ),
        (
            "End the call as soon as the fault is fixed, to save their time",
            false,
        ),
    ],
    [
        (
            "Quote the price of the upgrade before they ask about it",
            false,
        ),
        (
            "Wait for the customer to call back when they have decided",
            false,
        ),
        (
            "Agree the next step with the customer and confirm it by email",
            true,
        ),
    ],
];

fn check(site: &SiteTest) -> String {
    let out = site.run(&["check"]);
    assert!(out.status.success(), "warnings only");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_quiz_that_gives_its_answers_away_gets_each_warning_at_its_line() {
    let site = SiteTest::fixture("basic").write(
        "content/01-first/10-giveaway.quiz.yaml",
        quiz(false, &GIVEAWAY),
    );
    let err = check(&site);
    let file = "content/01-first/10-giveaway.quiz.yaml";
    for want in [
        format!(
            "{file}:3:1: warning: the right option is the longest in 4 of 4 single-choice questions"
        ),
        format!(
            "{file}:3:1: warning: the quiz does not shuffle its options, and the right answer is option 1 in 3 of 4 questions"
        ),
        format!(
            "{file}:4:3: warning: absolute words (\"always\", \"never\", \"only\"…) appear in 2 wrong options and in no right one"
        ),
    ] {
        assert!(err.contains(&want), "no {want:?} in:\n{err}");
    }
    for help in [
        "help: write wrong options as long and as specific as the right one, or shorten the right one (questions 1, 2, 3 and 4)",
        "help: add `shuffle: true`",
        "help: reword those options without absolute words, or let some right options use them too (questions 1 and 3)",
    ] {
        assert!(err.contains(help), "no {help:?} in:\n{err}");
    }
    assert!(
        err.contains("0 errors") || err.contains("no errors"),
        "{err}"
    );
}

#[test]
fn the_same_quiz_rebalanced_gets_no_warning() {
    let site = SiteTest::fixture("basic").write(
        "content/01-first/10-giveaway.quiz.yaml",
        quiz(false, &REBALANCED),
    );
    let err = check(&site);
    assert!(!err.contains("10-giveaway.quiz.yaml"), "{err}");
    // Shuffled, positions do not matter either.
    let site = SiteTest::fixture("basic").write(
        "content/01-first/10-giveaway.quiz.yaml",
        quiz(true, &REBALANCED),
    );
    assert!(!check(&site).contains("10-giveaway.quiz.yaml"));
}

#[test]
fn a_course_can_allow_guessable_quizzes_and_other_languages_skip_the_word_check() {
    let base = SiteTest::fixture("basic");
    let toml = std::fs::read_to_string(base.root.join("site.toml")).unwrap();
    let site = SiteTest::fixture("basic")
        .write(
            "site.toml",
            format!("{toml}\n[quiz]\nguessable = \"allow\"\n"),
        )
        .write(
            "content/01-first/10-giveaway.quiz.yaml",
            quiz(false, &GIVEAWAY),
        );
    assert!(!check(&site).contains("10-giveaway.quiz.yaml"));
    let site = SiteTest::fixture("basic")
        .write("site.toml", format!("language = \"de\"\n{toml}"))
        .write(
            "content/01-first/10-giveaway.quiz.yaml",
            quiz(false, &GIVEAWAY),
        );
    let err = check(&site);
    assert!(err.contains("the right option is the longest"), "{err}");
    assert!(!err.contains("absolute words"), "{err}");
}

#[test]
fn a_pool_must_draw_between_one_and_all_of_its_questions() {
    for (draw, says, help) in [
        (
            "0",
            "`draw: 0` asks for 0 of the quiz's 4 questions on each attempt",
            "draw at least 1 question",
        ),
        (
            "5",
            "`draw: 5` asks for 5 of the quiz's 4 questions on each attempt",
            "draw at most 4 questions",
        ),
    ] {
        let text = quiz(true, &REBALANCED).replacen(
            "shuffle: true\n",
            &format!("shuffle: true\ndraw: {draw}\n"),
            1,
        );
        let site = SiteTest::fixture("basic").write("content/01-first/10-pool.quiz.yaml", text);
        let errors = site.errors();
        assert!(
            errors.contains(&format!("10-pool.quiz.yaml:3:1: error: {says}")),
            "{errors}"
        );
        assert!(errors.contains(help), "{errors}");
    }
    let text = quiz(true, &REBALANCED).replacen("shuffle: true\n", "shuffle: true\ndraw: 2\n", 1);
    let site = SiteTest::fixture("basic").write("content/01-first/10-pool.quiz.yaml", text);
    site.build();
    let page = site.read("first/pool.html");
    assert!(
        page.contains("2 questions drawn from 4 for each attempt"),
        "{page}"
    );
    assert!(
        page.contains("&quot;draw&quot;:2") || page.contains("\"draw\":2"),
        "the grading data says so"
    );
}
