//! The typed values that flow between stages. Each stage takes some of these and returns others;
//! none reaches into another stage's internals.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a record came from, for `file:line` messages and the manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    pub file: String,
    pub line: usize,
}

/// One news article after ingest: the parts of the page separated, the body cleaned.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The input's id when it has one, else derived from the content.
    pub id: String,
    pub outlet: String,
    pub url: Option<String>,
    /// Publication instant in UTC.
    pub published: DateTime<Utc>,
    /// Offset of the outlet's clock when the input gave one: "Thursday night" in Washington
    /// is a different day from "Friday" in Damascus.
    pub utc_offset_seconds: i32,
    /// True when no date was given and it was read off the page.
    pub published_inferred: bool,
    /// What the inferred date rests on (empty when given).
    pub published_evidence: String,
    pub title: String,
    pub standfirst: Option<String>,
    pub caption: Option<String>,
    pub dateline: Option<String>,
    /// Cleaned body: paragraphs separated by blank lines, page furniture removed.
    pub text: String,
    pub source: SourceRef,
    /// Gold story label when the input carries one (evaluation only, never a feature).
    pub gold_story: Option<String>,
    /// Input fields storyline does not use, kept as JSON text.
    pub extra: BTreeMap<String, String>,
    /// Near-duplicate group (wire copy republished), set by ingest; `None` when unique.
    pub dup_group: Option<String>,
}

impl Article {
    /// Publication time on the outlet's own clock.
    pub fn published_local(&self) -> DateTime<FixedOffset> {
        let off = FixedOffset::east_opt(self.utc_offset_seconds)
            .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"));
        self.published.with_timezone(&off)
    }
    pub fn published_local_date(&self) -> NaiveDate {
        self.published_local().date_naive()
    }
}

/// Counts for one input file: nothing is lost without being counted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    pub path: String,
    pub format: String,
    pub sha256: String,
    pub read: usize,
    pub accepted: usize,
    pub rejected: usize,
}

/// A record that was not accepted, with the reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reject {
    pub file: String,
    pub line: usize,
    pub reason: String,
    pub record: String,
}

/// Something that was repaired or guessed rather than read as given.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// Output of ingest.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    /// Sorted by (published, id).
    pub articles: Vec<Article>,
    pub files: Vec<FileReport>,
    pub rejects: Vec<Reject>,
    pub warnings: Vec<Warning>,
}

/// Entity kinds of the CoNLL scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum EntityType {
    Per,
    Org,
    Loc,
    Misc,
}

impl EntityType {
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
            EntityType::Misc => "MISC",
        }
    }
}

/// An entity as it occurs in one article, aliases already merged corpus-wide.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleEntity {
    pub article_id: String,
    pub entity_id: String,
    /// Canonical (longest common) name.
    pub name: String,
    pub kind: EntityType,
    pub mentions: u32,
    /// True when the entity occurs in the title or the first paragraph.
    pub in_lead: bool,
}

/// A date expression found in an article and resolved against its publication date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DateMention {
    pub article_id: String,
    /// Byte offsets into the text the mention was found in (see `part`).
    pub start: usize,
    pub end: usize,
    /// "title" or "text".
    pub part: String,
    pub text: String,
    /// TIMEX3 type: DATE, TIME, DURATION, SET.
    pub kind: String,
    /// TIMEX3 value, e.g. `2017-04-12`, `2017-W14`, `P3D`.
    pub value: String,
    /// The calendar span it points to, when it points to one.
    pub resolved_start: Option<NaiveDate>,
    pub resolved_end: Option<NaiveDate>,
    /// The sentence it occurs in (for weighing and for evidence).
    pub sentence: String,
}

/// A story: articles about one real-world event, followed over time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Derived from the ids of its member articles.
    pub story_id: String,
    pub label: String,
    pub headline: String,
    /// Member article ids, sorted by (published, id).
    pub article_ids: Vec<String>,
    pub first_published: DateTime<Utc>,
    pub last_published: DateTime<Utc>,
    pub n_outlets: usize,
    pub top_terms: Vec<String>,
    pub top_entities: Vec<String>,
}

/// Article id → story id over `stories`: the story column of the articles table.
pub fn story_of(stories: &[Story]) -> std::collections::HashMap<String, String> {
    stories
        .iter()
        .flat_map(|s| {
            s.article_ids
                .iter()
                .map(move |a| (a.clone(), s.story_id.clone()))
        })
        .collect()
}

/// When a story's event happened, and why we think so.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoryDate {
    pub story_id: String,
    pub event_date: NaiveDate,
    /// Share of the weighted evidence that supports `event_date` (0..1); 0 for the fallback.
    pub confidence: f64,
    /// "mentions" or "first_published".
    pub method: String,
    /// A few `article_id: "mention"` strings behind the date.
    pub evidence: Vec<String>,
}

/// The day an article's main event happened, read from its own date expressions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleDate {
    pub article_id: String,
    pub event_date: NaiveDate,
    /// Share of the article's weighted day mentions that point to `event_date` (0..1); 0 for
    /// the fallback.
    pub confidence: f64,
    /// "mentions" or "published".
    pub method: String,
    /// The mentions behind the date: `part start..end "text"`.
    pub evidence: Vec<String>,
}

/// A story that merged into another or split from one when new articles were added.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineageRow {
    pub story_id: String,
    /// "merged" (into `other_story_id`) or "split" (from `other_story_id`).
    pub event: String,
    pub other_story_id: String,
    /// The latest publication time among the articles of the update that recorded it.
    pub at: DateTime<Utc>,
}

/// One date of a timeline summary and the sentences that say what happened on it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryDay {
    pub date: NaiveDate,
    /// The date's ranking score (articles pointing at it).
    pub score: f64,
    pub sentences: Vec<SummarySentence>,
}

/// A sentence chosen for a timeline summary, with the article it comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummarySentence {
    pub text: String,
    pub article_id: String,
    pub published: NaiveDate,
}

/// One row of the ordered timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub position: usize,
    pub story_id: String,
    pub event_date: NaiveDate,
    pub linked_story_ids: Vec<String>,
}

/// Coverage of one story by one outlet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoverageRow {
    pub outlet: String,
    pub story_id: String,
    pub n_articles: usize,
    /// How many of them are republished copies of an earlier text (wire copy).
    pub n_wire: usize,
    pub first_published: DateTime<Utc>,
    pub last_published: DateTime<Utc>,
    /// The outlet's first article of its own (not a republished copy), if any.
    pub first_original: Option<DateTime<Utc>>,
    /// Hours behind the story's first original report (from the outlet's first original
    /// article, or its first copy when it only republished).
    pub lag_hours: f64,
    /// This outlet published the story's first original report.
    pub first_to_report: bool,
    /// Share of the story's articles from this outlet.
    pub share_of_story: f64,
    /// Share of the outlet's articles that belong to this story.
    pub share_of_outlet: f64,
}

/// One outlet over the whole pile: how much it published and how many stories it covered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutletRow {
    pub outlet: String,
    pub n_articles: usize,
    /// Of them, republished copies of an earlier text.
    pub n_wire: usize,
    pub n_stories: usize,
    /// Stories whose first original report is this outlet's.
    pub n_first_reports: usize,
    pub first_published: DateTime<Utc>,
    pub last_published: DateTime<Utc>,
    /// Its share of all articles.
    pub share_of_articles: f64,
}

/// Who reports first, for one pair of outlets over the stories both reported themselves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeadLagRow {
    pub outlet_a: String,
    pub outlet_b: String,
    /// Stories both outlets covered with an article of their own.
    pub n_shared: usize,
    /// Stories where A's first own article came first (B's, for `b_first`); equal times are ties.
    pub a_first: usize,
    pub b_first: usize,
    pub ties: usize,
    /// B's first own article minus A's, in hours: positive when A leads.
    pub median_lag_hours: f64,
    pub p25: f64,
    pub p75: f64,
}

/// A term or entity an outlet uses more than the others (weighted log-odds, "Fightin' Words").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EmphasisRow {
    /// The story compared within; `None` for the outlet against all others overall.
    pub story_id: Option<String>,
    pub outlet: String,
    pub feature: String,
    /// "term" or "entity".
    pub kind: String,
    /// Occurrences in the outlet's own articles.
    pub count: u32,
    pub log_odds: f64,
    pub z: f64,
}

/// A story most outlets covered that one outlet did not.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlindSpotRow {
    pub outlet: String,
    pub story_id: String,
    pub n_outlets_covering: usize,
    pub n_outlets: usize,
    pub story_articles: usize,
    /// The outlet's share of all articles: its normal volume.
    pub outlet_share: f64,
    /// Articles the outlet would have carried at its normal volume (`outlet_share` × story size).
    pub expected_articles: f64,
}

#[cfg(test)]
impl Article {
    /// A minimal article for unit tests.
    pub fn for_test(id: &str, text: &str, published: DateTime<Utc>) -> Article {
        Article {
            id: id.into(),
            outlet: format!("outlet-{id}"),
            url: None,
            published,
            utc_offset_seconds: 0,
            published_inferred: false,
            published_evidence: String::new(),
            title: String::new(),
            standfirst: None,
            caption: None,
            dateline: None,
            text: text.into(),
            source: SourceRef {
                file: "test".into(),
                line: 1,
            },
            gold_story: None,
            extra: BTreeMap::new(),
            dup_group: None,
        }
    }
}
