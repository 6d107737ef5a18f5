//! A deterministic synthetic news pile with gold story labels, for scale tests and benchmarks.
//!
//! What makes it hard the way real news is hard:
//! - story families: two to six successive or overlapping events (an attack, the retaliation
//!   three days later, talks a week after) in one region that share people, places, an
//!   organisation and about half their specific vocabulary, days to weeks apart, each its own
//!   gold story; follow-ups mention the family's earlier event ("after last week's …") and
//!   later articles of an event mention what followed it;
//! - themes and kinds of event: every conflict story uses conflict words, every earthquake
//!   earthquake words; regions (with their capital, cities and leader) recur across unrelated
//!   stories, popular ones more; global entities (heads of state, big institutions) appear
//!   across many stories; names come from limited pools, so surnames repeat;
//! - lower and variable density of story-specific words, short briefs with few of them, and
//!   vocabulary that drifts over a long story's life;
//! - outlets with their own bylines and boilerplate, "most read" headlines of other stories
//!   scraped into the text, other scraping noise, wire copies republished by one to three
//!   other outlets, relative date phrases;
//! - heavy-tailed story sizes (Zipf-like), bursts that decay over days to weeks.
//!
//! Scale: the pile is planned first as compact records (time, story, outlet, seed; about 40
//! bytes an article), sorted by publication time, then written in order in parallel chunks;
//! each article's text depends only on its own seed, so the same settings give the same bytes.

mod rng;

pub use rng::SplitMix64;

use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};
use rayon::prelude::*;
use std::io::{self, Write};

/// Settings of a synthetic pile.
#[derive(Clone, Debug)]
pub struct SynthOptions {
    pub articles: usize,
    pub seed: u64,
    /// First day of the pile.
    pub start: DateTime<Utc>,
}

impl Default for SynthOptions {
    fn default() -> Self {
        SynthOptions {
            articles: 10_000,
            seed: 1,
            start: Utc
                .with_ymd_and_hms(2017, 1, 1, 0, 0, 0)
                .single()
                .unwrap_or_default(),
        }
    }
}

const WORDS: &str = include_str!("words.txt");
const SYLLABLES: [&str; 24] = [
    "ka", "lo", "mer", "an", "ti", "sor", "vel", "da", "ri", "no", "bas", "el", "tor", "mi", "sa",
    "gun", "ha", "ler", "os", "ven", "ru", "dim", "ca", "pe",
];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const NOISE: [&str; 7] = [
    "Read more",
    "Share this article on Facebook",
    "Advertisement",
    "Sign up for our morning newsletter",
    "Load next story",
    "Skip to main content",
    "We use cookies to improve your experience",
];
const ORG_KINDS: [&str; 8] = [
    "Council",
    "Group",
    "Ministry",
    "Bank",
    "Union",
    "Front",
    "Party",
    "Authority",
];
const OUTLET_KINDS: [&str; 6] = ["Times", "Post", "Herald", "Wire", "Daily", "Courier"];
const TITLE_VERBS: [&str; 10] = [
    "says",
    "warns",
    "rejects",
    "urges",
    "denies",
    "vows",
    "backs",
    "criticises",
    "defends",
    "calls for",
];
const SAY: [&str; 6] = [
    "said",
    "told reporters",
    "warned",
    "added",
    "insisted",
    "said in a statement",
];
/// Themes a family turns to after its first event: the political, diplomatic and legal
/// response (by name; see words.txt).
const RESPONSE_THEMES: [&str; 3] = ["diplomacy", "politics", "justice"];
/// Themes whose stories also mention the heads of state of the big powers.
const WORLD_THEMES: [&str; 5] = ["conflict", "diplomacy", "politics", "economy", "energy"];

/// Offset of the story-size law: story of popularity rank r gets a share ∝ 1/(r + this).
const SIZE_OFFSET: f64 = 2.0;
/// Share of families with one story only.
const SINGLE_FAMILY: f64 = 0.40;
/// Specific words of a story, and how many of them one article's angle draws on.
const OWN_WORDS: usize = 12;
const ANGLE_WORDS: usize = 6;
/// Words a family's stories share.
const FAMILY_WORDS: usize = 7;
/// Share of articles republished as wire copies.
const WIRE_SHARE: f64 = 0.08;
/// Articles rendered per parallel task.
const TASK_ARTICLES: usize = 256;

struct Rng(SplitMix64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(SplitMix64(seed))
    }
    fn below(&mut self, n: usize) -> usize {
        self.0.below(n)
    }
    fn unit(&mut self) -> f64 {
        self.0.next_f64()
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
    /// Zipf-like rank in `0..n` (exponent about 1).
    fn zipf(&mut self, n: usize) -> usize {
        let u = self.unit();
        (((n as f64 + 1.0).powf(u) - 1.0) as usize).min(n.max(1) - 1)
    }
    /// Rank in `0..n` with probability ∝ 1/(rank + a): a Zipf law with a softer head.
    fn zipf_offset(&mut self, n: usize, a: f64) -> usize {
        let u = self.unit();
        let x = a * ((n as f64 + a) / a).powf(u) - a;
        (x as usize).min(n.max(1) - 1)
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    fn word(&mut self, xs: &[&'static str]) -> &'static str {
        xs[self.below(xs.len())]
    }
    fn one<'a>(&mut self, xs: &'a [String]) -> &'a str {
        &xs[self.below(xs.len())]
    }
}

/// A well-mixed seed for item `i` of stream `salt`.
fn seed_for(seed: u64, salt: u64, i: u64) -> u64 {
    let mut m = SplitMix64(
        seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ salt.wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
            ^ i.wrapping_mul(0xD1B5_4A32_D192_ED03),
    );
    m.next_u64();
    m.next_u64()
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn name(rng: &mut Rng, syllables: usize) -> String {
    let s: String = (0..syllables)
        .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
        .collect();
    capitalise(&s)
}

/// "Velmora" → "Velmoran", "Kasdun" → "Kasdunese", "Losael" → "Losaelian".
fn adjective(place: &str) -> String {
    match place.chars().last() {
        Some('a') => format!("{place}n"),
        Some('n') => format!("{place}ese"),
        Some('e' | 'i' | 'o' | 'u') => format!("{place}an"),
        _ => format!("{place}ian"),
    }
}

fn surname(person: &str) -> &str {
    person.rsplit(' ').next().unwrap_or(person)
}

/// The word list: general words (most frequent first) and themes.
struct Vocab {
    general: Vec<&'static str>,
    /// Inverse distribution of the Zipf law over `general`, in 65,536 steps.
    zipf_table: Vec<u16>,
    themes: Vec<Theme>,
}

struct Theme {
    name: &'static str,
    words: Vec<&'static str>,
    bodies: Vec<&'static str>,
    events: Vec<EventKind>,
}

struct EventKind {
    name: &'static str,
    words: Vec<&'static str>,
}

enum Section {
    General,
    Theme,
    Bodies,
    Event,
}

impl Vocab {
    fn load() -> Vocab {
        let mut general = Vec::new();
        let mut themes: Vec<Theme> = Vec::new();
        let mut section = Section::General;
        for line in WORDS.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(head) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                if let Some(name) = head.strip_prefix("theme ") {
                    themes.push(Theme {
                        name,
                        words: Vec::new(),
                        bodies: Vec::new(),
                        events: Vec::new(),
                    });
                    section = Section::Theme;
                } else if head == "bodies" {
                    section = Section::Bodies;
                } else if let Some(name) = head.strip_prefix("event ") {
                    if let Some(t) = themes.last_mut() {
                        t.events.push(EventKind {
                            name,
                            words: Vec::new(),
                        });
                    }
                    section = Section::Event;
                }
                continue;
            }
            match (&section, themes.last_mut()) {
                (Section::General, _) | (_, None) => general.extend(line.split_whitespace()),
                (Section::Theme, Some(t)) => t.words.extend(line.split_whitespace()),
                (Section::Bodies, Some(t)) => t.bodies.push(line),
                (Section::Event, Some(t)) => {
                    if let Some(e) = t.events.last_mut() {
                        e.words.extend(line.split_whitespace())
                    }
                }
            }
        }
        themes.retain(|t| !t.words.is_empty() && t.events.iter().all(|e| !e.words.is_empty()));
        themes.retain(|t| !t.events.is_empty());
        let n = general.len().max(1);
        let zipf_table = (0..1usize << 16)
            .map(|i| {
                let u = (i as f64 + 0.5) / 65_536.0;
                (((n as f64 + 1.0).powf(u) - 1.0) as usize).min(n - 1) as u16
            })
            .collect();
        Vocab {
            general,
            zipf_table,
            themes,
        }
    }

    fn zipf_word(&self, rng: &mut Rng) -> &'static str {
        self.general[self.zipf_table[(rng.0.next_u64() >> 48) as usize] as usize]
    }

    /// A specific word: uniform over the list past its function words.
    fn specific(&self, rng: &mut Rng) -> &'static str {
        let skip = 150.min(self.general.len() / 2);
        self.general[skip + rng.below(self.general.len() - skip)]
    }

    fn theme_index(&self, name: &str) -> Option<usize> {
        self.themes.iter().position(|t| t.name == name)
    }
}

/// Pools of given names and surnames: limited, so surnames recur across stories.
struct Names {
    given: Vec<String>,
    surnames: Vec<String>,
}

impl Names {
    fn new(rng: &mut Rng, people: usize) -> Names {
        Names {
            given: (0..(people / 40).clamp(120, 600))
                .map(|_| name(rng, 2))
                .collect(),
            surnames: (0..(people / 4).clamp(600, 20_000))
                .map(|_| {
                    let k = 2 + rng.below(2);
                    name(rng, k)
                })
                .collect(),
        }
    }
    fn person(&self, rng: &mut Rng) -> String {
        format!("{} {}", rng.pick(&self.given), rng.pick(&self.surnames))
    }
}

struct Region {
    name: String,
    /// "Velmoran": the adjective of the region.
    adjective: String,
    cities: Vec<String>,
    leader: String,
    officials: Vec<String>,
}

struct Outlet {
    name: String,
    /// Hours behind the event on average.
    lag_hours: f64,
    reporters: Vec<String>,
    /// Share of articles with a byline (0 for outlets without them).
    byline: f64,
    /// The outlet's own closing lines and how often it prints them.
    boilerplate: String,
    boilerplate_rate: f64,
}

struct Story {
    family: usize,
    day: i64,
    decay_days: f64,
    theme: usize,
    event: usize,
    region: usize,
    /// The family's stories before and after this one.
    prev: Option<usize>,
    next: Option<usize>,
    /// Specific words in the order the story uses them over its life.
    own: Vec<&'static str>,
    /// People: the family's first, then the story's own.
    people: Vec<String>,
    /// Places: the story's own first, then the family's.
    places: Vec<String>,
    org: String,
    casualties: u32,
}

struct Family {
    words: Vec<&'static str>,
}

/// One planned article: compact, sorted by time before any text is written.
#[derive(Clone, Copy)]
struct Planned {
    /// Publication, minutes after the start.
    minute: i64,
    /// Publication of the text it carries (the original, for a wire copy).
    body_minute: i64,
    body_seed: u64,
    index: u32,
    story: u32,
    outlet: u32,
    /// Body paragraph a wire copy leaves out (u16::MAX: none).
    drop: u16,
}

struct World {
    start: DateTime<Utc>,
    seed: u64,
    vocab: Vocab,
    regions: Vec<Region>,
    families: Vec<Family>,
    stories: Vec<Story>,
    /// Story of each popularity rank.
    by_rank: Vec<u32>,
    outlets: Vec<Outlet>,
    /// Heads of state of the big powers.
    leaders: Vec<String>,
}

impl World {
    fn new(opts: &SynthOptions, rng: &mut Rng) -> World {
        let vocab = Vocab::load();
        let n = opts.articles.max(1);
        // About 25 articles a story on average, heavy-tailed; a pile spans at least three months.
        let n_stories = (n / 25).max(1);
        let span_days = (90 + n / 300) as i64;
        let names = Names::new(rng, n_stories * 3);
        let n_regions = (10 + n_stories / 10).min(1500);
        let regions: Vec<Region> = (0..n_regions)
            .map(|_| {
                let base = name(rng, 3);
                let adjective = adjective(&base);
                let cities = (0..4 + rng.below(4))
                    .map(|_| {
                        let k = 2 + rng.below(2);
                        name(rng, k)
                    })
                    .collect();
                let title = ["President", "Prime Minister", "King"][rng.below(3)];
                Region {
                    name: base,
                    adjective,
                    cities,
                    leader: format!("{title} {}", names.person(rng)),
                    officials: (0..3).map(|_| names.person(rng)).collect(),
                }
            })
            .collect();
        let leaders = (0..5)
            .map(|k| {
                format!(
                    "{} {}",
                    ["President", "Chancellor"][k % 2],
                    names.person(rng)
                )
            })
            .collect();
        let n_themes = vocab.themes.len().max(1);
        let response: Vec<usize> = RESPONSE_THEMES
            .iter()
            .filter_map(|t| vocab.theme_index(t))
            .collect();
        let mut stories: Vec<Story> = Vec::with_capacity(n_stories);
        let mut families = Vec::new();
        while stories.len() < n_stories {
            let size = if rng.chance(SINGLE_FAMILY) {
                1
            } else {
                let mut k = 2;
                while k < 6 && rng.chance(0.4) {
                    k += 1;
                }
                k
            }
            .min(n_stories - stories.len());
            let family = families.len();
            families.push(Family {
                words: (0..FAMILY_WORDS).map(|_| vocab.specific(rng)).collect(),
            });
            let region = rng.zipf_offset(n_regions, 2.0);
            let r = &regions[region];
            let mut people = Vec::new();
            if rng.chance(0.5) {
                people.push(r.leader.clone());
            }
            if rng.chance(0.5) {
                people.push(rng.pick(&r.officials).clone());
            }
            for _ in 0..1 + rng.below(2) {
                people.push(names.person(rng));
            }
            let family_place = r.cities[rng.zipf(r.cities.len())].clone();
            let family_org = format!("{} {}", name(rng, 2), rng.pick(&ORG_KINDS));
            let mut theme = rng.zipf_offset(n_themes, 2.0);
            let mut event = rng.below(vocab.themes[theme].events.len());
            let mut day = rng.below(span_days as usize) as i64;
            for k in 0..size {
                if k > 0 {
                    // The next event: another kind in the same theme, the same kind again, or
                    // the political, diplomatic or legal response.
                    let roll = rng.unit();
                    if roll < 0.45 {
                        let m = vocab.themes[theme].events.len();
                        if m > 1 {
                            event = (event + 1 + rng.below(m - 1)) % m;
                        }
                    } else if roll >= 0.7 && !response.is_empty() {
                        theme = *rng.pick(&response);
                        event = rng.below(vocab.themes[theme].events.len());
                    }
                    day += 1 + (-(6.0f64) * (1.0 - rng.unit()).ln()).min(24.0) as i64;
                }
                let id = stories.len();
                let mut story_people = people.clone();
                for _ in 0..1 + rng.below(2) {
                    story_people.push(names.person(rng));
                }
                let own_place = if rng.chance(0.5) {
                    rng.pick(&r.cities).clone()
                } else {
                    name(rng, 3)
                };
                stories.push(Story {
                    family,
                    day,
                    decay_days: 1.0 + rng.unit() * 12.0,
                    theme,
                    event,
                    region,
                    prev: if k > 0 { Some(id - 1) } else { None },
                    next: None,
                    own: (0..OWN_WORDS).map(|_| vocab.specific(rng)).collect(),
                    people: story_people,
                    places: vec![own_place, family_place.clone()],
                    org: if rng.chance(0.5) {
                        family_org.clone()
                    } else {
                        format!("{} {}", name(rng, 2), rng.pick(&ORG_KINDS))
                    },
                    casualties: 2 + rng.zipf(400) as u32,
                });
                if k > 0 {
                    stories[id - 1].next = Some(id);
                }
            }
        }
        // Popularity ranks in random order, so a family's stories get unrelated sizes.
        let mut by_rank: Vec<u32> = (0..n_stories as u32).collect();
        for i in (1..by_rank.len()).rev() {
            by_rank.swap(i, rng.below(i + 1));
        }
        let n_outlets = (12 + n / 20_000).min(400);
        let outlets = (0..n_outlets)
            .map(|k| {
                let outlet = format!("{} {}", name(rng, 2), OUTLET_KINDS[k % 6]);
                let reporters: Vec<String> =
                    (0..3 + rng.below(6)).map(|_| names.person(rng)).collect();
                let boilerplate = boilerplate(rng, &vocab, &outlet, &reporters);
                Outlet {
                    name: outlet,
                    lag_hours: 1.0 + rng.unit() * 30.0,
                    byline: if rng.chance(0.6) {
                        rng.between(0.5, 1.0)
                    } else {
                        0.0
                    },
                    reporters,
                    boilerplate,
                    boilerplate_rate: rng.between(0.3, 0.95),
                }
            })
            .collect();
        World {
            start: opts.start,
            seed: opts.seed,
            vocab,
            regions,
            families,
            stories,
            by_rank,
            outlets,
            leaders,
        }
    }

    /// Plans `n` articles and sorts them by publication time.
    fn plan(&self, n: usize, rng: &mut Rng) -> Vec<Planned> {
        let n_outlets = self.outlets.len();
        let mut plan = Vec::with_capacity(n);
        while plan.len() < n {
            let s = self.by_rank[rng.zipf_offset(self.stories.len(), SIZE_OFFSET)] as usize;
            let story = &self.stories[s];
            let o = rng.zipf(n_outlets);
            // Publication: the story's day plus an exponential delay and the outlet's lag.
            let delay_days = -story.decay_days * (1.0 - rng.unit()).ln();
            let hours = delay_days * 24.0 + self.outlets[o].lag_hours * rng.unit();
            let minute = story.day * 1440 + (hours * 60.0) as i64;
            let index = plan.len();
            let original = Planned {
                minute,
                body_minute: minute,
                body_seed: seed_for(self.seed, 1, index as u64),
                index: index as u32,
                story: s as u32,
                outlet: o as u32,
                drop: u16::MAX,
            };
            plan.push(original);
            // Wire copy: republished by one to three other outlets, lightly edited, hours later.
            if rng.chance(WIRE_SHARE) && plan.len() < n {
                for c in 0..1 + rng.below(3) {
                    if plan.len() >= n {
                        break;
                    }
                    let other = (o + 1 + rng.below(n_outlets - 1)) % n_outlets;
                    let later = minute + 30 + rng.below(360) as i64;
                    plan.push(Planned {
                        minute: later,
                        index: plan.len() as u32,
                        outlet: other as u32,
                        drop: 2 + c as u16,
                        ..original
                    });
                }
            }
        }
        plan.sort_unstable_by_key(|p| (p.minute, p.index));
        plan
    }

    fn at(&self, minute: i64) -> DateTime<Utc> {
        self.start + Duration::minutes(minute)
    }

    /// One JSONL line.
    fn render(&self, p: &Planned, out: &mut Vec<u8>) -> io::Result<()> {
        let story = &self.stories[p.story as usize];
        let outlet = &self.outlets[p.outlet as usize];
        let published = self.at(p.minute);
        let (title, body) = self.body(story, p.body_seed, p.body_minute);
        let mut rng = Rng::new(seed_for(self.seed, 2, p.index as u64));
        let mut text = String::with_capacity(body.len() + 400);
        if outlet.byline > 0.0 && rng.chance(outlet.byline) {
            text.push_str("By ");
            text.push_str(rng.one(&outlet.reporters));
            text.push_str("\n\n");
        }
        if p.drop == u16::MAX {
            text.push_str(&body);
        } else {
            let mut first = true;
            for (k, par) in body.split("\n\n").enumerate() {
                if k != p.drop as usize {
                    if !first {
                        text.push_str("\n\n");
                    }
                    text.push_str(par);
                    first = false;
                }
            }
        }
        if rng.chance(outlet.boilerplate_rate) {
            text.push_str("\n\n");
            text.push_str(&outlet.boilerplate);
        }
        let record = Record {
            gold_story: &format!("story-{:06}", p.story),
            id: &format!("syn-{:07}", p.index),
            outlet: &outlet.name,
            published: &published.to_rfc3339(),
            text: &text,
            title: &title,
        };
        serde_json::to_writer(&mut *out, &record)?;
        out.push(b'\n');
        Ok(())
    }

    /// Title and body (paragraphs separated by blank lines) of an original article: the same
    /// seed and time give the same text, so wire copies regenerate their original's.
    fn body(&self, story: &Story, seed: u64, minute: i64) -> (String, String) {
        let mut rng = Rng::new(seed);
        let v = &self.vocab;
        let theme = &v.themes[story.theme];
        let kind = &theme.events[story.event];
        let family = &self.families[story.family];
        let region = &self.regions[story.region];
        let published = self.at(minute);
        let event_day = self.at(story.day * 1440);
        // The article's angle: a window of the story's words that moves over its life.
        let age_days = (minute - story.day * 1440) as f64 / 1440.0;
        let life = (age_days / (3.0 * story.decay_days)).clamp(0.0, 1.0);
        let angle_start = (life * (OWN_WORDS - ANGLE_WORDS) as f64).round() as usize;
        let angle = &story.own[angle_start..angle_start + ANGLE_WORDS];
        // Length and density of specific words vary; briefs have few.
        let shape = rng.unit();
        let (paragraphs, scale) = if shape < 0.18 {
            (1, 0.6)
        } else if shape < 0.88 {
            (3 + rng.below(5), 1.0)
        } else {
            (7 + rng.below(5), 0.9)
        };
        let mix = Mix::new(
            &mut rng,
            scale,
            WORLD_THEMES.contains(&theme.name) || !theme.bodies.is_empty(),
        );
        let picks = Picks {
            v,
            story,
            angle,
            family: &family.words,
            kind: &kind.words,
            theme: &theme.words,
            region,
            globals: (&theme.bodies, &self.leaders),
            leaders_too: WORLD_THEMES.contains(&theme.name),
        };
        let title = self.title(&mut rng, &picks, story, kind.name);
        let mut w = Prose::default();
        let when = when_phrase(published, event_day);
        for p in 0..paragraphs {
            let sentences = if paragraphs == 1 {
                2 + rng.below(2)
            } else {
                2 + rng.below(3)
            };
            for s in 0..sentences {
                if p == 0 && s == 0 {
                    self.lead(&mut w, &mut rng, &picks, kind.name, &when);
                } else if s == 0 && (p == 1 || paragraphs == 1) && story.prev.is_some() {
                    // A follow-up mentions the family's earlier event.
                    let prev = &self.stories[story.prev.unwrap_or_default()];
                    if rng.chance(0.6) {
                        self.reference(&mut w, &mut rng, &picks, prev, published, true);
                        continue;
                    }
                } else if s == 0 && p == 2 && story.next.is_some() {
                    let next = &self.stories[story.next.unwrap_or_default()];
                    if next.day * 1440 <= minute && rng.chance(0.4) {
                        self.reference(&mut w, &mut rng, &picks, next, published, false);
                        continue;
                    }
                }
                if s == 1 && rng.chance(mix.global_sentence) {
                    w.word(picks.global(&mut rng));
                    w.word(rng.word(&SAY));
                }
                let len = 7 + rng.below(12);
                for _ in 0..len {
                    picks.token(&mut w, &mut rng, &mix);
                }
                w.end_sentence();
            }
            w.end_paragraph();
            if rng.chance(0.05) {
                w.raw_paragraph(rng.word(&NOISE));
            }
        }
        if rng.chance(0.08) {
            // A "most read" headline of another popular story, scraped with the page.
            let other = &self.stories
                [self.by_rank[rng.zipf_offset(self.stories.len(), SIZE_OFFSET)] as usize];
            let ot = &v.themes[other.theme];
            let line = format!(
                "Most read: {} {} {} {} in {}",
                surname(rng.one(&other.people)),
                rng.pick(&TITLE_VERBS),
                rng.pick(&other.own),
                rng.pick(&ot.events[other.event].words),
                other.places[0]
            );
            w.raw_paragraph(&line);
        }
        (title, w.finish())
    }

    fn title(&self, rng: &mut Rng, k: &Picks, story: &Story, kind: &str) -> String {
        let place = rng.pick(&story.places);
        let t = match rng.below(10) {
            0..=2 => format!(
                "{} {} {} {} {} in {}",
                surname(rng.one(&story.people)),
                rng.pick(&TITLE_VERBS),
                k.own(rng),
                k.own(rng),
                rng.pick(k.kind),
                place
            ),
            3 | 4 => format!(
                "{} in {}: {} {} {}",
                kind,
                place,
                k.own(rng),
                rng.pick(k.theme),
                k.own(rng)
            ),
            5 => format!(
                "{} {} {} after {}",
                k.region.name,
                k.own(rng),
                rng.pick(k.theme),
                kind
            ),
            6 => format!("Live: {} in {}", kind, place),
            7 => format!(
                "{} {} {} {}",
                k.global(rng),
                rng.pick(&TITLE_VERBS),
                rng.pick(k.theme),
                k.own(rng)
            ),
            8 => format!("What we know about the {} in {}", kind, k.region.name),
            _ => format!(
                "{} {} {} {} {}",
                place,
                rng.pick(k.kind),
                k.own(rng),
                self.vocab.zipf_word(rng),
                k.own(rng)
            ),
        };
        capitalise(&t)
    }

    fn lead(&self, w: &mut Prose, rng: &mut Rng, k: &Picks, kind: &str, when: &str) {
        let story = k.story;
        match rng.below(3) {
            0 => {
                w.word(rng.one(&story.people));
                w.word("said");
                w.word(when);
            }
            1 => {
                w.word("the");
                w.word(kind);
                w.word("in");
                w.word(&story.places[0]);
                w.word(when);
                if matches!(self.vocab.themes[story.theme].name, "conflict" | "disaster") {
                    w.word("killed");
                    w.word(&story.casualties.to_string());
                    w.word("people");
                }
            }
            _ => {
                w.word(&k.region.adjective);
                w.word("officials");
                w.word("said");
                w.word(when);
            }
        }
        for _ in 0..6 + rng.below(10) {
            k.token(w, rng, &Mix::lead());
        }
        w.end_sentence();
    }

    /// "It comes after last week's chemical attack in X …" (an earlier event of the family) or
    /// "Since then, the missile strike in Y …" (a later one, already under way).
    fn reference(
        &self,
        w: &mut Prose,
        rng: &mut Rng,
        k: &Picks,
        other: &Story,
        published: DateTime<Utc>,
        earlier: bool,
    ) {
        let kind = self.vocab.themes[other.theme].events[other.event].name;
        let other_day = self.at(other.day * 1440);
        if earlier {
            w.word(["it comes after", "the news follows", "this follows"][rng.below(3)]);
            w.word(&since_phrase(published, other_day));
        } else {
            w.word("since then, the");
        }
        w.word(kind);
        w.word("in");
        w.word(&other.places[0]);
        for _ in 0..4 + rng.below(6) {
            let r = rng.unit();
            if r < 0.35 {
                w.word(rng.word(&other.own));
            } else if r < 0.45 {
                w.word(surname(rng.one(&other.people)));
            } else if r < 0.55 {
                w.word(rng.word(k.family));
            } else {
                w.word(self.vocab.zipf_word(rng));
            }
        }
        w.end_sentence();
    }
}

fn boilerplate(rng: &mut Rng, v: &Vocab, outlet: &str, reporters: &[String]) -> String {
    let mut lines = Vec::new();
    let word = |rng: &mut Rng| v.specific(rng);
    let templates = [0usize, 1, 2, 3, 4, 5];
    let first = rng.below(templates.len());
    for t in 0..2 + rng.below(2) {
        let line = match templates[(first + t * 2) % templates.len()] {
            0 => format!("Copyright {outlet}. All rights reserved."),
            1 => format!(
                "Follow {outlet} on social media for {} {} and analysis.",
                word(rng),
                word(rng)
            ),
            2 => format!(
                "Additional reporting by {}; editing by {}.",
                rng.pick(reporters),
                rng.pick(reporters)
            ),
            3 => format!(
                "{outlet} {} {} journalism {} readers like you.",
                word(rng),
                word(rng),
                word(rng)
            ),
            4 => format!(
                "Sign up for {} {}, the {outlet} {} newsletter.",
                capitalise(word(rng)),
                capitalise(word(rng)),
                word(rng)
            ),
            _ => format!(
                "This story has been updated with {} {} {}.",
                word(rng),
                word(rng),
                word(rng)
            ),
        };
        lines.push(line);
    }
    lines.join(" ")
}

/// Cumulative probabilities of each kind of token in an article's sentences.
struct Mix {
    own: f64,
    family: f64,
    kind: f64,
    theme: f64,
    person: f64,
    place: f64,
    region: f64,
    org: f64,
    global: f64,
    global_sentence: f64,
}

impl Mix {
    fn new(rng: &mut Rng, scale: f64, has_globals: bool) -> Mix {
        let mut c = 0.0;
        let mut next = |p: f64| {
            c += p;
            c
        };
        let own = next(rng.between(0.02, 0.11) * scale);
        let family = next(rng.between(0.015, 0.06) * scale);
        let kind = next(rng.between(0.02, 0.06));
        let theme = next(rng.between(0.03, 0.08));
        let person = next(0.035 * scale);
        let place = next(0.02 * scale);
        let region = next(0.015);
        let org = next(0.012 * scale);
        let global = next(if has_globals { 0.012 } else { 0.0 });
        Mix {
            own,
            family,
            kind,
            theme,
            person,
            place,
            region,
            org,
            global,
            global_sentence: if has_globals { 0.15 } else { 0.0 },
        }
    }
    /// Leads are denser.
    fn lead() -> Mix {
        Mix {
            own: 0.12,
            family: 0.18,
            kind: 0.24,
            theme: 0.30,
            person: 0.34,
            place: 0.37,
            region: 0.39,
            org: 0.40,
            global: 0.40,
            global_sentence: 0.0,
        }
    }
}

/// What an article's tokens are drawn from.
struct Picks<'a> {
    v: &'a Vocab,
    story: &'a Story,
    angle: &'a [&'static str],
    family: &'a [&'static str],
    kind: &'a [&'static str],
    theme: &'a [&'static str],
    region: &'a Region,
    globals: (&'a [&'static str], &'a [String]),
    leaders_too: bool,
}

impl Picks<'_> {
    fn own(&self, rng: &mut Rng) -> &'static str {
        if rng.chance(0.8) {
            rng.word(self.angle)
        } else {
            rng.word(&self.story.own)
        }
    }

    fn global<'b>(&'b self, rng: &mut Rng) -> &'b str {
        let (bodies, leaders) = self.globals;
        if !bodies.is_empty() && (!self.leaders_too || rng.chance(0.5)) {
            bodies[rng.zipf(bodies.len())]
        } else {
            &leaders[rng.zipf(leaders.len())]
        }
    }

    fn token(&self, w: &mut Prose, rng: &mut Rng, m: &Mix) {
        let r = rng.unit();
        if r >= m.global {
            w.word(self.v.zipf_word(rng));
        } else if r < m.own {
            w.word(self.own(rng));
        } else if r < m.family {
            w.word(rng.word(self.family));
        } else if r < m.kind {
            w.word(rng.word(self.kind));
        } else if r < m.theme {
            w.word(rng.word(self.theme));
        } else if r < m.person {
            let p = rng.pick(&self.story.people);
            w.word(if rng.chance(0.4) { p } else { surname(p) });
        } else if r < m.place {
            w.word("in");
            w.word(rng.one(&self.story.places));
        } else if r < m.region {
            w.word(if rng.chance(0.5) {
                &self.region.name
            } else {
                &self.region.adjective
            });
        } else if r < m.org {
            w.word("the");
            w.word(&self.story.org);
        } else {
            w.word(self.global(rng));
        }
    }
}

/// Sentences and paragraphs written word by word.
#[derive(Default)]
struct Prose {
    text: String,
    /// Words in the current sentence and sentences in the current paragraph.
    words: usize,
    sentences: usize,
}

impl Prose {
    fn word(&mut self, w: &str) {
        if self.words == 0 {
            if self.sentences > 0 {
                self.text.push(' ');
            }
            let mut c = w.chars();
            if let Some(f) = c.next() {
                self.text.extend(f.to_uppercase());
                self.text.push_str(c.as_str());
            }
        } else {
            self.text.push(' ');
            self.text.push_str(w);
        }
        self.words += 1;
    }
    fn end_sentence(&mut self) {
        if self.words > 0 {
            self.text.push('.');
            self.words = 0;
            self.sentences += 1;
        }
    }
    fn end_paragraph(&mut self) {
        self.end_sentence();
        if self.sentences > 0 {
            self.text.push_str("\n\n");
            self.sentences = 0;
        }
    }
    fn raw_paragraph(&mut self, s: &str) {
        self.end_paragraph();
        self.text.push_str(s);
        self.text.push_str("\n\n");
    }
    fn finish(mut self) -> String {
        self.end_paragraph();
        let n = self.text.trim_end().len();
        self.text.truncate(n);
        self.text
    }
}

/// When the event happened, as the article says it.
fn when_phrase(published: DateTime<Utc>, event: DateTime<Utc>) -> String {
    let days_before = (published.date_naive() - event.date_naive()).num_days();
    match days_before {
        0 => format!("on {}", WEEKDAYS[weekday_index(published)]),
        1 => "yesterday".to_string(),
        2..=6 => format!("on {}", WEEKDAYS[weekday_index(event)]),
        7..=13 => "last week".to_string(),
        _ if published.month() == event.month() => "earlier this month".to_string(),
        _ => "last month".to_string(),
    }
}

/// "last week's", "Tuesday's": an earlier event of the family as a possessive.
fn since_phrase(published: DateTime<Utc>, earlier: DateTime<Utc>) -> String {
    let days = (published.date_naive() - earlier.date_naive()).num_days();
    match days {
        i64::MIN..=0 => "this week's".to_string(),
        1 => "yesterday's".to_string(),
        2..=6 => format!("{}'s", WEEKDAYS[weekday_index(earlier)]),
        7..=13 => "last week's".to_string(),
        14..=45 => "last month's".to_string(),
        _ => "the earlier".to_string(),
    }
}

fn weekday_index(d: DateTime<Utc>) -> usize {
    d.date_naive().weekday().num_days_from_monday() as usize
}

/// One output record; fields in the order the pile has always had them.
#[derive(serde::Serialize)]
struct Record<'a> {
    gold_story: &'a str,
    id: &'a str,
    outlet: &'a str,
    published: &'a str,
    text: &'a str,
    title: &'a str,
}

/// Writes `opts.articles` articles as JSONL (`id, title, text, published, outlet,
/// gold_story`), sorted by publication time, to `out` as they are made: memory stays at
/// about 40 bytes an article plus a few megabytes of text in flight. Returns how many.
pub fn write_pile(opts: &SynthOptions, out: &mut impl Write) -> io::Result<usize> {
    let mut rng = Rng::new(opts.seed);
    let world = World::new(opts, &mut rng);
    let plan = world.plan(opts.articles.max(1), &mut rng);
    for chunk in plan.chunks(TASK_ARTICLES * 64) {
        let parts: Vec<io::Result<Vec<u8>>> = chunk
            .par_chunks(TASK_ARTICLES)
            .map(|task| {
                let mut buf = Vec::with_capacity(task.len() * 2048);
                for p in task {
                    world.render(p, &mut buf)?;
                }
                Ok(buf)
            })
            .collect();
        for part in parts {
            out.write_all(&part?)?;
        }
    }
    Ok(plan.len())
}

/// The whole pile in memory (small piles and tests; `write_pile` for large ones).
pub fn generate(opts: &SynthOptions) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and every record is valid UTF-8 JSON.
    let _ = write_pile(opts, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    #[test]
    fn same_settings_same_bytes_and_every_record_has_gold() {
        let opts = SynthOptions {
            articles: 300,
            seed: 7,
            ..Default::default()
        };
        let a = generate(&opts);
        assert_eq!(a, generate(&opts));
        assert_ne!(
            a,
            generate(&SynthOptions {
                seed: 8,
                ..opts.clone()
            })
        );
        assert_eq!(a.lines().count(), 300);
        for l in a.lines() {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            assert!(v["gold_story"].as_str().unwrap().starts_with("story-"));
            assert!(!v["text"].as_str().unwrap().is_empty());
        }
    }

    #[test]
    fn streamed_sorted_unique_and_realistic() {
        let opts = SynthOptions {
            articles: 3_000,
            seed: 3,
            ..Default::default()
        };
        let mut streamed = Vec::new();
        assert_eq!(write_pile(&opts, &mut streamed).unwrap(), 3_000);
        let text = generate(&opts);
        assert_eq!(streamed, text.as_bytes());
        let rows: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let keys: Vec<&str> = rows[0]
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(
            keys,
            ["gold_story", "id", "outlet", "published", "text", "title"]
        );
        let published: Vec<DateTime<Utc>> = rows
            .iter()
            .map(|r| r["published"].as_str().unwrap().parse().unwrap())
            .collect();
        assert!(published.windows(2).all(|w| w[0] <= w[1]));
        let ids: HashSet<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), rows.len());
        // Heavy-tailed sizes: the largest story is far above the mean.
        let mut sizes: HashMap<&str, usize> = HashMap::new();
        for r in &rows {
            *sizes.entry(r["gold_story"].as_str().unwrap()).or_default() += 1;
        }
        let largest = *sizes.values().max().unwrap();
        assert!(largest > 5 * rows.len() / sizes.len(), "largest {largest}");
        // Wire copies: the same paragraph of the same story from several outlets.
        let mut paragraphs: HashMap<&str, HashSet<(&str, &str)>> = HashMap::new();
        for r in &rows {
            let key = (
                r["gold_story"].as_str().unwrap(),
                r["outlet"].as_str().unwrap(),
            );
            for p in r["text"].as_str().unwrap().split("\n\n") {
                if p.len() > 150 {
                    paragraphs.entry(p).or_default().insert(key);
                }
            }
        }
        let copied = paragraphs
            .values()
            .filter(|o| {
                let stories: HashSet<&str> = o.iter().map(|k| k.0).collect();
                let outlets: HashSet<&str> = o.iter().map(|k| k.1).collect();
                stories.len() == 1 && outlets.len() > 1
            })
            .count();
        assert!(copied > 50, "{copied} paragraphs in wire copies");
        // Follow-ups mention the family's earlier event.
        let follow_ups = rows
            .iter()
            .filter(|r| {
                let t = r["text"].as_str().unwrap();
                t.contains("It comes after") || t.contains("This follows")
            })
            .count();
        assert!(follow_ups > rows.len() / 50, "{follow_ups} follow-ups");
        // Short articles exist beside long ones.
        let lens: Vec<usize> = rows
            .iter()
            .map(|r| r["text"].as_str().unwrap().split_whitespace().count())
            .collect();
        assert!(lens.iter().any(|&n| n < 60) && lens.iter().any(|&n| n > 400));
    }

    #[test]
    fn families_share_people_across_gold_stories() {
        let mut rng = Rng::new(5);
        let world = World::new(
            &SynthOptions {
                articles: 5_000,
                seed: 5,
                ..Default::default()
            },
            &mut rng,
        );
        let linked = world.stories.iter().filter(|s| s.prev.is_some()).count();
        assert!(
            linked * 4 > world.stories.len(),
            "{linked} follow-up stories"
        );
        for (i, s) in world.stories.iter().enumerate() {
            if let Some(p) = s.prev {
                let prev = &world.stories[p];
                assert_eq!(prev.family, s.family);
                assert_eq!(prev.next, Some(i));
                assert!(prev.day < s.day);
                assert_eq!(prev.region, s.region);
                assert!(s.people.iter().any(|x| prev.people.contains(x)));
                assert_eq!(s.places[1], prev.places[1]);
            }
        }
        assert!(world.vocab.themes.len() >= 8);
        assert!(world.vocab.general.len() > 3_000);
    }
}
