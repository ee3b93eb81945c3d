//! `corroborate facts`: every document, entity, partnership and figure, as
//! JSON (schema version 1, documented in the README) or text.

use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

use crate::document::DocKind;
use crate::facts::{Amount, Approx, Unit};
use crate::format::figure_value;
use crate::lang::Lang;
use crate::text::{Encoding, Position};
use crate::workspace::Workspace;

#[derive(Serialize)]
pub struct FactsReport {
    pub version: u32,
    pub documents: Vec<JsonDocument>,
    pub entities: Vec<JsonEntity>,
    pub partnerships: Vec<JsonPartnership>,
    pub figures: Vec<JsonFigure>,
}

#[derive(Serialize)]
pub struct JsonDocument {
    pub path: String,
    pub id: String,
    pub kind: DocKind,
    pub title: String,
    pub date: Option<String>,
    pub lang: Lang,
}

#[derive(Serialize)]
pub struct JsonMention {
    pub path: String,
    pub line: u32,
    pub character: u32,
    pub end: Position,
}

#[derive(Serialize)]
pub struct JsonEntity {
    pub name: String,
    pub kind: &'static str,
    pub mentions: Vec<JsonMention>,
}

#[derive(Serialize)]
pub struct JsonPartnership {
    pub a: String,
    pub b: String,
    pub status: &'static str,
    pub kind: Option<&'static str>,
    pub via: Option<String>,
    pub hedged: bool,
    pub value: Option<String>,
    pub period: String,
    pub path: String,
    pub line: u32,
}

#[derive(Serialize)]
#[serde(untagged)]
pub enum JsonValue {
    Number(f64),
    Interval { low: f64, high: f64 },
}

#[derive(Serialize)]
pub struct JsonFigure {
    pub entity: String,
    pub metric: String,
    pub cadence: Option<&'static str>,
    pub scope: Option<String>,
    pub counterparty: Option<String>,
    pub value: JsonValue,
    pub unit: String,
    pub period: String,
    pub approx: bool,
    pub hedged: bool,
    pub forecast: bool,
    pub attribution: Option<String>,
    pub text: String,
    pub path: String,
    pub line: u32,
}

fn number(v: &rust_decimal::Decimal) -> f64 {
    v.to_f64().unwrap_or(f64::NAN)
}

fn unit_name(unit: &Unit) -> String {
    match unit {
        Unit::Currency(code) => code.clone(),
        Unit::Percent => "percent".to_string(),
        Unit::PercentagePoints => "percentage_points".to_string(),
        Unit::Count => "count".to_string(),
    }
}

pub fn report(ws: &Workspace) -> FactsReport {
    let registry = &ws.knowledge().registry;
    let name = |id| registry.get(id).name.clone();
    let mut documents = Vec::new();
    let mut mentions: BTreeMap<String, (&'static str, Vec<JsonMention>)> = BTreeMap::new();
    let mut partnerships = Vec::new();
    let mut figures = Vec::new();
    for doc in ws.index().docs() {
        let path = doc.path.display().to_string();
        let line = |offset: usize| doc.line_map.position(offset, Encoding::Utf16).line;
        documents.push(JsonDocument {
            path: path.clone(),
            id: doc.meta.id.to_string(),
            kind: doc.meta.kind,
            title: doc.meta.title.to_string(),
            date: doc.meta.date.map(|d| d.to_string()),
            lang: doc.meta.lang,
        });
        for m in &doc.mentions {
            let start = doc.line_map.position(m.range.range().start, Encoding::Utf16);
            let end = doc.line_map.position(m.range.range().end, Encoding::Utf16);
            let entity = registry.get(m.entity);
            mentions.entry(entity.name.clone()).or_insert((entity.kind.label(), Vec::new())).1.push(JsonMention {
                path: path.clone(),
                line: start.line,
                character: start.character,
                end,
            });
        }
        for p in &doc.partnerships {
            partnerships.push(JsonPartnership {
                a: name(p.a),
                b: name(p.b),
                status: p.status.label(),
                kind: p.kind.map(|k| k.label()),
                via: p.via.map(name),
                hedged: p.hedged,
                value: doc.deal_value(p).map(figure_value),
                period: p.period.label().to_string(),
                path: path.clone(),
                line: line(p.range.range().start),
            });
        }
        for f in &doc.figures {
            figures.push(JsonFigure {
                entity: name(f.subject),
                metric: f.metric.to_string(),
                cadence: f.cadence.map(|c| c.label()),
                scope: f.scope.as_deref().map(str::to_string),
                counterparty: f.counterparty.map(name),
                value: match &f.amount {
                    Amount::Exact(v) => JsonValue::Number(number(v)),
                    Amount::Between(lo, hi) => JsonValue::Interval { low: number(lo), high: number(hi) },
                },
                unit: unit_name(&f.unit),
                period: f.period.label().to_string(),
                approx: f.approx != Approx::Exact,
                hedged: f.hedged,
                forecast: f.forecast,
                attribution: f.attribution.as_ref().map(|a| a.text.clone()),
                text: f.text.to_string(),
                path: path.clone(),
                line: line(f.range.range().start),
            });
        }
    }
    let entities = mentions.into_iter().map(|(name, (kind, mentions))| JsonEntity { name, kind, mentions }).collect();
    FactsReport { version: 1, documents, entities, partnerships, figures }
}

/// A readable listing, document by document.
pub fn render_text(ws: &Workspace) -> String {
    let registry = &ws.knowledge().registry;
    let lexicon = &ws.knowledge().lexicon;
    let name = |id| registry.get(id).name.as_str();
    let mut out = String::new();
    for doc in ws.index().docs() {
        let date = doc.meta.date.map(|d| d.to_string()).unwrap_or_else(|| "undated".to_string());
        let _ = writeln!(out, "{} [{}] {} · {} · {}", doc.path.display(), doc.meta.kind_label(), doc.meta.id, date, doc.meta.lang.code());
        let _ = writeln!(out, "  title: {}", doc.meta.title);
        let mut entities: Vec<&str> = doc.mentions.iter().map(|m| name(m.entity)).collect();
        entities.sort();
        entities.dedup();
        let _ = writeln!(out, "  entities: {}", entities.join(", "));
        for p in &doc.partnerships {
            let line = doc.line_map.line_of(p.range.range().start) + 1;
            let kind = p.kind.map(|k| format!(" ({})", k.label())).unwrap_or_default();
            let via = p.via.map(|v| format!(" via {}", name(v))).unwrap_or_default();
            let value = doc.deal_value(p).map(|f| format!(", {}", figure_value(f))).unwrap_or_default();
            let _ = writeln!(out, "  partnership {}–{}: {}{kind}{via}{value} · {} · line {line}", name(p.a), name(p.b), p.status.label(), p.period.label());
        }
        for f in &doc.figures {
            let line = doc.line_map.line_of(f.range.range().start) + 1;
            let cadence = f.cadence.map(|c| format!("{} ", c.label())).unwrap_or_default();
            let mut flags = Vec::new();
            if f.hedged {
                flags.push("hedged".to_string());
            }
            if f.forecast {
                flags.push("forecast".to_string());
            }
            if let Some(scope) = &f.scope {
                flags.push(scope.to_string());
            }
            if let Some(c) = f.counterparty {
                flags.push(format!("with {}", name(c)));
            }
            if let Some(a) = &f.attribution {
                flags.push(format!("per {}", a.text));
            }
            let flags = if flags.is_empty() { String::new() } else { format!(" [{}]", flags.join(", ")) };
            let _ = writeln!(
                out,
                "  figure {} {cadence}{} = {} · {} «{}»{flags} · line {line}",
                name(f.subject),
                lexicon.metric_label(&f.metric),
                figure_value(f),
                f.period.label(),
                f.text
            );
        }
        out.push('\n');
    }
    out
}
