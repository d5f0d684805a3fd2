#!/usr/bin/env python3
"""Learner-side benchmark (issue 19): Lighthouse, mobile preset (its default: a phone's screen,
simulated slow 4G and a 4x slower CPU), on each page type of the bundled course and of
generated courses, each served on loopback by a plain static server (`python3 -m http.server`).

    bench/lighthouse.py [--sizes bundled,1000,10000] [--pages home,module,lesson,quiz,progress,scenario]
                        [--runs 1] [--work DIR] [--binary PATH] [--json FILE]

Prints one row per course and page: Lighthouse performance, largest contentful paint,
cumulative layout shift, accessibility, best practices, the page's HTML size and the bytes it
loads in all (Lighthouse's total byte weight), medians of --runs runs. A page type the course
has not (the generated courses have no scenario) is left out.

Lighthouse is pinned in bench/lighthouse/package-lock.json, apart from the root package.json so
CI's `npm ci` does not install it: run `npm ci --prefix bench/lighthouse` once. Chromium is
Debian's (`CHROME_PATH`, default /usr/bin/chromium). Generated courses come from
examples/gen_course under --work (default /tmp/syllabus-bench/), built with --binary (default
target/release/syllabus, built here with `cargo build --release` when it is the default).
"""
import argparse, json, os, re, shutil, socket, statistics, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LH = os.path.join(ROOT, "bench", "lighthouse", "node_modules", "lighthouse", "cli", "index.js")
WORK = "/tmp/syllabus-bench"
KINDS = ["home", "module", "lesson", "quiz", "progress", "scenario"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def course_dir(size, work):
    if size == "bundled":
        return ROOT
    d = os.path.join(work, f"course-{size}")
    if not os.path.isdir(os.path.join(d, "content")):
        subprocess.run(["cargo", "run", "--quiet", "--release", "--example", "gen_course", "--",
                        size, d], cwd=ROOT, check=True)
    return d


def build(binary, course, out):
    if os.path.isdir(out):
        shutil.rmtree(out)
    subprocess.run([binary, "build", "--root", course, "--output", out], check=True,
                   stdout=subprocess.DEVNULL)


def find_pages(site):
    """The first page of each kind, by the `page-KIND` class of its <body>, in reading order
    (the home page's module links, then each module's folder)."""
    pages = {"home": "index.html", "progress": "progress.html"}
    home = open(os.path.join(site, "index.html"), encoding="utf-8").read()
    modules = []
    for href in re.findall(r'<h3 class="card-title"><a href="([^"]+)"', home):
        if href not in modules:
            modules.append(href)
    for href in modules:
        folder = os.path.dirname(href)
        pages.setdefault("module", href)
        names = sorted(os.listdir(os.path.join(site, folder)))
        for name in names:
            if not name.endswith(".html") or name == "index.html":
                continue
            path = os.path.join(folder, name)
            head = open(os.path.join(site, path), encoding="utf-8").read(8192)
            m = re.search(r'<body class="page-([a-z_]+)', head)
            if m and m.group(1) in KINDS:
                pages.setdefault(m.group(1), path)
        if all(k in pages for k in KINDS):
            break
    return pages


def lighthouse(url, out_json):
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    subprocess.run(["node", LH, url, "--quiet", "--output=json", f"--output-path={out_json}",
                    "--only-categories=performance,accessibility,best-practices",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                   env=env, check=True)
    r = json.load(open(out_json))
    cat, aud = r["categories"], r["audits"]
    return {
        "performance": cat["performance"]["score"],
        "accessibility": cat["accessibility"]["score"],
        "best_practices": cat["best-practices"]["score"],
        "lcp_s": aud["largest-contentful-paint"]["numericValue"] / 1000,
        "cls": aud["cumulative-layout-shift"]["numericValue"],
        "fcp_s": aud["first-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": aud["total-blocking-time"]["numericValue"],
        "si_s": aud["speed-index"]["numericValue"] / 1000,
        "total_kb": aud["total-byte-weight"]["numericValue"] / 1024,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="bundled,1000,10000")
    ap.add_argument("--pages", default=",".join(KINDS))
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--work", default=WORK)
    ap.add_argument("--binary")
    ap.add_argument("--json", help="also write every figure to this file")
    a = ap.parse_args()
    if not os.path.exists(LH):
        sys.exit("Lighthouse is not installed: npm ci --prefix bench/lighthouse")
    binary = a.binary
    if not binary:
        subprocess.run(["cargo", "build", "--quiet", "--release"], cwd=ROOT, check=True)
        binary = os.path.join(ROOT, "target", "release", "syllabus")
    os.makedirs(a.work, exist_ok=True)
    kinds = a.pages.split(",")
    rows = []
    print("| course | page | performance | LCP | CLS | accessibility | best practices | HTML | all bytes |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |", flush=True)
    for size in a.sizes.split(","):
        course = course_dir(size, a.work)
        site = os.path.join(a.work, f"site-{size}")
        build(binary, course, site)
        pages = find_pages(site)
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                                   "127.0.0.1", "--directory", site],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for kind in kinds:
                if kind not in pages:
                    continue
                path = pages[kind]
                runs = []
                html_kb = os.path.getsize(os.path.join(site, path)) / 1024
                for _ in range(a.runs):
                    with tempfile.NamedTemporaryFile(suffix=".json") as f:
                        try:
                            runs.append(lighthouse(f"http://127.0.0.1:{port}/{path}", f.name))
                        except subprocess.CalledProcessError:
                            pass  # Lighthouse gave up on the page (its error is printed above)
                if not runs:
                    rows.append(dict(course=size, page=kind, path=path, html_kb=html_kb, failed=True))
                    print(f"| {size} | {kind} | Lighthouse did not finish | | | | | {html_kb:,.0f} KB | |",
                          flush=True)
                    continue
                med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                med.update(course=size, page=kind, path=path, html_kb=html_kb, runs=len(runs))
                rows.append(med)
                print(f"| {size} | {kind} | {med['performance']:.2f} | {med['lcp_s']:.1f} s | "
                      f"{med['cls']:.3f} | {med['accessibility']:.2f} | {med['best_practices']:.2f} | "
                      f"{med['html_kb']:,.0f} KB | {med['total_kb']:,.0f} KB |", flush=True)
        finally:
            server.terminate()
            server.wait()
    if a.json:
        json.dump(rows, open(a.json, "w"), indent=1)


if __name__ == "__main__":
    main()
