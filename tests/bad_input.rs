//! The bad-input matrix: every kind of dirty input, once stopping the run (exit code 2,
//! `file:line: reason`, nothing written) and once with `--skip-invalid` (the record in
//! rejects.jsonl with its reason, and the manifest's `read = accepted + rejected` per file).

mod common;

use std::path::Path;
use std::process::Command;

fn good(id: &str, day: u32) -> String {
    format!(
        "{{\"id\":\"{id}\",\"title\":\"Talks in Moscow {id}\",\"text\":\"Rex Tillerson met Sergei Lavrov in Moscow on Wednesday for talks about Syria, the officials said. The talks lasted several hours.\",\"published\":\"2017-04-{day:02}T10:00:00Z\",\"outlet\":\"Outlet {id}\"}}\n"
    )
}

fn good_file() -> (&'static str, Vec<u8>) {
    (
        "good.jsonl",
        format!("{}{}", good("g1", 12), good("g2", 12)).into_bytes(),
    )
}

fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run storyline");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write_files(dir: &Path, files: &[(&str, Vec<u8>)]) {
    for (name, bytes) in files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

/// Default run: exit code 2, `file:line: reason` on stderr, no output folder.
fn assert_stops(case: &str, files: &[(&str, Vec<u8>)], at: &str, reason: &str) {
    let dir = common::temp_dir(&format!("stop-{case}"));
    write_files(&dir, files);
    let names: Vec<&str> = files.iter().map(|f| f.0).collect();
    let mut args = vec!["run"];
    args.extend(&names);
    args.extend(["--out", "out"]);
    let (code, stderr) = run(&dir, &args);
    assert_eq!(code, 2, "{case}: exit code {code}, stderr: {stderr}");
    assert!(
        stderr.contains(&format!("{at}: ")) && stderr.contains(reason),
        "{case}: expected `{at}: …{reason}…`, got: {stderr}"
    );
    assert!(!dir.join("out").exists(), "{case}: output written");
}

/// `--skip-invalid`: the run finishes; the record is in rejects.jsonl with its reason; every
/// file's counts add up in the manifest.
fn assert_rejected(case: &str, files: &[(&str, Vec<u8>)], file: &str, reason: &str) {
    let dir = common::temp_dir(&format!("skip-{case}"));
    let mut all = files.to_vec();
    all.push(good_file());
    write_files(&dir, &all);
    let mut args = vec!["run", "--skip-invalid", "--out", "out"];
    args.extend(all.iter().map(|f| f.0));
    let (code, stderr) = run(&dir, &args);
    assert_eq!(code, 0, "{case}: {stderr}");
    let rejects = std::fs::read_to_string(dir.join("out/rejects.jsonl")).unwrap_or_default();
    let found = rejects.lines().any(|l| {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        v["file"]
            .as_str()
            .is_some_and(|f| f == file || f.ends_with(&format!("/{file}")))
            && v["reason"].as_str().is_some_and(|r| r.contains(reason))
            && v["line"].as_u64().is_some()
    });
    assert!(
        found,
        "{case}: no reject `{reason}` for {file} in:\n{rejects}"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/manifest.json")).unwrap())
            .unwrap();
    for input in manifest["inputs"].as_array().unwrap() {
        let (r, a, j) = (
            input["read"].as_u64().unwrap(),
            input["accepted"].as_u64().unwrap(),
            input["rejected"].as_u64().unwrap(),
        );
        assert_eq!(r, a + j, "{case}: {input}");
        let path = input["path"].as_str().unwrap();
        if path == file || path.ends_with(&format!("/{file}")) {
            assert!(j >= 1, "{case}: nothing rejected in {input}");
        }
    }
    assert_eq!(
        manifest["counts"]["rejected"].as_u64().unwrap() as usize,
        rejects.lines().count(),
        "{case}"
    );
}

fn both(case: &str, name: &str, bytes: Vec<u8>, line: usize, reason: &str) {
    let files = vec![(name, bytes)];
    assert_stops(case, &files, &format!("{name}:{line}"), reason);
    assert_rejected(case, &files, name, reason);
}

#[test]
fn malformed_json_line() {
    let bytes = format!(
        "{}{{\"id\": \"x\", \"text\": \n{}",
        good("a", 10),
        good("b", 10)
    );
    both(
        "malformed",
        "a.jsonl",
        bytes.into_bytes(),
        2,
        "malformed JSON",
    );
}

#[test]
fn csv_missing_and_extra_columns() {
    let header = "id,title,text,published,outlet\n";
    let ok = "c1,T,\"Officials met in Moscow on Wednesday for talks.\",2017-04-12,X\n";
    both(
        "csv-missing",
        "c.csv",
        format!("{header}{ok}c2,T,too few\n").into_bytes(),
        3,
        "expected 5 fields",
    );
    both(
        "csv-extra",
        "c.csv",
        format!("{header}{ok}c3,T,text,2017-04-12,X,extra\n").into_bytes(),
        3,
        "expected 5 fields",
    );
}

#[test]
fn csv_quoted_newlines_keep_line_numbers_and_a_bom_is_ignored() {
    // A quoted field spanning two lines is one record; the bad record after it is on line 4.
    let body = "\u{feff}id,title,text,published,outlet\nc1,T,\"First line of the text\nand its second line about Moscow talks.\",2017-04-12,X\nc2,T,short\n";
    both(
        "csv-quoted",
        "q.csv",
        body.as_bytes().to_vec(),
        4,
        "expected 5 fields",
    );
    let dir = common::temp_dir("csv-bom-ok");
    let fine = "\u{feff}id,title,text,published,outlet\nc1,T,\"First line of the text\nand its second line about Moscow talks.\",2017-04-12,X\n";
    write_files(&dir, &[("ok.csv", fine.as_bytes().to_vec()), good_file()]);
    let (code, stderr) = run(&dir, &["run", "ok.csv", "good.jsonl", "--out", "out"]);
    assert_eq!(code, 0, "{stderr}");
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["export", "--state", "out", "--to", "json"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let articles = std::fs::read_to_string(dir.join("json/articles.jsonl")).unwrap();
    // One record: both lines of the quoted field are in one article (as two paragraphs).
    let c1 = articles.lines().find(|l| l.contains("\"c1\"")).unwrap();
    assert!(
        c1.contains("First line of the text") && c1.contains("and its second line"),
        "{c1}"
    );
}

#[test]
fn invalid_utf8() {
    let mut bytes = good("a", 10).into_bytes();
    bytes.extend(
        b"{\"id\":\"b\",\"text\":\"caf\xff\",\"published\":\"2017-04-10\",\"outlet\":\"X\"}\n",
    );
    both("utf8", "u.jsonl", bytes, 2, "invalid UTF-8");
}

#[test]
fn empty_text() {
    let bytes = "{\"id\":\"e\",\"text\":\"   \",\"published\":\"2017-04-10\",\"outlet\":\"X\"}\n";
    both("empty-text", "e.jsonl", bytes.into(), 1, "empty text");
}

#[test]
fn missing_impossible_and_ambiguous_dates() {
    let rec = |date: &str| {
        format!("{{\"id\":\"d\",\"text\":\"Officials met for talks and said little.\",{date}\"outlet\":\"X\"}}\n")
    };
    both(
        "no-date",
        "d.jsonl",
        rec("").into_bytes(),
        1,
        "no publication date",
    );
    both(
        "impossible",
        "d.jsonl",
        rec("\"published\":\"2017-02-30\",").into_bytes(),
        1,
        "impossible date",
    );
    both(
        "ambiguous",
        "d.jsonl",
        rec("\"published\":\"03/04/2017\",").into_bytes(),
        1,
        "ambiguous date",
    );
}

#[test]
fn duplicate_ids_with_different_content() {
    let a = "{\"id\":\"dup\",\"text\":\"Officials met in Moscow for talks about Syria.\",\"published\":\"2017-04-12\",\"outlet\":\"X\"}\n";
    let b = "{\"id\":\"dup\",\"text\":\"A different text about a storm in Texas.\",\"published\":\"2017-04-12\",\"outlet\":\"Y\"}\n";
    // The kept copy is the smallest content whatever the order ("A different…" here); the
    // other is reported where it was read.
    both(
        "dup",
        "dup.jsonl",
        format!("{a}{b}").into_bytes(),
        1,
        "duplicate id \"dup\" with different content (kept the one at dup.jsonl:2)",
    );
    both(
        "dup-swapped",
        "dup.jsonl",
        format!("{b}{a}").into_bytes(),
        2,
        "duplicate id \"dup\" with different content (kept the one at dup.jsonl:1)",
    );
}

#[test]
fn a_20_mb_article_is_refused_with_its_size() {
    let text = "word ".repeat(4 << 20); // 20 MB
    let bytes = format!(
        "{{\"id\":\"big\",\"text\":\"{text}\",\"published\":\"2017-04-10\",\"outlet\":\"X\"}}\n"
    );
    both(
        "big",
        "big.jsonl",
        bytes.into_bytes(),
        1,
        "over the 10.0 MB limit",
    );
}

#[test]
fn binary_files() {
    let mut bin = vec![0u8, 159, 146, 150, 0, 1, 2, 3];
    bin.extend(vec![0u8; 64]);
    both("binary-page", "blob.txt", bin.clone(), 1, "binary file");
    both("binary-jsonl", "blob.jsonl", bin, 1, "invalid UTF-8");
}

#[test]
fn empty_file_is_a_warning_not_an_error() {
    let dir = common::temp_dir("empty-file");
    write_files(&dir, &[("empty.jsonl", Vec::new()), good_file()]);
    let (code, stderr) = run(&dir, &["run", "empty.jsonl", "good.jsonl", "--out", "out"]);
    assert_eq!(code, 0, "{stderr}");
    let manifest = std::fs::read_to_string(dir.join("out/manifest.json")).unwrap();
    assert!(manifest.contains("empty file"), "{manifest}");
    // Alone, an empty file gives nothing to analyse: a clear error, no output.
    let (code, stderr) = run(&dir, &["run", "empty.jsonl", "--out", "out2"]);
    assert_ne!(code, 0);
    assert!(stderr.contains("no articles"), "{stderr}");
    assert!(!dir.join("out2").exists());
}

#[test]
fn missing_path() {
    let dir = common::temp_dir("missing-path");
    let (code, stderr) = run(&dir, &["run", "nowhere/feed.jsonl", "--out", "out"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("nowhere/feed.jsonl") && stderr.contains("No such file"),
        "{stderr}"
    );
    assert!(!dir.join("out").exists());
}

#[test]
fn a_directory_mixing_formats() {
    let dir = common::temp_dir("mixed-dir");
    let page = "Tillerson meets Putin\nTalks in Moscow.\n\nRex Tillerson and Sergei Lavrov in Moscow, April 12, 2017. PHOTO: X\n\nMOSCOW: Tillerson met Vladimir Putin on Wednesday after talks with Lavrov.\n";
    write_files(
        &dir,
        &[
            ("in/a.jsonl", good("a1", 12).into_bytes()),
            (
                "in/b.csv",
                b"id,title,text,published,outlet\nb1,T,\"Lavrov and Tillerson met in Moscow on Wednesday.\",2017-04-12,Y\n".to_vec(),
            ),
            ("in/pages/Eurasia Herald/p1.txt", page.as_bytes().to_vec()),
            ("in/notes.md", b"# not an input".to_vec()),
        ],
    );
    let (code, stderr) = run(&dir, &["run", "in", "--out", "out"]);
    assert_eq!(code, 0, "{stderr}");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/manifest.json")).unwrap())
            .unwrap();
    let formats: Vec<&str> = manifest["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["format"].as_str().unwrap())
        .collect();
    assert_eq!(formats.len(), 3, "{formats:?}");
    assert!(manifest["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["file"].as_str().unwrap().ends_with("notes.md")));
    assert_eq!(manifest["counts"]["accepted"], 3);
}

#[test]
fn a_raw_page_with_no_body() {
    both(
        "no-body",
        "pages/X/empty.txt",
        b"Just a headline\n\nRead more\nShare this article on Facebook\n".to_vec(),
        1,
        "no body text",
    );
}
