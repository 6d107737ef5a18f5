//! CoNLL-2003 files: one token per line (first column), IOB2 tag in the last column, blank
//! lines between sentences, `-DOCSTART-` lines between documents.

/// One sentence: its tokens, the gold tags when the file has them, and the input lines (kept
/// verbatim so predictions can be written back beside them).
#[derive(Clone, Debug, Default)]
pub struct Sentence {
    pub tokens: Vec<String>,
    pub gold: Vec<String>,
    pub lines: Vec<String>,
}

/// A document: its sentences, and the lines before it (the `-DOCSTART-` line and blanks).
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub sentences: Vec<Sentence>,
}

/// A parsed file. `layout` remembers the order of documents, sentences and separator lines so
/// [`write_with_tags`] reproduces the file line for line.
#[derive(Clone, Debug, Default)]
pub struct ConllFile {
    pub documents: Vec<Document>,
    layout: Vec<Item>,
}

#[derive(Clone, Debug)]
enum Item {
    /// A line that is not a token: blank, `-DOCSTART-`.
    Other(String),
    /// Sentence `s` of document `d`.
    Sentence(usize, usize),
}

const TAGS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];

/// Reads a CoNLL file. Only the first column is needed; the last column is taken as the gold
/// tag when a line has two columns or more and it looks like an IOB tag.
pub fn parse(text: &str) -> ConllFile {
    let mut file = ConllFile::default();
    let mut doc = Document::default();
    let mut sent = Sentence::default();
    let flush_sentence = |file: &mut ConllFile, doc: &mut Document, sent: &mut Sentence| {
        if !sent.tokens.is_empty() {
            let d = file.documents.len();
            file.layout.push(Item::Sentence(d, doc.sentences.len()));
            doc.sentences.push(std::mem::take(sent));
        }
    };
    for line in text.lines() {
        let trimmed = line.trim_end_matches('\r');
        let first = trimmed.split_whitespace().next();
        match first {
            None => {
                flush_sentence(&mut file, &mut doc, &mut sent);
                file.layout.push(Item::Other(trimmed.to_string()));
            }
            Some("-DOCSTART-") => {
                flush_sentence(&mut file, &mut doc, &mut sent);
                if !doc.sentences.is_empty() {
                    file.documents.push(std::mem::take(&mut doc));
                }
                file.layout.push(Item::Other(trimmed.to_string()));
            }
            Some(token) => {
                let cols: Vec<&str> = trimmed.split_whitespace().collect();
                let last = cols.last().copied().unwrap_or("O");
                let gold = if cols.len() >= 2 && TAGS.contains(&last) {
                    last.to_string()
                } else {
                    String::new()
                };
                sent.tokens.push(token.to_string());
                sent.gold.push(gold);
                sent.lines.push(trimmed.to_string());
            }
        }
    }
    flush_sentence(&mut file, &mut doc, &mut sent);
    if !doc.sentences.is_empty() {
        file.documents.push(doc);
    }
    file
}

impl ConllFile {
    /// True when every token has a gold tag.
    pub fn has_gold(&self) -> bool {
        self.documents
            .iter()
            .flat_map(|d| &d.sentences)
            .all(|s| s.gold.iter().all(|g| !g.is_empty()))
    }

    pub fn n_tokens(&self) -> usize {
        self.documents
            .iter()
            .flat_map(|d| &d.sentences)
            .map(|s| s.tokens.len())
            .sum()
    }
}

/// Writes the file back, every token line with one more column: the predicted tag.
/// `predicted[d][s][t]` follows the documents and sentences of `file`.
pub fn write_with_tags(file: &ConllFile, predicted: &[Vec<Vec<String>>]) -> String {
    let mut out = String::new();
    for item in &file.layout {
        match item {
            Item::Other(line) => {
                out.push_str(line);
                out.push('\n');
            }
            Item::Sentence(d, s) => {
                let sent = &file.documents[*d].sentences[*s];
                for (t, line) in sent.lines.iter().enumerate() {
                    let tag = predicted
                        .get(*d)
                        .and_then(|doc| doc.get(*s))
                        .and_then(|tags| tags.get(t))
                        .map(String::as_str)
                        .unwrap_or("O");
                    out.push_str(line);
                    out.push(' ');
                    out.push_str(tag);
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// Entity spans `(start, end, type)` (end exclusive) of an IOB2 tag sequence, read the way
/// conlleval reads it: an I- tag that does not continue an entity of its type starts one.
pub fn spans<T: AsRef<str>>(tags: &[T]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (i, t) in tags.iter().enumerate() {
        let (prefix, kind) = match t.as_ref().split_once('-') {
            Some((p, k)) => (p, k),
            None => ("O", ""),
        };
        let continues = prefix == "I" && open.as_ref().is_some_and(|(_, k)| k == kind);
        if !continues {
            if let Some((s, k)) = open.take() {
                out.push((s, i, k));
            }
            if prefix == "B" || prefix == "I" {
                open = Some((i, kind.to_string()));
            }
        }
    }
    if let Some((s, k)) = open {
        out.push((s, tags.len(), k));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\ncall NN I-NP O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n\n-DOCSTART- -X- -X- O\n\nBRUSSELS NNP B-NP B-LOC\n";

    #[test]
    fn reads_documents_sentences_and_gold_and_writes_back() {
        let f = parse(SAMPLE);
        assert_eq!(f.documents.len(), 2);
        assert_eq!(f.documents[0].sentences.len(), 2);
        assert_eq!(
            f.documents[0].sentences[1].tokens,
            vec!["Peter", "Blackburn"]
        );
        assert!(f.has_gold());
        let tags: Vec<Vec<Vec<String>>> = f
            .documents
            .iter()
            .map(|d| d.sentences.iter().map(|s| s.gold.clone()).collect())
            .collect();
        let out = write_with_tags(&f, &tags);
        assert_eq!(out.lines().count(), SAMPLE.lines().count());
        assert!(out.contains("Peter NNP B-NP B-PER B-PER\n"));
        // Tokens only: no gold, same layout.
        let bare = parse("Peter\nBlackburn\n\nEU\n");
        assert!(!bare.has_gold());
        assert_eq!(bare.n_tokens(), 3);
    }

    #[test]
    fn spans_read_like_conlleval() {
        let t = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            spans(&t(&["B-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG"])),
            vec![
                (0, 2, "PER".to_string()),
                (3, 4, "LOC".to_string()),
                (4, 5, "LOC".to_string()),
                (5, 6, "ORG".to_string())
            ]
        );
    }
}
