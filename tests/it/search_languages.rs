//! Search beyond English (issue 20): a course in a language with a Snowball algorithm is
//! indexed by stems of its words as written, folded, and its term chunks list the words whose
//! term differs (so the browser takes the index's stems); a language without one is folded
//! only. The expected terms are computed with the same functions as the build, from each
//! record's text, never written out by hand.

use std::collections::{BTreeMap, BTreeSet};

use syllabus::search::words::{self, Stemming};

use crate::harness::SiteTest;
use crate::search::Index;

impl Index {
    /// The URLs of the pages a query word (as typed) leads to through its exact terms: the word
    /// folded, and the terms the index's forms give it, as `search.js` takes them.
    fn urls_of(&self, typed: &str) -> BTreeSet<String> {
        let mut folded = Vec::new();
        words::words(typed, |w| folded.push(w.to_owned()));
        assert_eq!(folded.len(), 1, "{typed} is one word");
        let w = &folded[0];
        let mut exact = vec![w.clone()];
        exact.extend(self.forms.get(w).cloned().unwrap_or_default());
        exact
            .iter()
            .filter_map(|t| self.terms.get(t))
            .flatten()
            .map(|(d, _)| self.docs[d]["u"].as_str().unwrap().to_owned())
            .collect()
    }

    /// What every page's title and text give, with the build's own functions: its terms, and
    /// its forms (folded word → terms).
    fn expected(&self, stemming: Stemming) -> (BTreeSet<String>, BTreeMap<String, Vec<String>>) {
        let (mut terms, mut forms) = (BTreeSet::new(), BTreeMap::<String, Vec<String>>::new());
        for doc in self.docs.values() {
            let text = format!(
                "{} {}",
                doc["t"].as_str().unwrap(),
                doc["x"].as_str().unwrap()
            );
            terms.extend(words::terms(&text, stemming));
            for (form, term) in words::forms(&text, stemming) {
                let f = forms.entry(form).or_default();
                if !f.contains(&term) {
                    f.push(term);
                }
            }
        }
        forms.values_mut().for_each(|f| f.sort());
        (terms, forms)
    }

    /// Checks the index holds exactly the terms and forms of its pages' text, and that every
    /// form leads to a term of the index.
    fn expect_terms_and_forms_of_the_text(&self, stemming: Stemming) {
        let (terms, forms) = self.expected(stemming);
        let have: BTreeSet<String> = self.terms.keys().cloned().collect();
        assert_eq!(have, terms, "the index's terms are its pages' terms");
        assert_eq!(self.forms, forms, "the index's forms are its pages' forms");
        for (form, terms) in &self.forms {
            for t in terms {
                assert!(self.terms.contains_key(t), "{form} → {t}, not a term");
                assert_ne!(t, form, "a form is listed only when its term differs");
            }
        }
    }
}

#[test]
fn a_french_course_is_stemmed_as_written_and_found_without_accents() {
    let site = SiteTest::fixture("search-fr");
    site.build();
    let index = Index::read(&site);
    assert_eq!(index.manifest["st"], "french");
    assert_eq!(index.manifest["en"], false);
    let fr = Stemming::for_language("fr");
    index.expect_terms_and_forms_of_the_text(fr);
    assert!(!index.forms.is_empty(), "French words have forms");

    let reunion = "vente/reunion.html";
    let ecoute = "vente/ecoute.html";
    let offre = "vente/offre.html";
    // Typed without accents, in any case.
    for typed in ["reunion", "Réunion", "REUNION", "equipe", "preparee"] {
        assert_eq!(
            index.urls_of(typed),
            BTreeSet::from([reunion.into()]),
            "{typed}"
        );
    }
    // One stem, two forms: "clients" on one page, "client" on another; the same for
    // "propositions" and "proposition" (which Snowball's French conflates: checked here).
    assert_eq!(words::terms("clients", fr), words::terms("client", fr));
    assert_eq!(
        words::terms("propositions", fr),
        words::terms("proposition", fr)
    );
    for typed in ["clients", "client", "propositions", "proposition"] {
        assert_eq!(
            index.urls_of(typed),
            BTreeSet::from([ecoute.into(), offre.into()]),
            "{typed}"
        );
    }
    // "proposées" (the offer) and "proposees" (the reminder, typed without accents) fold
    // alike but stem apart: the form lists both terms, and either spelling finds both pages.
    let stems = [
        words::terms("proposées", fr).remove(0),
        words::terms("proposees", fr).remove(0),
    ];
    assert_ne!(stems[0], stems[1]);
    let mut listed = index.forms["proposees"].clone();
    listed.sort();
    let mut expected = stems.to_vec();
    expected.sort();
    assert_eq!(listed, expected);
    for typed in ["proposées", "proposees"] {
        let urls = index.urls_of(typed);
        assert!(
            urls.contains(offre) && urls.contains("vente/relance.html"),
            "{typed}: {urls:?}"
        );
    }
    // The French interface gets no English stop words: "the"-like words stay.
    assert!(index.terms.contains_key("la") || index.terms.contains_key("le"));
}

#[test]
fn a_german_course_finds_umlauts_typed_without_them() {
    let site = SiteTest::fixture("search-fr")
        .write(
            "site.toml",
            "title = \"Verkaufen\"\ndescription = \"Test\"\nid = \"de\"\nlanguage = \"de\"\n",
        )
        .write(
            "content/01-vente/04-pruefen.md",
            "---\ntitle: Angebote prüfen\n---\nÜberprüfen Sie jedes Angebot, bevor der Kunde es sieht.\n",
        )
        .write(
            "content/01-vente/05-ablauf.md",
            "---\ntitle: Der Ablauf\n---\nDie Überprüfung dauert einen Tag.\n",
        );
    site.build();
    let index = Index::read(&site);
    assert_eq!(index.manifest["st"], "german");
    index.expect_terms_and_forms_of_the_text(Stemming::for_language("de"));
    let both = BTreeSet::from(["vente/pruefen.html".into(), "vente/ablauf.html".into()]);
    assert_eq!(index.urls_of("uberprufen"), both);
    assert_eq!(index.urls_of("Überprüfung"), both);
    assert_eq!(
        index.urls_of("angebote"),
        BTreeSet::from(["vente/pruefen.html".into()])
    );
}

#[test]
fn an_arabic_course_folds_harakat_and_alef_forms() {
    let site = SiteTest::fixture("search-ar");
    site.build();
    let index = Index::read(&site);
    assert_eq!(index.manifest["st"], "arabic");
    index.expect_terms_and_forms_of_the_text(Stemming::for_language("ar"));
    let meeting = BTreeSet::from(["mabiat/ijtima.html".to_owned()]);
    // Written "الْمُدِيرُ" (with harakat) and "أسئلة" (hamza on the alef, teh marbuta).
    assert_eq!(index.urls_of("المدير"), meeting);
    assert_eq!(index.urls_of("مدير"), meeting);
    // "أسئلة" on the first page, "الأسئلة" (the same stem) in the second's description.
    let both = BTreeSet::from(["mabiat/ijtima.html".into(), "mabiat/umala.html".into()]);
    assert_eq!(index.urls_of("اسئلة"), both);
    assert_eq!(index.urls_of("اسئله"), both);
    // The customer: "العميل" on the second page, and "العملاء" in its title.
    assert!(index.urls_of("العميل").contains("mabiat/umala.html"));
}

#[test]
fn a_language_without_a_stemmer_is_folded_only() {
    let site = SiteTest::fixture("search-ko");
    site.build();
    let index = Index::read(&site);
    assert_eq!(index.manifest.get("st"), None);
    assert_eq!(index.manifest["en"], false);
    assert!(index.forms.is_empty());
    index.expect_terms_and_forms_of_the_text(Stemming::for_language("ko"));
    // Whole words, particles and all: the browser finds "정리" in "정리합니다" by prefix.
    assert!(index.terms.contains_key("정리합니다"));
    assert_eq!(
        index.urls_of("정리합니다"),
        BTreeSet::from(["yeongeop/hoeui.html".into()])
    );
}

#[test]
fn updating_a_french_lesson_gives_what_a_fresh_build_gives() {
    use crate::search::{as_map, fresh_files, kept_index};

    let site = SiteTest::fixture("search-fr");
    let opts = site.options_in_memory();
    let (mut index, mut files) = kept_index(&opts);
    // The listening lesson loses "clients" and "propositions" (forms other pages do not
    // share) and gains "réunions" (a new form of a term another page has).
    let site = site.write(
        "content/01-vente/02-ecoute.md",
        "---\ntitle: Écouter avant de proposer\ndescription: Les questions d’abord\n---\n## Les besoins\n\nAprès les réunions, écoutez encore.\n",
    );
    let after = syllabus::build::prepare(&opts, false).unwrap();
    let changed = index
        .update(&after.loaded.curriculum, &after.bodies, &[(0, Some(1))])
        .expect("the same files");
    assert!(!changed.is_empty());
    files.extend(as_map(changed));
    let fresh = fresh_files(&opts);
    assert_eq!(files, fresh, "after the update");
    let t0 = String::from_utf8(fresh["assets/search/t0.js"].clone()).unwrap();
    assert!(t0.contains("\"reunions\":7"), "{t0}");
    assert!(!t0.contains("\"propositions\""), "{t0}");
    drop(site);
}

#[test]
fn a_russian_course_finds_yo_typed_as_ye() {
    let site = SiteTest::fixture("search-fr")
        .write(
            "site.toml",
            "title = \"Продажи\"\ndescription = \"Тест\"\nid = \"ru\"\nlanguage = \"ru\"\n",
        )
        // The theme has no Russian table: the course brings one (the rest shows in English).
        .write("themes/default/i18n/ru.toml", "search_placeholder = \"Поиск\"\n")
        .write(
            "content/01-vente/04-vstrecha.md",
            "---\ntitle: Встреча с клиентом\n---\nЕщё раз проверьте всё, что вы пообещали клиентам.\n",
        );
    site.build();
    let index = Index::read(&site);
    assert_eq!(index.manifest["st"], "russian");
    index.expect_terms_and_forms_of_the_text(Stemming::for_language("ru"));
    let page = BTreeSet::from(["vente/vstrecha.html".to_owned()]);
    // "Ещё" typed "еще", "всё" typed "все"; "клиентам" and "клиентом" share a stem.
    assert_eq!(index.urls_of("еще"), page);
    assert_eq!(index.urls_of("ЕЩЁ"), page);
    assert_eq!(index.urls_of("клиентам"), page);
    assert_eq!(index.urls_of("клиентом"), page);
}
