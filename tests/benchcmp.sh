#!/bin/sh
# benchcmp through its real binary on the files in tests/data/cmp_*: every exit status, every
# format, the flags, colour only on a terminal, and every bad input refused with one stderr line
# that names the file (and line), exit 2 and nothing on stdout.
#
# The data (tests/data/cmp_*) are benchrun results files of 10 samples with +-1% noise:
#   base         the reference run
#   slower       qsort/256 +30% (regression), memcpy/4096 -25% (improvement), to_be_removed
#                missing, added_bench new
#   faster       two improvements only;  rerun  noise only, hash/fnv1a with a single sample
#   other_machine  noise only, another cpu_brand and host;  crlf_bom  `slower` with a BOM, CRLF,
#                reordered and extra columns;  gbench_old/new  Google Benchmark JSON, BM_Sort +25%
. "$top_srcdir/tests/lib.sh"
CMP="$top_builddir/benchcmp"
if [ -n "$VG" ]; then # make check-valgrind: the same checks under memcheck
    printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$VG" "$CMP" >"$T/benchcmp-vg"
    chmod +x "$T/benchcmp-vg"
    CMP="$T/benchcmp-vg"
fi
D="$top_srcdir/tests/data"

# ---- exit status and verdicts -------------------------------------------------------------
run_capture slower "$CMP" "$D/cmp_base.csv" "$D/cmp_slower.csv"
check "a regression exits 1" test "$(rc_of slower)" = 1
check "nothing on stderr when all is well" test ! -s "$T/slower.err"
check "qsort/256 is a regression" grep -Eq '^qsort/256 .*\+29\.55%.* regression$' "$T/slower.out"
check "memcpy/4096 is an improvement" grep -Eq '^memcpy/4096 .*-25\.40%.* improvement$' "$T/slower.out"
check "no-change is ~" grep -Eq '^strlen/16 .* ~$' "$T/slower.out"
check "a quoted name is read whole" grep -q '^name, with "comma" ' "$T/slower.out"
check "removed and added" sh -c "grep -Eq '^to_be_removed .* removed$' '$T/slower.out' &&
    grep -Eq '^added_bench .* added$' '$T/slower.out'"
check "summary: geomean and counts" grep -q '^geomean -0.57% (new/old 0.9943) over 5 benchmarks in both files; 3 no-change, 1 regression, 1 improvement, 0 too-few-samples, 1 added, 1 removed$' "$T/slower.out"
check "no colour when stdout is not a terminal" sh -c "! grep -q \"$(printf '\033')\" '$T/slower.out'"

run_capture failnone "$CMP" --fail-on none "$D/cmp_base.csv" "$D/cmp_slower.csv"
check "--fail-on none exits 0 with a regression" test "$(rc_of failnone)" = 0
check "--fail-on none reports the same" cmp -s "$T/slower.out" "$T/failnone.out"

run_capture faster "$CMP" "$D/cmp_base.csv" "$D/cmp_faster.csv"
check "improvements only exit 0" test "$(rc_of faster)" = 0
check "two improvements" test "$(grep -c ' improvement$' "$T/faster.out")" = 2

run_capture rerun "$CMP" "$D/cmp_base.csv" "$D/cmp_rerun.csv"
check "noise only exits 0" test "$(rc_of rerun)" = 0
check "a single sample is too few, whatever the change" grep -Eq '^hash/fnv1a .*\+49.* too-few-samples$' "$T/rerun.out"
check "the rest is ~" test "$(grep -c ' ~$' "$T/rerun.out")" = 5

run_capture other "$CMP" "$D/cmp_base.csv" "$D/cmp_other_machine.csv"
check "another machine: still exit 0" test "$(rc_of other)" = 0
check "another machine: a warning per differing key" test "$(lines_of "$T/other.err")" = 2
check "the warnings name cpu_brand and host" sh -c "grep -q \"^benchcmp: warning: .*cpu_brand 'Test CPU 3000 @ 3.00GHz' (old) vs 'Other CPU 9' (new)\" '$T/other.err' &&
    grep -q \"^benchcmp: warning: .*host 'ci-runner-1' (old) vs 'laptop' (new)\" '$T/other.err'"

run_capture crlf "$CMP" "$D/cmp_base.csv" "$D/cmp_crlf_bom.csv"
check "BOM, CRLF, reordered and extra columns: same result as the plain file" \
    sh -c "test $(rc_of crlf) = 1 && cmp -s '$T/slower.out' '$T/crlf.out'"

run_capture gb "$CMP" "$D/cmp_gbench_old.json" "$D/cmp_gbench_new.json"
check "Google Benchmark JSON: a regression exits 1" test "$(rc_of gb)" = 1
check "Google Benchmark JSON: BM_Sort/1024 regressed, us read" grep -Eq '^BM_Sort/1024 +11\.[0-9]+ us +15\.[0-9]+ us .* regression$' "$T/gb.out"
check "Google Benchmark JSON: aggregates are not benchmarks" test "$(grep -c '^BM_' "$T/gb.out")" = 2

# A benchmark that crashed in the new run has no row: it must not pass silently as "removed".
{ echo '# failed: to_be_removed: crashed with SIGSEGV (Segmentation fault) during a sample'
  echo '# status: complete'; grep -v '^to_be_removed,' "$D/cmp_base.csv"; } >"$T/crashed.csv"
run_capture crashed "$CMP" "$D/cmp_base.csv" "$T/crashed.csv"
check "a crashed benchmark: removed, exit 0, and a warning naming it" sh -c "test $(rc_of crashed) = 0 &&
    grep -Eq '^to_be_removed .* removed$' '$T/crashed.out' && test $(lines_of "$T/crashed.err") = 1 &&
    grep -q '^benchcmp: warning: the new run reports a failed benchmark: to_be_removed: crashed with SIGSEGV' '$T/crashed.err'"

# ---- thresholds ---------------------------------------------------------------------------
run_capture thr "$CMP" --threshold 30 "$D/cmp_base.csv" "$D/cmp_slower.csv"
check "--threshold 30: +29.55% is no longer a regression" sh -c "test $(rc_of thr) = 0 &&
    grep -Eq '^qsort/256 .* ~$' '$T/thr.out'"
run_capture alpha "$CMP" --alpha 0.0001 "$D/cmp_base.csv" "$D/cmp_slower.csv"
check "--alpha 0.0001: 10 samples cannot reach it" sh -c "test $(rc_of alpha) = 0 &&
    test \$(grep -c ' too-few-samples\$' '$T/alpha.out') = 5"
check "--alpha shows in the interval's level" grep -q '99.99% CI' "$T/alpha.out"

# ---- formats ------------------------------------------------------------------------------
run_capture csv "$CMP" --format csv "$D/cmp_base.csv" "$D/cmp_slower.csv"
check "--format csv exits as the console does" test "$(rc_of csv)" = 1
check "--format csv header" test "$(head -n 1 "$T/csv.out")" = "name,old_median_ns,new_median_ns,delta_pct,p_value,verdict,ci_low_pct,ci_high_pct,old_samples,new_samples"
check "--format csv: a row per benchmark" test "$(lines_of "$T/csv.out")" = 8
check "--format csv: empty fields where a side is missing" grep -q '^added_bench,,9.0064999999999991,,,added,,,,10$' "$T/csv.out"
check "--format csv: quoted name" grep -q '^"name, with ""comma""",12.019,' "$T/csv.out"
run_capture md "$CMP" --format markdown "$D/cmp_base.csv" "$D/cmp_slower.csv"
check "--format markdown: a table" sh -c "head -n 2 '$T/md.out' | tr -d '\n' | grep -q '^| benchmark | old | new | delta | p | 95% CI | verdict || :-- | --: |'"
check "--format markdown: regression in bold" grep -q '^| qsort/256 | 5.414 us | 7.014 us | +29.55% | 0.000183 | +28.94% .. +30.75% | \*\*regression\*\* |$' "$T/md.out"
check "--format markdown: markup in names escaped" grep -q '^| to\\_be\\_removed |' "$T/md.out"
run_capture js "$CMP" --format json "$D/cmp_base.csv" "$D/cmp_slower.csv"
check "--format json exits 1 too" test "$(rc_of js)" = 1
cat >"$T/check.py" <<'PY'
import csv, json, sys
doc = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2], newline="")))
assert [b["name"] for b in doc["benchmarks"]] == [r["name"] for r in rows]
for b, r in zip(doc["benchmarks"], rows):
    assert b["verdict"] == r["verdict"], (b, r)
    for k in ("old_median_ns", "new_median_ns", "delta_pct", "p_value", "ci_low_pct", "ci_high_pct"):
        want = None if r[k] == "" else float(r[k])
        assert b[k] == want, (k, b[k], r[k])
s = doc["summary"]
assert (s["regression"], s["improvement"], s["added"], s["removed"], s["common"]) == (1, 1, 1, 1, 5), s
assert doc["alpha"] == 0.05 and doc["threshold_pct"] == 5 and doc["warnings"] == []
print("json and csv agree")
PY
check_py "--format json parses and carries the CSV's numbers" "$T/check.py" "$T/js.out" "$T/csv.out"

# ---- colour on a terminal (script(1) gives one) ---------------------------------------------
ESC=$(printf '\033')
if ! command -v script >/dev/null 2>&1; then
    skip "colour on a terminal" "no script(1) to give one: apt-get install bsdutils"
elif ! script -qc true /dev/null >/dev/null 2>&1; then
    skip "colour on a terminal" "script(1) cannot open a pseudo-terminal here (no /dev/pts?)"
else
    script -qc "'$CMP' '$D/cmp_base.csv' '$D/cmp_slower.csv'" /dev/null >"$T/tty.out" 2>&1
    check "colour on a terminal" grep -q "${ESC}\[1;31mregression" "$T/tty.out"
    script -qc "'$CMP' --no-color '$D/cmp_base.csv' '$D/cmp_slower.csv'" /dev/null >"$T/tty2.out" 2>&1
    check "--no-color on a terminal" sh -c "! grep -q '$ESC' '$T/tty2.out'"
    NO_COLOR=1 script -qc "'$CMP' '$D/cmp_base.csv' '$D/cmp_slower.csv'" /dev/null >"$T/tty3.out" 2>&1
    check "NO_COLOR on a terminal" sh -c "! grep -q '$ESC' '$T/tty3.out'"
fi

# ---- usage ---------------------------------------------------------------------------------
# usage_error NAME ARGS...: exit 2, one line on stderr, nothing on stdout
usage_error() {
    un=$1; shift
    run_capture "$un" "$CMP" "$@"
    check "usage: $un exits 2 with one line" sh -c "test $(rc_of "$un") = 2 &&
        test $(lines_of "$T/$un.err") = 1 && test ! -s '$T/$un.out' && grep -q '^benchcmp: ' '$T/$un.err'"
}
usage_error no_args
usage_error one_file "$D/cmp_base.csv"
usage_error three_files "$D/cmp_base.csv" "$D/cmp_base.csv" "$D/cmp_base.csv"
usage_error alpha_range --alpha 2 "$D/cmp_base.csv" "$D/cmp_slower.csv"
usage_error alpha_word --alpha abc "$D/cmp_base.csv" "$D/cmp_slower.csv"
usage_error threshold_neg --threshold -1 "$D/cmp_base.csv" "$D/cmp_slower.csv"
usage_error format_xml --format xml "$D/cmp_base.csv" "$D/cmp_slower.csv"
usage_error fail_on --fail-on sometimes "$D/cmp_base.csv" "$D/cmp_slower.csv"
usage_error unknown --bogus "$D/cmp_base.csv" "$D/cmp_slower.csv"
check "the flag is named" grep -q '^benchcmp: --alpha: 2 is out of range' "$T/alpha_range.err"
run_capture help "$CMP" --help
check "--help exits 0 and lists the flags" sh -c "test $(rc_of help) = 0 &&
    grep -q '^usage: benchcmp' '$T/help.out' && grep -q -- '--fail-on' '$T/help.out'"
run_capture version "$CMP" --version
check "--version" grep -Eq '^benchcmp [0-9]+\.[0-9]+' "$T/version.out"

# ---- bad input: one line naming the file (and line), exit 2, nothing on stdout --------------
# bad_input NAME FILE PATTERN: FILE given as NEW (and as OLD), the message matches PATTERN
bad_input() {
    bn=$1 bf=$2 bpat=$3 # (run_capture uses $n)
    for side in new old; do
        if [ $side = new ]; then run_capture "$bn.$side" "$CMP" "$D/cmp_base.csv" "$bf"
        else run_capture "$bn.$side" "$CMP" "$bf" "$D/cmp_base.csv"; fi
        check "bad input ($side): $bn" sh -c "test $(rc_of "$bn.$side") = 2 &&
            test $(lines_of "$T/$bn.$side.err") = 1 && test ! -s '$T/$bn.$side.out'"
    done
    check "bad input: $bn names the file" grep -Eq "^benchcmp: $bf$bpat" "$T/$bn.new.err"
}
bad_input missing "$T/no-such-file.csv" ': No such file or directory$'
bad_input directory "$D" ': is a directory'
bad_input empty "$D/cmp_bad_empty.csv" ': empty file'
bad_input header "$D/cmp_bad_header.csv" ":2: the header has no 'samples_ns' column"
bad_input number "$D/cmp_bad_number.csv" ":4: samples_ns: 'fast' is not a number$"
bad_input nonfinite "$D/cmp_bad_nonfinite.csv" ":3: samples_ns: 'inf' is not finite$"
bad_input negative "$D/cmp_bad_negative.csv" ':3: samples_ns: -2.0 is negative$'
bad_input count "$D/cmp_bad_count.csv" ":3: 'a': samples_ns has 2 values but repetitions is 3$"
bad_input duplicate "$D/cmp_bad_duplicate.csv" ":5: duplicate benchmark name 'a' \(first at line 3\)$"
bad_input quote "$D/cmp_bad_quote.csv" ':4: unterminated quoted field$'
bad_input binary "$D/cmp_bad_binary.csv" ':1: binary data'
bad_input json "$D/cmp_bad_json.json" ':14: invalid JSON: unterminated string$'
{ head -c 4194400 /dev/zero | tr '\0' 'x'; echo; } >"$T/long.csv"
bad_input long_line "$T/long.csv" ':1: line longer than 4194304 bytes$'
{ cat "$D/cmp_base.csv"; printf 'x,1,1,1\001\n'; } >"$T/ctrl.csv"
bad_input control_char "$T/ctrl.csv" ':20: binary data \(byte 0x01\)'

finish
