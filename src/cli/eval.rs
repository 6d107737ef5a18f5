//! `storyline eval stories`: cluster each file separately and score against its gold labels.

use super::settings::ClusterOpts;
use anyhow::Context;
use clap::{Args, Subcommand};
use std::collections::BTreeMap;
use std::path::PathBuf;
use storyline::cluster::Algorithm;
use storyline::eval::ClusterScores;
use storyline::ingest::{self, IngestOptions, InputFile};
use storyline::pipeline::{self, Quiet};
use storyline::text::{self, Keep};

#[derive(Subcommand, Debug)]
pub enum EvalCommand {
    // Boxed: its options take five times the bytes of the other commands'.
    /// Cluster each input's articles separately and score against `gold_story` (BCubed, pairwise, ARI).
    Stories(Box<StoriesArgs>),
    /// Tag TimeML files and score against their gold TIMEX3 tags (TempEval-3: strict and relaxed extraction, value and type).
    Timex(TimexArgs),
    /// Tag a CoNLL file and score against its gold tags: exact-span precision, recall and F1 per type and micro-averaged.
    Ner(super::ner::EvalNerArgs),
    /// Summarise each reference timeline's topic and score it the news-tls way: Date-F1, concat ROUGE-1/2, alignment ROUGE-1/2 (AR-1, AR-2).
    Timelines(super::summary::EvalTimelinesArgs),
}

#[derive(Args, Debug)]
pub struct TimexArgs {
    /// Folder of gold TimeML (.tml) files, searched recursively.
    #[arg(long, value_name = "DIR")]
    pub gold: PathBuf,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Print every missed, spurious and mismatched expression.
    #[arg(long)]
    pub details: bool,
}

#[derive(Args, Debug)]
#[command(
    after_help = "Algorithms: time-aware (default), dbscan, kmeans (k = the gold number of stories, an oracle given to it for comparison), or all."
)]
pub struct StoriesArgs {
    /// JSONL/CSV files with a `gold_story` field; each is scored on its own.
    #[arg(long, num_args = 1.., value_name = "FILE")]
    pub input: Vec<PathBuf>,
    /// Also score the embedded demo corpus (gold labels from its sidecar).
    #[arg(long)]
    pub demo: bool,
    /// An `id,gold_story` CSV sidecar for inputs without a `gold_story` field.
    #[arg(long, value_name = "CSV")]
    pub gold: Option<PathBuf>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Print, for every gold story split or merged, where its articles went.
    #[arg(long)]
    pub details: bool,
    /// Score every algorithm, not just the chosen one.
    #[arg(long = "all-algorithms")]
    pub all: bool,
    #[command(flatten)]
    pub cluster: ClusterOpts,
}

pub fn eval(c: EvalCommand) -> anyhow::Result<i32> {
    match c {
        EvalCommand::Stories(a) => stories(*a),
        EvalCommand::Timex(a) => timex(a),
        EvalCommand::Ner(a) => super::ner::eval(a),
        EvalCommand::Timelines(a) => super::summary::eval_timelines(a),
    }
}

struct Set {
    name: String,
    files: Vec<InputFile>,
    gold: BTreeMap<String, String>,
}

fn stories(a: StoriesArgs) -> anyhow::Result<i32> {
    let mut sets = Vec::new();
    let sidecar: BTreeMap<String, String> = match &a.gold {
        Some(p) => storyline::demo::parse_gold_csv(
            &std::fs::read(p).with_context(|| format!("reading {}", p.display()))?,
        )
        .into_iter()
        .collect(),
        None => BTreeMap::new(),
    };
    for p in &a.input {
        let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
        sets.push(Set {
            name: p.display().to_string(),
            files: vec![InputFile {
                name: p.display().to_string(),
                bytes,
            }],
            gold: sidecar.clone(),
        });
    }
    if a.demo {
        sets.push(Set {
            name: "demo".into(),
            files: storyline::demo::input_files(),
            gold: storyline::demo::gold_labels().into_iter().collect(),
        });
    }
    if sets.is_empty() {
        anyhow::bail!("nothing to evaluate: give --input FILE… or --demo");
    }
    let algorithms: Vec<Algorithm> = if a.all {
        vec![
            Algorithm::TimeAware,
            Algorithm::Online,
            Algorithm::Dbscan,
            Algorithm::Kmeans,
        ]
    } else {
        vec![a.cluster.algorithm.into()]
    };
    let mut by_algo: BTreeMap<&str, BTreeMap<String, ClusterScores>> = BTreeMap::new();
    for set in &sets {
        let corpus = ingest::ingest_files(&set.files, &IngestOptions::default())?;
        let gold: Vec<String> = corpus
            .articles
            .iter()
            .map(|x| {
                x.gold_story
                    .clone()
                    .or_else(|| set.gold.get(&x.id).cloned())
                    .with_context(|| format!("{}: article {} has no gold_story", set.name, x.id))
            })
            .collect::<anyhow::Result<_>>()?;
        let n_gold = gold.iter().collect::<std::collections::BTreeSet<_>>().len();
        for algo in &algorithms {
            let mut settings = a.cluster.settings();
            settings.cluster.algorithm = *algo;
            if *algo == Algorithm::Kmeans && a.cluster.k.is_none() {
                settings.cluster.kmeans_k = n_gold;
            }
            let labels = pipeline::find_labels(&corpus.articles, &settings, &Quiet)?;
            let s = storyline::eval::score(&labels, &gold);
            if a.details {
                print_details(&set.name, &corpus.articles, &labels, &gold);
            }
            by_algo
                .entry(algo.as_str())
                .or_default()
                .insert(set.name.clone(), s);
        }
    }
    let mean = |m: &BTreeMap<String, ClusterScores>| -> serde_json::Value {
        let n = m.len() as f64;
        let avg = |f: fn(&ClusterScores) -> f64| m.values().map(f).sum::<f64>() / n;
        serde_json::json!({
            "bcubed_precision": avg(|s| s.bcubed_precision), "bcubed_recall": avg(|s| s.bcubed_recall), "bcubed_f1": avg(|s| s.bcubed_f1),
            "pairwise_precision": avg(|s| s.pairwise_precision), "pairwise_recall": avg(|s| s.pairwise_recall), "pairwise_f1": avg(|s| s.pairwise_f1),
            "ari": avg(|s| s.ari), "n_clusters": m.values().map(|s| s.n_clusters).sum::<usize>(), "n_gold": m.values().map(|s| s.n_gold).sum::<usize>(),
        })
    };
    let primary = algorithms[0].as_str();
    if a.json {
        let mut top = mean(&by_algo[primary]);
        if let Some(o) = top.as_object_mut() {
            o.insert("algorithm".into(), primary.into());
            o.insert("per_file".into(), serde_json::to_value(&by_algo[primary])?);
            if algorithms.len() > 1 {
                let all: BTreeMap<&str, serde_json::Value> = by_algo
                    .iter()
                    .map(|(k, v)| (*k, serde_json::json!({"mean": mean(v), "per_file": v})))
                    .collect();
                o.insert("by_algorithm".into(), serde_json::to_value(all)?);
            }
        }
        println!("{}", serde_json::to_string_pretty(&top)?);
    } else {
        println!(
            "{:<12} {:<44} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
            "algorithm",
            "input",
            "B3-P",
            "B3-R",
            "B3-F1",
            "pw-P",
            "pw-R",
            "pw-F1",
            "ARI",
            "pred",
            "gold"
        );
        for algo in &algorithms {
            for (name, s) in &by_algo[algo.as_str()] {
                // Names of up to 44 characters fit the column; longer ones keep their end.
                let short = if name.chars().count() > 44 {
                    text::ellipsize(name, 43, Keep::End)
                } else {
                    name.clone()
                };
                println!(
                    "{:<12} {:<44} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>6} {:>6}",
                    algo.as_str(),
                    short,
                    s.bcubed_precision,
                    s.bcubed_recall,
                    s.bcubed_f1,
                    s.pairwise_precision,
                    s.pairwise_recall,
                    s.pairwise_f1,
                    s.ari,
                    s.n_clusters,
                    s.n_gold
                );
            }
        }
    }
    Ok(0)
}

/// Lists gold stories that were split and predicted stories that mix gold stories.
fn print_details(
    name: &str,
    articles: &[storyline::model::Article],
    labels: &[usize],
    gold: &[String],
) {
    let mut by_gold: BTreeMap<&str, BTreeMap<usize, Vec<usize>>> = BTreeMap::new();
    let mut by_pred: BTreeMap<usize, BTreeMap<&str, usize>> = BTreeMap::new();
    for (i, (l, g)) in labels.iter().zip(gold).enumerate() {
        by_gold
            .entry(g.as_str())
            .or_default()
            .entry(*l)
            .or_default()
            .push(i);
        *by_pred
            .entry(*l)
            .or_default()
            .entry(g.as_str())
            .or_default() += 1;
    }
    eprintln!("== {name}");
    for (g, parts) in &by_gold {
        if parts.len() > 1 {
            eprintln!("split {g}:");
            for (l, members) in parts {
                for &m in members {
                    eprintln!(
                        "    [{l}] {} {} | {}",
                        articles[m].published.format("%Y-%m-%d"),
                        articles[m].outlet,
                        articles[m].title.chars().take(90).collect::<String>()
                    );
                }
            }
        }
    }
    for (l, golds) in &by_pred {
        if golds.len() > 1 {
            eprintln!("merged in [{l}]: {golds:?}");
        }
    }
}

fn timex(a: TimexArgs) -> anyhow::Result<i32> {
    use storyline::eval::timex::{score, Outcome};
    use storyline::temporal::timeml;
    let files = timeml::find_files(&a.gold)
        .with_context(|| format!("{}: cannot list .tml files", a.gold.display()))?;
    if files.is_empty() {
        anyhow::bail!("{}: no .tml files found", a.gold.display());
    }
    let mut docs = Vec::with_capacity(files.len());
    let mut texts = Vec::with_capacity(files.len());
    for rel in &files {
        let path = a.gold.join(rel);
        let xml = std::fs::read_to_string(&path)
            .with_context(|| format!("{}: cannot read", path.display()))?;
        let doc = timeml::parse(&xml).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let system = timeml::tag(&doc);
        docs.push((doc.timexes.clone(), system));
        texts.push((rel.display().to_string(), doc.dct, doc.text));
    }
    let (s, errors) = score(&docs);
    if a.details {
        for ((name, dct, text), errs) in texts.iter().zip(&errors) {
            let show =
                |t: &timeml::Timex| format!("{:?} {} {}", &text[t.start..t.end], t.kind, t.value);
            // A few words either side, on one line.
            let context = |t: &timeml::Timex| {
                let mut a = t.start.saturating_sub(50);
                while !text.is_char_boundary(a) {
                    a -= 1;
                }
                let mut b = (t.end + 50).min(text.len());
                while !text.is_char_boundary(b) {
                    b += 1;
                }
                text[a..b].replace(['\n', '\t'], " ")
            };
            for e in errs {
                match e {
                    Outcome::Missed(g) => {
                        println!("MISSED\t{name}\t{dct}\t{}\t{}", show(g), context(g))
                    }
                    Outcome::Spurious(t) => {
                        println!("SPURIOUS\t{name}\t{dct}\t{}\t{}", show(t), context(t))
                    }
                    Outcome::Mismatch(g, t) => println!(
                        "MISMATCH\t{name}\t{dct}\t{}\t=> {}\t{}",
                        show(g),
                        show(t),
                        context(g)
                    ),
                }
            }
        }
    }
    if a.json {
        let j = serde_json::json!({
            "strict_precision": s.strict.precision, "strict_recall": s.strict.recall, "strict_f1": s.strict.f1,
            "relaxed_precision": s.relaxed.precision, "relaxed_recall": s.relaxed.recall, "relaxed_f1": s.relaxed.f1,
            "value_precision": s.value.precision, "value_recall": s.value.recall, "value_f1": s.value.f1,
            "type_precision": s.kind.precision, "type_recall": s.kind.recall, "type_f1": s.kind.f1,
            "n_gold": s.n_gold, "n_system": s.n_system, "n_documents": s.n_documents,
        });
        println!("{}", serde_json::to_string_pretty(&j)?);
    } else {
        println!(
            "{} documents, {} gold and {} system expressions",
            s.n_documents, s.n_gold, s.n_system
        );
        println!("{:<8} {:>9} {:>9} {:>9}", "", "precision", "recall", "F1");
        for (name, p) in [
            ("strict", s.strict),
            ("relaxed", s.relaxed),
            ("value", s.value),
            ("type", s.kind),
        ] {
            println!(
                "{name:<8} {:>9.3} {:>9.3} {:>9.3}",
                p.precision, p.recall, p.f1
            );
        }
    }
    Ok(0)
}
