/* stream.c - checking streams after writing, and standard output at exit (stream.h). */
#include "base/stream.h"

#include <errno.h>
#include <string.h>

#include "base/error.h"
#include "base/interrupt.h"

/* The reason the first failed write to stdout gave; 0 while none failed. */
static int stdout_errno;

/* Flushes fp: 0, or the errno of the failure (EIO when the error flag was set by an earlier
 * write whose reason is gone). */
static int flush_error(FILE *fp)
{
    int had_error = ferror(fp);
    errno = 0;
    if (fflush(fp) != 0) return errno ? errno : EIO;
    return had_error ? EIO : 0;
}

int br_stream_check(FILE *fp, const char *what)
{
    int e = flush_error(fp);
    if (!e) return 0;
    if (fp == stdout && !stdout_errno) stdout_errno = e;
    return br_error("%s failed: %s", what, strerror(e));
}

static int finish(int status, int close_it)
{
    int e = flush_error(stdout);
    if (close_it) {
        errno = 0;
        if (fclose(stdout) != 0 && !e) e = errno ? errno : EIO;
    }
    if (stdout_errno) e = stdout_errno; /* the first reason: later ones follow from it */
    if (!e) return status;
    fprintf(stderr, "%s: standard output: write failed: %s\n", br_progname(), strerror(e));
    return status == 0 || status == 1 ? BR_EXIT_NOT_SAVED : status;
}

int br_stdout_close(int status) { return finish(status, 1); }
int br_stdout_flush(int status) { return finish(status, 0); }
