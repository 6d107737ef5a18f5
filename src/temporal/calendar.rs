//! Calendar arithmetic the grammar, the page dating and the charts share: months added to a
//! month, a month's days, the year that puts a month and day nearest a date, a weekday placed
//! before or after a day.

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

/// The first and last day of month `m` of year `y`.
pub fn month_span(y: i32, m: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(y, m, 1)?;
    let (ny, nm) = add_months(y, m, 1);
    let next = NaiveDate::from_ymd_opt(ny, nm, 1)?;
    Some((first, next - Duration::days(1)))
}

/// The month `shift` months after month `m` (1..=12) of year `y`, before it when `shift` is
/// negative: (2017, 12) + 1 is (2018, 1).
pub fn add_months(y: i32, m: u32, shift: i32) -> (i32, u32) {
    let total = y * 12 + m as i32 - 1 + shift;
    (total.div_euclid(12), total.rem_euclid(12) as u32 + 1)
}

/// Picks the year for a month-day so that it falls nearest to `around` (a month-day with no
/// year in news almost always lies within half a year of publication).
pub fn date_near(month: u32, day: u32, around: NaiveDate) -> Option<NaiveDate> {
    [around.year() - 1, around.year(), around.year() + 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .min_by_key(|d| (*d - around).num_days().abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_carry_into_years_both_ways() {
        assert_eq!(add_months(2017, 12, 1), (2018, 1));
        assert_eq!(add_months(2017, 1, -1), (2016, 12));
        assert_eq!(add_months(2017, 4, -16), (2015, 12));
        assert_eq!(add_months(2017, 4, 0), (2017, 4));
        assert_eq!(add_months(2017, 4, 24), (2019, 4));
    }

    /// The charts step their month ticks to the first of the month `k` months on; the
    /// formula below (theirs before they used `add_months`) gives the same days for every
    /// year from 0 on.
    #[test]
    fn first_of_the_month_k_months_on_is_the_charts_tick_step() {
        let tick_step = |d: NaiveDate, k: u32| {
            let total = d.year() * 12 + d.month0() as i32 + k as i32;
            NaiveDate::from_ymd_opt(total / 12, (total % 12) as u32 + 1, 1).unwrap_or(d)
        };
        for y in (0..=3000).step_by(7).chain(1990..=2030) {
            for m in 1..=12 {
                let d = NaiveDate::from_ymd_opt(y, m, 28).unwrap();
                for k in [1, 2, 3, 6, 12, 24, 48] {
                    let (ny, nm) = add_months(y, m, k as i32);
                    let first = NaiveDate::from_ymd_opt(ny, nm, 1).unwrap_or(d);
                    assert_eq!(first, tick_step(d, k), "{d} + {k}");
                }
            }
        }
    }

    #[test]
    fn month_day_takes_the_nearest_year() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(date_near(12, 30, d(2018, 1, 2)), Some(d(2017, 12, 30)));
        assert_eq!(date_near(1, 2, d(2017, 12, 30)), Some(d(2018, 1, 2)));
        assert_eq!(date_near(2, 29, d(2017, 6, 1)), Some(d(2016, 2, 29)));
        assert_eq!(date_near(2, 30, d(2017, 6, 1)), None);
    }
}
