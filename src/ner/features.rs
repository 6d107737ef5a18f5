//! Token features for the tagger, hashed to 64 bits: word forms, shapes, affixes, a window of
//! two words either side, gazetteer membership and document-level hints. Hashing keeps
//! tagging allocation-light (the tagger must run at hundreds of thousands of tokens a second).

use super::N;
use crate::lexicon;
use crate::util::FastSet;
use std::collections::HashMap;

/// Whether a word (lowercased, without a final period) is in each gazetteer, with the list's
/// feature name, in feature order.
fn lists_of(plain: &str) -> [(bool, &'static str); 6] {
    [
        (lexicon::places().contains(plain), "place"),
        (lexicon::demonyms().contains(plain), "demonym"),
        (lexicon::first_names().contains(plain), "first-name"),
        (lexicon::org_suffixes().contains(plain), "org-suffix"),
        (lexicon::org_words().contains(plain), "org-word"),
        (lexicon::titles().contains(plain), "title"),
    ]
}

/// Word shape: X for upper, x for lower, d for digits, the character itself otherwise; `short`
/// collapses repeats ("Xxxxx" → "Xx").
fn shapes(w: &str) -> (String, String) {
    let mut long = String::with_capacity(w.len());
    let mut short = String::new();
    for c in w.chars().take(12) {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        long.push(s);
        if !short.ends_with(s) {
            short.push(s);
        }
    }
    (long, short)
}

/// What the whole document says about a word: seen lowercase (a common word that was
/// capitalised only at a sentence start), seen capitalised mid-sentence (a name).
#[derive(Default)]
pub struct DocHints<'a> {
    /// The document's words that start in lower case, as written.
    lower_seen: FastSet<&'a str>,
    capital_mid: FastSet<String>,
}

impl<'a> DocHints<'a> {
    pub fn new(sentences: &[Vec<&'a str>]) -> DocHints<'a> {
        let mut h = DocHints::default();
        // Reused for each capitalised word: names recur, and a copy is kept only of a new one.
        let mut lowered = String::new();
        for s in sentences {
            let all_caps = s
                .iter()
                .filter(|w| w.chars().any(|c| c.is_alphabetic()))
                .all(|w| !w.chars().any(|c| c.is_lowercase()));
            for (i, w) in s.iter().enumerate() {
                let first = w.chars().next();
                if first.is_some_and(|c| c.is_lowercase()) {
                    h.lower_seen.insert(*w);
                } else if i > 0 && !all_caps && first.is_some_and(|c| c.is_uppercase()) {
                    if w.is_ascii() {
                        lowered.clear();
                        lowered.extend(w.bytes().map(|b| b.to_ascii_lowercase() as char));
                        if !h.capital_mid.contains(&lowered) {
                            h.capital_mid.insert(lowered.clone());
                        }
                    } else {
                        h.capital_mid.insert(w.to_lowercase());
                    }
                }
            }
        }
        h
    }
}

/// Hash of a feature: template number and value.
#[inline]
fn fh(template: u8, value: &str) -> u64 {
    fh_parts(template, &[value])
}

/// The hash of `parts` joined by `|`, computed without building the joined string (FNV-1a,
/// then the template mixed in).
#[inline]
fn fh_parts(template: u8, parts: &[&str]) -> u64 {
    let mut h = FNV_BASIS;
    for (k, p) in parts.iter().enumerate() {
        if k > 0 {
            h = fnv_separator(h);
        }
        h = fnv_bytes(h, p);
    }
    fnv_finish(h, template)
}

const FNV_BASIS: u64 = 0xcbf29ce484222325;
const FNV_PRIME: u64 = 0x100000001b3;

/// The hash state after `s`, from state `h`: a word's state from [`FNV_BASIS`] is where the
/// hash of a pair that starts with it continues.
#[inline]
fn fnv_bytes(mut h: u64, s: &str) -> u64 {
    for b in s.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

#[inline]
fn fnv_separator(h: u64) -> u64 {
    (h ^ b'|' as u64).wrapping_mul(FNV_PRIME)
}

#[inline]
fn fnv_finish(h: u64, template: u8) -> u64 {
    (h ^ (template as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_mul(FNV_PRIME)
}

/// What the features of one sentence's tokens are computed from.
struct Sentence<'a> {
    tokens: &'a [&'a str],
    lower: Vec<String>,
    shape: Vec<(String, String)>,
    all_caps: bool,
}

impl<'a> Sentence<'a> {
    fn new(tokens: &'a [&'a str]) -> Self {
        Sentence {
            tokens,
            lower: tokens.iter().map(|t| t.to_lowercase()).collect(),
            shape: tokens.iter().map(|t| shapes(t)).collect(),
            all_caps: tokens
                .iter()
                .filter(|w| w.chars().any(|c| c.is_alphabetic()))
                .all(|w| !w.chars().any(|c| c.is_lowercase())),
        }
    }

    fn word(&self, i: isize) -> &str {
        if i < 0 {
            "<s>"
        } else if i as usize >= self.tokens.len() {
            "</s>"
        } else {
            &self.lower[i as usize]
        }
    }

    fn short(&self, i: isize) -> &str {
        if i < 0 || i as usize >= self.tokens.len() {
            "-"
        } else {
            &self.shape[i as usize].1
        }
    }

    /// Features of token `i` that depend on its word alone (form, shape, affixes): always the
    /// first ones, so their weight sum can be kept per word.
    fn own_features(&self, i: usize, f: &mut Vec<u64>) {
        let l = &self.lower[i];
        f.push(fh(0, ""));
        f.push(fh(1, l));
        f.push(fh(2, self.tokens[i]));
        f.push(fh(3, &self.shape[i].0));
        f.push(fh(4, &self.shape[i].1));
        // Prefixes and suffixes of one to four characters, as slices of the word.
        let bounds: Vec<usize> = l.char_indices().map(|(b, _)| b).chain([l.len()]).collect();
        let n_chars = bounds.len() - 1;
        for k in 1..=4usize.min(n_chars) {
            f.push(fh(10 + k as u8, &l[..bounds[k]]));
            f.push(fh(20 + k as u8, &l[bounds[n_chars - k]..]));
        }
    }

    /// The rest: neighbours, position, capitals, document hints, gazetteers.
    fn context_features(&self, i: usize, hints: &DocHints, f: &mut Vec<u64>) {
        let n = self.tokens.len();
        let ii = i as isize;
        let w = self.tokens[i];
        let l = &self.lower[i];
        let sh = &self.shape[i].1;
        f.push(fh(30, self.word(ii - 1)));
        f.push(fh(31, self.word(ii + 1)));
        f.push(fh(32, self.word(ii - 2)));
        f.push(fh(33, self.word(ii + 2)));
        f.push(fh(34, self.short(ii - 1)));
        f.push(fh(35, self.short(ii + 1)));
        f.push(fh_parts(36, &[self.word(ii - 1), l]));
        f.push(fh_parts(37, &[l, self.word(ii + 1)]));
        f.push(fh_parts(38, &[self.short(ii - 1), sh, self.short(ii + 1)]));
        if i == 0 {
            f.push(fh(40, sh));
        }
        if self.all_caps {
            f.push(fh(41, sh));
            f.push(fh(42, l));
        }
        let first_upper = w.chars().next().is_some_and(|c| c.is_uppercase());
        if first_upper {
            if hints.lower_seen.contains(l.as_str()) {
                f.push(fh(43, "lower-elsewhere"));
            }
            if hints.capital_mid.contains(l.as_str()) {
                f.push(fh(44, "capital-mid-elsewhere"));
            }
        }
        let plain = l.trim_end_matches('.');
        for (on, name) in lists_of(plain) {
            if on {
                f.push(fh(50, name));
                f.push(fh_parts(51, &[name, sh]));
            }
        }
        if i + 1 < n {
            let next = self.lower[i + 1].trim_end_matches('.');
            if lexicon::org_suffixes().contains(next) {
                f.push(fh(52, "next-org-suffix"));
            }
            if lexicon::first_names().contains(plain)
                && self.tokens[i + 1]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase())
            {
                f.push(fh(53, "first-name-then-capital"));
            }
        }
        if i > 0 {
            let prev = self.lower[i - 1].trim_end_matches('.');
            if lexicon::titles().contains(prev) {
                f.push(fh(54, "after-title"));
            }
        }
    }
}

/// The feature hashes of every token of a sentence.
pub fn sentence_features(tokens: &[&str], hints: &DocHints) -> Vec<Vec<u64>> {
    let s = Sentence::new(tokens);
    (0..tokens.len())
        .map(|i| {
            let mut f: Vec<u64> = Vec::with_capacity(48);
            s.own_features(i, &mut f);
            s.context_features(i, hints, &mut f);
            f
        })
        .collect()
}

/// Word forms each thread keeps ([`WordForm`]) before it starts again.
const WORD_FORM_CACHE_MAX: usize = 100_000;

/// A weight row of the model, or none when the model has no such feature.
type Row = Option<[f32; N]>;

/// What the features of a token need of its word form alone, with the weights of the
/// features that depend on nothing else: kept per thread and model (words recur: Zipf), so a
/// token costs the lookups of its three pair features, not a hash per feature.
struct WordForm {
    lower: String,
    /// The hash state after `lower` ([`fnv_bytes`]), where a pair feature it starts goes on.
    lower_hash: u64,
    short: String,
    /// Sum of the word's own features ([`Sentence::own_features`]), in their order.
    own: [f32; N],
    /// Neighbour features as the word before (30), after (31), two before (32), two after
    /// (33), and its short shape before (34) and after (35).
    as_neighbour: [Row; 6],
    /// Sentence-initial shape (40); all-caps sentence shape (41) and word (42).
    first_shape: Row,
    caps_shape: Row,
    caps_word: Row,
    /// Gazetteer features (50 and 51 for each list the word is in), in their order.
    gazetteer: Vec<Row>,
    first_upper: bool,
    has_alpha: bool,
    has_lower: bool,
    is_org_suffix: bool,
    is_first_name: bool,
    is_title: bool,
}

impl WordForm {
    fn new(w: &str, weight: &impl Fn(u64) -> Row) -> WordForm {
        let one = [w];
        let s = Sentence::new(&one);
        let mut f = Vec::with_capacity(16);
        s.own_features(0, &mut f);
        let mut own = [0.0f32; N];
        add(&mut own, f.iter().map(|&h| weight(h)));
        let lower = s.lower[0].clone();
        let (_, short) = s.shape[0].clone();
        let plain = lower.trim_end_matches('.');
        let mut gazetteer = Vec::new();
        for (on, name) in lists_of(plain) {
            if on {
                gazetteer.push(weight(fh(50, name)));
                gazetteer.push(weight(fh_parts(51, &[name, &short])));
            }
        }
        WordForm {
            as_neighbour: [
                weight(fh(30, &lower)),
                weight(fh(31, &lower)),
                weight(fh(32, &lower)),
                weight(fh(33, &lower)),
                weight(fh(34, &short)),
                weight(fh(35, &short)),
            ],
            first_shape: weight(fh(40, &short)),
            caps_shape: weight(fh(41, &short)),
            caps_word: weight(fh(42, &lower)),
            gazetteer,
            first_upper: w.chars().next().is_some_and(|c| c.is_uppercase()),
            has_alpha: w.chars().any(|c| c.is_alphabetic()),
            has_lower: w.chars().any(|c| c.is_lowercase()),
            is_org_suffix: lexicon::org_suffixes().contains(plain),
            is_first_name: lexicon::first_names().contains(plain),
            is_title: lexicon::titles().contains(plain),
            own,
            lower_hash: fnv_bytes(FNV_BASIS, &lower),
            lower,
            short,
        }
    }
}

/// Weights of the features that are the same for every token that has them (sentence edges,
/// document hints, neighbour clues), looked up once per model.
struct Constants {
    /// Features 30–35 where the neighbour is past an edge of the sentence.
    edge: [Row; 6],
    lower_elsewhere: Row,
    capital_mid_elsewhere: Row,
    next_org_suffix: Row,
    first_name_then_capital: Row,
    after_title: Row,
}

impl Constants {
    fn new(weight: &impl Fn(u64) -> Row) -> Constants {
        Constants {
            edge: [
                weight(fh(30, "<s>")),
                weight(fh(31, "</s>")),
                weight(fh(32, "<s>")),
                weight(fh(33, "</s>")),
                weight(fh(34, "-")),
                weight(fh(35, "-")),
            ],
            lower_elsewhere: weight(fh(43, "lower-elsewhere")),
            capital_mid_elsewhere: weight(fh(44, "capital-mid-elsewhere")),
            next_org_suffix: weight(fh(52, "next-org-suffix")),
            first_name_then_capital: weight(fh(53, "first-name-then-capital")),
            after_title: weight(fh(54, "after-title")),
        }
    }
}

/// Adds weight rows in order (a missing feature adds nothing).
#[inline]
fn add(row: &mut [f32; N], rows: impl Iterator<Item = Row>) {
    for w in rows.flatten() {
        for k in 0..N {
            row[k] += w[k];
        }
    }
}

/// A neighbour's lowercased word, or the edge marker past the sentence.
fn word_or<'a>(x: Option<&'a WordForm>, edge: &'a str) -> &'a str {
    x.map_or(edge, |x| x.lower.as_str())
}

/// A neighbour's short shape, or "-" past the sentence.
fn short_or(x: Option<&WordForm>) -> &str {
    x.map_or("-", |x| x.short.as_str())
}

/// The word forms of one thread and the model they were weighed with.
#[derive(Default)]
struct FormCache {
    model: u64,
    constants: Option<Constants>,
    index: crate::util::FastMap<String, u32>,
    forms: Vec<WordForm>,
}

/// Emission scores of every token of a sentence: the weights of exactly the features
/// [`sentence_features`] gives, added in the same order, so the sums are bit for bit the same.
/// What depends on one word form alone is kept per thread ([`WordForm`]); `model` names whose
/// weights they are.
pub fn sentence_scores(
    model: u64,
    tokens: &[&str],
    hints: &DocHints,
    weight: impl Fn(u64) -> Row,
) -> Vec<[f32; N]> {
    thread_local! {
        static CACHE: std::cell::RefCell<FormCache> = std::cell::RefCell::new(Default::default());
    }
    CACHE.with(|cell| {
        let mut cache = cell.borrow_mut();
        if cache.model != model || cache.constants.is_none() {
            *cache = FormCache {
                model,
                constants: Some(Constants::new(&weight)),
                ..Default::default()
            };
        }
        // Emptied between sentences only: the sentence holds indices into it.
        if cache.forms.len() >= WORD_FORM_CACHE_MAX {
            cache.index.clear();
            cache.forms.clear();
        }
        let FormCache {
            constants,
            index,
            forms,
            ..
        } = &mut *cache;
        let ids: Vec<usize> = tokens
            .iter()
            .map(|&t| match index.get(t) {
                Some(&i) => i as usize,
                None => {
                    forms.push(WordForm::new(t, &weight));
                    index.insert(t.to_string(), (forms.len() - 1) as u32);
                    forms.len() - 1
                }
            })
            .collect();
        let c = constants.as_ref().expect("constants are set above");
        let n = tokens.len();
        // `fh_parts(template, [first, second])`, continued from the first word's state.
        let pair = |first: u64, second: &str, template: u8| {
            fnv_finish(fnv_bytes(fnv_separator(first), second), template)
        };
        let start = fnv_bytes(FNV_BASIS, "<s>");
        let all_caps = ids
            .iter()
            .filter(|&&i| forms[i].has_alpha)
            .all(|&i| !forms[i].has_lower);
        let at = |i: isize| -> Option<&WordForm> {
            (i >= 0 && (i as usize) < n).then(|| &forms[ids[i as usize]])
        };
        (0..n)
            .map(|i| {
                let ii = i as isize;
                let w = &forms[ids[i]];
                let mut row = w.own;
                let neighbour = |k: usize, at: Option<&WordForm>| -> Row {
                    at.map_or(c.edge[k], |x| x.as_neighbour[k])
                };
                let (p1, n1, p2, n2) = (at(ii - 1), at(ii + 1), at(ii - 2), at(ii + 2));
                add(
                    &mut row,
                    [
                        neighbour(0, p1),
                        neighbour(1, n1),
                        neighbour(2, p2),
                        neighbour(3, n2),
                        neighbour(4, p1),
                        neighbour(5, n1),
                        weight(pair(p1.map_or(start, |p| p.lower_hash), &w.lower, 36)),
                        weight(pair(w.lower_hash, word_or(n1, "</s>"), 37)),
                        weight(fh_parts(38, &[short_or(p1), &w.short, short_or(n1)])),
                    ]
                    .into_iter(),
                );
                if i == 0 {
                    add(&mut row, [w.first_shape].into_iter());
                }
                if all_caps {
                    add(&mut row, [w.caps_shape, w.caps_word].into_iter());
                }
                if w.first_upper {
                    if hints.lower_seen.contains(w.lower.as_str()) {
                        add(&mut row, [c.lower_elsewhere].into_iter());
                    }
                    if hints.capital_mid.contains(w.lower.as_str()) {
                        add(&mut row, [c.capital_mid_elsewhere].into_iter());
                    }
                }
                add(&mut row, w.gazetteer.iter().copied());
                if let Some(next) = n1 {
                    if next.is_org_suffix {
                        add(&mut row, [c.next_org_suffix].into_iter());
                    }
                    if w.is_first_name && next.first_upper {
                        add(&mut row, [c.first_name_then_capital].into_iter());
                    }
                }
                if p1.is_some_and(|p| p.is_title) {
                    add(&mut row, [c.after_title].into_iter());
                }
                row
            })
            .collect()
    })
}

/// Interns hashes during training so weights can live in flat vectors.
#[derive(Default)]
pub struct Index {
    pub map: HashMap<u64, u32>,
}

impl Index {
    pub fn id(&mut self, h: u64) -> u32 {
        let next = self.map.len() as u32;
        *self.map.entry(h).or_insert(next)
    }
}
