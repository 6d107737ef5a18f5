//! Named-entity tagger: PER, ORG, LOC, MISC in IOB2, a first-order structured perceptron
//! (averaged) over hashed token features, decoded with Viterbi under IOB2 constraints. Trained
//! by `storyline train ner` on CoNLL-2003; the trained model is embedded in the binary.

pub mod conll;
pub mod features;

/// Precision, recall, F1 over exact entity spans: the scores every evaluation gives.
pub use crate::eval::Prf;

use crate::eval::ratio;
use crate::util::IntMap;
use crate::util::SplitMix64;
use features::{sentence_features, sentence_scores, DocHints, Index};
use serde::Serialize;
use std::sync::OnceLock;

/// The tags, in model order.
pub const TAGS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];
const N: usize = TAGS.len();
const START: usize = N;
/// Scores of moving from a tag (a row; the last row: the sentence start) to each tag.
type Transitions = [[f32; N]; N + 1];

/// An I- tag may only continue a B- or I- of its own type.
fn allowed(prev: usize, cur: usize) -> bool {
    if cur == 0 || cur % 2 == 1 {
        return true;
    }
    prev != START && prev != 0 && prev.div_ceil(2) == cur.div_ceil(2)
}

fn tag_id(t: &str) -> usize {
    TAGS.iter().position(|x| *x == t).unwrap_or(0)
}

/// A trained tagger.
pub struct Model {
    /// Feature hash -> weight per tag. The keys are already hashes, so the map hashes them
    /// with one multiplication rather than SipHash (this lookup is the tagger's inner loop).
    weights: IntMap<u64, [f32; N]>,
    transitions: Transitions,
    /// Distinguishes models in one process: per-thread sums kept while tagging belong to one.
    id: u64,
}

/// A new model id (see [`Model::id`]).
fn next_model_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Best tag sequence for emission scores `e[t][k]` and transition scores.
fn viterbi(e: &[[f32; N]], trans: &Transitions) -> Vec<usize> {
    let n = e.len();
    if n == 0 {
        return Vec::new();
    }
    // Only the previous position's scores are needed; back pointers fit a byte.
    let mut score = [f32::NEG_INFINITY; N];
    let mut back = vec![[0u8; N]; n];
    for k in 0..N {
        if allowed(START, k) {
            score[k] = trans[START][k] + e[0][k];
        }
    }
    for t in 1..n {
        let prev = score;
        for k in 0..N {
            // The allowed previous tags in increasing order (see `allowed`): any before O or
            // a B- tag, only the B- and I- of its own type before an I- tag. The first best
            // wins, as a scan over every allowed tag would choose.
            let from = if k == 0 || k % 2 == 1 {
                0..N
            } else {
                k - 1..k + 1
            };
            let mut best = (f32::NEG_INFINITY, 0);
            for j in from {
                let s = prev[j] + trans[j][k];
                if s > best.0 {
                    best = (s, j);
                }
            }
            score[k] = best.0 + e[t][k];
            back[t][k] = best.1 as u8;
        }
    }
    let mut k = (0..N)
        .max_by(|a, b| score[*a].total_cmp(&score[*b]).then(b.cmp(a)))
        .unwrap_or(0);
    let mut out = vec![0; n];
    for t in (0..n).rev() {
        out[t] = k;
        k = back[t][k] as usize;
    }
    out
}

impl Model {
    /// The model built into the binary (`models/ner.bin`), read once.
    pub fn embedded() -> &'static Model {
        static M: OnceLock<Model> = OnceLock::new();
        M.get_or_init(|| {
            Model::from_bytes(include_bytes!("../../models/ner.bin"))
                .unwrap_or_else(|_| Model::empty())
        })
    }

    fn empty() -> Model {
        Model {
            id: next_model_id(),
            weights: IntMap::default(),
            transitions: [[0.0; N]; N + 1],
        }
    }

    pub fn n_features(&self) -> usize {
        self.weights.len()
    }

    /// Tags the sentences of one document (document-level hints need all of them).
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<&'static str>> {
        let hints = DocHints::new(sentences);
        sentences
            .iter()
            .map(|s| {
                let e = sentence_scores(self.id, s, &hints, |f| self.weights.get(&f).copied());
                viterbi(&e, &self.transitions)
                    .into_iter()
                    .map(|k| TAGS[k])
                    .collect()
            })
            .collect()
    }

    /// Serialised model: magic, scale, transitions, then (hash, 9 × i16) per feature, sorted
    /// by hash so the bytes do not depend on hash-map order.
    pub fn to_bytes(&self) -> Vec<u8> {
        let max = self
            .weights
            .values()
            .flat_map(|w| w.iter())
            .fold(1e-6f32, |m, x| m.max(x.abs()));
        let scale = max / i16::MAX as f32;
        let mut out = Vec::with_capacity(16 + self.weights.len() * 26);
        out.extend(b"SLNER001");
        out.extend(scale.to_le_bytes());
        for row in &self.transitions {
            for x in row {
                out.extend(x.to_le_bytes());
            }
        }
        let mut keys: Vec<&u64> = self.weights.keys().collect();
        keys.sort();
        out.extend((keys.len() as u32).to_le_bytes());
        for k in keys {
            out.extend(k.to_le_bytes());
            for x in &self.weights[k] {
                out.extend(((x / scale).round() as i16).to_le_bytes());
            }
        }
        out
    }

    pub fn from_bytes(b: &[u8]) -> Result<Model, String> {
        let take = |at: &mut usize, n: usize| -> Result<&[u8], String> {
            let s = b.get(*at..*at + n).ok_or("model file is truncated")?;
            *at += n;
            Ok(s)
        };
        let mut at = 0;
        if take(&mut at, 8)? != b"SLNER001" {
            return Err("not a storyline NER model".into());
        }
        let f32_at = |s: &[u8]| f32::from_le_bytes([s[0], s[1], s[2], s[3]]);
        let scale = f32_at(take(&mut at, 4)?);
        let mut transitions = [[0.0f32; N]; N + 1];
        for row in transitions.iter_mut() {
            for x in row.iter_mut() {
                *x = f32_at(take(&mut at, 4)?);
            }
        }
        let count = u32::from_le_bytes(take(&mut at, 4)?.try_into().map_err(|_| "bad count")?);
        let mut weights = IntMap::with_capacity_and_hasher(count as usize, Default::default());
        for _ in 0..count {
            let k = u64::from_le_bytes(take(&mut at, 8)?.try_into().map_err(|_| "bad key")?);
            let mut row = [0.0f32; N];
            for x in row.iter_mut() {
                let s = take(&mut at, 2)?;
                *x = i16::from_le_bytes([s[0], s[1]]) as f32 * scale;
            }
            weights.insert(k, row);
        }
        Ok(Model {
            id: next_model_id(),
            weights,
            transitions,
        })
    }
}

/// Splits running text into sentences of tokens, CoNLL style (punctuation and a possessive
/// `'s` apart, "U.S." and "Mr." whole), as byte ranges into `text`.
pub fn tokenize(text: &str) -> Vec<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    // Reused between words: the punctuation split off a word's end, last first.
    let mut tail = Vec::new();
    for (s0, s1) in crate::text::sentence_spans(text) {
        let sentence = &text[s0..s1];
        let mut sent = Vec::with_capacity(sentence.len() / 4 + 2);
        if sentence.is_ascii() {
            ascii_sentence_tokens(text.as_bytes(), s0, s1, &mut sent, &mut tail);
        } else {
            sentence_tokens(text, s0, s1, &mut sent, &mut tail);
        }
        if !sent.is_empty() {
            out.push(sent);
        }
    }
    out
}

/// Whether a word before its final period keeps the period ("U.S.", "J.", "Mr.").
fn keeps_period(stem: &str) -> bool {
    stem.contains('.')
        || (stem.chars().count() == 1 && stem.chars().all(|x| x.is_uppercase()))
        || if stem.is_ascii() {
            crate::lexicon::tokenizer_abbreviations()
                .iter()
                .any(|a| a.eq_ignore_ascii_case(stem))
        } else {
            crate::lexicon::tokenizer_abbreviations().contains(&stem.to_lowercase().as_str())
        }
}

/// The tokens of the sentence `text[s0..s1]`, any text.
fn sentence_tokens(
    text: &str,
    s0: usize,
    s1: usize,
    sent: &mut Vec<(usize, usize)>,
    tail: &mut Vec<(usize, usize)>,
) {
    let sentence = &text[s0..s1];
    for chunk in sentence.split_whitespace() {
        // A chunk is a slice of the sentence: its offset is where it starts.
        let off = chunk.as_ptr() as usize - sentence.as_ptr() as usize;
        let (mut a, mut b) = (s0 + off, s0 + off + chunk.len());
        tail.clear();
        // Leading quotes and brackets.
        while let Some(c) = text[a..b].chars().next() {
            if "\"'([{“‘«".contains(c) && b - a > c.len_utf8() {
                sent.push((a, a + c.len_utf8()));
                a += c.len_utf8();
            } else {
                break;
            }
        }
        // Trailing punctuation, then a possessive.
        while let Some(c) = text[a..b].chars().next_back() {
            let word = &text[a..b];
            let keep_period = c == '.' && keeps_period(&word[..word.len() - 1]);
            if b - a > c.len_utf8() && ",;:!?\")]}”’».".contains(c) && !keep_period {
                tail.push((b - c.len_utf8(), b));
                b -= c.len_utf8();
            } else {
                break;
            }
        }
        let word = &text[a..b];
        for pos in ["'s", "’s"] {
            if word.len() > pos.len() + 1 && word.ends_with(pos) {
                tail.push((b - pos.len(), b));
                b -= pos.len();
                break;
            }
        }
        if b > a {
            sent.push((a, b));
        }
        sent.extend(tail.iter().rev());
    }
}

/// [`sentence_tokens`] for a sentence of ASCII text (most news), byte by byte: the same
/// tokens, without decoding characters.
fn ascii_sentence_tokens(
    bytes: &[u8],
    s0: usize,
    s1: usize,
    sent: &mut Vec<(usize, usize)>,
    tail: &mut Vec<(usize, usize)>,
) {
    // `char::is_whitespace` on ASCII: space and \t \n \x0B \x0C \r.
    let space = |b: u8| b == b' ' || (b'\t'..=b'\r').contains(&b);
    let mut i = s0;
    while i < s1 {
        if space(bytes[i]) {
            i += 1;
            continue;
        }
        let mut a = i;
        while i < s1 && !space(bytes[i]) {
            i += 1;
        }
        let mut b = i;
        tail.clear();
        while b - a > 1 && matches!(bytes[a], b'"' | b'\'' | b'(' | b'[' | b'{') {
            sent.push((a, a + 1));
            a += 1;
        }
        while b - a > 1 {
            let c = bytes[b - 1];
            let split = match c {
                b',' | b';' | b':' | b'!' | b'?' | b'"' | b')' | b']' | b'}' => true,
                // ASCII bytes: the stem is a valid str.
                b'.' => !keeps_period(std::str::from_utf8(&bytes[a..b - 1]).unwrap_or("")),
                _ => false,
            };
            if !split {
                break;
            }
            tail.push((b - 1, b));
            b -= 1;
        }
        if b - a > 3 && bytes[b - 2] == b'\'' && bytes[b - 1] == b's' {
            tail.push((b - 2, b));
            b -= 2;
        }
        if b > a {
            sent.push((a, b));
        }
        sent.extend(tail.iter().rev());
    }
}

/// One entity found in running text: byte range, type (PER, ORG, LOC, MISC) and the index of
/// its sentence and first token.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub sentence_start: usize,
    pub token_index: usize,
    /// The token just before the entity, lowercased ("president", "mr.").
    pub previous: String,
}

/// Tags running text with the embedded model.
pub fn find_entities(text: &str) -> Vec<Found> {
    let sentences = tokenize(text);
    let words: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.iter().map(|&(a, b)| &text[a..b]).collect())
        .collect();
    let tags = Model::embedded().tag_document(&words);
    let mut out = Vec::new();
    for ((spans, toks), tags) in sentences.iter().zip(&words).zip(tags) {
        for (i, j, kind) in conll::spans(&tags) {
            out.push(Found {
                start: spans[i].0,
                end: spans[j - 1].1,
                kind,
                sentence_start: spans[0].0,
                token_index: i,
                previous: if i > 0 {
                    toks[i - 1].to_lowercase()
                } else {
                    String::new()
                },
            });
        }
    }
    out
}

/// Training settings.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 12,
            seed: 17,
        }
    }
}

struct Example {
    feats: Vec<Vec<u32>>,
    gold: Vec<usize>,
}

fn examples(file: &conll::ConllFile, index: &mut Index, grow: bool) -> Vec<Example> {
    let mut out = Vec::new();
    for d in &file.documents {
        let sents: Vec<Vec<&str>> = d
            .sentences
            .iter()
            .map(|s| s.tokens.iter().map(String::as_str).collect())
            .collect();
        let hints = DocHints::new(&sents);
        for (s, toks) in d.sentences.iter().zip(&sents) {
            let feats = sentence_features(toks, &hints)
                .into_iter()
                .map(|fs| {
                    fs.into_iter()
                        .filter_map(|h| {
                            if grow {
                                Some(index.id(h))
                            } else {
                                index.map.get(&h).copied()
                            }
                        })
                        .collect()
                })
                .collect();
            out.push(Example {
                feats,
                gold: s.gold.iter().map(|g| tag_id(g)).collect(),
            });
        }
    }
    out
}

/// Averaged structured perceptron: `w` current, `u` accumulated step-weighted updates;
/// the average is `w - u / c`.
struct Weights {
    w: Vec<[f32; N]>,
    u: Vec<[f32; N]>,
    tw: Transitions,
    tu: Transitions,
    c: f32,
}

impl Weights {
    fn emissions(&self, ex: &Example, avg: bool) -> Vec<[f32; N]> {
        ex.feats
            .iter()
            .map(|fs| {
                let mut row = [0.0f32; N];
                for &f in fs {
                    let (w, u) = (&self.w[f as usize], &self.u[f as usize]);
                    for k in 0..N {
                        row[k] += if avg { w[k] - u[k] / self.c } else { w[k] };
                    }
                }
                row
            })
            .collect()
    }

    fn transitions(&self, avg: bool) -> Transitions {
        let mut t = self.tw;
        if avg {
            for (row, urow) in t.iter_mut().zip(&self.tu) {
                for (x, u) in row.iter_mut().zip(urow) {
                    *x -= u / self.c;
                }
            }
        }
        t
    }

    fn update(&mut self, ex: &Example, pred: &[usize]) {
        let c = self.c;
        for (t, fs) in ex.feats.iter().enumerate() {
            let (g, p) = (ex.gold[t], pred[t]);
            if g != p {
                for &f in fs {
                    self.w[f as usize][g] += 1.0;
                    self.u[f as usize][g] += c;
                    self.w[f as usize][p] -= 1.0;
                    self.u[f as usize][p] -= c;
                }
            }
            let (gp, pp) = if t == 0 {
                (START, START)
            } else {
                (ex.gold[t - 1], pred[t - 1])
            };
            if (gp, g) != (pp, p) {
                self.tw[gp][g] += 1.0;
                self.tu[gp][g] += c;
                self.tw[pp][p] -= 1.0;
                self.tu[pp][p] -= c;
            }
        }
    }
}

/// Trains on `train`, scoring `dev` after every epoch; returns the averaged model of the epoch
/// with the best dev F1 (or the last epoch without dev) and each epoch's dev micro F1.
pub fn train(
    train: &conll::ConllFile,
    dev: Option<&conll::ConllFile>,
    opts: &TrainOptions,
    mut progress: impl FnMut(usize, Option<f64>),
) -> (Model, Vec<f64>) {
    let mut index = Index::default();
    let train_ex = examples(train, &mut index, true);
    let dev_ex = dev.map(|d| examples(d, &mut index, false));
    let n_feat = index.map.len();
    let mut w = Weights {
        w: vec![[0.0; N]; n_feat],
        u: vec![[0.0; N]; n_feat],
        tw: [[0.0; N]; N + 1],
        tu: [[0.0; N]; N + 1],
        c: 1.0,
    };
    let mut order: Vec<usize> = (0..train_ex.len()).collect();
    let mut rng = SplitMix64(opts.seed);
    let mut history = Vec::new();
    // Dev F1, averaged weights and transitions of the best epoch so far.
    let mut best: Option<(f64, Vec<[f32; N]>, Transitions)> = None;
    for epoch in 1..=opts.epochs {
        // Fisher–Yates with the fixed seed: training is reproducible.
        for i in (1..order.len()).rev() {
            let j = rng.below(i + 1);
            order.swap(i, j);
        }
        for &i in &order {
            let ex = &train_ex[i];
            let pred = viterbi(&w.emissions(ex, false), &w.transitions(false));
            if pred != ex.gold {
                w.update(ex, &pred);
            }
            w.c += 1.0;
        }
        let f1 = dev_ex.as_ref().map(|dev| {
            let trans = w.transitions(true);
            let mut gold_tags = Vec::new();
            let mut pred_tags = Vec::new();
            for ex in dev {
                let pred = viterbi(&w.emissions(ex, true), &trans);
                gold_tags.push(ex.gold.iter().map(|k| TAGS[*k].to_string()).collect());
                pred_tags.push(pred.iter().map(|k| TAGS[*k].to_string()).collect());
            }
            score(&gold_tags, &pred_tags).micro.f1
        });
        progress(epoch, f1);
        if let Some(f) = f1 {
            history.push(f);
        }
        if best.as_ref().is_none_or(|b| f1.unwrap_or(f64::MAX) > b.0) || f1.is_none() {
            let avg: Vec<[f32; N]> = (0..n_feat)
                .map(|f| {
                    let mut row = w.w[f];
                    for (x, u) in row.iter_mut().zip(&w.u[f]) {
                        *x -= u / w.c;
                    }
                    row
                })
                .collect();
            best = Some((f1.unwrap_or(0.0), avg, w.transitions(true)));
        }
    }
    let (_, avg, transitions) = best.unwrap_or((0.0, Vec::new(), [[0.0; N]; N + 1]));
    let mut weights = IntMap::default();
    for (h, id) in &index.map {
        let row = avg[*id as usize];
        // Features the average left at (nearly) zero only cost space.
        if row.iter().any(|x| x.abs() > 0.01) {
            weights.insert(*h, row);
        }
    }
    (
        Model {
            id: next_model_id(),
            weights,
            transitions,
        },
        history,
    )
}

/// CoNLL-style scores: micro-averaged and per type.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NerScores {
    pub micro: Prf,
    pub per_type: std::collections::BTreeMap<String, Prf>,
}

/// Precision, recall and F1 of `correct` spans among `predicted` and `gold` ones.
fn prf(correct: usize, predicted: usize, gold: usize) -> Prf {
    Prf::new(
        ratio(correct as f64, predicted as f64),
        ratio(correct as f64, gold as f64),
    )
}

/// Exact-span scores of predicted against gold tag sequences (one per sentence), as conlleval
/// counts them.
pub fn score(gold: &[Vec<String>], predicted: &[Vec<String>]) -> NerScores {
    let mut counts: std::collections::BTreeMap<String, (usize, usize, usize)> = Default::default();
    for (g, p) in gold.iter().zip(predicted) {
        let gs = conll::spans(g);
        let ps = conll::spans(p);
        for s in &gs {
            counts.entry(s.2.clone()).or_default().2 += 1;
        }
        for s in &ps {
            let c = counts.entry(s.2.clone()).or_default();
            c.1 += 1;
            if gs.contains(s) {
                c.0 += 1;
            }
        }
    }
    let total = counts
        .values()
        .fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
    NerScores {
        micro: prf(total.0, total.1, total.2),
        per_type: counts
            .into_iter()
            .map(|(k, c)| (k, prf(c.0, c.1, c.2)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_like_conll() {
        let text = "President Bashar al-Assad's forces, the U.S. said (Mr. Trump). It ended.";
        let toks: Vec<&str> = tokenize(text)
            .into_iter()
            .flatten()
            .map(|(a, b)| &text[a..b])
            .collect();
        assert_eq!(
            toks,
            vec![
                "President",
                "Bashar",
                "al-Assad",
                "'s",
                "forces",
                ",",
                "the",
                "U.S.",
                "said",
                "(",
                "Mr.",
                "Trump",
                ")",
                ".",
                "It",
                "ended",
                "."
            ]
        );
    }

    #[test]
    fn ascii_sentences_are_split_as_any_text_is() {
        let texts = [
            "President Bashar al-Assad's forces, the U.S. said (Mr. Trump). It ended.",
            "\"Quoted,\" she said: [J. Smith's] {x} ((a)) Inc. vs. ST. no. 'tis \tnow\x0bthen\x0c.",
            "a's 's ''s . , ?! \"\" Gov. GOV. X. xy. Sept. end.\r\nNext line?",
        ];
        for text in texts {
            for (s0, s1) in crate::text::sentence_spans(text) {
                let (mut ascii, mut any) = (Vec::new(), Vec::new());
                ascii_sentence_tokens(text.as_bytes(), s0, s1, &mut ascii, &mut Vec::new());
                sentence_tokens(text, s0, s1, &mut any, &mut Vec::new());
                assert_eq!(ascii, any, "{:?}", &text[s0..s1]);
            }
        }
    }

    #[test]
    fn word_forms_kept_per_thread_give_exactly_the_summed_features() {
        let text = "President Bashar al-Assad met U.S. Secretary of State Rex Tillerson in Moscow \
                    on Wednesday. Assad said the talks in Moscow were useful.\n\nMOSCOW (Reuters) - \
                    Tillerson and Lavrov met Putin. Officials said Tillerson left. \
                    SYRIAN ARMY RETAKES PALMYRA. Gen. Mattis praised Apple Inc. and John Smith of \
                    the Labour Party. Go.";
        let words: Vec<Vec<&str>> = tokenize(text)
            .iter()
            .map(|s| s.iter().map(|&(a, b)| &text[a..b]).collect())
            .collect();
        let hints = DocHints::new(&words);
        let summed = |m: &Model, s: &[&str]| -> Vec<[f32; N]> {
            sentence_features(s, &hints)
                .iter()
                .map(|fs| {
                    let mut row = [0.0f32; N];
                    for f in fs {
                        if let Some(w) = m.weights.get(f) {
                            for k in 0..N {
                                row[k] += w[k];
                            }
                        }
                    }
                    row
                })
                .collect()
        };
        // Twice over (the second time from the kept sums), then with another model.
        let embedded = Model::embedded();
        let other = Model::empty();
        for m in [embedded, embedded, &other, embedded] {
            for s in &words {
                let kept = sentence_scores(m.id, s, &hints, |f| m.weights.get(&f).copied());
                assert_eq!(kept, summed(m, s));
            }
        }
    }

    #[test]
    fn finds_the_demo_names() {
        let text = "Rex Tillerson met Sergei Lavrov and Vladimir Putin in Moscow on Wednesday after the attack on Khan Sheikhun in Idlib, Syria.";
        let found: Vec<(&str, String)> = find_entities(text)
            .into_iter()
            .map(|f| (&text[f.start..f.end], f.kind))
            .collect();
        for (name, kind) in [
            ("Rex Tillerson", "PER"),
            ("Sergei Lavrov", "PER"),
            ("Vladimir Putin", "PER"),
            ("Moscow", "LOC"),
            ("Khan Sheikhun", "LOC"),
            ("Idlib", "LOC"),
            ("Syria", "LOC"),
        ] {
            assert!(
                found.contains(&(name, kind.to_string())),
                "{name}: {found:?}"
            );
        }
    }

    #[test]
    fn viterbi_never_starts_an_entity_with_i() {
        let mut e = vec![[0.0f32; N]; 2];
        e[0][2] = 5.0; // I-PER best locally
        e[1][2] = 5.0;
        let tags = viterbi(&e, &[[0.0; N]; N + 1]);
        assert_ne!(tags[0], 2);
        assert!(allowed(tags[0], tags[1]));
    }

    #[test]
    fn scores_count_exact_spans() {
        let t = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let gold = vec![t(&["B-PER", "I-PER", "O", "B-LOC"])];
        let pred = vec![t(&["B-PER", "O", "O", "B-LOC"])];
        let s = score(&gold, &pred);
        assert_eq!(s.micro.precision, 0.5);
        assert_eq!(s.micro.recall, 0.5);
        assert_eq!(s.per_type["LOC"].f1, 1.0);
        assert_eq!(s.per_type["PER"].f1, 0.0);
    }

    #[test]
    fn a_tiny_model_learns_and_round_trips() {
        let text = "-DOCSTART- O\n\nPeter B-PER\nmet O\nMary B-PER\nin O\nParis B-LOC\n.\tO\n\nJohn B-PER\nvisited O\nLondon B-LOC\n. O\n";
        let f = conll::parse(text);
        let (m, _) = train(&f, None, &TrainOptions { epochs: 5, seed: 1 }, |_, _| {});
        let back = Model::from_bytes(&m.to_bytes()).unwrap();
        let tags = back.tag_document(&[vec!["John", "visited", "Paris", "."]]);
        assert_eq!(tags[0], vec!["B-PER", "O", "B-LOC", "O"]);
    }
}
