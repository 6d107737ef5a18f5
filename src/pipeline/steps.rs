//! The stages one at a time over a run folder, as the stage subcommands run them: `ingest`
//! writes the articles, `cluster` the stories, `timeline` their dates, order and the outlet
//! comparison, `report` the charts. Each later step reads the settings the earlier ones used
//! from the manifest, so the chain writes what `run` writes with the same settings.

use super::{
    analyze, analyze_continuing, counts, date_and_order, find_stories, read_manifest, timed,
    write_comparison, write_manifest, write_outputs, write_rejects, Analysis, Earlier, Manifest,
    Progress, Settings,
};
use crate::error::{Error, Result};
use crate::ingest::{self, IngestOptions};
use crate::model::*;
use crate::run_dir::{self, OutputDirs, RunFile, Table};
use crate::{compare, demo, entities, features, report, summary};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Reads the inputs (none: the embedded demo corpus), as the ingest stage.
pub fn read_inputs(inputs: &[PathBuf], opts: &IngestOptions, p: &dyn Progress) -> Result<Corpus> {
    timed(
        p,
        "ingest",
        || {
            if inputs.is_empty() {
                ingest::ingest_files(&demo::input_files(), opts)
            } else {
                ingest::ingest_paths(inputs, opts)
            }
        },
        |corpus| {
            let c = counts(corpus, 0, 0, 0);
            format!(
                "{} read, {} accepted, {} rejected, {} warnings",
                c.read, c.accepted, c.rejected, c.warnings
            )
        },
    )
}

/// What `run` (or `update`) wrote.
pub struct Finished {
    pub analysis: Analysis,
    /// Every table and chart, in a fixed order.
    pub outputs: Vec<PathBuf>,
    pub manifest: PathBuf,
    pub dirs: OutputDirs,
}

/// `run`: every stage after ingest over `corpus`, its tables and charts into `dirs`, and the
/// manifest.
pub fn run(
    corpus: Corpus,
    settings: &Settings,
    dirs: OutputDirs,
    p: &dyn Progress,
) -> Result<Finished> {
    if corpus.articles.is_empty() {
        let c = counts(&corpus, 0, 0, 0);
        return Err(Error::Invalid(format!(
            "no articles to analyse (read {}, rejected {})",
            c.read, c.rejected
        )));
    }
    let analysis = analyze(corpus, settings, p)?;
    let outputs = write_outputs(&analysis, &dirs, p)?;
    finish(analysis, outputs, dirs, settings)
}

/// Writes the manifest of a finished run or update.
fn finish(
    analysis: Analysis,
    outputs: Vec<PathBuf>,
    dirs: OutputDirs,
    settings: &Settings,
) -> Result<Finished> {
    let manifest = write_manifest(&manifest_of(&analysis, &outputs, settings), &dirs.data)?;
    Ok(Finished {
        analysis,
        outputs,
        manifest,
        dirs,
    })
}

/// The manifest of an analysis and the files it wrote.
pub fn manifest_of(analysis: &Analysis, outputs: &[PathBuf], settings: &Settings) -> Manifest {
    Manifest {
        tool: "storyline".into(),
        version: crate::VERSION.into(),
        inputs: analysis.corpus.files.clone(),
        settings: settings.clone(),
        counts: counts(
            &analysis.corpus,
            analysis.clustered.stories.len(),
            analysis.clustered.entities.len(),
            analysis.dated.mentions.len(),
        ),
        warnings: analysis.corpus.warnings.clone(),
        outputs: outputs.iter().map(|p| p.display().to_string()).collect(),
    }
}

/// `ingest`: the articles into `dir/articles.parquet` (no stories yet), the rejects beside it,
/// and a manifest with the inputs and default settings.
pub fn write_ingested(corpus: &Corpus, dir: &Path) -> Result<Manifest> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let path = run_dir::write_table(
        dir,
        Table::Articles,
        run_dir::articles_frame(&corpus.articles, &HashMap::new()),
    )?;
    let mut outputs = vec![path];
    outputs.extend(write_rejects(corpus, dir)?);
    let manifest = Manifest {
        tool: "storyline".into(),
        version: crate::VERSION.into(),
        inputs: corpus.files.clone(),
        settings: Settings::default(),
        counts: counts(corpus, 0, 0, 0),
        warnings: corpus.warnings.clone(),
        outputs: outputs.iter().map(|p| p.display().to_string()).collect(),
    };
    write_manifest(&manifest, dir)?;
    Ok(manifest)
}

/// What `cluster` found.
pub struct ClusterStep {
    pub articles: usize,
    pub stories: usize,
}

/// `cluster`: finds the stories of `dir/articles.parquet` with `settings` and writes the
/// articles (with their story), entities and stories (undated) tables; the settings go into the
/// manifest for the later steps.
pub fn cluster(dir: &Path, settings: &Settings, p: &dyn Progress) -> Result<ClusterStep> {
    let (articles, _) = run_dir::read_articles(&Table::Articles.path(dir))?;
    let c = find_stories(&articles, settings, p)?;
    let story_of = story_of(&c.stories);
    run_dir::write_table(
        dir,
        Table::Articles,
        run_dir::articles_frame(&articles, &story_of),
    )?;
    run_dir::write_table(dir, Table::Entities, run_dir::entities_frame(&c.entities))?;
    run_dir::write_table(
        dir,
        Table::Stories,
        run_dir::stories_frame(&c.stories, &HashMap::new()),
    )?;
    let mut manifest = read_manifest(dir)?.unwrap_or_else(|| empty_manifest(settings));
    manifest.settings = settings.clone();
    manifest.counts.stories = c.stories.len();
    manifest.counts.entities = c.entities.len();
    write_manifest(&manifest, dir)?;
    Ok(ClusterStep {
        articles: articles.len(),
        stories: c.stories.len(),
    })
}

fn empty_manifest(settings: &Settings) -> Manifest {
    Manifest {
        tool: "storyline".into(),
        version: crate::VERSION.into(),
        inputs: Vec::new(),
        settings: settings.clone(),
        counts: Default::default(),
        warnings: Vec::new(),
        outputs: Vec::new(),
    }
}

/// The settings the run folder's earlier steps used (defaults for a folder without a
/// manifest, as written before manifests recorded them).
pub fn settings_of(dir: &Path) -> Result<Settings> {
    Ok(read_manifest(dir)?.map(|m| m.settings).unwrap_or_default())
}

/// `timeline`: dates the stories of `dir`, orders and links them, and compares the outlets,
/// with the settings the folder was clustered with.
pub fn timeline(dir: &Path, p: &dyn Progress) -> Result<usize> {
    let settings = settings_of(dir)?;
    let (articles, _) = run_dir::read_articles(&Table::Articles.path(dir))?;
    let (stories, _) = run_dir::read_stories(&Table::Stories.path(dir))
        .map_err(|e| Error::Invalid(format!("{e} (run `storyline cluster` first)")))?;
    let ents = entities::extract(&articles);
    let mut feats = features::build(&articles, &ents, &settings.features);
    let d = date_and_order(&articles, &stories, &mut feats, p)?;
    let dates: HashMap<String, StoryDate> = d
        .dates
        .iter()
        .map(|x| (x.story_id.clone(), x.clone()))
        .collect();
    run_dir::write_table(
        dir,
        Table::Stories,
        run_dir::stories_frame(&stories, &dates),
    )?;
    run_dir::write_table(dir, Table::Timeline, run_dir::timeline_frame(&d.timeline))?;
    let compared = compare::compare(&articles, &stories, &ents, &settings.compare);
    write_comparison(&compared, dir)?;
    run_dir::write_table(dir, Table::Mentions, run_dir::mentions_frame(&d.mentions))?;
    run_dir::write_table(
        dir,
        Table::ArticleDates,
        run_dir::article_dates_frame(&d.article_dates),
    )?;
    Ok(d.timeline.len())
}

/// `report`: draws the charts of the run folder `dir` into `reports` from its tables.
pub fn report(dir: &Path, reports: &Path) -> Result<Vec<PathBuf>> {
    let (articles, _) = run_dir::read_articles(&Table::Articles.path(dir))?;
    let (stories, dates) = run_dir::read_stories(&Table::Stories.path(dir))?;
    let timeline = run_dir::read_timeline(&Table::Timeline.path(dir))
        .map_err(|e| Error::Invalid(format!("{e} (run `storyline timeline` first)")))?;
    let comparison = run_dir::read_comparison(dir)?;
    // In the stories' order, as the timeline stage dated them.
    let dates: Vec<StoryDate> = stories
        .iter()
        .filter_map(|s| dates.get(&s.story_id).cloned())
        .collect();
    let input = report::ReportInput {
        articles: &articles,
        stories: &stories,
        dates: &dates,
        timeline: &timeline,
        comparison: &comparison,
        emphasis_story: None,
    };
    report::write_reports(&input, reports)
}

/// What an update added.
pub struct Update {
    pub finished: Finished,
    pub new_articles: usize,
}

/// `update`: adds the new articles of `corpus` to the run folder `dir` (an article id already
/// there is kept as it was), finds the stories again over all of them, keeps the ids of
/// continuing stories and appends the merges and splits to `lineage.parquet`.
pub fn update(
    dir: &Path,
    mut corpus: Corpus,
    settings: &Settings,
    p: &dyn Progress,
) -> Result<Update> {
    let (earlier, story_of) = run_dir::read_articles(&Table::Articles.path(dir)).map_err(|e| {
        Error::Invalid(format!("reading the earlier run in {}: {e}", dir.display()))
    })?;
    let known: HashSet<&str> = earlier.iter().map(|a| a.id.as_str()).collect();
    let fresh: Vec<_> = std::mem::take(&mut corpus.articles)
        .into_iter()
        .filter(|a| !known.contains(a.id.as_str()))
        .collect();
    let Some(at) = fresh.iter().map(|a| a.published).max() else {
        return Err(Error::Invalid(format!(
            "no new article (every id is already in {})",
            dir.display()
        )));
    };
    let new_articles = fresh.len();
    corpus.articles = ingest::combine(earlier, fresh);
    let analysis = analyze_continuing(
        corpus,
        settings,
        Some(Earlier {
            story_of: &story_of,
            at,
        }),
        p,
    )?;
    let dirs = OutputDirs::for_state(dir);
    let mut outputs = write_outputs(&analysis, &dirs, p)?;
    outputs.push(append_lineage(&dirs.data, &analysis.lineage)?);
    Ok(Update {
        finished: finish(analysis, outputs, dirs, settings)?,
        new_articles,
    })
}

/// Adds `rows` to the lineage of earlier updates in `dir`, in time order without repeats.
fn append_lineage(dir: &Path, rows: &[LineageRow]) -> Result<PathBuf> {
    let path = Table::Lineage.path(dir);
    let mut all = if path.exists() {
        run_dir::read_lineage(&path)?
    } else {
        Vec::new()
    };
    all.extend(rows.iter().cloned());
    all.sort_by(|a, b| {
        (a.at, &a.story_id, &a.event, &a.other_story_id).cmp(&(
            b.at,
            &b.story_id,
            &b.event,
            &b.other_story_id,
        ))
    });
    all.dedup();
    run_dir::write_table(dir, Table::Lineage, run_dir::lineage_frame(&all))
}

/// What `timeline --input` wrote.
pub struct TopicSummary {
    pub days: Vec<SummaryDay>,
    /// Sentences the dates and summaries were chosen from.
    pub sentences: usize,
    pub outputs: Vec<PathBuf>,
}

/// `timeline --input`: the articles of one topic as a dated summary (`opts.dates` dates, each
/// with its best sentences), as JSON, a table and a chart in `out`.
pub fn summarize_topic(
    articles: &[Article],
    opts: &summary::SummaryOptions,
    out: &Path,
) -> Result<TopicSummary> {
    let prepared = summary::prepare(articles);
    let days = summary::summarize(&prepared, opts, &summary::SummaryWeights::default());
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let json = RunFile::TimelineJson.path(out);
    run_dir::write_summary_json(&days, &json)?;
    let table = run_dir::write_table(out, Table::TimelineSummary, run_dir::summary_frame(&days))?;
    let title = match (days.first(), days.last()) {
        (Some(f), Some(l)) => format!(
            "Timeline: {} to {}, from {} articles",
            f.date,
            l.date,
            articles.len()
        ),
        _ => "Timeline: no dated sentence found".to_string(),
    };
    let chart = report::write_summary_chart(&days, &title, out)?;
    Ok(TopicSummary {
        days,
        sentences: prepared.len(),
        outputs: vec![json, table, chart],
    })
}

/// What `compare` wrote.
pub struct Compared {
    pub analysis: Analysis,
    pub outputs: Vec<PathBuf>,
}

/// `compare`: finds the stories of `corpus` as `run` does and writes only the outlet
/// comparison's tables and charts, the emphasis chart for `story` (`None`: the one most outlets
/// reported themselves).
pub fn compare(
    corpus: Corpus,
    settings: &Settings,
    dirs: &OutputDirs,
    story: Option<&str>,
    p: &dyn Progress,
) -> Result<Compared> {
    if corpus.articles.is_empty() {
        return Err(Error::Invalid("no articles to compare".into()));
    }
    let analysis = analyze(corpus, settings, p)?;
    if let Some(id) = story {
        if !analysis.clustered.stories.iter().any(|s| s.story_id == id) {
            return Err(Error::Invalid(format!(
                "--story {id}: no such story (see story_id in {})",
                Table::Stories.file_name()
            )));
        }
    }
    std::fs::create_dir_all(&dirs.data).map_err(|e| Error::io(&dirs.data, e))?;
    let mut outputs = write_comparison(&analysis.compared, &dirs.data)?;
    outputs.extend(report::write_charts(
        &analysis.report_input(story),
        &dirs.reports,
        &report::COMPARISON_CHARTS,
    )?);
    Ok(Compared { analysis, outputs })
}
