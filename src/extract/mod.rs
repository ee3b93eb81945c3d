//! Extraction: one document's text → its facts (mentions, figures,
//! partnerships, citations, attributions), with byte ranges into the text.
//! Invariant: a pure function of (path, text, knowledge); no I/O.

pub mod entities;
pub mod figures;
pub mod partnerships;
pub mod periods;
pub mod quantity;
mod scan;
mod sentence;

use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::document::language::FunctionWords;
use crate::document::{parse_document, Citation, DocMeta, MetaProblem};
use crate::facts::{Attribution, EntityId, EntityKind, Figure, Mention, Partnership, StoredMention};
use crate::knowledge::Knowledge;
use crate::text::cues::CueMatch;
use crate::text::phrases::WordList;
use crate::text::{lowercase_same_offsets, split_sentences, LineMap, Span, Spans};

use entities::EntityMatcher;
use scan::DocScanner;
use sentence::{DocCues, SentenceContext};

/// Everything corroborate keeps about one document: enough to answer every
/// request without its text. Kept for every document of the workspace, so
/// its lists are boxed slices: no spare room (a vector grown by pushes
/// holds up to twice its length) and no capacity word.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocFacts {
    pub path: PathBuf,
    pub meta: DocMeta,
    pub line_map: LineMap,
    /// The prose: after front matter and header lines.
    pub body: Span,
    pub sentences: Spans,
    pub mentions: Box<[StoredMention]>,
    pub figures: Box<[Figure]>,
    pub partnerships: Box<[Partnership]>,
    /// Citations, attributions, byline outlets, metadata problems: see
    /// `citations()`, `attributions()`, `outlets()`, `problems()`.
    pub extras: Option<Box<Extras>>,
    /// The first lines of prose, for hover cards, as written: show
    /// `snippet_line()`.
    pub snippet: Box<str>,
    pub content_hash: u64,
}

/// What most documents have none of, behind one pointer: four empty
/// slices would cost every document 64 bytes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Extras {
    pub citations: Box<[Citation]>,
    pub attributions: Box<[Attribution]>,
    /// Outlets named in the byline ("ATS, AWP et AFP").
    pub outlets: Box<[EntityId]>,
    pub problems: Box<[MetaProblem]>,
}

impl Extras {
    /// None when all four are empty.
    fn boxed(self) -> Option<Box<Extras>> {
        let empty = self.citations.is_empty() && self.attributions.is_empty() && self.outlets.is_empty() && self.problems.is_empty();
        (!empty).then(|| Box::new(self))
    }
}

impl DocFacts {
    pub fn citations(&self) -> &[Citation] {
        self.extras.as_ref().map_or(&[], |e| &e.citations)
    }

    pub fn attributions(&self) -> &[Attribution] {
        self.extras.as_ref().map_or(&[], |e| &e.attributions)
    }

    /// Outlets named in the byline ("ATS, AWP et AFP").
    pub fn outlets(&self) -> &[EntityId] {
        self.extras.as_ref().map_or(&[], |e| &e.outlets)
    }

    pub fn problems(&self) -> &[MetaProblem] {
        self.extras.as_ref().map_or(&[], |e| &e.problems)
    }

    /// The snippet on one line: its words, one space between each.
    pub fn snippet_line(&self) -> String {
        self.snippet.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The sentence holding `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<Range<usize>> {
        self.sentences.containing(offset)
    }

    pub fn mention_at(&self, offset: usize) -> Option<&StoredMention> {
        self.mentions.iter().find(|m| m.range.start as usize <= offset && offset <= m.range.end as usize)
    }

    pub fn citation_at(&self, offset: usize) -> Option<&Citation> {
        self.citations().iter().find(|c| c.range.start <= offset && offset <= c.range.end)
    }

    /// The figure stating a partnership's deal value, if any.
    pub fn deal_value(&self, p: &Partnership) -> Option<&Figure> {
        self.figures.get(p.deal_value? as usize)
    }

    pub fn figure_at(&self, offset: usize) -> Option<&Figure> {
        self.figures.iter().find(|f| f.range.start as usize <= offset && offset <= f.range.end as usize)
    }
}

/// Turns documents into facts with one workspace's knowledge.
#[derive(Debug)]
pub struct Extractor {
    knowledge: Knowledge,
    matcher: EntityMatcher,
    scanner: DocScanner,
}

impl Extractor {
    pub fn new(knowledge: Knowledge) -> Extractor {
        let matcher = EntityMatcher::new(&knowledge.registry);
        let scanner = DocScanner::new(&knowledge.lexicon, &matcher);
        Extractor { knowledge, matcher, scanner }
    }

    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    pub fn extract(&self, path: &Path, text: &str, in_notes_folder: bool) -> DocFacts {
        let lexicon = &*self.knowledge.lexicon;
        let registry = &*self.knowledge.registry;
        let lowered = lowercase_same_offsets(text);
        let stopwords = lexicon.stopwords.table();
        // The words of the prose, found once: when the front matter gives
        // no language, to count its function words; then for the scan.
        let mut body_words = None;
        let parsed = parse_document(path, text, in_notes_folder, |body| {
            let words = body_words.insert(WordList::new(&lowered, body.clone()));
            FunctionWords::new(stopwords, &lowered, words).language_of_body(&body)
        });
        let words = body_words.unwrap_or_else(|| WordList::new(&lowered, parsed.body.clone()));
        let function_words = FunctionWords::new(stopwords, &lowered, &words);
        let scan = self.scanner.scan(lexicon, &self.matcher, text, &lowered, &words, parsed.body.clone());
        let mentions = scan.mentions;
        let cues = DocCues::from_hits(lexicon, &scan.hits, scan.quantity_words, function_words);
        let markdown = parsed.meta.format == crate::document::Format::Markdown;
        let sentences = split_sentences(text, parsed.body.clone(), markdown, &lexicon.abbreviations);

        let mut figures = Vec::new();
        let mut partnerships = Vec::new();
        let mut attributions = Vec::new();
        let mut topic: Option<EntityId> = None;
        let mut quiet = QuietSentences { starts: &scan.starts };
        for s in &sentences {
            if quiet.is_quiet(text, &s.range) {
                continue;
            }
            let ctx = SentenceContext::new(text, &lowered, s, &mentions, &cues, lexicon, registry, &parsed.meta, topic);
            let first_figure = figures.len();
            figures.extend(figures::figures_in(&ctx));
            let mut found = partnerships::partnerships_in(&ctx);
            partnerships::attach_deal_values(&mut found, &mut figures, first_figure);
            partnerships.extend(found);
            attributions.extend(ctx.attribution.clone());
            topic = ctx.next_topic();
        }

        DocFacts {
            path: path.to_path_buf(),
            line_map: LineMap::new(text),
            body: Span::from(&parsed.body),
            sentences: Spans::new(sentences.iter().map(|s| &s.range)),
            snippet: snippet(text, parsed.body.clone()).into(),
            content_hash: content_hash(text),
            meta: parsed.meta,
            mentions: mentions.iter().map(StoredMention::from).collect(),
            figures: figures.into(),
            partnerships: partnerships.into(),
            extras: Extras {
                citations: parsed.citations.into(),
                attributions: attributions.into(),
                outlets: byline_outlets(text, &parsed.body, &mentions, registry).into(),
                problems: parsed.problems.into(),
            }
            .boxed(),
        }
    }
}

/// Tells the sentences that state nothing, in text order: no cue, name or
/// quantity gate word starts in them, and they hold nothing a quantity can
/// be read from. Such a sentence yields no fact and keeps the topic (it
/// opens with no "elle", names no one), so extraction skips it: a third of
/// the sentences of the generated corpus.
struct QuietSentences<'a> {
    /// Every match's start, sorted; those before the last sentence asked
    /// about are gone.
    starts: &'a [usize],
}

impl QuietSentences<'_> {
    /// Whether the sentence at `range` states nothing. Ask in text order.
    fn is_quiet(&mut self, text: &str, range: &Range<usize>) -> bool {
        let before = self.starts.partition_point(|&start| start < range.start);
        self.starts = &self.starts[before..];
        let matched = self.starts.first().is_some_and(|&start| start < range.end);
        !matched && matches!(quantity::anchors(text.get(range.clone()).unwrap_or(""), Vec::new()), quantity::Anchors::None)
    }
}

/// Outlets on a line of their own near the top ("ATS, AWP et AFP").
fn byline_outlets(text: &str, body: &Range<usize>, mentions: &[Mention], registry: &crate::knowledge::Registry) -> Vec<EntityId> {
    let mut outlets = Vec::new();
    let is_outlet = |m: &Mention| registry.get(m.entity).kind == EntityKind::Outlet;
    // Most documents name no outlet: their lines are not read.
    if !mentions.iter().any(is_outlet) {
        return outlets;
    }
    // Mentions are sorted: each line's are the next run of them.
    let mut rest = &mentions[mentions.partition_point(|m| m.range.start < body.start)..];
    let mut offset = body.start;
    for line in text.get(body.clone()).unwrap_or("").split_inclusive('\n').take(12) {
        let range = offset..offset + line.trim_end().len();
        offset += line.len();
        let starting = rest.iter().take_while(|m| m.range.start < offset).count();
        let (in_line, after) = rest.split_at(starting);
        rest = after;
        let line_end = range.end;
        let mut on_line = in_line.iter().filter(move |m| m.range.end <= line_end).peekable();
        if on_line.peek().is_none() || !on_line.clone().all(is_outlet) {
            continue;
        }
        let covered: usize = on_line.clone().map(|m| m.range.len()).sum();
        let letters = text[range].chars().filter(|c| c.is_alphabetic()).count();
        // Mostly names: allow "et", "and", commas.
        if letters <= covered + 6 {
            for m in on_line {
                if !outlets.contains(&m.entity) {
                    outlets.push(m.entity);
                }
            }
        }
        if rest.is_empty() {
            break;
        }
    }
    outlets
}

/// The opening of the prose, about 280 bytes cut at a space, as written:
/// its line breaks and runs of spaces are folded when it is shown
/// (`DocFacts::snippet_line`), not for every document read (folding took
/// 2 % of extraction).
fn snippet(text: &str, body: Range<usize>) -> String {
    let body_text = text.get(body).unwrap_or("").trim_start();
    let mut end = body_text.len().min(280);
    while !body_text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = if end < body_text.len() { body_text[..end].rfind(' ').unwrap_or(end) } else { end };
    let mut s = String::with_capacity(cut + 3);
    s.push_str(body_text[..cut].trim_end());
    if cut < body_text.len() {
        s.push('…');
    }
    s
}

/// XXH3 over the bytes: stable across runs and platforms (cache keys), and
/// fast enough to check every file of a workspace at start (FNV-1a, one
/// byte at a time, took 3 % of extraction).
pub fn content_hash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// The cue matches of `all` (sorted, non-overlapping) that lie in `range`.
/// One binary search finds the first; the few that follow inside a
/// sentence are counted on from there (a second search cost more).
pub(crate) fn cues_in<'a, T>(all: &'a [CueMatch<T>], range: &Range<usize>) -> &'a [CueMatch<T>] {
    let start = all.partition_point(|m| m.range.start < range.start);
    let rest = &all[start..];
    let keep = rest.iter().take_while(|m| m.range.start < range.end && m.range.end <= range.end).count();
    &rest[..keep]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The outlets of a byline line count; an outlet named in prose, or on
    /// a line with more than names, does not.
    #[test]
    fn byline_outlets_are_those_of_a_line_of_names() {
        let extractor = Extractor::new(crate::knowledge::Knowledge::builtin());
        let names = |text: &str| -> Vec<String> {
            let facts = extractor.extract(Path::new("a.txt"), text, false);
            facts.outlets().iter().map(|&id| extractor.knowledge().registry.get(id).name.to_string()).collect()
        };
        assert_eq!(names("Apple choisit Alibaba\n\nATS, AWP et AFP\n\nApple a signé un accord, selon l'AFP.\n"), ["ATS", "AWP", "AFP"]);
        assert_eq!(names("Apple choisit Alibaba\n\nApple a signé un accord, selon l'AFP.\n"), Vec::<String>::new());
        assert_eq!(names("Apple choisit Alibaba\n\nAFP et Apple\n"), Vec::<String>::new());
    }

    proptest! {
        /// The cues found are those that lie in the range, for sorted,
        /// non-overlapping cues.
        #[test]
        fn cues_in_finds_the_cues_inside_the_range(gaps in prop::collection::vec((0usize..6, 1usize..6), 0..20), start in 0usize..80, len in 0usize..40) {
            let mut at = 0;
            let all: Vec<CueMatch<()>> = gaps.iter().map(|&(gap, width)| {
                at += gap;
                let cue = CueMatch { range: at..at + width, value: () };
                at += width;
                cue
            }).collect();
            let range = start..start + len;
            let expected: Vec<Range<usize>> = all.iter().filter(|m| range.start <= m.range.start && m.range.end <= range.end && m.range.start < range.end).map(|m| m.range.clone()).collect();
            let found: Vec<Range<usize>> = cues_in(&all, &range).iter().map(|m| m.range.clone()).collect();
            prop_assert_eq!(found, expected);
        }
    }
}
