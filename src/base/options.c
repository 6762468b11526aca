/* options.c - table-driven option parsing. */
#include "base/options.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"

int br_parse_double(const char *s, double *out)
{
    char *end;
    if (!*s) return -1;
    errno = 0;
    double v = strtod(s, &end);
    if (*end || errno == ERANGE || !isfinite(v)) return -1;
    *out = v;
    return 0;
}

const struct br_option *br_options_find(const struct br_option *t, const char *name, size_t len)
{
    for (; t->name; t++)
        if (strlen(t->name) == len && strncmp(t->name, name, len) == 0) return t;
    return NULL;
}

static int store_number(const struct br_option *o, void *opts, const char *val)
{
    double v;
    if (br_parse_double(val, &v) < 0) return br_error("%s: '%s' is not a number", o->name, val);
    if (o->type != BR_OPT_DOUBLE && v != floor(v))
        return br_error("%s: '%s' is not a whole number", o->name, val);
    if (v < o->min || v > o->max)
        return br_error("%s: %s is out of range (%g to %g)", o->name, val, o->min, o->max);
    char *field = (char *)opts + o->offset;
    if (o->type == BR_OPT_DOUBLE)
        *(double *)field = v;
    else if (o->type == BR_OPT_UINT)
        *(unsigned *)field = (unsigned)v;
    else if (o->type == BR_OPT_UINT64)
        *(uint64_t *)(void *)field = (uint64_t)v;
    else
        *(int *)field = (int)v;
    return 0;
}

/* Choice i's name: from an array of names, or from a table of entries `max` bytes apart
 * (BR_OPT_CHOICE_TABLE). */
static const char *choice(const struct br_option *o, int i)
{
    size_t step = o->max > 0 ? (size_t)o->max : sizeof *o->choices;
    return *(const char *const *)(const void *)((const char *)o->choices + (size_t)i * step);
}

static int store_choice(const struct br_option *o, void *opts, const char *val)
{
    for (int i = 0; choice(o, i); i++) {
        if (strcmp(choice(o, i), val) == 0) {
            *(int *)((char *)opts + o->offset) = i;
            return 0;
        }
    }
    return br_error("%s: unknown value '%s'", o->name, val);
}

static void store_list(struct br_optlist *l, const char *val)
{
    BR_GROW(l->items, l->cap, l->n + 1);
    l->items[l->n++] = (char *)val;
}

void br_optlist_release(struct br_optlist *l)
{
    free(l->items);
    memset(l, 0, sizeof *l);
}

static int store(const struct br_option *o, void *opts, const char *val)
{
    switch (o->type) {
    case BR_OPT_FLAG: *(int *)((char *)opts + o->offset) = 1; return 0;
    case BR_OPT_STRING:
    case BR_OPT_LIST:
        if (!*val) return br_error("%s: empty value", o->name);
        if (o->type == BR_OPT_LIST)
            store_list((struct br_optlist *)((char *)opts + o->offset), val);
        else
            *(const char **)((char *)opts + o->offset) = val;
        return 0;
    case BR_OPT_CHOICE: return store_choice(o, opts, val);
    default: return store_number(o, opts, val);
    }
}

/* Parses one "--name[=value]" at argv[*i], consuming the next argument as the value when
 * needed. */
static int parse_one(const struct br_option *table, void *opts, int argc, char **argv, int *i,
                     unsigned char *given)
{
    const char *arg = argv[*i];
    const char *eq = strchr(arg, '=');
    size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
    const struct br_option *o = br_options_find(table, arg, len);
    if (!o) return br_error("%.*s: unknown option (see --help)", (int)len, arg);
    given[o - table] = 1;
    if (o->type == BR_OPT_FLAG) {
        if (eq) return br_error("%s: takes no value", o->name);
        return store(o, opts, NULL);
    }
    if (eq) return store(o, opts, eq + 1);
    if (*i + 1 >= argc) return br_error("%s: missing value %s", o->name, o->metavar);
    return store(o, opts, argv[++*i]);
}

int br_options_parse(const struct br_option *table, void *opts, int argc, char **argv,
                     const char *passthrough_prefix, struct br_args *args)
{
    size_t nopts = 0;
    while (table[nopts].name) nopts++;
    memset(args, 0, sizeof *args);
    args->positional = br_xcalloc((size_t)argc + 1, sizeof(char *));
    args->passthrough = br_xcalloc((size_t)argc + 1, sizeof(char *));
    args->table = table;
    args->given = br_xcalloc(nopts + 1, 1);
    int only_positional = 0;
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (only_positional || a[0] != '-' || strcmp(a, "-") == 0) {
            args->positional[args->npositional++] = a;
        } else if (strcmp(a, "--") == 0) {
            only_positional = 1;
        } else if (passthrough_prefix &&
                   strncmp(a, passthrough_prefix, strlen(passthrough_prefix)) == 0) {
            args->passthrough[args->npassthrough++] = a;
        } else if (parse_one(table, opts, argc, argv, &i, args->given) < 0) {
            br_args_release(args);
            return -1;
        }
    }
    return 0;
}

void br_args_release(struct br_args *args)
{
    free(args->positional);
    free(args->passthrough);
    free(args->given);
    memset(args, 0, sizeof *args);
}

int br_args_given(const struct br_args *args, const char *name)
{
    for (size_t i = 0; args->table && args->table[i].name; i++)
        if (strcmp(args->table[i].name, name) == 0) return args->given[i];
    BR_ASSERT(!"br_args_given: no such option");
    return 0;
}

/* The default of option `t` as text, from the defaults struct; "" when it has none to show. */
static void default_text(const struct br_option *t, const void *defaults, char *buf, size_t size)
{
    const char *field = (const char *)defaults + t->offset;
    buf[0] = '\0';
    switch (t->type) {
    case BR_OPT_UINT: snprintf(buf, size, "%u", *(const unsigned *)(const void *)field); break;
    case BR_OPT_UINT64:
        snprintf(buf, size, "%llu", (unsigned long long)*(const uint64_t *)(const void *)field);
        break;
    case BR_OPT_INT: snprintf(buf, size, "%d", *(const int *)(const void *)field); break;
    case BR_OPT_DOUBLE: snprintf(buf, size, "%g", *(const double *)(const void *)field); break;
    case BR_OPT_CHOICE:
        snprintf(buf, size, "%s", choice(t, *(const int *)(const void *)field));
        break;
    case BR_OPT_STRING: {
        const char *s = *(const char *const *)(const void *)field;
        if (s) snprintf(buf, size, "%s", s);
        break;
    }
    default: break;
    }
}

void br_options_usage(FILE *out, const struct br_option *t, const void *defaults)
{
    for (; t->name; t++) {
        char dflt[64] = "";
        char left[64];
        snprintf(left, sizeof left, "%s%s%s", t->name, t->metavar ? " " : "",
                 t->metavar ? t->metavar : "");
        fprintf(out, "  %-24s %s", left, t->help);
        if (t->choices) {
            fputs(" (", out);
            for (int i = 0; choice(t, i); i++) fprintf(out, "%s%s", i ? ", " : "", choice(t, i));
            fputc(')', out);
        }
        if (defaults) default_text(t, defaults, dflt, sizeof dflt);
        if (*dflt) fprintf(out, " [default: %s]", dflt);
        fputc('\n', out);
    }
}
