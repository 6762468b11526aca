/* interrupt.h - SIGINT/SIGTERM during a run, and stops (Ctrl-Z).
 *
 * The first signal asks the run to stop: the runner finishes the batch in progress, stops
 * sampling, and the program writes what was measured, marked `# status: interrupted`, then
 * exits 128 + signal.  Signals that arrive within BR_INTERRUPT_SAME_S of the first are the
 * same interruption: a terminal's Ctrl-C and coreutils' `timeout` signal the whole process
 * group, so the program may receive one signal directly and another through its group.  A
 * later signal exits at once with status BR_EXIT_NOT_SAVED, removing the results file being
 * written (if any) so nothing partial is left behind.
 */
#ifndef BR_INTERRUPT_H
#define BR_INTERRUPT_H

/* Seconds within which repeated stop signals count as one interruption. */
#define BR_INTERRUPT_SAME_S 1.0
/* Exit status when the results could not be saved (a second interruption, a full disk). */
#define BR_EXIT_NOT_SAVED 3

/* Installs the handlers for SIGINT, SIGTERM and SIGCONT. */
void br_interrupt_install(void);
/* The signal that asked to stop (SIGINT, SIGTERM), or 0. */
int br_interrupt_pending(void);
/* How many times the run was resumed after a stop (SIGCONT after Ctrl-Z): a wait that spans
 * a stop restarts its timeout, and a sample that spans one is taken again. */
unsigned br_interrupt_resumes(void);
/* The temporary file to remove on a second signal (NULL: none).  The string must outlive it. */
void br_interrupt_set_tmpfile(const char *path);

#endif
