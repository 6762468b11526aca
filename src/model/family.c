/* family.c - grouping `base/arg` rows into parameter families (family.h). */
#include "model/family.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/options.h"

int br_family_split(const char *name, size_t *base_len, double *arg)
{
    const char *slash = strrchr(name, '/');
    if (!slash || slash == name || br_parse_double(slash + 1, arg) < 0) return 0;
    *base_len = (size_t)(slash - name);
    return 1;
}

static void free_members(struct br_family *f)
{
    free(f->base);
    free(f->rows);
    free(f->args);
}

/* Index of the family with this base, or n. */
static size_t find_base(const struct br_family *f, size_t n, const char *name, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(f[i].base) == len && strncmp(f[i].base, name, len) == 0) return i;
    return n;
}

static void add_member(struct br_family *f, const struct br_row *row, double arg)
{
    f->rows = br_xrealloc(f->rows, (f->n + 1) * sizeof *f->rows);
    f->args = br_xrealloc(f->args, (f->n + 1) * sizeof *f->args);
    size_t i = f->n++;
    for (; i > 0 && f->args[i - 1] > arg; i--) { /* insertion: families are small */
        f->rows[i] = f->rows[i - 1];
        f->args[i] = f->args[i - 1];
    }
    f->rows[i] = row;
    f->args[i] = arg;
}

size_t br_families(const struct br_results *r, struct br_family **out)
{
    struct br_family *f = NULL;
    size_t n = 0, cap = 0, kept = 0;
    for (size_t i = 0; i < r->nrows; i++) {
        size_t len, k;
        double arg;
        if (!br_family_split(r->rows[i].name, &len, &arg)) continue;
        if ((k = find_base(f, n, r->rows[i].name, len)) == n) {
            BR_GROW(f, cap, n + 1);
            f[n] = (struct br_family){br_xstrdup(r->rows[i].name), 0, NULL, NULL};
            f[n++].base[len] = '\0';
        }
        add_member(&f[k], &r->rows[i], arg);
    }
    for (size_t i = 0; i < n; i++) /* a single member is no family */
        if (f[i].n >= 2)
            f[kept++] = f[i];
        else
            free_members(&f[i]);
    if (!kept) {
        free(f);
        f = NULL;
    }
    *out = f;
    return kept;
}

void br_families_release(struct br_family *f, size_t n)
{
    for (size_t i = 0; i < n; i++) free_members(&f[i]);
    free(f);
}
