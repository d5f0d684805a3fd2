#!/usr/bin/env python3
"""Convert a GitHub markdown course into a Syllabus course, mechanically (issue 17).

Made for the layout of Microsoft's "for beginners" curricula (IoT-For-Beginners,
ML-For-Beginners, Web-Dev-For-Beginners, XR...): numbered top-level folders are course
modules with a README.md, and each lesson is a folder with a README.md, either directly in
the module folder or under its `lessons/` folder, with its images, code and sub-pages beside it.
Quizzes in the curricula's shared quiz app (`quiz-app/src/assets/translations/en.json`)
become `.quiz.yaml` files.

What it does, and nothing more:
- `<N-module>/README.md` -> `content/<N-module>/_index.md`, front matter `title:` from its
  first `#` heading (a module page needs one); the root README.md -> `content/_index.md`.
- `<N-module>/[lessons/]<K-lesson>/**` -> `content/<N-module>/<K-lesson>/**`, as it is: the
  README.md is the lesson (no front matter added: its title is its heading), the rest its files,
  except the other markdown pages beside the README (pi.md, assignment.md), which learners read
  as pages: each becomes a lesson right after it, `content/<N-module>/<K-lesson>-pi.md`.
- Other markdown files at the top (hardware.md...) -> lessons of a last module, "Course notes";
  other top folders (images/, sketchnotes/...) -> `content/<notes>/files/`. Translations, the
  quiz app, the lesson template and dot-folders are left out.
- Each quiz of the quiz app -> `<N-module>/<K-lesson>-pre-quiz.quiz.yaml` or `-review-quiz`,
  by the lesson README that links to it (first link: pre-lecture, second: review).
- Every relative link and image in markdown (`[a](b)`, `![a](b)`, `src="b"`, `href="b"`) is
  re-pointed at the file's new place; links to the quiz app's quizzes at the quiz files.
  Nothing else in the text changes.

Usage: python3 bench/github_course.py SOURCE_REPO OUT_COURSE [--title T]
Then: syllabus check --root OUT_COURSE --max-diagnostics 0
Standard library only.
"""

import argparse
import json
import os
import posixpath
import re
import shutil
import sys

LEFT_OUT = {"translations", "translated_images", "quiz-app", "lesson-template", "node_modules"}
NOTES = "course-notes"
LINK = re.compile(r"(!?\[[^\]\n]*\]\()(<[^>\n]*>|[^)\s]+)((?:\s+\"[^\"\n]*\")?\))")
ATTR = re.compile(r"""(\b(?:src|href)=)(["'])([^"'\n]*)\2""", re.IGNORECASE)
QUIZ_URL = re.compile(r"https?://[^)\s\"']*/quiz/(\d+)/?")
NUMBERED = re.compile(r"^(\d+)[-_.]")


def first_h1(text):
    """The text of the first `# ` heading (outside fenced code), or None."""
    fence = None
    for line in text.splitlines():
        s = line.lstrip(" ")
        if fence:
            if s.startswith(fence):
                fence = None
            continue
        if s.startswith("```") or s.startswith("~~~"):
            fence = s[:3]
            continue
        m = re.match(r"#[ \t]+(.*?)[ \t#]*$", s)
        if m and m.group(1).strip():
            return re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", lambda x: x.group(1) or "", m.group(1)).strip()
    return None


def yaml_str(s):
    """A YAML double-quoted scalar (JSON strings are YAML)."""
    return json.dumps(s, ensure_ascii=False)


class Converter:
    def __init__(self, src, out, title):
        self.src, self.out, self.title = src, out, title
        self.moves = {}  # source path (relative, /) -> course path (relative to out, /)
        self.quiz_files = {}  # quiz number -> course path
        self.lesson_readmes = []
        self.module_readmes = []
        self.notes = []
        self.subpages = []

    def plan(self):
        """Decides where every file goes (self.moves)."""
        modules = sorted(d for d in os.listdir(self.src) if NUMBERED.match(d) and os.path.isdir(os.path.join(self.src, d)))
        last = 0
        for m in modules:
            last = max(last, int(NUMBERED.match(m).group(1)))
            mdir = os.path.join(self.src, m)
            lesson_root = os.path.join(mdir, "lessons") if os.path.isdir(os.path.join(mdir, "lessons")) else mdir
            lesson_rel = posixpath.relpath(lesson_root.replace(os.sep, "/"), self.src.replace(os.sep, "/"))
            for rel in self.files_under(mdir):
                parts = rel.split("/")
                if rel == f"{m}/README.md":
                    self.moves[rel] = f"content/{m}/_index.md"
                    self.module_readmes.append(rel)
                    continue
                if rel.startswith(lesson_rel + "/") and len(rel.split("/")) > len(lesson_rel.split("/")) + 1:
                    inner = rel[len(lesson_rel) + 1:]
                    lesson = inner.split("/")[0]
                    self.moves[rel] = f"content/{m}/{inner}"
                    if inner == f"{lesson}/README.md":
                        self.lesson_readmes.append(rel)
                    elif inner.count("/") == 1 and inner.endswith(".md"):
                        # A page beside the lesson (pi.md, assignment.md): a lesson after it.
                        stem = inner.split("/")[1][: -len(".md")]
                        self.moves[rel] = f"content/{m}/{lesson}-{stem}.md"
                        self.subpages.append(rel)
                    continue
                # A file of the module outside its lessons (assignment.md...).
                self.moves[rel] = f"content/{m}/files/{rel[len(m) + 1:]}"
        self.notes_module = f"{last + 1}-{NOTES}"
        for entry in sorted(os.listdir(self.src)):
            path = os.path.join(self.src, entry)
            if entry in modules or entry.startswith(".") or entry in LEFT_OUT:
                continue
            if os.path.isfile(path):
                if entry == "README.md":
                    self.moves[entry] = "content/_index.md"
                elif entry.endswith(".md"):
                    self.moves[entry] = f"content/{self.notes_module}/{entry}"
                    self.notes.append(entry)
                continue
            for rel in self.files_under(path):
                self.moves[rel] = f"content/{self.notes_module}/files/{rel}"

    def files_under(self, top):
        for root, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in LEFT_OUT)
            for f in sorted(files):
                if f.startswith("."):
                    continue
                yield posixpath.relpath(os.path.join(root, f).replace(os.sep, "/"), self.src.replace(os.sep, "/"))

    def plan_quizzes(self):
        """Places each quiz of the quiz app after the lesson whose README links to it."""
        path = os.path.join(self.src, "quiz-app/src/assets/translations/en.json")
        if not os.path.isfile(path):
            return []
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        quizzes = {q["id"]: q for block in data for q in block["quizzes"]}
        for rel in self.lesson_readmes:
            with open(os.path.join(self.src, rel), encoding="utf-8") as f:
                numbers = [int(n) for n in QUIZ_URL.findall(f.read())]
            new = self.moves[rel]
            folder = posixpath.dirname(new)
            for k, n in enumerate(dict.fromkeys(numbers)):
                if n in quizzes and n not in self.quiz_files:
                    kind = "pre-quiz" if k == 0 else "review-quiz"
                    self.quiz_files[n] = f"{folder}-{kind}.quiz.yaml"
        return [(self.quiz_files[n], quizzes[n]) for n in sorted(self.quiz_files)]

    def relink(self, text, old, new):
        """Re-points relative links of the file `old` (source path) now at `new`."""
        old_dir, new_dir = posixpath.dirname(old), posixpath.dirname(new)

        def target(dest):
            m = QUIZ_URL.fullmatch(dest)
            if m and int(m.group(1)) in self.quiz_files:
                return posixpath.relpath(self.quiz_files[int(m.group(1))], new_dir)
            if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^#|^/", dest) or not dest:
                return dest
            path, sep, frag = dest.partition("#")
            joined = posixpath.normpath(posixpath.join(old_dir, path.replace("%20", " ")))
            trailing = "/" if path.endswith("/") else ""
            if joined in self.moves:
                moved = self.moves[joined]
            else:
                # A folder: where its first moved file went, minus that file's tail.
                prefix = joined + "/"
                hit = next((k for k in self.moves if k.startswith(prefix)), None)
                if hit is None:
                    return dest  # not converted: left as written
                tail = hit[len(prefix):]
                moved = self.moves[hit][: -len(tail) - 1]
            rel = posixpath.relpath(moved, new_dir).replace(" ", "%20")
            return rel + trailing + sep + frag

        def link(m):
            dest = m.group(2)
            inner = dest[1:-1] if dest.startswith("<") else dest
            return m.group(1) + target(inner) + m.group(3)

        def attr(m):
            return m.group(1) + m.group(2) + target(m.group(3)) + m.group(2)

        return ATTR.sub(attr, LINK.sub(link, text))

    def write(self):
        if os.path.exists(self.out):
            sys.exit(f"{self.out} exists; choose a new folder")
        quizzes = self.plan_quizzes()
        for old, new in sorted(self.moves.items()):
            dest = os.path.join(self.out, new)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            if not old.endswith(".md"):
                shutil.copyfile(os.path.join(self.src, old), dest)
                continue
            with open(os.path.join(self.src, old), encoding="utf-8", errors="replace") as f:
                text = f.read()
            text = self.relink(text, old, new)
            if new.endswith("_index.md"):
                fallback = self.title if new == "content/_index.md" else old.split("/")[0]
                title = first_h1(text) or fallback
                text = f"---\ntitle: {yaml_str(title)}\n---\n{text}"
            with open(dest, "w", encoding="utf-8") as f:
                f.write(text)
        notes = os.path.join(self.out, "content", self.notes_module, "_index.md")
        os.makedirs(os.path.dirname(notes), exist_ok=True)
        with open(notes, "w", encoding="utf-8") as f:
            f.write("---\ntitle: Course notes\n---\nThe course's other pages.\n")
        for path, quiz in quizzes:
            with open(os.path.join(self.out, path), "w", encoding="utf-8") as f:
                f.write(quiz_yaml(quiz))
        with open(os.path.join(self.out, "site.toml"), "w", encoding="utf-8") as f:
            f.write(f"title = {yaml_str(self.title)}\n[quiz]\nfeedback = \"optional\"\n")
        return len(quizzes)


def quiz_yaml(quiz):
    """The quiz app's quiz as a Syllabus quiz: one correct option -> single, more -> multiple."""
    lines = [f"title: {yaml_str(quiz['title'])}", "questions:"]
    for q in quiz["quiz"]:
        options = q.get("answerOptions", [])
        correct = sum(str(o.get("isCorrect")).lower() == "true" for o in options)
        lines.append(f"  - type: {'multiple' if correct > 1 else 'single'}")
        lines.append(f"    prompt: {yaml_str(q['questionText'])}")
        lines.append("    options:")
        for o in options:
            right = str(o.get("isCorrect")).lower() == "true"
            lines.append(f"      - text: {yaml_str(o['answerText'])}")
            lines.append(f"        correct: {'true' if right else 'false'}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source")
    ap.add_argument("out")
    ap.add_argument("--title", default=None)
    args = ap.parse_args()
    title = args.title or os.path.basename(os.path.abspath(args.source))
    c = Converter(args.source, args.out, title)
    c.plan()
    quizzes = c.write()
    md = sum(1 for k in c.moves if k.endswith(".md"))
    print(
        f"{len(c.module_readmes)} modules, {len(c.lesson_readmes)} lesson folders, "
        f"{len(c.subpages)} pages beside them, {len(c.notes)} top-level pages, "
        f"{quizzes} quizzes, {md} markdown files, "
        f"{len(c.moves) - md} other files -> {args.out}"
    )


if __name__ == "__main__":
    main()
