//! `storyline update`: add new articles to an earlier run; continuing stories keep their ids,
//! merges and splits go to lineage.parquet.

use super::common::{ClusterOpts, InputOpts, StateDir, StderrProgress};
use anyhow::Context;
use clap::Args;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;
use storyline::pipeline::{self, Earlier, OutputDirs, Progress};
use storyline::{export, ingest};

#[derive(Args, Debug)]
#[command(
    after_help = "Reads STATE/articles.parquet (an earlier `run` or `update`), adds the new articles (an article id already there is kept as it was), finds the stories again over all of them, and writes every table and report as `run` does. A new story that holds most of an earlier story's articles, while those are most of its earlier articles, keeps the earlier id; an earlier story absorbed into another is recorded as `merged`, a new story that took part of an earlier one as `split`, in STATE/lineage.parquet (story_id, event, other_story_id, at), appended to the rows of earlier updates. The result is the same partition as a `run` on all the articles at once.\nReports go where `run` puts them: reports/ for the default STATE, STATE/reports otherwise."
)]
pub struct UpdateArgs {
    #[command(flatten)]
    pub state: StateDir,
    /// New input files or folders.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub input: InputOpts,
    #[command(flatten)]
    pub cluster: ClusterOpts,
}

pub fn update(args: UpdateArgs) -> anyhow::Result<i32> {
    let start = Instant::now();
    let progress = StderrProgress::new();
    let settings = args.cluster.settings();
    let dir = &args.state.state;
    progress.stage("ingest");
    let t = Instant::now();
    let (earlier, story_of) = export::read_articles(&dir.join("articles.parquet"))
        .with_context(|| format!("reading the earlier run in {}", dir.display()))?;
    let mut corpus = ingest::ingest_paths(&args.inputs, &args.input.options())?;
    let known: HashSet<&str> = earlier.iter().map(|a| a.id.as_str()).collect();
    let fresh: Vec<_> = std::mem::take(&mut corpus.articles)
        .into_iter()
        .filter(|a| !known.contains(a.id.as_str()))
        .collect();
    anyhow::ensure!(
        !fresh.is_empty(),
        "no new article in {} (every id is already in {})",
        args.inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        dir.display()
    );
    let at = fresh.iter().map(|a| a.published).max().expect("not empty");
    let n_fresh = fresh.len();
    corpus.articles = ingest::combine(earlier, fresh);
    progress.done(
        "ingest",
        &format!("{} new articles, {} in all", n_fresh, corpus.articles.len()),
        t.elapsed().as_secs_f64(),
    );
    let analysis = pipeline::analyze_continuing(
        corpus,
        &settings,
        Some(Earlier {
            story_of: &story_of,
            at,
        }),
        &progress,
    )?;
    let default_state = Path::new("notebooks-data");
    let dirs = OutputDirs::new((dir != default_state).then_some(dir.as_path()));
    let mut outputs = pipeline::write_outputs(&analysis, &dirs, &progress)?;
    let lineage_path = dirs.data.join("lineage.parquet");
    let mut rows = if lineage_path.exists() {
        export::read_lineage(&lineage_path)?
    } else {
        Vec::new()
    };
    rows.extend(analysis.lineage.iter().cloned());
    rows.sort_by(|a, b| {
        (a.at, &a.story_id, &a.event, &a.other_story_id).cmp(&(
            b.at,
            &b.story_id,
            &b.event,
            &b.other_story_id,
        ))
    });
    rows.dedup();
    export::write_frame(export::lineage_frame(&rows), &lineage_path)?;
    outputs.push(lineage_path);
    eprintln!(
        "update: {} merged, {} split",
        analysis
            .lineage
            .iter()
            .filter(|r| r.event == "merged")
            .count(),
        analysis
            .lineage
            .iter()
            .filter(|r| r.event == "split")
            .count()
    );
    super::run::finish(&analysis, outputs, &dirs, settings, start)
}
