//! Behaviour of the quantity grammar at a glance: each row is an input,
//! its language, and one line per quantity found:
//! `"matched text" @start..end → amount unit approx prec=… [scaled] [bare]`
//! (∅ when nothing is found). Byte offsets are checked, not char offsets.

use super::*;
use expect_test::{expect, Expect};
use proptest::prelude::*;
use std::fmt::Write as _;
use std::str::FromStr;
use Lang::{En, Fr};

fn unit_label(unit: &Unit) -> String {
    match unit {
        Unit::Currency(code) => code.clone(),
        Unit::Percent => "%".into(),
        Unit::PercentagePoints => "pp".into(),
        Unit::Count => "count".into(),
    }
}

fn approx_label(approx: Approx) -> &'static str {
    match approx {
        Approx::Exact => "exact",
        Approx::About => "about",
        Approx::MoreThan => "more-than",
        Approx::AtLeast => "at-least",
        Approx::LessThan => "less-than",
        Approx::AtMost => "at-most",
        Approx::Vague => "vague",
    }
}

fn amount_label(amount: &Amount) -> String {
    match amount {
        Amount::Exact(v) => format!("Exact({})", v.normalize()),
        Amount::Between(a, b) => format!("Between({}, {})", a.normalize(), b.normalize()),
    }
}

fn find(text: &str, lang: Lang) -> Vec<Quantity> {
    find_quantities(text, lang, QuantityLexicon::builtin())
}

fn render(text: &str, lang: Lang) -> String {
    let lines: Vec<String> = find(text, lang)
        .into_iter()
        .map(|q| {
            let matched = text.get(q.range.clone()).unwrap_or("<not a char boundary>");
            let mut line = format!(
                "{matched:?} @{}..{} → {} {} {} prec={}",
                q.range.start,
                q.range.end,
                amount_label(&q.amount),
                unit_label(&q.unit),
                approx_label(q.approx),
                q.precision.normalize()
            );
            if q.scaled {
                line.push_str(" scaled");
            }
            if q.bare {
                line.push_str(" bare");
            }
            line
        })
        .collect();
    if lines.is_empty() {
        "∅".into()
    } else {
        lines.join("\n")
    }
}

fn check(cases: &[(&str, Lang, Expect)]) {
    for (text, lang, expected) in cases {
        expected.assert_eq(&render(text, *lang));
    }
}

#[test]
fn french_amounts_with_scales_and_currencies() {
    check(&[
        (
            "12 milliards de dollars",
            Fr,
            expect![[
                r#""12 milliards de dollars" @0..23 → Exact(12000000000) USD exact prec=1000000000 scaled"#
            ]],
        ),
        (
            "les 90 milliards de dollars annuels que Google investit",
            Fr,
            expect![[
                r#""90 milliards de dollars" @4..27 → Exact(90000000000) USD exact prec=1000000000 scaled"#
            ]],
        ),
        (
            "atteignant 650 millions d'utilisateurs mensuels",
            Fr,
            expect![[
                r#""650 millions" @11..23 → Exact(650000000) count exact prec=1000000 scaled"#
            ]],
        ),
        (
            "Google Cloud, qui a gagné 43 milliards de dollars en 2024",
            Fr,
            expect![[
                r#""43 milliards de dollars" @27..50 → Exact(43000000000) USD exact prec=1000000000 scaled"#
            ]],
        ),
        (
            "Elle espère lever environ 100 milliards de dollars",
            Fr,
            expect![[
                r#""environ 100 milliards de dollars" @19..51 → Exact(100000000000) USD about prec=1000000000 scaled"#
            ]],
        ),
        (
            "1,5 milliard d'euros",
            Fr,
            expect![[
                r#""1,5 milliard d'euros" @0..20 → Exact(1500000000) EUR exact prec=100000000 scaled"#
            ]],
        ),
        (
            "1,5 milliard d’euros",
            Fr,
            expect![[
                r#""1,5 milliard d’euros" @0..22 → Exact(1500000000) EUR exact prec=100000000 scaled"#
            ]],
        ),
        (
            "12 Md$",
            Fr,
            expect![[r#""12 Md$" @0..6 → Exact(12000000000) USD exact prec=1000000000 scaled"#]],
        ),
        (
            "12 Mds $",
            Fr,
            expect![[r#""12 Mds $" @0..8 → Exact(12000000000) USD exact prec=1000000000 scaled"#]],
        ),
        (
            "3 M€",
            Fr,
            expect![[r#""3 M€" @0..6 → Exact(3000000) EUR exact prec=1000000 scaled"#]],
        ),
        (
            "5 millions €",
            Fr,
            expect![[r#""5 millions €" @0..14 → Exact(5000000) EUR exact prec=1000000 scaled"#]],
        ),
        (
            "CHF 3 millions",
            Fr,
            expect![[r#""CHF 3 millions" @0..14 → Exact(3000000) CHF exact prec=1000000 scaled"#]],
        ),
        (
            "3 millions de francs suisses",
            Fr,
            expect![[
                r#""3 millions de francs suisses" @0..28 → Exact(3000000) CHF exact prec=1000000 scaled"#
            ]],
        ),
        (
            "10 milliards de yuans",
            Fr,
            expect![[
                r#""10 milliards de yuans" @0..21 → Exact(10000000000) CNY exact prec=1000000000 scaled"#
            ]],
        ),
        (
            "2 milliards de livres sterling",
            Fr,
            expect![[
                r#""2 milliards de livres sterling" @0..30 → Exact(2000000000) GBP exact prec=1000000000 scaled"#
            ]],
        ),
        (
            "12 euros et 100 USD",
            Fr,
            expect![[r#"
            "12 euros" @0..8 → Exact(12) EUR exact prec=1
            "100 USD" @12..19 → Exact(100) USD exact prec=1"#]],
        ),
        (
            "15 mille personnes",
            Fr,
            expect![[r#""15 mille" @0..8 → Exact(15000) count exact prec=1000 scaled"#]],
        ),
        (
            "1 000 milliards de dollars",
            Fr,
            expect![[
                r#""1 000 milliards de dollars" @0..26 → Exact(1000000000000) USD exact prec=1000000000 scaled"#
            ]],
        ),
    ]);
}

#[test]
fn english_amounts_with_scales_and_currencies() {
    check(&[
        (
            "$12 billion",
            En,
            expect![[
                r#""$12 billion" @0..11 → Exact(12000000000) USD exact prec=1000000000 scaled"#
            ]],
        ),
        (
            "revenue of $11.9bn last year",
            En,
            expect![[r#""$11.9bn" @11..18 → Exact(11900000000) USD exact prec=100000000 scaled"#]],
        ),
        (
            "€1.5bn",
            En,
            expect![[r#""€1.5bn" @0..8 → Exact(1500000000) EUR exact prec=100000000 scaled"#]],
        ),
        (
            "US$3 billion",
            En,
            expect![[
                r#""US$3 billion" @0..12 → Exact(3000000000) USD exact prec=1000000000 scaled"#
            ]],
        ),
        (
            "£2m",
            En,
            expect![[r#""£2m" @0..4 → Exact(2000000) GBP exact prec=1000000 scaled"#]],
        ),
        (
            "800 million weekly active users",
            En,
            expect![[r#""800 million" @0..11 → Exact(800000000) count exact prec=1000000 scaled"#]],
        ),
        (
            "12 billion dollars",
            En,
            expect![[
                r#""12 billion dollars" @0..18 → Exact(12000000000) USD exact prec=1000000000 scaled"#
            ]],
        ),
        (
            "EUR 3bn and 5 CHF",
            En,
            expect![[r#"
            "EUR 3bn" @0..7 → Exact(3000000000) EUR exact prec=1000000000 scaled
            "5 CHF" @12..17 → Exact(5) CHF exact prec=1"#]],
        ),
        (
            "¥500 billion",
            En,
            expect![[
                r#""¥500 billion" @0..13 → Exact(500000000000) JPY exact prec=1000000000 scaled"#
            ]],
        ),
        (
            "$3M and 3M€",
            En,
            expect![[r#"
            "$3M" @0..3 → Exact(3000000) USD exact prec=1000000 scaled
            "3M€" @8..13 → Exact(3000000) EUR exact prec=1000000 scaled"#]],
        ),
        (
            "2 thousand",
            En,
            expect![[r#""2 thousand" @0..10 → Exact(2000) count exact prec=1000 scaled"#]],
        ),
    ]);
}

#[test]
fn long_scale_in_french_short_scale_in_english() {
    check(&[
        (
            "1 billion d'euros",
            Fr,
            expect![[
                r#""1 billion d'euros" @0..17 → Exact(1000000000000) EUR exact prec=1000000000000 scaled"#
            ]],
        ),
        (
            "2 trillions",
            Fr,
            expect![[
                r#""2 trillions" @0..11 → Exact(2000000000000000000) count exact prec=1000000000000000000 scaled"#
            ]],
        ),
        (
            "1 billion euros",
            En,
            expect![[
                r#""1 billion euros" @0..15 → Exact(1000000000) EUR exact prec=1000000000 scaled"#
            ]],
        ),
        (
            "$1 trillion",
            En,
            expect![[
                r#""$1 trillion" @0..11 → Exact(1000000000000) USD exact prec=1000000000000 scaled"#
            ]],
        ),
        (
            "$2.5bn dans un article français",
            Fr,
            expect![[r#""$2.5bn" @0..6 → Exact(2500000000) USD exact prec=100000000 scaled"#]],
        ),
    ]);
}

#[test]
fn spelled_numbers() {
    check(&[
        (
            "deux milliards",
            Fr,
            expect![[
                r#""deux milliards" @0..14 → Exact(2000000000) count exact prec=1000000000 scaled"#
            ]],
        ),
        (
            "trois cents millions",
            Fr,
            expect![[
                r#""trois cents millions" @0..20 → Exact(300000000) count exact prec=100000000 scaled"#
            ]],
        ),
        (
            "un milliard de dollars",
            Fr,
            expect![[
                r#""un milliard de dollars" @0..22 → Exact(1000000000) USD exact prec=1000000000 scaled"#
            ]],
        ),
        (
            "un demi-milliard",
            Fr,
            expect![[
                r#""un demi-milliard" @0..16 → Exact(500000000) count exact prec=100000000 scaled"#
            ]],
        ),
        (
            "un milliard et demi d'euros",
            Fr,
            expect![[
                r#""un milliard et demi d'euros" @0..27 → Exact(1500000000) EUR exact prec=100000000 scaled"#
            ]],
        ),
        (
            "quatre-vingt-dix millions",
            Fr,
            expect![[
                r#""quatre-vingt-dix millions" @0..25 → Exact(90000000) count exact prec=10000000 scaled"#
            ]],
        ),
        (
            "a billion",
            En,
            expect![[
                r#""a billion" @0..9 → Exact(1000000000) count exact prec=1000000000 scaled"#
            ]],
        ),
        (
            "one million",
            En,
            expect![[r#""one million" @0..11 → Exact(1000000) count exact prec=1000000 scaled"#]],
        ),
        (
            "two billion dollars",
            En,
            expect![[
                r#""two billion dollars" @0..19 → Exact(2000000000) USD exact prec=1000000000 scaled"#
            ]],
        ),
        (
            "half a billion",
            En,
            expect![[
                r#""half a billion" @0..14 → Exact(500000000) count exact prec=100000000 scaled"#
            ]],
        ),
        (
            "two hundred and fifty million",
            En,
            expect![[
                r#""two hundred and fifty million" @0..29 → Exact(250000000) count exact prec=10000000 scaled"#
            ]],
        ),
        (
            "Deux autres marques",
            Fr,
            expect![[r#""Deux" @0..4 → Exact(2) count exact prec=1 bare"#]],
        ),
        ("un modèle, un téléphone neuf", Fr, expect!["∅"]),
        ("one of the largest, a deal", En, expect!["∅"]),
    ]);
}

#[test]
fn approximations() {
    check(&[
        (
            "environ 12 milliards",
            Fr,
            expect![[
                r#""environ 12 milliards" @0..20 → Exact(12000000000) count about prec=1000000000 scaled"#
            ]],
        ),
        (
            "près de 43 milliards",
            Fr,
            expect![[
                r#""près de 43 milliards" @0..21 → Exact(43000000000) count about prec=1000000000 scaled"#
            ]],
        ),
        (
            "près d'un milliard",
            Fr,
            expect![[
                r#""près d'un milliard" @0..19 → Exact(1000000000) count about prec=1000000000 scaled"#
            ]],
        ),
        (
            "quelque 300 salariés",
            Fr,
            expect![[r#""quelque 300" @0..11 → Exact(300) count about prec=1 bare"#]],
        ),
        (
            "autour de 5 %",
            Fr,
            expect![[r#""autour de 5 %" @0..13 → Exact(5) % about prec=1"#]],
        ),
        (
            "approximativement 7 millions",
            Fr,
            expect![[
                r#""approximativement 7 millions" @0..28 → Exact(7000000) count about prec=1000000 scaled"#
            ]],
        ),
        (
            "plus de 1 000 employés",
            Fr,
            expect![[r#""plus de 1 000" @0..13 → Exact(1000) count more-than prec=1 bare"#]],
        ),
        (
            "au moins 2 milliards",
            Fr,
            expect![[
                r#""au moins 2 milliards" @0..20 → Exact(2000000000) count at-least prec=1000000000 scaled"#
            ]],
        ),
        (
            "moins de 5 %",
            Fr,
            expect![[r#""moins de 5 %" @0..12 → Exact(5) % less-than prec=1"#]],
        ),
        (
            "jusqu’à 100 milliards de dollars",
            Fr,
            expect![[
                r#""jusqu’à 100 milliards de dollars" @0..35 → Exact(100000000000) USD at-most prec=1000000000 scaled"#
            ]],
        ),
        (
            "about $12 billion",
            En,
            expect![[
                r#""about $12 billion" @0..17 → Exact(12000000000) USD about prec=1000000000 scaled"#
            ]],
        ),
        (
            "around 5%",
            En,
            expect![[r#""around 5%" @0..9 → Exact(5) % about prec=1"#]],
        ),
        (
            "roughly 3 million",
            En,
            expect![[
                r#""roughly 3 million" @0..17 → Exact(3000000) count about prec=1000000 scaled"#
            ]],
        ),
        (
            "nearly $1 trillion",
            En,
            expect![[
                r#""nearly $1 trillion" @0..18 → Exact(1000000000000) USD about prec=1000000000000 scaled"#
            ]],
        ),
        (
            "almost 40 percent",
            En,
            expect![[r#""almost 40 percent" @0..17 → Exact(40) % about prec=1"#]],
        ),
        (
            "some 12 billion",
            En,
            expect![[
                r#""some 12 billion" @0..15 → Exact(12000000000) count about prec=1000000000 scaled"#
            ]],
        ),
        (
            "more than 1,500",
            En,
            expect![[r#""more than 1,500" @0..15 → Exact(1500) count more-than prec=1 bare"#]],
        ),
        (
            "over 20%",
            En,
            expect![[r#""over 20%" @0..8 → Exact(20) % more-than prec=1"#]],
        ),
        (
            "at least 2 billion",
            En,
            expect![[
                r#""at least 2 billion" @0..18 → Exact(2000000000) count at-least prec=1000000000 scaled"#
            ]],
        ),
        (
            "less than 5%",
            En,
            expect![[r#""less than 5%" @0..12 → Exact(5) % less-than prec=1"#]],
        ),
        (
            "under $3bn",
            En,
            expect![[
                r#""under $3bn" @0..10 → Exact(3000000000) USD less-than prec=1000000000 scaled"#
            ]],
        ),
        (
            "up to 100 billion dollars",
            En,
            expect![[
                r#""up to 100 billion dollars" @0..25 → Exact(100000000000) USD at-most prec=1000000000 scaled"#
            ]],
        ),
        (
            "~12%",
            En,
            expect![[r#""~12%" @0..4 → Exact(12) % about prec=1"#]],
        ),
    ]);
}

#[test]
fn ranges() {
    check(&[
        (
            "entre 10 et 12 milliards de dollars",
            Fr,
            expect![[
                r#""entre 10 et 12 milliards de dollars" @0..35 → Between(10000000000, 12000000000) USD exact prec=1000000000 scaled"#
            ]],
        ),
        (
            "de 10 à 12 milliards",
            Fr,
            expect![[
                r#""de 10 à 12 milliards" @0..21 → Between(10000000000, 12000000000) count exact prec=1000000000 scaled"#
            ]],
        ),
        (
            "une hausse de 10 à 12 %",
            Fr,
            expect![[r#""de 10 à 12 %" @11..24 → Between(10, 12) % exact prec=1"#]],
        ),
        (
            "10-12 milliards",
            Fr,
            expect![[
                r#""10-12 milliards" @0..15 → Between(10000000000, 12000000000) count exact prec=1000000000 scaled"#
            ]],
        ),
        (
            "entre 500 millions et 1 milliard d'euros",
            Fr,
            expect![[
                r#""entre 500 millions et 1 milliard d'euros" @0..40 → Between(500000000, 1000000000) EUR exact prec=1000000 scaled"#
            ]],
        ),
        (
            "deux à trois milliards",
            Fr,
            expect![[
                r#""deux à trois milliards" @0..23 → Between(2000000000, 3000000000) count exact prec=1000000000 scaled"#
            ]],
        ),
        (
            "plus de 10 à 12 milliards",
            Fr,
            expect![[
                r#""plus de 10 à 12 milliards" @0..26 → Between(10000000000, 12000000000) count more-than prec=1000000000 scaled"#
            ]],
        ),
        (
            "between 10 and 12 billion",
            En,
            expect![[
                r#""between 10 and 12 billion" @0..25 → Between(10000000000, 12000000000) count exact prec=1000000000 scaled"#
            ]],
        ),
        (
            "$10-12bn",
            En,
            expect![[
                r#""$10-12bn" @0..8 → Between(10000000000, 12000000000) USD exact prec=1000000000 scaled"#
            ]],
        ),
        (
            "10 to 12 percent",
            En,
            expect![[r#""10 to 12 percent" @0..16 → Between(10, 12) % exact prec=1"#]],
        ),
        (
            "between $10 and $12 billion",
            En,
            expect![[
                r#""between $10 and $12 billion" @0..27 → Between(10000000000, 12000000000) USD exact prec=1000000000 scaled"#
            ]],
        ),
        (
            "from 3% to 5 million users",
            En,
            expect![[r#"
            "3%" @5..7 → Exact(3) % exact prec=1
            "5 million" @11..20 → Exact(5000000) count exact prec=1000000 scaled"#]],
        ),
        (
            "10 et 12 milliards",
            Fr,
            expect![[r#"
            "10" @0..2 → Exact(10) count exact prec=1 bare
            "12 milliards" @6..18 → Exact(12000000000) count exact prec=1000000000 scaled"#]],
        ),
        ("entre 2020 et 2024", Fr, expect!["∅"]),
    ]);
}

#[test]
fn vague_amounts() {
    check(&[
        (
            "Apple paie plusieurs milliards à Google",
            Fr,
            expect![[
                r#""plusieurs milliards" @11..30 → Between(2000000000, 9000000000) count vague prec=1000000000 scaled"#
            ]],
        ),
        (
            "quelques millions d'euros",
            Fr,
            expect![[
                r#""quelques millions d'euros" @0..25 → Between(2000000, 5000000) EUR vague prec=1000000 scaled"#
            ]],
        ),
        (
            "des milliards de dollars",
            Fr,
            expect![[
                r#""des milliards de dollars" @0..24 → Between(2000000000, 999000000000) USD vague prec=1000000000 scaled"#
            ]],
        ),
        (
            "des dizaines de milliards",
            Fr,
            expect![[
                r#""des dizaines de milliards" @0..25 → Between(20000000000, 99000000000) count vague prec=10000000000 scaled"#
            ]],
        ),
        (
            "une dizaine de milliards d'euros",
            Fr,
            expect![[
                r#""une dizaine de milliards d'euros" @0..32 → Between(8000000000, 12000000000) EUR vague prec=10000000000 scaled"#
            ]],
        ),
        (
            "des centaines de millions d'utilisateurs",
            Fr,
            expect![[
                r#""des centaines de millions" @0..25 → Between(200000000, 999000000) count vague prec=100000000 scaled"#
            ]],
        ),
        (
            "several billion",
            En,
            expect![[
                r#""several billion" @0..15 → Between(2000000000, 9000000000) count vague prec=1000000000 scaled"#
            ]],
        ),
        (
            "a few million users",
            En,
            expect![[
                r#""a few million" @0..13 → Between(2000000, 5000000) count vague prec=1000000 scaled"#
            ]],
        ),
        (
            "billions of dollars",
            En,
            expect![[
                r#""billions of dollars" @0..19 → Between(2000000000, 999000000000) USD vague prec=1000000000 scaled"#
            ]],
        ),
        (
            "tens of billions",
            En,
            expect![[
                r#""tens of billions" @0..16 → Between(20000000000, 99000000000) count vague prec=10000000000 scaled"#
            ]],
        ),
        ("Les milliards investis", Fr, expect!["∅"]),
        (
            "des 12 milliards",
            Fr,
            expect![[
                r#""12 milliards" @4..16 → Exact(12000000000) count exact prec=1000000000 scaled"#
            ]],
        ),
    ]);
}

#[test]
fn percents_and_points() {
    check(&[
        (
            "15%",
            Fr,
            expect![[r#""15%" @0..3 → Exact(15) % exact prec=1"#]],
        ),
        (
            "11 %",
            Fr,
            expect![[r#""11 %" @0..4 → Exact(11) % exact prec=1"#]],
        ),
        (
            "11\u{a0}%",
            Fr,
            expect![[r#""11\u{a0}%" @0..5 → Exact(11) % exact prec=1"#]],
        ),
        (
            "cinq pour cent",
            Fr,
            expect![[r#""cinq pour cent" @0..14 → Exact(5) % exact prec=1"#]],
        ),
        (
            "3 points de pourcentage",
            Fr,
            expect![[r#""3 points de pourcentage" @0..23 → Exact(3) pp exact prec=1"#]],
        ),
        (
            "0,5 point de pourcentage",
            Fr,
            expect![[r#""0,5 point de pourcentage" @0..24 → Exact(0.5) pp exact prec=0.1"#]],
        ),
        (
            "15 per cent",
            En,
            expect![[r#""15 per cent" @0..11 → Exact(15) % exact prec=1"#]],
        ),
        (
            "2 percentage points",
            En,
            expect![[r#""2 percentage points" @0..19 → Exact(2) pp exact prec=1"#]],
        ),
    ]);
}

#[test]
fn signs() {
    check(&[
        (
            "-3 %",
            Fr,
            expect![[r#""-3 %" @0..4 → Exact(-3) % exact prec=1"#]],
        ),
        (
            "un recul de -3 % et +2 %",
            Fr,
            expect![[r#"
            "-3 %" @12..16 → Exact(-3) % exact prec=1
            "+2 %" @20..24 → Exact(2) % exact prec=1"#]],
        ),
        (
            "a loss of -$3bn",
            En,
            expect![[r#""-$3bn" @10..15 → Exact(-3000000000) USD exact prec=1000000000 scaled"#]],
        ),
        (
            "exploré -puis rejeté- 3 pistes",
            Fr,
            expect![[r#""3" @24..25 → Exact(3) count exact prec=1 bare"#]],
        ),
        ("COVID-19", En, expect!["∅"]),
    ]);
}

#[test]
fn thousands_and_decimal_separators() {
    check(&[
        (
            "1 000",
            Fr,
            expect![[r#""1 000" @0..5 → Exact(1000) count exact prec=1 bare"#]],
        ),
        (
            "1\u{a0}000\u{a0}000",
            Fr,
            expect![[r#""1\u{a0}000\u{a0}000" @0..11 → Exact(1000000) count exact prec=1 bare"#]],
        ),
        (
            "1\u{a0}000 000",
            Fr,
            expect![[r#""1\u{a0}000 000" @0..10 → Exact(1000000) count exact prec=1 bare"#]],
        ),
        (
            "1\u{202f}000\u{202f}000",
            Fr,
            expect![[
                r#""1\u{202f}000\u{202f}000" @0..13 → Exact(1000000) count exact prec=1 bare"#
            ]],
        ),
        (
            "1 000 000,5",
            Fr,
            expect![[r#""1 000 000,5" @0..11 → Exact(1000000.5) count exact prec=0.1 bare"#]],
        ),
        (
            "1,5",
            Fr,
            expect![[r#""1,5" @0..3 → Exact(1.5) count exact prec=0.1 bare"#]],
        ),
        (
            "1.500",
            Fr,
            expect![[r#""1.500" @0..5 → Exact(1500) count exact prec=1 bare"#]],
        ),
        (
            "1'000 francs",
            Fr,
            expect![[r#""1'000 francs" @0..12 → Exact(1000) CHF exact prec=1"#]],
        ),
        (
            "1,500",
            En,
            expect![[r#""1,500" @0..5 → Exact(1500) count exact prec=1 bare"#]],
        ),
        (
            "1.5",
            En,
            expect![[r#""1.5" @0..3 → Exact(1.5) count exact prec=0.1 bare"#]],
        ),
        (
            "1,000,000.25",
            En,
            expect![[r#""1,000,000.25" @0..12 → Exact(1000000.25) count exact prec=0.01 bare"#]],
        ),
        (
            "1\u{202f}000",
            En,
            expect![[r#""1\u{202f}000" @0..7 → Exact(1000) count exact prec=1 bare"#]],
        ),
        ("1,5", En, expect!["∅"]),
        (
            "en 2024 300 salariés",
            Fr,
            expect![[r#""300" @8..11 → Exact(300) count exact prec=1 bare"#]],
        ),
    ]);
}

#[test]
fn traps_that_are_not_quantities() {
    check(&[
        ("en 2024", Fr, expect!["∅"]),
        ("fin 2024", Fr, expect!["∅"]),
        ("2025", Fr, expect!["∅"]),
        ("Jusqu'à la fin de 2024, OpenAI", Fr, expect!["∅"]),
        ("Aujourd’hui à 13:37, mis à jour à 14h47", Fr, expect!["∅"]),
        ("date 2026-01-16 La maison mère", Fr, expect!["∅"]),
        ("Qwen2.5-Max", Fr, expect!["∅"]),
        ("des puces M2 Ultra", Fr, expect!["∅"]),
        (
            "Gemini 3 de Google",
            Fr,
            expect![[r#""3" @7..8 → Exact(3) count exact prec=1 bare"#]],
        ),
        (
            "l’iPhone SE 4",
            Fr,
            expect![[r#""4" @14..15 → Exact(4) count exact prec=1 bare"#]],
        ),
        ("GPT-4o", En, expect!["∅"]),
        ("la 3G et la 5G", Fr, expect!["∅"]),
        ("le 1er et le 2e", Fr, expect!["∅"]),
        ("the 3rd", En, expect!["∅"]),
        ("Private Cloud Compute", En, expect!["∅"]),
        ("000_e60ae45b298aeda3", Fr, expect!["∅"]),
        ("theinformation.com", Fr, expect!["∅"]),
        (
            "see p. 3",
            En,
            expect![[r#""3" @7..8 → Exact(3) count exact prec=1 bare"#]],
        ),
        ("3M and 4K screens, 12m tall, 12b rue", En, expect!["∅"]),
        ("https://example.com/a/123?id=45", En, expect!["∅"]),
        ("v1.2.3 and 192.168.0.1", En, expect!["∅"]),
        ("in 2024, over 2025", En, expect!["∅"]),
    ]);
}

#[test]
fn byte_ranges_after_accents() {
    check(&[
        (
            "Élevé à près de 43 milliards de dollars",
            Fr,
            expect![[
                r#""près de 43 milliards de dollars" @11..43 → Exact(43000000000) USD about prec=1000000000 scaled"#
            ]],
        ),
        (
            "Déjà « 15 % » en 2024 ; même 1\u{202f}000 €",
            Fr,
            expect![[r#"
            "15 %" @10..14 → Exact(15) % exact prec=1
            "1\u{202f}000 €" @34..45 → Exact(1000) EUR exact prec=1"#]],
        ),
        (
            "Ça coûte 😀 $12bn — or 12 %",
            En,
            expect![[r#"
            "$12bn" @16..21 → Exact(12000000000) USD exact prec=1000000000 scaled
            "12 %" @29..33 → Exact(12) % exact prec=1"#]],
        ),
        (
            "Côté à côté : entre 10 et 12 milliards d’euros",
            Fr,
            expect![[
                r#""entre 10 et 12 milliards d’euros" @19..53 → Between(10000000000, 12000000000) EUR exact prec=1000000000 scaled"#
            ]],
        ),
    ]);
}

#[test]
fn seed_paragraphs() {
    check(&[
        (
            "Apple paie plusieurs milliards à Google pour deux éléments distincts : l'accès aux \
             modèles Gemini pré-entraînés. Surtout, cela lui évite de reproduire les années de \
             recherche et les 90 milliards de dollars annuels que Google investit.",
            Fr,
            expect![[r#"
                "plusieurs milliards" @11..30 → Between(2000000000, 9000000000) count vague prec=1000000000 scaled
                "deux" @46..50 → Exact(2) count exact prec=1 bare
                "90 milliards de dollars" @192..215 → Exact(90000000000) USD exact prec=1000000000 scaled"#]],
        ),
        (
            "Avec 15% du marché, Apple s’est classé derrière Vivo (17%) et Huawei (16%), selon un \
             rapport. Deux autres marques nationales ont enregistré des parts de 15%.",
            Fr,
            expect![[r#"
                "15%" @5..8 → Exact(15) % exact prec=1
                "17%" @59..62 → Exact(17) % exact prec=1
                "16%" @75..78 → Exact(16) % exact prec=1
                "Deux" @99..103 → Exact(2) count exact prec=1 bare
                "15%" @159..162 → Exact(15) % exact prec=1"#]],
        ),
        (
            "L'accord d'environ 12 milliards de dollars avec Coreweave en mars. En juin 2025, la \
             société prédit un revenu annuel de 10 milliards de dollars.",
            Fr,
            expect![[r#"
                "environ 12 milliards de dollars" @11..42 → Exact(12000000000) USD about prec=1000000000 scaled
                "10 milliards de dollars" @122..145 → Exact(10000000000) USD exact prec=1000000000 scaled"#]],
        ),
    ]);
}

// ---------------------------------------------------------------------------
// Formatting.

fn exact(v: &str, unit: Unit, approx: Approx) -> Quantity {
    quantity(Amount::Exact(dec(v)), unit, approx)
}

fn between(a: &str, b: &str, unit: Unit, approx: Approx) -> Quantity {
    quantity(Amount::Between(dec(a), dec(b)), unit, approx)
}

fn quantity(amount: Amount, unit: Unit, approx: Approx) -> Quantity {
    Quantity {
        range: 0..0,
        amount,
        unit,
        approx,
        precision: Decimal::ONE,
        scaled: false,
        bare: false,
    }
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("test decimal")
}

fn usd() -> Unit {
    Unit::Currency("USD".into())
}

#[test]
fn format_quantity_examples() {
    let cases = [
        exact("12000000000", usd(), Approx::About),
        exact("1500000000", Unit::Currency("EUR".into()), Approx::Exact),
        exact("15", Unit::Percent, Approx::Exact),
        exact("-3", Unit::Percent, Approx::MoreThan),
        exact("650000000", Unit::Count, Approx::Exact),
        exact("1500", Unit::Currency("CHF".into()), Approx::AtMost),
        exact("2024", Unit::Count, Approx::Exact),
        exact("0.5", Unit::PercentagePoints, Approx::LessThan),
        between("2000000000", "9000000000", usd(), Approx::Exact),
        between("2000000000", "9000000000", usd(), Approx::Vague),
        between("500000000", "1200000000", Unit::Count, Approx::About),
        between("5", "1000000000", Unit::Count, Approx::Exact),
        between("20000000000", "99000000000", Unit::Count, Approx::Vague),
        between("2000000000", "999000000000", usd(), Approx::Vague),
    ];
    let mut out = String::new();
    for q in &cases {
        let fr = format_quantity(q, Fr);
        let en = format_quantity(q, En);
        let _ = writeln!(out, "{fr} | {en}");
    }
    expect![[r#"
        environ 12 milliards de dollars | about 12 billion USD
        1,5 milliard d'euros | 1.5 billion EUR
        15 % | 15%
        plus de -3 % | more than -3%
        650 millions | 650 million
        jusqu'à 1 500 francs suisses | up to 1,500 CHF
        2 024 | 2,024
        moins de 0,5 points de pourcentage | less than 0.5 percentage points
        entre 2 et 9 milliards de dollars | between 2 and 9 billion USD
        plusieurs milliards de dollars | several billion USD
        environ 0,5 à 1,2 milliard | about 0.5 to 1.2 billion
        entre 5 et 1 000 000 000 | between 5 and 1,000,000,000
        des dizaines de milliards | tens of billions
        des milliards de dollars | billions USD
    "#]]
    .assert_eq(&out);
}

#[test]
fn format_amount_examples() {
    let cases = [
        (Amount::Exact(dec("12000000000")), usd()),
        (Amount::Exact(dec("15")), Unit::Percent),
        (Amount::Exact(dec("650000000")), Unit::Count),
        (Amount::Exact(dec("1234567")), Unit::Count),
        (Amount::Between(dec("2000000000"), dec("9000000000")), usd()),
        (Amount::Exact(dec("3")), Unit::PercentagePoints),
    ];
    let mut out = String::new();
    for (amount, unit) in &cases {
        let fr = format_amount(amount, unit, Fr);
        let en = format_amount(amount, unit, En);
        let _ = writeln!(out, "{fr} | {en}");
    }
    expect![[r#"
        12 milliards USD | 12 billion USD
        15 % | 15%
        650 millions | 650 million
        1 234 567 | 1,234,567
        2–9 milliards USD | 2–9 billion USD
        3 points de pourcentage | 3 percentage points
    "#]]
    .assert_eq(&out);
}

// ---------------------------------------------------------------------------
// Properties.

fn lang_strategy() -> impl Strategy<Value = Lang> {
    prop_oneof![Just(Fr), Just(En)]
}

fn unit_strategy() -> impl Strategy<Value = Unit> {
    let codes: Vec<String> = QuantityLexicon::builtin()
        .currency_codes()
        .map(str::to_owned)
        .collect();
    prop_oneof![
        Just(Unit::Count),
        Just(Unit::Percent),
        Just(Unit::PercentagePoints),
        proptest::sample::select(codes).prop_map(Unit::Currency),
    ]
}

fn approx_strategy() -> impl Strategy<Value = Approx> {
    proptest::sample::select(vec![
        Approx::Exact,
        Approx::About,
        Approx::MoreThan,
        Approx::AtLeast,
        Approx::LessThan,
        Approx::AtMost,
    ])
}

/// Up to five significant digits, up to three decimals, times a power of ten.
fn decimal_strategy() -> impl Strategy<Value = Decimal> {
    (0i64..100_000, 0u32..4, 0u32..13).prop_map(|(m, decimals, pow)| {
        let base = Decimal::new(m, decimals);
        (0..pow).fold(base, |v, _| v * Decimal::TEN).normalize()
    })
}

fn amount_strategy() -> impl Strategy<Value = Amount> {
    prop_oneof![
        (decimal_strategy(), any::<bool>()).prop_map(|(v, negative)| Amount::Exact(if negative {
            -v
        } else {
            v
        })),
        (decimal_strategy(), decimal_strategy())
            .prop_map(|(a, b)| Amount::Between(a.min(b), a.max(b))),
    ]
}

/// Vague amounts as the lexicon defines them, with a scale word.
fn vague_strategy(lang: Lang) -> impl Strategy<Value = Quantity> {
    let l = QuantityLexicon::builtin().for_lang(lang);
    let amounts: Vec<Amount> = l
        .vague_display
        .iter()
        .flat_map(|v| {
            l.word_scales
                .iter()
                .map(move |s| Amount::Between(v.low * s.value, v.high * s.value))
        })
        .collect();
    let codes: Vec<String> = QuantityLexicon::builtin()
        .currency_codes()
        .map(str::to_owned)
        .collect();
    let unit = prop_oneof![
        Just(Unit::Count),
        proptest::sample::select(codes).prop_map(Unit::Currency)
    ];
    (proptest::sample::select(amounts), unit)
        .prop_map(|(amount, unit)| quantity(amount, unit, Approx::Vague))
}

fn same_reading(q: &Quantity, back: &[Quantity]) -> bool {
    matches!(back, [b] if b.amount == q.amount && b.unit == q.unit && b.approx == q.approx)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// format_quantity prints what find_quantities reads back.
    #[test]
    fn formatted_quantities_parse_back(
        lang in lang_strategy(),
        amount in amount_strategy(),
        unit in unit_strategy(),
        approx in approx_strategy(),
    ) {
        let q = quantity(amount, unit, approx);
        let text = format_quantity(&q, lang);
        let back = find(&text, lang);
        prop_assert!(same_reading(&q, &back), "{:?} printed as {:?} reads back as {:?}", q, text, back);
        prop_assert_eq!(back[0].range.clone(), 0..text.len(), "{:?}", text);
    }

    #[test]
    fn formatted_vague_amounts_parse_back(q in lang_strategy().prop_flat_map(|l| (Just(l), vague_strategy(l)))) {
        let (lang, q) = q;
        let text = format_quantity(&q, lang);
        let back = find(&text, lang);
        prop_assert!(same_reading(&q, &back), "{:?} printed as {:?} reads back as {:?}", q, text, back);
    }

    /// Any text: no panic, ranges in bounds, on char boundaries, increasing
    /// and disjoint, Between ordered.
    #[test]
    fn any_text_gives_well_formed_quantities(
        lang in lang_strategy(),
        pieces in proptest::collection::vec(piece_strategy(), 0..40),
    ) {
        let text: String = pieces.concat();
        let found = find(&text, lang);
        let mut last_end = 0;
        for q in &found {
            prop_assert!(q.range.start < q.range.end, "{:?} in {:?}", q, text);
            prop_assert!(q.range.start >= last_end, "{:?} in {:?}", q, text);
            prop_assert!(q.range.end <= text.len());
            prop_assert!(text.is_char_boundary(q.range.start) && text.is_char_boundary(q.range.end));
            if let Amount::Between(a, b) = &q.amount {
                prop_assert!(a <= b, "{:?}", q);
            }
            last_end = q.range.end;
        }
    }
}

/// Fragments that exercise the grammar, mixed with arbitrary text.
fn piece_strategy() -> impl Strategy<Value = String> {
    let fragments = vec![
        "12",
        "1",
        "000",
        "2024",
        "1,5",
        "1.500",
        "3",
        "-",
        "+",
        "−",
        "–",
        ",",
        ".",
        ":",
        "/",
        "'",
        "’",
        "%",
        "$",
        "€",
        "£",
        "US$",
        "CHF",
        "USD",
        " ",
        "\u{a0}",
        "\u{202f}",
        "\n",
        "\n\n",
        "é",
        "à",
        "😀",
        "milliards",
        "milliard",
        "million",
        "billion",
        "bn",
        "m",
        "M",
        "Md",
        "k",
        "de",
        "d'",
        "d’",
        "dollars",
        "euros",
        "entre",
        "et",
        "à",
        "between",
        "and",
        "to",
        "environ",
        "près",
        "plus",
        "moins",
        "jusqu'",
        "about",
        "over",
        "~",
        "plusieurs",
        "des",
        "dizaines",
        "une",
        "dizaine",
        "un",
        "demi",
        "half",
        "a",
        "few",
        "tens",
        "of",
        "deux",
        "trois",
        "cents",
        "vingt",
        "quatre",
        "pour",
        "cent",
        "points",
        "pourcentage",
        "percent",
        "_",
        "x",
        "Qwen",
        "GPT",
    ];
    prop_oneof![
        4 => proptest::sample::select(fragments).prop_map(str::to_owned),
        1 => any::<String>(),
        1 => "[0-9 ,.\u{a0}\u{202f}'-]{1,12}",
    ]
}

/// French prose as dense in figures as a financial brief (about eight per KB).
const DENSE_FRENCH: &str =
    "Apple paie plusieurs milliards à Google pour deux éléments distincts : \
    l'accès aux modèles Gemini pré-entraînés, et l'utilisation de l'infrastructure cloud \
    Google (notamment les puces TPU) afin de personnaliser ces modèles en amont avec ses \
    propres données. Surtout, cela lui évite de reproduire les années de recherche et les \
    90 milliards de dollars annuels que Google investit dans le développement de l'IA. \
    Gemini, l'intelligence artificielle de Google, a récemment enregistré une croissance \
    spectaculaire, atteignant 650 millions d'utilisateurs mensuels. OpenAI revendique quant \
    à elle 800 millions d'utilisateurs actifs mensuels. Elle espère lever environ 100 \
    milliards de dollars pour couvrir ses coûts exorbitants. Avec 15% du marché, Apple \
    s’est classé derrière Vivo (17%) et Huawei (16%), selon un rapport du fournisseur de \
    données industrielles Canalys. Aujourd’hui à 13:37, mis à jour à 14:47. Les relations \
    avec Microsoft ne sont pas complètement brisées. Openai continue de bénéficier de \
    l'infrastructure Azure. Cependant, de nouvelles négociations entre les parties montrent \
    que les conditions de partenariat sont remodelées.\n\n";

/// French prose with the density of an ordinary news article (about one per KB).
const TYPICAL_FRENCH: &str = "Bien qu'il y ait eu une concurrence féroce dans le domaine de \
    l'intelligence artificielle, un rapprochement inattendu a eu lieu entre les deux noms \
    géants du secteur. OpenAI se prépare à utiliser l'infrastructure Google Cloud pour \
    répondre au besoin croissant de puissance de traitement. Cette évolution s'est rencontrée \
    avec surprise dans les cercles technologiques. Ces dernières années, Google et OpenAI ont \
    été considérés comme des concurrents stricts, en particulier dans les produits basés sur \
    l'intelligence artificielle. Selon Reuters, cette coopération discute à huis clos depuis \
    un certain temps. À la fin des négociations des parties pendant plusieurs mois, la \
    transition d'Openai vers l'infrastructure de Google Cloud a été décidée. On ne sait pas \
    encore quand et quand cette transition sera effectuée sur une échelle. Cependant, en \
    premier lieu, des modèles d'intelligence artificielle à haute densité devraient être \
    exploités dans les centres de données Google. Jusqu'à la fin de 2024, OpenAI n'a utilisé \
    que Microsoft Azure. L'accord d'environ 12 milliards de dollars avec Coreweave en mars a \
    été la première étape concrète de cette transformation. Les relations avec Microsoft ne \
    sont pas complètement brisées. Openai continue de bénéficier de l'infrastructure Azure. \
    Cependant, de nouvelles négociations entre les parties montrent que les conditions de \
    partenariat sont remodelées. Ces négociations semblent probablement affecter la structure \
    des stocks de Microsoft.\n\n";

/// Best of several rounds over ~8 MB, in MB/s, with integer arithmetic only
/// (no binary floats anywhere in this module).
fn measure(paragraph: &str) -> (u128, usize) {
    let text = paragraph.repeat(8 * 1024 * 1024 / paragraph.len());
    let lex = QuantityLexicon::builtin();
    let mut best = u128::MAX;
    let mut found = 0;
    for _ in 0..7 {
        let start = std::time::Instant::now();
        found = std::hint::black_box(find_quantities(&text, Fr, lex)).len();
        best = best.min(start.elapsed().as_micros().max(1));
    }
    (text.len() as u128 / best, found * 1024 / text.len())
}

/// Throughput, printed (run with `--release -- --ignored --nocapture`).
#[test]
#[ignore]
fn throughput_on_french_prose() {
    for (name, paragraph) in [("dense", DENSE_FRENCH), ("typical", TYPICAL_FRENCH)] {
        let (mb_per_s, per_kb) = measure(paragraph);
        println!("throughput ({name}, {per_kb} quantities/KB): {mb_per_s} MB/s");
    }
}
