#!/usr/bin/env python3
"""Edit-to-reload latency of `syllabus serve`: the time from saving a file until the rebuilt
page is served and open pages are told to reload (the `reload` event on the live-reload
channel, which is sent only after the new site is in place). Median of several edits of each
kind, each checked on the served site (the edit must be visible, never a stale page).

    bench/serve_latency.py [--sizes 1000,10000] [--edits 9] [--kinds body,title,...]
                           [--work DIR] [--binary PATH]

Edit kinds (one lesson, or its module's quiz, of a generated course):
  body       a paragraph appended to the lesson's markdown
  title      the lesson's `title:` in its front matter
  weight     the lesson's `weight:` (its place in the module), moving it back and forth
  checklist  an item added to the lesson's `checklist:` (then that item reworded)
  quiz       a question's prompt in the module's quiz
  module     the module's title (its `_index.md`)
  intro      a paragraph appended to the module's introduction (the body of its `_index.md`)
  home       a paragraph appended to the home page's body (`content/_index.md`)
  add        a new lesson file created in the module (nobody links to it)
  rename     that file renamed to another number prefix (its place; its URL stays)
  remove     that file deleted

Generated courses come from examples/gen_course under DIR (default /tmp/syllabus-bench/); the
edited files are put back as they were at the end. --binary measures another build of syllabus
(e.g. an older commit's) instead of building this one.
"""
import argparse, os, re, shutil, socket, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REL = os.path.join(ROOT, "target", "release")
WORK = "/tmp/syllabus-bench"
KINDS = ["body", "title", "weight", "checklist", "quiz", "module", "intro", "home", "add", "rename",
         "remove"]


class Events:
    """The live-reload channel: event names, with a timeout."""

    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port))
        self.s.sendall(b"GET /__syllabus/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        self.buf = b""

    def next(self, timeout=60.0):
        """The next event's name, or None after `timeout` seconds without one."""
        end = time.monotonic() + timeout
        while True:
            while b"\n" in self.buf:
                line, self.buf = self.buf.split(b"\n", 1)
                if line.startswith(b"event: "):
                    return line[7:].strip().decode()
            left = end - time.monotonic()
            if left <= 0:
                return None
            self.s.settimeout(left)
            try:
                chunk = self.s.recv(65536)
            except socket.timeout:
                return None
            if not chunk:
                sys.exit("the event stream closed")
            self.buf += chunk


def get(port, path):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
    data = b""
    while chunk := s.recv(65536):
        data += chunk
    return data.decode(errors="replace")


def main_of(page):
    """The page's `<main>` (the sidebar lists the module's lessons too)."""
    return page[page.find("<main"):]


def before(page, a, b):
    """`a` is listed before `b` in the page's main part."""
    m = main_of(page)
    return 0 <= m.find(a) < m.find(b)


class Course:
    """The files one kind of edit changes, and how to check the served site shows the edit."""

    def __init__(self, course, module, lesson, quiz, urls):
        self.dir = os.path.join(course, "content", module)
        self.lesson = os.path.join(self.dir, lesson)
        self.quiz = os.path.join(self.dir, quiz)
        self.module = os.path.join(self.dir, "_index.md")
        self.home = os.path.join(course, "content", "_index.md")
        self.lesson_url, self.module_url, self.quiz_url = urls
        self.originals = {p: open(p).read() for p in (self.lesson, self.quiz, self.module, self.home)}
        # The added lesson: after every lesson, then moved near the front, by its file name.
        self.added = [os.path.join(self.dir, n) for n in ("90-added-lesson.md", "02-added-lesson.md")]
        self.added_url = os.path.dirname(self.lesson_url) + "/added-lesson.html"

    def restore(self):
        """Puts the edited files back; says whether anything changed."""
        changed = False
        for p, text in self.originals.items():
            if open(p).read() != text:
                self.write(p, text)
                changed = True
        for p in self.added:
            if os.path.exists(p):
                os.remove(p)
                changed = True
        return changed

    def edit(self, kind, i):
        """Makes edit `i` of `kind`; returns (url, check(page text) -> bool)."""
        lesson = self.originals[self.lesson]
        if kind == "body":
            marker = f"Edited paragraph number {i}."
            self.write(self.lesson, lesson + f"\n\n{marker}\n")
            return self.lesson_url, lambda page: marker in page
        if kind == "title":
            text = re.sub(r"^title: (.*)$", rf"title: \1 v{i}", lesson, count=1, flags=re.M)
            self.write(self.lesson, text)
            return self.lesson_url, lambda page: f" v{i}</h1>" in page or f" v{i}<" in page
        if kind == "weight":
            # Alternately after the module's 12th lesson and after its 7th.
            w, after = (12, "lesson-11.html") if i % 2 == 0 else (7, "lesson-6.html")
            self.write(self.lesson, lesson.replace("---\n", f"---\nweight: {w}\n", 1))
            name = os.path.basename(self.lesson_url)
            return self.module_url, lambda page: before(page, after, name)
        if kind == "checklist":
            item = f"Extra practice item v{i}"
            text = re.sub(r"^checklist:\n", f'checklist:\n  - "{item}"\n', lesson, count=1, flags=re.M)
            self.write(self.lesson, text)
            return self.lesson_url, lambda page: item in page
        if kind == "quiz":
            quiz = self.originals[self.quiz]
            text = re.sub(r"^(  - type: single\n    prompt: )(.*)$", rf"\1\2 v{i}", quiz, count=1, flags=re.M)
            self.write(self.quiz, text)
            return self.quiz_url, lambda page: f" v{i}" in page
        if kind == "module":
            text = re.sub(r"^title: (.*)$", rf"title: \1 v{i}", self.originals[self.module], count=1, flags=re.M)
            self.write(self.module, text)
            return self.module_url, lambda page: f" v{i}<" in page
        if kind in ("intro", "home"):
            path, url = (self.module, self.module_url) if kind == "intro" else (self.home, "index.html")
            marker = f"Edited introduction number {i}."
            self.write(path, self.originals[path] + f"\n\n{marker}\n")
            return url, lambda page: marker in page
        if kind == "add":
            marker = f"Added lesson {i}"
            self.write(self.added[0], f"---\ntitle: {marker}\nduration: 5\n---\nA new lesson.\n")
            return self.added_url, lambda page: marker in page
        if kind == "rename":
            os.rename(self.added[0], self.added[1])
            name = os.path.basename(self.added_url)
            return self.module_url, lambda page: before(page, name, "lesson-2.html")
        if kind == "remove":
            for p in self.added:
                if os.path.exists(p):
                    os.remove(p)
            return self.added_url, lambda page: page.startswith("HTTP/1.1 404")
        raise ValueError(kind)

    @staticmethod
    def write(path, text):
        with open(path, "w") as f:
            f.write(text)


def measure(binary, course, c, kinds, edits):
    proc = subprocess.Popen([binary, "serve", "--root", course, "--port", "0", "--debounce", "10"],
                            stderr=subprocess.PIPE, text=True)
    try:
        port = None
        for line in proc.stderr:
            m = re.search(r"Serving .* at http://[^:]+:(\d+)/", line)
            if m:
                port = int(m.group(1))
                break
        ev = Events(port)
        assert ev.next() == "ok"
        results = {}
        # add, rename and remove go in turns (add, rename, remove, add, ...), one file.
        cycle = [k for k in ("add", "rename", "remove") if k in kinds]
        plan = [(k, i) for k in kinds if k not in cycle for i in range(edits)]
        if cycle:
            plan += [(k, i) for i in range(edits) for k in ("add", "rename", "remove")]
        times = {k: [] for k in kinds}
        for kind, i in plan:
            # Each kind starts from the course as generated.
            if i == 0 and kind not in ("rename", "remove") and c.restore():
                ev.next()
                while ev.next(0.15) is not None:
                    pass
            start = time.perf_counter()
            url, check = c.edit(kind, i)
            # The first reload after which the served page shows the edit: a rename may come
            # as two batches of events, each rebuilt and reloaded.
            while True:
                name = ev.next()
                elapsed = time.perf_counter() - start
                if name is None:
                    sys.exit(f"{kind} edit {i}: no reload within 60 s")
                if name != "reload":
                    sys.exit(f"{kind} edit {i}: expected reload, got {name}")
                if check(get(port, "/" + url)):
                    break
            if kind in kinds:
                times[kind].append(elapsed * 1000)
            # Let stray events of this edit arrive before the next one starts.
            while ev.next(0.15) is not None:
                pass
        for k in kinds:
            results[k] = statistics.median(times[k])
        return results
    finally:
        c.restore()
        proc.terminate()
        proc.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--edits", type=int, default=9)
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--work", default=WORK)
    ap.add_argument("--binary", default=None)
    a = ap.parse_args()
    kinds = a.kinds.split(",")
    for k in kinds:
        if k not in KINDS:
            sys.exit(f"unknown kind {k}; known: {', '.join(KINDS)}")
    build = ["cargo", "build", "--release", "--quiet"]
    if not a.binary:
        subprocess.run(build + ["--bin", "syllabus"], cwd=ROOT, check=True)
    binary = a.binary or os.path.join(REL, "syllabus")
    print(f"{binary}, median of {a.edits} edits, milliseconds; load average {os.getloadavg()[0]:.1f}")
    print(f"{'course':>10} " + " ".join(f"{k:>9}" for k in kinds))
    for size in a.sizes.split(","):
        if size == "bundled":
            if set(kinds) - {"body", "title"}:
                sys.exit("the bundled course is measured with --kinds body,title only")
            course = os.path.join(a.work, "bundled")
            shutil.rmtree(course, ignore_errors=True)
            shutil.copytree(os.path.join(ROOT, "content"), os.path.join(course, "content"))
            shutil.copy(os.path.join(ROOT, "site.toml"), course)
            c = Course(course, "01-human-selling", "02-caring.md", "09-check.quiz.yaml",
                       ("human-selling/caring.html", "human-selling/index.html",
                        "human-selling/check.html"))
        else:
            course = os.path.join(a.work, f"course-{size}")
            if not os.path.exists(course):
                subprocess.run(build + ["--example", "gen_course"], cwd=ROOT, check=True)
                subprocess.run([os.path.join(REL, "examples", "gen_course"), size, course], check=True)
            c = Course(course, "00003-module-3", "05-lesson-5.md", "99-check.quiz.yaml",
                       ("module-3/lesson-5.html", "module-3/index.html", "module-3/check.html"))
        r = measure(binary, course, c, kinds, a.edits)
        print(f"{size:>10} " + " ".join(f"{r[k]:9.1f}" for k in kinds), flush=True)
        print(f"{'':>10} load average {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
