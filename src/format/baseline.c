/* baseline.c - names, paths and the list of saved baselines (baseline.h). */
#include "format/baseline.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/error.h"

int br_baseline_name_ok(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > BR_BASELINE_NAME_MAX || name[0] == '.') return 0;
    return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == len;
}

int br_baseline_path(const char *name, char *buf, size_t size)
{
    if (!br_baseline_name_ok(name))
        return br_error("'%s' is not a baseline name (1 to %d letters, digits, '.', '_' or "
                        "'-', not starting with '.')",
                        name, BR_BASELINE_NAME_MAX);
    if ((size_t)snprintf(buf, size, "%s/%s.csv", BR_BASELINE_DIR, name) >= size)
        return br_error("%s: path too long", name);
    return 0;
}

/* Ends in .csv or .json: meant as a file even when it could be a name. */
static int looks_like_file(const char *arg)
{
    size_t len = strlen(arg);
    return (len > 4 && strcmp(arg + len - 4, ".csv") == 0) ||
           (len > 5 && strcmp(arg + len - 5, ".json") == 0);
}

int br_baseline_resolve(const char *arg, char *buf, size_t size)
{
    struct stat st;
    if (stat(arg, &st) == 0 || !br_baseline_name_ok(arg) || looks_like_file(arg)) {
        /* An existing path, or something meant as one: the reader says what is wrong with
         * it. */
        if ((size_t)snprintf(buf, size, "%s", arg) >= size)
            return br_error("%s: path too long", arg);
        return 0;
    }
    if (br_baseline_path(arg, buf, size) < 0) return -1;
    if (stat(buf, &st) != 0)
        return br_error("%s: no such file, and no baseline %s (see --list-baselines)", arg, buf);
    return 0;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* NAME for "NAME.csv" when NAME is a valid baseline name, else NULL. */
static char *baseline_of(const char *file)
{
    size_t len = strlen(file);
    if (len < 5 || strcmp(file + len - 4, ".csv") != 0) return NULL;
    char *name = br_xstrdup(file);
    name[len - 4] = '\0';
    if (br_baseline_name_ok(name)) return name;
    free(name);
    return NULL;
}

int br_baseline_list(char ***names, size_t *n)
{
    size_t cap = 0;
    struct dirent *e;
    *names = NULL;
    *n = 0;
    DIR *d = opendir(BR_BASELINE_DIR);
    if (!d) return errno == ENOENT ? 0 : br_error("%s: %s", BR_BASELINE_DIR, strerror(errno));
    while ((e = readdir(d))) {
        char *name = baseline_of(e->d_name);
        if (!name) continue;
        BR_GROW(*names, cap, *n + 1);
        (*names)[(*n)++] = name;
    }
    closedir(d);
    if (*n) qsort(*names, *n, sizeof **names, cmp_name);
    return 0;
}

void br_baseline_list_release(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}
