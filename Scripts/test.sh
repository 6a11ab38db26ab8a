#!/usr/bin/env bash
# The test job: install what is missing, build, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."

Scripts/setup.sh
swift build --build-tests 2>&1 | tail -n 5
swift test --skip-build
