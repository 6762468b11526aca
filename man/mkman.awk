# mkman.awk - a man page from a program's --help and a template, so the page cannot drift from
# --help (which the programs print from their option tables, base/options.h).
#
#   PROGRAM --help | awk -f mkman.awk -v name=benchcmp -v section=1 -v version=0.1.0 \
#       -v date=2026-01-01 -v template=man/benchcmp.1.in > benchcmp.1
#
# --help's layout, as br_options_usage and the programs' usage() print it:
#   usage: PROG ...          the synopsis; indented lines after it continue it
#   text                     the description, up to the first blank line after text
#   "  -x, --flag METAVAR    help"   an option (the help after a run of two spaces)
#   "heading:"               a group of options (ctimeit: "benchrun's flags, ...:")
# The template is roff; these lines in it are replaced:
#   @TH@ the title line, @SYNOPSIS@, @DESCRIPTION@, @OPTIONS@.

# Text for roff: backslashes printed as such, a minus that is a minus (options are copied
# from man pages), no line that starts with a control character.
function roff(s) {
    gsub(/\\/, "\\e", s)
    gsub(/-/, "\\-", s)
    if (s ~ /^[.']/) s = "\\&" s
    return s
}

# "--flag METAVAR, -f METAVAR": flags in bold, metavariables in italics.
function tag(s,    n, i, w, out) {
    n = split(s, w, " ")
    out = ""
    for (i = 1; i <= n; i++) {
        if (w[i] ~ /^-/ || w[i] == "=")
            out = out (i > 1 ? " " : "") "\\fB" roff(w[i]) "\\fR"
        else
            out = out (i > 1 ? " " : "") "\\fI" roff(w[i]) "\\fR"
    }
    return out
}

BEGIN { state = "start"; nsyn = 0; ndesc = 0; nopt = 0 }

state == "start" && /^usage: / { syn[++nsyn] = substr($0, 8); state = "synopsis"; next }
state == "synopsis" && /^ +[^ -]/ { sub(/^ +/, ""); syn[++nsyn] = $0; next }
state == "synopsis" || state == "description" {
    if ($0 ~ /^  -/) { state = "options" }
    else if ($0 == "") { if (ndesc) state = "options"; next }
    else { desc[++ndesc] = $0; state = "description"; next }
}
state == "options" && /^  -/ {
    line = substr($0, 3)
    if (match(line, /  +/)) { t = substr(line, 1, RSTART - 1); h = substr(line, RSTART + RLENGTH) }
    else { t = line; h = "" }
    opt[++nopt] = ".TP\n" tag(t) "\n" roff(h)
    next
}
state == "options" && /:$/ { opt[++nopt] = ".SS " roff($0); next }
state == "options" && /^ *$/ { next }
state == "options" { opt[++nopt] = roff($0); next }

function put_synopsis(    i) {
    for (i = 1; i <= nsyn; i++) print (i > 1 ? ".br\n" : "") roff(syn[i])
}
function put_description(    i) { for (i = 1; i <= ndesc; i++) print roff(desc[i]) }
function put_options(    i) { for (i = 1; i <= nopt; i++) print opt[i] }

END {
    if (!nsyn || !nopt) { print "mkman.awk: " name ": no usage line or no options in --help" > "/dev/stderr"; exit 1 }
    while ((getline line < template) > 0) {
        if (line == "@TH@") printf ".TH %s %s \"%s\" \"benchrun %s\" \"benchrun manual\"\n", toupper(name), section, date, version
        else if (line == "@SYNOPSIS@") put_synopsis()
        else if (line == "@DESCRIPTION@") put_description()
        else if (line == "@OPTIONS@") put_options()
        else print line
    }
}
