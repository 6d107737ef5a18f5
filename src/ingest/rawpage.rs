//! Raw scraped pages: separate headline, standfirst, caption, dateline and body, and drop the
//! furniture (related-story headlines, share links, footers) so it never reaches the features.

use regex::Regex;
use std::sync::OnceLock;

/// The parts of a scraped page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParsedPage {
    pub headline: String,
    pub standfirst: Option<String>,
    pub caption: Option<String>,
    pub dateline: Option<String>,
    /// Paragraphs separated by blank lines.
    pub body: String,
    /// Lines removed as furniture, kept for inspection.
    pub dropped: Vec<String>,
}

struct Res {
    footer: Regex,
    credit: Regex,
    dateline: Regex,
}

fn res() -> &'static Res {
    static R: OnceLock<Res> = OnceLock::new();
    R.get_or_init(|| Res {
        footer: Regex::new(r"(?i)^(read more\b.*|read next\b.*|load next story|load more|next story|share (this|on|via)\b.*|(share|tweet|email|print|comments?)\s*$|follow us\b.*|sign up\b.*|subscribe\b.*|advertisement\s*$|related( stories| articles)?:?\s*$|click here\b.*|copyright\b.*|©.*|all rights reserved.*|more from\b.*|recommended\s*$|most read\s*$|trending\s*$|you may also like.*|watch:?\s*$|image copyright.*|getty images\s*$|this article was amended.*)$").expect("footer regex"),
        credit: Regex::new(r"(?i)((\b(photo|photograph|picture|image|pic|credit|file photo)s?\s*(by)?\s*[:/]\s*\S[^!?]{0,60})|(\((reuters|afp|ap|epa|getty images|anadolu)[^)]*\))|((/)?\s*(afp|reuters|ap|epa|getty images|anadolu agency)(/[\w .]+)?))\s*$").expect("credit regex"),
        dateline: Regex::new(r"^([A-Z][A-Z'.\-]{2,}(?:[ ,]+[A-Z][A-Za-z'.\-]+){0,3})(?:\s*\([^)]{1,40}\))?\s*(?::|-)\s+").expect("dateline regex"),
    })
}

/// True for lines scrapers leave from page chrome ("Read more", "Share on Twitter", copyright).
pub fn is_footer(line: &str) -> bool {
    res().footer.is_match(line.trim())
}

/// True for a photo caption ending in a credit.
pub fn is_caption(line: &str) -> bool {
    let t = line.trim();
    // Counting stops past the limit: a long paragraph is not read to its end.
    let words = t.split_whitespace().take(61).count();
    (4..=60).contains(&words) && res().credit.is_match(t)
}

/// A line that reads like the headline of another story: short, title-like, no final punctuation.
pub fn is_stray_headline(line: &str) -> bool {
    let t = line.trim();
    let last = t.chars().last().unwrap_or('.');
    let first = t.chars().next().unwrap_or('a');
    // The cheap checks first; counting stops past the limit.
    let n = || t.split_whitespace().take(17).count();
    !".!?\"')]:;,…".contains(last)
        && (first.is_uppercase() || first.is_ascii_digit())
        && (1..=16).contains(&n())
        && res().dateline.find(t).is_none()
}

/// Splits a dateline ("MOSCOW (Meridian) - ", "IDLIB: ") off the start of a paragraph.
pub fn split_dateline(par: &str) -> Option<(String, String)> {
    let c = res().dateline.captures(par)?;
    let place = c.get(1)?.as_str();
    // The first word must be all capitals: "IDLIB:", not "Turkey: the vote".
    let first_word = place.split([' ', ',']).next().unwrap_or("");
    if !first_word
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_uppercase())
    {
        return None;
    }
    let rest = par[c.get(0)?.end()..].trim().to_string();
    if rest.is_empty() {
        return None;
    }
    Some((place.trim_end_matches(',').to_string(), rest))
}

/// Parses a scraped page (already normalised text).
pub fn parse_page(text: &str) -> ParsedPage {
    let lines: Vec<&str> = text.lines().collect();
    let mut page = ParsedPage::default();
    // Units are non-empty lines; remember whether a blank line preceded each.
    let mut units: Vec<(&str, bool)> = Vec::new();
    let mut blank_before = false;
    for l in &lines {
        let t = l.trim();
        if t.is_empty() {
            blank_before = true;
            continue;
        }
        units.push((t, blank_before));
        blank_before = false;
    }
    let mut idx = 0;
    while idx < units.len() && is_footer(units[idx].0) {
        page.dropped.push(units[idx].0.to_string());
        idx += 1;
    }
    if idx < units.len() {
        page.headline = units[idx].0.to_string();
        idx += 1;
    }
    if idx < units.len() {
        let (t, blank) = units[idx];
        let words = t.split_whitespace().count();
        if !blank && words <= 60 && !is_caption(t) && split_dateline(t).is_none() && !is_footer(t) {
            page.standfirst = Some(t.to_string());
            idx += 1;
        }
    }
    let mut paragraphs: Vec<String> = Vec::new();
    for &(t, _) in &units[idx..] {
        if is_footer(t) {
            page.dropped.push(t.to_string());
        } else if is_caption(t) {
            if page.caption.is_none() {
                page.caption = Some(t.to_string());
            } else {
                page.dropped.push(t.to_string());
            }
        } else if page.dateline.is_none() && paragraphs.is_empty() && split_dateline(t).is_some() {
            if let Some((place, rest)) = split_dateline(t) {
                page.dateline = Some(place);
                paragraphs.push(rest);
            }
        } else if is_stray_headline(t) {
            page.dropped.push(t.to_string());
        } else {
            paragraphs.push(t.to_string());
        }
    }
    page.body = paragraphs.join("\n\n");
    page
}

/// Cleans the body of a structured record: the same furniture rules, without headline parsing.
pub fn clean_body(text: &str) -> (String, Vec<String>) {
    let mut kept = Vec::new();
    let mut dropped = Vec::new();
    for para in text.split('\n') {
        let t = para.trim();
        if t.is_empty() {
            continue;
        }
        if is_footer(t) || is_caption(t) || (is_stray_headline(t) && !kept.is_empty()) {
            dropped.push(t.to_string());
        } else {
            kept.push(t.to_string());
        }
    }
    (kept.join("\n\n"), dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "Talks on Syria open in Geneva under heavy security\nDelegations arrived on Friday for the first direct round in a year.\n\nDelegates arrive for talks in Geneva, March 3, 2018. PHOTO: AFP\n\nGENEVA: Delegations from both sides arrived on Friday, the envoy said.\n\nOil prices climb as Gulf output talks stall\n\n\"We are here to listen,\" one delegate told reporters.\n\nRead more\nLoad next story\nShare this article on Facebook\n";

    #[test]
    fn separates_parts_and_drops_furniture() {
        let p = parse_page(PAGE);
        assert_eq!(
            p.headline,
            "Talks on Syria open in Geneva under heavy security"
        );
        assert_eq!(
            p.standfirst.as_deref(),
            Some("Delegations arrived on Friday for the first direct round in a year.")
        );
        assert_eq!(
            p.caption.as_deref(),
            Some("Delegates arrive for talks in Geneva, March 3, 2018. PHOTO: AFP")
        );
        assert_eq!(p.dateline.as_deref(), Some("GENEVA"));
        assert_eq!(p.body, "Delegations from both sides arrived on Friday, the envoy said.\n\n\"We are here to listen,\" one delegate told reporters.");
        assert!(p.dropped.iter().any(|d| d.starts_with("Oil prices")));
        assert!(p.dropped.iter().any(|d| d == "Load next story"));
    }

    #[test]
    fn agency_dateline() {
        assert_eq!(
            split_dateline("MOSCOW (Meridian) - Russia said on Friday").unwrap(),
            ("MOSCOW".to_string(), "Russia said on Friday".to_string())
        );
        assert!(split_dateline("Turkey: the vote").is_none());
    }
}
