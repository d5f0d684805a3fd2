//! `syllabus init DIR`: a new course with one module, a lesson and a quiz that build at once, and
//! the JSON Schemas of its files with the editor settings that attach them (src/schema/).

use std::path::Path;

use anyhow::bail;

/// The starter course: (path in the new folder, contents). `{title}` and `{id}` are filled in.
const STARTER: [(&str, &str); 6] = [
    (
        "site.toml",
        // `#:schema` attaches site.toml's schema in editors built on Taplo (VS Code's Even Better
        // TOML among them), relative to the course folder.
        r#"#:schema ./schemas/site.schema.json
title = "{title}"
description = "A new Syllabus course"
# Learners' progress is saved in their browser under this id: set it once and keep it.
id = "{id}"
# The interface's language: en, fr, de, es, pt-BR or ar (docs/theme.md).
language = "en"

[quiz]
pass_mark = 80

# Say any interface string your way (your editor offers the keys; docs/theme.md).
# [strings]
# module = "Unit"
"#,
    ),
    (
        "content/_index.md",
        r#"---
title: {title}
description: What this course is about, in one line.
---
Welcome! Work through the modules in order. Tick the practice items as you do them and take
each module's quiz. Your progress is saved in this browser, on this device.
"#,
    ),
    (
        "content/01-getting-started/_index.md",
        r#"---
title: Getting started
description: The first module of the course.
---
This module shows how lessons, checklists and quizzes look.
"#,
    ),
    (
        "content/01-getting-started/01-welcome.md",
        r#"---
title: Welcome
description: How this course works.
duration: 5
objectives:
  - Find your way around the course
  - Know where your progress is kept
checklist:
  - Read this lesson to the end
  - Mark the lesson complete
---
## How it works

Each lesson has objectives at the top and a practice checklist at the bottom. When you have
finished, take the [quiz](09-check.quiz.yaml).
"#,
    ),
    (
        "content/01-getting-started/09-check.quiz.yaml",
        r#"# yaml-language-server: $schema=../../schemas/quiz.schema.json
title: Check your understanding
description: One question to try the quiz.
questions:
  - type: single
    prompt: Where is your progress saved?
    options:
      - text: In this browser, on this device
        correct: true
        feedback: Right. Export it from the progress page to keep a copy.
      - text: On a central server
        correct: false
        feedback: No. The site is static; nothing is sent anywhere.
    explanation: Progress lives in the browser's local storage.
  - type: true_false
    prompt: Renaming a lesson's title loses learners' progress.
    answer: false
    feedback_true: No. Progress is keyed by the lesson's id, not its title.
    feedback_false: Right. Progress is keyed by the lesson's id, not its title.
"#,
    ),
    (
        // VS Code's YAML extension (Red Hat) attaches the quiz and scenario schemas to every such
        // file of the course; it does not read markdown front matter (docs/authoring.md).
        ".vscode/settings.json",
        r#"{
  "yaml.schemas": {
    "./schemas/quiz.schema.json": "content/**/*.quiz.yaml",
    "./schemas/scenario.schema.json": "content/**/*.scenario.yaml"
  },
  "evenBetterToml.schema.enabled": true
}
"#,
    ),
];

/// Writes the starter course into `dir`, which must be empty or not exist.
pub fn write_course(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir)?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty: `syllabus init` only writes into a new or empty folder",
                dir.display()
            );
        }
    }
    let name = std::path::absolute(dir)?
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "course".into());
    let id = match slug::slugify(&name) {
        s if s.is_empty() => "course".to_owned(),
        s => s,
    };
    let title = name.replace(['-', '_'], " ");
    for (path, text) in STARTER {
        let text = text.replace("{title}", &title).replace("{id}", &id);
        crate::fs::write(&dir.join(path), text.as_bytes())?;
    }
    crate::schema::write_all(dir)?;
    Ok(())
}
