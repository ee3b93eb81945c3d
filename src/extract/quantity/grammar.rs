//! The grammar of a quantity, read around an anchor (a digit, or a word that
//! may start a spelled number or a vague amount):
//!
//! ```text
//! quantity := [approx] [range-prefix] core [connector core]
//!           | vague-phrase scale [unit]
//! core     := [sign] [currency] number [scale] ["et demi"] [unit]
//! unit     := percent | currency (after a scale: ["de" | "of"] currency-word)
//! ```

use super::gate::{reach_back, Anchors};
use super::lexicon::{LangLexicon, RangeRule, Roles, Scale, ScaleForm, Spacing, Vague};
use super::numeral::{left_context, scan_numeral, skip_non_number, LeftContext};
use super::spelled::parse_spelled;
use super::text::{char_at, char_before, letters_end, next_tok, PhraseMatch, Tok};
use super::{Amount, Approx, Quantity, Unit};
use crate::lang::Lang;
use rust_decimal::Decimal;

/// One number with what binds to it: its own sign, scale and unit.
#[derive(Debug, Clone)]
struct Core {
    start: usize,
    end: usize,
    /// Signed, before the scale.
    number: Decimal,
    /// Size of the last written digit, before the scale.
    precision: Decimal,
    scale: Option<Decimal>,
    unit: Option<Unit>,
    /// The unit is a currency written before the number ("$10-12bn"), which
    /// carries over to the second end of a range.
    unit_before: bool,
    year_like: bool,
}

impl Core {
    fn scaled(&self, x: Decimal) -> Option<Decimal> {
        x.checked_mul(self.scale.unwrap_or(Decimal::ONE))
    }

    fn value(&self) -> Option<Decimal> {
        self.scaled(self.number)
    }

    fn scaled_precision(&self) -> Option<Decimal> {
        self.scaled(self.precision)
    }

    /// A bare year ("en 2024", "2025"): no quantity at all.
    fn is_year(&self) -> bool {
        self.year_like && self.scale.is_none() && self.unit.is_none()
    }
}

/// What the scanner does at an anchor.
pub(super) enum Step {
    Found(Quantity),
    /// Nothing here; resume at this byte.
    Skip(usize),
}

pub(super) struct Scanner<'a> {
    text: &'a str,
    lang: Lang,
    lex: &'a LangLexicon,
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str, lang: Lang, lex: &'a LangLexicon) -> Self {
        Scanner { text, lang, lex }
    }

    /// All quantities, left to right, none overlapping, read from
    /// `anchors` (see `gate`): digits always anchor, words as it says.
    pub fn find_all(&self, anchors: &Anchors) -> Vec<Quantity> {
        let bytes = self.text.as_bytes();
        // Near gate words: where the words that may start a quantity
        // before each gate word begin (ascending, as the gates are).
        let windows: Vec<usize> = match anchors {
            Anchors::NearGates(gates) => gates.iter().map(|&gate| reach_back(self.text, gate, self.lex.gate_reach)).collect(),
            Anchors::None | Anchors::Digits | Anchors::All => Vec::new(),
        };
        let mut next_gate = 0;
        let mut out = Vec::new();
        let mut i = 0;
        let mut floor = 0;
        while let Some(&b) = bytes.get(i) {
            let step = if b.is_ascii_digit() {
                self.at_digit(i, floor)
            } else {
                // From where words may anchor, as far as the next gate word.
                let words_from = match anchors {
                    Anchors::None | Anchors::Digits => None,
                    Anchors::All => Some(0),
                    Anchors::NearGates(gates) => {
                        while gates.get(next_gate).is_some_and(|&gate| gate < i) {
                            next_gate += 1;
                        }
                        windows.get(next_gate).copied()
                    }
                };
                match words_from {
                    Some(from) if i >= from && b.is_ascii_alphabetic() => self.at_word(i, floor),
                    Some(from) if i >= from => Step::Skip(next_interesting(bytes, i + 1)),
                    Some(from) => Step::Skip(next_digit(bytes, i + 1).min(from)),
                    None => Step::Skip(next_digit(bytes, i + 1)),
                }
            };
            match step {
                Step::Found(q) => {
                    i = q.range.end.max(i + 1);
                    floor = q.range.end;
                    out.push(q);
                }
                Step::Skip(next) => i = next.max(i + 1),
            }
        }
        out
    }

    // -----------------------------------------------------------------------
    // Anchors.

    fn at_digit(&self, d: usize, floor: usize) -> Step {
        if self.is_dash_date(d) {
            return Step::Skip(skip_non_number(self.text, d));
        }
        match self.digit_core(d, floor) {
            Ok(core) => self.complete(core, floor),
            Err(resume) => Step::Skip(resume),
        }
    }

    fn at_word(&self, w: usize, floor: usize) -> Step {
        let bytes = self.text.as_bytes();
        let mut end = w;
        while bytes.get(end).is_some_and(u8::is_ascii_alphabetic) {
            end += 1;
        }
        // The cheap look-up first: most words are no trigger.
        let roles = self.lex.triggers.roles(bytes.get(w..end).unwrap_or(&[]));
        let whole_word = || !char_before(self.text, w).is_some_and(char::is_alphanumeric) && !char_at(self.text, end).is_some_and(char::is_alphanumeric);
        if roles.is_empty() || !whole_word() {
            return Step::Skip(end);
        }
        if roles.has(Roles::VAGUE) {
            if let Some(q) = self.vague_at(w) {
                return Step::Found(q);
            }
        }
        let half = || roles.has(Roles::HALF).then(|| self.half_core(w)).flatten();
        let spelled = || roles.has(Roles::NUMBER).then(|| self.spelled_core(w)).flatten();
        match half().or_else(spelled) {
            Some(core) => self.complete(core, floor),
            None => Step::Skip(end),
        }
    }

    /// "2026-01-16", "16-01-2026": three dash-joined digit runs.
    fn is_dash_date(&self, d: usize) -> bool {
        let bytes = self.text.as_bytes();
        let mut p = d;
        for part in 0..3 {
            let start = p;
            while bytes.get(p).is_some_and(u8::is_ascii_digit) {
                p += 1;
            }
            if p == start {
                return false;
            }
            if part < 2 {
                if bytes.get(p) != Some(&b'-') {
                    return false;
                }
                p += 1;
            }
        }
        true
    }

    // -----------------------------------------------------------------------
    // Cores.

    /// The core whose first digit is at `d`; chars before `floor` belong to
    /// something already read. Err gives where to resume.
    fn digit_core(&self, d: usize, floor: usize) -> Result<Core, usize> {
        let text = self.text;
        let skip = || skip_non_number(text, d);
        let (mut start, negative) = match left_context(text, d, floor) {
            LeftContext::Glued => return Err(skip()),
            LeftContext::Free => (d, false),
            LeftContext::Sign { start, negative } => (start, negative),
        };
        let numeral = scan_numeral(text, d, self.lang).ok_or_else(skip)?;
        let mut core = Core {
            start,
            end: numeral.end,
            number: if negative { -numeral.value } else { numeral.value },
            precision: numeral.precision,
            scale: None,
            unit: None,
            unit_before: false,
            year_like: numeral.year_like && start == d,
        };
        if start == d {
            if let Some(m) = self.lex.currency_before.match_bwd(text, d, floor) {
                start = self.sign_before_currency(m.start, floor, &mut core);
                core.unit = Some(Unit::Currency(m.value.clone()));
                core.unit_before = true;
                core.year_like = false;
            }
        }
        core.start = start;
        self.glued_scale(&mut core).ok_or_else(skip)?;
        if char_at(text, core.end).is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return Err(skip());
        }
        self.scale_half_unit(&mut core);
        Ok(core)
    }

    /// "-$3bn": a minus before a currency sign.
    fn sign_before_currency(&self, at: usize, floor: usize, core: &mut Core) -> usize {
        let opens = |c: char| c.is_whitespace() || matches!(c, '(' | '[' | '«' | '"' | '“');
        match char_before(self.text, at) {
            Some(c @ ('-' | '−' | '–')) if at > floor => {
                let sign_at = at - c.len_utf8();
                if char_before(self.text, sign_at).is_none_or(opens) {
                    core.number = -core.number;
                    return sign_at;
                }
                at
            }
            _ => at,
        }
    }

    /// Letters glued to the digits must be a scale ("11.9bn", "3M€");
    /// anything else ("2e", "3G", "14h47", "4o") means no number. None then.
    fn glued_scale(&self, core: &mut Core) -> Option<()> {
        let letters = letters_end(self.text, core.end);
        if letters == core.end {
            return Some(());
        }
        let m = self.lex.scales.match_fwd(self.text, core.end)?;
        if !m.glued || m.end != letters || !self.scale_allowed(core, &m) {
            return None;
        }
        core.scale = Some(m.value.value);
        core.end = m.end;
        Some(())
    }

    /// Single-letter scales need a currency on either side ("£2m", "3 M€").
    fn scale_allowed(&self, core: &Core, m: &PhraseMatch<'_, Scale>) -> bool {
        match m.value.form {
            ScaleForm::Word | ScaleForm::Plural | ScaleForm::Abbrev => true,
            ScaleForm::Suffix => core.unit_before || self.lex.currency_after.match_fwd(self.text, m.end).is_some_and(|c| c.glued),
        }
    }

    /// After the number: a spaced scale, "et demi", then a unit.
    fn scale_half_unit(&self, core: &mut Core) {
        let Some(next) = next_tok(self.text, core.end) else {
            return;
        };
        if core.scale.is_none() {
            if let Some(m) = self.lex.scales.match_from(self.text, next) {
                if !m.glued && self.scale_allowed(core, &m) {
                    core.scale = Some(m.value.value);
                    core.end = m.end;
                }
            }
        }
        if core.scale.is_some() {
            if let Some(m) = self.lex.half_after.match_fwd(self.text, core.end) {
                let half = Decimal::new(5, 1);
                core.number = core.number.checked_add(half).unwrap_or(core.number);
                core.precision = core.precision.min(Decimal::new(1, 1));
                core.end = m.end;
            }
        }
        if core.unit.is_none() {
            if let Some((unit, end)) = self.unit_after(core.end, core.scale.is_some()) {
                core.unit = Some(unit);
                core.end = end;
            }
        }
    }

    /// A percent or currency after the number or its scale.
    fn unit_after(&self, pos: usize, scaled: bool) -> Option<(Unit, usize)> {
        let (lex, text) = (self.lex, self.text);
        let next = next_tok(text, pos)?;
        if let Some(m) = lex.percent.match_from(text, next) {
            return Some((m.value.clone(), m.end));
        }
        let currency = |m: PhraseMatch<'_, String>| (Unit::Currency(m.value.clone()), m.end);
        if let Some(m) = lex.currency_after.match_from(text, next) {
            return Some(currency(m));
        }
        if scaled {
            // "12 milliards de dollars", "billions of dollars"
            let via = lex.currency_connectors.match_from(text, next);
            if let Some(m) = via.and_then(|c| lex.currency_words.match_fwd(text, c.end)) {
                return Some(currency(m));
            }
        }
        lex.currency_words.match_from(text, next).map(currency)
    }

    /// "un demi-milliard", "half a billion".
    fn half_core(&self, w: usize) -> Option<Core> {
        let half = self.lex.half_before.match_fwd(self.text, w)?;
        let scale = self.word_scale_at(half.end)?;
        let mut core = Core {
            start: w,
            end: scale.end,
            number: Decimal::new(5, 1),
            precision: Decimal::new(1, 1),
            scale: Some(scale.value.value),
            unit: None,
            unit_before: false,
            year_like: false,
        };
        self.scale_half_unit(&mut core);
        Some(core)
    }

    /// A scale written as a word or abbreviation, spaced from what precedes.
    fn word_scale_at(&self, pos: usize) -> Option<PhraseMatch<'_, Scale>> {
        self.lex.scales.match_fwd(self.text, pos).filter(|m| !m.glued && m.value.form != ScaleForm::Suffix)
    }

    /// "deux milliards", "trois cents millions", "a billion", "deux".
    fn spelled_core(&self, w: usize) -> Option<Core> {
        let spelled = parse_spelled(self.text, w, &self.lex.numbers)?;
        let mut core = Core {
            start: w,
            end: spelled.end,
            number: Decimal::from(spelled.value),
            precision: power_of_ten_dividing(spelled.value),
            scale: None,
            unit: None,
            unit_before: false,
            year_like: false,
        };
        if spelled.article_only {
            // "un", "a", "one" are numbers only before a scale.
            let scale = self.word_scale_at(core.end)?;
            core.scale = Some(scale.value.value);
            core.end = scale.end;
        }
        self.scale_half_unit(&mut core);
        Some(core)
    }

    /// "plusieurs milliards", "des dizaines de milliards", "billions of dollars".
    fn vague_at(&self, w: usize) -> Option<Quantity> {
        let lex = self.lex;
        let phrased = lex.vague.match_fwd(self.text, w).and_then(|v| {
            let scale = self.word_scale_at(v.end)?;
            Some((v.value, scale))
        });
        let (vague, scale) = match phrased {
            Some(found) => found,
            None => {
                let vague = lex.bare_plural_vague.as_ref()?;
                let scale = lex.scales.match_fwd(self.text, w)?;
                if scale.value.form != ScaleForm::Plural || scale.start != w {
                    return None;
                }
                (vague, scale)
            }
        };
        self.vague_quantity(w, vague, scale)
    }

    fn vague_quantity(&self, w: usize, v: &Vague, scale: PhraseMatch<'_, Scale>) -> Option<Quantity> {
        let s = scale.value.value;
        let low = v.low.checked_mul(s)?;
        let high = v.high.checked_mul(s)?;
        let precision = v.step.checked_mul(s)?;
        let (unit, end) = match self.unit_after(scale.end, true) {
            Some((unit, end)) => (unit, end),
            None => (Unit::Count, scale.end),
        };
        Some(Quantity { range: w..end, amount: Amount::Between(low, high), unit, approx: Approx::Vague, precision, scaled: true, bare: false })
    }

    // -----------------------------------------------------------------------
    // Ranges, approximations, and the finished quantity.

    fn complete(&self, first: Core, floor: usize) -> Step {
        match self.range_after(&first, floor) {
            Some(range) => self.finish_range(range, floor),
            None => self.finish_single(first, floor),
        }
    }

    fn approx_before(&self, pos: usize, floor: usize) -> Option<PhraseMatch<'_, Approx>> {
        self.lex.approx.match_bwd(self.text, pos, floor)
    }

    fn finish_single(&self, core: Core, floor: usize) -> Step {
        if core.is_year() {
            return Step::Skip(core.end);
        }
        let (Some(value), Some(precision)) = (core.value(), core.scaled_precision()) else {
            return Step::Skip(core.end);
        };
        let approx = self.approx_before(core.start, floor);
        Step::Found(Quantity {
            range: approx.map_or(core.start, |m| m.start)..core.end,
            amount: Amount::Exact(value),
            bare: core.unit.is_none() && core.scale.is_none(),
            unit: core.unit.unwrap_or(Unit::Count),
            approx: approx.map_or(Approx::Exact, |m| *m.value),
            precision,
            scaled: core.scale.is_some(),
        })
    }

    /// "entre 10 et 12 milliards", "10-12 %", "$10-12bn", "from two to three billion".
    fn range_after(&self, first: &Core, floor: usize) -> Option<RangeParts> {
        let next = next_tok(self.text, first.end)?;
        self.lex.ranges.iter().find_map(|rule| self.range_with(rule, next, first, floor))
    }

    fn range_with(&self, rule: &RangeRule, next: Tok, first: &Core, floor: usize) -> Option<RangeParts> {
        let conn = rule.connector.match_from(self.text, next)?;
        let second = self.second_core(conn.end)?;
        let right_glued = second.start == conn.end;
        let spacing_ok = match rule.spacing {
            Spacing::Glued => conn.glued && right_glued,
            Spacing::Spaced => !conn.glued && !right_glued,
            Spacing::Any => true,
        };
        if !spacing_ok {
            return None;
        }
        // In "plus de 10 à 12", the "de" belongs to the approximation.
        let approx_first = self.approx_before(first.start, floor).is_some();
        let prefix = match &rule.prefix {
            Some(p) if rule.required || !approx_first => p.match_bwd(self.text, first.start, floor),
            _ => None,
        };
        if rule.required && prefix.is_none() {
            return None;
        }
        let (low, high) = merge_ends(first, &second)?;
        Some(RangeParts { start: prefix.map_or(first.start, |m| m.start), low, high })
    }

    /// The second end of a range, starting after the connector.
    fn second_core(&self, pos: usize) -> Option<Core> {
        let tok = next_tok(self.text, pos)?;
        let first = char_at(self.text, tok.start)?;
        if first.is_alphabetic() && self.lex.currency_before.match_fwd(self.text, pos).is_none() {
            return self.half_core(tok.start).or_else(|| self.spelled_core(tok.start));
        }
        let digit = self.first_digit_near(pos)?;
        self.digit_core(digit, pos).ok()
    }

    /// The digit that starts a number right after `pos`, past an optional
    /// sign or currency sign ("à -5", "and $12").
    fn first_digit_near(&self, pos: usize) -> Option<usize> {
        let mut p = pos;
        for _ in 0..3 {
            let tok = next_tok(self.text, p)?;
            if self.text.as_bytes().get(tok.start)?.is_ascii_digit() {
                return Some(tok.start);
            }
            let sign = matches!(char_at(self.text, tok.start)?, '-' | '−' | '–' | '+');
            let currency = self.lex.currency_before.match_fwd(self.text, p);
            p = match currency {
                Some(m) if m.start == tok.start => m.end,
                _ if sign => tok.end,
                _ => return None,
            };
        }
        None
    }

    fn finish_range(&self, r: RangeParts, floor: usize) -> Step {
        let end = r.high.end;
        let year = (r.low.year_like || r.high.year_like) && r.high.scale.is_none() && r.high.unit.is_none();
        if year {
            return Step::Skip(end);
        }
        let values = (r.low.value(), r.high.value());
        let precisions = (r.low.scaled_precision(), r.high.scaled_precision());
        let ((Some(a), Some(b)), (Some(pa), Some(pb))) = (values, precisions) else {
            return Step::Skip(end);
        };
        let approx = self.approx_before(r.start, floor);
        Step::Found(Quantity {
            range: approx.map_or(r.start, |m| m.start)..end,
            amount: Amount::Between(a.min(b), a.max(b)),
            bare: r.high.unit.is_none() && r.high.scale.is_none(),
            unit: r.high.unit.unwrap_or(Unit::Count),
            approx: approx.map_or(Approx::Exact, |m| *m.value),
            precision: pa.min(pb),
            scaled: r.high.scale.is_some(),
        })
    }
}

struct RangeParts {
    start: usize,
    low: Core,
    high: Core,
}

/// Share scale and unit between the ends of a range: "10-12 milliards"
/// scales both, "$10-12bn" prices both, "10 à 12 %" makes both percents.
/// None when the ends cannot be one interval ("3 % à 5 millions").
fn merge_ends(first: &Core, second: &Core) -> Option<(Core, Core)> {
    let (mut a, mut b) = (first.clone(), second.clone());
    match (&a.unit, &b.unit) {
        (Some(x), Some(y)) if x != y => return None,
        (Some(x), None) if a.unit_before => b.unit = Some(x.clone()),
        (Some(_), None) => return None,
        (None, Some(y)) => a.unit = Some(y.clone()),
        _ => {}
    }
    match (a.scale, b.scale) {
        (None, Some(s)) => a.scale = Some(s),
        (Some(_), None) => return None,
        _ => {}
    }
    Some((a, b))
}

/// "trois cents" was stated to the hundred: its precision is 100.
fn power_of_ten_dividing(value: u64) -> Decimal {
    let mut v = value;
    let mut p = Decimal::ONE;
    while v != 0 && v % 10 == 0 {
        v /= 10;
        p *= Decimal::TEN;
    }
    p
}

/// The next ASCII digit at or after `from`, else the end: where the next
/// digit anchor is.
fn next_digit(bytes: &[u8], from: usize) -> usize {
    crate::text::next_ascii_digit(bytes, from).unwrap_or(bytes.len())
}

fn next_interesting(bytes: &[u8], from: usize) -> usize {
    bytes.get(from..).and_then(|rest| rest.iter().position(u8::is_ascii_alphanumeric)).map_or(bytes.len(), |i| from + i)
}
