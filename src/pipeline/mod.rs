//! The whole job: each stage a plain function from typed input to typed output, run in order
//! ([`analyze`]), and the same stages one at a time over a run folder ([`steps`]), which the
//! stage subcommands call.
//!
//! - [`settings`]: what changes results, recorded in the manifest;
//! - [`manifest`]: `manifest.json` and `rejects.jsonl`;
//! - [`output`]: writing an analysis's tables and charts;
//! - [`steps`]: ingest, cluster, timeline and report over a run folder;
//! - [`lineage`]: which stories of an earlier run continue, merge or split in an update;
//! - [`window`]: the per-article and per-window pieces the Spark job calls.

pub mod lineage;
mod manifest;
mod output;
mod progress;
mod settings;
pub mod steps;
pub mod window;

pub use manifest::{counts, read_manifest, write_manifest, write_rejects, Manifest, RunCounts};
pub use output::{write_comparison, write_outputs};
pub(crate) use progress::timed;
pub use progress::{Progress, Quiet};
pub use settings::Settings;

use crate::cluster;
use crate::error::Result;
use crate::features::{self, Features};
use crate::model::*;
use crate::{compare, entities, report, timeline};
use std::collections::HashMap;

/// Stories found in a corpus, before dating.
pub struct Clustered {
    pub entities: Vec<ArticleEntity>,
    /// Vocabulary and idf; the document vectors are released once the stories' centroids are
    /// made ([`order_stories`]).
    pub features: Features,
    pub labels: Vec<usize>,
    pub stories: Vec<Story>,
}

/// Entities, features, clusters, stories.
pub fn find_stories(
    articles: &[Article],
    settings: &Settings,
    p: &dyn Progress,
) -> Result<Clustered> {
    let (ents, feats) = entities_and_features(articles, settings, p)?;
    cluster_stories(articles, ents, feats, settings, p)
}

/// Only the story label of every article, which is all that scoring against gold labels
/// needs: the stories' descriptions, which [`find_stories`] builds after clustering, are not
/// made.
pub fn find_labels(
    articles: &[Article],
    settings: &Settings,
    p: &dyn Progress,
) -> Result<Vec<usize>> {
    let (_, feats) = entities_and_features(articles, settings, p)?;
    let published: Vec<_> = articles.iter().map(|a| a.published).collect();
    timed(
        p,
        "cluster",
        || cluster::cluster(&feats, &published, &settings.cluster),
        |l| {
            format!(
                "{} stories",
                l.iter().collect::<std::collections::BTreeSet<_>>().len()
            )
        },
    )
}

/// The entities of every article and the feature vectors built on them.
pub fn entities_and_features(
    articles: &[Article],
    settings: &Settings,
    p: &dyn Progress,
) -> Result<(Vec<ArticleEntity>, Features)> {
    let ents = timed(
        p,
        "entities",
        || Ok(entities::extract(articles)),
        |e| format!("{} entity mentions", e.len()),
    )?;
    let feats = timed(
        p,
        "features",
        || Ok(features::build(articles, &ents, &settings.features)),
        |f| format!("{} features", f.vocab.len()),
    )?;
    Ok((ents, feats))
}

/// Clusters the articles into stories and describes them.
pub fn cluster_stories(
    articles: &[Article],
    ents: Vec<ArticleEntity>,
    feats: Features,
    settings: &Settings,
    p: &dyn Progress,
) -> Result<Clustered> {
    let published: Vec<_> = articles.iter().map(|a| a.published).collect();
    let (labels, stories) = timed(
        p,
        "cluster",
        || {
            let labels = cluster::cluster(&feats, &published, &settings.cluster)?;
            let stories = cluster::build_stories(articles, &labels, &feats, &ents);
            Ok((labels, stories))
        },
        |(l, s)| {
            format!(
                "{} stories ({})",
                s.len(),
                cluster::effective_algorithm(l.len(), &settings.cluster).as_str()
            )
        },
    )?;
    Ok(Clustered {
        entities: ents,
        features: feats,
        labels,
        stories,
    })
}

/// Dates and timeline of clustered stories.
pub struct Dated {
    pub mentions: Vec<DateMention>,
    pub article_dates: Vec<ArticleDate>,
    pub dates: Vec<StoryDate>,
    pub timeline: Vec<TimelineEntry>,
}

/// Date expressions of every article and each article's own date: they need the articles
/// only, so a run finds them beside the stories.
pub struct FoundDates {
    pub mentions: Vec<DateMention>,
    pub article_dates: Vec<ArticleDate>,
}

pub fn find_dates(articles: &[Article], p: &dyn Progress) -> Result<FoundDates> {
    timed(
        p,
        "dates",
        || {
            let mentions = timeline::find_dates(articles);
            let article_dates = timeline::date_articles(articles, &mentions);
            Ok(FoundDates {
                mentions,
                article_dates,
            })
        },
        |f| format!("{} date expressions", f.mentions.len()),
    )
}

/// [`find_dates`], then [`order_stories`].
pub fn date_and_order(
    articles: &[Article],
    stories: &[Story],
    features: &mut Features,
    p: &dyn Progress,
) -> Result<Dated> {
    let found = find_dates(articles, p)?;
    order_stories(articles, stories, features, found, p)
}

/// Dates the stories from their articles' date expressions and links them into a timeline.
/// Releases the document vectors of `features` once the stories' centroids are made: nothing
/// later reads them, and on a large pile they are a gigabyte that the comparison, run beside
/// the timeline, can use.
pub fn order_stories(
    articles: &[Article],
    stories: &[Story],
    features: &mut Features,
    found: FoundDates,
    p: &dyn Progress,
) -> Result<Dated> {
    let FoundDates {
        mentions,
        article_dates,
    } = found;
    // Dating the stories and linking them share the sentence scoring: one stage.
    let (dates, tl) = timed(
        p,
        "timeline",
        || {
            let ctx = timeline::context(articles, stories, features);
            features.release_vectors();
            let features = &*features;
            let dates = timeline::date_stories(stories, &mentions, features, &ctx);
            let tl = timeline::build_timeline(stories, &dates, &mentions, features, &ctx);
            Ok((dates, tl))
        },
        |(_, t)| {
            format!(
                "{} stories dated and ordered, {} links",
                t.len(),
                t.iter().map(|e| e.linked_story_ids.len()).sum::<usize>()
            )
        },
    )?;
    Ok(Dated {
        mentions,
        article_dates,
        dates,
        timeline: tl,
    })
}

/// Everything one run produced.
pub struct Analysis {
    pub corpus: Corpus,
    pub clustered: Clustered,
    pub dated: Dated,
    pub compared: compare::Comparison,
    /// Merges and splits of earlier stories (updates only).
    pub lineage: Vec<crate::model::LineageRow>,
}

impl Analysis {
    /// What the reports draw, with the story the emphasis chart shows (`None`: the default).
    pub fn report_input<'a>(&'a self, emphasis_story: Option<&'a str>) -> report::ReportInput<'a> {
        report::ReportInput {
            articles: &self.corpus.articles,
            stories: &self.clustered.stories,
            dates: &self.dated.dates,
            timeline: &self.dated.timeline,
            comparison: &self.compared,
            emphasis_story,
        }
    }

    pub fn story_of(&self) -> HashMap<String, String> {
        story_of(&self.clustered.stories)
    }
}

/// Runs every stage after ingest.
pub fn analyze(corpus: Corpus, settings: &Settings, p: &dyn Progress) -> Result<Analysis> {
    analyze_continuing(corpus, settings, None, p)
}

/// Stories found by an earlier run, for an update: article id → story id, and the time the
/// update is stamped with.
pub struct Earlier<'a> {
    pub story_of: &'a HashMap<String, String>,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// [`analyze`], with the stories that continue `earlier` ones keeping their ids and the merges
/// and splits recorded in `Analysis::lineage`.
pub fn analyze_continuing(
    corpus: Corpus,
    settings: &Settings,
    earlier: Option<Earlier>,
    p: &dyn Progress,
) -> Result<Analysis> {
    let (ents, feats) = entities_and_features(&corpus.articles, settings, p)?;
    // Dates need only the articles: they are found while the stories are clustered, on the
    // core the single-pass clusterer leaves idle on a large pile.
    let (clustered, found) = rayon::join(
        || cluster_stories(&corpus.articles, ents, feats, settings, p),
        || find_dates(&corpus.articles, p),
    );
    let (mut clustered, found) = (clustered?, found?);
    let lineage = match earlier {
        Some(e) => lineage::carry_ids(&mut clustered.stories, e.story_of, e.at),
        None => Vec::new(),
    };
    // The outlets' comparison reads the stories and entities, not the timeline: the two run
    // side by side, each filling the core the other leaves idle in its sequential parts.
    let Clustered {
        entities,
        features,
        stories,
        ..
    } = &mut clustered;
    let (dated, compared) = rayon::join(
        || order_stories(&corpus.articles, stories, features, found, p),
        || compare_outlets(&corpus.articles, stories, entities, &settings.compare, p),
    );
    let (dated, compared) = (dated?, compared?);
    Ok(Analysis {
        corpus,
        clustered,
        dated,
        compared,
        lineage,
    })
}

/// Coverage, lead–lag, emphasis and blind spots of the outlets over the stories found.
pub fn compare_outlets(
    articles: &[Article],
    stories: &[Story],
    entities: &[ArticleEntity],
    opts: &compare::CompareOptions,
    p: &dyn Progress,
) -> Result<compare::Comparison> {
    timed(
        p,
        "compare",
        || Ok(compare::compare(articles, stories, entities, opts)),
        |c| {
            format!(
                "{} coverage rows, {} outlet pairs, {} emphasis rows, {} blind spots",
                c.coverage.len(),
                c.lead_lag.len(),
                c.emphasis.len(),
                c.blind_spots.len()
            )
        },
    )
}
