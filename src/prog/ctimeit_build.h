/* ctimeit_build.h - from the generated program to a binary in the cache.
 *
 * Which libbenchrun: the program is compiled with `pkg-config --cflags --libs` of
 *   - the build tree's library (benchrun-uninstalled.pc, written by configure in the build
 *     folder: headers from the source tree, .libs/ of the build tree) when this process is
 *     the build tree's own ./ctimeit, so `make check` tests the code it just built;
 *   - otherwise the installed one (benchrun.pc in the libdir/pkgconfig of the prefix ctimeit
 *     was configured with, searched before PKG_CONFIG_PATH so this ctimeit's own library wins
 *     over another installation); benchrun.pc carries an rpath, so a prefix of any choice runs.
 *
 * The cache: $XDG_CACHE_HOME/ctimeit, or ~/.cache/ctimeit when XDG_CACHE_HOME is unset or not
 * absolute (the XDG rule).  KEY is the binary, KEY.c its source; KEY is a 64-bit FNV-1a hash
 * of everything that decides the binary: the generated program, the compiler command and its
 * `--version`, the flags (given and from pkg-config), the libraries, bench.h's text and
 * ctimeit's version.  A binary is compiled under a temporary name and renamed, so concurrent
 * ctimeits never run a half-written one.  Nothing is ever evicted: delete the folder at will.
 *
 * Trust: the cache holds programs that get run, so whatever sits at a key is run only when it
 * is ours.  The folder must be owned by this user and writable by no one else (as ssh demands
 * of ~/.ssh); when it is not, it is not used (cache_refused says why) and the program is
 * compiled in the run's temporary folder.  The binary is opened without following links and
 * must be a regular file of this user's that no one else may write; anything else at the key
 * is removed and compiled anew.  The descriptor checked is the one run (fexecve).
 */
#ifndef BR_CTIMEIT_BUILD_H
#define BR_CTIMEIT_BUILD_H

#include <stddef.h>

#include "base/strbuf.h"
#include "prog/ctimeit_source.h"

struct br_ctimeit_build {
    const char *cc;     /* compiler command (split by the shell: "ccache gcc" works) */
    const char *cflags; /* the user's flags (split by the shell) */
    char *pkg_cflags;   /* pkg-config --cflags of libbenchrun and the --pkg packages */
    char *pkg_libs;     /* pkg-config --libs of the same */
    char *libs;         /* " -l'z' ..." from -l, then -lm */
    char *compiler;     /* first line of `CC --version` */
    char *bench_h;      /* the text of the bench.h compiled against */
    char *cache_dir;
    char *cache_refused; /* why the cache folder is not used (NULL: it is), see above */
    char *bin_path, *src_path, *plain_path; /* cache_dir/KEY, KEY.c, KEY.plain.c */
    int bin_fd;        /* the binary, opened without following links: run this (fexecve) */
    int private_cache; /* 1: cache_dir is the run's temporary folder, emptied on release */
    int in_tree;       /* 1: the build tree's library */
};

/* Finds the library and the cache folder, runs pkg-config and `CC --version`.  0, or -1 with
 * br_error naming what is missing (a --pkg package, libbenchrun, pkg-config, the compiler). */
int br_ctimeit_build_init(struct br_ctimeit_build *b, const char *cc, const char *cflags,
                          char *const *pkgs, size_t npkgs, char *const *libs, size_t nlibs);
void br_ctimeit_build_release(struct br_ctimeit_build *b);

/* What br_ctimeit_build did. */
struct br_ctimeit_outcome {
    int compiled;         /* 0: the binary came from the cache */
    const char *replaced; /* why the file at the key was not run but removed (a symbolic link,
                             owned by another user, ...), or NULL */
    double seconds;       /* compiling took */
    char *messages;       /* the compiler's output ("" when none); free() it */
};

/* The binary for `p` in b->bin_path: from the cache, or compiled now (`tmpdir` holds the
 * compiler's output meanwhile).  When the compiler says anything, the messages come from a
 * plain compile of the same program (br_ctimeit_generate's BR_CTIMEIT_PLAIN: each user text
 * once, where the kept expressions repeat it) when that one says anything, else from the real
 * compile (a link error, say).  0 ready (b->bin_fd open on it); 1 the statements did not
 * compile; 128 + signal when the compiler was interrupted; -1 with br_error when it could not
 * be run or made no program. */
int br_ctimeit_build(struct br_ctimeit_build *b, const struct br_ctimeit_prog *p,
                     const char *tmpdir, struct br_ctimeit_outcome *out);

/* The compile line without its file names (for the results file's context). */
void br_ctimeit_compile_line(const struct br_ctimeit_build *b, struct br_strbuf *out);

/* Appends `s` single-quoted for /bin/sh. */
void br_ctimeit_shell_quote(struct br_strbuf *out, const char *s);

#endif
