/* interrupt.h - SIGINT/SIGTERM during a run.
 *
 * The first signal asks the run to stop: the runner finishes the batch in progress, stops
 * sampling, and the program writes what was measured, marked `# status: interrupted`, then
 * exits 128 + signal.  A second signal exits at once, removing the results file being written
 * (if any) so nothing partial is left behind.
 */
#ifndef BR_INTERRUPT_H
#define BR_INTERRUPT_H

/* Installs the handlers for SIGINT and SIGTERM. */
void br_interrupt_install(void);
/* The signal that asked to stop (SIGINT, SIGTERM), or 0. */
int br_interrupt_pending(void);
/* The temporary file to remove on a second signal (NULL: none).  The string must outlive it. */
void br_interrupt_set_tmpfile(const char *path);

#endif
