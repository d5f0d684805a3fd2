//! A package's launch page (`launch.html`, the SCO the manifest names): the theme's
//! `templates/lms/launch.html` with the package's units embedded. In the browser it finds the
//! LMS's API, holds the one session with it (Initialize once, Terminate once when the learner
//! leaves) and shows the course in a frame, whose pages keep their progress through it
//! (`themes/default/lms/js/scorm.js`, docs/lms.md).

use anyhow::anyhow;
use serde::Serialize;

use super::Format;
use super::units::Plan;
use crate::config::Config;
use crate::theme::{Theme, script_json::json_for_script};

/// The launch page's path in the package.
pub const LAUNCH_PAGE: &str = "launch.html";

/// The template context of the launch page.
#[derive(Serialize)]
struct LaunchView<'a> {
    site: SiteView<'a>,
    /// The package's title: the course's, or the course module's.
    title: &'a str,
    /// `scorm12`, `scorm2004` or `cmi5`.
    format: &'static str,
    /// The launch page's runtime script: `scorm` or `cmi5` (`assets/js/<runtime>.js`).
    runtime: &'static str,
    /// The first page to show, relative to the launch page.
    start: &'a str,
    /// The package's units (`progress::lms::Course`), escaped for a `<script>` element.
    course_json: String,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    language: &'a str,
    dir: &'static str,
    id: &'a str,
}

/// Renders the launch page of `plan`.
pub fn render_launch(
    theme: &Theme,
    config: &Config,
    format: Format,
    plan: &Plan,
) -> anyhow::Result<String> {
    let view = LaunchView {
        site: SiteView {
            title: &config.title,
            language: &config.language,
            dir: crate::theme::language::direction(&config.language),
            id: &config.id,
        },
        title: &plan.title,
        format: format.name(),
        runtime: format.runtime(),
        start: &plan.start,
        course_json: json_for_script(&plan.course),
    };
    let context = tera::Context::from_serialize(&view)
        .map_err(|e| anyhow!("could not prepare the launch page: {e}"))?;
    theme.tera.render("lms/launch.html", &context).map_err(|e| {
        let origin = theme.origins.get("lms/launch.html").map_or_else(
            || "lms/launch.html".to_owned(),
            |o| crate::theme::describe("lms/launch.html", o),
        );
        anyhow!("template {origin} failed for the package's launch page:\n{e}")
    })
}
