/* serve.h - the worker's end of the protocol (protocol.h): in a forked or exec'd worker
 * process, reads the controller's commands and answers them from a session (session.h), one
 * benchmark per process.  The controller's end is worker.h.
 */
#ifndef BR_SERVE_H
#define BR_SERVE_H

#include <stddef.h>

#include "measure/clock.h"
#include "model/registry.h"

/* The worker's side of the protocol over two file descriptors: greets, then serves LIST or
 * START, SAMPLE, MEMORY and QUIT for one benchmark of `benches` until QUIT or the end of the
 * command stream.
 * Returns 0 after QUIT, -1 when the controller went away or broke the protocol. */
int br_worker_serve(int cmd_fd, int res_fd, const struct br_bench *benches, size_t n,
                    const struct br_clock *clk);

#endif
