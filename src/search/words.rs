//! Words as the index and `search.js` both see them: lower case, accents folded, split on anything
//! that is not a letter or a digit, then (for English sites) stop words dropped and common
//! suffixes stripped, or (for a language with a Snowball algorithm, see [`super::stem`]) the word
//! as written stemmed and the stem folded (`stem.rs`). `themes/default/static/search.js` cuts and folds
//! exactly the same in the browser and stems English the same; the tables below are copied there
//! verbatim (a unit test checks), and a browser test compares the two on tricky words, so a query
//! meets the index on equal terms. Snowball stems are not computed in the browser: the index
//! carries them for the words the course holds (docs/search.md).

use std::collections::HashMap;
use std::sync::OnceLock;

pub use super::stem::Stemming;

/// Precomposed lower-case Latin, Greek and Cyrillic letters and their base letter, as pairs of
/// characters: every letter of U+00C0–U+024F, U+0370–U+03FF, U+1E00–U+1EFF and U+0400–U+052F
/// whose canonical decomposition is a letter followed by combining marks (U+0300–U+036F), so `ё`
/// is `е`, `й` is `и` and `ї` is `і` (as `ñ` is `n`). Generated with Python's `unicodedata`
/// (Unicode 14). Loose combining marks are dropped as well (see [`DROPPED`]), so a decomposed
/// `é` folds like a precomposed one.
pub const FOLD_PAIRS: &str = "àaáaâaãaäaåaçcèeéeêeëeìiíiîiïiñnòoóoôoõoöoùuúuûuüuýyÿyāaăaąaćcĉcċcčcďdēeĕeėeęeěeĝgğgġgģgĥhĩiīiĭiįiĵjķkĺlļlľlńnņnňnōoŏoőoŕrŗrřrśsŝsşsšsţtťtũuūuŭuůuűuųuŵwŷyźzżzžzơoưuǎaǐiǒoǔuǖuǘuǚuǜuǟaǡaǣæǧgǩkǫoǭoǯʒǰjǵgǹnǻaǽæǿøȁaȃaȅeȇeȉiȋiȍoȏoȑrȓrȕuȗușsțtȟhȧaȩeȫoȭoȯoȱoȳy΅¨ΐιάαέεήηίιΰυϊιϋυόούυώωϓϒϔϒḁaḃbḅbḇbḉcḋdḍdḏdḑdḓdḕeḗeḙeḛeḝeḟfḡgḣhḥhḧhḩhḫhḭiḯiḱkḳkḵkḷlḹlḻlḽlḿmṁmṃmṅnṇnṉnṋnṍoṏoṑoṓoṕpṗpṙrṛrṝrṟrṡsṣsṥsṧsṩsṫtṭtṯtṱtṳuṵuṷuṹuṻuṽvṿvẁwẃwẅwẇwẉwẋxẍxẏyẑzẓzẕzẖhẗtẘwẙyẛſạaảaấaầaẩaẫaậaắaằaẳaẵaặaẹeẻeẽeếeềeểeễeệeỉiịiọoỏoốoồoổoỗoộoớoờoởoỡoợoụuủuứuừuửuữuựuỳyỵyỷyỹyйиѐеёеѓгїіќкѝиўуѷѵӂжӑаӓаӗеӛәӝжӟзӣиӥиӧоӫөӭэӯуӱуӳуӵчӹы";

/// Letters that are no base letter plus accents, and what they fold to (after `FOLD_PAIRS`).
/// Arabic: the alef with hamza or madda and the wasla alef are the bare alef (`أ إ آ ٱ` → `ا`,
/// as phone keyboards type it), the alef maqsura is the yeh (`ى` → `ي`), and the teh marbuta
/// is the heh (`ة` → `ه`): many write a final `ه` for it, and a Snowball stem has mostly lost
/// it anyway; it merges a few words ending in the pronoun `ه`, which costs precision, never a
/// match.
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
    ('\u{623}', "\u{627}"),
    ('\u{625}', "\u{627}"),
    ('\u{622}', "\u{627}"),
    ('\u{671}', "\u{627}"),
    ('\u{649}', "\u{64a}"),
    ('\u{629}', "\u{647}"),
];

/// Characters folding drops, as ranges: combining accents (U+0300–U+036F), Hebrew points and
/// cantillation marks (U+0591–U+05C7 but the punctuation among them), the Arabic tatweel
/// (U+0640, a stretching stroke), harakat (the short vowel and other marks, U+064B–U+065F) and
/// the superscript alef (U+0670), which learners rarely type.
/// (All within U+0300–U+0670, which `fold_into` checks first; a test checks.)
pub const DROPPED: &[(char, char)] = &[
    ('\u{300}', '\u{36f}'),
    ('\u{591}', '\u{5bd}'),
    ('\u{5bf}', '\u{5bf}'),
    ('\u{5c1}', '\u{5c2}'),
    ('\u{5c4}', '\u{5c5}'),
    ('\u{5c7}', '\u{5c7}'),
    ('\u{640}', '\u{640}'),
    ('\u{64b}', '\u{65f}'),
    ('\u{670}', '\u{670}'),
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
    // Every dropped character lies in U+0300–U+0670: most letters need one comparison.
    if ('\u{300}'..='\u{670}').contains(&c) && DROPPED.iter().any(|&(a, b)| (a..=b).contains(&c)) {
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
    scan::<false>(text, false, |w, _| f(w));
}

/// [`words`], each word given also as written, lower-cased but not folded (what a Snowball
/// stemmer reads: French needs its accents): `f(word, written)`. Combining marks and harakat
/// that folding drops stay in the written word. With `elision` (French, Italian: see
/// [`Stemming::elides`]) an apostrophe is a word break, so `l’équipe` is `l` and `equipe`.
pub fn words_as_written(text: &str, elision: bool, f: impl FnMut(&str, &str)) {
    scan::<true>(text, elision, f);
}

/// [`words`] and [`words_as_written`]: one loop, with the written word kept only when
/// `WRITTEN` (English sites do not pay for it).
fn scan<const WRITTEN: bool>(text: &str, elision: bool, mut f: impl FnMut(&str, &str)) {
    let bytes = text.as_bytes();
    let mut word = String::new();
    let mut written = String::new();
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
                f(&text[start..i], &text[start..i]);
            } else {
                word.push_str(&text[start..i]);
                if WRITTEN {
                    written.push_str(&text[start..i]);
                }
            }
            continue;
        }
        if bytes[i].is_ascii_uppercase() {
            word.push(char::from(bytes[i].to_ascii_lowercase()));
            if WRITTEN {
                written.push(char::from(bytes[i].to_ascii_lowercase()));
            }
            i += 1;
            continue;
        }
        // Other ASCII but the apostrophe: a word break.
        if bytes[i].is_ascii() && bytes[i] != b'\'' {
            flush::<WRITTEN>(&mut word, &mut written, &mut f);
            i += 1;
            continue;
        }
        // Apostrophes and what is not ASCII, a character at a time.
        let c = text[i..].chars().next().expect("inside the text");
        i += c.len_utf8();
        if APOSTROPHES.contains(&c) {
            let next = text[i..].chars().next();
            if !elision && !word.is_empty() && next.is_some_and(char::is_alphanumeric) {
                continue;
            }
            flush::<WRITTEN>(&mut word, &mut written, &mut f);
            continue;
        }
        folded.clear();
        for l in c.to_lowercase() {
            fold_into(l, &mut folded);
        }
        if WRITTEN {
            // A dropped mark stays in the written word; a letter that folds to letters goes in
            // as written; one that folds to a break as well (rare) goes in folded.
            if folded.is_empty() {
                if !word.is_empty() {
                    written.extend(c.to_lowercase());
                }
                continue;
            }
            if folded.chars().all(char::is_alphanumeric) {
                word.push_str(&folded);
                written.extend(c.to_lowercase());
                continue;
            }
        }
        for fc in folded.chars() {
            if fc.is_alphanumeric() {
                word.push(fc);
                if WRITTEN {
                    written.push(fc);
                }
            } else {
                flush::<WRITTEN>(&mut word, &mut written, &mut f);
            }
        }
    }
    flush::<WRITTEN>(&mut word, &mut written, &mut f);
}

fn flush<const WRITTEN: bool>(
    word: &mut String,
    written: &mut String,
    f: &mut impl FnMut(&str, &str),
) {
    if !word.is_empty() {
        f(word, if WRITTEN { written } else { word });
        word.clear();
        written.clear();
    }
}

/// The index term of a word (as [`words_as_written`] gives it, folded and as written), or
/// `None` when it is not indexed: too short, too long, or (English) a stop word. English words
/// are stemmed by [`stem`], others by their language's Snowball algorithm if it has one.
pub fn term(word: &str, written: &str, stemming: Stemming) -> Option<String> {
    let mut out = String::new();
    term_into(word, written, stemming, &mut out).then_some(out)
}

/// [`term`] without allocating: writes the term into `out` (replacing what it held) and says
/// whether the word is indexed.
pub fn term_into(word: &str, written: &str, stemming: Stemming, out: &mut String) -> bool {
    out.clear();
    let n = if word.is_ascii() {
        word.len()
    } else {
        word.chars().count()
    };
    if !(MIN_TERM..=MAX_TERM).contains(&n) {
        return false;
    }
    match stemming {
        Stemming::English => {
            if STOP_WORDS.binary_search(&word).is_ok() {
                return false;
            }
            out.push_str(word);
            stem_in_place(out);
        }
        Stemming::Snowball(algorithm) => {
            // Stemmed as written (French needs its accents), then folded: letters and digits
            // only, so a stem is one word as `search.js` cuts them.
            for c in super::stem::snowball(algorithm, written).chars() {
                for l in c.to_lowercase() {
                    fold_into(l, out);
                }
            }
            out.retain(char::is_alphanumeric);
            if out.is_empty() {
                out.push_str(word);
            }
        }
        Stemming::None => out.push_str(word),
    }
    true
}

/// Every index term of `text`, in order (with repeats).
pub fn terms(text: &str, stemming: Stemming) -> Vec<String> {
    let mut out = Vec::new();
    words_as_written(text, stemming.elides(), |w, written| {
        out.extend(term(w, written, stemming));
    });
    out
}

/// Every indexed word of `text` whose term differs from the word, with its term: the forms the
/// index lists for the browser (in order, with repeats; none for English).
pub fn forms(text: &str, stemming: Stemming) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if matches!(stemming, Stemming::Snowball(_)) {
        words_as_written(text, stemming.elides(), |w, written| {
            if let Some(t) = term(w, written, stemming).filter(|t| t != w) {
                out.push((w.to_owned(), t));
            }
        });
    }
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
        let t = terms(word, Stemming::English);
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
        assert_eq!(
            terms("Café CAFE cafe\u{301}", Stemming::English),
            ["caf", "caf", "caf"]
        );
        assert_eq!(
            terms("Ærø straße Łódź", Stemming::None),
            ["aero", "strasse", "lodz"]
        );
        assert_eq!(terms("ΆΣΟΣ άσος", Stemming::None), ["ασοσ", "ασοσ"]);
        assert_eq!(fold("Crème Brûlée"), "creme brulee");
        assert_eq!(
            terms("naïve résumé", Stemming::English),
            terms("naive resume", Stemming::English)
        );
    }

    #[test]
    fn cyrillic_letters_fold_to_their_base_letter() {
        assert_eq!(fold("Ёлка ЁЖ"), "елка еж");
        assert_eq!(fold("Їжак ў й"), "іжак у и");
        // Every pair is a letter whose canonical decomposition is its base letter and marks.
        let pairs: Vec<char> = FOLD_PAIRS.chars().collect();
        for p in pairs.chunks(2) {
            use unicode_normalization::UnicodeNormalization;
            let decomposed: String = p[0].to_string().nfd().collect();
            let mut d = decomposed.chars();
            let base = d.next().unwrap();
            assert!(d.all(|m| ('\u{300}'..='\u{36f}').contains(&m)), "{}", p[0]);
            assert_eq!(fold(&base.to_string()), fold(&p[1].to_string()), "{}", p[0]);
        }
    }

    #[test]
    fn dropped_ranges_lie_where_fold_into_looks() {
        assert!(
            DROPPED
                .iter()
                .all(|&(a, b)| a <= b && ('\u{300}'..='\u{670}').contains(&a) && b <= '\u{670}')
        );
    }

    #[test]
    fn arabic_marks_tatweel_and_letter_forms_fold() {
        // Harakat (fatha, damma, kasra, sukun, shadda, tanwin), tatweel, superscript alef.
        assert_eq!(fold("الْمُدِيرُ"), "المدير");
        assert_eq!(fold("مـــدير"), "مدير");
        assert_eq!(fold("هٰذا"), "هذا");
        // Alef forms, alef maqsura, teh marbuta.
        assert_eq!(fold("أحمد إدارة آخر ٱلكتاب"), "احمد اداره اخر الكتاب");
        assert_eq!(fold("على"), "علي");
        // Hebrew points go too.
        assert_eq!(fold("שָׁלוֹם"), "שלום");
        // A mark is not a word break: the word is whole.
        assert_eq!(terms("الْمُدِيرُ مُدِير", Stemming::None), ["المدير", "مدير"]);
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
        assert_eq!(terms("the a of support", Stemming::English), ["support"]);
        assert_eq!(
            terms("the a of support", Stemming::None),
            ["the", "of", "support"]
        );
        // A 41-letter word is not a term.
        assert!(terms(&"x".repeat(41), Stemming::English).is_empty());
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
        /// The written words are the same words, and fold to them (the vocabulary keys Snowball
        /// words by how they are written).
        #[test]
        fn written_words_fold_to_the_words(text in "[a-zA-Z0-9 .'\u{2019}\u{e9}\u{c9}\u{df}\u{c6}\u{301}\u{3a3}\u{3c3}\u{385}\u{401}\u{451}\u{419}\u{439}\u{623}\u{627}\u{64e}\u{640}\u{629}\u{130}\u{1c5}\u{1e9e}\u{fb01}-]{0,40}") {
            let (mut plain, mut written) = (Vec::new(), Vec::new());
            words(&text, |w| plain.push(w.to_owned()));
            words_as_written(&text, false, |w, as_written| {
                let refolded = fold(as_written).replace(|c: char| !c.is_alphanumeric(), "");
                written.push((w.to_owned(), refolded));
            });
            for (w, refolded) in &written {
                proptest::prop_assert_eq!(w, refolded);
            }
            let written: Vec<String> = written.into_iter().map(|p| p.0).collect();
            proptest::prop_assert_eq!(plain, written);
        }

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
        let dropped: Vec<String> = DROPPED
            .iter()
            .map(|&(a, b)| format!("[{:#x}, {:#x}]", u32::from(a), u32::from(b)))
            .collect();
        let dropped = format!("var DROPPED = [{}];", dropped.join(", "));
        assert!(js.contains(&dropped), "search.js has {dropped}");
        let stop = STOP_WORDS.join(" ");
        assert!(js.contains(&stop), "search.js has the stop words: {stop}");
    }
}
