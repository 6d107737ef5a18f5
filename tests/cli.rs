//! The command line: bad input stops with `file:line: reason` before any output, `--skip-invalid`
//! keeps going and accounts for every record, and the stage subcommands chain through Parquet.

mod common;

use std::process::Command;

const GOOD: &str = r#"{"id":"a1","title":"Missiles hit Syrian air base","text":"US warships fired 59 cruise missiles at the Shayrat air base early on Friday, officials said.","published":"2017-04-07T04:00:00+03:00","outlet":"Wire"}"#;
const BAD_DATE: &str =
    r#"{"id":"a2","title":"x","text":"Body text here.","published":"2017-02-30","outlet":"Wire"}"#;

#[test]
fn bad_record_stops_before_any_output_with_exit_code_2() {
    let dir = common::temp_dir("cli-bad");
    std::fs::write(dir.join("in.jsonl"), format!("{GOOD}\n{BAD_DATE}\n")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["run", "in.jsonl", "--out", "out"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("in.jsonl:2: bad publication date: impossible date"),
        "{stderr}"
    );
    assert!(!dir.join("out").exists(), "no output may be written");
}

#[test]
fn skip_invalid_writes_rejects_and_counts_every_record() {
    let dir = common::temp_dir("cli-skip");
    std::fs::write(
        dir.join("in.jsonl"),
        format!("{GOOD}\n{{broken\n{BAD_DATE}\n"),
    )
    .unwrap();
    common::storyline(&["run", "in.jsonl", "--out", "out", "--skip-invalid"], &dir);
    let rejects = std::fs::read_to_string(dir.join("out/rejects.jsonl")).unwrap();
    assert_eq!(rejects.lines().count(), 2);
    assert!(rejects.contains("\"line\":2") && rejects.contains("malformed JSON"));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/manifest.json")).unwrap())
            .unwrap();
    let f = &manifest["inputs"][0];
    assert_eq!(
        (
            f["read"].as_u64(),
            f["accepted"].as_u64(),
            f["rejected"].as_u64()
        ),
        (Some(3), Some(1), Some(2))
    );
}

#[test]
fn stage_subcommands_chain_through_parquet() {
    let dir = common::temp_dir("cli-stages");
    common::storyline(&["ingest", "--out", "state"], &dir);
    common::storyline(&["cluster", "--state", "state"], &dir);
    common::storyline(&["timeline", "--state", "state"], &dir);
    common::storyline(&["report", "--state", "state", "--reports", "png"], &dir);
    common::storyline(&["export", "--state", "state", "--to", "json"], &dir);
    for f in [
        "state/articles.parquet",
        "state/stories.parquet",
        "state/timeline.parquet",
        "state/coverage.parquet",
        "png/timeline.png",
        "json/stories.jsonl",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    let (stories, dates) =
        storyline::run_dir::read_stories(&dir.join("state/stories.parquet")).unwrap();
    assert!(stories.len() >= 10 && dates.len() == stories.len());
}

/// The stage subcommands read the settings `cluster` was given from the run folder's
/// manifest, so the chain writes exactly what `run` writes with those settings. `--idf-window`
/// changes the features the timeline stage scores sentences with, so a stage that fell back
/// to default settings would write other stories and timeline tables.
#[test]
fn stage_chain_with_settings_writes_what_run_writes_byte_for_byte() {
    let dir = common::temp_dir("cli-chain");
    let settings = ["--threshold", "0.3", "--idf-window", "20"];
    let with = |args: &[&str]| -> Vec<String> {
        args.iter()
            .chain(&settings)
            .map(|s| s.to_string())
            .collect()
    };
    let run = with(&["run", "--out", "run"]);
    common::storyline(&run.iter().map(String::as_str).collect::<Vec<_>>(), &dir);
    common::storyline(&["ingest", "--out", "chain"], &dir);
    let cluster = with(&["cluster", "--state", "chain"]);
    common::storyline(
        &cluster.iter().map(String::as_str).collect::<Vec<_>>(),
        &dir,
    );
    common::storyline(&["timeline", "--state", "chain"], &dir);
    common::storyline(
        &["report", "--state", "chain", "--reports", "chain/reports"],
        &dir,
    );
    let mut compared = 0;
    for table in storyline::run_dir::Table::RUN {
        let name = table.file_name();
        let a = std::fs::read(dir.join("run").join(&name)).unwrap();
        let b = std::fs::read(dir.join("chain").join(&name)).unwrap();
        assert!(a == b, "{name}: the stage chain differs from run");
        compared += 1;
    }
    let mut charts: Vec<_> = std::fs::read_dir(dir.join("run/reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    charts.sort();
    assert!(charts.len() >= 5, "{charts:?}");
    for chart in charts {
        let a = std::fs::read(dir.join("run/reports").join(&chart)).unwrap();
        let b = std::fs::read(dir.join("chain/reports").join(&chart)).unwrap();
        assert!(a == b, "{chart:?}: the stage chain differs from run");
        compared += 1;
    }
    assert!(compared >= 16);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("chain/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["settings"]["features"]["idf_window"], 20);
}

#[test]
fn help_lists_the_subcommands_with_examples() {
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .arg("--help")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for word in [
        "run",
        "ingest",
        "cluster",
        "timeline",
        "report",
        "export",
        "eval",
        "compare",
        "timex",
        "Examples:",
    ] {
        assert!(text.contains(word), "--help lacks {word}");
    }
    // A user has no ../shared evaluation data: examples name what they have.
    assert!(
        !text.contains("shared/"),
        "--help names a path users lack:\n{text}"
    );
}

#[test]
fn compare_writes_its_tables_and_charts_and_rejects_an_unknown_story() {
    let dir = common::temp_dir("compare");
    common::storyline(&["compare", "--out", "cmp"], &dir);
    for f in [
        "coverage.parquet",
        "lead_lag.parquet",
        "emphasis.parquet",
        "blind_spots.parquet",
        "reports/lead_lag.png",
        "reports/emphasis.png",
        "reports/attention.png",
        "reports/story_coverage.png",
        "reports/coverage.png",
    ] {
        assert!(dir.join("cmp").join(f).is_file(), "{f} missing");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["compare", "--out", "cmp2", "--story", "s-nope"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("s-nope"));
    assert!(
        !dir.join("cmp2").exists(),
        "nothing is written for a bad --story"
    );
}

#[test]
fn ner_tags_a_conll_file_and_eval_scores_it() {
    let dir = common::temp_dir("ner");
    // Tokens only: every line comes back with one more column; layout kept.
    std::fs::write(
        dir.join("tokens.txt"),
        "-DOCSTART-\n\nRex\nTillerson\nmet\nSergei\nLavrov\nin\nMoscow\n.\n\nPutin\nspoke\n.\n",
    )
    .unwrap();
    common::storyline(&["ner", "--conll", "tokens.txt", "--out", "pred.txt"], &dir);
    let pred = std::fs::read_to_string(dir.join("pred.txt")).unwrap();
    let lines: Vec<&str> = pred.lines().collect();
    assert_eq!(lines.len(), 14, "{pred}");
    assert_eq!(lines[0], "-DOCSTART-");
    assert_eq!(lines[2], "Rex B-PER");
    assert_eq!(lines[3], "Tillerson I-PER");
    assert_eq!(lines[8], "Moscow B-LOC");
    // Gold in the last column: eval prints the documented JSON.
    std::fs::write(
        dir.join("gold.txt"),
        "Rex NNP B-PER\nTillerson NNP I-PER\nmet VBD O\nSergei NNP B-PER\nLavrov NNP I-PER\nin IN O\nMoscow NNP B-LOC\n. . O\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["eval", "ner", "--conll", "gold.txt", "--json"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["micro"]["f1"], 1.0, "{j}");
    assert_eq!(j["per_type"]["PER"]["precision"], 1.0, "{j}");
}
