#!/usr/bin/env python3
"""Edit-to-reload latency of `syllabus serve`: the time from saving a lesson until the rebuilt
page is served and open pages are told to reload (the `reload` event on the live-reload
channel, which is sent only after the new site is in place). Median of several edits.

    bench/serve_latency.py [--sizes bundled,1000,10000] [--edits 9] [--work DIR] [--binary PATH]

Generated courses come from examples/gen_course under DIR (default /tmp/syllabus-bench/).
A title edit changes the lesson's front matter; a body edit only its markdown. --binary
measures another build of syllabus (e.g. an older commit's) instead of building this one.
"""
import argparse, os, re, shutil, socket, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REL = os.path.join(ROOT, "target", "release")
WORK = "/tmp/syllabus-bench"


def events(port):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /__syllabus/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
    s.settimeout(60)
    buf = b""
    while True:
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            if line.startswith(b"event: "):
                yield line[7:].strip().decode()
        chunk = s.recv(65536)
        if not chunk:
            return
        buf += chunk


def get(port, path):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
    data = b""
    while chunk := s.recv(65536):
        data += chunk
    return data.decode(errors="replace")


def measure(binary, course, lesson, url, edits):
    proc = subprocess.Popen([binary, "serve", "--root", course, "--port", "0", "--debounce", "10"],
                            stderr=subprocess.PIPE, text=True)
    try:
        port = None
        for line in proc.stderr:
            m = re.search(r"Serving .* at http://[^:]+:(\d+)/", line)
            if m:
                port = int(m.group(1))
                break
        ev = events(port)
        assert next(ev) == "ok"
        path = os.path.join(course, "content", lesson)
        original = open(path).read()
        results = {}
        for kind in ("body", "title"):
            times = []
            for i in range(edits):
                if kind == "body":
                    text = original + f"\n\nEdited paragraph number {i} {kind}.\n"
                    marker = f"Edited paragraph number {i} {kind}."
                else:
                    text = re.sub(r"^title: (.*)$", rf"title: \1 v{i}", original, count=1, flags=re.M)
                    marker = f" v{i}"
                start = time.perf_counter()
                with open(path, "w") as f:
                    f.write(text)
                name = next(ev)
                elapsed = time.perf_counter() - start
                if name != "reload":
                    sys.exit(f"expected reload, got {name}")
                if marker not in get(port, "/" + url):
                    sys.exit(f"the served page does not have the edit {marker!r}")
                times.append(elapsed * 1000)
                time.sleep(0.05)
            results[kind] = statistics.median(times)
        with open(path, "w") as f:
            f.write(original)
        return results
    finally:
        proc.terminate()
        proc.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="bundled,1000,10000")
    ap.add_argument("--edits", type=int, default=9)
    ap.add_argument("--work", default=WORK)
    ap.add_argument("--binary", default=None)
    a = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "gen_course"]
                   + ([] if a.binary else ["--bin", "syllabus"]), cwd=ROOT, check=True)
    binary = a.binary or os.path.join(REL, "syllabus")
    print(f"{'course':>10} {'body edit ms':>13} {'title edit ms':>14}")
    for size in a.sizes.split(","):
        if size == "bundled":
            course = os.path.join(a.work, "bundled")
            shutil.rmtree(course, ignore_errors=True)
            shutil.copytree(os.path.join(ROOT, "content"), os.path.join(course, "content"))
            shutil.copy(os.path.join(ROOT, "site.toml"), course)
            lesson, url = "01-human-selling/02-caring.md", "human-selling/caring.html"
        else:
            course = os.path.join(a.work, f"course-{size}")
            if not os.path.exists(course):
                subprocess.run([os.path.join(REL, "examples", "gen_course"), size, course], check=True)
            lesson, url = "00003-module-3/05-lesson-5.md", "module-3/lesson-5.html"
        r = measure(binary, course, lesson, url, a.edits)
        print(f"{size:>10} {r['body']:13.1f} {r['title']:14.1f}")


if __name__ == "__main__":
    main()
