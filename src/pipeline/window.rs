//! The pipeline cut into the pieces an engine that splits a pile runs apart (Spark, in
//! `spark/`): every article prepared on its own ([`prepare`]), every time window clustered on
//! its own ([`cluster_window`]), and the windows' stories stitched into one set ([`stitch`],
//! [`assemble`]). Each piece calls the same stage functions `storyline run` calls; with one
//! window over the whole pile the pieces give exactly the stories `storyline run` gives.

use crate::cluster::{self, Algorithm};
use crate::entities::{self, RawMention};
use crate::error::Result;
use crate::ingest::{self, IngestOptions};
use crate::model::*;
use crate::pipeline::Settings;
use crate::util::content_id;
use crate::{features, timeline};
use chrono::{DateTime, Utc};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// An article read, cleaned, tagged and dated, ready for its windows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Prepared {
    pub article: Article,
    /// Month and day of a page that named no year, until [`ingest::place_undated`] dates it.
    pub month_day: Option<(u32, u32)>,
    /// The tagger's mentions: tagging is the costly half of the entity stage and needs only
    /// the article; linking them into entities needs the window.
    pub mentions: Vec<RawMention>,
    /// The article's date expressions and its own event day: they need only the article (and
    /// its publication day, so a page without a year is dated once placed: [`date`]).
    pub dates: Vec<DateMention>,
    pub article_date: Option<ArticleDate>,
}

/// Finds the date expressions and the event day of prepared articles (those a page without a
/// year left undated are skipped until [`ingest::place_undated`] has dated them). Each article
/// is dated on its own, in place: a batch may still hold two articles with one id (the
/// duplicate-id rule comes later), and each must keep its own dates.
pub fn date(prepared: &mut [Prepared]) {
    prepared
        .par_iter_mut()
        .filter(|p| p.month_day.is_none())
        .for_each(|p| {
            let one = std::slice::from_ref(&p.article);
            let mentions = timeline::find_dates(one);
            p.article_date = timeline::date_articles(one, &mentions).pop();
            p.dates = mentions;
        });
}

/// One input record as an engine read it: the file, the line (0 when the engine cannot tell)
/// and the JSON text.
#[derive(Clone, Debug)]
pub struct Record<'a> {
    pub file: &'a str,
    pub line: usize,
    pub json: &'a str,
}

/// Reads, cleans, tags and dates records, by the rules of `storyline run`'s ingest. A refused
/// record comes back as its [`Reject`], never dropped.
pub fn prepare(
    records: &[Record],
    opts: &IngestOptions,
) -> Vec<std::result::Result<Prepared, Reject>> {
    let parsed: Vec<_> = records
        .par_iter()
        .map(|r| ingest::parse_record(r.json, r.file, r.line, opts))
        .collect();
    // The articles are tagged together (on every core), then put back in their places.
    let mut articles = Vec::new();
    let mut month_days = Vec::new();
    let mut slots: Vec<std::result::Result<(), Reject>> = Vec::with_capacity(records.len());
    for (p, r) in parsed.into_iter().zip(records) {
        match p {
            Ok((article, month_day)) => {
                articles.push(article);
                month_days.push(month_day);
                slots.push(Ok(()));
            }
            Err(reason) => slots.push(Err(Reject {
                file: r.file.to_string(),
                line: r.line,
                reason,
                record: r.json.chars().take(2000).collect(),
            })),
        }
    }
    let tagged = entities::tag(&articles);
    let mut ready: Vec<Prepared> = articles
        .into_iter()
        .zip(month_days)
        .zip(tagged)
        .map(|((article, month_day), mentions)| Prepared {
            article,
            month_day,
            mentions,
            dates: Vec::new(),
            article_date: None,
        })
        .collect();
    date(&mut ready);
    let mut ready = ready.into_iter();
    slots
        .into_iter()
        .filter_map(|slot| match slot {
            Ok(()) => ready.next().map(Ok),
            Err(reject) => Some(Err(reject)),
        })
        .collect()
}

/// Overlapping time windows over a pile: window `w` covers `[origin + w·stride, origin +
/// (w+2)·stride)`, so every article falls in two windows (one at the ends) and a story that
/// crosses a window's edge is whole in the window before or after. A pile shorter than two
/// strides is one window.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct WindowPlan {
    pub origin: DateTime<Utc>,
    pub stride_days: i64,
    pub count: i64,
}

impl WindowPlan {
    /// The windows of a pile whose articles run from `first` to `last`.
    pub fn new(first: DateTime<Utc>, last: DateTime<Utc>, stride_days: i64) -> WindowPlan {
        let stride_days = stride_days.max(1);
        let k_last = (last - first).num_seconds().max(0) / (stride_days * 86_400);
        WindowPlan {
            origin: first,
            stride_days,
            count: k_last.max(1),
        }
    }

    /// The windows of a pile of `articles` clustered with `opts`: one window when the pile is
    /// clustered as one batch (the time-aware clusterer, up to its batch limit), since
    /// `storyline run` sees such a pile whole; else overlapping windows of `stride_days`.
    pub fn for_pile(
        first: DateTime<Utc>,
        last: DateTime<Utc>,
        stride_days: i64,
        articles: usize,
        opts: &cluster::ClusterOptions,
    ) -> WindowPlan {
        let mut plan = WindowPlan::new(first, last, stride_days);
        if cluster::effective_algorithm(articles, opts) == Algorithm::TimeAware {
            plan.count = 1;
        }
        plan
    }

    /// The windows an article published at `t` falls in, and its home among them: the window
    /// whose middle is nearest (the earlier on a tie). Its story is the one found there.
    pub fn windows_of(&self, t: DateTime<Utc>) -> (Vec<i64>, i64) {
        let stride = self.stride_days * 86_400;
        let offset = (t - self.origin).num_seconds().max(0);
        let k = offset / stride;
        let ws: Vec<i64> = [k - 1, k]
            .into_iter()
            .filter(|w| (0..self.count).contains(w))
            .collect();
        let ws = if ws.is_empty() {
            vec![self.count - 1]
        } else {
            ws
        };
        let middle = |w: i64| (w + 1) * stride;
        let home = *ws
            .iter()
            .min_by_key(|&&w| ((offset - middle(w)).abs(), w))
            .unwrap_or(&ws[0]);
        (ws, home)
    }
}

/// What one window found: its articles in pile order with their near-duplicate groups, and
/// every stage's output over them.
#[derive(Clone, Debug)]
pub struct WindowStories {
    pub articles: Vec<Article>,
    /// Later copies of a near-duplicate group (wire copies), by article.
    pub wire: Vec<bool>,
    /// Story of each article, an index into `stories`.
    pub labels: Vec<usize>,
    pub entities: Vec<ArticleEntity>,
    pub stories: Vec<Story>,
    pub dates: Vec<StoryDate>,
    pub timeline: Vec<TimelineEntry>,
    pub mentions: Vec<DateMention>,
    pub article_dates: Vec<ArticleDate>,
}

/// Clusters one window's articles as `storyline run` clusters a pile: near-duplicates grouped,
/// entities linked, features built, stories found, described, dated and linked. The algorithm
/// is the one a pile of `pile_articles` gets, so every window of a large pile clusters alike.
pub fn cluster_window(
    mut prepared: Vec<Prepared>,
    pile_articles: usize,
    settings: &Settings,
) -> Result<WindowStories> {
    prepared.sort_by(|a, b| {
        (a.article.published, &a.article.id).cmp(&(b.article.published, &b.article.id))
    });
    prepared.dedup_by(|a, b| a.article.id == b.article.id);
    let mut articles = Vec::with_capacity(prepared.len());
    let mut tagged = Vec::with_capacity(prepared.len());
    let mut mentions = Vec::new();
    let mut article_dates = Vec::with_capacity(prepared.len());
    for p in prepared {
        articles.push(p.article);
        tagged.push(p.mentions);
        mentions.extend(p.dates);
        article_dates.extend(p.article_date);
    }
    // In the order `timeline::find_dates` and `date_articles` give them.
    timeline::sort_mentions(&mut mentions);
    timeline::sort_article_dates(&mut article_dates);
    ingest::dedup::group_duplicates(&mut articles);
    let ents = entities::link(&articles, tagged);
    let feats = features::build(&articles, &ents, &settings.features);
    let mut opts = settings.cluster.clone();
    if cluster::effective_algorithm(pile_articles, &opts) == Algorithm::Online {
        opts.algorithm = Algorithm::Online;
    }
    let published: Vec<_> = articles.iter().map(|a| a.published).collect();
    let labels = cluster::cluster(&feats, &published, &opts)?;
    let stories = cluster::build_stories(&articles, &labels, &feats, &ents);
    // Labels as indexes into the stories' output order.
    let index_of: HashMap<&str, usize> = stories
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.article_ids.iter().map(move |a| (a.as_str(), i)))
        .collect();
    let labels: Vec<usize> = articles
        .iter()
        .map(|a| index_of.get(a.id.as_str()).copied().unwrap_or(0))
        .collect();
    let ctx = timeline::context(&articles, &stories, &feats);
    let dates = timeline::date_stories(&stories, &mentions, &feats, &ctx);
    let tl = timeline::build_timeline(&stories, &dates, &mentions, &feats, &ctx);
    drop(ctx);
    let wire = ingest::dedup::later_copies(&articles);
    Ok(WindowStories {
        articles,
        wire,
        labels,
        entities: ents,
        stories,
        dates,
        timeline: tl,
        mentions,
        article_dates,
    })
}

/// An article's story in one window, for stitching.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Membership {
    pub window: i64,
    pub label: usize,
    pub article_id: String,
    /// The article's home window: its story is the one found there.
    pub home: bool,
}

/// Stories across windows: each is a set of (window, label) window stories, with the articles
/// whose home story is among them.
#[derive(Clone, Debug, PartialEq)]
pub struct Stitched {
    /// Story id of every article (content-derived from the sorted member ids, as
    /// `storyline run` derives it).
    pub story_of: BTreeMap<String, String>,
    /// The window story that describes each stitched story: the one holding most of its
    /// articles at home (the earliest window, then the lowest label, on a tie).
    pub describing: BTreeMap<String, (i64, usize)>,
}

/// Joins the stories of neighbouring windows. An article's story is the one its home window
/// found; a window story that holds most of what its window sees of another window's home
/// story (the articles of that story the window also holds) is one story with it. A window
/// sees half a stride past each edge of its home span, so the stories that cross the edge
/// between two home spans are seen whole there. Depends only on the memberships, not their
/// order.
pub fn stitch(memberships: &[Membership]) -> Stitched {
    let mut nodes: BTreeSet<(i64, usize)> = BTreeSet::new();
    let mut home_of: BTreeMap<&str, (i64, usize)> = BTreeMap::new();
    for m in memberships {
        nodes.insert((m.window, m.label));
        if m.home {
            home_of.insert(m.article_id.as_str(), (m.window, m.label));
        }
    }
    let index: BTreeMap<(i64, usize), usize> =
        nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    // For each window story: how many articles of each other home story it holds; for each
    // window: how many of a home story's articles it holds at all.
    let mut held: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut seen: BTreeMap<(i64, usize), usize> = BTreeMap::new();
    for m in memberships.iter().filter(|m| !m.home) {
        let Some(home) = home_of.get(m.article_id.as_str()) else {
            continue;
        };
        let piece = index[home];
        *held
            .entry((index[&(m.window, m.label)], piece))
            .or_default() += 1;
        *seen.entry((m.window, piece)).or_default() += 1;
    }
    let mut parent: Vec<usize> = (0..nodes.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    fn union(parent: &mut [usize], a: usize, b: usize) {
        let (ra, rb) = (root(parent, a), root(parent, b));
        // The smaller index is the root, so the result does not depend on the order of unions.
        parent[ra.max(rb)] = ra.min(rb);
    }
    let node_list: Vec<(i64, usize)> = nodes.iter().copied().collect();
    // What each window says of each other window's home story it sees: the window story that
    // holds most of it, when one holds more than half.
    let mut says: BTreeMap<(i64, usize), usize> = BTreeMap::new();
    for (&(story, piece), &n) in &held {
        let window = node_list[story].0;
        if 2 * n > seen[&(window, piece)] {
            says.insert((window, piece), story);
        }
    }
    // Two home stories are one when each window says so of the other's (or the one window
    // that sees the other story at all says so).
    for (&(window, piece), &story) in &says {
        let story_window = node_list[piece].0;
        let agrees = match says.get(&(story_window, story)) {
            Some(&back) => back == piece,
            None => !seen.contains_key(&(story_window, story)),
        };
        debug_assert_eq!(node_list[story].0, window);
        if agrees {
            union(&mut parent, story, piece);
        }
    }
    let nodes: Vec<(i64, usize)> = nodes.into_iter().collect();
    let mut members: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    let mut home_count: BTreeMap<usize, BTreeMap<(i64, usize), usize>> = BTreeMap::new();
    for m in memberships.iter().filter(|m| m.home) {
        let node = index[&(m.window, m.label)];
        let r = root(&mut parent, node);
        members.entry(r).or_default().push(m.article_id.as_str());
        *home_count
            .entry(r)
            .or_default()
            .entry(nodes[node])
            .or_default() += 1;
    }
    let mut story_of = BTreeMap::new();
    let mut describing = BTreeMap::new();
    for (r, mut ids) in members {
        ids.sort();
        ids.dedup();
        let story_id = content_id("s-", &ids);
        let best = crate::util::most_frequent(home_count[&r].iter().map(|(n, c)| (*n, *c)))
            .unwrap_or(nodes[r]);
        describing.insert(story_id.clone(), best);
        for id in ids {
            story_of.insert(id.to_string(), story_id.clone());
        }
    }
    Stitched {
        story_of,
        describing,
    }
}

/// A window story's description, with its date and its timeline links (by window story id).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WindowStory {
    pub window: i64,
    pub label: usize,
    pub story: Story,
    pub date: Option<StoryDate>,
    pub links: Vec<String>,
}

/// An article's facts the story table needs, from its home window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberFacts {
    pub article_id: String,
    pub outlet: String,
    pub published: DateTime<Utc>,
}

/// The stitched stories, their dates and the timeline: each story described by its
/// describing window story, with its own members, times and outlets; timeline links carried
/// over to the stitched ids; positions in `storyline run`'s order.
pub fn assemble(
    stitched: &Stitched,
    window_stories: &[WindowStory],
    members: &[MemberFacts],
) -> (Vec<Story>, Vec<StoryDate>, Vec<TimelineEntry>) {
    let by_node: HashMap<(i64, usize), &WindowStory> = window_stories
        .iter()
        .map(|w| ((w.window, w.label), w))
        .collect();
    // Window story id → stitched id, through any article the window story holds at home.
    let facts: HashMap<&str, &MemberFacts> =
        members.iter().map(|m| (m.article_id.as_str(), m)).collect();
    let mut stitched_of_window: HashMap<(i64, &str), &str> = HashMap::new();
    for w in window_stories {
        for a in &w.story.article_ids {
            if let Some(s) = stitched.story_of.get(a) {
                stitched_of_window
                    .entry((w.window, w.story.story_id.as_str()))
                    .or_insert(s.as_str());
            }
        }
    }
    let mut by_story: BTreeMap<&str, Vec<&MemberFacts>> = BTreeMap::new();
    for (a, s) in &stitched.story_of {
        if let Some(f) = facts.get(a.as_str()) {
            by_story.entry(s.as_str()).or_default().push(f);
        }
    }
    let mut stories = Vec::new();
    let mut dates = Vec::new();
    let mut links: HashMap<String, Vec<String>> = HashMap::new();
    for (id, mut fs) in by_story {
        let Some(w) = stitched.describing.get(id).and_then(|n| by_node.get(n)) else {
            continue;
        };
        fs.sort_by(|a, b| (a.published, &a.article_id).cmp(&(b.published, &b.article_id)));
        let mut outlets: Vec<&str> = fs.iter().map(|f| f.outlet.as_str()).collect();
        outlets.sort();
        outlets.dedup();
        let mut story = w.story.clone();
        story.story_id = id.to_string();
        story.article_ids = fs.iter().map(|f| f.article_id.clone()).collect();
        story.first_published = fs[0].published;
        story.last_published = fs[fs.len() - 1].published;
        story.n_outlets = outlets.len();
        if let Some(d) = &w.date {
            let mut d = d.clone();
            d.story_id = id.to_string();
            dates.push(d);
        }
        // In the window's order (best evidenced first), each stitched story once.
        let mut l: Vec<String> = Vec::new();
        for x in &w.links {
            if let Some(&s) = stitched_of_window.get(&(w.window, x.as_str())) {
                if s != id && !l.iter().any(|y| y == s) {
                    l.push(s.to_string());
                }
            }
        }
        links.insert(id.to_string(), l);
        stories.push(story);
    }
    cluster::sort_stories(&mut stories);
    let date_of: HashMap<&str, chrono::NaiveDate> = dates
        .iter()
        .map(|d| (d.story_id.as_str(), d.event_date))
        .collect();
    let day = |s: &Story| {
        date_of
            .get(s.story_id.as_str())
            .copied()
            .unwrap_or(s.first_published.date_naive())
    };
    let mut order: Vec<&Story> = stories.iter().collect();
    order.sort_by(|a, b| {
        (day(a), a.first_published, &a.story_id).cmp(&(day(b), b.first_published, &b.story_id))
    });
    let timeline = order
        .iter()
        .enumerate()
        .map(|(p, s)| TimelineEntry {
            position: p + 1,
            story_id: s.story_id.clone(),
            event_date: day(s),
            linked_story_ids: links.remove(&s.story_id).unwrap_or_default(),
        })
        .collect();
    dates.sort_by(|a, b| a.story_id.cmp(&b.story_id));
    (stories, dates, timeline)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2017, 4, d, 12, 0, 0).unwrap()
    }

    #[test]
    fn a_short_pile_is_one_window_and_a_long_one_overlaps() {
        let p = WindowPlan::new(day(1), day(20), 14);
        assert_eq!(p.count, 1);
        assert_eq!(p.windows_of(day(20)), (vec![0], 0));
        let p = WindowPlan::new(day(1), day(30), 7);
        assert_eq!(p.count, 4);
        let opts = cluster::ClusterOptions::default();
        let batch = WindowPlan::for_pile(day(1), day(30), 7, opts.batch_limit, &opts);
        assert_eq!(batch.count, 1);
        let online = WindowPlan::for_pile(day(1), day(30), 7, opts.batch_limit + 1, &opts);
        assert_eq!(online, p);
        // Day 9 is 8 days in: stride 1, in windows 0 and 1; window 0's middle (day 8) is nearer.
        assert_eq!(p.windows_of(day(9)), (vec![0, 1], 0));
        assert_eq!(p.windows_of(day(12)), (vec![0, 1], 1));
        assert_eq!(p.windows_of(day(1)), (vec![0], 0));
        assert_eq!(p.windows_of(day(30)), (vec![3], 3));
    }

    #[test]
    fn prepare_keeps_every_record_in_its_place_and_tags_the_articles() {
        let good = r#"{"id":"a1","outlet":"Wire","published":"2017-04-04T09:00:00Z","title":"Strike","text":"Officials in Damascus said the attack in Khan Sheikhun killed dozens."}"#;
        let records = [
            Record {
                file: "f.jsonl",
                line: 1,
                json: good,
            },
            Record {
                file: "f.jsonl",
                line: 2,
                json: "{\"broken",
            },
            Record {
                file: "f.jsonl",
                line: 3,
                json: &good.replace("a1", "a2"),
            },
        ];
        let out = prepare(&records, &IngestOptions::default());
        assert_eq!(out.len(), 3);
        let first = out[0].as_ref().expect("first record reads");
        assert_eq!(first.article.id, "a1");
        assert!(first.mentions.iter().any(|m| m.surface == "Damascus"));
        let reject = out[1].as_ref().expect_err("second record is refused");
        assert_eq!((reject.file.as_str(), reject.line), ("f.jsonl", 2));
        assert_eq!(out[2].as_ref().map(|p| p.article.id.as_str()), Ok("a2"));
    }

    #[test]
    fn two_articles_with_one_id_keep_their_own_dates() {
        let on = |day: &str| {
            format!(
                r#"{{"id":"same","outlet":"Wire","published":"2017-04-12T09:00:00Z","title":"Talks","text":"The ministers met on {day} in Moscow."}}"#
            )
        };
        let (monday, tuesday) = (on("Monday"), on("Tuesday"));
        let records = [
            Record {
                file: "f.jsonl",
                line: 1,
                json: &monday,
            },
            Record {
                file: "f.jsonl",
                line: 2,
                json: &tuesday,
            },
        ];
        let out = prepare(&records, &IngestOptions::default());
        for (p, day) in out.iter().zip(["Monday", "Tuesday"]) {
            let p = p.as_ref().expect("reads");
            let one = std::slice::from_ref(&p.article);
            let own = timeline::find_dates(one);
            assert!(own.iter().any(|m| m.text.contains(day)), "{day} is found");
            assert_eq!(p.dates, own, "{day}: its own date expressions");
            assert_eq!(p.article_date, timeline::date_articles(one, &own).pop());
        }
    }

    fn m(window: i64, label: usize, id: &str, home: bool) -> Membership {
        Membership {
            window,
            label,
            article_id: id.into(),
            home,
        }
    }

    #[test]
    fn stories_sharing_most_of_their_overlap_are_one_and_order_does_not_matter() {
        let mut ms = vec![
            m(0, 0, "a", true),
            m(0, 0, "b", true),
            m(0, 0, "c", false),
            m(1, 5, "c", true),
            m(0, 0, "d", false),
            m(1, 5, "d", true),
            m(1, 6, "e", true),
            m(0, 1, "x", true),
        ];
        let s = stitch(&ms);
        assert_eq!(s.story_of["a"], s.story_of["d"]);
        assert_ne!(s.story_of["a"], s.story_of["e"]);
        assert_ne!(s.story_of["a"], s.story_of["x"]);
        assert_eq!(s.story_of["a"], content_id("s-", &["a", "b", "c", "d"]));
        assert_eq!(s.describing[&s.story_of["a"]], (0, 0));
        ms.reverse();
        assert_eq!(stitch(&ms), s);
    }
}
