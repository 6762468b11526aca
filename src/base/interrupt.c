/* interrupt.c - stop politely on the first signal, at once on a later one. */
#include "base/interrupt.h"

#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t pending;
static volatile sig_atomic_t resumes;
static struct timespec first; /* when the first signal came */
static const char *volatile tmpfile_path;

/* Only async-signal-safe calls here: clock_gettime, unlink, write, _exit. */
static void on_signal(int sig)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!pending) {
        first = now;
        pending = sig;
        return;
    }
    double since =
        (double)(now.tv_sec - first.tv_sec) + (double)(now.tv_nsec - first.tv_nsec) / 1e9;
    if (since < BR_INTERRUPT_SAME_S) return; /* the same interruption, through the group */
    const char *p = tmpfile_path;
    if (p) unlink(p);
    static const char msg[] = "\ninterrupted again: stopped at once, no results file written\n";
    if (write(2, msg, sizeof msg - 1) < 0) {
    }
    _exit(BR_EXIT_NOT_SAVED);
}

static void on_continue(int sig)
{
    (void)sig;
    resumes++;
}

void br_interrupt_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* No SA_RESTART: a blocking poll()/read() returns EINTR so the runner notices at once. */
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sa.sa_handler = on_continue;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGCONT, &sa, NULL);
}

int br_interrupt_pending(void) { return pending; }

unsigned br_interrupt_resumes(void) { return (unsigned)resumes; }

void br_interrupt_set_tmpfile(const char *path) { tmpfile_path = path; }
