//! A note's claims against its sources: a figure or partnership the cited
//! source contradicts is an error; one it does not state is a warning; an
//! uncited claim that sources contradict is a warning on the note only.

use std::sync::Arc;

use super::compare::{scopes_compatible, values_agree, FigureKey, Tolerance, ValueSpan};
use super::{citations_of_sentence, Code, Context, Diagnostic, Fix, Related, Severity};
use crate::extract::DocFacts;
use crate::facts::{Figure, Partnership};
use crate::format::figure_value;

pub(crate) fn check(ctx: &Context, note: &DocFacts) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for f in &note.figures {
        if let Some(d) = check_figure(ctx, note, f) {
            out.push(d);
        }
    }
    for p in &note.partnerships {
        if let Some(d) = check_partnership(ctx, note, p) {
            out.push(d);
        }
    }
    out
}

/// The cited documents of a sentence, with the key each was cited by.
fn cited_docs<'a>(ctx: &'a Context, note: &'a DocFacts, sentence: &std::ops::Range<usize>) -> Vec<(&'a str, &'a Arc<DocFacts>)> {
    citations_of_sentence(note, sentence).into_iter().filter_map(|c| ctx.index.cited_doc(&note.path, c).map(|d| (c.key.as_str(), d))).collect()
}

fn same_quantity(f: &Figure, g: &Figure, key: &FigureKey) -> bool {
    key.matches(g) && scopes_compatible(f, g) && f.period.overlaps(&g.period)
}

fn check_figure(ctx: &Context, note: &DocFacts, f: &Figure) -> Option<Diagnostic> {
    let key = FigureKey::of(f)?;
    let cited = cited_docs(ctx, note, &f.sentence.range());
    let what = format!("{} {}", ctx.name(f.subject), ctx.knowledge.lexicon.metric_label(&f.metric));
    if !cited.is_empty() {
        let candidates: Vec<(&str, &Arc<DocFacts>, &Figure)> =
            cited.iter().flat_map(|(k, d)| d.figures.iter().filter(|g| same_quantity(f, g, &key)).map(move |g| (*k, *d, g))).collect();
        if candidates.iter().any(|(_, _, g)| values_agree(f, g, ctx.settings.tolerance)) {
            return None;
        }
        let diagnostic = match candidates.first() {
            Some(&(cite_key, doc, g)) => Diagnostic {
                path: note.path.clone(),
                range: f.range.range(),
                severity: Severity::Error,
                code: Code::UnsupportedByCitation,
                message: format!("not supported by [@{cite_key}]: the source says {} ({what}: {})", g.text, figure_value(g)),
                related: vec![Related { path: doc.path.clone(), range: g.sentence.range(), message: format!("the source says {}", g.text) }],
                fix: Some(Fix::ReplaceFigure { range: f.range.range(), text: g.text.to_string() }),
            },
            None => Diagnostic {
                path: note.path.clone(),
                range: f.range.range(),
                severity: Severity::Warning,
                code: Code::NotInSource,
                message: format!("{} states no {what} figure", cited.iter().map(|(k, _)| format!("[@{k}]")).collect::<Vec<_>>().join(", ")),
                related: Vec::new(),
                fix: None,
            },
        };
        return Some(diagnostic);
    }
    // Uncited: compare with every source.
    // A group can hold thousands of figures: they are read as they come,
    // and kept only when none agrees (for the diagnostic).
    let same = ctx.figures_of(&key).filter(|(_, g)| same_quantity(f, g, &key));
    let (span, tolerance) = (ValueSpan::of(f), Tolerance::new(ctx.settings.tolerance));
    if same.clone().any(|(_, g)| span.agrees(&ValueSpan::of(g), &tolerance)) {
        return None;
    }
    let sources: Vec<(&Arc<DocFacts>, &Figure)> = same.take(super::MAX_RELATED).collect();
    if sources.is_empty() {
        return None;
    }
    let (doc, g) = sources[0];
    Some(Diagnostic {
        path: note.path.clone(),
        range: f.range.range(),
        severity: Severity::Warning,
        code: Code::FigureConflict,
        message: format!("{what}: {} here, but {} says {}", figure_value(f), ctx.doc_label(doc), figure_value(g)),
        related: sources
            .iter()
            .take(super::MAX_RELATED)
            .map(|(d, g)| Related { path: d.path.clone(), range: g.sentence.range(), message: format!("{} says {}", ctx.doc_label(d), g.text) })
            .collect(),
        fix: Some(Fix::ReplaceFigure { range: f.range.range(), text: g.text.to_string() }),
    })
}

fn check_partnership(ctx: &Context, note: &DocFacts, p: &Partnership) -> Option<Diagnostic> {
    let contradicts = |q: &Partnership| (p.status.is_positive() && q.status.is_negative()) || (p.status.is_negative() && q.status.is_positive());
    let agrees =
        |q: &Partnership| (p.status.is_positive() && q.status.is_positive()) || (p.status.is_negative() && q.status.is_negative()) || q.status == p.status;
    let cited = cited_docs(ctx, note, &p.sentence.range());
    if !cited.is_empty() {
        let statements: Vec<(&str, &Arc<DocFacts>, &Partnership)> =
            cited.iter().flat_map(|(k, d)| d.partnerships.iter().filter(|q| q.pair() == p.pair()).map(move |q| (*k, *d, q))).collect();
        if statements.iter().any(|(_, _, q)| agrees(q)) {
            return None;
        }
        let diagnostic = match statements.iter().find(|(_, _, q)| contradicts(q)) {
            Some(&(cite_key, doc, q)) => Diagnostic {
                path: note.path.clone(),
                range: p.range.range(),
                severity: Severity::Error,
                code: Code::PartnershipUnsupported,
                message: format!("not supported by [@{cite_key}]: the source says {} is {}", ctx.pair_name(q), q.status.label()),
                related: vec![Related { path: doc.path.clone(), range: q.sentence.range(), message: format!("the source says {}", q.status.label()) }],
                fix: None,
            },
            None if statements.is_empty() => Diagnostic {
                path: note.path.clone(),
                range: p.range.range(),
                severity: Severity::Warning,
                code: Code::NotInSource,
                message: format!("{} says nothing of {}", cited.iter().map(|(k, _)| format!("[@{k}]")).collect::<Vec<_>>().join(", "), ctx.pair_name(p)),
                related: Vec::new(),
                fix: None,
            },
            None => return None,
        };
        return Some(diagnostic);
    }
    let statements: Vec<(&Arc<DocFacts>, &Partnership)> = ctx.statements_of(p.pair());
    if statements.iter().any(|(_, q)| agrees(q)) {
        return None;
    }
    let mut against: Vec<_> = statements.iter().filter(|(_, q)| contradicts(q)).collect();
    against.dedup_by(|a, b| a.0.path == b.0.path);
    let &&(doc, q) = against.first()?;
    Some(Diagnostic {
        path: note.path.clone(),
        range: p.range.range(),
        severity: Severity::Warning,
        code: Code::PartnershipConflict,
        message: format!("{}: {} here, but {} says {}", ctx.pair_name(p), p.status.label(), ctx.doc_label(doc), q.status.label()),
        related: against
            .iter()
            .take(super::MAX_RELATED)
            .map(|(d, q)| Related { path: d.path.clone(), range: q.sentence.range(), message: format!("{} says {}", ctx.doc_label(d), q.status.label()) })
            .collect(),
        fix: None,
    })
}
