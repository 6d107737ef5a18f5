//! The command line: `settings` turns flags into library settings, `progress` shows the
//! library's stage progress, and every other file is one subcommand (or a family of them).

mod compare;
mod eval;
mod ner;
mod progress;
mod run;
mod settings;
mod stages;
mod summary;
mod synth;
mod timex;
mod update;

use clap::{Parser, Subcommand};

const ABOUT: &str = "Find the stories in a pile of news articles, date them, order them into timelines, draw the timelines as PNG reports and export everything as Parquet.";

/// Every example runs as written on a fresh install: on the embedded demo corpus, on what an
/// earlier example wrote, or on files named as the user's own.
const EXAMPLES: &str = "Examples:
  storyline run                                  # the embedded demo corpus -> reports/*.png, notebooks-data/*.parquet
  storyline export --state notebooks-data --to json/
  storyline ingest --out state/ && storyline cluster --state state/ --threshold 0.3 && storyline timeline --state state/ && storyline report --state state/
  storyline compare --out compare/               # how the demo's outlets covered its stories
  storyline eval stories --demo --all-algorithms
  storyline synth --articles 100000 --out pile.jsonl && storyline eval stories --input pile.jsonl
  storyline run my-feeds/*.jsonl my-pages/ --out analysis/
  storyline timeline --input my-feeds/syria.jsonl --dates 10 --out syria-timeline/
  storyline eval timex --gold my-timebank/ --json     # a folder of TimeML (.tml) files
  storyline eval ner --conll my-conll/valid.txt";

#[derive(Parser, Debug)]
#[command(name = "storyline", version, about = ABOUT, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run every stage: ingest, entities, features, stories, dates, timeline, outlet comparison, Parquet and PNG reports.
    Run(run::RunArgs),
    /// Compare outlets: coverage, first to report, lead–lag, emphasis and blind spots, as tables and charts.
    Compare(compare::CompareArgs),
    /// Read articles (JSONL, CSV, news-please JSON, raw .txt pages, or folders of them) into articles.parquet.
    Ingest(stages::IngestArgs),
    /// Add new articles to an earlier run: continuing stories keep their ids, merges and splits go to lineage.parquet.
    Update(update::UpdateArgs),
    /// Find stories in STATE/articles.parquet; writes articles, entities and stories tables.
    Cluster(stages::ClusterArgs),
    /// Date the stories in STATE, order them and link them; or, with --input, summarise one topic's articles as a timeline of key dates and sentences.
    Timeline(summary::TimelineArgs),
    /// Draw the PNG reports from the tables in STATE.
    Report(stages::ReportArgs),
    /// Export the tables in STATE as JSON Lines, for tools that do not read Parquet.
    Export(stages::ExportArgs),
    /// Tag a CoNLL file with named entities (PER, ORG, LOC, MISC): each line gets one more column.
    Ner(ner::NerArgs),
    /// Write a deterministic synthetic pile of articles with gold story labels (for scale tests and benchmarks).
    Synth(synth::SynthArgs),
    /// Train a model.
    #[command(subcommand)]
    Train(ner::TrainCommand),
    /// Tag TimeML (.tml) files with temporal expressions (TIMEX3), for the TempEval-3 scorer.
    Timex(timex::TimexArgs),
    /// Score story clustering, temporal tagging or entity tagging against gold annotations.
    #[command(subcommand)]
    Eval(eval::EvalCommand),
}

/// Runs a parsed command; returns the exit code.
pub fn dispatch(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Command::Run(a) => run::run(a),
        Command::Compare(a) => compare::compare(a),
        Command::Ingest(a) => stages::ingest(a),
        Command::Cluster(a) => stages::cluster(a),
        Command::Update(a) => update::update(a),
        Command::Timeline(a) => summary::timeline(a),
        Command::Report(a) => stages::report(a),
        Command::Export(a) => stages::export(a),
        Command::Timex(a) => timex::timex(a),
        Command::Ner(a) => ner::tag(a),
        Command::Train(c) => ner::train(c),
        Command::Synth(a) => synth::synth(a),
        Command::Eval(c) => eval::eval(c),
    }
}
