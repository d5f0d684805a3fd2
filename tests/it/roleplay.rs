//! Role-plays (issue 18): a lesson's `roleplay:` renders its situation, a card per role and the
//! observer's rubric, whose items are the lesson's checklist units (`check:<lesson>#rubric-…`),
//! counted with its practice items but shown apart; each mistake is an error at its line.

use crate::harness::{SiteTest, main_of};

const ROLEPLAY: &str = "roleplay:
  title: The late order
  situation: |
    A customer calls about a late order.

    Then they mention a new shop.
  roles:
    - name: Customer
      brief: You are annoyed but polite.
    - name: Learner
      brief: Fix the order first.
    - name: Observer
      brief: Watch and tick.
  rubric:
    - Apologizes first
    - id: one-offer
      text: Makes one offer at most
";

fn lesson_with(roleplay: &str) -> SiteTest {
    SiteTest::fixture("basic").write(
        "content/01-first/04-practice.md",
        format!("---\ntitle: Practice\nchecklist:\n  - Call a customer\n{roleplay}---\nBody.\n"),
    )
}

#[test]
fn a_roleplay_renders_cards_and_a_rubric_counted_with_the_checklist() {
    let site = lesson_with(ROLEPLAY);
    site.build();
    let html = site.read("first/practice.html");
    let main = main_of(&html);
    assert!(
        main.contains("<h2 id=\"roleplay-title\">Role-play: The late order</h2>"),
        "{main}"
    );
    assert_eq!(
        main.matches("class=\"roleplay-card\"").count(),
        3,
        "a card per role"
    );
    assert!(main.contains("Brief for: Customer") && main.contains("Brief for: Observer"));
    // Paragraphs of the situation, escaped text, on screen once and on each card for print.
    assert_eq!(
        main.matches("<p>Then they mention a new shop.</p>").count(),
        4
    );
    for key in [
        "check:first/practice#rubric-apologizes-first",
        "check:first/practice#rubric-one-offer",
    ] {
        assert_eq!(
            main.matches(&format!("data-unit=\"{key}\"")).count(),
            1,
            "{key}"
        );
    }
    // The practice checklist shows its own item only; the lesson counts all three.
    let practice = &main[main.find("id=\"practice-title\"").unwrap()..];
    let practice = &practice[..practice.find("</section>").unwrap()];
    assert!(practice.contains("Call a customer") && !practice.contains("Apologizes first"));
    assert!(
        main.contains("0 of 4 done"),
        "3 items and the lesson itself: {main}"
    );
    // The progress page lists it from the progress map's items (issue 19), by item id.
    let progress = site.read("assets/progress-items.js");
    assert!(
        progress.contains("\"lesson\":\"first/practice\""),
        "{progress}"
    );
    assert!(progress.contains("[\"rubric-one-offer\","), "{progress}");
}

#[test]
fn roleplay_mistakes_are_errors_at_their_line() {
    let cases = [
        (
            ROLEPLAY.replace("    - name: Learner\n      brief: Fix the order first.\n    - name: Observer\n      brief: Watch and tick.\n", ""),
            "04-practice.md:11:3: error: a role-play needs at least 2 roles; this one has 1",
        ),
        (
            ROLEPLAY.replace("name: Observer", "name: customer"),
            "04-practice.md:16:7: error: two roles are named \"customer\"",
        ),
        (
            ROLEPLAY.replace("  rubric:\n    - Apologizes first\n    - id: one-offer\n      text: Makes one offer at most\n", "  rubric: []\n"),
            "04-practice.md:18:3: error: the role-play's `rubric` is empty",
        ),
        (
            ROLEPLAY.replace("      brief: Watch and tick.\n", "      brief: \"\"\n"),
            "04-practice.md:16:7: error: the role \"Observer\" has an empty `brief`",
        ),
        (
            ROLEPLAY.replace("  title: The late order\n", "  titel: The late order\n"),
            "04-practice.md:6:3: error: roleplay: unknown field `titel`",
        ),
    ];
    for (roleplay, want) in cases {
        let errors = lesson_with(&roleplay).errors();
        assert!(errors.contains(want), "no {want:?} in:\n{errors}");
    }
}
