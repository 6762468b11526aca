/* profile.c - benchrun --profile NAME: where one benchmark's instructions go
 * (measure_instructions.h).
 *
 * The benchmark runs in a worker under callgrind as for --measure instructions, but after
 * calibration its batches are collected and not dumped: callgrind's last dump, written when
 * the worker exits, holds those batches and nothing else (collection is off outside them).
 * That file is kept for KCachegrind and callgrind_annotate, and read here through the
 * format's reader (format/callgrind.h): every number printed is per operation.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/error.h"
#include "format/callgrind.h"
#include "measure/instr_counter.h"
#include "prog/measure_instructions.h"
#include "run/valgrind.h"
#include "run/worker.h"

/* Rows of each table: enough to see past the harness's own frames. */
#define TOP_FUNCTIONS 15
#define TOP_LINES     10

/* results/callgrind.out.NAME-DATE, NAME's slashes made underscores. */
static void default_path(const char *name, char *path, size_t size)
{
    char stamp[32], safe[200];
    time_t now = time(NULL);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", gmtime(&now));
    snprintf(safe, sizeof safe, "%s", name);
    for (char *p = safe; *p; p++) /* a file name without quoting: ctimeit's "strlen(s)" */
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_", *p))
            *p = '_';
    snprintf(path, size, "results/callgrind.out.%s-%s", safe, stamp);
}

/* The worker's batches: calibration, then `samples` collected batches; *ops is how many
 * operations the profile holds.  The worker has exited when it returns BR_WORKER_OK. */
static int run_batches(const struct br_benchrun_opts *o, const char *name,
                       struct br_valgrind_run *vg, double *ops)
{
    struct br_worker w;
    char self[4096];
    double values[BR_NVALUES];
    struct br_msg_start plan = {o->run.iterations,     0,
                                o->run.max_time * 1e9, 0,
                                o->run.repetitions,    o->run.min_repetitions,
                                BR_COUNTER_CALLGRIND,  1,
                                BR_COUNT_MIN_BATCH};
    if (br_valgrind_self(self, sizeof self) < 0 || br_valgrind_prepare(vg) < 0) return -1;
    int rc =
        br_worker_exec_wrapped(&w, &vg->wrap, self, NULL, o->run.timeout * BR_CALLGRIND_SLOWDOWN);
    if (rc == BR_WORKER_OK) rc = br_worker_start(&w, name, &plan);
    for (unsigned i = 0; rc == BR_WORKER_OK && i < o->run.repetitions; i++)
        rc = br_worker_sample(&w, 0, values);
    *ops = (double)w.iterations * o->run.repetitions;
    if (rc == BR_WORKER_OK) br_worker_finish(&w);
    if (rc != BR_WORKER_OK || w.failed) {
        char said[400];
        br_valgrind_log_tail(vg, said, sizeof said);
        br_error("%s: %s%s%s%s", name, w.failed ? w.failed : "interrupted",
                 *said ? " (valgrind: " : "", said, *said ? ")" : "");
        br_worker_release(&w);
        return -1;
    }
    br_worker_release(&w);
    return 0;
}

/* ---- the report ------------------------------------------------------------------------------ */

static int sort_ir; /* the event the tables sort by (qsort has no context argument) */

static int by_inclusive(const void *a, const void *b)
{
    double x = (*(const struct br_cg_fn *const *)a)->inclusive[sort_ir];
    double y = (*(const struct br_cg_fn *const *)b)->inclusive[sort_ir];
    return x < y ? 1 : x > y ? -1 : 0;
}

static int by_self(const void *a, const void *b)
{
    double x = (*(const struct br_cg_fn *const *)a)->self[sort_ir];
    double y = (*(const struct br_cg_fn *const *)b)->self[sort_ir];
    return x < y ? 1 : x > y ? -1 : 0;
}

/* The object's file name: "libc.so.6" of "/usr/lib/x86_64-linux-gnu/libc.so.6". */
static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* The benchmark's loop function (bench.h names it bench__loop_NAME), the one that ran: the
 * root of what the tables show.  NULL when it has no name here (a stripped program). */
static const struct br_cg_fn *loop_function(const struct br_callgrind *cg, int ir)
{
    const struct br_cg_fn *root = NULL;
    for (size_t i = 0; i < cg->nfns; i++)
        if (strncmp(cg->fns[i].name, "bench__loop_", 12) == 0 &&
            (!root || cg->fns[i].inclusive[ir] > root->inclusive[ir]))
            root = &cg->fns[i];
    return root;
}

/* Which functions the tables show: the loop function and every function it reaches through
 * calls - not the harness's frames around the batch, nor the meters'.  Without a loop function,
 * every function with a cost.  shown[i] for cg->fns[i]. */
static char *reached(const struct br_callgrind *cg, const struct br_cg_fn *root, int ir)
{
    char *shown = br_xcalloc(cg->nfns + 1, 1);
    size_t *todo = br_xcalloc(cg->nfns + 1, sizeof *todo), ntodo = 0;
    for (size_t i = 0; !root && i < cg->nfns; i++) shown[i] = cg->fns[i].inclusive[ir] > 0;
    if (root) shown[todo[ntodo++] = (size_t)(root - cg->fns)] = 1;
    while (ntodo) { /* each function enters `todo` once: O(functions x calls) at worst */
        size_t f = todo[--ntodo];
        for (size_t k = 0; k < cg->ncalls; k++)
            if (cg->calls[k].caller == f && !shown[cg->calls[k].callee])
                shown[todo[ntodo++] = cg->calls[k].callee] = 1;
    }
    free(todo);
    return shown;
}

static void function_table(const struct br_callgrind *cg, int ir, double ops, int inclusive)
{
    const struct br_cg_fn **f = br_xcalloc(cg->nfns + 1, sizeof *f);
    char *shown = reached(cg, loop_function(cg, ir), ir);
    size_t n = 0;
    for (size_t i = 0; i < cg->nfns; i++)
        if (shown[i] && (inclusive || cg->fns[i].self[ir] > 0)) f[n++] = &cg->fns[i];
    free(shown);
    sort_ir = ir;
    qsort(f, n, sizeof *f, inclusive ? by_inclusive : by_self);
    printf("\n%s\n%12s %12s %10s  %s\n",
           inclusive ? "by inclusive instructions:" : "by self instructions:",
           inclusive ? "incl/op" : "self/op", inclusive ? "self/op" : "incl/op", "calls/op",
           "function (object)");
    for (size_t i = 0; i < n && i < TOP_FUNCTIONS; i++) {
        double first = inclusive ? f[i]->inclusive[ir] : f[i]->self[ir];
        double second = inclusive ? f[i]->self[ir] : f[i]->inclusive[ir];
        printf("%12.2f %12.2f %10.4g  %s (%s)\n", first / ops, second / ops, f[i]->calls_in / ops,
               f[i]->name, base_name(f[i]->object));
    }
    free(f);
}

/* Line `line` of `file`, trimmed, or "" when it cannot be read. */
static void source_text(const char *file, unsigned long line, char *buf, size_t size)
{
    FILE *f = fopen(file, "r");
    char text[512];
    *buf = '\0';
    for (unsigned long at = 1; f && fgets(text, sizeof text, f); at++) {
        if (at < line) continue;
        char *s = text + strspn(text, " \t");
        s[strcspn(s, "\r\n")] = '\0';
        snprintf(buf, size, "%s", s);
        break;
    }
    if (f) fclose(f);
}

static int line_order(const void *a, const void *b)
{
    double x = (*(const struct br_cg_line *const *)a)->self[sort_ir];
    double y = (*(const struct br_cg_line *const *)b)->self[sort_ir];
    return x < y ? 1 : x > y ? -1 : 0;
}

static void line_table(const struct br_callgrind *cg, int ir, double ops)
{
    const struct br_cg_line **l = br_xcalloc(cg->nlines + 1, sizeof *l);
    size_t n = 0;
    for (size_t i = 0; i < cg->nlines; i++)
        if (cg->lines[i].line > 0 && cg->lines[i].self[ir] > 0) l[n++] = &cg->lines[i];
    sort_ir = ir;
    qsort(l, n, sizeof *l, line_order);
    printf("\nhottest source lines (self instructions per operation):\n");
    if (!n) printf("  no line information: build the benchmarks with -g\n");
    for (size_t i = 0; i < n && i < TOP_LINES; i++) {
        char text[160];
        source_text(l[i]->file, l[i]->line, text, sizeof text);
        printf("%12.2f  %s:%lu  %s  [%s]\n", l[i]->self[ir] / ops, l[i]->file, l[i]->line, text,
               l[i]->fn->name);
    }
    free(l);
}

static int report(const char *name, const char *path, double ops, const struct br_counting *c)
{
    struct br_callgrind cg;
    if (br_callgrind_read(path, 0, &cg) < 0) return -1;
    int ir = br_callgrind_event(&cg, "Ir");
    if (ir < 0 || !(ops > 0)) {
        br_callgrind_release(&cg);
        return br_error("%s: no instruction counts (Ir) in it", path);
    }
    const struct br_cg_fn *root = loop_function(&cg, ir);
    printf("profile of %s under callgrind (%s), %.0f operations; per operation: %.2f "
           "instructions in the benchmark's loop, %.2f collected with the harness's per-batch "
           "cost\n",
           name, c->version, ops, root ? root->inclusive[ir] / ops : NAN, cg.total[ir] / ops);
    function_table(&cg, ir, ops, 1);
    function_table(&cg, ir, ops, 0);
    line_table(&cg, ir, ops);
    printf("\ncallgrind file: %s (kcachegrind %s; callgrind_annotate %s)\n", path, path, path);
    br_callgrind_release(&cg);
    return 0;
}

int br_profile_main(const struct br_benchrun_opts *o, const struct br_registry *reg,
                    const struct br_counting *c)
{
    struct br_valgrind_run vg;
    char keep[4096];
    double ops = 0;
    size_t i = 0;
    while (i < reg->n && strcmp(reg->benches[i].name, o->profile) != 0) i++;
    if (i == reg->n)
        return fprintf(stderr, "benchrun: --profile: no benchmark named '%s' (see --list)\n",
                       o->profile),
               2;
    if (o->out && !o->force && access(o->out, F_OK) == 0)
        return fprintf(stderr, "benchrun: --out: %s exists (--force overwrites it)\n", o->out), 2;
    if (o->out)
        snprintf(keep, sizeof keep, "%s", o->out);
    else if (mkdir("results", 0777) == 0 || errno == EEXIST)
        default_path(o->profile, keep, sizeof keep);
    else
        return fprintf(stderr, "benchrun: results: cannot create the folder: %s\n",
                       strerror(errno)),
               3;
    memset(&vg, 0, sizeof vg);
    int rc = run_batches(o, o->profile, &vg, &ops);
    if (br_valgrind_cleanup(&vg, rc == 0 ? keep : NULL) < 0) rc = -1;
    if (rc == 0) rc = report(o->profile, keep, ops, c);
    if (rc < 0) fprintf(stderr, "benchrun: --profile: %s\n", br_errmsg());
    return rc < 0 ? 1 : 0;
}
