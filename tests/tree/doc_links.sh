#!/bin/sh
# Every relative link of the Markdown pages (README.md, docs/, tests/README.md) leads somewhere:
# the file or folder exists and, for FILE.md#anchor or #anchor, FILE.md has a heading of that
# anchor.  The README and the user guide in docs/guide/ point at each other and at the man
# pages' sources; a page moved or a heading renamed must not leave a reader on a dead link.
# Anchors as GitHub makes them: the heading's text lowercased, every character but letters,
# digits, spaces, '-' and '_' dropped, spaces turned into '-', and "-1", "-2", ... appended to a
# repeated one.  Links inside code (fenced blocks and `spans`) are not links; http(s):, mailto:
# and other schemes are not checked (no network in a test).
. "$top_srcdir/tests/lib.sh"
export LC_ALL=C

pages=$(cd "$top_srcdir" && find . \( -name '.*' -o -name _build -o -name _inst \
    -o -name autom4te.cache \) ! -name . -prune -o -name '*.md' -type f -print | sed 's|^\./||' |
    sort)

# anchors FILE: the anchor of every heading of FILE, one a line.
anchors() {
    awk '
    function slug(s,    out, i, c) {
        s = tolower(s)
        out = ""
        for (i = 1; i <= length(s); i++) {
            c = substr(s, i, 1)
            if (index("abcdefghijklmnopqrstuvwxyz0123456789-_", c) || c > "~") out = out c
            else if (c == " ") out = out "-"
        }
        return out
    }
    /^ *(```|~~~)/ { fence = !fence; next }
    fence { next }
    /^#+ / {
        h = $0
        sub(/^#+ +/, "", h); sub(/ +#+ *$/, "", h); sub(/ +$/, "", h)
        a = slug(h)
        if (a in seen) { seen[a]++; a = a "-" seen[a] } else seen[a] = 0
        print a
    }' "$1"
}

# links FILE: "LINE TARGET" for every inline link or image and every reference definition.
links() {
    awk '
    /^ *(```|~~~)/ { fence = !fence; next }
    fence { next }
    {
        line = $0
        gsub(/`[^`]*`/, "", line)
        if (match(line, /^ *\[[^]]+\]: +[^ ]+/)) {
            d = substr(line, RSTART, RLENGTH); sub(/^ *\[[^]]+\]: +/, "", d)
            print NR, d
        }
        while (match(line, /\]\([^) ]+( +"[^"]*")?\)/)) {
            t = substr(line, RSTART + 2, RLENGTH - 3)
            sub(/ +".*$/, "", t)
            print NR, t
            line = substr(line, RSTART + RLENGTH)
        }
    }' "$1"
}

nlinks=0
for page in $pages; do
    dir=$(dirname "$page")
    links "$top_srcdir/$page" >"$T/links"
    while read -r line target; do
        case $target in
        *:*) continue ;; # a scheme (https:, mailto:): not a file of the tree
        esac
        nlinks=$((nlinks + 1))
        path=${target%%#*}
        anchor=""
        case $target in *'#'*) anchor=${target#*#} ;; esac
        if [ -z "$path" ]; then
            file=$page
        elif [ "$dir" = . ]; then
            file=$path
        else
            file=$dir/$path
        fi
        where="$page:$line: ($target)"
        if [ ! -e "$top_srcdir/$file" ]; then
            not_ok "$where: no such file $file"
        elif [ -n "$anchor" ] && ! anchors "$top_srcdir/$file" | grep -qxF -- "$anchor"; then
            not_ok "$where: $file has no heading with the anchor #$anchor"
        fi
    done <"$T/links"
done
check "the Markdown pages have relative links to check ($nlinks found)" test "$nlinks" -gt 20
check "README links the user guide" grep -q '(docs/guide/' "$top_srcdir/README.md"
finish
