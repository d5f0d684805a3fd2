//! The ids the default theme's templates give their own elements (the skip link's `#main`, the
//! search box, the contents, the progress page's controls), which a heading of the course must
//! not take: a `## Main` with the id `main` broke the skip link (issue 17). Heading ids that
//! would clash get a suffix (`main-1`), and links to the heading follow it. A theme that adds
//! ids of its own names them in docs/theme.md's way: with a prefix no heading slug has (`s-`
//! followed by a digit is safe), or it lists them here.

/// The theme's fixed ids.
const FIXED: [&str; 21] = [
    "backup",
    "backup-title",
    "certificate-title",
    "complete-title",
    "course-nav",
    "import-file",
    "items-title",
    "learner-name",
    "learner-name-hint",
    "lesson-complete",
    "main",
    "modules-title",
    "objectives-title",
    "overview-title",
    "practice-title",
    "roleplay-title",
    "rubric-title",
    "scenario-title",
    "search-hint",
    "search-input",
    "search-results",
];

/// Whether `id` is one the theme gives its own elements: a fixed one, or one of its numbered
/// patterns (`m2-title`, `p1-2-3`, `p1-2-done`, `q3-prompt`, `q3-o1`, `practice-4`,
/// `rubric-2`, `role-1-title`).
pub fn is_theme_id(id: &str) -> bool {
    if FIXED.contains(&id) {
        return true;
    }
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    // Without collecting the parts: this runs for every heading of the course.
    let mut parts = id.split('-');
    let (Some(first), Some(second)) = (parts.next(), parts.next()) else {
        return false;
    };
    match (first, second, parts.next(), parts.next()) {
        (m, "title", None, None) => m.strip_prefix('m').is_some_and(number),
        ("role", n, Some("title"), None) => number(n),
        (p, a, Some(b), None) => {
            p.strip_prefix('p').is_some_and(number) && number(a) && (number(b) || b == "done")
        }
        (q, "prompt", None, None) => q.strip_prefix('q').is_some_and(number),
        (q, o, None, None) => {
            (q.strip_prefix('q').is_some_and(number) && o.strip_prefix('o').is_some_and(number))
                || ((q == "practice" || q == "rubric") && number(o))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every id the default templates write is known here: a new one must be added.
    #[test]
    fn every_id_of_the_default_templates_is_listed() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates");
        let mut found = 0;
        for entry in walkdir::WalkDir::new(dir) {
            let entry = entry.unwrap();
            // The report's page (`syllabus report`) shows no course headings: its ids meet none.
            if !entry.file_type().is_file()
                || entry.path().parent().is_some_and(|p| p.ends_with("report"))
            {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for (i, _) in text.match_indices(" id=\"") {
                let rest = &text[i + 5..];
                let id = &rest[..rest.find('"').unwrap()];
                // Fill the template's numbers in, as a page would.
                let id = id
                    .replace("{{ mi }}", "2")
                    .replace("{{ ii }}", "3")
                    .replace("{{ loop.index }}", "4")
                    .replace("{{ qn }}", "5");
                if id.contains("{{") {
                    // `{{ site.id }}` and the like are the course's own values.
                    continue;
                }
                assert!(is_theme_id(&id), "{}: id {id}", entry.path().display());
                found += 1;
            }
        }
        assert!(found > 20, "{found} ids");
    }

    #[test]
    fn headings_ids_are_not_the_themes() {
        for id in [
            "main",
            "m1-title",
            "p1-22-3",
            "p1-2-done",
            "q1-prompt",
            "q2-o3",
            "practice-1",
        ] {
            assert!(is_theme_id(id), "{id}");
        }
        for id in [
            "main-1",
            "m-title",
            "q1-option",
            "p1-2",
            "practice",
            "intro",
            "mains",
        ] {
            assert!(!is_theme_id(id), "{id}");
        }
    }
}
