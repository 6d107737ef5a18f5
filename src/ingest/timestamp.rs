//! Publication timestamps in the spellings feeds use.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// A parsed timestamp: the instant, and the offset of the clock it was written on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub utc: DateTime<Utc>,
    pub offset_seconds: i32,
}

/// Parses RFC 3339 / ISO 8601 (with or without offset, `T` or space, fractional seconds),
/// RFC 2822, a bare date, and Unix seconds. A timestamp without an offset is taken as UTC.
/// Impossible dates (`2017-02-30`) are errors, never rolled over.
pub fn parse_timestamp(raw: &str) -> Result<Stamp, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Err("empty date".into());
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Ok(from_fixed(dt));
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Ok(from_fixed(dt));
    }
    for f in [
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M%:z",
        "%Y-%m-%dT%H:%M%:z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(s, f) {
            return Ok(from_fixed(dt));
        }
    }
    let no_z = s
        .strip_suffix('Z')
        .or_else(|| s.strip_suffix(" UTC"))
        .or_else(|| s.strip_suffix(" GMT"))
        .unwrap_or(s);
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(no_z, f) {
            return Ok(Stamp {
                utc: Utc.from_utc_datetime(&n),
                offset_seconds: 0,
            });
        }
    }
    for f in [
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%d %B %Y",
        "%B %d, %Y",
        "%b %d, %Y",
        "%d %b %Y",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(no_z, f) {
            return Ok(Stamp {
                utc: Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight")),
                offset_seconds: 0,
            });
        }
    }
    if s.len() >= 9 && s.len() <= 11 && s.chars().all(|c| c.is_ascii_digit()) {
        if let Some(dt) = s
            .parse::<i64>()
            .ok()
            .and_then(|n| DateTime::from_timestamp(n, 0))
        {
            return Ok(Stamp {
                utc: dt,
                offset_seconds: 0,
            });
        }
    }
    if let Some(stamp) = day_month_order(no_z)? {
        return Ok(stamp);
    }
    if looks_like_impossible_date(no_z) {
        return Err(format!("impossible date {s:?}"));
    }
    Err(format!("unrecognised date {s:?}"))
}

/// `25/04/2017` and `04/25/2017` have one reading; `03/04/2017` has two and is refused rather
/// than guessed (US and European feeds disagree).
fn day_month_order(s: &str) -> Result<Option<Stamp>, String> {
    let parts: Vec<&str> = s.split(['/', '.']).collect();
    if parts.len() != 3
        || parts[2].len() != 4
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
    {
        return Ok(None);
    }
    let (Ok(a), Ok(b), Ok(y)) = (
        parts[0].parse::<u32>(),
        parts[1].parse::<u32>(),
        parts[2].parse::<i32>(),
    ) else {
        return Ok(None);
    };
    let (month, day) = match (a <= 12, b <= 12) {
        (true, true) if a != b => {
            return Err(format!(
                "ambiguous date {s:?}: day and month could be either way round; write {y}-{a:02}-{b:02} or {y}-{b:02}-{a:02}"
            ))
        }
        (true, _) => (a, b),
        (false, true) => (b, a),
        (false, false) => return Err(format!("impossible date {s:?}")),
    };
    let d =
        NaiveDate::from_ymd_opt(y, month, day).ok_or_else(|| format!("impossible date {s:?}"))?;
    Ok(Some(Stamp {
        utc: Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight")),
        offset_seconds: 0,
    }))
}

fn from_fixed(dt: DateTime<FixedOffset>) -> Stamp {
    Stamp {
        utc: dt.with_timezone(&Utc),
        offset_seconds: dt.offset().local_minus_utc(),
    }
}

fn looks_like_impossible_date(s: &str) -> bool {
    let head: String = s.chars().take(10).collect();
    let parts: Vec<&str> = head.split(['-', '/']).collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings() {
        let a = parse_timestamp("2017-04-07T03:40:00+03:00").unwrap();
        assert_eq!(a.utc.to_rfc3339(), "2017-04-07T00:40:00+00:00");
        assert_eq!(a.offset_seconds, 3 * 3600);
        for s in [
            "2017-04-07 00:40:00",
            "2017-04-07T00:40:00Z",
            "2017-04-07T00:40:00.000Z",
            "Fri, 07 Apr 2017 00:40:00 +0000",
            "1491525600",
        ] {
            assert!(parse_timestamp(s).is_ok(), "{s}");
        }
        assert_eq!(
            parse_timestamp("2017-04-07").unwrap().utc.to_rfc3339(),
            "2017-04-07T00:00:00+00:00"
        );
    }

    #[test]
    fn time_zones_and_day_month_order() {
        for (s, utc, offset) in [
            (
                "2017-04-07T03:40:00+0300",
                "2017-04-07T00:40:00+00:00",
                3 * 3600,
            ),
            (
                "2017-04-06 20:40:00-04:00",
                "2017-04-07T00:40:00+00:00",
                -4 * 3600,
            ),
            (
                "Thu, 06 Apr 2017 20:40:00 EDT",
                "2017-04-07T00:40:00+00:00",
                -4 * 3600,
            ),
            ("2017-04-07 00:40:00 UTC", "2017-04-07T00:40:00+00:00", 0),
            ("2017-04-07T00:40Z", "2017-04-07T00:40:00+00:00", 0),
            ("25/04/2017", "2017-04-25T00:00:00+00:00", 0),
            ("04/25/2017", "2017-04-25T00:00:00+00:00", 0),
            ("07/07/2017", "2017-07-07T00:00:00+00:00", 0),
        ] {
            let st = parse_timestamp(s).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(
                (st.utc.to_rfc3339().as_str(), st.offset_seconds),
                (utc, offset),
                "{s}"
            );
        }
        assert!(parse_timestamp("03/04/2017")
            .unwrap_err()
            .contains("ambiguous"));
        assert!(parse_timestamp("31/31/2017")
            .unwrap_err()
            .contains("impossible"));
    }

    #[test]
    fn impossible_and_garbage_dates_fail_with_reason() {
        assert!(parse_timestamp("2017-02-30")
            .unwrap_err()
            .contains("impossible"));
        assert!(parse_timestamp("soon")
            .unwrap_err()
            .contains("unrecognised"));
        assert!(parse_timestamp("").is_err());
    }
}
