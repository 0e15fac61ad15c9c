//! A light Rust lexer for the module scan: identifiers, `::` and single punctuation; comments,
//! string, byte-string, raw-string and character literals, numbers and lifetimes are skipped.

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token {
    Ident(String),
    PathSep,
    Punct(char),
}

pub(crate) fn tokens(src: &str) -> Vec<Token> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i = skip_block_comment(&chars, i);
        } else if c == '"' {
            i = skip_string(&chars, i + 1);
        } else if c == '\'' {
            i = skip_quote(&chars, i);
        } else if c == '_' || c.is_alphabetic() {
            let start = i;
            while i < chars.len() && (chars[i] == '_' || chars[i].is_alphanumeric()) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let after = chars.get(i).copied();
            match (word.as_str(), after) {
                ("r" | "br" | "cr", Some('"')) => i = skip_raw_string(&chars, i),
                ("r" | "br" | "cr", Some('#')) if raw_string_follows(&chars, i) => {
                    i = skip_raw_string(&chars, i);
                }
                ("r", Some('#')) => {
                    // A raw identifier `r#name`.
                    let start = i + 1;
                    i = start;
                    while i < chars.len() && (chars[i] == '_' || chars[i].is_alphanumeric()) {
                        i += 1;
                    }
                    out.push(Token::Ident(chars[start..i].iter().collect()));
                }
                ("b" | "c", Some('"')) => i = skip_string(&chars, i + 1),
                ("b", Some('\'')) => i = skip_quote(&chars, i),
                _ => out.push(Token::Ident(word)),
            }
        } else if c.is_ascii_digit() {
            while i < chars.len() && (chars[i] == '_' || chars[i].is_alphanumeric()) {
                i += 1;
            }
        } else if c == ':' && next == Some(':') {
            out.push(Token::PathSep);
            i += 2;
        } else {
            out.push(Token::Punct(c));
            i += 1;
        }
    }
    out
}

fn skip_block_comment(chars: &[char], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < chars.len() {
        if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
            depth += 1;
            i += 2;
        } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    i
}

/// From just after the opening quote to just after the closing one.
fn skip_string(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

fn raw_string_follows(chars: &[char], mut i: usize) -> bool {
    while chars.get(i) == Some(&'#') {
        i += 1;
    }
    chars.get(i) == Some(&'"')
}

/// From the first `#` or `"` after `r` to just after the closing `"#…`.
fn skip_raw_string(chars: &[char], mut i: usize) -> usize {
    let mut hashes = 0;
    while chars.get(i) == Some(&'#') {
        hashes += 1;
        i += 1;
    }
    i += 1; // the opening quote
    while i < chars.len() {
        if chars[i] == '"' && (1..=hashes).all(|k| chars.get(i + k) == Some(&'#')) {
            return i + 1 + hashes;
        }
        i += 1;
    }
    i
}

/// A character literal (skipped whole) or a lifetime (only its quote skipped).
fn skip_quote(chars: &[char], i: usize) -> usize {
    if chars.get(i + 1) == Some(&'\\') {
        let mut j = i + 3;
        while j < chars.len() && chars[j] != '\'' {
            j += 1;
        }
        j + 1
    } else if chars.get(i + 2) == Some(&'\'') {
        i + 3
    } else {
        i + 1
    }
}

#[test]
fn comments_strings_and_chars_hide_their_paths() {
    let src = r####"
        // crate::a
        /* crate::b /* nested */ crate::c */
        let s = "crate::d \" crate::e";
        let r = r#"crate::f " still"#;
        let q = '"'; let e = '\''; fn f<'a>(x: &'a str) {}
        crate::g::h
    "####;
    let idents: Vec<Token> = tokens(src)
        .into_iter()
        .filter(|t| *t != Token::Punct(';'))
        .collect();
    let paths: Vec<&Token> = idents
        .windows(3)
        .filter(|w| w[0] == Token::Ident("crate".into()) && w[1] == Token::PathSep)
        .map(|w| &w[2])
        .collect();
    assert_eq!(paths, [&Token::Ident("g".into())]);
}
