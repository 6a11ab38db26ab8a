#!/usr/bin/env python3
"""Coauthor against its peers on one corpus, in one run of one machine; prints ratios.

  Scripts/bench.py [CORPUS.bib[.gz]] [--betweenness-k 1000] [--skip-peers PEERS.json]

Runs ../shared/bench/peers.py (bibtexparser + pybtex for parsing and names, igraph and NetworKit for the
graph stages) and `coauthor papers` and `coauthor benchmark` on the same corpus, then prints a Markdown
table of seconds and ratios (peer / coauthor: above 1 means Coauthor is faster) plus peak memory.
Install the peers first: pip install igraph networkit bibtexparser pybtex.
"""
import argparse, gzip, json, os, resource, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, **kw):
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr[-2000:]}")
    return r, dt


def peak_rss_mb(cmd, env=None):
    """Runs cmd under /usr/bin/time -v and returns (stdout, stderr, seconds, peak MB)."""
    t0 = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True, env=env)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr[-2000:]}")
    peak = next((int(l.split(":")[1]) for l in r.stderr.splitlines() if "Maximum resident set size" in l), 0) / 1024
    return r.stdout, r.stderr, dt, peak


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=os.path.join(ROOT, "..", "shared", "data", "large", "mlanthology.bib.gz"))
    ap.add_argument("--betweenness-k", type=int, default=1000)
    ap.add_argument("--skip-peers", help="reuse a peers.py JSON result instead of running it")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp()
    corpus = a.corpus
    if corpus.endswith(".gz"):  # peers.py reads plain BibTeX
        plain = os.path.join(tmp, "corpus.bib")
        with gzip.open(corpus, "rb") as f, open(plain, "wb") as g:
            shutil.copyfileobj(f, g)
        corpus = plain
    size_mb = os.path.getsize(corpus) / 1e6
    subprocess.run(["swift", "build", "-c", "release", "--product", "coauthor"], cwd=ROOT, check=True, capture_output=True)
    bindir = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    coauthor = os.path.join(bindir, "coauthor")

    if a.skip_peers:
        peers = json.load(open(a.skip_peers))
        peers_peak = None
    else:
        out, _, _, peers_peak = peak_rss_mb([sys.executable, os.path.join(ROOT, "..", "shared", "bench", "peers.py"), corpus,
                                             "--engines", "ig,nk", "--betweenness-k", str(a.betweenness_k)])
        peers = json.loads(out.strip().splitlines()[-1])

    env = dict(os.environ, COAUTHOR_TIMINGS="1")
    _, err, papers_s, papers_peak = peak_rss_mb([coauthor, "papers", corpus, "-o", os.path.join(tmp, "papers.csv")], env=env)
    timings = json.loads(next(l for l in err.splitlines() if l.startswith("timings: "))[len("timings: "):])
    out, _, _, bench_peak = peak_rss_mb([coauthor, "benchmark", corpus, "--betweenness-samples", str(a.betweenness_k)])
    ours = json.loads(out)

    peer_parse = peers["stages"]["parse"] + peers["stages"]["names+pairs"]
    load = timings["read"] + timings["build"]
    rows = [("parse + names + resolution + merging", peer_parse, "bibtexparser + pybtex", load)]
    for stage in ["build", "components", "pagerank", "kcore", "louvain", "betweenness"]:
        cands = [(peers[e][stage], {"ig": "igraph", "nk": "NetworKit"}[e]) for e in ("ig", "nk") if stage in peers.get(e, {})]
        if not cands:
            continue
        best, who = min(cands)
        # Our build: the weighted CSR graph from the papers' author lists, pair counting included
        # (the peers count pairs in "names+pairs" and time only the graph from the counted pairs);
        # not the per-author totals and components our network wrapper adds (timed on their own).
        mine = ours["load"]["graph.authorship"] + ours["load"]["graph.project"] if stage == "build" else ours["stages"][stage]
        rows.append((stage if stage != "betweenness" else f"betweenness, {a.betweenness_k} samples", best, who, mine))
    print(f"Corpus: {os.path.basename(a.corpus)} ({size_mb:.1f} MB, {ours['records']} records); "
          f"Coauthor graph {ours['authors']} authors / {ours['edges']} edges; peers' graph {peers['authors']} / {peers['edges']}\n")
    print("| stage | fastest peer | peer s | coauthor s | peer / coauthor |")
    print("|---|---|---:|---:|---:|")
    for name, p, who, m in rows:
        print(f"| {name} | {who} | {p:.3f} | {m:.3f} | {p / m:.1f}× |")
    print(f"\n`coauthor papers`: {papers_s:.2f} s wall ({size_mb / papers_s:.1f} MB/s, {ours['records'] / papers_s:,.0f} entries/s), "
          f"peak {papers_peak:.0f} MB" + (f"; peers.py peak {peers_peak:.0f} MB" if peers_peak else ""))
    print(f"`coauthor benchmark` peak {bench_peak:.0f} MB; stage timings {json.dumps(ours['stages'])}; load {json.dumps(timings)}")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
