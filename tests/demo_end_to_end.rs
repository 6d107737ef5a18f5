//! `storyline run` on the embedded demo: the three Syria stories are separate, dated and
//! ordered; the tables read back with the documented columns; the PNGs decode and carry text.

mod common;

use std::collections::HashMap;
use storyline::run_dir;

fn majority_story(ids: &[&str], story_of: &HashMap<String, String>) -> String {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for id in ids {
        if let Some(s) = story_of.get(*id) {
            *counts.entry(s.as_str()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|x| x.0.to_string())
        .expect("story")
}

#[test]
fn demo_run_separates_dates_and_orders_the_three_stories() {
    let dir = common::temp_dir("demo");
    common::storyline(&["run", "--out", "out"], &dir);
    let out = dir.join("out");
    for t in run_dir::Table::RUN {
        assert!(t.path(&out).is_file(), "{} missing", t.file_name());
    }
    assert!(out.join("manifest.json").is_file());

    let (articles, story_of) = run_dir::read_articles(&out.join("articles.parquet")).unwrap();
    assert!(
        articles.len() >= 120,
        "demo has {} articles",
        articles.len()
    );
    let gold = storyline::demo::gold_labels();
    let ids_of = |g: &str| -> Vec<&str> {
        gold.iter()
            .filter(|(_, v)| v.as_str() == g)
            .map(|(k, _)| k.as_str())
            .collect()
    };
    let attack = majority_story(&ids_of("khan-sheikhun-attack"), &story_of);
    let strike = majority_story(&ids_of("shayrat-strike"), &story_of);
    let talks = majority_story(&ids_of("moscow-talks"), &story_of);
    assert!(
        attack != strike && strike != talks && attack != talks,
        "attack, strike and talks must be three stories"
    );

    let (_, dates) = run_dir::read_stories(&out.join("stories.parquet")).unwrap();
    let day = |s: &str| dates[s].event_date.to_string();
    assert_eq!(day(&attack), "2017-04-04");
    assert!(
        ["2017-04-07", "2017-04-06"].contains(&day(&strike).as_str()),
        "strike dated {}",
        day(&strike)
    );
    assert_eq!(day(&talks), "2017-04-12");

    let timeline = run_dir::read_timeline(&out.join("timeline.parquet")).unwrap();
    let pos = |s: &str| {
        timeline
            .iter()
            .find(|t| t.story_id == s)
            .map(|t| t.position)
            .unwrap()
    };
    assert!(
        pos(&attack) < pos(&strike) && pos(&strike) < pos(&talks),
        "timeline order"
    );
    let talks_links = &timeline
        .iter()
        .find(|t| t.story_id == talks)
        .unwrap()
        .linked_story_ids;
    assert!(
        talks_links.contains(&strike),
        "the talks mention the strike: {talks_links:?}"
    );

    // The wire story republished by three outlets is one duplicate group of four.
    let mut groups: HashMap<&str, usize> = HashMap::new();
    for a in &articles {
        if let Some(g) = &a.dup_group {
            *groups.entry(g.as_str()).or_default() += 1;
        }
    }
    assert!(
        groups.values().any(|&n| n >= 4),
        "wire copies grouped: {groups:?}"
    );
    // Undated raw pages were dated from the page.
    assert!(articles.iter().filter(|a| a.published_inferred).count() >= 10);
}

#[test]
fn tables_have_the_documented_columns() {
    let dir = common::temp_dir("columns");
    common::storyline(&["run", "--out", "out"], &dir);
    let expect: [(&str, &[&str]); 10] = [
        (
            "articles",
            &[
                "article_id",
                "outlet",
                "published",
                "published_inferred",
                "title",
                "text",
                "story_id",
                "dup_group",
            ],
        ),
        (
            "entities",
            &["article_id", "entity_id", "name", "type", "mentions"],
        ),
        (
            "stories",
            &[
                "story_id",
                "label",
                "headline",
                "event_date",
                "first_published",
                "last_published",
                "n_articles",
                "n_outlets",
            ],
        ),
        (
            "timeline",
            &["position", "story_id", "event_date", "linked_story_ids"],
        ),
        (
            "coverage",
            &[
                "outlet",
                "story_id",
                "n_articles",
                "first_published",
                "lag_hours",
            ],
        ),
        (
            "mentions",
            &[
                "article_id",
                "start",
                "end",
                "text",
                "type",
                "value",
                "resolved_start",
                "resolved_end",
                "sentence",
            ],
        ),
        (
            "article_dates",
            &[
                "article_id",
                "event_date",
                "confidence",
                "method",
                "evidence",
            ],
        ),
        (
            "lead_lag",
            &[
                "outlet_a",
                "outlet_b",
                "n_shared",
                "a_first",
                "b_first",
                "median_lag_hours",
                "p25",
                "p75",
            ],
        ),
        (
            "emphasis",
            &["story_id", "outlet", "feature", "kind", "log_odds", "z"],
        ),
        (
            "blind_spots",
            &[
                "outlet",
                "story_id",
                "n_outlets_covering",
                "expected_articles",
            ],
        ),
    ];
    for (table, cols) in expect {
        let df = run_dir::read_parquet(&dir.join("out").join(format!("{table}.parquet"))).unwrap();
        let names: Vec<String> = df
            .get_column_names()
            .iter()
            .map(|s| s.to_string())
            .collect();
        for c in cols {
            assert!(
                names.iter().any(|n| n == c),
                "{table}.parquet lacks {c}: {names:?}"
            );
        }
        assert!(df.height() > 0, "{table} is empty");
    }
    let df = run_dir::read_parquet(&dir.join("out/stories.parquet")).unwrap();
    assert_eq!(
        format!("{:?}", df.column("event_date").unwrap().dtype()),
        "Date"
    );
    let dt = df.column("first_published").unwrap().dtype().clone();
    assert!(
        matches!(&dt, polars::prelude::DataType::Datetime(polars::prelude::TimeUnit::Microseconds, Some(tz)) if tz.as_str() == "UTC"),
        "{dt:?}"
    );
}

/// Decodes a PNG into (width, height, RGB rows).
fn decode(path: &std::path::Path) -> (u32, u32, Vec<u8>, usize) {
    let dec = png::Decoder::new(std::fs::File::open(path).unwrap());
    let mut reader = dec.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    (info.width, info.height, buf, info.color_type.samples())
}

#[test]
fn reports_decode_and_render_text_with_the_embedded_font() {
    let dir = common::temp_dir("png");
    common::storyline(&["run", "--out", "out"], &dir);
    for name in [
        "timeline.png",
        "volume.png",
        "coverage.png",
        "lead_lag.png",
        "story_coverage.png",
        "attention.png",
        "emphasis.png",
    ] {
        let (w, h, buf, samples) = decode(&dir.join("out/reports").join(name));
        assert!(w >= 800 && h >= 300, "{name} is {w}x{h}");
        // The title band (rows 10..45, left 400 px) holds only text: it must have dark pixels.
        let mut dark = 0;
        for y in 10..45usize {
            for x in 10..400usize {
                let i = (y * w as usize + x) * samples;
                if buf[i] < 100 && buf[i + 1] < 100 && buf[i + 2] < 100 {
                    dark += 1;
                }
            }
        }
        assert!(
            dark > 300,
            "{name}: title text not rendered ({dark} dark pixels)"
        );
    }
}

#[test]
fn demo_stories_are_dated_as_their_gold_events() {
    let dir = common::temp_dir("event-dates");
    common::storyline(&["run", "--out", "out"], &dir);
    let gold = storyline::demo::gold_labels();
    let gold_dates = storyline::demo::gold_event_dates();
    let (stories, dates) = run_dir::read_stories(&dir.join("out/stories.parquet")).unwrap();
    let mut right = 0;
    for s in &stories {
        let ids: Vec<&str> = s.article_ids.iter().map(String::as_str).collect();
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for id in &ids {
            *counts.entry(gold[*id].as_str()).or_default() += 1;
        }
        let main = counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .unwrap()
            .0;
        if gold_dates[main] == dates[&s.story_id].event_date.to_string() {
            right += 1;
        }
    }
    // The Security Council story has two sessions (5 and 12 April); every other story has one date.
    assert!(
        right + 1 >= stories.len(),
        "{right} of {} stories dated as their gold event",
        stories.len()
    );
}

/// Each article's own event day, read from its text, is its story's event or a later
/// development the article reports (reactions, votes, follow-ups), never a day after the
/// article itself; for most articles it is the story's own day.
#[test]
fn demo_articles_are_dated_by_what_they_report() {
    use storyline::pipeline::{analyze, Quiet, Settings};
    let corpus = storyline::ingest::ingest_files(
        &storyline::demo::input_files(),
        &storyline::ingest::IngestOptions::default(),
    )
    .unwrap();
    let published: HashMap<String, chrono::NaiveDate> = corpus
        .articles
        .iter()
        .map(|a| (a.id.clone(), a.published_local_date()))
        .collect();
    let a = analyze(corpus, &Settings::default(), &Quiet).unwrap();
    let gold = storyline::demo::gold_labels();
    let gold_dates = storyline::demo::gold_event_dates();
    let (mut same, mut within) = (0, 0);
    for d in &a.dated.article_dates {
        let event: chrono::NaiveDate = gold_dates[&gold[&d.article_id]].parse().unwrap();
        same += usize::from(d.event_date == event);
        within += usize::from(event <= d.event_date && d.event_date <= published[&d.article_id]);
        if d.method == "mentions" {
            assert!(!d.evidence.is_empty() && d.confidence > 0.0, "{d:?}");
        }
    }
    let n = a.dated.article_dates.len() as f64;
    eprintln!("of {n} articles: {same} dated on their story's day, {within} on it or a later day they report");
    assert!(same as f64 / n >= 0.5, "{same} of {n} on their story's day");
    assert!(
        within as f64 / n >= 0.85,
        "{within} of {n} on or after their story's day"
    );
}

/// However each article spells them, the demo's key names are one entity each.
#[test]
fn demo_names_are_one_entity_each() {
    let corpus = storyline::ingest::ingest_files(
        &storyline::demo::input_files(),
        &storyline::ingest::IngestOptions::default(),
    )
    .unwrap();
    let entities = storyline::entities::extract(&corpus.articles);
    for (name, kind) in [
        ("Bashar al-Assad", "PER"),
        ("Rex Tillerson", "PER"),
        ("Sergei Lavrov", "PER"),
        ("Vladimir Putin", "PER"),
        ("Donald Trump", "PER"),
        ("Khan Sheikhun", "LOC"),
        ("Idlib", "LOC"),
        ("Moscow", "LOC"),
        ("Syria", "LOC"),
    ] {
        // Every entity whose name contains the name's last word ("Assad", "Sheikhun"), other
        // than longer names of other things ("Syrian Observatory …"), is this one entity.
        let last = name.split_whitespace().last().unwrap().to_lowercase();
        let ids: std::collections::BTreeSet<(&str, &str, &str)> = entities
            .iter()
            .filter(|e| {
                e.name
                    .to_lowercase()
                    .split(|c: char| !c.is_alphanumeric() && c != '-')
                    .any(|w| w == last || w == format!("al-{last}"))
            })
            .map(|e| (e.entity_id.as_str(), e.name.as_str(), e.kind.as_str()))
            .collect();
        assert_eq!(ids.len(), 1, "{name}: {ids:?}");
        let (_, display, k) = ids.into_iter().next().unwrap();
        assert_eq!((display, k), (name, kind));
        let articles = entities.iter().filter(|e| e.name == name).count();
        assert!(articles >= 3, "{name} in only {articles} articles");
    }
}

/// The committed demo outputs are exactly what `storyline run` writes, so the README's first
/// command leaves a fresh clone's `git status` clean (no clock time in any file).
#[test]
fn a_demo_run_rewrites_the_committed_outputs_byte_for_byte() {
    let dir = common::temp_dir("demo-committed");
    common::storyline(&["run"], &dir);
    let repo = common::repo_dir();
    let mut compared = 0;
    for sub in ["notebooks-data", "reports"] {
        let mut names: Vec<_> = std::fs::read_dir(dir.join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        for name in names {
            let fresh = std::fs::read(dir.join(sub).join(&name)).unwrap();
            let committed = std::fs::read(repo.join(sub).join(&name))
                .unwrap_or_else(|e| panic!("{sub}/{name:?} is not committed: {e}"));
            assert!(
                fresh == committed,
                "{sub}/{name:?}: a demo run writes other bytes than the committed file"
            );
            compared += 1;
        }
    }
    assert!(compared >= 19, "{compared} files compared");
}
