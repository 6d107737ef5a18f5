//! Token features for the tagger, hashed to 64 bits: word forms, shapes, affixes, a window of
//! two words either side, gazetteer membership and document-level hints. Hashing keeps
//! tagging allocation-light (the tagger must run at hundreds of thousands of tokens a second).

use crate::util::FastSet;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Common given names (public facts; our own list).
const FIRST_NAMES: &str = "john james robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george edward ronald timothy jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel frank gregory raymond alexander patrick jack dennis jerry tyler aaron jose henry adam douglas nathan peter zachary kyle walter harold jeremy ethan carl keith roger gerald christian terry sean arthur austin noah lawrence jesse joe bryan billy jordan albert dylan bruce willie gabriel alan juan logan wayne ralph roy eugene randy vincent russell louis philip bobby johnny bradley mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa margaret betty sandra ashley dorothy kimberly emily donna michelle carol amanda melissa deborah stephanie rebecca laura sharon cynthia kathleen amy shirley angela helen anna brenda pamela nicole samantha katherine emma ruth christine catherine debra rachel carolyn janet virginia maria heather diane julie joyce victoria kelly christina lauren joan evelyn olivia judith megan cheryl martha andrea frances hannah jacqueline ann gloria jean kathryn alice teresa sara janice doris madison julia grace judy abigail marie denise beverly amber theresa marilyn danielle diana brittany natalie sophia rose isabella alexis kayla charlotte hans juergen klaus helmut wolfgang werner gerhard dieter manfred uwe franz karl heinz pierre jacques jean-pierre michel alain philippe francois bernard boris vladimir sergei yuri nikolai igor viktor alexei ivan dmitry mikhail andrei oleg giovanni giuseppe marco luca antonio francesco carlos luis miguel manuel jorge pedro javier fernando ahmed mohammed muhammad ali hassan hussein omar mahmoud ibrahim abdul yasser saddam bashar benjamin yitzhak shimon ehud ariel nelson kofi bill hillary al newt bob dole jim tony gordon tom sam ben dan ken ron tim lee ian neil martin simon graham nigel colin alistair rupert gary wasim shane mike steve greg phil nick andy chris jim";

/// Words that follow organisation names.
const ORG_SUFFIXES: &str = "inc inc. corp corp. co co. ltd ltd. plc llc ag sa nv bv gmbh group holdings bank airlines association union party council committee ministry university club fc united city rovers athletic county international corporation company industries motors systems agency institute federation league commission exchange";

fn set(words: &'static str) -> FastSet<&'static str> {
    words.split_whitespace().collect()
}

pub(crate) struct Gazetteers {
    places: FastSet<&'static str>,
    demonyms: FastSet<&'static str>,
    first_names: FastSet<&'static str>,
    org_suffixes: FastSet<&'static str>,
    org_words: FastSet<&'static str>,
    titles: FastSet<&'static str>,
}

pub(crate) fn gazetteers() -> &'static Gazetteers {
    static G: OnceLock<Gazetteers> = OnceLock::new();
    G.get_or_init(|| Gazetteers {
        places: set(crate::entities::PLACES),
        demonyms: set(crate::entities::DEMONYMS),
        first_names: set(FIRST_NAMES),
        org_suffixes: set(ORG_SUFFIXES),
        org_words: set(crate::entities::ORG_WORDS),
        titles: set(crate::entities::TITLES),
    })
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
pub struct DocHints {
    lower_seen: FastSet<String>,
    capital_mid: FastSet<String>,
}

impl DocHints {
    pub fn new(sentences: &[Vec<&str>]) -> DocHints {
        let mut h = DocHints::default();
        for s in sentences {
            let all_caps = s
                .iter()
                .filter(|w| w.chars().any(|c| c.is_alphabetic()))
                .all(|w| !w.chars().any(|c| c.is_lowercase()));
            for (i, w) in s.iter().enumerate() {
                let first = w.chars().next();
                if first.is_some_and(|c| c.is_lowercase()) {
                    h.lower_seen.insert(w.to_string());
                } else if i > 0 && !all_caps && first.is_some_and(|c| c.is_uppercase()) {
                    h.capital_mid.insert(w.to_lowercase());
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

/// The hash of `parts` joined by `|`, computed without building the joined string.
#[inline]
fn fh_parts(template: u8, parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for (k, p) in parts.iter().enumerate() {
        if k > 0 {
            h ^= b'|' as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        for b in p.as_bytes() {
            h ^= *b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    h ^= (template as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h.wrapping_mul(0x100000001b3)
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
        let g = gazetteers();
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
        for (on, name) in [
            (g.places.contains(plain), "place"),
            (g.demonyms.contains(plain), "demonym"),
            (g.first_names.contains(plain), "first-name"),
            (g.org_suffixes.contains(plain), "org-suffix"),
            (g.org_words.contains(plain), "org-word"),
            (g.titles.contains(plain), "title"),
        ] {
            if on {
                f.push(fh(50, name));
                f.push(fh_parts(51, &[name, sh]));
            }
        }
        if i + 1 < n {
            let next = self.lower[i + 1].trim_end_matches('.');
            if g.org_suffixes.contains(next) {
                f.push(fh(52, "next-org-suffix"));
            }
            if g.first_names.contains(plain)
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
            if g.titles.contains(prev) {
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

/// Words whose own-feature sums each thread keeps before it starts again.
const OWN_SUM_CACHE_MAX: usize = 100_000;

/// Emission scores of every token of a sentence: the weights of exactly the features
/// [`sentence_features`] gives, added in the same order, so the sums are bit for bit the same.
/// The sum over a word's own features is the first part of that order, so each thread keeps it
/// per word (words recur: Zipf) and continues from it; `model` names whose weights they are.
pub fn sentence_scores<const N: usize>(
    model: u64,
    tokens: &[&str],
    hints: &DocHints,
    weight: impl Fn(u64) -> Option<[f32; N]>,
) -> Vec<[f32; N]> {
    thread_local! {
        /// The model the sums belong to, and the sums by word.
        static OWN: std::cell::RefCell<(u64, crate::util::FastMap<String, Vec<f32>>)> =
            std::cell::RefCell::new(Default::default());
    }
    let add = |row: &mut [f32; N], fs: &[u64]| {
        for &f in fs {
            if let Some(w) = weight(f) {
                for k in 0..N {
                    row[k] += w[k];
                }
            }
        }
    };
    let s = Sentence::new(tokens);
    let mut f: Vec<u64> = Vec::with_capacity(48);
    OWN.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.0 != model {
            *cell = (model, Default::default());
        }
        let own = &mut cell.1;
        (0..tokens.len())
            .map(|i| {
                let mut row = [0.0f32; N];
                match own.get(tokens[i]) {
                    Some(sum) => row.copy_from_slice(sum),
                    None => {
                        f.clear();
                        s.own_features(i, &mut f);
                        add(&mut row, &f);
                        if own.len() >= OWN_SUM_CACHE_MAX {
                            own.clear();
                        }
                        own.insert(tokens[i].to_string(), row.to_vec());
                    }
                }
                f.clear();
                s.context_features(i, hints, &mut f);
                add(&mut row, &f);
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
