//! Temporal tagger throughput, one thread, release build: `cargo bench --bench temporal`.
//!
//! Tags the Timeline17 article texts in ../shared (16 MB) when present, else the embedded
//! demo corpus repeated to 8 MB, three times, and reports MB of text per second.

use chrono::NaiveDate;
use std::time::Instant;
use storyline::ingest::{ingest_files, IngestOptions, InputFile};

fn texts() -> (String, Vec<String>) {
    // Cargo names the checkout at run time; the compiled-in path may be another clone's.
    let repo = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or(env!("CARGO_MANIFEST_DIR").into());
    let t17 = std::path::Path::new(&repo).join("../shared/data/timelines/articles.jsonl");
    if let Ok(bytes) = std::fs::read(&t17) {
        let texts = String::from_utf8_lossy(&bytes)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["text"].as_str().map(str::to_string))
            .collect();
        return ("Timeline17 articles".into(), texts);
    }
    let files: Vec<InputFile> = storyline::demo::input_files();
    let corpus = ingest_files(&files, &IngestOptions::default()).expect("demo corpus");
    let demo: Vec<String> = corpus.articles.iter().map(|a| a.text.clone()).collect();
    let size: usize = demo.iter().map(String::len).sum();
    let copies = (8 << 20) / size.max(1) + 1;
    (
        "demo corpus, repeated".into(),
        demo.iter()
            .cloned()
            .cycle()
            .take(demo.len() * copies)
            .collect(),
    )
}

fn main() {
    let (name, texts) = texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let dct = NaiveDate::from_ymd_opt(2010, 6, 1).expect("date");
    let mut best = f64::MAX;
    let mut found = 0;
    for _ in 0..3 {
        let t = Instant::now();
        found = texts
            .iter()
            .map(|x| storyline::temporal::find_mentions(x, dct).len())
            .sum::<usize>();
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "temporal tagger, {name}: {:.1} MB in {best:.2} s (best of 3, one thread) = {:.1} MB/s; {found} expressions",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / best
    );
}
