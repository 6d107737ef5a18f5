//! The grammar's rules on sentences from news and TimeBank, and the check that the start gate
//! passes over no token a rule could start at.

use super::*;

/// (text, value) of every expression, written on Wednesday 12 April 2017.
fn tagged(text: &str) -> Vec<(String, String)> {
    let dct = NaiveDate::from_ymd_opt(2017, 4, 12).unwrap();
    tag(text, dct)
        .into_iter()
        .map(|f| (text[f.start..f.end].to_string(), f.val.value()))
        .collect()
}

/// (text, type, value) of every expression, written on `dct` (y, m, d).
fn tagged_on(dct: (i32, u32, u32), text: &str) -> Vec<(String, &'static str, String)> {
    let dct = NaiveDate::from_ymd_opt(dct.0, dct.1, dct.2).unwrap();
    tag(text, dct)
        .into_iter()
        .map(|f| {
            (
                text[f.start..f.end].to_string(),
                f.val.kind(),
                f.val.value(),
            )
        })
        .collect()
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

#[test]
fn the_issue_examples_written_on_wednesday_12_april_2017() {
    assert_eq!(
        tagged("Tillerson met Lavrov in Moscow on Wednesday."),
        vec![pair("Wednesday", "2017-04-12")]
    );
    assert_eq!(
        tagged("Investigators studied last week's attack."),
        vec![pair("last week", "2017-W14")]
    );
    assert_eq!(
        tagged("Rescuers said on Tuesday that the toll had risen."),
        vec![pair("Tuesday", "2017-04-11")]
    );
    assert_eq!(
        tagged("The inquiry could take three months."),
        vec![pair("three months", "P3M")]
    );
    assert_eq!(
        tagged("Moscow condemned the strike on Friday."),
        vec![pair("Friday", "2017-04-07")]
    );
}

#[test]
fn relative_words_and_periods() {
    let v = tagged(
        "Yesterday, a year ago, earlier this month, the third quarter, last fall, in 2016 and now.",
    );
    let values: Vec<&str> = v.iter().map(|p| p.1.as_str()).collect();
    assert_eq!(
        values,
        vec![
            "2017-04-11",
            "2016",
            "2017-04",
            "2016-Q3",
            "2016-FA",
            "2016",
            "PRESENT_REF"
        ]
    );
}

#[test]
fn future_talk_points_forward() {
    assert_eq!(
        tagged("The council will meet on Monday and again in January."),
        vec![pair("Monday", "2017-04-17"), pair("January", "2018-01")]
    );
}

#[test]
fn times_sets_durations_and_holidays() {
    let v = tagged(
        "At 10:35 a.m. EST Friday, daily flights resumed for the first nine months; a 52-year-old left on Christmas Day 2016.",
    );
    assert_eq!(
        v,
        vec![
            pair("10:35 a.m. EST Friday", "2017-04-07T10:35"),
            pair("daily", "P1D"),
            pair("the first nine months", "P9M"),
            pair("Christmas Day 2016", "2016-12-25"),
        ]
    );
}

#[test]
fn past_perfect_plans_and_clauses_decide_the_weekday() {
    // Written on Wednesday 12 April 2017.
    for (text, day) in [
        // A lapsed plan: the nearer day, either side.
        (
            "The offer had been due to expire Friday evening.",
            "2017-04-14",
        ),
        (
            "It had been due to expire at midnight Monday.",
            "2017-04-10T00:00",
        ),
        (
            "He had been due to travel to Moscow on Thursday.",
            "2017-04-13",
        ),
        (
            "Until Thursday, they had not called him a suspect.",
            "2017-04-06",
        ),
        ("A vigil planned for Saturday was canceled.", "2017-04-08"),
        (
            "On Tuesday, the league plans to hold a news conference.",
            "2017-04-18",
        ),
        (
            "Officials said they did not plan to move him on Thursday morning.",
            "2017-04-13",
        ),
    ] {
        let v = tagged(text);
        assert_eq!(v.len(), 1, "{text}: {v:?}");
        assert_eq!(v[0].1, day, "{text}");
    }
    assert_eq!(
        tagged("Leaders reacted on Monday to Sunday's vote, which will give him power."),
        vec![pair("Monday", "2017-04-10"), pair("Sunday", "2017-04-09")]
    );
    // A participle after "be" is passive, not past: the point five years on.
    assert_eq!(
        tagged("The stock would be redeemed in five years."),
        vec![pair("five years", "2022")]
    );
}

#[test]
fn closed_periods_and_past_months() {
    let on_31_oct_1989 = (1989, 10, 31);
    assert_eq!(
        tagged_on(
            on_31_oct_1989,
            "In the fiscal year ended Jan. 31, sales rose."
        ),
        vec![
            ("the fiscal year".to_string(), "DURATION", "P1Y".to_string()),
            ("Jan. 31".to_string(), "DATE", "1989-01-31".to_string()),
        ]
    );
    assert_eq!(
        tagged_on(
            on_31_oct_1989,
            "The firm changed to a calendar year in December."
        ),
        vec![("December".to_string(), "DATE", "1988-12".to_string())]
    );
    assert_eq!(
        tagged_on(on_31_oct_1989, "Sales picked up this year through August."),
        vec![
            ("this year".to_string(), "DATE", "1989".to_string()),
            ("August".to_string(), "DATE", "1989-08".to_string()),
        ]
    );
    assert_eq!(
        tagged_on(
            on_31_oct_1989,
            "It will be paid on an unspecified date in January."
        ),
        vec![("January".to_string(), "DATE", "1990-01".to_string())]
    );
}

#[test]
fn compounds_and_figures_of_speech() {
    let on_2_nov_1989 = (1989, 11, 2);
    let v = tagged_on(
        on_2_nov_1989,
        "Net rose in the third quarter, compared with a year-earlier loss. For the quarter a \
         year ago, it lost money. At mid-afternoon yesterday, shares fell. Earnings for the \
         last half of 1989 will slip, as in recent years.",
    );
    let got: Vec<(&str, &str)> = v.iter().map(|(t, _, v)| (t.as_str(), v.as_str())).collect();
    assert_eq!(
        got,
        vec![
            ("the third quarter", "1989-Q3"),
            ("year-earlier", "1988-Q3"),
            ("the quarter a year ago", "1988-Q3"),
            ("mid-afternoon yesterday", "1989-11-01TAF"),
            ("the last half of 1989", "1989-H2"),
            ("recent years", "PAST_REF"),
        ]
    );
    assert!(tagged("For Poland, high noon comes with the quarter-to-quarter gains.").is_empty());
    assert_eq!(
        tagged("Then, a week or so ago, the general chose the moment."),
        vec![pair("a week or so ago", "2017-W14")]
    );
}

#[test]
fn amounts_are_not_years_and_may_is_a_verb() {
    assert!(tagged("They may sell 2000 shares for $1990.").is_empty());
    assert_eq!(tagged("in May 2016"), vec![pair("May 2016", "2016-05")]);
}

/// Positions where some rule matches but [`may_start`] would pass the token over.
fn gate_misses(text: &str, dct: NaiveDate) -> Vec<String> {
    let toks = tokenize(text);
    let starts: Vec<bool> = toks.iter().map(may_start).collect();
    let g = Grammar {
        text,
        toks: &toks,
        starts: &starts,
        dct,
        last_quarter: Some((2017, 1)),
        last_day: Some(dct),
        last_month: Some((dct.year(), dct.month())),
        last_year: Some(dct.year()),
    };
    (0..toks.len())
        .filter(|&i| !starts[i] && g.rules(i).is_some())
        .map(|i| format!("{:?} in {:?}", toks[i].low, &text[toks[i].start..]))
        .collect()
}

#[test]
fn every_match_starts_where_the_gate_lets_it() {
    let dct = NaiveDate::from_ymd_opt(2017, 4, 12).unwrap();
    // One phrase or more for each rule, with its words in upper and lower case.
    let phrases = "On 2017-04-12 and 4/12/17, Wednesday, April 12, 12th of April 2017, in the \
        1990s, the '80s, the '98 third quarter, the nineties, the 20th century, fiscal 2016, \
        the year 2000, early 1990, late November, mid-1990s, nineteen ninety-six, in the year \
        two thousand and five, Christmas Eve, New Year's Day, Halloween, Independence Day, \
        Thanksgiving, this morning, tonight, mid-afternoon yesterday, now, nowadays, \
        currently, presently, the current quarter, recently, lately, last night, the past, the \
        future, these days, the near future, the long term, by year-end, by year's end, by \
        year end, the weekend, at the moment, last week, earlier this year, next April, this \
        fall, last Tuesday night, two years ago, a few days earlier, several months before, \
        three weeks from now, a year-earlier quarter, year-ago levels, the third quarter, \
        third-quarter, the 2016 fourth quarter, last year's second quarter, first half, the \
        latest quarter, the most recent period, the same quarter a year ago, the year, the \
        full year, in the spring of 2016, in summer, 10:35 a.m., 9 p.m. EST, noon, midday, \
        midnight, 3 o'clock, 7 in the evening, Friday, the day before, that day, later that \
        year, the following month, the previous week, that same quarter, the week of March 6, \
        for two years, a decade, the past five years, the next 12 months, the first 100 days, \
        a full year, three consecutive days, 2 1/2 years, hours, for months, in recent years, \
        daily, weekly, every Monday, each month, every other week, per year, in five years, \
        the end of 1990, the beginning of the year, about two years ago, more than a decade, \
        at least three months, twenty-four hours, a couple of weeks, a dozen years, the final \
        days, the entire month, the remaining weeks, an additional year, the initial months, \
        further weeks, some years, many decades, numerous years, four centuries, a millennium, \
        the coming days, the preceding week, the present quarter.";
    let mut texts = vec![phrases.to_string(), phrases.to_uppercase()];
    // The checkout the test runs in, read at run time as `tests/common::shared_dir` does: a
    // build cache shared between clones can hand this binary to another checkout.
    let repo = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into());
    let shared = repo.join("../shared/data");
    if shared.is_dir() {
        // Real text: every TimeML document and every article of the dev sets.
        let timex = shared.join("timex");
        for f in crate::temporal::timeml::find_files(&timex).unwrap() {
            texts.push(std::fs::read_to_string(timex.join(f)).unwrap());
        }
        for f in [
            "timelines/articles.jsonl",
            "stories/basil.jsonl",
            "stories/news_cluster_dev.jsonl",
        ] {
            for line in std::fs::read_to_string(shared.join(f)).unwrap().lines() {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                texts.extend(["title", "text"].map(|k| v[k].as_str().unwrap_or("").to_string()));
            }
        }
        assert!(texts.len() > 1000, "{} texts", texts.len());
    } else {
        eprintln!("SKIPPED in part: ../shared/data is absent, so only the phrases are read");
    }
    for t in &texts {
        let misses = gate_misses(t, dct);
        assert!(misses.is_empty(), "{misses:?}");
    }
}
