//! Behaviour of the quantity grammar at a glance. Each theme lists its
//! inputs, then one `expect!` dump shows every input (`[lang] text`) with
//! one line per quantity found beneath it:
//! `"matched text" @start..end → amount unit approx prec=… [scaled] [bare]`
//! (∅ when nothing is found). Offsets are bytes, not chars.

use super::*;
use expect_test::expect;
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

/// Invisible spaces shown as escapes, so that inputs differing only by them
/// read differently.
fn visible(text: &str) -> String {
    text.replace('\u{a0}', "\\u{a0}").replace('\u{202f}', "\\u{202f}").replace('\n', "\\n")
}

/// The table: each input with its language, then its quantities indented.
fn dump(cases: &[(Lang, &str)]) -> String {
    let mut out = String::new();
    for (lang, text) in cases {
        let _ = writeln!(out, "[{}] {}", lang.code(), visible(text));
        for line in render(text, *lang).lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
    out
}

/// French amounts: scales, currencies before and after, decimal commas.
#[test]
fn french_amounts_with_scales_and_currencies() {
    #[rustfmt::skip]
    let cases = [
        (Fr, "12 milliards de dollars"),
        (Fr, "les 90 milliards de dollars annuels que Google investit"),
        (Fr, "atteignant 650 millions d'utilisateurs mensuels"),
        (Fr, "Google Cloud, qui a gagné 43 milliards de dollars en 2024"),
        (Fr, "Elle espère lever environ 100 milliards de dollars"),
        (Fr, "1,5 milliard d'euros"),
        (Fr, "1,5 milliard d’euros"),
        (Fr, "12 Md$"),
        (Fr, "12 Mds $"),
        (Fr, "3 M€"),
        (Fr, "5 millions €"),
        (Fr, "CHF 3 millions"),
        (Fr, "3 millions de francs suisses"),
        (Fr, "10 milliards de yuans"),
        (Fr, "2 milliards de livres sterling"),
        (Fr, "12 euros et 100 USD"),
        (Fr, "15 mille personnes"),
        (Fr, "1 000 milliards de dollars"),
        (Fr, "1,2 Md€, 3,5 Mds€, 500 M$"),
        (Fr, "10 000 000 000 $ et 1.000.000 €"),
        (Fr, "15 milliards de dollars US, 4 milliards de dollars américains"),
        (Fr, "7,5 milliards de francs"),
    ];
    expect![[r#"
        [fr] 12 milliards de dollars
            "12 milliards de dollars" @0..23 → Exact(12000000000) USD exact prec=1000000000 scaled
        [fr] les 90 milliards de dollars annuels que Google investit
            "90 milliards de dollars" @4..27 → Exact(90000000000) USD exact prec=1000000000 scaled
        [fr] atteignant 650 millions d'utilisateurs mensuels
            "650 millions" @11..23 → Exact(650000000) count exact prec=1000000 scaled
        [fr] Google Cloud, qui a gagné 43 milliards de dollars en 2024
            "43 milliards de dollars" @27..50 → Exact(43000000000) USD exact prec=1000000000 scaled
        [fr] Elle espère lever environ 100 milliards de dollars
            "environ 100 milliards de dollars" @19..51 → Exact(100000000000) USD about prec=1000000000 scaled
        [fr] 1,5 milliard d'euros
            "1,5 milliard d'euros" @0..20 → Exact(1500000000) EUR exact prec=100000000 scaled
        [fr] 1,5 milliard d’euros
            "1,5 milliard d’euros" @0..22 → Exact(1500000000) EUR exact prec=100000000 scaled
        [fr] 12 Md$
            "12 Md$" @0..6 → Exact(12000000000) USD exact prec=1000000000 scaled
        [fr] 12 Mds $
            "12 Mds $" @0..8 → Exact(12000000000) USD exact prec=1000000000 scaled
        [fr] 3 M€
            "3 M€" @0..6 → Exact(3000000) EUR exact prec=1000000 scaled
        [fr] 5 millions €
            "5 millions €" @0..14 → Exact(5000000) EUR exact prec=1000000 scaled
        [fr] CHF 3 millions
            "CHF 3 millions" @0..14 → Exact(3000000) CHF exact prec=1000000 scaled
        [fr] 3 millions de francs suisses
            "3 millions de francs suisses" @0..28 → Exact(3000000) CHF exact prec=1000000 scaled
        [fr] 10 milliards de yuans
            "10 milliards de yuans" @0..21 → Exact(10000000000) CNY exact prec=1000000000 scaled
        [fr] 2 milliards de livres sterling
            "2 milliards de livres sterling" @0..30 → Exact(2000000000) GBP exact prec=1000000000 scaled
        [fr] 12 euros et 100 USD
            "12 euros" @0..8 → Exact(12) EUR exact prec=1
            "100 USD" @12..19 → Exact(100) USD exact prec=1
        [fr] 15 mille personnes
            "15 mille" @0..8 → Exact(15000) count exact prec=1000 scaled
        [fr] 1 000 milliards de dollars
            "1 000 milliards de dollars" @0..26 → Exact(1000000000000) USD exact prec=1000000000 scaled
        [fr] 1,2 Md€, 3,5 Mds€, 500 M$
            "1,2 Md€" @0..9 → Exact(1200000000) EUR exact prec=100000000 scaled
            "3,5 Mds€" @11..21 → Exact(3500000000) EUR exact prec=100000000 scaled
            "500 M$" @23..29 → Exact(500000000) USD exact prec=1000000 scaled
        [fr] 10 000 000 000 $ et 1.000.000 €
            "10 000 000 000 $" @0..16 → Exact(10000000000) USD exact prec=1
            "1.000.000 €" @20..33 → Exact(1000000) EUR exact prec=1
        [fr] 15 milliards de dollars US, 4 milliards de dollars américains
            "15 milliards de dollars US" @0..26 → Exact(15000000000) USD exact prec=1000000000 scaled
            "4 milliards de dollars américains" @28..62 → Exact(4000000000) USD exact prec=1000000000 scaled
        [fr] 7,5 milliards de francs
            "7,5 milliards de francs" @0..23 → Exact(7500000000) CHF exact prec=100000000 scaled
    "#]]
    .assert_eq(&dump(&cases));
}

/// English amounts: symbols, codes, glued abbreviations ("11.9bn", "£2m").
#[test]
fn english_amounts_with_scales_and_currencies() {
    #[rustfmt::skip]
    let cases = [
        (En, "$12 billion"),
        (En, "revenue of $11.9bn last year"),
        (En, "€1.5bn"),
        (En, "US$3 billion"),
        (En, "£2m"),
        (En, "800 million weekly active users"),
        (En, "12 billion dollars"),
        (En, "EUR 3bn and 5 CHF"),
        (En, "¥500 billion"),
        (En, "$3M and 3M€"),
        (En, "2 thousand"),
        (En, "€10 billion ($11bn), USD 5bn, 5bn USD, CHF 1.2 billion"),
        (En, "a $5 fee, $400 and 400 dollars"),
    ];
    expect![[r#"
        [en] $12 billion
            "$12 billion" @0..11 → Exact(12000000000) USD exact prec=1000000000 scaled
        [en] revenue of $11.9bn last year
            "$11.9bn" @11..18 → Exact(11900000000) USD exact prec=100000000 scaled
        [en] €1.5bn
            "€1.5bn" @0..8 → Exact(1500000000) EUR exact prec=100000000 scaled
        [en] US$3 billion
            "US$3 billion" @0..12 → Exact(3000000000) USD exact prec=1000000000 scaled
        [en] £2m
            "£2m" @0..4 → Exact(2000000) GBP exact prec=1000000 scaled
        [en] 800 million weekly active users
            "800 million" @0..11 → Exact(800000000) count exact prec=1000000 scaled
        [en] 12 billion dollars
            "12 billion dollars" @0..18 → Exact(12000000000) USD exact prec=1000000000 scaled
        [en] EUR 3bn and 5 CHF
            "EUR 3bn" @0..7 → Exact(3000000000) EUR exact prec=1000000000 scaled
            "5 CHF" @12..17 → Exact(5) CHF exact prec=1
        [en] ¥500 billion
            "¥500 billion" @0..13 → Exact(500000000000) JPY exact prec=1000000000 scaled
        [en] $3M and 3M€
            "$3M" @0..3 → Exact(3000000) USD exact prec=1000000 scaled
            "3M€" @8..13 → Exact(3000000) EUR exact prec=1000000 scaled
        [en] 2 thousand
            "2 thousand" @0..10 → Exact(2000) count exact prec=1000 scaled
        [en] €10 billion ($11bn), USD 5bn, 5bn USD, CHF 1.2 billion
            "€10 billion" @0..13 → Exact(10000000000) EUR exact prec=1000000000 scaled
            "$11bn" @15..20 → Exact(11000000000) USD exact prec=1000000000 scaled
            "USD 5bn" @23..30 → Exact(5000000000) USD exact prec=1000000000 scaled
            "5bn USD" @32..39 → Exact(5000000000) USD exact prec=1000000000 scaled
            "CHF 1.2 billion" @41..56 → Exact(1200000000) CHF exact prec=100000000 scaled
        [en] a $5 fee, $400 and 400 dollars
            "$5" @2..4 → Exact(5) USD exact prec=1
            "$400" @10..14 → Exact(400) USD exact prec=1
            "400 dollars" @19..30 → Exact(400) USD exact prec=1
    "#]]
    .assert_eq(&dump(&cases));
}

/// "billion" is 10^12 in French and 10^9 in English; abbreviations are international.
#[test]
fn long_scale_in_french_short_scale_in_english() {
    #[rustfmt::skip]
    let cases = [
        (Fr, "1 billion d'euros"),
        (Fr, "2 trillions"),
        (En, "1 billion euros"),
        (En, "$1 trillion"),
        (Fr, "$2.5bn dans un article français"),
    ];
    expect![[r#"
        [fr] 1 billion d'euros
            "1 billion d'euros" @0..17 → Exact(1000000000000) EUR exact prec=1000000000000 scaled
        [fr] 2 trillions
            "2 trillions" @0..11 → Exact(2000000000000000000) count exact prec=1000000000000000000 scaled
        [en] 1 billion euros
            "1 billion euros" @0..15 → Exact(1000000000) EUR exact prec=1000000000 scaled
        [en] $1 trillion
            "$1 trillion" @0..11 → Exact(1000000000000) USD exact prec=1000000000000 scaled
        [fr] $2.5bn dans un article français
            "$2.5bn" @0..6 → Exact(2500000000) USD exact prec=100000000 scaled
    "#]]
    .assert_eq(&dump(&cases));
}

/// Numbers in words; articles ("un", "a", "one") count only before a scale.
#[test]
fn spelled_numbers() {
    #[rustfmt::skip]
    let cases = [
        (Fr, "deux milliards"),
        (Fr, "trois cents millions"),
        (Fr, "un milliard de dollars"),
        (Fr, "un demi-milliard"),
        (Fr, "un milliard et demi d'euros"),
        (Fr, "quatre-vingt-dix millions"),
        (En, "a billion"),
        (En, "one million"),
        (En, "two billion dollars"),
        (En, "half a billion"),
        (En, "two hundred and fifty million"),
        (Fr, "Deux autres marques"),
        (Fr, "un modèle, un téléphone neuf"),
        (En, "one of the largest, a deal"),
        (Fr, "mille milliards, cent millions, vingt-cinq millions"),
        (Fr, "2 millions et demi"),
        (Fr, "soixante et onze"),
        (En, "a hundred million and one hundred and twenty"),
    ];
    expect![[r#"
        [fr] deux milliards
            "deux milliards" @0..14 → Exact(2000000000) count exact prec=1000000000 scaled
        [fr] trois cents millions
            "trois cents millions" @0..20 → Exact(300000000) count exact prec=100000000 scaled
        [fr] un milliard de dollars
            "un milliard de dollars" @0..22 → Exact(1000000000) USD exact prec=1000000000 scaled
        [fr] un demi-milliard
            "un demi-milliard" @0..16 → Exact(500000000) count exact prec=100000000 scaled
        [fr] un milliard et demi d'euros
            "un milliard et demi d'euros" @0..27 → Exact(1500000000) EUR exact prec=100000000 scaled
        [fr] quatre-vingt-dix millions
            "quatre-vingt-dix millions" @0..25 → Exact(90000000) count exact prec=10000000 scaled
        [en] a billion
            "a billion" @0..9 → Exact(1000000000) count exact prec=1000000000 scaled
        [en] one million
            "one million" @0..11 → Exact(1000000) count exact prec=1000000 scaled
        [en] two billion dollars
            "two billion dollars" @0..19 → Exact(2000000000) USD exact prec=1000000000 scaled
        [en] half a billion
            "half a billion" @0..14 → Exact(500000000) count exact prec=100000000 scaled
        [en] two hundred and fifty million
            "two hundred and fifty million" @0..29 → Exact(250000000) count exact prec=10000000 scaled
        [fr] Deux autres marques
            "Deux" @0..4 → Exact(2) count exact prec=1 bare
        [fr] un modèle, un téléphone neuf
            ∅
        [en] one of the largest, a deal
            ∅
        [fr] mille milliards, cent millions, vingt-cinq millions
            "mille milliards" @0..15 → Exact(1000000000000) count exact prec=1000000000000 scaled
            "cent millions" @17..30 → Exact(100000000) count exact prec=100000000 scaled
            "vingt-cinq millions" @32..51 → Exact(25000000) count exact prec=1000000 scaled
        [fr] 2 millions et demi
            "2 millions et demi" @0..18 → Exact(2500000) count exact prec=100000 scaled
        [fr] soixante et onze
            "soixante et onze" @0..16 → Exact(71) count exact prec=1 bare
        [en] a hundred million and one hundred and twenty
            "a hundred million" @0..17 → Exact(100000000) count exact prec=100000000 scaled
            "one hundred and twenty" @22..44 → Exact(120) count exact prec=10 bare
    "#]]
    .assert_eq(&dump(&cases));
}

/// Approximation words become part of the range and set `approx`.
#[test]
fn approximations() {
    #[rustfmt::skip]
    let cases = [
        (Fr, "environ 12 milliards"),
        (Fr, "près de 43 milliards"),
        (Fr, "près d'un milliard"),
        (Fr, "quelque 300 salariés"),
        (Fr, "autour de 5 %"),
        (Fr, "approximativement 7 millions"),
        (Fr, "plus de 1 000 employés"),
        (Fr, "au moins 2 milliards"),
        (Fr, "moins de 5 %"),
        (Fr, "jusqu’à 100 milliards de dollars"),
        (En, "about $12 billion"),
        (En, "around 5%"),
        (En, "roughly 3 million"),
        (En, "nearly $1 trillion"),
        (En, "almost 40 percent"),
        (En, "some 12 billion"),
        (En, "more than 1,500"),
        (En, "over 20%"),
        (En, "at least 2 billion"),
        (En, "less than 5%"),
        (En, "under $3bn"),
        (En, "up to 100 billion dollars"),
        (En, "~12%"),
        (En, "fewer than 100, as much as $2bn, in excess of $1bn"),
        (En, "an estimated 1.5 million"),
    ];
    expect![[r#"
        [fr] environ 12 milliards
            "environ 12 milliards" @0..20 → Exact(12000000000) count about prec=1000000000 scaled
        [fr] près de 43 milliards
            "près de 43 milliards" @0..21 → Exact(43000000000) count about prec=1000000000 scaled
        [fr] près d'un milliard
            "près d'un milliard" @0..19 → Exact(1000000000) count about prec=1000000000 scaled
        [fr] quelque 300 salariés
            "quelque 300" @0..11 → Exact(300) count about prec=1 bare
        [fr] autour de 5 %
            "autour de 5 %" @0..13 → Exact(5) % about prec=1
        [fr] approximativement 7 millions
            "approximativement 7 millions" @0..28 → Exact(7000000) count about prec=1000000 scaled
        [fr] plus de 1 000 employés
            "plus de 1 000" @0..13 → Exact(1000) count more-than prec=1 bare
        [fr] au moins 2 milliards
            "au moins 2 milliards" @0..20 → Exact(2000000000) count at-least prec=1000000000 scaled
        [fr] moins de 5 %
            "moins de 5 %" @0..12 → Exact(5) % less-than prec=1
        [fr] jusqu’à 100 milliards de dollars
            "jusqu’à 100 milliards de dollars" @0..35 → Exact(100000000000) USD at-most prec=1000000000 scaled
        [en] about $12 billion
            "about $12 billion" @0..17 → Exact(12000000000) USD about prec=1000000000 scaled
        [en] around 5%
            "around 5%" @0..9 → Exact(5) % about prec=1
        [en] roughly 3 million
            "roughly 3 million" @0..17 → Exact(3000000) count about prec=1000000 scaled
        [en] nearly $1 trillion
            "nearly $1 trillion" @0..18 → Exact(1000000000000) USD about prec=1000000000000 scaled
        [en] almost 40 percent
            "almost 40 percent" @0..17 → Exact(40) % about prec=1
        [en] some 12 billion
            "some 12 billion" @0..15 → Exact(12000000000) count about prec=1000000000 scaled
        [en] more than 1,500
            "more than 1,500" @0..15 → Exact(1500) count more-than prec=1 bare
        [en] over 20%
            "over 20%" @0..8 → Exact(20) % more-than prec=1
        [en] at least 2 billion
            "at least 2 billion" @0..18 → Exact(2000000000) count at-least prec=1000000000 scaled
        [en] less than 5%
            "less than 5%" @0..12 → Exact(5) % less-than prec=1
        [en] under $3bn
            "under $3bn" @0..10 → Exact(3000000000) USD less-than prec=1000000000 scaled
        [en] up to 100 billion dollars
            "up to 100 billion dollars" @0..25 → Exact(100000000000) USD at-most prec=1000000000 scaled
        [en] ~12%
            "~12%" @0..4 → Exact(12) % about prec=1
        [en] fewer than 100, as much as $2bn, in excess of $1bn
            "fewer than 100" @0..14 → Exact(100) count less-than prec=1 bare
            "as much as $2bn" @16..31 → Exact(2000000000) USD at-most prec=1000000000 scaled
            "in excess of $1bn" @33..50 → Exact(1000000000) USD more-than prec=1000000000 scaled
        [en] an estimated 1.5 million
            "an estimated 1.5 million" @0..24 → Exact(1500000) count about prec=100000 scaled
    "#]]
    .assert_eq(&dump(&cases));
}

/// Ranges share scale and unit between their ends; mismatched ends stay apart.
#[test]
fn ranges() {
    #[rustfmt::skip]
    let cases = [
        (Fr, "entre 10 et 12 milliards de dollars"),
        (Fr, "de 10 à 12 milliards"),
        (Fr, "une hausse de 10 à 12 %"),
        (Fr, "10-12 milliards"),
        (Fr, "entre 500 millions et 1 milliard d'euros"),
        (Fr, "deux à trois milliards"),
        (Fr, "plus de 10 à 12 milliards"),
        (En, "between 10 and 12 billion"),
        (En, "$10-12bn"),
        (En, "10 to 12 percent"),
        (En, "between $10 and $12 billion"),
        (En, "from 3% to 5 million users"),
        (Fr, "10 et 12 milliards"),
        (Fr, "entre 2020 et 2024"),
        (Fr, "de 3,5 % à 12,3 milliards d'euros"),
        (Fr, "de 3 à 5 ans"),
        (En, "$5 million-$10 million and 1-2%"),
        (En, "from $10bn to $12bn, $3 to $4 billion, 3-4bn"),
        (Fr, "10–12 % et 10 – 12 %"),
    ];
    expect![[r#"
        [fr] entre 10 et 12 milliards de dollars
            "entre 10 et 12 milliards de dollars" @0..35 → Between(10000000000, 12000000000) USD exact prec=1000000000 scaled
        [fr] de 10 à 12 milliards
            "de 10 à 12 milliards" @0..21 → Between(10000000000, 12000000000) count exact prec=1000000000 scaled
        [fr] une hausse de 10 à 12 %
            "de 10 à 12 %" @11..24 → Between(10, 12) % exact prec=1
        [fr] 10-12 milliards
            "10-12 milliards" @0..15 → Between(10000000000, 12000000000) count exact prec=1000000000 scaled
        [fr] entre 500 millions et 1 milliard d'euros
            "entre 500 millions et 1 milliard d'euros" @0..40 → Between(500000000, 1000000000) EUR exact prec=1000000 scaled
        [fr] deux à trois milliards
            "deux à trois milliards" @0..23 → Between(2000000000, 3000000000) count exact prec=1000000000 scaled
        [fr] plus de 10 à 12 milliards
            "plus de 10 à 12 milliards" @0..26 → Between(10000000000, 12000000000) count more-than prec=1000000000 scaled
        [en] between 10 and 12 billion
            "between 10 and 12 billion" @0..25 → Between(10000000000, 12000000000) count exact prec=1000000000 scaled
        [en] $10-12bn
            "$10-12bn" @0..8 → Between(10000000000, 12000000000) USD exact prec=1000000000 scaled
        [en] 10 to 12 percent
            "10 to 12 percent" @0..16 → Between(10, 12) % exact prec=1
        [en] between $10 and $12 billion
            "between $10 and $12 billion" @0..27 → Between(10000000000, 12000000000) USD exact prec=1000000000 scaled
        [en] from 3% to 5 million users
            "3%" @5..7 → Exact(3) % exact prec=1
            "5 million" @11..20 → Exact(5000000) count exact prec=1000000 scaled
        [fr] 10 et 12 milliards
            "10" @0..2 → Exact(10) count exact prec=1 bare
            "12 milliards" @6..18 → Exact(12000000000) count exact prec=1000000000 scaled
        [fr] entre 2020 et 2024
            ∅
        [fr] de 3,5 % à 12,3 milliards d'euros
            "3,5 %" @3..8 → Exact(3.5) % exact prec=0.1
            "12,3 milliards d'euros" @12..34 → Exact(12300000000) EUR exact prec=100000000 scaled
        [fr] de 3 à 5 ans
            "de 3 à 5" @0..9 → Between(3, 5) count exact prec=1 bare
        [en] $5 million-$10 million and 1-2%
            "$5 million-$10 million" @0..22 → Between(5000000, 10000000) USD exact prec=1000000 scaled
            "1-2%" @27..31 → Between(1, 2) % exact prec=1
        [en] from $10bn to $12bn, $3 to $4 billion, 3-4bn
            "from $10bn to $12bn" @0..19 → Between(10000000000, 12000000000) USD exact prec=1000000000 scaled
            "$3 to $4 billion" @21..37 → Between(3000000000, 4000000000) USD exact prec=1000000000 scaled
            "3-4bn" @39..44 → Between(3000000000, 4000000000) count exact prec=1000000000 scaled
        [fr] 10–12 % et 10 – 12 %
            "10–12 %" @0..9 → Between(10, 12) % exact prec=1
            "10 – 12 %" @13..24 → Between(10, 12) % exact prec=1
    "#]]
    .assert_eq(&dump(&cases));
}

/// Vague amounts are intervals from the lexicon, with Approx::Vague.
#[test]
fn vague_amounts() {
    #[rustfmt::skip]
    let cases = [
        (Fr, "Apple paie plusieurs milliards à Google"),
        (Fr, "quelques millions d'euros"),
        (Fr, "des milliards de dollars"),
        (Fr, "des dizaines de milliards"),
        (Fr, "une dizaine de milliards d'euros"),
        (Fr, "des centaines de millions d'utilisateurs"),
        (En, "several billion"),
        (En, "a few million users"),
        (En, "billions of dollars"),
        (En, "tens of billions"),
        (Fr, "Les milliards investis"),
        (Fr, "des 12 milliards"),
        (Fr, "quelques milliers d'emplois, des centaines de milliers de personnes"),
        (En, "worth billions, millions of users"),
        (En, "hundreds of millions of dollars, several hundred million"),
    ];
    expect![[r#"
        [fr] Apple paie plusieurs milliards à Google
            "plusieurs milliards" @11..30 → Between(2000000000, 9000000000) count vague prec=1000000000 scaled
        [fr] quelques millions d'euros
            "quelques millions d'euros" @0..25 → Between(2000000, 5000000) EUR vague prec=1000000 scaled
        [fr] des milliards de dollars
            "des milliards de dollars" @0..24 → Between(2000000000, 999000000000) USD vague prec=1000000000 scaled
        [fr] des dizaines de milliards
            "des dizaines de milliards" @0..25 → Between(20000000000, 99000000000) count vague prec=10000000000 scaled
        [fr] une dizaine de milliards d'euros
            "une dizaine de milliards d'euros" @0..32 → Between(8000000000, 12000000000) EUR vague prec=10000000000 scaled
        [fr] des centaines de millions d'utilisateurs
            "des centaines de millions" @0..25 → Between(200000000, 999000000) count vague prec=100000000 scaled
        [en] several billion
            "several billion" @0..15 → Between(2000000000, 9000000000) count vague prec=1000000000 scaled
        [en] a few million users
            "a few million" @0..13 → Between(2000000, 5000000) count vague prec=1000000 scaled
        [en] billions of dollars
            "billions of dollars" @0..19 → Between(2000000000, 999000000000) USD vague prec=1000000000 scaled
        [en] tens of billions
            "tens of billions" @0..16 → Between(20000000000, 99000000000) count vague prec=10000000000 scaled
        [fr] Les milliards investis
            ∅
        [fr] des 12 milliards
            "12 milliards" @4..16 → Exact(12000000000) count exact prec=1000000000 scaled
        [fr] quelques milliers d'emplois, des centaines de milliers de personnes
            "quelques milliers" @0..17 → Between(2000, 5000) count vague prec=1000 scaled
            "des centaines de milliers" @29..54 → Between(200000, 999000) count vague prec=100000 scaled
        [en] worth billions, millions of users
            "billions" @6..14 → Between(2000000000, 999000000000) count vague prec=1000000000 scaled
            "millions" @16..24 → Between(2000000, 999000000) count vague prec=1000000 scaled
        [en] hundreds of millions of dollars, several hundred million
            "hundreds of millions of dollars" @0..31 → Between(200000000, 999000000) USD vague prec=100000000 scaled
            "several hundred million" @33..56 → Between(200000000, 900000000) count vague prec=100000000 scaled
    "#]]
    .assert_eq(&dump(&cases));
}

/// Percent signs and words; percentage points.
#[test]
fn percents_and_points() {
    #[rustfmt::skip]
    let cases = [
        (Fr, "15%"),
        (Fr, "11 %"),
        (Fr, "11\u{a0}%"),
        (Fr, "cinq pour cent"),
        (Fr, "3 points de pourcentage"),
        (Fr, "0,5 point de pourcentage"),
        (En, "15 per cent"),
        (En, "2 percentage points"),
    ];
    expect![[r#"
        [fr] 15%
            "15%" @0..3 → Exact(15) % exact prec=1
        [fr] 11 %
            "11 %" @0..4 → Exact(11) % exact prec=1
        [fr] 11\u{a0}%
            "11\u{a0}%" @0..5 → Exact(11) % exact prec=1
        [fr] cinq pour cent
            "cinq pour cent" @0..14 → Exact(5) % exact prec=1
        [fr] 3 points de pourcentage
            "3 points de pourcentage" @0..23 → Exact(3) pp exact prec=1
        [fr] 0,5 point de pourcentage
            "0,5 point de pourcentage" @0..24 → Exact(0.5) pp exact prec=0.1
        [en] 15 per cent
            "15 per cent" @0..11 → Exact(15) % exact prec=1
        [en] 2 percentage points
            "2 percentage points" @0..19 → Exact(2) pp exact prec=1
    "#]]
    .assert_eq(&dump(&cases));
}

/// A minus glued to the digits after a space is a sign; a hyphen after a word is not.
#[test]
fn signs() {
    #[rustfmt::skip]
    let cases = [
        (Fr, "-3 %"),
        (Fr, "un recul de -3 % et +2 %"),
        (En, "a loss of -$3bn"),
        (Fr, "exploré -puis rejeté- 3 pistes"),
        (En, "COVID-19"),
        (Fr, "–3 % et −3 %"),
    ];
    expect![[r#"
        [fr] -3 %
            "-3 %" @0..4 → Exact(-3) % exact prec=1
        [fr] un recul de -3 % et +2 %
            "-3 %" @12..16 → Exact(-3) % exact prec=1
            "+2 %" @20..24 → Exact(2) % exact prec=1
        [en] a loss of -$3bn
            "-$3bn" @10..15 → Exact(-3000000000) USD exact prec=1000000000 scaled
        [fr] exploré -puis rejeté- 3 pistes
            "3" @24..25 → Exact(3) count exact prec=1 bare
        [en] COVID-19
            ∅
        [fr] –3 % et −3 %
            "–3 %" @0..6 → Exact(-3) % exact prec=1
            "−3 %" @10..16 → Exact(-3) % exact prec=1
    "#]]
    .assert_eq(&dump(&cases));
}

/// Thousands and decimal separators per language (space, NBSP, NNBSP, dot, comma, apostrophe).
#[test]
fn thousands_and_decimal_separators() {
    #[rustfmt::skip]
    let cases = [
        (Fr, "1 000"),
        (Fr, "1\u{a0}000\u{a0}000"),
        (Fr, "1\u{a0}000 000"),
        (Fr, "1\u{202f}000\u{202f}000"),
        (Fr, "1 000 000,5"),
        (Fr, "1,5"),
        (Fr, "1.500"),
        (Fr, "1'000 francs"),
        (En, "1,500"),
        (En, "1.5"),
        (En, "1,000,000.25"),
        (En, "1\u{202f}000"),
        (En, "1,5"),
        (Fr, "en 2024 300 salariés"),
    ];
    expect![[r#"
        [fr] 1 000
            "1 000" @0..5 → Exact(1000) count exact prec=1 bare
        [fr] 1\u{a0}000\u{a0}000
            "1\u{a0}000\u{a0}000" @0..11 → Exact(1000000) count exact prec=1 bare
        [fr] 1\u{a0}000 000
            "1\u{a0}000 000" @0..10 → Exact(1000000) count exact prec=1 bare
        [fr] 1\u{202f}000\u{202f}000
            "1\u{202f}000\u{202f}000" @0..13 → Exact(1000000) count exact prec=1 bare
        [fr] 1 000 000,5
            "1 000 000,5" @0..11 → Exact(1000000.5) count exact prec=0.1 bare
        [fr] 1,5
            "1,5" @0..3 → Exact(1.5) count exact prec=0.1 bare
        [fr] 1.500
            "1.500" @0..5 → Exact(1500) count exact prec=1 bare
        [fr] 1'000 francs
            "1'000 francs" @0..12 → Exact(1000) CHF exact prec=1
        [en] 1,500
            "1,500" @0..5 → Exact(1500) count exact prec=1 bare
        [en] 1.5
            "1.5" @0..3 → Exact(1.5) count exact prec=0.1 bare
        [en] 1,000,000.25
            "1,000,000.25" @0..12 → Exact(1000000.25) count exact prec=0.01 bare
        [en] 1\u{202f}000
            "1\u{202f}000" @0..7 → Exact(1000) count exact prec=1 bare
        [en] 1,5
            ∅
        [fr] en 2024 300 salariés
            "300" @8..11 → Exact(300) count exact prec=1 bare
    "#]]
    .assert_eq(&dump(&cases));
}

/// Years, times, dates, model names, ordinals, ids, URLs: nothing, or a bare number at most.
#[test]
fn traps_that_are_not_quantities() {
    #[rustfmt::skip]
    let cases = [
        (Fr, "en 2024"),
        (Fr, "fin 2024"),
        (Fr, "2025"),
        (Fr, "Jusqu'à la fin de 2024, OpenAI"),
        (Fr, "Aujourd’hui à 13:37, mis à jour à 14h47"),
        (Fr, "date 2026-01-16 La maison mère"),
        (Fr, "Qwen2.5-Max"),
        (Fr, "des puces M2 Ultra"),
        (Fr, "Gemini 3 de Google"),
        (Fr, "l’iPhone SE 4"),
        (En, "GPT-4o"),
        (Fr, "la 3G et la 5G"),
        (Fr, "le 1er et le 2e"),
        (En, "the 3rd"),
        (En, "Private Cloud Compute"),
        (Fr, "000_e60ae45b298aeda3"),
        (Fr, "theinformation.com"),
        (En, "see p. 3"),
        (En, "3M and 4K screens, 12m tall, 12b rue"),
        (En, "https://example.com/a/123?id=45"),
        (En, "v1.2.3 and 192.168.0.1"),
        (En, "in 2024, over 2025"),
        (Fr, "T3 2024, 2024-2025, les années 1990, de 2019 à 2023"),
        (En, "the 1990s, '90s, Q3 2024, COP21, x2"),
        (Fr, "environ 1/3, 24/7"),
        (En, "1.5m users, 7B model"),
    ];
    expect![[r#"
        [fr] en 2024
            ∅
        [fr] fin 2024
            ∅
        [fr] 2025
            ∅
        [fr] Jusqu'à la fin de 2024, OpenAI
            ∅
        [fr] Aujourd’hui à 13:37, mis à jour à 14h47
            ∅
        [fr] date 2026-01-16 La maison mère
            ∅
        [fr] Qwen2.5-Max
            ∅
        [fr] des puces M2 Ultra
            ∅
        [fr] Gemini 3 de Google
            "3" @7..8 → Exact(3) count exact prec=1 bare
        [fr] l’iPhone SE 4
            "4" @14..15 → Exact(4) count exact prec=1 bare
        [en] GPT-4o
            ∅
        [fr] la 3G et la 5G
            ∅
        [fr] le 1er et le 2e
            ∅
        [en] the 3rd
            ∅
        [en] Private Cloud Compute
            ∅
        [fr] 000_e60ae45b298aeda3
            ∅
        [fr] theinformation.com
            ∅
        [en] see p. 3
            "3" @7..8 → Exact(3) count exact prec=1 bare
        [en] 3M and 4K screens, 12m tall, 12b rue
            ∅
        [en] https://example.com/a/123?id=45
            ∅
        [en] v1.2.3 and 192.168.0.1
            ∅
        [en] in 2024, over 2025
            ∅
        [fr] T3 2024, 2024-2025, les années 1990, de 2019 à 2023
            ∅
        [en] the 1990s, '90s, Q3 2024, COP21, x2
            ∅
        [fr] environ 1/3, 24/7
            ∅
        [en] 1.5m users, 7B model
            ∅
    "#]]
    .assert_eq(&dump(&cases));
}

/// Ranges are byte offsets: accents and emoji before a quantity shift them.
#[test]
fn byte_ranges_after_accents() {
    #[rustfmt::skip]
    let cases = [
        (Fr, "Élevé à près de 43 milliards de dollars"),
        (Fr, "Déjà « 15 % » en 2024 ; même 1\u{202f}000 €"),
        (En, "Ça coûte 😀 $12bn — or 12 %"),
        (Fr, "Côté à côté : entre 10 et 12 milliards d’euros"),
    ];
    expect![[r#"
        [fr] Élevé à près de 43 milliards de dollars
            "près de 43 milliards de dollars" @11..43 → Exact(43000000000) USD about prec=1000000000 scaled
        [fr] Déjà « 15 % » en 2024 ; même 1\u{202f}000 €
            "15 %" @10..14 → Exact(15) % exact prec=1
            "1\u{202f}000 €" @34..45 → Exact(1000) EUR exact prec=1
        [en] Ça coûte 😀 $12bn — or 12 %
            "$12bn" @16..21 → Exact(12000000000) USD exact prec=1000000000 scaled
            "12 %" @29..33 → Exact(12) % exact prec=1
        [fr] Côté à côté : entre 10 et 12 milliards d’euros
            "entre 10 et 12 milliards d’euros" @19..53 → Between(10000000000, 12000000000) EUR exact prec=1000000000 scaled
    "#]]
    .assert_eq(&dump(&cases));
}

/// Sentences from the seed articles.
#[test]
fn seed_paragraphs() {
    #[rustfmt::skip]
    let cases = [
        (Fr, "Apple paie plusieurs milliards à Google pour deux éléments distincts : l'accès aux \
             modèles Gemini pré-entraînés. Surtout, cela lui évite de reproduire les années de \
             recherche et les 90 milliards de dollars annuels que Google investit."),
        (Fr, "Avec 15% du marché, Apple s’est classé derrière Vivo (17%) et Huawei (16%), selon un \
             rapport. Deux autres marques nationales ont enregistré des parts de 15%."),
        (Fr, "L'accord d'environ 12 milliards de dollars avec Coreweave en mars. En juin 2025, la \
             société prédit un revenu annuel de 10 milliards de dollars."),
    ];
    expect![[r#"
        [fr] Apple paie plusieurs milliards à Google pour deux éléments distincts : l'accès aux modèles Gemini pré-entraînés. Surtout, cela lui évite de reproduire les années de recherche et les 90 milliards de dollars annuels que Google investit.
            "plusieurs milliards" @11..30 → Between(2000000000, 9000000000) count vague prec=1000000000 scaled
            "deux" @46..50 → Exact(2) count exact prec=1 bare
            "90 milliards de dollars" @192..215 → Exact(90000000000) USD exact prec=1000000000 scaled
        [fr] Avec 15% du marché, Apple s’est classé derrière Vivo (17%) et Huawei (16%), selon un rapport. Deux autres marques nationales ont enregistré des parts de 15%.
            "15%" @5..8 → Exact(15) % exact prec=1
            "17%" @59..62 → Exact(17) % exact prec=1
            "16%" @75..78 → Exact(16) % exact prec=1
            "Deux" @99..103 → Exact(2) count exact prec=1 bare
            "15%" @159..162 → Exact(15) % exact prec=1
        [fr] L'accord d'environ 12 milliards de dollars avec Coreweave en mars. En juin 2025, la société prédit un revenu annuel de 10 milliards de dollars.
            "environ 12 milliards de dollars" @11..42 → Exact(12000000000) USD about prec=1000000000 scaled
            "10 milliards de dollars" @122..145 → Exact(10000000000) USD exact prec=1000000000 scaled
    "#]].assert_eq(&dump(&cases));
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
    Quantity { range: 0..0, amount, unit, approx, precision: Decimal::ONE, scaled: false, bare: false }
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
    let codes: Vec<String> = QuantityLexicon::builtin().currency_codes().map(str::to_owned).collect();
    prop_oneof![Just(Unit::Count), Just(Unit::Percent), Just(Unit::PercentagePoints), proptest::sample::select(codes).prop_map(Unit::Currency),]
}

fn approx_strategy() -> impl Strategy<Value = Approx> {
    proptest::sample::select(vec![Approx::Exact, Approx::About, Approx::MoreThan, Approx::AtLeast, Approx::LessThan, Approx::AtMost])
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
        (decimal_strategy(), any::<bool>()).prop_map(|(v, negative)| Amount::Exact(if negative { -v } else { v })),
        (decimal_strategy(), decimal_strategy()).prop_map(|(a, b)| Amount::Between(a.min(b), a.max(b))),
    ]
}

/// Vague amounts as the lexicon defines them, with a scale word.
fn vague_strategy(lang: Lang) -> impl Strategy<Value = Quantity> {
    let l = QuantityLexicon::builtin().for_lang(lang);
    let amounts: Vec<Amount> =
        l.vague_display.iter().flat_map(|v| l.word_scales.iter().map(move |s| Amount::Between(v.low * s.value, v.high * s.value))).collect();
    let codes: Vec<String> = QuantityLexicon::builtin().currency_codes().map(str::to_owned).collect();
    let unit = prop_oneof![Just(Unit::Count), proptest::sample::select(codes).prop_map(Unit::Currency)];
    (proptest::sample::select(amounts), unit).prop_map(|(amount, unit)| quantity(amount, unit, Approx::Vague))
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
        prop_assert_eq!(back.first().map(|b| b.range.clone()), Some(0..text.len()), "{:?}", text);
    }

    #[test]
    fn formatted_vague_amounts_parse_back(q in lang_strategy().prop_flat_map(|l| (Just(l), vague_strategy(l)))) {
        let (lang, q) = q;
        let text = format_quantity(&q, lang);
        let back = find(&text, lang);
        prop_assert!(same_reading(&q, &back), "{:?} printed as {:?} reads back as {:?}", q, text, back);
    }

    /// parse → print → parse: whatever is read from any text prints as text
    /// that reads back the same (amount, unit, approximation).
    #[test]
    fn quantities_read_from_any_text_print_and_read_back(
        lang in lang_strategy(),
        pieces in proptest::collection::vec(piece_strategy(), 0..40),
    ) {
        let text: String = pieces.concat();
        for q in find(&text, lang) {
            let printed = format_quantity(&q, lang);
            let back = find(&printed, lang);
            prop_assert!(same_reading(&q, &back), "{:?} read from {:?} printed as {:?} reads back as {:?}", q, &text[q.range.clone()], printed, back);
        }
    }

    /// Any text: no panic, ranges in bounds, on char boundaries, increasing
    /// and disjoint, Between ordered.
    #[test]
    fn any_text_gives_well_formed_quantities(
        lang in lang_strategy(),
        pieces in proptest::collection::vec(piece_strategy(), 0..40),
    ) {
        let text: String = pieces.concat();
        assert_well_formed(&text, lang);
    }
}

/// The anchors a text needs, with its gate words found the way extraction
/// finds them: as whole words of the lowercased text, through a phrase index.
fn gate_anchors(text: &str) -> Anchors {
    let Some(words) = QuantityLexicon::builtin().gate_words() else { return Anchors::All };
    let index = crate::text::phrases::PhraseIndex::new(words.iter().map(|w| (w.as_str(), false)));
    let lowered = crate::text::lowercase_same_offsets(text);
    let mut gates = Vec::new();
    index.for_each_match(&lowered, 0..lowered.len(), |_, range| gates.push(range.start));
    gates.sort_unstable();
    anchors(text, gates)
}

#[test]
fn the_gate_reads_spelled_and_vague_amounts_and_skips_articles() {
    let words = QuantityLexicon::builtin().gate_words().expect("the builtin lexicon has a gate");
    assert!(words.iter().any(|w| w == "milliards") && words.iter().any(|w| w == "deux"), "{words:?}");
    assert!(!words.iter().any(|w| w == "un" || w == "a" || w == "plusieurs" || w == "des"), "articles and vague words need a scale: {words:?}");
    // "une dizaine d'" and "a couple of" come before a scale; "quatre-vingts"
    // is two words but a gate word itself.
    let reach = |lang| QuantityLexicon::builtin().for_lang(lang).gate_reach;
    assert_eq!((reach(Lang::Fr), reach(Lang::En)), (3, 3));
    let cases = [
        ("plusieurs milliards", Anchors::NearGates(vec![10])),
        ("un demi-milliard", Anchors::NearGates(vec![8])),
        ("deux clients", Anchors::NearGates(vec![0])),
        ("billions of dollars", Anchors::NearGates(vec![0])),
        ("A Billion", Anchors::NearGates(vec![2])),
        ("un modèle à 2 milliards", Anchors::NearGates(vec![16])),
        ("2milliards, deux", Anchors::All),
        ("x_y", Anchors::All),
        ("l'an 2024, un accord", Anchors::Digits),
        ("12\u{a0}% des ventes", Anchors::Digits),
        ("Apple a un partenaire.", Anchors::None),
        ("a model", Anchors::None),
        ("des modèles", Anchors::None),
        ("quelques jours", Anchors::None),
    ];
    for (text, want) in cases {
        assert_eq!(gate_anchors(text), want, "{text:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// The gate never changes what is read: from the anchors it picks, the
    /// grammar finds exactly what it finds from every anchor, in either
    /// language. Texts are words that start or end amounts, digits and
    /// odd chars, joined as prose joins them, so every case of the gate is
    /// put to work.
    #[test]
    fn reading_from_the_gates_anchors_finds_the_same(
        lang in lang_strategy(),
        words in proptest::collection::vec((gate_word_strategy(), gate_separator_strategy()), 0..12),
        other in proptest::collection::vec(piece_strategy(), 0..4),
    ) {
        let text: String = words.iter().map(|(w, sep)| format!("{w}{sep}")).chain(other).collect();
        let anchors = gate_anchors(&text);
        let lex = QuantityLexicon::builtin();
        prop_assert_eq!(find_quantities_at(&text, lang, lex, anchors.clone()), find(&text, lang), "{:?} read from {:?}", &text, anchors);
    }
}

fn gate_word_strategy() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(vec![
        "un",
        "une",
        "a",
        "A",
        "one",
        "neuf",
        "des",
        "plusieurs",
        "quelques",
        "few",
        "tens",
        "half",
        "demi",
        "dizaines",
        "centaines",
        "de",
        "d",
        "of",
        "milliards",
        "Milliard",
        "million",
        "millions",
        "billion",
        "billions",
        "thousand",
        "thousands",
        "milliers",
        "mille",
        "cent",
        "cents",
        "hundred",
        "hundreds",
        "deux",
        "two",
        "vingt",
        "et",
        "and",
        "dollars",
        "euros",
        "%",
        "pour",
        "Md",
        "Mds",
        "bn",
        "mn",
        "€",
        "$",
        "modèle",
        "accord",
        "the",
        "several",
        "couple",
        "dizaine",
        "centaine",
        "quatre",
        "quatre-vingts",
        "é",
        "x",
        "12",
        "2024",
        "1,5",
        "Q4",
        "²",
        "½",
        "٣",
        "_",
    ])
}

fn gate_separator_strategy() -> impl Strategy<Value = &'static str> {
    // Often none: a word glued to a digit or a sign is what the gate must
    // notice.
    proptest::sample::select(vec![" ", " ", " ", "-", "'", "’", ", ", "\u{a0}", "", "", "", "\n"])
}

/// The invariant of `find_quantities` on one text.
fn assert_well_formed(text: &str, lang: Lang) {
    let mut last_end = 0;
    for q in find(text, lang) {
        assert!(q.range.start >= last_end && q.range.start < q.range.end, "{q:?} in {text:?}");
        assert!(q.range.end <= text.len(), "{q:?} in {text:?}");
        assert!(text.is_char_boundary(q.range.start) && text.is_char_boundary(q.range.end));
        if let Amount::Between(a, b) = &q.amount {
            assert!(a <= b, "{q:?} in {text:?}");
        }
        last_end = q.range.end;
    }
}

/// Every slice of a text full of traps, cut at any two char boundaries:
/// texts that stop right after "d'", a sign, a separator or a currency.
#[test]
fn every_slice_of_a_tricky_text_is_well_formed() {
    let text = "près d’un milliard, –3 %, entre 1\u{a0}000 et 2\u{202f}000 €, $10-12bn, \
                plusieurs dizaines de milliards d'euros, 1.500, 13:37 😀 US$3,5 Md$ ~12%";
    let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
    for (i, &start) in bounds.iter().enumerate() {
        for &end in bounds.get(i..).unwrap_or(&[]) {
            let slice = text.get(start..end).unwrap_or("");
            assert_well_formed(slice, Fr);
            assert_well_formed(slice, En);
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
