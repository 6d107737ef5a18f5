//! `storyline timeline --input …` (a timeline summary of one topic) and `storyline eval
//! timelines` (the news-tls protocol on Timeline17-style data).

use super::settings::{InputOpts, StateDir};
use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use storyline::eval::tls::{self, Reference, Timeline, TimelineScores};
use storyline::model::{Article, SummaryDay};
use storyline::pipeline::steps;
use storyline::summary::{self, SummaryOptions, SummaryWeights};
use storyline::{ingest, run_dir};

#[derive(Args, Debug)]
#[command(
    after_help = "Without --input: dates the stories in STATE, orders and links them (the timeline stage of `run`).\nWith --input: summarises those articles as one topic: the L dates most articles point to (mentioned in their text, or published on), each with the k sentences that best say what happened; writes DIR/timeline.json, DIR/timeline_summary.parquet and DIR/timeline.png."
)]
pub struct TimelineArgs {
    #[command(flatten)]
    pub state: StateDir,
    /// Articles of one topic to summarise (JSONL, CSV, … as for `run`).
    #[arg(long, num_args = 1.., value_name = "FILE")]
    pub input: Vec<PathBuf>,
    /// Number of dates (L).
    #[arg(long, value_name = "L", default_value_t = 10, requires = "input")]
    pub dates: usize,
    /// Sentences per date (k).
    #[arg(long, value_name = "K", default_value_t = 2, requires = "input")]
    pub sentences: usize,
    /// First date allowed (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "input")]
    pub from: Option<NaiveDate>,
    /// Last date allowed (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "input")]
    pub to: Option<NaiveDate>,
    /// Output folder of the summary.
    #[arg(
        long,
        value_name = "DIR",
        default_value = "timeline-summary",
        requires = "input"
    )]
    pub out: PathBuf,
    #[command(flatten)]
    pub ingest: InputOpts,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| format!("{s:?} is not YYYY-MM-DD: {e}"))
}

pub fn timeline(a: TimelineArgs) -> anyhow::Result<i32> {
    if a.input.is_empty() {
        return super::stages::timeline(super::stages::StateArgs { state: a.state });
    }
    if let (Some(f), Some(t)) = (a.from, a.to) {
        anyhow::ensure!(f <= t, "--from {f} is after --to {t}");
    }
    let corpus = ingest::ingest_paths(&a.input, &a.ingest.options())?;
    for w in &corpus.warnings {
        eprintln!("warning: {}:{}: {}", w.file, w.line, w.message);
    }
    let opts = SummaryOptions {
        dates: a.dates,
        sentences: a.sentences,
        from: a.from,
        to: a.to,
    };
    let done = steps::summarize_topic(&corpus.articles, &opts, &a.out)?;
    let names: Vec<String> = done
        .outputs
        .iter()
        .filter_map(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    eprintln!(
        "timeline: {} articles, {} sentences -> {} dates in {} ({})",
        corpus.articles.len(),
        done.sentences,
        done.days.len(),
        a.out.display(),
        names.join(", ")
    );
    Ok(0)
}

#[derive(Args, Debug)]
pub struct EvalTimelinesArgs {
    /// Articles with a `topic` field (JSONL).
    #[arg(long, value_name = "FILE")]
    pub articles: PathBuf,
    /// Reference timelines: one row per date, `topic, collection, timeline, date, sentences`.
    #[arg(long, value_name = "FILE")]
    pub timelines: PathBuf,
    /// Folder for the system timelines, one `<topic>__<collection>__<timeline>.json` each.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

fn topic_of(a: &Article) -> Option<String> {
    let raw = a.extra.get("topic")?;
    match serde_json::from_str::<serde_json::Value>(raw) {
        Ok(serde_json::Value::String(s)) => Some(s),
        _ => Some(raw.clone()),
    }
}

pub fn eval_timelines(a: EvalTimelinesArgs) -> anyhow::Result<i32> {
    let started = std::time::Instant::now();
    let references = tls::read_references(&a.timelines)?;
    let corpus = ingest::ingest_paths(std::slice::from_ref(&a.articles), &Default::default())?;
    let mut by_topic: BTreeMap<String, Vec<Article>> = BTreeMap::new();
    for art in corpus.articles {
        if let Some(t) = topic_of(&art) {
            by_topic.entry(t).or_default().push(art);
        }
    }
    for r in &references {
        anyhow::ensure!(
            by_topic.contains_key(&r.topic),
            "{}: no article of topic {:?} in {}",
            a.timelines.display(),
            r.topic,
            a.articles.display()
        );
    }
    std::fs::create_dir_all(&a.out).with_context(|| format!("creating {}", a.out.display()))?;
    let weights = SummaryWeights::default();
    let prepared: BTreeMap<&str, summary::Prepared> = by_topic
        .iter()
        .map(|(t, arts)| (t.as_str(), summary::prepare(arts)))
        .collect();
    let results: Vec<(String, TimelineScores)> = references
        .par_iter()
        .map(|r| -> anyhow::Result<(String, TimelineScores)> {
            let days = system_timeline(&prepared[r.topic.as_str()], r, &weights);
            run_dir::write_summary_json(&days, &a.out.join(format!("{}.json", r.name())))?;
            let pred: Timeline = days
                .iter()
                .map(|d| (d.date, d.sentences.iter().map(|s| s.text.clone()).collect()))
                .collect();
            Ok((r.name(), tls::score_timeline(&pred, &r.days)))
        })
        .collect::<anyhow::Result<_>>()?;
    let scores: Vec<TimelineScores> = results.iter().map(|r| r.1.clone()).collect();
    let mean = tls::mean(&scores);
    if a.json {
        let per: Vec<serde_json::Value> = results
            .iter()
            .map(|(name, s)| {
                let mut v = serde_json::to_value(s).unwrap_or_default();
                v["timeline"] = serde_json::Value::String(name.clone());
                v
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "timelines": per, "mean": mean }))?
        );
    } else {
        println!(
            "{:<60} {:>7} {:>7} {:>7} {:>7} {:>7}",
            "timeline", "date_f1", "ar1_f", "ar2_f", "r1_f", "r2_f"
        );
        for (name, s) in results
            .iter()
            .chain(std::iter::once(&("mean".to_string(), mean)))
        {
            println!(
                "{:<60} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>7.3}",
                name, s.date_f1, s.ar1_f, s.ar2_f, s.rouge1_f, s.rouge2_f
            );
        }
    }
    eprintln!(
        "eval timelines: {} timelines over {} topics in {:.1} s; system timelines in {}",
        references.len(),
        prepared.len(),
        started.elapsed().as_secs_f64(),
        a.out.display()
    );
    Ok(0)
}

/// The news-tls protocol: L = the reference's dates, k = its mean sentences per date, dates
/// within its first and last date.
fn system_timeline(p: &summary::Prepared, r: &Reference, w: &SummaryWeights) -> Vec<SummaryDay> {
    let opts = SummaryOptions {
        dates: r.days.len(),
        sentences: r.sentences_per_date(),
        from: r.days.keys().next().copied(),
        to: r.days.keys().next_back().copied(),
    };
    summary::summarize(p, &opts, w)
}
