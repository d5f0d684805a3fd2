//! The `syllabus` binary: parse the command line, start logging, run, map the result to an exit code.

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser as _;
use syllabus::cli::Cli;
use syllabus::diag::ContentErrors;

/// mimalloc instead of the system allocator: a build makes and drops many small values (Tera's
/// page contexts, the search stage's words), and glibc's malloc and free were a tenth of its
/// instructions (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info"))
        .format(|buf, record| match record.level() {
            log::Level::Info => writeln!(buf, "{}", record.args()),
            level => {
                let style = buf.default_level_style(level);
                writeln!(
                    buf,
                    "{style}{}{style:#}: {}",
                    level.as_str().to_lowercase(),
                    record.args()
                )
            }
        })
        .init();
    match cli.run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if let Some(content) = e.downcast_ref::<ContentErrors>() {
                eprintln!("{content}");
            } else {
                eprintln!("error: {e}");
                for cause in e.chain().skip(1) {
                    eprintln!("  caused by: {cause}");
                }
            }
            ExitCode::FAILURE
        }
    }
}
