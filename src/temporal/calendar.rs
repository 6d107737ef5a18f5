//! Calendar arithmetic the grammar and the page dating share: months added to a month, a
//! month's days, a weekday placed before or after a day.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Resolves a weekday against the reference day: backwards for past reporting (the same day
/// counts: "on Wednesday" written on a Wednesday is that day), forwards for the future;
/// "last"/"next" skip the reference day itself.
pub fn resolve_weekday(
    w: Weekday,
    reference: NaiveDate,
    modifier: Option<&str>,
    future: bool,
) -> NaiveDate {
    let r = reference.weekday().num_days_from_monday() as i64;
    let t = w.num_days_from_monday() as i64;
    let back = (r - t).rem_euclid(7);
    let fwd = (t - r).rem_euclid(7);
    match modifier.map(|m| m.to_ascii_lowercase()).as_deref() {
        Some("next") | Some("coming") | Some("following") => {
            reference + Duration::days(if fwd == 0 { 7 } else { fwd })
        }
        Some("last") | Some("past") | Some("previous") => {
            reference - Duration::days(if back == 0 { 7 } else { back })
        }
        _ if future => reference + Duration::days(fwd),
        _ => reference - Duration::days(back),
    }
}

pub fn month_span(y: i32, m: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(y, m, 1)?;
    let (ny, nm) = add_months(y, m, 1);
    let next = NaiveDate::from_ymd_opt(ny, nm, 1)?;
    Some((first, next - Duration::days(1)))
}

pub(crate) fn add_months(y: i32, m: u32, shift: i32) -> (i32, u32) {
    let total = y * 12 + m as i32 - 1 + shift;
    (total.div_euclid(12), total.rem_euclid(12) as u32 + 1)
}
