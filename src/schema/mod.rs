//! JSON Schemas (draft 2020-12) of the files authors write, for their editors: lesson, module and
//! home front matter, quiz and scenario files, and site.toml (`syllabus schema KIND`).
//!
//! Each schema is derived by schemars from the very struct serde parses that file into (the
//! `*Front` structs of `load`, `RawQuiz`, `RawScenario` and `RawConfig`), with the fields' doc
//! comments as descriptions, so a key added to the parser is in the schema too. What only `check`
//! can see (a `next` naming no node, a link to a missing page) stays `check`'s.
//!
//! `syllabus init` writes them into the new course's `schemas/` folder, with the VS Code settings
//! that attach them (docs/authoring.md, "Help from your editor").

use std::path::Path;

use schemars::generate::SchemaSettings;

/// A kind of file with a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// A lesson's front matter (`content/<module>/<lesson>.md`).
    Lesson,
    /// A quiz file (`*.quiz.yaml`).
    Quiz,
    /// A branching scenario file (`*.scenario.yaml`).
    Scenario,
    /// site.toml.
    Site,
    /// A module's `_index.md` front matter.
    Module,
    /// The home page's front matter (`content/_index.md`).
    Home,
}

impl Kind {
    /// Every kind, in the order `init` writes them.
    pub const ALL: [Kind; 6] = [
        Kind::Lesson,
        Kind::Quiz,
        Kind::Scenario,
        Kind::Site,
        Kind::Module,
        Kind::Home,
    ];

    /// Its file name in a course's `schemas/` folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Kind::Lesson => "lesson.schema.json",
            Kind::Quiz => "quiz.schema.json",
            Kind::Scenario => "scenario.schema.json",
            Kind::Site => "site.schema.json",
            Kind::Module => "module.schema.json",
            Kind::Home => "home.schema.json",
        }
    }

    /// The schema.
    pub fn schema(self) -> serde_json::Value {
        match self {
            Kind::Lesson => of::<crate::load::LessonFront>(),
            Kind::Quiz => of::<crate::quiz::RawQuiz>(),
            Kind::Scenario => of::<crate::scenario::RawScenario>(),
            Kind::Site => of::<crate::config::RawConfig>(),
            Kind::Module => of::<crate::load::ModuleFront>(),
            Kind::Home => of::<crate::load::HomeFront>(),
        }
    }

    /// The schema as the text written to a file: pretty JSON, ending in a newline.
    pub fn text(self) -> String {
        let mut text = serde_json::to_string_pretty(&self.schema())
            .expect("a schema is plain JSON and always serialises");
        text.push('\n');
        text
    }
}

/// The schema of `T`, draft 2020-12, every subschema under `$defs`; descriptions unwrapped (a doc
/// comment's line breaks are the source's, not the text's).
fn of<T: schemars::JsonSchema>() -> serde_json::Value {
    let mut schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value();
    unwrap_descriptions(&mut schema);
    schema
}

fn unwrap_descriptions(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    serde_json::Value::String(s) if key == "description" => {
                        *s = s
                            .replace("\n\n", "\u{1}")
                            .replace('\n', " ")
                            .replace('\u{1}', "\n\n");
                    }
                    _ => unwrap_descriptions(v),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(unwrap_descriptions),
        _ => {}
    }
}

/// The folder of a course that holds its schemas.
pub const DIR: &str = "schemas";

/// Writes every schema into `<root>/schemas/`.
pub fn write_all(root: &Path) -> anyhow::Result<()> {
    for kind in Kind::ALL {
        crate::fs::write(
            &root.join(DIR).join(kind.file_name()),
            kind.text().as_bytes(),
        )?;
    }
    Ok(())
}
