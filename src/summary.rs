//! Timeline summaries: for the articles of one topic, choose the dates that matter and, for
//! each, the sentences that best say what happened that day.
//!
//! Dates are ranked by how many articles point at them: a date mentioned in the text of many
//! articles (weighted up when the mention comes from a later article, which looks back at it)
//! plus a smaller share for the articles published that day (the burst of coverage). For each
//! chosen date the candidate sentences are those that mention it, and the leading sentences of
//! that day's and the next day's articles that mention no other date; the summary takes the candidates closest to
//! their TF-IDF centroid, skipping near-repeats. Everything is deterministic: ties break on the
//! date, then on the article id and the sentence position.

use crate::model::{Article, SummaryDay, SummarySentence};
use crate::temporal::find_mentions;
use crate::text::{sentence_spans, terms};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// What to summarise: how many dates, how many sentences per date, and an optional date range.
#[derive(Clone, Debug)]
pub struct SummaryOptions {
    pub dates: usize,
    pub sentences: usize,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Weights of the date ranking and the sentence choice, fixed on the Timeline17 dev topics.
#[derive(Clone, Debug)]
pub struct SummaryWeights {
    /// Weight of a mention from an article published after the date it names.
    pub later_mention: f64,
    /// Weight of a mention from an article published on the day it names (or before).
    pub same_day_mention: f64,
    /// Weight of each article published on the date.
    pub published: f64,
    /// Leading sentences of a day's articles that count as reporting that day.
    pub lead_sentences: usize,
    /// Articles published this many days after a date may report it in their leads too.
    pub lead_days_after: i64,
    /// A candidate this similar (cosine) to a chosen sentence is a repeat.
    pub max_similarity: f32,
    /// Sentence length bounds, in words.
    pub min_words: usize,
    pub max_words: usize,
}

impl Default for SummaryWeights {
    fn default() -> Self {
        SummaryWeights {
            later_mention: 1.0,
            same_day_mention: 0.5,
            published: 0.5,
            lead_sentences: 5,
            lead_days_after: 1,
            max_similarity: 0.3,
            min_words: 5,
            max_words: 40,
        }
    }
}

/// One sentence of the collection, with the days it names.
struct Sentence {
    article: usize,
    position: usize,
    text: String,
    /// Distinct days named in the sentence, at day precision.
    days: Vec<NaiveDate>,
    /// TF-IDF vector, unit length: (term id, weight), sorted by term id.
    vector: Vec<(u32, f32)>,
    words: usize,
}

/// The articles of one topic split into sentences, dated and vectorised once, so several
/// timelines (different L, k or range) can be drawn from them cheaply.
pub struct Prepared {
    article_ids: Vec<String>,
    published: Vec<NaiveDate>,
    sentences: Vec<Sentence>,
}

impl Prepared {
    /// Number of sentences kept.
    pub fn len(&self) -> usize {
        self.sentences.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }
}

/// A sentence as read, before the collection's term weights are known.
struct Split {
    position: usize,
    text: String,
    days: Vec<NaiveDate>,
    terms: Vec<String>,
}

/// The sentences of one article with the days each names (day precision, durations left out).
fn split(a: &Article) -> Vec<Split> {
    let text = a.text.as_str();
    let mentions = find_mentions(text, a.published_local_date());
    sentence_spans(text)
        .into_iter()
        .enumerate()
        .map(|(position, (s, e))| {
            let mut days: Vec<NaiveDate> = mentions
                .iter()
                .filter(|m| m.start >= s && m.start < e && m.kind != "DURATION")
                .filter_map(|m| m.day())
                .collect();
            days.sort();
            days.dedup();
            let text = text[s..e].trim().to_string();
            let terms = terms(&text);
            Split {
                position,
                text,
                days,
                terms,
            }
        })
        .collect()
}

/// Splits, dates and vectorises the articles (in any order: they are sorted by id first).
pub fn prepare(articles: &[Article]) -> Prepared {
    let mut order: Vec<&Article> = articles.iter().collect();
    order.sort_by(|a, b| a.id.cmp(&b.id));
    let per_article: Vec<Vec<Split>> = order.par_iter().map(|a| split(a)).collect();

    // Term counts first (vector holds raw counts), with document frequencies over sentences.
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut df: Vec<u32> = Vec::new();
    let mut sentences: Vec<Sentence> = Vec::new();
    for (article, splits) in per_article.into_iter().enumerate() {
        for sp in splits {
            let mut counts: BTreeMap<u32, f32> = BTreeMap::new();
            for term in sp.terms {
                let next = ids.len() as u32;
                let id = *ids.entry(term).or_insert(next);
                if id as usize == df.len() {
                    df.push(0);
                }
                *counts.entry(id).or_insert(0.0) += 1.0;
            }
            for id in counts.keys() {
                df[*id as usize] += 1;
            }
            sentences.push(Sentence {
                article,
                position: sp.position,
                words: sp.text.split_whitespace().count(),
                text: sp.text,
                days: sp.days,
                vector: counts.into_iter().collect(),
            });
        }
    }
    // Then sublinear TF × IDF, unit length.
    let n = sentences.len().max(1) as f32;
    for s in &mut sentences {
        for p in &mut s.vector {
            p.1 = (1.0 + p.1.ln()) * (n / df[p.0 as usize] as f32).ln().max(0.0);
        }
        let norm = s.vector.iter().map(|p| p.1 * p.1).sum::<f32>().sqrt();
        if norm > 0.0 {
            s.vector.iter_mut().for_each(|p| p.1 /= norm);
        }
    }
    Prepared {
        article_ids: order.iter().map(|a| a.id.clone()).collect(),
        published: order.iter().map(|a| a.published_local_date()).collect(),
        sentences,
    }
}

fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

fn in_range(d: NaiveDate, o: &SummaryOptions) -> bool {
    o.from.is_none_or(|f| d >= f) && o.to.is_none_or(|t| d <= t)
}

/// Scores every date in range: mentions (later articles weigh more) and publications.
pub fn rank_dates(p: &Prepared, o: &SummaryOptions, w: &SummaryWeights) -> Vec<(NaiveDate, f64)> {
    let mut score: BTreeMap<NaiveDate, f64> = BTreeMap::new();
    // One vote per article and date, whatever the number of sentences naming it.
    let mut seen: std::collections::HashSet<(usize, NaiveDate)> = Default::default();
    for s in &p.sentences {
        for &d in &s.days {
            if in_range(d, o) && seen.insert((s.article, d)) {
                let later = p.published[s.article] > d;
                *score.entry(d).or_insert(0.0) += if later {
                    w.later_mention
                } else {
                    w.same_day_mention
                };
            }
        }
    }
    for &d in &p.published {
        if in_range(d, o) {
            *score.entry(d).or_insert(0.0) += w.published;
        }
    }
    let mut ranked: Vec<(NaiveDate, f64)> = score.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked
}

/// The sentences that may say what happened on `d`: those naming it, and the leads of that
/// day's and the next day's articles naming no other day.
fn candidates(p: &Prepared, d: NaiveDate, w: &SummaryWeights) -> Vec<usize> {
    p.sentences
        .iter()
        .enumerate()
        .filter(|(_, s)| s.words >= w.min_words && s.words <= w.max_words)
        .filter(|(_, s)| {
            s.days.contains(&d)
                || (s.position < w.lead_sentences
                    && s.days.iter().all(|x| *x == d)
                    && (0..=w.lead_days_after)
                        .any(|k| p.published[s.article] == d + chrono::Duration::days(k)))
        })
        .map(|(i, _)| i)
        .collect()
}

/// The `k` candidates closest to their centroid, no two near-repeats, no repeated text.
fn pick_sentences(p: &Prepared, cands: &[usize], k: usize, w: &SummaryWeights) -> Vec<usize> {
    let mut centroid: BTreeMap<u32, f32> = BTreeMap::new();
    for &i in cands {
        for &(t, v) in &p.sentences[i].vector {
            *centroid.entry(t).or_insert(0.0) += v;
        }
    }
    let centroid: Vec<(u32, f32)> = centroid.into_iter().collect();
    let mut scored: Vec<(f32, usize)> = cands
        .iter()
        .map(|&i| (dot(&p.sentences[i].vector, &centroid), i))
        .collect();
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0).then_with(|| {
            let (sa, sb) = (&p.sentences[a.1], &p.sentences[b.1]);
            (&p.article_ids[sa.article], sa.position)
                .cmp(&(&p.article_ids[sb.article], sb.position))
        })
    });
    let mut chosen: Vec<usize> = Vec::new();
    for (_, i) in scored {
        if chosen.len() == k {
            break;
        }
        let s = &p.sentences[i];
        let repeat = chosen.iter().any(|&j| {
            p.sentences[j].text == s.text
                || dot(&p.sentences[j].vector, &s.vector) >= w.max_similarity
        });
        if !repeat {
            chosen.push(i);
        }
    }
    chosen
}

/// The timeline: up to `o.dates` dates in ascending order, each with up to `o.sentences`
/// sentences. Dates with no usable sentence are passed over for the next-ranked one.
pub fn summarize(p: &Prepared, o: &SummaryOptions, w: &SummaryWeights) -> Vec<SummaryDay> {
    let mut days = Vec::new();
    for (d, score) in rank_dates(p, o, w) {
        if days.len() == o.dates {
            break;
        }
        let cands = candidates(p, d, w);
        let picked = pick_sentences(p, &cands, o.sentences.max(1), w);
        if picked.is_empty() {
            continue;
        }
        days.push(SummaryDay {
            date: d,
            score,
            sentences: picked
                .into_iter()
                .map(|i| {
                    let s = &p.sentences[i];
                    SummarySentence {
                        text: s.text.clone(),
                        article_id: p.article_ids[s.article].clone(),
                        published: p.published[s.article],
                    }
                })
                .collect(),
        });
    }
    days.sort_by_key(|d| d.date);
    days
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn article(id: &str, day: u32, text: &str) -> Article {
        Article::for_test(
            id,
            text,
            Utc.with_ymd_and_hms(2017, 4, day, 12, 0, 0).unwrap(),
        )
    }

    #[test]
    fn the_most_mentioned_day_comes_first_with_its_own_sentence() {
        let arts = vec![
            article(
                "a",
                5,
                "Dozens of civilians were killed in a chemical attack on Khan Sheikhun on Tuesday.\nThe weather in Idlib was mild and dry all week long.",
            ),
            article(
                "b",
                7,
                "The United States struck the Shayrat airbase with missiles early on Friday.\nThe strike followed Tuesday's chemical attack on Khan Sheikhun in Idlib province.",
            ),
            article(
                "c",
                12,
                "Tillerson met Lavrov in Moscow on Wednesday for tense talks.\nThe talks came a week after the chemical attack on Khan Sheikhun on April 4.",
            ),
        ];
        let p = prepare(&arts);
        let o = SummaryOptions {
            dates: 1,
            sentences: 1,
            from: None,
            to: None,
        };
        let t = summarize(&p, &o, &SummaryWeights::default());
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].date, NaiveDate::from_ymd_opt(2017, 4, 4).unwrap());
        assert!(t[0].sentences[0].text.contains("Khan Sheikhun"), "{t:?}");

        // Input order does not matter.
        let mut rev = arts.clone();
        rev.reverse();
        let t2 = summarize(&prepare(&rev), &o, &SummaryWeights::default());
        assert_eq!(t, t2);

        // A range keeps dates inside it.
        let o = SummaryOptions {
            dates: 3,
            sentences: 1,
            from: Some(NaiveDate::from_ymd_opt(2017, 4, 6).unwrap()),
            to: None,
        };
        let t = summarize(&p, &o, &SummaryWeights::default());
        assert!(t.iter().all(|d| d.date >= o.from.unwrap()), "{t:?}");
        assert!(t.windows(2).all(|w| w[0].date < w[1].date));
    }
}
