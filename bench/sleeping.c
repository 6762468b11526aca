/* Sleeping: snippets that wait rather than compute.  benchrun measures wall time, so a 1 ms
 * sleep reports about 1 ms (plus the kernel's timer slack), not the ~0 CPU time it uses. */
#include <bench.h>
#include <time.h>

BENCH(sleep_1ms)
{
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
}
