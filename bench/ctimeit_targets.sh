#!/bin/sh
# ctimeit's targets (issue 18), measured: a benchmark of the tool, not a test; it never fails
# on timing, it prints the numbers.
#
#   bench/ctimeit_targets.sh CTIMEIT [ROUNDS]      (make bench-ctimeit [CTIMEIT_ROUNDS=5])
#
#   1. wall time of `ctimeit 'strlen("hello, world")'`, cold (empty cache: compile + run) and
#      warm (cached binary: run only);
#   2. the 10 ms nanosleep statement: what it reports, and its wall time;
#   3. sqrt(x) against sin(x): the ratio ctimeit reports, against the ratio of two BENCH()
#      blocks of the same code run by a benchrun program built with the same compile line,
#      alternated round by round;
#   4. the zlib --pkg example, cold and warm.
# Run it with an installed ctimeit to check that one: bench/ctimeit_targets.sh PREFIX/bin/ctimeit
set -u
ct=${1:?usage: ctimeit_targets.sh CTIMEIT [ROUNDS]}
rounds=${2:-5}
T=$(mktemp -d "${TMPDIR:-/tmp}/ctimeit-targets.XXXXXX")
trap 'rm -rf "$T"' EXIT
XDG_CACHE_HOME="$T/cache"
export XDG_CACHE_HOME
cd "$T" || exit 1

now() { date +%s.%N; }
# median, min and max of the numbers on stdin, one per line
stats() { sort -g | awk '{ a[NR] = $1 } END { m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2;
    printf "median %.3g (%.3g to %.3g, %d runs)", m, a[1], a[NR], NR }'; }
# seconds a command takes, its output kept in $T/last.out and $T/last.err
timed() { t0=$(now); "$@" >"$T/last.out" 2>"$T/last.err"; t1=$(now); echo "$t1 - $t0" | bc -l; }
# column `median_ns` of row $2 (1-based, in file order) of the CSV results on stdout of $1
median_of_row() { grep -v '^#' "$1" | awk -F, -v row="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "median_ns") c = i }
    NR == row + 1 { print $c }'; }

echo "== 1. ctimeit 'strlen(\"hello, world\")': wall time, cold and warm"
: >"$T/cold"
: >"$T/warm"
for _ in $(seq "$rounds"); do
    rm -rf "$T/cache"
    timed "$ct" 'strlen("hello, world")' >>"$T/cold"
    timed "$ct" 'strlen("hello, world")' >>"$T/warm"
done
echo "cold (compile + run): $(stats <"$T/cold") s"
echo "warm (cached binary): $(stats <"$T/warm") s"
tail -n 1 "$T/last.out"

echo "== 2. ctimeit -i time.h 'nanosleep(&(struct timespec){0, 10000000}, NULL)'"
w=$(timed "$ct" -i time.h 'nanosleep(&(struct timespec){0, 10000000}, NULL)')
echo "$(tail -n 1 "$T/last.out")   wall time $(printf %.2f "$w") s (cold)"

echo "== 3. sqrt(x) vs sin(x): ctimeit's ratio against two BENCH() blocks run by benchrun"
"$ct" --quiet --format csv -d 'double x;' -s 'x = 0.5;' 'sqrt(x)' 'sin(x)' >"$T/ct.csv"
compile=$(sed -n 's/^# ctimeit_compile: //p' "$T/ct.csv")
cat >"$T/blocks.c" <<'EOF'
#include <bench.h>
#include <math.h>
double x;
static void set_x(bench_t *bench) { (void)bench; x = 0.5; }
static const bench_fixture fx = {set_x, NULL, NULL, NULL};
BENCH_F(a_sqrt, fx) { bench_keep(sqrt(x)); }
BENCH_F(b_sin, fx) { bench_keep(sin(x)); }
EOF
# shellcheck disable=SC2086
sh -c "$(echo "$compile" | sed 's/^\([^ ]*\) /\1 -o blocks blocks.c /')" || exit 1
: >"$T/r_ct"
: >"$T/r_br"
for i in $(seq "$rounds"); do
    "$ct" --quiet --format csv -d 'double x;' -s 'x = 0.5;' 'sqrt(x)' 'sin(x)' >"$T/ct.csv"
    ./blocks --quiet --format csv --out "$T/br$i.csv" >"$T/br.csv"
    r1=$(echo "$(median_of_row "$T/ct.csv" 2) / $(median_of_row "$T/ct.csv" 1)" | bc -l)
    r2=$(echo "$(median_of_row "$T/br.csv" 2) / $(median_of_row "$T/br.csv" 1)" | bc -l)
    printf 'round %d: ctimeit sin/sqrt %.3f, benchrun %.3f\n' "$i" "$r1" "$r2"
    echo "$r1" >>"$T/r_ct"
    echo "$r2" >>"$T/r_br"
done
echo "ctimeit:  $(stats <"$T/r_ct")"
echo "benchrun: $(stats <"$T/r_br")"

echo "== 4. ctimeit --pkg zlib -i zlib.h -d 'static unsigned char buf[4096];' 'crc32(0, buf, sizeof buf)'"
if pkg-config --exists zlib 2>/dev/null; then
    zl() { timed "$ct" --pkg zlib -i zlib.h -d 'static unsigned char buf[4096];' \
        'crc32(0, buf, sizeof buf)'; }
    c=$(zl)
    wm=$(zl)
    echo "$(tail -n 1 "$T/last.out")   wall time cold $(printf %.2f "$c") s, warm $(printf %.2f "$wm") s"
else
    echo "SKIP: zlib's pkg-config file is missing (Debian: zlib1g-dev)"
fi
