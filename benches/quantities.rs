//! The quantity grammar alone, on French prose dense with figures (seed
//! sentences) and on ordinary news density. Divan prints MB/s.
//! Run: `cargo bench --bench quantities`.

use corroborate::extract::quantity::{find_quantities, QuantityLexicon};
use corroborate::lang::Lang;
use divan::counter::BytesCount;
use divan::Bencher;

fn main() {
    divan::main();
}

/// Seed sentences with about seven quantities per kilobyte.
const DENSE: &str = "Apple paie plusieurs milliards à Google pour l'accès aux modèles Gemini. \
Surtout, cela lui évite les 90 milliards de dollars annuels que Google investit dans l'IA. \
Gemini a atteint 650 millions d'utilisateurs mensuels. OpenAI revendique 800 millions d'utilisateurs actifs mensuels. \
Elle espère lever environ 100 milliards de dollars. Avec 15% du marché, Apple s’est classé derrière Vivo (17%) et Huawei (16%). \
L'accord d'environ 12 milliards de dollars avec Coreweave en mars. Google Cloud a gagné 43 milliards de dollars en 2024. \
Les ventes d’iPhone en Chine ont chuté de 11 %. ";

/// News prose with about one quantity per kilobyte.
const TYPICAL: &str = "Bien qu'il y ait eu une concurrence féroce dans le domaine de l'intelligence artificielle, \
un rapprochement inattendu a eu lieu entre les deux noms géants du secteur. OpenAI se prépare à utiliser l'infrastructure \
Google Cloud pour répondre au besoin croissant de puissance de traitement. Cette évolution s'est rencontrée avec surprise \
dans les cercles technologiques. Ces dernières années, Google et OpenAI ont été considérés comme des concurrents stricts, \
en particulier dans les produits basés sur l'intelligence artificielle. L'accord d'environ 12 milliards de dollars avec \
Coreweave en mars a été la première étape concrète de cette transformation. ";

fn corpus(paragraph: &str) -> String {
    paragraph.repeat(1 + 1_000_000 / paragraph.len())
}

#[divan::bench(args = ["dense", "typical"], sample_count = 10)]
fn french_prose(bencher: Bencher, density: &str) {
    let text = corpus(if density == "dense" { DENSE } else { TYPICAL });
    let lexicon = QuantityLexicon::builtin();
    bencher.counter(BytesCount::new(text.len())).bench(|| divan::black_box(find_quantities(&text, Lang::Fr, lexicon).len()));
}
