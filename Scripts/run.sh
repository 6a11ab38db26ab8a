#!/usr/bin/env bash
# The main job on the bundled sample: install what is missing, build in release mode,
# run `coauthor report` on the sample profile listing and write the results into Output/.
#
# The sample listing was copied from a profile page in 2026, so its dates without a year
# ("May 13") belong to 2026: --reference-year pins that, which keeps Output/ reproducible.
# --owner auto adds the listing's owner (the author on the most records) to truncated
# "et al." bylines, marked as inferred in every output.
set -euo pipefail
cd "$(dirname "$0")/.."

Scripts/setup.sh
swift build -c release --product coauthor 2>&1 | tail -n 3
BIN="$(swift build -c release --show-bin-path)/coauthor"
OUT=Output/profile-listing
"$BIN" report Tests/Fixtures/listing/profile-listing.txt --reference-year 2026 --owner auto --out "$OUT"
# The owner's collaboration timeline: a table and a diagram (years left to right).
"$BIN" timeline Tests/Fixtures/listing/profile-listing.txt --reference-year 2026 --owner auto --author "Jingzhao Zhang" \
  -o "$OUT/timeline.csv" --diagram "$OUT/timeline.svg"
# The network as PNG too, for places that do not show SVG.
"$BIN" render Tests/Fixtures/listing/profile-listing.txt --reference-year 2026 --owner auto --labels 60 -o "$OUT/network.png"
echo "  also written        $OUT/: timeline.csv timeline.svg network.png"
