//! A deterministic synthetic news pile with gold story labels, for scale tests and benchmarks:
//! stories that burst and decay over months, outlets of different volume and speed, entity
//! pools per story, a Zipfian vocabulary (our own word list), wire copies republished by other
//! outlets, scraping noise and relative date phrases. The same settings give the same bytes.

use crate::util::SplitMix64;
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::json;

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
const NOISE: [&str; 5] = [
    "Read more",
    "Share this article on Facebook",
    "Advertisement",
    "Sign up for our morning newsletter",
    "Load next story",
];

struct Rng(SplitMix64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        (self.0.next_u64() % n.max(1) as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        self.0.next_f64()
    }
    /// Zipf-like rank in `0..n` (exponent about 1).
    fn zipf(&mut self, n: usize) -> usize {
        let u = self.unit();
        (((n as f64 + 1.0).powf(u) - 1.0) as usize).min(n - 1)
    }
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

struct Story {
    day: i64,
    decay_days: f64,
    topic: Vec<&'static str>,
    people: Vec<String>,
    places: Vec<String>,
    org: String,
}

struct Outlet {
    name: String,
    /// Hours behind the event on average.
    lag_hours: f64,
}

/// Writes `opts.articles` articles as JSONL (`id, title, text, published, outlet,
/// gold_story`), sorted by publication time.
pub fn generate(opts: &SynthOptions) -> String {
    let words: Vec<&'static str> = WORDS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    let mut rng = Rng(SplitMix64(opts.seed));
    let n = opts.articles.max(1);
    // About 25 articles a story on average, heavy-tailed; a pile spans at least three months.
    let n_stories = (n / 25).max(1);
    let span_days = (90 + n / 300) as i64;
    let stories: Vec<Story> = (0..n_stories)
        .map(|_| Story {
            day: rng.below(span_days as usize) as i64,
            decay_days: 1.0 + rng.unit() * 12.0,
            // Topic words from the middle of the list: specific, not function words.
            topic: (0..8)
                .map(|_| words[60 + rng.below(words.len().saturating_sub(60).max(1))])
                .collect(),
            people: (0..3)
                .map(|_| format!("{} {}", name(&mut rng, 2), name(&mut rng, 3)))
                .collect(),
            places: (0..2).map(|_| name(&mut rng, 3)).collect(),
            org: format!(
                "{} {}",
                name(&mut rng, 2),
                ["Council", "Group", "Ministry", "Bank", "Union"][rng.below(5)]
            ),
        })
        .collect();
    let n_outlets = (12 + n / 20_000).min(400);
    let outlets: Vec<Outlet> = (0..n_outlets)
        .map(|k| Outlet {
            name: format!(
                "{} {}",
                name(&mut rng, 2),
                ["Times", "Post", "Herald", "Wire", "Daily", "Courier"][k % 6]
            ),
            lag_hours: 1.0 + rng.unit() * 30.0,
        })
        .collect();
    let mut rows: Vec<(DateTime<Utc>, String, serde_json::Value)> = Vec::with_capacity(n);
    let mut made = 0;
    while made < n {
        let s = rng.zipf(n_stories);
        let story = &stories[s];
        let o = rng.zipf(n_outlets);
        let outlet = &outlets[o];
        // Publication: the story's day plus an exponential delay and the outlet's lag.
        let delay_days = -story.decay_days * (1.0 - rng.unit()).ln();
        let hours = delay_days * 24.0 + outlet.lag_hours * rng.unit();
        let published =
            opts.start + Duration::days(story.day) + Duration::minutes((hours * 60.0) as i64);
        let event = opts.start + Duration::days(story.day);
        let (title, text) = article_text(&mut rng, &words, story, published, event);
        let id = format!("syn-{made:07}");
        let record = json!({
            "id": id, "title": title, "text": text, "published": published.to_rfc3339(),
            "outlet": outlet.name, "gold_story": format!("story-{s:06}"),
        });
        rows.push((published, id.clone(), record));
        made += 1;
        // Wire copy: republished by one to three other outlets, lightly edited, hours later.
        if rng.unit() < 0.08 && made < n {
            for c in 0..1 + rng.below(3) {
                if made >= n {
                    break;
                }
                let other = &outlets[(o + 1 + rng.below(n_outlets - 1)) % n_outlets];
                let later = published + Duration::minutes(30 + rng.below(360) as i64);
                let edited: String = text
                    .split("\n\n")
                    .enumerate()
                    .filter(|(k, _)| *k != 2 + c)
                    .map(|(_, p)| p)
                    .collect::<Vec<_>>()
                    .join("\n\n");
                let cid = format!("syn-{made:07}");
                rows.push((
                    later,
                    cid.clone(),
                    json!({
                        "id": cid, "title": title, "text": edited, "published": later.to_rfc3339(),
                        "outlet": other.name, "gold_story": format!("story-{s:06}"),
                    }),
                ));
                made += 1;
            }
        }
    }
    rows.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut out = String::with_capacity(rows.len() * 1500);
    for (_, _, r) in rows {
        out.push_str(&r.to_string());
        out.push('\n');
    }
    out
}

fn article_text(
    rng: &mut Rng,
    words: &[&'static str],
    story: &Story,
    published: DateTime<Utc>,
    event: DateTime<Utc>,
) -> (String, String) {
    let mut title_words: Vec<String> = Vec::new();
    title_words.push(
        story.people[rng.below(3)]
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_string(),
    );
    for _ in 0..4 {
        title_words.push(story.topic[rng.below(story.topic.len())].to_string());
    }
    title_words.push(format!("in {}", story.places[rng.below(2)]));
    let title = capitalise(&title_words.join(" "));
    let days_before = (published.date_naive() - event.date_naive()).num_days();
    let when = match days_before {
        0 => "on Tuesday".replace("Tuesday", WEEKDAYS[published.date_naive().weekday_index()]),
        1 => "yesterday".to_string(),
        2..=6 => format!("on {}", WEEKDAYS[event.date_naive().weekday_index()]),
        7..=13 => "last week".to_string(),
        _ => "earlier this month".to_string(),
    };
    let mut paragraphs = Vec::new();
    let n_par = 3 + rng.below(5);
    for p in 0..n_par {
        let mut sentences = Vec::new();
        for s in 0..2 + rng.below(3) {
            let mut ws: Vec<String> = Vec::new();
            if p == 0 && s == 0 {
                ws.push(story.people[rng.below(3)].clone());
                ws.push("said".into());
                ws.push(when.clone());
            }
            for _ in 0..8 + rng.below(12) {
                let r = rng.unit();
                if r < 0.22 {
                    ws.push(story.topic[rng.below(story.topic.len())].to_string());
                } else if r < 0.27 {
                    ws.push(story.people[rng.below(3)].clone());
                } else if r < 0.31 {
                    ws.push(format!("in {}", story.places[rng.below(2)]));
                } else if r < 0.33 {
                    ws.push(format!("the {}", story.org));
                } else {
                    ws.push(words[rng.zipf(words.len())].to_string());
                }
            }
            sentences.push(capitalise(&ws.join(" ")) + ".");
        }
        paragraphs.push(sentences.join(" "));
        if rng.unit() < 0.05 {
            paragraphs.push(NOISE[rng.below(NOISE.len())].to_string());
        }
    }
    (title, paragraphs.join("\n\n"))
}

trait WeekdayIndex {
    fn weekday_index(&self) -> usize;
}

impl WeekdayIndex for chrono::NaiveDate {
    fn weekday_index(&self) -> usize {
        use chrono::Datelike;
        self.weekday().num_days_from_monday() as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
