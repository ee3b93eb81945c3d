//! Figure conflicts between sources: same subject, metric, cadence and unit,
//! compatible scope, overlapping periods, values apart beyond tolerance.
//! Each side gets one diagnostic listing the other sources (capped).
//! Groups are formed by key, so the work is linear in the number of
//! figures plus the pairs inside each group.

use std::collections::HashMap;
use std::sync::Arc;

use super::compare::{scopes_compatible, values_agree, FigureKey};
use super::{Analysis, Code, Context, Diagnostic, Related, Severity, MAX_RELATED};
use crate::extract::DocFacts;
use crate::facts::Figure;
use crate::format::figure_value;

pub(crate) type FigureRef<'a> = (&'a Arc<DocFacts>, &'a Figure);

/// Source figures grouped by what they measure.
pub(crate) fn source_groups<'a>(ctx: &'a Context) -> HashMap<FigureKey, Vec<FigureRef<'a>>> {
    let mut groups: HashMap<FigureKey, Vec<FigureRef>> = HashMap::new();
    for doc in ctx.index.sources() {
        for f in &doc.figures {
            if let Some(key) = FigureKey::of(f) {
                groups.entry(key).or_default().push((doc, f));
            }
        }
    }
    groups
}

/// How two source figures of one group relate.
enum Verdict {
    Agree,
    Conflict {
        undated: bool,
    },
    /// The newer one says "désormais/now": an update, not a contradiction.
    Revised,
    Unrelated,
}

fn verdict(ctx: &Context, a: FigureRef, b: FigureRef) -> Verdict {
    let ((da, fa), (db, fb)) = (a, b);
    if da.path == db.path || !scopes_compatible(fa, fb) || !fa.period.overlaps(&fb.period) {
        return Verdict::Unrelated;
    }
    if values_agree(fa, fb, ctx.settings.tolerance) {
        return Verdict::Agree;
    }
    let newer_revises = match (da.meta.date, db.meta.date) {
        (Some(x), Some(y)) if x < y => fb.revises,
        (Some(x), Some(y)) if y < x => fa.revises,
        _ => false,
    };
    if newer_revises {
        return Verdict::Revised;
    }
    Verdict::Conflict { undated: !fa.period.is_known() || !fb.period.is_known() }
}

pub(crate) fn check(ctx: &Context, analysis: &mut Analysis) {
    let groups = source_groups(ctx);
    let mut keys: Vec<&FigureKey> = groups.keys().collect();
    keys.sort();
    for key in keys {
        let group = &groups[key];
        let mut agreeing_docs = 0usize;
        let mut conflicts_in_group = 0usize;
        for (i, &a) in group.iter().enumerate() {
            let mut conflicts: Vec<(FigureRef, bool)> = Vec::new();
            let mut revised_by: Vec<FigureRef> = Vec::new();
            let mut agrees = false;
            for (j, &b) in group.iter().enumerate() {
                if i == j {
                    continue;
                }
                match verdict(ctx, a, b) {
                    Verdict::Agree => agrees = true,
                    Verdict::Conflict { undated } => {
                        conflicts.push((b, undated));
                        if i < j {
                            conflicts_in_group += 1;
                        }
                    }
                    Verdict::Revised if a.0.meta.date < b.0.meta.date => revised_by.push(b),
                    _ => {}
                }
            }
            agreeing_docs += agrees as usize;
            if !conflicts.is_empty() {
                analysis.push(conflict_diagnostic(ctx, a, &conflicts));
            }
            if let Some(&newer) = revised_by.first() {
                analysis.push(revised_diagnostic(ctx, a, newer));
            }
        }
        let stats = analysis.stat(key.subject);
        stats.conflicts += conflicts_in_group;
        if agreeing_docs >= 2 {
            stats.agreements += 1;
        }
    }
}

fn describe(ctx: &Context, f: &Figure) -> String {
    let metric = ctx.knowledge.lexicon.metric_label(&f.metric);
    let cadence = f.cadence.map(|c| format!("{} ", c.label())).unwrap_or_default();
    format!("{} {cadence}{metric}", ctx.name(f.subject))
}

fn conflict_diagnostic(ctx: &Context, (doc, f): FigureRef, conflicts: &[(FigureRef, bool)]) -> Diagnostic {
    let all_undated = conflicts.iter().all(|(_, undated)| *undated);
    let ((first_doc, first_fig), _) = conflicts[0];
    let more = if conflicts.len() > 1 { format!(" and {} more source(s)", conflicts.len() - 1) } else { String::new() };
    let message = format!(
        "{}: {} here ({}), but {} says {} ({}){more}",
        describe(ctx, f),
        figure_value(f),
        f.period.label(),
        ctx.doc_label(first_doc),
        figure_value(first_fig),
        first_fig.period.label()
    );
    let mut related: Vec<Related> = conflicts
        .iter()
        .take(MAX_RELATED)
        .map(|((d, g), _)| Related {
            path: d.path.clone(),
            range: g.range.clone(),
            message: format!("{} says {} ({})", ctx.doc_label(d), g.text, g.period.label()),
        })
        .collect();
    if conflicts.len() > MAX_RELATED {
        let (d, g) = conflicts[MAX_RELATED].0;
        related.push(Related { path: d.path.clone(), range: g.range.clone(), message: format!("… and {} more", conflicts.len() - MAX_RELATED) });
    }
    Diagnostic {
        path: doc.path.clone(),
        range: f.range.clone(),
        severity: if all_undated { Severity::Information } else { Severity::Warning },
        code: Code::FigureConflict,
        message,
        related,
        fix: None,
    }
}

fn revised_diagnostic(ctx: &Context, (doc, f): FigureRef, (newer_doc, newer): FigureRef) -> Diagnostic {
    Diagnostic {
        path: doc.path.clone(),
        range: f.range.clone(),
        severity: Severity::Hint,
        code: Code::FigureRevised,
        message: format!("{}: revised by {}, which now says {}", describe(ctx, f), ctx.doc_label(newer_doc), figure_value(newer)),
        related: vec![Related { path: newer_doc.path.clone(), range: newer.range.clone(), message: "the newer figure".to_string() }],
        fix: None,
    }
}
