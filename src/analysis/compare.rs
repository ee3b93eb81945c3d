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
        has_key(f).then(|| FigureKey {
            subject: f.subject,
            metric: f.metric.to_string(),
            cadence: f.cadence,
            counterparty: f.counterparty,
            forecast: f.forecast,
            unit: unit_key(&f.unit).to_string(),
        })
    }

    /// Whether `f`'s key is this one: `FigureKey::of(f) == Some(key)`,
    /// without building (and allocating) `f`'s key.
    pub fn matches(&self, f: &Figure) -> bool {
        has_key(f)
            && self.subject == f.subject
            && *self.metric == *f.metric
            && self.cadence == f.cadence
            && self.counterparty == f.counterparty
            && self.forecast == f.forecast
            && self.unit == unit_key(&f.unit)
    }
}

fn has_key(f: &Figure) -> bool {
    &*f.metric != GENERIC_MONEY && &*f.metric != GENERIC_PERCENT
}

fn unit_key(unit: &Unit) -> &str {
    match unit {
        Unit::Currency(code) => code,
        Unit::Percent => "%",
        Unit::PercentagePoints => "pp",
        Unit::Count => "count",
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
        Approx::MoreThan | Approx::AtLeast => Interval { low: Some(low.saturating_sub(half)), high: None },
        Approx::LessThan | Approx::AtMost => Interval { low: None, high: Some(high.saturating_add(half)) },
        _ => Interval { low: Some(low.saturating_sub(half)), high: Some(high.saturating_add(half)) },
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
    ValueSpan::of(a).agrees(&ValueSpan::of(b), &Tolerance::new(tolerance))
}

/// The relative tolerance, with its `f64` shadow (see `Shadow`).
#[derive(Debug, Clone, Copy)]
pub struct Tolerance {
    exact: Decimal,
    shadow: f64,
}

impl Tolerance {
    pub fn new(exact: Decimal) -> Tolerance {
        Tolerance { exact, shadow: shadow_of(exact) }
    }
}

/// A figure's interval and magnitude, computed once to compare it with
/// many others.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValueSpan {
    pub interval: Interval,
    pub magnitude: Decimal,
    shadow: Shadow,
}

/// `f64` shadows of a span's decimals: each within a few units in the last
/// place of its decimal (`shadow_of`), so a comparison whose shadows
/// differ by more than `SHADOW_MARGIN` of the numbers' size has the
/// decimals' answer. The rest, near a tie, are made in decimal. Decimal
/// arithmetic costs tens of instructions an operation, and a large group's
/// figures are sorted and compared by the thousand.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Shadow {
    /// -∞ for an unbounded low end, +∞ for an unbounded high end.
    low: f64,
    high: f64,
    magnitude: f64,
    /// The sum of the finite shadows' sizes: what errors scale with.
    size: f64,
}

/// Far above the shadows' relative error (about 10⁻¹⁶), far below any
/// difference a tolerance or a stated precision makes.
const SHADOW_MARGIN: f64 = 1e-9;

/// Within two units in the last place: the mantissa is rounded once to
/// f64, and the division by an f64 power of ten rounds once more (the
/// literals are correctly rounded; up to 10²² they are exact). Cheaper than
/// `Decimal::as_f64`, which divides 128-bit integers.
fn shadow_of(d: Decimal) -> f64 {
    const POWERS_OF_TEN: [f64; 29] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26,
        1e27, 1e28,
    ];
    let divisor = POWERS_OF_TEN.get(d.scale() as usize).copied().unwrap_or(1e28);
    d.mantissa() as f64 / divisor
}

impl Shadow {
    fn of(interval: Interval, magnitude: Decimal) -> Shadow {
        let low = interval.low.map_or(f64::NEG_INFINITY, shadow_of);
        let high = interval.high.map_or(f64::INFINITY, shadow_of);
        let magnitude = shadow_of(magnitude);
        let size = [low, high, magnitude].iter().filter(|v| v.is_finite()).map(|v| v.abs()).sum();
        Shadow { low, high, magnitude, size }
    }
}

impl ValueSpan {
    pub fn of(f: &Figure) -> ValueSpan {
        let (interval, magnitude) = (interval(f), magnitude(f));
        ValueSpan { interval, magnitude, shadow: Shadow::of(interval, magnitude) }
    }

    /// `values_agree` of the two figures these spans were made from: the
    /// intervals overlap, or the gap between them is within `tolerance` of
    /// the larger magnitude.
    pub fn agrees(&self, other: &ValueSpan, tolerance: &Tolerance) -> bool {
        let (x, y) = (&self.shadow, &other.shadow);
        // -∞ when a bound is open: no gap on that side.
        let gap = (y.low - x.high).max(x.low - y.high);
        let limit = (tolerance.shadow * x.magnitude.max(y.magnitude)).max(0.0);
        let margin = SHADOW_MARGIN * (x.size + y.size + limit);
        if gap < limit - margin {
            true
        } else if gap > limit + margin {
            false
        } else {
            self.agrees_exactly(other, tolerance.exact)
        }
    }

    /// As `agrees`, in decimal. Sums beyond the decimals' range saturate
    /// (a user's figure may be absurdly large; no answer is worth a panic).
    fn agrees_exactly(&self, other: &ValueSpan, tolerance: Decimal) -> bool {
        let (x, y) = (self.interval, other.interval);
        let gap_up = match (y.low, x.high) {
            (Some(lo), Some(hi)) => lo.saturating_sub(hi),
            _ => Decimal::MIN,
        };
        let gap_down = match (x.low, y.high) {
            (Some(lo), Some(hi)) => lo.saturating_sub(hi),
            _ => Decimal::MIN,
        };
        let gap = gap_up.max(gap_down);
        if gap <= Decimal::ZERO {
            return true;
        }
        gap <= tolerance.saturating_mul(self.magnitude.max(other.magnitude))
    }

    /// Orders spans by low end (unbounded first), then high end (unbounded
    /// last): `(low, high.is_none(), high)`, decided by the shadows unless
    /// they are within the margin of each other.
    pub fn cmp_bounds(&self, other: &ValueSpan) -> std::cmp::Ordering {
        let by_shadow = |a: f64, b: f64| {
            let margin = SHADOW_MARGIN * (self.shadow.size + other.shadow.size);
            if a == b || (a - b).abs() <= margin {
                None
            } else {
                a.partial_cmp(&b)
            }
        };
        let (x, y) = (self.interval, other.interval);
        let low = by_shadow(self.shadow.low, other.shadow.low).unwrap_or_else(|| x.low.cmp(&y.low));
        low.then_with(|| by_shadow(self.shadow.high, other.shadow.high).unwrap_or_else(|| (x.high.is_none(), x.high).cmp(&(y.high.is_none(), y.high))))
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

    #[test]
    fn a_key_matches_the_figures_it_is_the_key_of() {
        let base = exact("1", "1");
        let variants = [
            base.clone(),
            Figure { metric: "users".into(), ..base.clone() },
            Figure { metric: GENERIC_MONEY.into(), ..base.clone() },
            Figure { metric: GENERIC_PERCENT.into(), unit: Unit::Percent, ..base.clone() },
            Figure { subject: EntityId(1), ..base.clone() },
            Figure { unit: Unit::Currency("EUR".into()), ..base.clone() },
            Figure { unit: Unit::Percent, ..base.clone() },
            Figure { unit: Unit::PercentagePoints, ..base.clone() },
            Figure { unit: Unit::Count, ..base.clone() },
            Figure { unit: Unit::Currency("count".into()), ..base.clone() },
            Figure { forecast: true, ..base.clone() },
            Figure { counterparty: Some(EntityId(2)), ..base.clone() },
            Figure { cadence: Some(crate::facts::Cadence::Annual), ..base.clone() },
            Figure { scope: Some("China".into()), ..base.clone() },
        ];
        for f in &variants {
            for g in &variants {
                let expected = FigureKey::of(f).is_some() && FigureKey::of(f) == FigureKey::of(g);
                assert_eq!(FigureKey::of(f).is_some_and(|key| key.matches(g)), expected, "{f:?} / {g:?}");
            }
        }
    }

    /// Decimals of every size, and near ties: the shadows must never
    /// change an answer.
    fn decimal() -> impl proptest::strategy::Strategy<Value = Decimal> {
        use proptest::prelude::*;
        prop_oneof![
            (-1_000_000i64..1_000_000, 0u32..6).prop_map(|(m, s)| Decimal::new(m, s)),
            (0i64..=i64::MAX, 0u32..28).prop_map(|(m, s)| Decimal::new(m, s)),
            (1i64..1000, 0u32..12).prop_map(|(m, e)| Decimal::from(m) * Decimal::from(10i64.pow(e))),
        ]
    }

    fn span(amount: Amount, precision: Decimal, approx: Approx) -> ValueSpan {
        ValueSpan::of(&Figure { precision, ..fig(amount, "1", approx) })
    }

    fn any_span() -> impl proptest::strategy::Strategy<Value = ValueSpan> {
        use proptest::prelude::*;
        let approx = prop::sample::select(vec![Approx::Exact, Approx::MoreThan, Approx::AtMost, Approx::About, Approx::Vague]);
        (decimal(), decimal(), prop::bool::ANY, decimal(), approx).prop_map(|(a, b, between, p, approx)| {
            let amount = if between { Amount::Between(a.min(b), a.max(b)) } else { Amount::Exact(a) };
            span(amount, p.abs(), approx)
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        #[test]
        fn shadows_give_the_decimal_answers(x in any_span(), y in any_span(), tol in decimal(), near in proptest::bool::ANY, nudge in -3i64..=3, nudge_scale in 0u32..28) {
            // Half the cases: y's low end at x's high end plus the tolerance,
            // or a hair off it, where only the decimals can tell.
            let y = if near {
                let (Some(high), Some(low)) = (x.interval.high, y.interval.low) else { return Ok(()) };
                let Some(edge) = tol.abs().checked_mul(x.magnitude.max(y.magnitude)).and_then(|t| high.checked_add(t)) else { return Ok(()) };
                let shift = edge.checked_sub(low).and_then(|s| s.checked_add(Decimal::new(nudge, nudge_scale))).unwrap_or_default();
                let moved = |b: Option<Decimal>| b.and_then(|b| b.checked_add(shift));
                let interval = Interval { low: moved(y.interval.low), high: moved(y.interval.high) };
                ValueSpan { interval, magnitude: y.magnitude, shadow: Shadow::of(interval, y.magnitude) }
            } else {
                y
            };
            let tolerance = Tolerance::new(tol.abs());
            proptest::prop_assert_eq!(x.agrees(&y, &tolerance), x.agrees_exactly(&y, tol.abs()));
            let exact = |s: &ValueSpan| (s.interval.low, s.interval.high.is_none(), s.interval.high);
            proptest::prop_assert_eq!(x.cmp_bounds(&y), exact(&x).cmp(&exact(&y)));
        }
    }
}
