/* Bodies whose working set outgrows a cache, beside bodies that sweep the caches (issue 29,
 * bench/interleave/run.sh).  Interleaved sampling runs the sweepers between the samples of
 * the others: what this suite measures is whether those samples still see warm caches.
 *
 *   ws_chase/768     16 dependent loads per operation, each on a random line of a 768 KiB
 *                    buffer: more than the L1 cache, within this VM's private 1 MiB L2
 *   ws_chase/2048    the same over 2 MiB: more than the L2, within the shared L3
 *   sqlite_select    SELECT by key on an in-memory table of 100,000 rows, random keys
 *                    (built with -DHAVE_SQLITE3; the script does when pkg-config finds it)
 *   sweep_64m        reads one byte a line of 64 KiB per operation, moving on through 64 MiB
 *   scatter_64m      1024 writes per operation to random lines of the same 64 MiB
 *   small_mul_chain  256 dependent multiply-adds: no memory, for the cost of re-warming
 */
#include <bench.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef HAVE_SQLITE3
#include <sqlite3.h>
#endif

enum { LINE = 64, BIG = 64 << 20, ROWS = 100000 };

static uint64_t xorshift(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* ---- pointer chasing: one random cycle through every line of the buffer ---- */

struct chase {
    size_t *next; /* the first word of each line: the index of the next line's first word */
    size_t at;
};

static void chase_setup(bench_t *b)
{
    size_t lines = (size_t)b->arg * 1024 / LINE, stride = LINE / sizeof(size_t);
    struct chase *c = calloc(1, sizeof *c);
    size_t *order = malloc(lines * sizeof *order);
    if (!c || !order || !(c->next = aligned_alloc(4096, lines * LINE))) abort();
    memset(c->next, 0, lines * LINE);
    for (size_t i = 0; i < lines; i++) order[i] = i;
    uint64_t x = 88172645463325252u;
    for (size_t i = lines - 1; i > 0; i--) { /* Fisher-Yates */
        size_t j = (size_t)(xorshift(&x) % (i + 1)), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (size_t i = 0; i < lines; i++) c->next[order[i] * stride] = order[(i + 1) % lines] * stride;
    free(order);
    b->data = c;
}

static void chase_teardown(bench_t *b)
{
    struct chase *c = b->data;
    free(c->next);
    free(c);
}

static const bench_fixture chase_fixture = {chase_setup, chase_teardown, NULL, NULL};

BENCH_F_ARGS(ws_chase, chase_fixture, 768, 2048)
{
    struct chase *c = bench->data;
    size_t at = c->at;
    for (int k = 0; k < 16; k++) at = c->next[at];
    c->at = at;
    bench_keep(at);
}

/* ---- sqlite: the body of issue 29 ---- */
#ifdef HAVE_SQLITE3
struct db {
    sqlite3 *db;
    sqlite3_stmt *sel;
    uint64_t x;
};

static void db_fill(sqlite3 *db)
{
    sqlite3_stmt *ins;
    if (sqlite3_exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, v INTEGER); BEGIN",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO t VALUES(?, ?, ?)", -1, &ins, NULL) != SQLITE_OK)
        abort();
    for (int i = 0; i < ROWS; i++) {
        char name[64];
        snprintf(name, sizeof name, "name-%d-%08x", i, (unsigned)i * 2654435761u);
        sqlite3_bind_int(ins, 1, i);
        sqlite3_bind_text(ins, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(ins, 3, i * 7);
        if (sqlite3_step(ins) != SQLITE_DONE) abort();
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) abort();
}

static void db_setup(bench_t *b)
{
    struct db *d = calloc(1, sizeof *d);
    if (!d || sqlite3_open(":memory:", &d->db) != SQLITE_OK) abort();
    db_fill(d->db);
    if (sqlite3_prepare_v2(d->db, "SELECT v, name FROM t WHERE id = ?", -1, &d->sel, NULL) !=
        SQLITE_OK)
        abort();
    d->x = 1;
    b->data = d;
}

static void db_teardown(bench_t *b)
{
    struct db *d = b->data;
    sqlite3_finalize(d->sel);
    sqlite3_close(d->db);
    free(d);
}

static const bench_fixture db_fixture = {db_setup, db_teardown, NULL, NULL};

BENCH_F(sqlite_select, db_fixture)
{
    struct db *d = bench->data;
    sqlite3_bind_int(d->sel, 1, (int)(xorshift(&d->x) % ROWS));
    if (sqlite3_step(d->sel) != SQLITE_ROW) abort();
    bench_keep(sqlite3_column_int(d->sel, 0));
    sqlite3_reset(d->sel);
}
#endif

/* ---- what runs between: bodies that sweep 64 MiB ---- */

static unsigned char *big;
static size_t big_at;

static void big_setup(bench_t *b)
{
    (void)b;
    if (!big && !(big = malloc(BIG))) abort();
    memset(big, 1, BIG);
}

static const bench_fixture big_fixture = {big_setup, NULL, NULL, NULL};

BENCH_F(sweep_64m, big_fixture)
{
    unsigned s = 0;
    for (size_t i = 0; i < 65536; i += LINE) s += big[big_at + i];
    big_at = (big_at + 65536) % BIG;
    bench_keep(s);
}

BENCH_F(scatter_64m, big_fixture)
{
    static uint64_t x = 1;
    for (int i = 0; i < 1024; i++) big[xorshift(&x) % BIG] += 1;
    bench_clobber();
}

BENCH(small_mul_chain)
{
    uint64_t v = 3;
    for (int i = 0; i < 256; i++) v = v * 2862933555777941757u + 3037000493u;
    bench_keep(v);
}
