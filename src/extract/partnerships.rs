//! Partnerships: two parties in a relation a sentence states, with its
//! status, kind and deal value.
//!
//! The acting party is the first one named (or the sentence's topic when it
//! opens with "l'entreprise"/"elle" or names only the other side). Each later
//! party takes the status of the cues shortly before it ("opté pour
//! Alibaba", "rejeté un partenariat avec DeepSeek"), or of the party it is
//! listed with ("DeepSeek et ByteDance"). A sentence naming exactly two
//! companies takes its strongest cue for them.

use std::ops::Range;

use super::sentence::{distance, SentenceContext};
use crate::facts::{EntityId, EntityKind, Figure, Mention, Partnership, PartnershipKind, Span, Status};
use crate::knowledge::Registry;
use crate::text::cues::CueMatch;

/// How far before a party its status cue may stand.
const CUE_WINDOW: usize = 60;
/// How close before a status cue a negation must be ("sans rompre").
const NEGATION_WINDOW: usize = 20;

/// A party as it takes part in a relation: products stand for their owner.
#[derive(Debug, Clone, Copy)]
struct Party {
    principal: EntityId,
    via: Option<EntityId>,
    kind: EntityKind,
}

pub(crate) fn partnerships_in(ctx: &SentenceContext) -> Vec<Partnership> {
    let statuses = effective_statuses(ctx);
    if statuses.is_empty() {
        return Vec::new();
    }
    let mentions: Vec<&Mention> = ctx.actors().copied().collect();
    let mut found: Vec<Partnership> = Vec::new();

    // A sentence naming only one side, after a relation cue ("l'échec des
    // discussions avec Baidu", "l'accord avec Coreweave"), relates it to
    // the sentence's topic.
    let one_side = {
        let mut principals = mentions.iter().map(|m| party(ctx.registry, m.entity)).filter(|p| p.kind != EntityKind::Person).map(|p| p.principal);
        let first = principals.next();
        let single = first.is_some() && principals.all(|p| Some(p) == first);
        let in_object_position = mentions.first().is_some_and(|m| statuses.iter().any(|c| c.range.end <= m.range.start));
        single && in_object_position && ctx.topic.is_some_and(|t| Some(party(ctx.registry, t).principal) != first)
    };
    let (actor, actor_start, actor_end, rest) = match (ctx.anaphoric_opening || one_side, mentions.first(), ctx.topic) {
        (false, Some(first), _) => (party(ctx.registry, first.entity), first.range.start, first.range.end, &mentions[1..]),
        (_, _, Some(topic)) => (party(ctx.registry, topic), ctx.range.start, ctx.range.start, &mentions[..]),
        _ => return Vec::new(),
    };
    if actor.kind == EntityKind::Person {
        return Vec::new();
    }

    let mut previous_end = actor_end;
    let mut previous_status: Option<Status> = None;
    for m in rest {
        let p = party(ctx.registry, m.entity);
        let window = previous_end..m.range.start;
        let status = if ctx.is_coordination(window.clone()) {
            previous_status
        } else {
            strongest_near(ctx, &statuses, &window, m.range.start, p.kind == EntityKind::Person)
        };
        previous_end = m.range.end;
        previous_status = status;
        let Some(status) = status else { continue };
        if p.principal == actor.principal {
            continue;
        }
        push(ctx, &mut found, actor, p, status, m.range.clone(), &window, actor_start);
    }

    let actor_named = !(ctx.anaphoric_opening || one_side);
    if found.is_empty() && actor_named {
        two_company_fallback(ctx, &statuses, actor, &mentions, &mut found);
    }
    found
}

/// With no party placed right after a cue: a sentence about exactly two
/// companies (the topic counting as one) relates them with its strongest cue.
fn two_company_fallback(ctx: &SentenceContext, statuses: &[CueMatch<Status>], actor: Party, mentions: &[&Mention], found: &mut Vec<Partnership>) {
    let others: Vec<(&Mention, Party)> =
        mentions.iter().map(|m| (*m, party(ctx.registry, m.entity))).filter(|(_, p)| p.principal != actor.principal && p.kind != EntityKind::Person).collect();
    let Some((first, other)) = others.first().copied() else { return };
    if others.iter().any(|(_, p)| p.principal != other.principal) {
        return;
    }
    let Some(status) = statuses.iter().map(|s| s.value).max_by_key(|s| s.strength()) else { return };
    push(ctx, found, actor, other, status, first.range.clone(), &ctx.range, ctx.range.start);
}

/// Records the relation of `actor` with `other`; `span_start` is where the
/// statement starts (the actor's name), for hedging.
#[allow(clippy::too_many_arguments)]
fn push(
    ctx: &SentenceContext,
    found: &mut Vec<Partnership>,
    actor: Party,
    other: Party,
    status: Status,
    range: Range<usize>,
    window: &Range<usize>,
    span_start: usize,
) {
    let hedged = ctx.hedged_at(&(span_start..range.end));
    let status = if status == Status::Confirmed && hedged { Status::Reported } else { status };
    if let Some(existing) = found.iter_mut().find(|p| p.b == other.principal) {
        if status.strength() > existing.status.strength() {
            existing.status = status;
        }
        existing.via = existing.via.or(other.via);
        return;
    }
    let via = other.via.or(actor.via);
    found.push(Partnership {
        a: actor.principal,
        b: other.principal,
        status,
        kind: kind_of(ctx, window, via),
        hedged,
        deal_value: None,
        via,
        period: ctx.period_near(&range),
        headline: ctx.is_headline(),
        range: range.into(),
        sentence: Span::from(&ctx.range),
    });
}

fn party(registry: &Registry, id: EntityId) -> Party {
    let entity = registry.get(id);
    match entity.owner {
        Some(owner) => Party { principal: owner, via: Some(id), kind: registry.get(owner).kind },
        None => Party { principal: id, via: None, kind: entity.kind },
    }
}

/// Status cues of the sentence, with negated ones turned around: "sans
/// rompre" and "pas brisées" say the relation goes on; a negated positive
/// cue ("n'a pas choisi") says nothing.
fn effective_statuses(ctx: &SentenceContext) -> Vec<CueMatch<Status>> {
    let rivalry_only = !ctx.cues(&ctx.cues.rivalry).is_empty();
    let negations = ctx.cues(&ctx.cues.negations);
    let mut out = Vec::new();
    for cue in ctx.cues(&ctx.cues.status) {
        let negated = negations.iter().any(|n| n.range.end <= cue.range.start && cue.range.start - n.range.end <= NEGATION_WINDOW);
        match (negated, cue.value.is_negative()) {
            (true, true) => out.push(CueMatch { range: cue.range.clone(), value: Status::Confirmed }),
            (true, false) => {}
            (false, _) => out.push(cue.clone()),
        }
    }
    if rivalry_only && out.iter().all(|c| c.value == Status::Confirmed) && out.len() <= 1 {
        // "concurrent direct", "face à": rivalry with at most one weak cue.
        return Vec::new();
    }
    out
}

/// The strongest status among the cues in `window` that end within
/// CUE_WINDOW bytes of the party, with no quote or clause break between
/// (in "«… travailler avec des entreprises chinoises», a expliqué M. Tsai"
/// the cue is not about Tsai).
/// A person is a partner only when nothing separates them from the cue
/// ("collabore actuellement avec Jony Ive", not "…avec nous, a expliqué
/// Joseph Tsai").
fn strongest_near(ctx: &SentenceContext, statuses: &[CueMatch<Status>], window: &Range<usize>, party_start: usize, person: bool) -> Option<Status> {
    let breaks: &[char] = if person { &['«', '»', '"', '“', '”', ';', ':', ','] } else { &['«', '»', '"', '“', '”', ';', ':'] };
    let unbroken = |from: usize| !ctx.text.get(from..party_start).unwrap_or(";").contains(breaks);
    statuses
        .iter()
        .filter(|c| c.range.start >= window.start && c.range.end <= window.end && party_start - c.range.end <= CUE_WINDOW && unbroken(c.range.end))
        .map(|c| c.value)
        .max_by_key(|s| s.strength())
}

/// The kind: a kind word near the relation, else the product's topic, else
/// any kind word of the sentence.
fn kind_of(ctx: &SentenceContext, window: &Range<usize>, via: Option<EntityId>) -> Option<PartnershipKind> {
    let kinds = ctx.cues(&ctx.cues.kinds);
    let near = kinds.iter().filter(|k| k.range.start >= window.start && k.range.end <= window.end).min_by_key(|k| distance(&k.range, window)).map(|k| k.value);
    let topic = via.and_then(|v| ctx.registry.get(v).topic.as_deref()).and_then(PartnershipKind::parse);
    near.or(topic).or_else(|| kinds.first().map(|k| k.value))
}

/// A money figure in the sentence of a relation is that relation's value
/// when its metric says so ("l'accord d'environ 12 milliards de dollars").
/// The figure then names the other party, and a deal's value is about the
/// pair, whichever side the sentence names first.
pub(crate) fn attach_deal_values(partnerships: &mut [Partnership], figures: &mut [Figure], first_new: usize) {
    for p in partnerships.iter_mut() {
        let deal = figures
            .iter()
            .enumerate()
            .skip(first_new)
            .find(|(_, f)| matches!(&*f.metric, "deal_value" | "spending" | "investment") && f.sentence == p.sentence);
        if let Some((index, _)) = deal {
            p.deal_value = u32::try_from(index).ok();
            let figure = &mut figures[index];
            if &*figure.metric == "deal_value" {
                let (low, high) = p.pair();
                figure.subject = low;
                figure.counterparty = Some(high);
            } else {
                figure.counterparty = Some(if figure.subject == p.a { p.b } else { p.a });
            }
        }
    }
}
