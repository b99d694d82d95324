#!/usr/bin/env bash
# Opens a Chrome trace-event JSON file in speedscope (the npm package's built release, served on loopback) in headless
# Chromium (Debian's `chromium`), checks that it imported without errors, and reports what speedscope made of it.
#
#   scripts/speedscope-check.sh FILE.json [EXPECTED_TOTAL_US]
#
# Prints one line per imported profile (speedscope makes one per pid/tid): its name and total, i.e. the end of its last
# slice minus the first ts on that track, in the file's units (µs). Leaves a screenshot in FILE.speedscope.png.
# Fails on a page error, speedscope's error screen or an alert, and on any "Tried to end ... Doing nothing instead" (or
# "still open at end of profile") warning: slices that do not nest, e.g. a ts+dur that runs a hair past the next ts.
# With EXPECTED_TOTAL_US, also fails unless the "function runs" profile's total is within 0.1% of it.
#
# Environment: TIMEOUT (seconds for the import, default 1200; the real boot export, once its slices nest, took ~400 s
# on 2 cores), NESTING_GRACE (seconds the import may go on after its first "Tried to end" warning, default 60: such an
# import can run for hours), PROFILE_MATCH (which profile EXPECTED_TOTAL_US is for, default "function runs"),
# WIDTH/HEIGHT (screenshot, default 1400x900), CHROMIUM (default /usr/bin/chromium).
# Exits 0 if speedscope imported the file cleanly, 1 if it did not (or the total is off), 2 on a setup problem.
# Test inputs: scripts/speedscope-check/testdata/good.json (passes) and overlap.json (fails: float64 0.1+0.2 > 0.3).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir="$here/speedscope-check"

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: scripts/speedscope-check.sh FILE.json [EXPECTED_TOTAL_US]" >&2
    exit 2
fi
if [ ! -f "$1" ]; then
    echo "speedscope-check: no such file: $1" >&2
    exit 2
fi

sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
if [ -z "${CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
    echo "speedscope-check: chromium not found, installing Debian's chromium" >&2
    if ! { $sudo_cmd apt-get install -y chromium >/dev/null 2>&1 || { $sudo_cmd apt-get update >/dev/null && $sudo_cmd apt-get install -y chromium >/dev/null 2>&1; }; }; then
        echo "speedscope-check: could not install chromium (apt-get install -y chromium)" >&2
        exit 2
    fi
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "speedscope-check: node and npm are needed (Debian: apt-get install -y nodejs npm)" >&2
    exit 2
fi

# speedscope and playwright-core at the versions package-lock.json pins; reinstalled when the lock file changes.
if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.speedscope-check.lock" 2>/dev/null; then
    echo "speedscope-check: installing speedscope and playwright-core (npm ci) into $dir/node_modules" >&2
    if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
        echo "speedscope-check: npm ci failed in $dir" >&2
        exit 2
    fi
    cp "$dir/package-lock.json" "$dir/node_modules/.speedscope-check.lock"
fi

exec node "$dir/check.mjs" "$@"
