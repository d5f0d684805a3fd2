//! Report stage (`syllabus report`, issue 15): learners' exported progress files → a report for
//! their manager, `index.html` and `progress.csv`, written atomically like the site.
//!
//! The steps: load and check the course as `check` does (`build::prepare`: the course's errors
//! stop it), read the exports (`inputs`: every bad file is left out with why, never a stop), make
//! the learner table on the course as it is now (`table`, grading quizzes again), render it
//! (`csv`, `html`), and write both through the build's output stage (a temporary folder swapped
//! in; an output folder is replaced only when the build's guard would allow it).

pub mod csv;
pub mod html;
pub mod inputs;
pub mod table;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::bail;

use crate::build::{BuildOptions, guard, output, prepare};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::fs::{OutData, OutFile};
pub use inputs::Skipped;

/// What to report on; made once, before loading.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// The course folder (holding `site.toml`).
    pub root: PathBuf,
    /// Where to write the report (default: `report/` in the course).
    pub output: Option<PathBuf>,
    /// Include lessons marked `draft: true`.
    pub drafts: bool,
    /// Export files, and folders to search for `*.json`.
    pub inputs: Vec<PathBuf>,
}

/// What a report did.
#[derive(Debug)]
pub struct ReportOutcome {
    /// Files looked at.
    pub files: usize,
    /// Learners reported.
    pub learners: usize,
    /// Files left out, and why, in the order found.
    pub skipped: Vec<Skipped>,
    /// The course's warnings, as `check` gives them.
    pub warnings: Vec<Diagnostic>,
    /// Where the report was written; none when no file was usable (nothing is written then).
    pub output: Option<PathBuf>,
    /// Wall time.
    pub elapsed: Duration,
}

/// The default output folder, in the course.
pub const DEFAULT_OUTPUT: &str = "report";

/// Reads the exports `opts.inputs` and writes the report of them on the course at `opts.root`.
/// Fails on the course's errors and when the report cannot be written; bad input files are not
/// errors but [`ReportOutcome::skipped`].
pub fn report(opts: &ReportOptions) -> anyhow::Result<ReportOutcome> {
    let start = Instant::now();
    let build_opts = BuildOptions::checking(opts.root.clone(), opts.drafts);
    let prepared = prepare(&build_opts, false)?;
    let config = &prepared.config;
    let found = inputs::load_exports(&opts.inputs, &config.id);
    log::debug!("read {} files in {:?}", found.files, start.elapsed());
    let mut outcome = ReportOutcome {
        files: found.files,
        learners: found.exports.len(),
        skipped: found.skipped,
        warnings: prepared.warnings,
        output: None,
        elapsed: Duration::ZERO,
    };
    if !found.exports.is_empty() {
        let table = table::make_report(
            &config.title,
            &prepared.loaded.curriculum,
            &prepared.bodies,
            &found.exports,
        );
        log::debug!("made the learner table in {:?}", start.elapsed());
        let theme = crate::theme::load(config)?;
        let page = html::render_html(&table, &theme, &config.language)?;
        log::debug!("rendered index.html in {:?}", start.elapsed());
        let csv = csv::render_csv(&table);
        log::debug!("rendered progress.csv in {:?}", start.elapsed());
        let files = vec![
            OutFile {
                path: "index.html".into(),
                data: OutData::Bytes(page.into()),
            },
            OutFile {
                path: "progress.csv".into(),
                data: OutData::Bytes(csv.into()),
            },
        ];
        let out = output_dir(opts, config)?;
        write_report(config, &out, &files)?;
        outcome.output = Some(out);
    }
    outcome.elapsed = start.elapsed();
    Ok(outcome)
}

fn output_dir(opts: &ReportOptions, config: &Config) -> anyhow::Result<PathBuf> {
    Ok(match &opts.output {
        // A flag is relative to where the author stands, not to the course root.
        Some(out) => std::path::absolute(out)?,
        None => config.root.join(DEFAULT_OUTPUT),
    })
}

/// Writes the report's files as the new content of `out`, under the build's rules for an
/// output folder (`build::guard`: never the course, a system or home folder, nor a folder
/// Syllabus did not create that holds anything), and never into the site's own output folder.
fn write_report(config: &Config, out: &Path, files: &[OutFile]) -> anyhow::Result<()> {
    let default = config.root.join(DEFAULT_OUTPUT);
    if guard::resolve(out)? == guard::resolve(&config.output_dir)? {
        bail!(
            "refusing to write the report to {}: it is the site's output folder, which the next build replaces; choose another folder with --output (the default is {DEFAULT_OUTPUT}/ in the course)",
            out.display()
        );
    }
    let target = guard::Target {
        writing: guard::Writing::Report,
        output: out,
        root: &config.root,
        content: &config.content_dir,
        course_output: &default,
        force: false,
        keep: &[],
    };
    guard::check_output_dir(&target, &guard::Places::of_this_machine())?;
    output::write_site(out, files, &[])?;
    Ok(())
}
