//! The temporal tagger through the CLI: TimeML in and out, and its TempEval-3 scores on the
//! TimeBank+AQUAINT dev set in ../shared (skipped, with a reason, when absent).

mod common;

use storyline::temporal::timeml;

const DOC: &str = r#"<?xml version="1.0" ?>
<TimeML>
<DOCID>T1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2017-04-12" functionInDocument="CREATION_TIME">April 12, 2017</TIMEX3></DCT>
<TEXT>
Tillerson met Lavrov <TIMEX3 tid="t1" type="DATE" value="2017-04-12">on Wednesday</TIMEX3>, a week after the attack &amp; <TIMEX3 tid="t2" type="DATE" value="2017-04-07">Friday</TIMEX3>'s strike.
</TEXT>
</TimeML>
"#;

fn json_of(s: &str) -> serde_json::Value {
    serde_json::from_str(s).expect("json output")
}

#[test]
fn timex_tags_timeml_files_and_eval_scores_them() {
    let dir = common::temp_dir("timex");
    let input = dir.join("in/sub");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("doc.tml"), DOC).unwrap();
    common::storyline(&["timex", "--tml-in", "in", "--tml-out", "out"], &dir);
    let written = std::fs::read_to_string(dir.join("out/sub/doc.tml")).unwrap();
    let doc = timeml::parse(&written).unwrap();
    let tagged: Vec<(&str, &str)> = doc
        .timexes
        .iter()
        .map(|t| (&doc.text[t.start..t.end], t.value.as_str()))
        .collect();
    assert_eq!(
        tagged,
        vec![
            ("Wednesday", "2017-04-12"),
            ("a week", "P1W"),
            ("Friday", "2017-04-07")
        ]
    );
    assert!(written.contains("attack &amp; <TIMEX3"), "{written}");
    assert!(written.starts_with("<?xml") && written.contains("<DOCID>T1</DOCID>"));

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["eval", "timex", "--gold", "in", "--json"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let j = json_of(&String::from_utf8_lossy(&out.stdout));
    // gold: "on Wednesday" (relaxed match only) and "Friday" (exact); system adds "a week".
    assert!(
        (j["strict_precision"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9,
        "{j}"
    );
    assert!(
        (j["relaxed_recall"].as_f64().unwrap() - 1.0).abs() < 1e-9,
        "{j}"
    );
    assert!((j["value_f1"].as_f64().unwrap() - 0.8).abs() < 1e-9, "{j}");
    for key in ["strict_f1", "relaxed_f1", "value_f1", "type_f1"] {
        assert!(j[key].is_number(), "{key} missing: {j}");
    }
}

#[test]
fn tbaq_dev_scores() {
    let Some(shared) = common::shared_dir() else {
        eprintln!("SKIPPED: ../shared/data is absent, so TimeBank+AQUAINT cannot be scored");
        return;
    };
    let gold = shared.join("timex/tbaq-cleaned");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["eval", "timex", "--gold"])
        .arg(&gold)
        .arg("--json")
        .current_dir(common::repo_dir())
        .output()
        .unwrap();
    assert!(out.status.success());
    let j = json_of(&String::from_utf8_lossy(&out.stdout));
    eprintln!("TBAQ: {j}");
    let relaxed = j["relaxed_f1"].as_f64().unwrap();
    let value = j["value_f1"].as_f64().unwrap();
    // The issue's bars.
    assert!(relaxed >= 0.90, "relaxed F1 {relaxed:.3} < 0.90");
    assert!(value >= 0.82, "value F1 {value:.4} < 0.82");
}
