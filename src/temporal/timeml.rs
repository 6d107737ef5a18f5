//! TimeML in and out: read a `.tml` file's DCT, plain text and gold TIMEX3 tags; write the text
//! back with the tagger's TIMEX3 tags, so the TempEval-3 scorer can grade it.

use chrono::NaiveDate;

/// One TIMEX3 annotation over a plain text (byte offsets into [`TimemlDoc::text`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timex {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub value: String,
}

/// A parsed TimeML document.
#[derive(Clone, Debug)]
pub struct TimemlDoc {
    /// Everything before the text, `<TEXT>` included (kept verbatim on output).
    pub head: String,
    /// Document creation time (the day; a time of day is dropped).
    pub dct: NaiveDate,
    /// The content of `<TEXT>` with every tag removed and entities decoded.
    pub text: String,
    /// The TIMEX3 tags found inside `<TEXT>` (gold, when the file is annotated).
    pub timexes: Vec<Timex>,
}

/// Reads a TimeML document. Errors say what is missing.
pub fn parse(xml: &str) -> Result<TimemlDoc, String> {
    let dct_block = between(xml, "<DCT>", "</DCT>").ok_or("no <DCT> element")?;
    let dct_value = attribute(dct_block, "value").ok_or("<DCT> has no TIMEX3 value")?;
    let day = dct_value.get(..10).unwrap_or(&dct_value);
    let dct = NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map_err(|e| format!("DCT value {dct_value:?} is not a date: {e}"))?;
    let open = xml.find("<TEXT>").ok_or("no <TEXT> element")?;
    let body_start = open + "<TEXT>".len();
    let body_end = xml[body_start..]
        .find("</TEXT>")
        .map(|i| body_start + i)
        .ok_or("<TEXT> is not closed")?;
    let (text, timexes) = strip_tags(&xml[body_start..body_end])?;
    Ok(TimemlDoc {
        head: xml[..body_start].to_string(),
        dct,
        text,
        timexes,
    })
}

/// Tags a document's text with the system's expressions, resolved against its DCT.
pub fn tag(doc: &TimemlDoc) -> Vec<Timex> {
    super::find_mentions(&doc.text, doc.dct)
        .into_iter()
        .map(|m| Timex {
            start: m.start,
            end: m.end,
            kind: m.kind.to_string(),
            value: m.value,
        })
        .collect()
}

/// Every `.tml` file under `dir`, as paths relative to it, sorted.
pub fn find_files(dir: &std::path::Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "tml") {
                if let Ok(rel) = path.strip_prefix(dir) {
                    out.push(rel.to_path_buf());
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Writes `doc` with `timexes` (sorted, non-overlapping) as the only tags inside `<TEXT>`.
pub fn write(doc: &TimemlDoc, timexes: &[Timex]) -> String {
    let mut out = String::with_capacity(doc.head.len() + doc.text.len() * 2);
    out.push_str(&doc.head);
    let mut at = 0;
    for (n, t) in timexes.iter().enumerate() {
        if t.start < at || t.end > doc.text.len() || t.start >= t.end {
            continue;
        }
        escape_into(&mut out, &doc.text[at..t.start]);
        out.push_str(&format!(
            "<TIMEX3 tid=\"t{}\" type=\"{}\" value=\"{}\">",
            n + 1,
            t.kind,
            escape_attr(&t.value)
        ));
        escape_into(&mut out, &doc.text[t.start..t.end]);
        out.push_str("</TIMEX3>");
        at = t.end;
    }
    escape_into(&mut out, &doc.text[at..]);
    out.push_str("</TEXT>\n\n</TimeML>\n");
    out
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let a = s.find(open)? + open.len();
    let b = s[a..].find(close)? + a;
    Some(&s[a..b])
}

/// The value of `name="…"` in a tag's text.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let mut from = 0;
    while let Some(i) = tag[from..].find(&key) {
        let at = from + i;
        // Whole attribute name only: `value=` must not match `xvalue=`.
        let ok = at == 0 || tag.as_bytes()[at - 1].is_ascii_whitespace();
        let start = at + key.len();
        let end = start + tag[start..].find('"')?;
        if ok {
            return Some(decode_entities(&tag[start..end]));
        }
        from = end;
    }
    None
}

/// Removes tags from a TimeML body, recording TIMEX3 spans over the remaining text.
fn strip_tags(body: &str) -> Result<(String, Vec<Timex>), String> {
    let mut text = String::with_capacity(body.len());
    let mut timexes = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        text.push_str(&decode_entities(&rest[..lt]));
        let gt = rest[lt..]
            .find('>')
            .map(|i| lt + i)
            .ok_or("a tag inside <TEXT> is not closed")?;
        let tag = &rest[lt + 1..gt];
        if tag.starts_with("TIMEX3") {
            let kind = attribute(tag, "type").unwrap_or_default();
            let value = attribute(tag, "value").unwrap_or_default();
            if tag.ends_with('/') {
                // An empty TIMEX3 carries no text; nothing to score.
            } else {
                open = Some((text.len(), kind, value));
            }
        } else if tag == "/TIMEX3" {
            if let Some((start, kind, value)) = open.take() {
                timexes.push(Timex {
                    start,
                    end: text.len(),
                    kind,
                    value,
                });
            }
        }
        rest = &rest[gt + 1..];
    }
    text.push_str(&decode_entities(rest));
    Ok((text, timexes))
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let Some(semi) = after.find(';').filter(|&k| k <= 10) else {
            out.push('&');
            rest = &after[1..];
            continue;
        };
        let name = &after[1..semi];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

fn escape_attr(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            c => escape_into(&mut out, &c.to_string()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08T10:00" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>
Stocks <EVENT eid="e1">fell</EVENT> &amp; rose <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3>.
</TEXT>
<TLINK lid="l1"/>
</TimeML>
"#;

    #[test]
    fn reads_dct_text_and_gold_and_writes_back() {
        let doc = parse(DOC).unwrap();
        assert_eq!(doc.dct, NaiveDate::from_ymd_opt(1998, 1, 8).unwrap());
        assert_eq!(doc.text, "\nStocks fell & rose yesterday.\n");
        let t = &doc.timexes[0];
        assert_eq!(&doc.text[t.start..t.end], "yesterday");
        assert_eq!(t.value, "1998-01-07");
        let out = write(&doc, &doc.timexes);
        let again = parse(&out).unwrap();
        assert_eq!(again.text, doc.text);
        assert_eq!(again.timexes, doc.timexes);
        assert!(out.contains("fell &amp; rose <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"1998-01-07\">yesterday</TIMEX3>"));
        assert!(!out.contains("EVENT") && !out.contains("TLINK"));
    }

    #[test]
    fn missing_parts_are_named() {
        assert!(parse("<TimeML><TEXT>x</TEXT></TimeML>")
            .unwrap_err()
            .contains("DCT"));
    }
}
