/* results_out.c - writing results to standard output and to the results file. */
#include "prog/results_out.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "base/interrupt.h"
#include "base/strbuf.h"
#include "format/report.h"

const char *const br_out_formats[] = {"console", "csv", "json", NULL};

int br_results_out_write(FILE *fp, int format, const struct br_results *r, int color)
{
    struct br_console_opts co = {color};
    if (format == FORMAT_JSON) return br_report_json(fp, r);
    if (format == FORMAT_CSV) return br_report_csv(fp, r);
    return br_report_console(fp, r, &co);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

int br_results_out_save(const char *path, const struct br_results *r)
{
    struct br_atomic_file af;
    if (br_atomic_file_open(&af, path) < 0) return -1;
    br_interrupt_set_tmpfile(af.tmp_path); /* a second Ctrl-C removes it */
    int rc = br_results_out_write(af.fp, ends_with(path, ".json") ? FORMAT_JSON : FORMAT_CSV, r, 0);
    if (rc < 0)
        br_atomic_file_abort(&af);
    else
        rc = br_atomic_file_commit(&af);
    br_interrupt_set_tmpfile(NULL);
    return rc;
}

/* Short commit of the git work tree we run in, or "" outside one. */
static void git_commit(char *buf, size_t size)
{
    buf[0] = '\0';
    FILE *p = popen("git rev-parse --short HEAD 2>/dev/null", "r");
    if (!p) return;
    if (!fgets(buf, (int)size, p)) buf[0] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    if (pclose(p) != 0) buf[0] = '\0';
}

char *br_results_out_default_path(void)
{
    char stamp[32], commit[64];
    time_t now = time(NULL);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", gmtime(&now));
    git_commit(commit, sizeof commit);
    if (mkdir("results", 0777) != 0 && errno != EEXIST) return NULL;
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    for (int n = 1;; n++) {
        br_strbuf_reset(&sb);
        br_strbuf_addf(&sb, "results/%s%s%s", stamp, *commit ? "-" : "", commit);
        if (n > 1) br_strbuf_addf(&sb, "-%d", n);
        br_strbuf_adds(&sb, ".csv");
        if (access(sb.buf, F_OK) != 0) break;
    }
    return br_strbuf_detach(&sb);
}
