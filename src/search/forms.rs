//! The forms of a Snowball course: its folded words whose term (the folded stem of the word as
//! written) differs from them, with their terms, counted by document so `serve` can update
//! them; and how a form is written in its term chunk (see the format in `super`).

use std::collections::BTreeMap;
use std::sync::Arc;

/// Folded word → its terms (nearly always one), each with the number of documents that have
/// the word with that term.
pub(super) type Forms = BTreeMap<String, BTreeMap<Arc<str>, u32>>;

/// Counts a document's forms in.
pub(super) fn add(forms: &mut Forms, doc: &[(Arc<str>, Arc<str>)]) {
    for (form, term) in doc {
        *forms
            .entry(form.to_string())
            .or_default()
            .entry(term.clone())
            .or_default() += 1;
    }
}

/// Counts a document's forms out (those no document has any more go).
pub(super) fn remove(forms: &mut Forms, doc: &[(Arc<str>, Arc<str>)]) {
    for (form, term) in doc {
        if let Some(terms) = forms.get_mut(&**form) {
            if let Some(count) = terms.get_mut(term) {
                *count -= 1;
                if *count == 0 {
                    terms.remove(term);
                }
            }
            if terms.is_empty() {
                forms.remove(&**form);
            }
        }
    }
}

/// A form's entry in its chunk: its term as the number of the form's first characters it is,
/// when it is those (nearly always: `"clients":6`), else the term as a string; an array when
/// the form has several terms (words written differently that fold alike).
pub(super) fn value(form: &str, terms: &BTreeMap<Arc<str>, u32>) -> String {
    let one = |term: &str| match form.strip_prefix(term) {
        Some(_) => term.chars().count().to_string(),
        None => super::json(term),
    };
    match terms.len() {
        1 => one(terms.keys().next().expect("one term")),
        _ => format!(
            "[{}]",
            terms.keys().map(|t| one(t)).collect::<Vec<_>>().join(",")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_counted_in_and_out_by_document() {
        let (clients, client): (Arc<str>, Arc<str>) = ("clients".into(), "client".into());
        let doc = vec![(clients.clone(), client.clone())];
        let mut forms = Forms::new();
        add(&mut forms, &doc);
        add(&mut forms, &doc);
        remove(&mut forms, &doc);
        assert_eq!(forms["clients"][&client], 1);
        remove(&mut forms, &doc);
        assert!(forms.is_empty());
    }

    #[test]
    fn a_term_that_starts_its_form_is_written_as_a_length() {
        let terms = |ts: &[&str]| -> BTreeMap<Arc<str>, u32> {
            ts.iter().map(|t| (Arc::from(*t), 1)).collect()
        };
        assert_eq!(value("clients", &terms(&["client"])), "6");
        assert_eq!(value("réunions", &terms(&["réunion"])), "7");
        assert_eq!(value("sooner", &terms(&["other"])), "\"other\"");
        assert_eq!(value("peche", &terms(&["pech", "pec"])), "[3,4]");
    }
}
