#!/usr/bin/env python3
"""Times `syllabus build` end to end on generated courses, against the floor (read + markdown +
write) and, when installed, Hugo. Reports the median of several runs.

    bench/bench.py [--sizes 1000,10000] [--runs 3] [--hugo] [--out /dev/shm/syllabus-bench]

Courses are generated under /tmp/syllabus-bench/ by examples/gen_course (deterministic).
Needs GNU time (/usr/bin/time, Debian package `time`) and a release build, which it makes.
"""
import argparse, os, re, shutil, statistics, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = "/tmp/syllabus-bench"
REL = os.path.join(ROOT, "target", "release")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def timed(cmd, cwd=None):
    """(wall s, cpu s, peak RSS MB) of one run of cmd."""
    r = subprocess.run(["/usr/bin/time", "-f", "TIME %e %U %S %M"] + cmd, cwd=cwd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr[-2000:]}")
    m = re.search(r"TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)", r.stderr)
    wall, user, system, rss = m.groups()
    return float(wall), float(user) + float(system), int(rss) / 1024


def median_run(cmd, runs, cwd=None, fresh=None):
    """Medians of `runs` runs; with `fresh`, that folder is removed (and the disk synced)
    before each run, untimed."""
    results = []
    for _ in range(runs):
        if fresh:
            shutil.rmtree(fresh, ignore_errors=True)
            sh(["sync"])
        results.append(timed(cmd, cwd))
    return tuple(statistics.median(r[i] for r in results) for i in range(3))


def hugo_site(course, dest):
    """The same lessons in Hugo's layout, with minimal templates."""
    if os.path.exists(dest):
        return dest
    shutil.copytree(os.path.join(course, "content"), os.path.join(dest, "content"),
                    ignore=shutil.ignore_patterns("*.quiz.yaml"))
    os.makedirs(os.path.join(dest, "layouts", "_default"))
    with open(os.path.join(dest, "hugo.toml"), "w") as f:
        f.write('baseURL = "http://example.org/"\ntitle = "bench"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    # A nav of the current module's pages, like Syllabus's sidebar (a nav of every section on
    # every page would make Hugo's cost grow with N squared, which would not be a fair race).
    base = "<!doctype html><html><head><title>{{ .Title }}</title></head><body><nav>{{ range .CurrentSection.Pages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}</nav><main>%s</main></body></html>"
    with open(os.path.join(dest, "layouts", "_default", "single.html"), "w") as f:
        f.write(base % "<h1>{{ .Title }}</h1>{{ .Content }}")
    with open(os.path.join(dest, "layouts", "_default", "list.html"), "w") as f:
        f.write(base % "<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>")
    return dest


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--hugo", action="store_true", help="also time Hugo (apt-get install hugo)")
    ap.add_argument("--out", default=WORK,
                    help="where the sites are written (a RAM disk such as /dev/shm/x takes the disk out of the figures)")
    a = ap.parse_args()
    sh(["cargo", "build", "--release", "--quiet", "--bin", "syllabus", "--example", "gen_course", "--example", "floor"], cwd=ROOT)
    os.makedirs(WORK, exist_ok=True)
    rows = []
    for n in map(int, a.sizes.split(",")):
        course = os.path.join(WORK, f"course-{n}")
        if not os.path.exists(course):
            sh([os.path.join(REL, "examples", "gen_course"), str(n), course])
        os.makedirs(a.out, exist_ok=True)
        out = os.path.join(a.out, f"out-{n}")
        cmd = [os.path.join(REL, "syllabus"), "build", "--root", course, "--output", out]
        # Into an empty folder, every file written; then rebuilds of the unchanged course, whose
        # files are linked from the previous output (src/build/output.rs).
        fresh = median_run(cmd, a.runs, fresh=out)
        build = median_run(cmd, a.runs)
        check = median_run([os.path.join(REL, "syllabus"), "check", "--root", course], a.runs)
        floor1 = median_run([os.path.join(REL, "examples", "floor"), course, out + "-floor", "--single"], a.runs, fresh=out + "-floor")
        floorn = median_run([os.path.join(REL, "examples", "floor"), course, out + "-floor"], a.runs, fresh=out + "-floor")
        hugo = None
        if a.hugo and shutil.which("hugo"):
            site = hugo_site(course, os.path.join(WORK, f"hugo-{n}"))
            hugo = median_run(["hugo", "--quiet", "-s", site, "-d", out + "-hugo"], a.runs, fresh=out + "-hugo")
        pages = n + n // 20 * 2 + 3
        rows.append((n, fresh, build, check, floor1, floorn, hugo, pages))
    print("\nfresh: build into an empty folder; rebuild: build again, nothing changed")
    print(f"{'lessons':>8} {'fresh s':>7} {'cpu s':>7} {'cpu/wall':>8} {'RSS MB':>7} {'pages/s':>8} "
          f"{'rebuild s':>9} {'check s':>8} {'floor1 s':>8} {'floorN s':>8} {'/floorN':>7} {'hugo s':>7} {'/hugo':>6}")
    for n, (w, c, r), (bw, _, _), (cw, _, _), (f1, _, _), (fn, _, _), hugo, pages in rows:
        hs = f"{hugo[0]:7.2f} {w / hugo[0]:6.2f}" if hugo else f"{'-':>7} {'-':>6}"
        print(f"{n:8d} {w:7.2f} {c:7.2f} {c / w:8.2f} {r:7.0f} {pages / w:8.0f} {bw:9.2f} {cw:8.2f} {f1:8.2f} {fn:8.2f} {w / fn:7.2f} {hs}")


if __name__ == "__main__":
    main()
