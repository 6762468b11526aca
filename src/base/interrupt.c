/* interrupt.c - stop politely on the first signal, at once on the second. */
#include "base/interrupt.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t pending;
static const char *volatile tmpfile_path;

static void on_signal(int sig)
{
    if (!pending) {
        pending = sig;
        return;
    }
    /* Second signal: only async-signal-safe calls from here on. */
    const char *p = tmpfile_path;
    if (p) unlink(p);
    signal(sig, SIG_DFL);
    raise(sig);
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
}

int br_interrupt_pending(void) { return pending; }

void br_interrupt_set_tmpfile(const char *path) { tmpfile_path = path; }
