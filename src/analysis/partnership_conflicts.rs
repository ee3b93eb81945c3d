//! Partnership conflicts between sources: one says the pair works together
//! (confirmed or reported), another that it was rejected or ended, at
//! overlapping times. Each document counts with its overall status (the
//! one the entity card shows); statuses inside one document tell a story
//! and never conflict with each other.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::{Analysis, Code, Context, Diagnostic, Related, Severity, MAX_RELATED};
use crate::extract::DocFacts;
use crate::facts::{EntityId, Partnership, Status};

pub(crate) type StatementRef<'a> = (&'a Arc<DocFacts>, &'a Partnership);

/// Source statements grouped by pair.
pub(crate) fn source_pairs<'a>(ctx: &'a Context) -> HashMap<(EntityId, EntityId), Vec<StatementRef<'a>>> {
    let mut pairs: HashMap<(EntityId, EntityId), Vec<StatementRef>> = HashMap::new();
    for doc in ctx.index.sources() {
        for p in &doc.partnerships {
            pairs.entry(p.pair()).or_default().push((doc, p));
        }
    }
    pairs
}

/// Each document's overall status for a pair (`Status::of_document`), with
/// the statement that says it.
fn by_document<'a>(statements: &[StatementRef<'a>]) -> Vec<StatementRef<'a>> {
    let mut docs: BTreeMap<&std::path::Path, Vec<StatementRef>> = BTreeMap::new();
    for &(doc, p) in statements {
        docs.entry(doc.path.as_path()).or_default().push((doc, p));
    }
    docs.into_values()
        .filter_map(|list| {
            let statuses: Vec<(Status, bool)> = list.iter().map(|(_, p)| (p.status, p.headline)).collect();
            let status = Status::of_document(&statuses)?;
            list.into_iter().find(|(_, p)| p.status == status)
        })
        .collect()
}

pub(crate) fn check(ctx: &Context, analysis: &mut Analysis) {
    let pairs = source_pairs(ctx);
    let mut keys: Vec<_> = pairs.keys().copied().collect();
    keys.sort();
    for pair in keys {
        let docs = by_document(&pairs[&pair]);
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
            analysis.push(conflict_diagnostic(ctx, (pd, pp), &against));
            for &(nd, np) in &against {
                analysis.push(conflict_diagnostic(ctx, (nd, np), &[(pd, pp)]));
            }
        }
        for entity in [pair.0, pair.1] {
            let stats = analysis.stat(entity);
            stats.conflicts += conflicts;
            if positive_docs >= 2 {
                stats.agreements += 1;
            }
        }
    }
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
        range: p.range.clone(),
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
            .map(|(d, q)| Related { path: d.path.clone(), range: q.sentence.clone(), message: format!("{} says {}", ctx.doc_label(d), q.status.label()) })
            .collect(),
        fix: None,
    }
}
