/* team.c - threads running one batch together (see team.h). */
#include "measure/team.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "measure/affinity.h"

struct member {
    struct br_team *team;
    bench_t st;
    pthread_t tid;
};

struct br_team {
    int n; /* threads, thread 0 included */
    bench_loop_fn loop;
    struct member *members; /* threads 1 .. n-1 at [0 .. n-2] */
    pthread_mutex_t mu;     /* guards generation, quit, batch */
    pthread_cond_t cv;
    unsigned generation; /* one more per batch: wakes the members */
    int quit;
    uint64_t batch;               /* operations per thread in this batch */
    atomic_int arrived, finished; /* members at the start line, members done */
    atomic_int go;                /* the start line is open */
    int cpu0;                     /* thread 0's CPU when the members were placed */
    int cpus[256], ncpus;         /* where the threads may run (br_affinity_team_cpus) */
};

/* Waiting a moment for other threads: yielding lets a thread that shares this CPU (more threads
 * than CPUs) run, and costs well under a microsecond when none does. */
static void wait_until(atomic_int *v, int want)
{
    while (atomic_load_explicit(v, memory_order_acquire) < want) sched_yield();
}

static void *member_main(void *arg)
{
    struct member *m = arg;
    struct br_team *t = m->team;
    unsigned seen = 0;
    for (;;) {
        pthread_mutex_lock(&t->mu);
        while (t->generation == seen && !t->quit) pthread_cond_wait(&t->cv, &t->mu);
        seen = t->generation;
        int quit = t->quit;
        uint64_t n = t->batch;
        pthread_mutex_unlock(&t->mu);
        if (quit) return NULL;
        atomic_fetch_add_explicit(&t->arrived, 1, memory_order_release);
        wait_until(&t->go, 1);
        t->loop(&m->st, n);
        atomic_fetch_add_explicit(&t->finished, 1, memory_order_release);
    }
}

/* Thread i on the i-th allowed CPU after thread 0's (round-robin). */
static void place(struct br_team *t)
{
    int cpu0 = sched_getcpu(), at = 0;
    t->cpu0 = cpu0;
    if (t->ncpus < 2) return;
    for (int k = 0; k < t->ncpus; k++)
        if (t->cpus[k] == cpu0) at = k;
    for (int i = 1; i < t->n; i++) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(t->cpus[(at + i) % t->ncpus], &set);
        pthread_setaffinity_np(t->members[i - 1].tid, sizeof set, &set);
    }
}

static void stop_members(struct br_team *t, int started)
{
    pthread_mutex_lock(&t->mu);
    t->quit = 1;
    pthread_cond_broadcast(&t->cv);
    pthread_mutex_unlock(&t->mu);
    for (int i = 0; i < started; i++) pthread_join(t->members[i].tid, NULL);
}

static void free_team(struct br_team *t)
{
    pthread_cond_destroy(&t->cv);
    pthread_mutex_destroy(&t->mu);
    free(t->members);
    free(t);
}

int br_team_start(bench_t *st0, int n, bench_loop_fn loop)
{
    struct br_team *t = br_xcalloc(1, sizeof *t);
    t->n = n;
    t->loop = loop;
    t->members = br_xcalloc((size_t)n, sizeof *t->members);
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cv, NULL);
    for (int i = 1; i < n; i++) {
        struct member *m = &t->members[i - 1];
        m->team = t;
        int rc = pthread_create(&m->tid, NULL, member_main, m);
        if (rc != 0) {
            stop_members(t, i - 1);
            free_team(t);
            return br_error("starting thread %d of %d: %s", i, n, strerror(rc));
        }
    }
    t->ncpus = br_affinity_team_cpus(t->cpus, (int)(sizeof t->cpus / sizeof t->cpus[0]));
    place(t);
    st0->harness = t;
    return 0;
}

struct br_team *br_team_of(const bench_t *st0) { return st0->harness; }

const bench_t *br_team_state(const bench_t *st0, int i)
{
    const struct br_team *t = st0->harness;
    BR_ASSERT(i == 0 || (t && i < t->n));
    return i == 0 ? st0 : &t->members[i - 1].st;
}

void br_team_ready(bench_t *st0, uint64_t n)
{
    struct br_team *t = st0->harness;
    if (sched_getcpu() != t->cpu0) place(t); /* steering moved thread 0 */
    for (int i = 1; i < t->n; i++) {
        bench_t *st = &t->members[i - 1].st;
        *st = *st0;
        st->thread_index = i;
        st->harness = NULL;
    }
    atomic_store(&t->arrived, 0);
    atomic_store(&t->finished, 0);
    atomic_store(&t->go, 0);
    pthread_mutex_lock(&t->mu);
    t->batch = n;
    t->generation++;
    pthread_cond_broadcast(&t->cv);
    pthread_mutex_unlock(&t->mu);
    wait_until(&t->arrived, t->n - 1);
}

void br_team_run(bench_t *st0, uint64_t n)
{
    struct br_team *t = st0->harness;
    atomic_store_explicit(&t->go, 1, memory_order_release);
    t->loop(st0, n);
    wait_until(&t->finished, t->n - 1);
}

void br_team_stop(bench_t *st0)
{
    struct br_team *t = st0->harness;
    if (!t) return;
    stop_members(t, t->n - 1);
    free_team(t);
    st0->harness = NULL;
}
