//! The floor a build is measured against: read every lesson, render it with pulldown-cmark
//! (the same options Syllabus uses) and write the HTML, nothing else.
//!
//! `cargo run --release --example floor -- COURSE OUT [--single]`: all cores, or one thread.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(course), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: floor COURSE OUT [--single]");
        std::process::exit(2);
    };
    let single = args.iter().any(|a| a == "--single");
    let files: Vec<PathBuf> = walkdir::WalkDir::new(Path::new(course).join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let out = Path::new(out);
    let _ = std::fs::remove_dir_all(out);
    std::fs::create_dir_all(out)?;
    let render = |(i, path): (usize, &PathBuf)| -> std::io::Result<()> {
        let text = std::fs::read_to_string(path)?;
        // Skip the front matter the simplest way: after the second `---` line.
        let body = text.splitn(3, "\n---\n").nth(2).unwrap_or(&text);
        let mut html = String::with_capacity(body.len() * 3 / 2);
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(body, syllabus::markdown::options()),
        );
        std::fs::write(out.join(format!("{i}.html")), html)
    };
    if single {
        files.iter().enumerate().try_for_each(render)
    } else {
        files.par_iter().enumerate().try_for_each(render)
    }
}
