#!/usr/bin/env python3
"""Measures search on generated courses: the index's size, what it costs the build, and in
Chromium the bytes a first query transfers and the time from keystroke to results on screen.

    bench/search.py [--sizes 1000,10000] [--runs 5] [--baseline BINARY] [--no-browser]

Courses are generated under /tmp/syllabus-bench/ by examples/gen_course (deterministic, the same
as bench/bench.py). In the browser, with its cache off, each query is run on a fresh page three
ways: pasted (the whole query in one input event: everything loads after it), the same query
again, and typed (a character every 150 ms, timed from the last keystroke). Bytes are those of
the index files loaded from the focus on (Resource Timing); with SYLLABUS_SEARCH_FILE=1 the
browser part runs from file:// instead (no sizes there). Build cost: the search stage's own time (`RUST_LOG=debug` prints it) and,
with --baseline (a `syllabus` binary built without search, e.g. from a copy of the tree with
the `search::index_files` line of `render_site` removed), the whole build against it, runs
alternated, minimum and median of each. The browser part runs `cargo bench --bench search_browser`
(bench/search_browser.rs) against each built site, served over HTTP on 127.0.0.1.
"""
import argparse, json, os, re, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = "/tmp/syllabus-bench"
REL = os.path.join(ROOT, "target", "release")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def build(binary, course, out):
    """(wall s, cpu s, search stage s or None) of one build."""
    env = dict(os.environ, RUST_LOG="debug")
    t0 = time.perf_counter()
    r0 = os.times()
    p = subprocess.run([binary, "build", "--root", course, "--output", out, "--force"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    wall = time.perf_counter() - t0
    r1 = os.times()
    if p.returncode != 0:
        sys.exit(f"build failed:\n{p.stderr[-2000:]}")
    cpu = (r1.children_user - r0.children_user) + (r1.children_system - r0.children_system)
    m = re.search(r"built the search index in ([\d.]+)(ms|s|µs)", p.stderr)
    stage = None
    if m:
        stage = float(m.group(1)) * {"s": 1, "ms": 1e-3, "µs": 1e-6}[m.group(2)]
    return wall, cpu, stage


def folder_bytes(path):
    total, files = 0, 0
    for root, _, names in os.walk(path):
        for n in names:
            total += os.path.getsize(os.path.join(root, n))
            files += 1
    return total, files


def browser(site, queries, file_url=False):
    env = dict(os.environ, SYLLABUS_SEARCH_SITE=site, SYLLABUS_SEARCH_QUERIES="|".join(queries))
    if file_url:
        env["SYLLABUS_SEARCH_FILE"] = "1"
    p = subprocess.run(["cargo", "bench", "--quiet", "--bench", "search_browser"], cwd=ROOT, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    rows = [json.loads(l.split(" ", 1)[1]) for l in p.stdout.splitlines() if l.startswith("SEARCH_BENCH ")]
    if p.returncode != 0 or not rows:
        sys.exit(f"the browser benchmark failed:\n{p.stdout[-3000:]}")
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--baseline", help="a syllabus binary without search, to compare whole builds")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--file", action="store_true", help="the browser part from file:// (no server)")
    ap.add_argument("--queries", default="customer|trust renewal|relationships|thank colleague|mindset habits|follow-up promise|zebra")
    a = ap.parse_args()
    sh(["cargo", "build", "--release", "--quiet", "--bin", "syllabus", "--example", "gen_course"], cwd=ROOT)
    os.makedirs(WORK, exist_ok=True)
    binary = os.path.join(REL, "syllabus")
    for n in map(int, a.sizes.split(",")):
        course = os.path.join(WORK, f"course-{n}")
        if not os.path.exists(course):
            sh([os.path.join(REL, "examples", "gen_course"), str(n), course])
        out = os.path.join(WORK, f"search-out-{n}")
        with_search, without = [], []
        for _ in range(a.runs):
            with_search.append(build(binary, course, out))
            if a.baseline:
                without.append(build(a.baseline, course, out + "-baseline"))
        index, files = folder_bytes(os.path.join(out, "assets", "search"))
        site, _ = folder_bytes(out)
        with open(os.path.join(out, "assets", "search", "index.js")) as f:
            manifest = f.read()
        print(f"\n## {n} lessons\n")
        print(f"index: {index / 1e6:.2f} MB in {files} files ({100 * index / site:.1f}% of the site's "
              f"{site / 1e6:.0f} MB); index.js {len(manifest) / 1e3:.1f} KB")
        stages = [s for _, _, s in with_search]
        walls = [w for w, _, _ in with_search]
        cpus = [c for _, c, _ in with_search]
        print(f"search stage: min {min(stages):.3f} s, median {statistics.median(stages):.3f} s; "
              f"build wall min {min(walls):.2f} s, median {statistics.median(walls):.2f} s; "
              f"cpu min {min(cpus):.2f} s")
        if without:
            bw = [w for w, _, _ in without]
            bc = [c for _, c, _ in without]
            print(f"without search: wall min {min(bw):.2f} s, median {statistics.median(bw):.2f} s; "
                  f"cpu min {min(bc):.2f} s")
            print(f"cost of search: wall +{100 * (min(walls) / min(bw) - 1):.1f}% (min), "
                  f"+{100 * (statistics.median(walls) / statistics.median(bw) - 1):.1f}% (median); "
                  f"cpu +{100 * (min(cpus) / min(bc) - 1):.1f}% (min)")
        if a.no_browser:
            continue
        rows = browser(out, a.queries.split("|"), a.file)
        print("\n| query | round | results | ms to results | files | bytes |\n| --- | --- | ---: | ---: | ---: | ---: |")
        for r in rows:
            print(f"| {r['query']} | {r['round']} | {r['results']} | {r['ms']:.0f} | {r['files']} | {r['bytes']:,} |")
        found = [r for r in rows if r["results"]]
        first = [r for r in found if r["round"] == "first"]
        again = [r for r in found if r["round"] == "again"]
        typed = [r for r in found if r["round"] == "typed"]
        ms = lambda rs, k="ms": f"median {statistics.median(r[k] for r in rs):.0f} ms ({min(r[k] for r in rs):.0f}-{max(r[k] for r in rs):.0f})"
        print(f"\nfirst query of a page, pasted: {min(r['bytes'] for r in first):,}-{max(r['bytes'] for r in first):,} bytes "
              f"(median {statistics.median(r['bytes'] for r in first):,.0f}) in {min(r['files'] for r in first)}-{max(r['files'] for r in first)} files; "
              f"first results {ms(first)}, all ten {ms(first, 'all_ms')}")
        print(f"first query of a page, typed: bytes up to {max(r['bytes'] for r in typed):,}; "
              f"results after the last keystroke {ms(typed)}, all ten {ms(typed, 'all_ms')}")
        print(f"the same query again: {ms(again)}")
        search_js = os.path.getsize(os.path.join(out, "assets", "search.js"))
        print(f"(search.js itself, loaded with every page and cached: {search_js:,} bytes)")


if __name__ == "__main__":
    main()
