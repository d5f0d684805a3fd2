//! Writes a deterministic, realistic course of N lessons for benchmarks:
//! `cargo run --release --example gen_course -- N DIR`.
//!
//! Modules of 20 lessons; each lesson 1.5–4 KB of markdown with headings, lists, a table, a task
//! list, links to other lessons and front matter with objectives and a checklist; one quiz of 5
//! questions per module. The same N always gives the same bytes.

use std::fmt::Write as _;
use std::path::Path;

const PER_MODULE: usize = 20;
const WORDS: [&str; 24] = [
    "customer",
    "listen",
    "value",
    "support",
    "trust",
    "question",
    "follow-up",
    "renewal",
    "care",
    "team",
    "promise",
    "solution",
    "problem",
    "thank",
    "colleague",
    "expert",
    "habit",
    "mindset",
    "offer",
    "need",
    "call",
    "service",
    "sale",
    "relationship",
];

/// A small deterministic generator (SplitMix64), so the corpus never depends on a crate's version.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn words(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| WORDS[self.below(WORDS.len())])
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(dir)) = (
        args.get(1).and_then(|a| a.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: gen_course N DIR");
        std::process::exit(2);
    };
    let dir = Path::new(dir);
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    let content = dir.join("content");
    std::fs::create_dir_all(&content)?;
    std::fs::write(
        dir.join("site.toml"),
        format!("title = \"Generated course of {n} lessons\"\nid = \"gen-{n}\"\n"),
    )?;
    std::fs::write(
        content.join("_index.md"),
        "---\ntitle: Generated course\ndescription: For benchmarks\n---\nWelcome.\n",
    )?;
    let mut rng = Rng(n as u64);
    let modules = n.div_ceil(PER_MODULE);
    for m in 0..modules {
        let mdir = content.join(format!("{m:05}-module-{m}"));
        std::fs::create_dir_all(&mdir)?;
        std::fs::write(
            mdir.join("_index.md"),
            format!(
                "---\ntitle: Module {m}\ndescription: {}\n---\n{}\n",
                rng.words(8),
                rng.words(40)
            ),
        )?;
        let lessons = PER_MODULE.min(n - m * PER_MODULE);
        for l in 0..lessons {
            std::fs::write(
                mdir.join(format!("{l:02}-lesson-{l}.md")),
                lesson(&mut rng, m, l, modules, lessons),
            )?;
        }
        std::fs::write(mdir.join("99-check.quiz.yaml"), quiz(&mut rng, m))?;
    }
    Ok(())
}

fn lesson(rng: &mut Rng, m: usize, l: usize, modules: usize, lessons: usize) -> String {
    let mut s = String::new();
    let (topic, description, duration) = (rng.words(2), rng.words(10), 5 + rng.below(15));
    let _ = writeln!(
        s,
        "---\ntitle: Lesson {m}.{l} on {topic}\ndescription: {description}\nduration: {duration}"
    );
    s.push_str("objectives:\n");
    for _ in 0..3 {
        let _ = writeln!(s, "  - {}", rng.words(6));
    }
    s.push_str("checklist:\n");
    for i in 0..3 {
        let _ = writeln!(s, "  - \"Practise item {i}: {}\"", rng.words(5));
    }
    s.push_str("---\n");
    let sections = 2 + rng.below(4);
    for sec in 0..sections {
        let _ = writeln!(s, "\n## Section {sec}: {}\n", rng.words(3));
        let len = 40 + rng.below(40);
        let _ = writeln!(s, "{}\n", rng.words(len));
        for _ in 0..3 {
            let _ = writeln!(s, "- {}", rng.words(8));
        }
    }
    s.push_str("\n| Situation | What to say |\n| --- | --- |\n");
    for _ in 0..3 {
        let _ = writeln!(s, "| {} | {} |", rng.words(3), rng.words(6));
    }
    // Links: the next lesson in this module and a lesson in another module.
    let next = (l + 1) % lessons;
    let other = rng.below(modules);
    let _ = writeln!(
        s,
        "\nRead on in [the next lesson]({next:02}-lesson-{next}.md) or compare with [another module](../{other:05}-module-{other}/00-lesson-0.md).\n"
    );
    let _ = writeln!(
        s,
        "- [ ] Try it: {}\n- [ ] Note it: {}",
        rng.words(5),
        rng.words(5)
    );
    s
}

fn quiz(rng: &mut Rng, m: usize) -> String {
    // Shuffled, and wrong options a little longer than the right one, like a quiz that passes
    // `check`'s guessing checks (`quiz::guess`): the benchmark measures a build, not warnings.
    let mut s = format!("title: Check module {m}\nshuffle: true\nquestions:\n");
    for q in 0..5 {
        let _ = writeln!(
            s,
            "  - type: single\n    prompt: Question {q} about {}?\n    options:",
            rng.words(4)
        );
        let right = rng.below(3);
        for o in 0..3 {
            let _ = writeln!(
                s,
                "      - text: Option {o} {}{}\n        correct: {}\n        feedback: {}",
                rng.words(3),
                if o == right { "" } else { " or so" },
                o == right,
                rng.words(6)
            );
        }
    }
    s
}
