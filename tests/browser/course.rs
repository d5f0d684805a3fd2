//! What the tests expect, read from the course's own source files (`content/`), independently of
//! the generated pages: the order of modules, lessons and quizzes, their titles and URLs, how many
//! checklist items each lesson has, and each quiz's answer key by option text.
//!
//! It follows docs/authoring.md for what the bundled course uses (number prefixes, no `weight`,
//! front-matter checklists and body task lists) and panics on anything else, so a course change it
//! does not understand is noticed instead of silently mis-predicted.

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub struct Course {
    pub title: String,
    pub modules: Vec<Module>,
}

pub struct Module {
    pub title: String,
    /// URL from the site root, e.g. `human-selling/index.html`.
    pub url: String,
    pub items: Vec<Item>,
}

pub struct Item {
    /// Path from the course root, e.g. `content/01-human-selling/01-cogs.md`.
    pub file: String,
    pub title: String,
    /// URL from the site root, e.g. `human-selling/cogs.html`.
    pub url: String,
    pub kind: Kind,
}

pub enum Kind {
    /// `checks`: practice checklist items (front matter and body task list).
    Lesson {
        checks: Vec<String>,
    },
    Quiz(Quiz),
    /// A branching conversation: one unit, done at any ending.
    Scenario,
}

#[derive(Deserialize)]
pub struct Quiz {
    pub title: String,
    #[serde(default)]
    pub shuffle: bool,
    /// Percent; the site's default when the quiz sets none.
    pub pass_mark: Option<u32>,
    pub questions: Vec<Question>,
}

#[derive(Deserialize)]
pub struct Question {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub options: Vec<QuizOption>,
    pub answer: Option<bool>,
    pub feedback_true: Option<String>,
    pub feedback_false: Option<String>,
    pub explanation: Option<String>,
}

#[derive(Deserialize)]
pub struct QuizOption {
    pub text: String,
    pub correct: bool,
    pub feedback: Option<String>,
}

impl Question {
    /// The answers a learner sees, in authored order: `(label text, correct, feedback)`.
    /// True/false questions offer "True" and "False".
    pub fn choices(&self) -> Vec<(String, bool, Option<String>)> {
        if self.kind == "true_false" {
            let answer = self.answer.expect("a true_false question has `answer`");
            return vec![
                ("True".into(), answer, self.feedback_true.clone()),
                ("False".into(), !answer, self.feedback_false.clone()),
            ];
        }
        self.options
            .iter()
            .map(|o| (o.text.clone(), o.correct, o.feedback.clone()))
            .collect()
    }
}

#[derive(Deserialize)]
struct FrontMatter {
    title: String,
    #[serde(default)]
    checklist: Vec<CheckItem>,
    weight: Option<i64>,
    draft: Option<bool>,
    roleplay: Option<Roleplay>,
}

/// A role-play: its rubric items are checklist items of the lesson, after the front matter's.
#[derive(Deserialize)]
struct Roleplay {
    rubric: Vec<CheckItem>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum CheckItem {
    Text(String),
    WithId { text: String },
}

impl Course {
    /// The bundled course of this repository.
    pub fn bundled() -> Self {
        Self::read(Path::new(env!("CARGO_MANIFEST_DIR")))
    }

    /// The course whose `site.toml` and `content/` are in `root`.
    pub fn read(root: &Path) -> Self {
        let content = root.join("content");
        let site: toml::Table = toml::from_str(
            &std::fs::read_to_string(root.join("site.toml")).expect("read site.toml"),
        )
        .expect("site.toml");
        let default_pass_mark = site
            .get("quiz")
            .and_then(|q| q.get("pass_mark"))
            .and_then(|p| p.as_integer())
            .unwrap_or(80) as u32;
        let (home, _) = front_matter(&content.join("_index.md"));
        let mut modules = Vec::new();
        for dir in sorted_entries(&content).into_iter().filter(|p| p.is_dir()) {
            let dir_name = name_of(&dir);
            let slug = strip_number(&dir_name);
            let (front, _) = front_matter(&dir.join("_index.md"));
            let mut items = Vec::new();
            for file in sorted_entries(&dir) {
                let name = name_of(&file);
                let rel = format!("content/{dir_name}/{name}");
                if name == "_index.md" {
                    continue;
                } else if let Some(stem) = name.strip_suffix(".quiz.yaml") {
                    let text = std::fs::read_to_string(&file).expect("read quiz");
                    let mut quiz: Quiz = yaml_serde::from_str(&text)
                        .unwrap_or_else(|e| panic!("{rel}: not a quiz this test reads: {e}"));
                    quiz.pass_mark.get_or_insert(default_pass_mark);
                    assert!(
                        !text.contains("\nweight:") && !text.contains("\nid:"),
                        "{rel}: `weight`/`id` are not modelled by tests/browser/course.rs"
                    );
                    items.push(Item {
                        file: rel,
                        title: quiz.title.clone(),
                        url: format!("{slug}/{}.html", strip_number(stem)),
                        kind: Kind::Quiz(quiz),
                    });
                } else if let Some(stem) = name.strip_suffix(".scenario.yaml") {
                    let text = std::fs::read_to_string(&file).expect("read scenario");
                    let value: yaml_serde::Value = yaml_serde::from_str(&text)
                        .unwrap_or_else(|e| panic!("{rel}: not a scenario this test reads: {e}"));
                    assert!(
                        value.get("weight").is_none() && value.get("id").is_none(),
                        "{rel}: `weight`/`id` are not modelled by tests/browser/course.rs"
                    );
                    items.push(Item {
                        file: rel,
                        title: value["title"].as_str().expect("a title").to_owned(),
                        url: format!("{slug}/{}.html", strip_number(stem)),
                        kind: Kind::Scenario,
                    });
                } else if let Some(stem) = name.strip_suffix(".md") {
                    let (front, body) = front_matter(&file);
                    assert!(
                        front.weight.is_none() && front.draft.is_none(),
                        "{rel}: `weight`/`draft` are not modelled by tests/browser/course.rs"
                    );
                    let rubric = front.roleplay.iter().flat_map(|r| &r.rubric);
                    let mut checks: Vec<String> = front
                        .checklist
                        .iter()
                        .chain(rubric)
                        .map(|c| match c {
                            CheckItem::Text(t) | CheckItem::WithId { text: t } => t.clone(),
                        })
                        .collect();
                    checks.extend(task_items(&body));
                    items.push(Item {
                        file: rel,
                        title: front.title,
                        url: format!("{slug}/{}.html", strip_number(stem)),
                        kind: Kind::Lesson { checks },
                    });
                }
            }
            modules.push(Module {
                url: format!("{slug}/index.html"),
                title: front.title,
                items,
            });
        }
        Course {
            title: home.title,
            modules,
        }
    }

    /// Every page in the course's reading order: home, then each module and its items.
    /// `(title, url)`.
    pub fn reading_order(&self) -> Vec<(String, String)> {
        let mut pages = vec![(self.title.clone(), "index.html".to_string())];
        for m in &self.modules {
            pages.push((m.title.clone(), m.url.clone()));
            for i in &m.items {
                pages.push((i.title.clone(), i.url.clone()));
            }
        }
        pages
    }

    /// The module and item with this URL.
    pub fn item(&self, url: &str) -> (&Module, &Item) {
        self.modules
            .iter()
            .find_map(|m| m.items.iter().find(|i| i.url == url).map(|i| (m, i)))
            .unwrap_or_else(|| panic!("no lesson or quiz at {url}"))
    }

    pub fn quiz(&self, url: &str) -> &Quiz {
        match &self.item(url).1.kind {
            Kind::Quiz(q) => q,
            Kind::Lesson { .. } | Kind::Scenario => panic!("{url} is not a quiz"),
        }
    }

    pub fn checks(&self, url: &str) -> &[String] {
        match &self.item(url).1.kind {
            Kind::Lesson { checks } => checks,
            Kind::Quiz(_) | Kind::Scenario => panic!("{url} is not a lesson"),
        }
    }

    /// How many progress units the whole course has (see Module::units).
    pub fn units(&self) -> usize {
        self.modules.iter().map(Module::units).sum()
    }
}

impl Module {
    /// How many progress units the module has: for each lesson its checklist items and "complete",
    /// for each quiz one ("passed"), for each scenario one (played to an ending).
    pub fn units(&self) -> usize {
        self.items.iter().map(Item::units).sum()
    }
}

impl Item {
    pub fn units(&self) -> usize {
        match &self.kind {
            Kind::Lesson { checks } => checks.len() + 1,
            Kind::Quiz(_) | Kind::Scenario => 1,
        }
    }
}

/// "3 of 8 done, 38%": the label the progress bars show (rounded percentage).
pub fn progress_text(done: usize, total: usize) -> String {
    let pct = if total == 0 {
        0
    } else {
        ((done * 100) as f64 / total as f64).round() as usize
    };
    format!("{done} of {total} done, {pct}%")
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("folder entry").path())
        .collect();
    entries.sort();
    entries
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .expect("file name")
        .to_string_lossy()
        .into_owned()
}

/// `01-human-selling` -> `human-selling`.
fn strip_number(name: &str) -> String {
    let rest = name.trim_start_matches(|c: char| c.is_ascii_digit());
    if rest.len() < name.len() {
        rest.trim_start_matches(['-', '_']).to_string()
    } else {
        name.to_string()
    }
}

fn front_matter(path: &Path) -> (FrontMatter, String) {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let rest = text
        .strip_prefix("---\n")
        .unwrap_or_else(|| panic!("{}: no front matter", path.display()));
    let (yaml, body) = rest
        .split_once("\n---\n")
        .unwrap_or_else(|| panic!("{}: front matter not closed", path.display()));
    let front = yaml_serde::from_str(yaml)
        .unwrap_or_else(|e| panic!("{}: front matter: {e}", path.display()));
    (front, body.to_string())
}

/// The texts of the body's task-list items (`- [ ] text`).
fn task_items(body: &str) -> Vec<String> {
    body.lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let l = l
                .strip_prefix("- ")
                .or_else(|| l.strip_prefix("* "))
                .or_else(|| l.strip_prefix("+ "))?;
            l.strip_prefix("[ ] ")
                .or_else(|| l.strip_prefix("[x] "))
                .or_else(|| l.strip_prefix("[X] "))
                .map(|t| t.trim().to_string())
        })
        .collect()
}
