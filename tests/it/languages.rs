//! The interface in the course's language (issue 20): site.toml's `language` picks the theme's
//! table, with its plural rules and text direction; an unknown language is an error at its
//! place, and a string a table lacks is a warning naming it.

use crate::harness::SiteTest;

/// The basic fixture in `language`, plus its `site.toml` line.
fn in_language(language: &str) -> SiteTest {
    let site = SiteTest::fixture("basic");
    let toml = std::fs::read_to_string(site.root.join("site.toml")).unwrap();
    site.write("site.toml", format!("{toml}language = \"{language}\"\n"))
}

#[test]
fn every_shipped_language_builds_the_bundled_course_without_a_warning() {
    for (language, dir, my_progress) in [
        ("en", "ltr", "My progress"),
        ("fr", "ltr", "Ma progression"),
        ("de", "ltr", "Mein Fortschritt"),
        ("es", "ltr", "Mi progreso"),
        ("pt-BR", "ltr", "Meu progresso"),
        ("ar", "rtl", "تقدمي"),
    ] {
        let site = SiteTest::fixture("basic");
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let toml = std::fs::read_to_string(repo.join("site.toml"))
            .unwrap()
            .replace("language = \"en\"", &format!("language = \"{language}\""));
        std::fs::remove_dir_all(site.root.join("content")).unwrap();
        crate::harness::copy_tree(&repo.join("content"), &site.root.join("content"));
        let site = site.write("site.toml", toml);
        let report = site.build();
        assert!(
            report.warnings.is_empty(),
            "{language}: {:?}",
            report.warnings
        );
        let home = site.read("index.html");
        assert!(
            home.contains(&format!("<html lang=\"{language}\" dir=\"{dir}\"")),
            "{language}: {}",
            &home[..200]
        );
        assert!(home.contains(my_progress), "{language}: no {my_progress:?}");
    }
}

#[test]
fn plural_forms_follow_the_language() {
    // The fixture's first module has two lessons; `n_lessons` says "2 …" in each language's form.
    for (language, two_lessons) in [("en", "2 lessons"), ("fr", "2 leçons"), ("ar", "درسان")]
    {
        let site = in_language(language);
        site.build();
        let home = site.read("index.html");
        assert!(home.contains(two_lessons), "{language}: no {two_lessons:?}");
    }
}

#[test]
fn an_unknown_language_is_an_error_at_its_place_listing_the_known_ones() {
    let errors = in_language("sv").errors();
    assert!(
        errors.contains("site.toml:4:12: error: the interface has no language `sv`: the theme has ar, de, en, es, fr, pt-BR"),
        "{errors}"
    );
}

#[test]
fn a_regional_tag_uses_its_language_s_table() {
    let site = in_language("fr-CA");
    let report = site.build();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let home = site.read("index.html");
    assert!(home.contains("<html lang=\"fr-CA\" dir=\"ltr\""));
    assert!(home.contains("Ma progression"));
}

#[test]
fn a_theme_s_own_language_table_falls_back_to_english_key_by_key_with_a_warning() {
    let site = in_language("sv").write(
        "themes/default/i18n/sv.toml",
        "my_progress = \"Mina framsteg\"\n",
    );
    let report = site.build();
    let home = site.read("index.html");
    assert!(home.contains("Mina framsteg"));
    assert!(home.contains("Skip to content"), "the rest stays English");
    let missing: Vec<String> = report.warnings.iter().map(|w| w.message.clone()).collect();
    assert!(
        missing.contains(
            &"the `sv` interface has no string `skip_to_content`: it is shown in English"
                .to_owned()
        ),
        "{missing:?}"
    );
    assert!(!missing.iter().any(|m| m.contains("`my_progress`")));
    assert!(
        report.warnings.iter().all(|w| w.line == 4),
        "at site.toml's `language`"
    );
}

/// The basic fixture in `language` with site.toml's `[strings]` table `strings`.
fn with_strings(language: &str, strings: &str) -> SiteTest {
    let site = in_language(language);
    let toml = std::fs::read_to_string(site.root.join("site.toml")).unwrap();
    site.write("site.toml", format!("{toml}\n[strings]\n{strings}"))
}

#[test]
fn site_toml_strings_say_the_interface_the_course_s_way_in_pages_and_scripts() {
    let site = with_strings(
        "fr",
        "lessons_count = { one = \"{n} séquence\", other = \"{n} séquences\" }\nmy_progress = \"Mon parcours\"\n",
    );
    let report = site.build();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let home = site.read("index.html");
    // The fixture's first module has two lessons.
    assert!(home.contains("2 séquences"), "the plural override");
    assert!(home.contains("Mon parcours") && !home.contains("Ma progression"));
    assert!(
        home.contains("Modules"),
        "the strings not overridden stay French"
    );
    // The scripts read the same table.
    let scripts = site.read("assets/syllabus-text.js");
    assert!(scripts.contains("Mon parcours") && scripts.contains("{n} séquence"));
    // `check` agrees.
    let out = site.run(&["check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_wrong_site_toml_string_is_an_error_at_its_key_saying_what_to_write() {
    let site = with_strings(
        "en",
        "modul = \"Unit\"\nlessons_count = \"{n} units\"\nmodule = { one = \"Unit\", other = \"Units\" }\nmy_progress = \"My {thing}\"\nskip_to_content = \"Jump\"\n",
    );
    let errors = site.errors();
    for expected in [
        "site.toml:7:1: error: the interface has no string `modul`",
        "did you mean `module`?",
        "site.toml:8:1: error: `lessons_count` depends on a number: give its forms",
        "write it as lessons_count = { one = \"…\", other = \"…\" }, with the plural categories of `en`",
        "site.toml:9:1: error: `module` does not depend on a number: write it as one string",
        "site.toml:10:1: error: `my_progress` has no placeholder {thing}",
    ] {
        assert!(errors.contains(expected), "no {expected:?} in\n{errors}");
    }
    assert!(
        !errors.contains("skip_to_content"),
        "a right one is not an error"
    );
    // `check` reports the same places, and nothing was written.
    let out = site.run(&["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("site.toml:8:1: error: `lessons_count` depends on a number"),
        "{stderr}"
    );
    assert!(!site.out().exists());
}

/// Every text file under `dir`, concatenated.
fn all_text(dir: &std::path::Path) -> String {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn no_page_of_a_course_in_another_language_says_an_english_interface_word() {
    // The Latin fixture has every kind of page and no English of its own, so any English word
    // on its pages is the interface's. The same course in English shows them: the check finds.
    let latin = |language: &str| {
        let site = SiteTest::fixture("latin");
        let toml = std::fs::read_to_string(site.root.join("site.toml")).unwrap();
        site.write("site.toml", format!("language = \"{language}\"\n{toml}"))
    };
    let english_site = latin("en");
    english_site.build();
    let content = all_text(&english_site.root.join("content"));
    let english_home = crate::english::visible_text(&english_site.read("index.html"));
    assert!(
        crate::english::EnglishWords::new("fr", &content)
            .leaks(&english_home)
            .len()
            > 10,
        "the English home page shows English interface words"
    );
    for language in ["fr", "de", "es", "pt-BR", "ar"] {
        let site = latin(language);
        let report = site.build();
        assert!(
            report.warnings.is_empty(),
            "{language}: {:?}",
            report.warnings
        );
        let english = crate::english::EnglishWords::new(language, &content);
        assert!(english.len() > 200, "{language}: {} words", english.len());
        let pages: Vec<String> = site
            .output_files()
            .into_iter()
            .filter(|f| f.ends_with(".html"))
            .collect();
        assert!(pages.len() >= 11, "{pages:?}");
        for page in pages {
            let leaks = english.leaks(&crate::english::visible_text(&site.read(&page)));
            assert!(leaks.is_empty(), "{language} {page}: {leaks:#?}");
        }
        // The pages of an LMS package, its launch page with them.
        let out = site.run(&["package", "scorm2004"]);
        assert!(out.status.success(), "{}", crate::package::stderr(&out));
        let files = crate::package::unzip(&site.root.join("dist/latinus-scorm2004.zip"));
        let pages: Vec<&String> = files.keys().filter(|f| f.ends_with(".html")).collect();
        assert!(pages.iter().any(|p| *p == "launch.html"), "{pages:?}");
        for page in pages {
            let html = crate::package::text(&files, page);
            let leaks = english.leaks(&crate::english::visible_text(&html));
            assert!(leaks.is_empty(), "{language} package {page}: {leaks:#?}");
        }
    }
}

/// The theme's files under `dir` ending in `ext`, with their text.
fn theme_files(dir: &str, ext: &str) -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    walkdir::WalkDir::new(root.join(dir))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == ext))
        .map(|e| {
            let name = e.path().strip_prefix(root).unwrap().display().to_string();
            (name, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

/// `text` with every `open … close` span cut out.
fn cut(text: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(open) {
        out.push_str(&rest[..i]);
        out.push(' ');
        rest = rest[i..]
            .find(close)
            .map_or("", |e| &rest[i + e + close.len()..]);
    }
    out.push_str(rest);
    out
}

#[test]
fn no_template_or_script_says_an_english_interface_string_outside_the_tables() {
    // Templates: once Tera's tags are cut out, no letter may be left in their text or in the
    // attributes people read (the strings come from `t(…)`).
    let templates = theme_files("themes/default/templates", "html");
    assert!(templates.len() >= 15, "{}", templates.len());
    for (name, text) in &templates {
        let text = cut(&cut(&cut(text, "{#", "#}"), "{%", "%}"), "{{", "}}");
        let shown = crate::english::visible_text(&text);
        let words: Vec<String> = crate::english::words(&shown).collect();
        assert!(words.is_empty(), "{name} says {words:?} outside the tables");
    }
    // Scripts: no string literal of two or more words of the English table's strings (a prose
    // word is a run of letters between spaces), but for
    // messages to the console (`log`, `console`, `Error`: for developers, not learners), CSS
    // selectors and class names, and the English stop words of search.js.
    let interface: std::collections::BTreeSet<String> = {
        let en = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n/en.toml"),
        )
        .unwrap();
        crate::english::words(&cut(&cut(&en, "{", "}"), "<", ">"))
            .filter(|w| w.len() >= 4)
            .collect()
    };
    let mut scripts = theme_files("themes/default/static", "js");
    scripts.extend(theme_files("themes/default/lms", "js"));
    assert!(scripts.len() >= 14, "{}", scripts.len());
    let not_for_learners = [
        "console.",
        "log(",
        "Error(",
        "querySelector",
        "closest(",
        "className",
        "STOP_WORDS",
    ];
    for (name, text) in &scripts {
        let code = cut(text, "/*", "*/");
        for (n, line) in code.lines().enumerate() {
            let line = line.split(" // ").next().unwrap();
            if line.trim_start().starts_with("//")
                || not_for_learners.iter().any(|m| line.contains(m))
            {
                continue;
            }
            for quote in ['"', '\'', '`'] {
                for (i, literal) in line.split(quote).enumerate() {
                    // Words of prose: a class name or an id (`scenario-line`) is not one.
                    let said: Vec<String> = literal
                        .split_whitespace()
                        .map(|w| {
                            w.trim_end_matches(['.', ',', ':', ';', '!', '?'])
                                .to_lowercase()
                        })
                        .filter(|w| w.chars().all(char::is_alphabetic) && interface.contains(w))
                        .collect();
                    assert!(
                        i % 2 == 0 || said.len() < 2 || !literal.contains(' '),
                        "{name}:{}: {literal:?} is English outside the tables",
                        n + 1
                    );
                }
            }
        }
    }
}

#[test]
fn punctuation_the_templates_add_follows_the_language() {
    // French puts a no-break space before a colon and a narrow one before a percent sign; the
    // templates take both from the table instead of writing ": " and "%" themselves.
    let site = in_language("fr");
    site.build();
    let module = site.read("first/index.html");
    assert!(module.contains("Quiz\u{a0}: </span>"), "{module}");
    assert!(!module.contains("Quiz: "));
    let sidebar = site.read("first/alpha.html");
    assert!(sidebar.contains("Quiz\u{a0}: </span>"));
}
