//! When two figures agree: same key, compatible scope and period, and values
//! within tolerance once each is widened by its stated precision. All
//! arithmetic is decimal.

use rust_decimal::Decimal;

use crate::extract::figures::{GENERIC_MONEY, GENERIC_PERCENT};
use crate::facts::{Amount, Approx, Cadence, EntityId, Figure, Unit};

/// What must be equal for two figures to speak of the same quantity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FigureKey {
    pub subject: EntityId,
    pub metric: String,
    pub cadence: Option<Cadence>,
    pub counterparty: Option<EntityId>,
    pub forecast: bool,
    pub unit: String,
}

impl FigureKey {
    /// None for figures no other figure can be checked against (a bare
    /// amount with no metric).
    pub fn of(f: &Figure) -> Option<FigureKey> {
        if &*f.metric == GENERIC_MONEY || &*f.metric == GENERIC_PERCENT {
            return None;
        }
        let unit = match &f.unit {
            Unit::Currency(code) => code.clone(),
            Unit::Percent => "%".to_string(),
            Unit::PercentagePoints => "pp".to_string(),
            Unit::Count => "count".to_string(),
        };
        Some(FigureKey { subject: f.subject, metric: f.metric.to_string(), cadence: f.cadence, counterparty: f.counterparty, forecast: f.forecast, unit })
    }
}

/// Scopes agree when equal or when either is unstated.
pub fn scopes_compatible(a: &Figure, b: &Figure) -> bool {
    match (&a.scope, &b.scope) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// A closed interval; `None` bounds are unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub low: Option<Decimal>,
    pub high: Option<Decimal>,
}

/// The values a figure's text allows: "12 milliards" is 11.5 to 12.5
/// billion, "plus de 100" is 100 and up.
pub fn interval(f: &Figure) -> Interval {
    let half = f.precision / Decimal::TWO;
    let (low, high) = match &f.amount {
        Amount::Exact(v) => (*v, *v),
        Amount::Between(lo, hi) => (*lo, *hi),
    };
    match f.approx {
        Approx::MoreThan | Approx::AtLeast => Interval { low: Some(low - half), high: None },
        Approx::LessThan | Approx::AtMost => Interval { low: None, high: Some(high + half) },
        _ => Interval { low: Some(low - half), high: Some(high + half) },
    }
}

fn magnitude(f: &Figure) -> Decimal {
    match &f.amount {
        Amount::Exact(v) => v.abs(),
        Amount::Between(lo, hi) => lo.abs().max(hi.abs()),
    }
}

/// True when the two figures' values agree within `tolerance` (relative).
pub fn values_agree(a: &Figure, b: &Figure, tolerance: Decimal) -> bool {
    ValueSpan::of(a).agrees(&ValueSpan::of(b), tolerance)
}

/// A figure's interval and magnitude, computed once to compare it with
/// many others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValueSpan {
    pub interval: Interval,
    pub magnitude: Decimal,
}

impl ValueSpan {
    pub fn of(f: &Figure) -> ValueSpan {
        ValueSpan { interval: interval(f), magnitude: magnitude(f) }
    }

    /// `values_agree` of the two figures these spans were made from.
    pub fn agrees(&self, other: &ValueSpan, tolerance: Decimal) -> bool {
        let (x, y) = (self.interval, other.interval);
        let gap_up = match (y.low, x.high) {
            (Some(lo), Some(hi)) => lo - hi,
            _ => Decimal::MIN,
        };
        let gap_down = match (x.low, y.high) {
            (Some(lo), Some(hi)) => lo - hi,
            _ => Decimal::MIN,
        };
        let gap = gap_up.max(gap_down);
        if gap <= Decimal::ZERO {
            return true;
        }
        gap <= tolerance * self.magnitude.max(other.magnitude)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{Period, Span};
    use std::str::FromStr;

    fn fig(amount: Amount, precision: &str, approx: Approx) -> Figure {
        Figure {
            subject: EntityId(0),
            metric: "revenue".into(),
            cadence: None,
            scope: None,
            amount,
            unit: Unit::Currency("USD".into()),
            approx,
            precision: Decimal::from_str(precision).unwrap(),
            period: Period::Unknown,
            hedged: false,
            forecast: false,
            attribution: None,
            revises: false,
            counterparty: None,
            range: Span::default(),
            sentence: Span::default(),
            text: "".into(),
        }
    }

    fn exact(v: &str, p: &str) -> Figure {
        fig(Amount::Exact(Decimal::from_str(v).unwrap()), p, Approx::Exact)
    }

    #[test]
    fn precision_and_tolerance() {
        let tol = Decimal::from_str("0.05").unwrap();
        // "12 milliards" vs "$11.9bn": 11.5–12.5 overlaps 11.85–11.95.
        assert!(values_agree(&exact("12000000000", "1000000000"), &exact("11900000000", "100000000"), tol));
        // 650 vs 450 million users.
        assert!(!values_agree(&exact("650000000", "10000000"), &exact("450000000", "10000000"), tol));
        // 15 % vs 17 %: 14.5–15.5 and 16.5–17.5 are 1 point apart, over 5 % of 17.
        assert!(!values_agree(&exact("15", "1"), &exact("17", "1"), tol));
        // 15 % vs 16 %: the intervals touch.
        assert!(values_agree(&exact("15", "1"), &exact("16", "1"), tol));
        // "plus de 100" agrees with 150, not with 50.
        let more = fig(Amount::Exact(Decimal::from(100)), "1", Approx::MoreThan);
        assert!(values_agree(&more, &exact("150", "1"), tol));
        assert!(!values_agree(&more, &exact("50", "1"), tol));
        // "plusieurs milliards" (2–9 bn) agrees with 5 bn, not 20 bn.
        let several = fig(Amount::Between(Decimal::from(2_000_000_000u64), Decimal::from(9_000_000_000u64)), "1000000000", Approx::Vague);
        assert!(values_agree(&several, &exact("5000000000", "1000000000"), tol));
        assert!(!values_agree(&several, &exact("20000000000", "1000000000"), tol));
    }
}
