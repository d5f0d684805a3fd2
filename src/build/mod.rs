//! The one entry point: [`build`] runs the pipeline (config → load → check → markdown → templates
//! → output) and is shared by `syllabus build`, `check`, `serve` and the tests.

pub mod checks;
pub mod guard;
pub mod incremental;
mod keep;
pub mod links;
mod manifest;
pub mod output;
pub mod pages;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::anyhow;

use crate::config::{self, Config};
use crate::diag::{ContentErrors, Diagnostic};
use crate::fs::OutFile;
use crate::model::Entry;
use crate::render::{Bodies, Reused, course::render_bodies};
use crate::theme;
use links::SiteIndex;
use pages::{render_site, render_site_into};

/// What to build and how; made once, before loading.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The course folder (holding `site.toml`).
    pub root: PathBuf,
    /// Output folder, overriding `output_dir` in `site.toml`.
    pub output: Option<PathBuf>,
    /// Include lessons marked `draft: true`.
    pub drafts: bool,
    /// Replace an output folder Syllabus did not create.
    pub force: bool,
    /// Write the site, or only check it.
    pub write: bool,
}

impl BuildOptions {
    /// Options that load and check the course at `root` and write nothing (`check`, `serve`,
    /// `report` and `package`, which write elsewhere or not at all).
    pub fn checking(root: PathBuf, drafts: bool) -> BuildOptions {
        BuildOptions {
            root,
            output: None,
            drafts,
            force: false,
            write: false,
        }
    }
}

/// What a build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Modules built.
    pub modules: usize,
    /// Lessons built.
    pub lessons: usize,
    /// Quizzes built.
    pub quizzes: usize,
    /// Scenarios (branching conversations) built.
    pub scenarios: usize,
    /// Pages beside the course (guides) built.
    pub guides: usize,
    /// Files written (0 for a check).
    pub files: usize,
    /// Warnings, sorted.
    pub warnings: Vec<Diagnostic>,
    /// Wall time.
    pub elapsed: Duration,
    /// Where the site was written.
    pub output: Option<PathBuf>,
}

/// Builds (or, with `write: false`, checks) the course described by `opts`.
pub fn build(opts: &BuildOptions) -> anyhow::Result<BuildReport> {
    let mode = if opts.write { Mode::Write } else { Mode::Check };
    run(opts, mode).map(|(report, _)| report)
}

/// Renders the whole site into memory without writing anything (for `serve`).
pub fn render(opts: &BuildOptions) -> anyhow::Result<(BuildReport, Vec<OutFile>)> {
    run(opts, Mode::Memory)
}

/// How far a build goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Load and check only.
    Check,
    /// Render every page, keep them in memory.
    Memory,
    /// Render and write to the output folder.
    Write,
}

/// Everything a build knows before templates: checked config, the course, its link index and
/// rendered markdown. `serve` keeps it between rebuilds.
pub struct Prepared {
    /// The checked configuration.
    pub config: Config,
    /// The course as loaded.
    pub loaded: crate::load::Loaded,
    /// Link targets by source path.
    pub index: SiteIndex,
    /// Rendered markdown of every page.
    pub bodies: Bodies,
    /// Warnings found (no errors: those fail `prepare`).
    pub warnings: Vec<Diagnostic>,
}

/// Loads, checks and renders the markdown of the course; content errors fail it.
pub fn prepare(opts: &BuildOptions, check_output: bool) -> anyhow::Result<Prepared> {
    let start = Instant::now();
    let config = load_config(opts)?;
    if check_output {
        let target = guard::Target {
            writing: guard::Writing::Site,
            output: &config.output_dir,
            root: &config.root,
            content: &config.content_dir,
            course_output: &config.course_output_dir,
            force: opts.force,
            keep: &config.keep,
        };
        guard::check_output_dir(&target, &guard::Places::of_this_machine())?;
    }
    let (loaded, mut diags) = crate::load::load_curriculum(&config, opts.drafts);
    let Some(loaded) = loaded else {
        return Err(ContentErrors(diags.into_sorted()).into());
    };
    checks::check_curriculum(&loaded.curriculum, &mut diags);
    crate::theme::language::check(&config, &mut diags);
    log::debug!("loaded the course in {:?}", start.elapsed());
    let index = SiteIndex::new(&loaded, &config.content_dir, config.base_url.as_deref());
    let bodies = render_bodies(
        &loaded.curriculum,
        &config,
        &index,
        &mut diags,
        Reused::default(),
    );
    log::debug!("loaded and rendered markdown in {:?}", start.elapsed());
    let warnings = diags.into_result()?;
    Ok(Prepared {
        config,
        loaded,
        index,
        bodies,
        warnings,
    })
}

fn run(opts: &BuildOptions, mode: Mode) -> anyhow::Result<(BuildReport, Vec<OutFile>)> {
    let start = Instant::now();
    let Prepared {
        config,
        loaded,
        bodies,
        warnings,
        ..
    } = prepare(opts, mode == Mode::Write)?;
    let course = &loaded.curriculum;

    let (mut lessons, mut quizzes, mut scenarios) = (0, 0, 0);
    for e in course.modules.iter().flat_map(|m| &m.entries) {
        match e {
            Entry::Lesson(_) => lessons += 1,
            Entry::Quiz(_) => quizzes += 1,
            Entry::Scenario(_) => scenarios += 1,
        }
    }
    let mut report = BuildReport {
        modules: course.modules.len(),
        lessons,
        quizzes,
        scenarios,
        guides: course.guides.len(),
        files: 0,
        warnings,
        elapsed: Duration::ZERO,
        output: None,
    };
    let mut files = Vec::new();
    match mode {
        Mode::Check => {}
        Mode::Memory => {
            let theme = theme::load(&config)?;
            (files, _) = render_site(course, &bodies, &config, &theme)?;
            report.files = files.len();
        }
        Mode::Write => {
            // Each file goes to disk as soon as it is rendered, into a temporary folder that is
            // swapped in at the end; an error drops it and the old output stays.
            let theme = theme::load(&config)?;
            let staging =
                output::Staging::new(&crate::fs::RealFs, &config.output_dir, &config.keep)?;
            render_site_into(course, &bodies, &config, &theme, &|f| staging.add(&f))?;
            log::debug!("rendered and wrote pages in {:?}", start.elapsed());
            report.files = staging.finish()?;
            report.output = Some(config.output_dir.clone());
        }
    }
    report.elapsed = start.elapsed();
    Ok((report, files))
}

/// Reads `site.toml`, applies the CLI's patches and checks it.
fn load_config(opts: &BuildOptions) -> anyhow::Result<Config> {
    let (text, path) = config::load(&opts.root)?;
    let raw = config::parse_str(&text, &path).map_err(|d| ContentErrors(vec![d]))?;
    let mut config =
        Config::from_raw(raw, &opts.root, &path, &text).map_err(|d| ContentErrors(vec![d]))?;
    if let Some(out) = &opts.output {
        // A flag is relative to where the author stands, not to the course root.
        config.output_dir =
            std::path::absolute(out).map_err(|e| anyhow!("bad --output {}: {e}", out.display()))?;
    }
    Ok(config)
}
