#!/usr/bin/env python3
"""Reading speed of `coauthor papers` per input format, on the same generated corpus.

  Scripts/bench_formats.py [--papers 100000] [--seed 7] [--runs 2] [--coauthor BIN ...]

Generates one corpus with ../shared/bench/gen_corpus.py (BibTeX and JSON Lines), writes the same
records as RIS, dblp-style XML and CSV, and times `coauthor papers` on each
(`COAUTHOR_TIMINGS=1`: the read, the build after it, and the wall time). With several
`--coauthor` binaries, the runs alternate between them, so a noisy machine slows them alike.
"""
import argparse, csv, html, json, os, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")


def write_formats(tmp, papers, seed):
    bib, jsonl = os.path.join(tmp, "corpus.bib"), os.path.join(tmp, "corpus.jsonl")
    with open(bib, "w") as f:
        subprocess.run([sys.executable, GEN, "--papers", str(papers), "--seed", str(seed)], stdout=f, check=True)
    with open(jsonl, "w") as f:
        subprocess.run([sys.executable, GEN, "--papers", str(papers), "--seed", str(seed), "--format", "jsonl"], stdout=f, check=True)
    records = [json.loads(line) for line in open(jsonl, encoding="utf-8")]
    ris, xml, table = (os.path.join(tmp, n) for n in ("corpus.ris", "corpus.xml", "corpus.csv"))
    with open(ris, "w", encoding="utf-8") as f:
        for r in records:
            f.write("TY  - JOUR\n" + "".join(f"AU  - {a}\n" for a in r["authors"]))
            f.write(f"TI  - {r['title']}\nPY  - {r['year']}\nJO  - J\nER  - \n\n")
    with open(xml, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<dblp>\n')
        for r in records:
            f.write(f'<article key="journals/x/{r["id"]}" mdate="2020-01-01">\n')
            f.write("".join(f"<author>{html.escape(a)}</author>\n" for a in r["authors"]))
            f.write(f"<title>{html.escape(r['title'])}</title>\n<year>{r['year']}</year>\n<journal>J</journal>\n</article>\n")
        f.write("</dblp>\n")
    with open(table, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Authors", "Title", "Year", "Source title"])
        for r in records:
            w.writerow(["; ".join(r["authors"]), r["title"], r["year"], "J"])
    return [("bibtex", bib), ("json lines", jsonl), ("ris", ris), ("dblp xml", xml), ("csv", table)]


def run(binary, path):
    env = dict(os.environ, COAUTHOR_TIMINGS="1")
    t0 = time.perf_counter()
    r = subprocess.run([binary, "papers", path, "-o", os.devnull], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"failed: {binary} papers {path}\n{r.stderr[-2000:]}")
    t = json.loads(next(l for l in r.stderr.splitlines() if l.startswith("timings: "))[len("timings: "):])
    authors = next((l.split("), ")[-1] for l in r.stderr.splitlines() if l.startswith("papers: ")), "")
    return t["read"], t["build"], wall, authors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--papers", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--coauthor", action="append", help="binary to time (repeatable; default: this package's release build)")
    a = ap.parse_args()
    binaries = a.coauthor
    if not binaries:
        subprocess.run(["swift", "build", "-c", "release", "--product", "coauthor"], cwd=ROOT, check=True, capture_output=True)
        bindir = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        binaries = [os.path.join(bindir, "coauthor")]
    with tempfile.TemporaryDirectory() as tmp:
        formats = write_formats(tmp, a.papers, a.seed)
        print(f"{a.papers} generated papers (gen_corpus.py --seed {a.seed}), {a.runs} alternating runs each\n")
        print("| format | MB | binary | read s (each run) | MB/s (best) | build s | authors |")
        print("|---|---:|---|---|---:|---:|---|")
        for name, path in formats:
            mb = os.path.getsize(path) / 1e6
            results = {b: [] for b in binaries}
            for _ in range(a.runs):
                for b in binaries:
                    results[b].append(run(b, path))
            for b in binaries:
                reads = [r[0] for r in results[b]]
                print(f"| {name} | {mb:.1f} | {os.path.basename(b)} | {', '.join(f'{x:.2f}' for x in reads)} | {mb / min(reads):.1f} "
                      f"| {min(r[1] for r in results[b]):.2f} | {results[b][0][3]} |")


if __name__ == "__main__":
    main()
