//! A scenario's graph: which nodes the start reaches, which loops have no way to an ending, and
//! the way to the best ending from each node (the "better path" the page shows). Every function
//! here is linear in nodes plus replies: breadth-first searches over the edges and their reverse
//! (issue 22's rule: a scenario of 100,000 nodes is checked in moments).

use std::collections::VecDeque;

use crate::progress::ending::Ending;

/// The graph: per node, the nodes its replies lead to, and its ending if it is one.
pub struct Graph<'a> {
    /// Per node, the index of each reply's `next`.
    pub edges: &'a [Vec<usize>],
    /// Per node, its ending, or `None` for a node with replies.
    pub endings: &'a [Option<Ending>],
    /// The first node.
    pub start: usize,
}

/// Breadth-first distances to `targets` along reversed edges: per node, the fewest replies
/// from it to a target, or `None` when no target can be reached.
fn distances_to(g: &Graph, targets: impl Iterator<Item = usize>) -> Vec<Option<u32>> {
    let n = g.edges.len();
    let mut reverse: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (from, nexts) in g.edges.iter().enumerate() {
        for &to in nexts {
            reverse[to].push(from);
        }
    }
    let mut dist = vec![None; n];
    let mut queue = VecDeque::new();
    for t in targets {
        dist[t] = Some(0);
        queue.push_back(t);
    }
    while let Some(at) = queue.pop_front() {
        let d = dist[at].unwrap_or(0);
        for &from in &reverse[at] {
            if dist[from].is_none() {
                dist[from] = Some(d + 1);
                queue.push_back(from);
            }
        }
    }
    dist
}

/// Per node, whether the start reaches it.
pub fn reachable(g: &Graph) -> Vec<bool> {
    let mut seen = vec![false; g.edges.len()];
    let mut stack = vec![g.start];
    seen[g.start] = true;
    while let Some(at) = stack.pop() {
        for &to in &g.edges[at] {
            if !seen[to] {
                seen[to] = true;
                stack.push(to);
            }
        }
    }
    seen
}

/// The loops with no way to an ending among the nodes the start reaches: each as its nodes in
/// order, starting from the first one found. A node with no way to an ending has replies (it is
/// no ending) all leading to such nodes, so following first replies from it must come round to
/// a node seen on the same walk: that node is on a loop. A walk that meets an earlier walk's
/// node stops, so each node is walked once.
pub fn dead_loops(g: &Graph, reached: &[bool]) -> Vec<Vec<usize>> {
    let escapes = distances_to(g, (0..g.endings.len()).filter(|&i| g.endings[i].is_some()));
    let mut walk_of: Vec<Option<usize>> = vec![None; g.edges.len()];
    let mut loops = Vec::new();
    for first in 0..g.edges.len() {
        if !reached[first] || escapes[first].is_some() || walk_of[first].is_some() {
            continue;
        }
        let mut path = Vec::new();
        let mut at = first;
        loop {
            match walk_of[at] {
                Some(w) if w == first => {
                    let from = path.iter().position(|&p| p == at).unwrap_or(0);
                    loops.push(path[from..].to_vec());
                    break;
                }
                Some(_) => break,
                None => {}
            }
            walk_of[at] = Some(first);
            path.push(at);
            // Not an ending and checked to have replies, so there is a first one.
            match g.edges[at].first() {
                Some(&next) => at = next,
                None => break,
            }
        }
    }
    loops
}

/// The way to the best ending: the best ending the start can reach, and per node the reply to
/// take towards it (of the replies on a shortest way, the one whose way there scores the most
/// points, the first of equals), and per reply whether it is on a shortest way.
#[derive(Debug, Clone, PartialEq)]
pub struct Guide {
    /// The best ending the start reaches.
    pub best: Option<Ending>,
    /// Per node, the reply to take (`None` for an ending or a node that cannot reach it).
    pub advice: Vec<Option<usize>>,
    /// Per node, per reply: whether it leads one step closer to the best ending.
    pub toward: Vec<Vec<bool>>,
    /// Per node, the points of the advised way from it to the best ending (0 at that ending,
    /// `None` where there is no way).
    pub gain: Vec<Option<f64>>,
}

/// The guide of a checked graph; `points` are each node's replies' points (0 for none).
pub fn guide(g: &Graph, reached: &[bool], points: &[Vec<f64>]) -> Guide {
    let best = (0..g.endings.len())
        .filter(|&i| reached[i])
        .filter_map(|i| g.endings[i])
        .max();
    let dist = distances_to(
        g,
        (0..g.endings.len()).filter(|&i| best.is_some() && g.endings[i] == best),
    );
    let toward: Vec<Vec<bool>> = g
        .edges
        .iter()
        .enumerate()
        .map(|(i, nexts)| {
            nexts
                .iter()
                .map(|&to| matches!((dist[i], dist[to]), (Some(a), Some(b)) if b + 1 == a))
                .collect()
        })
        .collect();
    // The advised way scores the most points among the shortest ways: nodes nearer the best
    // ending first, each taking the best of its replies one step nearer (those form no loop,
    // so every way is counted once and the work stays linear but for the sort).
    let mut order: Vec<usize> = (0..dist.len()).filter(|&i| dist[i].is_some()).collect();
    order.sort_by_key(|&i| dist[i]);
    let mut gain: Vec<Option<f64>> = vec![None; dist.len()];
    let mut advice: Vec<Option<usize>> = vec![None; dist.len()];
    for i in order {
        if dist[i] == Some(0) {
            gain[i] = Some(0.0);
            continue;
        }
        for (k, &to) in g.edges[i].iter().enumerate() {
            let (true, Some(after)) = (toward[i][k], gain[to]) else {
                continue;
            };
            let here = points.get(i).and_then(|p| p.get(k)).copied().unwrap_or(0.0) + after;
            // The first candidate always counts, so sums that overflow (NaN) still advise.
            if gain[i].is_none_or(|g| here > g) {
                gain[i] = Some(here);
                advice[i] = Some(k);
            }
        }
    }
    Guide {
        best,
        advice,
        toward,
        gain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loops_without_a_way_out_are_found_once_and_the_guide_takes_the_shortest_way() {
        // 0 → 1 | 2; 1 → 3 (good); 2 → 4; 4 → 2 (a dead loop); 3 good; 5 unreachable poor.
        let edges = vec![vec![2, 1], vec![3], vec![4], vec![], vec![2], vec![]];
        let endings = [
            None,
            None,
            None,
            Some(Ending::Good),
            None,
            Some(Ending::Poor),
        ];
        let g = Graph {
            edges: &edges,
            endings: &endings,
            start: 0,
        };
        let reached = reachable(&g);
        assert_eq!(reached, vec![true, true, true, true, true, false]);
        assert_eq!(dead_loops(&g, &reached), vec![vec![2, 4]]);
        let guide = guide(&g, &reached, &[]);
        assert_eq!(guide.best, Some(Ending::Good));
        assert_eq!(guide.advice[0], Some(1));
        assert_eq!(guide.toward[0], vec![false, true]);
    }

    #[test]
    fn the_advice_takes_the_shortest_way_that_scores_the_most_points() {
        // 0 → 1 (1 point) | 2 (3 points); 1 → 3; 2 → 3 (-1); 0 → 4 (5 points, a longer way).
        // 3 good; 4 → 5 → 3.
        let edges = vec![vec![1, 2, 4], vec![3], vec![3], vec![], vec![5], vec![3]];
        let endings = [None, None, None, Some(Ending::Good), None, None];
        let points = vec![
            vec![1.0, 3.0, 5.0],
            vec![0.0],
            vec![-1.0],
            vec![],
            vec![0.0],
            vec![0.0],
        ];
        let g = Graph {
            edges: &edges,
            endings: &endings,
            start: 0,
        };
        let guide = guide(&g, &reachable(&g), &points);
        assert_eq!(guide.toward[0], vec![true, true, false]);
        assert_eq!(guide.advice[0], Some(1), "3 - 1 = 2 beats 1 + 0");
        assert_eq!(guide.gain[0], Some(2.0));
        assert_eq!(guide.gain[3], Some(0.0));
    }
}
