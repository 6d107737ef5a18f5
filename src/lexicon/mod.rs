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

/// A word list read once into a set, behind a function named for the list. (Paths are written
/// out in full: this section keeps to itself.)
macro_rules! word_set {
    ($(#[$doc:meta])* $name:ident = $file:literal) => {
        $(#[$doc])*
        pub(crate) fn $name() -> &'static crate::util::FastSet<&'static str> {
            static SET: std::sync::OnceLock<crate::util::FastSet<&'static str>> =
                std::sync::OnceLock::new();
            SET.get_or_init(|| words(include_str!($file)).collect())
        }
    };
}

word_set!(
    /// Titles and honorifics written before a name ("president", "mr.", "sen.").
    titles = "titles.txt"
);
word_set!(
    /// Words that make a name an organisation ("council", "party").
    org_words = "org_words.txt"
);
word_set!(
    /// Acronyms of organisations written alone ("nato", "opcw").
    org_acronyms = "org_acronyms.txt"
);
word_set!(
    /// Nationalities, peoples, religions and political sides ("syrian", "kurds").
    demonyms = "demonyms.txt"
);
word_set!(
    /// Countries, regions and cities, one word each.
    places = "places.txt"
);
word_set!(
    /// Lower-case words a place name may hold between its places ("al", "of").
    name_connectors = "name_connectors.txt"
);
word_set!(
    /// Common given names.
    first_names = "first_names.txt"
);
word_set!(
    /// Words that follow an organisation's name ("inc.", "united").
    org_suffixes = "org_suffixes.txt"
);
word_set!(
    /// Abbreviations whose period does not end a sentence, lower case, without the period.
    sentence_abbreviations = "sentence_abbreviations.txt"
);
word_set!(
    /// English stop words and news boilerplate.
    stopwords = "stopwords.txt"
);
word_set!(
    /// The function words ROUGE's `-s` leaves out.
    rouge_stopwords = "rouge_stopwords.txt"
);

/// Abbreviations the tagger's tokenizer keeps whole with their period ("Mr.", "Inc."), in list
/// order: a short list, scanned without case so that a word need not be lowercased first.
pub(crate) fn tokenizer_abbreviations() -> &'static [&'static str] {
    static LIST: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| words(include_str!("tokenizer_abbreviations.txt")).collect())
}

/// The name and type a short form or other spelling of a few entities stands for, by the
/// entity linker's key ("us" → United States, LOC).
pub(crate) fn alias(key: &str) -> Option<(&'static str, crate::model::EntityType)> {
    type Aliases = crate::util::FastMap<&'static str, (&'static str, crate::model::EntityType)>;
    static MAP: std::sync::OnceLock<Aliases> = std::sync::OnceLock::new();
    MAP.get_or_init(|| parse_aliases(include_str!("aliases.txt")))
        .get(key)
        .copied()
}

/// `name | TYPE | spelling, spelling, …` lines into a map from spelling; the first line to
/// name a spelling keeps it, and a line without the three fields or with an unknown type is
/// left out (the entity linker's tests check that none is).
fn parse_aliases(
    list: &'static str,
) -> crate::util::FastMap<&'static str, (&'static str, crate::model::EntityType)> {
    use crate::model::EntityType;
    let mut map = crate::util::FastMap::default();
    for line in lines(list) {
        let mut fields = line.split('|').map(str::trim);
        let (Some(name), Some(kind), Some(spellings), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let Some(kind) = [
            EntityType::Per,
            EntityType::Org,
            EntityType::Loc,
            EntityType::Misc,
        ]
        .into_iter()
        .find(|t| t.as_str() == kind) else {
            continue;
        };
        for spelling in spellings.split(',').map(str::trim) {
            map.entry(spelling).or_insert((name, kind));
        }
    }
    map
}

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
