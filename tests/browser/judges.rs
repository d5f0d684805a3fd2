//! What the outside judges (axe-core, the Nu HTML Checker, the link check) looked at and found,
//! written to `target/tmp/browser-judges/<judge>.txt` so that `scripts/test` can print a closing
//! note after the run (a passing test's own output is hidden by the test runner).

use std::path::PathBuf;

pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-judges")
}

/// Replaces the note of `judge` with `text`.
pub fn note(judge: &str, text: &str) {
    let dir = dir();
    std::fs::create_dir_all(&dir).expect("create the judges' notes folder");
    std::fs::write(dir.join(format!("{judge}.txt")), text).expect("write a judge's note");
}
