//! `storyline compare`: how outlets covered the same stories differently.

use super::progress::StderrProgress;
use super::settings::{ClusterOpts, CompareOpts, InputOpts};
use clap::Args;
use std::path::PathBuf;
use storyline::pipeline::steps;
use storyline::run_dir::OutputDirs;

#[derive(Args, Debug)]
#[command(
    after_help = "Finds the stories (as `run` does), then writes coverage, lead_lag, emphasis and blind_spots tables and the comparison charts (coverage, lead_lag, story_coverage, attention, emphasis).\nWithout INPUT, runs on the embedded demo corpus. Without --out, tables go to notebooks-data/ and charts to reports/; with --out DIR, to DIR and DIR/reports."
)]
pub struct CompareArgs {
    /// Input files or folders (.jsonl, .ndjson, .json, .csv, .txt); none = the embedded demo corpus.
    pub inputs: Vec<PathBuf>,
    /// Output folder (tables; charts in DIR/reports).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Story whose emphasis chart to draw (a story_id from stories.parquet); default: the one most outlets reported themselves.
    #[arg(long, value_name = "STORY_ID")]
    pub story: Option<String>,
    #[command(flatten)]
    pub compare: CompareOpts,
    #[command(flatten)]
    pub input: InputOpts,
    #[command(flatten)]
    pub cluster: ClusterOpts,
}

pub fn compare(a: CompareArgs) -> anyhow::Result<i32> {
    let settings = a.compare.apply(a.cluster.settings())?;
    let progress = StderrProgress::new();
    let corpus = steps::read_inputs(&a.inputs, &a.input.options(), &progress)?;
    let dirs = OutputDirs::new(a.out.as_deref());
    let done = steps::compare(corpus, &settings, &dirs, a.story.as_deref(), &progress)?;
    let analysis = &done.analysis;
    let outlets: std::collections::BTreeSet<&str> = analysis
        .corpus
        .articles
        .iter()
        .map(|x| x.outlet.as_str())
        .collect();
    eprintln!(
        "compare: {} outlets, {} stories, {} outlet pairs, {} blind spots",
        outlets.len(),
        analysis.clustered.stories.len(),
        analysis.compared.lead_lag.len(),
        analysis.compared.blind_spots.len()
    );
    for p in &done.outputs {
        eprintln!("  wrote {}", p.display());
    }
    Ok(0)
}
