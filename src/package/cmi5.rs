//! `cmi5.xml`, the course structure at the root of a cmi5 package: the course and one AU (the
//! whole course, or one course module with `--per-module`) launched by `launch.html`, with its
//! `moveOn` rule and `masteryScore` (0 to 1). The LMS hands both to the AU at launch, in the
//! `LMS.LaunchData` state document; the AU's runtime is `themes/default/lms/js/cmi5.js`.

use quick_xml::escape::escape;

use super::manifest::scaled;
use super::units::Plan;
use crate::config::Config;

/// The course structure's path in the package.
pub const COURSE_STRUCTURE: &str = "cmi5.xml";

/// The IRI of the course of `config`: `urn:syllabus:<site id>`.
pub fn course_iri(config: &Config) -> String {
    format!("urn:syllabus:{}", config.id)
}

/// The IRI of the AU of `plan`: `urn:syllabus:<site id>:au` for the whole course,
/// `urn:syllabus:<site id>:module:<module id>` for one course module.
pub fn au_iri(config: &Config, plan: &Plan) -> String {
    if plan.name == config.id {
        format!("{}:au", course_iri(config))
    } else {
        format!("{}:module:{}", course_iri(config), plan.name)
    }
}

/// The course structure of the package of `plan`. The AU is done when completed and, with
/// quizzes, passed (`moveOn`), its pass mark the package's mastery score.
pub fn render_course_structure(config: &Config, plan: &Plan) -> String {
    let lang = escape(config.language.as_str());
    let langstring =
        |text: &str| format!("<langstring lang=\"{lang}\">{}</langstring>", escape(text));
    let describe = |text: &str, or: &str| langstring(if text.is_empty() { or } else { text });
    let quizzes = !plan.course.quizzes.is_empty();
    let (move_on, mastery) = if quizzes {
        (
            "CompletedAndPassed",
            format!(" masteryScore=\"{}\"", scaled(plan.course.mastery)),
        )
    } else {
        ("Completed", String::new())
    };
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="{course}">
    <title>{course_title}</title>
    <description>{course_description}</description>
  </course>
  <au id="{au}" moveOn="{move_on}"{mastery} launchMethod="AnyWindow">
    <title>{au_title}</title>
    <description>{au_description}</description>
    <url>launch.html</url>
  </au>
</courseStructure>
"#,
        course = escape(course_iri(config).as_str()),
        course_title = langstring(&config.title),
        course_description = describe(&config.description, &config.title),
        au = escape(au_iri(config, plan).as_str()),
        au_title = langstring(&plan.title),
        au_description = describe(&config.description, &plan.title),
    )
}
