//! Tokens for the temporal grammar: words, numbers and punctuation with byte offsets.
//!
//! The grammar works on tokens rather than on raw regexes so that extents follow TimeML
//! (determiners and modifiers in, prepositions and possessive `'s` out) and so that one pass
//! over the text serves every rule.

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
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub low: String,
    pub shape: Shape,
    /// First character is uppercase (month names and "May" need it).
    pub capital: bool,
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Splits `text` into tokens. `a.m.`/`p.m.` become one token (`am`/`pm`), a trailing `'s` is
/// its own token, and `'90s` is one token.
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let byte_at = |k: usize| if k < n { chars[k].0 } else { text.len() };
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut k = 0;
    while k < n {
        let (start, c) = chars[k];
        if c.is_whitespace() {
            k += 1;
            continue;
        }
        // a.m. / p.m. (also without the final dot)
        if (c == 'a' || c == 'p' || c == 'A' || c == 'P')
            && k + 2 < n
            && chars[k + 1].1 == '.'
            && (chars[k + 2].1 == 'm' || chars[k + 2].1 == 'M')
            && (k + 3 >= n || !chars[k + 3].1.is_alphanumeric())
        {
            let mut e = k + 3;
            if e < n && chars[e].1 == '.' {
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
                low: low.into(),
                shape: Shape::Word,
                capital: false,
            });
            k = e;
            continue;
        }
        if c.is_alphabetic() {
            let mut e = k + 1;
            while e < n {
                let ch = chars[e].1;
                if ch.is_alphabetic() {
                    e += 1;
                } else if is_apostrophe(ch)
                    && e + 1 < n
                    && chars[e + 1].1.is_alphabetic()
                    && !(chars[e + 1].1 == 's' && (e + 2 >= n || !chars[e + 2].1.is_alphabetic()))
                {
                    e += 1;
                } else {
                    break;
                }
            }
            out.push(Token {
                start,
                end: byte_at(e),
                low: text[start..byte_at(e)].to_lowercase(),
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
                let ch = chars[e].1;
                if ch.is_ascii_digit() {
                    e += 1;
                } else if (ch == ',' || ch == '.' || ch == ':')
                    && e + 1 < n
                    && chars[e + 1].1.is_ascii_digit()
                {
                    if ch == ':' {
                        shape = Shape::Clock;
                    }
                    e += 1;
                } else {
                    break;
                }
            }
            if e < n && chars[e].1.is_alphabetic() {
                shape = Shape::Mixed;
                while e < n && chars[e].1.is_alphabetic() {
                    e += 1;
                }
            }
            out.push(Token {
                start,
                end: byte_at(e),
                low: text[start..byte_at(e)].to_lowercase(),
                shape,
                capital: false,
            });
            k = e;
            continue;
        }
        if is_apostrophe(c) && k + 1 < n {
            // 's after a word
            if (chars[k + 1].1 == 's' || chars[k + 1].1 == 'S')
                && (k + 2 >= n || !chars[k + 2].1.is_alphanumeric())
            {
                out.push(Token {
                    start,
                    end: byte_at(k + 2),
                    low: "'s".into(),
                    shape: Shape::Punct,
                    capital: false,
                });
                k += 2;
                continue;
            }
            // '90s
            if k + 3 < n
                && chars[k + 1].1.is_ascii_digit()
                && chars[k + 2].1.is_ascii_digit()
                && chars[k + 3].1 == 's'
                && (k + 4 >= n || !chars[k + 4].1.is_alphanumeric())
            {
                out.push(Token {
                    start,
                    end: byte_at(k + 4),
                    low: format!("'{}{}s", chars[k + 1].1, chars[k + 2].1),
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
            low: c.to_lowercase().collect(),
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
        tokenize(t).into_iter().map(|t| t.low).collect()
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
}
