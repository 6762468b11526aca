/* ctimeit.c - Python's `python -m timeit` for C, measured by benchrun.
 *
 *     ctimeit 'strlen("hello, world")'
 *     ctimeit -d 'double x;' -s 'x = 0.5;' 'sqrt(x)' 'sin(x)'
 *
 * Writes a BENCH() program from the statements (ctimeit_source.h), compiles it into the cache
 * (ctimeit_build.h) and runs it: the program is benchrun over those blocks, so the statements
 * get its calibration, pinning, forked workers and statistics.  The run saves its results to
 * a temporary file, which ctimeit reads, annotates with the compiler and flags, and prints as
 * benchrun's table followed by timeit's summary (ctimeit_report.h).  Nothing is written in the
 * current folder unless --out or --save asks for a results file.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/error.h"
#include "base/interrupt.h"
#include "base/options.h"
#include "base/strbuf.h"
#include "base/stream.h"
#include "config.h"
#include "format/results_read.h"
#include "prog/benchrun_opts.h"
#include "prog/ctimeit_build.h"
#include "prog/ctimeit_report.h"
#include "prog/ctimeit_source.h"
#include "prog/results_out.h"

struct ctimeit_opts {
    struct br_optlist headers, decls, setups, pkgs, libs;
    const char *cc, *cflags, *out;
    int format, save, force, help, version;
};

#define OPT(field) offsetof(struct ctimeit_opts, field)
static const struct br_option ctimeit_options[] = {
    {"-i", BR_OPT_LIST, OPT(headers), 0, 0, NULL, "HEADER",
     "include HEADER too (zlib.h, <zlib.h> or \"my.h\"); repeatable"},
    {"-d", BR_OPT_LIST, OPT(decls), 0, 0, NULL, "DECLARATIONS",
     "file-scope declarations (variables, buffers, functions); repeatable"},
    {"-s", BR_OPT_LIST, OPT(setups), 0, 0, NULL, "SETUP",
     "run once before each statement is timed; sees -d's names; repeatable"},
    {"--pkg", BR_OPT_LIST, OPT(pkgs), 0, 0, NULL, "NAME",
     "compile and link with pkg-config's flags for NAME; repeatable"},
    {"-l", BR_OPT_LIST, OPT(libs), 0, 0, NULL, "LIB", "link with -lLIB; repeatable"},
    {"--cc", BR_OPT_STRING, OPT(cc), 0, 0, NULL, "CC", "compiler command (default: $CC, else cc)"},
    {"--cflags", BR_OPT_STRING, OPT(cflags), 0, 0, NULL, "FLAGS",
     "compiler flags (default -O2; no -march=native: portable code)"},
    {"--format", BR_OPT_CHOICE, OPT(format), BR_OPT_CHOICE_TABLE(br_out_formats), "FORMAT",
     "standard output; with csv, json the summary goes to stderr"},
    {"--out", BR_OPT_STRING, OPT(out), 0, 0, NULL, "FILE",
     "save the results (.json: Google Benchmark JSON, else CSV); default none"},
    {"--save", BR_OPT_FLAG, OPT(save), 0, 0, NULL, NULL,
     "save the results to results/DATE[-COMMIT].csv"},
    {"--force", BR_OPT_FLAG, OPT(force), 0, 0, NULL, NULL, "let --out overwrite an existing file"},
    {"--help", BR_OPT_FLAG, OPT(help), 0, 0, NULL, NULL, "this help"},
    {"--version", BR_OPT_FLAG, OPT(version), 0, 0, NULL, NULL, "print the version"},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL}};

/* timeit's spellings of benchrun's flags, so timeit users' habits work. */
static const struct {
    const char *alias, *name;
} aliases[] = {{"--repeat", "--repetitions"},
               {"-r", "--repetitions"},
               {"--number", "--iterations"},
               {"-n", "--iterations"}};

/* The command line, sorted: ctimeit's own flags, the run's (benchrun's, checked here before
 * anything is compiled, passed on to the program) and the statements. */
struct cmdline {
    struct ctimeit_opts o;
    struct br_benchrun_opts run_opts;
    struct br_args args, run_args;
    char **mine, **run, **stmts;
    int nmine, nrun;
    size_t nstmts;
};

static const char *alias_of(const char *arg, size_t len)
{
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strlen(aliases[i].alias) == len && strncmp(arg, aliases[i].alias, len) == 0)
            return aliases[i].name;
    return NULL;
}

/* One flag at argv[*i] (and its value) to ctimeit's list or the run's. */
static int sort_flag(struct cmdline *c, int argc, char **argv, int *i)
{
    char *a = argv[*i];
    size_t len = strcspn(a, "=");
    const char *alias = alias_of(a, len);
    const struct br_option *o = br_options_find(ctimeit_options, a, len);
    int mine = o != NULL;
    if (!o)
        o = br_options_find(br_benchrun_options, alias ? alias : a, alias ? strlen(alias) : len);
    if (!o && strncmp(a, "--benchmark_", 12) != 0)
        return br_error("%.*s: unknown option (see --help)", (int)len, a);
    char **dst = mine ? c->mine : c->run;
    int *n = mine ? &c->nmine : &c->nrun;
    dst[(*n)++] = alias ? (char *)alias : a;
    if (alias && a[len]) dst[(*n)++] = a + len + 1; /* --repeat=5: "--repetitions" "5" */
    if (o && o->type != BR_OPT_FLAG && !a[len] && *i + 1 < argc) dst[(*n)++] = argv[++*i];
    return 0;
}

static int split(struct cmdline *c, int argc, char **argv)
{
    c->mine = br_xcalloc((size_t)argc + 1, sizeof *c->mine);
    c->run = br_xcalloc(2 * (size_t)argc + 4, sizeof *c->run); /* + --out FILE */
    c->stmts = br_xcalloc((size_t)argc + 1, sizeof *c->stmts);
    c->mine[c->nmine++] = c->run[c->nrun++] = argv[0];
    int only_statements = 0;
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (only_statements || a[0] != '-' || strcmp(a, "-") == 0)
            c->stmts[c->nstmts++] = a;
        else if (strcmp(a, "--") == 0)
            only_statements = 1;
        else if (sort_flag(c, argc, argv, &i) < 0)
            return -1;
    }
    return 0;
}

/* Flags that parse one by one but not together. */
static int check_combination(const struct cmdline *c)
{
    const struct ctimeit_opts *o = &c->o;
    if (!c->nstmts) return br_error("no statement to time (see --help)");
    if (o->save && o->out) return br_error("--save: --out FILE names the results file already");
    if (o->force && !o->out) return br_error("--force: only meaningful with --out FILE");
    return o->out ? br_results_out_check("--out", o->out, o->force) : 0;
}

static int parse_cmdline(struct cmdline *c, int argc, char **argv)
{
    memset(c, 0, sizeof *c);
    if (split(c, argc, argv) < 0 ||
        br_options_parse(ctimeit_options, &c->o, c->nmine, c->mine, NULL, &c->args) < 0)
        return -1;
    if (c->o.help || c->o.version) return 0;
    if (br_benchrun_parse(&c->run_opts, c->nrun, c->run, &c->run_args) < 0) return -1;
    if (!c->o.cc) c->o.cc = getenv("CC") && *getenv("CC") ? getenv("CC") : "cc";
    if (!c->o.cflags) c->o.cflags = "-O2";
    return check_combination(c);
}

static void cmdline_release(struct cmdline *c)
{
    struct br_optlist *lists[] = {&c->o.headers, &c->o.decls, &c->o.setups, &c->o.pkgs, &c->o.libs};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) br_optlist_release(lists[i]);
    br_args_release(&c->args);
    br_args_release(&c->run_args);
    free(c->mine);
    free(c->run);
    free(c->stmts);
}

static void usage(FILE *out)
{
    fputs("usage: ctimeit [-i HEADER]... [-d DECLARATIONS] [-s SETUP] [--pkg NAME]... [-l LIB]...\n"
          "               [--cc CC] [--cflags FLAGS] [benchrun's flags] [--] STATEMENT...\n"
          "Times C statements as Python's timeit does, with benchrun: each statement is one\n"
          "benchmark; an expression's value is kept (bench_keep), text ending in ';' or '}'\n"
          "is pasted as statements.  Compiled programs are cached in $XDG_CACHE_HOME/ctimeit\n"
          "(default ~/.cache/ctimeit); nothing is written here without --out or --save.\n\n",
          out);
    br_options_usage(out, ctimeit_options, NULL);
    fputs("  --repeat N, -r N         = --repetitions N (timeit's spelling)\n"
          "  --number N, -n N         = --iterations N: loops per sample, no calibration\n"
          "\nbenchrun's flags, passed to the run:\n",
          out);
    size_t n = 0;
    while (br_benchrun_options[n].name) n++;
    struct br_option *theirs = br_xcalloc(n + 1, sizeof *theirs);
    for (size_t i = 0, k = 0; i < n; i++) /* without those ctimeit answers itself */
        if (!br_options_find(ctimeit_options, br_benchrun_options[i].name,
                             strlen(br_benchrun_options[i].name)))
            theirs[k++] = br_benchrun_options[i];
    struct br_benchrun_opts d;
    br_benchrun_defaults(&d);
    br_options_usage(out, theirs, &d);
    free(theirs);
}

/* ---- the run ----------------------------------------------------------------------------- */

/* Copies the program's stderr to ours line by line, but for the line `drop`: how many. */
static int relay(int fd, const char *drop)
{
    FILE *in = fdopen(fd, "r");
    char *line = NULL;
    size_t cap = 0;
    int n = 0;
    while (in && getline(&line, &cap, in) > 0)
        if (strcmp(line, drop) != 0) n += fputs(line, stderr) >= 0;
    free(line);
    if (in) fclose(in);
    return n;
}

static _Noreturn void exec_program(const char *bin, int bin_fd, char **argv, int err_fd,
                                   int quiet_stdout)
{
    prctl(PR_SET_PDEATHSIG, SIGTERM); /* ctimeit killed: the run stops too */
    dup2(err_fd, 2);
    close(err_fd);
    int null = quiet_stdout ? open("/dev/null", O_WRONLY) : -1;
    if (null >= 0) { /* the table comes from ctimeit; what a statement prints is dropped */
        dup2(null, 1);
        close(null);
    }
    fexecve(bin_fd, argv, environ); /* the file checked (ctimeit_build.h), not what `bin` names */
    fprintf(stderr, "ctimeit: cannot run %s: %s\n", bin, strerror(errno));
    _exit(127);
}

/* Runs the program, its stdout discarded unless `keep_stdout`, its stderr relayed without the
 * line naming the temporary results file (*said: how many other lines).  Its wait status, or
 * -1 with br_error. */
static int run_program(const struct br_ctimeit_build *b, char **argv, int keep_stdout,
                       const char *results, int *said)
{
    int fds[2];
    if (pipe(fds) != 0) return br_error("pipe: %s", strerror(errno));
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(fds[0]);
        close(fds[1]);
        return br_error("fork: %s", strerror(e));
    }
    if (pid == 0) {
        close(fds[0]);
        exec_program(b->bin_path, b->bin_fd, argv, fds[1], !keep_stdout);
    }
    close(fds[1]);
    /* Ctrl-C reaches the program too (one process group): it stops, writes what it measured
     * and exits; ctimeit waits for that and reports it. */
    void (*old_int)(int) = signal(SIGINT, SIG_IGN), (*old_quit)(int) = signal(SIGQUIT, SIG_IGN);
    struct br_strbuf drop;
    br_strbuf_init(&drop);
    br_strbuf_addf(&drop, "benchrun: results saved to %s\n", results);
    *said = relay(fds[0], drop.buf);
    br_strbuf_release(&drop);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) continue;
    signal(SIGINT, old_int);
    signal(SIGQUIT, old_quit);
    return st;
}

/* The exit status ctimeit passes on for the program's wait status. */
static int exit_status(int st)
{
    if (WIFEXITED(st)) return WEXITSTATUS(st);
    fprintf(stderr, "ctimeit: the benchmark program died of signal %d (%s)\n", WTERMSIG(st),
            strsignal(WTERMSIG(st)));
    return 128 + WTERMSIG(st);
}

/* The results file's context: how the statements were built, and the command line. */
static void annotate(struct br_results *r, const struct br_ctimeit_build *b, int argc, char **argv)
{
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    for (int i = 0; i < argc; i++) {
        if (i) br_strbuf_addc(&sb, ' ');
        br_ctimeit_shell_quote(&sb, argv[i]);
    }
    br_results_set(r, "ctimeit_command", sb.buf);
    br_results_set(r, "ctimeit_compiler", b->compiler);
    br_strbuf_reset(&sb);
    br_ctimeit_compile_line(b, &sb);
    br_results_set(r, "ctimeit_compile", sb.buf);
    if (!b->private_cache) /* a private one goes with the run: no path to rerun */
        br_results_set(r, "ctimeit_binary", b->bin_path);
    br_strbuf_release(&sb);
}

/* --out, --save: the results file, announced on stderr. */
static int save(const struct cmdline *c, const struct br_results *r)
{
    char *path = c->o.out ? br_xstrdup(c->o.out) : br_results_out_default_path(), *saved_as;
    if (!path) return -1;
    int rc = br_results_out_save(path, c->o.force, r, &saved_as);
    if (rc == 0 && !c->run_opts.run.quiet)
        fprintf(stderr, "ctimeit: results saved to %s\n", saved_as);
    free(saved_as);
    free(path);
    return rc;
}

/* The table (or CSV, JSON) on stdout, then the summary (on stderr beside CSV and JSON). */
static int report(const struct cmdline *c, const struct br_results *r, char **names)
{
    const struct br_out_format *f = &br_out_formats[c->o.format];
    int console = f->for_eyes;
    if (f->write(stdout, r, console && isatty(1)) < 0) return -1;
    if (!console && c->run_opts.run.quiet) return 0;
    if (console) fputc('\n', stdout);
    return br_ctimeit_summary(console ? stdout : stderr, r, names, c->nstmts);
}

/* The run's results, read back, annotated, reported, then saved: a full disk loses no table.
 * 0; BR_EXIT_NOT_SAVED when the file was not saved (said on stderr); -1 with br_error. */
static int results_of_run(const struct cmdline *c, const struct br_ctimeit_build *b, char **names,
                          const char *path, int argc, char **argv)
{
    struct br_results r;
    int rc = 0;
    if (br_results_read_failed_run(path, &r) < 0) return -1; /* every one failed: say so */
    annotate(&r, b, argc, argv);
    br_ctimeit_order_rows(&r, names, c->nstmts);
    report(c, &r, names); /* a failed standard output: br_stdout_close says why */
    if ((c->o.out || c->o.save) && save(c, &r) < 0) {
        fprintf(stderr, "ctimeit: %s\n", br_errmsg());
        rc = BR_EXIT_NOT_SAVED;
    }
    br_results_release(&r);
    return rc;
}

/* Runs the binary and reports: the program's exit status, or 2. */
static int run_and_report(struct cmdline *c, const struct br_ctimeit_build *b, char **names,
                          const char *tmpdir, int argc, char **argv)
{
    /* the program's own output */
    int passthrough = c->run_opts.list || c->run_opts.sysinfo || c->run_opts.profile;
    struct br_strbuf results;
    br_strbuf_init(&results);
    br_strbuf_addf(&results, "%s/results.csv", tmpdir);
    c->run[0] = b->bin_path;
    if (!passthrough) {
        c->run[c->nrun++] = "--out";
        c->run[c->nrun++] = results.buf;
    }
    int said = 0, st = run_program(b, c->run, passthrough, results.buf, &said);
    int rc = st < 0 ? -1 : exit_status(st);
    if (st >= 0 && !passthrough && access(results.buf, F_OK) == 0) {
        int got = results_of_run(c, b, names, results.buf, argc, argv);
        if (got < 0 || (got && rc <= 1)) rc = got;
        unlink(results.buf);
    } else if (st >= 0 && !passthrough && WIFEXITED(st) &&
               !(said && (rc == 2 || rc == BR_EXIT_NOT_SAVED))) {
        /* A run that stopped before measuring (a bad --filter) said why and exited 2; any
         * other end without results (exit() in a statement, a -d constructor) must not pass
         * for a measurement, nor a 0 for success. */
        fprintf(stderr,
                "ctimeit: the benchmark program exited with status %d and wrote no "
                "results (does a statement, -s or -d call exit()?)\n",
                rc);
        if (rc == 0) rc = 1;
    }
    if (rc < 0) {
        fprintf(stderr, "ctimeit: %s\n", br_errmsg());
        rc = 2;
    }
    br_strbuf_release(&results);
    return rc;
}

/* Finds or compiles the binary, then runs it: the exit status. */
static int build_and_run(struct cmdline *c, const struct br_ctimeit_prog *p, const char *tmpdir,
                         int argc, char **argv)
{
    struct br_ctimeit_build b;
    struct br_ctimeit_outcome out = {0, NULL, 0, NULL};
    int rc = br_ctimeit_build_init(&b, c->o.cc, c->o.cflags, c->o.pkgs.items, c->o.pkgs.n,
                                   c->o.libs.items, c->o.libs.n);
    if (rc == 0 && b.cache_refused)
        fprintf(stderr,
                "ctimeit: warning: cache folder %s is %s: not used, compiling in a private "
                "temporary folder (fix its owner or mode, or set XDG_CACHE_HOME)\n",
                b.cache_dir, b.cache_refused);
    if (rc == 0) rc = br_ctimeit_build(&b, p, tmpdir, &out);
    if (out.replaced)
        fprintf(stderr, "ctimeit: warning: %s was %s, not a program ctimeit built: not run\n",
                b.bin_path, out.replaced);
    if (out.messages && *out.messages) {
        struct br_strbuf told;
        br_strbuf_init(&told);
        br_ctimeit_explain(&told, out.messages, p, (char *[]){b.src_path, b.plain_path, NULL});
        fputs(told.buf, stderr);
        br_strbuf_release(&told);
    }
    if (rc < 0) {
        fprintf(stderr, "ctimeit: %s\n", br_errmsg());
        rc = 2;
    } else if (rc == 1) {
        fprintf(stderr, "ctimeit: the statements did not compile (the program: %s)\n", b.src_path);
        rc = 2;
    } else if (rc == 0) {
        if (out.compiled && !c->run_opts.run.quiet)
            fprintf(stderr, "ctimeit: compiled %s in %.2f s\n", b.bin_path, out.seconds);
        rc = run_and_report(c, &b, p->names, tmpdir, argc, argv);
    }
    free(out.messages);
    br_ctimeit_build_release(&b);
    return rc;
}

static int ctimeit(struct cmdline *c, int argc, char **argv)
{
    struct br_ctimeit_prog p = {c->o.headers.items, c->o.headers.n,    c->o.decls.items,
                                c->o.decls.n,       c->o.setups.items, c->o.setups.n,
                                c->stmts,           c->nstmts,         NULL};
    p.names = br_ctimeit_names(c->stmts, c->nstmts);
    const char *tmp = getenv("TMPDIR");
    struct br_strbuf dir;
    br_strbuf_init(&dir);
    br_strbuf_addf(&dir, "%s/ctimeit.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int rc = 2;
    if (!mkdtemp(dir.buf)) {
        fprintf(stderr, "ctimeit: temporary folder %s: %s\n", dir.buf, strerror(errno));
    } else {
        rc = build_and_run(c, &p, dir.buf, argc, argv);
        rmdir(dir.buf);
    }
    br_ctimeit_names_free(p.names, c->nstmts);
    br_strbuf_release(&dir);
    return rc;
}

int main(int argc, char **argv)
{
    struct cmdline c;
    int rc = 0;
    br_set_progname("ctimeit");
    if (parse_cmdline(&c, argc, argv) < 0) {
        fprintf(stderr, "ctimeit: %s\n", br_errmsg());
        rc = 2;
    } else if (c.o.help) {
        usage(stdout);
    } else if (c.o.version) {
        printf("ctimeit (benchrun) %s\n", PACKAGE_VERSION);
    } else {
        rc = ctimeit(&c, argc, argv);
    }
    cmdline_release(&c);
    return br_stdout_close(rc);
}
