//! How facts read in messages, cards and the CLI: one place, so the hover,
//! the diagnostics and `corroborate show` say the same thing.

use crate::extract::figures::NO_CURRENCY;
use crate::extract::quantity::format_amount;
use crate::facts::{Approx, Figure, Unit};
use crate::lang::Lang;

/// "about 12 billion USD", "−11 %", "650 million users".
pub fn figure_value(f: &Figure) -> String {
    let approx = match f.approx {
        Approx::Exact | Approx::Vague => "",
        Approx::About => "about ",
        Approx::MoreThan => "more than ",
        Approx::AtLeast => "at least ",
        Approx::LessThan => "less than ",
        Approx::AtMost => "at most ",
    };
    let amount = match &f.unit {
        Unit::Currency(code) if code == NO_CURRENCY => format!("{} (currency not stated)", format_amount(&f.amount, &Unit::Count, Lang::En)),
        unit => format_amount(&f.amount, unit, Lang::En),
    };
    let vague = if f.approx == Approx::Vague { " (vague)" } else { "" };
    format!("{approx}{amount}{vague}")
}
