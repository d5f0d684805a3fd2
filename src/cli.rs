//! Command line: clap derive, one `Args` struct and `run()` per subcommand.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::build::{BuildOptions, build};
use crate::diag::plural;

/// Turn a training curriculum of markdown lessons and YAML quizzes into a website.
#[derive(Debug, Parser)]
#[command(name = "syllabus", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default public/).
    Build(BuildArgs),
    /// Check every file as a build would, without writing anything.
    Check(CheckArgs),
    /// Serve the site, rebuilding and reloading open pages on every change.
    Serve(ServeArgs),
    /// Start a new course in DIR with a module, a lesson and a quiz.
    Init(InitArgs),
    /// Report on learners' exported progress files: DIR/index.html and DIR/progress.csv.
    Report(ReportArgs),
    /// Package the course for an LMS: a SCORM 1.2, SCORM 2004 or cmi5 zip (docs/lms.md).
    Package(PackageArgs),
    /// Print the JSON Schema of a kind of file, for editors (docs/authoring.md).
    Schema(SchemaArgs),
}

/// Flags shared by the commands that read a course.
#[derive(Debug, Args)]
pub struct CourseArgs {
    /// The course folder, holding site.toml.
    #[arg(long, short, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Include lessons marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

/// How many diagnostics `build` and `check` print.
#[derive(Debug, Args)]
pub struct PrintArgs {
    /// Print at most N errors and warnings (errors first, repeated warnings of a kind in a file
    /// folded into one); the rest are counted. 0 prints them all.
    #[arg(long, value_name = "N", default_value_t = crate::diag::print::DEFAULT_MAX)]
    pub max_diagnostics: usize,
}

/// `syllabus build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    course: CourseArgs,
    #[command(flatten)]
    print: PrintArgs,
    /// Where to write the site (default: output_dir from site.toml, else public/).
    #[arg(long, short, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Replace an output folder that Syllabus did not create (its dotfiles and the files `keep`
    /// in site.toml matches are kept).
    #[arg(long)]
    force: bool,
}

/// `syllabus check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    course: CourseArgs,
    #[command(flatten)]
    print: PrintArgs,
}

/// `syllabus serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    course: CourseArgs,
    /// Address to listen on; anything but loopback exposes the site to the network.
    #[arg(long, default_value = "127.0.0.1")]
    interface: std::net::IpAddr,
    /// Port to listen on; if it is taken, the next free one is used.
    #[arg(long, short, default_value_t = 1111)]
    port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Milliseconds to wait for a burst of saves to settle before rebuilding.
    #[arg(long, default_value_t = 100, value_name = "MS")]
    debounce: u64,
    /// Scan for changes every MS milliseconds instead of using the system's change events:
    /// for network drives, WSL's /mnt paths and container mounts, where no events arrive.
    #[arg(long, value_name = "MS", num_args = 0..=1, default_missing_value = "500")]
    poll: Option<u64>,
    /// Milliseconds a client has to send a request's headers; also how long an idle
    /// keep-alive connection is kept.
    #[arg(long, default_value_t = 30_000, value_name = "MS", value_parser = timeout_ms())]
    header_timeout: u64,
    /// Milliseconds a connection may make no progress (nothing read or written, e.g. a client
    /// that stops reading a response) before it is closed.
    #[arg(long, default_value_t = 60_000, value_name = "MS", value_parser = timeout_ms())]
    idle_timeout: u64,
}

/// A timeout in milliseconds: at least 1, at most a day.
fn timeout_ms() -> clap::builder::RangedU64ValueParser {
    clap::value_parser!(u64).range(1..=86_400_000)
}

/// `syllabus init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the course in (must be empty or not exist).
    pub dir: PathBuf,
}

/// `syllabus schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file's schema to print.
    #[arg(value_enum, required_unless_present = "write")]
    kind: Option<crate::schema::Kind>,
    /// Instead, write every schema into the course's schemas/ folder (after upgrading Syllabus).
    #[arg(long, conflicts_with = "kind")]
    write: bool,
    /// The course folder, holding site.toml (with --write).
    #[arg(long, short, default_value = ".", value_name = "DIR")]
    root: PathBuf,
}

/// `syllabus report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    course: CourseArgs,
    #[command(flatten)]
    print: PrintArgs,
    /// Where to write the report (default: report/ in the course).
    #[arg(long, short, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Progress files exported from the course's progress page, or folders to search for
    /// `*.json` files (and their subfolders).
    #[arg(required = true, value_name = "FILE_OR_DIR")]
    inputs: Vec<PathBuf>,
}

/// `syllabus package`.
#[derive(Debug, Args)]
pub struct PackageArgs {
    /// The kind of package.
    #[arg(value_enum, value_name = "FORMAT")]
    format: crate::package::Format,
    #[command(flatten)]
    course: CourseArgs,
    #[command(flatten)]
    print: PrintArgs,
    /// The zip to write (default: dist/<site id>-<FORMAT>.zip in the course); with
    /// --per-module, the folder to write the zips into (default: dist/).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// One zip per course module, for LMSs where modules are assigned separately.
    #[arg(long)]
    per_module: bool,
}

impl Command {
    /// How many diagnostics the command prints when it fails or warns (see [`PrintArgs`]).
    pub fn max_diagnostics(&self) -> usize {
        match self {
            Command::Build(a) => a.print.max_diagnostics,
            Command::Check(a) => a.print.max_diagnostics,
            Command::Report(a) => a.print.max_diagnostics,
            Command::Package(a) => a.print.max_diagnostics,
            Command::Serve(_) | Command::Init(_) | Command::Schema(_) => {
                crate::diag::print::DEFAULT_MAX
            }
        }
    }

    /// Whether the command runs once and exits (`serve` lives on between builds).
    pub fn is_one_shot(&self) -> bool {
        !matches!(self, Command::Serve(_))
    }
}

impl Cli {
    /// Runs the chosen command.
    pub fn run(self) -> anyhow::Result<()> {
        match self.command {
            Command::Build(a) => a.run(),
            Command::Check(a) => a.run(),
            Command::Serve(a) => a.run(),
            Command::Init(a) => a.run(),
            Command::Report(a) => a.run(),
            Command::Package(a) => a.run(),
            Command::Schema(a) => a.run(),
        }
    }
}

impl BuildArgs {
    fn run(self) -> anyhow::Result<()> {
        let opts = BuildOptions {
            root: self.course.root,
            output: self.output,
            drafts: self.course.drafts,
            force: self.force,
            write: true,
        };
        let report = build(&opts)?;
        print_warnings(&report.warnings, self.print.max_diagnostics);
        let out = report
            .output
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        log::info!(
            "Built {}, {}, {}{}: {} written to {out} in {} ms",
            plural(report.modules, "module"),
            plural(report.lessons, "lesson"),
            plural(report.quizzes, "quiz"),
            scenarios_said(report.scenarios, report.guides),
            plural(report.files, "file"),
            report.elapsed.as_millis()
        );
        Ok(())
    }
}

/// ", 2 scenarios" and ", 1 page beside the course" after the quizzes in what `build` and
/// `check` say, when there are any.
fn scenarios_said(scenarios: usize, guides: usize) -> String {
    let mut said = String::new();
    if scenarios > 0 {
        said.push_str(&format!(", {}", plural(scenarios, "scenario")));
    }
    match guides {
        0 => {}
        1 => said.push_str(", 1 page beside the course"),
        n => said.push_str(&format!(", {n} pages beside the course")),
    }
    said
}

impl CheckArgs {
    fn run(self) -> anyhow::Result<()> {
        let opts = BuildOptions::checking(self.course.root, self.course.drafts);
        let report = build(&opts)?;
        print_warnings(&report.warnings, self.print.max_diagnostics);
        log::info!(
            "Checked {}, {}, {}{}: no errors, {} in {} ms",
            plural(report.modules, "module"),
            plural(report.lessons, "lesson"),
            plural(report.quizzes, "quiz"),
            scenarios_said(report.scenarios, report.guides),
            plural(report.warnings.len(), "warning"),
            report.elapsed.as_millis()
        );
        Ok(())
    }
}

impl ServeArgs {
    fn run(self) -> anyhow::Result<()> {
        crate::serve::serve(&crate::serve::ServeOptions {
            root: self.course.root,
            interface: self.interface,
            port: self.port,
            open: self.open,
            drafts: self.course.drafts,
            debounce: std::time::Duration::from_millis(self.debounce),
            poll: self.poll.map(std::time::Duration::from_millis),
            header_timeout: std::time::Duration::from_millis(self.header_timeout),
            idle_timeout: std::time::Duration::from_millis(self.idle_timeout),
        })
    }
}

impl InitArgs {
    fn run(self) -> anyhow::Result<()> {
        crate::init::write_course(&self.dir)?;
        log::info!(
            "Created a course in {0}. Next: `syllabus build --root {0}`, then open {0}/public/index.html",
            self.dir.display()
        );
        Ok(())
    }
}

impl SchemaArgs {
    fn run(self) -> anyhow::Result<()> {
        use std::io::Write;
        match self.kind {
            Some(kind) => std::io::stdout().write_all(kind.text().as_bytes())?,
            None => {
                crate::schema::write_all(&self.root)?;
                log::info!(
                    "Wrote {} schemas into {}",
                    crate::schema::Kind::ALL.len(),
                    self.root.join(crate::schema::DIR).display()
                );
            }
        }
        Ok(())
    }
}

impl ReportArgs {
    fn run(self) -> anyhow::Result<()> {
        let outcome = crate::report::report(&crate::report::ReportOptions {
            root: self.course.root,
            output: self.output,
            drafts: self.course.drafts,
            inputs: self.inputs,
        })?;
        print_warnings(&outcome.warnings, self.print.max_diagnostics);
        // One line per file left out, `<file>: skipped: <why>`, like a compiler's messages.
        for s in &outcome.skipped {
            eprintln!("{}: skipped: {}", s.path.display(), s.why);
        }
        let skipped = outcome.skipped.len();
        let Some(out) = &outcome.output else {
            anyhow::bail!(
                "no usable progress export among {}; nothing was written",
                plural(outcome.files, "file")
            );
        };
        log::info!(
            "Reported on {} from {} into {} in {} ms",
            plural(outcome.learners, "learner"),
            plural(outcome.files - skipped, "file"),
            out.display(),
            outcome.elapsed.as_millis()
        );
        if skipped > 0 {
            anyhow::bail!(
                "{} of {} left out of the report (see above)",
                skipped,
                plural(outcome.files, "file")
            );
        }
        Ok(())
    }
}

impl PackageArgs {
    fn run(self) -> anyhow::Result<()> {
        let report = crate::package::package(&crate::package::PackageOptions {
            root: self.course.root,
            format: self.format,
            output: self.output,
            per_module: self.per_module,
            drafts: self.course.drafts,
        })?;
        print_warnings(&report.warnings, self.print.max_diagnostics);
        log::info!("{}", crate::package::summary(&report, self.format));
        Ok(())
    }
}

/// The warnings of a build or report that succeeded, listed as [`crate::diag::print::Listing`]
/// lists.
fn print_warnings(warnings: &[crate::diag::Diagnostic], max: usize) {
    if !warnings.is_empty() {
        let listing = crate::diag::print::Listing {
            diags: warnings,
            max,
        };
        match crate::diag::stderr_color() {
            true => eprint!("{listing:#}"),
            false => eprint!("{listing}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
