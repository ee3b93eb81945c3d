//! Quantities in French and English prose: "environ 12 milliards de dollars",
//! "$11.9bn", "15 %", "entre 10 et 12 milliards", "plusieurs milliards".
//!
//! Invariant: `find_quantities` returns, for any input, non-overlapping
//! quantities in text order whose byte ranges lie on char boundaries, with
//! amounts computed in exact decimals (never binary floats).
//!
//! The grammar (see `grammar`) is fixed in code; every word it knows (scales,
//! currencies, approximations, vague amounts, percent words, number words)
//! lives in data/quantities.toml. The scanner only stops at ASCII digits and
//! at the few ASCII words that may start a spelled number or a vague amount,
//! and reads the rest of an expression around that anchor.

mod format;
mod gate;
mod grammar;
mod lexicon;

pub use lexicon::builtin_fingerprint as lexicon_fingerprint;
mod numeral;
mod spelled;
mod text;

#[cfg(test)]
mod tests;

use crate::lang::Lang;
use rust_decimal::Decimal;
use std::ops::Range;

pub use format::{format_amount, format_quantity};
pub use gate::{anchors, Anchors};
pub use lexicon::QuantityLexicon;

/// How much: one value, or an inclusive interval with `low <= high`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Amount {
    // As strings, read back without `deserialize_any` (binary caches).
    Exact(#[serde(with = "rust_decimal::serde::str")] Decimal),
    Between(#[serde(with = "rust_decimal::serde::str")] Decimal, #[serde(with = "rust_decimal::serde::str")] Decimal),
}

/// Of what. Currencies are ISO 4217 codes (USD, EUR, GBP, CHF, CNY, JPY…).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Unit {
    Currency(String),
    Percent,
    PercentagePoints,
    Count,
}

/// The hedge the text puts on the amount. `Vague` is for amounts that are
/// not numbers at all ("plusieurs milliards", "tens of billions").
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Approx {
    Exact,
    About,
    MoreThan,
    AtLeast,
    LessThan,
    AtMost,
    Vague,
}

/// One quantity found in a text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Quantity {
    /// Byte range of the whole expression: approximation, range prefix,
    /// currency, number, scale, unit ("environ 12 milliards de dollars").
    pub range: Range<usize>,
    /// Fully scaled: "12 milliards" is 12000000000.
    pub amount: Amount,
    pub unit: Unit,
    pub approx: Approx,
    /// Size of the last stated digit, scaled: "11.9bn" → 100000000; for
    /// vague amounts, the size of their step ("des dizaines de milliards" →
    /// 10000000000).
    pub precision: Decimal,
    /// A scale word or suffix was present (milliard, million, bn, m, k…).
    pub scaled: bool,
    /// No unit, no scale, no percent: a plain number ("1 000", "deux").
    /// Callers drop these unless a noun follows.
    pub bare: bool,
}

/// All quantities of a sentence or paragraph, in order, non-overlapping.
pub fn find_quantities(text: &str, lang: Lang, lex: &QuantityLexicon) -> Vec<Quantity> {
    find_quantities_at(text, lang, lex, Anchors::All)
}

/// As `find_quantities`, reading only from `anchors` (`gate::anchors` tells
/// which a text needs; the result is the same).
pub fn find_quantities_at(text: &str, lang: Lang, lex: &QuantityLexicon, anchors: Anchors) -> Vec<Quantity> {
    match anchors {
        Anchors::None => Vec::new(),
        _ => grammar::Scanner::new(text, lang, lex.for_lang(lang)).find_all(&anchors),
    }
}
