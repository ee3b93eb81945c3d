//! Printing quantities. `format_quantity` writes text that `find_quantities`
//! reads back to the same amount, unit and approximation; `format_amount` is
//! the short form of hover cards.

use super::lexicon::{DisplayScale, LangLexicon, QuantityLexicon, Vague};
use super::{Amount, Approx, Quantity, Unit};
use crate::lang::Lang;
use rust_decimal::Decimal;

/// A mantissa with more decimals than this is printed in full digits
/// rather than with a scale word ("1.234 billion" but "1,234,567").
const MAX_SCALED_DECIMALS: u32 = 3;

/// Normalised print of a quantity, e.g. "about 12 billion USD",
/// "environ 12 milliards de dollars", "15 %", "between 2 and 9 billion USD".
pub fn format_quantity(q: &Quantity, lang: Lang) -> String {
    let lex = QuantityLexicon::builtin();
    let p = Printer { lang, l: lex.for_lang(lang), lex };
    if q.approx == Approx::Vague {
        if let Some(text) = p.vague(q) {
            return text;
        }
    }
    let body = match &q.amount {
        Amount::Exact(v) => p.exact(*v, &q.unit),
        Amount::Between(low, high) => p.between(*low, *high, &q.unit, q.approx),
    };
    match p.approx_word(q.approx) {
        Some(word) => format!("{word} {body}"),
        None => body,
    }
}

/// Short display for hover cards: "12 billion USD" / "12 milliards USD",
/// "15 %", "650 million", "2–9 billion USD".
pub fn format_amount(amount: &Amount, unit: &Unit, lang: Lang) -> String {
    let lex = QuantityLexicon::builtin();
    let p = Printer { lang, l: lex.for_lang(lang), lex };
    let body = match amount {
        Amount::Exact(v) => p.scaled_number(*v).0,
        Amount::Between(low, high) => {
            let (low, high, _) = p.range_ends(*low, *high);
            format!("{low}–{high}")
        }
    };
    let unit = match unit {
        Unit::Currency(code) => format!(" {code}"),
        other => p.unit_text(other, false),
    };
    format!("{body}{unit}")
}

struct Printer<'a> {
    lang: Lang,
    l: &'a LangLexicon,
    lex: &'a QuantityLexicon,
}

impl Printer<'_> {
    fn approx_word(&self, approx: Approx) -> Option<&str> {
        self.l.approx_display.iter().find(|(a, _)| *a == approx).map(|(_, w)| w.as_str())
    }

    fn exact(&self, v: Decimal, unit: &Unit) -> String {
        let (text, scaled) = self.scaled_number(v);
        format!("{text}{}", self.unit_text(unit, scaled))
    }

    /// "entre 2 et 9 milliards de dollars", "about 2 to 9 billion USD".
    fn between(&self, low: Decimal, high: Decimal, unit: &Unit, approx: Approx) -> String {
        let (low, high, scaled) = self.range_ends(low, high);
        let unit = self.unit_text(unit, scaled);
        let rules = &self.l.ranges;
        let with_prefix = rules.iter().find(|r| r.required);
        let plain = rules.iter().find(|r| !r.required && r.prefix.is_some());
        match (approx, with_prefix, plain) {
            (Approx::Exact, Some(r), _) => {
                let prefix = r.prefix_text.as_deref().unwrap_or_default();
                format!("{prefix} {low} {} {high}{unit}", r.connector_text)
            }
            (_, _, Some(r)) => format!("{low} {} {high}{unit}", r.connector_text),
            _ => format!("{low}–{high}{unit}"),
        }
    }

    /// Both ends of a range, sharing the scale word when they can
    /// ("2 à 9 milliards"), each with its own otherwise ("500 millions à
    /// 1 milliard"), or in full digits when one of them has none.
    fn range_ends(&self, low: Decimal, high: Decimal) -> (String, String, bool) {
        let hs = self.choose_scale(high);
        if let Some(s) = hs.1 {
            if let Some(m) = mantissa(low, s.value) {
                let high_text = self.with_scale(hs.0, Some(s));
                return (self.digits(m), high_text, true);
            }
        }
        let ls = self.choose_scale(low);
        if ls.1.is_some() == hs.1.is_some() {
            let scaled = hs.1.is_some();
            return (self.with_scale(ls.0, ls.1), self.with_scale(hs.0, hs.1), scaled);
        }
        (self.digits(low), self.digits(high), false)
    }

    /// The largest display scale that leaves a short mantissa.
    fn choose_scale(&self, v: Decimal) -> (Decimal, Option<&DisplayScale>) {
        self.l.display_scales.iter().filter(|s| v.abs() >= s.value).find_map(|s| mantissa(v, s.value).map(|m| (m, Some(s)))).unwrap_or((v, None))
    }

    fn scaled_number(&self, v: Decimal) -> (String, bool) {
        let (m, s) = self.choose_scale(v);
        (self.with_scale(m, s), s.is_some())
    }

    fn with_scale(&self, m: Decimal, scale: Option<&DisplayScale>) -> String {
        match scale {
            None => self.digits(m),
            Some(s) => format!("{} {}", self.digits(m), self.scale_word(s, m)),
        }
    }

    /// French puts the scale in the plural from 2 on ("1,5 milliard", "2
    /// milliards"); English never does after a number ("12 billion").
    fn scale_word<'s>(&self, s: &'s DisplayScale, m: Decimal) -> &'s str {
        match self.lang {
            Lang::Fr if m.abs() >= Decimal::TWO => &s.plural,
            _ => &s.singular,
        }
    }

    fn unit_text(&self, unit: &Unit, scaled: bool) -> String {
        match (unit, self.lang) {
            (Unit::Count, _) => String::new(),
            (Unit::Percent, Lang::Fr) => " %".into(),
            (Unit::Percent, Lang::En) => "%".into(),
            (Unit::PercentagePoints, _) => {
                format!(" {}", self.l.points_display.as_deref().unwrap_or("pp"))
            }
            (Unit::Currency(code), Lang::Fr) => {
                let names = self.lex.currency_names(code);
                let name = names.and_then(|n| if scaled { n.fr_of.as_deref() } else { n.fr_name.as_deref() });
                format!(" {}", name.unwrap_or(code))
            }
            (Unit::Currency(code), Lang::En) => format!(" {code}"),
        }
    }

    /// "plusieurs milliards de dollars", "tens of billions", "several billion USD".
    fn vague(&self, q: &Quantity) -> Option<String> {
        let Amount::Between(low, high) = q.amount else {
            return None;
        };
        let printable = |v: &&Vague| !v.phrase.ends_with(['\'', '’']);
        self.l.vague_display.iter().filter(printable).find_map(|v| {
            let s = self.l.word_scales.iter().find(|s| v.low.checked_mul(s.value) == Some(low) && v.high.checked_mul(s.value) == Some(high))?;
            let phrase = v.phrase.trim();
            // English says "several billion" but "tens of billions".
            let plural = self.lang == Lang::Fr || phrase.is_empty() || phrase.ends_with(" of");
            let word = if plural { &s.plural } else { &s.singular };
            let text = format!("{phrase} {word}{}", self.unit_text(&q.unit, true));
            Some(text.trim_start().to_owned())
        })
    }

    /// Digits with the language's separators: "1 234,5" / "1,234.5".
    fn digits(&self, v: Decimal) -> String {
        let (group, point) = match self.lang {
            Lang::Fr => (' ', ','),
            Lang::En => (',', '.'),
        };
        let v = v.normalize();
        let plain = v.abs().to_string();
        let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
        let mut out = String::with_capacity(plain.len() + plain.len() / 3 + 2);
        if v.is_sign_negative() && !v.is_zero() {
            out.push('-');
        }
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(group);
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push(point);
            out.push_str(frac);
        }
        out
    }
}

/// `v / scale` when it is short enough to print with the scale word.
fn mantissa(v: Decimal, scale: Decimal) -> Option<Decimal> {
    let m = v.checked_div(scale)?.normalize();
    (m.scale() <= MAX_SCALED_DECIMALS && (m.checked_mul(scale)? == v)).then_some(m)
}
