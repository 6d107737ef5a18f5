//! Clustering accuracy on the dev sets in ../shared (skipped, with a reason, when absent) and
//! on the embedded demo, with the one default setting.

mod common;

use storyline::ingest::{ingest_files, IngestOptions, InputFile};
use storyline::pipeline::{find_stories, Quiet, Settings};

fn bcubed(files: Vec<InputFile>, gold_of: impl Fn(&storyline::model::Article) -> String) -> f64 {
    let corpus = ingest_files(&files, &IngestOptions::default()).unwrap();
    let gold: Vec<String> = corpus.articles.iter().map(&gold_of).collect();
    let c = find_stories(&corpus.articles, &Settings::default(), &Quiet).unwrap();
    let s = storyline::eval::score(&c.labels, &gold);
    eprintln!(
        "bcubed f1 {:.3} (clusters {}, gold {})",
        s.bcubed_f1, s.n_clusters, s.n_gold
    );
    s.bcubed_f1
}

#[test]
fn demo_bcubed_at_least_0_95() {
    let gold = storyline::demo::gold_labels();
    let f1 = bcubed(storyline::demo::input_files(), |a| {
        gold.get(&a.id)
            .cloned()
            .unwrap_or_else(|| panic!("no gold for {}", a.id))
    });
    assert!(f1 >= 0.95, "demo BCubed F1 {f1:.3}");
}

fn dev_set(name: &str, bar: f64) {
    let Some(dir) = common::shared_dir() else {
        eprintln!("SKIPPED: ../shared/data is absent, so the {name} dev set cannot be scored");
        return;
    };
    let path = dir.join("stories").join(name);
    let file = InputFile {
        name: path.display().to_string(),
        bytes: std::fs::read(&path).unwrap(),
    };
    let f1 = bcubed(vec![file], |a| a.gold_story.clone().expect("gold_story"));
    assert!(f1 >= bar, "{name}: BCubed F1 {f1:.3} < {bar}");
}

#[test]
fn basil_bcubed_at_least_0_97() {
    dev_set("basil.jsonl", 0.97);
}

#[test]
fn news_cluster_dev_bcubed_at_least_0_93() {
    dev_set("news_cluster_dev.jsonl", 0.93);
}

/// The demo's stories must not depend on what else is in the pile: mixed into Timeline17's
/// 2,525 articles of other years and topics, they still come out as the demo's stories.
#[test]
fn demo_stories_survive_a_larger_mixed_corpus() {
    let Some(dir) = common::shared_dir() else {
        eprintln!("SKIPPED: ../shared/data is absent, so there is no corpus to mix the demo into");
        return;
    };
    let path = dir.join("timelines/articles.jsonl");
    let mut files = storyline::demo::input_files();
    files.push(InputFile {
        name: path.display().to_string(),
        bytes: std::fs::read(&path).unwrap(),
    });
    let corpus = ingest_files(&files, &IngestOptions::default()).unwrap();
    let c = find_stories(&corpus.articles, &Settings::default(), &Quiet).unwrap();
    let gold = storyline::demo::gold_labels();
    let (pred, truth): (Vec<usize>, Vec<String>) = corpus
        .articles
        .iter()
        .zip(&c.labels)
        .filter_map(|(a, l)| gold.get(&a.id).map(|g| (*l, g.clone())))
        .unzip();
    assert_eq!(pred.len(), 158);
    let s = storyline::eval::score(&pred, &truth);
    eprintln!("demo inside Timeline17: bcubed f1 {:.3}", s.bcubed_f1);
    assert!(
        s.bcubed_f1 >= 0.93,
        "demo BCubed F1 inside a mixed corpus {:.3}",
        s.bcubed_f1
    );
    // A year of daily oil-spill coverage must not chain into one story.
    let largest = c
        .stories
        .iter()
        .map(|x| x.article_ids.len())
        .max()
        .unwrap_or(0);
    assert!(largest <= 400, "largest story has {largest} articles");
}
