//! The whole job: each stage a plain function from typed input to typed output, run in order.

use crate::cluster::{self, ClusterOptions};
use crate::error::{Error, Result};
use crate::features::{self, FeatureOptions, Features};
use crate::model::*;
use crate::{compare, entities, export, report, timeline};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// All settings that change results; recorded in the manifest.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub features: FeatureOptions,
    pub cluster: ClusterOptions,
    #[serde(default)]
    pub compare: compare::CompareOptions,
}

/// Reports stage progress (a spinner on a terminal, plain lines otherwise).
pub trait Progress: Sync {
    fn stage(&self, name: &str);
    fn done(&self, name: &str, detail: &str, seconds: f64);
}

/// Progress that says nothing (library use, tests).
pub struct Quiet;
impl Progress for Quiet {
    fn stage(&self, _: &str) {}
    fn done(&self, _: &str, _: &str, _: f64) {}
}

fn timed<T>(
    p: &dyn Progress,
    name: &str,
    f: impl FnOnce() -> Result<T>,
    detail: impl Fn(&T) -> String,
) -> Result<T> {
    p.stage(name);
    let t = Instant::now();
    let v = f()?;
    p.done(name, &detail(&v), t.elapsed().as_secs_f64());
    Ok(v)
}

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
        self.clustered
            .stories
            .iter()
            .flat_map(|s| {
                s.article_ids
                    .iter()
                    .map(move |a| (a.clone(), s.story_id.clone()))
            })
            .collect()
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
        Some(e) => crate::lineage::carry_ids(&mut clustered.stories, e.story_of, e.at),
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

/// Where outputs go.
#[derive(Clone, Debug)]
pub struct OutputDirs {
    pub data: PathBuf,
    pub reports: PathBuf,
}

impl OutputDirs {
    /// `--out DIR`: tables in DIR, reports in DIR/reports; none: notebooks-data/ and reports/.
    pub fn new(out: Option<&Path>) -> OutputDirs {
        match out {
            Some(d) => OutputDirs {
                data: d.to_path_buf(),
                reports: d.join("reports"),
            },
            None => OutputDirs {
                data: PathBuf::from("notebooks-data"),
                reports: PathBuf::from("reports"),
            },
        }
    }
}

/// The run manifest: what went in, with which settings, and what came out.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub tool: String,
    pub version: String,
    pub inputs: Vec<FileReport>,
    pub settings: Settings,
    pub counts: RunCounts,
    pub warnings: Vec<Warning>,
    pub outputs: Vec<String>,
    /// Wall-clock facts; the only non-reproducible part, kept out of the data files.
    pub created_at: String,
    pub seconds: f64,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct RunCounts {
    pub read: usize,
    pub accepted: usize,
    pub rejected: usize,
    pub warnings: usize,
    pub articles: usize,
    pub stories: usize,
    pub outlets: usize,
    pub duplicate_groups: usize,
    pub entities: usize,
    pub date_mentions: usize,
}

pub fn counts(corpus: &Corpus, stories: usize, entities: usize, mentions: usize) -> RunCounts {
    let mut outlets: Vec<&str> = corpus.articles.iter().map(|a| a.outlet.as_str()).collect();
    outlets.sort();
    outlets.dedup();
    let mut groups: Vec<&str> = corpus
        .articles
        .iter()
        .filter_map(|a| a.dup_group.as_deref())
        .collect();
    groups.sort();
    groups.dedup();
    RunCounts {
        read: corpus.files.iter().map(|f| f.read).sum(),
        accepted: corpus.files.iter().map(|f| f.accepted).sum(),
        rejected: corpus.files.iter().map(|f| f.rejected).sum(),
        warnings: corpus.warnings.len(),
        articles: corpus.articles.len(),
        stories,
        outlets: outlets.len(),
        duplicate_groups: groups.len(),
        entities,
        date_mentions: mentions,
    }
}

/// Writes `rejects.jsonl` (only when there are rejects; an old one is removed).
pub fn write_rejects(corpus: &Corpus, dir: &Path) -> Result<Option<PathBuf>> {
    let path = dir.join("rejects.jsonl");
    if corpus.rejects.is_empty() {
        if path.exists() {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
        return Ok(None);
    }
    let mut buf = Vec::new();
    for r in &corpus.rejects {
        buf.extend(serde_json::to_vec(r).map_err(|e| Error::Invalid(e.to_string()))?);
        buf.push(b'\n');
    }
    crate::util::write_bytes_atomic(&path, &buf)?;
    Ok(Some(path))
}

pub fn write_manifest(m: &Manifest, dir: &Path) -> Result<PathBuf> {
    let path = dir.join("manifest.json");
    let mut bytes = serde_json::to_vec_pretty(m).map_err(|e| Error::Invalid(e.to_string()))?;
    bytes.push(b'\n');
    crate::util::write_bytes_atomic(&path, &bytes)?;
    Ok(path)
}

/// Writes every table and report of an analysis.
pub fn write_outputs(a: &Analysis, dirs: &OutputDirs, p: &dyn Progress) -> Result<Vec<PathBuf>> {
    timed(
        p,
        "write",
        || {
            let d = &dirs.data;
            std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
            let dates: HashMap<String, StoryDate> = a
                .dated
                .dates
                .iter()
                .map(|x| (x.story_id.clone(), x.clone()))
                .collect();
            // Three independent groups of files, written side by side; paths listed in one
            // fixed order.
            let story_tables = || -> Result<Vec<PathBuf>> {
                let mut out = Vec::new();
                let story_of = a.story_of();
                let articles = &a.corpus.articles;
                write_rows(d, "articles.parquet", articles.len(), &mut out, |r| {
                    export::articles_frame(&articles[r], &story_of)
                })?;
                let entities = &a.clustered.entities;
                write_rows(d, "entities.parquet", entities.len(), &mut out, |r| {
                    export::entities_frame(&entities[r])
                })?;
                let mut put = |name: &str, df| write_table(d, name, df, &mut out);
                put(
                    "stories.parquet",
                    export::stories_frame(&a.clustered.stories, &dates),
                )?;
                put(
                    "timeline.parquet",
                    export::timeline_frame(&a.dated.timeline),
                )?;
                Ok(out)
            };
            let date_tables = || -> Result<Vec<PathBuf>> {
                let mut out = Vec::new();
                let mentions = &a.dated.mentions;
                write_rows(d, "mentions.parquet", mentions.len(), &mut out, |r| {
                    export::mentions_frame(&mentions[r])
                })?;
                let article_dates = &a.dated.article_dates;
                write_rows(
                    d,
                    "article_dates.parquet",
                    article_dates.len(),
                    &mut out,
                    |r| export::article_dates_frame(&article_dates[r]),
                )?;
                out.extend(write_comparison(&a.compared, d)?);
                out.extend(write_rejects(&a.corpus, d)?);
                Ok(out)
            };
            let reports = || report::write_reports(&a.report_input(None), &dirs.reports);
            let (tables, reports) = rayon::join(|| rayon::join(story_tables, date_tables), reports);
            let (story_tables, date_tables) = tables;
            let mut out = story_tables?;
            out.extend(date_tables?);
            out.extend(reports?);
            Ok(out)
        },
        |o: &Vec<PathBuf>| format!("{} files", o.len()),
    )
}

/// Writes the comparison tables into `dir`: outlets, coverage, lead_lag, emphasis, blind_spots.
pub fn write_comparison(c: &compare::Comparison, dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    write_table(
        dir,
        "outlets.parquet",
        export::outlets_frame(&c.outlets),
        &mut out,
    )?;
    write_table(
        dir,
        "coverage.parquet",
        export::coverage_frame(&c.coverage),
        &mut out,
    )?;
    write_table(
        dir,
        "lead_lag.parquet",
        export::lead_lag_frame(&c.lead_lag),
        &mut out,
    )?;
    write_rows(dir, "emphasis.parquet", c.emphasis.len(), &mut out, |r| {
        export::emphasis_frame(&c.emphasis[r])
    })?;
    write_table(
        dir,
        "blind_spots.parquet",
        export::blind_spots_frame(&c.blind_spots),
        &mut out,
    )?;
    Ok(out)
}

/// Writes a long table into `dir` (atomically) one row group at a time and records its path.
fn write_rows(
    dir: &Path,
    name: &str,
    len: usize,
    out: &mut Vec<PathBuf>,
    build: impl Fn(std::ops::Range<usize>) -> polars::prelude::PolarsResult<polars::prelude::DataFrame>,
) -> Result<()> {
    let path = dir.join(name);
    export::write_chunked(&path, len, build)?;
    out.push(path);
    Ok(())
}

/// Writes one table into `dir` (atomically) and records its path.
fn write_table(
    dir: &Path,
    name: &str,
    df: polars::prelude::PolarsResult<polars::prelude::DataFrame>,
    out: &mut Vec<PathBuf>,
) -> Result<()> {
    let path = dir.join(name);
    export::write_frame(df, &path)?;
    out.push(path);
    Ok(())
}
