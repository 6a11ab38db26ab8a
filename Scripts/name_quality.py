#!/usr/bin/env python3
"""Pairwise precision and recall of Coauthor's name resolution against a known truth.

Reads the truth written by ../shared/bench/gen_corpus.py --truth (JSON Lines: {"key", "authors": [true ids]})
and Coauthor's slot assignments (`coauthor authors --assignments -f tsv`: record key, position, person id),
and scores every pair of author slots: predicted same person vs truly same person.

  precision = pairs correctly put together / pairs put together
  recall    = pairs correctly put together / pairs that belong together

Usage: name_quality.py TRUTH.jsonl ASSIGNMENTS.tsv [GEN_CORPUS.py PAPERS SEED]

With the generator, its papers and seed, it also reports the precision ceiling of any method that
reads names as text: the precision of putting together exactly the slots whose person has the same
full name (given, middle initial, particle, family, suffix). Homonyms with identical full names are
indistinguishable in the text, so no text-only rule can be more precise than that.
"""
import collections, csv, json, sys


def pairs(n):
    return n * (n - 1) // 2


def main():
    truth_path, assign_path = sys.argv[1], sys.argv[2]
    truth = {}
    with open(truth_path) as f:
        for line in f:
            r = json.loads(line)
            truth[r["key"]] = r["authors"]
    cells = collections.Counter()      # (true id, predicted id) -> slots
    true_sizes = collections.Counter()
    pred_sizes = collections.Counter()
    slots = skipped = 0
    with open(assign_path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            ids = truth.get(row["record"])
            pos = int(row["position"]) - 1
            if ids is None or pos >= len(ids):
                skipped += 1
                continue
            t, p = ids[pos], int(row["person_id"])
            cells[(t, p)] += 1
            true_sizes[t] += 1
            pred_sizes[p] += 1
            slots += 1
    tp = sum(pairs(n) for n in cells.values())
    pred = sum(pairs(n) for n in pred_sizes.values())
    true = sum(pairs(n) for n in true_sizes.values())
    precision = tp / pred if pred else 1.0
    recall = tp / true if true else 1.0
    ceiling = None
    if len(sys.argv) >= 6:
        import importlib.util, os, random
        spec = importlib.util.spec_from_file_location("gen_corpus", sys.argv[3])
        g = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(g)
        papers, seed = int(sys.argv[4]), int(sys.argv[5])
        rng = random.Random(seed)  # the generator makes its people first, from the same seed
        people = [g.Author(i, rng) for i in range(max(10, papers // 2))]
        by_name = collections.Counter()
        name_cells = collections.Counter()
        for t, n in true_sizes.items():
            p = people[t]
            k = (p.given, p.middle, p.particle, p.family, p.suffix)
            by_name[k] += n
            name_cells[(t, k)] += n
        ceiling = sum(pairs(n) for n in name_cells.values()) / max(1, sum(pairs(n) for n in by_name.values()))
    print(json.dumps({
        "slots": slots, "slots_not_in_truth": skipped,
        "true_persons": len(true_sizes), "predicted_persons": len(pred_sizes),
        "pairwise_precision": round(precision, 5), "pairwise_recall": round(recall, 5),
        "f1": round(2 * precision * recall / (precision + recall), 5) if precision + recall else 0.0,
        **({"text_only_precision_ceiling": round(ceiling, 5)} if ceiling is not None else {}),
    }, indent=1))


if __name__ == "__main__":
    main()
