/* results_out.h - where a program's results go: standard output and the results file.
 *
 * Shared by the programs that produce results (benchrun's bench_main, ctimeit), so that a
 * results file is named, written and announced by one rule: written whole or not at all, and
 * never over another file (atomic_file.h).
 */
#ifndef BR_RESULTS_OUT_H
#define BR_RESULTS_OUT_H

#include <stdio.h>

#include "measure/clock.h"
#include "model/results.h"

/* One output format of results: its --format name and its writer (ANSI colours when `color`
 * and the format is for eyes).  A writer returns 0, or -1 with br_error when the stream
 * failed.  A new format is one more entry (docs/ARCHITECTURE.md). */
struct br_out_format {
    const char *name;
    int (*write)(FILE *fp, const struct br_results *r, int color);
    int for_eyes; /* the console: may colour; the others are read by programs */
};
/* benchrun's and ctimeit's --format choices, the default first, ended by a NULL name. */
extern const struct br_out_format br_out_formats[];
/* The entry named `name`; NULL when none is. */
const struct br_out_format *br_out_format_find(const char *name);

/* Before any work, the rule for a results file the user named (benchrun's --out, benchcmp's
 * --out-old and --out-new, ctimeit's --out, benchmerge's -o): a directory, a device or a
 * symbolic link is refused; an existing regular file too, unless `replace` (--force).  0, or
 * -1 with br_error starting with `flag` ("--out: r.csv exists (--force overwrites it)"); no
 * prefix when flag is NULL (a default name). */
int br_results_out_check(const char *flag, const char *path, int replace);

/* Saves `r` under `path` (Google Benchmark JSON when the name ends in .json, else the CSV
 * results file) or - when that name was taken meanwhile and may not be replaced - the first
 * free numbered name ("r.csv", "r-2.csv", ...).  *saved_as is the name used (free() it).  A
 * second Ctrl-C meanwhile removes the temporary.  0, or -1 with br_error ("no file
 * written"). */
int br_results_out_save(const char *path, int replace, const struct br_results *r, char **saved_as);

/* results/DATE[-COMMIT].csv (UTC time; the short git commit inside a work tree), creating
 * results/ in the current folder.  NULL with br_error when the folder cannot be created. */
char *br_results_out_default_path(void);

/* The git_commit and git_dirty context lines, when the program runs inside a git work tree. */
void br_results_out_git_context(struct br_results *r);

/* The context that describes a run: versions, date, engine, the machine (sysinfo.c), the
 * clock, the git context (when `git`), the command line. */
void br_results_out_context(struct br_results *r, const char *engine, const struct br_clock *clk,
                            int git, int argc, char **argv);

#endif
