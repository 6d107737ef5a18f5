//! Outlet comparison: wire copy kept honest on the demo, and BASIL's three outlets found in its
//! gold events (skipped, with a reason, when ../shared is absent).

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use storyline::ingest::{ingest_files, IngestOptions, InputFile};
use storyline::pipeline::{analyze, Analysis, Quiet, Settings};

fn analysis(files: &[InputFile]) -> Analysis {
    let corpus = ingest_files(files, &IngestOptions::default()).unwrap();
    analyze(corpus, &Settings::default(), &Quiet).unwrap()
}

/// The Meridian Wire story republished by three outlets is credited to Meridian Wire, and one
/// more, later republished copy changes neither who was first nor any lead–lag number.
#[test]
fn demo_wire_story_credits_the_earliest_copy() {
    let files = storyline::demo::input_files();
    let before = analysis(&files);
    let wire_story = before
        .corpus
        .articles
        .iter()
        .find(|a| a.id == "wld-015")
        .and_then(|a| before.story_of().get(&a.id).cloned())
        .expect("the wire story is in a story");
    let rows: Vec<_> = before
        .compared
        .coverage
        .iter()
        .filter(|r| r.story_id == wire_story)
        .collect();
    let first: Vec<&str> = rows
        .iter()
        .filter(|r| r.first_to_report)
        .map(|r| r.outlet.as_str())
        .collect();
    assert_eq!(first, vec!["Meridian Wire"]);
    for outlet in ["Northern Courier", "Baltic Morning", "Pacific Dispatch"] {
        let r = rows.iter().find(|r| r.outlet == outlet).expect(outlet);
        assert!(r.n_wire >= 1, "{outlet}: {r:?}");
        assert!(!r.first_to_report);
    }

    // One more copy of the agency text, republished later by another outlet.
    let original = files
        .iter()
        .find(|f| f.name.ends_with("world.jsonl"))
        .and_then(|f| {
            String::from_utf8_lossy(&f.bytes)
                .lines()
                .find(|l| l.contains("\"wld-015\""))
                .map(str::to_string)
        })
        .expect("wld-015 line");
    let mut copy: serde_json::Value = serde_json::from_str(&original).unwrap();
    copy["id"] = "late-copy".into();
    copy["outlet"] = "Late Echo".into();
    copy["published"] = "2017-04-08T20:00:00Z".into();
    let mut more = files.clone();
    more.push(InputFile {
        name: "late.jsonl".into(),
        bytes: format!("{copy}\n").into_bytes(),
    });
    // End to end: the story holding the agency text still credits Meridian Wire.
    let after = analysis(&more);
    let story_after = after.story_of()["wld-015"].clone();
    let first_after: Vec<&str> = after
        .compared
        .coverage
        .iter()
        .filter(|r| r.story_id == story_after && r.first_to_report)
        .map(|r| r.outlet.as_str())
        .collect();
    assert_eq!(first_after, vec!["Meridian Wire"]);
    let late = after
        .compared
        .coverage
        .iter()
        .find(|r| r.outlet == "Late Echo")
        .expect("the late copy is covered");
    assert_eq!((late.n_wire, late.first_to_report), (1, false));
    let outlet = |a: &Analysis, name: &str| {
        a.compared
            .outlets
            .iter()
            .find(|o| o.outlet == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(outlet(&after, "Late Echo").n_wire, 1);
    assert_eq!(outlet(&after, "Late Echo").n_first_reports, 0);
    assert!(outlet(&before, "Meridian Wire").n_first_reports >= 1);
    let total: usize = before.compared.outlets.iter().map(|o| o.n_articles).sum();
    assert_eq!(total, before.corpus.articles.len());

    // One more copy of a text already there changes no story: copies are one document for
    // the term weights.
    let members = |a: &Analysis| -> BTreeSet<Vec<String>> {
        a.clustered
            .stories
            .iter()
            .map(|s| {
                s.article_ids
                    .iter()
                    .filter(|id| *id != "late-copy")
                    .cloned()
                    .collect()
            })
            .collect()
    };
    assert_eq!(members(&before), members(&after));
    assert_eq!(before.compared.lead_lag, after.compared.lead_lag);

    // Same stories, one more copy: first reporters and every lead-lag number are unchanged.
    let late_article = after
        .corpus
        .articles
        .iter()
        .find(|a| a.id == "late-copy")
        .unwrap()
        .clone();
    let mut articles = before.corpus.articles.clone();
    articles.push(late_article);
    let mut stories = before.clustered.stories.clone();
    for s in &mut stories {
        if s.story_id == wire_story {
            s.article_ids.push("late-copy".into());
        }
    }
    let opts = storyline::compare::CompareOptions::default();
    let again = storyline::compare::compare(&articles, &stories, &before.clustered.entities, &opts);
    let firsts = |rows: &[storyline::model::CoverageRow]| -> BTreeMap<String, String> {
        rows.iter()
            .filter(|r| r.first_to_report)
            .map(|r| (r.story_id.clone(), r.outlet.clone()))
            .collect()
    };
    assert_eq!(firsts(&before.compared.coverage), firsts(&again.coverage));
    assert_eq!(before.compared.lead_lag, again.lead_lag);
}

/// BASIL: the coverage table finds all three outlets in (nearly) every gold event, the lead–lag
/// table has the three pairs, and the emphasis table lists distinctive terms per outlet.
#[test]
fn basil_outlets_lead_lag_and_emphasis() {
    let Some(shared) = common::shared_dir() else {
        eprintln!("SKIPPED: ../shared/data is absent, so BASIL cannot be compared");
        return;
    };
    let path = shared.join("stories/basil.jsonl");
    let a = analysis(&[InputFile {
        name: path.display().to_string(),
        bytes: std::fs::read(&path).unwrap(),
    }]);
    let story_of = a.story_of();
    let mut events: BTreeMap<String, HashMap<String, usize>> = BTreeMap::new();
    for art in &a.corpus.articles {
        let gold = art.gold_story.clone().expect("gold_story");
        *events
            .entry(gold)
            .or_default()
            .entry(story_of[&art.id].clone())
            .or_default() += 1;
    }
    let mut outlets_of: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for r in &a.compared.coverage {
        outlets_of
            .entry(r.story_id.as_str())
            .or_default()
            .insert(r.outlet.as_str());
    }
    let with_all_three = events
        .values()
        .filter(|stories| {
            let main = stories
                .iter()
                .max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0)))
                .map(|(s, _)| s.as_str())
                .unwrap();
            outlets_of.get(main).map_or(0, |o| o.len()) == 3
        })
        .count();
    eprintln!(
        "BASIL: {with_all_three} of {} gold events have all three outlets in their story",
        events.len()
    );
    assert!(with_all_three >= 95, "{with_all_three} < 95");

    let pairs: Vec<(&str, &str)> = a
        .compared
        .lead_lag
        .iter()
        .map(|r| (r.outlet_a.as_str(), r.outlet_b.as_str()))
        .collect();
    assert_eq!(
        pairs,
        vec![
            ("foxnews.com", "huffpost.com"),
            ("foxnews.com", "nytimes.com"),
            ("huffpost.com", "nytimes.com")
        ]
    );
    for r in &a.compared.lead_lag {
        eprintln!(
            "lead-lag {} vs {}: shared {}, {} first {}, {} first {}, ties {}, median {:+.1} h (p25 {:+.1}, p75 {:+.1})",
            r.outlet_a, r.outlet_b, r.n_shared, r.outlet_a, r.a_first, r.outlet_b, r.b_first, r.ties,
            r.median_lag_hours, r.p25, r.p75
        );
        assert_eq!(r.a_first + r.b_first + r.ties, r.n_shared);
    }
    // Every story the three outlets share gets distinctive terms for each of them.
    let shared_story = a
        .clustered
        .stories
        .iter()
        .find(|s| {
            outlets_of
                .get(s.story_id.as_str())
                .is_some_and(|o| o.len() == 3)
        })
        .unwrap();
    let emphasis: Vec<_> = a
        .compared
        .emphasis
        .iter()
        .filter(|r| {
            r.story_id.as_deref() == Some(shared_story.story_id.as_str()) && r.kind == "term"
        })
        .collect();
    let by_outlet: BTreeSet<&str> = emphasis.iter().map(|r| r.outlet.as_str()).collect();
    assert_eq!(by_outlet.len(), 3, "{emphasis:?}");
    for r in emphasis.iter().take(12) {
        eprintln!(
            "emphasis {} | {} | {} (count {}, z {:.2})",
            shared_story.label, r.outlet, r.feature, r.count, r.z
        );
        assert!(r.z > 0.0 && r.log_odds > 0.0);
    }
}
