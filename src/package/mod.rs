//! Package stage (`syllabus package`, issue 16): the course as zip files an LMS imports, SCORM 1.2,
//! SCORM 2004 4th edition or cmi5, one for the whole course or one per course module.
//!
//! The steps: load and check the course exactly as `build` does (`build::prepare`: the same
//! errors stop it), work out each package's units (`units`: an `lms::Course`) and refuse one
//! whose resume data could outgrow the format's limit, render the site with its pages set up
//! for the LMS (`Config::lms`) through the build's own output stage into a temporary folder,
//! and write each zip (`zip`): the site, the launch page (`launch`, which holds the one LMS
//! session and shows the course in a frame) and `imsmanifest.xml` (`manifest`) or `cmi5.xml`
//! (`cmi5`). Zips are
//! written to temporary files beside their targets and renamed only when all are complete.

pub mod cmi5;
pub mod launch;
pub mod manifest;
pub mod units;
pub mod zip;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};

use crate::build::{BuildOptions, output, prepare};
use crate::diag::{Diagnostic, plural};
use crate::fs::{OutData, OutFile};
use crate::progress::compact;

/// The kinds of package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// SCORM 1.2.
    Scorm12,
    /// SCORM 2004 4th edition.
    Scorm2004,
    /// cmi5 (xAPI, the LMS's LRS).
    Cmi5,
}

impl Format {
    /// The name in file names and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Scorm12 => "scorm12",
            Format::Scorm2004 => "scorm2004",
            Format::Cmi5 => "cmi5",
        }
    }

    /// The name people know it by.
    pub fn title(self) -> &'static str {
        match self {
            Format::Scorm12 => "SCORM 1.2",
            Format::Scorm2004 => "SCORM 2004 4th edition",
            Format::Cmi5 => "cmi5",
        }
    }

    /// The runtime script of the launch page (`assets/js/<name>.js`).
    pub fn runtime(self) -> &'static str {
        match self {
            Format::Scorm12 | Format::Scorm2004 => "scorm",
            Format::Cmi5 => "cmi5",
        }
    }

    /// The most characters of resume data (`cmi.suspend_data`) the format keeps.
    pub fn suspend_limit(self) -> usize {
        match self {
            Format::Scorm12 => compact::SCORM12_LIMIT,
            Format::Scorm2004 | Format::Cmi5 => compact::SCORM2004_LIMIT,
        }
    }
}

/// What to package and how; made once, before loading.
#[derive(Debug, Clone)]
pub struct PackageOptions {
    /// The course folder (holding `site.toml`).
    pub root: PathBuf,
    /// The kind of package.
    pub format: Format,
    /// The zip to write (default `dist/<site id>-<format>.zip`); with `per_module`, the folder
    /// to write the zips into (default `dist/`).
    pub output: Option<PathBuf>,
    /// One package per course module instead of one for the course.
    pub per_module: bool,
    /// Include lessons marked `draft: true`.
    pub drafts: bool,
}

/// What a package run did.
#[derive(Debug)]
pub struct PackageReport {
    /// Modules, lessons and quizzes packaged.
    pub modules: usize,
    /// Lessons packaged.
    pub lessons: usize,
    /// Quizzes packaged.
    pub quizzes: usize,
    /// Scenarios packaged.
    pub scenarios: usize,
    /// The zips written, each with its size in bytes, its number of files and the longest
    /// resume data its course can have.
    pub zips: Vec<Written>,
    /// The course's warnings, as `build` gives them.
    pub warnings: Vec<Diagnostic>,
    /// Wall time.
    pub elapsed: Duration,
}

/// One zip written.
#[derive(Debug)]
pub struct Written {
    /// Where.
    pub path: PathBuf,
    /// Its size, bytes.
    pub bytes: u64,
    /// Files in it.
    pub files: usize,
    /// The longest resume data its units can need, characters.
    pub suspend_max: usize,
}

/// The default folder for packages, in the course.
pub const DEFAULT_DIR: &str = "dist";

/// Packages the course at `opts.root`. Fails on the course's errors (as `build`), on a package
/// whose resume data could pass the format's limit, and when a zip cannot be written; then no
/// zip is left half-written and no file of the author's is replaced.
pub fn package(opts: &PackageOptions) -> anyhow::Result<PackageReport> {
    let start = Instant::now();
    let build_opts = BuildOptions::checking(opts.root.clone(), opts.drafts);
    let mut prepared = prepare(&build_opts, false)?;
    prepared.config.lms = true;
    let (config, course, bodies) = (
        &prepared.config,
        &prepared.loaded.curriculum,
        &prepared.bodies,
    );

    let plans = units::plans(course, bodies, config, opts.per_module);
    units::check_budget(&plans, opts.format, opts.per_module)?;
    let targets = targets(opts, config, &plans)?;

    // The site, rendered and written as `build` writes it, into a folder of our own.
    let theme = crate::theme::load(config)?;
    let tmp = tempfile::tempdir().context("could not make a temporary folder for the site")?;
    let site_dir = tmp.path().join("site");
    let staging = output::Staging::new(&crate::fs::RealFs, &site_dir, &[])?;
    crate::build::pages::render_site_into(course, bodies, config, &theme, &|f| staging.add(&f))?;
    // The LMS scripts, with this format's runtime only.
    let other_runtimes: Vec<String> = [Format::Scorm12, Format::Cmi5]
        .iter()
        .map(|f| format!("js/{}.js", f.runtime()))
        .filter(|r| *r != format!("js/{}.js", opts.format.runtime()))
        .collect();
    for (name, bytes) in theme
        .lms
        .iter()
        .filter(|(n, _)| !other_runtimes.contains(n))
    {
        staging.add(&OutFile {
            path: format!("assets/{name}"),
            data: OutData::Bytes(bytes.clone()),
        })?;
    }
    staging.finish()?;
    let site_files = zip::list_files(&site_dir)?;

    let mut pending = Vec::new();
    for (plan, target) in plans.iter().zip(&targets) {
        let launch = launch::render_launch(&theme, config, opts.format, plan)?;
        let mut names: Vec<&str> = site_files.iter().map(String::as_str).collect();
        names.push(launch::LAUNCH_PAGE);
        names.sort_unstable();
        let (manifest_path, manifest) = match opts.format {
            Format::Cmi5 => (
                cmi5::COURSE_STRUCTURE,
                cmi5::render_course_structure(config, plan),
            ),
            _ => (
                manifest::MANIFEST,
                manifest::render_manifest(opts.format, config, plan, &names),
            ),
        };
        let extra = [
            (manifest_path, manifest.into_bytes()),
            (launch::LAUNCH_PAGE, launch.into_bytes()),
        ];
        let written = zip::write_temp(target, opts.format, &site_dir, &site_files, &extra)?;
        pending.push((written, plan.suspend_max));
    }
    // Every zip is whole before any takes its place.
    let mut zips = Vec::new();
    for ((temp, files), suspend_max) in pending {
        let path = temp.path.clone();
        let bytes = temp.persist()?;
        zips.push(Written {
            path,
            bytes,
            files,
            suspend_max,
        });
    }
    let warnings = prepared.warnings;
    Ok(PackageReport {
        modules: course.modules.len(),
        lessons: plans.iter().map(|p| p.course.lessons.len()).sum(),
        quizzes: plans.iter().map(|p| p.course.quizzes.len()).sum(),
        scenarios: plans.iter().map(|p| p.course.scenarios.len()).sum(),
        zips,
        warnings,
        elapsed: start.elapsed(),
    })
}

/// Where each plan's zip goes: `--output` (a file, or with `--per-module` a folder), else
/// `dist/<site id>[-<module>]-<format>.zip` in the course. Refuses a target that is a folder,
/// a file that Syllabus did not make, or a place in the course's content (where the next
/// package would take the zip in as a file of the site).
fn targets(
    opts: &PackageOptions,
    config: &crate::config::Config,
    plans: &[units::Plan],
) -> anyhow::Result<Vec<PathBuf>> {
    let (root, site) = (&config.root, &config.id);
    let fmt = opts.format.name();
    let paths: Vec<PathBuf> =
        if opts.per_module {
            let dir = match &opts.output {
                Some(d) => std::path::absolute(d)
                    .with_context(|| format!("bad --output {}", d.display()))?,
                None => root.join(DEFAULT_DIR),
            };
            plans
                .iter()
                .map(|p| dir.join(format!("{site}-{}-{fmt}.zip", file_part(&p.name))))
                .collect()
        } else {
            vec![match &opts.output {
                Some(f) => std::path::absolute(f)
                    .with_context(|| format!("bad --output {}", f.display()))?,
                None => root.join(DEFAULT_DIR).join(format!("{site}-{fmt}.zip")),
            }]
        };
    let content = std::path::absolute(&config.content_dir)
        .with_context(|| format!("bad content folder {}", config.content_dir.display()))?;
    for p in &paths {
        if p.starts_with(&content) {
            bail!(
                "{} is inside the course's content folder {}, whose files become the site's; write the package elsewhere (--output)",
                p.display(),
                config.content_dir.display()
            );
        }
        zip::check_target(p)?;
    }
    Ok(paths)
}

/// A course module's id as part of a file name: letters, digits, `-`, `_` and `.` kept, anything
/// else `-`.
fn file_part(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// The one-line summary `syllabus package` prints.
pub fn summary(report: &PackageReport, format: Format) -> String {
    let mut what = format!(
        "{}, {}, {}",
        plural(report.modules, "module"),
        plural(report.lessons, "lesson"),
        plural(report.quizzes, "quiz")
    );
    if report.scenarios > 0 {
        what += &format!(", {}", plural(report.scenarios, "scenario"));
    }
    let kb: u64 = report.zips.iter().map(|z| z.bytes.div_ceil(1024)).sum();
    // One line however many zips: with --per-module, their folder and their total size.
    let place = match &report.zips[..] {
        [one] => format!("{} ({kb} KB)", one.path.display()),
        [first, ..] => {
            let dir = first.path.parent().unwrap_or(std::path::Path::new("."));
            format!("{} ({kb} KB in all)", dir.display())
        }
        [] => String::new(),
    };
    let suspend = report.zips.iter().map(|z| z.suspend_max).max().unwrap_or(0);
    format!(
        "Packaged {what} as {}: {} written to {}; resume data at most {} of {} characters, in {} ms",
        format.title(),
        plural(report.zips.len(), "zip"),
        place,
        suspend,
        format.suspend_limit(),
        report.elapsed.as_millis()
    )
}
