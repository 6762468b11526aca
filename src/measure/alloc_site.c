/* alloc_site.c - where leaked blocks were allocated, as a person reads it (see alloc.h). */
#include <dlfcn.h>
#include <fcntl.h>
#include <link.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "measure/alloc.h"

extern char **environ;

/* Frames in the runtimes are not the site a user can change: strdup's malloc call is in libc,
 * std::vector's operator new in libstdc++; the site is their caller. */
static int in_runtime(uintptr_t pc)
{
    static const char *const runtimes[] = {"libc.so", "libstdc++.so", "libc++.so", "libgcc_s.so",
                                           "libbenchrun.so"};
    Dl_info info;
    if (!dladdr((void *)(pc - 1), &info) || !info.dli_fname) return 0;
    const char *base = strrchr(info.dli_fname, '/');
    base = base ? base + 1 : info.dli_fname;
    for (size_t i = 0; i < sizeof runtimes / sizeof runtimes[0]; i++)
        if (strncmp(base, runtimes[i], strlen(runtimes[i])) == 0) return 1;
    return 0;
}

static uintptr_t site_of(const uintptr_t *frames)
{
    for (int k = 0; k < BR_ALLOC_FRAMES && frames[k]; k++)
        if (!in_runtime(frames[k])) return frames[k];
    return frames[0];
}

/* The sites seen, with their bytes: a leak has few; beyond SITES the rest are not ranked. */
#define SITES 64
struct tally {
    uintptr_t pc[SITES];
    uint64_t bytes[SITES];
    size_t n;
};

static void add(void *ctx, uint64_t size, const uintptr_t *frames)
{
    struct tally *t = ctx;
    uintptr_t pc = site_of(frames);
    size_t i = 0;
    while (i < t->n && t->pc[i] != pc) i++;
    if (i == t->n) {
        if (t->n == SITES) return;
        t->pc[t->n] = pc, t->bytes[t->n++] = 0;
    }
    t->bytes[i] += size;
}

uintptr_t br_alloc_top_site(uint64_t *bytes)
{
    struct tally t = {{0}, {0}, 0};
    br_alloc_each_live(add, &t);
    size_t best = 0;
    for (size_t i = 1; i < t.n; i++)
        if (t.bytes[i] > t.bytes[best]) best = i;
    *bytes = t.n ? t.bytes[best] : 0;
    return t.n ? t.pc[best] : 0;
}

/* addr2line's answer for `offset` in `module`: its first two lines (the innermost inlined
 * function, and its file:line) into fn and loc; 0, or -1 when it could not run. */
static int addr2line(const char *module, uintptr_t offset, char fn[256], char loc[512])
{
    char hex[32], out[1024];
    snprintf(hex, sizeof hex, "%#lx", (unsigned long)offset);
    char *argv[] = {"addr2line", "-f", "-i", "-C", "-e", (char *)module, hex, NULL};
    int fd[2];
    if (pipe2(fd, O_CLOEXEC) < 0) return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, "addr2line", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fd[1]);
    size_t len = 0;
    for (ssize_t k = 1; rc == 0 && k > 0 && len < sizeof out - 1; len += (size_t)k)
        if ((k = read(fd[0], out + len, sizeof out - 1 - len)) < 0) k = 0;
    close(fd[0]);
    int status = 0;
    if (rc == 0) waitpid(pid, &status, 0);
    out[len] = '\0';
    if (rc != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
    if (sscanf(out, "%255[^\n]\n%511[^\n ]", fn, loc) != 2) return -1;
    return 0;
}

void br_alloc_describe(uintptr_t pc, char *buf, size_t size)
{
    Dl_info info;
    struct link_map *lm = NULL;
    /* pc is a return address: the call is the instruction before it. */
    if (!pc || !dladdr1((void *)(pc - 1), &info, (void **)&lm, RTLD_DL_LINKMAP) || !lm) {
        snprintf(buf, size, "%#lx", (unsigned long)pc);
        return;
    }
    /* The program itself has an empty name in the link map. */
    char exe[512];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[k > 0 ? k : 0] = '\0';
    const char *module = lm->l_name && *lm->l_name ? lm->l_name : exe;
    uintptr_t offset = pc - 1 - lm->l_addr;
    char fn[256], loc[512];
    if (addr2line(module, offset, fn, loc) == 0 && strcmp(fn, "??") != 0) {
        if (strncmp(loc, "??", 2) != 0)
            snprintf(buf, size, "%s (%s)", fn, loc);
        else
            snprintf(buf, size, "%s (%s+%#lx, no -g)", fn, module, (unsigned long)offset);
    } else if (info.dli_sname) {
        snprintf(buf, size, "%s+%#lx (%s)", info.dli_sname,
                 (unsigned long)(pc - (uintptr_t)info.dli_saddr), module);
    } else {
        snprintf(buf, size, "%s+%#lx", module, (unsigned long)offset);
    }
}
