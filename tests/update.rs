//! `storyline update`: run(A) then update(B) against run(A+B).
//!
//! The bound: the update finds the stories again over all the articles, so its partition of the
//! articles equals run(A+B)'s exactly (every pair of articles together in one is together in
//! the other). Only ids may differ: a story that continues one of run(A) keeps run(A)'s id, and
//! every story of run(A) is either still there under its id or recorded in lineage.parquet as
//! merged into another.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use storyline::run_dir;

fn stories_by_article(dir: &Path) -> BTreeMap<String, String> {
    let (_, story_of) = run_dir::read_articles(&dir.join("articles.parquet")).unwrap();
    story_of.into_iter().collect()
}

/// Groups of article ids, as a set of sets (ids of stories ignored).
fn partition(story_of: &BTreeMap<String, String>) -> BTreeSet<BTreeSet<String>> {
    let mut by_story: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (a, s) in story_of {
        by_story.entry(s.as_str()).or_default().insert(a.clone());
    }
    by_story.into_values().collect()
}

#[test]
fn run_then_update_finds_the_same_stories_and_keeps_earlier_ids() {
    let dir = common::temp_dir("update");
    common::storyline(
        &[
            "synth",
            "--articles",
            "900",
            "--seed",
            "5",
            "--out",
            "all.jsonl",
        ],
        &dir,
    );
    // A: the first two thirds in time, B: the rest (the file is in publication order).
    let all = std::fs::read_to_string(dir.join("all.jsonl")).unwrap();
    let lines: Vec<&str> = all.lines().collect();
    let cut = lines.len() * 2 / 3;
    std::fs::write(dir.join("a.jsonl"), lines[..cut].join("\n") + "\n").unwrap();
    std::fs::write(dir.join("b.jsonl"), lines[cut..].join("\n") + "\n").unwrap();

    common::storyline(&["run", "all.jsonl", "--out", "full"], &dir);
    common::storyline(&["run", "a.jsonl", "--out", "inc"], &dir);
    let before = stories_by_article(&dir.join("inc"));
    common::storyline(&["update", "--state", "inc", "b.jsonl"], &dir);

    let full = stories_by_article(&dir.join("full"));
    let updated = stories_by_article(&dir.join("inc"));
    assert_eq!(full.len(), lines.len());
    assert_eq!(
        partition(&full),
        partition(&updated),
        "run(A)+update(B) must group the articles as run(A+B) does"
    );

    // Earlier ids: still there, or merged (recorded).
    let lineage = run_dir::read_lineage(&dir.join("inc/lineage.parquet")).unwrap();
    let now: BTreeSet<&str> = updated.values().map(String::as_str).collect();
    let merged: BTreeSet<&str> = lineage
        .iter()
        .filter(|r| r.event == "merged")
        .map(|r| r.story_id.as_str())
        .collect();
    let earlier: BTreeSet<&str> = before.values().map(String::as_str).collect();
    for id in &earlier {
        assert!(
            now.contains(id) || merged.contains(id),
            "earlier story {id} neither continues nor is recorded as merged"
        );
    }
    // Most earlier stories simply continue.
    let kept = earlier.iter().filter(|id| now.contains(*id)).count();
    assert!(kept * 2 > earlier.len(), "{kept} of {} kept", earlier.len());
    // Lineage rows name real stories and are stamped with the update's latest article.
    for r in &lineage {
        assert!(r.event == "merged" || r.event == "split", "{r:?}");
        assert!(
            earlier.contains(r.story_id.as_str()) || now.contains(r.story_id.as_str()),
            "{r:?}"
        );
    }

    // Nothing new: refused, with the reason.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["update", "--state", "inc", "b.jsonl"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no new article"));
}
