//! A question pool (`draw: N`, issue 18): the bundled course's first quiz made a pool of 3 of
//! its 7 questions. Each attempt shows 3 questions, numbered 1 to 3; answering those right scores
//! 100% (3 of 3) and one wrong 66%; "Try again" draws again, and over several attempts different
//! sets come up; what is stored is the drawn questions' answers.

use std::collections::BTreeSet;

use fantoccini::{Client, Locator};
use serde_json::Value;

use crate::harness::{Browser, CourseCopy, serve};
use crate::page::*;
use crate::quizzes::QUIZ;

const DRAW: usize = 3;

/// The ids of the questions the attempt shows, in page order, and the quiz's grading data.
async fn shown(c: &Client) -> (Vec<String>, Value) {
    let v = evaluate(
        c,
        "return [[...document.querySelectorAll('fieldset[data-question]')].filter(f => !f.hidden)\
           .map(f => [f.getAttribute('data-question'), f.querySelector('[data-question-number]').textContent]),\
           JSON.parse(document.querySelector('[data-quiz-data]').textContent)]",
    )
    .await;
    let pairs = v[0].as_array().unwrap();
    let ids: Vec<String> = pairs
        .iter()
        .map(|p| p[0].as_str().unwrap().to_owned())
        .collect();
    let numbers: Vec<&str> = pairs.iter().map(|p| p[1].as_str().unwrap()).collect();
    let want: Vec<String> = (1..=ids.len())
        .map(|i| format!("Question {i} of {DRAW}"))
        .collect();
    assert_eq!(
        numbers, want,
        "the questions shown are numbered 1 to {DRAW}"
    );
    (ids, v[1].clone())
}

/// Answers the shown questions: right, except question `wrong` (an index into `ids`) if given,
/// which gets a wrong option; then submits.
async fn answer(c: &Client, ids: &[String], data: &Value, wrong: Option<usize>) {
    for (i, qid) in ids.iter().enumerate() {
        let q = data["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["id"] == qid.as_str())
            .unwrap();
        let right: Vec<&str> = q["correct"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_str().unwrap())
            .collect();
        let inputs = c
            .find_all(Locator::Css(&format!(
                "fieldset[data-question='{qid}'] input"
            )))
            .await
            .unwrap();
        for input in inputs {
            let value = input.attr("value").await.unwrap().unwrap_or_default();
            let is_right = right.contains(&value.as_str());
            if is_right != (wrong == Some(i)) {
                let id = input.attr("id").await.unwrap().unwrap();
                let label = find(c, &id, &format!("//label[@for='{id}']")).await;
                click(c, &label, &id).await;
                if wrong == Some(i) {
                    break; // one wrong option is enough
                }
            }
        }
    }
    click_button(c, "Submit answers").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pool_asks_a_new_draw_of_its_questions_on_each_attempt_and_grades_those() {
    let copy = CourseCopy::new();
    let file = "content/01-human-selling/09-check.quiz.yaml";
    let text = copy.read(file);
    copy.write(
        file,
        &text.replacen(
            "shuffle: true\n",
            &format!("shuffle: true\ndraw: {DRAW}\n"),
            1,
        ),
    );
    copy.build();
    let base = serve(copy.out()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &format!("{base}/{QUIZ}")).await;
    expect_page_says(c, "3 questions drawn from 7 for each attempt").await;

    // All right: 100%, out of the 3 asked; one wrong: 66%.
    let (ids, data) = shown(c).await;
    assert_eq!(ids.len(), DRAW);
    answer(c, &ids, &data, None).await;
    expect_page_says(c, "You scored 100% (3 of 3)").await;
    let stored = evaluate(
        c,
        "return JSON.parse(localStorage.getItem('syllabus:service-to-sales')).units['quiz:human-selling/check']",
    )
    .await;
    let answered: BTreeSet<String> = stored["answers"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(
        answered,
        ids.iter().cloned().collect(),
        "the drawn questions' answers"
    );
    assert_eq!(stored["done"], true);

    let mut sets = BTreeSet::new();
    sets.insert(ids.iter().cloned().collect::<BTreeSet<_>>());
    for attempt in 0..8 {
        click_button(c, "Try again").await;
        let (ids, data) = shown(c).await;
        assert_eq!(ids.len(), DRAW);
        sets.insert(ids.iter().cloned().collect::<BTreeSet<_>>());
        if attempt == 0 {
            answer(c, &ids, &data, Some(1)).await;
            expect_page_says(c, "You scored 66% (2 of 3)").await;
        } else {
            // Nothing chosen: 0 of the 3 asked, all unanswered.
            click_button(c, "Submit answers").await;
            expect_page_says(c, "You scored 0% (0 of 3)").await;
        }
    }
    // 35 possible draws: 9 equal draws in a row would happen once in 35^8 runs.
    assert!(sets.len() >= 2, "the draws differ: {sets:?}");
    expect_clean_logs(c, "a pool's attempts").await;
    browser.close().await;
}
