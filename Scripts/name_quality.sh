#!/usr/bin/env bash
# Measures name-resolution quality on a synthetic corpus with known truth:
#   Scripts/name_quality.sh [PAPERS] [SEED]      (default 100000 papers, seed 1)
# Generates the corpus with ../shared/bench/gen_corpus.py (realistic name noise: initials,
# "Family, Given" order, LaTeX accents, stray spaces), resolves it with `coauthor authors
# --assignments`, and prints pairwise precision and recall (Scripts/name_quality.py).
set -euo pipefail
cd "$(dirname "$0")/.."
PAPERS="${1:-100000}"
SEED="${2:-1}"
GEN="${GEN_CORPUS:-../shared/bench/gen_corpus.py}"
[ -f "$GEN" ] || { echo "name_quality: $GEN not found (set GEN_CORPUS)" >&2; exit 1; }
Scripts/setup.sh
swift build -c release --product coauthor 2>&1 | tail -n 1
BIN="$(swift build -c release --show-bin-path)/coauthor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
python3 "$GEN" --papers "$PAPERS" --seed "$SEED" --truth "$WORK/truth.jsonl" > "$WORK/corpus.bib"
"$BIN" authors "$WORK/corpus.bib" --assignments -f tsv -o "$WORK/assignments.tsv"
python3 Scripts/name_quality.py "$WORK/truth.jsonl" "$WORK/assignments.tsv" "$GEN" "$PAPERS" "$SEED"
