//! `storyline compare`: how outlets covered the same stories differently.

use super::common::{ClusterOpts, InputOpts, StderrProgress};
use clap::Args;
use std::path::PathBuf;
use storyline::pipeline::{self, Progress};
use storyline::{ingest, report};

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
    /// A story is a blind spot of an outlet that skipped it when at least this share of outlets covered it.
    #[arg(long, value_name = "SHARE", default_value_t = 0.5)]
    pub blind_spot_share: f64,
    /// Distinctive terms and entities kept per story, outlet and kind.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub emphasis_top: usize,
    #[command(flatten)]
    pub input: InputOpts,
    #[command(flatten)]
    pub cluster: ClusterOpts,
}

pub fn compare(a: CompareArgs) -> anyhow::Result<i32> {
    if !(0.0..=1.0).contains(&a.blind_spot_share) {
        anyhow::bail!(
            "--blind-spot-share must lie between 0 and 1 (got {})",
            a.blind_spot_share
        );
    }
    let progress = StderrProgress::new();
    let mut settings = a.cluster.settings();
    settings.compare.blind_spot_share = a.blind_spot_share;
    settings.compare.emphasis.top = a.emphasis_top;
    progress.stage("ingest");
    let t = std::time::Instant::now();
    let corpus = if a.inputs.is_empty() {
        ingest::ingest_files(&storyline::demo::input_files(), &a.input.options())?
    } else {
        ingest::ingest_paths(&a.inputs, &a.input.options())?
    };
    progress.done(
        "ingest",
        &format!("{} articles", corpus.articles.len()),
        t.elapsed().as_secs_f64(),
    );
    if corpus.articles.is_empty() {
        anyhow::bail!("no articles to compare");
    }
    let analysis = pipeline::analyze(corpus, &settings, &progress)?;
    if let Some(id) = &a.story {
        if !analysis.clustered.stories.iter().any(|s| &s.story_id == id) {
            anyhow::bail!("--story {id}: no such story (see story_id in stories.parquet)");
        }
    }
    let dirs = pipeline::OutputDirs::new(a.out.as_deref());
    std::fs::create_dir_all(&dirs.data)?;
    let mut written = pipeline::write_comparison(&analysis.compared, &dirs.data)?;
    written.extend(report::write_charts(
        &analysis.report_input(a.story.as_deref()),
        &dirs.reports,
        &report::COMPARISON_CHARTS,
    )?);
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
    for p in written {
        eprintln!("  wrote {}", p.display());
    }
    Ok(0)
}
