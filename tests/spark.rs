//! The Spark job (`spark/run.sh`, Spark in local mode) against `storyline run` on the same
//! 5,000 synthetic articles: one window gives every table exactly; overlapping windows give
//! the same stories to a BCubed F1 of 0.98 or more; coverage and lead-lag computed by Spark SQL
//! are the library's own numbers; the schemas are the same. Skipped, with the reason printed,
//! where Java 17 or pyspark cannot be had (the first run installs pyspark with pip and builds
//! the Python module, a few minutes).

mod common;

use common::{storyline, temp_dir};
use polars::prelude::DataFrame;
use std::path::{Path, PathBuf};
use std::process::Command;
use storyline::run_dir;
use storyline::{compare, eval};

/// Exit codes of `spark/run.sh` that mean "cannot run here", not "failed".
const NO_JAVA: i32 = 3;
const NO_SETUP: i32 = 4;

/// Runs `spark/run.sh`; `Err` carries the reason to skip.
fn spark_run(args: &[&str]) -> Result<(), String> {
    let script = common::repo_dir().join("spark/run.sh");
    let out = Command::new(&script)
        .args(args)
        .output()
        .map_err(|e| format!("cannot start {}: {e}", script.display()))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        Some(0) => Ok(()),
        Some(NO_JAVA) | Some(NO_SETUP) => Err(stderr.lines().last().unwrap_or("").to_string()),
        _ => panic!("spark/run.sh {args:?} failed:\n{stderr}"),
    }
}

const TABLES: [&str; 8] = [
    "articles",
    "entities",
    "mentions",
    "article_dates",
    "stories",
    "timeline",
    "coverage",
    "lead_lag",
];

fn table(dir: &Path, name: &str) -> DataFrame {
    run_dir::read_parquet(&dir.join(format!("{name}.parquet"))).expect("read table")
}

/// Story of every article, in article id order.
fn stories_by_article(dir: &Path) -> Vec<(String, String)> {
    let (articles, story_of) = run_dir::read_articles(&dir.join("articles.parquet")).unwrap();
    let mut v: Vec<(String, String)> = articles
        .iter()
        .map(|a| {
            (
                a.id.clone(),
                story_of.get(&a.id).cloned().unwrap_or_default(),
            )
        })
        .collect();
    v.sort();
    v
}

fn close(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || (a - b).abs() <= 1e-9 * a.abs().max(1.0)
}

#[test]
fn spark_gives_the_stories_coverage_and_schemas_of_storyline_run() {
    let dir = temp_dir("spark");
    let pile = dir.join("pile.jsonl");
    let s = |p: &PathBuf| p.to_string_lossy().into_owned();
    storyline(
        &[
            "synth",
            "--articles",
            "5000",
            "--seed",
            "11",
            "--out",
            &s(&pile),
        ],
        &dir,
    );

    // One window: a pile of 5,000 is one batch for `storyline run`, and one window here.
    let (cli, one) = (dir.join("cli"), dir.join("spark-one"));
    storyline(&["run", &s(&pile), "--out", &s(&cli)], &dir);
    if let Err(why) = spark_run(&[&s(&pile), "--out", &s(&one)]) {
        eprintln!("SKIPPED: Spark cannot run here: {why}");
        return;
    }
    for name in TABLES {
        let (a, b) = (table(&cli, name), table(&one, name));
        assert_eq!(a.schema(), b.schema(), "{name}: schemas differ");
        assert!(
            a.equals_missing(&b),
            "{name}: one window must give storyline run's rows"
        );
    }

    // Overlapping windows: the single-pass clusterer (what large piles get) in 21-day strides
    // over a pile of about five months, stitched.
    let (cli_online, windows) = (dir.join("cli-online"), dir.join("spark-windows"));
    storyline(
        &[
            "run",
            &s(&pile),
            "--algorithm",
            "online",
            "--out",
            &s(&cli_online),
        ],
        &dir,
    );
    spark_run(&[
        &s(&pile),
        "--out",
        &s(&windows),
        "--algorithm",
        "online",
        "--window-days",
        "21",
    ])
    .expect("Spark ran once already");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(windows.join("manifest.json")).unwrap())
            .unwrap();
    let count = manifest["windows"]["count"].as_i64().unwrap();
    assert!(
        count >= 5,
        "the pile must span several windows, got {count}"
    );
    let (a, b) = (
        stories_by_article(&cli_online),
        stories_by_article(&windows),
    );
    assert_eq!(
        a.iter().map(|x| &x.0).collect::<Vec<_>>(),
        b.iter().map(|x| &x.0).collect::<Vec<_>>(),
        "the same articles"
    );
    let pred: Vec<&str> = b.iter().map(|x| x.1.as_str()).collect();
    let gold: Vec<&str> = a.iter().map(|x| x.1.as_str()).collect();
    let agreement = eval::score(&pred, &gold);
    eprintln!(
        "Spark, {count} windows, against storyline run (online): BCubed P {:.4} R {:.4} F1 {:.4}",
        agreement.bcubed_precision, agreement.bcubed_recall, agreement.bcubed_f1
    );
    assert!(
        agreement.bcubed_f1 >= 0.98,
        "stitched windows must agree with storyline run: F1 {:.4}",
        agreement.bcubed_f1
    );
    for name in TABLES {
        assert_eq!(
            table(&cli_online, name).schema(),
            table(&windows, name).schema(),
            "{name}: schemas differ"
        );
    }

    // Spark SQL's coverage and lead-lag are the library's numbers over Spark's own stories.
    let (articles, _) = run_dir::read_articles(&windows.join("articles.parquet")).unwrap();
    let (stories, _) = run_dir::read_stories(&windows.join("stories.parquet")).unwrap();
    let want = compare::coverage(&articles, &stories);
    let got = run_dir::read_coverage(&windows.join("coverage.parquet")).unwrap();
    assert_eq!(want.len(), got.len(), "coverage rows");
    for (w, g) in want.iter().zip(&got) {
        assert_eq!(
            (&w.story_id, &w.outlet, w.n_articles, w.n_wire),
            (&g.story_id, &g.outlet, g.n_articles, g.n_wire)
        );
        assert_eq!(
            (
                w.first_published,
                w.last_published,
                w.first_original,
                w.first_to_report
            ),
            (
                g.first_published,
                g.last_published,
                g.first_original,
                g.first_to_report
            ),
            "{} / {}",
            w.story_id,
            w.outlet
        );
        for (x, y) in [
            (w.lag_hours, g.lag_hours),
            (w.share_of_story, g.share_of_story),
            (w.share_of_outlet, g.share_of_outlet),
        ] {
            assert!(
                close(x, y),
                "{} / {}: {x} against {y}",
                w.story_id,
                w.outlet
            );
        }
    }
    let want = compare::lead_lag(&articles, &stories, &compare::wire_copies(&articles));
    let got = table(&windows, "lead_lag");
    assert_eq!(want.len(), got.height(), "lead-lag rows");
    let medians: Vec<Option<f64>> = got
        .column("median_lag_hours")
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .collect();
    let shared: Vec<Option<i64>> = got
        .column("n_shared")
        .unwrap()
        .cast(&polars::prelude::DataType::Int64)
        .unwrap()
        .i64()
        .unwrap()
        .iter()
        .collect();
    for (i, w) in want.iter().enumerate() {
        assert_eq!(
            shared[i],
            Some(w.n_shared as i64),
            "{} / {}",
            w.outlet_a,
            w.outlet_b
        );
        assert!(
            close(medians[i].unwrap_or(f64::NAN), w.median_lag_hours),
            "{} / {}: median lag {:?} against {}",
            w.outlet_a,
            w.outlet_b,
            medians[i],
            w.median_lag_hours
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
