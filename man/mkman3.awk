# mkman3.awk - bench.h(3) from the comments of include/bench.h, so the page says what the header
# says.
#
#   awk -f mkman3.awk -v version=0.1.0 -v date=2026-01-01 -v template=man/bench.h.3.in \
#       include/bench.h > bench.h.3
#
# The header's first comment is the page's NAME ("bench.h - SUMMARY") and DESCRIPTION; every
# later comment that starts a line documents the declaration after it (a #define, a typedef or a
# function), shown as its signature: a function-like macro as NAME(ARGS), a typedef'd struct
# whole, anything else as written.  "---- TITLE ----" comments become subsections.  Names that
# start with BENCH__ are internal and left out.  Comment lines indented by two spaces or more
# are kept as written (examples, field lists); the others are filled text.
# The template's lines @TH@, @NAME@, @DESCRIPTION@ and @API@ are replaced.

function roff(s) {
    gsub(/\\/, "\\e", s)
    gsub(/-/, "\\-", s)
    if (s ~ /^[.']/) s = "\\&" s
    return s
}

# One comment line without its "/*", " *" or "*/": text or preformatted, into buf.
function comment_line(s,    pre) {
    sub(/^\/\*/, "", s); sub(/^ \*\/?/, "", s); sub(/ *\*\/ *$/, "", s)
    if (s ~ /^ *$/) { nlines++; lines[nlines] = ""; kind[nlines] = "blank"; return }
    pre = s ~ /^  /
    sub(/^ /, "", s)
    nlines++; lines[nlines] = s; kind[nlines] = pre ? "pre" : "text"
}

# The comment gathered in lines[] as roff: filled text, .nf blocks, paragraph breaks.
function comment_roff(    i, out, in_pre) {
    out = ""; in_pre = 0
    for (i = 1; i <= nlines; i++) {
        if (kind[i] == "pre" && !in_pre) { out = out ".RS 4\n.nf\n"; in_pre = 1 }
        if (kind[i] != "pre" && in_pre) { out = out ".fi\n.RE\n"; in_pre = 0 }
        if (kind[i] == "blank") { if (i > 1 && i < nlines) out = out ".PP\n" }
        else out = out roff(lines[i]) "\n"
    }
    if (in_pre) out = out ".fi\n.RE\n"
    return out
}

# The signature of the declaration starting at `first` (and the lines read after it).
function signature(first,    s, name) {
    if (first ~ /^#define [A-Za-z_0-9]+\(/) {
        s = first; sub(/^#define /, "", s); sub(/\).*/, ")", s)
        return s
    }
    if (first ~ /^typedef struct [a-z_]+ \{/) {
        s = first
        while ((getline line) > 0) { s = s "\n" line; if (line ~ /^\}/) break }
        return s
    }
    if (first ~ /^#define /) {
        s = first
        while ((getline line) > 0 && line ~ /^#define /) s = s "\n" line
        return s
    }
    sub(/^BENCH_API /, "", first)
    return first
}

function internal(sig) { return sig ~ /^(#define )?BENCH__/ }

BEGIN { state = "top"; napi = 0; desc = ""; summary = "" }

# ---- the first comment: NAME and DESCRIPTION
state == "top" && /^\/\*/ { state = "topcomment"; nlines = 0; next }
state == "topcomment" {
    if ($0 ~ /^ \*\//) {
        # lines[1] is "bench.h - SUMMARY": the rest is the description
        summary = lines[1]; sub(/^[^-]*- */, "", summary); sub(/\.$/, "", summary)
        for (i = 1; i < nlines; i++) { lines[i] = lines[i + 1]; kind[i] = kind[i + 1] }
        nlines--
        while (nlines && kind[1] == "blank") { for (i = 1; i < nlines; i++) { lines[i] = lines[i + 1]; kind[i] = kind[i + 1] } nlines-- }
        desc = comment_roff(); state = "body"; next
    }
    comment_line($0); next
}

# ---- later comments, each with the declaration after it
state == "body" && /^\/\* -+ .* -+ \*\/$/ {
    t = $0; sub(/^\/\* -+ /, "", t); sub(/ -+ \*\/$/, "", t)
    api[++napi] = ".SS \"" toupper(substr(t, 1, 1)) substr(t, 2) "\""
    next
}
state == "body" && /^\/\*/ {
    nlines = 0
    comment_line($0)
    if ($0 !~ /\*\/ *$/) while ((getline line) > 0) { comment_line(line); if (line ~ /\*\/ *$/) break }
    # the declaration: the next line that is not blank or a conditional
    while ((getline line) > 0 && (line ~ /^ *$/ || line ~ /^#(if|ifdef|ifndef|elif|else|endif)/)) ;
    sig = signature(line)
    if (internal(sig)) next
    # a paragraph break between entries, not right after a heading
    sep = napi && api[napi] !~ /^\.SS/ ? ".PP\n" : ""
    api[++napi] = sep ".nf\n" bold_lines(sig) ".fi\n.RS 4\n" comment_roff() ".RE"
    next
}

function bold_lines(s,    n, i, w, out) {
    n = split(s, w, "\n")
    out = ""
    for (i = 1; i <= n; i++) out = out "\\fB" roff(w[i]) "\\fR\n"
    return out
}

function put_api(    i) { for (i = 1; i <= napi; i++) print api[i] }

END {
    if (!summary || !napi) { print "mkman3.awk: no header comment or no documented declaration" > "/dev/stderr"; exit 1 }
    while ((getline line < template) > 0) {
        if (line == "@TH@") printf ".TH BENCH.H 3 \"%s\" \"benchrun %s\" \"benchrun manual\"\n", date, version
        else if (line == "@NAME@") print "bench.h \\- " roff(summary)
        else if (line == "@DESCRIPTION@") printf "%s", desc
        else if (line == "@API@") put_api()
        else print line
    }
}
