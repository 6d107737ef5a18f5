//! The sparse nearest-neighbour graph the time-aware clusterer works on: each document's top
//! neighbours by exact cosine, with candidates found through an inverted index and ranked by
//! packed integer keys.

use crate::features::SparseVec;
use crate::util::DenseSums;
use rayon::prelude::*;
use std::cmp::Ordering;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
