//! The second and third passes of the time-aware clusterer: sub-stories (reactions,
//! follow-ups) rejoin their event by centroid similarity, then stories of one or two articles
//! attach to the larger story they are most like.

use super::agglomerative::Candidate;
use super::{time_discount, ClusterOptions};
use crate::features::{Features, SparseVec};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap};

/// Days between two time spans (Unix seconds), 0 when they overlap.
fn gap_days(a: (i64, i64), b: (i64, i64)) -> f64 {
    (a.0.max(b.0) - a.1.min(b.1)).max(0) as f64 / 86400.0
}

/// Stories this small count as follow-ups in the second pass.
pub const FOLLOW_UP_MAX_ARTICLES: usize = 2;

/// Greedy centroid merging of first-pass stories (highest similarity first, recomputed after
/// every merge), restricted to stories that share a neighbour edge.
pub(super) fn merge_by_centroid(
    features: &Features,
    published: &[DateTime<Utc>],
    labels: &[usize],
    graph: &[Vec<(usize, f64)>],
    o: &ClusterOptions,
) -> Vec<usize> {
    let n = labels.len();
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &l) in labels.iter().enumerate() {
        members.entry(l).or_default().push(i);
    }
    let ids: Vec<usize> = members.keys().copied().collect();
    let slot: HashMap<usize, usize> = ids.iter().enumerate().map(|(k, &l)| (l, k)).collect();
    let mut groups: Vec<Vec<usize>> = ids.iter().map(|l| members[l].clone()).collect();
    let span = |g: &[usize]| -> (i64, i64) {
        let ts: Vec<i64> = g.iter().map(|&i| published[i].timestamp()).collect();
        (
            ts.iter().copied().min().unwrap_or(0),
            ts.iter().copied().max().unwrap_or(0),
        )
    };
    // The 10th to 90th percentile of a story's times: its core, which one stray article
    // from another year does not stretch.
    let core = |g: &[usize]| -> (i64, i64) {
        let mut ts: Vec<i64> = g.iter().map(|&i| published[i].timestamp()).collect();
        ts.sort_unstable();
        let at = |q: usize| {
            ts.get((ts.len().saturating_sub(1) * q) / 10)
                .copied()
                .unwrap_or(0)
        };
        (at(1), at(9))
    };
    let mut cents: Vec<SparseVec> = groups.iter().map(|g| features.centroid(g)).collect();
    let mut spans: Vec<(i64, i64)> = groups.iter().map(|g| span(g)).collect();
    let mut cores: Vec<(i64, i64)> = groups.iter().map(|g| core(g)).collect();
    let mut adj: Vec<BTreeSet<usize>> = vec![Default::default(); groups.len()];
    for (d, list) in graph.iter().enumerate() {
        for &(e, _) in list.iter().take(10) {
            let (a, b) = (slot[&labels[d]], slot[&labels[e]]);
            if a != b {
                adj[a].insert(b);
                adj[b].insert(a);
            }
        }
    }
    let score = |a: usize,
                 b: usize,
                 cents: &[SparseVec],
                 spans: &[(i64, i64)],
                 cores: &[(i64, i64)],
                 sizes: (usize, usize)| {
        let gap = gap_days(spans[a], spans[b]);
        // A follow-up (a story of one or two articles) may join a story long after it; two
        // full stories far apart in time are more likely two events of one saga.
        let follow_up = sizes.0.min(sizes.1) <= FOLLOW_UP_MAX_ARTICLES;
        // Two full stories merge only while the result stays one event's span: daily
        // coverage of a long saga must not chain into one story.
        let union_days = (cores[a].1.max(cores[b].1) - cores[a].0.min(cores[b].0)) as f64 / 86400.0;
        if !follow_up && union_days > o.max_story_span_days {
            return 0.0;
        }
        let floor = if follow_up {
            o.merge_time_floor
        } else {
            o.time_floor
        };
        cents[a].dot(&cents[b])
            * time_discount(
                gap,
                &ClusterOptions {
                    time_floor: floor,
                    ..o.clone()
                },
            )
    };
    let mut alive = vec![true; groups.len()];
    let mut version = vec![0u32; groups.len()];
    let mut heap = BinaryHeap::new();
    for a in 0..groups.len() {
        for &b in adj[a].iter().filter(|&&b| b > a) {
            let s = score(
                a,
                b,
                &cents,
                &spans,
                &cores,
                (groups[a].len(), groups[b].len()),
            );
            if s >= o.merge_threshold {
                heap.push(Candidate::new(s, a, b, &version));
            }
        }
    }
    while let Some(c) = heap.pop() {
        if !c.is_current(&alive, &version) {
            continue;
        }
        let (a, b) = (c.a, c.b);
        alive[b] = false;
        let moved = std::mem::take(&mut groups[b]);
        groups[a].extend(moved);
        groups[a].sort_unstable();
        cents[a] = features.centroid(&groups[a]);
        spans[a] = span(&groups[a]);
        cores[a] = core(&groups[a]);
        let nb = std::mem::take(&mut adj[b]);
        for x in nb {
            adj[x].remove(&b);
            if x != a {
                adj[x].insert(a);
                adj[a].insert(x);
            }
        }
        adj[a].remove(&b);
        version[a] += 1;
        for &x in adj[a].iter().filter(|&&x| alive[x]) {
            let s = score(
                a,
                x,
                &cents,
                &spans,
                &cores,
                (groups[a].len(), groups[x].len()),
            );
            if s >= o.merge_threshold {
                heap.push(Candidate::new(s, a, x, &version));
            }
        }
    }
    if o.attach_threshold > 0.0 {
        attach_small_stories(&mut groups, &alive, &adj, &cents, &spans, o);
    }
    let mut out = vec![0usize; n];
    for (k, g) in groups.iter().enumerate() {
        for &i in g {
            out[i] = k;
        }
    }
    out
}

/// Third pass: a story of one or two articles joins the most similar story of three or more
/// that it shares a neighbour edge with, when their centroids are at least `attach_threshold`
/// alike (time-discounted by the gap between their spans).
fn attach_small_stories(
    groups: &mut [Vec<usize>],
    alive: &[bool],
    adj: &[BTreeSet<usize>],
    cents: &[SparseVec],
    spans: &[(i64, i64)],
    o: &ClusterOptions,
) {
    // Decide every attachment against the stories as they stand, then apply: the result
    // does not depend on the order the small stories are visited in.
    let strict = |a: usize, b: usize| {
        cents[a].dot(&cents[b]) * time_discount(gap_days(spans[a], spans[b]), o)
    };
    let moves: Vec<(usize, usize)> = (0..groups.len())
        .filter(|&a| alive[a] && groups[a].len() <= 2)
        .filter_map(|a| {
            adj[a]
                .iter()
                .copied()
                .filter(|&b| alive[b] && groups[b].len() >= 3)
                .map(|b| (b, strict(a, b)))
                .filter(|(_, s)| *s >= o.attach_threshold)
                .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)))
                .map(|(b, _)| (a, b))
        })
        .collect();
    for (a, b) in moves {
        let moved = std::mem::take(&mut groups[a]);
        groups[b].extend(moved);
    }
}
