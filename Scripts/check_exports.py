#!/usr/bin/env python3
"""Reads Coauthor's exports back with networkx and checks them against each other.

  Scripts/check_exports.py [INPUT …]       (default: the bundled sample listing)

Writes GraphML, GEXF, Pajek, d3 JSON, VOSviewer and node/edge CSV with `coauthor export`, reads each
back with networkx (read_graphml, read_gexf, read_pajek, node_link_graph) or csv, and checks that node count,
edge count, every edge's weight and the total weight agree with the CSV edge list. Exits 1 on any
mismatch. Needs networkx (pip install networkx).
"""
import csv, json, os, subprocess, sys, tempfile
import networkx as nx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    inputs = sys.argv[1:] or [os.path.join(ROOT, "Tests/Fixtures/listing/profile-listing.txt"), "--reference-year", "2026"]
    subprocess.run(["swift", "build", "--product", "coauthor"], cwd=ROOT, check=True, capture_output=True)
    coauthor = os.path.join(subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True).stdout.strip(), "coauthor")
    tmp = tempfile.mkdtemp()
    def export(fmt, path, *extra):
        subprocess.run([coauthor, "export", *inputs, "--to", fmt, "-o", path, *extra], check=True, capture_output=True)
    # --raw-csv: names as they are (the reference must not carry spreadsheet neutralizing).
    export("csv", os.path.join(tmp, "csv"), "--raw-csv")
    names = {}
    with open(os.path.join(tmp, "csv", "nodes.csv")) as f:
        for r in csv.DictReader(f):
            names[r["id"]] = r["name"]
    truth = {}
    with open(os.path.join(tmp, "csv", "edges.csv")) as f:
        for r in csv.DictReader(f):
            truth[frozenset((names[r["source"]], names[r["target"]]))] = float(r["weight"])
    graphs = {}
    export("graphml", os.path.join(tmp, "g.graphml"))
    g = nx.read_graphml(os.path.join(tmp, "g.graphml"))
    graphs["graphml"] = nx.relabel_nodes(g, {n: d["name"] for n, d in g.nodes(data=True)})
    export("gexf", os.path.join(tmp, "g.gexf"))
    g = nx.read_gexf(os.path.join(tmp, "g.gexf"))
    graphs["gexf"] = nx.relabel_nodes(g, {n: d["label"] for n, d in g.nodes(data=True)})
    export("pajek", os.path.join(tmp, "g.net"))
    graphs["pajek"] = nx.Graph(nx.read_pajek(os.path.join(tmp, "g.net")))
    export("json", os.path.join(tmp, "g.json"))
    data = json.load(open(os.path.join(tmp, "g.json")))
    g = nx.Graph()
    for n in data["nodes"]:
        g.add_node(n["name"])
    idx = {n["id"]: n["name"] for n in data["nodes"]}
    for l in data["links"]:
        g.add_edge(idx[l["source"]], idx[l["target"]], weight=l["weight"])
    graphs["json"] = g
    export("vosviewer", os.path.join(tmp, "vos"))
    g = nx.Graph()
    label = {}
    with open(os.path.join(tmp, "vos", "map.txt")) as f:
        for r in csv.DictReader(f, delimiter="\t"):
            label[r["id"]] = r["label"]
            g.add_node(r["label"])
    with open(os.path.join(tmp, "vos", "network.txt")) as f:
        for line in f:
            u, v, w = line.rstrip("\n").split("\t")
            g.add_edge(label[u], label[v], weight=float(w))
    graphs["vosviewer"] = g
    ok = True
    print(f"reference (CSV): {len(names)} nodes, {len(truth)} edges, total weight {sum(truth.values())}")
    # Pajek labels cannot hold double quotes or line breaks: Coauthor writes ' and a space instead.
    pajek_truth = {frozenset(n.replace('"', "'").replace("\n", " ") for n in k): w for k, w in truth.items()}
    for fmt, g in graphs.items():
        weights = {frozenset((u, v)): float(d.get("weight", 1)) for u, v, d in g.edges(data=True)}
        same = g.number_of_nodes() == len(names) and weights == (pajek_truth if fmt == "pajek" else truth)
        ok &= same
        print(f"{fmt:8} {g.number_of_nodes()} nodes, {g.number_of_edges()} edges, total weight {sum(weights.values())}: {'ok' if same else 'MISMATCH'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
