/* atomic_file.h - write a file completely or not at all, and never over another file by
 * accident.
 *
 * The content goes to a temporary file in the target's folder (a short name of its own, so
 * any target name that fits the folder works), is flushed and fsync()ed, and only then put in
 * place: a reader never sees a half-written results file, and a failed write (disk full,
 * interrupted run) leaves nothing behind.  Putting it in place never replaces a file that
 * appeared meanwhile unless asked to, and even then only a regular file: never a directory, a
 * device or a symbolic link.
 */
#ifndef BR_ATOMIC_FILE_H
#define BR_ATOMIC_FILE_H

#include <stdio.h>

struct br_atomic_file {
    char *tmp_path; /* the temporary, in the target's folder */
    FILE *fp;       /* write here */
};

/* Before any work: `path` must be creatable (its folder writable) and, when it exists, be
 * replaceable - only with `replace`, and only a regular file.  0, or -1 with br_error naming
 * the path and the reason. */
int br_atomic_file_check(const char *path, int replace);
/* Opens a temporary next to `path`.  0, or -1 with br_error. */
int br_atomic_file_open(struct br_atomic_file *af, const char *path);
/* Flushes, syncs and closes the temporary.  0, or -1 with br_error ("PATH: write failed, no
 * file written: REASON") and the temporary removed. */
int br_atomic_file_close(struct br_atomic_file *af, const char *path);
/* Gives the closed temporary the name `path`: 0 done; 1 when `path` exists and `replace` is 0
 * (the temporary is kept: try another name); -1 with br_error and the temporary removed. */
int br_atomic_file_place(struct br_atomic_file *af, const char *path, int replace);
/* Abandons the write: removes the temporary file. */
void br_atomic_file_abort(struct br_atomic_file *af);

#endif
