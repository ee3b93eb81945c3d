//! What the claim engine reads in single sentences and short articles:
//! partnership statuses, figure subjects, metrics, periods, hedging and
//! attribution. Each case is a small workspace; the expectation is the
//! engine's own listing (`corroborate facts --format text`).

mod fixture;

use expect_test::{expect, Expect};

fn check(workspace: &str, expected: Expect) {
    let ws = fixture::workspace(workspace);
    let listing = corroborate::cli::facts::render_text(&ws);
    // Keep only the facts, not the document headers.
    let facts: String = listing
        .lines()
        .filter(|l| l.starts_with("  partnership") || l.starts_with("  figure"))
        .map(|l| {
            let l = l.trim_start();
            let l = l.rsplit_once(" · line").map_or(l, |(fact, _)| fact);
            format!("{l}\n")
        })
        .collect();
    expected.assert_eq(&facts);
}

#[test]
fn reported_choice_and_rejected_alternatives_in_one_sentence() {
    check(
        "//- a.txt
Apple aurait finalement opté pour Alibaba comme partenaire stratégique afin de déployer Apple Intelligence en Chine, et ce, après avoir exploré -puis rejeté- un partenariat avec DeepSeek et ByteDance.
",
        expect![[r#"
            partnership Apple–Alibaba: reported · unknown period
            partnership Apple–DeepSeek: rejected · unknown period
            partnership Apple–ByteDance: rejected · unknown period
        "#]],
    );
}

#[test]
fn product_parties_stand_for_their_owner() {
    check(
        "//- a.txt
Alibaba fournira de la technologie d’IA pour les iPhones d’Apple.
Apple paie plusieurs milliards à Google pour accéder aux modèles Gemini.
",
        expect![[r#"
            partnership Alibaba–Apple: confirmed (model) via iPhone · unknown period
            partnership Apple–Google: confirmed (model), 2–9 billion (currency not stated) (vague) · unknown period
            figure Apple spending = 2–9 billion (currency not stated) (vague) · unknown period «plusieurs milliards» [with Google]
        "#]],
    );
}

#[test]
fn negated_break_means_the_relation_goes_on() {
    check(
        "//- a.txt
Openai active des alternatives sans rompre les liens avec Microsoft.
OpenAI a mis fin à son partenariat avec Microsoft.
",
        expect![[r#"
            partnership OpenAI–Microsoft: confirmed · unknown period
            partnership OpenAI–Microsoft: ended · unknown period
        "#]],
    );
}

#[test]
fn rivalry_is_not_partnership() {
    check(
        "//- a.txt
Google et OpenAI ont été considérés comme des concurrents stricts.
Sam Altman a déclaré que la puissance de calcul était insuffisante.
",
        expect![""],
    );
}

#[test]
fn english_statuses() {
    check(
        "//- a.txt
Apple is in talks with Google about using Gemini for Siri.
Apple reportedly chose Alibaba to power Apple Intelligence in China.
Microsoft rejected a deal with Anthropic.
Amazon is considering a partnership with Mistral.
",
        expect![[r#"
            partnership Apple–Google: negotiating (distribution) via Gemini · unknown period
            partnership Apple–Alibaba: reported · unknown period
            partnership Microsoft–Anthropic: rejected · unknown period
            partnership Amazon–Mistral AI: considered · unknown period
        "#]],
    );
}

#[test]
fn one_sided_sentences_relate_to_the_topic() {
    check(
        "//- a.txt
Openai a commencé les négociations avec différents fournisseurs de cloud. L'accord d'environ 12 milliards de dollars avec Coreweave en mars a été la première étape.
Apple a choisi Alibaba. Un choix stratégique après l’échec des discussions avec Baidu.
",
        expect![[r#"
            partnership OpenAI–CoreWeave: confirmed, about 12 billion USD · unknown period
            partnership Apple–Alibaba: confirmed · unknown period
            partnership Apple–Baidu: rejected · unknown period
            figure OpenAI deal value = about 12 billion USD · unknown period «environ 12 milliards de dollars» [with CoreWeave]
        "#]],
    );
}

/// A sentence that names no one and states nothing ("Les analystes
/// restent prudents.") is skipped, and the topic carries over it.
#[test]
fn the_topic_carries_over_sentences_that_state_nothing() {
    check(
        "//- a.txt
Google a signé un accord avec Tencent. Les analystes restent prudents sur les perspectives du secteur. Le groupe compte 27 millions d'utilisateurs mensuels en 2021.
",
        expect![[r#"
            partnership Google–Tencent: confirmed · unknown period
            figure Google monthly users = 27 million · 2021 «27 millions»
        "#]],
    );
}

#[test]
fn attribution_and_people() {
    check(
        "//- a.txt
Selon Reuters, Amazon a signé un contrat avec Anthropic.
OpenAI collabore avec Jony Ive pour la conception de son appareil.
Elle a choisi de faire des affaires avec nous, a encore expliqué Joseph Tsai.
",
        expect![[r#"
            partnership Amazon–Anthropic: confirmed · unknown period
            partnership OpenAI–Jony Ive: confirmed (design) · unknown period
        "#]],
    );
}

#[test]
fn figure_subjects_lists_and_parentheses() {
    check(
        "//- a.txt
Gemini, l'intelligence artificielle de Google, a atteint 650 millions d'utilisateurs mensuels.
Avec 15% du marché, Apple s’est classé derrière Vivo (17%) et Huawei (16%), selon un rapport de Canalys.
Deux autres marques nationales, Oppo et Honor, ont également enregistré des parts de marché de 15%.
",
        expect![[r#"
            figure Gemini monthly users = 650 million · unknown period «650 millions»
            figure Apple market share = 15% · unknown period «15%» [per Canalys]
            figure Vivo market share = 17% · unknown period «17%» [per Canalys]
            figure Huawei market share = 16% · unknown period «16%» [per Canalys]
            figure Oppo market share = 15% · unknown period «15%»
            figure Honor market share = 15% · unknown period «15%»
        "#]],
    );
}

#[test]
fn figure_metrics_periods_hedges_and_forecasts() {
    check(
        "//- a.txt
 date 2026-01-16
OpenAI a besoin de capitaux. Elle espère lever environ 100 milliards de dollars.
Google Cloud, qui a gagné 43 milliards de dollars en 2024, devrait augmenter ses revenus.
Apple aurait payé 1,5 milliard d'euros à Google l'année dernière.
Les ventes d'iPhone en Chine ont chuté de 11 %.
OpenAI had 800 million weekly active users in October 2025, according to Bloomberg.
Nvidia's revenue rose to $11.9bn in Q3 2025.
",
        expect![[r#"
            partnership Apple–Google: reported, 1.5 billion EUR · 2025
            figure OpenAI funding sought = about 100 billion USD · 2026 «environ 100 milliards de dollars» [forecast]
            figure Google Cloud revenue = 43 billion USD · 2024 «43 milliards de dollars»
            figure Apple spending = 1.5 billion EUR · 2025 «1,5 milliard d'euros» [hedged, with Google]
            figure iPhone sales change = -11% · 2026 «11 %» [China]
            figure OpenAI weekly users = 800 million · October 2025 «800 million» [per Bloomberg]
            figure Nvidia revenue = 11.9 billion USD · Q3 2025 «$11.9bn»
        "#]],
    );
}

#[test]
fn registry_extensions_from_corroborate_toml() {
    check(
        r#"//- corroborate.toml
not_entities = ["Honor"]

[aliases]
apple = ["la Pomme"]

[[entity]]
id = "helsing"
name = "Helsing"
kind = "company"
//- a.txt
Helsing a signé un contrat avec la Pomme.
Oppo et Honor ont chacun 15 % de part de marché.
"#,
        expect![[r#"
            partnership Helsing–Apple: confirmed · unknown period
            figure Oppo market share = 15% · unknown period «15 %»
        "#]],
    );
}

/// A conditional inside quotes hedges the figure it states: the clause
/// starts after the whole « (two bytes), not inside it.
#[test]
fn a_conditional_after_a_quotation_mark_hedges() {
    check(
        "//- a.txt
 date 2025-03-01
Selon la presse, Apple « aurait investi 3 milliards de dollars » dans OpenAI en 2024.
",
        expect![[r#"
            figure Apple investment = 3 billion USD · 2024 «3 milliards de dollars» [hedged, per la presse]
        "#]],
    );
}
