//! Features: TF-IDF over headline, lead and body (weighted separately) plus entity features,
//! as L2-normalised sparse vectors. Also a seeded random projection to dense vectors for the
//! linfa algorithms, which take dense input only.

use crate::model::{Article, ArticleEntity};
use crate::text::{placed_terms, terms};
use crate::util::DenseSums;
use crate::util::FastMap;
use crate::util::SplitMix64;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// A sparse vector: indices ascending, values L2-normalised.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SparseVec {
    pub idx: Vec<u32>,
    pub val: Vec<f32>,
}

impl SparseVec {
    /// Dot product by merging sorted indices.
    pub fn dot(&self, other: &SparseVec) -> f64 {
        let (mut i, mut j, mut s) = (0, 0, 0.0f64);
        while i < self.idx.len() && j < other.idx.len() {
            match self.idx[i].cmp(&other.idx[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    s += self.val[i] as f64 * other.val[j] as f64;
                    i += 1;
                    j += 1;
                }
            }
        }
        s
    }

    /// A unit-length vector from (index, weight) pairs given in index order (for tests).
    #[cfg(test)]
    pub(crate) fn normalized(pairs: &[(u32, f32)]) -> SparseVec {
        let norm = pairs.iter().map(|p| p.1 * p.1).sum::<f32>().sqrt();
        SparseVec {
            idx: pairs.iter().map(|p| p.0).collect(),
            val: pairs.iter().map(|p| p.1 / norm).collect(),
        }
    }

    /// A unit vector from (index, weight) pairs in ascending index order.
    fn from_sorted(pairs: impl Iterator<Item = (u32, f64)> + Clone) -> SparseVec {
        let norm = pairs.clone().map(|(_, v)| v * v).sum::<f64>().sqrt();
        let mut v = SparseVec::default();
        if norm > 0.0 {
            for (k, x) in pairs {
                v.idx.push(k);
                v.val.push((x / norm) as f32);
            }
        }
        v
    }
}

/// Weights of the parts of an article.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FeatureOptions {
    pub title_weight: f64,
    /// Weight of the lead (first paragraph, at most `lead_words` words).
    pub lead_weight: f64,
    pub lead_words: usize,
    pub entity_weight: f64,
    /// Terms in fewer documents than this are dropped (they only dilute the norm).
    pub min_df: usize,
    /// Idf is counted over at least this many articles nearest in time to each article (0: the
    /// whole corpus). Corpora no larger than this use one global idf.
    pub idf_window: usize,
    /// ... and over every article published this many days or fewer before or after it (0:
    /// the count alone). A count alone means hours on a dense pile: a story's own words are
    /// then common in its burst and weigh nothing, and its articles stop looking alike. Spark
    /// windows weigh words as a whole-pile run does when their stride is at least twice this.
    #[serde(default = "default_idf_days")]
    pub idf_days: f64,
}

fn default_idf_days() -> f64 {
    FeatureOptions::default().idf_days
}

impl Default for FeatureOptions {
    fn default() -> Self {
        FeatureOptions {
            title_weight: 3.0,
            lead_weight: 1.5,
            lead_words: 60,
            entity_weight: 0.8,
            min_df: 2,
            idf_window: 250,
            idf_days: 10.0,
        }
    }
}

/// Document vectors and the vocabulary they index.
#[derive(Clone, Debug, Default)]
pub struct Features {
    /// Feature names: stems, or `@` + entity id for entities. Sorted.
    pub vocab: Vec<String>,
    /// Corpus-wide idf, for texts outside the corpus (sentences).
    pub idf: Vec<f64>,
    /// One vector per article, in the articles' order.
    pub docs: Vec<SparseVec>,
    /// Most frequent surface word for each stem (for labels).
    pub display: HashMap<String, String>,
    /// Feature name → index, built on first use by [`Features::vectorize`] (a binary search
    /// of a large vocabulary per word was a tenth of the timeline stage).
    pub term_ids: std::sync::OnceLock<TermIds>,
}

/// Feature name → index, with a number of its own: the word forms each thread has looked up
/// are kept under it, so forms looked up in one vocabulary are never read in another.
#[derive(Clone, Debug)]
pub struct TermIds {
    vocabulary: u64,
    ids: FastMap<String, u32>,
}

impl TermIds {
    fn new(vocab: &[String]) -> TermIds {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        TermIds {
            vocabulary: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            ids: vocab
                .iter()
                .enumerate()
                .map(|(i, t)| (t.clone(), i as u32))
                .collect(),
        }
    }

    /// Feature indices of a text's terms, in text order. Each thread keeps the index (or
    /// none) of every word form it has seen, so a sentence costs a lookup per word, not a
    /// term string and a second lookup.
    fn of_text(&self, text: &str) -> Vec<u32> {
        thread_local! {
            static FORMS: std::cell::RefCell<(u64, FastMap<String, Option<u32>>)> =
                std::cell::RefCell::new(Default::default());
        }
        FORMS.with(|cell| {
            let mut cell = cell.borrow_mut();
            if cell.0 != self.vocabulary {
                *cell = (self.vocabulary, Default::default());
            }
            let forms = &mut cell.1;
            crate::text::word_spans(text)
                .into_iter()
                .filter_map(|(a, b)| {
                    let form = &text[a..b];
                    if let Some(&id) = forms.get(form) {
                        return id;
                    }
                    let id = crate::text::term(form).and_then(|t| self.ids.get(&t).copied());
                    if forms.len() >= crate::text::WORD_CACHE_MAX {
                        forms.clear();
                    }
                    forms.insert(form.to_string(), id);
                    id
                })
                .collect()
        })
    }
}

/// Weighted raw term counts of one article.
/// A feature's key while counting: a 64-bit hash of its name, so the per-article maps of a
/// large pile hold no strings (names are kept once, in [`Names`]).
type Key = u64;

fn key_of(name: &str) -> Key {
    crate::util::fnv1a64(name.as_bytes())
}

/// Feature names by key, gathered once.
type Names = FastMap<Key, String>;

fn article_counts(a: &Article, opts: &FeatureOptions, names: &mut Names) -> KeyCounts {
    let mut counts: FastMap<Key, f64> = FastMap::default();
    let mut add = |t: String, w: f64, names: &mut Names| {
        let k = key_of(&t);
        *counts.entry(k).or_default() += w;
        names.entry(k).or_insert(t);
    };
    for t in terms(&a.title) {
        add(t, opts.title_weight, names);
    }
    if let Some(sf) = &a.standfirst {
        for t in terms(sf) {
            add(t, opts.lead_weight, names);
        }
    }
    let body_terms = placed_terms(&a.text);
    let lead_end = {
        // A word never spans the paragraph break, so the first paragraph's terms are the
        // text's terms that start before it.
        let first_par = a
            .text
            .find("\n\n")
            .map(|i| body_terms.partition_point(|(at, _)| *at < i))
            .unwrap_or(body_terms.len());
        first_par.min(opts.lead_words * 2 / 3).max(1)
    };
    for (k, (_, t)) in body_terms.into_iter().enumerate() {
        add(t, if k < lead_end { opts.lead_weight } else { 1.0 }, names);
    }
    sorted_counts(counts)
}

/// A map's entries sorted by key, so that compact ids are given in an order that owes nothing
/// to hashing.
fn sorted_counts(m: FastMap<Key, f64>) -> KeyCounts {
    let mut v: KeyCounts = m.into_iter().collect();
    v.sort_unstable_by_key(|p| p.0);
    v
}

/// Each article's keyed counts, worked out on every core and returned in article order;
/// `count` records the names of the keys it makes, and they join `names`.
fn keyed_in_order(
    articles: &[Article],
    names: &mut Names,
    count: impl Fn(&Article, &mut Names) -> KeyCounts + Sync,
) -> Vec<KeyCounts> {
    let (keyed, found) = articles
        .par_iter()
        .fold(
            || (Vec::new(), Names::default()),
            |(mut v, mut names), a| {
                v.push(count(a, &mut names));
                (v, names)
            },
        )
        .reduce(
            || (Vec::new(), Names::default()),
            |(mut v, n), (w, m)| {
                v.extend(w);
                // Same key, same name: keep the larger map and add the smaller one to it.
                let (mut big, small) = if n.len() >= m.len() { (n, m) } else { (m, n) };
                big.extend(small);
                (v, big)
            },
        );
    for (k, name) in found {
        names.entry(k).or_insert(name);
    }
    keyed
}

/// Articles counted at a time: their 64-bit keys are turned into compact ids before the next
/// chunk, so a large pile holds 8 bytes per (article, feature), not 16.
const COUNT_CHUNK: usize = 50_000;

/// Builds TF-IDF vectors (sublinear tf, smoothed idf) with entity features appended.
pub fn build(articles: &[Article], entities: &[ArticleEntity], opts: &FeatureOptions) -> Features {
    // Every key seen gets a compact id in order of first sight (chunk by chunk, in article
    // order, so ids do not depend on threads); ids are only used inside this function.
    let mut ids = Ids::default();
    let mut names = Names::default();
    let mut counts: Counts = Vec::with_capacity(articles.len());
    for chunk in articles.chunks(COUNT_CHUNK) {
        let keyed = keyed_in_order(chunk, &mut names, |a, names| article_counts(a, opts, names));
        counts.extend(keyed.into_iter().map(|c| ids.compact(c)));
    }
    let mut by_article: FastMap<&str, Vec<&ArticleEntity>> = FastMap::default();
    for e in entities {
        by_article.entry(e.article_id.as_str()).or_default().push(e);
    }
    // Keyed side by side, then given compact ids in article order, as the terms were.
    let keyed = keyed_in_order(articles, &mut names, |a, names| {
        let mut m: FastMap<Key, f64> = FastMap::default();
        for e in by_article.get(a.id.as_str()).into_iter().flatten() {
            let name = format!("@{}", e.entity_id);
            let k = key_of(&name);
            names.entry(k).or_insert(name);
            m.insert(k, e.mentions as f64 * if e.in_lead { 2.0 } else { 1.0 });
        }
        sorted_counts(m)
    });
    let ent_counts: Counts = keyed.into_iter().map(|c| ids.compact(c)).collect();
    drop(by_article);
    let (counts, ent_counts) = drop_outlet_boilerplate(articles, counts, ent_counts, ids.len());
    // A text republished by several outlets is one document for document frequency: extra
    // copies must not make its words look common (nor change anyone else's weights).
    let counted: Vec<bool> = crate::ingest::dedup::later_copies(articles)
        .into_iter()
        .map(|later| !later)
        .collect();
    let mut df: Vec<u32> = vec![0; ids.len()];
    for (i, (c, e)) in counts.iter().zip(ent_counts.iter()).enumerate() {
        if !counted[i] {
            continue;
        }
        for (id, _) in c.iter().chain(e.iter()) {
            df[*id as usize] += 1;
        }
    }
    // Names are unique (a key is the hash of its name), so the vocabulary is sorted by name.
    let mut kept: Vec<(&str, u32)> = (0..ids.len() as u32)
        .filter(|&id| df[id as usize] as usize >= opts.min_df)
        .map(|id| (names[&ids.keys[id as usize]].as_str(), id))
        .collect();
    kept.sort();
    let mut index: Vec<u32> = vec![u32::MAX; ids.len()];
    for (i, (_, id)) in kept.iter().enumerate() {
        index[*id as usize] = i as u32;
    }
    let n = counted.iter().filter(|c| **c).count() as f64;
    let idf: Vec<f64> = kept
        .iter()
        .map(|(_, id)| ((n + 1.0) / (df[*id as usize] as f64 + 1.0)).ln() + 1.0)
        .collect();
    let vocab: Vec<String> = kept.iter().map(|(name, _)| name.to_string()).collect();
    drop(kept);
    drop(names);
    drop(ids);
    drop(df);
    // Raw counts of kept features by vocabulary index; entity counts stored negated (counts
    // are positive) so one 8-byte entry says both. The raw counts go.
    let tf: Vec<Vec<(u32, f32)>> = counts
        .into_par_iter()
        .zip(ent_counts.into_par_iter())
        .map(|(c, e)| {
            let mut v: Vec<(u32, f32)> = c
                .into_iter()
                .map(|(id, x)| (index[id as usize], x))
                .chain(e.into_iter().map(|(id, x)| (index[id as usize], -x)))
                .filter(|p| p.0 != u32::MAX)
                .collect();
            // Stable: for an index given twice the entity count comes last, and wins.
            v.sort_by_key(|p| p.0);
            v.dedup_by(|later, earlier| {
                let same = later.0 == earlier.0;
                if same {
                    *earlier = *later;
                }
                same
            });
            v.shrink_to_fit();
            v
        })
        .collect();
    // Sublinear tf of a stored entry.
    let ew = opts.entity_weight;
    let sublinear = move |x: f32| {
        if x < 0.0 {
            ew * (1.0 + (-x as f64).ln())
        } else {
            1.0 + (x as f64).ln()
        }
    };
    // Each article is weighted against the articles nearest to it in time: in a pile that mixes
    // years and topics, "Syria" in the week of the Shayrat strike is common, not a rare word
    // that makes every Syria article look alike.
    let docs = if opts.idf_window == 0 || articles.len() <= opts.idf_window {
        tf.into_par_iter()
            .map(|t| {
                SparseVec::from_sorted(
                    t.into_iter()
                        .map(|(i, x)| (i, sublinear(x) * idf[i as usize])),
                )
            })
            .collect()
    } else {
        windowed_docs(
            articles,
            tf,
            sublinear,
            vocab.len(),
            opts.idf_window,
            opts.idf_days,
            &counted,
        )
    };
    Features {
        vocab,
        idf,
        docs,
        display: display_forms(articles),
        term_ids: Default::default(),
    }
}

/// Compact ids of 64-bit feature keys, in order of first sight.
#[derive(Default)]
struct Ids {
    of: FastMap<Key, u32>,
    keys: Vec<Key>,
}

impl Ids {
    fn len(&self) -> usize {
        self.keys.len()
    }

    /// An article's counts with compact ids (the counts are whole or half numbers, exact in
    /// f32).
    fn compact(&mut self, counts: KeyCounts) -> IdCounts {
        let mut v: IdCounts = counts
            .into_iter()
            .map(|(k, x)| {
                let next = self.keys.len() as u32;
                let id = *self.of.entry(k).or_insert(next);
                if id == next {
                    self.keys.push(k);
                }
                (id, x as f32)
            })
            .collect();
        v.shrink_to_fit();
        v
    }
}

/// Unit TF-IDF vectors whose idf is counted over the `window` articles nearest each article
/// in publication order, widened to every article within `days` of it. Both bounds only move
/// forward in time order, so a pass keeps the window's document frequencies as it goes.
fn windowed_docs(
    articles: &[Article],
    tf: Vec<Vec<(u32, f32)>>,
    sublinear: impl Fn(f32) -> f64 + Sync,
    vocab_len: usize,
    window: usize,
    days: f64,
    counted: &[bool],
) -> Vec<SparseVec> {
    let n = articles.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        (articles[a].published, &articles[a].id).cmp(&(articles[b].published, &articles[b].id))
    });
    // Capped where chrono's dates end; a million days is any pile's whole span.
    let span = chrono::Duration::seconds((days.clamp(0.0, 1e6) * 86400.0) as i64);
    // Ranks of the first article within `days` before and the first one after.
    let (mut near_lo, mut near_hi) = (0usize, 0usize);
    // The window of each rank, as a range of ranks: both ends only move forward.
    let windows: Vec<(usize, usize)> = order
        .iter()
        .enumerate()
        .map(|(rank, &doc)| {
            let t = articles[doc].published;
            while articles[order[near_lo]].published < t - span {
                near_lo += 1;
            }
            while near_hi < n && articles[order[near_hi]].published <= t + span {
                near_hi += 1;
            }
            let nearest_lo = rank.saturating_sub(window / 2).min(n - window);
            if days > 0.0 {
                (nearest_lo.min(near_lo), (nearest_lo + window).max(near_hi))
            } else {
                (nearest_lo, nearest_lo + window)
            }
        })
        .collect();
    let run = n.div_ceil(4 * rayon::current_num_threads()).max(1);
    weigh_in_windows(&order, &windows, &tf, counted, &sublinear, vocab_len, run)
}

/// The vector of each article `order[rank]`, its idf counted over the ranks
/// `windows[rank].0..windows[rank].1` (both ends never move back). Runs of `run` ranks are
/// weighed side by side: each counts its first window afresh and moves it from there, so every
/// rank sees the same counts as in one pass.
fn weigh_in_windows(
    order: &[usize],
    windows: &[(usize, usize)],
    tf: &[Vec<(u32, f32)>],
    counted: &[bool],
    sublinear: &(impl Fn(f32) -> f64 + Sync),
    vocab_len: usize,
    run: usize,
) -> Vec<SparseVec> {
    let by_rank: Vec<SparseVec> = order
        .par_chunks(run)
        .zip(windows.par_chunks(run))
        .flat_map_iter(|(docs, windows)| {
            let mut df: Vec<u32> = vec![0; vocab_len];
            let (mut lo, mut hi) = (windows[0].0, windows[0].0);
            docs.iter()
                .zip(windows)
                .map(move |(&doc, &(target_lo, target_hi))| {
                    let w = (target_hi - target_lo) as f64;
                    while hi < target_hi {
                        if counted[order[hi]] {
                            for &(f, _) in &tf[order[hi]] {
                                df[f as usize] += 1;
                            }
                        }
                        hi += 1;
                    }
                    while lo < target_lo {
                        if counted[order[lo]] {
                            for &(f, _) in &tf[order[lo]] {
                                df[f as usize] -= 1;
                            }
                        }
                        lo += 1;
                    }
                    SparseVec::from_sorted(tf[doc].iter().map(|&(f, x)| {
                        (
                            f,
                            sublinear(x) * (((w + 1.0) / (df[f as usize] as f64 + 1.0)).ln() + 1.0),
                        )
                    }))
                })
        })
        .collect();
    let mut docs: Vec<SparseVec> = vec![SparseVec::default(); order.len()];
    for (&doc, v) in order.iter().zip(by_rank) {
        docs[doc] = v;
    }
    docs
}

/// Share of an outlet's articles a feature must reach to count as that outlet's boilerplate.
pub const BOILERPLATE_SHARE: f64 = 0.6;
/// How many times more common in the outlet than elsewhere it must be.
pub const BOILERPLATE_RATIO: f64 = 5.0;
/// Outlets with fewer articles are not judged.
pub const BOILERPLATE_MIN_ARTICLES: usize = 5;

/// Counts of one article, sorted by key.
type KeyCounts = Vec<(Key, f64)>;
/// Counts of one article by compact id.
type IdCounts = Vec<(u32, f32)>;
type Counts = Vec<IdCounts>;

/// Removes features an outlet puts in most of its articles and others rarely use (its name,
/// credit lines, newsletter plugs, section names): they tie an outlet's stories together
/// instead of a story's outlets.
fn drop_outlet_boilerplate(
    articles: &[Article],
    mut counts: Counts,
    mut ents: Counts,
    n_ids: usize,
) -> (Counts, Counts) {
    let n = articles.len();
    let mut by_outlet: FastMap<&str, Vec<usize>> = FastMap::default();
    for (i, a) in articles.iter().enumerate() {
        by_outlet.entry(a.outlet.as_str()).or_default().push(i);
    }
    let mut df: Vec<usize> = vec![0; n_ids];
    for c in counts.iter().chain(ents.iter()) {
        for (k, _) in c {
            df[*k as usize] += 1;
        }
    }
    // Outlets are judged side by side; the drops are sorted after, so their order is not.
    let mut drop: Vec<(usize, u32)> = by_outlet
        .par_iter()
        .flat_map_iter(|(_, members)| {
            let m = members.len();
            let mut drop = Vec::new();
            if m < BOILERPLATE_MIN_ARTICLES || m == n {
                return drop;
            }
            let mut local: FastMap<u32, usize> = FastMap::default();
            for &i in members {
                for (k, _) in counts[i].iter().chain(ents[i].iter()) {
                    *local.entry(*k).or_default() += 1;
                }
            }
            for (k, &c) in &local {
                let inside = c as f64 / m as f64;
                let outside = (df[*k as usize] - c) as f64 / (n - m) as f64;
                if inside >= BOILERPLATE_SHARE && inside >= BOILERPLATE_RATIO * outside {
                    drop.extend(members.iter().map(|&i| (i, *k)));
                }
            }
            drop
        })
        .collect();
    drop.par_sort_unstable();
    for group in drop.chunk_by(|a, b| a.0 == b.0) {
        let i = group[0].0;
        let gone = |k: &u32| group.binary_search_by_key(k, |g| g.1).is_ok();
        counts[i].retain(|(k, _)| !gone(k));
        ents[i].retain(|(k, _)| !gone(k));
    }
    (counts, ents)
}

fn display_forms(articles: &[Article]) -> HashMap<String, String> {
    // Word forms counted per thread as they are read (one map per article for a large pile
    // would hold every word of every article at once), as written: a form seen again costs a
    // lookup, and each distinct form is lowercased once, after.
    let forms: FastMap<String, usize> = articles
        .par_iter()
        .fold(FastMap::default, |mut m: FastMap<String, usize>, a| {
            for text in [&a.title, &a.text] {
                for (x, y) in crate::text::word_spans(text) {
                    let form = &text[x..y];
                    match m.get_mut(form) {
                        Some(c) => *c += 1,
                        None => {
                            m.insert(form.to_string(), 1);
                        }
                    }
                }
            }
            m
        })
        .reduce(FastMap::default, |a, b| {
            let (mut big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
            for (w, c) in small {
                *big.entry(w).or_default() += c;
            }
            big
        });
    let mut words: FastMap<String, usize> = FastMap::default();
    for (form, c) in forms {
        let lower = form.to_lowercase();
        let w = lower.trim_end_matches('.');
        if w.len() >= 2 && !crate::text::is_stopword(w) {
            *words.entry(w.to_string()).or_default() += c;
        }
    }
    let mut seen: FastMap<String, BTreeMap<String, usize>> = FastMap::default();
    for (w, c) in words {
        *seen
            .entry(crate::text::stem(&w.replace('.', "")))
            .or_default()
            .entry(w)
            .or_default() += c;
    }
    seen.into_iter()
        .map(|(s, forms)| (s, crate::util::most_frequent(forms).unwrap_or_default()))
        .collect()
}

impl Features {
    /// Vectorises a free text (a sentence) in this vocabulary: unit TF-IDF vector.
    pub fn vectorize(&self, text: &str) -> SparseVec {
        let mut ids = self
            .term_ids
            .get_or_init(|| TermIds::new(&self.vocab))
            .of_text(text);
        ids.sort_unstable();
        // (index, sublinear tf × idf) in index order.
        let mut weighted: Vec<(u32, f64)> = Vec::with_capacity(ids.len());
        for run in ids.chunk_by(|a, b| a == b) {
            let i = run[0];
            weighted.push((i, (1.0 + (run.len() as f64).ln()) * self.idf[i as usize]));
        }
        SparseVec::from_sorted(weighted.into_iter())
    }

    /// Drops the document vectors (the vocabulary stays): after the timeline nothing reads
    /// them, and on a large pile they are a gigabyte the comparison and the writing can use.
    pub fn release_vectors(&mut self) {
        self.docs = Vec::new();
    }

    /// Normalised mean of the given documents' vectors.
    pub fn centroid(&self, members: &[usize]) -> SparseVec {
        // Each feature's values summed in member order, as a stable sort of every member's
        // entries by feature and a running sum would give, without sorting them all.
        thread_local! {
            static SUMS: std::cell::RefCell<DenseSums<f64>> = Default::default();
        }
        SUMS.with(|cell| {
            let mut sums = cell.borrow_mut();
            for &d in members {
                let doc = &self.docs[d];
                for (&i, &v) in doc.idx.iter().zip(&doc.val) {
                    sums.add(i as usize, v as f64);
                }
            }
            sums.sort();
            let pairs: Vec<(u32, f64)> = sums.drain().map(|(i, s)| (i as u32, s)).collect();
            SparseVec::from_sorted(pairs.into_iter())
        })
    }

    /// Human form of a feature: the surface word for a stem; entities are named elsewhere.
    pub fn display_name(&self, feature: u32) -> String {
        let k = &self.vocab[feature as usize];
        self.display.get(k).cloned().unwrap_or_else(|| k.clone())
    }

    /// Dense `n × dims` matrix by a seeded Gaussian random projection, rows re-normalised.
    pub fn project(&self, dims: usize, seed: u64) -> Vec<f64> {
        let mut rng = SplitMix64(seed);
        let scale = 1.0 / (dims as f64).sqrt();
        let proj: Vec<f32> = (0..self.vocab.len() * dims)
            .map(|_| (rng.next_gaussian() * scale) as f32)
            .collect();
        let mut out = vec![0.0f64; self.docs.len() * dims];
        out.par_chunks_mut(dims)
            .zip(self.docs.par_iter())
            .for_each(|(row, d)| {
                for (&i, &v) in d.idx.iter().zip(&d.val) {
                    let p = &proj[i as usize * dims..(i as usize + 1) * dims];
                    for (r, &w) in row.iter_mut().zip(p) {
                        *r += v as f64 * w as f64;
                    }
                }
                let norm = row.iter().map(|x| x * x).sum::<f64>().sqrt();
                if norm > 0.0 {
                    row.iter_mut().for_each(|x| *x /= norm);
                }
            });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn pile() -> Vec<Article> {
        let day = |d: i64| {
            chrono::Utc
                .timestamp_opt(1_491_000_000 + d * 86400, 0)
                .unwrap()
        };
        [
            (
                0,
                "Oil spill reaches the gulf coast as crews fight the slick.",
            ),
            (
                0,
                "Crews fight the oil slick off the gulf coast for a second day.",
            ),
            (1, "The gulf oil spill closes beaches; crews fight on."),
            (
                200,
                "Voters queue at polling stations as the election count begins.",
            ),
            (
                200,
                "The election count begins after voters queue at polling stations.",
            ),
            (
                201,
                "Polling stations close and the count of the election goes on.",
            ),
        ]
        .iter()
        .enumerate()
        .map(|(i, (d, text))| Article::for_test(&format!("a{i}"), text, day(*d)))
        .collect()
    }

    #[test]
    fn centroids_are_the_sorted_running_sums_bit_for_bit() {
        // The sums as they were first written: every member's entries stably sorted by
        // feature, then summed feature by feature in member order.
        fn by_sorting(docs: &[SparseVec], members: &[usize]) -> SparseVec {
            let mut entries: Vec<(u32, f32)> = members
                .iter()
                .flat_map(|&d| docs[d].idx.iter().copied().zip(docs[d].val.iter().copied()))
                .collect();
            entries.sort_by_key(|e| e.0);
            let mut sums: Vec<(u32, f64)> = Vec::new();
            for (i, v) in entries {
                match sums.last_mut() {
                    Some(last) if last.0 == i => last.1 += v as f64,
                    _ => sums.push((i, v as f64)),
                }
            }
            SparseVec::from_sorted(sums.into_iter())
        }
        let mut rng = SplitMix64(5);
        let mut features = build(&pile(), &[], &FeatureOptions::default());
        features.docs = (0..40)
            .map(|_| {
                let mut pairs = Vec::new();
                for i in 0..300u32 {
                    if rng.below(4) == 0 {
                        pairs.push((
                            i,
                            (rng.next_f64() * 10f64.powi(-(rng.below(16) as i32))) as f32,
                        ));
                    }
                }
                SparseVec::normalized(&pairs)
            })
            .collect();
        for _ in 0..50 {
            // Members in any order, some twice, as callers may give them.
            let members: Vec<usize> = (0..1 + rng.below(30)).map(|_| rng.below(40)).collect();
            let got = features.centroid(&members);
            let want = by_sorting(&features.docs, &members);
            assert_eq!(got.idx, want.idx);
            let bits = |v: &SparseVec| v.val.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&got), bits(&want));
        }
        assert!(features.centroid(&[]).idx.is_empty());
    }

    fn docs(opts: &FeatureOptions) -> Vec<SparseVec> {
        build(&pile(), &[], opts).docs
    }

    fn same(a: &[SparseVec], b: &[SparseVec]) -> bool {
        a.iter().zip(b).all(|(x, y)| {
            x.idx == y.idx && x.val.iter().zip(&y.val).all(|(p, q)| (p - q).abs() < 1e-6)
        })
    }

    #[test]
    fn windows_weighed_in_runs_match_one_pass() {
        // Twelve articles in a scrambled time order over five features; windows that grow,
        // slide and jump; one article not counted (a later wire copy).
        let order = [3, 7, 0, 11, 5, 1, 9, 2, 10, 4, 8, 6];
        let windows = [
            (0, 2),
            (0, 3),
            (0, 5),
            (1, 5),
            (1, 6),
            (3, 8),
            (3, 8),
            (4, 9),
            (6, 11),
            (6, 12),
            (9, 12),
            (10, 12),
        ];
        let tf: Vec<Vec<(u32, f32)>> = (0..12u32)
            .map(|i| {
                (0..5)
                    .filter(|f| (i + f) % 3 != 0)
                    .map(|f| (f, 1.0 + f as f32))
                    .collect()
            })
            .collect();
        let counted: Vec<bool> = (0..12).map(|i| i != 5).collect();
        let sublinear = |x: f32| 1.0 + (x as f64).ln();
        let weigh = |run| weigh_in_windows(&order, &windows, &tf, &counted, &sublinear, 5, run);
        let one_pass = weigh(12);
        for run in [1, 2, 5, 7] {
            let runs = weigh(run);
            assert!(
                one_pass
                    .iter()
                    .zip(&runs)
                    .all(|(a, b)| a.idx == b.idx && a.val == b.val),
                "runs of {run}"
            );
        }
        // The windows matter: weighed against the whole pile, the vectors differ.
        let whole = [(0, 12); 12];
        let global = weigh_in_windows(&order, &whole, &tf, &counted, &sublinear, 5, 12);
        assert!(one_pass.iter().zip(&global).any(|(a, b)| a.val != b.val));
    }

    #[test]
    fn idf_window_widens_to_the_articles_within_its_days() {
        let global = docs(&FeatureOptions {
            idf_window: 0,
            ..FeatureOptions::default()
        });
        let nearest_two = FeatureOptions {
            idf_window: 2,
            idf_days: 0.0,
            ..FeatureOptions::default()
        };
        // Two articles are a narrower window than the pile: the weights differ from global ones.
        assert!(!same(&docs(&nearest_two), &global));
        // Days that span the whole pile make every window the pile.
        let whole_span = FeatureOptions {
            idf_days: 365.0,
            ..nearest_two.clone()
        };
        assert!(same(&docs(&whole_span), &global));
        // Five days take in each burst, not the other one: the oil articles are weighed among
        // the three oil articles, so a word in all three weighs the least idf can give.
        let bursts = docs(&FeatureOptions {
            idf_days: 5.0,
            ..nearest_two
        });
        assert!(!same(&bursts, &global));
        let f = build(&pile(), &[], &FeatureOptions::default());
        let oil = f
            .vocab
            .iter()
            .position(|v| v == "oil")
            .expect("oil is a feature") as u32;
        let weight = |v: &SparseVec| v.idx.iter().position(|&i| i == oil).map(|k| v.val[k]);
        let (in_burst, in_pile) = (weight(&bursts[0]).unwrap(), weight(&global[0]).unwrap());
        assert!(in_burst < in_pile, "{in_burst} !< {in_pile}");
    }
}
