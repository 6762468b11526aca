/* results_out.h - where a program's results go: standard output and the results file.
 *
 * Shared by the programs that produce results (benchrun's bench_main, ctimeit), so that a
 * results file is named, written and announced by one rule.
 */
#ifndef BR_RESULTS_OUT_H
#define BR_RESULTS_OUT_H

#include <stdio.h>

#include "model/results.h"
#include "prog/benchrun.h"

/* The --format choices in the order of enum benchrun_format, NULL-terminated. */
extern const char *const br_out_formats[];

/* Writes `r` to `fp` in `format`, an enum benchrun_format (ANSI colours on the console when
 * `color`).  0, or -1 with br_error when the stream failed. */
int br_results_out_write(FILE *fp, int format, const struct br_results *r, int color);

/* Saves `r` to `path` completely or not at all (atomic_file.h): Google Benchmark JSON when the
 * name ends in .json, else the CSV results file.  A second Ctrl-C meanwhile removes the
 * temporary.  0, or -1 with br_error. */
int br_results_out_save(const char *path, const struct br_results *r);

/* A new name results/DATE[-COMMIT][-N].csv (UTC time; the short git commit inside a work tree;
 * -N only when the name exists), creating results/ in the current folder.  NULL when the folder
 * cannot be created (errno says why).  free() it. */
char *br_results_out_default_path(void);

#endif
