//! Clustering scores against gold labels: BCubed (per-article averaged), pairwise P/R/F1 over
//! all article pairs, and the adjusted Rand index.

use serde::Serialize;
use std::collections::HashMap;

pub mod timex;
pub mod tls;

/// Scores of one predicted partition against gold.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ClusterScores {
    pub bcubed_precision: f64,
    pub bcubed_recall: f64,
    pub bcubed_f1: f64,
    pub pairwise_precision: f64,
    pub pairwise_recall: f64,
    pub pairwise_f1: f64,
    pub ari: f64,
    pub n_articles: usize,
    pub n_clusters: usize,
    pub n_gold: usize,
}

/// Precision, recall and F1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    pub(crate) fn new(precision: f64, recall: f64) -> Prf {
        Prf {
            precision,
            recall,
            f1: f1(precision, recall),
        }
    }
}

/// `a / b`, or 0 when there is nothing to divide by.
pub(crate) fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        a / b
    }
}

pub(crate) fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn choose2(x: usize) -> f64 {
    (x as f64) * (x as f64 - 1.0) / 2.0
}

/// Scores `pred` against `gold` (both: one label per article, same order).
pub fn score<P: Eq + std::hash::Hash, G: Eq + std::hash::Hash>(
    pred: &[P],
    gold: &[G],
) -> ClusterScores {
    let n = pred.len().min(gold.len());
    if n == 0 {
        return ClusterScores::default();
    }
    let mut joint: HashMap<(&P, &G), usize> = HashMap::new();
    let mut psize: HashMap<&P, usize> = HashMap::new();
    let mut gsize: HashMap<&G, usize> = HashMap::new();
    for i in 0..n {
        *joint.entry((&pred[i], &gold[i])).or_default() += 1;
        *psize.entry(&pred[i]).or_default() += 1;
        *gsize.entry(&gold[i]).or_default() += 1;
    }
    // BCubed: for each article, the share of its cluster that shares its gold label, and back;
    // summed in article order, so the last digits do not follow the maps' hash order.
    let (mut bp, mut br) = (0.0, 0.0);
    for (p, g) in pred.iter().zip(gold).take(n) {
        let c = joint[&(p, g)] as f64;
        bp += c / psize[p] as f64;
        br += c / gsize[g] as f64;
    }
    bp /= n as f64;
    br /= n as f64;
    let same_both: f64 = joint.values().map(|&c| choose2(c)).sum();
    let same_pred: f64 = psize.values().map(|&c| choose2(c)).sum();
    let same_gold: f64 = gsize.values().map(|&c| choose2(c)).sum();
    let pp = if same_pred > 0.0 {
        same_both / same_pred
    } else {
        1.0
    };
    let pr = if same_gold > 0.0 {
        same_both / same_gold
    } else {
        1.0
    };
    let total = choose2(n);
    let expected = if total > 0.0 {
        same_pred * same_gold / total
    } else {
        0.0
    };
    let max_index = (same_pred + same_gold) / 2.0;
    let ari = if (max_index - expected).abs() < 1e-12 {
        1.0
    } else {
        (same_both - expected) / (max_index - expected)
    };
    ClusterScores {
        bcubed_precision: bp,
        bcubed_recall: br,
        bcubed_f1: f1(bp, br),
        pairwise_precision: pp,
        pairwise_recall: pr,
        pairwise_f1: f1(pp, pr),
        ari,
        n_articles: n,
        n_clusters: psize.len(),
        n_gold: gsize.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scores are printed to the last digit (`eval stories --json`): the same labels must
    /// give the same bits every time, whatever order the maps inside hold them in.
    #[test]
    fn the_same_labels_give_the_same_bits() {
        let pred: Vec<usize> = (0..5000).map(|i| (i * 7919) % 613).collect();
        let gold: Vec<String> = (0..5000)
            .map(|i| format!("g{}", (i * 104_729) % 487))
            .collect();
        let first = score(&pred, &gold);
        for _ in 0..20 {
            let again = score(&pred, &gold);
            assert_eq!(
                (
                    again.bcubed_precision.to_bits(),
                    again.bcubed_recall.to_bits()
                ),
                (
                    first.bcubed_precision.to_bits(),
                    first.bcubed_recall.to_bits()
                )
            );
        }
    }

    #[test]
    fn perfect_and_split() {
        let s = score(&[0, 0, 1, 1], &["a", "a", "b", "b"]);
        assert_eq!((s.bcubed_f1, s.pairwise_f1, s.ari), (1.0, 1.0, 1.0));
        let s = score(&[0, 1, 2, 3], &["a", "a", "b", "b"]);
        assert_eq!(s.bcubed_precision, 1.0);
        assert_eq!(s.bcubed_recall, 0.5);
        assert_eq!(s.pairwise_recall, 0.0);
    }

    #[test]
    fn bcubed_by_hand() {
        // pred {1,2,3}{4}; gold {1,2}{3,4}: precision (2/3+2/3+1/3+1)/4 = 2/3, recall (1+1+1/2+1/2)/4 = 3/4.
        let s = score(&[0, 0, 0, 1], &["a", "a", "b", "b"]);
        assert!((s.bcubed_precision - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.bcubed_recall - 0.75).abs() < 1e-12);
        assert!((s.pairwise_precision - 1.0 / 3.0).abs() < 1e-12);
    }
}
