//! `storyline run`: every stage, end to end.

use super::common::{ClusterOpts, InputOpts, StderrProgress};
use anyhow::Context;
use clap::Args;
use std::path::PathBuf;
use std::time::Instant;
use storyline::ingest;
use storyline::pipeline::{self, Manifest, OutputDirs, Progress};

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
    progress.stage("ingest");
    let t = Instant::now();
    let corpus = if args.inputs.is_empty() {
        ingest::ingest_files(&storyline::demo::input_files(), &args.input.options())?
    } else {
        ingest::ingest_paths(&args.inputs, &args.input.options())?
    };
    let counts = pipeline::counts(&corpus, 0, 0, 0);
    progress.done(
        "ingest",
        &format!(
            "{} read, {} accepted, {} rejected, {} warnings",
            counts.read, counts.accepted, counts.rejected, counts.warnings
        ),
        t.elapsed().as_secs_f64(),
    );
    if corpus.articles.is_empty() {
        anyhow::bail!(
            "no articles to analyse (read {}, rejected {})",
            counts.read,
            counts.rejected
        );
    }
    let analysis = pipeline::analyze(corpus, &settings, &progress)?;
    let dirs = OutputDirs::new(args.out.as_deref());
    let outputs = pipeline::write_outputs(&analysis, &dirs, &progress)?;
    finish(&analysis, outputs, &dirs, settings, start)
}

/// Writes the manifest of a finished run (or update) and prints its summary line.
pub(super) fn finish(
    analysis: &pipeline::Analysis,
    outputs: Vec<PathBuf>,
    dirs: &OutputDirs,
    settings: pipeline::Settings,
    start: Instant,
) -> anyhow::Result<i32> {
    let c = pipeline::counts(
        &analysis.corpus,
        analysis.clustered.stories.len(),
        analysis.clustered.entities.len(),
        analysis.dated.mentions.len(),
    );
    let seconds = start.elapsed().as_secs_f64();
    let manifest = Manifest {
        tool: "storyline".into(),
        version: storyline::VERSION.into(),
        inputs: analysis.corpus.files.clone(),
        settings,
        counts: c.clone(),
        warnings: analysis.corpus.warnings.clone(),
        outputs: outputs.iter().map(|p| p.display().to_string()).collect(),
        created_at: chrono::Utc::now().to_rfc3339(),
        seconds,
    };
    let mpath = pipeline::write_manifest(&manifest, &dirs.data).context("writing the manifest")?;
    eprintln!(
        "storyline: {} articles from {} outlets -> {} stories ({} duplicate groups, {} rejected, {} warnings) in {:.1} s\n  tables: {}/  reports: {}/  manifest: {}",
        c.articles,
        c.outlets,
        c.stories,
        c.duplicate_groups,
        c.rejected,
        c.warnings,
        seconds,
        dirs.data.display(),
        dirs.reports.display(),
        mpath.display()
    );
    Ok(0)
}
