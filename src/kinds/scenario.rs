//! Scenarios: each node's text rendered as markdown, within one budget, like a quiz's prompts.

use super::yaml_markdown;
use crate::budget::Budget;
use crate::build::links::SiteIndex;
use crate::config::Config;
use crate::markdown::Rendered;
use crate::model::Scenario;

/// Renders each node's text, raw HTML in it shown as text (as in quiz prompts, Q03) and all of
/// them within one budget; links resolve like the scenario page's. The second value gathers
/// their diagnostics and anchor links.
pub fn render(s: &Scenario, config: &Config, index: &SiteIndex) -> (Vec<String>, Rendered) {
    let links = index.for_page(&s.path, &config.content_dir, &s.url);
    let budget = Budget::new(config.limits.max_page_bytes);
    let mut found = Rendered::default();
    let nodes = s
        .nodes
        .iter()
        .map(|n| {
            // Markdown inside YAML has no exact offsets; report at the node's line.
            yaml_markdown(&n.text, &s.path, n.line, &links, &budget, &mut found)
        })
        .collect();
    (nodes, found)
}
