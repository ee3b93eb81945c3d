//! The plain data model every layer shares: what a document states, as
//! values with byte ranges into its text. No I/O, no protocol types.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;

pub use crate::extract::quantity::{Amount, Approx, Unit};
pub use crate::knowledge::{EntityId, EntityKind};
pub use crate::text::Span;

/// How far a relation between two parties has gone, as a sentence states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Confirmed,
    /// Confirmed, but hedged ("aurait opté pour", "reportedly").
    Reported,
    Negotiating,
    Considered,
    /// Refused or failed talks.
    Rejected,
    Ended,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Reported => "reported",
            Status::Negotiating => "negotiating",
            Status::Considered => "considered",
            Status::Rejected => "rejected",
            Status::Ended => "ended",
        }
    }

    /// When several cues speak of one pair, the most decisive one wins.
    pub fn strength(self) -> u8 {
        match self {
            Status::Rejected => 5,
            Status::Ended => 4,
            Status::Negotiating => 3,
            Status::Considered => 2,
            Status::Confirmed | Status::Reported => 1,
        }
    }

    /// Whether a relation with this status is (or was) in force.
    pub fn is_positive(self) -> bool {
        matches!(self, Status::Confirmed | Status::Reported)
    }

    pub fn is_negative(self) -> bool {
        matches!(self, Status::Rejected | Status::Ended)
    }

    /// What one document says of a pair overall, from its statements
    /// (status, stated in a headline): body statements outweigh headlines
    /// (a headline asserts what the body may only report); the most
    /// decisive status wins; between confirmed and reported the majority
    /// wins, and a tie is reported.
    pub fn of_document(statements: &[(Status, bool)]) -> Option<Status> {
        let body: Vec<Status> = statements.iter().filter(|(_, headline)| !headline).map(|(s, _)| *s).collect();
        let pool: Vec<Status> = if body.is_empty() { statements.iter().map(|(s, _)| *s).collect() } else { body };
        let strongest = pool.iter().map(|s| s.strength()).max()?;
        if strongest > Status::Confirmed.strength() {
            return pool.into_iter().find(|s| s.strength() == strongest);
        }
        let confirmed = pool.iter().filter(|s| **s == Status::Confirmed).count();
        let reported = pool.len() - confirmed;
        Some(if confirmed > reported { Status::Confirmed } else { Status::Reported })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PartnershipKind {
    Model,
    Cloud,
    Investment,
    Distribution,
    Design,
}

impl PartnershipKind {
    pub fn parse(word: &str) -> Option<PartnershipKind> {
        match word {
            "model" => Some(PartnershipKind::Model),
            "cloud" => Some(PartnershipKind::Cloud),
            "investment" => Some(PartnershipKind::Investment),
            "distribution" => Some(PartnershipKind::Distribution),
            "design" => Some(PartnershipKind::Design),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PartnershipKind::Model => "model",
            PartnershipKind::Cloud => "cloud",
            PartnershipKind::Investment => "investment",
            PartnershipKind::Distribution => "distribution",
            PartnershipKind::Design => "design",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cadence {
    Daily,
    Weekly,
    Monthly,
    Annual,
}

impl Cadence {
    pub fn parse(word: &str) -> Option<Cadence> {
        match word {
            "daily" => Some(Cadence::Daily),
            "weekly" => Some(Cadence::Weekly),
            "monthly" => Some(Cadence::Monthly),
            "annual" => Some(Cadence::Annual),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Cadence::Daily => "daily",
            Cadence::Weekly => "weekly",
            Cadence::Monthly => "monthly",
            Cadence::Annual => "annual",
        }
    }
}

/// A calendar day. Months and days are 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD` (more text may follow).
    pub fn parse_iso(text: &str) -> Option<Date> {
        let text = text.trim();
        let year = text.get(0..4)?.parse().ok()?;
        if text.get(4..5)? != "-" || text.get(7..8)? != "-" {
            return None;
        }
        Date::new(year, text.get(5..7)?.parse().ok()?, text.get(8..10)?.parse().ok()?)
    }

    pub fn month_start(year: i32, month: u8) -> Date {
        Date { year, month, day: 1 }
    }

    pub fn month_end(year: i32, month: u8) -> Date {
        Date { year, month, day: days_in_month(year, month) }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// The time a figure or relation holds for: an inclusive span of days with
/// a human label ("2024", "June 2025", "Q4 2024"), or unknown.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Period {
    Unknown,
    Span { start: Date, end: Date, label: Box<str> },
}

impl Period {
    pub fn year(year: i32) -> Period {
        Period::Span { start: Date::month_start(year, 1), end: Date::month_end(year, 12), label: year.to_string().into() }
    }

    pub fn months(year: i32, first: u8, last: u8, label: String) -> Period {
        Period::Span { start: Date::month_start(year, first), end: Date::month_end(year, last), label: label.into() }
    }

    pub fn is_known(&self) -> bool {
        !matches!(self, Period::Unknown)
    }

    /// Unknown periods overlap everything (callers lower the severity).
    pub fn overlaps(&self, other: &Period) -> bool {
        match (self, other) {
            (Period::Span { start: a0, end: a1, .. }, Period::Span { start: b0, end: b1, .. }) => a0 <= b1 && b0 <= a1,
            _ => true,
        }
    }

    pub fn label(&self) -> &str {
        match self {
            Period::Unknown => "unknown period",
            Period::Span { label, .. } => label,
        }
    }
}

/// Who a source says the statement comes from ("selon Reuters").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    pub entity: Option<EntityId>,
    /// The words as written: "Reuters", "une source proche de la société".
    pub text: String,
    pub range: Range<usize>,
}

/// A stretch of text naming a registered entity, as extraction finds and
/// works with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub entity: EntityId,
    pub range: Range<usize>,
}

/// A `Mention` as `DocFacts` keeps it: twelve bytes instead of
/// twenty-four (a document has dozens).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredMention {
    pub entity: EntityId,
    pub range: Span,
}

impl From<&Mention> for StoredMention {
    fn from(m: &Mention) -> StoredMention {
        StoredMention { entity: m.entity, range: Span::from(&m.range) }
    }
}

/// A number a sentence states about an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub subject: EntityId,
    /// A metric id from the lexicon: "revenue", "users", "market_share"…
    pub metric: Box<str>,
    pub cadence: Option<Cadence>,
    /// Geographic scope when stated ("China").
    pub scope: Option<Box<str>>,
    pub amount: Amount,
    pub unit: Unit,
    pub approx: Approx,
    /// Size of the last stated digit, scaled: how precise the text is.
    #[serde(with = "rust_decimal::serde::str")]
    pub precision: Decimal,
    pub period: Period,
    pub hedged: bool,
    /// A target or forecast ("prévoit", "objectif"), never compared with
    /// results.
    pub forecast: bool,
    /// Boxed: rare, and large.
    pub attribution: Option<Box<Attribution>>,
    /// The sentence says "désormais"/"now": it updates older figures.
    pub revises: bool,
    /// For a deal's value: the other party of the deal.
    pub counterparty: Option<EntityId>,
    /// The quantity's range ("12 milliards de dollars").
    pub range: Span,
    pub sentence: Span,
    /// The quantity as written.
    pub text: Box<str>,
}

/// A relation between two parties, as one sentence states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partnership {
    /// The acting party (who chooses, pays, uses…).
    pub a: EntityId,
    /// The other party.
    pub b: EntityId,
    pub status: Status,
    pub kind: Option<PartnershipKind>,
    pub hedged: bool,
    /// Index into the document's figures of the deal's value, if stated.
    pub deal_value: Option<u32>,
    /// A product through which the relation goes (Gemini for Apple–Google).
    pub via: Option<EntityId>,
    pub period: Period,
    /// Stated in a headline (a short line with no closing punctuation).
    pub headline: bool,
    /// The range naming the other party (or the trigger when it is implied).
    pub range: Span,
    pub sentence: Span,
}

impl Partnership {
    /// The pair in a canonical order, so a–b and b–a group together.
    pub fn pair(&self) -> (EntityId, EntityId) {
        if self.a <= self.b {
            (self.a, self.b)
        } else {
            (self.b, self.a)
        }
    }
}
