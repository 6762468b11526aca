#!/usr/bin/env bash
# The Debian packages as a user meets them: the committed HEAD (not the working tree) built with
# `dpkg-buildpackage -us -uc -b`, checked by lintian (no error), then installed with apt in a
# new minimal Debian bookworm root (mmdebstrap minbase, plus gcc and pkgconf), where a user's
# BENCH() file is built with README's pkg-config line and run, its results go through benchcmp
# and benchmerge, ctimeit times a statement, and the man pages are where man looks.
# Prints how long each phase took.
#
# Not part of `make check`: it needs root, the build dependencies (debian/control), lintian,
# mmdebstrap and a reachable Debian mirror, and takes minutes; .ci/run runs it as a step of its
# own.
#   tests/tree/debian_package.sh [REPOSITORY]     (default: the repository this script is in)
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then echo "SKIP: the Debian package test (needs root: chroot)"; exit 77; fi
for tool in git dpkg-buildpackage mmdebstrap; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIP: the Debian package test (no $tool: apt-get install git dpkg-dev debhelper mmdebstrap)"
        exit 77
    fi
done
repo=$(cd "${1:-$(dirname "$0")/../..}" && git rev-parse --show-toplevel)
work=$(mktemp -d "${TMPDIR:-/tmp}/benchrun-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
t0=$(date +%s)
phases=""
phase() { # phase NAME SECONDS_SINCE
    phases="$phases
  $(($(date +%s) - $2)) s: $1"
}
report() {
    printf '\n=== Debian package test: phases%s\n  %s s in all\n' "$phases" "$(($(date +%s) - t0))"
}

# ---- build ---------------------------------------------------------------------------------
t=$(date +%s)
mkdir "$work/src"
git -C "$repo" archive HEAD | tar -x -C "$work/src"
# debhelper builds serially unless told: as many jobs as CPUs (CI's step is timed).
export DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-parallel=$(nproc 2>/dev/null || echo 2)}"
if ! (cd "$work/src" && dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1; then
    tail -n 60 "$work/build.log"
    echo "not ok - dpkg-buildpackage -us -uc -b (log above)"
    exit 1
fi
phase "dpkg-buildpackage -us -uc -b" "$t"
ls "$work"/*.deb
echo "ok - dpkg-buildpackage built $(cd "$work" && echo *.deb)"

# ---- lintian -------------------------------------------------------------------------------
if command -v lintian >/dev/null 2>&1; then
    t=$(date +%s)
    lintian --fail-on error --display-info "$work"/*.changes | tee "$work/lintian.log" || {
        echo "not ok - lintian: errors (above)"
        exit 1
    }
    phase "lintian" "$t"
    echo "ok - lintian: no error ($(grep -c '^W:' "$work/lintian.log" || true) warnings)"
else
    echo "SKIP: lintian (no lintian: apt-get install lintian)"
fi

# ---- a new machine: install, build a user's file, run -------------------------------------
mkdir "$work/in"
cp "$work"/*.deb "$repo/tests/fixtures/user_bench.c" "$work/in/"
cat >"$work/in/user.sh" <<'USER'
#!/bin/sh
# As a user on the new machine: the documented build line, a run, the other programs.
set -eux
cd /tmp/in
cc -O2 user_bench.c $(pkg-config --cflags --libs benchrun) -o my_bench
./my_bench --list | tee list
test "$(cat list)" = "$(printf 'user_memset/16\nuser_memset/256\nuser_strlen')"
./my_bench --quiet --repetitions 3 --min-time 0.0005 --warmup 0 --shard 1/2 --out s1.csv
./my_bench --quiet --repetitions 3 --min-time 0.0005 --warmup 0 --shard 2/2 --out s2.csv
benchmerge s1.csv s2.csv -o merged.csv
test "$(grep -c '^user_' merged.csv)" = 3
benchcmp --fail-on none merged.csv merged.csv
benchreport merged.csv -o report.html
test -s report.html
XDG_CACHE_HOME=/tmp/cache ctimeit --quiet --repetitions 3 --min-time 0.0005 --warmup 0 'strlen("hello")'
for page in benchrun.1 benchcmp.1 benchreport.1 benchmerge.1 ctimeit.1; do
    test -f /usr/share/man/man1/$page.gz
done
test -f /usr/share/man/man3/bench.h.3.gz
ldd "$(command -v benchcmp)" >/dev/null
echo "user test passed"
USER
chmod +x "$work/in/user.sh"
sources=()
for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
    if grep -qs '^[^#]' "$f"; then sources=("$f") && break; fi
done
t=$(date +%s)
# mmdebstrap mounts /proc, /sys and /dev for the hooks and unmounts them, on failure too; the
# root is its own temporary folder, removed at the end (target /dev/null: nothing is kept);
# dpkg skips its fsyncs there (force-unsafe-io: the root is thrown away).
if ! mmdebstrap --variant=minbase --include=gcc,libc6-dev,pkgconf --dpkgopt=force-unsafe-io \
    --customize-hook="copy-in $work/in /tmp" \
    --customize-hook='chroot "$1" sh -c "apt-get install -y -q /tmp/in/*.deb"' \
    --customize-hook='chroot "$1" env -i PATH=/usr/bin:/bin HOME=/root /tmp/in/user.sh' \
    bookworm /dev/null "${sources[@]}" </dev/null >"$work/chroot.log" 2>&1; then
    tail -n 60 "$work/chroot.log"
    echo "not ok - install in a new bookworm root, build and run a user's file (log above)"
    report
    exit 1
fi
phase "new minbase bookworm root, install the packages, a user's build and run" "$t"
grep -E '^(user test passed|user_|benchmark)' "$work/chroot.log" || true
echo "ok - installed in a new bookworm root: a user's BENCH() file built with pkg-config and ran"
report
