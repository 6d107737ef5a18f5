//! Named entities: mentions found by the trained tagger ([`crate::ner`]), then linked within
//! and across articles into entities: titles left out ("President Assad" → "Assad"),
//! surname-only mentions resolved to the full name seen in the article or elsewhere in the
//! corpus ("Assad" → "Bashar al-Assad"), spelling variants merged ("al-Assad" / "al Assad",
//! "U.S." / "US"), short forms and acronyms resolved ("US" → "United States", "ISIS" →
//! "Islamic State", "OPCW" → the organisation whose initials it spells).

use crate::lexicon;
use crate::model::{Article, ArticleEntity, EntityType};
use crate::text::word_spans;
use crate::util::{content_id, most_frequent, FastMap, FastSet};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// A surface mention before aliases are merged.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RawMention {
    pub surface: String,
    pub kind: EntityType,
    /// Whether a personal title preceded it ("President", "Mr.").
    pub titled: bool,
    pub sentence_initial: bool,
    pub in_lead: bool,
}

fn is_capitalised(w: &str) -> bool {
    // Name particles count when the name after them is capitalised: "al-Assad", "bin-Salman".
    let rest = ["al-", "el-", "bin-", "ibn-", "abu-"]
        .iter()
        .find_map(|p| w.strip_prefix(p))
        .unwrap_or(w);
    rest.chars().next().is_some_and(|c| c.is_uppercase())
}

/// Classifies a name (titles already stripped).
fn classify(tokens: &[&str], titled: bool) -> EntityType {
    let lower: Vec<String> = tokens.iter().map(|t| t.to_lowercase()).collect();
    let last = lower.last().map(String::as_str).unwrap_or("");
    if titled {
        return EntityType::Per;
    }
    if lower
        .iter()
        .any(|t| lexicon::org_words().contains(t.as_str()))
        || (tokens.len() == 1 && lexicon::org_acronyms().contains(last))
    {
        return EntityType::Org;
    }
    if tokens.len() == 1
        && tokens[0].len() >= 2
        && tokens[0].chars().all(|c| c.is_uppercase() || c == '.')
        && !lexicon::places().contains(last)
    {
        return EntityType::Org;
    }
    if lower.iter().all(|t| {
        lexicon::places().contains(t.as_str()) || lexicon::name_connectors().contains(t.as_str())
    }) {
        return EntityType::Loc;
    }
    if tokens.len() == 1 && lexicon::demonyms().contains(last) {
        return EntityType::Misc;
    }
    if (2..=4).contains(&tokens.len()) {
        return EntityType::Per;
    }
    EntityType::Misc
}

/// Finds entity mentions in one text with the trained tagger ([`crate::ner`]). `lead_until` is
/// the byte offset where the lead ends.
pub fn extract_mentions(text: &str, lead_until: usize) -> Vec<RawMention> {
    let titles = lexicon::titles();
    crate::ner::find_entities(text)
        .into_iter()
        .filter_map(|f| {
            // Titles and honorifics the tagger took into the name are not part of it:
            // "Mr. McConnell", "Sen. Kristen Gillibrand", "President Assad".
            let mut words: Vec<&str> = text[f.start..f.end].split_whitespace().collect();
            let mut titled_inside = false;
            while words.len() > 1 {
                let w = words[0].to_lowercase();
                if titles.contains(w.as_str()) || titles.contains(w.trim_end_matches('.')) {
                    words.remove(0);
                    titled_inside = true;
                } else {
                    break;
                }
            }
            let surface = words.join(" ");
            if surface.chars().filter(|c| c.is_alphabetic()).count() < 2 {
                return None;
            }
            let kind = match f.kind.as_str() {
                "PER" => EntityType::Per,
                "ORG" => EntityType::Org,
                "LOC" => EntityType::Loc,
                _ => EntityType::Misc,
            };
            let previous = f.previous.trim_end_matches('.');
            Some(RawMention {
                surface,
                kind,
                titled: titled_inside
                    || titles.contains(previous)
                    || titles.contains(f.previous.as_str()),
                sentence_initial: f.token_index == 0,
                in_lead: f.sentence_start < lead_until,
            })
        })
        .collect()
}

/// True when most words of a headline are capitalised ("Passenger Dragged Off United Flight").
pub fn is_title_case(title: &str) -> bool {
    let words: Vec<&str> = title
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(|c| c.is_alphabetic()))
        .collect();
    if words.len() < 3 {
        return false;
    }
    let caps = words.iter().filter(|w| is_capitalised(w)).count();
    caps * 10 >= words.len() * 7
}

/// Spelling-insensitive key: case, periods and hyphens do not matter ("al-Assad" = "al Assad",
/// "U.S." = "US").
fn key(surface: &str) -> String {
    let name = surface
        .trim_end_matches("'s")
        .trim_end_matches("’s")
        .trim_end_matches(['\'', '’']);
    if name.is_ascii() {
        // The same key built in one pass (keys are made for every mention).
        let mut out = String::with_capacity(name.len());
        let mut gap = false;
        for b in name.bytes() {
            match b {
                b'.' => {}
                // `char::is_whitespace` on ASCII, and the hyphen read as a space.
                b'-' | b' ' | b'\t'..=b'\r' => gap = !out.is_empty(),
                _ => {
                    if gap {
                        out.push(' ');
                        gap = false;
                    }
                    out.push(b.to_ascii_lowercase() as char);
                }
            }
        }
        return out;
    }
    folded_key(name)
}

/// The key of a name any text may spell: lower case, periods dropped, hyphens and runs of
/// white space read as one space.
fn folded_key(name: &str) -> String {
    name.to_lowercase()
        .replace('.', "")
        .replace('-', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Initials of a multi-word name ("Organisation for the Prohibition of Chemical Weapons" to
/// "opcw"), for matching an acronym written elsewhere.
fn initials(name: &str) -> Option<String> {
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 2 {
        return None;
    }
    let skip = ["of", "for", "the", "and", "on", "in", "de"];
    Some(
        words
            .iter()
            .filter(|w| !skip.contains(&w.to_lowercase().as_str()))
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_lowercase)
            .collect(),
    )
}

fn last_name_key(surface: &str) -> String {
    let last = surface
        .split_whitespace()
        .last()
        .unwrap_or(surface)
        .to_lowercase();
    last.trim_start_matches("al-")
        .trim_start_matches("el-")
        .to_string()
}

/// Entity rows in their table order: by article, then entity (one row per pair).
pub fn sort_entities(entities: &mut [ArticleEntity]) {
    entities
        .sort_unstable_by(|x, y| (&x.article_id, &x.entity_id).cmp(&(&y.article_id, &y.entity_id)));
}

/// Extracts entities for every article, merging aliases across the corpus.
/// Output sorted by (article_id, entity_id).
pub fn extract(articles: &[Article]) -> Vec<ArticleEntity> {
    link(articles, tag(articles))
}

/// The tagger's mentions in each article, in the articles' order. Each article is tagged on
/// its own, so an engine that splits a pile (Spark) can tag its pieces apart.
pub fn tag(articles: &[Article]) -> Vec<Vec<RawMention>> {
    // The same headline and text (a wire story republished unchanged) are tagged once.
    let mut first_of: FastMap<(&str, &str), usize> = FastMap::default();
    let source: Vec<usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            *first_of
                .entry((a.title.as_str(), a.text.as_str()))
                .or_insert(i)
        })
        .collect();
    let distinct: Vec<usize> = (0..articles.len()).filter(|&i| source[i] == i).collect();
    let mut tagged: FastMap<usize, Vec<RawMention>> = distinct
        .par_iter()
        .map(|&i| {
            let a = &articles[i];
            let lead_end = a.text.find("\n\n").unwrap_or(a.text.len());
            // Headlines in Title Case capitalise every word: no evidence of names there.
            let mut ms = if is_title_case(&a.title) {
                Vec::new()
            } else {
                extract_mentions(&a.title, usize::MAX)
            };
            ms.extend(extract_mentions(&a.text, lead_end));
            (i, ms)
        })
        .collect();
    // Each text's mentions moved to its first copy and cloned for the later ones (a copy's
    // source comes before it), so the tagged set is never held twice.
    let mut per_article: Vec<Vec<RawMention>> = Vec::with_capacity(articles.len());
    for (i, &s) in source.iter().enumerate() {
        let ms = if s == i {
            tagged.remove(&i).unwrap_or_default()
        } else {
            per_article[s].clone()
        };
        per_article.push(ms);
    }
    drop(tagged);
    per_article
}

/// Entities from the tagged mentions of every article ([`tag`]), merging aliases across the
/// articles given: the pile, or one time window of it. Per-article passes run in parallel;
/// the corpus-wide counts they share are merged sums, so the result does not depend on how
/// the work was split.
pub fn link(articles: &[Article], per_article: Vec<Vec<RawMention>>) -> Vec<ArticleEntity> {
    // Surfaces seen capitalised mid-sentence anywhere are names; sentence-initial-only single
    // words ("Officials", "Rescuers") are not.
    // Words the corpus writes in lower case ("dragged", "officials"): at the start of a
    // sentence their capital is grammar, not a name, so they are cut off the front of a run.
    let lower_words: FastSet<String> = articles
        .par_iter()
        .fold(FastSet::default, |mut set: FastSet<String>, a| {
            for (x, y) in word_spans(&a.text) {
                let w = &a.text[x..y];
                if w.chars().next().is_some_and(|c| c.is_lowercase()) && !set.contains(w) {
                    set.insert(w.to_string());
                }
            }
            set
        })
        .reduce(FastSet::default, union);
    let per_article: Vec<Vec<RawMention>> = per_article
        .into_par_iter()
        .map(|ms| {
            ms.into_iter()
                .filter_map(|mut m| {
                    if m.sentence_initial {
                        let words: Vec<&str> = m.surface.split_whitespace().collect();
                        let first = words[0].to_lowercase();
                        if lower_words.contains(&first)
                            && !lexicon::places().contains(first.as_str())
                        {
                            if words.len() == 1 {
                                return None;
                            }
                            let rest = &words[1..];
                            m.kind = classify(rest, m.titled);
                            m.surface = rest.join(" ");
                            m.sentence_initial = false;
                        }
                    }
                    Some(m)
                })
                .collect()
        })
        .collect();
    drop(lower_words);
    let mid: FastSet<String> = per_article
        .par_iter()
        .fold(FastSet::default, |mut set: FastSet<String>, ms| {
            set.extend(
                ms.iter()
                    .filter(|m| !m.sentence_initial)
                    .map(|m| key(&m.surface)),
            );
            set
        })
        .reduce(FastSet::default, union);
    // Corpus-wide: a last name points to its most frequent full name (ties: alphabetical).
    let full_names = count_names(&per_article, |m| {
        (m.kind == EntityType::Per && m.surface.split_whitespace().count() >= 2)
            .then(|| last_name_key(&m.surface))
    });
    let corpus_full: FastMap<String, String> = full_names
        .into_iter()
        .filter_map(|(k, v)| most_frequent(v).map(|n| (k, n)))
        .collect();
    // An acronym written somewhere ("OPCW") stands for the one multi-word organisation whose
    // initials it spells, when there is exactly one.
    let by_initials = count_names(&per_article, |m| {
        if m.kind == EntityType::Org {
            initials(&m.surface).filter(|i| i.len() >= 2)
        } else {
            None
        }
    });
    let acronyms: FastMap<String, String> = by_initials
        .into_iter()
        .filter(|(_, names)| {
            let keys: FastSet<String> = names.keys().map(|n| key(n)).collect();
            keys.len() == 1
        })
        .filter_map(|(i, names)| most_frequent(names).map(|n| (i, n)))
        .collect();
    // Each mention resolved to a name and its key; the type comes later, from all mentions of
    // the name.
    let resolved: Vec<Vec<Resolved>> = per_article
        .into_par_iter()
        .map(|ms| resolve_article(ms, &mid, &corpus_full, &acronyms))
        .collect();
    drop((mid, corpus_full, acronyms));
    // One type per name: the one most of its mentions got ("KHAN SHEIKHUN" in a dateline is
    // the same place as "Khan Sheikhun"); ties go to the earlier of PER, ORG, LOC, MISC. The
    // display name is the most frequent spelling.
    type Votes = FastMap<String, (BTreeMap<EntityType, usize>, BTreeMap<String, usize>)>;
    let votes: Votes = resolved
        .par_iter()
        .fold(Votes::default, |mut votes, names| {
            for r in names {
                // Names recur: a key or spelling is copied only the first time it is counted.
                let v = match votes.get_mut(&r.key) {
                    Some(v) => v,
                    None => votes.entry(r.key.clone()).or_default(),
                };
                *v.0.entry(r.kind).or_default() += 1;
                count_spelling(&mut v.1, &r.name);
            }
            votes
        })
        .reduce(Votes::default, |x, y| {
            let (mut big, small) = if x.len() >= y.len() { (x, y) } else { (y, x) };
            for (k, (kinds, spellings)) in small {
                let v = big.entry(k).or_default();
                for (t, c) in kinds {
                    *v.0.entry(t).or_default() += c;
                }
                for (s, c) in spellings {
                    *v.1.entry(s).or_default() += c;
                }
            }
            big
        });
    let canonical: FastMap<String, Canonical> = votes
        .into_par_iter()
        .map(|(k, (kinds, spellings))| {
            let kind = most_frequent(kinds).unwrap_or(EntityType::Misc);
            let display = spellings
                .into_iter()
                .max_by(|a, b| {
                    // Mixed case beats a dateline's capitals; then frequency; then order.
                    let mixed = |s: &str| s.chars().any(|c| c.is_lowercase());
                    (mixed(&a.0), a.1)
                        .cmp(&(mixed(&b.0), b.1))
                        .then(b.0.cmp(&a.0))
                })
                .map(|(s, _)| s)
                .unwrap_or_default();
            let id = content_id("e-", &[&k]);
            (k, Canonical { id, kind, display })
        })
        .collect();
    // Rows are made article by article in id order, each article's by entity id: already in
    // table order, which the sort below then only confirms (one pass, not a sort of strings).
    let mut by_id: Vec<usize> = (0..articles.len()).collect();
    by_id.par_sort_unstable_by(|&x, &y| articles[x].id.cmp(&articles[y].id));
    let mut out: Vec<ArticleEntity> = by_id
        .par_iter()
        .flat_map_iter(|&i| {
            let (a, names) = (&articles[i], &resolved[i]);
            let mut agg: BTreeMap<&str, (&Canonical, u32, bool)> = BTreeMap::new();
            for r in names {
                let Some(c) = canonical.get(&r.key) else {
                    continue;
                };
                let e = agg.entry(c.id.as_str()).or_insert((c, 0, false));
                e.1 += 1;
                e.2 |= r.in_lead;
            }
            agg.into_values()
                .map(|(c, mentions, in_lead)| ArticleEntity {
                    article_id: a.id.clone(),
                    entity_id: c.id.clone(),
                    name: c.display.clone(),
                    kind: c.kind,
                    mentions,
                    in_lead,
                })
                .collect::<Vec<_>>()
        })
        .collect();
    drop(resolved);
    // Keys are unique (one row per article and entity), so an in-place sort gives the one order.
    sort_entities(&mut out);
    out
}

/// One mention resolved to the name it stands for.
struct Resolved {
    name: String,
    key: String,
    kind: EntityType,
    in_lead: bool,
}

/// What every mention of one name becomes: its id, type and display spelling.
struct Canonical {
    id: String,
    kind: EntityType,
    display: String,
}

fn union(x: FastSet<String>, y: FastSet<String>) -> FastSet<String> {
    let (mut big, small) = if x.len() >= y.len() { (x, y) } else { (y, x) };
    big.extend(small);
    big
}

/// Counts one more `spelling`, copying it only when it is new.
fn count_spelling(counts: &mut BTreeMap<String, usize>, spelling: &str) {
    match counts.get_mut(spelling) {
        Some(c) => *c += 1,
        None => {
            counts.insert(spelling.to_string(), 1);
        }
    }
}

/// How often each surface is written, under the group `group_of` puts its mention in.
fn count_names(
    per_article: &[Vec<RawMention>],
    group_of: impl Fn(&RawMention) -> Option<String> + Sync,
) -> FastMap<String, BTreeMap<String, usize>> {
    type Counts = FastMap<String, BTreeMap<String, usize>>;
    per_article
        .par_iter()
        .fold(Counts::default, |mut counts, ms| {
            for m in ms {
                if let Some(g) = group_of(m) {
                    count_spelling(counts.entry(g).or_default(), &m.surface);
                }
            }
            counts
        })
        .reduce(Counts::default, |x, y| {
            let (mut big, small) = if x.len() >= y.len() { (x, y) } else { (y, x) };
            for (g, names) in small {
                let e = big.entry(g).or_default();
                for (n, c) in names {
                    *e.entry(n).or_default() += c;
                }
            }
            big
        })
}

/// The names one article's mentions stand for, with their keys.
fn resolve_article(
    ms: Vec<RawMention>,
    mid: &FastSet<String>,
    corpus_full: &FastMap<String, String>,
    acronyms: &FastMap<String, String>,
) -> Vec<Resolved> {
    let local_full: FastMap<String, &str> = ms
        .iter()
        .filter(|m| m.kind == EntityType::Per && m.surface.split_whitespace().count() >= 2)
        .map(|m| (last_name_key(&m.surface), m.surface.as_str()))
        .collect();
    let mut names = Vec::with_capacity(ms.len());
    for m in &ms {
        let words = m.surface.split_whitespace().count();
        if m.sentence_initial && words == 1 && !mid.contains(&key(&m.surface)) {
            continue;
        }
        let lower = m.surface.to_lowercase();
        let plain_word = lexicon::demonyms().contains(lower.as_str())
            || lexicon::places().contains(lower.as_str());
        // A lone surname is the person named in full in this article, else elsewhere
        // ("Assad's forces" → Bashar al-Assad), whatever type the tagger gave it.
        let (name, kind) = if !plain_word && (m.kind == EntityType::Per || words == 1) {
            let lk = last_name_key(&m.surface);
            match local_full
                .get(&lk)
                .copied()
                .or_else(|| corpus_full.get(&lk).map(String::as_str))
            {
                Some(full) => (full.to_string(), EntityType::Per),
                None => (m.surface.clone(), m.kind),
            }
        } else {
            (m.surface.clone(), m.kind)
        };
        let k = key(&name);
        let (name, kind, k) = match lexicon::alias(&k) {
            Some((canonical, t)) => (canonical.to_string(), t, key(canonical)),
            None => match acronyms.get(&k) {
                Some(full) if words == 1 => (full.clone(), EntityType::Org, key(full)),
                _ => (name, kind, k),
            },
        };
        names.push(Resolved {
            key: k,
            name,
            kind,
            in_lead: m.in_lead,
        });
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn names(text: &str) -> Vec<(String, EntityType)> {
        extract_mentions(text, 0)
            .into_iter()
            .map(|m| (m.surface, m.kind))
            .collect()
    }

    #[test]
    fn every_alias_spelling_is_a_key_and_stands_for_its_name() {
        for line in crate::lexicon::lines(include_str!("lexicon/aliases.txt")) {
            let fields: Vec<&str> = line.split('|').map(str::trim).collect();
            assert_eq!(fields.len(), 3, "{line:?}");
            for spelling in fields[2].split(',').map(str::trim) {
                assert_eq!(key(spelling), spelling, "{line:?}");
                let (name, kind) = crate::lexicon::alias(spelling).expect(spelling);
                assert_eq!((name, kind.as_str()), (fields[0], fields[1]), "{line:?}");
            }
        }
        assert_eq!(
            crate::lexicon::alias("usa"),
            Some(("United States", EntityType::Loc))
        );
        assert_eq!(crate::lexicon::alias("assad"), None);
    }

    #[test]
    fn ascii_names_get_the_key_the_folded_spelling_gives() {
        for name in [
            "U.S.",
            "al-Assad",
            " Khan  Sheikhun ",
            "Jean-Pierre\tRaffarin\x0b",
            "--A. .B--",
            "MOSCOW",
            "...",
            "a - b",
        ] {
            assert_eq!(key(name), folded_key(name), "{name:?}");
        }
        assert_eq!(key("Assad's"), "assad");
    }

    #[test]
    fn finds_people_places_organisations() {
        let v = names("Foreign Minister Sergei Lavrov met Rex Tillerson in Moscow. The UN Security Council met in New York.");
        assert!(
            v.contains(&("Sergei Lavrov".into(), EntityType::Per)),
            "{v:?}"
        );
        assert!(
            v.contains(&("Rex Tillerson".into(), EntityType::Per)),
            "{v:?}"
        );
        assert!(v.contains(&("Moscow".into(), EntityType::Loc)), "{v:?}");
        assert!(
            v.contains(&("UN Security Council".into(), EntityType::Org)),
            "{v:?}"
        );
    }

    #[test]
    fn aliases_merge_within_and_across_articles() {
        let mk = |id: &str, text: &str| {
            Article::for_test(id, text, chrono::DateTime::from_timestamp(0, 0).unwrap())
        };
        let arts = vec![
            mk(
                "1",
                "Syrian leader Bashar al-Assad denied it. President Assad spoke.",
            ),
            mk("2", "The strike angered Assad."),
        ];
        let ents = extract(&arts);
        let assad: Vec<_> = ents
            .iter()
            .filter(|e| e.name == "Bashar al-Assad")
            .collect();
        assert_eq!(assad.len(), 2, "{ents:?}");
        assert_eq!(assad[0].entity_id, assad[1].entity_id);
        assert_eq!(
            assad.iter().find(|e| e.article_id == "1").unwrap().mentions,
            2
        );
    }

    #[test]
    fn spellings_titles_possessives_and_short_forms_link_to_one_entity() {
        let t = chrono::DateTime::from_timestamp(1_491_000_000, 0).unwrap();
        let arts = vec![
            Article::for_test("1", "Syrian President Bashar al-Assad met envoys in Damascus. Officials in the U.S. said Assad's forces were to blame. Officials said ISIS fighters were nearby.", t),
            Article::for_test("2", "Critics of Bashar al Assad met in Geneva. The United States and the US Congress disagreed. President Assad did not attend. Residents said ISIL claimed the attack.", t),
        ];
        let e = extract(&arts);
        let ids = |pred: &dyn Fn(&str) -> bool| -> HashSet<String> {
            e.iter()
                .filter(|x| pred(&x.name))
                .map(|x| x.entity_id.clone())
                .collect()
        };
        let assad = ids(&|n| n.to_lowercase().contains("assad"));
        assert_eq!(assad.len(), 1, "{e:?}");
        // Either spelling may be shown (a tie here); the person is one.
        assert!(e
            .iter()
            .any(|x| x.name.starts_with("Bashar al") && x.kind == EntityType::Per));
        let us = ids(&|n| n == "United States");
        assert_eq!(us.len(), 1, "{e:?}");
        assert!(
            !e.iter().any(|x| x.name == "U.S." || x.name == "US"),
            "{e:?}"
        );
        let is = ids(&|n| n.contains("Islamic State") || n.contains("ISIS"));
        assert_eq!(is.len(), 1, "{e:?}");
        // Both articles carry the same ids for the same entities.
        let in_both = |id: &String| e.iter().filter(|x| &x.entity_id == id).count() == 2;
        assert!(
            assad.iter().all(in_both) && us.iter().all(in_both) && is.iter().all(in_both),
            "{e:?}"
        );
    }

    #[test]
    fn honorifics_inside_a_tagged_name_are_stripped() {
        let t = chrono::DateTime::from_timestamp(1_491_000_000, 0).unwrap();
        let arts = vec![Article::for_test(
            "1",
            "Senate leader Mitch McConnell met reporters on Tuesday. Later Mr. McConnell said the talks would resume, and Sen. Chuck Schumer agreed.",
            t,
        )];
        let names: Vec<String> = extract(&arts).into_iter().map(|e| e.name).collect();
        assert!(names.contains(&"Mitch McConnell".to_string()), "{names:?}");
        assert!(names.contains(&"Chuck Schumer".to_string()), "{names:?}");
        assert!(
            !names
                .iter()
                .any(|n| n.starts_with("Mr") || n.starts_with("Sen")),
            "{names:?}"
        );
    }
}
