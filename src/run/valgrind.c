/* valgrind.c - a worker under valgrind's callgrind (see valgrind.h). */
#include "run/valgrind.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/error.h"
#include "measure/instr_counter.h"

#define MISSING                                                                          \
    "valgrind not found on the PATH: instruction counts run under valgrind's callgrind " \
    "(Debian: apt-get install valgrind)"

/* The first executable `name` on the PATH, into path. */
static int on_path(const char *name, char *path, size_t size)
{
    const char *p = getenv("PATH");
    for (p = p ? p : "/usr/bin:/bin"; *p;) {
        size_t n = strcspn(p, ":");
        snprintf(path, size, "%.*s%s%s", (int)n, p, n ? "/" : "./", name);
        if (access(path, X_OK) == 0) return 0;
        p += n + (p[n] == ':');
    }
    return -1;
}

int br_valgrind_find(char *version, size_t size)
{
    char path[PATH_MAX], cmd[PATH_MAX + 32];
    if (on_path("valgrind", path, sizeof path) < 0) return br_error(MISSING);
    /* The path comes from PATH, not from an untrusted file; quoted for the shell all the same. */
    if (strchr(path, '\'')) return br_error("%s: a quote in the path of valgrind", path);
    snprintf(cmd, sizeof cmd, "'%s' --version 2>/dev/null", path);
    FILE *f = popen(cmd, "r");
    int ok = f && fgets(version, (int)size, f) && strncmp(version, "valgrind-", 9) == 0;
    if (f) pclose(f);
    if (!ok) return br_error("%s does not run (%s)", path, MISSING);
    version[strcspn(version, "\r\n")] = '\0';
    return 0;
}

int br_valgrind_self(char *path, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", path, size - 1);
    if (n < 0)
        return br_error("/proc/self/exe: %s (the worker runs this program)", strerror(errno));
    path[n] = '\0';
    return 0;
}

int br_valgrind_prepare(struct br_valgrind_run *v)
{
    const char *tmp = getenv("TMPDIR");
    memset(v, 0, sizeof *v);
    snprintf(v->dir, sizeof v->dir, "%s/benchrun-callgrind-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(v->dir)) return br_error("%s: cannot create it: %s", v->dir, strerror(errno));
    snprintf(v->out, sizeof v->out, "%s/callgrind.out", v->dir);
    snprintf(v->opt_log, sizeof v->opt_log, "--log-file=%s/valgrind.log", v->dir);
    snprintf(v->opt_out, sizeof v->opt_out, "--callgrind-out-file=%s", v->out);
    snprintf(v->env_out, sizeof v->env_out, "%s=%s", BR_CALLGRIND_OUT_ENV, v->out);
    char *const argv[] = {"valgrind",
                          "-q",
                          "--tool=callgrind",
                          v->opt_log,
                          v->opt_out,
                          "--collect-atstart=no",
                          "--instr-atstart=no",
                          "--cache-sim=yes",
                          "--I1=" BR_CALLGRIND_I1,
                          "--D1=" BR_CALLGRIND_D1,
                          "--LL=" BR_CALLGRIND_LL,
                          NULL};
    BR_ASSERT(sizeof argv <= sizeof v->argv);
    memcpy(v->argv, argv, sizeof argv);
    v->env[0] = v->env_out;
    v->wrap = (struct br_exec_wrap){v->argv, v->env, 1};
    return 0;
}

void br_valgrind_log_tail(const struct br_valgrind_run *v, char *buf, size_t size)
{
    char path[PATH_MAX + 32], line[512];
    snprintf(path, sizeof path, "%s/valgrind.log", v->dir);
    FILE *f = fopen(path, "r");
    *buf = '\0';
    while (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        /* its notes about the host's caches are no reason for anything */
        if (*line && !strstr(line, "warning: L3 cache") && !strstr(line, "LL cache:"))
            snprintf(buf, size, "%s", line);
    }
    if (f) fclose(f);
}

/* `from` copied to `to` (a new file), for a rename across file systems. */
static int copy_file(const char *from, const char *to)
{
    char buf[65536];
    size_t n;
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wbx") : NULL;
    int ok = in && out;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0) ok = fwrite(buf, 1, n, out) == n;
    ok = ok && !ferror(in);
    if (out && fclose(out) != 0) ok = 0;
    if (in) fclose(in);
    if (!ok && out) unlink(to);
    return ok ? 0 : -1;
}

int br_valgrind_cleanup(struct br_valgrind_run *v, const char *keep)
{
    int rc = 0;
    if (!*v->dir) return 0;
    if (keep && rename(v->out, keep) != 0 && (errno != EXDEV || copy_file(v->out, keep) != 0))
        rc = br_error("%s: cannot keep callgrind's file there: %s", keep, strerror(errno));
    DIR *d = opendir(v->dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        char path[PATH_MAX + 300];
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        snprintf(path, sizeof path, "%s/%s", v->dir, e->d_name);
        unlink(path);
    }
    if (d) closedir(d);
    rmdir(v->dir);
    *v->dir = '\0';
    return rc;
}
