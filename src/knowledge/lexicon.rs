//! The lexicons of `data/lexicon.toml`, compiled into cue sets once. Both
//! languages' cues are merged: articles quote each other across languages,
//! and each cue is distinctive enough to be read in either.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use crate::facts::{Cadence, PartnershipKind, Status};
use crate::lang::Lang;
use crate::text::cues::{CueIndex, CueIndexBuilder, Family};
use crate::text::phrases::WordTable;
use crate::text::sentences::Abbreviations;

const BUILTIN: &str = include_str!("../../data/lexicon.toml");

/// Which quantities a metric can describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitClass {
    Money,
    Percent,
    Count,
}

#[derive(Debug, Clone)]
pub struct MetricDef {
    pub id: String,
    pub label: String,
    pub units: Vec<UnitClass>,
}

/// A relative period word, resolved against the document's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelativePeriod {
    LastYear,
    ThisYear,
    NextYear,
    LastMonth,
    EndOfYear,
}

#[derive(Debug, Clone)]
pub struct Lexicon {
    /// One automaton for every family below.
    pub cues: CueIndex,
    pub partnership_status: Family<Status>,
    pub negations: Family<()>,
    pub partnership_kinds: Family<PartnershipKind>,
    pub rivalry: Family<()>,
    pub metrics: Vec<MetricDef>,
    /// Value: index into `metrics`.
    pub metric_cues: Family<usize>,
    pub cadence: Family<Cadence>,
    pub down: Family<()>,
    pub scope: Family<Arc<str>>,
    pub hedges: Family<()>,
    pub conditional: Conditional,
    pub attribution: Family<()>,
    pub speech: Family<()>,
    pub revision: Family<()>,
    pub certainty: Family<()>,
    pub forecast: Family<()>,
    /// Value: month number 1..=12.
    pub months: Family<u8>,
    pub relative_periods: Family<RelativePeriod>,
    pub anaphora: Family<()>,
    /// Function words, for language detection (of the document, and of a
    /// sentence quoted in the other language).
    pub stopwords: StopWords,
    pub abbreviations: Abbreviations,
    /// FNV-1a of the lexicon's TOML and of the quantity lexicon: part of
    /// the fact cache's key.
    pub fingerprint: u64,
}

type ByLang = BTreeMap<String, Vec<String>>;

#[derive(Deserialize)]
struct LexiconFile {
    partnership: PartnershipFile,
    metric: Vec<MetricFile>,
    cadence: BTreeMap<String, Vec<String>>,
    direction: BTreeMap<String, Vec<String>>,
    scope: BTreeMap<String, Vec<String>>,
    hedges: ByLang,
    conditional: ConditionalFile,
    attribution: ByLang,
    speech: ByLang,
    revision: ByLang,
    certainty: ByLang,
    forecast: ByLang,
    months: ByLang,
    relative_periods: BTreeMap<String, Vec<String>>,
    anaphora: ByLang,
    stopwords: ByLang,
    abbreviations: AbbreviationsFile,
}

#[derive(Deserialize)]
struct PartnershipFile {
    confirmed: ByLang,
    negotiating: ByLang,
    considered: ByLang,
    rejected: ByLang,
    ended: ByLang,
    negations: ByLang,
    kinds: BTreeMap<String, Vec<String>>,
    rivalry: ByLang,
}

#[derive(Deserialize)]
struct MetricFile {
    id: String,
    label: String,
    units: Vec<String>,
    #[serde(default)]
    fr: Vec<String>,
    #[serde(default)]
    en: Vec<String>,
}

#[derive(Deserialize)]
struct ConditionalFile {
    fr_endings: Vec<String>,
    fr_words: Vec<String>,
    fr_exceptions: Vec<String>,
}

#[derive(Deserialize)]
struct AbbreviationsFile {
    words: Vec<String>,
}

fn all_words(by_lang: &ByLang) -> impl Iterator<Item = &str> {
    by_lang.values().flatten().map(String::as_str)
}

fn unit_only(builder: &mut CueIndexBuilder, by_lang: &ByLang) -> Family<()> {
    builder.family(all_words(by_lang).map(|w| (w, ())))
}

impl Lexicon {
    pub fn builtin() -> Arc<Lexicon> {
        static LEXICON: OnceLock<Arc<Lexicon>> = OnceLock::new();
        LEXICON.get_or_init(|| Arc::new(Lexicon::from_toml(BUILTIN).expect("data/lexicon.toml is valid (checked by tests)"))).clone()
    }

    pub fn from_toml(text: &str) -> Result<Lexicon, String> {
        let file: LexiconFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let p = &file.partnership;
        let statuses = [
            (&p.confirmed, Status::Confirmed),
            (&p.negotiating, Status::Negotiating),
            (&p.considered, Status::Considered),
            (&p.rejected, Status::Rejected),
            (&p.ended, Status::Ended),
        ];
        let mut b = CueIndexBuilder::default();
        let partnership_status = b.family(statuses.iter().flat_map(|(words, status)| all_words(words).map(move |w| (w, *status))));

        let mut kinds = Vec::new();
        for (kind, words) in &p.kinds {
            let kind = PartnershipKind::parse(kind).ok_or_else(|| format!("unknown partnership kind `{kind}`"))?;
            kinds.extend(words.iter().map(|w| (w.as_str(), kind)));
        }

        let mut metrics = Vec::new();
        let mut metric_cues = Vec::new();
        for (index, m) in file.metric.iter().enumerate() {
            let units = m.units.iter().map(|u| parse_unit_class(u)).collect::<Result<Vec<_>, _>>()?;
            metrics.push(MetricDef { id: m.id.clone(), label: m.label.clone(), units });
            metric_cues.extend(m.fr.iter().chain(&m.en).map(|w| (w.as_str(), index)));
        }

        let mut cadences = Vec::new();
        for (cadence, words) in &file.cadence {
            let cadence = Cadence::parse(cadence).ok_or_else(|| format!("unknown cadence `{cadence}`"))?;
            cadences.extend(words.iter().map(|w| (w.as_str(), cadence)));
        }

        let mut scopes = Vec::new();
        for (scope, words) in &file.scope {
            let scope: Arc<str> = Arc::from(scope.as_str());
            scopes.extend(words.iter().map(|w| (w.as_str(), scope.clone())));
        }

        let mut months = Vec::new();
        for names in file.months.values() {
            if names.len() != 12 {
                return Err("each [months] list needs twelve names".to_string());
            }
            months.extend(names.iter().enumerate().map(|(i, w)| (w.as_str(), i as u8 + 1)));
        }

        let mut relative = Vec::new();
        for (name, words) in &file.relative_periods {
            let period = match name.as_str() {
                "last_year" => RelativePeriod::LastYear,
                "this_year" => RelativePeriod::ThisYear,
                "next_year" => RelativePeriod::NextYear,
                "last_month" => RelativePeriod::LastMonth,
                "end_of_year" => RelativePeriod::EndOfYear,
                other => return Err(format!("unknown relative period `{other}`")),
            };
            relative.extend(words.iter().map(|w| (w.as_str(), period)));
        }

        let mut stopwords = Vec::new();
        for (lang, words) in &file.stopwords {
            let lang = Lang::parse(lang).ok_or_else(|| format!("unknown language `{lang}`"))?;
            stopwords.extend(words.iter().map(|w| (w.as_str(), lang)));
        }

        Ok(Lexicon {
            partnership_status,
            negations: unit_only(&mut b, &p.negations),
            partnership_kinds: b.family(kinds),
            rivalry: unit_only(&mut b, &p.rivalry),
            metrics,
            metric_cues: b.family(metric_cues),
            cadence: b.family(cadences),
            down: b.family(file.direction.get("down").into_iter().flatten().map(|w| (w.as_str(), ()))),
            scope: b.family(scopes),
            hedges: unit_only(&mut b, &file.hedges),
            conditional: Conditional::new(file.conditional.fr_words, file.conditional.fr_endings, file.conditional.fr_exceptions),
            attribution: unit_only(&mut b, &file.attribution),
            speech: unit_only(&mut b, &file.speech),
            revision: unit_only(&mut b, &file.revision),
            certainty: unit_only(&mut b, &file.certainty),
            forecast: unit_only(&mut b, &file.forecast),
            months: b.family(months),
            relative_periods: b.family(relative),
            anaphora: unit_only(&mut b, &file.anaphora),
            stopwords: StopWords::new(stopwords)?,
            abbreviations: Abbreviations::new(file.abbreviations.words),
            fingerprint: crate::extract::content_hash(text) ^ crate::extract::quantity::lexicon_fingerprint().rotate_left(1),
            // Last: every family above has been added (fields evaluate in
            // the order written).
            cues: b.build(),
        })
    }

    /// Matches of one family in `lowered`, alone (tests, small texts).
    pub fn find<T: Clone>(&self, family: &Family<T>, lowered: &str) -> Vec<crate::text::cues::CueMatch<T>> {
        family.find_all(&self.cues, lowered)
    }

    pub fn metric(&self, id: &str) -> Option<&MetricDef> {
        self.metrics.iter().find(|m| m.id == id)
    }

    pub fn metric_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.metric(id).map(|m| m.label.as_str()).unwrap_or(id)
    }

    /// True for a French conditional verb form ("aurait", "opérerait").
    pub fn is_conditional(&self, lowered_word: &str) -> bool {
        self.conditional.matches(lowered_word)
    }
}

/// French conditional verbs ("aurait", "opérerait"): listed words, and
/// words longer than five letters with a listed ending, but for listed
/// exceptions ("portrait" is no verb).
#[derive(Debug, Clone, Default)]
pub struct Conditional {
    words: Vec<String>,
    endings: Vec<String>,
    exceptions: Vec<String>,
    /// The last `TAIL` bytes of every word and ending ("ait", "ent"): most
    /// words of a sentence end otherwise and are turned away at once. None
    /// when some word or ending is shorter.
    tails: Option<Vec<[u8; Conditional::TAIL]>>,
}

impl Conditional {
    const TAIL: usize = 3;

    fn new(words: Vec<String>, endings: Vec<String>, exceptions: Vec<String>) -> Conditional {
        let tails = words.iter().chain(&endings).map(|w| w.as_bytes().last_chunk::<{ Conditional::TAIL }>().copied()).collect::<Option<Vec<_>>>();
        let tails = tails.map(|mut t| {
            t.sort();
            t.dedup();
            t
        });
        Conditional { words, endings, exceptions, tails }
    }

    fn matches(&self, lowered_word: &str) -> bool {
        if let Some(tails) = &self.tails {
            let ends_like_one = lowered_word.as_bytes().last_chunk::<{ Conditional::TAIL }>().is_some_and(|t| tails.contains(t));
            if !ends_like_one {
                return false;
            }
        }
        if self.words.iter().any(|w| w == lowered_word) {
            return true;
        }
        if lowered_word.chars().count() <= 5 || self.exceptions.iter().any(|w| w == lowered_word) {
            return false;
        }
        self.endings.iter().any(|e| lowered_word.ends_with(e.as_str()))
    }
}

fn parse_unit_class(word: &str) -> Result<UnitClass, String> {
    match word {
        "money" => Ok(UnitClass::Money),
        "percent" => Ok(UnitClass::Percent),
        "count" => Ok(UnitClass::Count),
        other => Err(format!("unknown unit class `{other}`")),
    }
}

/// Function words and their language, as whole words: extraction counts
/// them where it needs a language (a document's opening, a sentence that
/// states a figure).
#[derive(Debug, Clone, Default)]
pub struct StopWords {
    table: WordTable<Lang>,
}

impl StopWords {
    /// Each word lowercased; an error names one that is not a single word.
    fn new<'a>(words: impl IntoIterator<Item = (&'a str, Lang)>) -> Result<StopWords, String> {
        let mut words: Vec<(String, Lang)> = words.into_iter().map(|(w, lang)| (w.trim().to_lowercase(), lang)).filter(|(w, _)| !w.is_empty()).collect();
        // A word listed for two languages counts for the first in order.
        words.sort();
        words.dedup_by(|a, b| a.0 == b.0);
        let table = WordTable::new(words).map_err(|word| format!("[stopwords]: `{word}` is not a single word"))?;
        Ok(StopWords { table })
    }

    /// Every function word, lowercase, with its language.
    pub fn table(&self) -> &WordTable<Lang> {
        &self.table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_parses() {
        let lexicon = Lexicon::builtin();
        assert!(lexicon.metric("market_share").is_some());
        assert!(lexicon.is_conditional("aurait"));
        assert!(lexicon.is_conditional("opérerait"));
        assert!(lexicon.is_conditional("utiliserait"));
        assert!(lexicon.is_conditional("prendrait"));
        assert!(!lexicon.is_conditional("portrait"));
        assert!(!lexicon.is_conditional("déclarait"));
        assert!(!lexicon.is_conditional("montrait"));
    }
}
