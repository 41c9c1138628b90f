#!/usr/bin/env bash
# The HTML review page (`mtfix check --format html`) in headless Chromium.
#
#   bash tests/browser/run.sh
#   MTFIX_SCREENSHOT=1 bash tests/browser/run.sh   # also writes docs/review-page.png
#
# Installs Debian's chromium if /usr/bin/chromium is missing (the browser
# download of Playwright is not used: playwright-core drives the system
# browser), installs playwright-core from package-lock.json, builds mtfix
# and runs tests/browser/review.test.mjs (node:test): a fixture article is
# reviewed in the page (clicks, keys, filters, an edit), the exported
# decisions file is checked key by key and replayed with `mtfix apply`, and
# pages for awkward input, zero findings and the seed articles must load
# without console errors. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
t0=$(date +%s)
note() { printf 'browser test: %s (%ss)\n' "$*" "$(( $(date +%s) - t0 ))"; }

export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  note "installing chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
command -v node >/dev/null || { echo "browser test: node is not on PATH (Node.js 20 or later)" >&2; exit 1; }

if [ -f tests/browser/package-lock.json ]; then
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error >/dev/null
else
  npm install --prefix tests/browser --no-audit --no-fund --loglevel=error >/dev/null
fi

note "building mtfix"
cargo build --release --quiet

note "running"
node tests/browser/review.test.mjs
note "done"
