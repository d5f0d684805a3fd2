#!/usr/bin/env python3
"""Checks the theme's translated interface tables (themes/default/i18n/*.toml) against en.toml,
until the Rust test of issue 20 does: each parses as TOML, has exactly en.toml's keys in the same
order with the same section comments, the same `{placeholders}` per key, the CLDR cardinal
plural categories of its language on plural entries, balanced and identical HTML tags in `_html`
keys, and each language's punctuation. Usage: scripts/check-i18n-tables.py [LANG…]
Exits 1 on any error; prints warnings (e.g. a value identical to the English) without failing."""
import re
import sys
import tomllib
from pathlib import Path

DIR = Path(__file__).resolve().parent.parent / "themes/default/i18n"
# CLDR cardinal categories (what Intl.PluralRules(lang).resolvedOptions().pluralCategories gives).
PLURALS = {
    "en": ["one", "other"], "de": ["one", "other"],
    "fr": ["one", "many", "other"], "es": ["one", "many", "other"],
    "pt-BR": ["one", "many", "other"],
    "ar": ["zero", "one", "two", "few", "many", "other"],
}
# Forms that may leave out `{n}`: Arabic says "one lesson", "two lessons" with the noun alone
# (درس واحد, درسان), and zero with a negation.
N_OPTIONAL = {"ar": {"zero", "one", "two"}}
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
NB, NNB = "\u00a0", "\u202f"


def section_comments(path):
    """Comment lines that open a section: after a blank line and followed by a key."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [l for i, l in enumerate(lines)
            if l.startswith("#") and i > 0 and lines[i - 1] == ""
            and i + 1 < len(lines) and re.match(r"^[a-z_]+ = ", lines[i + 1])]


def forms(value):
    return value.items() if isinstance(value, dict) else [("", value)]


def tags(text):
    return [(m.group(1), m.group(2), m.group(3)) for m in TAG.finditer(text)]


def balanced(text):
    stack = []
    for close, name, _ in tags(text):
        if not close:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


def typography(lang, text):
    """Punctuation problems of `text` in `lang`."""
    bad = []
    text = TAG.sub("", text)  # attributes keep their quotes
    if '"' in text or "'" in text:
        bad.append("straight quote or apostrophe")
    if "  " in text:
        bad.append("double space")
    if lang == "fr":
        for m in re.finditer(r"(.)([:;?!%»])", text):
            before, mark = m.groups()
            if mark == ":" and text[m.start():].startswith(":/"):
                continue
            want = NB if mark in ":»" else NNB
            if before != want:
                bad.append(f"no {'NBSP' if want == NB else 'NNBSP'} before {mark!r}")
        if re.search(r"«[^\u00a0]", text):
            bad.append("no NBSP after «")
        if "“" in text or "”" in text:
            bad.append("English quotes")
    if lang == "de":
        if "“" in text and "„" not in text:
            bad.append("English opening quote (German opens with „)")
        if re.search(r"\d %", text):
            bad.append("plain space before %")
    if lang == "es":
        sentences = re.split(r"(?<=[.!?])\s+", text)
        for s in sentences:
            if s.count("?") != s.count("¿") or s.count("!") != s.count("¡"):
                bad.append(f"unpaired ¿? or ¡! in {s!r}")
    if lang == "ar":
        for mark in ",;?":
            if mark in text:
                bad.append(f"Latin {mark!r} (Arabic has ، ؛ ؟)")
        if not re.search(r"[\u0600-\u06ff]", text) and PLACEHOLDER.sub("", text).strip(" .:%"):
            bad.append("no Arabic letter")
    return bad


# Strings that are not prose (a file name): no typography rules.
NOT_PROSE = {"export_file"}


def check(lang, en, en_comments):
    path = DIR / f"{lang}.toml"
    errors, warnings = [], []
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        return [f"{path.name}: {e}"], []
    if list(table) != list(en):
        missing = [k for k in en if k not in table]
        extra = [k for k in table if k not in en]
        errors.append(f"keys differ from en.toml: missing {missing}, extra {extra}"
                      + ("" if missing or extra else ", or not in en.toml's order"))
    if section_comments(path) != en_comments:
        errors.append("section comments differ from en.toml's")
    for key, en_value in en.items():
        if key not in table:
            continue
        value = table[key]
        if isinstance(en_value, dict) != isinstance(value, dict):
            errors.append(f"{key}: plural in one table and not the other")
            continue
        en_names = {n for _, t in forms(en_value) for n in PLACEHOLDER.findall(t)}
        if isinstance(value, dict):
            if list(value) != PLURALS[lang]:
                errors.append(f"{key}: plural categories {list(value)}, want {PLURALS[lang]}")
        for category, text in forms(value):
            where = f"{key}{'.' + category if category else ''}"
            if not isinstance(text, str):
                errors.append(f"{where}: not a string")
                continue
            names = set(PLACEHOLDER.findall(text))
            want = set(en_names)
            if category in N_OPTIONAL.get(lang, ()):
                names.discard("n")
                want.discard("n")
            if names != want:
                errors.append(f"{where}: placeholders {sorted(names)}, want {sorted(want)}")
            if text.count("{") != text.count("}"):
                errors.append(f"{where}: unbalanced braces")
            if key.endswith("_html"):
                if not balanced(text):
                    errors.append(f"{where}: HTML tags not balanced")
                if sorted(tags(text)) != sorted(tags(en_value)):
                    errors.append(f"{where}: HTML tags differ from the English")
            for problem in ([] if key in NOT_PROSE else typography(lang, text)):
                errors.append(f"{where}: {problem}")
        en_texts = [t for _, t in forms(en_value)]
        if lang != "en" and any(t in en_texts for _, t in forms(value)) and \
                any(c.isalpha() for _, t in forms(value) for c in PLACEHOLDER.sub("", t)):
            warnings.append(f"{key}: same as the English ({value!r})")
    return errors, warnings


def main():
    en_path = DIR / "en.toml"
    en = tomllib.loads(en_path.read_text(encoding="utf-8"))
    en_comments = section_comments(en_path)
    langs = sys.argv[1:] or sorted(p.stem for p in DIR.glob("*.toml") if p.stem != "en")
    failed = False
    for lang in langs:
        errors, warnings = check(lang, en, en_comments)
        table = tomllib.loads((DIR / f"{lang}.toml").read_text(encoding="utf-8")) if not errors or \
            "parse" not in errors[0] else {}
        plurals = sum(isinstance(v, dict) for v in table.values())
        print(f"{lang}: {len(table)} keys ({plurals} plural), {len(errors)} errors, "
              f"{len(warnings)} warnings")
        for e in errors:
            print(f"  error: {e}")
        for w in warnings:
            print(f"  warning: {w}")
        failed |= bool(errors)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
