//! Time expressions in a sentence: years ("en 2024"), months with or without
//! a year ("juin 2025", "en mars"), quarters ("T3 2025", "Q4 2024"), year
//! parts ("fin 2024", "early 2025") and relative words ("l'année dernière"),
//! resolved against the document's date. Unresolvable ones are dropped.

use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

use crate::facts::{Date, Period};
use crate::knowledge::lexicon::RelativePeriod;
use crate::text::cues::CueMatch;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodMention {
    pub range: Range<usize>,
    pub period: Period,
}

const MONTHS_EN: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// Years from 1950 to 2099 standing alone: four digits with no ASCII
/// letter, digit or `_` on either side (as `\b` reads ASCII), in order.
fn years(sentence: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = sentence.as_bytes();
    let is_word = move |i: usize| bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    crate::text::ascii_digit_runs(bytes).filter(move |run| {
        let in_range = matches!(&bytes[run.clone()], [b'1', b'9', b'5'..=b'9', _] | [b'2', b'0', _, _]);
        in_range && !(run.start > 0 && is_word(run.start - 1)) && !is_word(run.end)
    })
}

/// Whether `lowered` may hold a quarter or a year part (the two patterns
/// below): it holds one of their words where a word starts, followed as
/// the pattern needs. The patterns ignore case the Unicode way, so the
/// rare chars that fold to ASCII letters (ſ, the Kelvin sign) always pass.
fn may_hold(lowered: &str, words: &[&str], then: impl Fn(Option<u8>) -> bool) -> bool {
    let bytes = lowered.as_bytes();
    if folds_to_ascii(bytes) {
        return true;
    }
    let starts_word = |at: usize| at == 0 || !bytes.get(at - 1).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    words.iter().any(|word| {
        let w = word.as_bytes();
        // Found by its first byte (most words here are short), then compared.
        memchr::memchr_iter(w[0], bytes).any(|at| bytes[at..].starts_with(w) && starts_word(at) && then(bytes.get(at + w.len()).copied()))
    })
}

/// ſ (0xC5 0xBF) and the Kelvin sign (0xE2 0x84 0xAA).
fn folds_to_ascii(bytes: &[u8]) -> bool {
    memchr::memchr2_iter(0xC5, 0xE2, bytes).any(|at| matches!(bytes.get(at..at + 2), Some([0xC5, 0xBF] | [0xE2, 0x84])))
}

/// What may follow the words of `YEAR_PART` before the year: a space
/// (maybe beyond ASCII), a hyphen, or the year itself.
fn part_word_then(next: Option<u8>) -> bool {
    next.is_some_and(|b| b.is_ascii_whitespace() || b >= 0x80 || b == b'-' || b == b'1' || b == b'2')
}

fn quarter_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)(?:[TQ]([1-4])|([1-4])(?:er|e|ème|st|nd|rd|th)\s+trimestre|(first|second|third|fourth)\s+quarter(?:\s+of)?|(premier|deuxième|second|troisième|quatrième)\s+trimestre)\s*(?:de\s+|d'|d’)?(19[5-9]\d|20\d\d)(?-u:\b)")
            .expect("static regex")
    })
}

fn year_part_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)(fin|début|mi|end|late|early|mid|the end|beginning)(?:\s+of|\s+de|\s+d'|\s+d’|-)?\s*(19[5-9]\d|20\d\d)(?-u:\b)")
            .expect("static regex")
    })
}

/// All periods stated in `text[range]`. `lowered` is the lowercase shadow;
/// `months` and `relative` are the document's cue matches.
pub fn find_periods(
    text: &str,
    lowered: &str,
    range: Range<usize>,
    months: &[CueMatch<u8>],
    relative: &[CueMatch<RelativePeriod>],
    doc_date: Option<Date>,
) -> Vec<PeriodMention> {
    periods_in(text, lowered, range, months, relative, doc_date, true)
}

/// `find_periods`; `gated`: the patterns run only where they may match
/// (false only to check that gating changes nothing).
fn periods_in(
    text: &str,
    lowered: &str,
    range: Range<usize>,
    months: &[CueMatch<u8>],
    relative: &[CueMatch<RelativePeriod>],
    doc_date: Option<Date>,
    gated: bool,
) -> Vec<PeriodMention> {
    let Some(sentence) = text.get(range.clone()) else {
        return Vec::new();
    };
    let base = range.start;
    let mut found: Vec<PeriodMention> = Vec::new();
    let mut taken: Vec<Range<usize>> = Vec::new();
    let push = |found: &mut Vec<PeriodMention>, taken: &mut Vec<Range<usize>>, r: Range<usize>, period: Period| {
        if taken.iter().any(|t| t.start < r.end && r.start < t.end) {
            return;
        }
        taken.push(r.clone());
        found.push(PeriodMention { range: r, period });
    };

    // Most sentences state no year, and few a quarter or a part of one:
    // the patterns run only where they may match.
    let has_year = years(sentence).next().is_some();
    let lowered_sentence = lowered.get(range.clone()).unwrap_or("");
    let quarters = has_year
        && (!gated
            || may_hold(lowered_sentence, &["trimestre", "quarter"], |_| true)
            || may_hold(lowered_sentence, &["t", "q"], |b| matches!(b, Some(b'1'..=b'4'))));
    let parts = has_year && (!gated || may_hold(lowered_sentence, &["fin", "début", "mi", "end", "late", "early", "mid", "beginning"], part_word_then));
    for c in quarters.then(|| quarter_regex().captures_iter(sentence)).into_iter().flatten() {
        let Some(whole) = c.get(0) else { continue };
        let quarter = c.get(1).or(c.get(2)).and_then(|m| m.as_str().parse::<u8>().ok()).or_else(|| c.get(3).or(c.get(4)).map(|m| ordinal_word(m.as_str())));
        let year = c.get(5).and_then(|m| m.as_str().parse::<i32>().ok());
        if let (Some(q), Some(y)) = (quarter, year) {
            if (1..=4).contains(&q) {
                let first = (q - 1) * 3 + 1;
                push(&mut found, &mut taken, base + whole.start()..base + whole.end(), Period::months(y, first, first + 2, format!("Q{q} {y}")));
            }
        }
    }
    for c in parts.then(|| year_part_regex().captures_iter(sentence)).into_iter().flatten() {
        let (Some(whole), Some(part), Some(year)) = (c.get(0), c.get(1), c.get(2)) else { continue };
        let Ok(y) = year.as_str().parse::<i32>() else { continue };
        let (first, last, label) = match part.as_str().to_lowercase().as_str() {
            "fin" | "end" | "late" | "the end" => (10, 12, format!("late {y}")),
            "début" | "early" | "beginning" => (1, 3, format!("early {y}")),
            _ => (5, 8, format!("mid {y}")),
        };
        push(&mut found, &mut taken, base + whole.start()..base + whole.end(), Period::months(y, first, last, label));
    }
    for m in crate::extract::cues_in(months, &range) {
        let after = text.get(m.range.end..range.end).unwrap_or("");
        let trimmed = after.trim_start();
        let explicit_year = trimmed.get(..4).and_then(|y| y.parse::<i32>().ok()).filter(|y| (1950..2100).contains(y));
        let month = m.value;
        let (year, end) = match explicit_year {
            Some(y) => (Some(y), m.range.end + (after.len() - trimmed.len()) + 4),
            None => (doc_date.map(|d| if month <= d.month { d.year } else { d.year - 1 }), m.range.end),
        };
        // "may" is a month only when a year follows.
        if explicit_year.is_none() && text[m.range.clone()].eq_ignore_ascii_case("may") {
            continue;
        }
        if let Some(y) = year {
            let label = format!("{} {y}", MONTHS_EN[(month - 1) as usize]);
            push(&mut found, &mut taken, m.range.start..end, Period::months(y, month, month, label));
        }
    }
    for m in crate::extract::cues_in(relative, &range) {
        let Some(date) = doc_date else { continue };
        let period = match m.value {
            RelativePeriod::LastYear => Period::year(date.year - 1),
            RelativePeriod::ThisYear => Period::year(date.year),
            RelativePeriod::NextYear => Period::year(date.year + 1),
            RelativePeriod::EndOfYear => Period::months(date.year, 10, 12, format!("late {}", date.year)),
            RelativePeriod::LastMonth => {
                let (y, mo) = if date.month == 1 { (date.year - 1, 12) } else { (date.year, date.month - 1) };
                Period::months(y, mo, mo, format!("{} {y}", MONTHS_EN[(mo - 1) as usize]))
            }
        };
        push(&mut found, &mut taken, m.range.clone(), period);
    }
    for y in years(sentence) {
        let r = base + y.start..base + y.end;
        if is_part_of_number_or_name(text, r.clone()) {
            continue;
        }
        if let Ok(year) = sentence[y].parse::<i32>() {
            push(&mut found, &mut taken, r, Period::year(year));
        }
    }
    found.sort_by_key(|p| p.range.start);
    found
}

fn ordinal_word(word: &str) -> u8 {
    match word.to_lowercase().as_str() {
        "first" | "premier" => 1,
        "second" | "deuxième" => 2,
        "third" | "troisième" => 3,
        _ => 4,
    }
}

/// "2024" in "2 024", "12,2024", "Model-2024" or "2024-01-16" is not a year
/// on its own.
fn is_part_of_number_or_name(text: &str, r: Range<usize>) -> bool {
    let before = text[..r.start].chars().next_back();
    let after = text[r.end..].chars().next();
    let glued = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '/');
    let digit_sep = |c: Option<char>, next: Option<char>| matches!(c, Some(',' | '.')) && next.is_some_and(|n| n.is_ascii_digit());
    glued(before) || glued(after) || digit_sep(after, text[r.end..].chars().nth(1)) || digit_sep(before, text[..r.start].chars().rev().nth(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Lexicon;
    use crate::text::lowercase_same_offsets;

    fn periods(text: &str, date: Option<Date>) -> Vec<(String, String)> {
        let lexicon = Lexicon::builtin();
        let lowered = lowercase_same_offsets(text);
        let months = lexicon.find(&lexicon.months, &lowered);
        let relative = lexicon.find(&lexicon.relative_periods, &lowered);
        find_periods(text, &lowered, 0..text.len(), &months, &relative, date)
            .into_iter()
            .map(|p| (text[p.range].to_string(), p.period.label().to_string()))
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// The gates before the patterns change nothing, and years are
        /// found as `\b(19[5-9]\d|20\d\d)\b` finds them.
        #[test]
        fn gating_the_patterns_changes_nothing(words in proptest::collection::vec(proptest::sample::select(vec![
            "fin", "Fin", "début", "mi", "mid", "end", "the end", "late", "early", "beginning", "milliards", "T3", "Q4", "t2", "q9", "trimestre",
            "quarter", "3e", "premier", "fourth", "of", "de", "d'", "d’", "-", " ", "  ", "\u{a0}", "2024", "1949", "1999", "2099", "20245",
            "x2024", "2024x", "_", "é", "ſ", "mars", "2",
        ]), 0..12)) {
            let text = words.concat();
            let lexicon = Lexicon::builtin();
            let lowered = lowercase_same_offsets(&text);
            let months = lexicon.find(&lexicon.months, &lowered);
            let relative = lexicon.find(&lexicon.relative_periods, &lowered);
            let date = Date::new(2025, 6, 10);
            let gated = periods_in(&text, &lowered, 0..text.len(), &months, &relative, date, true);
            let all = periods_in(&text, &lowered, 0..text.len(), &months, &relative, date, false);
            proptest::prop_assert_eq!(gated, all, "{:?}", text);
            let by_regex: Vec<Range<usize>> = Regex::new(r"(?-u:\b)(19[5-9]\d|20\d\d)(?-u:\b)").expect("regex").find_iter(&text).map(|m| m.range()).collect();
            proptest::prop_assert_eq!(years(&text).collect::<Vec<_>>(), by_regex, "{:?}", text);
        }
    }

    #[test]
    fn explicit_relative_and_partial_periods() {
        let date = Date::new(2025, 6, 10);
        let pairs = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
        assert_eq!(periods("En juin 2025, elle a gagné 43 milliards en 2024.", date), pairs(&[("juin 2025", "June 2025"), ("2024", "2024")]));
        assert_eq!(
            periods("l'accord en mars, fin 2024 et au T3 2025", date),
            pairs(&[("mars", "March 2025"), ("fin 2024", "late 2024"), ("T3 2025", "Q3 2025")])
        );
        assert_eq!(periods("l'année dernière", date), pairs(&[("l'année dernière", "2024")]));
        assert_eq!(periods("l'année dernière", None), pairs(&[]));
        assert_eq!(periods("Qwen2024 et 2024-01-16 et 1 2024", date), pairs(&[("2024", "2024")]));
        assert_eq!(periods("they may agree in May 2025", date), pairs(&[("May 2025", "May 2025")]));
    }
}
