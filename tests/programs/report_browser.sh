#!/bin/sh
# Each kind of report rendered by a real browser (headless Chromium): the screenshot is not
# blank, light pages have a light background and dark ones (prefers-color-scheme: dark, which
# --force-dark-mode sets) a dark one, and the HTML carries the SVG marks of its kind.
# Needs chromium and python3 (the PNG decoder and HTML checks are tests/programs/report_check.py):
# without them, SKIP and exit 77.
#
# SCREENSHOT_DIR=DIR keeps the light screenshots as DIR/report-{run,compare,history}.png and
# the dark history as DIR/report-history-dark.png: `make screenshots` puts them in docs/.
. "$top_srcdir/tests/lib.sh"
PY=${PYTHON3:-python3}
CHROMIUM=${CHROMIUM:-}
if [ -z "$CHROMIUM" ]; then
    for c in chromium chromium-browser google-chrome; do
        if command -v "$c" >/dev/null 2>&1; then CHROMIUM=$c; break; fi
    done
fi
if [ -z "$CHROMIUM" ]; then echo "SKIP: no chromium (Debian: apt-get install chromium)"; exit 77; fi
if ! command -v "$PY" >/dev/null 2>&1; then echo "SKIP: no python3 to read the screenshots"; exit 77; fi
REP="$top_builddir/benchreport"
SYNTH="$top_builddir/tests/fixtures/synth_results"
RC="$top_srcdir/tests/programs/report_check.py"

# The suite of tests/fixtures/synth_results: runs 0..15 (sort/1024 +25 % from run 8, hash/fnv1a
# -20 % from run 5, a memcpy family).
# Relative names, as a person would type them (they show in the pages).
(
    cd "$T" || exit 1
    i=0
    while [ $i -lt 16 ]; do "$SYNTH" --out "run$i.csv" --run $i; i=$((i + 1)); done
    "$REP" run0.csv -o run.html
    "$REP" run0.csv run9.csv -o compare.html
    "$REP" run*.csv -o history.html
)

# shot HTML PNG MODE: a 1000 x 1400 screenshot in a fresh profile, nothing fetched or synced.
shot() {
    prof=$(mktemp -d "$T/profile.XXXXXX")
    dark=""
    [ "$3" = dark ] && dark=--force-dark-mode
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --user-data-dir="$prof" \
        --hide-scrollbars $dark --window-size=1000,1400 --screenshot="$2" "file://$1" \
        >"$T/chromium.log" 2>&1
    rm -rf "$prof"
    test -s "$2"
}

for kind in run compare history; do
    check "$kind: well-formed HTML with its SVG marks" "$PY" "$RC" html "$T/$kind.html" $kind
    for mode in light dark; do
        check "$kind ($mode): Chromium renders a screenshot" shot "$T/$kind.html" "$T/$kind-$mode.png" $mode
        check "$kind ($mode): not blank, background as the mode says" "$PY" "$RC" png "$T/$kind-$mode.png" $mode
    done
done
check "history: the change points are marked" test "$(grep -c 'class="cp"' "$T/history.html")" = 2

if [ -n "${SCREENSHOT_DIR:-}" ]; then
    mkdir -p "$SCREENSHOT_DIR"
    for kind in run compare history; do cp "$T/$kind-light.png" "$SCREENSHOT_DIR/report-$kind.png"; done
    cp "$T/history-dark.png" "$SCREENSHOT_DIR/report-history-dark.png"
    echo "screenshots in $SCREENSHOT_DIR: report-run.png report-compare.png report-history.png report-history-dark.png"
fi
finish
