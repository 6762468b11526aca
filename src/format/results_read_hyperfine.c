/* results_read_hyperfine.c - reading hyperfine's --export-json files into the results model,
 * so that benchcmp gates CI on whole-program timings too (hyperfine itself has no test of a
 * change and no exit status for one).
 *
 * The schema (hyperfine's src/benchmark/benchmark_result.rs, 1.15 as in Debian 12, unchanged
 * since in what is read here):
 *   {"results": [{"command": "...", "mean": s, "stddev": s, "median": s, "user": s,
 *                 "system": s, "min": s, "max": s, "times": [s, ...],
 *                 "exit_codes": [int or null, ...], "parameters": {"name": "value", ...}}, ...]}
 * Each result is one benchmark: its `times` (seconds, one per run) are the samples, in ns; a
 * run is one operation, so iterations is 1.  The summary fields are recomputed, not read.
 *
 * Names: `command` is the command line with the parameters substituted (or the name given
 * with -n).  hyperfine's own reports append the parameters that the command does not use,
 * "sleep $D (n = 2)", so that runs of one command stay apart; the file does not say which are
 * unused, so a parameter whose value does not appear in `command` is taken as unused (right
 * unless a value appears in it by chance; parameters come in the file's order, by name).  Two
 * results with one name are refused, as in every format.
 *
 * Runs with a non-zero exit code (kept with -i) or killed by a signal (null) become a
 * "failed: NAME: ..." context line, which benchcmp warns about like a benchrun failure.  An
 * `exit_codes` of another length than `times` is refused: which runs failed is then unknown.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "format/json_read.h"
#include "format/results_read.h"

struct hyperfine {
    struct br_results *out;
    size_t line; /* where the current result starts */
    int has_command, has_times, has_exit_codes;
    struct br_strbuf command;
    struct br_strbuf params; /* the current result's parameters: "name\0value\0" pairs */
    double *times;
    size_t ntimes, times_cap;
    size_t nruns, nfailed; /* exit codes read, and how many said the run failed */
    int first_code;        /* of the first failed run; -1: killed by a signal */
    size_t *lines;         /* line of each row, for the duplicate check */
    size_t lines_cap;
    int seen_results;
};

static int time_element(struct br_json *j, void *ctx)
{
    struct hyperfine *h = ctx;
    BR_GROW(h->times, h->times_cap, h->ntimes + 1);
    if (br_json_expect(j, "times", BR_JSON_NUMBER) < 0) return -1;
    return br_json_number(j, &h->times[h->ntimes++]);
}

/* A number, or null for a run killed by a signal (no exit code). */
static int exit_code_element(struct br_json *j, void *ctx)
{
    struct hyperfine *h = ctx;
    int word, killed = br_json_peek(j) == 'n';
    double v = 0;
    if (killed ? br_json_literal(j, &word) < 0
               : br_json_expect(j, "exit_codes", BR_JSON_NUMBER) < 0 || br_json_number(j, &v) < 0)
        return -1;
    h->nruns++;
    if (!killed && v == 0) return 0;
    if (h->nfailed++ == 0) h->first_code = killed ? -1 : fabs(v) < 1e9 ? (int)v : 1;
    return 0;
}

static int parameter_member(struct br_json *j, const char *key, void *ctx)
{
    struct hyperfine *h = ctx;
    int c = br_json_peek(j);
    if (c == '{' || c == '[') return br_json_expect(j, key, BR_JSON_STRING);
    if (br_json_scalar_text(j, &j->scratch) < 0) return -1;
    br_strbuf_add(&h->params, key, strlen(key) + 1);
    br_strbuf_add(&h->params, j->scratch.buf, j->scratch.len + 1);
    return 0;
}

static int result_member(struct br_json *j, const char *key, void *ctx)
{
    struct hyperfine *h = ctx;
    if (strcmp(key, "command") == 0) {
        h->has_command = 1;
        return br_json_expect(j, key, BR_JSON_STRING) < 0 ? -1 : br_json_string(j, &h->command);
    }
    if (strcmp(key, "times") == 0) {
        h->has_times = 1;
        return br_json_expect(j, key, BR_JSON_ARRAY) < 0 ? -1 : br_json_array(j, time_element, h);
    }
    if (strcmp(key, "exit_codes") == 0) {
        h->has_exit_codes = 1;
        return br_json_expect(j, key, BR_JSON_ARRAY) < 0 ? -1
                                                         : br_json_array(j, exit_code_element, h);
    }
    if (strcmp(key, "parameters") == 0)
        return br_json_expect(j, key, BR_JSON_OBJECT) < 0 ? -1
                                                          : br_json_object(j, parameter_member, h);
    return br_json_skip(j);
}

/* The command, then " (name = value, ...)" for the parameters it does not show. */
static void name_of(const struct hyperfine *h, struct br_strbuf *name)
{
    const char *p = h->params.buf, *end = p + h->params.len;
    size_t shown = 0;
    br_strbuf_adds(name, h->command.buf);
    while (p < end) {
        const char *key = p, *value = key + strlen(key) + 1;
        p = value + strlen(value) + 1;
        if (strstr(h->command.buf, value)) continue; /* used: its value is in the command */
        br_strbuf_addf(name, "%s%s = %s", shown++ ? ", " : " (", key, value);
    }
    if (shown) br_strbuf_addc(name, ')');
}

/* Seconds to ns, each a finite, non-negative time. */
static int check_times(const struct br_json *j, const struct hyperfine *h)
{
    const char *n = h->command.buf;
    if (!h->has_times || h->ntimes == 0)
        return br_read_fail(j->name, h->line, "'%.80s' has no times", n);
    for (size_t i = 0; i < h->ntimes; i++) {
        double t = h->times[i];
        if (!isfinite(t))
            return br_read_fail(j->name, h->line, "'%.80s': times: %g is not finite", n, t);
        if (!isfinite(t * 1e9)) /* seconds whose count of ns a double cannot hold */
            return br_read_fail(j->name, h->line, "'%.80s': times: %g s is out of range", n, t);
        if (t < 0) return br_read_fail(j->name, h->line, "'%.80s': times: %g is negative", n, t);
        h->times[i] = t * 1e9;
    }
    /* One exit code per run: with fewer, the runs without one could have failed unseen (a
     * truncated or edited file).  A result without exit_codes at all is read as before. */
    if (h->has_exit_codes && h->nruns != h->ntimes)
        return br_read_fail(j->name, h->line, "'%.80s': exit_codes has %zu values, times %zu", n,
                            h->nruns, h->ntimes);
    return 0;
}

static void failed_line(const struct hyperfine *h, const char *name)
{
    struct br_strbuf line;
    br_strbuf_init(&line);
    br_strbuf_addf(&line, "%s: %zu of %zu runs failed (", name, h->nfailed, h->nruns);
    if (h->first_code < 0)
        br_strbuf_adds(&line, "killed by a signal)");
    else
        br_strbuf_addf(&line, "exit status %d)", h->first_code);
    br_results_set(h->out, "failed", line.buf);
    br_strbuf_release(&line);
}

static int add_result(const struct br_json *j, struct hyperfine *h)
{
    struct br_strbuf name;
    if (!h->has_command) return br_read_fail(j->name, h->line, "a result without a command");
    if (!h->command.len) return br_read_fail(j->name, h->line, "empty command");
    if (check_times(j, h) < 0) return -1;
    br_strbuf_init(&name);
    name_of(h, &name);
    br_results_add(h->out, name.buf, 1, h->times, h->ntimes);
    BR_GROW(h->lines, h->lines_cap, h->out->nrows);
    h->lines[h->out->nrows - 1] = h->line;
    if (h->nfailed) failed_line(h, name.buf);
    br_strbuf_release(&name);
    return 0;
}

static int result_element(struct br_json *j, void *ctx)
{
    struct hyperfine *h = ctx;
    if (br_json_peek(j) != '{') return br_json_fail(j, "a result should be an object");
    h->line = j->line;
    h->has_command = h->has_times = h->has_exit_codes = 0;
    h->ntimes = h->nruns = h->nfailed = 0;
    br_strbuf_reset(&h->command);
    br_strbuf_reset(&h->params);
    return br_json_object(j, result_member, h) < 0 ? -1 : add_result(j, h);
}

static int top_member(struct br_json *j, const char *key, void *ctx)
{
    struct hyperfine *h = ctx;
    if (strcmp(key, "results") != 0) return br_json_skip(j);
    h->seen_results = 1;
    return br_json_expect(j, key, BR_JSON_ARRAY) < 0 ? -1 : br_json_array(j, result_element, h);
}

int br_is_hyperfine(const char *buf, size_t len) { return br_json_has_member(buf, len, "results"); }

int br_read_hyperfine(const char *name, const char *buf, size_t len, struct br_results *out)
{
    struct br_json j;
    struct hyperfine h = {.out = out};
    br_json_init(&j, name, buf, len);
    br_strbuf_init(&h.command);
    br_strbuf_init(&h.params);
    int rc = br_json_document(&j, top_member, &h);
    if (rc == 0 && !h.seen_results) rc = br_error("%s: no \"results\" array", name);
    if (rc == 0 && out->nrows == 0) rc = br_error("%s: no results (an empty \"results\")", name);
    if (rc == 0) rc = br_read_check_unique(name, out, h.lines);
    free(h.times);
    free(h.lines);
    br_strbuf_release(&h.command);
    br_strbuf_release(&h.params);
    br_json_release(&j);
    return rc;
}
