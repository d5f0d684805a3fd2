//! Scenario files: `*.scenario.yaml` text → [`Scenario`], a branching conversation, then the
//! checks that make it playable (docs/authoring.md): every `next` names a node, the start
//! reaches every node, every node has replies or an ending (not both), no loop is without a way
//! to an ending, `points` are numbers. Mistakes point at their line and column, like a quiz's.

pub mod data;
mod graph;
mod places;
mod raw;

use std::collections::HashMap;
use std::path::Path;

pub use graph::Guide;

use crate::config::{Config, Feedback};
use crate::diag::{Diagnostic, Diagnostics, LineIndex, shorten};
use crate::model::{Node, Reply, Scenario, Step};
pub use raw::RawScenario;

/// How much of an author's text a message quotes, in characters.
const QUOTED: usize = 60;
/// How many unknown `next`s get a "did you mean": each costs a pass over the node ids, so a
/// file of many mistakes stays linear (issue 22).
const SUGGESTED: usize = 32;

/// Parses and checks one scenario file. Returns the scenario and its `weight`; every mistake
/// found goes into `diags`.
pub fn parse_str(
    text: &str,
    path: &Path,
    module_slug: &str,
    slug: &str,
    config: &Config,
    diags: &mut Diagnostics,
) -> Option<(Scenario, Option<i64>)> {
    let raw: RawScenario = crate::yaml::parse_page(text, path, &config.limits.yaml, diags)?;
    let errors_before = diags.error_count();
    let id =
        crate::load::names::checked_id(raw.id, module_slug, slug, path, text).unwrap_or_else(|d| {
            diags.push(d);
            String::new()
        });
    let updated =
        crate::load::names::checked_updated(raw.updated, path, text).unwrap_or_else(|d| {
            diags.push(d);
            None
        });
    let lines: Vec<&str> = text.lines().collect();
    let index = LineIndex::new(text);
    let at = |line: usize, col: usize, message: String| {
        Diagnostic::with_snippet(path, index.line_text(line), line, col, message)
    };
    let at_line =
        |line: usize, message: String| at(line, crate::quiz::col_of(&lines, line), message);
    let nodes_line = places::top_key(&lines, "nodes").map_or(1, |p| p.0);
    let found = places::nodes(&lines);
    // The places line up with serde's nodes when the file is block YAML, as written by hand.
    let aligned =
        found.len() == raw.nodes.0.len() && found.iter().zip(&raw.nodes.0).all(|(f, r)| f.0 == r.0);
    let place = |n: usize| {
        if aligned {
            found[n].1.clone()
        } else {
            places::NodePlace {
                line: nodes_line,
                replies: Vec::new(),
            }
        }
    };
    if raw.nodes.0.is_empty() {
        diags.push(
            at_line(nodes_line, "the scenario has no nodes".into())
                .with_help("add the conversation's first node under `nodes:`"),
        );
        return None;
    }
    let mut ids: HashMap<&str, usize> = HashMap::with_capacity(raw.nodes.0.len());
    for (n, (key, _)) in raw.nodes.0.iter().enumerate() {
        if let Some(first) = ids.insert(key.as_str(), n) {
            diags.push(
                at_line(
                    place(n).line,
                    format!("node \"{}\" is defined twice", shorten(key, QUOTED)),
                )
                .with_help(format!(
                    "it is first defined on line {}; give each node its own id",
                    place(first).line
                )),
            );
            ids.insert(key.as_str(), first);
        }
    }
    let start = match &raw.start {
        None => 0,
        Some(s) => match ids.get(s.as_str()) {
            Some(&i) => i,
            None => {
                let (line, col) = places::top_key(&lines, "start").unwrap_or((1, 1));
                diags.push(
                    at(
                        line,
                        col,
                        format!("`start: {}` names no node", shorten(s, QUOTED)),
                    )
                    .with_help(suggest(s, &raw.nodes.0, &mut 0)),
                );
                0
            }
        },
    };
    let mut suggested = 0;
    let mut nodes = Vec::with_capacity(raw.nodes.0.len());
    for (n, (key, rn)) in raw.nodes.0.iter().enumerate() {
        let place = place(n);
        let name = format!("node \"{}\"", shorten(key, QUOTED));
        if rn.text.trim().is_empty() {
            diags.push(at_line(place.line, format!("{name} has an empty `text`")));
        }
        let step = match (&rn.choices, rn.ending) {
            (Some(_), Some(_)) => {
                diags.push(
                    at_line(
                        place.line,
                        format!("{name} has both `choices` and an `ending`"),
                    )
                    .with_help("a node offers replies or ends the conversation: keep one"),
                );
                None
            }
            (None, None) => {
                diags.push(
                    at_line(place.line, format!("{name} has no `choices` and no `ending`"))
                        .with_help("add the learner's replies under `choices:`, or end the conversation with `ending: good`, `ok` or `poor`"),
                );
                None
            }
            (Some(c), None) if c.is_empty() => {
                diags.push(
                    at_line(place.line, format!("{name} has an empty list of `choices`"))
                        .with_help(
                            "offer at least one reply, or end the conversation with `ending:`",
                        ),
                );
                None
            }
            (None, Some(e)) => Some(Step::Ending(e)),
            (Some(choices), None) => {
                let ctx = Replies {
                    at: &at,
                    lines: &lines,
                    ids: &ids,
                    nodes: &raw.nodes.0,
                    needs_feedback: config.quiz_feedback != Feedback::Optional,
                };
                let replies = choices
                    .iter()
                    .enumerate()
                    .map(|(k, c)| {
                        let rp = place.replies.get(k).copied().unwrap_or(places::ReplyPlace {
                            line: place.line,
                            next: (place.line, 1),
                            points: (place.line, 1),
                        });
                        let name = format!("{name}, reply {}", k + 1);
                        ctx.reply(c, &name, rp, &mut suggested, diags)
                    })
                    .collect();
                Some(Step::Choices(replies))
            }
        };
        nodes.push(Node {
            id: key.clone(),
            speaker: rn.speaker.clone(),
            text: rn.text.clone(),
            step: step.unwrap_or(Step::Choices(Vec::new())),
            line: place.line,
        });
    }
    // The graph checks need a well-formed graph: a mistyped `next` would also make its target
    // unreachable, a second error for one mistake.
    if diags.error_count() > errors_before {
        return None;
    }
    check_graph(&nodes, start, &at_line, diags);
    if diags.error_count() > errors_before {
        return None;
    }
    let scenario = Scenario {
        id,
        url: format!("{module_slug}/{slug}.html"),
        title: raw.title,
        description: raw.description,
        start,
        nodes,
        updated,
        path: path.to_path_buf(),
        text: text.to_owned(),
    };
    Some((scenario, raw.weight))
}

/// What checking a node's replies needs of the file.
struct Replies<'a, F: Fn(usize, usize, String) -> Diagnostic> {
    /// A diagnostic at a line and column of the file.
    at: &'a F,
    /// The file's lines, for the column of a reply's `-`.
    lines: &'a [&'a str],
    /// Node ids → their index.
    ids: &'a HashMap<&'a str, usize>,
    /// The nodes as read, for "did you mean".
    nodes: &'a [(String, raw::RawNode)],
    /// Whether a reply without `feedback` gets a warning (`quiz_feedback` in site.toml).
    needs_feedback: bool,
}

impl<F: Fn(usize, usize, String) -> Diagnostic> Replies<'_, F> {
    /// One reply, checked: its text, points, feedback and `next` (`usize::MAX` when it names
    /// no node, with an error).
    fn reply(
        &self,
        c: &raw::RawChoice,
        name: &str,
        rp: places::ReplyPlace,
        suggested: &mut usize,
        diags: &mut Diagnostics,
    ) -> Reply {
        let at = self.at;
        let dash = crate::quiz::col_of(self.lines, rp.line);
        if c.text.trim().is_empty() {
            diags.push(at(rp.line, dash, format!("{name} has an empty `text`")));
        }
        let points = match c.points.as_ref().map(|p| p.0.clone()) {
            None => None,
            Some(Ok(p)) => Some(p),
            Some(Err(what)) => {
                diags.push(
                    at(
                        rp.points.0,
                        rp.points.1,
                        format!("{name}: `points` must be a number, not {what}"),
                    )
                    .with_help(
                        "write a number such as `points: 2` or `points: -1`, or leave `points` out",
                    ),
                );
                None
            }
        };
        if c.feedback.is_none() && self.needs_feedback {
            diags.push(
                at(
                    rp.line,
                    dash,
                    format!(
                        "{name} (\"{}\") has no `feedback`",
                        shorten(&c.text, QUOTED)
                    ),
                )
                .with_help("say what this reply does to the conversation; learners learn from it")
                .warning(),
            );
        }
        let next = self.ids.get(c.next.as_str()).copied().unwrap_or_else(|| {
            let (line, col) = rp.next;
            diags.push(
                at(
                    line,
                    col,
                    format!("{name}: `next: {}` names no node", shorten(&c.next, QUOTED)),
                )
                .with_help(suggest(&c.next, self.nodes, suggested)),
            );
            usize::MAX
        });
        Reply {
            text: c.text.clone(),
            next,
            feedback: c.feedback.clone().unwrap_or_default(),
            points,
        }
    }
}

/// "did you mean" for an unknown node id, for the first [`SUGGESTED`] of them.
fn suggest(unknown: &str, nodes: &[(String, raw::RawNode)], count: &mut usize) -> String {
    const PLAIN: &str = "`next` and `start` take the id of a node under `nodes:`";
    *count += 1;
    if *count > SUGGESTED {
        return PLAIN.into();
    }
    nodes
        .iter()
        .map(|(k, _)| (strsim::damerau_levenshtein(unknown, k), k))
        .min()
        .filter(|(d, k)| *d <= 2.max(k.chars().count() / 3))
        .map_or_else(
            || PLAIN.into(),
            |(_, k)| format!("did you mean \"{}\"?", shorten(k, QUOTED)),
        )
}

/// The edges and endings of checked nodes.
fn edges_of(
    nodes: &[Node],
) -> (
    Vec<Vec<usize>>,
    Vec<Option<crate::progress::ending::Ending>>,
) {
    nodes
        .iter()
        .map(|n| match &n.step {
            Step::Choices(r) => (r.iter().map(|r| r.next).collect(), None),
            Step::Ending(e) => (Vec::new(), Some(*e)),
        })
        .unzip()
}

fn check_graph(
    nodes: &[Node],
    start: usize,
    at_line: &impl Fn(usize, String) -> Diagnostic,
    diags: &mut Diagnostics,
) {
    let (edges, endings) = edges_of(nodes);
    let g = graph::Graph {
        edges: &edges,
        endings: &endings,
        start,
    };
    let reached = graph::reachable(&g);
    let start_id = shorten(&nodes[start].id, QUOTED);
    for (n, node) in nodes.iter().enumerate().filter(|(n, _)| !reached[*n]) {
        diags.push(
            at_line(
                node.line,
                format!(
                    "node \"{}\" cannot be reached from the start node \"{start_id}\"",
                    shorten(&nodes[n].id, QUOTED)
                ),
            )
            .with_help("point a reply's `next` at it, or remove it"),
        );
    }
    for lp in graph::dead_loops(&g, &reached) {
        let first = &nodes[lp[0]];
        let mut shown: Vec<String> = lp
            .iter()
            .take(5)
            .map(|&i| format!("\"{}\"", shorten(&nodes[i].id, QUOTED)))
            .collect();
        if lp.len() > 5 {
            shown.push("…".into());
        }
        shown.push(format!("\"{}\"", shorten(&first.id, QUOTED)));
        diags.push(
            at_line(
                first.line,
                format!(
                    "node \"{}\" is on a loop with no way to an ending: {}",
                    shorten(&first.id, QUOTED),
                    shown.join(" → ")
                ),
            )
            .with_help("give a node on the loop a reply whose `next` leads towards an ending"),
        );
    }
}

/// The way to the best ending of a checked scenario (see [`Guide`]).
pub fn guide(s: &Scenario) -> Guide {
    let (edges, endings) = edges_of(&s.nodes);
    let points: Vec<Vec<f64>> = s
        .nodes
        .iter()
        .map(|n| match &n.step {
            Step::Choices(r) => r.iter().map(|r| r.points.unwrap_or(0.0)).collect(),
            Step::Ending(_) => Vec::new(),
        })
        .collect();
    let g = graph::Graph {
        edges: &edges,
        endings: &endings,
        start: s.start,
    };
    graph::guide(&g, &graph::reachable(&g), &points)
}
