//! The JSONL, news-please JSON and CSV readers: any bytes give articles or reasons, never a
//! panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use storyline::ingest::{ingest_files, IngestOptions, InputFile};

fuzz_target!(|data: &[u8]| {
    for name in ["feed.jsonl", "feed.csv", "feed.json"] {
        let files = [InputFile {
            name: name.into(),
            bytes: data.to_vec(),
        }];
        for skip_invalid in [false, true] {
            let opts = IngestOptions {
                skip_invalid,
                ..Default::default()
            };
            let _ = ingest_files(&files, &opts);
        }
    }
});
