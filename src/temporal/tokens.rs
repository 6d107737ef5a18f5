//! Tokens for the temporal grammar: words, numbers and punctuation with byte offsets.
//!
//! The grammar works on tokens rather than on raw regexes so that extents follow TimeML
//! (determiners and modifiers in, prepositions and possessive `'s` out) and so that one pass
//! over the text serves every rule.

use std::borrow::Cow;

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Letters (with inner apostrophes: "o'clock").
    Word,
    /// Digits, possibly with inner `,` `.` (1,000 / 3.5).
    Number,
    /// Digits with a colon: 2:30, 14:05:10.
    Clock,
    /// Digits followed by letters: 1990s, 4th, 10am; or `'90s`.
    Mixed,
    /// One character of anything else.
    Punct,
}

/// One token: its byte span in the text, its lowercase form and its shape.
#[derive(Clone, Debug)]
pub struct Token<'a> {
    pub start: usize,
    pub end: usize,
    /// Borrowed from the text when it is written in lower case already (most words).
    pub low: Cow<'a, str>,
    pub shape: Shape,
    /// First character is uppercase (month names and "May" need it).
    pub capital: bool,
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// `s` in lower case, borrowed when it already is.
fn lowercase(s: &str) -> Cow<'_, str> {
    if s.is_ascii() && !s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

/// Splits `text` into tokens. `a.m.`/`p.m.` become one token (`am`/`pm`), a trailing `'s` is
/// its own token, and `'90s` is one token.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    // ASCII text (most news) is read by bytes; other text as characters with their offsets.
    if text.is_ascii() {
        let b = text.as_bytes();
        tokens_of(text, b.len(), |k| k, |k| b[k] as char)
    } else {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        tokens_of(text, chars.len(), |k| chars[k].0, |k| chars[k].1)
    }
}

/// [`tokenize`] over `n` characters, the k-th at byte `at(k)` being `ch(k)`.
fn tokens_of<'a>(
    text: &'a str,
    n: usize,
    at: impl Fn(usize) -> usize,
    ch: impl Fn(usize) -> char,
) -> Vec<Token<'a>> {
    let byte_at = |k: usize| if k < n { at(k) } else { text.len() };
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut k = 0;
    while k < n {
        let (start, c) = (at(k), ch(k));
        if c.is_whitespace() {
            k += 1;
            continue;
        }
        // a.m. / p.m. (also without the final dot)
        if (c == 'a' || c == 'p' || c == 'A' || c == 'P')
            && k + 2 < n
            && ch(k + 1) == '.'
            && (ch(k + 2) == 'm' || ch(k + 2) == 'M')
            && (k + 3 >= n || !ch(k + 3).is_alphanumeric())
        {
            let mut e = k + 3;
            if e < n && ch(e) == '.' {
                e += 1;
            }
            let low = if c.eq_ignore_ascii_case(&'a') {
                "am"
            } else {
                "pm"
            };
            out.push(Token {
                start,
                end: byte_at(e),
                low: Cow::Borrowed(low),
                shape: Shape::Word,
                capital: false,
            });
            k = e;
            continue;
        }
        if c.is_alphabetic() {
            let mut e = k + 1;
            while e < n {
                let c = ch(e);
                // A letter, or an apostrophe inside a word that is not a possessive 's.
                let inside = c.is_alphabetic()
                    || (is_apostrophe(c)
                        && e + 1 < n
                        && ch(e + 1).is_alphabetic()
                        && !(ch(e + 1) == 's' && (e + 2 >= n || !ch(e + 2).is_alphabetic())));
                if !inside {
                    break;
                }
                e += 1;
            }
            out.push(Token {
                start,
                end: byte_at(e),
                low: lowercase(&text[start..byte_at(e)]),
                shape: Shape::Word,
                capital: c.is_uppercase(),
            });
            k = e;
            continue;
        }
        if c.is_ascii_digit() {
            let mut e = k + 1;
            let mut shape = Shape::Number;
            while e < n {
                let c = ch(e);
                if c.is_ascii_digit() {
                    e += 1;
                } else if (c == ',' || c == '.' || c == ':')
                    && e + 1 < n
                    && ch(e + 1).is_ascii_digit()
                {
                    if c == ':' {
                        shape = Shape::Clock;
                    }
                    e += 1;
                } else {
                    break;
                }
            }
            if e < n && ch(e).is_alphabetic() {
                shape = Shape::Mixed;
                while e < n && ch(e).is_alphabetic() {
                    e += 1;
                }
            }
            out.push(Token {
                start,
                end: byte_at(e),
                low: lowercase(&text[start..byte_at(e)]),
                shape,
                capital: false,
            });
            k = e;
            continue;
        }
        if is_apostrophe(c) && k + 1 < n {
            // 's after a word
            if (ch(k + 1) == 's' || ch(k + 1) == 'S')
                && (k + 2 >= n || !ch(k + 2).is_alphanumeric())
            {
                out.push(Token {
                    start,
                    end: byte_at(k + 2),
                    low: Cow::Borrowed("'s"),
                    shape: Shape::Punct,
                    capital: false,
                });
                k += 2;
                continue;
            }
            // '90s
            if k + 3 < n
                && ch(k + 1).is_ascii_digit()
                && ch(k + 2).is_ascii_digit()
                && ch(k + 3) == 's'
                && (k + 4 >= n || !ch(k + 4).is_alphanumeric())
            {
                out.push(Token {
                    start,
                    end: byte_at(k + 4),
                    low: Cow::Owned(format!("'{}{}s", ch(k + 1), ch(k + 2))),
                    shape: Shape::Mixed,
                    capital: false,
                });
                k += 4;
                continue;
            }
        }
        out.push(Token {
            start,
            end: byte_at(k + 1),
            low: lowercase(&text[start..byte_at(k + 1)]),
            shape: Shape::Punct,
            capital: false,
        });
        k += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lows(t: &str) -> Vec<String> {
        tokenize(t)
            .into_iter()
            .map(|t| t.low.into_owned())
            .collect()
    }

    #[test]
    fn splits_the_shapes_the_grammar_needs() {
        assert_eq!(
            lows("Friday's 10:35 a.m. third-quarter 1990s '80s o'clock Sept. 30"),
            vec![
                "friday", "'s", "10:35", "am", "third", "-", "quarter", "1990s", "'80s", "o'clock",
                "sept", ".", "30"
            ]
        );
    }

    #[test]
    fn ascii_text_read_by_bytes_gives_the_tokens_characters_give() {
        let text = "On Friday's P.M. call at 10:35 A.M., the U.S. said '90s sales rose 3.5% \
                    (1,000 units) in Q3; O'Brien's 4th-quarter a.m PM.";
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let by_chars = tokens_of(text, chars.len(), |k| chars[k].0, |k| chars[k].1);
        let by_bytes = tokenize(text);
        let fields = |t: &Token| (t.start, t.end, t.low.to_string(), t.shape, t.capital);
        assert_eq!(
            by_bytes.iter().map(fields).collect::<Vec<_>>(),
            by_chars.iter().map(fields).collect::<Vec<_>>()
        );
        // A borrowed form is the text itself, written in lower case already (a.m. and p.m.
        // aside: they are read as "am" and "pm").
        for t in by_bytes.iter().filter(|t| t.low != "am" && t.low != "pm") {
            assert_eq!(t.low, text[t.start..t.end].to_lowercase().as_str(), "{t:?}");
        }
    }
}
