//! Partnership conflicts between sources: one says the pair works together
//! (confirmed or reported), another that it was rejected or ended, at
//! overlapping times. Each document counts with its overall status (the
//! one the entity card shows); statuses inside one document tell a story
//! and never conflict with each other.

use std::sync::Arc;

use super::incremental::GroupResult;
use super::{Code, Context, Diagnostic, EntityStats, Pair, Related, Severity, MAX_RELATED};
use crate::extract::DocFacts;
use crate::facts::{Partnership, Status};

pub(crate) type StatementRef<'a> = (&'a Arc<DocFacts>, &'a Partnership);

/// Each document's overall status for a pair (`Status::of_document`), with
/// the statement that says it. `statements` come grouped by document, in
/// path order (`Context::statements_of`).
fn by_document<'a>(statements: &[StatementRef<'a>]) -> Vec<StatementRef<'a>> {
    statements
        .chunk_by(|a, b| Arc::ptr_eq(a.0, b.0))
        .filter_map(|list| {
            let statuses: Vec<(Status, bool)> = list.iter().map(|(_, p)| (p.status, p.headline)).collect();
            let status = Status::of_document(&statuses)?;
            list.iter().copied().find(|(_, p)| p.status == status)
        })
        .collect()
}

/// Checks the source statements of one pair.
pub(crate) fn check_pair(ctx: &Context, pair: Pair) -> GroupResult {
    let mut result = GroupResult::default();
    let statements = ctx.statements_of(pair);
    if statements.is_empty() {
        return result;
    }
    let docs = by_document(&statements);
    let positives: Vec<StatementRef> = docs.iter().copied().filter(|(_, p)| p.status.is_positive()).collect();
    let negatives: Vec<StatementRef> = docs.iter().copied().filter(|(_, p)| p.status.is_negative()).collect();
    let positive_docs = positives.len();
    let mut conflicts = 0;
    for &(pd, pp) in &positives {
        let against: Vec<StatementRef> = negatives.iter().copied().filter(|(nd, np)| nd.path != pd.path && np.period.overlaps(&pp.period)).collect();
        if against.is_empty() {
            continue;
        }
        conflicts += against.len();
        result.push(conflict_diagnostic(ctx, (pd, pp), &against));
        for &(nd, np) in &against {
            result.push(conflict_diagnostic(ctx, (nd, np), &[(pd, pp)]));
        }
    }
    for entity in [pair.0, pair.1] {
        result.stats.push((entity, EntityStats { conflicts, agreements: (positive_docs >= 2) as usize }));
    }
    result
}

fn newer_note(ctx: &Context, here: &DocFacts, there: &DocFacts) -> String {
    match (here.meta.date, there.meta.date) {
        (Some(a), Some(b)) if b > a => format!("; {} is newer", ctx.doc_label(there)),
        (Some(a), Some(b)) if a > b => "; this source is newer".to_string(),
        _ => String::new(),
    }
}

fn conflict_diagnostic(ctx: &Context, (doc, p): StatementRef, against: &[StatementRef]) -> Diagnostic {
    let (other_doc, other) = against[0];
    let more = if against.len() > 1 { format!(" and {} more source(s)", against.len() - 1) } else { String::new() };
    Diagnostic {
        path: doc.path.clone(),
        range: p.range.range(),
        severity: Severity::Warning,
        code: Code::PartnershipConflict,
        message: format!(
            "{}: {} here, but {} says {}{more}{}",
            ctx.pair_name(p),
            p.status.label(),
            ctx.doc_label(other_doc),
            other.status.label(),
            newer_note(ctx, doc, other_doc)
        ),
        related: against
            .iter()
            .take(MAX_RELATED)
            .map(|(d, q)| Related { path: d.path.clone(), range: q.sentence.range(), message: format!("{} says {}", ctx.doc_label(d), q.status.label()) })
            .collect(),
        fix: None,
    }
}
