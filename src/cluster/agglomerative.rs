//! The first pass of the time-aware clusterer: average-linkage agglomerative clustering on the
//! time-discounted neighbour graph, and the merge queue both it and the second pass draw from.

use super::{time_discount, ClusterOptions};
use crate::features::Features;
use chrono::{DateTime, Utc};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap};

/// A proposed merge of two stories, ordered by score (ties: smaller ids first).
#[derive(PartialEq)]
pub(super) struct Candidate {
    score: f64,
    pub(super) a: usize,
    pub(super) b: usize,
    version_a: u32,
    version_b: u32,
}
impl Candidate {
    /// A merge of stories `x` and `y` at their current versions, smaller id first.
    pub(super) fn new(score: f64, x: usize, y: usize, version: &[u32]) -> Candidate {
        let (a, b) = (x.min(y), x.max(y));
        Candidate {
            score,
            a,
            b,
            version_a: version[a],
            version_b: version[b],
        }
    }

    /// False once either story was merged away or has changed since the candidate was made.
    pub(super) fn is_current(&self, alive: &[bool], version: &[u32]) -> bool {
        alive[self.a]
            && alive[self.b]
            && version[self.a] == self.version_a
            && version[self.b] == self.version_b
    }
}

impl Eq for Candidate {}
impl PartialOrd for Candidate {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Candidate {
    fn cmp(&self, o: &Self) -> Ordering {
        self.score
            .total_cmp(&o.score)
            .then_with(|| o.a.cmp(&self.a))
            .then_with(|| o.b.cmp(&self.b))
    }
}

/// The story an article ended in, following merges.
fn root(parent: &[usize], mut i: usize) -> usize {
    while parent[i] != i {
        i = parent[i];
    }
    i
}

/// Average-linkage agglomerative clustering on the time-discounted neighbour graph; pairs
/// without an edge count as similarity 0, so a large story needs broad support to absorb more.
pub(super) fn time_aware(
    features: &Features,
    published: &[DateTime<Utc>],
    graph: &[Vec<(usize, f64)>],
    o: &ClusterOptions,
) -> Vec<usize> {
    let n = features.docs.len();
    let mut edges: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for (d, list) in graph.iter().enumerate() {
        for &(e, s) in list {
            let days = (published[d] - published[e]).num_seconds().abs() as f64 / 86400.0;
            let w = s * time_discount(days, o);
            edges.insert((d.min(e), d.max(e)), w);
        }
    }
    let mut adj: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); n];
    for (&(a, b), &w) in &edges {
        adj[a].insert(b, w);
        adj[b].insert(a, w);
    }
    let mut size = vec![1usize; n];
    // Sum of the similarities inside each story, for its cohesion.
    let mut inside = vec![0.0f64; n];
    let mut version = vec![0u32; n];
    let mut alive = vec![true; n];
    let mut parent: Vec<usize> = (0..n).collect();
    let mut heap = BinaryHeap::new();
    for (&(a, b), &w) in &edges {
        if w >= o.threshold {
            heap.push(Candidate::new(w, a, b, &version));
        }
    }
    while let Some(c) = heap.pop() {
        if !c.is_current(&alive, &version) {
            continue;
        }
        // Merge b into a (a < b keeps ids stable).
        let (a, b) = (c.a.min(c.b), c.a.max(c.b));
        let cohesion = |k: usize| {
            if size[k] < 2 {
                f64::INFINITY
            } else {
                inside[k] / (size[k] * (size[k] - 1) / 2) as f64
            }
        };
        // Two stories each much tighter than they are to each other are two events of one
        // saga (a primary defeat and the race it opens): keep them apart.
        if size[a] >= 2 && size[b] >= 2 && c.score < o.cohesion_ratio * cohesion(a).min(cohesion(b))
        {
            continue;
        }
        inside[a] += inside[b] + adj[a].get(&b).copied().unwrap_or(0.0);
        alive[b] = false;
        parent[b] = a;
        let nb = std::mem::take(&mut adj[b]);
        for (x, w) in nb {
            if x == a {
                continue;
            }
            let combined = {
                let e = adj[a].entry(x).or_default();
                *e += w;
                *e
            };
            adj[x].remove(&b);
            adj[x].insert(a, combined);
        }
        adj[a].remove(&b);
        size[a] += size[b];
        version[a] += 1;
        for (&x, &s) in &adj[a] {
            if !alive[x] {
                continue;
            }
            let avg = s / (size[a] * size[x]) as f64;
            if avg >= o.threshold {
                heap.push(Candidate::new(avg, a, x, &version));
            }
        }
    }
    (0..n).map(|i| root(&parent, i)).collect()
}
