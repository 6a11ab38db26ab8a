#!/usr/bin/env bash
# Fuzzes every reader and the name splitter with libFuzzer:
#   Scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET …]     (default 600 s, every target)
# Seeds come from ../shared/data (and Tests/Fixtures); crashes are written to fuzz-out/<target>/ —
# keep each as a regression fixture in Tests/Fixtures/fuzz/ with a test that reads it.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER="${1:-600}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(bibtex ris medline wos pubmed-xml jats dblp csl-json openalex csv listing names corpus)
Scripts/setup.sh
COAUTHOR_FUZZ=1 swift build --scratch-path .build-fuzz --product CoauthorFuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 | tail -n 2
BIN=.build-fuzz/debug/CoauthorFuzz
DATA=../shared/data
seeds() {
  case "$1" in
    bibtex) find "$DATA/bibtex" Tests/Fixtures/bibtex -name '*.bib' -size -200k ;;
    ris) find "$DATA/ris" "$DATA/scopus" -name '*.ris' -o -name '*.txt' | grep -E 'ris|scopus' ;;
    medline) find "$DATA/pubmed" -name '*.txt' -o -name '*.nbib' ;;
    wos) find "$DATA/wos" -type f ;;
    pubmed-xml|jats) find "$DATA/pubmed" -name '*.xml' -o -name '*.nxml' ;;
    dblp) find "$DATA/dblp" -name '*.xml' ;;
    csl-json|openalex) find "$DATA/json" Tests/Fixtures/openalex -name '*.json' ;;
    csv) find "$DATA/csv" "$DATA/scopus" -name '*.csv' ;;
    listing) echo Tests/Fixtures/listing/profile-listing.txt ;;
    names) echo Tests/Fixtures/names/names.tsv ;;
    corpus) find Tests/Fixtures -type f -size -100k | head -n 200 ;;
  esac
}
for t in "${TARGETS[@]}"; do
  corpus="fuzz-out/$t/corpus"; crashes="fuzz-out/$t/crashes"
  mkdir -p "$corpus" "$crashes"
  seeds "$t" | while read -r f; do [ -f "$f" ] && cp "$f" "$corpus/" 2>/dev/null || true; done
  echo "== $t: ${SECONDS_PER}s"
  FUZZ_TARGET="$t" "$BIN" "$corpus" -max_total_time="$SECONDS_PER" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$crashes/" -print_final_stats=1 2>&1 | grep -E 'stat::number_of_executed_units|stat::peak_rss|ERROR|SUMMARY|Test unit written' || true
  echo "   crashes: $(ls "$crashes" | wc -l)"
done
