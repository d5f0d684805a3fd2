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

/// mimalloc's `mi_option_purge_delay` (its number in `mi_option_t`, mimalloc.h of the vendored
/// v3; the Rust bindings leave options unnamed on purpose). The test below checks it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps memory a one-shot command frees for its own reuse instead of giving it back to the
/// kernel a second later and faulting it in again: at 100,000 lessons that was 100,000 to
/// 120,000 page faults and 1.5 s of an 8.3-second build, for about 7% more peak memory now
/// (docs/performance.md). `serve`, which lives on between builds, keeps mimalloc's default.
fn keep_freed_memory() {
    // SAFETY: `mi_option_set` stores one number in mimalloc's option table; it is not thread
    // safe, and this runs before the program starts any thread.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let max_diagnostics = cli.command.max_diagnostics();
    if cli.command.is_one_shot() {
        keep_freed_memory();
    }
    let mut logger =
        env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info"));
    // html5ever logs "foster parenting not implemented" once per table with stray text, with
    // no file or line, whatever the level (issue 22): it does foster-parent, and the page
    // comes out right. Its records stay silent unless RUST_LOG names it.
    if !std::env::var("RUST_LOG").is_ok_and(|v| v.contains("html5ever")) {
        logger.filter_module("html5ever", log::LevelFilter::Off);
    }
    logger
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
                let listed = content.listed(max_diagnostics);
                match syllabus::diag::stderr_color() {
                    true => eprintln!("{listed:#}"),
                    false => eprintln!("{listed}"),
                }
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

#[cfg(test)]
mod tests {
    use super::MI_OPTION_PURGE_DELAY;

    /// Option 15 is the purge delay: the only option whose default is 1000 (milliseconds), or
    /// what `MIMALLOC_PURGE_DELAY` says. A mimalloc that renumbered its options fails here.
    #[test]
    fn option_15_is_the_purge_delay() {
        let expected = std::env::var("MIMALLOC_PURGE_DELAY")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1000);
        // SAFETY: reads one number from mimalloc's option table.
        let value = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(value, expected);
    }
}
