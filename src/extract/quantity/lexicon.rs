//! The quantity lexicon: data/quantities.toml, checked and compiled into
//! phrase sets per language.

use super::text::PhraseSet;
use super::{Approx, Unit};
use crate::lang::Lang;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::OnceLock;

const BUILTIN_TOML: &str = include_str!("../../../data/quantities.toml");

/// FNV-1a of the built-in quantity lexicon (part of cache keys).
pub fn builtin_fingerprint() -> u64 {
    crate::extract::content_hash(BUILTIN_TOML)
}

// ---------------------------------------------------------------------------
// The file as written.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    numbers: PerLang<RawNumbers>,
    half: PerLang<RawHalf>,
    #[serde(default)]
    scales: Vec<RawScale>,
    #[serde(default)]
    vague: Vec<RawVague>,
    #[serde(default)]
    approx: BTreeMap<String, RawApprox>,
    #[serde(default)]
    ranges: Vec<RawRange>,
    #[serde(default)]
    percent: BTreeMap<String, RawPercent>,
    #[serde(default)]
    currency_connectors: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    currencies: Vec<RawCurrency>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PerLang<T> {
    fr: T,
    en: T,
}

impl<T> PerLang<T> {
    fn get(&self, lang: Lang) -> &T {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNumbers {
    words: BTreeMap<String, u32>,
    #[serde(default)]
    hundreds: Vec<String>,
    #[serde(default)]
    thousands: Vec<String>,
    #[serde(default)]
    joiners: Vec<String>,
    #[serde(default)]
    article_like: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHalf {
    #[serde(default)]
    before: Vec<String>,
    #[serde(default)]
    after: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScale {
    lang: String,
    value: String,
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    plurals: Vec<String>,
    #[serde(default)]
    abbrevs: Vec<String>,
    #[serde(default)]
    suffixes: Vec<String>,
    #[serde(default)]
    display: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVague {
    lang: String,
    phrases: Vec<String>,
    low: String,
    high: String,
    #[serde(default)]
    step: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawApprox {
    #[serde(default)]
    about: Vec<String>,
    #[serde(default)]
    more_than: Vec<String>,
    #[serde(default)]
    at_least: Vec<String>,
    #[serde(default)]
    less_than: Vec<String>,
    #[serde(default)]
    at_most: Vec<String>,
}

impl RawApprox {
    fn lists(&self) -> [(Approx, &Vec<String>); 5] {
        [
            (Approx::About, &self.about),
            (Approx::MoreThan, &self.more_than),
            (Approx::AtLeast, &self.at_least),
            (Approx::LessThan, &self.less_than),
            (Approx::AtMost, &self.at_most),
        ]
    }
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug, Default)]
#[serde(rename_all = "lowercase")]
pub(super) enum Spacing {
    Glued,
    Spaced,
    #[default]
    Any,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRange {
    lang: String,
    #[serde(default)]
    prefix: Option<String>,
    connector: String,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    spacing: Spacing,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPercent {
    #[serde(default)]
    percent: Vec<String>,
    #[serde(default)]
    points: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCurrency {
    code: String,
    #[serde(default)]
    before: Vec<String>,
    #[serde(default)]
    after: Vec<String>,
    #[serde(default)]
    words: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    fr_name: Option<String>,
    #[serde(default)]
    fr_of: Option<String>,
}

// ---------------------------------------------------------------------------
// The compiled lexicon.

/// How a scale was written; decides where it may stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ScaleForm {
    Word,
    Plural,
    Abbrev,
    /// A single letter: only with a currency on either side.
    Suffix,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Scale {
    pub value: Decimal,
    pub form: ScaleForm,
}

#[derive(Debug, Clone)]
pub(super) struct Vague {
    pub low: Decimal,
    pub high: Decimal,
    pub step: Decimal,
    /// The phrase as written, for formatting ("plusieurs", "a few").
    pub phrase: String,
}

#[derive(Debug, Clone)]
pub(super) struct RangeRule {
    pub prefix: Option<PhraseSet<()>>,
    pub prefix_text: Option<String>,
    pub connector: PhraseSet<()>,
    pub connector_text: String,
    pub required: bool,
    pub spacing: Spacing,
}

/// Number words of one language.
#[derive(Debug, Default)]
pub(super) struct NumberWords {
    pub words: PhraseSet<u64>,
    pub hundreds: PhraseSet<()>,
    pub thousands: PhraseSet<()>,
    pub joiners: PhraseSet<()>,
    pub article_like: PhraseSet<()>,
}

/// What a trigger word may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Roles(u8);

impl Roles {
    pub const NUMBER: Roles = Roles(1);
    pub const HALF: Roles = Roles(2);
    pub const VAGUE: Roles = Roles(4);

    pub fn has(self, role: Roles) -> bool {
        self.0 & role.0 != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// ASCII words that may start a spelled number or a vague amount, packed
/// into integers for a fast look-up from the scanner's hot loop.
#[derive(Debug, Default)]
pub(super) struct Triggers {
    keys: Vec<(u128, Roles)>,
    /// Bit `letter` of `first_letters[len]` is set when some trigger of
    /// `len` bytes starts with `letter`: rejects nearly every word at once.
    first_letters: [u32; Triggers::MAX_LEN + 1],
}

impl Triggers {
    const MAX_LEN: usize = 16;

    fn pack(word: &[u8]) -> Option<u128> {
        if word.is_empty() || word.len() > Self::MAX_LEN {
            return None;
        }
        let mut key = 0u128;
        for &b in word {
            if !b.is_ascii_alphabetic() {
                return None;
            }
            key = (key << 8) | u128::from(b.to_ascii_lowercase());
        }
        Some(key)
    }

    fn insert(&mut self, word: &str, role: Roles) -> Result<(), String> {
        let key =
            Self::pack(word.as_bytes()).ok_or_else(|| format!("{word:?} starts a spelled number or vague amount, so it must be ASCII letters (at most 16)"))?;
        match self.keys.binary_search_by_key(&key, |(k, _)| *k) {
            Ok(at) => {
                if let Some((_, roles)) = self.keys.get_mut(at) {
                    roles.0 |= role.0;
                }
            }
            Err(at) => self.keys.insert(at, (key, role)),
        }
        if let (Some(&b), Some(mask)) = (word.as_bytes().first(), self.first_letters.get_mut(word.len())) {
            *mask |= 1 << (b.to_ascii_lowercase() - b'a');
        }
        Ok(())
    }

    /// What this ASCII word (any case) may start; empty for most words.
    pub fn roles(&self, word: &[u8]) -> Roles {
        let Some(&first) = word.first() else {
            return Roles::default();
        };
        let mask = self.first_letters.get(word.len()).copied().unwrap_or(0);
        if !first.is_ascii_alphabetic() || mask & (1 << (first.to_ascii_lowercase() - b'a')) == 0 {
            return Roles::default();
        }
        Self::pack(word)
            .and_then(|key| self.keys.binary_search_by_key(&key, |(k, _)| *k).ok())
            .and_then(|at| self.keys.get(at))
            .map_or(Roles::default(), |(_, roles)| *roles)
    }
}

/// A scale as format_quantity prints it.
#[derive(Debug, Clone)]
pub(super) struct DisplayScale {
    pub value: Decimal,
    pub singular: String,
    pub plural: String,
}

/// Everything the grammar needs for one language.
#[derive(Debug, Default)]
pub(super) struct LangLexicon {
    pub numbers: NumberWords,
    pub half_before: PhraseSet<()>,
    pub half_after: PhraseSet<()>,
    pub scales: PhraseSet<Scale>,
    pub vague: PhraseSet<Vague>,
    /// The vague amount written as a plural scale alone ("billions of").
    pub bare_plural_vague: Option<Vague>,
    pub approx: PhraseSet<Approx>,
    pub ranges: Vec<RangeRule>,
    pub percent: PhraseSet<Unit>,
    pub currency_before: PhraseSet<String>,
    pub currency_after: PhraseSet<String>,
    pub currency_words: PhraseSet<String>,
    pub currency_connectors: PhraseSet<()>,
    pub triggers: Triggers,
    /// How many words before a gate word (`QuantityLexicon::gate_words`) a
    /// quantity that starts at a word may start: the most words of a phrase
    /// that comes before a scale or a number word without being one (an
    /// article, "une dizaine d'", "half a"). See `gate`.
    pub gate_reach: usize,
    pub display_scales: Vec<DisplayScale>,
    /// Every scale written as a word, for printing vague amounts.
    pub word_scales: Vec<DisplayScale>,
    pub approx_display: Vec<(Approx, String)>,
    pub vague_display: Vec<Vague>,
    pub points_display: Option<String>,
}

#[derive(Debug, Clone)]
pub(super) struct CurrencyNames {
    pub code: String,
    pub fr_name: Option<String>,
    pub fr_of: Option<String>,
}

/// The quantity lexicon, compiled for both languages.
#[derive(Debug)]
pub struct QuantityLexicon {
    fr: LangLexicon,
    en: LangLexicon,
    currencies: Vec<CurrencyNames>,
}

impl QuantityLexicon {
    /// The lexicon shipped in data/quantities.toml, parsed once.
    pub fn builtin() -> &'static QuantityLexicon {
        static BUILTIN: OnceLock<QuantityLexicon> = OnceLock::new();
        BUILTIN.get_or_init(|| match QuantityLexicon::from_toml(BUILTIN_TOML) {
            Ok(lex) => lex,
            // The file is compiled in and covered by tests: a broken one is a
            // build defect, not a user input.
            Err(e) => panic!("data/quantities.toml is invalid: {e}"),
        })
    }

    pub fn from_toml(text: &str) -> Result<QuantityLexicon, String> {
        let raw: RawLexicon = toml::from_str(text).map_err(|e| e.to_string())?;
        let currencies = raw.currencies.iter().map(|c| CurrencyNames { code: c.code.clone(), fr_name: c.fr_name.clone(), fr_of: c.fr_of.clone() }).collect();
        Ok(QuantityLexicon { fr: compile(&raw, Lang::Fr)?, en: compile(&raw, Lang::En)?, currencies })
    }

    pub(super) fn for_lang(&self, lang: Lang) -> &LangLexicon {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }

    pub(super) fn currency_names(&self, code: &str) -> Option<&CurrencyNames> {
        self.currencies.iter().find(|c| c.code == code)
    }

    /// Words, lowercase, without one of which a text holding no ASCII digit
    /// (and no `_`) holds no quantity, in either language: every quantity
    /// has a digit, a number word that is not only an article ("deux",
    /// "cent", "mille"), or a scale word ("un milliard", "plusieurs
    /// milliards", "demi-milliard", "billions of"). A text without them
    /// need not be scanned. None when some such word is not plain ASCII
    /// letters (or holds a `k`, which the Kelvin sign also lowercases to),
    /// since a whole-word search in a lowercased text could then miss it.
    pub fn gate_words(&self) -> Option<Vec<String>> {
        let mut words: Vec<String> = Vec::new();
        for lex in [&self.fr, &self.en] {
            let n = &lex.numbers;
            let firsts = n
                .words
                .first_tokens_not_in(&n.article_like)
                .chain(n.hundreds.first_tokens_where(|_| true))
                .chain(n.thousands.first_tokens_where(|_| true))
                .chain(lex.scales.first_tokens_where(|s| s.form != ScaleForm::Suffix));
            for first in firsts {
                // An elided first token ("d'") is found by its word.
                let word = first.trim_end_matches('\'').to_ascii_lowercase();
                if word.is_empty() || !word.bytes().all(|b| b.is_ascii_lowercase() && b != b'k') {
                    return None;
                }
                words.push(word);
            }
        }
        words.sort();
        words.dedup();
        Some(words)
    }

    /// ISO codes the lexicon knows, in file order.
    pub fn currency_codes(&self) -> impl Iterator<Item = &str> {
        self.currencies.iter().map(|c| c.code.as_str())
    }
}

fn applies(tag: &str, lang: Lang) -> Result<bool, String> {
    match tag {
        "any" => Ok(true),
        other => Lang::parse(other).map(|l| l == lang).ok_or_else(|| format!("unknown lang {other:?} (want fr, en or any)")),
    }
}

fn decimal(text: &str, what: &str) -> Result<Decimal, String> {
    Decimal::from_str(text.trim()).map_err(|e| format!("{what}: {text:?} is not a decimal ({e})"))
}

fn add_all<T: Clone>(set: &mut PhraseSet<T>, phrases: &[String], value: &T, exact: bool) -> Result<(), String> {
    phrases.iter().try_for_each(|p| set.add(p, value.clone(), exact))
}

fn compile(raw: &RawLexicon, lang: Lang) -> Result<LangLexicon, String> {
    let mut lex = LangLexicon { numbers: compile_numbers(raw.numbers.get(lang))?, ..LangLexicon::default() };
    let half = raw.half.get(lang);
    add_all(&mut lex.half_before, &half.before, &(), false)?;
    add_all(&mut lex.half_after, &half.after, &(), false)?;
    compile_scales(raw, lang, &mut lex)?;
    compile_vague(raw, lang, &mut lex)?;
    compile_approx(raw, lang, &mut lex)?;
    compile_ranges(raw, lang, &mut lex)?;
    compile_percent(raw, lang, &mut lex)?;
    compile_currencies(raw, lang, &mut lex)?;
    compile_triggers(&mut lex)?;
    let numbers = &lex.numbers;
    lex.gate_reach =
        [numbers.words.most_words(), numbers.hundreds.most_words(), numbers.thousands.most_words(), lex.half_before.most_words(), lex.vague.most_words()]
            .into_iter()
            .max()
            .unwrap_or(0);
    Ok(lex)
}

fn compile_numbers(raw: &RawNumbers) -> Result<NumberWords, String> {
    let mut n = NumberWords::default();
    for (word, &value) in &raw.words {
        n.words.add(word, u64::from(value), false)?;
    }
    add_all(&mut n.hundreds, &raw.hundreds, &(), false)?;
    add_all(&mut n.thousands, &raw.thousands, &(), false)?;
    add_all(&mut n.joiners, &raw.joiners, &(), false)?;
    add_all(&mut n.article_like, &raw.article_like, &(), false)?;
    Ok(n)
}

fn compile_scales(raw: &RawLexicon, lang: Lang, lex: &mut LangLexicon) -> Result<(), String> {
    for s in &raw.scales {
        if !applies(&s.lang, lang)? {
            continue;
        }
        let value = decimal(&s.value, "scale value")?;
        if value <= Decimal::ZERO {
            return Err(format!("scale value {value} must be positive"));
        }
        let forms = [
            (&s.words, ScaleForm::Word, false),
            (&s.plurals, ScaleForm::Plural, false),
            (&s.abbrevs, ScaleForm::Abbrev, false),
            (&s.suffixes, ScaleForm::Suffix, true),
        ];
        for (list, form, exact) in forms {
            add_all(&mut lex.scales, list, &Scale { value, form }, exact)?;
        }
        let printed = s.words.first().map(|singular| DisplayScale { value, singular: singular.clone(), plural: s.plurals.first().unwrap_or(singular).clone() });
        match printed {
            Some(p) if s.display => {
                lex.display_scales.push(p.clone());
                lex.word_scales.push(p);
            }
            Some(p) => lex.word_scales.push(p),
            None if s.display => return Err(format!("display scale {value} needs a word")),
            None => {}
        }
    }
    lex.display_scales.sort_by_key(|s| std::cmp::Reverse(s.value));
    Ok(())
}

fn compile_vague(raw: &RawLexicon, lang: Lang, lex: &mut LangLexicon) -> Result<(), String> {
    for v in &raw.vague {
        if !applies(&v.lang, lang)? {
            continue;
        }
        let low = decimal(&v.low, "vague low")?;
        let high = decimal(&v.high, "vague high")?;
        if low > high || low <= Decimal::ZERO {
            return Err(format!("vague bounds {low}..{high} must be positive and ordered"));
        }
        let step = match &v.step {
            Some(s) => decimal(s, "vague step")?,
            None => Decimal::ONE,
        };
        for phrase in &v.phrases {
            let entry = Vague { low, high, step, phrase: phrase.clone() };
            lex.vague_display.push(entry.clone());
            if phrase.trim().is_empty() {
                lex.bare_plural_vague = Some(entry);
            } else {
                lex.vague.add(phrase, entry, false)?;
            }
        }
    }
    Ok(())
}

fn compile_approx(raw: &RawLexicon, lang: Lang, lex: &mut LangLexicon) -> Result<(), String> {
    for (tag, table) in &raw.approx {
        if !applies(tag, lang)? {
            continue;
        }
        for (approx, list) in table.lists() {
            add_all(&mut lex.approx, list, &approx, false)?;
            // Only the language's own table names the printed form.
            if tag != "any" {
                if let Some(first) = list.first() {
                    lex.approx_display.push((approx, first.clone()));
                }
            }
        }
    }
    Ok(())
}

fn compile_ranges(raw: &RawLexicon, lang: Lang, lex: &mut LangLexicon) -> Result<(), String> {
    for r in &raw.ranges {
        if !applies(&r.lang, lang)? {
            continue;
        }
        let prefix = match &r.prefix {
            Some(p) => {
                let mut set = PhraseSet::default();
                set.add(p, (), false)?;
                Some(set)
            }
            None if r.required => return Err("a required range prefix is missing".into()),
            None => None,
        };
        let mut connector = PhraseSet::default();
        connector.add(&r.connector, (), false)?;
        lex.ranges.push(RangeRule {
            prefix,
            prefix_text: r.prefix.clone(),
            connector,
            connector_text: r.connector.clone(),
            required: r.required,
            spacing: r.spacing,
        });
    }
    Ok(())
}

fn compile_percent(raw: &RawLexicon, lang: Lang, lex: &mut LangLexicon) -> Result<(), String> {
    for (tag, table) in &raw.percent {
        if !applies(tag, lang)? {
            continue;
        }
        add_all(&mut lex.percent, &table.percent, &Unit::Percent, false)?;
        add_all(&mut lex.percent, &table.points, &Unit::PercentagePoints, false)?;
        if tag != "any" {
            lex.points_display = lex.points_display.take().or(table.points.first().cloned());
        }
    }
    Ok(())
}

fn compile_currencies(raw: &RawLexicon, lang: Lang, lex: &mut LangLexicon) -> Result<(), String> {
    for (tag, list) in &raw.currency_connectors {
        if applies(tag, lang)? {
            add_all(&mut lex.currency_connectors, list, &(), false)?;
        }
    }
    for c in &raw.currencies {
        if c.code.trim().is_empty() {
            return Err("a currency has an empty code".into());
        }
        add_all(&mut lex.currency_before, &c.before, &c.code, false)?;
        add_all(&mut lex.currency_after, &c.after, &c.code, false)?;
        for (tag, words) in &c.words {
            if applies(tag, lang)? {
                add_all(&mut lex.currency_words, words, &c.code, false)?;
            }
        }
    }
    Ok(())
}

fn compile_triggers(lex: &mut LangLexicon) -> Result<(), String> {
    let mut firsts: Vec<(String, Roles)> = Vec::new();
    let mut add = |words: &mut dyn Iterator<Item = &str>, role: Roles| {
        firsts.extend(words.map(|w| (w.to_owned(), role)));
    };
    let numbers = &lex.numbers;
    add(&mut numbers.words.first_tokens_where(|_| true), Roles::NUMBER);
    add(&mut numbers.hundreds.first_tokens_where(|_| true), Roles::NUMBER);
    add(&mut numbers.thousands.first_tokens_where(|_| true), Roles::NUMBER);
    add(&mut lex.half_before.first_tokens_where(|_| true), Roles::HALF);
    add(&mut lex.vague.first_tokens_where(|_| true), Roles::VAGUE);
    if lex.bare_plural_vague.is_some() {
        // "billions of …": a plural scale word alone starts a vague amount.
        let plurals = &mut lex.scales.first_tokens_where(|s| s.form == ScaleForm::Plural);
        add(plurals, Roles::VAGUE);
    }
    firsts.iter().try_for_each(|(word, role)| lex.triggers.insert(word, *role))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_loads() {
        let lex = QuantityLexicon::builtin();
        let fr = &lex.for_lang(Lang::Fr).triggers;
        assert_eq!(fr.roles(b"Plusieurs"), Roles::VAGUE);
        assert!(fr.roles(b"un").has(Roles::HALF) && fr.roles(b"un").has(Roles::NUMBER));
        assert!(lex.for_lang(Lang::En).triggers.roles(b"billions").has(Roles::VAGUE));
        assert!(lex.for_lang(Lang::En).triggers.roles(b"the").is_empty());
        assert_eq!(lex.currency_codes().next(), Some("USD"));
    }

    #[test]
    fn broken_lexicons_are_refused_with_a_reason() {
        let bad = BUILTIN_TOML.replace("value = \"1000000000\"", "value = \"lots\"");
        let err = QuantityLexicon::from_toml(&bad).unwrap_err();
        assert!(err.contains("not a decimal"), "{err}");
        assert!(QuantityLexicon::from_toml("numbers = 3").is_err());
    }
}
