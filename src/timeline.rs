//! Dates and timeline: resolve the date expressions of every article, give every story the
//! date its articles point to, order the stories, and link a story to the stories it mentions.

use crate::features::{Features, SparseVec};
use crate::model::{Article, ArticleDate, DateMention, Story, StoryDate, TimelineEntry};
use crate::text::{self, sentence_spans};
use crate::util::{DenseSums, FastMap, IntMap};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

/// Every date expression of every article (title and body), resolved against the article's
/// publication day on the outlet's clock. Sorted by (article, part, start).
pub fn find_dates(articles: &[Article]) -> Vec<DateMention> {
    let mut out: Vec<DateMention> = articles
        .par_iter()
        .flat_map_iter(|a| {
            let reference = a.published_local_date();
            let mut v = Vec::new();
            for (part, text) in [("title", a.title.as_str()), ("text", a.text.as_str())] {
                let spans = sentence_spans(text);
                for m in crate::temporal::find_mentions(text, reference) {
                    let sentence = spans
                        .iter()
                        .find(|(s, e)| *s <= m.start && m.start < *e)
                        .map(|(s, e)| text[*s..*e].to_string())
                        .unwrap_or_default();
                    v.push(DateMention {
                        article_id: a.id.clone(),
                        start: m.start,
                        end: m.end,
                        part: part.to_string(),
                        text: m.text.clone(),
                        kind: m.kind.to_string(),
                        value: m.value.clone(),
                        resolved_start: m.resolved.map(|r| r.0),
                        resolved_end: m.resolved.map(|r| r.1),
                        sentence,
                    });
                }
            }
            v
        })
        .collect();
    sort_mentions(&mut out);
    out
}

/// Date expressions in their table order: by article, part, then position.
pub fn sort_mentions(mentions: &mut [DateMention]) {
    mentions
        .sort_by(|a, b| (&a.article_id, &a.part, a.start).cmp(&(&b.article_id, &b.part, b.start)));
}

/// Articles' event days in their table order: by article.
pub fn sort_article_dates(dates: &mut [ArticleDate]) {
    dates.sort_by(|a, b| a.article_id.cmp(&b.article_id));
}

/// Stories a term's posting list keeps (those it weighs most in).
const MAX_STORIES_PER_TERM: usize = 64;

/// Story centroids truncated to their strongest features, indexed for fast sentence scoring.
struct CentroidIndex {
    /// Story numbers as `u32`: half the bytes of a posting list to walk per sentence.
    postings: IntMap<u32, Vec<(u32, f32)>>,
}

impl CentroidIndex {
    fn new(centroids: &[SparseVec], keep: usize) -> Self {
        let mut postings: IntMap<u32, Vec<(u32, f32)>> = IntMap::default();
        for (s, c) in centroids.iter().enumerate() {
            let mut pairs: Vec<(u32, f32)> =
                c.idx.iter().copied().zip(c.val.iter().copied()).collect();
            pairs.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            pairs.truncate(keep);
            let norm = pairs
                .iter()
                .map(|p| p.1 * p.1)
                .sum::<f32>()
                .sqrt()
                .max(1e-9);
            for (i, v) in pairs {
                postings.entry(i).or_default().push((s as u32, v / norm));
            }
        }
        // On a large pile a common term sits among the strongest of thousands of stories; it
        // only says something about those it is most central to, and scoring every sentence
        // against all of them makes linking grow with the square of the pile.
        for list in postings.values_mut() {
            if list.len() > MAX_STORIES_PER_TERM {
                list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                list.truncate(MAX_STORIES_PER_TERM);
                list.sort_by_key(|p| p.0);
            }
        }
        CentroidIndex { postings }
    }

    /// Similarity of a sentence vector to every story it shares a feature with, in order of
    /// first contribution. The sums go through a per-thread [`DenseSums`] over story numbers:
    /// a hash map per sentence was most of the stage's time.
    fn scores(&self, v: &SparseVec) -> Scores {
        thread_local! {
            static SUMS: std::cell::RefCell<DenseSums<f32>> = Default::default();
        }
        SUMS.with(|cell| {
            let mut sums = cell.borrow_mut();
            for (i, &x) in v.idx.iter().zip(&v.val) {
                let Some(list) = self.postings.get(i) else {
                    continue;
                };
                for &(s, y) in list {
                    sums.add(s as usize, x * y);
                }
            }
            Scores(sums.drain().map(|(s, v)| (s as u32, v)).collect())
        })
    }
}

/// A sentence's similarity to each story it shares a feature with.
#[derive(Default)]
struct Scores(Vec<(u32, f32)>);

impl Scores {
    fn get(&self, story: usize) -> Option<f32> {
        self.0.iter().find(|p| p.0 as usize == story).map(|p| p.1)
    }
    fn iter(&self) -> impl Iterator<Item = (usize, f32)> + '_ {
        self.0.iter().map(|&(s, v)| (s as usize, v))
    }
}

/// What dating and linking both need, built once: articles by id and the stories' centroids
/// indexed for scoring sentences.
pub struct StoryContext<'a> {
    articles: HashMap<&'a str, &'a Article>,
    index: CentroidIndex,
}

/// Builds the [`StoryContext`] of a set of stories.
pub fn context<'a>(
    articles: &'a [Article],
    stories: &[Story],
    features: &Features,
) -> StoryContext<'a> {
    let pos: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let centroids: Vec<SparseVec> = stories
        .iter()
        .map(|s| {
            features.centroid(
                &s.article_ids
                    .iter()
                    .filter_map(|id| pos.get(id.as_str()).copied())
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    StoryContext {
        articles: articles.iter().map(|a| (a.id.as_str(), a)).collect(),
        index: CentroidIndex::new(&centroids, 60),
    }
}

/// How much a sentence is about its own story rather than another one (0..1).
fn relevance(scores: &Scores, own: usize) -> f64 {
    let mine = scores.get(own).unwrap_or(0.0) as f64;
    let other = scores
        .iter()
        .filter(|(s, _)| *s != own)
        .map(|(_, v)| v as f64)
        .fold(0.0, f64::max);
    (mine + 0.05) / (mine + other + 0.1)
}

/// What one day-precise mention weighs as evidence of the day an article reports: more in a
/// headline or lead, less when it points ahead of publication (a preview) or more than a month
/// back (background). Returned as (position, timing) factors.
fn mention_weight(
    m: &DateMention,
    day: NaiveDate,
    published: NaiveDate,
    lead_end: usize,
) -> (f64, f64) {
    let position = if m.part == "title" {
        2.0
    } else if m.start < lead_end {
        1.5
    } else {
        1.0
    };
    let offset = (day - published).num_days();
    let timing = if offset > 1 {
        0.5
    } else if offset < -30 {
        0.2
    } else {
        1.0
    };
    (position, timing)
}

/// How far before a story's first article its event may lie.
pub const EVENT_LOOKBACK_DAYS: i64 = 45;
/// How far after its last article (previews of a scheduled event).
pub const EVENT_LOOKAHEAD_DAYS: i64 = 3;

/// Dates every story by a weighted vote of the day-precise mentions in its articles: a mention
/// counts more in a headline or lead, in a sentence that is about this story rather than
/// another, and less when it points ahead of publication (previews) or far back (background).
pub fn date_stories(
    stories: &[Story],
    mentions: &[DateMention],
    features: &Features,
    ctx: &StoryContext,
) -> Vec<StoryDate> {
    let mut by_article: HashMap<&str, Vec<&DateMention>> = HashMap::new();
    for m in mentions {
        by_article.entry(m.article_id.as_str()).or_default().push(m);
    }
    stories
        .par_iter()
        .enumerate()
        .map(|(k, s)| {
            let mut votes: BTreeMap<NaiveDate, f64> = BTreeMap::new();
            let window = (
                s.first_published.date_naive() - chrono::Duration::days(EVENT_LOOKBACK_DAYS),
                s.last_published.date_naive() + chrono::Duration::days(EVENT_LOOKAHEAD_DAYS),
            );
            let mut support: BTreeMap<NaiveDate, Vec<(f64, String)>> = BTreeMap::new();
            for id in &s.article_ids {
                let (Some(a), Some(ms)) =
                    (ctx.articles.get(id.as_str()), by_article.get(id.as_str()))
                else {
                    continue;
                };
                let days: Vec<&&DateMention> = ms
                    .iter()
                    .filter(|m| m.resolved_start.is_some() && m.resolved_start == m.resolved_end)
                    .collect();
                if days.is_empty() {
                    continue;
                }
                let per_article = 1.0 / (days.len() as f64).sqrt();
                let published = a.published_local_date();
                let lead_end = a.text.find("\n\n").unwrap_or(a.text.len());
                for m in days {
                    let Some(day) = m.resolved_start else {
                        continue;
                    };
                    // A story's event happens around its coverage: dates long before its first
                    // article or after its last are background ("the 2003 invasion"), not it.
                    if day < window.0 || day > window.1 {
                        continue;
                    }
                    let scores = ctx.index.scores(&features.vectorize(&m.sentence));
                    let (position, timing) = mention_weight(m, day, published, lead_end);
                    let w = per_article * position * timing * relevance(&scores, k);
                    *votes.entry(day).or_default() += w;
                    support.entry(day).or_default().push((
                        w,
                        format!(
                            "{}: \"{}\" ({})",
                            a.id,
                            m.text,
                            text::ellipsize(&m.sentence, 160, text::Keep::Start)
                        ),
                    ));
                }
            }
            let total: f64 = votes.values().sum();
            let best = votes
                .iter()
                .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)));
            match best {
                Some((&day, &w)) if total > 0.0 => {
                    let mut ev = support.remove(&day).unwrap_or_default();
                    ev.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                    StoryDate {
                        story_id: s.story_id.clone(),
                        event_date: day,
                        confidence: w / total,
                        method: "mentions".into(),
                        evidence: ev.into_iter().take(3).map(|e| e.1).collect(),
                    }
                }
                _ => {
                    let first = s
                        .article_ids
                        .first()
                        .and_then(|id| ctx.articles.get(id.as_str()))
                        .map(|a| a.published_local_date())
                        .unwrap_or_else(|| s.first_published.date_naive());
                    StoryDate {
                        story_id: s.story_id.clone(),
                        event_date: first,
                        confidence: 0.0,
                        method: "first_published".into(),
                        evidence: Vec::new(),
                    }
                }
            }
        })
        .collect()
}

/// Dates every article by its own day-precise mentions: a headline or lead mention counts
/// more, a day ahead of publication (a preview) or more than a month back (background) less;
/// days outside the story window (45 days back, 3 ahead) do not count. An article with no
/// such mention is dated by its publication day. Sorted by article id.
pub fn date_articles(articles: &[Article], mentions: &[DateMention]) -> Vec<ArticleDate> {
    let mut by_article: HashMap<&str, Vec<&DateMention>> = HashMap::new();
    for m in mentions {
        by_article.entry(m.article_id.as_str()).or_default().push(m);
    }
    let mut out: Vec<ArticleDate> = articles
        .par_iter()
        .map(|a| {
            let published = a.published_local_date();
            let lead_end = a.text.find("\n\n").unwrap_or(a.text.len());
            let mut votes: BTreeMap<NaiveDate, (f64, Vec<String>)> = BTreeMap::new();
            for m in by_article.get(a.id.as_str()).into_iter().flatten() {
                let (Some(day), Some(last)) = (m.resolved_start, m.resolved_end) else {
                    continue;
                };
                let offset = (day - published).num_days();
                if day != last || !(-EVENT_LOOKBACK_DAYS..=EVENT_LOOKAHEAD_DAYS).contains(&offset) {
                    continue;
                }
                let v = votes.entry(day).or_default();
                let (position, timing) = mention_weight(m, day, published, lead_end);
                v.0 += position * timing;
                v.1.push(format!("{} {}..{} \"{}\"", m.part, m.start, m.end, m.text));
            }
            let total: f64 = votes.values().map(|v| v.0).sum();
            // Ties go to the later day: the newest development is what the article reports.
            match votes
                .into_iter()
                .max_by(|a, b| a.1 .0.total_cmp(&b.1 .0).then(a.0.cmp(&b.0)))
            {
                Some((day, (w, evidence))) if total > 0.0 => ArticleDate {
                    article_id: a.id.clone(),
                    event_date: day,
                    confidence: w / total,
                    method: "mentions".into(),
                    evidence: evidence.into_iter().take(5).collect(),
                },
                _ => ArticleDate {
                    article_id: a.id.clone(),
                    event_date: published,
                    confidence: 0.0,
                    method: "published".into(),
                    evidence: Vec::new(),
                },
            }
        })
        .collect();
    sort_article_dates(&mut out);
    out
}

/// Most stories one story links to (the best evidenced).
pub const MAX_LINKS: usize = 8;

/// Minimum similarity of a sentence to another story for it to count as mentioning that story.
pub const LINK_SIMILARITY: f32 = 0.2;
/// The same, for a sentence that also names the other story's event date.
pub const DATED_LINK_SIMILARITY: f32 = 0.15;

/// Orders stories by event date and links each to the stories its articles mention: a sentence
/// that names another story's event date and is about that story more than any other story of
/// that date, or (in two articles or more) a sentence closer to another story than to its own.
pub fn build_timeline(
    stories: &[Story],
    dates: &[StoryDate],
    mentions: &[DateMention],
    features: &Features,
    ctx: &StoryContext,
) -> Vec<TimelineEntry> {
    let date_of: HashMap<&str, NaiveDate> = dates
        .iter()
        .map(|d| (d.story_id.as_str(), d.event_date))
        .collect();
    let event_day: Vec<Option<NaiveDate>> = stories
        .iter()
        .map(|s| date_of.get(s.story_id.as_str()).copied())
        .collect();
    let mut mentions_of: HashMap<&str, Vec<&DateMention>> = HashMap::new();
    for m in mentions.iter().filter(|m| m.part == "text") {
        mentions_of
            .entry(m.article_id.as_str())
            .or_default()
            .push(m);
    }
    let links: Vec<Vec<String>> = stories
        .par_iter()
        .enumerate()
        .map(|(k, s)| {
            let mut by_text: BTreeMap<usize, usize> = BTreeMap::new();
            let mut by_date: BTreeMap<usize, usize> = BTreeMap::new();
            let score = |text: &str| ctx.index.scores(&features.vectorize(text));
            // The stories each sentence of the story's articles points to: a sentence repeated
            // in its articles (wire copy: one in five on the synthetic piles) is scored once.
            let mut points_to: FastMap<&str, Vec<usize>> = FastMap::default();
            for id in &s.article_ids {
                let Some(a) = ctx.articles.get(id.as_str()) else {
                    continue;
                };
                let mut seen: Vec<usize> = Vec::new();
                // Each sentence is scored once; a date mention reuses its sentence's scores
                // (those of a sentence met before are not kept, and scored again if needed).
                let mut scored: Vec<((usize, usize), Option<Scores>)> = Vec::new();
                for (b, e) in sentence_spans(&a.text) {
                    let text = &a.text[b..e];
                    let others = match points_to.entry(text) {
                        Entry::Occupied(known) => {
                            scored.push(((b, e), None));
                            known.into_mut()
                        }
                        Entry::Vacant(slot) => {
                            let scores = score(text);
                            let mine = scores.get(k).unwrap_or(0.0);
                            // Every other story this sentence is about more than about its
                            // own. The story is looked up last: most scores fail the cheap
                            // tests, and on a large pile the stories do not fit in cache.
                            let others: Vec<usize> = scores
                                .iter()
                                .filter(|&(other, v)| {
                                    other != k
                                        && v >= LINK_SIMILARITY
                                        && v > mine
                                        && stories[other].first_published <= s.last_published
                                })
                                .map(|(other, _)| other)
                                .collect();
                            scored.push(((b, e), Some(scores)));
                            slot.insert(others)
                        }
                    };
                    for &other in others.iter() {
                        if !seen.contains(&other) {
                            seen.push(other);
                        }
                    }
                }
                for o in seen {
                    *by_text.entry(o).or_default() += 1;
                }
                let no_scores = Scores::default();
                let mut dated: Vec<usize> = Vec::new();
                for m in mentions_of.get(id.as_str()).into_iter().flatten() {
                    let (Some(from), Some(to)) = (m.resolved_start, m.resolved_end) else {
                        continue;
                    };
                    if (to - from).num_days() > 7 {
                        continue;
                    }
                    let again;
                    let scores = match scored
                        .iter()
                        .find(|((b, e), _)| *b <= m.start && m.start < *e)
                    {
                        Some((_, Some(sc))) => sc,
                        Some(((b, e), None)) => {
                            again = score(&a.text[*b..*e]);
                            &again
                        }
                        None => &no_scores,
                    };
                    let best = scores
                        .iter()
                        .filter(|&(o, v)| {
                            o != k
                                && v >= DATED_LINK_SIMILARITY
                                && event_day[o].is_some_and(|d| {
                                    d >= from - chrono::Duration::days(1)
                                        && d <= to + chrono::Duration::days(1)
                                })
                        })
                        .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)));
                    if let Some((o, _)) = best {
                        if !dated.contains(&o) {
                            dated.push(o);
                        }
                    }
                }
                for o in dated {
                    *by_date.entry(o).or_default() += 1;
                }
            }
            let need = if s.article_ids.len() <= 3 { 1 } else { 2 };
            // Evidence per linked story: articles whose sentences point to it.
            let mut evidence: BTreeMap<usize, usize> = BTreeMap::new();
            for (o, c) in by_text
                .into_iter()
                .filter(|(_, c)| *c >= need)
                .chain(by_date)
            {
                *evidence.entry(o).or_default() += c;
            }
            // The strongest links only: on a large pile a story can mention hundreds of others.
            let mut ranked: Vec<(usize, usize)> = evidence.into_iter().collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            ranked.truncate(MAX_LINKS);
            let mut linked: Vec<String> = ranked
                .into_iter()
                .map(|(o, _)| stories[o].story_id.clone())
                .collect();
            linked.sort_by_key(|id| (date_of.get(id.as_str()).copied(), id.clone()));
            linked
        })
        .collect();
    let mut order: Vec<usize> = (0..stories.len()).collect();
    order.sort_by(|&a, &b| {
        let da = date_of
            .get(stories[a].story_id.as_str())
            .copied()
            .unwrap_or(stories[a].first_published.date_naive());
        let db = date_of
            .get(stories[b].story_id.as_str())
            .copied()
            .unwrap_or(stories[b].first_published.date_naive());
        (da, stories[a].first_published, &stories[a].story_id).cmp(&(
            db,
            stories[b].first_published,
            &stories[b].story_id,
        ))
    });
    order
        .into_iter()
        .enumerate()
        .map(|(p, k)| TimelineEntry {
            position: p + 1,
            story_id: stories[k].story_id.clone(),
            event_date: date_of
                .get(stories[k].story_id.as_str())
                .copied()
                .unwrap_or(stories[k].first_published.date_naive()),
            linked_story_ids: links[k].clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn story(id: &str, members: &[&Article]) -> Story {
        Story {
            story_id: id.into(),
            label: String::new(),
            headline: String::new(),
            article_ids: members.iter().map(|a| a.id.clone()).collect(),
            first_published: members[0].published,
            last_published: members[members.len() - 1].published,
            n_outlets: members.len(),
            top_terms: vec![],
            top_entities: vec![],
        }
    }

    /// A story of four articles links to another only when two of them point to it: here two
    /// wire copies carry the same sentence about the strike, so the second copy's sentence is
    /// the one met before, and must count as much as the first.
    #[test]
    fn a_sentence_repeated_by_a_copy_points_to_the_other_story_again() {
        let at = |h: u32| chrono::Utc.with_ymd_and_hms(2017, 4, 12, h, 0, 0).unwrap();
        let strike = [
            "Cruise missiles struck the Shayrat airbase before dawn, destroying hangars and jets.",
            "The missile strike on the Shayrat airbase destroyed hangars, runways and jets.",
        ];
        let copy = "Diplomats met in Moscow for talks with the minister. Cruise missiles struck the Shayrat airbase, destroying hangars.";
        let talks = [
            copy,
            copy,
            "Diplomats met in Moscow for talks with the minister about sanctions.",
            "Talks in Moscow between the diplomats and the minister ran late.",
        ];
        let articles: Vec<Article> = strike
            .iter()
            .chain(&talks)
            .enumerate()
            .map(|(i, t)| Article::for_test(&format!("a{i}"), t, at(i as u32)))
            .collect();
        let features = crate::features::build(&articles, &[], &Default::default());
        let stories = [
            story("strike", &[&articles[0], &articles[1]]),
            story("talks", &articles[2..].iter().collect::<Vec<_>>()),
        ];
        let ctx = context(&articles, &stories, &features);
        let timeline = build_timeline(&stories, &[], &[], &features, &ctx);
        let links = |id: &str| {
            timeline
                .iter()
                .find(|e| e.story_id == id)
                .map(|e| e.linked_story_ids.clone())
        };
        assert_eq!(links("talks"), Some(vec!["strike".to_string()]));
        // One copy alone is not enough evidence for a story of four.
        let one_copy: Vec<Article> = articles
            .iter()
            .map(|a| {
                let mut a = a.clone();
                if a.id == "a3" {
                    a.text = talks[2].to_string();
                }
                a
            })
            .collect();
        let features = crate::features::build(&one_copy, &[], &Default::default());
        let ctx = context(&one_copy, &stories, &features);
        let timeline = build_timeline(&stories, &[], &[], &features, &ctx);
        let talks_entry = timeline.iter().find(|e| e.story_id == "talks");
        assert_eq!(talks_entry.map(|e| e.linked_story_ids.len()), Some(0));
    }
}
