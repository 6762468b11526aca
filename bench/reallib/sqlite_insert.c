/* sqlite_insert.c - issue 29's points 3 and 4 on real code: INSERT into an in-memory sqlite3
 * database inside one transaction, as a user's fixture writes it.
 *
 * The database grows with every operation (a row each) and the fixture's teardown closes it,
 * which frees every page: growth by design, not a leak.  sqlite allocates its pages and its
 * B-tree cells as the table fills, so what one operation allocates depends on where in that
 * cycle a batch starts: the allocation counts of two counting batches differ.  Built by
 * `make bench-alloc` (only where pkg-config finds sqlite3): bench/reallib/alloc_sqlite.sh
 * runs it and compares runs of the same binary. */
#include <bench.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

struct db {
    sqlite3 *db;
    sqlite3_stmt *insert;
    long long next; /* the next row's key */
};

static void must(int rc, sqlite3 *db, const char *what)
{
    if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
    fprintf(stderr, "sqlite_insert: %s: %s\n", what, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    exit(1);
}

static void open_db(bench_t *bench)
{
    struct db *d = calloc(1, sizeof *d);
    if (!d) exit(1);
    must(sqlite3_open(":memory:", &d->db), d->db, "open");
    must(sqlite3_exec(d->db, "CREATE TABLE t(k INTEGER PRIMARY KEY, v TEXT); BEGIN", NULL, NULL,
                      NULL),
         d->db, "create");
    must(sqlite3_prepare_v2(d->db, "INSERT INTO t VALUES(?, ?)", -1, &d->insert, NULL), d->db,
         "prepare");
    bench->data = d;
}

static void close_db(bench_t *bench)
{
    struct db *d = bench->data;
    sqlite3_finalize(d->insert);
    must(sqlite3_exec(d->db, "COMMIT", NULL, NULL, NULL), d->db, "commit");
    sqlite3_close(d->db);
    free(d);
}

static const bench_fixture db_fixture = {open_db, close_db, NULL, NULL};

/* One row of a key and a 64-character text. */
BENCH_F(sqlite_insert, db_fixture)
{
    static const char text[] = "the quick brown fox jumps over the lazy dog, again and again ...";
    struct db *d = bench->data;
    sqlite3_bind_int64(d->insert, 1, d->next++);
    sqlite3_bind_text(d->insert, 2, text, (int)sizeof text - 1, SQLITE_STATIC);
    must(sqlite3_step(d->insert), d->db, "insert");
    sqlite3_reset(d->insert);
}
