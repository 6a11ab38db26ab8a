#!/usr/bin/env bash
# Renders the default view of the ML Anthology corpus (../shared/data/large/mlanthology.bib.gz,
# 158,356 entries) into Output/mlanthology/network.svg and prints how long it took.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS="${1:-../shared/data/large/mlanthology.bib.gz}"
Scripts/setup.sh
swift build -c release --product coauthor 2>&1 | tail -n 1
BIN="$(swift build -c release --show-bin-path)/coauthor"
mkdir -p Output/mlanthology
start=$(date +%s.%N)
"$BIN" render "$CORPUS" -o Output/mlanthology/network.svg 2> >(grep -v ': warning: ' >&2)
end=$(date +%s.%N)
printf 'render of the default view took %.1f s\n' "$(echo "$end - $start" | bc)"
