//! `imsmanifest.xml`, at the root of every SCORM package: one organization with one item, the
//! course (or course module) as one SCO, launched by `launch.html`, and every file of the
//! package listed in its resource. The pass mark goes where LMSs read it: `adlcp:masteryscore`
//! (SCORM 1.2, percent) and the primary objective's `imsss:minNormalizedMeasure` with
//! `satisfiedByMeasure` (SCORM 2004, 0 to 1; the LMS gives it to the SCO as
//! `cmi.scaled_passing_score`). In 2004 each quiz is also an objective of the item, with the id
//! the SCO reports it under. The tests validate both against the official XSDs (xmllint).

use std::fmt::Write as _;

use quick_xml::escape::escape;

use super::Format;
use super::launch::LAUNCH_PAGE;
use super::units::Plan;
use crate::config::Config;

/// The manifest's path in the package.
pub const MANIFEST: &str = "imsmanifest.xml";

/// The manifest of the package of `plan`, listing `files` (every file of the package but the
/// manifest, sorted).
pub fn render_manifest(format: Format, config: &Config, plan: &Plan, files: &[&str]) -> String {
    let id = format!("syllabus-{}", identifier(&plan.name));
    let title = escape(plan.title.as_str());
    let mut resources = String::new();
    for f in files {
        // Writing to a String cannot fail.
        let _ = writeln!(
            resources,
            "      <file href=\"{}\"/>",
            escape(href(f).as_str())
        );
    }
    let quizzes = !plan.course.quizzes.is_empty();
    match format {
        Format::Scorm12 => {
            let mastery = if quizzes {
                format!(
                    "\n        <adlcp:masteryscore>{}</adlcp:masteryscore>",
                    plan.course.mastery
                )
            } else {
                String::new()
            };
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{id}" version="1"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="organization">
    <organization identifier="organization">
      <title>{title}</title>
      <item identifier="item" identifierref="sco" isvisible="true">
        <title>{title}</title>{mastery}
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco" type="webcontent" adlcp:scormtype="sco" href="{LAUNCH_PAGE}">
{resources}    </resource>
  </resources>
</manifest>
"#
            )
        }
        Format::Scorm2004 | Format::Cmi5 => {
            // (cmi5 packages have `cmi5.xml` instead: src/package/cmi5.rs.)
            let mut objectives = String::new();
            if quizzes {
                let _ = write!(
                    objectives,
                    "\n            <imsss:primaryObjective objectiveID=\"course\" satisfiedByMeasure=\"true\">\n              <imsss:minNormalizedMeasure>{}</imsss:minNormalizedMeasure>\n            </imsss:primaryObjective>",
                    scaled(plan.course.mastery)
                );
                for q in &plan.course.quizzes {
                    let _ = write!(
                        objectives,
                        "\n            <imsss:objective objectiveID=\"{}\"/>",
                        escape(q.id.as_str())
                    );
                }
            } else {
                objectives
                    .push_str("\n            <imsss:primaryObjective objectiveID=\"course\"/>");
            }
            let lang = escape(config.language.as_str());
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{id}" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="organization">
    <organization identifier="organization" xml:lang="{lang}">
      <title>{title}</title>
      <item identifier="item" identifierref="sco" isvisible="true">
        <title>{title}</title>
        <imsss:sequencing>
          <imsss:objectives>{objectives}
          </imsss:objectives>
          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco" type="webcontent" adlcp:scormType="sco" href="{LAUNCH_PAGE}">
{resources}    </resource>
  </resources>
</manifest>
"#
            )
        }
    }
}

/// A percent as SCORM 2004's scaled measure: `80` → `0.8`, `100` → `1`, `0` → `0`.
pub fn scaled(percent: u32) -> String {
    let p = percent.min(100);
    match (p / 100, p % 100) {
        (1, _) => "1".to_owned(),
        (_, 0) => "0".to_owned(),
        (_, r) if r % 10 == 0 => format!("0.{}", r / 10),
        (_, r) => format!("0.{r:02}"),
    }
}

/// A name as an XML identifier (`xs:ID`, an NCName): letters, digits, `-`, `_` and `.` kept,
/// anything else `-`.
fn identifier(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// A package path as a URI reference: bytes outside the unreserved set and `/` are
/// percent-encoded (an author's file may be named `Price list.pdf`).
fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn percents_are_scaled_as_scorm_2004_writes_measures() {
        for (p, s) in [
            (0, "0"),
            (5, "0.05"),
            (60, "0.6"),
            (75, "0.75"),
            (100, "1"),
            (120, "1"),
        ] {
            assert_eq!(super::scaled(p), s, "{p}");
        }
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(super::href("a/Price list.pdf"), "a/Price%20list.pdf");
        assert_eq!(super::href("é.png"), "%C3%A9.png");
        assert_eq!(super::href("assets/js/core.js"), "assets/js/core.js");
    }
}
