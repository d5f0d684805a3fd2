//! A scenario page's play data, embedded as JSON (`<script type="application/json"
//! data-scenario-data>`, docs/theme.md): each node's speaker and replies as plain text, where
//! each reply leads (by node index), and the way to the best ending, computed here at build
//! time so the page can show "a better way" without searching the graph itself.

use serde::Serialize;

use crate::model::{Scenario, Step};
use crate::progress::units::Unit;

/// What the page's script plays from. Node texts are in the page as HTML, not here.
#[derive(Debug, Serialize)]
pub struct PlayData<'a> {
    /// The scenario's id.
    pub id: &'a str,
    /// Its unit key, `scenario:<id>`.
    pub unit: String,
    /// The index of the first node.
    pub start: usize,
    /// The best ending the start can reach (`good`, `ok` or `poor`).
    pub best: &'static str,
    /// When any reply has `points`: the points of the advised way from the start to the best
    /// ending (the most of the shortest ways).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub best_points: Option<f64>,
    /// The nodes, in the file's order.
    pub nodes: Vec<NodeData<'a>>,
}

/// One node.
#[derive(Debug, Serialize)]
pub struct NodeData<'a> {
    /// Its id in the file.
    pub id: &'a str,
    /// Who speaks; empty for narration.
    pub speaker: &'a str,
    /// Its ending (`good`, `ok`, `poor`), or empty for a node with replies.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub ending: &'static str,
    /// Its replies (none for an ending).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<ChoiceData<'a>>,
    /// The index of the reply to take towards the best ending (on a shortest way, the most
    /// points), if there is a way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advice: Option<usize>,
}

/// One reply.
#[derive(Debug, Serialize)]
pub struct ChoiceData<'a> {
    /// What the learner says, plain text.
    pub text: &'a str,
    /// The index of the node it leads to.
    pub next: usize,
    /// Plain text shown after choosing it.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub feedback: &'a str,
    /// Whether it leads one step closer to the best ending.
    pub toward: bool,
    /// The author's points for it, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
}

impl<'a> PlayData<'a> {
    /// The play data of a checked scenario.
    pub fn of(s: &'a Scenario) -> Self {
        let guide = super::guide(s);
        let nodes = s
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let (ending, choices) = match &n.step {
                    Step::Ending(e) => (e.as_str(), Vec::new()),
                    Step::Choices(replies) => (
                        "",
                        replies
                            .iter()
                            .enumerate()
                            .map(|(k, r)| ChoiceData {
                                text: &r.text,
                                next: r.next,
                                feedback: &r.feedback,
                                toward: guide.toward[i].get(k).copied().unwrap_or(false),
                                points: r.points,
                            })
                            .collect(),
                    ),
                };
                NodeData {
                    id: &n.id,
                    speaker: &n.speaker,
                    ending,
                    choices,
                    advice: guide.advice[i],
                }
            })
            .collect();
        PlayData {
            id: &s.id,
            unit: Unit::Scenario(&s.id).key(),
            start: s.start,
            best: guide.best.map_or("", |e| e.as_str()),
            best_points: s
                .nodes
                .iter()
                .any(
                    |n| matches!(&n.step, Step::Choices(r) if r.iter().any(|r| r.points.is_some())),
                )
                .then(|| guide.gain[s.start].unwrap_or(0.0)),
            nodes,
        }
    }
}
