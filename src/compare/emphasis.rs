//! Emphasis: the terms and entities an outlet uses more than the other outlets, scored by
//! weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008,
//! "Fightin' Words"). The prior is the whole corpus's word frequencies, so a word common
//! everywhere needs much more evidence than a rare one.

use crate::model::{Article, ArticleEntity, EmphasisRow, Story};
use crate::util::{FastMap, IntMap};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Settings of the emphasis table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EmphasisOptions {
    /// Rows kept per (story, outlet, kind): the highest z-scores above zero.
    pub top: usize,
    /// Total pseudo-count of the prior (α₀), spread over features by corpus frequency.
    pub prior: f64,
    /// Fewest uses by the outlet for a term to be listed (entities: one).
    pub min_count: u32,
}

impl Default for EmphasisOptions {
    fn default() -> Self {
        EmphasisOptions {
            top: 10,
            prior: 1000.0,
            min_count: 2,
        }
    }
}

/// Weighted log-odds ratio of a feature in group A against group B, and its z-score:
/// `y` uses of the feature among `n` uses of all features in each group, `alpha` the
/// feature's prior pseudo-count and `alpha0` the prior's total.
pub fn log_odds(y_a: f64, n_a: f64, y_b: f64, n_b: f64, alpha: f64, alpha0: f64) -> (f64, f64) {
    let delta = ((y_a + alpha) / (n_a + alpha0 - y_a - alpha)).ln()
        - ((y_b + alpha) / (n_b + alpha0 - y_b - alpha)).ln();
    let variance = 1.0 / (y_a + alpha) + 1.0 / (y_b + alpha);
    (delta, delta / variance.sqrt())
}

/// Uses of each word (or entity name) by its number in the call's [`Words`].
type Counts = IntMap<u32, u32>;

/// The words and entity names counted in one [`emphasis`] call, by number: counts keyed by
/// number cost one multiplication to hash, and a string is made once per word, not once per
/// article that uses it.
#[derive(Default)]
struct Words {
    of: FastMap<String, u32>,
    names: Vec<String>,
}

impl Words {
    fn number(&mut self, w: &str) -> u32 {
        if let Some(&i) = self.of.get(w) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(w.to_string());
        self.of.insert(w.to_string(), i);
        i
    }
}

/// How the counting finds a word's number: while the whole pile is counted, words are
/// numbered as they come; after it, every word the stories use has its number (their
/// articles are all in the pile's count).
enum Numbering<'a> {
    Growing(&'a Mutex<Words>),
    Done(&'a Words),
}

impl Numbering<'_> {
    fn number(&self, w: &str) -> Option<u32> {
        match self {
            Numbering::Growing(m) => Some(m.lock().unwrap_or_else(|e| e.into_inner()).number(w)),
            Numbering::Done(words) => words.of.get(w).copied(),
        }
    }
}

/// What each thread knows of the numbers of one call ([`Words`]): word forms as written
/// (`None`: not a counted word) and entity names.
#[derive(Default)]
struct Known {
    call: u64,
    forms: FastMap<String, Option<u32>>,
    names: FastMap<String, u32>,
}

thread_local! {
    static KNOWN: std::cell::RefCell<Known> = Default::default();
}

/// Numbers [`emphasis`] calls, for the per-thread [`Known`] numbers.
fn next_call() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Adds one article to its outlet's counts: its content words (three letters or more, no
/// stop words; the title's, then the text's) and its entities' mentions.
fn count_article<'a>(
    by_outlet: &mut ByOutlet<'a>,
    a: &'a Article,
    entities_of: &HashMap<&str, Vec<&ArticleEntity>>,
    call: u64,
    numbering: &Numbering<'_>,
) {
    let (terms, entities) = by_outlet.entry(a.outlet.as_str()).or_default();
    // Each thread keeps the number of every word form it has seen (words recur: Zipf), so a
    // form is lowercased and checked once, and a word already counted costs one lookup.
    KNOWN.with(|known| {
        let mut known = known.borrow_mut();
        if known.call != call
            || known.forms.len() >= crate::text::WORD_CACHE_MAX
            || known.names.len() >= crate::text::WORD_CACHE_MAX
        {
            *known = Known {
                call,
                ..Default::default()
            };
        }
        let Known { forms, names, .. } = &mut *known;
        for text in [&a.title, &a.text] {
            for (x, y) in crate::text::word_spans(text) {
                let form = &text[x..y];
                let number = match forms.get(form) {
                    Some(n) => *n,
                    None => {
                        let n = content_word(form).and_then(|w| numbering.number(&w));
                        forms.insert(form.to_string(), n);
                        n
                    }
                };
                if let Some(n) = number {
                    *terms.entry(n).or_default() += 1;
                }
            }
        }
        for e in entities_of.get(a.id.as_str()).into_iter().flatten() {
            let number = match names.get(e.name.as_str()) {
                Some(n) => Some(*n),
                None => {
                    let n = numbering.number(&e.name);
                    if let Some(n) = n {
                        names.insert(e.name.clone(), n);
                    }
                    n
                }
            };
            if let Some(n) = number {
                *entities.entry(n).or_default() += e.mentions;
            }
        }
    })
}

/// A word form's counted word: lowercased, three letters or more, letters (with inner hyphens
/// or apostrophes) only, not a stop word.
fn content_word(form: &str) -> Option<String> {
    let w = form.to_lowercase();
    (w.chars().count() >= 3
        && w.chars()
            .all(|ch| ch.is_alphabetic() || ch == '-' || ch == '\'')
        && !crate::text::is_stopword(&w))
    .then_some(w)
}

/// Term counts (`pick` 0) or entity counts (1) of an outlet's articles.
fn side(c: &(Counts, Counts), pick: usize) -> &Counts {
    if pick == 0 {
        &c.0
    } else {
        &c.1
    }
}

fn add(into: &mut Counts, from: &Counts) {
    for (k, v) in from {
        *into.entry(*k).or_default() += v;
    }
}

/// Term and entity counts of each outlet in a group of articles.
type ByOutlet<'a> = BTreeMap<&'a str, (Counts, Counts)>;

/// Adds every count of `from` into `into`.
fn merge_outlets<'a>(mut into: ByOutlet<'a>, from: ByOutlet<'a>) -> ByOutlet<'a> {
    for (outlet, (t, e)) in from {
        let slot = into.entry(outlet).or_default();
        add(&mut slot.0, &t);
        add(&mut slot.1, &e);
    }
    into
}

/// Distinctive terms and entities per outlet within every story two or more outlets reported
/// themselves, and per outlet overall. Republished copies (`wire`) are left out: their words are
/// the agency's. Sorted by (story, outlet, kind, z descending, feature).
///
/// Articles are counted where they are needed and the counts dropped after: per-article word
/// maps of a large pile would take more memory than the articles themselves.
pub fn emphasis(
    articles: &[Article],
    stories: &[Story],
    entities: &[ArticleEntity],
    wire: &HashSet<String>,
    opts: &EmphasisOptions,
) -> Vec<EmphasisRow> {
    let own: HashMap<&str, &Article> = articles
        .iter()
        .filter(|a| !wire.contains(&a.id))
        .map(|a| (a.id.as_str(), a))
        .collect();
    let mut entities_of: HashMap<&str, Vec<&ArticleEntity>> = HashMap::new();
    for e in entities {
        entities_of
            .entry(e.article_id.as_str())
            .or_default()
            .push(e);
    }
    let call = next_call();
    // Every outlet over the whole pile: the overall rows, and (summed) the prior. Every word
    // the stories use is numbered on the way.
    let growing = Mutex::new(Words::default());
    let overall: ByOutlet = {
        let numbering = Numbering::Growing(&growing);
        own.values()
            .collect::<Vec<_>>()
            .par_iter()
            .fold(ByOutlet::new, |mut m, a| {
                count_article(&mut m, a, &entities_of, call, &numbering);
                m
            })
            .reduce(ByOutlet::new, merge_outlets)
    };
    let words = growing.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut prior_terms = Counts::default();
    let mut prior_entities = Counts::default();
    for (t, e) in overall.values() {
        add(&mut prior_terms, t);
        add(&mut prior_entities, e);
    }
    let total = |c: &Counts| c.values().map(|v| *v as f64).sum::<f64>().max(1.0);
    let priors = Priors {
        terms: (&prior_terms, total(&prior_terms)),
        entities: (&prior_entities, total(&prior_entities)),
    };
    let numbering = Numbering::Done(&words);
    let mut rows: Vec<EmphasisRow> = stories
        .par_iter()
        .flat_map_iter(|s| {
            let mut by_outlet = ByOutlet::new();
            for id in &s.article_ids {
                if let Some(a) = own.get(id.as_str()) {
                    count_article(&mut by_outlet, a, &entities_of, call, &numbering);
                }
            }
            score_group(
                Some(s.story_id.as_str()),
                &by_outlet,
                &priors,
                &words.names,
                opts,
            )
        })
        .collect();
    rows.extend(score_group(None, &overall, &priors, &words.names, opts));
    rows.sort_by(|a, b| {
        (&a.story_id, &a.outlet, &a.kind)
            .cmp(&(&b.story_id, &b.outlet, &b.kind))
            .then_with(|| b.z.total_cmp(&a.z))
            .then_with(|| a.feature.cmp(&b.feature))
    });
    rows
}

/// Corpus frequencies of terms and entities with their totals: the Dirichlet prior.
struct Priors<'a> {
    terms: (&'a Counts, f64),
    entities: (&'a Counts, f64),
}

/// Emphasis rows of one group (a story, or the whole pile when `story_id` is `None`); none
/// unless two or more outlets are in it.
fn score_group(
    story_id: Option<&str>,
    by_outlet: &ByOutlet<'_>,
    priors: &Priors<'_>,
    names: &[String],
    opts: &EmphasisOptions,
) -> Vec<EmphasisRow> {
    let mut rows = Vec::new();
    if by_outlet.len() < 2 {
        return rows;
    }
    for (kind, pick, (prior, prior_total), min_count) in [
        ("term", 0usize, &priors.terms, opts.min_count),
        ("entity", 1, &priors.entities, 1),
    ] {
        let mut all = Counts::default();
        for c in by_outlet.values() {
            add(&mut all, side(c, pick));
        }
        let n_all: f64 = all.values().map(|v| *v as f64).sum();
        for (outlet, c) in by_outlet {
            // An outlet's own name (its dateline, its credit) is not emphasis. Terms are
            // counted lowercased already; entity names are lowercased to compare.
            let own_name: Vec<String> = crate::text::words(outlet);
            let is_own_name = |w: &str| {
                w == *outlet
                    || if pick == 0 {
                        own_name.iter().any(|n| n == w)
                    } else {
                        own_name.contains(&w.to_lowercase())
                    }
            };
            let mine: Vec<(u32, u32)> = side(c, pick)
                .iter()
                .filter(|(w, _)| !is_own_name(&names[**w as usize]))
                .map(|(w, y)| (*w, *y))
                .collect();
            let n_a: f64 = mine.iter().map(|(_, v)| *v as f64).sum();
            let n_b = n_all - n_a;
            // (z, log-odds, feature, count); rows are built for the kept ones only.
            let mut scored: Vec<(f64, f64, &String, u32)> = mine
                .into_iter()
                .filter(|(_, y)| *y >= min_count)
                .map(|(w, y)| {
                    let y_a = y as f64;
                    let y_b = *all.get(&w).unwrap_or(&0) as f64 - y_a;
                    let alpha = opts.prior * *prior.get(&w).unwrap_or(&0) as f64 / *prior_total;
                    let (delta, z) = log_odds(y_a, n_a, y_b, n_b, alpha.max(1e-3), opts.prior);
                    (z, delta, &names[w as usize], y)
                })
                .filter(|r| r.0 > 0.0)
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.2.cmp(b.2)));
            scored.truncate(opts.top);
            rows.extend(scored.into_iter().map(|(z, delta, w, y)| EmphasisRow {
                story_id: story_id.map(str::to_string),
                outlet: outlet.to_string(),
                feature: w.clone(),
                kind: kind.to_string(),
                count: y,
                log_odds: delta,
                z,
            }));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_odds_by_hand() {
        // y_a = 10 of n_a = 100, y_b = 5 of n_b = 200, alpha_w = 1, alpha_0 = 10:
        // delta = ln(11/99) - ln(6/204) = 1.329136; var = 1/11 + 1/6; z = 2.618888
        let (delta, z) = log_odds(10.0, 100.0, 5.0, 200.0, 1.0, 10.0);
        assert!((delta - 1.329_135_947).abs() < 1e-8, "{delta}");
        assert!((z - 2.618_887_911).abs() < 1e-8, "{z}");
        // Symmetric: B against A is the negation.
        let (d2, z2) = log_odds(5.0, 200.0, 10.0, 100.0, 1.0, 10.0);
        assert!((d2 + delta).abs() < 1e-12 && (z2 + z).abs() < 1e-12);
    }

    /// Two outlets' articles in one story, and the emphasis rows of the pair.
    fn two_outlets(text_a: &str, text_b: &str) -> Vec<EmphasisRow> {
        use chrono::TimeZone;
        let t = chrono::Utc.with_ymd_and_hms(2017, 4, 7, 9, 0, 0).unwrap();
        let mut a = Article::for_test("a", text_a, t);
        a.outlet = "A".into();
        let mut b = Article::for_test("b", text_b, t);
        b.outlet = "B".into();
        let s = Story {
            story_id: "s".into(),
            label: String::new(),
            headline: String::new(),
            article_ids: vec!["a".into(), "b".into()],
            first_published: t,
            last_published: t,
            n_outlets: 2,
            top_terms: vec![],
            top_entities: vec![],
        };
        emphasis(
            &[a, b],
            &[s],
            &[],
            &HashSet::new(),
            &EmphasisOptions::default(),
        )
    }

    /// The top term of an outlet in the story.
    fn top(rows: &[EmphasisRow], outlet: &str) -> Option<String> {
        rows.iter()
            .find(|r| r.story_id.as_deref() == Some("s") && r.outlet == outlet && r.kind == "term")
            .map(|r| r.feature.clone())
    }

    /// The strike story: outlet A dwells on the airbase, outlet B on the diplomats.
    fn strike_story_stands_out_per_outlet() {
        let rows = two_outlets(
            "Missiles struck the airbase. The airbase burned. Airbase airbase.",
            "Missiles struck the base. Diplomats condemned the strike. Diplomats met.",
        );
        assert_eq!(top(&rows, "A").as_deref(), Some("airbase"));
        assert_eq!(top(&rows, "B").as_deref(), Some("diplomats"));
    }

    #[test]
    fn an_outlets_own_words_stand_out() {
        strike_story_stands_out_per_outlet();
    }

    /// Words are counted by number, and each thread remembers numbers: a second call must not
    /// read the first call's numbers. One worker thread runs every call, so the later calls
    /// meet word forms the first one numbered (the same words, weighted the other way round)
    /// as well as new ones.
    #[test]
    fn a_second_call_numbers_its_own_words() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("a one-thread pool");
        pool.install(|| {
            strike_story_stands_out_per_outlet();
            let swapped = two_outlets(
                "Diplomats condemned the strike. Diplomats diplomats met.",
                "The airbase burned. Airbase airbase airbase.",
            );
            assert_eq!(top(&swapped, "A").as_deref(), Some("diplomats"));
            assert_eq!(top(&swapped, "B").as_deref(), Some("airbase"));
            let second = two_outlets(
                "Voters queued at polling stations. Ballots ballots ballots were counted.",
                "Voters queued at polling stations. Turnout turnout was high, turnout rose.",
            );
            assert_eq!(top(&second, "A").as_deref(), Some("ballots"));
            assert_eq!(top(&second, "B").as_deref(), Some("turnout"));
        });
    }
}
