//! Numbers written with digits: thousands groups, decimal separators per
//! language, and the runs that look numeric but are not numbers (dates,
//! times, versions).

use super::text::{char_at, char_before, glued_run_end, is_apostrophe};
use crate::lang::Lang;
use rust_decimal::Decimal;

/// A number written with digits, before any scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Numeral {
    pub end: usize,
    pub value: Decimal,
    /// Size of the last written digit: 1 for "12", 0.1 for "1,5".
    pub precision: Decimal,
    /// Four digits between 1900 and 2100, nothing else: read as a year.
    pub year_like: bool,
}

/// What stands just before the first digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LeftContext {
    /// Nothing that binds: space, start, opening punctuation, a currency sign.
    Free,
    /// A sign that belongs to the number, starting at this byte.
    Sign { start: usize, negative: bool },
    /// Glued to a word or an identifier ("M2", "GPT-4", "v.2"): not a number.
    Glued,
}

/// Signs glued to a number; French typesetting also uses the en dash as a
/// minus ("–3 %").
fn is_sign(c: char) -> Option<bool> {
    match c {
        '-' | '−' | '–' => Some(true),
        '+' => Some(false),
        _ => None,
    }
}

fn opens(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | '[' | '{' | '«' | '"' | '“' | '‘' | ':' | ';') || is_apostrophe(c)
}

fn binds(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Classify what precedes a digit at `pos`; positions at or below
/// `boundary` count as free (the caller already consumed them).
pub(super) fn left_context(text: &str, pos: usize, boundary: usize) -> LeftContext {
    if pos <= boundary {
        return LeftContext::Free;
    }
    let Some(c) = char_before(text, pos) else {
        return LeftContext::Free;
    };
    let before = pos - c.len_utf8();
    if binds(c) {
        return LeftContext::Glued;
    }
    if let Some(negative) = is_sign(c) {
        return match char_before(text, before) {
            _ if before <= boundary => LeftContext::Sign { start: before, negative },
            None => LeftContext::Sign { start: before, negative },
            Some(b) if binds(b) => LeftContext::Glued,
            Some(b) if opens(b) => LeftContext::Sign { start: before, negative },
            Some(_) => LeftContext::Free,
        };
    }
    let joins_identifier = matches!(c, '.' | ',' | ':' | '/' | '\\' | '#' | '@' | '&' | '=' | '?' | '_');
    if joins_identifier && char_before(text, before).is_some_and(binds) {
        return LeftContext::Glued;
    }
    LeftContext::Free
}

fn is_group_sep(c: char, lang: Lang) -> bool {
    match lang {
        Lang::Fr => matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '.') || is_apostrophe(c),
        Lang::En => matches!(c, ',' | '\u{a0}' | '\u{202f}' | '\u{2009}'),
    }
}

/// Separators of one kind may group one number: all white space counts as
/// one kind ("1\u{a0}000 000" mixes NBSP and a space), all apostrophes too.
fn separator_kind(c: char) -> char {
    if c.is_whitespace() {
        ' '
    } else if is_apostrophe(c) {
        '\''
    } else {
        c
    }
}

fn is_decimal_sep(c: char, lang: Lang, grouped_with: Option<char>) -> bool {
    match lang {
        // "1,5" is French; "1.5" is tolerated when dots do not group.
        Lang::Fr => c == ',' || (c == '.' && grouped_with != Some('.')),
        Lang::En => c == '.',
    }
}

fn digit_at(bytes: &[u8], pos: usize) -> Option<u8> {
    bytes.get(pos).filter(|b| b.is_ascii_digit()).map(|b| b - b'0')
}

/// Exactly three digits at `pos`, not followed by a fourth.
fn is_group_of_three(bytes: &[u8], pos: usize) -> bool {
    (0..3).all(|i| digit_at(bytes, pos + i).is_some()) && digit_at(bytes, pos + 3).is_none()
}

/// Digits accumulated into an integer mantissa, refusing overflow.
#[derive(Default)]
struct Mantissa {
    value: u128,
    digits: u32,
}

impl Mantissa {
    fn push(&mut self, d: u8) -> Option<()> {
        self.value = self.value.checked_mul(10)?.checked_add(u128::from(d))?;
        self.digits += 1;
        Some(())
    }

    fn push_run(&mut self, bytes: &[u8], mut pos: usize) -> Option<usize> {
        while let Some(d) = digit_at(bytes, pos) {
            self.push(d)?;
            pos += 1;
        }
        Some(pos)
    }
}

/// Scan the number whose first digit is at `start`. None when the digits
/// belong to something else (a date, a time, a version, an overlong id):
/// the caller then skips the whole glued run.
pub(super) fn scan_numeral(text: &str, start: usize, lang: Lang) -> Option<Numeral> {
    let bytes = text.as_bytes();
    let mut m = Mantissa::default();
    let mut p = m.push_run(bytes, start)?;
    let int_digits = m.digits;
    let (p2, grouped_with) = scan_groups(text, p, int_digits, lang, &mut m)?;
    p = p2;
    let mut decimals = 0u32;
    if let Some(c) = char_at(text, p) {
        if is_decimal_sep(c, lang, grouped_with) && digit_at(bytes, p + c.len_utf8()).is_some() {
            let frac_start = p + c.len_utf8();
            let before = m.digits;
            p = m.push_run(bytes, frac_start)?;
            decimals = m.digits - before;
        }
    }
    if continues_as_non_number(text, p) {
        return None;
    }
    let value = Decimal::try_from_i128_with_scale(i128::try_from(m.value).ok()?, decimals).ok()?;
    let precision = Decimal::try_new(1, decimals).ok()?;
    let year_like = grouped_with.is_none() && decimals == 0 && int_digits == 4 && (1900..=2100).contains(&m.value);
    Some(Numeral { end: p, value, precision, year_like })
}

/// Thousands groups after the leading digits: one separator kind, groups of
/// exactly three digits, and a leading group of at most three.
fn scan_groups(text: &str, mut p: usize, int_digits: u32, lang: Lang, m: &mut Mantissa) -> Option<(usize, Option<char>)> {
    let bytes = text.as_bytes();
    let mut grouped_with: Option<char> = None;
    if int_digits > 3 {
        return Some((p, None));
    }
    while let Some(c) = char_at(text, p) {
        let same_sep = grouped_with.is_none_or(|g| g == separator_kind(c));
        let group = p + c.len_utf8();
        if !is_group_sep(c, lang) || !same_sep || !is_group_of_three(bytes, group) {
            break;
        }
        p = m.push_run(bytes, group)?;
        grouped_with = Some(separator_kind(c));
    }
    Some((p, grouped_with))
}

/// "16.01.2026", "13:37", "1/2", "1,5" in English: a separator then a digit
/// right after what we read means the run is not one number.
fn continues_as_non_number(text: &str, p: usize) -> bool {
    match char_at(text, p) {
        Some(c @ ('.' | ',' | ':' | '/')) => digit_at(text.as_bytes(), p + c.len_utf8()).is_some(),
        _ => false,
    }
}

/// Where to resume after digits that are not a number.
pub(super) fn skip_non_number(text: &str, start: usize) -> usize {
    glued_run_end(text, start).max(start + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, lang: Lang) -> Option<(String, &str)> {
        let n = scan_numeral(text, 0, lang)?;
        Some((n.value.normalize().to_string(), &text[..n.end]))
    }

    #[test]
    fn separators_follow_the_language() {
        assert_eq!(read("1,500 x", Lang::En), Some(("1500".into(), "1,500")));
        assert_eq!(read("1.5 x", Lang::En), Some(("1.5".into(), "1.5")));
        assert_eq!(read("1,5 x", Lang::Fr), Some(("1.5".into(), "1,5")));
        assert_eq!(read("1.500 x", Lang::Fr), Some(("1500".into(), "1.500")));
        assert_eq!(read("1 000 000", Lang::Fr), Some(("1000000".into(), "1 000 000")));
        assert_eq!(read("1\u{a0}000", Lang::En), Some(("1000".into(), "1\u{a0}000")));
        assert_eq!(read("1\u{202f}000,25", Lang::Fr), Some(("1000.25".into(), "1\u{202f}000,25")));
        assert_eq!(read("2024 300", Lang::Fr), Some(("2024".into(), "2024")));
        assert_eq!(read("1 0000", Lang::Fr), Some(("1".into(), "1")));
        assert_eq!(read("1 000.000", Lang::Fr).map(|r| r.0), Some("1000".into()));
    }

    #[test]
    fn dates_times_and_lists_are_not_numbers() {
        assert_eq!(read("13:37", Lang::Fr), None);
        assert_eq!(read("16.01.2026", Lang::Fr), None);
        assert_eq!(read("1,5", Lang::En), None);
        assert_eq!(read("1/2", Lang::En), None);
        assert_eq!(read("123456789012345678901234567890123", Lang::En), None);
    }

    #[test]
    fn left_context_tells_signs_from_hyphens() {
        assert_eq!(left_context("GPT-4", 4, 0), LeftContext::Glued);
        assert_eq!(left_context("M2", 1, 0), LeftContext::Glued);
        assert_eq!(left_context("de -3", 4, 0), LeftContext::Sign { start: 3, negative: true });
        assert_eq!(left_context("$3", 1, 0), LeftContext::Free);
        assert_eq!(left_context("x.com/3", 6, 0), LeftContext::Glued);
    }
}
