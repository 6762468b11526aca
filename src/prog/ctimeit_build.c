/* ctimeit_build.c - the library, the cache and the compiler. */
#include "prog/ctimeit_build.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "base/error.h"
#include "base/hash.h"
#include "config.h"
/* Written by make (Makefile.am): the build tree's program and library, and the install
 * locations, in a header so that a new --prefix rebuilds this file. */
#include "prog/ctimeit_paths.h"

void br_ctimeit_shell_quote(struct br_strbuf *out, const char *s)
{
    br_strbuf_addc(out, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            br_strbuf_adds(out, "'\\''"); /* end the quote, an escaped quote, quote again */
        else
            br_strbuf_addc(out, *s);
    }
    br_strbuf_addc(out, '\'');
}

/* Runs `cmd` with /bin/sh; its standard output, without the final newline, into *out.  The
 * exit status, 128 + signal, or -1 when it could not be started. */
static int capture(const char *cmd, char **out)
{
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    FILE *p = popen(cmd, "r");
    int st = -1;
    if (p) {
        br_strbuf_add_stream(&sb, p);
        st = pclose(p);
    }
    while (sb.len && (sb.buf[sb.len - 1] == '\n' || sb.buf[sb.len - 1] == ' '))
        sb.buf[--sb.len] = '\0';
    *out = br_strbuf_detach(&sb);
    if (st == -1) return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* ---- which library --------------------------------------------------------------------- */

/* This process is the build tree's ctimeit (not an installed copy). */
static int in_build_tree(void)
{
    char self[PATH_MAX], built[PATH_MAX];
    return realpath("/proc/self/exe", self) && realpath(CTIMEIT_BUILD_EXE, built) &&
           strcmp(self, built) == 0;
}

/* PKG_CONFIG_PATH with `dir` first. */
static void pkg_config_path(const char *dir)
{
    const char *old = getenv("PKG_CONFIG_PATH");
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    br_strbuf_adds(&sb, dir);
    if (old && *old) br_strbuf_addf(&sb, ":%s", old);
    setenv("PKG_CONFIG_PATH", sb.buf, 1);
    br_strbuf_release(&sb);
}

/* The one-line reason pkg-config failed: the first package it does not know. */
static int pkg_config_error(const char *lib, const char *dir, char *const *pkgs, size_t npkgs,
                            int status)
{
    if (status == 127 || status < 0)
        return br_error("pkg-config: not found (install it; on Debian: apt-get install "
                        "pkg-config)");
    for (size_t i = 0; i <= npkgs; i++) {
        struct br_strbuf cmd;
        br_strbuf_init(&cmd);
        br_strbuf_adds(&cmd, "pkg-config --exists ");
        br_ctimeit_shell_quote(&cmd, i ? pkgs[i - 1] : lib);
        int rc = system(cmd.buf);
        br_strbuf_release(&cmd);
        if (rc == 0) continue;
        if (!i)
            return br_error("libbenchrun: no %s.pc in %s (run `make install` for this prefix, "
                            "or the build tree's ./ctimeit)",
                            lib, dir);
        return br_error("--pkg %s: pkg-config knows no such package (install its development "
                        "package, or add its .pc folder to PKG_CONFIG_PATH)",
                        pkgs[i - 1]);
    }
    return br_error("pkg-config failed for libbenchrun and the --pkg packages");
}

/* pkg-config --cflags and --libs of libbenchrun and the --pkg packages. */
static int pkg_flags(struct br_ctimeit_build *b, char *const *pkgs, size_t npkgs)
{
    const char *lib = b->in_tree ? "benchrun-uninstalled" : "benchrun";
    const char *dir = b->in_tree ? CTIMEIT_BUILD_PCDIR : CTIMEIT_PCDIR;
    pkg_config_path(dir);
    static const char *const what[] = {"--cflags", "--libs"};
    char **dst[] = {&b->pkg_cflags, &b->pkg_libs};
    for (int k = 0; k < 2; k++) {
        struct br_strbuf cmd;
        br_strbuf_init(&cmd);
        br_strbuf_addf(&cmd, "pkg-config %s %s", what[k], lib);
        for (size_t i = 0; i < npkgs; i++) {
            br_strbuf_addc(&cmd, ' ');
            br_ctimeit_shell_quote(&cmd, pkgs[i]);
        }
        br_strbuf_adds(&cmd, " 2>/dev/null");
        int rc = capture(cmd.buf, dst[k]);
        br_strbuf_release(&cmd);
        if (rc != 0) return pkg_config_error(lib, dir, pkgs, npkgs, rc);
    }
    return 0;
}

/* ---- the cache folder ------------------------------------------------------------------ */

/* mkdir -p, private to the user: the cache holds programs that get run. */
static int make_dirs(char *path)
{
    for (char *p = path + 1;; p++) {
        if (*p && *p != '/') continue;
        char c = *p;
        *p = '\0';
        int rc = mkdir(path, 0700);
        *p = c;
        if (rc != 0 && errno != EEXIST)
            return br_error("cache folder %s: %s", path, strerror(errno));
        if (!c) return 0;
    }
}

/* Why the cache entry `st` describes is not a file this user's ctimeit wrote, or NULL.  The
 * cache holds programs that get run: a link could point anywhere, and a file someone else owns
 * or may write could be anyone's program. */
static const char *foreign(const struct stat *st)
{
    if (S_ISLNK(st->st_mode)) return "a symbolic link";
    if (!S_ISREG(st->st_mode)) return "not a regular file";
    if (st->st_uid != geteuid()) return "owned by another user";
    if (st->st_mode & (S_IWGRP | S_IWOTH)) return "writable by others";
    return NULL;
}

/* The cache folder is used only when it is ours and no one else may write in it, as ssh treats
 * ~/.ssh and git a repository (safe.directory): else anyone could plant a program at a key.
 * 1 trusted; 0 not, with the reason in b->cache_refused; -1 with br_error. */
static int cache_trusted(struct br_ctimeit_build *b)
{
    struct stat st;
    if (stat(b->cache_dir, &st) != 0)
        return br_error("cache folder %s: %s", b->cache_dir, strerror(errno));
    struct br_strbuf why;
    br_strbuf_init(&why);
    if (!S_ISDIR(st.st_mode))
        br_strbuf_adds(&why, "not a folder");
    else if (st.st_uid != geteuid())
        br_strbuf_addf(&why, "owned by uid %lu, not by you (uid %lu)", (unsigned long)st.st_uid,
                       (unsigned long)geteuid());
    else if (st.st_mode & (S_IWGRP | S_IWOTH))
        br_strbuf_addf(&why, "writable by others (mode %04o)", (unsigned)(st.st_mode & 07777));
    b->cache_refused = why.len ? br_strbuf_detach(&why) : NULL;
    br_strbuf_release(&why);
    return b->cache_refused == NULL;
}

static int cache_dir(struct br_ctimeit_build *b)
{
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    if (xdg && xdg[0] == '/') /* the XDG rule: a relative value is ignored */
        br_strbuf_addf(&sb, "%s/ctimeit", xdg);
    else if (home && *home)
        br_strbuf_addf(&sb, "%s/.cache/ctimeit", home);
    b->cache_dir = br_strbuf_detach(&sb);
    if (!*b->cache_dir) return br_error("no cache folder: set HOME or XDG_CACHE_HOME");
    return make_dirs(b->cache_dir) < 0 || cache_trusted(b) < 0 ? -1 : 0;
}

/* ---- the compiler ---------------------------------------------------------------------- */

static int compiler_version(struct br_ctimeit_build *b)
{
    struct br_strbuf cmd;
    br_strbuf_init(&cmd);
    br_strbuf_addf(&cmd, "%s --version 2>/dev/null", b->cc);
    int rc = capture(cmd.buf, &b->compiler);
    br_strbuf_release(&cmd);
    if (rc != 0)
        return br_error("--cc %s: `%s --version` failed (no such compiler?)", b->cc, b->cc);
    b->compiler[strcspn(b->compiler, "\n")] = '\0';
    return 0;
}

/* The file's text; "" when it cannot be read. */
static char *read_text(const char *path)
{
    FILE *f = fopen(path, "r");
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    if (f) {
        br_strbuf_add_stream(&sb, f);
        fclose(f);
    }
    return br_strbuf_detach(&sb);
}

int br_ctimeit_build_init(struct br_ctimeit_build *b, const char *cc, const char *cflags,
                          char *const *pkgs, size_t npkgs, char *const *libs, size_t nlibs)
{
    memset(b, 0, sizeof *b);
    b->bin_fd = -1;
    b->cc = cc;
    b->cflags = cflags;
    b->in_tree = in_build_tree();
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    for (size_t i = 0; i < nlibs; i++) {
        br_strbuf_adds(&sb, " -l");
        br_ctimeit_shell_quote(&sb, libs[i]);
    }
    br_strbuf_adds(&sb, " -lm"); /* math.h is a default header; glibc keeps libm apart */
    b->libs = br_strbuf_detach(&sb);
    b->bench_h =
        read_text(b->in_tree ? CTIMEIT_BUILD_INCLUDEDIR "/bench.h" : CTIMEIT_INCLUDEDIR "/bench.h");
    if (cache_dir(b) < 0 || compiler_version(b) < 0 || pkg_flags(b, pkgs, npkgs) < 0) return -1;
    return 0;
}

void br_ctimeit_build_release(struct br_ctimeit_build *b)
{
    if (b->private_cache) /* the run's own folder: it goes with the run */
        for (char **f = (char *[]){b->bin_path, b->src_path, b->plain_path, NULL}; *f; f++)
            unlink(*f);
    if (b->bin_fd >= 0) close(b->bin_fd);
    char *owned[] = {b->pkg_cflags, b->pkg_libs, b->libs,     b->compiler,   b->bench_h,
                     b->cache_dir,  b->bin_path, b->src_path, b->plain_path, b->cache_refused};
    for (size_t i = 0; i < sizeof owned / sizeof owned[0]; i++) free(owned[i]);
    memset(b, 0, sizeof *b);
}

void br_ctimeit_compile_line(const struct br_ctimeit_build *b, struct br_strbuf *out)
{
    br_strbuf_addf(out, "%s %s %s %s%s", b->cc, b->cflags, b->pkg_cflags, b->pkg_libs, b->libs);
}

static char *cache_path(const struct br_ctimeit_build *b, uint64_t key, const char *suffix)
{
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    br_strbuf_addf(&sb, "%s/%016llx%s", b->cache_dir, (unsigned long long)key, suffix);
    return br_strbuf_detach(&sb);
}

/* Removes the cache entry at `path` when it is foreign(): the reason, or NULL. */
static const char *remove_foreign(const char *path)
{
    struct stat st;
    const char *why = lstat(path, &st) == 0 ? foreign(&st) : NULL;
    if (why) unlink(path); /* a folder stays, and compiling over it fails with its name */
    return why;
}

/* `path` opened without following a link, when it is a program of ours: the descriptor (run
 * with fexecve: the file checked is the file run), else -1 with errno (ENOENT: none there). */
static int open_ours(const char *path)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0) return -1;
    if (fstat(fd, &st) == 0 && !foreign(&st) && (st.st_mode & S_IXUSR)) return fd;
    close(fd);
    errno = EACCES;
    return -1;
}

/* Sets the cache paths from `program`; 1 when its binary is in the cache (in b->bin_fd).  A
 * foreign binary there is removed (its reason in out->replaced), to be compiled anew. */
static int build_key(struct br_ctimeit_build *b, const char *program,
                     struct br_ctimeit_outcome *out)
{
    const char *parts[] = {"ctimeit " PACKAGE_VERSION,
                           b->cc,
                           b->cflags,
                           b->pkg_cflags,
                           b->pkg_libs,
                           b->libs,
                           b->compiler,
                           b->bench_h,
                           program};
    uint64_t h = BR_FNV1A_OFFSET; /* each part with its NUL: parts cannot run into each other */
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        h = br_fnv1a(h, parts[i], strlen(parts[i]) + 1);
    b->bin_path = cache_path(b, h, "");
    b->src_path = cache_path(b, h, ".c");
    b->plain_path = cache_path(b, h, ".plain.c");
    out->replaced = remove_foreign(b->bin_path);
    b->bin_fd = open_ours(b->bin_path);
    return b->bin_fd >= 0;
}

static int write_file(const char *path, const char *text)
{
    struct br_atomic_file af;
    if (br_atomic_file_open(&af, path) < 0) return -1;
    fputs(text, af.fp);
    if (br_atomic_file_close(&af, path) < 0) return -1;
    return br_atomic_file_place(&af, path, 1) < 0 ? -1 : 0;
}

/* Runs a compile command, its messages into err_path: 0, 1 failed, 128 + signal. */
static int run_compiler(struct br_strbuf *cmd, const char *err_path)
{
    br_strbuf_adds(cmd, " 2>");
    br_ctimeit_shell_quote(cmd, err_path);
    int st = system(cmd->buf);
    if (st == -1) return br_error("cannot run the compiler: %s", strerror(errno));
    if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
    if (WEXITSTATUS(st) > 128) return WEXITSTATUS(st); /* the shell saw its child killed */
    return WEXITSTATUS(st) != 0;
}

/* The compiler's output at `tmp`, made private (a umask of 002 would leave it group-writable,
 * which open_ours refuses) and opened into b->bin_fd.  0, or -1 with br_error. */
static int claim_program(struct br_ctimeit_build *b, const char *tmp)
{
    struct stat st;
    int fd = open(tmp, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT)
        return br_error("--cc %s: the compiler reported success but produced no program", b->cc);
    if (fd < 0) return br_error("%s: %s", tmp, strerror(errno));
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) fchmod(fd, st.st_mode & 0755);
    close(fd);
    b->bin_fd = open_ours(tmp);
    if (b->bin_fd < 0)
        return br_error("--cc %s: %s is not an executable file of yours", b->cc, tmp);
    return 0;
}

/* Writes `source` to src_path and compiles it into bin_path, messages into `err_path`. */
static int compile(struct br_ctimeit_build *b, const char *source, const char *err_path)
{
    remove_foreign(b->src_path); /* written anew: only a link or a folder there would matter */
    remove_foreign(b->plain_path);
    if (write_file(b->src_path, source) < 0) return -1;
    struct br_strbuf tmp, cmd;
    br_strbuf_init(&tmp);
    br_strbuf_addf(&tmp, "%s.tmp.%ld", b->bin_path, (long)getpid());
    br_strbuf_init(&cmd);
    br_strbuf_addf(&cmd, "%s %s %s -o ", b->cc, b->cflags, b->pkg_cflags);
    br_ctimeit_shell_quote(&cmd, tmp.buf);
    br_strbuf_addc(&cmd, ' ');
    br_ctimeit_shell_quote(&cmd, b->src_path);
    br_strbuf_addf(&cmd, " %s%s", b->pkg_libs, b->libs);
    int rc = run_compiler(&cmd, err_path);
    if (rc == 0) rc = claim_program(b, tmp.buf);
    /* renamed after the check: the descriptor is the file checked, whatever the name holds */
    if (rc == 0 && rename(tmp.buf, b->bin_path) != 0)
        rc = br_error("%s: %s", b->bin_path, strerror(errno));
    if (rc != 0) unlink(tmp.buf);
    br_strbuf_release(&tmp);
    br_strbuf_release(&cmd);
    return rc;
}

/* Writes `source` to plain_path and checks it (-fsyntax-only), messages into `err_path`. */
static int check(struct br_ctimeit_build *b, const char *source, const char *err_path)
{
    if (write_file(b->plain_path, source) < 0) return -1;
    struct br_strbuf cmd;
    br_strbuf_init(&cmd);
    br_strbuf_addf(&cmd, "%s %s %s -fsyntax-only ", b->cc, b->cflags, b->pkg_cflags);
    br_ctimeit_shell_quote(&cmd, b->plain_path);
    int rc = run_compiler(&cmd, err_path);
    br_strbuf_release(&cmd);
    return rc;
}

static char *join(const char *dir, const char *name)
{
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    br_strbuf_addf(&sb, "%s/%s", dir, name);
    return br_strbuf_detach(&sb);
}

/* The compiler's messages: the plain program's when it has any, else the real compile's. */
static char *messages(struct br_ctimeit_build *b, const struct br_ctimeit_prog *p,
                      const char *tmpdir, const char *err_path)
{
    char *text = read_text(err_path);
    if (!*text) return text;
    struct br_strbuf plain;
    br_strbuf_init(&plain);
    br_ctimeit_generate(&plain, p, BR_CTIMEIT_PLAIN, b->plain_path);
    char *plain_err = join(tmpdir, "plain.err");
    if (check(b, plain.buf, plain_err) >= 0) {
        char *plain_text = read_text(plain_err);
        if (*plain_text) {
            free(text);
            text = plain_text;
        } else {
            free(plain_text);
        }
    }
    unlink(plain_err);
    free(plain_err);
    br_strbuf_release(&plain);
    return text;
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int br_ctimeit_build(struct br_ctimeit_build *b, const struct br_ctimeit_prog *p,
                     const char *tmpdir, struct br_ctimeit_outcome *out)
{
    memset(out, 0, sizeof *out);
    struct br_strbuf src;
    br_strbuf_init(&src);
    /* The real source names itself by its path, which the key decides: key it on a stand-in. */
    br_ctimeit_generate(&src, p, BR_CTIMEIT_KEEP, "ctimeit.c");
    int rc = 0;
    if (b->cache_refused && !b->private_cache) { /* this run's folder, removed after it */
        free(b->cache_dir);
        b->cache_dir = br_xstrdup(tmpdir);
        b->private_cache = 1;
    }
    if (!build_key(b, src.buf, out)) {
        double t0 = seconds_now();
        br_strbuf_reset(&src);
        br_ctimeit_generate(&src, p, BR_CTIMEIT_KEEP, b->src_path);
        char *err_path = join(tmpdir, "cc.err");
        rc = compile(b, src.buf, err_path);
        out->compiled = 1;
        out->seconds = seconds_now() - t0;
        if (rc == 0 || rc == 1) out->messages = messages(b, p, tmpdir, err_path);
        unlink(err_path);
        free(err_path);
    }
    if (!out->messages) out->messages = br_xstrdup("");
    br_strbuf_release(&src);
    return rc;
}
