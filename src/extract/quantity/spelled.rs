//! Numbers written in words: "deux", "trois cents", "quatre-vingt-dix",
//! "vingt et un", "two hundred and fifty", "a thousand". Scales (million,
//! milliard, billion) are not part of them: the grammar applies those.

use super::lexicon::NumberWords;
use super::text::next_tok;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Spelled {
    pub end: usize,
    pub value: u64,
    /// Only article-like words ("un", "a", "one"): a number only if a scale
    /// follows.
    pub article_only: bool,
}

/// May `v` be added to what is being built ("vingt" + "cinq", "cent" +
/// "vingt", "soixante" + "dix")? `joined` says an "et"/"and" came between.
fn can_add(current: u64, v: u64, joined: bool) -> bool {
    if current == 0 {
        return !joined;
    }
    let last = current % 100;
    let fits = if last == 0 {
        v < 100
    } else if last % 10 == 0 && last >= 20 {
        // "soixante-dix", "quatre-vingt-onze" add a teen to 60 and 80.
        v < 10 || ((last == 60 || last == 80) && v < 20)
    } else if last == 10 {
        v < 10 && !joined
    } else {
        false
    };
    // "vingt et un", "soixante et onze", "two hundred and five".
    fits && (!joined || last == 0 || v < 20)
}

/// The spelled number whose first word starts at `pos`, if any.
pub(super) fn parse_spelled(text: &str, pos: usize, words: &NumberWords) -> Option<Spelled> {
    let mut total = 0u64;
    let mut current = 0u64;
    let mut end = pos;
    let mut article_only = true;
    let mut any = false;
    while let Some(next) = next_tok(text, end) {
        // "et", "and" only join two number words.
        let joiner = if any { words.joiners.match_from(text, next) } else { None };
        let (at, joined) = match joiner {
            Some(j) => match next_tok(text, j.end) {
                Some(after) => (after, true),
                None => break,
            },
            None => (next, false),
        };
        if let Some(m) = words.words.match_from(text, at) {
            let v = *m.value;
            if !can_add(current, v, joined) {
                break;
            }
            let is_article = words.article_like.match_from(text, at).is_some_and(|a| a.end == m.end);
            article_only &= is_article;
            current += v;
            end = m.end;
        } else if joined {
            break;
        } else if let Some(m) = words.hundreds.match_from(text, next) {
            if current >= 100 {
                break;
            }
            current = current.max(1) * 100;
            article_only = false;
            end = m.end;
        } else if let Some(m) = words.thousands.match_from(text, next) {
            if total > 0 {
                break;
            }
            total = current.max(1) * 1000;
            current = 0;
            article_only = false;
            end = m.end;
        } else {
            break;
        }
        any = true;
    }
    any.then_some(Spelled { end, value: total + current, article_only })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::quantity::QuantityLexicon;
    use crate::lang::Lang;

    fn value(text: &str, lang: Lang) -> Option<(u64, &str)> {
        let words = &QuantityLexicon::builtin().for_lang(lang).numbers;
        parse_spelled(text, 0, words).map(|s| (s.value, &text[..s.end]))
    }

    #[test]
    fn french_numbers_compose() {
        assert_eq!(value("deux", Lang::Fr), Some((2, "deux")));
        assert_eq!(value("trois cents millions", Lang::Fr), Some((300, "trois cents")));
        assert_eq!(value("quatre-vingt-dix-sept", Lang::Fr), Some((97, "quatre-vingt-dix-sept")));
        assert_eq!(value("soixante et onze", Lang::Fr), Some((71, "soixante et onze")));
        assert_eq!(value("vingt-et-un", Lang::Fr), Some((21, "vingt-et-un")));
        assert_eq!(value("deux mille vingt-quatre", Lang::Fr), Some((2024, "deux mille vingt-quatre")));
        assert_eq!(value("mille deux cents", Lang::Fr), Some((1200, "mille deux cents")));
        assert_eq!(value("deux trois", Lang::Fr), Some((2, "deux")));
        assert_eq!(value("vingt et trente", Lang::Fr), Some((20, "vingt")));
    }

    #[test]
    fn english_numbers_compose() {
        assert_eq!(value("two hundred and fifty", Lang::En), Some((250, "two hundred and fifty")));
        assert_eq!(value("twenty-five", Lang::En), Some((25, "twenty-five")));
        assert_eq!(value("two and three", Lang::En), Some((2, "two")));
        assert_eq!(value("a thousand", Lang::En).map(|v| v.0), Some(1000));
        let a = parse_spelled("a", 0, &QuantityLexicon::builtin().for_lang(Lang::En).numbers);
        assert!(a.is_some_and(|s| s.article_only));
    }
}
