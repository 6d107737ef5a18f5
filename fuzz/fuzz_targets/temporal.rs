//! The temporal tagger and normaliser, and the TimeML reader: any text, any reference day.
#![no_main]

use chrono::{Duration, NaiveDate};
use libfuzzer_sys::fuzz_target;
use storyline::temporal::{find_mentions, timeml};

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    // The first two bytes pick the reference day, anywhere from 1900 to 2079.
    let days = u16::from_le_bytes([data[0], data[1]]) as i64;
    let Some(base) = NaiveDate::from_ymd_opt(1900, 1, 1) else {
        return;
    };
    let reference = base + Duration::days(days);
    let text = String::from_utf8_lossy(&data[2..]);
    for m in find_mentions(&text, reference) {
        assert!(m.start < m.end && m.end <= text.len());
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
    }
    if let Ok(doc) = timeml::parse(&text) {
        let tags = timeml::tag(&doc);
        let _ = timeml::write(&doc, &tags);
    }
});
