//! Killed runs leave complete files (the previous ones or the new ones, never half of one) and
//! a rerun succeeds; repeated runs give byte-identical outputs.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// A deterministic synthetic pile: `topics` stories of `per_topic` articles each, several
/// outlets, a few days apart; enough text that a run takes a couple of seconds.
fn synthetic(topics: usize, per_topic: usize) -> String {
    let words = [
        "minister",
        "talks",
        "council",
        "vote",
        "storm",
        "flood",
        "market",
        "shares",
        "police",
        "court",
        "ruling",
        "strike",
        "border",
        "election",
        "budget",
        "treaty",
        "missile",
        "hospital",
        "school",
        "river",
        "bridge",
        "airport",
        "union",
        "factory",
        "harbour",
        "senate",
        "protest",
        "embassy",
        "summit",
        "inquiry",
        "verdict",
        "ceasefire",
        "drought",
        "harvest",
        "pipeline",
        "reactor",
        "satellite",
        "vaccine",
        "tariff",
        "railway",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out = String::new();
    for t in 0..topics {
        // Each topic has words of its own ("storm7"), so the stories are findable.
        let key: Vec<String> = (0..4)
            .map(|k| format!("{}{t}", words[(t * 7 + k * 11) % words.len()]))
            .collect();
        for i in 0..per_topic {
            let mut text = String::new();
            for s in 0..12 {
                let filler: Vec<&str> = (0..10)
                    .map(|_| words[(next() % words.len() as u64) as usize])
                    .collect();
                text.push_str(&format!(
                    "The {} {} drew {} officials on day {s}, {} said. ",
                    key[s % 4],
                    key[(s + 1) % 4],
                    filler.join(" "),
                    key[(s + 2) % 4]
                ));
            }
            out.push_str(&format!(
                "{{\"id\":\"t{t}-{i}\",\"title\":\"{} {} {}\",\"text\":\"{text}\",\"published\":\"2017-0{}-{:02}T{:02}:00:00Z\",\"outlet\":\"Outlet {}\"}}\n",
                key[0],
                key[1],
                key[2],
                1 + t % 9,
                1 + (t * 3) % 27,
                i % 24,
                (t + i) % 9
            ));
        }
    }
    out
}

const OUTPUTS: [&str; 12] = [
    "articles.parquet",
    "entities.parquet",
    "stories.parquet",
    "timeline.parquet",
    "coverage.parquet",
    "mentions.parquet",
    "lead_lag.parquet",
    "manifest.json",
    "reports/timeline.png",
    "reports/volume.png",
    "reports/coverage.png",
    "reports/emphasis.png",
];

/// Every output present is complete: Parquet reads back, PNG decodes, JSON parses.
fn assert_complete(dir: &Path, context: &str) {
    for f in OUTPUTS {
        let p = dir.join(f);
        if !p.exists() {
            continue;
        }
        if f.ends_with(".parquet") {
            storyline::run_dir::read_parquet(&p)
                .unwrap_or_else(|e| panic!("{context}: {f} is not a complete Parquet file: {e}"));
        } else if f.ends_with(".png") {
            let decoder =
                png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&p).unwrap()));
            let mut reader = decoder
                .read_info()
                .unwrap_or_else(|e| panic!("{context}: {f}: {e}"));
            let mut buf = vec![0; reader.output_buffer_size()];
            reader
                .next_frame(&mut buf)
                .unwrap_or_else(|e| panic!("{context}: {f} is not a complete PNG: {e}"));
        } else {
            let text = std::fs::read_to_string(&p).unwrap();
            serde_json::from_str::<serde_json::Value>(&text)
                .unwrap_or_else(|e| panic!("{context}: {f} is not complete JSON: {e}"));
        }
    }
}

fn run_to_end(dir: &Path, out: &str) {
    common::storyline(&["run", "pile.jsonl", "--out", out], dir);
}

fn stale_temporaries(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for sub in [dir.to_path_buf(), dir.join("reports")] {
        if let Ok(entries) = std::fs::read_dir(&sub) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') && name.contains(".tmp") {
                    found.push(name);
                }
            }
        }
    }
    found
}

#[test]
fn a_run_killed_at_any_moment_leaves_complete_files_and_a_rerun_succeeds() {
    let dir = common::temp_dir("kill");
    std::fs::write(dir.join("pile.jsonl"), synthetic(30, 30)).unwrap();
    run_to_end(&dir, "baseline");
    let baseline: Vec<Vec<u8>> = OUTPUTS[..7]
        .iter()
        .map(|f| std::fs::read(dir.join("baseline").join(f)).unwrap())
        .collect();
    // Kill runs into a folder that already holds a complete run, and into a fresh one, at
    // moments spread over the run.
    std::fs::create_dir_all(dir.join("again")).unwrap();
    for f in OUTPUTS {
        let to = dir.join("again").join(f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(dir.join("baseline").join(f), to).unwrap();
    }
    // Early kills land in the analysis; the others land while files are being written: the
    // run prints each stage as it ends, and writing starts right after "compare".
    let kills: [(&str, u64); 9] = [
        ("ingest", 0),
        ("cluster", 0),
        ("compare", 0),
        ("compare", 2),
        ("compare", 5),
        ("compare", 10),
        ("compare", 20),
        ("compare", 40),
        ("compare", 80),
    ];
    let mut partial_states = 0;
    for (k, (stage, ms)) in kills.iter().enumerate() {
        for target in ["again", "fresh"] {
            let mut child = Command::new(env!("CARGO_BIN_EXE_storyline"))
                .args(["run", "pile.jsonl", "--out", target])
                .current_dir(&dir)
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            let stderr = child.stderr.take().unwrap();
            let (tx, rx) = std::sync::mpsc::channel();
            let wanted = format!("  {stage}");
            std::thread::spawn(move || {
                use std::io::BufRead;
                for line in std::io::BufReader::new(stderr)
                    .lines()
                    .map_while(Result::ok)
                {
                    if line.starts_with(&wanted) {
                        let _ = tx.send(());
                    }
                }
            });
            let _ = rx.recv_timeout(Duration::from_secs(120));
            std::thread::sleep(Duration::from_millis(*ms));
            let _ = child.kill();
            let _ = child.wait();
            assert_complete(
                &dir.join(target),
                &format!("kill #{k}, {ms} ms after {stage}, in {target}"),
            );
            if target == "fresh" {
                let present = OUTPUTS
                    .iter()
                    .filter(|f| dir.join(target).join(f).exists())
                    .count();
                if present > 0 && present < OUTPUTS.len() {
                    partial_states += 1;
                }
                let _ = std::fs::remove_dir_all(dir.join(target));
            }
            if target == "again" {
                for f in OUTPUTS {
                    assert!(
                        dir.join(target).join(f).exists(),
                        "{f} vanished after a kill"
                    );
                }
            }
        }
    }
    // Some kills must have landed while the files were being written, or this test proves
    // nothing.
    assert!(partial_states > 0, "no kill landed during writing");
    // A rerun after the kills finishes, cleans up what the killed runs left, and gives the
    // same tables as an undisturbed run.
    for target in ["again", "fresh"] {
        run_to_end(&dir, target);
        assert_complete(&dir.join(target), target);
        for (f, want) in OUTPUTS[..7].iter().zip(&baseline) {
            assert!(
                std::fs::read(dir.join(target).join(f)).unwrap() == *want,
                "{target}/{f} differs from an undisturbed run"
            );
        }
        let stale = stale_temporaries(&dir.join(target));
        assert!(stale.is_empty(), "{target}: left behind {stale:?}");
    }
}

/// The same input twice: every table, chart and JSON output byte-identical; the manifest
/// differs only in its wall-clock fields and output paths.
#[test]
fn repeated_runs_give_identical_outputs() {
    let dir = common::temp_dir("repeat");
    let mut pile = synthetic(6, 8);
    pile.push_str("{\"id\":\"bad\",\"text\":\"\",\"published\":\"2017-01-01\",\"outlet\":\"X\"}\n");
    std::fs::write(dir.join("pile.jsonl"), pile).unwrap();
    for out in ["one", "two"] {
        common::storyline(&["run", "pile.jsonl", "--skip-invalid", "--out", out], &dir);
    }
    let why = "between two runs of the same input";
    let compared = common::assert_same_files(&dir.join("one"), &dir.join("two"), why)
        + common::assert_same_files(&dir.join("one/reports"), &dir.join("two/reports"), why);
    assert!(compared >= 17, "compared only {compared} files");
    assert!(dir.join("one/rejects.jsonl").exists());
    assert_eq!(
        common::manifest_without_clock(&dir.join("one")),
        common::manifest_without_clock(&dir.join("two"))
    );
}
