//! Timeline summarisation scores, as in the `tilse` toolkit used by news-tls: Date-F1 (exact
//! dates), concat ROUGE-N (all sentences of each timeline as one text), and alignment-based
//! ROUGE-N with a many-to-one alignment on date distance and content (Martschat & Markert
//! 2017, "align+ m:1").
//!
//! ROUGE here follows ROUGE-1.5.5 as tilse runs it (`-m -s`, raw counts): text lowercased, cut at
//! every character that is not a letter or digit, stop words dropped, words stemmed, n-grams
//! over a summary's whole token stream. The stemmer (Porter 2) and the stop-word list are ours,
//! so values can differ from the Perl script's in the third decimal.

use super::{ratio, Prf};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// A timeline: sentences per date.
pub type Timeline = BTreeMap<NaiveDate, Vec<String>>;

/// Date-F1: dates in both timelines over the predicted and over the reference dates.
pub fn date_f1(pred: &Timeline, gold: &Timeline) -> Prf {
    let both = pred.keys().filter(|d| gold.contains_key(d)).count() as f64;
    Prf::new(
        ratio(both, pred.len() as f64),
        ratio(both, gold.len() as f64),
    )
}

/// ROUGE tokens of a text: lowercased, split at non-alphanumerics, stop words out, stemmed.
pub fn rouge_tokens(text: &str) -> Vec<String> {
    let stop = crate::lexicon::rouge_stopwords();
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !stop.contains(w))
        .map(crate::text::stem)
        .collect()
}

/// N-gram counts of one summary (its sentences as one token stream).
fn ngram_counts<S: AsRef<str>>(sentences: &[S], n: usize) -> HashMap<Vec<String>, u32> {
    let tokens: Vec<String> = sentences
        .iter()
        .flat_map(|s| rouge_tokens(s.as_ref()))
        .collect();
    let mut counts = HashMap::new();
    if tokens.len() >= n {
        for g in tokens.windows(n) {
            *counts.entry(g.to_vec()).or_insert(0) += 1;
        }
    }
    counts
}

/// ROUGE-N raw counts: (hits, predicted n-grams, reference n-grams).
fn rouge_counts<S: AsRef<str>, T: AsRef<str>>(pred: &[S], gold: &[T], n: usize) -> (f64, f64, f64) {
    let p = ngram_counts(pred, n);
    let g = ngram_counts(gold, n);
    let hits: u32 = p
        .iter()
        .map(|(k, c)| (*c).min(g.get(k).copied().unwrap_or(0)))
        .sum();
    (
        hits as f64,
        p.values().sum::<u32>() as f64,
        g.values().sum::<u32>() as f64,
    )
}

/// Concat ROUGE-N: every sentence of each timeline, in date order, as one summary.
pub fn concat_rouge(pred: &Timeline, gold: &Timeline, n: usize) -> Prf {
    let p: Vec<&String> = pred.values().flatten().collect();
    let g: Vec<&String> = gold.values().flatten().collect();
    let (hits, pn, gn) = rouge_counts(&p, &g, n);
    Prf::new(ratio(hits, pn), ratio(hits, gn))
}

fn word_counts(v: &[String]) -> HashMap<&str, u32> {
    let mut c: HashMap<&str, u32> = HashMap::new();
    for s in v {
        for w in s.split_whitespace() {
            *c.entry(w).or_insert(0) += 1;
        }
    }
    c
}

/// tilse's cheap content similarity for the alignment: unigram F1 on whitespace tokens, as
/// written (no lowercasing, stemming or stop words).
fn content_similarity(pred: &[String], gold: &[String]) -> f64 {
    let (p, g) = (word_counts(pred), word_counts(gold));
    let hits: u32 = p
        .iter()
        .map(|(w, c)| (*c).min(g.get(w).copied().unwrap_or(0)))
        .sum();
    let precision = ratio(hits as f64, p.values().sum::<u32>() as f64);
    let recall = ratio(hits as f64, g.values().sum::<u32>() as f64);
    super::f1(precision, recall)
}

fn day_distance(a: NaiveDate, b: NaiveDate) -> f64 {
    (a - b).num_days().abs() as f64
}

/// Alignment cost of a predicted and a reference date: (1 − 1/(Δdays + 1)) × (1 − content
/// similarity). The same date costs nothing.
fn cost(pd: NaiveDate, ps: &[String], gd: NaiveDate, gs: &[String]) -> f64 {
    (1.0 - 1.0 / (day_distance(pd, gd) + 1.0)) * (1.0 - content_similarity(ps, gs))
}

/// Alignment-based ROUGE-N, many-to-one: each predicted date is compared with its cheapest
/// reference date (for precision) and each reference date with its cheapest predicted date
/// (for recall); hits are discounted by 1/(Δdays + 1). Ties go to the earlier date.
pub fn align_rouge(pred: &Timeline, gold: &Timeline, n: usize) -> Prf {
    let cheapest = |d: NaiveDate, s: &[String], others: &Timeline, pred_side: bool| {
        let mut best: Option<(f64, NaiveDate)> = None;
        for (od, os) in others {
            let c = if pred_side {
                cost(d, s, *od, os)
            } else {
                cost(*od, os, d, s)
            };
            if best.is_none_or(|(bc, _)| c < bc) {
                best = Some((c, *od));
            }
        }
        best.map(|b| b.1)
    };
    let (mut p_num, mut p_den) = (0.0, 0.0);
    for (pd, ps) in pred {
        let (hits, pn, _) = match cheapest(*pd, ps, gold, true) {
            Some(gd) => {
                let (h, pn, gn) = rouge_counts(ps, &gold[&gd], n);
                (h / (day_distance(*pd, gd) + 1.0), pn, gn)
            }
            None => rouge_counts(ps, &[] as &[String], n),
        };
        p_num += hits;
        p_den += pn;
    }
    let (mut r_num, mut r_den) = (0.0, 0.0);
    for (gd, gs) in gold {
        let (hits, gn) = match cheapest(*gd, gs, pred, false) {
            Some(pd) => {
                let (h, _, gn) = rouge_counts(&pred[&pd], gs, n);
                (h / (day_distance(pd, *gd) + 1.0), gn)
            }
            None => {
                let (h, _, gn) = rouge_counts(&[] as &[String], gs, n);
                (h, gn)
            }
        };
        r_num += hits;
        r_den += gn;
    }
    Prf::new(ratio(p_num, p_den), ratio(r_num, r_den))
}

/// Every score of one system timeline against its reference.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TimelineScores {
    pub date_f1: f64,
    pub ar1_f: f64,
    pub ar2_f: f64,
    pub rouge1_f: f64,
    pub rouge2_f: f64,
}

pub fn score_timeline(pred: &Timeline, gold: &Timeline) -> TimelineScores {
    TimelineScores {
        date_f1: date_f1(pred, gold).f1,
        ar1_f: align_rouge(pred, gold, 1).f1,
        ar2_f: align_rouge(pred, gold, 2).f1,
        rouge1_f: concat_rouge(pred, gold, 1).f1,
        rouge2_f: concat_rouge(pred, gold, 2).f1,
    }
}

/// The mean of each score over timelines.
pub fn mean(scores: &[TimelineScores]) -> TimelineScores {
    let n = scores.len().max(1) as f64;
    let sum = |f: fn(&TimelineScores) -> f64| scores.iter().map(f).sum::<f64>() / n;
    TimelineScores {
        date_f1: sum(|s| s.date_f1),
        ar1_f: sum(|s| s.ar1_f),
        ar2_f: sum(|s| s.ar2_f),
        rouge1_f: sum(|s| s.rouge1_f),
        rouge2_f: sum(|s| s.rouge2_f),
    }
}

/// One reference timeline of `timelines.jsonl` (one row per date, grouped).
#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    pub topic: String,
    pub collection: String,
    pub timeline: String,
    pub days: Timeline,
}

impl Reference {
    /// `<topic>__<collection>__<timeline>`, the file stem of its system timeline.
    pub fn name(&self) -> String {
        format!("{}__{}__{}", self.topic, self.collection, self.timeline)
    }

    /// Mean sentences per date, rounded as Python's `round` does it (halves to even, as in
    /// news-tls), at least 1: the k of the news-tls protocol.
    pub fn sentences_per_date(&self) -> usize {
        let n: usize = self.days.values().map(Vec::len).sum();
        let mean = n as f64 / self.days.len().max(1) as f64;
        (mean.round_ties_even() as usize).max(1)
    }
}

#[derive(serde::Deserialize)]
struct ReferenceRow {
    topic: String,
    collection: String,
    timeline: String,
    date: String,
    sentences: Vec<String>,
}

/// Reads `timelines.jsonl`: rows `topic, collection, timeline, date, sentences`, grouped into
/// timelines (sorted by topic, collection, timeline). A bad row stops with its line number.
pub fn read_references(path: &std::path::Path) -> crate::Result<Vec<Reference>> {
    use crate::Error;
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut grouped: BTreeMap<(String, String, String), Timeline> = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |reason: String| Error::BadRecord {
            file: path.to_path_buf(),
            line: i + 1,
            reason,
        };
        let row: ReferenceRow = serde_json::from_str(line).map_err(|e| bad(e.to_string()))?;
        let date = NaiveDate::parse_from_str(&row.date, "%Y-%m-%d")
            .map_err(|e| bad(format!("date {:?}: {e}", row.date)))?;
        grouped
            .entry((row.topic, row.collection, row.timeline))
            .or_default()
            .entry(date)
            .or_default()
            .extend(row.sentences);
    }
    if grouped.is_empty() {
        return Err(Error::BadInput {
            path: path.to_path_buf(),
            reason: "no reference timeline in the file".into(),
        });
    }
    Ok(grouped
        .into_iter()
        .map(|((topic, collection, timeline), days)| Reference {
            topic,
            collection,
            timeline,
            days,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2010, 4, d).unwrap()
    }

    fn tl(rows: &[(u32, &str)]) -> Timeline {
        let mut t = Timeline::new();
        for (d, s) in rows {
            t.entry(day(*d)).or_default().push(s.to_string());
        }
        t
    }

    /// Worked by hand. Reference: 20 April "rig explodes gulf", 22 April "rig sinks".
    /// System: 20 April "rig explodes", 21 April "oil leaks gulf".
    #[test]
    fn date_f1_and_alignment_rouge_match_a_hand_computation() {
        let gold = tl(&[(20, "rig explodes gulf"), (22, "rig sinks")]);
        let pred = tl(&[(20, "rig explodes"), (21, "oil leaks gulf")]);

        // Dates: one of two on each side.
        let d = date_f1(&pred, &gold);
        assert_eq!((d.precision, d.recall, d.f1), (0.5, 0.5, 0.5));

        // Alignment, precision side. 20 Apr → 20 Apr (cost 0).
        // 21 Apr "oil leaks gulf" vs 20 Apr "rig explodes gulf": Δ1 → date factor 1/2; content
        // F1 = 1 hit ("gulf") of 3 and 3 → 1/3, cost 1/2 × 2/3 = 1/3. vs 22 Apr "rig sinks":
        // date factor 1/2, content 0, cost 1/2. So 21 → 20, 1 hit ("gulf"), discounted by 1/2.
        // Hits: 2 (rig, explod) + 0.5 = 2.5 over 2 + 3 = 5 predicted unigrams → P = 0.5.
        // Recall side. 20 Apr (ref) → 20 Apr (pred): 2 hits of 3. 22 Apr "rig sinks" vs
        // 20 Apr "rig explodes": Δ2 → 2/3 × (1 − 1/2) = 1/3; vs 21 Apr: Δ1 → 1/2 × 1 = 1/2.
        // So 22 → 20: 1 hit ("rig") discounted by 1/3. R = (2 + 1/3) / (3 + 2) = 7/15.
        let a = align_rouge(&pred, &gold, 1);
        assert!((a.precision - 0.5).abs() < 1e-12, "{a:?}");
        assert!((a.recall - 7.0 / 15.0).abs() < 1e-12, "{a:?}");
        let f = 2.0 * 0.5 * (7.0 / 15.0) / (0.5 + 7.0 / 15.0);
        assert!((a.f1 - f).abs() < 1e-12);

        // Concat ROUGE-1: "rig explod oil leak gulf" vs "rig explod gulf rig sink": hits rig,
        // explod, gulf = 3 of 5 and 5.
        let c = concat_rouge(&pred, &gold, 1);
        assert!((c.f1 - 0.6).abs() < 1e-12, "{c:?}");

        // Bigrams: pred "rig explod", "explod oil", "oil leak", "leak gulf"; gold "rig explod",
        // "explod gulf", "gulf rig", "rig sink" → 1 hit of 4 and 4.
        assert!((concat_rouge(&pred, &gold, 2).f1 - 0.25).abs() < 1e-12);
    }

    #[test]
    fn k_is_the_mean_sentences_per_date_rounded_half_to_even() {
        let r = |rows: &[(u32, &str)]| Reference {
            topic: "t".into(),
            collection: "c".into(),
            timeline: "x".into(),
            days: tl(rows),
        };
        // 5 sentences over 2 dates: 2.5 -> 2 (Python's round), 7 over 2: 3.5 -> 4.
        let five = r(&[(1, "a"), (1, "b"), (2, "c"), (2, "d"), (2, "e")]);
        assert_eq!(five.sentences_per_date(), 2);
        let seven = r(&[
            (1, "a"),
            (1, "b"),
            (1, "c"),
            (2, "d"),
            (2, "e"),
            (2, "f"),
            (2, "g"),
        ]);
        assert_eq!(seven.sentences_per_date(), 4);
    }

    #[test]
    fn empty_timelines_score_zero() {
        let gold = tl(&[(20, "rig explodes")]);
        let s = score_timeline(&Timeline::new(), &gold);
        assert_eq!(s, TimelineScores::default());
    }
}
