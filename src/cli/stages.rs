//! Stage subcommands: each reads the previous stage's tables from the run folder and writes
//! its own, with the settings the folder's manifest records.

use super::progress::StderrProgress;
use super::settings::{ClusterOpts, InputOpts, StateDir};
use clap::Args;
use std::path::PathBuf;
use storyline::pipeline::steps;
use storyline::run_dir::{self, Table};

#[derive(Args, Debug)]
pub struct IngestArgs {
    /// Input files or folders; none = the embedded demo corpus.
    pub inputs: Vec<PathBuf>,
    /// Folder for articles.parquet (and rejects.jsonl).
    #[arg(long, value_name = "DIR", default_value = run_dir::DEFAULT_DATA_DIR)]
    pub out: PathBuf,
    #[command(flatten)]
    pub input: InputOpts,
}

pub fn ingest(a: IngestArgs) -> anyhow::Result<i32> {
    let p = StderrProgress::new();
    let corpus = steps::read_inputs(&a.inputs, &a.input.options(), &p)?;
    let manifest = steps::write_ingested(&corpus, &a.out)?;
    for w in &corpus.warnings {
        eprintln!("warning: {}:{}: {}", w.file, w.line, w.message);
    }
    let c = &manifest.counts;
    eprintln!(
        "ingest: {} read, {} accepted, {} rejected, {} warnings, {} duplicate groups -> {}",
        c.read,
        c.accepted,
        c.rejected,
        c.warnings,
        c.duplicate_groups,
        Table::Articles.path(&a.out).display()
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
    let done = steps::cluster(dir, &a.cluster.settings(), &p)?;
    eprintln!(
        "cluster: {} articles -> {} stories in {}",
        done.articles,
        done.stories,
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
    let stories = steps::timeline(dir, &p)?;
    eprintln!(
        "timeline: {stories} stories dated and ordered in {}",
        dir.display()
    );
    Ok(0)
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    #[command(flatten)]
    pub state: StateDir,
    /// Folder for the PNG reports.
    #[arg(long, value_name = "DIR", default_value = run_dir::DEFAULT_REPORTS_DIR)]
    pub reports: PathBuf,
}

pub fn report(a: ReportArgs) -> anyhow::Result<i32> {
    for p in steps::report(&a.state.state, &a.reports)? {
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
    for (path, rows) in run_dir::export_jsonl(&a.state.state, &a.to)? {
        eprintln!("wrote {} ({rows} rows)", path.display());
    }
    Ok(0)
}
