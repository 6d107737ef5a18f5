//! Exact and near-duplicate texts (wire copy republished by several outlets): grouped and
//! flagged, never dropped.

use crate::model::Article;
use crate::util::{content_id, fnv1a64};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Word 5-shingles, hashed.
fn shingles(text: &str) -> HashSet<u64> {
    let words: Vec<String> = crate::text::words(text);
    let hashes: Vec<u64> = words.iter().map(|w| fnv1a64(w.as_bytes())).collect();
    if hashes.len() < 5 {
        return hashes.into_iter().collect();
    }
    // Order-sensitive combination of five word hashes.
    hashes
        .windows(5)
        .map(|w| {
            w.iter().fold(0xcbf29ce484222325u64, |h, x| {
                (h ^ x).wrapping_mul(0x100000001b3).rotate_left(17)
            })
        })
        .collect()
}

/// Share of the smaller text's shingles found in the other: a republished copy that was
/// trimmed or given a new first sentence still shares most of them.
fn containment(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return 0.0;
    }
    small.iter().filter(|h| large.contains(h)).count() as f64 / small.len() as f64
}

/// Minimum containment for two texts to count as copies of one another.
pub const NEAR_DUPLICATE_CONTAINMENT: f64 = 0.6;

/// Assigns `dup_group` to every article whose text is a (near) copy of another's. The group id
/// derives from the group's earliest member, so it is stable under input order.
pub fn group_duplicates(articles: &mut [Article]) {
    let sets: Vec<HashSet<u64>> = articles.par_iter().map(|a| shingles(&a.text)).collect();
    // Candidate pairs share a sampled shingle (1 in 4 by hash value): cheap and order-free.
    let mut index: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, s) in sets.iter().enumerate() {
        for h in s.iter().filter(|h| *h % 4 == 0) {
            index.entry(*h).or_default().push(i);
        }
    }
    let mut parent: Vec<usize> = (0..articles.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let mut checked: HashSet<(usize, usize)> = HashSet::new();
    let mut keys: Vec<&u64> = index.keys().collect();
    keys.sort();
    for k in keys {
        let list = &index[k];
        // A shingle shared by very many texts is boilerplate, not evidence of copying.
        if list.len() > 50 {
            continue;
        }
        for (x, &i) in list.iter().enumerate() {
            for &j in &list[x + 1..] {
                if !checked.insert((i.min(j), i.max(j))) {
                    continue;
                }
                if sets[i].len().min(sets[j].len()) >= 8
                    && containment(&sets[i], &sets[j]) >= NEAR_DUPLICATE_CONTAINMENT
                {
                    let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                    if ri != rj {
                        parent[ri.max(rj)] = ri.min(rj);
                    }
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..articles.len() {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    for members in groups.values().filter(|m| m.len() > 1) {
        let earliest = members
            .iter()
            .min_by(|&&a, &&b| {
                (articles[a].published, &articles[a].id)
                    .cmp(&(articles[b].published, &articles[b].id))
            })
            .copied()
            .unwrap_or(members[0]);
        let gid = content_id("d-", &[&articles[earliest].id]);
        for &m in members {
            articles[m].dup_group = Some(gid.clone());
        }
    }
}
