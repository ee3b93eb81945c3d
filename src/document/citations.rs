//! Citations in prose: Pandoc `[@key]`, `[@key, p. 3]`, `[@a; @b]`, narrative
//! `@key`; wiki links `[[key]]`, `[[key|label]]`, `[[key#heading]]`; and
//! relative Markdown links `[text](file.md)`. Code spans and fenced code are
//! skipped. Keys are kept as written; resolving them is the workspace's job.

use serde::{Deserialize, Serialize};
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CitationKind {
    Pandoc,
    Narrative,
    Wiki,
    Link,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    pub kind: CitationKind,
    pub key: String,
    /// The key as written (without `@`, brackets or label).
    pub key_range: Range<usize>,
    /// The whole citation: `[@a; @b]` for each of a and b, `[[key|label]]`.
    pub range: Range<usize>,
    /// "p. 3" in `[@key, p. 3]`.
    pub locator: Option<String>,
    /// "heading" in `[[key#heading]]`.
    pub fragment: Option<String>,
}

pub fn parse_citations(text: &str, body: Range<usize>) -> Vec<Citation> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let end = body.end.min(text.len());
    let mut marks = Marks::default();
    let mut i = body.start;
    let mut line_start = true;
    while i < end {
        if line_start && (text[i..].starts_with("```") || text[i..].starts_with("~~~")) {
            i = skip_fence(text, i, end);
            continue;
        }
        let Some(at) = marks.next(bytes, i, end) else { break };
        i = at;
        line_start = bytes[i] == b'\n';
        i = read_at(text, i, end, &mut out);
    }
    out
}

/// Reads (or skips) what starts at byte `i`: a comment, a code span, a
/// wiki link, a bracketed or narrative citation. Returns where to go on.
fn read_at(text: &str, i: usize, end: usize, out: &mut Vec<Citation>) -> usize {
    let bytes = text.as_bytes();
    match bytes[i] {
        b'<' if text[i..].starts_with("<!--") => text[i..end].find("-->").map_or(end, |n| i + n + 3),
        b'`' => skip_code_span(bytes, i, end),
        b'[' if bytes.get(i + 1) == Some(&b'[') => parse_wiki(text, i, end, out),
        b'[' => parse_bracket(text, i, end, out),
        b'@' => parse_narrative(text, i, end, out),
        _ => i + 1,
    }
}

/// The next byte that may start something to read or skip: a line end
/// (fences open at line starts), `<`, `` ` ``, `[` or `@`. Two vector
/// searches, each remembered until passed, instead of a look at every byte.
#[derive(Default)]
struct Marks {
    lines: Option<Option<usize>>,
    signs: Option<Option<usize>>,
}

impl Marks {
    fn next(&mut self, bytes: &[u8], from: usize, end: usize) -> Option<usize> {
        let hay = bytes.get(from..end)?;
        let refresh = |cached: &mut Option<Option<usize>>, find: &dyn Fn(&[u8]) -> Option<usize>| match *cached {
            Some(Some(at)) if at >= from => Some(at),
            Some(None) => None,
            _ => {
                let found = find(hay).map(|n| from + n);
                *cached = Some(found);
                found
            }
        };
        let line = refresh(&mut self.lines, &|h| memchr::memchr2(b'\n', b'<', h));
        let sign = refresh(&mut self.signs, &|h| memchr::memchr3(b'`', b'[', b'@', h));
        match (line, sign) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

fn skip_fence(text: &str, start: usize, end: usize) -> usize {
    let fence = &text[start..start + 3];
    let after_open = text[start..end].find('\n').map_or(end, |n| start + n + 1);
    let mut offset = after_open;
    for line in text[after_open..end].split_inclusive('\n') {
        offset += line.len();
        if line.trim_start().starts_with(fence) {
            return offset;
        }
    }
    end
}

fn skip_code_span(bytes: &[u8], start: usize, end: usize) -> usize {
    let ticks = bytes[start..end].iter().take_while(|&&b| b == b'`').count();
    let mut j = start + ticks;
    while j < end {
        if bytes[j] == b'`' {
            let run = bytes[j..end].iter().take_while(|&&b| b == b'`').count();
            if run == ticks {
                return j + run;
            }
            j += run;
        } else if bytes[j] == b'\n' && bytes.get(j + 1) == Some(&b'\n') {
            break; // a code span does not cross paragraphs
        } else {
            j += 1;
        }
    }
    start + ticks
}

/// Pandoc keys start with a letter, digit or `_` and may hold internal
/// punctuation; trailing punctuation is not part of the key.
fn key_len(s: &str) -> usize {
    let mut len = 0;
    for (i, c) in s.char_indices() {
        if c.is_alphanumeric() || c == '_' {
            len = i + c.len_utf8();
        } else if i == 0 || !":.#$%&-+?<>~/".contains(c) {
            break;
        }
    }
    len
}

fn parse_wiki(text: &str, start: usize, end: usize, out: &mut Vec<Citation>) -> usize {
    let inner_start = start + 2;
    let Some(close) = text[inner_start..end].find("]]") else {
        return start + 2;
    };
    let inner = &text[inner_start..inner_start + close];
    if inner.contains('\n') || inner.trim().is_empty() {
        return start + 2;
    }
    let target = inner.split('|').next().unwrap_or(inner);
    let (key, fragment) = match target.split_once('#') {
        Some((k, f)) => (k, Some(f.trim().to_string())),
        None => (target, None),
    };
    let lead = key.len() - key.trim_start().len();
    let key_trimmed = key.trim();
    let range_end = inner_start + close + 2;
    if !key_trimmed.is_empty() {
        let key_start = inner_start + lead;
        out.push(Citation {
            kind: CitationKind::Wiki,
            key: key_trimmed.to_string(),
            key_range: key_start..key_start + key_trimmed.len(),
            range: start..range_end,
            locator: None,
            fragment,
        });
    }
    range_end
}

fn parse_bracket(text: &str, start: usize, end: usize, out: &mut Vec<Citation>) -> usize {
    let Some(close_rel) = text[start + 1..end].find(']') else {
        return start + 1;
    };
    let close = start + 1 + close_rel;
    let inner = &text[start + 1..close];
    if inner.contains('\n') && inner.contains("\n\n") {
        return start + 1;
    }
    // A Markdown link: [text](target)
    if text[close + 1..end].starts_with('(') {
        if let Some(paren_rel) = text[close + 2..end].find(')') {
            let target_start = close + 2;
            let target = &text[target_start..target_start + paren_rel];
            let link_end = target_start + paren_rel + 1;
            if is_local_link(target) {
                let path = target.split_whitespace().next().unwrap_or("");
                let (path, fragment) = match path.split_once('#') {
                    Some((p, f)) => (p, Some(f.to_string())),
                    None => (path, None),
                };
                if !path.is_empty() {
                    out.push(Citation {
                        kind: CitationKind::Link,
                        key: path.to_string(),
                        key_range: target_start..target_start + path.len(),
                        range: start..link_end,
                        locator: None,
                        fragment,
                    });
                }
            }
            return link_end;
        }
    }
    if !inner.contains('@') {
        return start + 1;
    }
    let mut found = Vec::new();
    let mut offset = start + 1;
    for item in inner.split(';') {
        let item_start = offset;
        offset += item.len() + 1;
        let Some(at) = item.find('@') else { continue };
        // "-@key" suppresses the author; the key is the same.
        let key_start = item_start + at + 1;
        let len = key_len(&text[key_start..close]);
        if len == 0 {
            continue;
        }
        let key = &text[key_start..key_start + len];
        let locator = text[key_start + len..item_start + item.len()].trim().trim_start_matches(',').trim();
        found.push(Citation {
            kind: CitationKind::Pandoc,
            key: key.to_string(),
            key_range: key_start..key_start + len,
            range: start..close + 1,
            locator: (!locator.is_empty()).then(|| locator.to_string()),
            fragment: None,
        });
    }
    if found.is_empty() {
        return start + 1;
    }
    out.extend(found);
    close + 1
}

fn parse_narrative(text: &str, at: usize, end: usize, out: &mut Vec<Citation>) -> usize {
    let before_ok = text[..at].chars().next_back().is_none_or(|c| c.is_whitespace() || c == '(');
    let key_start = at + 1;
    let len = key_len(&text[key_start..end]);
    if !before_ok || len == 0 {
        return at + 1;
    }
    out.push(Citation {
        kind: CitationKind::Narrative,
        key: text[key_start..key_start + len].to_string(),
        key_range: key_start..key_start + len,
        range: at..key_start + len,
        locator: None,
        fragment: None,
    });
    key_start + len
}

/// Links to files are citations (`file:` URIs too, so that resolving them
/// can refuse them when they lead outside the workspace); web links are not.
fn is_local_link(target: &str) -> bool {
    let t = target.trim();
    let file_uri = t.get(..5).is_some_and(|s| s.eq_ignore_ascii_case("file:"));
    !(t.is_empty() || t.starts_with('#') || (t.contains("://") && !file_uri) || t.starts_with("mailto:") || t.starts_with("data:"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    fn dump(text: &str) -> String {
        parse_citations(text, 0..text.len())
            .iter()
            .map(|c| {
                format!(
                    "{:?} {} key={:?} whole={:?} loc={:?} frag={:?}\n",
                    c.kind,
                    &text[c.key_range.clone()],
                    c.key,
                    &text[c.range.clone()],
                    c.locator,
                    c.fragment
                )
            })
            .collect()
    }

    #[test]
    fn every_citation_form() {
        let text = "Selon [@003_d6d9, p. 3] et [@a; -@b]. @smith2020 dit. mail@x.fr\n\
                    Voir [[002_485b|l'article]] et [[004#Cloud]], [le texte](../seeds/000_e60.txt), [web](https://x.org).\n\
                    `[@code]` ignoré.\n```\n[@fenced]\n```\n<!-- [@comment] -->Fin [@z].";
        expect![[r#"
            Pandoc 003_d6d9 key="003_d6d9" whole="[@003_d6d9, p. 3]" loc=Some("p. 3") frag=None
            Pandoc a key="a" whole="[@a; -@b]" loc=None frag=None
            Pandoc b key="b" whole="[@a; -@b]" loc=None frag=None
            Narrative smith2020 key="smith2020" whole="@smith2020" loc=None frag=None
            Wiki 002_485b key="002_485b" whole="[[002_485b|l'article]]" loc=None frag=None
            Wiki 004 key="004" whole="[[004#Cloud]]" loc=None frag=Some("Cloud")
            Link ../seeds/000_e60.txt key="../seeds/000_e60.txt" whole="[le texte](../seeds/000_e60.txt)" loc=None frag=None
            Pandoc z key="z" whole="[@z]" loc=None frag=None
        "#]]
        .assert_eq(&dump(text));
    }

    /// The scan by definition: every byte looked at.
    fn byte_by_byte(text: &str) -> Vec<Citation> {
        let (mut out, bytes, end) = (Vec::new(), text.as_bytes(), text.len());
        let (mut i, mut line_start) = (0, true);
        while i < end {
            if line_start && (text[i..].starts_with("```") || text[i..].starts_with("~~~")) {
                i = skip_fence(text, i, end);
                continue;
            }
            line_start = bytes[i] == b'\n';
            i = read_at(text, i, end, &mut out);
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn the_mark_search_finds_what_a_byte_by_byte_scan_finds(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "[@a]", "[@b, p. 3]", "[@a; @b]", "[[k]]", "[[k|x]]", "[t](n.md)", "@key", " ", "\n", "\n\n", "```", "~~~", "`", "``",
                "<!--", "-->", "<b>", "[", "]", "(", ")", "@", "é", "x", "mail@x.fr",
            ]), 0..30),
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(parse_citations(&text, 0..text.len()), byte_by_byte(&text), "{:?}", text);
        }
    }

    #[test]
    fn unclosed_and_odd_input_does_not_panic() {
        for text in ["[@", "[[", "[[]]", "[x](", "@", "``", "```", "[@é; @", "é@é"] {
            parse_citations(text, 0..text.len());
        }
    }
}
