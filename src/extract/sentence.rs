//! What one sentence offers every extractor: its mentions, its cues, whether
//! it is hedged, who it is attributed to, its periods, and the entity it is
//! about when it only says "l'entreprise" or "elle".

use std::ops::Range;

use super::cues_in;
use super::periods::{find_periods, PeriodMention};
use super::quantity::{self, Anchors};
use crate::document::language::FunctionWords;
use crate::document::DocKind;
use crate::facts::{Attribution, Cadence, Date, EntityId, EntityKind, Mention, PartnershipKind, Period, Status};
use crate::knowledge::lexicon::RelativePeriod;
use crate::knowledge::{Lexicon, Registry};
use crate::text::cues::{CueHits, CueMatch};
use crate::text::Sentence;

/// Every cue of a document, found once over its whole lowercased text.
pub(crate) struct DocCues<'a> {
    pub status: Vec<CueMatch<Status>>,
    pub negations: Vec<CueMatch<()>>,
    pub kinds: Vec<CueMatch<PartnershipKind>>,
    pub rivalry: Vec<CueMatch<()>>,
    pub metrics: Vec<CueMatch<usize>>,
    pub cadence: Vec<CueMatch<Cadence>>,
    pub down: Vec<CueMatch<()>>,
    pub scope: Vec<CueMatch<std::sync::Arc<str>>>,
    pub hedges: Vec<CueMatch<()>>,
    pub attribution: Vec<CueMatch<()>>,
    pub speech: Vec<CueMatch<()>>,
    pub revision: Vec<CueMatch<()>>,
    pub certainty: Vec<CueMatch<()>>,
    pub forecast: Vec<CueMatch<()>>,
    pub months: Vec<CueMatch<u8>>,
    pub relative: Vec<CueMatch<RelativePeriod>>,
    pub anaphora: Vec<CueMatch<()>>,
    /// Where the quantity grammar's gate words are; None: no gate.
    pub quantity_words: Option<Vec<Range<usize>>>,
    pub function_words: FunctionWords<'a>,
}

impl<'a> DocCues<'a> {
    /// Each family's matches among a document's cue hits.
    pub fn from_hits(lexicon: &Lexicon, hits: &CueHits, quantity_words: Option<Vec<Range<usize>>>, function_words: FunctionWords<'a>) -> DocCues<'a> {
        DocCues {
            status: lexicon.partnership_status.matches(hits, 0),
            negations: lexicon.negations.matches(hits, 0),
            kinds: lexicon.partnership_kinds.matches(hits, 0),
            rivalry: lexicon.rivalry.matches(hits, 0),
            metrics: lexicon.metric_cues.matches(hits, 0),
            cadence: lexicon.cadence.matches(hits, 0),
            down: lexicon.down.matches(hits, 0),
            scope: lexicon.scope.matches(hits, 0),
            hedges: lexicon.hedges.matches(hits, 0),
            attribution: lexicon.attribution.matches(hits, 0),
            speech: lexicon.speech.matches(hits, 0),
            revision: lexicon.revision.matches(hits, 0),
            certainty: lexicon.certainty.matches(hits, 0),
            forecast: lexicon.forecast.matches(hits, 0),
            months: lexicon.months.matches(hits, 0),
            relative: lexicon.relative_periods.matches(hits, 0),
            anaphora: lexicon.anaphora.matches(hits, 0),
            quantity_words,
            function_words,
        }
    }
}

pub(crate) struct SentenceContext<'a> {
    pub text: &'a str,
    pub lowered: &'a str,
    pub range: Range<usize>,
    /// Mentions in this sentence, outside its attribution.
    pub mentions: Vec<&'a Mention>,
    pub cues: &'a DocCues<'a>,
    pub lexicon: &'a Lexicon,
    pub registry: &'a Registry,
    pub doc_date: Option<Date>,
    pub doc_kind: DocKind,
    pub doc_lang: crate::lang::Lang,
    /// A hedging phrase anywhere in the sentence ("selon une source").
    pub hedge_phrase: bool,
    /// A confirmation anywhere in the sentence cancels hedging.
    pub certain: bool,
    pub revises: bool,
    pub attribution: Option<Attribution>,
    /// Found on first use: most sentences state no figure.
    periods: std::cell::OnceCell<Vec<PeriodMention>>,
    /// The entity the sentence is about when it names none, or when it
    /// opens with "l'entreprise", "elle"…
    pub topic: Option<EntityId>,
    pub anaphoric_opening: bool,
}

impl<'a> SentenceContext<'a> {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        text: &'a str,
        lowered: &'a str,
        sentence: &Sentence,
        all_mentions: &'a [Mention],
        cues: &'a DocCues,
        lexicon: &'a Lexicon,
        registry: &'a Registry,
        meta: &crate::document::DocMeta,
        topic: Option<EntityId>,
    ) -> SentenceContext<'a> {
        let (doc_date, doc_kind, doc_lang) = (meta.date, meta.kind, meta.lang);
        let range = sentence.range.clone();
        // Mentions are sorted and do not overlap: slice by binary search.
        let first = all_mentions.partition_point(|m| m.range.start < range.start);
        let in_sentence: Vec<&Mention> = all_mentions[first..].iter().take_while(|m| m.range.start < range.end).filter(|m| m.range.end <= range.end).collect();
        let (attribution, source_clause) = find_attribution(text, &range, &in_sentence, cues, registry);
        // "selon Reuters" names a source, not a party; "Tencent reported"
        // names a speaker who may well be the subject.
        let mentions =
            in_sentence.into_iter().filter(|m| source_clause.as_ref().is_none_or(|a| !(a.start <= m.range.start && m.range.end <= a.end))).collect::<Vec<_>>();
        let certain = !cues_in(&cues.certainty, &range).is_empty();
        let hedge_phrase = !cues_in(&cues.hedges, &range).is_empty();
        let first_mention = mentions.first().map(|m| m.range.start).unwrap_or(range.end);
        let anaphoric_opening = cues_in(&cues.anaphora, &range).iter().any(|a| a.range.start < first_mention);
        SentenceContext {
            text,
            lowered,
            hedge_phrase,
            certain,
            revises: !cues_in(&cues.revision, &range).is_empty(),
            range,
            mentions,
            cues,
            lexicon,
            registry,
            doc_date,
            doc_kind,
            doc_lang,
            attribution,
            periods: std::cell::OnceCell::new(),
            topic,
            anaphoric_opening,
        }
    }

    pub fn cues<T>(&self, all: &'a [CueMatch<T>]) -> &'a [CueMatch<T>] {
        cues_in(all, &self.range)
    }

    /// The clause around `range`: out to the nearest , ; : ( ) « » " on
    /// each side, within the sentence.
    pub fn clause_around(&self, range: &Range<usize>) -> Range<usize> {
        // A clause reaches at most CLAUSE_REACH bytes either side: this is
        // called for every fact of a sentence, so the work stays linear in
        // a sentence's length.
        const CLAUSE_REACH: usize = 400;
        let mut from = self.range.start.max(range.start.saturating_sub(CLAUSE_REACH));
        while !self.text.is_char_boundary(from) {
            from += 1;
        }
        let mut to = self.range.end.min(range.end.saturating_add(CLAUSE_REACH)).max(range.end);
        while !self.text.is_char_boundary(to) {
            to -= 1;
        }
        let before = self.text.get(from..range.start).unwrap_or("");
        let after = self.text.get(range.end..to).unwrap_or("");
        // After the last break's last byte (« and » take two, — three).
        let start = (0..before.len()).rev().find(|&i| clause_break_ending_at(before.as_bytes(), i).is_some()).map_or(from, |i| from + i + 1);
        let end = (0..after.len()).find_map(|i| clause_break_ending_at(after.as_bytes(), i)).map_or(to, |i| range.end + i);
        start..end
    }

    /// A headline: a short line with no closing punctuation.
    pub fn is_headline(&self) -> bool {
        let sentence = self.text.get(self.range.clone()).unwrap_or("").trim_end();
        let closed = sentence.ends_with(['.', '!', '?', '…', '»', '"', '”', ')']);
        !closed && sentence.split_whitespace().count() <= 16
    }

    /// Whether what `range` states is hedged: a hedging phrase in the
    /// sentence, or a French conditional in its clause ("aurait opté"),
    /// unless the sentence reports a confirmation.
    pub fn hedged_at(&self, range: &Range<usize>) -> bool {
        if self.certain {
            return false;
        }
        self.hedge_phrase || has_conditional(self.lowered, &self.clause_around(range), self.lexicon)
    }

    /// Whether the clause of `range` speaks of a target or forecast.
    pub fn forecast_at(&self, range: &Range<usize>) -> bool {
        !cues_in(&self.cues.forecast, &self.clause_around(range)).is_empty()
    }

    /// Where the quantity grammar must read this sentence: from the gate
    /// words the document scan found in it (`quantity::anchors`).
    pub fn quantity_anchors(&self) -> Anchors {
        let Some(words) = &self.cues.quantity_words else { return Anchors::All };
        let first = words.partition_point(|w| w.start < self.range.start);
        let gates = words[first..].iter().take_while(|w| w.end <= self.range.end).map(|w| w.start - self.range.start).collect();
        quantity::anchors(self.text.get(self.range.clone()).unwrap_or(""), gates)
    }

    pub fn kind_of(&self, id: EntityId) -> EntityKind {
        self.registry.get(id).kind
    }

    /// Mentions that can act or be spoken of: not outlets.
    pub fn actors(&self) -> impl Iterator<Item = &&'a Mention> {
        self.mentions.iter().filter(|m| self.kind_of(m.entity) != EntityKind::Outlet)
    }

    /// The period nearest to `range`, else the document's default: the year
    /// of a dated source, unknown otherwise.
    pub fn period_near(&self, range: &Range<usize>) -> Period {
        let periods =
            self.periods.get_or_init(|| find_periods(self.text, self.lowered, self.range.clone(), &self.cues.months, &self.cues.relative, self.doc_date));
        let nearest = periods.iter().min_by_key(|p| distance(&p.range, range));
        match nearest {
            Some(p) => p.period.clone(),
            None => match (self.doc_kind, self.doc_date) {
                (DocKind::Source, Some(date)) => Period::year(date.year),
                _ => Period::Unknown,
            },
        }
    }

    /// The topic the next sentence inherits: this sentence's first actor
    /// (a person stands for their company), else the current topic. A first
    /// actor named as the object of a relation ("l'accord avec Coreweave")
    /// does not replace the topic.
    pub fn next_topic(&self) -> Option<EntityId> {
        if self.anaphoric_opening {
            return self.topic;
        }
        let Some(first) = self.actors().next() else { return self.topic };
        let in_object_position = self.topic.is_some() && self.cues(&self.cues.status).iter().any(|c| c.range.end <= first.range.start);
        if in_object_position {
            return self.topic;
        }
        Some(self.subject_entity(first.entity))
    }

    /// The entity a figure or relation is about: people stand for the
    /// company they work for.
    pub fn subject_entity(&self, id: EntityId) -> EntityId {
        let entity = self.registry.get(id);
        match (entity.kind, entity.affiliation) {
            (EntityKind::Person, Some(company)) => company,
            _ => id,
        }
    }

    /// True when `between` holds only list separators: ", ", " et ", " and ".
    pub fn is_coordination(&self, between: Range<usize>) -> bool {
        let gap = self.lowered.get(between).unwrap_or("x").trim();
        matches!(gap, "" | "," | "et" | "and" | "ou" | "or" | ", et" | ", and" | "&" | "/")
    }
}

/// Bytes between two ranges (0 when they touch or overlap).
pub(crate) fn distance(a: &Range<usize>, b: &Range<usize>) -> usize {
    b.start.saturating_sub(a.end).max(a.start.saturating_sub(b.end))
}

/// Where the clause break `, ; : ( ) « » " —` whose last byte is
/// `bytes[i]` starts, if one does (`bytes` starts on a char boundary).
/// Byte by byte: the same breaks, in the same order, as a search by chars,
/// without decoding every char around every fact.
fn clause_break_ending_at(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes.get(i)? {
        b',' | b';' | b':' | b'(' | b')' | b'"' => Some(i),
        // « and »: C2 AB, C2 BB.
        0xAB | 0xBB if i >= 1 && bytes[i - 1] == 0xC2 => Some(i - 1),
        // —: E2 80 94.
        0x94 if i >= 2 && bytes[i - 2] == 0xE2 && bytes[i - 1] == 0x80 => Some(i - 2),
        _ => None,
    }
}

fn has_conditional(lowered: &str, range: &Range<usize>, lexicon: &Lexicon) -> bool {
    // The clause's own words (a word cut by its start counts from there),
    // found by the block-wise word split rather than char by char.
    let clause = lowered.get(range.clone()).unwrap_or("");
    let mut found = false;
    crate::text::words::for_each_word(clause, 0..clause.len(), |start, end| {
        found = found || clause.get(start..end).is_some_and(|word| lexicon.is_conditional(word))
    });
    found
}

/// "selon Reuters", "d'après le Financial Times", "Joseph Tsai a confirmé",
/// "selon une source proche de la société". Also returns the range of a
/// "selon …" clause, whose mentions are sources rather than parties.
fn find_attribution(
    text: &str,
    range: &Range<usize>,
    mentions: &[&Mention],
    cues: &DocCues,
    registry: &Registry,
) -> (Option<Attribution>, Option<Range<usize>>) {
    // The first attribution cue decides.
    if let Some(cue) = cues_in(&cues.attribution, range).first() {
        let clause_end = clause_end(text, cue.range.end, range.end);
        let clause = cue.range.end..clause_end;
        let in_clause = mentions.iter().filter(|m| m.range.start >= clause.start && m.range.end <= clause.end);
        let best = in_clause.min_by_key(|m| (registry.get(m.entity).kind != EntityKind::Outlet, m.range.start));
        let words = text.get(clause.clone()).unwrap_or("").trim();
        let attribution = match best {
            Some(m) => Attribution { entity: Some(m.entity), text: text[m.range.clone()].to_string(), range: cue.range.start..m.range.end.max(cue.range.end) },
            None => Attribution { entity: None, text: words.to_string(), range: cue.range.start..clause_end },
        };
        let source_clause = attribution.range.clone();
        return (Some(attribution), Some(source_clause));
    }
    for cue in cues_in(&cues.speech, range) {
        let before = mentions.iter().rev().find(|m| m.range.end <= cue.range.start && text[m.range.end..cue.range.start].trim().is_empty());
        if let Some(m) = before {
            if registry.get(m.entity).kind != EntityKind::Product {
                return (Some(Attribution { entity: Some(m.entity), text: text[m.range.clone()].to_string(), range: m.range.start..cue.range.end }), None);
            }
        }
    }
    (None, None)
}

/// End of the clause starting at `from`: the next , ; : or the sentence end,
/// at most 90 bytes on.
fn clause_end(text: &str, from: usize, limit: usize) -> usize {
    let rest = text.get(from..limit).unwrap_or("");
    let mut end = rest.find([',', ';', ':', '.', '(', '«', '"']).unwrap_or(rest.len()).min(90);
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    from + end
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The byte-wise break search finds the breaks a search by chars
        /// finds, first and last.
        #[test]
        fn clause_breaks_are_those_of_a_char_search(text in "([a-z ,;:()\"«»—’éǫƫ]|\\PC){0,40}") {
            const BREAKS: [char; 9] = [',', ';', ':', '(', ')', '«', '»', '"', '—'];
            let bytes = text.as_bytes();
            let last = (0..bytes.len()).rev().find_map(|i| clause_break_ending_at(bytes, i));
            let first = (0..bytes.len()).find_map(|i| clause_break_ending_at(bytes, i));
            proptest::prop_assert_eq!(last, text.rfind(BREAKS));
            proptest::prop_assert_eq!(first, text.find(BREAKS));
        }
    }
}
