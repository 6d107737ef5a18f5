//! Exact and near-duplicate texts (wire copy republished by several outlets): grouped and
//! flagged, never dropped.

use crate::model::Article;
use crate::util::{content_id, fnv1a64, fnv1a64_of, FastMap};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A set of hashes, hashed again with one multiplication (they are spread already).
type HashSet64 = HashSet<u64, std::hash::BuildHasherDefault<crate::util::IntHasher>>;

/// The hash of each lowercased word of `text`: ASCII words are lowercased byte by byte as they
/// are hashed, so a word costs no string of its own.
fn word_hashes(text: &str) -> Vec<u64> {
    crate::text::word_spans(text)
        .into_iter()
        .map(|(a, b)| {
            let w = &text[a..b];
            if w.is_ascii() {
                fnv1a64_of(w.bytes().map(|c| c.to_ascii_lowercase()))
            } else {
                fnv1a64(w.to_lowercase().as_bytes())
            }
        })
        .collect()
}

/// Word 5-shingles, hashed.
fn shingles(text: &str) -> HashSet64 {
    let hashes = word_hashes(text);
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
fn containment(a: &HashSet64, b: &HashSet64) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return 0.0;
    }
    small.iter().filter(|h| large.contains(h)).count() as f64 / small.len() as f64
}

/// Minimum containment for two texts to count as copies of one another.
pub const NEAR_DUPLICATE_CONTAINMENT: f64 = 0.6;

/// Sets `dup_group` of every article: its group's id when its text is a (near) copy of
/// another's, else `None` (a group found in an earlier, different pile does not survive). The
/// group id derives from the group's earliest member, so it is stable under input order.
pub fn group_duplicates(articles: &mut [Article]) {
    // Only a sample of each text's shingles is kept for every article (the full sets of a large
    // pile would not fit in memory): 1 in 4 by hash value (order-free), and the full count.
    let sampled: Vec<(Vec<u64>, usize)> = articles
        .par_iter()
        .map(|a| {
            let set = shingles(&a.text);
            let mut sample: Vec<u64> = set.iter().copied().filter(|h| h % 4 == 0).collect();
            sample.sort_unstable();
            (sample, set.len())
        })
        .collect();
    // Sampled shingle -> articles, as one sorted list; a shingle in very many texts is
    // boilerplate, not evidence of copying.
    let mut postings: Vec<(u64, u32)> =
        Vec::with_capacity(sampled.iter().map(|(s, _)| s.len()).sum());
    postings.extend(
        sampled
            .iter()
            .enumerate()
            .flat_map(|(i, (s, _))| s.iter().map(move |h| (*h, i as u32))),
    );
    postings.par_sort_unstable();
    // Where each shingle shared by 2 to 50 texts has its list (alone it pairs nothing; in more
    // it is boilerplate).
    let mut runs: FastMap<u64, (usize, u32)> = FastMap::default();
    let mut at = 0usize;
    for run in postings.chunk_by(|x, y| x.0 == y.0) {
        if (2..=50).contains(&run.len()) {
            runs.insert(run[0].0, (at, run.len() as u32));
        }
        at += run.len();
    }
    // Candidates share a good part of their sampled shingles; only they are checked exactly.
    // Each article counts what it shares with the later articles of its shingles' lists, so
    // memory holds one article's counts per thread, not every pair of the pile at once.
    let mut candidates: Vec<(usize, usize)> = (0..sampled.len())
        .into_par_iter()
        .flat_map_iter(|i| {
            let mut shared: FastMap<u32, u32> = FastMap::default();
            for h in &sampled[i].0 {
                let Some(&(from, len)) = runs.get(h) else {
                    continue;
                };
                let len = len as usize;
                for &(_, j) in &postings[from..from + len] {
                    if j as usize > i {
                        *shared.entry(j).or_default() += 1;
                    }
                }
            }
            let sampled = &sampled;
            shared.into_iter().filter_map(move |(j, c)| {
                let j = j as usize;
                let smaller = sampled[i].0.len().min(sampled[j].0.len()).max(1) as f64;
                (c as f64 >= 0.4 * smaller && sampled[i].1.min(sampled[j].1) >= 8).then_some((i, j))
            })
        })
        .collect();
    drop(runs);
    drop(postings);
    candidates.sort_unstable();
    // Full shingle sets, once per article that is in a candidate pair (a wire text and its
    // copies are in several).
    let mut involved: Vec<usize> = candidates.iter().flat_map(|&(i, j)| [i, j]).collect();
    involved.sort_unstable();
    involved.dedup();
    let full: HashMap<usize, HashSet64> = involved
        .into_par_iter()
        .map(|i| (i, shingles(&articles[i].text)))
        .collect();
    let pairs: Vec<(usize, usize)> = candidates
        .into_par_iter()
        .filter(|(i, j)| containment(&full[i], &full[j]) >= NEAR_DUPLICATE_CONTAINMENT)
        .collect();
    let mut parent: Vec<usize> = (0..articles.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for (i, j) in pairs {
        let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
        if ri != rj {
            parent[ri.max(rj)] = ri.min(rj);
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, a) in articles.iter_mut().enumerate() {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
        a.dup_group = None;
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

/// For every article, whether it is a later copy in its near-duplicate group: true for every
/// member but the earliest (by publication time, then id, so input order does not matter),
/// false for the earliest and for articles in no group.
pub fn later_copies(articles: &[Article]) -> Vec<bool> {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        if let Some(g) = &a.dup_group {
            let e = first.entry(g.as_str()).or_insert(i);
            let b = &articles[*e];
            if (a.published, &a.id) < (b.published, &b.id) {
                *e = i;
            }
        }
    }
    articles
        .iter()
        .enumerate()
        .map(|(i, a)| a.dup_group.as_ref().is_some_and(|g| first[g.as_str()] != i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, text: &str, hour: i64) -> Article {
        Article::for_test(
            id,
            text,
            chrono::DateTime::from_timestamp(1_491_600_000 + hour * 3600, 0).unwrap(),
        )
    }

    const WIRE: &str = "Swedish police said on Saturday they had arrested a 39-year-old man from Uzbekistan on suspicion of driving a stolen beer truck into shoppers on Drottninggatan, killing four people and injuring fifteen. The man had applied for residency in 2014 and was ordered to leave the country last year, police said at a news conference in Stockholm. Investigators found a suspicious device in the cab of the truck. Prime Minister Stefan Lofven called the attack an act of terror and said Sweden would not be cowed.";

    #[test]
    fn word_hashes_are_the_hashes_of_the_lowercased_words() {
        let text =
            "Police in MALMÖ said Élodie Durand, 39, left Stockholm's Drottninggatan at 9pm.";
        let expected: Vec<u64> = crate::text::words(text)
            .iter()
            .map(|w| fnv1a64(w.as_bytes()))
            .collect();
        assert_eq!(expected.len(), 12);
        assert_eq!(word_hashes(text), expected);
    }

    #[test]
    fn republished_wire_copy_is_grouped_under_the_earliest() {
        let trimmed = WIRE.rsplit_once(" Prime Minister").unwrap().0;
        let reworded = WIRE.replacen(
            "Swedish police said on Saturday",
            "Police in Sweden announced on Saturday",
            1,
        );
        let mut arts = vec![
            article("orig", WIRE, 0),
            article("copy1", trimmed, 1),
            article("copy2", &reworded, 2),
            article("other", "Voters in Turkey went to the polls on Sunday in a referendum on expanding the powers of the presidency, with results expected late in the evening.", 3),
        ];
        // A group from an earlier pile is not kept.
        arts[3].dup_group = Some("d-stale".into());
        group_duplicates(&mut arts);
        let g = arts[0].dup_group.clone().expect("grouped");
        assert_eq!(g, content_id("d-", &["orig"]));
        assert_eq!(arts[1].dup_group.as_ref(), Some(&g));
        assert_eq!(arts[2].dup_group.as_ref(), Some(&g));
        assert_eq!(arts[3].dup_group, None);
    }
}
