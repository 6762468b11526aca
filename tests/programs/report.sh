#!/bin/sh
# benchreport through its real binary: the three kinds of report on real and synthetic files
# (tests/fixtures/synth_results), what each must show, the change points of a history with known
# steps, determinism, size for 500 benchmarks, baselines, and every bad input refused with one line
# and exit 2.  The HTML structure (well-formed, self-contained, the SVG marks) is checked by
# tests/programs/report_check.py when python3 is there; tests/programs/report_browser.sh renders
# the pages.
. "$top_srcdir/tests/lib.sh"
REP=$(vg_wrap "$top_builddir/benchreport") # make check-valgrind: the same checks under memcheck
SYNTH="$top_builddir/tests/fixtures/synth_results"
D="$top_srcdir/tests/data"
PY=${PYTHON3:-python3}
RC="$top_srcdir/tests/programs/report_check.py"
have_py=0
command -v "$PY" >/dev/null 2>&1 && have_py=1
[ $have_py = 1 ] || echo "SKIP: no python3: HTML structure not checked (the rest is)"
html_ok() { # FILE KIND
    [ $have_py = 0 ] || "$PY" "$RC" html "$1" "$2"
}

# ---- one run ------------------------------------------------------------------------------
run_capture one "$REP" "$D/cmp_base.csv" -o "$T/one.html"
check "one file: exit 0, quiet, a report" sh -c "test $(rc_of one) = 0 && test ! -s '$T/one.out' &&
    test ! -s '$T/one.err' && test -s '$T/one.html'"
check "one file: a section per benchmark, two charts each" sh -c "
    test \$(grep -c '<section id=' '$T/one.html') = 6 && test \$(grep -c '<svg ' '$T/one.html') = 12"
tr -d '\n' <"$T/one.html" >"$T/one.flat"
check "one file: the numbers (hash/fnv1a's quartiles, cv and its outlier)" grep -q \
    '<h3>hash/fnv1a</h3>.*<td>10</td><td>1000</td><td>229.1 ns</td><td>229.5 ns</td><td>230.2 ns</td><td>230.5 ns</td><td>232.1 ns</td><td>230.3 ns</td><td>1.026 ns</td><td>0.45%</td><td>1</td></tr>' \
    "$T/one.flat"
check "one file: names escaped" grep -q '>name, with &quot;comma&quot;</h3>' "$T/one.html"
check "one file: no script, nothing from the network" sh -c "! grep -qi -e '<script' -e 'http://[^w]' -e 'https://' '$T/one.html'"
check "one file: well-formed, self-contained, violin, box, strip and order chart" html_ok "$T/one.html" run

"$SYNTH" --out "$T/fam.csv" --benchmarks 8
run_capture fam "$REP" "$T/fam.csv" -o "$T/fam.html"
check "a parameter family gets its chart" sh -c "test $(rc_of fam) = 0 &&
    grep -q '<title>memcpy: median time against the argument</title>' '$T/fam.html'"

# ---- two runs -----------------------------------------------------------------------------
run_capture two "$REP" "$D/cmp_base.csv" "$D/cmp_slower.csv" -o "$T/two.html"
check "two files: exit 0 (a report, not a gate) even with a regression" test "$(rc_of two)" = 0
"$top_builddir/benchcmp" --format html "$D/cmp_base.csv" "$D/cmp_slower.csv" >"$T/cmp.html"
check "two files: the same page as benchcmp --format html" cmp -s "$T/two.html" "$T/cmp.html"
check "two files: the sorted changes chart, regression first" sh -c "
    grep -q '<title>Changes of the median, sorted</title>' '$T/two.html' &&
    grep -o 'class=\"lbl\" text-anchor=\"end\">[^<]*' '$T/two.html' | head -n 1 | grep -q 'qsort/256$'"
check "two files: added and removed shown with one distribution" sh -c "
    grep -q '<p class=\"added\">only in the new file (median 9.006 ns, 10 samples): added</p>' '$T/two.html' &&
    grep -q '<title>to_be_removed: distribution</title>' '$T/two.html'"
check "two files: well-formed, both distributions overlaid" html_ok "$T/two.html" compare

# ---- a history with known steps -----------------------------------------------------------
# Runs 0..15 of the synthetic suite: sort/1024 +25 % from run 8, hash/fnv1a -20 % from run 5,
# the other six flat (noise only).
mkdir -p "$T/h"
i=0
while [ $i -lt 16 ]; do "$SYNTH" --out "$T/h/run$i.csv" --run $i; i=$((i + 1)); done
commit_of() { sed -n 's/^# git_commit: //p' "$T/h/run$1.csv" | cut -c1-7; }
# Given newest first: the date lines put them back in order.
run_capture hist "$REP" $(i=15; while [ $i -ge 0 ]; do echo "$T/h/run$i.csv"; i=$((i - 1)); done) -o "$T/hist.html"
check "history: exit 0" sh -c "test $(rc_of hist) = 0 && test ! -s '$T/hist.err'"
check "history: runs in date order, labelled by commit" sh -c "
    grep -o '<td>1</td><td class=\"n\">[0-9a-f]*<' '$T/hist.html' | grep -q '>$(commit_of 0)<' &&
    grep -o '<td>16</td><td class=\"n\">[0-9a-f]*<' '$T/hist.html' | grep -q '>$(commit_of 15)<'"
check "history: exactly the two change points" test "$(grep -c 'class="cp"' "$T/hist.html")" = 2
check "history: sort/1024's step named by run 8's commit, slower" \
    grep -q ">sort/1024</a></td><td class=\"n cpname\">$(commit_of 8)</td><td>+2[0-9].[0-9]*%</td>" "$T/hist.html"
check "history: hash/fnv1a's step named by run 5's commit, faster" \
    grep -q ">hash/fnv1a</a></td><td class=\"n cpname\">$(commit_of 5)</td><td>-1[5-9].[0-9]*%</td>" "$T/hist.html"
check "history: well-formed, lines, quartile bars and levels" html_ok "$T/hist.html" history
run_capture hist2 "$REP" "$T"/h/run*.csv -o "$T/hist2.html"
check "history: the order given does not matter, and the same input gives the same bytes" \
    cmp -s "$T/hist.html" "$T/hist2.html"
i=0
while [ $i -lt 6 ]; do "$SYNTH" --out "$T/h/flat$i.csv" --run 20 --no-commit; i=$((i + 1)); done
run_capture flat "$REP" "$T"/h/flat*.csv -o "$T/flat.html"
check "history: no change point on flat series; file names label the runs" sh -c "
    test $(rc_of flat) = 0 && grep -q 'No change point in any benchmark.' '$T/flat.html' &&
    ! grep -q 'class=\"cp\"' '$T/flat.html' && grep -q '<td class=\"n\">flat0</td>' '$T/flat.html'"
# Machine forms and the exit status for a nightly job (issue 24): runs 0-8 end one run into
# sort/1024's step, a step to confirm at the newest run; 0-15 hold both change points.
run_capture json "$REP" "$T"/h/run*.csv --format json --fail-on change
check "history --format json: both change points to stdout, exit 0 (the newest run starts none)" sh -c "
    test $(rc_of json) = 0 && test \$(grep -c '\"status\": \"change point\"' '$T/json.out') = 2 &&
    grep -q '\"benchmark\": \"sort/1024\", \"run\": 9, \"label\": \"$(commit_of 8)\"' '$T/json.out' &&
    grep -q '\"newest_run_starts_a_change\": false' '$T/json.out'"
run_capture md "$REP" $(i=0; while [ $i -le 8 ]; do echo "$T/h/run$i.csv"; i=$((i + 1)); done) \
    --format markdown --fail-on change
check "history --format markdown: the newest run's step to confirm, exit 1 with --fail-on change" sh -c "
    test $(rc_of md) = 1 && grep -q '^| \`sort/1024\` | 9 ($(commit_of 8)) | +2[0-9.]* % .* | to confirm: 2 more runs would confirm it |\$' '$T/md.out' &&
    grep -q '^| \`hash/fnv1a\` | 6 ($(commit_of 5)) | .* | change point |\$' '$T/md.out'"
sed '/^# date:/d' "$T/h/run3.csv" >"$T/h/undated.csv"
run_capture undated "$REP" "$T/h/run0.csv" "$T/h/undated.csv" "$T/h/run1.csv" -o "$T/undated.html"
check "history: a file without a date keeps the order given, with a warning" sh -c "
    test $(rc_of undated) = 0 && grep -q 'benchreport: warning: not every file has a date line' '$T/undated.err' &&
    grep -q 'in the order given instead' '$T/undated.html'"

# ---- size: 500 benchmarks of 60 samples ---------------------------------------------------
"$SYNTH" --out "$T/big0.csv" --benchmarks 500 --samples 60
"$SYNTH" --out "$T/big1.csv" --benchmarks 500 --samples 60 --run 9
"$REP" "$T/big0.csv" -o "$T/big-run.html"
"$REP" "$T/big0.csv" "$T/big1.csv" -o "$T/big-cmp.html"
for k in run cmp; do
    s=$(wc -c <"$T/big-$k.html" | tr -d ' ')
    echo "size: 500 benchmarks x 60 samples, $k report: $s bytes"
    check "500 benchmarks ($k): under 4 MB" test "$s" -lt 4000000
done

# ---- baselines, and bad input: one line naming the file or flag, exit 2, no report --------
mkdir -p "$T/bl/results/baselines"
cp "$D/cmp_base.csv" "$T/bl/results/baselines/main.csv"
run_capture bl sh -c "cd '$T/bl' && '$REP' main '$D/cmp_slower.csv' -o out.html"
check "a baseline name as a file" sh -c "test $(rc_of bl) = 0 && grep -q 'benchcmp: main vs ' '$T/bl/out.html'"
bad() { # NAME PATTERN ARGS...
    bn=$1 bpat=$2; shift 2
    rm -f "$T/bad.html"
    run_capture "$bn" "$REP" "$@"
    check "bad: $bn exits 2 with one line, no report" sh -c "test $(rc_of "$bn") = 2 &&
        test $(lines_of "$T/$bn.err") = 1 && test ! -e '$T/bad.html' && test ! -s '$T/$bn.out'"
    check "bad: $bn says why" grep -q "^benchreport: $bpat" "$T/$bn.err"
}
bad nofile 'no results file given' -o "$T/bad.html"
bad noout '-o: the report' "$D/cmp_base.csv"
bad missing "$T/nope.csv: No such file or directory" "$T/nope.csv" -o "$T/bad.html"
bad broken "$D/cmp_bad_number.csv:4: " "$D/cmp_base.csv" "$D/cmp_bad_number.csv" -o "$T/bad.html"
bad cpalpha '--cp-alpha: 0.6 is out of range' --cp-alpha 0.6 "$D/cmp_base.csv" -o "$T/bad.html"
bad flag '--bogus: unknown option' --bogus "$D/cmp_base.csv" -o "$T/bad.html"
bad format2 '--format json: a history' --format json "$D/cmp_base.csv" "$D/cmp_base.csv"
run_capture nodir "$REP" "$D/cmp_base.csv" -o "$T/no/such/dir/r.html"
check "an output folder that does not exist: exit 2, named" sh -c "test $(rc_of nodir) = 2 &&
    test $(lines_of "$T/nodir.err") = 1 && grep -q 'no/such/dir' '$T/nodir.err'"
run_capture help "$REP" --help
check "--help" sh -c "test $(rc_of help) = 0 && grep -q '^usage: benchreport' '$T/help.out'"
finish
