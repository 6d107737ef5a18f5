//! Stories: cluster articles so that an article joins a story only when both its content and
//! its time are close. The default is a time-aware average-linkage clusterer over a sparse
//! nearest-neighbour graph (`graph`, `agglomerative`), whose stories then rejoin their
//! sub-stories and take in small ones (`rejoin`); above `batch_limit` articles a windowed
//! single pass runs instead (`online`); linfa's DBSCAN and KMeans are offered beside them for
//! comparison (`baselines`). `stories` turns the labels into story records.

use crate::error::Result;
use crate::features::Features;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

mod agglomerative;
mod baselines;
mod graph;
mod online;
mod rejoin;
mod stories;

pub use graph::neighbour_graph;
pub use rejoin::FOLLOW_UP_MAX_ARTICLES;
pub use stories::{build_stories, sort_stories};

/// Clustering algorithms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Algorithm {
    /// Time-aware average-linkage agglomerative clustering (default); above `batch_limit`
    /// articles it hands over to the windowed single-pass clusterer.
    TimeAware,
    /// Windowed single-pass clustering: each article, in time order, joins the most similar
    /// story active in the window (constant cost per article, memory bounded by the window).
    Online,
    /// linfa DBSCAN on a random projection of the TF-IDF vectors (content only).
    Dbscan,
    /// linfa KMeans on the same projection (content only; needs k).
    Kmeans,
}

impl Algorithm {
    pub fn as_str(&self) -> &'static str {
        match self {
            Algorithm::TimeAware => "time-aware",
            Algorithm::Online => "online",
            Algorithm::Dbscan => "dbscan",
            Algorithm::Kmeans => "kmeans",
        }
    }
}

/// Clustering settings. The defaults were chosen on the dev sets (docs/accuracy.md).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ClusterOptions {
    pub algorithm: Algorithm,
    /// Minimum average time-discounted cosine similarity between two stories to merge them.
    pub threshold: f64,
    /// Articles this many days apart or closer are not discounted.
    pub time_grace_days: f64,
    /// Beyond the grace period the similarity decays with this time constant (days).
    pub time_scale_days: f64,
    /// Floor of the time discount: very similar follow-ups months later can still join.
    pub time_floor: f64,
    /// Neighbours kept per article in the similarity graph.
    pub neighbours: usize,
    /// First pass: two stories of two or more articles merge only when their average
    /// similarity is at least this share of the tighter one's internal average (0 disables).
    pub cohesion_ratio: f64,
    /// Second pass: merge stories whose centroids are at least this similar (time-discounted
    /// by the gap between their spans); sub-stories (reactions, follow-ups) rejoin their event.
    /// 0 disables the pass.
    pub merge_threshold: f64,
    /// Floor of the time discount in the second pass (follow-ups months later).
    pub merge_time_floor: f64,
    /// Second pass: two stories of three or more articles do not merge when the cores of their
    /// times (10th to 90th percentile) would together span more days than this.
    pub max_story_span_days: f64,
    /// Third pass: a story of one or two articles joins the most similar larger story when
    /// their centroids are at least this similar (0 disables).
    pub attach_threshold: f64,
    /// DBSCAN radius in cosine distance and minimum points.
    pub dbscan_eps: f64,
    pub dbscan_min_points: usize,
    /// Above this many articles the time-aware clusterer (whose graph grows faster than the
    /// pile) hands over to the windowed single-pass one.
    pub batch_limit: usize,
    /// Single pass: a story idle this many days closes (and leaves memory).
    pub window_days: f64,
    /// Single pass: minimum time-discounted cosine to a story's centroid to join it.
    pub online_threshold: f64,
    /// KMeans k (0: one cluster per 5 articles).
    pub kmeans_k: usize,
    /// Dimensions of the random projection for linfa.
    pub projection_dims: usize,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            algorithm: Algorithm::TimeAware,
            threshold: 0.18,
            time_grace_days: 3.0,
            time_scale_days: 30.0,
            time_floor: 0.4,
            neighbours: 40,
            cohesion_ratio: 0.6,
            merge_threshold: 0.4,
            merge_time_floor: 0.9,
            max_story_span_days: 21.0,
            attach_threshold: 0.2,
            batch_limit: 15_000,
            window_days: 14.0,
            online_threshold: 0.3,
            dbscan_eps: 0.6,
            dbscan_min_points: 2,
            kmeans_k: 0,
            projection_dims: 256,
        }
    }
}

/// Discount of similarity for articles `days` apart.
pub fn time_discount(days: f64, o: &ClusterOptions) -> f64 {
    if days <= o.time_grace_days {
        1.0
    } else {
        (-(days - o.time_grace_days) / o.time_scale_days)
            .exp()
            .max(o.time_floor)
    }
}

/// The algorithm that actually runs on `n` articles: the time-aware clusterer hands over to
/// the online one above `batch_limit`.
pub fn effective_algorithm(n: usize, opts: &ClusterOptions) -> Algorithm {
    match opts.algorithm {
        Algorithm::TimeAware if n > opts.batch_limit => Algorithm::Online,
        a => a,
    }
}

/// Cluster labels, one per article (labels are 0..k, numbered by first article).
pub fn cluster(
    features: &Features,
    published: &[DateTime<Utc>],
    opts: &ClusterOptions,
) -> Result<Vec<usize>> {
    let n = features.docs.len();
    if n == 0 {
        return Ok(Vec::new());
    }
    let raw = match effective_algorithm(n, opts) {
        Algorithm::Online => online::online(&features.docs, published, opts),
        Algorithm::TimeAware => {
            let graph = graph::neighbour_graph(&features.docs, opts.neighbours);
            let first = agglomerative::time_aware(features, published, &graph, opts);
            if opts.merge_threshold > 0.0 {
                rejoin::merge_by_centroid(features, published, &first, &graph, opts)
            } else {
                first
            }
        }
        Algorithm::Dbscan => baselines::dbscan(features, opts)?,
        Algorithm::Kmeans => baselines::kmeans(features, opts)?,
    };
    Ok(renumber(&raw))
}

/// Labels renumbered 0.. in order of first appearance, so equal partitions give equal labels.
pub fn renumber(labels: &[usize]) -> Vec<usize> {
    let mut map: HashMap<usize, usize> = HashMap::new();
    labels
        .iter()
        .map(|l| {
            let next = map.len();
            *map.entry(*l).or_insert(next)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::SparseVec;

    fn sv(pairs: &[(u32, f32)]) -> SparseVec {
        SparseVec::normalized(pairs)
    }

    fn feats(docs: Vec<SparseVec>) -> Features {
        Features {
            vocab: (0..10).map(|i| format!("t{i}")).collect(),
            idf: vec![1.0; 10],
            docs,
            display: HashMap::new(),
            term_ids: Default::default(),
        }
    }

    fn at(day: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_491_000_000 + day * 86400, 0).unwrap()
    }

    #[test]
    fn same_content_same_week_joins_far_apart_does_not() {
        let docs = vec![
            sv(&[(0, 1.0), (1, 1.0)]),
            sv(&[(0, 1.0), (1, 0.9)]),
            sv(&[(0, 1.0), (1, 1.0), (2, 0.1)]),
            sv(&[(5, 1.0), (6, 1.0)]),
        ];
        let f = feats(docs);
        // First pass only: the later passes have their own, weaker time floor.
        let o = ClusterOptions {
            threshold: 0.6,
            time_floor: 0.1,
            merge_threshold: 0.0,
            attach_threshold: 0.0,
            ..Default::default()
        };
        let labels = cluster(&f, &[at(0), at(1), at(400), at(1)], &o).unwrap();
        assert_eq!(labels[0], labels[1]);
        assert_ne!(
            labels[0], labels[2],
            "a year later, the discount keeps it apart"
        );
        assert_ne!(labels[0], labels[3]);
    }

    #[test]
    fn two_tight_events_of_one_saga_stay_apart() {
        // Two triplets, each near-identical inside, moderately alike across, days apart.
        let a = || sv(&[(0, 1.0), (1, 1.0), (2, 0.3)]);
        let b = || sv(&[(0, 1.0), (3, 1.0), (4, 0.3)]);
        let f = feats(vec![a(), a(), a(), b(), b(), b()]);
        let times = [at(0), at(0), at(1), at(2), at(2), at(3)];
        let base = ClusterOptions {
            threshold: 0.3,
            merge_threshold: 0.0,
            attach_threshold: 0.0,
            ..Default::default()
        };
        let kept = cluster(&f, &times, &base).unwrap();
        assert_eq!(kept, vec![0, 0, 0, 1, 1, 1]);
        let merged = cluster(
            &f,
            &times,
            &ClusterOptions {
                cohesion_ratio: 0.0,
                ..base
            },
        )
        .unwrap();
        assert_eq!(merged, vec![0; 6]);
    }

    #[test]
    fn daily_coverage_of_a_long_saga_does_not_chain_into_one_story() {
        // Two three-article stories with the same words, a month apart.
        let a = || sv(&[(0, 1.0), (1, 1.0)]);
        let f = feats(vec![a(), a(), a(), a(), a(), a()]);
        let times = [at(0), at(1), at(2), at(30), at(31), at(32)];
        let base = ClusterOptions {
            attach_threshold: 0.0,
            ..Default::default()
        };
        assert_eq!(cluster(&f, &times, &base).unwrap(), vec![0, 0, 0, 1, 1, 1]);
        let unbounded = ClusterOptions {
            max_story_span_days: f64::INFINITY,
            ..base
        };
        assert_eq!(cluster(&f, &times, &unbounded).unwrap(), vec![0; 6]);
    }

    #[test]
    fn input_order_does_not_change_partition() {
        let docs = vec![
            sv(&[(0, 1.0), (1, 1.0)]),
            sv(&[(0, 1.0), (1, 0.8)]),
            sv(&[(5, 1.0)]),
            sv(&[(5, 1.0), (6, 0.2)]),
        ];
        let f = feats(docs.clone());
        let times = [at(0), at(0), at(2), at(2)];
        let a = cluster(&f, &times, &ClusterOptions::default()).unwrap();
        let rev: Vec<SparseVec> = docs.into_iter().rev().collect();
        let b = cluster(
            &feats(rev),
            &[at(2), at(2), at(0), at(0)],
            &ClusterOptions::default(),
        )
        .unwrap();
        let b_back: Vec<usize> = renumber(&b.into_iter().rev().collect::<Vec<_>>());
        assert_eq!(a, b_back);
    }
}
