#!/usr/bin/env bash
# Renders an SVG chart (from `stalkstats trend --chart-svg`) to a PNG in headless Chromium, to look
# at it the way a browser shows it.
# usage: scripts/render-chart-png.sh CHART.svg [OUT.png] [WIDTHxHEIGHT]   (default OUT: CHART.png)
set -euo pipefail
svg=${1:?usage: scripts/render-chart-png.sh CHART.svg [OUT.png] [WIDTHxHEIGHT]}
out=${2:-${svg%.svg}.png}
size=${3:-}
[ -f "$svg" ] || { echo "no such file: $svg" >&2; exit 1; }
browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
[ -n "$browser" ] || { echo "chromium not found (apt-get install -y chromium, or set CHROMIUM=...)" >&2; exit 1; }
if [ -z "$size" ]; then
  # The window takes the SVG's own width and height, so nothing is cropped or padded.
  w=$(grep -o '<svg[^>]*' "$svg" | head -1 | sed -n 's/.* width="\([0-9.]*\)".*/\1/p')
  h=$(grep -o '<svg[^>]*' "$svg" | head -1 | sed -n 's/.* height="\([0-9.]*\)".*/\1/p')
  size="${w%.*},${h%.*}"
  [ "$size" != "," ] || size=900,500
else
  size=${size/x/,}
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
abs=$(cd "$(dirname "$svg")" && pwd)/$(basename "$svg")
outabs=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --hide-scrollbars --user-data-dir="$profile" \
  --screenshot="$outabs" --window-size="$size" "file://$abs" >/dev/null 2>&1
[ -s "$outabs" ] || { echo "chromium wrote no picture" >&2; exit 1; }
echo "$out"
