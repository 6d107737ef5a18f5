//! Raw scraped pages: splitting into headline, caption, dateline and body, and dating an
//! undated page from its text, must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use storyline::ingest::{ingest_files, IngestOptions, InputFile};

fuzz_target!(|data: &[u8]| {
    let files = [InputFile {
        name: "pages/Fuzz Outlet/page.txt".into(),
        bytes: data.to_vec(),
    }];
    for skip_invalid in [false, true] {
        let opts = IngestOptions {
            skip_invalid,
            ..Default::default()
        };
        let _ = ingest_files(&files, &opts);
    }
});
