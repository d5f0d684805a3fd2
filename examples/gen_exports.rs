//! Writes N learners' progress exports of a course, as the browser's Export writes them, for
//! the report's benchmark (docs/report.md): `cargo run --example gen_exports -- COURSE N DIR`.
//!
//! Learner i has done about i/N of the course: each lesson and checklist item is done with that
//! chance, each quiz answered with each question right with that chance and its stored score the
//! one those answers give (one quiz in twenty stores 10 points more, so some scores are flagged).
//! The same course and N always give the same files.

use std::path::PathBuf;

use serde_json::{Map, Value, json};
use syllabus::build::{BuildOptions, prepare};
use syllabus::progress::grade::{Answers, grade};
use syllabus::report::table::course_units;

/// SplitMix64, so the files never depend on a crate's version.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// True with chance `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [course, n, out] = args.as_slice() else {
        anyhow::bail!("usage: gen_exports COURSE N DIR");
    };
    let n: usize = n.parse()?;
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out)?;
    let opts = BuildOptions {
        root: course.into(),
        output: None,
        drafts: false,
        force: false,
        write: false,
    };
    let prepared = prepare(&opts, false)?;
    let units = course_units(&prepared.loaded.curriculum, &prepared.bodies);
    let base = 1_733_356_800_000_u64;
    for i in 0..n {
        let mut rng = Rng(i as u64);
        let p = (i + 1) as f64 / n as f64;
        let mut records = Map::new();
        for u in &units {
            let at = base + rng.next() % 2_592_000_000;
            let record = match &u.grading {
                None => json!({ "done": rng.chance(p), "at": at }),
                Some(data) => {
                    let answers: Answers = data
                        .questions
                        .iter()
                        .map(|q| {
                            let chosen = if rng.chance(p) {
                                q.correct.clone()
                            } else {
                                vec!["zz".into()]
                            };
                            (q.id.clone(), chosen)
                        })
                        .collect();
                    let score = grade(data, &answers);
                    let best = if rng.chance(0.05) {
                        (score.percent + 10).min(100)
                    } else {
                        score.percent
                    };
                    json!({ "done": score.passed, "best": best, "attempts": 1 + rng.next() % 3,
                            "at": at, "answers": answers, "rev": data.rev })
                }
            };
            records.insert(u.key.clone(), record);
        }
        let export: Value = json!({ "version": 2, "site": prepared.config.id,
            "exported_at": "2026-12-05T01:07:44.000Z",
            "learner": { "name": format!("Learner {:03}", i + 1), "at": base },
            "units": records });
        std::fs::write(
            out.join(format!("learner-{:03}.json", i + 1)),
            serde_json::to_vec(&export)?,
        )?;
    }
    println!(
        "wrote {n} exports of {} units each to {}",
        units.len(),
        out.display()
    );
    Ok(())
}
