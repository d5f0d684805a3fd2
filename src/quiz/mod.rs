//! Quiz files: `*.quiz.yaml` text → [`Quiz`], then the checks that make it gradable.
//!
//! serde (through `crate::yaml`) catches shape mistakes with their line; the checks here catch
//! meaning mistakes (no correct option, two correct in a single-answer question, a true/false
//! question without `answer`) and point at the question or option's line.

use std::path::Path;

pub mod guess;
mod raw;

use crate::config::{Config, Feedback, Guessable};
use crate::diag::{Diagnostic, Diagnostics, shorten};
use crate::model::{Choice, Question, QuestionKind, Quiz};
use raw::RawQuestion;
pub use raw::RawQuiz;

/// How much of an author's text a message quotes, in characters.
const QUOTED: usize = 60;

/// Parses and checks one quiz file. Returns the quiz and its `weight`; every mistake found
/// (errors and warnings) goes into `diags`.
pub fn parse_str(
    text: &str,
    path: &Path,
    module_slug: &str,
    slug: &str,
    config: &Config,
    diags: &mut Diagnostics,
) -> Option<(Quiz, Option<i64>)> {
    let raw: RawQuiz = crate::yaml::parse_page(text, path, &config.limits.yaml, diags)?;
    let errors_before = diags.error_count();
    let id = match crate::load::names::checked_id(raw.id, module_slug, slug, path, text) {
        Ok(id) => id,
        Err(d) => {
            diags.push(d);
            String::new()
        }
    };
    let updated =
        crate::load::names::checked_updated(raw.updated, path, text).unwrap_or_else(|d| {
            diags.push(d);
            None
        });
    let lines: Vec<&str> = text.lines().collect();
    // One index for the whole file: a quiz of 100,000 options without feedback has as many
    // warnings, and each used to scan the file for its line (issue 22).
    let index = crate::diag::LineIndex::new(text);
    let at = |line: usize, message: String| {
        Diagnostic::with_snippet(
            path,
            index.line_text(line),
            line,
            col_of(&lines, line),
            message,
        )
    };
    let pass_mark = raw.pass_mark.unwrap_or(config.pass_mark);
    if pass_mark > 100 {
        let (line, _) = crate::load::names::locate(text, "pass_mark:");
        diags.push(
            at(line, format!("pass_mark {pass_mark} is above 100"))
                .with_help("the pass mark is a percentage"),
        );
    }
    let (questions_line, question_lines) = sequence_items(&lines, "questions", 0, lines.len());
    if raw.questions.is_empty() {
        diags.push(
            at(
                questions_line.unwrap_or(1),
                "the quiz has no questions".into(),
            )
            .with_help("add at least one question under `questions:`"),
        );
    }
    let mut questions: Vec<Question> = Vec::new();
    let mut seen_ids = std::collections::HashMap::new();
    for (n, rq) in raw.questions.into_iter().enumerate() {
        let q_line = question_lines
            .get(n)
            .copied()
            .or(questions_line)
            .unwrap_or(1);
        let q_end = question_lines
            .get(n + 1)
            .copied()
            .map_or(lines.len(), |l| l - 1);
        let name = match &rq.id {
            Some(id) => format!("question {} (\"{}\")", n + 1, shorten(id, QUOTED)),
            None => format!("question {}", n + 1),
        };
        let qid = rq
            .id
            .clone()
            .map(|i| slug::slugify(&i))
            .unwrap_or_else(|| format!("q{}", n + 1));
        if let Some(&prev) = seen_ids.get(&qid) {
            let prev_line = question_lines.get(prev).copied().unwrap_or(1);
            diags.push(
                at(
                    q_line,
                    format!("{name} has the same id as question {}", prev + 1),
                )
                .with_label(
                    path,
                    text,
                    prev_line,
                    col_of(&lines, prev_line),
                    format!("question {} has it", prev + 1),
                )
                .with_help("question ids must be unique within a quiz"),
            );
        }
        let (_, option_lines) = sequence_items(&lines, "options", q_line - 1, q_end);
        let choices = match rq.kind {
            QuestionKind::TrueFalse => {
                true_false_choices(&rq, &name, q_line, &at, config.quiz_feedback, diags)
            }
            QuestionKind::Single | QuestionKind::Multiple => {
                let mut choices = Vec::new();
                for key in ["answer", "feedback_true", "feedback_false"] {
                    let present = match key {
                        "answer" => rq.answer.is_some(),
                        "feedback_true" => rq.feedback_true.is_some(),
                        _ => rq.feedback_false.is_some(),
                    };
                    if present {
                        diags.push(
                            at(
                                q_line,
                                format!("{name}: `{key}` is only for `type: true_false` questions"),
                            )
                            .with_help("mark the right option with `correct: true` instead"),
                        );
                    }
                }
                for (k, o) in rq.options.iter().flatten().enumerate() {
                    let o_line = option_lines.get(k).copied().unwrap_or(q_line);
                    let correct = o.correct.unwrap_or_else(|| {
                        diags.push(
                            at(
                                o_line,
                                format!(
                                    "{name}: option \"{}\" has no `correct` field",
                                    shorten(&o.text, QUOTED)
                                ),
                            )
                            .with_help("add `correct: true` or `correct: false` to every option"),
                        );
                        false
                    });
                    let feedback = o.feedback.clone().unwrap_or_else(|| {
                        if config.quiz_feedback == Feedback::Optional {
                            return String::new();
                        }
                        diags.push(
                            at(
                                o_line,
                                format!(
                                    "{name}: option \"{}\" has no `feedback`",
                                    shorten(&o.text, QUOTED)
                                ),
                            )
                            .with_help(
                                "say why this option is right or wrong; learners learn from it",
                            )
                            .warning(),
                        );
                        String::new()
                    });
                    let id = match &o.id {
                        Some(id) => {
                            let slug = slug::slugify(id);
                            if slug.is_empty() {
                                diags.push(
                                    at(
                                        o_line,
                                        format!(
                                            "{name}: option id `{}` has no letters or digits",
                                            shorten(id, QUOTED)
                                        ),
                                    )
                                    .with_help("use a short name such as `listen-first`"),
                                );
                            }
                            slug
                        }
                        None => option_id(k),
                    };
                    choices.push(Choice {
                        id,
                        text: o.text.clone(),
                        correct,
                        feedback,
                    });
                }
                check_choices(rq.kind, &choices, &name, q_line, &at, diags);
                choices
            }
        };
        if rq.prompt.trim().is_empty() {
            diags.push(at(q_line, format!("{name} has an empty `prompt`")));
        }
        seen_ids.insert(qid.clone(), n);
        questions.push(Question {
            id: qid,
            kind: rq.kind,
            prompt: rq.prompt,
            choices,
            explanation: rq.explanation,
            line: q_line,
        });
    }
    if diags.error_count() > errors_before {
        return None;
    }
    if let Some(n) = raw.draw
        && (n == 0 || n as usize > questions.len())
    {
        let (line, _) = crate::load::names::locate(text, "draw:");
        diags.push(
            at(
                line,
                format!(
                    "`draw: {n}` asks for {n} of the quiz's {} questions on each attempt",
                    questions.len()
                ),
            )
            .with_help(if n == 0 {
                "draw at least 1 question, or remove `draw:` to ask every question".to_owned()
            } else {
                format!(
                    "draw at most {} questions, or add more questions to the pool",
                    questions.len()
                )
            }),
        );
        return None;
    }
    if config.quiz_guessable == Guessable::Warn {
        let english = config.language.split(['-', '_']).next() == Some("en");
        let line = questions_line.unwrap_or(1);
        for g in guess::giveaways(&questions, raw.shuffle, line, english) {
            diags.push(at(g.line, g.message).with_help(g.help).warning());
        }
    }
    let quiz = Quiz {
        id,
        url: format!("{module_slug}/{slug}.html"),
        title: raw.title,
        description: raw.description,
        pass_mark,
        shuffle: raw.shuffle,
        questions,
        draw: raw.draw,
        updated,
        path: path.to_path_buf(),
        text: text.to_owned(),
    };
    Some((quiz, raw.weight))
}

/// `a`, `b`, … `z`, `aa`, `ab`…: the ids of options that have no `id` of their own, by position.
/// Moving such an option changes what a stored answer means, which is why authors who reorder
/// options give them ids (docs/authoring.md).
fn option_id(k: usize) -> String {
    if k < 26 {
        ((b'a' + k as u8) as char).to_string()
    } else {
        format!("{}{}", option_id(k / 26 - 1), option_id(k % 26))
    }
}

fn true_false_choices(
    rq: &RawQuestion,
    name: &str,
    q_line: usize,
    at: &impl Fn(usize, String) -> Diagnostic,
    needs: Feedback,
    diags: &mut Diagnostics,
) -> Vec<Choice> {
    if rq.options.is_some() {
        diags.push(
            at(
                q_line,
                format!("{name}: a true_false question takes `answer`, not `options`"),
            )
            .with_help(
                "write `answer: true` (or false) with `feedback_true:` and `feedback_false:`",
            ),
        );
    }
    let Some(answer) = rq.answer else {
        diags.push(at(
            q_line,
            format!("{name}: a true_false question needs `answer: true` or `answer: false`"),
        ));
        return Vec::new();
    };
    let mut choice = |value: bool, feedback: &Option<String>, key: &str| {
        let feedback = feedback.clone().unwrap_or_else(|| {
            if needs == Feedback::Optional {
                return String::new();
            }
            diags.push(
                at(q_line, format!("{name} has no `{key}`"))
                    .with_help("say why this answer is right or wrong")
                    .warning(),
            );
            String::new()
        });
        let text = if value { "True" } else { "False" };
        Choice {
            id: text.to_lowercase(),
            text: text.into(),
            correct: value == answer,
            feedback,
        }
    };
    vec![
        choice(true, &rq.feedback_true, "feedback_true"),
        choice(false, &rq.feedback_false, "feedback_false"),
    ]
}

fn check_choices(
    kind: QuestionKind,
    choices: &[Choice],
    name: &str,
    q_line: usize,
    at: &impl Fn(usize, String) -> Diagnostic,
    diags: &mut Diagnostics,
) {
    let correct = choices.iter().filter(|c| c.correct).count();
    if choices.len() < 2 {
        diags.push(at(
            q_line,
            format!(
                "{name} needs at least two options, it has {}",
                choices.len()
            ),
        ));
    } else if correct == 0 {
        diags.push(
            at(q_line, format!("{name} has no correct answer"))
                .with_help("mark the right option with `correct: true`"),
        );
    } else if kind == QuestionKind::Single && correct > 1 {
        diags.push(
            at(
                q_line,
                format!("{name} is `type: single` but has {correct} correct options"),
            )
            .with_help("keep one `correct: true`, or make it `type: multiple`"),
        );
    }
    // Linear, not pairwise: a quiz of 100,000 options took 45 s (issue 22).
    let mut ids = std::collections::HashSet::with_capacity(choices.len());
    for c in choices.iter().filter(|c| !c.id.is_empty()) {
        if !ids.insert(c.id.as_str()) {
            diags.push(
                at(
                    q_line,
                    format!("{name} has two options with the id `{}`", shorten(&c.id, QUOTED)),
                )
                .with_help("option ids must be unique within a question; an option without `id` takes its letter (a, b, c…) as its id"),
            );
        }
    }
    let mut seen = std::collections::HashSet::with_capacity(choices.len());
    for c in choices {
        if !seen.insert(c.text.as_str()) {
            diags.push(at(
                q_line,
                format!("{name} lists option \"{}\" twice", shorten(&c.text, QUOTED)),
            ));
        }
    }
}

/// Column of the first non-space character of 1-based `line`.
pub(crate) fn col_of(lines: &[&str], line: usize) -> usize {
    lines
        .get(line.wrapping_sub(1))
        .map_or(1, |l| l.len() - l.trim_start().len() + 1)
}

/// Finds the block sequence under `key:` between lines `from..to` (0-based, exclusive end):
/// the 1-based line of the key and of each item's `-`. Flow-style sequences give no items, and
/// callers fall back to the enclosing line.
pub(crate) fn sequence_items(
    lines: &[&str],
    key: &str,
    from: usize,
    to: usize,
) -> (Option<usize>, Vec<usize>) {
    let is_key = |l: &str| {
        let t = l.trim_start().trim_start_matches("- ");
        t.strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    };
    let Some(k) = (from..to.min(lines.len())).find(|&i| is_key(lines[i])) else {
        return (None, Vec::new());
    };
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut items = Vec::new();
    let mut item_indent = None;
    for (i, l) in lines
        .iter()
        .enumerate()
        .take(to.min(lines.len()))
        .skip(k + 1)
    {
        let t = l.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let is_item = t == "-" || t.starts_with("- ");
        match item_indent {
            None if is_item => {
                item_indent = Some(indent(l));
                items.push(i + 1);
            }
            None => break,
            Some(ind) if indent(l) == ind && is_item => items.push(i + 1),
            Some(ind) if indent(l) <= ind => break,
            Some(_) => {}
        }
    }
    (Some(k + 1), items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequence_items_finds_each_dash() {
        let text = "title: t\nquestions:\n  - type: single\n    options:\n      - text: a\n      - text: b\n  - type: true_false\n";
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            sequence_items(&lines, "questions", 0, lines.len()),
            (Some(2), vec![3, 7])
        );
        assert_eq!(
            sequence_items(&lines, "options", 2, 6),
            (Some(4), vec![5, 6])
        );
    }

    #[test]
    fn option_ids_are_letters() {
        assert_eq!(option_id(0), "a");
        assert_eq!(option_id(25), "z");
        assert_eq!(option_id(26), "aa");
    }
}
