//! The same articles in another order and another split into files give byte-identical
//! Parquet and PNG outputs; the same files named in another order give byte-identical JSON
//! outputs too.

mod common;

use std::path::Path;

fn write_demo(dir: &Path, shuffle: bool) {
    for f in storyline::demo::input_files() {
        let rel = f.name.trim_start_matches("demo/");
        let text = String::from_utf8(f.bytes.clone()).unwrap();
        if shuffle && rel.ends_with(".jsonl") {
            // Reverse the lines and split the file in two.
            let mut lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            lines.reverse();
            let half = lines.len() / 2;
            let stem = rel.trim_end_matches(".jsonl");
            std::fs::write(
                dir.join(format!("{stem}-b.jsonl")),
                lines[..half].join("\n") + "\n",
            )
            .unwrap();
            std::fs::write(
                dir.join(format!("{stem}-a.jsonl")),
                lines[half..].join("\n") + "\n",
            )
            .unwrap();
            continue;
        }
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &f.bytes).unwrap();
    }
}

#[test]
fn shuffled_and_split_input_gives_identical_outputs() {
    let dir = common::temp_dir("shuffle");
    let (a, b) = (dir.join("a"), dir.join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    write_demo(&a, false);
    write_demo(&b, true);
    common::storyline(&["run", "a", "--out", "out-a"], &dir);
    common::storyline(&["run", "b", "--out", "out-b"], &dir);
    for f in [
        "articles.parquet",
        "entities.parquet",
        "stories.parquet",
        "timeline.parquet",
        "coverage.parquet",
        "mentions.parquet",
        "article_dates.parquet",
        "lead_lag.parquet",
        "emphasis.parquet",
        "blind_spots.parquet",
        "reports/timeline.png",
        "reports/volume.png",
        "reports/coverage.png",
        "reports/lead_lag.png",
        "reports/story_coverage.png",
        "reports/attention.png",
        "reports/emphasis.png",
    ] {
        let x = std::fs::read(dir.join("out-a").join(f)).unwrap();
        let y = std::fs::read(dir.join("out-b").join(f)).unwrap();
        assert!(x == y, "{f} differs between input orders");
    }
    // A second run over the same input is identical too.
    common::storyline(&["run", "a", "--out", "out-c"], &dir);
    assert_eq!(
        std::fs::read(dir.join("out-a/stories.parquet")).unwrap(),
        std::fs::read(dir.join("out-c/stories.parquet")).unwrap()
    );
}

/// Inputs named in any order: every output identical, rejects.jsonl and the manifest included
/// (the manifest's wall-clock fields and output paths aside).
#[test]
fn input_order_on_the_command_line_changes_nothing() {
    let dir = common::temp_dir("argorder");
    write_demo(&dir, false);
    std::fs::write(
        dir.join("bad.jsonl"),
        "{\"id\":\"x\",\"text\":\" \",\"published\":\"2017-04-04\",\"outlet\":\"X\"}\nnot json\n",
    )
    .unwrap();
    let inputs = [
        "syria.jsonl",
        "world.csv",
        "world.jsonl",
        "pages",
        "bad.jsonl",
    ];
    let run = |order: &[&str], out: &str| {
        let mut args = vec!["run", "--skip-invalid", "--out", out];
        args.extend(order);
        common::storyline(&args, &dir);
    };
    run(&inputs, "out-1");
    let mut reversed = inputs.to_vec();
    reversed.reverse();
    run(&reversed, "out-2");
    common::assert_same_files(
        &dir.join("out-1"),
        &dir.join("out-2"),
        "it depends on the order of the inputs",
    );
    let rejects = std::fs::read_to_string(dir.join("out-1/rejects.jsonl")).unwrap();
    assert_eq!(rejects.lines().count(), 2, "{rejects}");
    assert_eq!(
        common::manifest_without_clock(&dir.join("out-1")),
        common::manifest_without_clock(&dir.join("out-2"))
    );
}
