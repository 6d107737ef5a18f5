//! Entity tagger throughput, one thread, release build: `cargo bench --bench ner`.
//!
//! Tags the CoNLL-2003 dev file in ../shared when present (else the embedded demo corpus,
//! tokenized, repeated to 200,000 tokens) three times and reports tokens per second.

use std::time::Instant;
use storyline::ner::{conll, tokenize, Model};

fn documents() -> (String, Vec<Vec<Vec<String>>>) {
    // Cargo names the checkout at run time; the compiled-in path may be another clone's.
    let repo = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or(env!("CARGO_MANIFEST_DIR").into());
    let dev = std::path::Path::new(&repo).join("../shared/data/ner/valid.txt");
    if let Ok(text) = std::fs::read_to_string(&dev) {
        let f = conll::parse(&text);
        let docs = f
            .documents
            .iter()
            .map(|d| d.sentences.iter().map(|s| s.tokens.clone()).collect())
            .collect();
        return ("CoNLL-2003 dev".into(), docs);
    }
    let corpus = storyline::ingest::ingest_files(
        &storyline::demo::input_files(),
        &storyline::ingest::IngestOptions::default(),
    )
    .expect("demo corpus");
    let mut docs = Vec::new();
    let mut n = 0;
    while n < 200_000 {
        for a in &corpus.articles {
            let doc: Vec<Vec<String>> = tokenize(&a.text)
                .into_iter()
                .map(|s| {
                    s.into_iter()
                        .map(|(x, y)| a.text[x..y].to_string())
                        .collect()
                })
                .collect();
            n += doc.iter().map(Vec::len).sum::<usize>();
            docs.push(doc);
        }
    }
    ("demo corpus, repeated".into(), docs)
}

fn main() {
    let (name, docs) = documents();
    let tokens: usize = docs.iter().flatten().map(Vec::len).sum();
    let model = Model::embedded();
    let mut best = f64::MAX;
    let mut entities = 0;
    for _ in 0..3 {
        let t = Instant::now();
        entities = 0;
        for d in &docs {
            let sents: Vec<Vec<&str>> = d
                .iter()
                .map(|s| s.iter().map(String::as_str).collect())
                .collect();
            for tags in model.tag_document(&sents) {
                entities += tags.iter().filter(|t| t.starts_with("B-")).count();
            }
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "entity tagger, {name}: {tokens} tokens in {best:.3} s (best of 3, one thread) = {:.0} tokens/s; {entities} entities",
        tokens as f64 / best
    );
}
