//! Stories: cluster articles so that an article joins a story only when both its content and
//! its time are close. The default is a time-aware average-linkage clusterer over a sparse
//! nearest-neighbour graph; linfa's DBSCAN and KMeans are offered beside it for comparison.

use crate::error::{Error, Result};
use crate::features::{Features, SparseVec};
use crate::model::{Article, ArticleEntity, Story};
use crate::util::{content_id, DenseSums};
use chrono::{DateTime, Utc};
use rayon::prelude::*;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap, HashMap};

mod online;

/// Clustering algorithms.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
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

/// Clustering settings. The defaults were chosen on the dev sets (see README).
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
            let graph = neighbour_graph(&features.docs, opts.neighbours);
            let first = time_aware(features, published, &graph, opts);
            if opts.merge_threshold > 0.0 {
                merge_by_centroid(features, published, &first, &graph, opts)
            } else {
                first
            }
        }
        Algorithm::Dbscan => dbscan(features, opts)?,
        Algorithm::Kmeans => kmeans(features, opts)?,
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

/// Top-`k` neighbours of every document by exact cosine, found through an inverted index.
pub fn neighbour_graph(docs: &[SparseVec], k: usize) -> Vec<Vec<(usize, f64)>> {
    let n = docs.len();
    let dims = docs
        .iter()
        .filter_map(|v| v.idx.last())
        .map(|&i| i as usize + 1)
        .max()
        .unwrap_or(0);
    let mut postings: Vec<Vec<(usize, f32)>> = vec![Vec::new(); dims];
    for (d, v) in docs.iter().enumerate() {
        for (&i, &x) in v.idx.iter().zip(&v.val) {
            postings[i as usize].push((d, x));
        }
    }
    // Very common features cost quadratic time and carry little: they still count in the exact
    // cosine of candidates, but do not generate candidates.
    let cap = (n / 10).max(200);
    (0..n)
        .into_par_iter()
        // One dense accumulator per thread: the same sums in the same order as a map, without
        // hashing every posting.
        .map_init(
            || NeighbourScratch::new(n, dims),
            |NeighbourScratch { acc, cands, dense }, d| {
                for (&i, &x) in docs[d].idx.iter().zip(&docs[d].val) {
                    let list = &postings[i as usize];
                    if list.len() > cap {
                        continue;
                    }
                    for &(e, y) in list {
                        if e != d {
                            acc.add(e, x * y);
                        }
                    }
                }
                cands.clear();
                cands.extend(acc.drain().map(|(e, score)| rank_key(score, e)));
                // Only the best k·3 are scored exactly; the order is total, so the same k·3 as a
                // full sort would keep, and their exact order comes after.
                let keep = k * 3;
                if cands.len() > keep {
                    cands.select_nth_unstable(keep);
                    cands.truncate(keep);
                }
                for (&i, &x) in docs[d].idx.iter().zip(&docs[d].val) {
                    dense[i as usize] = x;
                }
                let mut exact: Vec<(usize, f64)> = cands
                    .drain(..)
                    .map(|key| {
                        let e = rank_key_doc(key);
                        (e, dense_dot(dense, &docs[e]))
                    })
                    .collect();
                for &i in &docs[d].idx {
                    dense[i as usize] = 0.0;
                }
                exact.sort_by(|a, b| {
                    b.1.partial_cmp(&a.1)
                        .unwrap_or(Ordering::Equal)
                        .then(a.0.cmp(&b.0))
                });
                exact.truncate(k);
                exact
            },
        )
        .collect()
}

/// What one thread of [`neighbour_graph`] reuses from document to document: a document can
/// touch most of the pile, and fresh lists that size per document kept the allocator faulting
/// in new pages (1.5 GiB at 10,000 articles).
struct NeighbourScratch {
    /// Approximate score per document, over the candidate-generating features.
    acc: DenseSums<f32>,
    /// Candidates as [`rank_key`]s.
    cands: Vec<u64>,
    /// The current document's weights by feature (0 where it has none).
    dense: Vec<f32>,
}

impl NeighbourScratch {
    fn new(n: usize, dims: usize) -> NeighbourScratch {
        NeighbourScratch {
            acc: DenseSums::with_len(n),
            cands: Vec::new(),
            dense: vec![0.0; dims],
        }
    }
}

/// A candidate's approximate score and document as one integer whose ascending order is the
/// scores' descending order, ties by document: the order a comparison of the float and then
/// the index gives (−0 counts as +0, as they compare equal), at integer speed. Documents are
/// numbered below 2³².
fn rank_key(score: f32, doc: usize) -> u64 {
    let bits = (score + 0.0).to_bits();
    // Floats' bits in ascending order of value: flip all bits of negatives, the sign of the rest.
    let ascending = if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    };
    (u64::from(!ascending) << 32) | doc as u64
}

/// The document a [`rank_key`] was made for.
fn rank_key_doc(key: u64) -> usize {
    (key & u64::from(u32::MAX)) as usize
}

/// [`SparseVec::dot`] of the document spread out in `dense` with `v`, bit for bit: the same
/// products over the shared features, added in ascending feature order. (A feature the
/// document lacks reads 0 and adds +0 or −0, which leaves a sum that started at +0 as it was.)
fn dense_dot(dense: &[f32], v: &SparseVec) -> f64 {
    let mut s = 0.0f64;
    for (&i, &y) in v.idx.iter().zip(&v.val) {
        s += dense[i as usize] as f64 * y as f64;
    }
    s
}

#[derive(PartialEq)]
struct Candidate {
    score: f64,
    a: usize,
    b: usize,
    version_a: u32,
    version_b: u32,
}
impl Candidate {
    /// A merge of stories `x` and `y` at their current versions, smaller id first.
    fn new(score: f64, x: usize, y: usize, version: &[u32]) -> Candidate {
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
    fn is_current(&self, alive: &[bool], version: &[u32]) -> bool {
        alive[self.a]
            && alive[self.b]
            && version[self.a] == self.version_a
            && version[self.b] == self.version_b
    }
}

/// The story an article ended in, following merges.
fn root(parent: &[usize], mut i: usize) -> usize {
    while parent[i] != i {
        i = parent[i];
    }
    i
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

/// Average-linkage agglomerative clustering on the time-discounted neighbour graph; pairs
/// without an edge count as similarity 0, so a large story needs broad support to absorb more.
fn time_aware(
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

/// Days between two time spans (Unix seconds), 0 when they overlap.
fn gap_days(a: (i64, i64), b: (i64, i64)) -> f64 {
    (a.0.max(b.0) - a.1.min(b.1)).max(0) as f64 / 86400.0
}

/// Stories this small count as follow-ups in the second pass.
pub const FOLLOW_UP_MAX_ARTICLES: usize = 2;

/// Greedy centroid merging of first-pass stories (highest similarity first, recomputed after
/// every merge), restricted to stories that share a neighbour edge.
fn merge_by_centroid(
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
    let mut adj: Vec<std::collections::BTreeSet<usize>> = vec![Default::default(); groups.len()];
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
    let mut out = vec![0usize; n];
    for (k, g) in groups.iter().enumerate() {
        for &i in g {
            out[i] = k;
        }
    }
    out
}

fn projection(features: &Features, o: &ClusterOptions) -> Result<ndarray::Array2<f64>> {
    let dims = o.projection_dims.max(2);
    let flat = features.project(dims, 0x5707_11e5);
    ndarray::Array2::from_shape_vec((features.docs.len(), dims), flat)
        .map_err(|e| Error::Invalid(format!("projection shape: {e}")))
}

fn dbscan(features: &Features, o: &ClusterOptions) -> Result<Vec<usize>> {
    use linfa::traits::Transformer;
    use linfa::ParamGuard;
    let x = projection(features, o)?;
    // Unit vectors: Euclidean distance sqrt(2 - 2 cos).
    let eps = (2.0 * o.dbscan_eps).sqrt();
    let params = linfa_clustering::Dbscan::params(o.dbscan_min_points)
        .tolerance(eps)
        .check()
        .map_err(|e| Error::Invalid(format!("dbscan: {e}")))?;
    let labels = params.transform(&x);
    let n = features.docs.len();
    // Noise points become singleton stories.
    Ok(labels
        .iter()
        .enumerate()
        .map(|(i, l)| l.map(|c| c).unwrap_or(n + i))
        .collect())
}

fn kmeans(features: &Features, o: &ClusterOptions) -> Result<Vec<usize>> {
    use linfa::traits::{Fit, Predict};
    let n = features.docs.len();
    let k = if o.kmeans_k == 0 {
        (n / 5).max(1)
    } else {
        o.kmeans_k.min(n)
    };
    let x = projection(features, o)?;
    let ds = linfa::DatasetBase::from(x.clone());
    let model = linfa_clustering::KMeans::params(k)
        .n_runs(3)
        .fit(&ds)
        .map_err(|e| Error::Invalid(format!("kmeans: {e}")))?;
    let pred = model.predict(&x);
    Ok(pred.to_vec())
}

/// Builds story records from cluster labels: members, times, label, representative headline.
pub fn build_stories(
    articles: &[Article],
    labels: &[usize],
    features: &Features,
    entities: &[ArticleEntity],
) -> Vec<Story> {
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &l) in labels.iter().enumerate() {
        groups.entry(l).or_default().push(i);
    }
    let mut ents_by_article: HashMap<&str, Vec<&ArticleEntity>> = HashMap::new();
    for e in entities {
        ents_by_article
            .entry(e.article_id.as_str())
            .or_default()
            .push(e);
    }
    // Stories are described independently: on every core.
    let groups: Vec<&Vec<usize>> = groups.values().collect();
    let mut stories: Vec<Story> = groups
        .par_iter()
        .map(|&members| {
            let centroid = features.centroid(members);
            let mut ids: Vec<&str> = members.iter().map(|&m| articles[m].id.as_str()).collect();
            ids.sort();
            let story_id = content_id("s-", &ids);
            // Each member's closeness to the centroid, computed once rather than per comparison.
            let best = members
                .iter()
                .map(|&m| (features.docs[m].dot(&centroid), m))
                .max_by(|&(dx, x), &(dy, y)| {
                    dx.total_cmp(&dy)
                        .then_with(|| articles[y].published.cmp(&articles[x].published))
                        .then_with(|| articles[y].id.cmp(&articles[x].id))
                })
                .map_or(members[0], |(_, m)| m);
            let headline = if articles[best].title.is_empty() {
                first_sentence(&articles[best].text)
            } else {
                articles[best].title.clone()
            };
            let mut terms: Vec<(u32, f32)> = centroid
                .idx
                .iter()
                .copied()
                .zip(centroid.val.iter().copied())
                .filter(|(i, _)| !features.vocab[*i as usize].starts_with('@'))
                .collect();
            terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let top_terms: Vec<String> = terms
                .iter()
                .take(8)
                .map(|(i, _)| features.display_name(*i))
                .collect();
            let mut ent_score: BTreeMap<(&str, &str), f64> = BTreeMap::new();
            for &m in members {
                for e in ents_by_article
                    .get(articles[m].id.as_str())
                    .into_iter()
                    .flatten()
                {
                    *ent_score
                        .entry((e.name.as_str(), e.kind.as_str()))
                        .or_default() += if e.in_lead { 2.0 } else { 1.0 };
                }
            }
            let mut ents: Vec<((&str, &str), f64)> = ent_score.into_iter().collect();
            ents.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let top_entities: Vec<String> = ents
                .iter()
                .take(6)
                .map(|((n, _), _)| n.to_string())
                .collect();
            let label = make_label(&top_entities, &top_terms);
            let mut sorted: Vec<usize> = members.clone();
            sorted.sort_by(|&x, &y| {
                (articles[x].published, &articles[x].id)
                    .cmp(&(articles[y].published, &articles[y].id))
            });
            let mut outlets: Vec<&str> = members
                .iter()
                .map(|&m| articles[m].outlet.as_str())
                .collect();
            outlets.sort();
            outlets.dedup();
            Story {
                story_id,
                label,
                headline,
                article_ids: sorted.iter().map(|&m| articles[m].id.clone()).collect(),
                first_published: articles[sorted[0]].published,
                last_published: articles[sorted[sorted.len() - 1]].published,
                n_outlets: outlets.len(),
                top_terms,
                top_entities,
            }
        })
        .collect();
    sort_stories(&mut stories);
    stories
}

/// Stories in their output order: first publication, then id.
pub fn sort_stories(stories: &mut [Story]) {
    stories.sort_by(|a, b| (a.first_published, &a.story_id).cmp(&(b.first_published, &b.story_id)));
}

fn first_sentence(text: &str) -> String {
    crate::text::sentences(text)
        .first()
        .map(|s| s.to_string())
        .unwrap_or_default()
}

/// "Entity · Entity · term · term": two entities and two terms that are not already in them.
fn make_label(entities: &[String], terms: &[String]) -> String {
    let mut parts: Vec<String> = entities.iter().take(2).cloned().collect();
    let lower: String = parts.join(" ").to_lowercase();
    for t in terms {
        if parts.len() >= 4 {
            break;
        }
        if !lower.contains(&t.to_lowercase()) {
            parts.push(t.clone());
        }
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn rank_keys_sort_as_score_then_document() {
        let mut rng = crate::util::SplitMix64(7);
        let mut scores = vec![0.0f32, -0.0, 1.0, -1.0, f32::MIN_POSITIVE, 0.5, 0.5];
        scores.extend((0..200).map(|_| (rng.next_f64() * 2.0 - 1.0) as f32));
        let mut pairs: Vec<(usize, f32)> = scores.into_iter().enumerate().collect();
        // Shuffled, with repeated scores under other documents.
        pairs.extend(pairs.clone().into_iter().map(|(d, s)| (d + 1000, s)));
        pairs.reverse();
        let mut by_floats = pairs.clone();
        by_floats.sort_by(|a, b| {
            b.1.partial_cmp(&a.1)
                .unwrap_or(Ordering::Equal)
                .then(a.0.cmp(&b.0))
        });
        let mut keys: Vec<u64> = pairs.iter().map(|&(d, s)| rank_key(s, d)).collect();
        keys.sort_unstable();
        let by_keys: Vec<usize> = keys.iter().map(|&k| rank_key_doc(k)).collect();
        let expected: Vec<usize> = by_floats.iter().map(|p| p.0).collect();
        assert_eq!(by_keys, expected);
    }

    #[test]
    fn dense_dot_is_the_sparse_dot_bit_for_bit() {
        let mut rng = crate::util::SplitMix64(11);
        let random_vec = |rng: &mut crate::util::SplitMix64| {
            let mut pairs: Vec<(u32, f32)> = Vec::new();
            for i in 0..60u32 {
                if rng.below(3) == 0 {
                    pairs.push((i, rng.next_f64() as f32 + 1e-3));
                }
            }
            SparseVec::normalized(&pairs)
        };
        for _ in 0..100 {
            let (a, b) = (random_vec(&mut rng), random_vec(&mut rng));
            let mut dense = vec![0.0f32; 60];
            for (&i, &x) in a.idx.iter().zip(&a.val) {
                dense[i as usize] = x;
            }
            assert_eq!(dense_dot(&dense, &b).to_bits(), a.dot(&b).to_bits());
        }
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
