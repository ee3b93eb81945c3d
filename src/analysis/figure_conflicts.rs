//! Figure conflicts between sources: same subject, metric, cadence and unit,
//! compatible scope, overlapping periods, values apart beyond tolerance.
//! Each side gets one diagnostic listing the other sources (capped).
//! Groups are formed by key and checked one at a time (`check_group`), so
//! a change recomputes only the groups it touches. A group of up to
//! `EXACT_LIMIT` figures compares every pair; a larger one is summarized
//! in near-linear time: figures are bucketed by (scope, period), sorted by
//! value and clustered, and each is compared with its bucket's consensus
//! (the cluster most documents agree with) — see `check_large_group`.

use std::sync::Arc;

use super::compare::{scopes_compatible, FigureKey, Tolerance, ValueSpan};
use super::incremental::GroupResult;
use super::{Code, Context, Diagnostic, EntityStats, Related, Severity, MAX_RELATED};
use crate::extract::DocFacts;
use crate::facts::{Figure, Period};
use crate::format::figure_value;
use crate::index::{FastMap, FastSet};

pub(crate) type FigureRef<'a> = (&'a Arc<DocFacts>, &'a Figure);

/// Groups larger than this are summarized rather than compared pairwise.
pub const EXACT_LIMIT: usize = 256;

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

fn verdict(tolerance: &Tolerance, a: FigureRef, b: FigureRef, spans: (&ValueSpan, &ValueSpan)) -> Verdict {
    let ((da, fa), (db, fb)) = (a, b);
    if Arc::ptr_eq(da, db) || !scopes_compatible(fa, fb) || !fa.period.overlaps(&fb.period) {
        return Verdict::Unrelated;
    }
    if spans.0.agrees(spans.1, tolerance) {
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

/// Checks the source figures of one key.
pub(crate) fn check_group(ctx: &Context, key: &FigureKey) -> GroupResult {
    let group: Vec<FigureRef> = ctx.figures_of(key).collect();
    let mut result = GroupResult::default();
    if group.is_empty() {
        return result;
    }
    let (conflicts, agreement) = if group.len() > EXACT_LIMIT { check_large_group(ctx, &group, &mut result) } else { check_exact(ctx, &group, &mut result) };
    result.stats.push((key.subject, EntityStats { agreements: agreement as usize, conflicts }));
    result
}

/// Every pair: returns the number of conflicting pairs and whether two
/// documents or more agree with another. A verdict is symmetric, so each
/// pair is judged once and noted on both sides; each figure's list keeps
/// the group's order.
fn check_exact(ctx: &Context, group: &[FigureRef], result: &mut GroupResult) -> (usize, bool) {
    let spans: Vec<ValueSpan> = group.iter().map(|(_, f)| ValueSpan::of(f)).collect();
    let tolerance = Tolerance::new(ctx.settings.tolerance);
    let mut conflicts: Vec<Vec<(FigureRef, bool)>> = vec![Vec::new(); group.len()];
    // The first newer figure that revises each one.
    let mut revised_by: Vec<Option<FigureRef>> = vec![None; group.len()];
    let mut agrees = vec![false; group.len()];
    let mut conflicts_in_group = 0usize;
    for (i, &a) in group.iter().enumerate() {
        for (j, &b) in group.iter().enumerate().skip(i + 1) {
            match verdict(&tolerance, a, b, (&spans[i], &spans[j])) {
                Verdict::Agree => {
                    agrees[i] = true;
                    agrees[j] = true;
                }
                Verdict::Conflict { undated } => {
                    conflicts[i].push((b, undated));
                    conflicts[j].push((a, undated));
                    conflicts_in_group += 1;
                }
                Verdict::Revised if a.0.meta.date < b.0.meta.date => {
                    revised_by[i].get_or_insert(b);
                }
                Verdict::Revised if b.0.meta.date < a.0.meta.date => {
                    revised_by[j].get_or_insert(a);
                }
                _ => {}
            }
        }
    }
    for (i, &a) in group.iter().enumerate() {
        if !conflicts[i].is_empty() {
            result.push(conflict_diagnostic(ctx, a, &conflicts[i]));
        }
        if let Some(newer) = revised_by[i] {
            result.push(revised_diagnostic(ctx, a, newer));
        }
    }
    (conflicts_in_group, agrees.iter().filter(|&&a| a).count() >= 2)
}

/// Near-linear summary of a large group. Within each bucket of equal
/// (scope, period), figures sorted by value form clusters of values that
/// agree with the cluster's first; the consensus is the cluster stated by
/// the most documents. A figure outside the consensus that disagrees with
/// it gets one diagnostic pointing at the consensus; a consensus figure
/// gets one pointing at the dissenters, when there are any. Figures of
/// different buckets (overlapping but unequal periods, a scoped and an
/// unscoped figure) and revisions are not compared in this mode.
fn check_large_group(ctx: &Context, group: &[FigureRef], result: &mut GroupResult) -> (usize, bool) {
    let mut buckets: FastMap<(Option<&str>, &Period), Vec<usize>> = FastMap::default();
    for (i, (_, f)) in group.iter().enumerate() {
        buckets.entry((f.scope.as_deref(), &f.period)).or_default().push(i);
    }
    let mut buckets: Vec<Vec<usize>> = buckets.into_values().collect();
    buckets.sort_by_key(|members| members[0]);
    let spans: Vec<ValueSpan> = group.iter().map(|(_, f)| ValueSpan::of(f)).collect();
    let tolerance = Tolerance::new(ctx.settings.tolerance);
    let mut diagnostics: Vec<(usize, Diagnostic)> = Vec::new();
    let mut conflicting_pairs = 0usize;
    let mut agreement = false;
    for members in buckets {
        let mut sorted = members.clone();
        sorted.sort_unstable_by(|&a, &b| spans[a].cmp_bounds(&spans[b]).then(a.cmp(&b)));
        // cluster[i] for each member position in `group`.
        let mut cluster_of: FastMap<usize, usize> = FastMap::with_capacity_and_hasher(sorted.len(), Default::default());
        let mut clusters: Vec<Vec<usize>> = Vec::new();
        for &i in &sorted {
            let joins = clusters.last().is_some_and(|c| spans[c[0]].agrees(&spans[i], &tolerance));
            if !joins {
                clusters.push(Vec::new());
            }
            let last = clusters.len() - 1;
            clusters[last].push(i);
            cluster_of.insert(i, last);
        }
        let doc_count = |c: &Vec<usize>| c.iter().map(|&i| doc_id(group[i])).collect::<FastSet<usize>>().len();
        let weights: Vec<usize> = clusters.iter().map(doc_count).collect();
        agreement |= weights.iter().any(|&w| w >= 2);
        if clusters.len() < 2 {
            continue;
        }
        let consensus = (0..clusters.len()).max_by_key(|&c| (weights[c], std::cmp::Reverse(c))).unwrap_or(0);
        let total = sorted.len();
        let sum_squares: usize = clusters.iter().map(|c| c.len() * c.len()).sum();
        conflicting_pairs += (total * total - sum_squares) / 2;
        let mut consensus_members = clusters[consensus].clone();
        consensus_members.sort_unstable();
        let anchor = &spans[clusters[consensus][0]];
        let mut dissenters: Vec<usize> =
            members.iter().copied().filter(|&i| cluster_of.get(&i) != Some(&consensus) && !anchor.agrees(&spans[i], &tolerance)).collect();
        dissenters.sort_unstable();
        // How many of each list a document states, to leave its own out.
        let per_doc = |list: &[usize]| {
            let mut counts: FastMap<usize, usize> = FastMap::default();
            for &j in list {
                *counts.entry(doc_id(group[j])).or_default() += 1;
            }
            counts
        };
        let (consensus_per_doc, dissenters_per_doc) = (per_doc(&consensus_members), per_doc(&dissenters));
        for &i in &members {
            let here = group[i];
            let others = if cluster_of.get(&i) == Some(&consensus) {
                &dissenters
            } else if dissenters.binary_search(&i).is_ok() {
                &consensus_members
            } else {
                continue;
            };
            let against: Vec<FigureRef> = others.iter().map(|&j| group[j]).filter(|(d, _)| !Arc::ptr_eq(d, here.0)).take(MAX_RELATED + 1).collect();
            let per_doc = if cluster_of.get(&i) == Some(&consensus) { &dissenters_per_doc } else { &consensus_per_doc };
            let count = others.len() - per_doc.get(&doc_id(here)).copied().unwrap_or(0);
            if against.is_empty() {
                continue;
            }
            diagnostics.push((i, summary_diagnostic(ctx, here, &against, count)));
        }
    }
    diagnostics.sort_by_key(|(i, _)| *i);
    for (_, d) in diagnostics {
        result.push(d);
    }
    (conflicting_pairs, agreement)
}

/// Which document states a figure of a group: the index holds one `Arc`
/// per path, so its address tells documents apart without hashing paths.
fn doc_id((doc, _): FigureRef) -> usize {
    Arc::as_ptr(doc) as usize
}

/// One figure of a large group against `count` others, the first of which
/// are `against`.
fn summary_diagnostic(ctx: &Context, here: FigureRef, against: &[FigureRef], count: usize) -> Diagnostic {
    let conflicts: Vec<(FigureRef, bool)> = against.iter().map(|&b| (b, !here.1.period.is_known())).collect();
    let mut d = conflict_diagnostic(ctx, here, &conflicts);
    let (first_doc, first_fig) = against[0];
    let more = if count > 1 { format!(" and {} more source(s)", count - 1) } else { String::new() };
    d.message = format!(
        "{}: {} here ({}), but {} says {} ({}){more}",
        describe(ctx, here.1),
        figure_value(here.1),
        here.1.period.label(),
        ctx.doc_label(first_doc),
        figure_value(first_fig),
        first_fig.period.label()
    );
    if count > MAX_RELATED {
        if let Some(last) = d.related.last_mut() {
            last.message = format!("… and {} more", count - MAX_RELATED);
        }
    }
    d
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
            range: g.range.range(),
            message: format!("{} says {} ({})", ctx.doc_label(d), g.text, g.period.label()),
        })
        .collect();
    if conflicts.len() > MAX_RELATED {
        let (d, g) = conflicts[MAX_RELATED].0;
        related.push(Related { path: d.path.clone(), range: g.range.range(), message: format!("… and {} more", conflicts.len() - MAX_RELATED) });
    }
    Diagnostic {
        path: doc.path.clone(),
        range: f.range.range(),
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
        range: f.range.range(),
        severity: Severity::Hint,
        code: Code::FigureRevised,
        message: format!("{}: revised by {}, which now says {}", describe(ctx, f), ctx.doc_label(newer_doc), figure_value(newer)),
        related: vec![Related { path: newer_doc.path.clone(), range: newer.range.range(), message: "the newer figure".to_string() }],
        fix: None,
    }
}
