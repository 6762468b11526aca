/* stream.h - a write that fails is an error, standard output included.
 *
 * stdio reports a failed write only through ferror() and the return of a later fflush(), and
 * a failed fflush() discards what it could not write, errno with it: a writer that checks its
 * stream once at the end (br_stream_check) must keep the reason, and a program must look at
 * standard output before it exits (br_stdout_close), or `benchcmp ... > /dev/full` reports
 * success with nothing written.  One rule for every writer and every program.
 */
#ifndef BR_STREAM_H
#define BR_STREAM_H

#include <stdio.h>

/* After writing `what` ("writing CSV") to `fp`: flushes it and checks its error flag.  0, or
 * -1 with br_error ("WHAT failed: REASON").  A failure of stdout is also kept for
 * br_stdout_close, which reports it. */
int br_stream_check(FILE *fp, const char *what);

/* The end of a program: flushes and closes standard output.  When any write to it failed,
 * prints one line, "PROGRAM: standard output: write failed: REASON", and returns
 * BR_EXIT_NOT_SAVED in place of a `status` of 0 or 1; else returns `status`. */
int br_stdout_close(int status);
/* The same without closing: for bench_main, after which the user's own main() may print. */
int br_stdout_flush(int status);

#endif
