//! The plain-text source header: an optional first line ` date YYYY-MM-DD`
//! (other words may follow it), and a guessed title.

use std::ops::Range;

use super::Format;
use crate::facts::Date;

#[derive(Debug, Default)]
pub struct Header {
    pub date: Option<Date>,
    /// Where the prose starts: after the `date YYYY-MM-DD` token.
    pub body_start: usize,
}

pub fn parse(text: &str, from: usize) -> Header {
    let rest = text.get(from..).unwrap_or("");
    let leading = rest.len() - rest.trim_start_matches([' ', '\t', '\u{feff}']).len();
    let after_spaces = &rest[leading..];
    if let Some(after_word) = after_spaces.strip_prefix("date ") {
        let token_start = from + leading + "date ".len();
        if let Some(date) = after_word.get(..10).and_then(Date::parse_iso) {
            return Header { date: Some(date), body_start: token_start + 10 };
        }
    }
    Header { date: None, body_start: from }
}

/// A short title: the first heading, else the first short line that reads
/// like one, else the start of the first sentence.
pub fn guess_title(text: &str, body: Range<usize>, format: Format) -> String {
    let body_text = text.get(body).unwrap_or("");
    let lines = body_text.lines().map(str::trim).filter(|l| !l.is_empty());
    if format == Format::Markdown {
        if let Some(h) = lines.clone().find_map(|l| l.strip_prefix('#')) {
            return h.trim_start_matches('#').trim().to_string();
        }
    }
    if let Some(line) = lines.clone().find(|l| (3..=16).contains(&l.split_whitespace().count()) && l.len() <= 140) {
        return line.to_string();
    }
    let first = lines.into_iter().next().unwrap_or("");
    truncate_words(first, 80)
}

fn truncate_words(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let cut = s[..end].rfind(' ').unwrap_or(end);
    format!("{}…", &s[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_header_with_text_after_it() {
        let text = " date 2026-01-16 La maison mère de ChatGPT";
        let h = parse(text, 0);
        assert_eq!(h.date, Date::new(2026, 1, 16));
        assert_eq!(&text[h.body_start..], " La maison mère de ChatGPT");
    }

    #[test]
    fn no_header() {
        assert_eq!(parse("Actualité\n", 0).body_start, 0);
        assert_eq!(parse(" date soon", 0).date, None);
    }
}
