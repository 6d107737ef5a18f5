//! `storyline update`: add new articles to an earlier run; continuing stories keep their ids,
//! merges and splits go to lineage.parquet.

use super::progress::StderrProgress;
use super::settings::{ClusterOpts, InputOpts, StateDir};
use anyhow::Context;
use clap::Args;
use std::path::PathBuf;
use std::time::Instant;
use storyline::pipeline::steps;

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
    let corpus = steps::read_inputs(&args.inputs, &args.input.options(), &progress)?;
    let inputs: Vec<String> = args
        .inputs
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let update = steps::update(&args.state.state, corpus, &settings, &progress)
        .with_context(|| format!("updating with {}", inputs.join(", ")))?;
    let lineage = &update.finished.analysis.lineage;
    let count = |event: &str| lineage.iter().filter(|r| r.event == event).count();
    eprintln!(
        "update: {} new articles, {} merged, {} split",
        update.new_articles,
        count("merged"),
        count("split")
    );
    super::run::print_summary(&update.finished, start);
    Ok(0)
}
