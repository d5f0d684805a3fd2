//! Words as the index and `search.js` both see them: lower case, accents folded, split on anything
//! that is not a letter or a digit, then (for English sites) stop words dropped and common
//! suffixes stripped. `themes/default/static/search.js` does exactly the same in the browser; the
//! tables below are copied there verbatim (a unit test checks), and a browser test compares the
//! two on tricky words, so a query meets the index on equal terms.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Precomposed lower-case Latin and Greek letters and their base letter, as pairs of characters:
/// every letter of U+00C0–U+024F, U+0370–U+03FF and U+1E00–U+1EFF whose canonical decomposition
/// is a letter followed by combining marks (U+0300–U+036F). Generated with Python's
/// `unicodedata` (Unicode 14). Loose combining marks are dropped as well, so a decomposed `é`
/// folds like a precomposed one.
pub const FOLD_PAIRS: &str = "àaáaâaãaäaåaçcèeéeêeëeìiíiîiïiñnòoóoôoõoöoùuúuûuüuýyÿyāaăaąaćcĉcċcčcďdēeĕeėeęeěeĝgğgġgģgĥhĩiīiĭiįiĵjķkĺlļlľlńnņnňnōoŏoőoŕrŗrřrśsŝsşsšsţtťtũuūuŭuůuűuųuŵwŷyźzżzžzơoưuǎaǐiǒoǔuǖuǘuǚuǜuǟaǡaǣæǧgǩkǫoǭoǯʒǰjǵgǹnǻaǽæǿøȁaȃaȅeȇeȉiȋiȍoȏoȑrȓrȕuȗușsțtȟhȧaȩeȫoȭoȯoȱoȳy΅¨ΐιάαέεήηίιΰυϊιϋυόούυώωϓϒϔϒḁaḃbḅbḇbḉcḋdḍdḏdḑdḓdḕeḗeḙeḛeḝeḟfḡgḣhḥhḧhḩhḫhḭiḯiḱkḳkḵkḷlḹlḻlḽlḿmṁmṃmṅnṇnṉnṋnṍoṏoṑoṓoṕpṗpṙrṛrṝrṟrṡsṣsṥsṧsṩsṫtṭtṯtṱtṳuṵuṷuṹuṻuṽvṿvẁwẃwẅwẇwẉwẋxẍxẏyẑzẓzẕzẖhẗtẘwẙyẛſạaảaấaầaẩaẫaậaắaằaẳaẵaặaẹeẻeẽeếeềeểeễeệeỉiịiọoỏoốoồoổoỗoộoớoờoởoỡoợoụuủuứuừuửuữuựuỳyỵyỷyỹy";

/// Letters that are no base letter plus accents, and what they fold to (after `FOLD_PAIRS`).
pub const SPECIAL: &[(char, &str)] = &[
    ('ß', "ss"),
    ('æ', "ae"),
    ('œ', "oe"),
    ('ø', "o"),
    ('đ', "d"),
    ('ð', "d"),
    ('ł', "l"),
    ('þ', "th"),
    ('ı', "i"),
    ('ħ', "h"),
    ('ŧ', "t"),
    ('ŀ', "l"),
    ('ſ', "s"),
    ('ς', "σ"),
    ('ĳ', "ij"),
];

/// English words too common to search for (English sites only; after folding).
pub const STOP_WORDS: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "had", "has", "have", "he",
    "her", "his", "if", "in", "into", "is", "it", "its", "of", "on", "or", "our", "she", "so",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "us",
    "was", "we", "were", "what", "when", "which", "who", "will", "with", "you", "your",
];

/// Apostrophes inside a word are dropped (`don't` is `dont`), not word breaks.
const APOSTROPHES: [char; 3] = ['\'', '\u{2019}', '\u{2bc}'];

/// Terms shorter or longer than this (in characters) are not indexed.
pub const MIN_TERM: usize = 2;
/// See [`MIN_TERM`].
pub const MAX_TERM: usize = 40;

fn fold_map() -> &'static HashMap<char, char> {
    static MAP: OnceLock<HashMap<char, char>> = OnceLock::new();
    MAP.get_or_init(|| {
        let chars: Vec<char> = FOLD_PAIRS.chars().collect();
        chars.chunks(2).map(|p| (p[0], p[1])).collect()
    })
}

/// Appends the folded form of a lower-case character.
fn fold_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c);
        return;
    }
    if ('\u{300}'..='\u{36f}').contains(&c) {
        return;
    }
    let base = fold_map().get(&c).copied().unwrap_or(c);
    match SPECIAL.iter().find(|(k, _)| *k == base) {
        Some((_, s)) => out.push_str(s),
        None => out.push(base),
    }
}

/// The text lower-cased and folded, characters of every kind kept (for tests and comparisons).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        fold_into(c, &mut out);
    }
    out
}

/// Which bytes are ASCII lower-case letters or digits: one load a byte in the loop every
/// character of a course goes through, where the two range checks took twice the time.
const LOWER_OR_DIGIT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_lowercase() || (b as u8).is_ascii_digit();
        b += 1;
    }
    table
};

/// Calls `f` with every word of `text`: lower-cased, folded, split on what is not a letter or a
/// digit. Words are not filtered by length or stemmed here.
pub fn words(text: &str, mut f: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut word = String::new();
    let mut folded = String::new();
    let mut i = 0;
    while i < bytes.len() {
        // Fast path: a run of lower-case ASCII letters and digits is taken whole, and given
        // as it stands when it is a whole word (the common case), without copying.
        let start = i;
        while i < bytes.len() && LOWER_OR_DIGIT[usize::from(bytes[i])] {
            i += 1;
        }
        if i > start {
            let ends = bytes
                .get(i)
                .is_none_or(|&b| b.is_ascii() && !b.is_ascii_alphanumeric() && b != b'\'');
            if word.is_empty() && ends {
                f(&text[start..i]);
            } else {
                word.push_str(&text[start..i]);
            }
            continue;
        }
        if bytes[i].is_ascii_uppercase() {
            word.push(char::from(bytes[i].to_ascii_lowercase()));
            i += 1;
            continue;
        }
        // Other ASCII but the apostrophe: a word break.
        if bytes[i].is_ascii() && bytes[i] != b'\'' {
            flush(&mut word, &mut f);
            i += 1;
            continue;
        }
        // Apostrophes and what is not ASCII, a character at a time.
        let c = text[i..].chars().next().expect("inside the text");
        i += c.len_utf8();
        if APOSTROPHES.contains(&c) {
            let next = text[i..].chars().next();
            if !word.is_empty() && next.is_some_and(char::is_alphanumeric) {
                continue;
            }
            flush(&mut word, &mut f);
            continue;
        }
        folded.clear();
        for l in c.to_lowercase() {
            fold_into(l, &mut folded);
        }
        for fc in folded.chars() {
            if fc.is_alphanumeric() {
                word.push(fc);
            } else {
                flush(&mut word, &mut f);
            }
        }
    }
    flush(&mut word, &mut f);
}

fn flush(word: &mut String, f: &mut impl FnMut(&str)) {
    if !word.is_empty() {
        f(word);
        word.clear();
    }
}

/// The index term of a word (as [`words`] gives it), or `None` when it is not indexed: too
/// short, too long, or (English) a stop word. English words are stemmed.
pub fn term(word: &str, english: bool) -> Option<String> {
    let mut out = String::new();
    term_into(word, english, &mut out).then_some(out)
}

/// [`term`] without allocating: writes the term into `out` (replacing what it held) and says
/// whether the word is indexed.
pub fn term_into(word: &str, english: bool, out: &mut String) -> bool {
    out.clear();
    let n = if word.is_ascii() {
        word.len()
    } else {
        word.chars().count()
    };
    if !(MIN_TERM..=MAX_TERM).contains(&n) {
        return false;
    }
    out.push_str(word);
    if english {
        if STOP_WORDS.binary_search(&word).is_ok() {
            return false;
        }
        stem_in_place(out);
    }
    true
}

/// Every index term of `text`, in order (with repeats).
pub fn terms(text: &str, english: bool) -> Vec<String> {
    let mut out = Vec::new();
    words(text, |w| out.extend(term(w, english)));
    out
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// A light English stemmer: plurals, `-ing`, `-ed`, `-ly`, `-ness`, a doubled final consonant
/// and a final `e` go, so `thank thanks thanked thanking` are one term, and `care cares cared
/// caring`, and `recognise recognised recognising`. Only for words of ASCII letters; it may
/// merge unrelated words (`care` and `car`), which costs a little precision, never a match.
pub fn stem(word: &str) -> String {
    let mut w = word.to_owned();
    stem_in_place(&mut w);
    w
}

fn stem_in_place(w: &mut String) {
    if w.len() < 3 || !w.bytes().all(|b| b.is_ascii_lowercase()) {
        return;
    }
    let has_vowel = |w: &str| w.bytes().any(is_vowel);
    // Plurals.
    if w.ends_with("sses") {
        w.truncate(w.len() - 2);
    } else if w.ends_with("ies") && w.len() >= 5 {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.ends_with('s')
        && w.len() >= 4
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        w.truncate(w.len() - 1);
    }
    // One suffix.
    let strip = |w: &mut String, suffix: usize, min: usize| {
        let rest = w.len() - suffix;
        if rest >= min && has_vowel(&w[..rest]) {
            w.truncate(rest);
        }
    };
    if w.ends_with("ied") && w.len() >= 5 {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.ends_with("eed") {
        // need, feed, agreed: left as they are.
    } else if w.ends_with("ing") {
        strip(w, 3, 2);
    } else if w.ends_with("ed") {
        strip(w, 2, 2);
    } else if w.ends_with("ly") {
        strip(w, 2, 3);
    } else if w.ends_with("ness") {
        strip(w, 4, 3);
    }
    // A doubled final consonant (stopp-ing), except l, s and z (fall, miss, buzz).
    let b = w.as_bytes();
    let n = b.len();
    if n >= 3
        && b[n - 1] == b[n - 2]
        && !is_vowel(b[n - 1])
        && !matches!(b[n - 1], b'l' | b's' | b'z')
    {
        w.truncate(n - 1);
    }
    // A final e (care, caring; recognise, recognising).
    if w.len() >= 3 && w.ends_with('e') {
        w.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(word: &str) -> String {
        let t = terms(word, true);
        assert_eq!(t.len(), 1, "{word} gives {t:?}");
        t[0].clone()
    }

    #[test]
    fn inflections_share_a_stem() {
        let groups: &[&[&str]] = &[
            &["thank", "thanks", "thanked", "thanking"],
            &["care", "cares", "cared", "caring"],
            &["recognise", "recognised", "recognises", "recognising"],
            &["stop", "stops", "stopped", "stopping"],
            &["study", "studies", "studied", "studying"],
            &["class", "classes"],
            &["need", "needs", "needed", "needing"],
            &["use", "uses", "used", "using"],
            &["sell", "sells", "selling"],
            &["push", "pushes", "pushed", "pushing"],
            &["staff", "staffing", "staffs"],
            &["business", "businesses"],
            &["process", "processes", "processing", "processed"],
            &["customer", "customers", "customer's", "customers\u{2019}"],
            &["try", "tries", "tried", "trying"],
            &["agree", "agrees", "agreeing"],
            &["quick", "quickly"],
            &["kind", "kindness"],
        ];
        for group in groups {
            let stems: Vec<String> = group.iter().map(|w| one(w)).collect();
            assert!(
                stems.iter().all(|s| *s == stems[0]),
                "{group:?} stem to {stems:?}"
            );
        }
    }

    #[test]
    fn short_and_unrelated_words_keep_their_form() {
        for w in [
            "thing",
            "bring",
            "string",
            "only",
            "red",
            "shed",
            "focus",
            "status",
            "analysis",
            "bus",
            "recognition",
            "fall",
            "miss",
            "buzz",
        ] {
            assert_eq!(stem(w), w, "{w}");
        }
        assert_eq!(stem("recognise"), "recognis");
        assert!(stem("recognition").starts_with("recogn"));
        assert!(stem("recognize").starts_with("recogn"));
    }

    #[test]
    fn case_and_accents_are_folded() {
        assert_eq!(terms("Café CAFE cafe\u{301}", true), ["caf", "caf", "caf"]);
        assert_eq!(terms("Ærø straße Łódź", false), ["aero", "strasse", "lodz"]);
        assert_eq!(terms("ΆΣΟΣ άσος", false), ["ασοσ", "ασοσ"]);
        assert_eq!(fold("Crème Brûlée"), "creme brulee");
        assert_eq!(terms("naïve résumé", true), terms("naive resume", true));
    }

    #[test]
    fn words_split_on_anything_but_letters_and_digits() {
        let mut got = Vec::new();
        words("don't stop—the 2nd well-known 'quote' l’été x", |w| {
            got.push(w.to_owned())
        });
        assert_eq!(
            got,
            [
                "dont", "stop", "the", "2nd", "well", "known", "quote", "lete", "x"
            ]
        );
        // Stop words and one-letter words are not terms (in English).
        assert_eq!(terms("the a of support", true), ["support"]);
        assert_eq!(terms("the a of support", false), ["the", "of", "support"]);
        // A 41-letter word is not a term.
        assert!(terms(&"x".repeat(41), true).is_empty());
    }

    /// `words` as it reads in the module docs, a character at a time (the fast paths of
    /// `words` must not change what it finds).
    fn words_slowly(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let (mut out, mut word) = (Vec::new(), String::new());
        for (k, &c) in chars.iter().enumerate() {
            if APOSTROPHES.contains(&c) {
                if word.is_empty() || !chars.get(k + 1).is_some_and(|n| n.is_alphanumeric()) {
                    out.extend((!word.is_empty()).then(|| std::mem::take(&mut word)));
                }
                continue;
            }
            let mut folded = String::new();
            for l in c.to_lowercase() {
                fold_into(l, &mut folded);
            }
            for fc in folded.chars() {
                if fc.is_alphanumeric() {
                    word.push(fc);
                } else if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
        }
        out.extend((!word.is_empty()).then_some(word));
        out
    }

    proptest::proptest! {
        #[test]
        fn fast_paths_find_the_same_words(text in "[a-zA-Z0-9 .,'\u{2019}\u{2bc}\u{e9}\u{c9}\u{df}\u{c6}\u{301}\u{3a3}\u{3c3}\u{a0}-]{0,40}") {
            let mut got = Vec::new();
            words(&text, |w| got.push(w.to_owned()));
            proptest::prop_assert_eq!(got, words_slowly(&text));
        }
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn the_script_has_the_same_tables() {
        let js = include_str!("../../themes/default/static/search.js");
        assert!(js.contains(FOLD_PAIRS), "search.js has FOLD_PAIRS");
        for (c, s) in SPECIAL {
            assert!(
                js.contains(&format!("\"{c}\": \"{s}\"")),
                "search.js folds {c} to {s}"
            );
        }
        let stop = STOP_WORDS.join(" ");
        assert!(js.contains(&stop), "search.js has the stop words: {stop}");
    }
}
