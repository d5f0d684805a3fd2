//! Building a valid course: pages, order, links, checklists, quizzes, drafts, themes.

use crate::harness::{SiteTest, links_in, main_of};

#[test]
fn builds_every_page_and_asset() {
    let site = SiteTest::fixture("basic");
    let report = site.build();
    assert_eq!((report.modules, report.lessons, report.quizzes), (2, 3, 1));
    insta::assert_snapshot!(site.output_files().join("\n"), @r"
    .syllabus-output
    404.html
    assets/js/backup.js
    assets/js/certificate.js
    assets/js/core.js
    assets/js/items.js
    assets/js/main.js
    assets/js/maps.js
    assets/js/quiz.js
    assets/js/scenario.js
    assets/js/store.js
    assets/js/text.js
    assets/js/view.js
    assets/progress-items/0.js
    assets/progress-items/1.js
    assets/progress-map.js
    assets/search.js
    assets/search/d0.js
    assets/search/d1.js
    assets/search/index.js
    assets/search/t0.js
    assets/syllabus-text.js
    assets/syllabus.css
    certificate.html
    first/alpha.html
    first/beta.html
    first/check.html
    first/diagram.png
    first/index.html
    index.html
    progress.html
    second/gamma.html
    second/index.html
    ");
}

#[test]
fn pages_link_prev_and_next_in_course_order() {
    let site = SiteTest::fixture("basic");
    site.build();
    let beta = site.read("first/beta.html");
    assert!(
        beta.contains(r#"href="../first/alpha.html" rel="prev""#)
            || beta.contains(r#"rel="prev" href="../first/alpha.html""#),
        "{beta}"
    );
    let check = site.read("first/check.html");
    assert!(
        check.contains(r#"href="../second/index.html""#),
        "the quiz leads on to the next module"
    );
    // Weight beats the number prefix.
    let site = SiteTest::fixture("basic").write(
        "content/02-second/_index.md",
        "---\ntitle: Second module\nweight: 0\n---\n",
    );
    site.build();
    let home = site.read("index.html");
    assert!(home.find("second/index.html").unwrap() < home.find("first/index.html").unwrap());
}

#[test]
fn links_between_lessons_become_output_urls() {
    let site = SiteTest::fixture("basic");
    site.build();
    let alpha = main_of_owned(&site.read("first/alpha.html"));
    assert!(
        alpha.contains(r#"href="../second/gamma.html#some-heading""#),
        "{alpha}"
    );
    assert!(alpha.contains(r#"src="../first/diagram.png""#), "{alpha}");
    assert!(alpha.contains(r#"href="../first/beta.html""#), "{alpha}");
    assert!(alpha.contains(r#"href="https://example.com/""#), "{alpha}");
    let home = site.read("index.html");
    assert!(
        home.contains(r#"href="first/alpha.html""#),
        "home links are relative to the root"
    );
}

#[test]
fn every_internal_link_is_relative_and_resolves() {
    let site = SiteTest::fixture("basic");
    site.build();
    for page in site.output_files().iter().filter(|f| f.ends_with(".html")) {
        let html = site.read(page);
        let dir = std::path::Path::new(page).parent().unwrap();
        for link in links_in(&html) {
            let external = link.starts_with("https://") || link.starts_with("mailto:");
            // `data:,` is the theme's empty icon: it asks nothing of any server.
            if external || link.starts_with('#') || link == "data:," {
                continue;
            }
            assert!(
                !link.starts_with('/'),
                "{page}: root-relative link {link} breaks under a sub-path"
            );
            let path = link.split('#').next().unwrap();
            let target = site.out().join(dir).join(path);
            assert!(
                target.is_file(),
                "{page}: link {link} does not resolve to a file (file:// needs index.html)"
            );
        }
    }
}

#[test]
fn base_url_makes_links_absolute() {
    let site = SiteTest::fixture("basic").write(
        "site.toml",
        "title = \"F\"\nbase_url = \"https://learn.example.com/training\"\n",
    );
    site.build();
    let beta = site.read("first/beta.html");
    assert!(
        beta.contains(r#"href="https://learn.example.com/training/assets/syllabus.css""#),
        "{beta}"
    );
}

#[test]
fn checklist_joins_front_matter_and_body_task_items() {
    let site = SiteTest::fixture("basic");
    site.build();
    let alpha = site.read("first/alpha.html");
    assert!(
        alpha.contains(r#"data-unit="check:first/alpha#call-one-customer""#),
        "{alpha}"
    );
    assert!(
        alpha.contains(r#"data-unit="check:first/alpha#thank""#),
        "explicit item ids are kept"
    );
    assert!(
        alpha.contains(r#"data-unit="lesson:first/alpha""#),
        "mark-complete control"
    );
    let gamma = site.read("second/gamma.html");
    assert!(
        gamma.contains(r#"data-unit="check:stable-gamma#practise-the-opening-line""#),
        "explicit lesson id keys the body task items"
    );
    // The progress page's lists are in the progress map's items (issue 19).
    let progress = site.progress_items();
    assert!(
        progress.contains("Practise the opening line"),
        "the progress page lists body task items too"
    );
    assert!(progress.contains("Thank a colleague"));
}

#[test]
fn quiz_page_embeds_grading_data_that_cannot_break_out() {
    let site = SiteTest::fixture("basic");
    site.build();
    let quiz = site.read("first/check.html");
    let start =
        quiz.find("data-quiz-data>").expect("grading data element") + "data-quiz-data>".len();
    let json = &quiz[start..start + quiz[start..].find("</script>").unwrap()];
    assert!(!json.contains('<'), "{json}");
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(data["pass_mark"], 80);
    assert_eq!(
        data["questions"][1]["correct"],
        serde_json::json!(["a", "b"])
    );
    assert_eq!(
        data["questions"][2]["correct"],
        serde_json::json!(["false"])
    );
    assert!(
        quiz.contains("Right &lt;/script&gt;&lt;!-- &quot;quoted&quot;"),
        "option text is escaped"
    );
    assert!(
        quiz.contains("<strong>one</strong>"),
        "prompts are markdown"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = SiteTest::fixture("basic");
    site.build();
    assert!(
        !site.out().join("first/unfinished.html").exists()
            && !site.output_files().iter().any(|f| f.contains("draft"))
    );
    site.build_with(|o| o.drafts = true).unwrap();
    assert!(site.out().join("first/draft.html").exists());
}

#[test]
fn a_theme_file_overrides_the_embedded_one() {
    let site = SiteTest::fixture("basic").write(
        "themes/default/templates/404.html",
        "custom 404 for {{ site.title }}",
    );
    site.build();
    assert_eq!(site.read("404.html"), "custom 404 for Fixture Course");
    assert!(
        site.read("index.html").contains("<main"),
        "other templates still come from the embedded theme"
    );
    let site = SiteTest::fixture("basic").write("themes/default/static/syllabus.css", "body{}");
    site.build();
    assert_eq!(site.read("assets/syllabus.css"), "body{}");
}

#[test]
fn sidebar_lists_only_the_current_module_lessons() {
    let site = SiteTest::fixture("basic");
    site.build();
    let gamma = site.read("second/gamma.html");
    assert!(
        !gamma.contains("first/beta.html"),
        "pages do not grow with the size of other modules"
    );
    assert!(
        gamma.contains("first/index.html"),
        "but every module is listed"
    );
}

#[test]
fn sidebar_marks_each_pages_own_link_as_current() {
    // The sidebar is rendered once per module and shared by its pages (issue 6); each page
    // still marks exactly its own link with aria-current; the 404 page and the certificate,
    // which the sidebar does not list, none.
    let site = SiteTest::fixture("basic");
    site.build();
    let pages: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert!(pages.len() > 5, "{pages:?}");
    for page in pages {
        let html = site.read(&page);
        let start = html.find("<nav id=\"course-nav\"").expect("a sidebar");
        let sidebar = &html[start..start + html[start..].find("</nav>").expect("closed")];
        let root = if page.contains('/') { "../" } else { "" };
        let marked = sidebar.matches("aria-current=\"page\"").count();
        if page == "404.html" || page == "certificate.html" {
            assert_eq!(marked, 0, "{page}: {sidebar}");
        } else {
            assert_eq!(marked, 1, "{page}: {sidebar}");
            let own = format!("href=\"{root}{page}\" aria-current=\"page\"");
            assert!(sidebar.contains(&own), "{page}: {sidebar}");
        }
    }
}

#[test]
fn a_sidebar_override_is_told_what_it_can_see() {
    // The sidebar sees the course, not the page; an override that reads `page` is told so.
    let site = SiteTest::fixture("basic").write(
        "themes/default/templates/partials/sidebar.html",
        "<nav>{{ page.title }}</nav>\n",
    );
    let err = site.errors();
    assert!(err.contains("--> partials/sidebar.html:1:9"), "{err}");
    assert!(
        err.contains("the sidebar is rendered once per module: it sees `site`, `root`, `nav`"),
        "{err}"
    );
}

fn main_of_owned(html: &str) -> String {
    main_of(html).to_owned()
}

/// A course of `modules` modules of one lesson each, built.
fn course_of(modules: usize) -> SiteTest {
    let mut site = SiteTest::fixture("basic");
    for m in 0..modules {
        site = site
            .write(
                &format!("content/m{m:04}/_index.md"),
                format!("---\ntitle: Module {m}\n---\n"),
            )
            .write(
                &format!("content/m{m:04}/l.md"),
                format!("---\ntitle: Lesson {m}\nchecklist: [Do it]\n---\nText.\n"),
            );
    }
    site.build();
    site
}

#[test]
fn page_size_does_not_grow_with_the_number_of_modules() {
    // Issue 6: a sidebar listing every module would make the site grow with N squared.
    let small = course_of(40);
    let big = course_of(400);
    for page in ["m0020/l.html", "m0020/index.html", "first/alpha.html"] {
        let (a, b) = (small.read(page).len(), big.read(page).len());
        assert!(
            b <= a + 16,
            "{page}: {a} bytes with 40 modules, {b} with 400"
        );
    }
}

/// A course of `modules` modules of `lessons` lessons, each with `checks` checklist items in
/// its front matter and one in its body's task list.
fn course_with(modules: usize, lessons: usize, checks: usize) -> SiteTest {
    let mut site = SiteTest::fixture("basic");
    for m in 0..modules {
        site = site.write(
            &format!("content/m{m:02}/_index.md"),
            format!("---\ntitle: Module {m}\n---\n"),
        );
        for l in 0..lessons {
            let items: Vec<String> = (0..checks)
                .map(|c| format!("Practise step {c} of {l}"))
                .collect();
            site = site.write(
                &format!("content/m{m:02}/l{l:02}.md"),
                format!(
                    "---\ntitle: Lesson {l}\nchecklist: [{}]\n---\nText.\n\n- [ ] Try it {l}\n",
                    items.join(", ")
                ),
            );
        }
    }
    site.build();
    site
}

#[test]
fn home_and_progress_pages_grow_with_the_modules_not_the_checklists() {
    // Issue 19: the home, progress and certificate pages held every unit of the course (the
    // progress page every checklist item), so they grew with the checklists: 2.2 MB at 1,000
    // lessons. Now the course-wide data is in the progress map, loaded once. Two courses of the
    // same 6 modules, one with 2 lessons of 1 item each, one with 25 lessons of 8: the pages
    // differ only in the digits of their counts.
    let small = course_with(6, 2, 1);
    let big = course_with(6, 25, 8);
    for page in ["index.html", "progress.html", "certificate.html"] {
        let (a, b) = (small.read(page), big.read(page));
        assert!(
            b.len() <= a.len() + 6 * 24,
            "{page}: {} bytes with 12 lessons and 24 items, {} with 150 lessons and 1,350 items",
            a.len(),
            b.len()
        );
        assert!(!b.contains("check:m0"), "{page} lists checklist keys");
        assert!(!b.contains("lesson:m0"), "{page} lists lesson keys");
        assert!(!b.contains("Practise step"), "{page} lists checklist items");
    }
    // What they left is in the map, whole: every module's units, every item of every lesson.
    let map = big.read("assets/progress-map.js");
    assert!(map.contains(r#"["m05/","l00:9 l01:9"#), "{map}");
    assert!(map.contains(" l24:9\"]"), "{map}");
    let items = big.progress_items();
    assert!(items.contains("[\"practise-step-7-of-24\",\"Practise step 7 of 24\"]"));
    assert_eq!(items.matches("Practise step").count(), 6 * 25 * 8);
    assert_eq!(items.matches("Try it").count(), 6 * 25);
    // And a course of more modules does grow, with them: a bar, a status and a list each.
    let more = course_with(12, 2, 1);
    let (a, b) = (
        small.read("progress.html").len(),
        more.read("progress.html").len(),
    );
    assert!(b > a + 6 * 200, "{a} bytes with 6 modules, {b} with 12");
}

#[test]
fn the_progress_lists_are_one_file_per_module_each_stamped_in_the_page() {
    // Issue 19: the progress page loads a module's list when it is shown, by its own file,
    // asked for as `?v=<stamp>`; a change to one module's list changes its file and stamp only.
    let site = course_with(3, 2, 1);
    site.build();
    let page = site.read("progress.html");
    let stamps = |page: &str| -> Vec<String> {
        page.match_indices("data-stamp=\"")
            .map(|(i, m)| page[i + m.len()..i + m.len() + 16].to_owned())
            .collect()
    };
    let before = stamps(&page);
    assert_eq!(
        before.len(),
        5,
        "2 modules of the fixture and 3 more: {page}"
    );
    let files: Vec<String> = (0..5)
        .map(|i| site.read(&format!("assets/progress-items/{i}.js")))
        .collect();
    assert!(!site.out().join("assets/progress-items/5.js").exists());
    for (i, (file, stamp)) in files.iter().zip(&before).enumerate() {
        assert!(stamp.bytes().all(|b| b.is_ascii_hexdigit()), "{stamp}");
        assert!(
            page.contains(&format!(
                "data-progress-items=\"{i}\" data-stamp=\"{stamp}\""
            )),
            "{page}"
        );
        assert!(file.contains(&format!("[{i}] = [")), "{file}");
        // Every item of a file is of one module: its URLs share one folder.
        let folders: std::collections::BTreeSet<&str> = file
            .match_indices("\"url\":\"")
            .map(|(at, m)| {
                let url = &file[at + m.len()..];
                &url[..url.find('/').unwrap()]
            })
            .collect();
        assert_eq!(folders.len(), 1, "{file}");
    }
    let m01 = files
        .iter()
        .position(|f| f.contains("\"url\":\"m01/"))
        .unwrap();
    let site = site.write(
        "content/m01/l00.md",
        "---\ntitle: Lesson renamed\nchecklist: [Practise step 0 of 0]\n---\nText.\n\n- [ ] Try it 0\n",
    );
    site.build();
    let after = stamps(&site.read("progress.html"));
    for i in 0..5 {
        let file = site.read(&format!("assets/progress-items/{i}.js"));
        assert_eq!(file != files[i], i == m01, "module {i}'s file");
        assert_eq!(after[i] != before[i], i == m01, "module {i}'s stamp");
    }
    assert!(
        site.read(&format!("assets/progress-items/{m01}.js"))
            .contains("Lesson renamed")
    );
}

#[test]
fn output_is_byte_identical_on_one_thread_and_on_many() {
    // Issue 6: the parallel build (pages, search index, writes in any order) must not change a
    // byte. The real binary, once with one rayon thread and once with eight, into two folders.
    let site = course_of(45);
    let build = |threads: &str, out: &str| {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_syllabus"))
            .args(["build", "--output", out])
            .env("RAYON_NUM_THREADS", threads)
            .current_dir(&site.root)
            .status()
            .expect("run syllabus");
        assert!(status.success(), "build with {threads} threads");
        crate::harness::snapshot(&site.root.join(out))
    };
    let one = build("1", "one");
    let many = build("8", "many");
    assert!(one.len() > 90, "{} files", one.len());
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        many.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &one {
        assert!(bytes == &many[path], "{path} differs");
    }
}

#[test]
fn a_theme_overrides_interface_strings_key_by_key() {
    // Only the keys it gives change; the rest come from the embedded English table. An
    // argument in an `_html` string is escaped like any printed value.
    let site = SiteTest::fixture("basic")
        .write(
            "themes/default/i18n/en.toml",
            "my_progress = \"Mein Fortschritt\"\n\
             lessons_count = { one = \"{n} Lektion\", other = \"{n} Lektionen\" }\n\
             progress_lead_html = \"Alles in <em>{title}</em>.\"\n",
        )
        .write(
            "content/_index.md",
            "---\ntitle: \"A <b> & C\"\n---\nWelcome.\n",
        );
    site.build();
    let home = site.read("index.html");
    assert!(home.contains(">Mein Fortschritt</a>"), "{home}");
    assert!(home.contains("2 Lektionen"), "{home}");
    assert!(
        home.contains(">Skip to content</a>"),
        "the rest stays English"
    );
    let progress = site.read("progress.html");
    assert!(progress.contains("<h1>Mein Fortschritt</h1>"));
    assert!(
        progress.contains("Alles in <em>A &lt;b&gt; &amp; C</em>."),
        "{progress}"
    );
}

#[test]
fn a_broken_strings_table_or_an_unknown_key_is_an_error_naming_it() {
    let site = SiteTest::fixture("basic").write("themes/default/i18n/en.toml", "my_progress = 3\n");
    let err = site.errors();
    assert!(
        err.contains("i18n/en.toml") && err.contains("not a table of strings"),
        "{err}"
    );
    let site = SiteTest::fixture("basic").write(
        "themes/default/templates/404.html",
        "{{ t(key=\"no_such_key\") }}",
    );
    let err = site.errors();
    assert!(err.contains("no interface string `no_such_key`"), "{err}");
    assert!(err.contains("404.html"), "{err}");
}

#[test]
fn quiz_feedback_is_required_unless_site_toml_makes_it_optional() {
    // Issue 17: a course that does not use per-option feedback got a warning per option.
    let quiz = "title: Q\nquestions:\n  - type: single\n    prompt: P\n    options:\n      - {text: a, correct: true}\n      - {text: b, correct: false, feedback: Why not.}\n  - type: true_false\n    prompt: T\n    answer: true\n";
    let site = SiteTest::fixture("basic").write("content/01-first/09-check.quiz.yaml", quiz);
    let messages = |site: &SiteTest| -> Vec<String> {
        site.build()
            .warnings
            .iter()
            .filter(|w| w.message.contains("feedback"))
            .map(|w| format!("{}:{}", w.line, w.message))
            .collect()
    };
    assert_eq!(
        messages(&site),
        [
            "6:question 1: option \"a\" has no `feedback`",
            "8:question 2 has no `feedback_false`",
            "8:question 2 has no `feedback_true`",
        ]
    );
    let toml = std::fs::read_to_string(site.root.join("site.toml")).unwrap();
    let site = site.write(
        "site.toml",
        format!("{toml}\n[quiz]\nfeedback = \"optional\"\n"),
    );
    assert_eq!(messages(&site), Vec::<String>::new());
    let site = site.write(
        "site.toml",
        format!("{toml}\n[quiz]\nfeedback = \"sometimes\"\n"),
    );
    let err = site.errors();
    assert!(
        err.contains("sometimes") && err.contains("optional"),
        "{err}"
    );
}

#[test]
fn headings_never_take_the_themes_ids() {
    // Issue 17: `## Main` took `id="main"`, the skip link's target, twice on the page.
    let site = SiteTest::fixture("basic").write(
        "content/01-first/02-beta.md",
        "---\ntitle: Beta\n---\n## Main\n\n## Search input\n\n## Main\n\nSee [the second](#main-2).\n",
    );
    site.build();
    let page = site.read("first/beta.html");
    assert_eq!(
        page.matches("id=\"main\"").count(),
        1,
        "only <main>: {page}"
    );
    assert!(page.contains("<h2 id=\"main-1\">Main</h2>"), "{page}");
    assert!(
        page.contains("<h2 id=\"search-input-1\">Search input</h2>"),
        "{page}"
    );
    assert!(page.contains("<h2 id=\"main-2\">Main</h2>"), "{page}");
    assert_eq!(page.matches("id=\"search-input\"").count(), 1);
}

#[test]
fn bare_urls_become_links_in_lessons_and_quizzes() {
    // Issue 17: GitHub makes links of bare URLs and addresses; Syllabus left them as text.
    let site = SiteTest::fixture("basic")
        .write(
            "content/01-first/02-beta.md",
            "---\ntitle: Beta\n---\nRead https://example.com/guide, www.example.org or write to <team@example.com> or team@example.com.\n\n`https://in.code` stays.\n",
        )
        .write(
            "content/01-first/09-check.quiz.yaml",
            "title: Q\nquestions:\n  - type: single\n    prompt: See https://example.com/q first.\n    options:\n      - {text: a, correct: true, feedback: f}\n      - {text: b, correct: false, feedback: f}\n",
        );
    site.build();
    let beta = site.read("first/beta.html");
    for link in [
        "<a href=\"https://example.com/guide\">https://example.com/guide</a>,",
        "<a href=\"http://www.example.org\">www.example.org</a>",
        "<a href=\"mailto:team@example.com\">team@example.com</a>.",
        "<code>https://in.code</code>",
    ] {
        assert!(beta.contains(link), "{link}: {beta}");
    }
    let quiz = site.read("first/check.html");
    assert!(
        quiz.contains("<a href=\"https://example.com/q\">https://example.com/q</a>"),
        "{quiz}"
    );
}

#[test]
fn heading_ids_follow_github_while_progress_keys_stay_as_they_were() {
    // Issue 17: ids as GitHub gives them, so links written for GitHub find their headings.
    // Checklist items and quiz questions keep the keys stored progress uses (they are not
    // heading ids): a learner's ticks from before still show.
    let site = SiteTest::fixture("basic")
        .write(
            "content/01-first/02-beta.md",
            "---\ntitle: Beta\n---\n## Task - Create the cloud resources\n\n## Say you’re sorry\n\n- [ ] Say you’re sorry\n- [ ] Über Preise reden\n",
        )
        .write(
            "content/01-first/01-alpha.md",
            "---\ntitle: Alpha\n---\nSee [the task](02-beta.md#task---create-the-cloud-resources) and [sorry](02-beta.md#say-youre-sorry).\n",
        );
    site.build();
    let beta = site.read("first/beta.html");
    assert!(
        beta.contains("<h2 id=\"task---create-the-cloud-resources\">"),
        "{beta}"
    );
    assert!(beta.contains("<h2 id=\"say-youre-sorry\">"), "{beta}");
    for key in [
        "check:first/beta#say-you-re-sorry",
        "check:first/beta#uber-preise-reden",
    ] {
        assert!(
            beta.contains(&format!("data-unit=\"{key}\"")),
            "{key}: {beta}"
        );
    }
}

#[test]
fn a_link_to_a_missing_heading_names_the_closest_one() {
    // Issue 17: a link written for the old ids (`#you-re-welcome`) or with a typo is told the
    // heading it probably means, on the same page and on another.
    let site = SiteTest::fixture("basic")
        .write(
            "content/01-first/02-beta.md",
            "---\ntitle: Beta\n---\n## You’re welcome\n\nSee [above](#you-re-welcome).\n",
        )
        .write(
            "content/01-first/01-alpha.md",
            "---\ntitle: Alpha\n---\nSee [beta](02-beta.md#Youre-Welcome) and [gamma](../02-second/01-gamma.md#some-headin).\n",
        );
    let err = site.errors();
    for (link, id) in [
        ("#you-re-welcome", "youre-welcome"),
        ("02-beta.md#Youre-Welcome", "youre-welcome"),
        ("../02-second/01-gamma.md#some-headin", "some-heading"),
    ] {
        let at = err
            .find(&format!("link to `{link}`"))
            .unwrap_or_else(|| panic!("{link}: {err}"));
        let help = &err[at..];
        let help = &help[..help.find("\n\n").unwrap_or(help.len())];
        assert!(
            help.contains(&format!("did you mean `#{id}`?")),
            "{link}: {help}"
        );
    }
}
