/* ctimeit_source.h - the C program ctimeit writes from its command line.
 *
 * Each statement becomes one BENCH_F() block whose body is the statement, named by the
 * statement itself; -d declarations go at file scope, -s set-up into the fixture's setup hook
 * (so it sees the declarations and runs once per statement, outside the timed region), -i
 * headers after a default set.  `#line` directives put the user's text back where the user
 * wrote it, so the compiler's messages name `statement 2:1:9`, `setup:3:1` or `declarations`
 * instead of a line of the generated file; br_ctimeit_explain then quotes the user's line with
 * a caret under them.
 *
 * What a statement's value becomes (br_ctimeit_expression):
 *   - text ending with ';' or '}' is pasted as C statements: nothing is kept, so work whose
 *     result is unused may be optimised away (use bench_keep()/bench_clobber() in it);
 *   - otherwise the part after the last top-level ';' is an expression, and its value is kept
 *     with bench_keep() (unless it is void): the computation happens every iteration, and the
 *     keep's memory clobber makes stores to file-scope variables happen too;
 *   - unless that part begins a statement or a declaration (`for`, `if`, `int x = ...`,
 *     `size_t n = ...`): then it is pasted as statements, with the ';' it lacked.
 *
 * All functions here are pure: they build text.
 */
#ifndef BR_CTIMEIT_SOURCE_H
#define BR_CTIMEIT_SOURCE_H

#include <stddef.h>

#include "base/strbuf.h"

/* Longest benchmark name, in bytes: longer statements are cut and end in "...". */
#define BR_CTIMEIT_NAME_MAX 40

struct br_ctimeit_prog {
    char **headers; /* -i: "zlib.h", "<zlib.h>" or "\"my.h\"" */
    size_t nheaders;
    char **decls; /* -d */
    size_t ndecls;
    char **setups; /* -s */
    size_t nsetups;
    char **stmts; /* the statements */
    size_t nstmts;
    char **names; /* br_ctimeit_names() of stmts */
};

/* Benchmark names for n statements: whitespace runs become one space, an empty statement is
 * "(empty)", a name longer than BR_CTIMEIT_NAME_MAX is cut (on a UTF-8 boundary) and ends in
 * "...", and a name equal to an earlier one gets " #2", " #3", ...  Free with
 * br_ctimeit_names_free. */
char **br_ctimeit_names(char *const *stmts, size_t n);
void br_ctimeit_names_free(char **names, size_t n);

/* Where the kept expression of `stmt` starts (the offset of its first token), or -1 when the
 * statement is pasted as statements (see the top of this file). */
long br_ctimeit_expression(const char *stmt);

enum br_ctimeit_mode {
    BR_CTIMEIT_KEEP, /* the program that runs: expressions kept */
    BR_CTIMEIT_PLAIN /* every user text exactly once, for clean compiler messages */
};

/* Appends the program to `out`.  `path` names the generated lines in #line directives (the
 * file's own name).  The program has its own main(), which names the benchmarks and calls
 * bench_main(). */
void br_ctimeit_generate(struct br_strbuf *out, const struct br_ctimeit_prog *p,
                         enum br_ctimeit_mode mode, const char *path);

/* The compiler's `messages` about `p` in the user's terms, appended to `out`: each message
 * located in a user's text ("statement 2:1:9: error: ...") is followed by that line of the
 * text and a caret under the column, as Python's timeit shows a syntax error; lines naming
 * only ctimeit's own code (its functions, "In file included from" the generated file, whose
 * paths are `internal_paths`, NULL-terminated) are left out. */
void br_ctimeit_explain(struct br_strbuf *out, const char *messages,
                        const struct br_ctimeit_prog *p, char *const *internal_paths);

/* Appends `s` as the contents of a C string literal (no quotes): \ " ? and control bytes
 * escaped. */
void br_ctimeit_add_c_string(struct br_strbuf *out, const char *s);

#endif
