//! Word lists the stages read, kept as data files beside this module (`include_str!`), so a
//! list can be read and edited as data, and no stage reaches into another stage for its words.
//!
//! File format: one or more whitespace-separated entries a line; a line starting with `#` is
//! a comment. A list whose entries hold spaces (phrases) is read with [`lines`] instead.

/// The whitespace-separated entries of a word list, comments skipped.
#[allow(dead_code)]
pub(crate) fn words(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
}

/// The entries of a list of phrases, one a line (trimmed), comments and blank lines skipped.
#[allow(dead_code)]
pub(crate) fn lines(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

// Lists of the entity, tagger, text and evaluation stages.

// Lists of the temporal grammar.

/// The temporal grammar's lists (`temporal_*.txt`), parsed once by `temporal::grammar::words`.
pub(crate) mod temporal {
    /// Quantity modifiers of a span, phrases one a line, in the order they are tried.
    pub(crate) const APPROX: &str = include_str!("temporal_approx.txt");
    /// Words that show a sentence speaks of the future.
    pub(crate) const FUTURE_MARKERS: &str = include_str!("temporal_future_markers.txt");
    /// Common irregular past-tense forms.
    pub(crate) const IRREGULAR_PAST: &str = include_str!("temporal_irregular_past.txt");
    /// Words ending in -ed that are no past-tense verb.
    pub(crate) const ED_NOT_PAST: &str = include_str!("temporal_ed_not_past.txt");
    /// The words a rule can start with, for the gate that passes over every other token.
    pub(crate) const STARTING_WORDS: &str = include_str!("temporal_starting_words.txt");
    /// Words after a number that make it an amount, not a year.
    pub(crate) const AMOUNT_NOUNS: &str = include_str!("temporal_amount_nouns.txt");
    /// Words before "May" that make it the month, not the verb.
    pub(crate) const MAY_MONTH_WORDS: &str = include_str!("temporal_may_month_words.txt");
    /// Words between an article and a count that belong to a duration.
    pub(crate) const DURATION_MODIFIERS: &str = include_str!("temporal_duration_modifiers.txt");
    /// Prepositions of time a bare season must follow.
    pub(crate) const SEASON_PREPOSITIONS: &str = include_str!("temporal_season_prepositions.txt");
    /// Time zones written after a clock time.
    pub(crate) const TIME_ZONES: &str = include_str!("temporal_time_zones.txt");
}
