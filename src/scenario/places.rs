//! Where things are in a scenario file, found in its text (serde gives the data, not its lines):
//! each node's key under `nodes:`, each reply's `-` and its `next:` value. Block YAML, as authors
//! write it; in flow style (`{…}`) a place falls back to the enclosing line. One pass over the
//! lines for the nodes, and one over each node's lines for its replies (issue 22: linear).

use crate::quiz::sequence_items;

/// The places of one node.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct NodePlace {
    /// 1-based line of the node's key.
    pub line: usize,
    /// Per reply: the line of its `-`, and the line and column of its `next:` value.
    pub replies: Vec<ReplyPlace>,
}

/// The places of one reply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct ReplyPlace {
    /// 1-based line of the reply's `-`.
    pub line: usize,
    /// 1-based line and column of its `next:` value (the reply's line when not found).
    pub next: (usize, usize),
    /// 1-based line and column of its `points:` value (the reply's line when not found).
    pub points: (usize, usize),
}

/// The 1-based line of a top-level `key:`, if there is one.
pub(super) fn top_key(lines: &[&str], key: &str) -> Option<(usize, usize)> {
    lines.iter().position(|l| is_key(l, key)).map(|i| {
        let l = lines[i];
        let value = l.split_once(':').map_or("", |(_, v)| v.trim_start());
        (i + 1, col_before(l, value))
    })
}

fn is_key(line: &str, key: &str) -> bool {
    line.strip_prefix(key)
        .is_some_and(|r| r.trim_start().starts_with(':'))
}

/// Each node under `nodes:`, in the file's order: its id as written and its places.
pub(super) fn nodes(lines: &[&str]) -> Vec<(String, NodePlace)> {
    let Some((nodes_line, _)) = top_key(lines, "nodes") else {
        return Vec::new();
    };
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut keys: Vec<(String, usize)> = Vec::new();
    let mut child = None;
    let mut end = lines.len();
    for (i, l) in lines.iter().enumerate().skip(nodes_line) {
        let t = l.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if indent(l) == 0 {
            end = i;
            break;
        }
        let ind = *child.get_or_insert(indent(l));
        if indent(l) == ind
            && let Some((key, _)) = t.split_once(':')
        {
            keys.push((unquote(key.trim_end()).to_owned(), i + 1));
        }
    }
    let mut out = Vec::with_capacity(keys.len());
    for (n, (key, line)) in keys.iter().enumerate() {
        let to = keys.get(n + 1).map_or(end, |k| k.1 - 1);
        let (_, items) = sequence_items(lines, "choices", *line - 1, to);
        let replies = items
            .iter()
            .enumerate()
            .map(|(k, &item)| {
                let item_end = items.get(k + 1).map_or(to, |l| l - 1);
                ReplyPlace {
                    line: item,
                    next: value_of(lines, "next", item, item_end).unwrap_or((item, 1)),
                    points: value_of(lines, "points", item, item_end).unwrap_or((item, 1)),
                }
            })
            .collect();
        out.push((
            key.clone(),
            NodePlace {
                line: *line,
                replies,
            },
        ));
    }
    out
}

/// The line and column of the `key:` value of the reply whose `-` is on 1-based `item`.
fn value_of(lines: &[&str], key: &str, item: usize, to: usize) -> Option<(usize, usize)> {
    (item - 1..to.min(lines.len())).find_map(|i| {
        let l = lines[i];
        let t = l.trim_start().trim_start_matches("- ").trim_start();
        let rest = t.strip_prefix(key)?.trim_start().strip_prefix(':')?;
        let value = rest.trim_start();
        Some((i + 1, col_before(l, value)))
    })
}

/// The 1-based column, in characters as `LineIndex` counts them, where `value` (a suffix of
/// `line`) starts.
fn col_before(line: &str, value: &str) -> usize {
    line[..line.len() - value.len()].chars().count() + 1
}

fn unquote(key: &str) -> &str {
    key.strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
        .unwrap_or(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_and_replies_are_found_with_their_next() {
        let text = "title: t\nnodes:\n  hello:\n    text: Hi\n    choices:\n      - text: a\n        next: bye\n      - next: \"hello\"\n        text: b\n  bye:\n    text: Bye\n    ending: good\nstart: hello\n";
        let lines: Vec<&str> = text.lines().collect();
        let found = nodes(&lines);
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].0.as_str(), found[0].1.line), ("hello", 3));
        assert_eq!(
            found[0].1.replies,
            vec![
                ReplyPlace {
                    line: 6,
                    next: (7, 15),
                    points: (6, 1)
                },
                ReplyPlace {
                    line: 8,
                    next: (8, 15),
                    points: (8, 1)
                }
            ]
        );
        assert_eq!((found[1].0.as_str(), found[1].1.line), ("bye", 10));
        assert_eq!(top_key(&lines, "start"), Some((13, 8)));
        // Wide spaces before the colon are characters, and never cut in two.
        let odd = [
            "start\u{3000}: é",
            "nodes:",
            "  é\u{3000}:",
            "    next\u{3000}: x",
        ];
        assert_eq!(top_key(&odd, "start"), Some((1, 9)));
        assert_eq!(value_of(&odd, "next", 4, 4), Some((4, 12)));
    }
}
