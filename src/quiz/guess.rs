//! Answers that can be guessed without knowing the subject: the checks `check` runs on every
//! quiz (issue 18). A careful reading of the first bundled course found its quizzes gave the
//! answer away in the three ways test-wise learners use (the longest option, the usual position,
//! the absolute word), and nothing warned its authors. Each finding says what to change.

use crate::model::{Question, QuestionKind};

/// Words that make a statement absolute, which test-wise learners take for a wrong option
/// (English; other languages are not checked for them).
const ABSOLUTE: &[&str] = &[
    "always",
    "never",
    "only",
    "every",
    "everyone",
    "everything",
    "none",
    "nobody",
    "nothing",
    "guaranteed",
    "impossible",
];

/// Fewer questions than this of a kind are too few to tell a habit from chance.
const MIN_QUESTIONS: usize = 3;

/// How many question numbers a message lists.
const LISTED: usize = 6;

/// One way a quiz gives its answers away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Giveaway {
    /// The line to point at.
    pub line: usize,
    /// What gives the answers away.
    pub message: String,
    /// What to change.
    pub help: String,
}

/// The giveaways of a quiz's questions. `shuffle` is the quiz's, `questions_line` the line of
/// its `questions:` key, `english` whether its text is English.
pub fn giveaways(
    questions: &[Question],
    shuffle: bool,
    questions_line: usize,
    english: bool,
) -> Vec<Giveaway> {
    let mut found = Vec::new();
    found.extend(longest_right(questions, questions_line));
    if !shuffle {
        found.extend(right_positions(questions, questions_line));
    }
    if english {
        found.extend(absolute_words(questions));
    }
    found
}

/// Question numbers, 1-based, as "2, 5 and 7" (at most [`LISTED`], then "…").
fn numbers(of: &[usize]) -> String {
    let shown: Vec<String> = of
        .iter()
        .take(LISTED)
        .map(|n| (n + 1).to_string())
        .collect();
    let more = of.len() > LISTED;
    match shown.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] if !more => format!("{} and {last}", init.join(", ")),
        all => format!("{}…", all.join(", ")),
    }
}

fn chars(text: &str) -> usize {
    text.trim().chars().count()
}

/// The right option is strictly the longest in most single-choice questions.
fn longest_right(questions: &[Question], line: usize) -> Option<Giveaway> {
    let singles: Vec<(usize, &Question)> = questions
        .iter()
        .enumerate()
        .filter(|(_, q)| q.kind == QuestionKind::Single && q.choices.len() >= 2)
        .collect();
    let longest: Vec<usize> = singles
        .iter()
        .filter(|(_, q)| {
            let right = q
                .choices
                .iter()
                .filter(|c| c.correct)
                .map(|c| chars(&c.text))
                .max();
            let wrong = q
                .choices
                .iter()
                .filter(|c| !c.correct)
                .map(|c| chars(&c.text))
                .max();
            matches!((right, wrong), (Some(r), Some(w)) if r > w)
        })
        .map(|(i, _)| *i)
        .collect();
    (singles.len() >= MIN_QUESTIONS && longest.len() * 2 > singles.len()).then(|| Giveaway {
        line,
        message: format!(
            "the right option is the longest in {} of {} single-choice questions, so learners can pick it without knowing the subject",
            longest.len(),
            singles.len()
        ),
        help: format!(
            "write wrong options as long and as specific as the right one, or shorten the right one (questions {})",
            numbers(&longest)
        ),
    })
}

/// In a quiz that does not shuffle, the right answers sit at one position in most questions,
/// or always among the first two of four or more options.
fn right_positions(questions: &[Question], line: usize) -> Option<Giveaway> {
    let chosen: Vec<(usize, &Question)> = questions
        .iter()
        .enumerate()
        .filter(|(_, q)| q.kind != QuestionKind::TrueFalse && q.choices.len() >= 2)
        .collect();
    if chosen.len() < MIN_QUESTIONS {
        return None;
    }
    let positions: Vec<Vec<usize>> = chosen
        .iter()
        .map(|(_, q)| {
            q.choices
                .iter()
                .enumerate()
                .filter(|(_, c)| c.correct)
                .map(|(p, _)| p)
                .collect()
        })
        .collect();
    let widest = chosen
        .iter()
        .map(|(_, q)| q.choices.len())
        .max()
        .unwrap_or(0);
    let at = |p: usize| positions.iter().filter(|ps| ps.contains(&p)).count();
    let (position, count) = (0..widest)
        .map(|p| (p, at(p)))
        .max_by_key(|&(p, n)| (n, std::cmp::Reverse(p)))?;
    let help = "add `shuffle: true` (each learner then sees the options in another order), or move the right answers to different positions".to_owned();
    if count * 2 > chosen.len() {
        return Some(Giveaway {
            line,
            message: format!(
                "the quiz does not shuffle its options, and the right answer is option {} in {count} of {} questions, so learners can guess by position",
                position + 1,
                chosen.len()
            ),
            help,
        });
    }
    let all_many = chosen.iter().all(|(_, q)| q.choices.len() >= 4);
    let first_two = positions.iter().all(|ps| ps.iter().all(|&p| p < 2));
    (all_many && first_two).then(|| Giveaway {
        line,
        message: format!(
            "the quiz does not shuffle its options, and the right answers are always among the first two options in all {} questions, so learners can guess by position",
            chosen.len()
        ),
        help,
    })
}

fn has_absolute(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| ABSOLUTE.iter().any(|a| w.eq_ignore_ascii_case(a)))
}

/// Absolute words appear in wrong options (or false true/false statements) and in no right one.
fn absolute_words(questions: &[Question]) -> Option<Giveaway> {
    let mut wrong: Vec<usize> = Vec::new();
    let mut wrong_count = 0;
    let mut right = 0;
    for (i, q) in questions.iter().enumerate() {
        let mut in_wrong = 0;
        if q.kind == QuestionKind::TrueFalse {
            // The statement itself is the option: absolute and false is the classic giveaway.
            if has_absolute(&q.prompt) {
                let is_true = q.choices.iter().any(|c| c.id == "true" && c.correct);
                if is_true {
                    right += 1;
                } else {
                    in_wrong += 1;
                }
            }
        } else {
            for c in &q.choices {
                if has_absolute(&c.text) {
                    if c.correct {
                        right += 1;
                    } else {
                        in_wrong += 1;
                    }
                }
            }
        }
        if in_wrong > 0 {
            wrong.push(i);
            wrong_count += in_wrong;
        }
    }
    let first = *wrong.first()?;
    (wrong_count >= 2 && right == 0).then(|| Giveaway {
        line: questions[first].line,
        message: format!(
            "absolute words (\"always\", \"never\", \"only\"…) appear in {wrong_count} wrong options and in no right one, so learners who know the trick rule those options out"
        ),
        help: format!(
            "reword those options without absolute words, or let some right options use them too (questions {})",
            numbers(&wrong)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Choice;

    /// A question of `kind`: options given as (text, correct).
    fn question(kind: QuestionKind, line: usize, options: &[(&str, bool)]) -> Question {
        Question {
            id: format!("q{line}"),
            kind,
            prompt: "Which?".into(),
            choices: options
                .iter()
                .enumerate()
                .map(|(k, (text, correct))| Choice {
                    id: ((b'a' + k as u8) as char).to_string(),
                    text: (*text).into(),
                    correct: *correct,
                    feedback: String::new(),
                })
                .collect(),
            explanation: None,
            line,
        }
    }

    fn single(line: usize, options: &[(&str, bool)]) -> Question {
        question(QuestionKind::Single, line, options)
    }

    fn true_false(line: usize, prompt: &str, answer: bool) -> Question {
        let mut q = question(
            QuestionKind::TrueFalse,
            line,
            &[("True", answer), ("False", !answer)],
        );
        q.choices[0].id = "true".into();
        q.choices[1].id = "false".into();
        q.prompt = prompt.into();
        q
    }

    #[test]
    fn the_longest_right_option_in_most_questions_is_a_giveaway() {
        let qs = [
            single(
                3,
                &[
                    ("Ask what the customer needs first, then offer", true),
                    ("Sell", false),
                ],
            ),
            single(
                9,
                &[
                    ("Listen to the whole complaint before answering", true),
                    ("Talk", false),
                ],
            ),
            single(15, &[("Nope", false), ("Yes", true)]),
        ];
        let found = longest_right(&qs, 2).expect("a giveaway");
        assert_eq!(found.line, 2);
        assert!(
            found.message.contains("longest in 2 of 3"),
            "{}",
            found.message
        );
        assert!(found.help.contains("questions 1 and 2"), "{}", found.help);
        // Ties are not "longest"; nor is it a habit in fewer than three questions.
        let even = [
            single(3, &[("Call back", true), ("Write now", false)]),
            single(9, &[("Listen", true), ("Answer", false)]),
            single(15, &[("Nah", false), ("Yes", true)]),
        ];
        assert_eq!(longest_right(&even, 2), None);
        assert_eq!(longest_right(&qs[..2], 2), None);
    }

    #[test]
    fn right_answers_at_one_position_give_it_away_only_without_shuffle() {
        let qs = [
            single(3, &[("a", true), ("b", false), ("c", false)]),
            single(9, &[("a", true), ("b", false), ("c", false)]),
            single(15, &[("a", false), ("b", true), ("c", false)]),
        ];
        let found = giveaways(&qs, false, 2, true);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.contains("option 1 in 2 of 3 questions"),
            "{:?}",
            found[0]
        );
        assert!(found[0].help.contains("shuffle: true"));
        assert!(giveaways(&qs, true, 2, true).is_empty());
        // Spread over positions: nothing to say.
        let spread = [
            single(3, &[("a", true), ("b", false), ("c", false)]),
            single(9, &[("a", false), ("b", true), ("c", false)]),
            single(15, &[("a", false), ("b", false), ("c", true)]),
        ];
        assert!(giveaways(&spread, false, 2, true).is_empty());
    }

    #[test]
    fn right_answers_always_in_the_first_two_of_four_give_it_away() {
        let four = |right: usize, line| {
            let mut o = [("w", false); 4];
            o[right] = ("r", true);
            single(line, &o)
        };
        let qs = [four(0, 3), four(1, 9), four(0, 15), four(1, 21)];
        let found = right_positions(&qs, 2).expect("a giveaway");
        assert!(
            found.message.contains("first two options in all 4"),
            "{}",
            found.message
        );
        let qs = [four(0, 3), four(1, 9), four(3, 15), four(2, 21)];
        assert_eq!(right_positions(&qs, 2), None);
    }

    #[test]
    fn absolute_words_only_in_wrong_options_give_them_away() {
        let qs = [
            single(
                3,
                &[("Listen first", true), ("Always push the offer", false)],
            ),
            true_false(9, "Support staff are never part of a sale.", false),
            single(15, &[("Thank them", true), ("Blame someone", false)]),
        ];
        let found = absolute_words(&qs).expect("a giveaway");
        assert_eq!(found.line, 3);
        assert!(
            found.message.contains("in 2 wrong options"),
            "{}",
            found.message
        );
        assert!(found.help.contains("questions 1 and 2"), "{}", found.help);
        // Not English: not checked. A right option with one: no pattern to learn.
        assert!(giveaways(&qs, true, 2, false).is_empty());
        let mut fair = qs.to_vec();
        fair.push(single(
            21,
            &[("Only after the problem is solved", true), ("Now", false)],
        ));
        assert_eq!(absolute_words(&fair), None);
        // Whole words only: "everywhere" and "onlyness" are not "every" or "only".
        assert!(!has_absolute("everywhere, lonely"));
        assert!(has_absolute("It's NEVER too late"));
    }

    #[test]
    fn question_numbers_read_as_a_list() {
        assert_eq!(numbers(&[0]), "1");
        assert_eq!(numbers(&[0, 4]), "1 and 5");
        assert_eq!(numbers(&[0, 1, 2]), "1, 2 and 3");
        assert_eq!(numbers(&[0, 1, 2, 3, 4, 5, 6]), "1, 2, 3, 4, 5, 6…");
    }
}
