/* atomic_file.h - write a file completely or not at all.
 *
 * The content goes to a temporary file in the target's folder, is flushed and fsync()ed, and
 * only then renamed over the target: a reader never sees a half-written results file, and a
 * failed write (disk full, interrupted run) leaves nothing behind.
 */
#ifndef BR_ATOMIC_FILE_H
#define BR_ATOMIC_FILE_H

#include <stdio.h>

struct br_atomic_file {
    char *path;     /* final name */
    char *tmp_path; /* temporary name in the same folder */
    FILE *fp;       /* write here */
};

/* Checks that the folder of `path` is writable by creating (and removing) a probe file there;
 * used before any benchmark runs.  0, or -1 with br_error naming the path. */
int br_atomic_file_check_writable(const char *path);
/* Opens the temporary file.  0, or -1 with br_error. */
int br_atomic_file_open(struct br_atomic_file *af, const char *path);
/* Flushes, syncs and renames.  On any error removes the temporary and returns -1. */
int br_atomic_file_commit(struct br_atomic_file *af);
/* Abandons the write: removes the temporary file. */
void br_atomic_file_abort(struct br_atomic_file *af);

#endif
