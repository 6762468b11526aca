/* results_out.c - writing results to standard output and to the results file. */
#include "prog/results_out.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/atomic_file.h"
#include "base/error.h"
#include "base/interrupt.h"
#include "base/strbuf.h"
#include "config.h"
#include "format/report.h"
#include "measure/sysinfo.h"

static int write_console(FILE *fp, const struct br_results *r, int color)
{
    struct br_console_opts co = {color};
    return br_report_console(fp, r, &co);
}

static int write_csv(FILE *fp, const struct br_results *r, int color)
{
    (void)color;
    return br_report_csv(fp, r);
}

static int write_json(FILE *fp, const struct br_results *r, int color)
{
    (void)color;
    return br_report_json(fp, r);
}

const struct br_out_format br_out_formats[] = {
    {"console", write_console, 1}, {"csv", write_csv, 0}, {"json", write_json, 0}, {NULL, NULL, 0}};

const struct br_out_format *br_out_format_find(const char *name)
{
    for (const struct br_out_format *f = br_out_formats; f->name; f++)
        if (strcmp(f->name, name) == 0) return f;
    return NULL;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* "r.csv" -> "r-2.csv": the k-th name tried when the one wanted is taken. */
static char *numbered(const char *path, int k)
{
    struct br_strbuf sb;
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    size_t stem = dot && (!slash || dot > slash + 1) ? (size_t)(dot - path) : strlen(path);
    br_strbuf_init(&sb);
    br_strbuf_add(&sb, path, stem);
    br_strbuf_addf(&sb, "-%d%s", k, path + stem);
    return br_strbuf_detach(&sb);
}

int br_results_out_check(const char *flag, const char *path, int replace)
{
    if (br_atomic_file_check(path, replace) == 0) return 0;
    return flag ? br_error_prefix("%s: ", flag) : -1;
}

int br_results_out_save(const char *path, int replace, const struct br_results *r, char **saved_as)
{
    struct br_atomic_file af;
    *saved_as = NULL;
    if (br_atomic_file_open(&af, path) < 0) return -1;
    br_interrupt_set_tmpfile(af.tmp_path); /* a later Ctrl-C removes it */
    signal(SIGXFSZ, SIG_IGN);              /* a file size limit is a write error, not death */
    int rc = br_out_format_find(ends_with(path, ".json") ? "json" : "csv")->write(af.fp, r, 0);
    if (rc < 0) {
        br_atomic_file_abort(&af); /* records no message */
        rc = br_error_prefix("%s: write failed, no file written: ", path);
    } else {
        rc = br_atomic_file_close(&af, path);
    }
    *saved_as = br_xstrdup(path);
    for (int k = 2; rc == 0 && (rc = br_atomic_file_place(&af, *saved_as, replace)) == 1;
         k++, rc = 0) {
        free(*saved_as);
        *saved_as = numbered(path, k);
    }
    br_interrupt_set_tmpfile(NULL);
    return rc;
}

/* The first line `command` prints, or "" (and 0) when it fails. */
static int first_line(const char *command, char *buf, size_t size)
{
    buf[0] = '\0';
    FILE *p = popen(command, "r");
    if (!p) return 0;
    if (!fgets(buf, (int)size, p)) buf[0] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    int ok = pclose(p) == 0;
    if (!ok) buf[0] = '\0';
    return ok;
}

char *br_results_out_default_path(void)
{
    char stamp[32], commit[64];
    time_t now = time(NULL);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", gmtime(&now));
    first_line("git rev-parse --short HEAD 2>/dev/null", commit, sizeof commit);
    if (mkdir("results", 0777) != 0 && errno != EEXIST)
        return br_error("results: cannot create the folder: %s", strerror(errno)), NULL;
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    br_strbuf_addf(&sb, "results/%s%s%s.csv", stamp, *commit ? "-" : "", commit);
    return br_strbuf_detach(&sb);
}

void br_results_out_git_context(struct br_results *r)
{
    char commit[64], status[8];
    if (!first_line("git rev-parse HEAD 2>/dev/null", commit, sizeof commit) || !*commit) return;
    br_results_set(r, "git_commit", commit);
    /* Any change to tracked files, staged or not; untracked files do not make a tree dirty. */
    if (first_line("git status --porcelain --untracked-files=no 2>/dev/null | head -c 1", status,
                   sizeof status))
        br_results_set(r, "git_dirty", *status ? "true" : "false");
}

void br_results_out_context(struct br_results *r, const char *engine, const struct br_clock *clk,
                            int git, int argc, char **argv)
{
    char buf[256];
    time_t now = time(NULL);
    br_results_set(r, "benchrun_version", PACKAGE_VERSION);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    br_results_set(r, "date", buf);
    br_results_set(r, "engine", engine);
    br_sysinfo_collect(r);
    br_results_set(r, "clock", br_clock_describe(clk, buf, sizeof buf));
    if (git) br_results_out_git_context(r);
    struct br_strbuf cmd;
    br_strbuf_init(&cmd);
    for (int i = 0; i < argc; i++) br_strbuf_addf(&cmd, "%s%s", i ? " " : "", argv[i]);
    br_results_set(r, "command", cmd.buf);
    br_strbuf_release(&cmd);
}
