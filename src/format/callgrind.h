/* callgrind.h - reading callgrind's profile files.
 *
 * The format is valgrind's "Callgrind Format Specification" (Callgrind Format, Version 1:
 * valgrind's manual, docs/manual/cl-format.html; /usr/share/doc/valgrind/html/cl-format.html on
 * Debian).  A file is header lines (`events: Ir Dr ...`, `positions: line`, `summary: ...`)
 * and a body of position specifications (`ob=`, `fl=`, `fi=`, `fe=`, `fn=`, and for calls
 * `cob=`, `cfi=`/`cfl=`, `cfn=`), cost lines (subpositions, then one count per event, missing
 * ones zero; a subposition may be relative: `+3`, `-2`, `*`) and call specifications
 * (`calls=COUNT TARGET` followed by a cost line holding the call's inclusive cost).  Names may
 * be compressed: `fn=(12) name` defines id 12, `fn=(12)` refers to it, one table per kind
 * (objects: ob, cob; files: fl, fi, fe, cfi, cfl; functions: fn, cfn), as callgrind_annotate
 * and KCachegrind read them.
 *
 * Two uses:
 *   - the count of one batch: the `summary:` line, the cost of everything collected in the
 *     dump - which, the spec says, may exceed the sum of the cost lines (functions still
 *     active when the dump is written have no self cost lines in it yet);
 *   - a profile (--profile): per function its self cost (the sum of its cost lines) and its
 *     inclusive cost (self plus the inclusive costs of its calls to other functions: a call
 *     of a function to itself is inside its self cost already, so not added again; mutual
 *     recursion is counted twice, as by callgrind_annotate), and per source line its self
 *     cost.
 * Functions are told apart by object and name (two static functions of one name in one
 * object are merged).
 */
#ifndef BR_CALLGRIND_H
#define BR_CALLGRIND_H

#include <stddef.h>

/* More events than callgrind writes with every simulation on (Ir, the cache events, the branch
 * events, the system-call events). */
#define BR_CG_MAX_EVENTS 24

struct br_cg_fn {
    const char *name, *object; /* into the file's name tables */
    double self[BR_CG_MAX_EVENTS];
    double inclusive[BR_CG_MAX_EVENTS];
    double calls_in; /* calls into it while collecting: the sum of the `calls=` counts */
};

/* A caller-callee pair: every `calls=` line between the two, added up. */
struct br_cg_call {
    size_t caller, callee; /* indexes in fns */
    double count;          /* calls made while collecting */
    double inclusive[BR_CG_MAX_EVENTS];
};

struct br_cg_line {
    const char *file; /* a source file, "???" without debug information */
    unsigned long line;
    const struct br_cg_fn *fn; /* the first function (in the file's order) with code there */
    double self[BR_CG_MAX_EVENTS];
};

struct br_callgrind {
    char *events[BR_CG_MAX_EVENTS]; /* "Ir", "Dr", ... in the order of the cost lines */
    size_t nevents;
    /* The cost of the whole profile: the `summary:` line, else `totals:`, else the sum of the
     * self costs. */
    double total[BR_CG_MAX_EVENTS];
    struct br_cg_fn *fns; /* every function with a cost line or a call (profile only) */
    size_t nfns;
    struct br_cg_call *calls; /* in the order of their first `calls=` line (profile only) */
    size_t ncalls;
    struct br_cg_line *lines; /* one per (file, line) with a self cost, by file and line
                                 (profile only) */
    size_t nlines;
    void *names; /* the name tables (callgrind.c) */
};

/* The whole file: events, total, functions and lines.  0, or -1 with br_error("NAME:LINE:
 * ...") and `out` released. */
int br_callgrind_parse(const char *name, const char *buf, size_t len, struct br_callgrind *out);
/* The header alone (events and total): what a dump's count needs, without the work of the body
 * - it runs inside valgrind, after every batch.  Falls back to the whole file when the header
 * has no `summary:` line. */
int br_callgrind_parse_total(const char *name, const char *buf, size_t len,
                             struct br_callgrind *out);
/* Reads `path` and parses it (total_only: br_callgrind_parse_total). */
int br_callgrind_read(const char *path, int total_only, struct br_callgrind *out);
/* The index of event `name` ("Ir"), or -1. */
int br_callgrind_event(const struct br_callgrind *cg, const char *name);
void br_callgrind_release(struct br_callgrind *cg);

#endif
