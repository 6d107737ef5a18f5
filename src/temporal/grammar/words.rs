//! The lexicon the rules look words up in: months, units of time, seasons, decades, number
//! words and weekdays, each as lowercase word to value.

use super::Unit;
use crate::lexicon::{self, temporal as lists};
use crate::util::FastSet;
use chrono::{Datelike, NaiveDate, Weekday};
use std::sync::LazyLock;

/// A word list, looked up at nearly every token: a set behind a filter on (first byte, length)
/// that turns most words away without hashing them.
pub(super) struct WordList {
    words: FastSet<&'static str>,
    /// By first byte of a word, a bit for its length (bit 31: 31 bytes or more).
    shapes: [u32; 256],
}

impl WordList {
    fn new(words: impl IntoIterator<Item = &'static str>) -> WordList {
        let mut list = WordList {
            words: FastSet::default(),
            shapes: [0; 256],
        };
        for w in words {
            if let Some((first, bit)) = shape(w) {
                list.shapes[first] |= bit;
                list.words.insert(w);
            }
        }
        list
    }

    fn parse(text: &'static str) -> WordList {
        WordList::new(lexicon::words(text))
    }

    /// Whether some word of the list has the first byte and the length of `w`.
    fn may_hold(&self, w: &str) -> bool {
        shape(w).is_some_and(|(first, bit)| self.shapes[first] & bit != 0)
    }

    pub(super) fn contains(&self, w: &str) -> bool {
        self.may_hold(w) && self.words.contains(w)
    }
}

/// A word's first byte and its length as a bit; `None` for the empty word.
fn shape(w: &str) -> Option<(usize, u32)> {
    let first = *w.as_bytes().first()?;
    Some((first as usize, 1 << w.len().min(31)))
}

/// Quantity modifiers of a span ("about", "more than"), tried at every token.
pub(super) struct Approx {
    /// Each phrase as its words, in the order tried.
    pub(super) phrases: Vec<Vec<&'static str>>,
    /// The phrases' first words: a token not among them starts no phrase.
    first_words: WordList,
}

impl Approx {
    /// Whether some phrase starts with `word`.
    pub(super) fn may_start(&self, word: &str) -> bool {
        self.first_words.contains(word)
    }
}

pub(super) static APPROX: LazyLock<Approx> = LazyLock::new(|| {
    let phrases: Vec<Vec<&'static str>> = lexicon::lines(lists::APPROX)
        .map(|phrase| phrase.split_whitespace().collect())
        .collect();
    let first_words = WordList::new(phrases.iter().filter_map(|p| p.first().copied()));
    Approx {
        phrases,
        first_words,
    }
});
pub(super) static FUTURE_MARKERS: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(lists::FUTURE_MARKERS));
pub(super) static IRREGULAR_PAST: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(lists::IRREGULAR_PAST));
pub(super) static ED_NOT_PAST: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(lists::ED_NOT_PAST));
pub(super) static STARTING_WORDS: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(lists::STARTING_WORDS));
pub(super) static AMOUNT_NOUNS: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(lists::AMOUNT_NOUNS));
pub(super) static MAY_MONTH_WORDS: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(lists::MAY_MONTH_WORDS));
pub(super) static DURATION_MODIFIERS: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(lists::DURATION_MODIFIERS));
pub(super) static SEASON_PREPOSITIONS: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(lists::SEASON_PREPOSITIONS));
pub(super) static TIME_ZONES: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(lists::TIME_ZONES));

/// A month's number from its name or abbreviation (lowercase), and whether it was abbreviated.
pub(crate) fn month_number(w: &str) -> Option<(u32, bool)> {
    Some(match w {
        "january" => (1, false),
        "february" => (2, false),
        "march" => (3, false),
        "april" => (4, false),
        "may" => (5, false),
        "june" => (6, false),
        "july" => (7, false),
        "august" => (8, false),
        "september" => (9, false),
        "october" => (10, false),
        "november" => (11, false),
        "december" => (12, false),
        "jan" => (1, true),
        "feb" => (2, true),
        "mar" => (3, true),
        "apr" => (4, true),
        "jun" => (6, true),
        "jul" => (7, true),
        "aug" => (8, true),
        "sep" | "sept" => (9, true),
        "oct" => (10, true),
        "nov" => (11, true),
        "dec" => (12, true),
        _ => return None,
    })
}

/// A unit of time from its name (lowercase), and whether the name is plural.
pub(super) fn unit_of(w: &str) -> Option<(Unit, bool)> {
    Some(match w {
        "second" => (Unit::Second, false),
        "seconds" => (Unit::Second, true),
        "minute" => (Unit::Minute, false),
        "minutes" => (Unit::Minute, true),
        "hour" => (Unit::Hour, false),
        "hours" => (Unit::Hour, true),
        "day" => (Unit::Day, false),
        "days" => (Unit::Day, true),
        "week" => (Unit::Week, false),
        "weeks" => (Unit::Week, true),
        "weekend" => (Unit::Weekend, false),
        "weekends" => (Unit::Weekend, true),
        "month" => (Unit::Month, false),
        "months" => (Unit::Month, true),
        "quarter" => (Unit::Quarter, false),
        "quarters" => (Unit::Quarter, true),
        "year" => (Unit::Year, false),
        "years" => (Unit::Year, true),
        "decade" => (Unit::Decade, false),
        "decades" => (Unit::Decade, true),
        "century" => (Unit::Century, false),
        "centuries" => (Unit::Century, true),
        "millennium" => (Unit::Millennium, false),
        "millennia" => (Unit::Millennium, true),
        _ => return None,
    })
}

/// The season-year a day falls in: January and February belong to the winter of the year before.
pub(super) fn season_year_of(d: NaiveDate) -> i32 {
    if d.month() <= 2 {
        d.year() - 1
    } else {
        d.year()
    }
}

pub(super) fn season_at(w: &str) -> Option<&'static str> {
    Some(match w {
        "spring" => "SP",
        "summer" => "SU",
        "fall" | "autumn" => "FA",
        "winter" => "WI",
        _ => return None,
    })
}

/// "twenties" .. "nineties" as the decade digit.
pub(super) fn decade_word(w: &str) -> Option<i32> {
    Some(match w {
        "twenties" => 2,
        "thirties" => 3,
        "forties" => 4,
        "fifties" => 5,
        "sixties" => 6,
        "seventies" => 7,
        "eighties" => 8,
        "nineties" => 9,
        _ => return None,
    })
}

pub(super) fn small_number(w: &str) -> Option<i64> {
    Some(match w {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

pub fn weekday_of(s: &str) -> Option<Weekday> {
    Some(match s {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens are matched in lower case: a capital or a repeated entry in a list is an edit
    /// mistake that would silently never match, or hide that the list is shorter than it reads.
    #[test]
    fn word_lists_are_lowercase_and_have_no_repeats() {
        let files = [
            lists::FUTURE_MARKERS,
            lists::IRREGULAR_PAST,
            lists::ED_NOT_PAST,
            lists::STARTING_WORDS,
            lists::AMOUNT_NOUNS,
            lists::MAY_MONTH_WORDS,
            lists::DURATION_MODIFIERS,
            lists::SEASON_PREPOSITIONS,
            lists::TIME_ZONES,
        ];
        let entries = files
            .map(|f| lexicon::words(f).collect::<Vec<_>>())
            .into_iter()
            .chain([lexicon::lines(lists::APPROX).collect()]);
        for file in files {
            let list = WordList::parse(file);
            assert!(lexicon::words(file).all(|w| list.contains(w)));
            assert!(!list.contains("") && !list.contains("storyline"));
        }
        for words in entries {
            assert!(!words.is_empty());
            assert!(words.iter().all(|w| w.to_lowercase() == *w), "{words:?}");
            let distinct: FastSet<&str> = words.iter().copied().collect();
            assert_eq!(distinct.len(), words.len(), "a repeat in {words:?}");
        }
        assert!(APPROX.phrases.iter().all(|phrase| !phrase.is_empty()));
        for phrase in &APPROX.phrases {
            assert!(APPROX.may_start(phrase[0]), "{phrase:?}");
        }
        assert!(!APPROX.may_start("the") && !APPROX.may_start(""));
    }
}
