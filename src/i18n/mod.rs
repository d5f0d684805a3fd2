//! Interface strings: the theme's table of every word the site says that is not the course's
//! own (`themes/default/i18n/en.toml`, overridable key by key in `themes/<name>/i18n/`).
//! Templates print them with the Tera function `t`; the scripts read the same table from
//! `assets/syllabus-text.js`. The languages issue adds tables, not code.

use std::collections::BTreeMap;
use std::sync::Arc;

use anyhow::anyhow;
use serde::Deserialize;

pub mod plural;
pub mod schema;

/// One string of the table.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Entry {
    /// The same whatever the numbers.
    Plain(String),
    /// Chosen by the number `n`: one form per CLDR plural category the language uses.
    Plural(plural::Forms),
}

/// The interface strings of one language.
#[derive(Clone, Default)]
pub struct Text {
    entries: BTreeMap<String, Entry>,
    /// The language's plural rules; English's without them.
    rules: Option<Arc<icu_plurals::PluralRules>>,
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Text")
            .field("entries", &self.entries.len())
            .field("rules", &self.rules.is_some())
            .finish()
    }
}

/// The start of the keys of strings only LMS packages say (docs/lms.md).
pub const LMS_PREFIX: &str = "lms_";

impl Text {
    /// Reads a table (`what` names it in errors).
    pub fn parse(toml_text: &str, what: &str) -> anyhow::Result<Text> {
        let entries: BTreeMap<String, Entry> = toml::from_str(toml_text)
            .map_err(|e| anyhow!("{what} is not a table of strings: {e}"))?;
        Ok(Text {
            entries,
            rules: None,
        })
    }

    /// This table, choosing plural forms by `language`'s rules.
    pub fn in_language(mut self, language: &str) -> Text {
        self.rules = plural::rules(language).map(Arc::new);
        self
    }

    /// The entry `key`.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.get(key)
    }

    /// This table with `key` saying `entry` instead.
    pub fn with(mut self, key: String, entry: Entry) -> Text {
        self.entries.insert(key, entry);
        self
    }

    /// Whether the table has a string `key`.
    pub fn has(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }

    /// This table with `other`'s entries put over its own, key by key.
    pub fn overlay(mut self, other: Text) -> Text {
        self.entries.extend(other.entries);
        self
    }

    /// The string `key` for the number `n` (when the entry has plural forms), with each
    /// `{name}` of `args` replaced by its value (HTML-escaped when the key ends in `_html`,
    /// whose text is HTML).
    pub fn format(
        &self,
        key: &str,
        n: Option<i64>,
        args: &[(&str, String)],
    ) -> Result<String, String> {
        let entry = self.entries.get(key).ok_or_else(|| {
            format!("there is no interface string `{key}` in the theme's i18n table")
        })?;
        let text: &str = match (entry, n) {
            (Entry::Plain(s), _) => s,
            (Entry::Plural(forms), Some(n)) => {
                forms.pick(plural::category(self.rules.as_deref(), n))
            }
            (Entry::Plural(_), None) => {
                return Err(format!(
                    "the interface string `{key}` has plural forms: give `n`"
                ));
            }
        };
        // A string with an unclosed `{` is printed as it is.
        let Some(pieces) = pieces(text).filter(|p| p.iter().any(|p| matches!(p, Piece::Arg(_))))
        else {
            return Ok(text.to_owned());
        };
        let html = key.ends_with("_html");
        let mut out = String::with_capacity(text.len() + 16);
        for piece in pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Arg(name) => {
                    let value = if name == "n" {
                        n.map(|n| n.to_string())
                    } else {
                        args.iter()
                            .find(|(k, _)| *k == name)
                            .map(|(_, v)| v.clone())
                    };
                    let value = value
                        .ok_or_else(|| format!("the interface string `{key}` needs `{name}`"))?;
                    out.push_str(&if html { escape_html(&value) } else { value });
                }
            }
        }
        Ok(out)
    }

    /// The plain string `key`, or the key itself when the table has no plain string of that name
    /// (the English table has every key the code uses: `tests::the_code_uses_only_keys_of_the_table`).
    pub fn say<'a>(&'a self, key: &'a str) -> &'a str {
        match self.entries.get(key) {
            Some(Entry::Plain(s)) => s,
            _ => key,
        }
    }

    /// `template` with the calls of `t` resolved now, once, instead of on every page (the calls
    /// cost a fifth of a build's instructions: Tera builds a map of arguments for each).
    /// `{{ t(key="k", title=m.title) }}` becomes the string's text around `{{ m.title }}`, its
    /// text escaped as Tera would print it (an `_html` string as it is); `t(…)` inside an
    /// expression becomes a concatenation of string literals and the arguments. A call with
    /// `n` (a plural), a dynamic key, a key the table lacks or a missing argument stays a call,
    /// which then says what is wrong.
    pub fn inline_constants(&self, template: &str) -> String {
        const CALL: &str = "t(key=\"";
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(i) = rest.find(CALL) {
            let (before, call) = rest.split_at(i);
            let inlined = if before.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                None
            } else {
                self.inline_call(before, call)
            };
            match inlined {
                Some((printed, consumed, drop_before)) => {
                    out.push_str(&before[..before.len() - drop_before]);
                    out.push_str(&printed);
                    rest = &call[consumed..];
                }
                None => {
                    out.push_str(&rest[..i + CALL.len()]);
                    rest = &rest[i + CALL.len()..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The call at the start of `call` (after `before`) as template text: what to write, how
    /// many bytes of `call` it replaces, and how many at the end of `before`.
    fn inline_call(&self, before: &str, call: &str) -> Option<(String, usize, usize)> {
        let after = &call["t(key=\"".len()..];
        let key = &after[..after.find('"')?];
        let args_start = "t(key=\"".len() + key.len() + 1;
        let (args, len) = call_args(&call[args_start..])?;
        let consumed = args_start + len;
        let Some(Entry::Plain(text)) = self.entries.get(key) else {
            return None;
        };
        let pieces = pieces(text)?;
        let arg = |name: &str| args.iter().find(|(k, _)| *k == name).map(|(_, e)| *e);
        // Every `{name}` must have its argument (else the call says so); `n` stays a call.
        if args.iter().any(|(k, _)| *k == "n" || *k == "key")
            || pieces
                .iter()
                .any(|p| matches!(p, Piece::Arg(a) if arg(a).is_none()))
        {
            return None;
        }
        let html = key.ends_with("_html");
        let tail = &call[consumed..];
        if before.ends_with("{{ ") && tail.starts_with(" }}") {
            // A whole `{{ … }}`: the text as Tera would print it, the arguments printed by Tera.
            let mut printed = String::new();
            for p in &pieces {
                match p {
                    Piece::Text(t) if html => printed.push_str(t),
                    Piece::Text(t) => printed.push_str(&escape_html(t)),
                    Piece::Arg(a) => {
                        printed.push_str("{{ ");
                        printed.push_str(arg(a)?);
                        printed.push_str(" }}");
                    }
                }
            }
            return Some((printed, consumed + " }}".len(), "{{ ".len()));
        }
        if html {
            return None;
        }
        // Inside an expression: string literals and the arguments, joined with `~`.
        let mut parts = Vec::new();
        for p in &pieces {
            match p {
                Piece::Text(t) => {
                    let q = ['"', '\'', '`'].into_iter().find(|q| !t.contains(*q))?;
                    parts.push(format!("{q}{t}{q}"));
                }
                Piece::Arg(a) => parts.push(format!("({})", arg(a)?)),
            }
        }
        if parts.is_empty() {
            parts.push("\"\"".to_owned());
        }
        Some((format!("({})", parts.join(" ~ ")), consumed, 0))
    }

    /// Every key, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// The table as a classic script that sets `window.SyllabusText` (for the theme's scripts;
    /// a classic script works from `file://`, where a fetched JSON file would not); with `lms`
    /// (an LMS package's pages), the `lms_*` strings too.
    pub fn script(&self, lms: bool) -> String {
        // The strings only LMS packages say (`lms_*`, said by themes/default/lms/js/) stay out
        // of an ordinary site's copy, which keeps the bytes it had before packages existed.
        let entries: BTreeMap<&String, &Entry> = self
            .entries
            .iter()
            .filter(|(k, _)| lms || !k.starts_with(LMS_PREFIX))
            .collect();
        format!(
            "/* The theme's interface strings (i18n/*.toml), written by syllabus build. */\nwindow.SyllabusText = {};\n",
            crate::theme::script_json::json_for_script(&entries)
        )
    }

    /// The Tera function `t(key="…", n=…, name=value…)`, printing [`Text::format`]. Keys ending
    /// in `_html` print as HTML (their arguments escaped), the rest are escaped as usual.
    pub fn tera_function(
        self: &Arc<Self>,
    ) -> impl Fn(tera::Kwargs, &tera::State) -> tera::TeraResult<tera::Value> + Send + Sync + 'static
    {
        let text = Arc::clone(self);
        move |kwargs: tera::Kwargs, _: &tera::State| {
            let key: &str = kwargs.must_get("key")?;
            let n: Option<i64> = kwargs.get("n")?;
            let mut args = Vec::new();
            for (k, v) in kwargs.iter() {
                let k = k.as_str().unwrap_or_default();
                if k != "key" && k != "n" {
                    let v = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
                    args.push((k, v));
                }
            }
            let s = text.format(key, n, &args).map_err(tera::Error::message)?;
            Ok(if key.ends_with("_html") {
                tera::Value::safe_string(&s)
            } else {
                tera::Value::from(s)
            })
        }
    }
}

/// A string of the table cut at its `{name}`s.
enum Piece<'a> {
    Text(&'a str),
    Arg(&'a str),
}

impl Entry {
    /// The `{name}`s its text (every form of it) uses.
    pub fn placeholders(&self) -> std::collections::BTreeSet<&str> {
        let texts: Vec<&str> = match self {
            Entry::Plain(s) => vec![s],
            Entry::Plural(f) => f.texts().collect(),
        };
        texts
            .into_iter()
            .filter_map(pieces)
            .flatten()
            .filter_map(|p| match p {
                Piece::Arg(a) => Some(a),
                Piece::Text(_) => None,
            })
            .collect()
    }
}

/// `text` as pieces; `None` when a `{` is not closed.
fn pieces(text: &str) -> Option<Vec<Piece<'_>>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        let close = rest[open..].find('}')? + open;
        out.push(Piece::Arg(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    Some(out)
}

/// The arguments after the key of a call of `t` (`, a=x, b=f(y))…`): each `name=expression`,
/// and the bytes up to and including the closing `)`. `None` for anything unusual.
fn call_args(s: &str) -> Option<(Vec<(&str, &str)>, usize)> {
    let mut args = Vec::new();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')') if depth == 0 => {
                let last = s[start..i].trim();
                if !last.is_empty() {
                    args.push(last);
                }
                let args = args
                    .into_iter()
                    .map(|a: &str| {
                        let (name, expr) = a.split_once('=')?;
                        let (name, expr) = (name.trim(), expr.trim());
                        let plain = !name.is_empty()
                            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                            && !expr.is_empty()
                            && !expr.starts_with('=');
                        plain.then_some((name, expr))
                    })
                    .collect::<Option<Vec<_>>>()?;
                return Some((args, i + 1));
            }
            (None, ')' | ']' | '}') => depth = depth.checked_sub(1)?,
            (None, ',') if depth == 0 => {
                let arg = s[start..i].trim();
                if !arg.is_empty() {
                    args.push(arg);
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    None
}

/// `s` escaped as Tera escapes what a template prints, so an argument reads the same in a
/// string of the table as in the template.
fn escape_html(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    tera::escape_html(s, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("escaping keeps UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> Text {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n/en.toml");
        Text::parse(&std::fs::read_to_string(path).unwrap(), "en.toml").unwrap()
    }

    #[test]
    fn strings_take_numbers_and_arguments() {
        let t = english();
        assert_eq!(t.format("lessons_count", Some(1), &[]).unwrap(), "1 lesson");
        assert_eq!(
            t.format("lessons_count", Some(0), &[]).unwrap(),
            "0 lessons"
        );
        assert_eq!(
            t.format("question_of", Some(2), &[("count", "5".into())])
                .unwrap(),
            "Question 2 of 5"
        );
        assert_eq!(
            t.format("progress_lead_html", None, &[("title", "<A & B>".into())])
                .unwrap(),
            "Everything you have ticked off and every quiz result in <strong>&lt;A &amp; B&gt;</strong>."
        );
        assert!(
            t.format("lessons_count", None, &[])
                .unwrap_err()
                .contains("give `n`")
        );
        assert!(
            t.format("start_with", None, &[])
                .unwrap_err()
                .contains("needs `title`")
        );
        assert!(t.format("nope", None, &[]).unwrap_err().contains("`nope`"));
        assert_eq!(t.say("my_progress"), "My progress");
        assert_eq!(t.say("nope"), "nope");
    }

    #[test]
    fn calls_are_resolved_once_and_print_what_the_call_would() {
        let t = Arc::new(english());
        let cases = [
            ("{{ t(key=\"my_progress\") }}!", "My progress!"),
            (
                "<b>{{ t(key=\"start_with\", title=x) }}</b>",
                "<b>Start with {{ x }}</b>",
            ),
            (
                "{% set a = t(key=\"progress_in\", title=m.title) %}",
                "{% set a = (\"Progress in \" ~ (m.title)) %}",
            ),
            (
                "{{ t(key=\"duration_hours\", h=d // 60) }}",
                "{{ d // 60 }} h",
            ),
            (
                "{{ t(key=\"progress_lead_html\", title=c) }}",
                "Everything you have ticked off and every quiz result in <strong>{{ c }}</strong>.",
            ),
            // Left as calls: plurals, dynamic keys, unknown keys, missing arguments.
            (
                "{{ t(key=\"lessons_count\", n=3) }}",
                "{{ t(key=\"lessons_count\", n=3) }}",
            ),
            ("{{ t(key=item.k) }}", "{{ t(key=item.k) }}"),
            ("{{ t(key=\"nope\") }}", "{{ t(key=\"nope\") }}"),
            ("{{ t(key=\"start_with\") }}", "{{ t(key=\"start_with\") }}"),
            (
                "{{ at(key=\"my_progress\") }}",
                "{{ at(key=\"my_progress\") }}",
            ),
        ];
        for (template, inlined) in cases {
            assert_eq!(t.inline_constants(template), inlined, "{template}");
        }
        // Rendered, the inlined template prints what the calls print, escaping included.
        let context = tera::Context::from_serialize(&serde_json::json!({
            "x": "<A & B>", "m": { "title": "\"Q\" & 'R'" }, "d": 130, "c": "<i>"
        }))
        .unwrap();
        for (template, _) in cases.iter().take(5) {
            let page = format!("{template}{{{{ a | default(value='') }}}}");
            let render = |source: &str| {
                let mut tera = tera::Tera::new();
                tera.register_function("t", t.tera_function());
                tera.add_raw_template("p.html", source).unwrap();
                tera.render("p.html", &context).unwrap()
            };
            assert_eq!(
                render(&t.inline_constants(&page)),
                render(&page),
                "{template}"
            );
        }
    }

    #[test]
    fn an_override_changes_only_its_keys() {
        let t = english().overlay(Text::parse("my_progress = \"Mes progrès\"", "fr").unwrap());
        assert_eq!(t.say("my_progress"), "Mes progrès");
        assert_eq!(t.say("lesson"), "Lesson");
    }

    /// Every key the theme's templates, scripts and the Rust code name is in the English table,
    /// and every key of the table is named somewhere: no string is missing or dead.
    #[test]
    fn the_code_uses_only_keys_of_the_table() {
        let t = english();
        let keys: std::collections::BTreeSet<&str> = t.keys().collect();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut used = std::collections::BTreeSet::new();
        let mut all_text = String::new();
        for dir in [
            "themes/default/templates",
            "themes/default/static",
            "themes/default/lms",
            "src",
        ] {
            for entry in walkdir::WalkDir::new(root.join(dir)) {
                let entry = entry.unwrap();
                if !entry.file_type().is_file() {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(entry.path()) else {
                    continue;
                };
                if entry.path().ends_with("i18n/mod.rs") {
                    continue;
                }
                // Names as the templates (`t(key="…")`), the scripts (`S.t("…")`, `t("…")`)
                // and Rust (`say("…")`) write them. Keys the scripts choose at run time
                // (`S.t(ok ? "a" : "b")`) are checked by the browser tests, which fail on the
                // console error of a missing one.
                let js = entry.path().extension().is_some_and(|e| e == "js");
                let markers: &[&str] = if js {
                    &["t(\""]
                } else {
                    &["t(key=\"", "say(\""]
                };
                for marker in markers {
                    for (i, _) in text.match_indices(marker) {
                        // A call of `t` or `say`, not of `createElement` or `essay`.
                        if text[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                            continue;
                        }
                        let rest = &text[i + marker.len()..];
                        let key = &rest[..rest.find('"').unwrap()];
                        used.insert(key.to_owned());
                    }
                }
                all_text.push_str(&text);
            }
        }
        let missing: Vec<&String> = used.iter().filter(|k| !keys.contains(k.as_str())).collect();
        assert!(
            missing.is_empty(),
            "keys used but not in en.toml: {missing:?}"
        );
        let dead: Vec<&&str> = keys
            .iter()
            .filter(|k| !all_text.contains(&format!("\"{k}\"")))
            .collect();
        assert!(
            dead.is_empty(),
            "keys in en.toml that nothing names: {dead:?}"
        );
    }
}
