//! `storyline train ner`, `storyline ner --conll` and `storyline eval ner`: the entity tagger
//! on CoNLL-2003 files.

use anyhow::Context;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use storyline::ner::{self, conll, Model};

#[derive(Subcommand, Debug)]
pub enum TrainCommand {
    /// Train the entity tagger on CoNLL-2003 data (IOB2 tags in the last column).
    Ner(TrainNerArgs),
}

#[derive(Args, Debug)]
#[command(
    after_help = "Training is reproducible: the same files, epochs and seed give the same model bytes. The model of the epoch with the best dev F1 is kept. Rebuild storyline with the new models/ner.bin to embed it."
)]
pub struct TrainNerArgs {
    /// Training file.
    #[arg(long, value_name = "FILE")]
    pub train: PathBuf,
    /// Development file, scored after every epoch.
    #[arg(long, value_name = "FILE")]
    pub dev: Option<PathBuf>,
    /// Where to write the model.
    #[arg(long, value_name = "FILE", default_value = "models/ner.bin")]
    pub out: PathBuf,
    #[arg(long, default_value_t = 12)]
    pub epochs: usize,
    #[arg(long, default_value_t = 17)]
    pub seed: u64,
}

fn read(path: &PathBuf) -> anyhow::Result<conll::ConllFile> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    let f = conll::parse(&text);
    if f.n_tokens() == 0 {
        anyhow::bail!(
            "{}: no tokens (expected CoNLL: one token per line)",
            path.display()
        );
    }
    Ok(f)
}

pub fn train(c: TrainCommand) -> anyhow::Result<i32> {
    let TrainCommand::Ner(a) = c;
    let train = read(&a.train)?;
    if !train.has_gold() {
        anyhow::bail!(
            "{}: some tokens have no IOB2 tag in the last column",
            a.train.display()
        );
    }
    let dev = a.dev.as_ref().map(read).transpose()?;
    let start = std::time::Instant::now();
    let (model, history) = ner::train(
        &train,
        dev.as_ref(),
        &ner::TrainOptions {
            epochs: a.epochs,
            seed: a.seed,
        },
        |epoch, f1| match f1 {
            Some(f) => eprintln!(
                "epoch {epoch}: dev F1 {f:.4} ({:.0} s)",
                start.elapsed().as_secs_f64()
            ),
            None => eprintln!("epoch {epoch} ({:.0} s)", start.elapsed().as_secs_f64()),
        },
    );
    let bytes = model.to_bytes();
    storyline::util::write_bytes_atomic(&a.out, &bytes)?;
    eprintln!(
        "wrote {} ({} features, {:.1} MB); best dev F1 {}",
        a.out.display(),
        model.n_features(),
        bytes.len() as f64 / 1e6,
        history
            .iter()
            .cloned()
            .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))))
            .map_or("-".into(), |f| format!("{f:.4}"))
    );
    Ok(0)
}

#[derive(Args, Debug)]
pub struct NerArgs {
    /// CoNLL file to tag (first column: tokens; other columns are kept and ignored).
    #[arg(long, value_name = "FILE")]
    pub conll: PathBuf,
    /// Output: every input line with one more column, the predicted IOB2 tag.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// Tags every document of a file with the embedded model.
pub fn predict(file: &conll::ConllFile) -> Vec<Vec<Vec<String>>> {
    let model = Model::embedded();
    file.documents
        .iter()
        .map(|d| {
            let sents: Vec<Vec<&str>> = d
                .sentences
                .iter()
                .map(|s| s.tokens.iter().map(String::as_str).collect())
                .collect();
            model
                .tag_document(&sents)
                .into_iter()
                .map(|tags| tags.into_iter().map(str::to_string).collect())
                .collect()
        })
        .collect()
}

pub fn tag(a: NerArgs) -> anyhow::Result<i32> {
    let file = read(&a.conll)?;
    let predicted = predict(&file);
    storyline::util::write_bytes_atomic(
        &a.out,
        conll::write_with_tags(&file, &predicted).as_bytes(),
    )?;
    eprintln!("tagged {} tokens -> {}", file.n_tokens(), a.out.display());
    Ok(0)
}

#[derive(Args, Debug)]
pub struct EvalNerArgs {
    /// CoNLL file with gold IOB2 tags in the last column.
    #[arg(long, value_name = "FILE")]
    pub conll: PathBuf,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

pub fn eval(a: EvalNerArgs) -> anyhow::Result<i32> {
    let file = read(&a.conll)?;
    if !file.has_gold() {
        anyhow::bail!(
            "{}: some tokens have no gold IOB2 tag in the last column",
            a.conll.display()
        );
    }
    let predicted = predict(&file);
    let gold: Vec<Vec<String>> = file
        .documents
        .iter()
        .flat_map(|d| d.sentences.iter().map(|s| s.gold.clone()))
        .collect();
    let pred: Vec<Vec<String>> = predicted.into_iter().flatten().collect();
    let s = ner::score(&gold, &pred);
    if a.json {
        println!("{}", serde_json::to_string_pretty(&s)?);
    } else {
        println!("{:<6} {:>9} {:>9} {:>9}", "", "precision", "recall", "F1");
        for (k, p) in &s.per_type {
            println!(
                "{k:<6} {:>9.4} {:>9.4} {:>9.4}",
                p.precision, p.recall, p.f1
            );
        }
        println!(
            "{:<6} {:>9.4} {:>9.4} {:>9.4}",
            "micro", s.micro.precision, s.micro.recall, s.micro.f1
        );
    }
    Ok(0)
}
