//! Named entities: mentions found by the trained tagger ([`crate::ner`]), then linked within
//! and across articles into entities: titles left out ("President Assad" → "Assad"),
//! surname-only mentions resolved to the full name seen in the article or elsewhere in the
//! corpus ("Assad" → "Bashar al-Assad"), spelling variants merged ("al-Assad" / "al Assad",
//! "U.S." / "US"), short forms and acronyms resolved ("US" → "United States", "ISIS" →
//! "Islamic State", "OPCW" → the organisation whose initials it spells).

use crate::model::{Article, ArticleEntity, EntityType};
use crate::text::word_spans;
use crate::util::{content_id, most_frequent, FastMap, FastSet};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::OnceLock;

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

pub(crate) const TITLES: &str = "president mr mr. mrs mrs. ms ms. dr dr. minister secretary senator sen. gen. general king queen prince pope chancellor premier prime foreign defence defense spokesman spokeswoman ambassador envoy sheikh emir governor gov. rep. representative judge justice captain capt. colonel col. lieutenant sergeant officer chief director coach commander mayor vice deputy adm. admiral lord lady sir dame ceo chairman chairwoman leader candidate";
const CONNECTORS: &[&str] = &[
    "of", "for", "de", "al", "bin", "von", "van", "der", "la", "le", "du", "da", "del", "the", "on",
];
pub(crate) const ORG_WORDS: &str = "council ministry party committee organisation organization agency airlines airways airline bank corp corp. inc inc. ltd ltd. company group university association union commission department office court parliament congress senate assembly army navy forces force police institute foundation news times post journal network service services federation league club fc guard guards brigade brigades coalition alliance front movement church cathedral museum hospital school college academy fund board bureau authority administration government cabinet media press tv radio broadcasting corporation holdings industries motors systems technologies labs laboratory observatory nations command fleet watch international";
const ORG_ACRONYMS: &str = "un nato opcw who eu imf cia fbi nsa kgb fsb gru isis isil is chp akp osce bbc cnn nbc abc cbs fox ap afp nasa esa fifa uefa ioc nfl nba mlb pga wto opec icc iaea unicef unhcr sdf ypg pkk nhs mod dprk kcna";
pub(crate) const DEMONYMS: &str = "american americans syrian syrians russian russians british turkish turks kurdish kurds iranian iraqi israeli palestinian egyptian french german germans chinese japanese korean koreans north-korean swedish swede swedes uzbek european europeans arab arabs muslim muslims christian christians coptic copts islamic western african asian african-american canadian mexican australian indian pakistani afghan saudi lebanese jordanian italian spanish dutch belgian polish ukrainian venezuelan brazilian nigerian sunni shia shiite alawite jewish catholic orthodox republican republicans democrat democrats democratic conservative labour tory tories";

/// Countries, regions and cities commonly in the news; names of public places, no licence needed.
pub(crate) const PLACES: &str = "afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia botswana brazil brunei bulgaria burkina burundi cambodia cameroon canada chad chile china colombia comoros congo croatia cuba cyprus czechia czech denmark djibouti dominica ecuador egypt eritrea estonia eswatini ethiopia fiji finland france gabon gambia georgia germany ghana greece grenada guatemala guinea guyana haiti honduras hungary iceland india indonesia iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya kiribati korea kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia libya liechtenstein lithuania luxembourg madagascar malawi malaysia maldives mali malta mauritania mauritius mexico micronesia moldova monaco mongolia montenegro morocco mozambique myanmar burma namibia nauru nepal netherlands holland nicaragua niger nigeria norway oman pakistan palau palestine panama paraguay peru philippines poland portugal qatar romania russia rwanda samoa senegal serbia seychelles singapore slovakia slovenia somalia spain sudan suriname sweden switzerland syria taiwan tajikistan tanzania thailand togo tonga tunisia turkey turkmenistan tuvalu uganda ukraine uruguay uzbekistan vanuatu vatican venezuela vietnam yemen zambia zimbabwe \
america u.s. us usa u.s.a. uk u.k. britain england scotland wales europe asia africa antarctica arctic gulf mediterranean balkans caucasus crimea gaza sinai kashmir tibet xinjiang kurdistan chechnya donbas darfur sahel \
washington moscow london paris berlin beijing tokyo seoul pyongyang damascus aleppo idlib homs hama raqqa deir latakia tartus palmyra baghdad mosul tehran ankara istanbul kabul islamabad delhi mumbai cairo alexandria tanta riyadh jeddah doha dubai beirut amman jerusalem tel aviv geneva brussels rome madrid lisbon vienna warsaw kiev kyiv minsk stockholm oslo copenhagen helsinki dublin edinburgh manchester birmingham liverpool glasgow belfast athens budapest prague bucharest sofia belgrade zagreb sarajevo riga tallinn vilnius tbilisi yerevan baku tashkent astana almaty ottawa toronto montreal vancouver chicago boston houston dallas miami atlanta seattle denver phoenix detroit philadelphia baltimore orleans francisco angeles vegas york manhattan brooklyn augusta florida texas california virginia georgia ohio michigan pennsylvania illinois arizona nevada alaska hawaii sydney melbourne canberra auckland wellington singapore jakarta manila bangkok hanoi hong kong shanghai guangzhou shenzhen taipei osaka kyoto havana caracas bogota lima santiago quito brasilia rio sao buenos aires mexico lagos nairobi addis ababa johannesburg cape town khartoum tripoli tunis algiers rabat casablanca sanaa aden lucca sicily bavaria catalonia barcelona munich frankfurt hamburg cologne duisburg basel zurich milan naples venice marseille lyon nice strasbourg croydon westminster sochi petersburg st. yekaterinburg vladivostok sevastopol odessa kharkiv donetsk luhansk mar-a-lago guantanamo shayrat sheikhun khan hebei sinpo";

fn set(words: &'static str) -> FastSet<&'static str> {
    words.split_whitespace().collect()
}

struct Lists {
    titles: FastSet<&'static str>,
    org_words: FastSet<&'static str>,
    org_acronyms: FastSet<&'static str>,
    demonyms: FastSet<&'static str>,
    places: FastSet<&'static str>,
}

fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| Lists {
        titles: set(TITLES),
        org_words: set(ORG_WORDS),
        org_acronyms: set(ORG_ACRONYMS),
        demonyms: set(DEMONYMS),
        places: set(PLACES),
    })
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
    let l = lists();
    let lower: Vec<String> = tokens.iter().map(|t| t.to_lowercase()).collect();
    let last = lower.last().map(String::as_str).unwrap_or("");
    if titled {
        return EntityType::Per;
    }
    if lower.iter().any(|t| l.org_words.contains(t.as_str()))
        || (tokens.len() == 1 && l.org_acronyms.contains(last))
    {
        return EntityType::Org;
    }
    if tokens.len() == 1
        && tokens[0].len() >= 2
        && tokens[0].chars().all(|c| c.is_uppercase() || c == '.')
        && !l.places.contains(last)
    {
        return EntityType::Org;
    }
    if lower
        .iter()
        .all(|t| l.places.contains(t.as_str()) || CONNECTORS.contains(&t.as_str()))
    {
        return EntityType::Loc;
    }
    if tokens.len() == 1 && l.demonyms.contains(last) {
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
    let l = lists();
    crate::ner::find_entities(text)
        .into_iter()
        .filter_map(|f| {
            // Titles and honorifics the tagger took into the name are not part of it:
            // "Mr. McConnell", "Sen. Kristen Gillibrand", "President Assad".
            let mut words: Vec<&str> = text[f.start..f.end].split_whitespace().collect();
            let mut titled_inside = false;
            while words.len() > 1 {
                let w = words[0].to_lowercase();
                if l.titles.contains(w.as_str()) || l.titles.contains(w.trim_end_matches('.')) {
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
                    || l.titles.contains(previous)
                    || l.titles.contains(f.previous.as_str()),
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

/// Short forms and acronyms news writes for a few entities, with the name and type they stand
/// for.
fn known_alias(k: &str) -> Option<(&'static str, EntityType)> {
    Some(match k {
        "us" | "usa" | "united states" | "united states of america" => {
            ("United States", EntityType::Loc)
        }
        "uk" | "united kingdom" | "britain" | "great britain" => ("Britain", EntityType::Loc),
        "un" | "united nations" => ("United Nations", EntityType::Org),
        "is" | "isis" | "isil" | "islamic state" | "daesh" => ("Islamic State", EntityType::Org),
        "eu" | "european union" => ("European Union", EntityType::Org),
        "dprk" | "north korea" => ("North Korea", EntityType::Loc),
        "ussr" | "soviet union" => ("Soviet Union", EntityType::Loc),
        _ => return None,
    })
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
                        if lower_words.contains(&first) && !lists().places.contains(first.as_str())
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
        let plain_word =
            lists().demonyms.contains(lower.as_str()) || lists().places.contains(lower.as_str());
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
        let (name, kind, k) = match known_alias(&k) {
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
