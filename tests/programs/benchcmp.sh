#!/bin/sh
# benchcmp through its real binary on the files in tests/data/cmp_*: every exit status, every
# format, the flags, colour only on a terminal, and every bad input refused with one stderr line
# that names the file (and line), exit 2 and nothing on stdout.
#
# The data (tests/data/cmp_*.csv) are benchrun results files of 10 samples with +-1% noise:
#   base         the reference run
#   slower       qsort/256 +30% (regression), memcpy/4096 -25% (improvement), to_be_removed
#                missing, added_bench new
#   faster       two improvements only;  rerun  noise only, hash/fnv1a with a single sample
#   other_machine  noise only, another cpu_brand and host;  crlf_bom  `slower` with a BOM, CRLF,
#                reordered and extra columns;  gbench_old/new  Google Benchmark JSON, BM_Sort +25%
# Captured from the real programs (Debian 12's packages) on this project's VM:
#   gbench_aggr_old/new  Google Benchmark 1.7.1, a program of three benchmarks (BM_Sort/1024
#                sorting 1024 ints, twice as many in `new`; BM_Hash; BM_Broken calling
#                SkipWithError) run with --benchmark_repetitions=5
#                --benchmark_report_aggregates_only=true --benchmark_out_format=json
#   hyperfine_old/new  D=0.05 (new: 0.10) hyperfine --runs 10 --warmup 1 --export-json FILE
#                -P n 1 2 'sleep 0.0{n}' 'sleep $D'   (hyperfine 1.15)
#   hyperfine_failed   hyperfine -i --runs 5 --export-json FILE -L code 0,3
#                -n 'exit with {code}' 'exit {code}'
. "$top_srcdir/tests/lib.sh"
CMP=$(vg_wrap "$top_builddir/benchcmp") # make check-valgrind: the same checks under memcheck
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
check "summary: geomean and counts" grep -q '^geomean -0.57% (new/old 0.9943) over 5 benchmarks in both files; 3 no-change, 1 regression, 1 improvement, 0 too-few-samples, 0 no-test, 1 added, 1 removed$' "$T/slower.out"
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

# ---- other producers' files: Google Benchmark aggregates only, hyperfine, any JSON layout ----
run_capture aggr "$CMP" "$D/cmp_gbench_aggr_old.json" "$D/cmp_gbench_aggr_new.json"
check "aggregates only: exit 0, compared on medians without a test" sh -c "test $(rc_of aggr) = 0 &&
    grep -Eq '^BM_Sort/1024 +10\.20 us +17\.38 us +\+70\.30% +- +no-test$' '$T/aggr.out' &&
    grep -Eq '^BM_Hash .* no-test$' '$T/aggr.out'"
check "aggregates only: the summary counts no-test" grep -q ' 0 too-few-samples, 2 no-test, 0 added' "$T/aggr.out"
check "aggregates only: a note per file, and the failed benchmark (error_occurred)" sh -c "
    test $(lines_of "$T/aggr.err") = 4 &&
    grep -q '^benchcmp: warning: the old file has only aggregates for 2 benchmarks (Google Benchmark --benchmark_report_aggregates_only): compared on their medians, no significance test is possible' '$T/aggr.err' &&
    grep -q '^benchcmp: warning: the new file has only aggregates' '$T/aggr.err' &&
    grep -q '^benchcmp: warning: the new run reports a failed benchmark: BM_Broken: could not open the input file$' '$T/aggr.err'"
run_capture aggr_md "$CMP" --format markdown "$D/cmp_gbench_aggr_old.json" "$D/cmp_gbench_aggr_new.json"
check "aggregates only: the note is in the Markdown" grep -q '^> \*\*Warning:\*\* the old file has only aggregates' "$T/aggr_md.out"
run_capture mixed "$CMP" "$D/cmp_gbench_old.json" "$D/cmp_gbench_aggr_new.json"
check "samples against aggregates only: no-test" sh -c "test $(rc_of mixed) = 0 &&
    grep -Eq '^BM_Sort/1024 +11\.91 us +17\.38 us .* no-test$' '$T/mixed.out'"

run_capture hf "$CMP" "$D/cmp_hyperfine_old.json" "$D/cmp_hyperfine_new.json"
check "hyperfine: a regression exits 1, nothing on stderr" sh -c "test $(rc_of hf) = 1 && test ! -s '$T/hf.err'"
check "hyperfine: named by command, unused parameters appended as hyperfine does" sh -c "
    grep -Eq '^sleep 0\.01 ' '$T/hf.out' && grep -Eq '^sleep 0\.02 ' '$T/hf.out' &&
    grep -Eq '^sleep \\\$D \(n = 1\) +65\.40 ms +118\.5 ms .* regression$' '$T/hf.out' &&
    grep -Eq '^sleep \\\$D \(n = 2\) .* regression$' '$T/hf.out'"
run_capture hfcsv "$CMP" --format csv "$D/cmp_hyperfine_old.json" "$D/cmp_hyperfine_new.json"
check "hyperfine: 10 runs are 10 samples" grep -q '^sleep \$D (n = 1),.*,10,10,mann-whitney$' "$T/hfcsv.out"
run_capture hffail "$CMP" "$D/cmp_hyperfine_failed.json" "$D/cmp_hyperfine_failed.json"
check "hyperfine -i: failed runs warned about, like # failed: lines" sh -c "test $(rc_of hffail) = 0 &&
    test $(lines_of "$T/hffail.err") = 2 &&
    grep -q '^benchcmp: warning: the old run reports a failed benchmark: exit with 3: 5 of 5 runs failed (exit status 3)$' '$T/hffail.err' &&
    grep -Eq '^exit with 0 ' '$T/hffail.out'"
run_capture nocommon "$CMP" "$D/cmp_base.csv" "$D/cmp_hyperfine_old.json"
check "no benchmark in common: a warning, exit 0" sh -c "test $(rc_of nocommon) = 0 &&
    test $(lines_of "$T/nocommon.err") = 1 &&
    grep -q '^benchcmp: warning: the two files have no benchmark in common (6 old, 4 new)' '$T/nocommon.err'"

# A file written by the hyperfine installed here, compared with the one captured in the tree
# (the same commands): the format has not drifted.  Times are this machine's: any verdict.
if command -v hyperfine >/dev/null 2>&1; then
    (cd "$T" && D=0.05 hyperfine --style none --runs 5 --export-json live.json \
        -P n 1 2 'sleep 0.0{n}' 'sleep $D' >/dev/null 2>&1)
    run_capture live "$CMP" "$D/cmp_hyperfine_old.json" "$T/live.json"
    check "hyperfine $(hyperfine --version | cut -d' ' -f2): its file reads, the same 4 names as the captured one" sh -c "
        test $(rc_of live) -le 1 && test ! -s '$T/live.err' &&
        test \$(grep -Ec '^sleep (0\.0[12]|\\\$D \(n = [12]\)) .*(~|regression|improvement)$' '$T/live.out') = 4"
else
    echo "SKIP: hyperfine is not installed (Debian: apt-get install hyperfine): no file written by it during the test"
fi

# Compact JSON (one line, as jq -c or Python's json.dump write it) reads as the pretty file.
tr -d '\n' <"$D/cmp_gbench_old.json" >"$T/compact_old.json"
run_capture compact "$CMP" "$T/compact_old.json" "$D/cmp_gbench_new.json"
check "compact JSON: the same comparison as the pretty file" sh -c "test $(rc_of compact) = 1 &&
    test $(lines_of "$T/compact_old.json") = 0 && cmp -s '$T/gb.out' '$T/compact.out'"
# 10,000 benchmarks x 5 samples on one 8 MB line: past the CSV line cap, which JSON does not
# have (and large enough for the huge-page buffer of results_read.c).
awk 'BEGIN { printf "{\"context\":{\"host_name\":\"big\"},\"benchmarks\":["
    for (i = 0; i < 50000; i++)
        printf "%s{\"name\":\"family_%d/case_%d\",\"run_name\":\"family_%d/case_%d\",\"run_type\":\"iteration\",\"repetitions\":5,\"iterations\":1000,\"real_time\":%d.5,\"time_unit\":\"ns\"}",
            i ? "," : "", int(i / 5) % 97, int(i / 5), int(i / 5) % 97, int(i / 5), 10 + i % 5
    printf "]}" }' >"$T/big.json"
run_capture big "$CMP" "$T/big.json" "$T/big.json"
check "a one-line JSON file of $(wc -c <"$T/big.json") bytes and 10,000 benchmarks reads" sh -c "
    test $(rc_of big) = 0 && test ! -s '$T/big.err' && test $(lines_of "$T/big.json") = 0 &&
    grep -q 'over 10000 benchmarks in both files; 10000 no-change' '$T/big.out'"

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
check "--format csv header" test "$(head -n 1 "$T/csv.out")" = "name,old_median_ns,new_median_ns,delta_pct,p_value,verdict,ci_low_pct,ci_high_pct,old_samples,new_samples,test"
check "--format csv: a row per benchmark" test "$(lines_of "$T/csv.out")" = 8
check "--format csv: empty fields where a side is missing" grep -q '^added_bench,,9.0064999999999991,,,added,,,,10,$' "$T/csv.out"
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

check "console: a removed benchmark's new side is empty" \
    grep -Eq '^to_be_removed +75\.54 ns +- +- +- +removed$' "$T/slower.out"

# ---- JUnit and HTML -------------------------------------------------------------------------
run_capture junit "$CMP" --format junit "$D/cmp_base.csv" "$D/cmp_slower.csv"
check "--format junit exits 1 on a regression too" test "$(rc_of junit)" = 1
check "--format junit: a test case per benchmark" test "$(grep -c '<testcase ' "$T/junit.out")" = 7
check "--format junit: one failure, the regression, with its numbers in the message" sh -c "
    test \$(grep -c '<failure ' '$T/junit.out') = 1 &&
    grep -q '<testcase name=\"qsort/256\" classname=\"benchcmp\"><failure type=\"regression\" message=\"qsort/256: +29.55% (95% CI +28.94% .. +30.75%), p = 0.000183, median 5.414 us -&gt; 7.014 us, 10 vs 10 samples: regression\">' '$T/junit.out'"
check "--format junit: the quoted name escaped" grep -q 'name="name, with &quot;comma&quot;"' "$T/junit.out"
run_capture junit_warn "$CMP" --format junit "$D/cmp_base.csv" "$D/cmp_other_machine.csv"
check "--format junit: no regression exits 0, warnings in system-err" sh -c "test $(rc_of junit_warn) = 0 &&
    grep -q '<system-err>warning: the files come from different machines' '$T/junit_warn.out'"
run_capture junit_few "$CMP" --format junit "$D/cmp_base.csv" "$D/cmp_rerun.csv"
check "--format junit: too few samples is skipped, not failed" sh -c "
    grep -q 'failures=\"0\" errors=\"0\" skipped=\"1\"' '$T/junit_few.out' &&
    grep -q '<skipped type=\"too-few-samples\" message=\"hash/fnv1a: ' '$T/junit_few.out'"
RC="$top_srcdir/tests/programs/report_check.py"
if command -v "$PY" >/dev/null 2>&1; then
    for j in junit junit_warn junit_few; do
        check "--format junit ($j): the Jenkins schema's and GitLab's rules" "$PY" "$RC" junit "$T/$j.out"
    done
    check "--format junit: statuses as GitLab reads them" sh -c "'$PY' '$RC' junit '$T/junit.out' |
        cut -f1 | sort | uniq -c | tr -s ' ' | tr '\n' ';' | grep -q '^ 1 failure; 2 skipped; 4 success;$'"
else
    echo "SKIP: no python3: JUnit structure not checked"
fi
run_capture html "$CMP" --format html "$D/cmp_base.csv" "$D/cmp_slower.csv"
check "--format html exits 1 on a regression too" test "$(rc_of html)" = 1
check "--format html: benchcmp's verdicts and numbers" sh -c "
    grep -q '<td>+29.55%</td><td>0.000183</td><td>+28.94% .. +30.75%</td><td class=\"n regression\">regression</td>' '$T/html.out' &&
    grep -q '<p class=\"improvement\">-25.40% (95% CI -25.73% .. -24.86%)' '$T/html.out'"
if command -v "$PY" >/dev/null 2>&1; then
    check "--format html: well-formed, self-contained, both distributions drawn" \
        "$PY" "$RC" html "$T/html.out" compare
fi

# ---- named baselines (results/baselines/NAME.csv in the working directory) ------------------
B="$T/bl"
mkdir -p "$B/results/baselines"
run_capture bl_none sh -c "cd '$B' && '$CMP' --list-baselines"
check "--list-baselines with none: exit 0, nothing on stdout, a note" sh -c "test $(rc_of bl_none) = 0 &&
    test ! -s '$T/bl_none.out' && grep -q 'no baselines in results/baselines/' '$T/bl_none.err'"
cp "$D/cmp_base.csv" "$B/results/baselines/main.csv"
cp "$D/cmp_faster.csv" "$B/results/baselines/v1.2-rc_1.csv"
echo 'not a results file' >"$B/results/baselines/broken.csv"
: >"$B/results/baselines/.hidden.csv"
run_capture bl_name sh -c "cd '$B' && '$CMP' main '$D/cmp_slower.csv'"
check "benchcmp NAME NEW: the baseline when no file NAME exists" sh -c "test $(rc_of bl_name) = 1 &&
    cmp -s '$T/slower.out' '$T/bl_name.out'"
run_capture bl_flag sh -c "cd '$B' && '$CMP' --baseline main '$D/cmp_slower.csv'"
check "--baseline NAME NEW" sh -c "test $(rc_of bl_flag) = 1 && cmp -s '$T/slower.out' '$T/bl_flag.out'"
cp "$D/cmp_slower.csv" "$B/main"
run_capture bl_file sh -c "cd '$B' && '$CMP' main '$D/cmp_slower.csv'"
check "a file NAME wins over the baseline NAME" sh -c "test $(rc_of bl_file) = 0 &&
    ! grep -q ' regression$' '$T/bl_file.out'"
run_capture bl_list sh -c "cd '$B' && '$CMP' --list-baselines"
check "--list-baselines: sorted, with date, commit and size; the unreadable one says why" sh -c "
    test $(rc_of bl_list) = 0 && test $(lines_of "$T/bl_list.out") = 3 &&
    sed -n 1p '$T/bl_list.out' | grep -q '^broken  unreadable: results/baselines/broken.csv:' &&
    sed -n 2p '$T/bl_list.out' | grep -q '^main  2026-11-20T10:00:00Z  -  6 benchmarks$' &&
    sed -n 3p '$T/bl_list.out' | grep -q '^v1.2-rc_1  '"
run_capture bl_missing sh -c "cd '$B' && '$CMP' nosuch '$D/cmp_slower.csv'"
check "an unknown name: exit 2 naming both places looked at" sh -c "test $(rc_of bl_missing) = 2 &&
    test $(lines_of "$T/bl_missing.err") = 1 &&
    grep -q '^benchcmp: nosuch: no such file, and no baseline results/baselines/nosuch.csv (see --list-baselines)$' '$T/bl_missing.err'"
run_capture bl_csv sh -c "cd '$B' && '$CMP' nosuch.csv '$D/cmp_slower.csv'"
check "a missing NAME.csv is a missing file" grep -q '^benchcmp: nosuch.csv: No such file or directory$' "$T/bl_csv.err"
run_capture bl_flag_missing sh -c "cd '$B' && '$CMP' --baseline nosuch '$D/cmp_slower.csv'"
check "--baseline of an unknown name: exit 2 naming the flag" sh -c "test $(rc_of bl_flag_missing) = 2 &&
    grep -q '^benchcmp: --baseline: no baseline results/baselines/nosuch.csv (see --list-baselines)$' '$T/bl_flag_missing.err'"
for bad in ../main .hidden 'a b' ''; do
    run_capture bl_bad sh -c "cd '$B' && '$CMP' --baseline '$bad' '$D/cmp_slower.csv'"
    check "--baseline '$bad': not a name, exit 2" sh -c "test $(rc_of bl_bad) = 2 && test $(lines_of "$T/bl_bad.err") = 1 &&
        grep -q '^benchcmp: --baseline: ' '$T/bl_bad.err'"
done
run_capture bl_count sh -c "cd '$B' && '$CMP' --baseline main"
check "--baseline NAME without NEW: exit 2" sh -c "test $(rc_of bl_count) = 2 && grep -q 'takes one results file' '$T/bl_count.err'"

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
usage_error three_files "$D/cmp_base.csv" "$D/cmp_slower.csv" "$D/cmp_faster.csv"
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
{ echo "name,repetitions,samples_ns"; head -c 4194400 /dev/zero | tr '\0' 'x'; echo; } >"$T/long.csv"
bad_input long_line "$T/long.csv" ':2: line longer than 4194304 bytes$'
printf 'hello world\n' >"$T/hello.txt"
bad_input unknown "$T/hello.txt" ': unknown format; the formats read are Google Benchmark JSON, hyperfine JSON, benchrun CSV$'
printf '{"data": [1, 2]}\n' >"$T/other.json"
bad_input unknown_json "$T/other.json" ': JSON of an unknown layout; the formats read are '
printf '{"results": [\n{"command": "x", "times": [1]},\n{"command": "x", "times": [2]}]}\n' >"$T/hf_dup.json"
bad_input hyperfine_duplicate "$T/hf_dup.json" ":3: duplicate benchmark name 'x' \\(first at line 2\\)$"
{ cat "$D/cmp_base.csv"; printf 'x,1,1,1\001\n'; } >"$T/ctrl.csv"
bad_input control_char "$T/ctrl.csv" ':20: binary data \(byte 0x01\)'

finish
