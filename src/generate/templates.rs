//! Sentence templates of the generated corpus, in French and English.

use super::Rng;

/// Companies of the built-in registry the corpus speaks of.
pub const COMPANIES: &[&str] = &[
    "Apple",
    "Google",
    "OpenAI",
    "Microsoft",
    "Alibaba",
    "Baidu",
    "ByteDance",
    "DeepSeek",
    "Tencent",
    "Huawei",
    "Samsung",
    "CoreWeave",
    "Anthropic",
    "Amazon",
    "Nvidia",
    "SoftBank",
    "Oracle",
    "Xiaomi",
    "Mistral AI",
    "Perplexity",
];

/// Products (indexed after the companies).
pub const PRODUCTS: &[&str] = &["Gemini", "ChatGPT", "Azure", "Qwen", "Claude", "Google Cloud", "AWS", "Copilot"];

/// Index in COMPANIES of each product's owner, as the registry says.
const PRODUCT_OWNERS: &[usize] = &[1, 2, 3, 4, 12, 1, 13, 3];

pub const METRICS: usize = 4;

/// The company a party index stands for.
fn principal(index: usize) -> usize {
    if index < COMPANIES.len() {
        index
    } else {
        PRODUCT_OWNERS[(index - COMPANIES.len()) % PRODUCT_OWNERS.len()]
    }
}

/// The figure an article states.
#[derive(Debug, Clone)]
pub struct Fact {
    pub subject: usize,
    pub metric: usize,
    pub year: i32,
    pub french: bool,
}

fn name(index: usize) -> &'static str {
    if index < COMPANIES.len() {
        COMPANIES[index]
    } else {
        PRODUCTS[(index - COMPANIES.len()) % PRODUCTS.len()]
    }
}

pub fn headline(french: bool, a: usize, b: usize) -> String {
    if french {
        format!("{} et {} : ce que l'on sait", name(a), name(b))
    } else {
        format!("{} and {}: what we know", name(a), name(b))
    }
}

/// A sentence relating two parties. The status is a property of the pair,
/// so sources agree with each other; only the wording varies.
pub fn partnership_sentence(rng: &mut Rng, french: bool, a: usize, b: usize) -> String {
    let (pa, pb) = (principal(a), principal(b));
    let status = super::Rng::new(((pa.min(pb) as u64) << 8) | pb.max(pa) as u64).below(5);
    let _ = rng;
    let (a, b) = (name(a), name(b));
    let fr = [
        format!("{a} a signé un accord avec {b} pour son infrastructure cloud."),
        format!("Selon Reuters, {a} aurait choisi {b} comme partenaire pour ses modèles."),
        format!("Les discussions entre {a} et {b} ont échoué au printemps, après l'échec des négociations."),
        format!("{a} est en négociations avec {b} depuis plusieurs mois."),
        format!("{a} envisage un partenariat avec {b} pour la distribution de ses services."),
    ];
    let en = [
        format!("{a} signed a deal with {b} to power its data centers."),
        format!("According to Bloomberg, {a} reportedly chose {b} as a partner for its models."),
        format!("{a} rejected a partnership with {b} last year."),
        format!("{a} is in talks with {b} about its chips."),
        format!("{a} is considering a partnership with {b}."),
    ];
    if french {
        fr[status].clone()
    } else {
        en[status].clone()
    }
}

/// A sentence stating `value` for the fact's subject and metric.
pub fn figure_sentence(fact: &Fact, value: u64) -> String {
    let subject = name(fact.subject);
    let year = fact.year;
    match (fact.french, fact.metric) {
        (true, 0) => format!("{subject} a réalisé un chiffre d'affaires de {value} milliards de dollars en {year}."),
        (true, 1) => format!("{subject} compte {value} millions d'utilisateurs mensuels en {year}."),
        (true, 2) => format!("{subject} a investi {value} millions d'euros dans l'intelligence artificielle en {year}."),
        (true, _) => format!("En {year}, {subject} détenait {} % de part de marché.", value % 60 + 1),
        (false, 0) => format!("{subject} reported revenue of ${value} billion in {year}."),
        (false, 1) => format!("{subject} had {value} million monthly users in {year}."),
        (false, 2) => format!("{subject} invested €{value} million in artificial intelligence in {year}."),
        (false, _) => format!("In {year}, {subject} held a market share of {}%.", value % 60 + 1),
    }
}

const FILLER_FR: &[&str] = &[
    "Les analystes restent prudents sur les perspectives du secteur pour les prochains trimestres.",
    "La concurrence s'intensifie entre les géants de la technologie, qui multiplient les annonces.",
    "Cette stratégie vise à réduire la dépendance aux fournisseurs historiques de puissance de calcul.",
    "Les régulateurs européens suivent de près l'évolution de ces rapprochements industriels.",
    "Plusieurs observateurs soulignent le coût croissant de l'entraînement des modèles de langage.",
    "Le marché des puces spécialisées connaît une croissance soutenue depuis deux ans.",
    "Les développeurs attendent davantage de transparence sur les conditions d'utilisation des données.",
];

const FILLER_EN: &[&str] = &[
    "Analysts remain cautious about the sector's outlook for the coming quarters.",
    "Competition among the largest technology groups keeps intensifying with each announcement.",
    "The strategy aims to reduce dependence on historical providers of computing power.",
    "European regulators are watching these industrial alliances closely.",
    "Several observers point to the rising cost of training large language models.",
    "The market for specialised chips has grown steadily for two years.",
    "Developers expect more transparency about how their data is used.",
];

pub fn filler(rng: &mut Rng, french: bool) -> String {
    (*rng.pick(if french { FILLER_FR } else { FILLER_EN })).to_string()
}
