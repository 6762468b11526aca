/* atomic_file.c - temporary file + fsync + a rename that does not replace by accident. */
#include "base/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"
#include "base/strbuf.h"

/* "DIR/.benchrun-XXXXXX" next to `path`: same folder, so the rename never crosses file
 * systems; hidden; short, so a target name of any length the folder accepts still works. */
static char *tmp_template(const char *path)
{
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    const char *slash = strrchr(path, '/');
    if (slash) br_strbuf_add(&sb, path, (size_t)(slash - path + 1));
    br_strbuf_adds(&sb, ".benchrun-XXXXXX");
    return br_strbuf_detach(&sb);
}

static const char *kind_of(mode_t m)
{
    return S_ISDIR(m) ? "a directory" : S_ISLNK(m) ? "a symbolic link" : "not a regular file";
}

int br_atomic_file_check(const char *path, int replace)
{
    struct stat st;
    size_t len = strlen(path);
    if (len && path[len - 1] == '/') return br_error("%s: is a directory, not a file name", path);
    if (lstat(path, &st) == 0) {
        if (!S_ISREG(st.st_mode))
            return br_error("%s: is %s; %s writes regular files only", path, kind_of(st.st_mode),
                            br_progname());
        if (!replace) return br_error("%s exists (--force overwrites it)", path);
    }
    struct br_atomic_file probe;
    if (br_atomic_file_open(&probe, path) < 0) return -1;
    br_atomic_file_abort(&probe);
    return 0;
}

int br_atomic_file_open(struct br_atomic_file *af, const char *path)
{
    af->tmp_path = tmp_template(path);
    af->fp = NULL;
    int fd = mkstemp(af->tmp_path);
    if (fd < 0) {
        int e = errno;
        free(af->tmp_path);
        af->tmp_path = NULL;
        return br_error("%s: cannot write there: %s", path, strerror(e));
    }
    /* mkstemp makes 0600; a results file is as readable as any file the user creates */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    af->fp = fdopen(fd, "w");
    if (!af->fp) {
        close(fd);
        br_atomic_file_abort(af);
        return br_error("%s: cannot write there: %s", path, strerror(errno));
    }
    return 0;
}

int br_atomic_file_close(struct br_atomic_file *af, const char *path)
{
    int failed = ferror(af->fp) || fflush(af->fp) != 0 || fsync(fileno(af->fp)) != 0;
    int e = errno;
    if (fclose(af->fp) != 0 && !failed) {
        failed = 1;
        e = errno;
    }
    af->fp = NULL;
    if (!failed) return 0;
    br_atomic_file_abort(af);
    return br_error("%s: write failed, no file written: %s", path, strerror(e ? e : EIO));
}

/* A new name only: renameat2's RENAME_NOREPLACE, or link + unlink where the file system has
 * no such rename.  1 when the name is taken. */
static int place_new(const char *tmp, const char *path)
{
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0) return 0;
    if (errno == EEXIST) return 1;
    if (errno != EINVAL && errno != ENOSYS) return -1;
    if (link(tmp, path) != 0) return errno == EEXIST ? 1 : -1;
    unlink(tmp);
    return 0;
}

int br_atomic_file_place(struct br_atomic_file *af, const char *path, int replace)
{
    struct stat st;
    int rc;
    if (replace && lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        br_atomic_file_abort(af);
        return br_error("%s: is %s; %s writes regular files only, no file written", path,
                        kind_of(st.st_mode), br_progname());
    }
    rc = replace ? rename(af->tmp_path, path) : place_new(af->tmp_path, path);
    if (rc == 1) return 1;
    if (rc < 0) {
        int e = errno;
        br_atomic_file_abort(af);
        return br_error("%s: write failed, no file written: %s", path, strerror(e));
    }
    free(af->tmp_path);
    af->tmp_path = NULL;
    return 0;
}

void br_atomic_file_abort(struct br_atomic_file *af)
{
    if (af->fp) fclose(af->fp);
    if (af->tmp_path) unlink(af->tmp_path);
    free(af->tmp_path);
    af->fp = NULL;
    af->tmp_path = NULL;
}
