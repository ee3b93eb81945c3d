//! Splits a text into sentences and paragraphs. Plain-text sources break a
//! paragraph at every line end; Markdown breaks at blank lines, headings,
//! list items and table rows, and joins soft-wrapped lines.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub range: Range<usize>,
    /// Index of the paragraph the sentence belongs to, counting from 0.
    pub paragraph: u32,
}

/// Words after which a period does not end a sentence ("M.", "p.").
#[derive(Debug, Clone, Default)]
pub struct Abbreviations {
    /// Each word's bytes as an integer (words are short), sorted: a period
    /// is looked up by a binary search over integers.
    keys: Vec<u128>,
    longest: usize,
}

impl Abbreviations {
    /// Abbreviations longer than 15 bytes are never looked up.
    const MAX_LEN: usize = 15;

    pub fn new(words: impl IntoIterator<Item = String>) -> Abbreviations {
        let mut keys: Vec<u128> = words.into_iter().filter_map(|w| Self::key(&w)).collect();
        keys.sort_unstable();
        keys.dedup();
        let longest = keys.iter().map(|k| (k >> 120) as usize).max().unwrap_or(0);
        Abbreviations { keys, longest }
    }

    /// The bytes, then the length in the top byte.
    fn key(word: &str) -> Option<u128> {
        let bytes = word.as_bytes();
        (bytes.len() <= Self::MAX_LEN).then(|| bytes.iter().rev().fold(0u128, |key, &b| key << 8 | u128::from(b)) | (bytes.len() as u128) << 120)
    }

    /// Most words before a period are longer than every abbreviation.
    pub fn contains(&self, word: &str) -> bool {
        word.len() <= self.longest && Self::key(word).is_some_and(|key| self.keys.binary_search(&key).is_ok())
    }
}

/// Splits `text[body]` into sentences.
pub fn split_sentences(text: &str, body: Range<usize>, markdown: bool, abbreviations: &Abbreviations) -> Vec<Sentence> {
    // News sentences run to some 120 bytes.
    let mut sentences = Vec::with_capacity(body.len() / 100);
    for (paragraph, block) in (0u32..).zip(paragraphs(text, body, markdown)) {
        split_block(text, block, paragraph, abbreviations, &mut sentences);
    }
    if sentences.iter().any(|s| s.range.len() > MAX_SENTENCE_BYTES) {
        sentences = sentences.into_iter().flat_map(|s| cut_long(text, s)).collect();
    }
    sentences
}

/// Longer "sentences" (a file with no full stop, a 10 MB line) are cut at
/// spaces: extraction pairs facts within a sentence, so its work grows
/// with the square of a sentence's length; real sentences are far shorter.
pub const MAX_SENTENCE_BYTES: usize = 2048;

fn cut_long(text: &str, sentence: Sentence) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = sentence.range.start;
    let end = sentence.range.end;
    while end - start > MAX_SENTENCE_BYTES {
        let mut cut = start + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        // At the last space of the window, if there is one.
        let window = text.get(start..cut).unwrap_or("");
        if let Some(space) = window.rfind(char::is_whitespace).filter(|&i| i > 0) {
            cut = start + space;
        }
        out.push(Sentence { range: start..cut, paragraph: sentence.paragraph });
        let rest = text.get(cut..end).unwrap_or("");
        start = end - rest.trim_start().len();
    }
    if start < end {
        out.push(Sentence { range: start..end, paragraph: sentence.paragraph });
    }
    out
}

fn paragraphs(text: &str, body: Range<usize>, markdown: bool) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    let mut block_start: Option<usize> = None;
    let mut offset = body.start;
    let body_text = text.get(body.clone()).unwrap_or("");
    let mut in_fence = false;
    let mut in_comment = false;
    for line in lines(body_text) {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        if markdown && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            in_fence = !in_fence;
            close(&mut blocks, &mut block_start, start);
            continue;
        }
        if in_fence {
            continue;
        }
        // HTML comments are the writer's asides, not prose.
        if markdown && (in_comment || trimmed.starts_with("<!--")) {
            close(&mut blocks, &mut block_start, start);
            in_comment = !trimmed.contains("-->");
            continue;
        }
        if trimmed.is_empty() {
            close(&mut blocks, &mut block_start, start);
            continue;
        }
        let starts_block = !markdown || is_block_start(trimmed);
        if starts_block {
            close(&mut blocks, &mut block_start, start);
        }
        if block_start.is_none() {
            block_start = Some(start);
        }
        if !markdown || trimmed.starts_with('#') {
            close(&mut blocks, &mut block_start, start + content.len());
        }
    }
    close(&mut blocks, &mut block_start, offset);
    blocks
}

/// The lines of `text`, each with its line feed (as `split_inclusive`,
/// with the memchr crate's vector search).
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
        let (line, after) = rest.split_at(end);
        rest = after;
        Some(line)
    })
}

fn is_block_start(line: &str) -> bool {
    line.starts_with('#')
        || line.starts_with("- ")
        || line.starts_with("* ")
        || line.starts_with("+ ")
        || line.starts_with('>')
        || line.starts_with('|')
        || is_numbered_item(line)
}

/// "12. item": digits, then ". ".
fn is_numbered_item(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && line[digits..].starts_with(". ")
}

fn close(blocks: &mut Vec<Range<usize>>, start: &mut Option<usize>, end: usize) {
    if let Some(s) = start.take() {
        if end > s {
            blocks.push(s..end);
        }
    }
}

fn split_block(text: &str, block: Range<usize>, paragraph: u32, abbreviations: &Abbreviations, out: &mut Vec<Sentence>) {
    let Some(block_text) = text.get(block.clone()) else {
        return;
    };
    let mut start = 0usize;
    let mut from = 0usize;
    let has_ellipsis = ellipsis_finder().find(block_text.as_bytes()).is_some();
    while let Some((i, c)) = next_terminal(block_text, from, has_ellipsis) {
        // Swallow closing quotes and further terminal punctuation.
        let mut end = i + c.len_utf8();
        for next in block_text[end..].chars() {
            if !matches!(next, '.' | '!' | '?' | '…' | '"' | '»' | '”' | '’' | ')' | '\'') {
                break;
            }
            end += next.len_utf8();
        }
        from = end;
        let rest = &block_text[end..];
        let after_space = rest.trim_start();
        if after_space.len() == rest.len() && !rest.is_empty() {
            continue; // "1.5", "theinformation.com": no space after the period
        }
        if c == '.' && ends_with_abbreviation(&block_text[start..i], abbreviations) {
            continue;
        }
        if let Some(next) = after_space.chars().next() {
            if next.is_lowercase() {
                continue;
            }
        }
        push_trimmed(block_text, block.start, start..end, paragraph, out);
        start = end;
    }
    push_trimmed(block_text, block.start, start..block_text.len(), paragraph, out);
}

/// A searcher for `…`, built once (building one costs more than a search
/// through a paragraph).
fn ellipsis_finder() -> &'static memchr::memmem::Finder<'static> {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
    FINDER.get_or_init(|| memchr::memmem::Finder::new("…"))
}

/// The next sentence-ending char at or after `from`: a byte search for
/// `.`, `!`, `?` and, when the text holds one, the lead byte of `…`, not a
/// walk through every char.
fn next_terminal(text: &str, from: usize, has_ellipsis: bool) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    if !has_ellipsis {
        let i = from + memchr::memchr3(b'.', b'!', b'?', bytes.get(from..)?)?;
        return Some((i, char::from(bytes[i])));
    }
    let mut at = from;
    loop {
        let i = at + bytes.get(at..)?.iter().position(|&b| matches!(b, b'.' | b'!' | b'?' | 0xE2))?;
        // ASCII bytes and 0xE2 (a lead byte) start chars: `i` is a boundary.
        let c = text.get(i..)?.chars().next()?;
        if c != '\u{2026}' && !c.is_ascii() {
            at = i + c.len_utf8();
            continue;
        }
        return Some((i, c));
    }
}

fn ends_with_abbreviation(before: &str, abbreviations: &Abbreviations) -> bool {
    // The last word, read backward no further than the longest abbreviation
    // or an initial: most words before a period are longer.
    let reach = abbreviations.longest.max(4);
    let mut start = before.len();
    for (i, c) in before.char_indices().rev() {
        if c.is_whitespace() || c == '(' || c == '\'' || c == '’' {
            break;
        }
        if before.len() - i > reach {
            return false;
        }
        start = i;
    }
    let word = &before[start..];
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_uppercase() {
            return true; // an initial: "J. Tsai"
        }
    }
    abbreviations.contains(word)
}

fn push_trimmed(block_text: &str, base: usize, range: Range<usize>, paragraph: u32, out: &mut Vec<Sentence>) {
    let Some(piece) = block_text.get(range.clone()) else {
        return;
    };
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail >= piece.len() {
        return;
    }
    out.push(Sentence { range: base + range.start + lead..base + range.end - trail, paragraph });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str, markdown: bool) -> Vec<(u32, &str)> {
        let abbreviations = Abbreviations::new(["M".to_string(), "p".to_string()]);
        split_sentences(text, 0..text.len(), markdown, &abbreviations).into_iter().map(|s| (s.paragraph, &text[s.range])).collect()
    }

    #[test]
    fn sentences_without_an_end_are_cut_at_spaces() {
        let text = format!("{}Fin. {}", "Apple é Google 12 % ".repeat(500), "x".repeat(5000));
        let sentences = split(&text, true);
        assert!(sentences.iter().all(|(_, s)| s.len() <= MAX_SENTENCE_BYTES && !s.is_empty()), "bounded");
        assert!(sentences.iter().all(|(_, s)| !s.starts_with(' ') && !s.ends_with(' ')), "cut at spaces");
        let kept: String = sentences.iter().flat_map(|(_, s)| s.split_whitespace()).collect();
        let all: String = text.split_whitespace().collect();
        assert!(kept == all, "nothing lost, in order");
        assert_eq!(sentences.last().map(|(_, s)| s.len()), Some(5000 - 2 * MAX_SENTENCE_BYTES), "a word longer than the limit is cut anywhere");
    }

    #[test]
    fn plain_text_breaks_at_lines_and_sentence_ends() {
        let text = "Titre\nM. Tsai a parlé. Il a dit 1.5 fois «oui». Theinformation.com a écrit!\n\nFin";
        assert_eq!(
            split(text, false),
            vec![(0, "Titre"), (1, "M. Tsai a parlé."), (1, "Il a dit 1.5 fois «oui»."), (1, "Theinformation.com a écrit!"), (2, "Fin")]
        );
    }

    proptest::proptest! {
        #[test]
        fn lines_and_abbreviations_read_as_their_definitions_say(text in "(.|[\n\r .(’'ÉM]|M\\.|p\\.|etc){0,40}") {
            proptest::prop_assert_eq!(lines(&text).collect::<Vec<_>>(), text.split_inclusive('\n').collect::<Vec<_>>());
            let abbreviations = Abbreviations::new(["M".to_string(), "etc".to_string(), "U.S".to_string()]);
            let word = text.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '\'' || c == '’').next().unwrap_or("");
            let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            proptest::prop_assert_eq!(ends_with_abbreviation(&text, &abbreviations), initial || abbreviations.contains(word));
        }
    }

    #[test]
    fn markdown_joins_soft_wrapped_lines_and_skips_code() {
        let text = "# Notes\nApple paie\nGoogle. Fin.\n```\nnot prose.\n```\n<!-- an\naside -->\n- item one";
        assert_eq!(split(text, true), vec![(0, "# Notes"), (1, "Apple paie\nGoogle."), (1, "Fin."), (2, "- item one")]);
    }
}
