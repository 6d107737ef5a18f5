//! The demo corpus, embedded so `storyline run` works from any directory: fictional outlets,
//! April 2017, written for this project (see demo/README.md).

use crate::ingest::InputFile;
use include_dir::{include_dir, Dir};
use std::collections::HashMap;

static ARTICLES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/demo/articles");
static GOLD: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/demo/gold");

fn collect(dir: &Dir<'_>, prefix: &str, out: &mut Vec<InputFile>) {
    for f in dir.files() {
        out.push(InputFile {
            name: format!("{prefix}/{}", f.path().display()),
            bytes: f.contents().to_vec(),
        });
    }
    for d in dir.dirs() {
        collect(d, prefix, out);
    }
}

/// The demo's article files (JSONL, CSV and raw pages), named `demo/…`, sorted.
pub fn input_files() -> Vec<InputFile> {
    let mut v = Vec::new();
    collect(&ARTICLES, "demo", &mut v);
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

/// Gold story of every demo article (from the `gold/*.csv` sidecars, not the `*_stories.csv`).
pub fn gold_labels() -> HashMap<String, String> {
    let mut v = Vec::new();
    collect(&GOLD, "gold", &mut v);
    let mut m = HashMap::new();
    for f in v.iter().filter(|f| !f.name.ends_with("_stories.csv")) {
        m.extend(parse_gold_csv(&f.bytes));
    }
    m
}

/// Expected event date of every demo gold story.
pub fn gold_event_dates() -> HashMap<String, String> {
    let mut v = Vec::new();
    collect(&GOLD, "gold", &mut v);
    let mut m = HashMap::new();
    for f in v.iter().filter(|f| f.name.ends_with("_stories.csv")) {
        let mut r = csv::Reader::from_reader(f.bytes.as_slice());
        for rec in r.records().flatten() {
            if let (Some(s), Some(d)) = (rec.get(0), rec.get(1)) {
                m.insert(s.to_string(), d.to_string());
            }
        }
    }
    m
}

/// Reads an `id,gold_story` CSV sidecar.
pub fn parse_gold_csv(bytes: &[u8]) -> Vec<(String, String)> {
    let mut r = csv::Reader::from_reader(bytes);
    r.records()
        .flatten()
        .filter_map(|rec| Some((rec.get(0)?.to_string(), rec.get(1)?.to_string())))
        .collect()
}
