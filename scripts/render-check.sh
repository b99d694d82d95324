#!/usr/bin/env bash
# Renders QemuTrace's offline HTML charts in headless Chromium (Debian's `chromium`), checks that every chart drew
# its SVG, and leaves screenshots to look at.
#
#   scripts/render-check.sh                 # report + one page per chart of the data/ boot, into artifacts/render-check
#   scripts/render-check.sh PAGE.html...    # check these pages instead (e.g. a notebook runner's HTML report)
#
# Environment: OUT (output folder), WIDTH/HEIGHT (report screenshot, default 1400x3000), QTRACE (command to run qtrace).
# Exits 1 if a chart div has no <svg class="main-svg"> after rendering, 2 if Chromium is missing and cannot be installed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${OUT:-$root/artifacts/render-check}
width=${WIDTH:-1400}
height=${HEIGHT:-3000}
mkdir -p "$out"

if ! command -v chromium >/dev/null 2>&1; then
    echo "render-check: chromium not found, installing Debian's chromium" >&2
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    if ! { $sudo_cmd apt-get install -y chromium >/dev/null || { $sudo_cmd apt-get update >/dev/null && $sudo_cmd apt-get install -y chromium >/dev/null; }; }; then
        echo "render-check: could not install chromium (apt-get install -y chromium)" >&2
        exit 2
    fi
fi

# No network, no profile state, no GPU: the page must draw from what it carries.
chrome() {
    local profile
    profile=$(mktemp -d)
    chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
        --disable-sync --no-first-run --user-data-dir="$profile" --virtual-time-budget=10000 "$@" 2>/dev/null
    rm -rf "$profile"
}

pages=()
if [ $# -gt 0 ]; then
    for page in "$@"; do pages+=("$(cd "$(dirname "$page")" && pwd)/$(basename "$page")"); done
else
    if [ -z "${QTRACE:-}" ]; then
        dotnet build "$root/src/QemuTrace.Cli" -c Release -v quiet -nologo >&2
        QTRACE="dotnet $root/src/QemuTrace.Cli/bin/Release/net10.0/qtrace.dll"
    fi
    qtrace=$QTRACE
    boot="$root/data/boot"
    symbols=(--vmlinux "$boot/vmlinux-symbols.gz" --events "$boot/trace-events-all")
    $qtrace html-report "$boot/trace-simple-v4.bin.gz" "${symbols[@]}" --output "$out/report.html" >&2
    pages+=("$out/report.html")
    for kind in top timeline first-calls syscalls regions function; do
        $qtrace chart "$boot/trace-simple-v4.bin.gz" "${symbols[@]}" --kind "$kind" --output "$out/chart-$kind.html" >&2
        pages+=("$out/chart-$kind.html")
    done
fi

failed=0
for page in "${pages[@]}"; do
    name=$(basename "$page" .html)
    dom="$out/$name.dom.html"
    png="$out/$name.png"
    chrome --dump-dom "file://$page" >"$dom"
    if [ "$name" = report ] || [ $# -gt 0 ]; then size="$width,$height"; else size="$width,1000"; fi
    chrome --screenshot="$png" --window-size="$size" "file://$page" >/dev/null
    # Each chart div must hold plotly's <svg class="main-svg"> once drawn.
    if ! python3 - "$page" "$dom" "$png" <<'PY'
import re, sys
page, dom, png = sys.argv[1:]
html = open(dom, encoding="utf-8", errors="replace").read()
source = open(page, encoding="utf-8", errors="replace").read()
expected = len(re.findall(r'<div class="qtrace-chart"', source))
parts = re.split(r'<div class="qtrace-chart[ "]', html)[1:]
drawn = sum(1 for p in parts if '<svg class="main-svg"' in p.split('<div class="qtrace-chart', 1)[0])
external = re.findall(r'<script[^>]*\bsrc\s*=', source, re.I)
print(f"render-check: {page}: {drawn}/{expected} charts drawn, {len(external)} external scripts, screenshot {png}", file=sys.stderr)
sys.exit(0 if expected > 0 and drawn == expected and len(parts) == expected and not external else 1)
PY
    then
        failed=1
    fi
done

if [ "$failed" -ne 0 ]; then
    echo "render-check: FAILED: a chart did not draw (see the .dom.html and .png files in $out)" >&2
    exit 1
fi
echo "render-check: all charts drawn; look at the screenshots in $out" >&2
