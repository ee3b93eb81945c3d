//! Figures: each quantity of a sentence that says something about an entity
//! becomes a claim with its subject, metric, cadence, scope, period, hedging
//! and attribution.

use rust_decimal::Decimal;
use std::ops::Range;

use super::quantity::{find_quantities_at, Amount, Anchors, Quantity, QuantityLexicon, Unit};
use super::sentence::{distance, SentenceContext};
use crate::facts::{Cadence, EntityId, Figure, Span};
use crate::knowledge::lexicon::UnitClass;
use crate::lang::Lang;

/// The metric a money figure gets when no cue says more.
pub const GENERIC_MONEY: &str = "amount";
/// The metric a percentage gets when no cue says more.
pub const GENERIC_PERCENT: &str = "percent";

/// How far (bytes) after a count its noun may come: "650 millions d'utilisateurs".
const COUNT_NOUN_WINDOW: usize = 40;
/// How far a cadence word may be from its figure.
const CADENCE_WINDOW: usize = 30;

pub(crate) fn figures_in(ctx: &SentenceContext) -> Vec<Figure> {
    let Some(sentence) = ctx.text.get(ctx.range.clone()) else {
        return Vec::new();
    };
    // A figure needs a subject: a name in the sentence, or the topic.
    if ctx.mentions.is_empty() && ctx.topic.is_none() {
        return Vec::new();
    }
    let anchors = ctx.quantity_anchors();
    if matches!(anchors, Anchors::None) {
        return Vec::new();
    }
    // French decimal commas and long-scale billions depend on the language.
    let lang = detect_sentence_lang(ctx);
    let quantities = find_quantities_at(sentence, lang, QuantityLexicon::builtin(), anchors);
    let mut figures = Vec::new();
    for q in quantities {
        let range = ctx.range.start + q.range.start..ctx.range.start + q.range.end;
        let Some(class) = unit_class(&q.unit) else { continue };
        let (class, unit) = money_without_currency(ctx, &range, &q, class);
        let Some(metric) = metric_for(ctx, &range, class, q.bare) else { continue };
        let subjects = subjects_for(ctx, &range);
        if subjects.is_empty() {
            continue;
        }
        let amount = signed(ctx, &metric, q.amount.clone());
        for subject in subjects {
            figures.push(Figure {
                subject,
                metric: metric.as_str().into(),
                cadence: cadence_near(ctx, &range),
                scope: ctx.cues(&ctx.cues.scope).iter().min_by_key(|s| distance(&s.range, &range)).map(|s| s.value.to_string().into()),
                amount: amount.clone(),
                unit: unit.clone(),
                approx: q.approx,
                precision: q.precision,
                period: ctx.period_near(&range),
                hedged: ctx.hedged_at(&range),
                forecast: ctx.forecast_at(&range),
                attribution: ctx.attribution.clone().map(Box::new),
                revises: ctx.revises,
                counterparty: None,
                range: Span::from(&range),
                sentence: Span::from(&ctx.range),
                text: ctx.text[range.clone()].into(),
            });
        }
    }
    figures
}

/// The document's language, unless the sentence's own function words say
/// otherwise (an English quote in a French article). Only digits and
/// "billion" read differently by language, so other sentences skip this.
fn detect_sentence_lang(ctx: &SentenceContext) -> Lang {
    let lowered = ctx.lowered.get(ctx.range.clone()).unwrap_or("");
    if !lowered.bytes().any(|b| b.is_ascii_digit()) && !lowered.contains("billion") {
        return ctx.doc_lang;
    }
    ctx.cues.function_words.majority(&ctx.range).unwrap_or(ctx.doc_lang)
}

fn unit_class(unit: &Unit) -> Option<UnitClass> {
    match unit {
        Unit::Currency(_) => Some(UnitClass::Money),
        Unit::Percent => Some(UnitClass::Percent),
        Unit::PercentagePoints => None,
        Unit::Count => Some(UnitClass::Count),
    }
}

/// "Apple paie plusieurs milliards à Google": a scaled amount with no noun
/// of its own, in a sentence about paying or investing, is money whose
/// currency the text does not state (ISO 4217 "XXX").
fn money_without_currency(ctx: &SentenceContext, range: &Range<usize>, q: &Quantity, class: UnitClass) -> (UnitClass, Unit) {
    if class != UnitClass::Count || !q.scaled || metric_for(ctx, range, UnitClass::Count, q.bare).is_some() {
        return (class, q.unit.clone());
    }
    let money_cue = ctx.cues(&ctx.cues.metrics).iter().any(|c| ctx.lexicon.metrics[c.value].units == [UnitClass::Money]);
    if money_cue {
        (UnitClass::Money, Unit::Currency(NO_CURRENCY.to_string()))
    } else {
        (class, q.unit.clone())
    }
}

/// ISO 4217's code for "no currency": the amount is money of an unstated
/// currency.
pub const NO_CURRENCY: &str = "XXX";

/// The metric whose cue is nearest the quantity among those its unit allows.
/// Counts need their noun right after them ("650 millions d'utilisateurs"),
/// else they say nothing we can check.
fn metric_for(ctx: &SentenceContext, range: &Range<usize>, class: UnitClass, bare: bool) -> Option<String> {
    let candidates = ctx.cues(&ctx.cues.metrics).iter().filter(|c| ctx.lexicon.metrics[c.value].units.contains(&class));
    if class == UnitClass::Count {
        let noun = candidates.filter(|c| c.range.start >= range.end && c.range.start - range.end <= COUNT_NOUN_WINDOW).min_by_key(|c| c.range.start)?;
        return Some(ctx.lexicon.metrics[noun.value].id.clone());
    }
    if bare {
        return None;
    }
    match candidates.min_by_key(|c| distance(&c.range, range)) {
        Some(cue) => Some(ctx.lexicon.metrics[cue.value].id.clone()),
        None if class == UnitClass::Money => Some(GENERIC_MONEY.to_string()),
        None => Some(GENERIC_PERCENT.to_string()),
    }
}

fn cadence_near(ctx: &SentenceContext, range: &Range<usize>) -> Option<Cadence> {
    ctx.cues(&ctx.cues.cadence).iter().filter(|c| distance(&c.range, range) <= CADENCE_WINDOW).min_by_key(|c| distance(&c.range, range)).map(|c| c.value)
}

/// "les ventes ont chuté de 11 %" is a change of −11 %.
fn signed(ctx: &SentenceContext, metric: &str, amount: Amount) -> Amount {
    let is_change = matches!(metric, "sales_change" | "growth");
    if !is_change || ctx.cues(&ctx.cues.down).is_empty() {
        return amount;
    }
    match amount {
        Amount::Exact(v) if v > Decimal::ZERO => Amount::Exact(-v),
        Amount::Between(lo, hi) if lo > Decimal::ZERO => Amount::Between(-hi, -lo),
        other => other,
    }
}

/// Who the figure is about: the entity it stands in parentheses after
/// ("Vivo (17%)"), else the first actor of the sentence with the ones listed
/// with it ("Oppo et Honor … 15%"), else the sentence's topic.
fn subjects_for(ctx: &SentenceContext, range: &Range<usize>) -> Vec<EntityId> {
    if let Some(owner) = parenthesized_owner(ctx, range) {
        return vec![ctx.subject_entity(owner)];
    }
    let actors: Vec<_> = ctx.actors().collect();
    if ctx.anaphoric_opening || actors.is_empty() {
        return ctx.topic.into_iter().collect();
    }
    let mut group = vec![ctx.subject_entity(actors[0].entity)];
    for pair in actors.windows(2) {
        if !ctx.is_coordination(pair[0].range.end..pair[1].range.start) {
            break;
        }
        let next = ctx.subject_entity(pair[1].entity);
        if !group.contains(&next) {
            group.push(next);
        }
    }
    group
}

fn parenthesized_owner(ctx: &SentenceContext, range: &Range<usize>) -> Option<EntityId> {
    let before = ctx.text.get(ctx.range.start..range.start)?;
    let open = before.trim_end().strip_suffix('(')?;
    let name_end = ctx.range.start + open.trim_end().len();
    ctx.actors().find(|m| m.range.end == name_end).map(|m| m.entity)
}

/// The quantity's own text, for tests and messages.
pub fn quantity_text<'t>(text: &'t str, q: &Quantity) -> &'t str {
    text.get(q.range.clone()).unwrap_or("")
}
