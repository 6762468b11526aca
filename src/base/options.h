/* options.h - command-line options from a table, for both programs.
 *
 * A program describes its flags once (name, type, where the value goes, accepted range, help)
 * and gets parsing, range checks, one-line errors naming the flag, and --help text from the
 * same table.  Accepts "--name value" and "--name=value"; "--" ends the options.
 */
#ifndef BR_OPTIONS_H
#define BR_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

enum br_opt_type {
    BR_OPT_FLAG,   /* int set to 1 */
    BR_OPT_UINT,   /* unsigned, within [min, max] */
    BR_OPT_UINT64, /* uint64_t, within [min, max] (max at most 2^53: exact as a double) */
    BR_OPT_INT,    /* int, within [min, max] */
    BR_OPT_DOUBLE, /* double, finite, within [min, max] */
    BR_OPT_STRING, /* const char * (points into argv) */
    BR_OPT_CHOICE, /* int: index into `choices` */
    BR_OPT_LIST    /* struct br_optlist: every value of a repeatable flag, in order */
};

/* The values of a BR_OPT_LIST flag (pointers into argv); br_optlist_release frees the array. */
struct br_optlist {
    char **items;
    size_t n, cap;
};
void br_optlist_release(struct br_optlist *l);

struct br_option {
    const char *name; /* "--repetitions" */
    enum br_opt_type type;
    size_t offset;              /* offsetof(options struct, field) */
    double min, max;            /* inclusive range for numbers */
    const char *const *choices; /* BR_OPT_CHOICE: NULL-terminated names (see below) */
    const char *metavar;        /* "N", "SECONDS"; NULL for flags */
    const char *help;
};

/* A BR_OPT_CHOICE entry's min, max and choices for a table whose entries start with their name
 * and end with a NULL name ({name, writer} tables): `max` is then the size of an entry, the
 * step from one name to the next. */
#define BR_OPT_CHOICE_TABLE(table) 0, sizeof(table)[0], &(table)[0].name

struct br_args {
    char **positional; /* non-option arguments, in order */
    size_t npositional;
    char **passthrough; /* arguments starting with `passthrough_prefix`, NULL-terminated */
    size_t npassthrough;
    const struct br_option *table;
    unsigned char *given; /* per table entry: the option was on the command line */
};

/* Parses argv[1..argc) into `opts` through `table` (terminated by an entry with name NULL).
 * Arguments that start with `passthrough_prefix` (may be NULL) are collected, not parsed.
 * 0, or -1 with br_error("--flag: ...") naming the offending flag. */
int br_options_parse(const struct br_option *table, void *opts, int argc, char **argv,
                     const char *passthrough_prefix, struct br_args *args);
void br_args_release(struct br_args *args);
/* Whether option `name` was on the command line (defaults are not "given"). */
int br_args_given(const struct br_args *args, const char *name);
/* Prints one line per option: name, metavar, help, the choices, and - from `defaults`, a
 * struct of the parsed type holding the defaults (may be NULL) - the default value. */
void br_options_usage(FILE *out, const struct br_option *table, const void *defaults);
/* The entry of `table` named by the first `len` bytes of `name` ("--out=x" with len 5), or
 * NULL. */
const struct br_option *br_options_find(const struct br_option *table, const char *name,
                                        size_t len);
/* Parses a number strictly (the whole string, finite).  0 or -1. */
int br_parse_double(const char *s, double *out);

#endif
