//! Quizzes: their prompts and explanations rendered as markdown, within one budget.

use super::yaml_markdown;
use crate::budget::Budget;
use crate::build::links::SiteIndex;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::markdown::Rendered;
use crate::render::QuestionBody;

/// Renders a quiz's prompts and explanations, raw HTML in them shown as text (Q03) and all of
/// them within one budget (Q06); their links resolve like the quiz page's. The second value
/// gathers their diagnostics and anchor links.
pub fn render(
    q: &crate::model::Quiz,
    config: &Config,
    index: &SiteIndex,
) -> (Vec<QuestionBody>, Rendered) {
    let links = index.for_page(&q.path, &config.content_dir, &q.url);
    let budget = Budget::new(config.limits.max_page_bytes);
    let mut found = Rendered::default();
    let questions = q
        .questions
        .iter()
        .map(|qu| {
            // Markdown inside YAML has no exact offsets; report at the question's line.
            let line = qu.line;
            let mut md =
                |text: &str| yaml_markdown(text, &q.path, line, &links, &budget, &mut found);
            QuestionBody {
                prompt_html: md(&qu.prompt),
                explanation_html: qu.explanation.as_deref().map(&mut md).unwrap_or_default(),
            }
        })
        .collect::<Vec<QuestionBody>>();
    // The whole quiz is one page that a learner's phone loads and parses before it works
    // (Q06): say so when it gets big, while it still builds.
    let bytes: usize = questions
        .iter()
        .map(|b| b.prompt_html.len() + b.explanation_html.len())
        .chain(
            q.questions
                .iter()
                .flat_map(|qu| &qu.choices)
                .map(|c| 2 * (c.text.len() + c.feedback.len())),
        )
        .sum();
    if bytes > QUIZ_WARN_BYTES {
        found.diagnostics.push(
            Diagnostic::file_error(
                &q.path,
                format!(
                    "this quiz makes a page of about {} KB ({} questions); learners on phones wait for all of it",
                    bytes / 1024,
                    q.questions.len()
                ),
            )
            .at(1, 1)
            .with_help("split it into smaller quizzes (under 1 MB of text each)")
            .warning(),
        );
    }
    (questions, found)
}

/// A quiz whose text passes this many bytes gets a warning (Q06).
pub const QUIZ_WARN_BYTES: usize = 1024 * 1024;
