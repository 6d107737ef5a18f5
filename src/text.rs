//! Text basics shared by the stages: normalisation, sentences, tokens, stems, stop words.

use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// NFC, typographic quotes and dashes folded to ASCII, runs of spaces collapsed (newlines kept).
pub fn normalize(s: &str) -> String {
    // ASCII is already NFC: skip the composition pass for it; ASCII with no tab, carriage
    // return or double space (most of it) is already folded too.
    if s.is_ascii() {
        if !s.bytes().any(|b| b == b'\t' || b == b'\r') && !s.contains("  ") {
            return s.to_string();
        }
        fold(s.len(), s.chars())
    } else {
        fold(s.len(), s.nfc())
    }
}

fn fold(len: usize, chars: impl Iterator<Item = char>) -> String {
    let mut out = String::with_capacity(len);
    let mut last_space = false;
    for c in chars {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{2033}' => '"',
            '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
            '\u{00A0}' | '\u{2009}' | '\u{202F}' | '\t' => ' ',
            '\r' => continue,
            c => c,
        };
        if c == ' ' {
            if last_space {
                continue;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        out.push(c);
    }
    out
}

/// Sentence spans (byte offsets) of `text`: ends at . ! ? (and closing quotes) before a
/// capital/digit/quote, or at a line break; common abbreviations do not end sentences.
pub fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Only a line break or a sentence mark can end a sentence: skip to the next one.
        i = next_stop(bytes, i);
        if i >= bytes.len() {
            break;
        }
        let b = bytes[i];
        let mut end_here = None;
        if b == b'\n' {
            end_here = Some(i);
        } else if b == b'.' || b == b'!' || b == b'?' {
            let mut j = i + 1;
            while j < bytes.len() && (bytes[j] == b'"' || bytes[j] == b'\'' || bytes[j] == b')') {
                j += 1;
            }
            let followed_by_space = j >= bytes.len() || bytes[j] == b' ' || bytes[j] == b'\n';
            let next_starts = {
                let mut k = j;
                while k < bytes.len() && bytes[k] == b' ' {
                    k += 1;
                }
                k >= bytes.len()
                    || bytes[k].is_ascii_uppercase()
                    || bytes[k].is_ascii_digit()
                    || bytes[k] == b'"'
                    || bytes[k] == b'\''
                    || bytes[k] >= 0x80
                    || bytes[k] == b'\n'
            };
            if followed_by_space && next_starts && !(b == b'.' && is_abbreviation(&text[start..i]))
            {
                end_here = Some(j);
            }
        }
        if let Some(e) = end_here {
            push_trimmed(text, start, e, &mut spans);
            start = e;
            i = e.max(i + 1);
            continue;
        }
        i += 1;
    }
    push_trimmed(text, start, text.len(), &mut spans);
    spans
}

/// The first byte at or after `from` that is `.`, `!`, `?` or a line break (or the length),
/// eight bytes at a time.
fn next_stop(bytes: &[u8], mut from: usize) -> usize {
    // Per byte, 0x80 at the lowest zero byte of `v` (and maybe above it, never below).
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & (ONES * 0x80);
    while let Some(chunk) = bytes.get(from..from + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let stops = zero(x ^ (ONES * b'.' as u64))
            | zero(x ^ (ONES * b'!' as u64))
            | zero(x ^ (ONES * b'?' as u64))
            | zero(x ^ (ONES * b'\n' as u64));
        if stops != 0 {
            return from + (stops.trailing_zeros() / 8) as usize;
        }
        from += 8;
    }
    while from < bytes.len() && !matches!(bytes[from], b'.' | b'!' | b'?' | b'\n') {
        from += 1;
    }
    from
}

fn push_trimmed(text: &str, start: usize, end: usize, spans: &mut Vec<(usize, usize)>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if s.trim().is_empty() {
        return;
    }
    spans.push((start + lead, end - trail));
}

fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let w = word.to_ascii_lowercase();
    // Single capital letters ("J. Okafor") and known abbreviations.
    (word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase()))
        || crate::lexicon::sentence_abbreviations().contains(w.as_str())
}

/// Sentences of `text` as slices.
pub fn sentences(text: &str) -> Vec<&str> {
    sentence_spans(text)
        .into_iter()
        .map(|(a, b)| &text[a..b])
        .collect()
}

/// Word tokens with byte offsets: letters/digits with inner apostrophes, hyphens and periods
/// ("al-Assad", "U.S."); possessive 's dropped.
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    // ASCII text (most news) is scanned as bytes; other text as characters with their offsets.
    if text.is_ascii() {
        ascii_word_spans(text.as_bytes())
    } else {
        char_word_spans(text)
    }
}

/// [`word_spans`] of any text, character by character.
fn char_word_spans(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    spans_of(text, chars.len(), |i| chars[i].0, |i| chars[i].1)
}

/// Bytes 0x01 repeated: one per byte of a `u64`.
const ONES: u64 = 0x0101_0101_0101_0101;

/// Per byte of `x` (ASCII: high bits clear), 0x80 where the byte is in `lo..=hi`. No byte
/// carries into the next: every sum stays below 0x100.
#[inline]
fn bytes_in(x: u64, lo: u8, hi: u8) -> u64 {
    (x.wrapping_add(ONES * (0x80 - lo as u64)) & !x.wrapping_add(ONES * (0x7F - hi as u64)))
        & (ONES * 0x80)
}

/// The 0x80 bits of each byte of `m` as eight bits, byte k to bit k.
#[inline]
fn byte_mask(m: u64) -> u64 {
    (m >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// Bit masks over the bytes of ASCII text, 64 bytes a word: letters and digits, and the
/// joiners that may sit inside a word (`'`, `-`, `.`).
fn ascii_classes(b: &[u8]) -> (Vec<u64>, Vec<u64>) {
    let words = b.len().div_ceil(64);
    // One word more than the text, so the byte after the last is never a letter.
    let mut alnum = vec![0u64; words + 1];
    let mut joiner = vec![0u64; words];
    for (c, chunk) in b.chunks(8).enumerate() {
        let (a, j) = if let Ok(eight) = <[u8; 8]>::try_from(chunk) {
            let x = u64::from_le_bytes(eight);
            let alpha = bytes_in(x | (ONES * 0x20), b'a', b'z');
            let digit = bytes_in(x, b'0', b'9');
            let join = bytes_in(x, b'\'', b'\'') | bytes_in(x, b'-', b'.');
            (byte_mask(alpha | digit), byte_mask(join))
        } else {
            let bits = |f: fn(&u8) -> bool| {
                chunk
                    .iter()
                    .enumerate()
                    .fold(0u64, |m, (k, x)| m | (f(x) as u64) << k)
            };
            (
                bits(u8::is_ascii_alphanumeric),
                bits(|x| matches!(x, b'\'' | b'-' | b'.')),
            )
        };
        alnum[c / 8] |= a << ((c % 8) * 8);
        joiner[c / 8] |= j << ((c % 8) * 8);
    }
    (alnum, joiner)
}

/// [`word_spans`] of ASCII text: the same spans as [`spans_of`] gives, found with bit masks.
/// A word is a run of letters and digits, with a joiner inside it when a letter or digit is on
/// both sides; a possessive `'s` is dropped, and a final period kept after an abbreviation
/// with periods inside ("U.S.").
fn ascii_word_spans(b: &[u8]) -> Vec<(usize, usize)> {
    let n = b.len();
    // About one word in six bytes of news text: rarely grown.
    let mut out = Vec::with_capacity(n / 5 + 1);
    let (alnum, joiner) = ascii_classes(b);
    let mut open: Option<usize> = None;
    let mut previous_in_word = 0u64;
    let mut push = |start: usize, j: usize| {
        let mut end = j;
        if end - start >= 2 && b[end - 2] == b'\'' && matches!(b[end - 1], b's' | b'S') {
            end -= 2;
        }
        if j < n && b[j] == b'.' && b[start..j].contains(&b'.') {
            end = j + 1;
        }
        out.push((start, end));
    };
    for (w, &j) in joiner.iter().enumerate() {
        let a = alnum[w];
        let before = a << 1 | if w > 0 { alnum[w - 1] >> 63 } else { 0 };
        let after = a >> 1 | alnum[w + 1] << 63;
        let in_word = a | (j & before & after);
        // Where a word starts or ends: the bit differs from the one before it.
        let mut edges = in_word ^ (in_word << 1 | previous_in_word);
        previous_in_word = in_word >> 63;
        while edges != 0 {
            let at = w * 64 + edges.trailing_zeros() as usize;
            edges &= edges - 1;
            match open.take() {
                None => open = Some(at),
                Some(start) => push(start, at),
            }
        }
    }
    if let Some(start) = open {
        push(start, n);
    }
    out
}

/// [`word_spans`] over `n` characters, the i-th at byte `at(i)` being `ch(i)`.
fn spans_of(
    text: &str,
    n: usize,
    at: impl Fn(usize) -> usize,
    ch: impl Fn(usize) -> char,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        if !ch(i).is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = at(i);
        let mut j = i + 1;
        while j < n {
            let c = ch(j);
            if c.is_alphanumeric() {
                j += 1;
            } else if (c == '\'' || c == '-' || c == '.' || c == '\u{2019}')
                && j + 1 < n
                && ch(j + 1).is_alphanumeric()
            {
                j += 2;
            } else {
                break;
            }
        }
        let mut end = if j < n { at(j) } else { text.len() };
        let word = &text[start..end];
        if word.ends_with("'s") || word.ends_with("'S") {
            end -= 2;
        } else if word.ends_with("\u{2019}s") {
            end -= 4;
        }
        // A trailing abbreviation period ("U.S.") belongs to the word.
        if j < n && ch(j) == '.' && text[start..end].contains('.') {
            end = at(j) + 1;
        }
        out.push((start, end));
        i = j.max(i + 1);
    }
    out
}

/// Lowercased word tokens.
pub fn words(text: &str) -> Vec<String> {
    word_spans(text)
        .into_iter()
        .map(|(a, b)| text[a..b].to_lowercase())
        .collect()
}

/// English stop words: function words and news boilerplate that say nothing about the story.
pub fn is_stopword(w: &str) -> bool {
    crate::lexicon::stopwords().contains(w)
}

/// Snowball (Porter 2) English stem. Words recur (Zipf), so each thread keeps the stems it has
/// made; the cache is emptied when it grows large.
pub fn stem(w: &str) -> String {
    static STEMMER: OnceLock<rust_stemmers::Stemmer> = OnceLock::new();
    thread_local! {
        static CACHE: std::cell::RefCell<crate::util::FastMap<String, String>> =
            std::cell::RefCell::new(Default::default());
    }
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if let Some(s) = c.get(w) {
            return s.clone();
        }
        let s = STEMMER
            .get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English))
            .stem(w)
            .into_owned();
        if c.len() >= WORD_CACHE_MAX {
            c.clear();
        }
        c.insert(w.to_string(), s.clone());
        s
    })
}

/// Word forms each of a thread's caches (stems, terms) holds before it starts again.
pub(crate) const WORD_CACHE_MAX: usize = 200_000;

/// Content terms of a text: lowercased, stop words and numbers-only tokens removed, stemmed.
pub fn terms(text: &str) -> Vec<String> {
    placed_terms(text).into_iter().map(|(_, t)| t).collect()
}

/// [`terms`], each with the byte offset its word starts at.
pub fn placed_terms(text: &str) -> Vec<(usize, String)> {
    // Each thread keeps the term of every word form it has seen (words recur: Zipf), so a
    // form is lowercased, checked and stemmed once.
    thread_local! {
        static TERMS: std::cell::RefCell<crate::util::FastMap<String, Option<String>>> =
            std::cell::RefCell::new(Default::default());
    }
    TERMS.with(|cache| {
        let mut cache = cache.borrow_mut();
        word_spans(text)
            .into_iter()
            .filter_map(|(a, b)| {
                let form = &text[a..b];
                if let Some(t) = cache.get(form) {
                    return t.clone().map(|t| (a, t));
                }
                let t = term(form);
                if cache.len() >= WORD_CACHE_MAX {
                    cache.clear();
                }
                cache.insert(form.to_string(), t.clone());
                t.map(|t| (a, t))
            })
            .collect()
    })
}

/// The term of one word form: `None` for stop words, one-letter words and numbers.
pub fn term(form: &str) -> Option<String> {
    let w = form.to_lowercase();
    let w = w.trim_end_matches('.');
    if w.len() < 2
        || is_stopword(w)
        || w.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        None
    } else {
        Some(stem(&w.replace('.', "")))
    }
}

/// Which end of a text [`ellipsize`] keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// The beginning ("Missiles hit…"): labels, quoted sentences, echoed records.
    Start,
    /// The end ("…stories/basil.jsonl"): paths, whose ends tell them apart.
    End,
}

/// `s` when it has at most `chars` characters; otherwise its first (or last) `chars`
/// characters with "…" where the rest was cut.
pub fn ellipsize(s: &str, chars: usize, keep: Keep) -> String {
    let n = s.chars().count();
    if n <= chars {
        return s.to_string();
    }
    match keep {
        Keep::Start => {
            let end = s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i);
            format!("{}…", &s[..end])
        }
        Keep::End => {
            let start = s.char_indices().nth(n - chars).map_or(s.len(), |(i, _)| i);
            format!("…{}", &s[start..])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_respect_abbreviations_and_quotes() {
        let t = "Mr. Tillerson met Mr. Lavrov in Moscow. \"It was frank,\" he said. The U.S. envoy left.\nNext line";
        let s = sentences(t);
        assert_eq!(
            s,
            vec![
                "Mr. Tillerson met Mr. Lavrov in Moscow.",
                "\"It was frank,\" he said.",
                "The U.S. envoy left.",
                "Next line"
            ]
        );
    }

    #[test]
    fn words_keep_inner_hyphens_and_drop_possessives() {
        assert_eq!(
            words("Bashar al-Assad's forces hit U.S. targets"),
            vec!["bashar", "al-assad", "forces", "hit", "u.s.", "targets"]
        );
    }

    /// `len` bytes drawn from `pieces`, for the scanners' randomized tests.
    fn random_bytes(rng: &mut crate::util::SplitMix64, pieces: &[u8], len: usize) -> Vec<u8> {
        (0..len).map(|_| pieces[rng.below(pieces.len())]).collect()
    }

    #[test]
    fn the_next_sentence_stop_is_the_first_one_a_byte_scan_finds() {
        // Bytes of every kind, UTF-8 lead and continuation bytes among them.
        let pieces = [
            b'.', b'!', b'?', b'\n', b'a', b' ', 0x00, 0x2d, 0x2f, 0x3e, 0xe2, 0x80,
        ];
        let mut rng = crate::util::SplitMix64(11);
        for len in 0..100 {
            for _ in 0..50 {
                let bytes = random_bytes(&mut rng, &pieces, len);
                for from in 0..=len {
                    let scanned = (from..len)
                        .find(|&i| matches!(bytes[i], b'.' | b'!' | b'?' | b'\n'))
                        .unwrap_or(len);
                    assert_eq!(next_stop(&bytes, from), scanned, "{bytes:?} from {from}");
                }
            }
        }
    }

    #[test]
    fn ascii_text_is_split_into_the_words_the_character_scan_gives() {
        let texts = [
            "U.S. officials' talks in al-Assad's Syria; Mr. Trump's J.P. Morgan. End.",
            "It's 4.5% of 1,200 -- rock'n'roll ISIS'S a.b.c. x-.y 'quoted' e.g. end.",
            "a's 's s' a-b-c- .a a. ..b 9-11 O'Neill's.",
            "",
            "...",
            "ab'S",
        ];
        for text in texts {
            assert_eq!(
                ascii_word_spans(text.as_bytes()),
                char_word_spans(text),
                "{text:?}"
            );
        }
        // Random texts of every length around the 8- and 64-byte blocks the masks are made
        // in, from bytes that start, join, end and cut words (and some that never do).
        let pieces = b"aZ09'.-sS ,\t\n@[`{/:";
        let mut rng = crate::util::SplitMix64(7);
        for len in 0..300 {
            for _ in 0..20 {
                let bytes = random_bytes(&mut rng, pieces, len);
                let text = std::str::from_utf8(&bytes).expect("ASCII");
                assert_eq!(ascii_word_spans(&bytes), char_word_spans(text), "{text:?}");
            }
        }
    }

    #[test]
    fn placed_terms_start_where_their_words_do_and_stop_at_a_paragraph_break() {
        let t = "Missiles struck the U.S.\n\nOfficials said the airbase's runway survived.";
        let placed = placed_terms(t);
        // Once more, now from the thread's cache of word forms.
        assert_eq!(placed_terms(t), placed);
        let starts: Vec<usize> = word_spans(t).into_iter().map(|(a, _)| a).collect();
        assert!(placed.iter().all(|(at, _)| starts.contains(at)));
        assert_eq!(placed[0], (0, "missil".to_string()));
        assert_eq!(
            placed[2],
            (t.find("U.S.").expect("in text"), "us".to_string())
        );
        let first_paragraph = &t[..t.find("\n\n").expect("a break")];
        let before = placed.partition_point(|(at, _)| *at < first_paragraph.len());
        assert_eq!(before, terms(first_paragraph).len());
        assert_eq!(
            placed.into_iter().map(|(_, t)| t).collect::<Vec<_>>(),
            terms(t)
        );
    }

    #[test]
    fn terms_are_stemmed_without_stopwords() {
        assert_eq!(
            terms("The missiles struck the airbase on Friday"),
            vec!["missil", "struck", "airbas"]
        );
    }

    #[test]
    fn normalize_folds_ascii_tabs_returns_and_runs_of_spaces() {
        assert_eq!(normalize("a  b\tc\r\n \t d"), "a b c\n d");
        assert_eq!(
            normalize("Already folded.\nTwo lines."),
            "Already folded.\nTwo lines."
        );
    }

    #[test]
    fn normalize_folds_quotes_and_spaces() {
        assert_eq!(
            normalize("It\u{2019}s  \u{201C}frank\u{201D}\r\n"),
            "It's \"frank\"\n"
        );
    }

    #[test]
    fn ellipsize_keeps_the_chosen_end_in_whole_characters() {
        assert_eq!(ellipsize("Khan Sheikhun", 13, Keep::Start), "Khan Sheikhun");
        assert_eq!(ellipsize("Khan Sheikhun", 4, Keep::Start), "Khan…");
        assert_eq!(ellipsize("Khan Sheikhun", 5, Keep::Start), "Khan …");
        assert_eq!(ellipsize("Şayrat airbase", 3, Keep::Start), "Şay…");
        assert_eq!(ellipsize("dev/basil.jsonl", 5, Keep::End), "…jsonl");
        assert_eq!(ellipsize("ab", 0, Keep::End), "…");
    }
}
