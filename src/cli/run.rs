//! `storyline run`: every stage, end to end.

use super::progress::StderrProgress;
use super::settings::{ClusterOpts, InputOpts};
use clap::Args;
use std::path::PathBuf;
use std::time::Instant;
use storyline::pipeline::{self, steps};
use storyline::run_dir::OutputDirs;

#[derive(Args, Debug)]
#[command(
    after_help = "Without INPUT, runs on the embedded demo corpus (April 2017, fictional outlets).\nWithout --out, tables go to notebooks-data/ and PNG reports to reports/; with --out DIR, tables and manifest go to DIR and reports to DIR/reports."
)]
pub struct RunArgs {
    /// Input files or folders (.jsonl, .ndjson, .json, .csv, .txt); none = the embedded demo corpus.
    pub inputs: Vec<PathBuf>,
    /// Output folder for everything (tables, manifest, reports).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub input: InputOpts,
    #[command(flatten)]
    pub cluster: ClusterOpts,
}

pub fn run(args: RunArgs) -> anyhow::Result<i32> {
    let start = Instant::now();
    let progress = StderrProgress::new();
    let settings = args.cluster.settings();
    let corpus = steps::read_inputs(&args.inputs, &args.input.options(), &progress)?;
    let done = steps::run(
        corpus,
        &settings,
        OutputDirs::new(args.out.as_deref()),
        &progress,
    )?;
    print_summary(&done, start);
    Ok(0)
}

/// The closing line of a run or update: what it found, how long it took, where it wrote.
pub(super) fn print_summary(done: &steps::Finished, start: Instant) {
    let a = &done.analysis;
    let c = pipeline::counts(
        &a.corpus,
        a.clustered.stories.len(),
        a.clustered.entities.len(),
        a.dated.mentions.len(),
    );
    eprintln!(
        "storyline: {} articles from {} outlets -> {} stories ({} duplicate groups, {} rejected, {} warnings) in {:.1} s\n  tables: {}/  reports: {}/  manifest: {}",
        c.articles,
        c.outlets,
        c.stories,
        c.duplicate_groups,
        c.rejected,
        c.warnings,
        start.elapsed().as_secs_f64(),
        done.dirs.data.display(),
        done.dirs.reports.display(),
        done.manifest.display()
    );
}
