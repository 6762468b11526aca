/* baseline.h - named baselines: a results file kept under a name, to compare against later.
 *
 * As Criterion's --save-baseline / --baseline: `benchrun --save-baseline NAME` keeps a run as
 * results/baselines/NAME.csv (replaced atomically), `benchcmp --baseline NAME NEW` and
 * `benchcmp NAME NEW` (when no file NAME exists) compare against it.  The folder is relative
 * to the working directory, like the results/ folder benchrun writes.  A name is 1 to 64
 * letters, digits, '.', '_' or '-', not starting with '.', so it is a plain file name on
 * every system and can never reach outside the folder.
 */
#ifndef BR_BASELINE_H
#define BR_BASELINE_H

#include <stddef.h>

#define BR_BASELINE_DIR      "results/baselines"
#define BR_BASELINE_NAME_MAX 64

/* 1 when `name` is a valid baseline name, else 0. */
int br_baseline_name_ok(const char *name);
/* "results/baselines/NAME.csv" into buf.  0, or -1 with br_error for an invalid name. */
int br_baseline_path(const char *name, char *buf, size_t size);
/* A command-line argument that names results: the file itself when it exists (or when it
 * cannot be a name, or ends in .csv or .json), else the saved baseline of that name.  0 with
 * the path in buf, or -1 with br_error naming both places looked at. */
int br_baseline_resolve(const char *arg, char *buf, size_t size);
/* The names of the saved baselines, sorted (none when the folder does not exist).  0, or -1
 * with br_error when the folder cannot be read.  Free with br_baseline_list_release. */
int br_baseline_list(char ***names, size_t *n);
void br_baseline_list_release(char **names, size_t n);

#endif
