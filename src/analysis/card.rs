//! Cards: what corroborate knows about an entity, a document or a figure,
//! gathered once and rendered as Markdown (editor hover) or plain text
//! (terminal, clients without Markdown). The hover and `corroborate show`
//! call the same functions.

use serde::Serialize;
use std::fmt::Write;
use std::ops::Range;
use std::path::PathBuf;

use super::compare::{values_agree, FigureKey};
use super::{Analysis, EntityStats};
use crate::document::DocKind;
use crate::extract::DocFacts;
use crate::facts::{Date, EntityId, EntityKind, Figure, Status};
use crate::format::figure_value;
use crate::index::Index;
use crate::knowledge::Knowledge;

/// A place in a document a card links to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    pub path: PathBuf,
    pub id: String,
    pub title: String,
    pub date: Option<Date>,
    pub range: Range<usize>,
    /// Zero-based line of `range.start`.
    pub line: u32,
}

impl SourceRef {
    pub fn new(doc: &DocFacts, range: Range<usize>) -> SourceRef {
        SourceRef {
            path: doc.path.clone(),
            id: doc.meta.id.to_string(),
            title: doc.meta.title.to_string(),
            date: doc.meta.date,
            line: doc.line_map.line_of(range.start) as u32,
            range,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CardPartnership {
    pub partner: String,
    pub status: Status,
    pub kind: Option<String>,
    pub via: Option<String>,
    pub value: Option<String>,
    pub period: String,
    pub hedged: bool,
    pub source: SourceRef,
}

#[derive(Debug, Clone, Serialize)]
pub struct CardFigure {
    /// The product the figure is about, when not the entity itself.
    pub about: Option<String>,
    pub metric: String,
    pub value: String,
    pub text: String,
    pub period: String,
    pub hedged: bool,
    pub attribution: Option<String>,
    pub source: SourceRef,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityCard {
    pub name: String,
    pub kind: EntityKind,
    pub owner: Option<String>,
    pub affiliation: Option<String>,
    pub products: Vec<String>,
    pub partnerships: Vec<CardPartnership>,
    pub figures: Vec<CardFigure>,
    /// Documents that mention the entity.
    pub documents: usize,
    pub stats: EntityStats,
}

/// Everything the sources say of `entity` (and of its products).
pub fn entity_card(index: &Index, knowledge: &Knowledge, analysis: &Analysis, entity: EntityId) -> EntityCard {
    let registry = &knowledge.registry;
    let e = registry.get(entity);
    let principal = registry.principal(entity);
    let products: Vec<EntityId> = registry.products_of(entity).map(|p| p.id).collect();
    let is_about = |id: EntityId| id == entity || products.contains(&id);

    let mut partnerships = Vec::new();
    let mut figures = Vec::new();
    let mut documents = 0;
    let mut docs: Vec<&std::sync::Arc<DocFacts>> = index.docs_about(entity).collect();
    for p in &products {
        docs.extend(index.docs_about(*p));
    }
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    docs.dedup_by(|a, b| a.path == b.path);
    for doc in docs {
        documents += 1;
        if doc.meta.kind != DocKind::Source {
            continue;
        }
        // One line per partner and document: the document's overall status.
        let mut by_partner: Vec<(EntityId, Vec<&crate::facts::Partnership>)> = Vec::new();
        for p in &doc.partnerships {
            let concerns = e.kind != EntityKind::Product || p.via == Some(entity);
            let partner = match (p.a == principal, p.b == principal) {
                (true, _) if concerns => p.b,
                (_, true) if concerns => p.a,
                _ => continue,
            };
            match by_partner.iter_mut().find(|(id, _)| *id == partner) {
                Some((_, list)) => list.push(p),
                None => by_partner.push((partner, vec![p])),
            }
        }
        for (partner, statements) in by_partner {
            let statuses: Vec<(Status, bool)> = statements.iter().map(|p| (p.status, p.headline)).collect();
            let Some(status) = Status::of_document(&statuses) else { continue };
            let Some(p) = statements.iter().find(|p| p.status == status) else { continue };
            let value = statements.iter().find_map(|p| doc.deal_value(p)).map(figure_value);
            partnerships.push(CardPartnership {
                partner: registry.get(partner).name.clone(),
                status,
                kind: statements.iter().find_map(|p| p.kind).map(|k| k.label().to_string()),
                via: statements.iter().find_map(|p| p.via).filter(|v| *v != entity).map(|v| registry.get(v).name.clone()),
                value,
                period: p.period.label().to_string(),
                hedged: p.hedged,
                source: SourceRef::new(doc, p.sentence.range()),
            });
        }
        for f in doc.figures.iter().filter(|f| is_about(f.subject) || f.counterparty.is_some_and(is_about)) {
            figures.push(card_figure(knowledge, doc, f, entity));
        }
    }
    partnerships.sort_by(|a, b| (&a.partner, b.source.date).cmp(&(&b.partner, a.source.date)));
    EntityCard {
        name: e.name.clone(),
        kind: e.kind,
        owner: e.owner.map(|o| registry.get(o).name.clone()),
        affiliation: e.affiliation.map(|o| registry.get(o).name.clone()),
        products: registry.products_of(entity).map(|p| p.name.clone()).collect(),
        partnerships,
        figures,
        documents,
        stats: analysis.stats.get(&entity).copied().unwrap_or_default(),
    }
}

fn card_figure(knowledge: &Knowledge, doc: &DocFacts, f: &Figure, entity: EntityId) -> CardFigure {
    let registry = &knowledge.registry;
    let metric = knowledge.lexicon.metric_label(&f.metric);
    let cadence = f.cadence.map(|c| format!("{} ", c.label())).unwrap_or_default();
    let with = f.counterparty.filter(|c| *c != entity).or(Some(f.subject).filter(|s| *s != entity && f.counterparty == Some(entity)));
    let metric = match with {
        Some(other) => format!("{cadence}{metric} with {}", registry.get(other).name),
        None => format!("{cadence}{metric}"),
    };
    let scope = f.scope.as_ref().map(|s| format!(" ({s})")).unwrap_or_default();
    CardFigure {
        about: (f.subject != entity && f.counterparty != Some(entity)).then(|| registry.get(f.subject).name.clone()),
        metric: format!("{metric}{scope}{}", if f.forecast { ", forecast" } else { "" }),
        value: figure_value(f),
        text: f.text.to_string(),
        period: f.period.label().to_string(),
        hedged: f.hedged,
        attribution: f.attribution.as_ref().map(|a| a.text.clone()),
        source: SourceRef::new(doc, f.sentence.range()),
    }
}

fn headline(card: &EntityCard) -> String {
    let mut line = card.kind.label().to_string();
    if let Some(owner) = &card.owner {
        let _ = write!(line, " of {owner}");
    }
    if let Some(company) = &card.affiliation {
        let _ = write!(line, " at {company}");
    }
    if !card.products.is_empty() {
        let _ = write!(line, " · products: {}", card.products.join(", "));
    }
    line
}

fn summary(card: &EntityCard) -> String {
    format!("{} document(s) · {} claim(s) agreed by several sources · {} conflict(s)", card.documents, card.stats.agreements, card.stats.conflicts)
}

fn status_text(status: Status, hedged: bool) -> String {
    if hedged && status != Status::Reported {
        format!("{} (hedged)", status.label())
    } else {
        status.label().to_string()
    }
}

fn escape_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Rows per table in a hover: past this the card says how many more there
/// are (a hover is read at a glance; `corroborate show` lists everything).
pub const MAX_HOVER_ROWS: usize = 12;

fn more_rows(out: &mut String, total: usize, name: &str) {
    if total > MAX_HOVER_ROWS {
        let _ = writeln!(out, "\n… and {} more (`corroborate show {name}` lists all)", total - MAX_HOVER_ROWS);
    }
}

/// The card as Markdown; `link` makes a URL for a place in a document.
/// Tables are capped at `MAX_HOVER_ROWS` rows.
pub fn render_markdown(card: &EntityCard, link: &dyn Fn(&SourceRef) -> String) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### {}\n", card.name);
    let _ = writeln!(out, "*{}*  \n{}\n", headline(card), summary(card));
    if !card.partnerships.is_empty() {
        let _ = writeln!(out, "**Partnerships**\n\n| Partner | Status | Kind | Value | Date | Source |\n|---|---|---|---|---|---|");
        for p in card.partnerships.iter().take(MAX_HOVER_ROWS) {
            let kind = match (&p.kind, &p.via) {
                (Some(k), Some(v)) => format!("{k} ({v})"),
                (Some(k), None) => k.clone(),
                (None, Some(v)) => format!("via {v}"),
                (None, None) => String::new(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | [{}]({}) |",
                escape_cell(&p.partner),
                status_text(p.status, p.hedged),
                escape_cell(&kind),
                p.value.as_deref().unwrap_or(""),
                escape_cell(&p.period),
                escape_cell(&source_label(&p.source)),
                link(&p.source)
            );
        }
        more_rows(&mut out, card.partnerships.len(), &card.name);
        out.push('\n');
    }
    if !card.figures.is_empty() {
        let _ = writeln!(out, "**Figures**\n\n| Metric | Value | Period | Source |\n|---|---|---|---|");
        for f in card.figures.iter().take(MAX_HOVER_ROWS) {
            let about = f.about.as_ref().map(|a| format!("{a}: ")).unwrap_or_default();
            let hedge = if f.hedged { " (hedged)" } else { "" };
            let by = f.attribution.as_ref().map(|a| format!(", per {a}")).unwrap_or_default();
            let _ = writeln!(
                out,
                "| {}{} | {}{hedge} | {} | [{}]({}){} |",
                escape_cell(&about),
                escape_cell(&f.metric),
                escape_cell(&f.value),
                escape_cell(&f.period),
                escape_cell(&source_label(&f.source)),
                link(&f.source),
                escape_cell(&by)
            );
        }
        more_rows(&mut out, card.figures.len(), &card.name);
    }
    if card.partnerships.is_empty() && card.figures.is_empty() {
        out.push_str("No partnership or figure stated by the sources.\n");
    }
    out
}

fn source_label(s: &SourceRef) -> String {
    let title = shorten(&s.title, 48);
    match s.date {
        Some(d) => format!("{title} · {d}"),
        None => title,
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

/// The card as plain text, for terminals and clients without Markdown.
/// Sources read `path:line`.
pub fn render_text(card: &EntityCard) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}\n{}", card.name, headline(card), summary(card));
    if !card.partnerships.is_empty() {
        let _ = writeln!(out, "\nPartnerships:");
        for p in &card.partnerships {
            let kind = p.kind.as_ref().map(|k| format!(", {k}")).unwrap_or_default();
            let via = p.via.as_ref().map(|v| format!(" via {v}")).unwrap_or_default();
            let value = p.value.as_ref().map(|v| format!(", {v}")).unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:<14} {:<20} {}{kind}{via}{value}\n  {:<14} ↳ {}:{} ({})",
                p.partner,
                status_text(p.status, p.hedged),
                p.period,
                "",
                p.source.path.display(),
                p.source.line + 1,
                source_label(&p.source)
            );
        }
    }
    if !card.figures.is_empty() {
        let _ = writeln!(out, "\nFigures:");
        for f in &card.figures {
            let about = f.about.as_ref().map(|a| format!("{a}: ")).unwrap_or_default();
            let hedge = if f.hedged { " (hedged)" } else { "" };
            let by = f.attribution.as_ref().map(|a| format!(", per {a}")).unwrap_or_default();
            let _ = writeln!(
                out,
                "  {about}{} = {}{hedge} ({}){by}\n    ↳ {}:{} «{}»",
                f.metric,
                f.value,
                f.period,
                f.source.path.display(),
                f.source.line + 1,
                f.text
            );
        }
    }
    if card.partnerships.is_empty() && card.figures.is_empty() {
        out.push_str("No partnership or figure stated by the sources.\n");
    }
    out
}

/// A cited document's card: title, date, outlet, opening and main facts.
pub fn document_markdown(doc: &DocFacts, knowledge: &Knowledge) -> String {
    let registry = &knowledge.registry;
    let mut out = format!("### {}\n\n", doc.meta.title);
    let mut facts = vec![format!("`{}`", doc.meta.id)];
    if let Some(d) = doc.meta.date {
        facts.push(d.to_string());
    }
    let outlets: Vec<String> = doc.meta.outlet.iter().map(|o| o.to_string()).chain(doc.outlets().iter().map(|o| registry.get(*o).name.clone())).collect();
    if !outlets.is_empty() {
        facts.push(outlets.join(", "));
    }
    facts.push(doc.meta.lang.code().to_string());
    let _ = writeln!(out, "{}\n\n> {}\n", facts.join(" · "), doc.snippet_line());
    for p in doc.partnerships.iter().take(6) {
        let _ = writeln!(out, "- {}–{}: {}", registry.get(p.a).name, registry.get(p.b).name, status_text(p.status, p.hedged));
    }
    for f in doc.figures.iter().take(6) {
        let _ = writeln!(out, "- {} {}: {}", registry.get(f.subject).name, knowledge.lexicon.metric_label(&f.metric), figure_value(f));
    }
    out
}

/// A figure's card: its normalized value and which sources agree or not.
pub fn figure_markdown(index: &Index, knowledge: &Knowledge, doc: &DocFacts, f: &Figure, tolerance: rust_decimal::Decimal) -> String {
    let registry = &knowledge.registry;
    let cadence = f.cadence.map(|c| format!("{} ", c.label())).unwrap_or_default();
    let mut out = format!(
        "**{}** — {}{} of {}\n\n{} · {}{}\n",
        figure_value(f),
        cadence,
        knowledge.lexicon.metric_label(&f.metric),
        registry.get(f.subject).name,
        f.period.label(),
        if f.hedged { "hedged" } else { "asserted" },
        f.attribution.as_ref().map(|a| format!(" · per {}", a.text)).unwrap_or_default()
    );
    let Some(key) = FigureKey::of(f) else { return out };
    let (mut agree, mut disagree) = (Vec::new(), Vec::new());
    for other in index.sources().filter(|d| d.path != doc.path) {
        for g in other.figures.iter().filter(|g| key.matches(g) && g.period.overlaps(&f.period)) {
            let line = format!("- {} `{}`: {}", other.meta.id, g.text, g.period.label());
            if values_agree(f, g, tolerance) {
                agree.push(line);
            } else {
                disagree.push(line);
            }
        }
    }
    if !agree.is_empty() {
        let _ = writeln!(out, "\nAgree:\n{}", agree.join("\n"));
    }
    if !disagree.is_empty() {
        let _ = writeln!(out, "\nDisagree:\n{}", disagree.join("\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::EntityStats;
    use crate::extract::Extractor;

    #[test]
    fn a_document_card_shows_the_opening_on_one_line() {
        let knowledge = Knowledge::builtin();
        let extractor = Extractor::new(knowledge.clone());
        let quote = |text: &str| {
            let card = document_markdown(&extractor.extract(std::path::Path::new("a.txt"), text, false), &knowledge);
            card.lines().find_map(|l| l.strip_prefix("> ")).unwrap_or_default().to_string()
        };
        assert_eq!(quote("Apple  signe avec\nAlibaba.\n\n   Le\tpartenariat est confirmé.\n"), "Apple signe avec Alibaba. Le partenariat est confirmé.");
        // Cut at the last space within 280 bytes, then "…".
        assert_eq!(quote(&"mot  \n".repeat(60)), format!("{}mot…", "mot ".repeat(46)));
    }

    #[test]
    fn hover_tables_are_capped_and_say_how_many_more() {
        let source = SourceRef { path: "a.txt".into(), id: "a".into(), title: "A".into(), date: None, range: 0..1, line: 0 };
        let row = CardPartnership {
            partner: "B".into(),
            status: Status::Confirmed,
            kind: None,
            via: None,
            value: None,
            period: "2025".into(),
            hedged: false,
            source: source.clone(),
        };
        let card = EntityCard {
            name: "Apple".into(),
            kind: EntityKind::Company,
            owner: None,
            affiliation: None,
            products: vec![],
            partnerships: vec![row; 40],
            figures: vec![],
            documents: 40,
            stats: EntityStats::default(),
        };
        let markdown = render_markdown(&card, &|s| s.path.display().to_string());
        assert_eq!(markdown.matches("| B | confirmed").count(), MAX_HOVER_ROWS);
        assert!(markdown.contains("… and 28 more (`corroborate show Apple` lists all)"), "{markdown}");
        assert_eq!(render_text(&card).matches("confirmed").count(), 40, "the terminal card lists everything");
    }
}
