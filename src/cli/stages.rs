//! Stage subcommands: each reads the previous stage's tables and writes its own.

use super::common::{ClusterOpts, InputOpts, StateDir, StderrProgress};
use anyhow::Context;
use clap::Args;
use std::collections::HashMap;
use std::path::PathBuf;
use storyline::model::StoryDate;
use storyline::pipeline;
use storyline::{compare, entities, export, features, ingest, report};

#[derive(Args, Debug)]
pub struct IngestArgs {
    /// Input files or folders; none = the embedded demo corpus.
    pub inputs: Vec<PathBuf>,
    /// Folder for articles.parquet (and rejects.jsonl).
    #[arg(long, value_name = "DIR", default_value = "notebooks-data")]
    pub out: PathBuf,
    #[command(flatten)]
    pub input: InputOpts,
}

pub fn ingest(a: IngestArgs) -> anyhow::Result<i32> {
    let corpus = if a.inputs.is_empty() {
        ingest::ingest_files(&storyline::demo::input_files(), &a.input.options())?
    } else {
        ingest::ingest_paths(&a.inputs, &a.input.options())?
    };
    std::fs::create_dir_all(&a.out).with_context(|| format!("creating {}", a.out.display()))?;
    export::write_frame(
        export::articles_frame(&corpus.articles, &HashMap::new()),
        &a.out.join("articles.parquet"),
    )?;
    pipeline::write_rejects(&corpus, &a.out)?;
    let c = pipeline::counts(&corpus, 0, 0, 0);
    for w in &corpus.warnings {
        eprintln!("warning: {}:{}: {}", w.file, w.line, w.message);
    }
    eprintln!(
        "ingest: {} read, {} accepted, {} rejected, {} warnings, {} duplicate groups -> {}",
        c.read,
        c.accepted,
        c.rejected,
        c.warnings,
        c.duplicate_groups,
        a.out.join("articles.parquet").display()
    );
    Ok(0)
}

#[derive(Args, Debug)]
pub struct ClusterArgs {
    #[command(flatten)]
    pub state: StateDir,
    #[command(flatten)]
    pub cluster: ClusterOpts,
}

pub fn cluster(a: ClusterArgs) -> anyhow::Result<i32> {
    let p = StderrProgress::new();
    let dir = &a.state.state;
    let (articles, _) = export::read_articles(&dir.join("articles.parquet"))?;
    let c = pipeline::find_stories(&articles, &a.cluster.settings(), &p)?;
    let story_of = c
        .stories
        .iter()
        .flat_map(|s| {
            s.article_ids
                .iter()
                .map(move |x| (x.clone(), s.story_id.clone()))
        })
        .collect();
    export::write_frame(
        export::articles_frame(&articles, &story_of),
        &dir.join("articles.parquet"),
    )?;
    export::write_frame(
        export::entities_frame(&c.entities),
        &dir.join("entities.parquet"),
    )?;
    export::write_frame(
        export::stories_frame(&c.stories, &HashMap::new()),
        &dir.join("stories.parquet"),
    )?;
    eprintln!(
        "cluster: {} articles -> {} stories in {}",
        articles.len(),
        c.stories.len(),
        dir.display()
    );
    Ok(0)
}

#[derive(Args, Debug)]
pub struct StateArgs {
    #[command(flatten)]
    pub state: StateDir,
}

pub fn timeline(a: StateArgs) -> anyhow::Result<i32> {
    let p = StderrProgress::new();
    let dir = &a.state.state;
    let (articles, _) = export::read_articles(&dir.join("articles.parquet"))?;
    let (stories, _) = export::read_stories(&dir.join("stories.parquet"))
        .context("run `storyline cluster` first")?;
    let ents = entities::extract(&articles);
    let mut feats = features::build(&articles, &ents, &pipeline::Settings::default().features);
    let d = pipeline::date_and_order(&articles, &stories, &mut feats, &p)?;
    let dates: HashMap<String, StoryDate> = d
        .dates
        .iter()
        .map(|x| (x.story_id.clone(), x.clone()))
        .collect();
    export::write_frame(
        export::stories_frame(&stories, &dates),
        &dir.join("stories.parquet"),
    )?;
    export::write_frame(
        export::timeline_frame(&d.timeline),
        &dir.join("timeline.parquet"),
    )?;
    let compared = compare::compare(
        &articles,
        &stories,
        &ents,
        &pipeline::Settings::default().compare,
    );
    pipeline::write_comparison(&compared, dir)?;
    export::write_frame(
        export::mentions_frame(&d.mentions),
        &dir.join("mentions.parquet"),
    )?;
    export::write_frame(
        export::article_dates_frame(&d.article_dates),
        &dir.join("article_dates.parquet"),
    )?;
    eprintln!(
        "timeline: {} stories dated and ordered in {}",
        d.timeline.len(),
        dir.display()
    );
    Ok(0)
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    #[command(flatten)]
    pub state: StateDir,
    /// Folder for the PNG reports.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub reports: PathBuf,
}

pub fn report(a: ReportArgs) -> anyhow::Result<i32> {
    let dir = &a.state.state;
    let (articles, _) = export::read_articles(&dir.join("articles.parquet"))?;
    let (stories, dates) = export::read_stories(&dir.join("stories.parquet"))?;
    let tl = export::read_timeline(&dir.join("timeline.parquet"))
        .context("run `storyline timeline` first")?;
    // The comparison is cheap and deterministic: recomputed rather than read back.
    let ents = entities::extract(&articles);
    let compared = compare::compare(
        &articles,
        &stories,
        &ents,
        &pipeline::Settings::default().compare,
    );
    let dates: Vec<StoryDate> = dates.into_values().collect();
    let input = report::ReportInput {
        articles: &articles,
        stories: &stories,
        dates: &dates,
        timeline: &tl,
        comparison: &compared,
        emphasis_story: None,
    };
    for p in report::write_reports(&input, &a.reports)? {
        eprintln!("wrote {}", p.display());
    }
    Ok(0)
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    #[command(flatten)]
    pub state: StateDir,
    /// Folder for the JSON Lines files.
    #[arg(long, value_name = "DIR")]
    pub to: PathBuf,
}

pub fn export(a: ExportArgs) -> anyhow::Result<i32> {
    let dir = &a.state.state;
    if !dir.join("articles.parquet").exists() {
        anyhow::bail!(
            "{}: no articles.parquet (run `storyline ingest` or `run` first)",
            dir.display()
        );
    }
    std::fs::create_dir_all(&a.to).with_context(|| format!("creating {}", a.to.display()))?;
    for table in export::TABLES.iter().chain(&export::OPTIONAL_TABLES) {
        let path = dir.join(format!("{table}.parquet"));
        if !path.exists() {
            continue;
        }
        let df = export::read_parquet(&path)?;
        let mut buf = Vec::new();
        for row in export::json_rows(&df) {
            buf.extend(serde_json::to_vec(&row)?);
            buf.push(b'\n');
        }
        let out = a.to.join(format!("{table}.jsonl"));
        storyline::util::write_bytes_atomic(&out, &buf)?;
        eprintln!("wrote {} ({} rows)", out.display(), df.height());
    }
    Ok(0)
}
