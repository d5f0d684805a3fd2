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
    let progress = site.progress_items();
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

/// Role-play texts are markdown (issue 18), rendered as quiz prompts are: emphasis, lists and
/// links work, raw HTML shows as the text written whatever `allow_raw_html` says, and a broken
/// link is an error at the line where its text starts. Rubric items are inline: a checkbox's
/// label holds no paragraph.
#[test]
fn roleplay_texts_are_markdown_rendered_safely_with_links_checked() {
    let markdown = "roleplay:
  situation: |
    A customer calls about a **late** order. See [beta](02-beta.md).

    - They are busy
    - They run <b>three</b> shops
  roles:
    - name: Customer
      brief: You are *annoyed* <script>alert(1)</script> but polite.
    - name: Learner
      brief: Fix the order `first`.
  rubric:
    - Apologizes **before** anything else
    - id: one-offer
      text: Makes one offer, [like this](01-alpha.md#links)
";
    let site = lesson_with(markdown);
    site.build();
    let html = site.read("first/practice.html");
    let main = main_of(&html);
    // The situation, on screen and on each card: blocks.
    assert_eq!(
        main.matches("<p>A customer calls about a <strong>late</strong> order. See <a href=\"../first/beta.html\">beta</a>.</p>").count(),
        3,
        "{main}"
    );
    assert!(
        main.contains("<li>They run &lt;b&gt;three&lt;/b&gt; shops</li>"),
        "{main}"
    );
    assert!(
        main.contains(
            "<p>You are <em>annoyed</em> &lt;script&gt;alert(1)&lt;/script&gt; but polite.</p>"
        ),
        "{main}"
    );
    assert!(!main.contains("<script"), "{main}");
    assert!(main.contains("<p>Fix the order <code>first</code>.</p>"));
    // Rubric items: inline in their labels, on the lesson and the progress page.
    assert!(
        main.contains(">Apologizes <strong>before</strong> anything else</label>"),
        "{main}"
    );
    assert!(
        main.contains(
            ">Makes one offer, <a href=\"../first/alpha.html#links\">like this</a></label>"
        )
    );
    // The progress page lists them from the progress map's items (issue 19), as plain text:
    // its script writes text, never HTML, and the links belong to the lesson's page.
    let items = site.progress_items();
    assert!(
        items.contains("\"Makes one offer, like this\"")
            && items.contains("\"Apologizes before anything else\""),
        "{items}"
    );
    assert!(
        !items.contains("<strong>") && !items.contains("<a "),
        "{items}"
    );
    // The report names rubric items by their plain text.
    let site = site.write(
        "exports/ann.json",
        r#"{ "version": 2, "site": "fixture", "learner": { "name": "Ann", "at": 1 }, "units": {} }"#,
    );
    let csv = site.report_csv();
    assert!(
        csv.contains(",\"Apologizes before anything else\",\"checklist item\","),
        "{csv}"
    );
    assert!(
        csv.contains(",\"Makes one offer, like this\",\"checklist item\","),
        "{csv}"
    );
    // A broken link in a brief is an error at the brief's line.
    let errors =
        lesson_with(&markdown.replace("Fix the order `first`.", "Read [this](nowhere.md)."))
            .errors();
    assert!(
        errors.contains("04-practice.md:15:1: error: link to `nowhere.md`"),
        "{errors}"
    );
    assert!(errors.contains("nowhere.md"), "{errors}");
    // Raw HTML stays text even where lessons may hold it.
    let trusted =
        lesson_with(markdown).write("site.toml", "title = \"Fixture\"\nallow_raw_html = true\n");
    trusted.build();
    let main = trusted.read("first/practice.html");
    assert!(
        main.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !main.contains("<script>alert")
    );
}
