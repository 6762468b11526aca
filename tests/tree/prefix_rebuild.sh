#!/bin/sh
# A tree configured again with another --prefix rebuilds what bakes in the prefix (issue 29):
# ctimeit looks for benchrun.pc under the prefix it was built for, and before its paths moved
# into a generated header (Makefile.am: src/prog/ctimeit_paths.h), `./configure --prefix=B &&
# make` in a tree built for A kept ctimeit's object, so the installed ctimeit searched A.  A
# copy of the sources (a configured source tree refuses a VPATH build) is configured for A,
# ctimeit's one object built, configured for B, made again: the object must name B.  Only that
# object is built, not the library, to keep the test short.
. "$top_srcdir/tests/lib.sh"
command -v make >/dev/null 2>&1 || skip_all "reconfiguring a copy" "no make"
mkdir "$T/src" "$T/build"
(cd "$top_srcdir" &&
    { ls configure configure.ac Makefile.am Makefile.in aclocal.m4 config.h.in \
        benchrun.pc.in benchrun-uninstalled.pc.in; find build-aux m4 -type f;
      find src include -name '*.[ch]' -o -name '*.cc'; } | tar -cf - -T -) |
    (cd "$T/src" && tar -xf -) || skip_all "reconfiguring a copy" "cannot copy the sources"
chmod -R u+w "$T/src" # make distcheck's sources are read-only, and the copy would stay behind
obj=src/prog/ctimeit-ctimeit_build.o
# configure PREFIX: configure the build folder for PREFIX (a cache shared by both runs)
configure_for() {
    (cd "$T/build" && "$T/src/configure" -q -C --prefix="$1" --without-gbench) \
        >"$T/configure.log" 2>&1
}
make_obj() { (cd "$T/build" && make "$obj") >"$T/make.log" 2>&1; }

if ! configure_for "$T/pfxA"; then
    cat "$T/configure.log"
    skip_all "reconfiguring a copy" "configure failed in the copy (above)"
fi
check "configured for A: ctimeit's object builds" make_obj
check "and names A's pkg-config folder" grep -aq "$T/pfxA/lib/pkgconfig" "$T/build/$obj"
check "the second configure runs" configure_for "$T/pfxB"
check "made again" make_obj
check "the object names B's pkg-config folder" grep -aq "$T/pfxB/lib/pkgconfig" "$T/build/$obj"
check "and B's include folder" grep -aq "$T/pfxB/include" "$T/build/$obj"
check "and no longer A's" sh -c '! grep -aq "$1/pfxA/" "$2"' _ "$T" "$T/build/$obj"
# the header is replaced only when a path changed: nothing changed, nothing rebuilt
sleep 1
touch "$T/before"
make_obj
check "a make with nothing changed compiles nothing" \
    test -z "$(find "$T/build/$obj" "$T/build/src/prog/ctimeit_paths.h" -newer "$T/before")"
finish
