//! Timeline summaries: `storyline timeline --input` on the demo's Syria articles, and `storyline
//! eval timelines` on the Timeline17 dev topics in ../shared (skipped, with a reason, when
//! absent).

mod common;

use std::path::Path;
use std::process::Command;

/// `storyline timeline --input INPUT --out OUT ARGS…`
fn summarise(input: &Path, out: &Path, args: &[&str]) {
    let mut all = vec![
        "timeline",
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    common::storyline(&all, &common::repo_dir());
}

fn timeline_json(dir: &Path) -> Vec<serde_json::Value> {
    serde_json::from_str(&std::fs::read_to_string(dir.join("timeline.json")).unwrap()).unwrap()
}

#[test]
fn summarises_the_demo_week_into_dated_sentences() {
    let dir = common::temp_dir("summary");
    let out = dir.join("out");
    let input = common::repo_dir().join("demo/articles/syria.jsonl");
    summarise(&input, &out, &["--dates", "5", "--sentences", "2"]);
    let days = timeline_json(&out);
    assert!(!days.is_empty() && days.len() <= 5, "{days:?}");
    let dates: Vec<&str> = days.iter().map(|d| d["date"].as_str().unwrap()).collect();
    assert!(
        dates.windows(2).all(|w| w[0] < w[1]),
        "not ascending: {dates:?}"
    );
    // The three stories of the week: the attack, the strike (Thursday night in Washington is
    // Friday before dawn in Syria, so either day), the Moscow talks.
    assert!(dates.contains(&"2017-04-04"), "{dates:?}");
    assert!(
        dates.contains(&"2017-04-07") || dates.contains(&"2017-04-06"),
        "{dates:?}"
    );
    assert!(dates.contains(&"2017-04-12"), "{dates:?}");
    for d in &days {
        let s = d["sentences"].as_array().unwrap();
        assert!(!s.is_empty() && s.len() <= 2, "{d}");
    }
    let attack = days.iter().find(|d| d["date"] == "2017-04-04").unwrap();
    assert!(
        attack["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s.as_str().unwrap().contains("Khan Sheikhun")),
        "{attack}"
    );

    // The table has one row per sentence, the chart decodes.
    let df = storyline::run_dir::read_parquet(&out.join("timeline_summary.parquet")).unwrap();
    let n: usize = days
        .iter()
        .map(|d| d["sentences"].as_array().unwrap().len())
        .sum();
    assert_eq!(df.height(), n);
    for col in [
        "date",
        "position",
        "sentence",
        "article_id",
        "published",
        "date_score",
    ] {
        assert!(df.column(col).is_ok(), "column {col} missing");
    }
    let png = png::Decoder::new(std::fs::File::open(out.join("timeline.png")).unwrap());
    let info = png.read_info().unwrap().info().clone();
    assert!(info.width >= 1000 && info.height >= 300);

    // The same articles in another order give the same timeline, byte for byte.
    let text = std::fs::read_to_string(&input).unwrap();
    let mut lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines.reverse();
    let shuffled = dir.join("reversed.jsonl");
    std::fs::write(&shuffled, lines.join("\n")).unwrap();
    let out2 = dir.join("out2");
    summarise(&shuffled, &out2, &["--dates", "5", "--sentences", "2"]);
    assert_eq!(
        std::fs::read(out.join("timeline.json")).unwrap(),
        std::fs::read(out2.join("timeline.json")).unwrap()
    );
    assert_eq!(
        std::fs::read(out.join("timeline_summary.parquet")).unwrap(),
        std::fs::read(out2.join("timeline_summary.parquet")).unwrap()
    );
}

#[test]
fn a_date_range_keeps_the_summary_inside_it() {
    let dir = common::temp_dir("summary-range");
    let input = common::repo_dir().join("demo/articles/syria.jsonl");
    let args = [
        "--dates",
        "3",
        "--sentences",
        "1",
        "--from",
        "2017-04-06",
        "--to",
        "2017-04-10",
    ];
    summarise(&input, &dir, &args);
    let days = timeline_json(&dir);
    assert!(!days.is_empty());
    for d in &days {
        let date = d["date"].as_str().unwrap();
        assert!(("2017-04-06"..="2017-04-10").contains(&date), "{date}");
    }
}

#[test]
fn a_bad_reference_row_is_refused_with_its_line() {
    let dir = common::temp_dir("summary-bad");
    let refs = dir.join("timelines.jsonl");
    std::fs::write(
        &refs,
        "{\"topic\":\"syria\",\"collection\":\"c\",\"timeline\":\"t\",\"date\":\"2017-04-04\",\"sentences\":[\"An attack.\"]}\n{\"topic\":\"syria\",\"collection\":\"c\",\"timeline\":\"t\",\"date\":\"April 7\",\"sentences\":[]}\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["eval", "timelines", "--articles"])
        .arg(common::repo_dir().join("demo/articles/syria.jsonl"))
        .arg("--timelines")
        .arg(&refs)
        .arg("--out")
        .arg(dir.join("out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("timelines.jsonl:2:"), "{stderr}");
}

#[test]
fn timeline17_dev_topics_beat_news_tls() {
    let Some(shared) = common::shared_dir() else {
        eprintln!(
            "SKIPPED: ../shared/data is absent, so the Timeline17 dev topics cannot be scored"
        );
        return;
    };
    let dir = common::temp_dir("t17");
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["eval", "timelines", "--json", "--articles"])
        .arg(shared.join("timelines/articles.jsonl"))
        .arg("--timelines")
        .arg(shared.join("timelines/timelines.jsonl"))
        .arg("--out")
        .arg(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    eprintln!("{stderr}");
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mean = &j["mean"];
    eprintln!("Timeline17 dev mean: {mean}");
    for key in ["date_f1", "ar1_f", "ar2_f", "rouge1_f", "rouge2_f"] {
        assert!(mean[key].is_number(), "{key} missing: {j}");
    }
    assert_eq!(j["timelines"].as_array().unwrap().len(), 9);
    // The bars.
    let date_f1 = mean["date_f1"].as_f64().unwrap();
    let ar1 = mean["ar1_f"].as_f64().unwrap();
    assert!(date_f1 >= 0.60, "Date-F1 {date_f1:.3} < 0.60");
    assert!(ar1 >= 0.13, "AR-1 F {ar1:.3} < 0.13");
    // One system timeline per reference, named as the protocol says.
    assert!(dir.join("bpoil__bpoil_bbc__bbc.txt.json").is_file());
    assert!(dir
        .join("Finan__Finan_washingtonpost__financial_crisis_wallstreet_washingtonpost.txt.json")
        .is_file());
}
