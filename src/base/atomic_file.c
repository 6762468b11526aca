/* atomic_file.c - temporary file + fsync + rename. */
#include "base/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/error.h"
#include "base/strbuf.h"

static char *tmp_name(const char *path, const char *tag)
{
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    /* Same folder as the target, so rename() never crosses file systems.  Hidden and tagged
     * with the pid so concurrent runs do not collide. */
    const char *slash = strrchr(path, '/');
    if (slash) br_strbuf_add(&sb, path, (size_t)(slash - path + 1));
    br_strbuf_addf(&sb, ".%s.%s.%ld", slash ? slash + 1 : path, tag, (long)getpid());
    return br_strbuf_detach(&sb);
}

int br_atomic_file_check_writable(const char *path)
{
    char *probe = tmp_name(path, "probe");
    int fd = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) {
        int e = errno;
        free(probe);
        return br_error("%s: cannot write there: %s", path, strerror(e));
    }
    close(fd);
    unlink(probe);
    free(probe);
    return 0;
}

int br_atomic_file_open(struct br_atomic_file *af, const char *path)
{
    af->path = br_xstrdup(path);
    af->tmp_path = tmp_name(path, "tmp");
    int fd = open(af->tmp_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    af->fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!af->fp) {
        int e = errno;
        if (fd >= 0) close(fd);
        br_atomic_file_abort(af);
        return br_error("%s: cannot write there: %s", path, strerror(e));
    }
    return 0;
}

int br_atomic_file_commit(struct br_atomic_file *af)
{
    int failed = ferror(af->fp) || fflush(af->fp) != 0 || fsync(fileno(af->fp)) != 0;
    int e = errno;
    if (fclose(af->fp) != 0 && !failed) {
        failed = 1;
        e = errno;
    }
    af->fp = NULL;
    if (!failed && rename(af->tmp_path, af->path) != 0) {
        failed = 1;
        e = errno;
    }
    if (failed) {
        char *p = br_xstrdup(af->path);
        br_atomic_file_abort(af);
        br_error("%s: write failed, no file written: %s", p, strerror(e ? e : EIO));
        free(p);
        return -1;
    }
    free(af->path);
    free(af->tmp_path);
    af->path = af->tmp_path = NULL;
    return 0;
}

void br_atomic_file_abort(struct br_atomic_file *af)
{
    if (af->fp) fclose(af->fp);
    if (af->tmp_path) unlink(af->tmp_path);
    free(af->path);
    free(af->tmp_path);
    af->fp = NULL;
    af->path = af->tmp_path = NULL;
}
